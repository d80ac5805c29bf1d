"""The served directory: which scenarios the explorer may read, and where "Save as…" may write.

A scenario is named in URLs by a *ref*: a catalogue id (``belarus-2022``) or a
file name relative to the served directory ending in ``.yaml``, ``.yml`` or
``.json``. A ref that is absolute, climbs out (``..``), holds a backslash, a
NUL or a drive colon is malformed (400); one that reaches a symbolic link, a
file outside the directory or nothing is not found (404). Files are read
through the scenario's own size limit and safe YAML loader; nothing is ever
written outside the directory, and "Save as…" never replaces a file.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import RealpolitikError
from .state import Base, _set, make_base

__all__ = ["Refused", "ServedDir", "MAX_SCENARIO_BYTES", "SUFFIXES", "NAME_RE"]

SUFFIXES = (".yaml", ".yml", ".json")
#: A scenario read or uploaded by the explorer is at most this large.
MAX_SCENARIO_BYTES = 1024 * 1024
#: A name "Save as…" accepts (no folders: the copy goes beside the served scenarios).
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class Refused(Exception):
    """A ref or name the explorer will not touch: ``status`` is the HTTP status (400 or 404)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Entry:
    ref: str
    title: str
    origin: str  # "served" | "catalogue"
    error: str = ""


