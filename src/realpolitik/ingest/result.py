"""The frozen result of reading one article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._result import Provenance, readable_repr

__all__ = ["IngestResult"]


@readable_repr
@dataclass(frozen=True)
class IngestResult:
    """What ingestion found in one article, every item with its span in :attr:`text`.

    ``data`` holds the JSON contract of ``realpolitik ingest --json`` (see
    docs/ingest.md); the DataFrame properties are views of it.
    """

    text: str
    data: dict[str, Any]
    warnings: tuple[str, ...] = ()
    provenance: Provenance | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        d = self.data
        return [(k, len(d[k])) for k in ("actors", "persons", "sources", "dates", "quotes", "stances")] + [
            ("languages", d["languages"]), ("warnings", len(self.warnings))]

    def to_json(self) -> dict[str, Any]:
        """The JSON contract (a deep copy), warnings included."""
        import copy

        out = copy.deepcopy(self.data)
        out["warnings"] = list(self.warnings)
        return out

    @property
    def mentions(self):
        """One row per actor or person mention: kind, id/name, text, start, end."""
        import pandas as pd

        rows = [{"kind": "actor", "id": a["id"], "name": a["name"], "text": m["text"], "start": m["start"],
                 "end": m["end"], "via": m.get("via", "name")} for a in self.data["actors"] for m in a["mentions"]]
        rows += [{"kind": "person", "id": p["actor"], "name": p["name"], "text": m["text"], "start": m["start"],
                  "end": m["end"], "via": "person"} for p in self.data["persons"] for m in p["mentions"]]
        cols = ["kind", "id", "name", "text", "start", "end", "via"]
        return pd.DataFrame(rows, columns=cols).sort_values("start", kind="stable").reset_index(drop=True)

    @property
    def sources(self):
        import pandas as pd

        cols = ["n", "title", "url", "publisher", "language", "published", "accessed", "ibid_of"]
        return pd.DataFrame([{c: s.get(c) for c in cols} for s in self.data["sources"]], columns=cols)

    @property
    def quotes(self):
        import pandas as pd

        cols = ["text", "speaker", "actor", "source", "start", "end"]
        return pd.DataFrame([{c: q.get(c) for c in cols} for q in self.data["quotes"]], columns=cols)

    @property
    def stances(self):
        import pandas as pd

        cols = ["from", "to", "type", "sentence"]
        return pd.DataFrame([{c: s.get(c) for c in cols} for s in self.data["stances"]], columns=cols)
