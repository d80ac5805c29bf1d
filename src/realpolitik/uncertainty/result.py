"""``UncertaintyResult``: samples, summaries and provenance of one Monte Carlo run."""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._io import write_atomic
from .._result import Provenance, Status, readable_repr, status_text
from ..errors import InputError
from .models import is_discrete

__all__ = ["UncertaintyResult", "wilson_interval", "summarise", "QUANTILES", "Z95"]

#: Quantile levels reported for every numeric output.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Two-sided 95 % standard normal quantile.
Z95 = 1.959963984540054


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion ``count / n``.

    Unlike the Wald interval it stays inside [0, 1] and is sensible at 0 and
    ``n`` (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it).

    >>> lo, hi = wilson_interval(0, 100)
    >>> lo, round(hi, 4)
    (0.0, 0.037)
    """
    if n <= 0:
        raise InputError(f"need at least one sample for an interval, got n={n}")
    p = count / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # At 0 or n the exact bound is 0 or 1; the formula gets it only up to rounding.
    lo = 0.0 if count == 0 else max(0.0, centre - half)
    hi = 1.0 if count == n else min(1.0, centre + half)
    return (lo, hi)


def summarise(samples: pd.DataFrame, outputs: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quantile table of numeric outputs and probability table of discrete ones."""
    qrows, prows = [], []
    n = len(samples)
    for name in outputs:
        col = samples[name].to_numpy()
        if is_discrete(col):
            values, counts = np.unique(col.astype(str) if col.dtype != bool else col, return_counts=True)
            order = np.lexsort((values.astype(str), -counts))
            for k in order:
                lo, hi = wilson_interval(int(counts[k]), n)
                prows.append({"output": name, "outcome": _plain(values[k]), "count": int(counts[k]),
                              "p": counts[k] / n, "lo": lo, "hi": hi})
        else:
            x = col.astype(float)
            finite = x[np.isfinite(x)]
            row: dict[str, Any] = {"output": name, "n_finite": int(finite.size)}
            if finite.size:
                row.update(mean=float(finite.mean()), sd=float(finite.std(ddof=1)) if finite.size > 1 else 0.0,
                           min=float(finite.min()), max=float(finite.max()))
                for q, v in zip(QUANTILES, np.quantile(finite, QUANTILES)):
                    row[f"q{q:g}"] = float(v)
            qrows.append(row)
    qcols = ["output", "n_finite", "mean", "sd", "min"] + [f"q{q:g}" for q in QUANTILES] + ["max"]
    quant = pd.DataFrame(qrows, columns=qcols).set_index("output")
    probs = pd.DataFrame(prows, columns=["output", "outcome", "count", "p", "lo", "hi"])
    return quant, probs


def _plain(v: Any) -> Any:
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.str_):
        return str(v)
    return v


@readable_repr
@dataclass(frozen=True)
class UncertaintyResult:
    """One Monte Carlo run over a scenario's (or model's) uncertain inputs.

    Attributes
    ----------
    samples : pandas.DataFrame
        One row per sample (index ``sample``): the inputs, then the outputs.
    input_names, output_names : tuple of str
    quantiles : pandas.DataFrame
        Per numeric output (index): ``n_finite, mean, sd, min, q0.05, q0.25,
        q0.5, q0.75, q0.95, max``.
    probabilities : pandas.DataFrame
        Per discrete output and outcome: ``output, outcome, count, p, lo,
        hi`` where ``[lo, hi]`` is the 95 % Wilson interval; most likely
        outcome first.
    provenance : Provenance
        ``engine="uncertainty.simulate"``; ``parameters`` hold ``n, sampler,
        backend, chunk_size, correlation, model`` (engine options); ``seed``;
        ``scenario_digest``.
    status : Status
    """

    samples: pd.DataFrame
    input_names: tuple[str, ...]
    output_names: tuple[str, ...]
    quantiles: pd.DataFrame
    probabilities: pd.DataFrame
    provenance: Provenance
    status: Status

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("engine", self.provenance.engine), ("samples", self.n), ("inputs", len(self.input_names)),
                ("outputs", self.output_names), ("seed", self.provenance.seed), ("status", status_text(self.status))]

    @property
    def n(self) -> int:
        return len(self.samples)

    def probability(self, output: str, outcome: Any) -> tuple[float, float, float]:
        """``(p, lo, hi)`` of one outcome of a discrete output (0 if never seen)."""
        if output not in self.output_names:
            raise InputError(f"no output {output!r}", expected="one of " + ", ".join(self.output_names))
        rows = self.probabilities[(self.probabilities.output == output)
                                  & (self.probabilities.outcome.astype(str) == str(outcome))]
        if rows.empty:
            lo, hi = wilson_interval(0, self.n)
            return (0.0, lo, hi)
        r = rows.iloc[0]
        return (float(r.p), float(r.lo), float(r.hi))

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of ``realpolitik simulate --json``."""
        outputs: dict[str, Any] = {}
        for name in self.output_names:
            if name in self.quantiles.index:
                r = self.quantiles.loc[name]
                outputs[name] = {
                    "kind": "numeric",
                    "mean": _num(r["mean"]), "sd": _num(r["sd"]),
                    "min": _num(r["min"]), "max": _num(r["max"]),
                    "quantiles": {f"{q:g}": _num(r[f"q{q:g}"]) for q in QUANTILES},
                }
            else:
                rows = self.probabilities[self.probabilities.output == name]
                outputs[name] = {
                    "kind": "discrete",
                    "outcomes": [{"value": _plain(r.outcome), "count": int(r["count"]), "p": float(r.p),
                                  "ci95": [float(r.lo), float(r.hi)]} for _, r in rows.iterrows()],
                }
        params = dict(self.provenance.parameters)
        return {
            "n": self.n,
            "seed": self.provenance.seed,
            "sampler": params.get("sampler"),
            "backend": params.get("backend"),
            "inputs": list(self.input_names),
            "outputs": outputs,
            "provenance": self.provenance.to_dict(),
            "status": self.status.to_dict(),
        }

    def parquet_bytes(self) -> bytes:
        """The samples as Parquet, provenance in the file's key-value metadata."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(self.samples, preserve_index=True)
        meta = dict(table.schema.metadata or {})
        meta[b"realpolitik"] = json.dumps({"provenance": self.provenance.to_dict(),
                                           "inputs": list(self.input_names),
                                           "outputs": list(self.output_names)}, default=str).encode()
        table = table.replace_schema_metadata(meta)
        buf = io.BytesIO()
        pq.write_table(table, buf)
        return buf.getvalue()

    def to_parquet(self, path: str | Path) -> None:
        """Write :meth:`parquet_bytes` to ``path`` atomically (temp file, then rename)."""
        write_atomic(Path(path), self.parquet_bytes())


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