class ServedDir:
    """Scenario refs inside ``root`` and the built-in catalogue; bases cached by file state."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(os.path.realpath(root))
        if not self.root.is_dir():
            raise RealpolitikError(f"{root}: not a folder", expected="a folder of scenarios to serve")
        self._cache: dict[str, tuple[Any, Base]] = {}
        self._lock = threading.Lock()

    # -- refs --------------------------------------------------------------------------------------
    def path_of(self, ref: str) -> Path:
        """The file a served ref names (only regular files inside root, no link on the way)."""
        if (not ref or "\x00" in ref or "\\" in ref or ":" in ref or ref.startswith(("/", "~"))
                or len(ref) > 255):
            raise Refused(400, "a scenario is named by a file name inside the served folder")
        parts = ref.split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise Refused(400, "a scenario name may not climb out of the served folder")
        if not ref.lower().endswith(SUFFIXES):
            raise Refused(404, f"no scenario {ref!r}")
        p = self.root
        for part in parts:
            p = p / part
            try:
                st = os.lstat(p)
            except OSError:
                raise Refused(404, f"no scenario {ref!r}") from None
            if stat.S_ISLNK(st.st_mode):
                raise Refused(404, f"no scenario {ref!r} (symbolic links are not followed)")
        if not stat.S_ISREG(st.st_mode):
            raise Refused(404, f"no scenario {ref!r}")
        real = Path(os.path.realpath(p))
        if self.root not in real.parents:
            raise Refused(404, f"no scenario {ref!r}")
        return real

    def base(self, ref: str) -> Base:
        """The loaded base of ``ref`` (a served file, else a catalogue id); ``Refused`` if none."""
        from .. import catalog
        from ..scenario.io import decode_utf8, loads_scenario
        from ..scenario.yamlsafe import read_yaml

        if ref.lower().endswith(SUFFIXES) or "/" in ref:
            p = self.path_of(ref)
            st = p.stat()
            stamp: Any = (st.st_mtime_ns, st.st_size)
            if st.st_size > MAX_SCENARIO_BYTES:
                raise Refused(400, f"{ref} is over the {MAX_SCENARIO_BYTES:,}-byte limit of the explorer")
            with self._lock:
                hit = self._cache.get(ref)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            with open(p, "rb") as fh:
                raw = fh.read(MAX_SCENARIO_BYTES + 1)
            if len(raw) > MAX_SCENARIO_BYTES:
                raise Refused(400, f"{ref} is over the {MAX_SCENARIO_BYTES:,}-byte limit of the explorer")
            text = decode_utf8(raw, ref)
            name = ref
        else:
            if ref not in catalog.ids():
                raise Refused(404, f"no scenario {ref!r} in the served folder or the catalogue")
            stamp = "catalogue"
            with self._lock:
                hit = self._cache.get(ref)
            if hit is not None:
                return hit[1]
            text = catalog.text(ref)
            name = f"catalog:{ref}.yaml"
        sc = loads_scenario(text, file=name)  # raises ScenarioError: shown on the page
        data, pm = read_yaml(text, name)
        b = make_base(ref, data, pm, sc, text)
        with self._lock:
            self._cache[ref] = (stamp, b)
        return b

    def entries(self) -> list[Entry]:
        """Scenarios in the served folder (top level, no links), then the catalogue."""
        from .. import catalog

        out: list[Entry] = []
        try:
            names = sorted(os.listdir(self.root))
        except OSError:
            names = []
        for name in names:
            if not name.lower().endswith(SUFFIXES) or name.startswith("."):
                continue
            try:
                b = self.base(name)
                out.append(Entry(ref=name, title=b.scenario.metadata.title, origin="served"))
            except Refused:
                continue
            except RealpolitikError as exc:
                out.append(Entry(ref=name, title=name, origin="served", error=str(exc).split("\n")[0][:300]))
        for cid in catalog.ids():
            out.append(Entry(ref=cid, title=catalog.get(cid).metadata.title, origin="catalogue"))
        return out

    # -- saving ------------------------------------------------------------------------------------
    def _target(self, name: str) -> tuple[str, Path]:
        name = name.strip()
        if not name.lower().endswith(SUFFIXES):
            name += ".yaml"
        if not NAME_RE.match(name) or ".." in name:
            raise Refused(400, "a name of letters, digits, '.', '_' and '-' (no folders), e.g. my-copy.yaml")
        target = self.root / name
        if os.path.lexists(target):
            raise Refused(400, f"{name} already exists in the served folder: choose another name")
        return name, target

    def add_file(self, name: str, raw: bytes) -> str:
        """An uploaded scenario: validated with the scenario loader, then written as a new file; its ref."""
        from .._io import write_atomic
        from ..scenario.io import decode_utf8, loads_scenario

        if len(raw) > MAX_SCENARIO_BYTES:
            raise Refused(413, f"the file is over the {MAX_SCENARIO_BYTES:,}-byte limit")
        name, target = self._target(os.path.basename(name.replace("\\", "/")))
        text = decode_utf8(raw, name)
        loads_scenario(text, file=name)  # ScenarioError: shown to the uploader, nothing written
        write_atomic(target, text)
        return name

    def save_as(self, base: Base, edits: Mapping[str, float], name: str) -> str:
        """Write ``base`` with ``edits`` as a new file ``name`` in root; the new ref.

        The original's comments and layout are kept (ruamel round trip); the copy's metadata id
        becomes the file's stem where that is a valid id. The text is validated before it is
        written atomically; an existing name is refused.
        """
        import io

        from ruamel.yaml import YAML

        from .._io import write_atomic
        from ..scenario.io import loads_scenario

        name, target = self._target(name)
        yaml = YAML()  # round trip: comments, key order and flow style kept
        yaml.preserve_quotes = True
        yaml.width = 4096
        doc = yaml.load(base.text)
        for key, x in edits.items():
            f = base.by_key[key]
            _set(doc, f.path, f, x)
        stem = name.rsplit(".", 1)[0]
        if isinstance(doc.get("metadata"), dict) and _ID_RE.match(stem):
            doc["metadata"]["id"] = stem
        buf = io.StringIO()
        yaml.dump(doc, buf)
        text = buf.getvalue()
        if len(text.encode("utf-8")) > MAX_SCENARIO_BYTES:
            raise Refused(400, f"the scenario would be over the {MAX_SCENARIO_BYTES:,}-byte limit")
        loads_scenario(text, file=name)  # the copy must load as it will be read
        write_atomic(target, text)
        return name
