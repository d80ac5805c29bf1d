"""What the runner evaluates: a *model* maps named input arrays to named outputs.

A model declares its uncertain inputs (name -> distribution, ordered) and
evaluates a whole batch at once: ``evaluate({name: array(n)}, n) -> {output:
array(n)}``. Numeric outputs are float arrays; discrete outputs (an
equilibrium path, "Belarus enters") are arrays of ``str`` or ``bool``.
Models must be picklable (module-level classes and functions) so the process
and Dask backends can ship them to workers, and deterministic given their
inputs: all randomness lives in the sampling design.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from ..errors import InputError

__all__ = ["Model", "FunctionModel", "CompositeModel", "point_inputs", "is_discrete"]


class Model:
    """Base class of the runner's models (see the module docstring)."""

    #: Ordered name -> distribution of every uncertain input the model reads.
    inputs: Mapping[str, Any]
    #: Rows per chunk on the local backend: small enough for a live progress bar.
    chunk_hint: int = 10_000

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:  # pragma: no cover
        raise NotImplementedError

    def options(self) -> dict[str, Any]:
        """Engine options recorded in provenance."""
        return {}

    def warm(self) -> None:
        """Build what the model caches per process (compiled kernels, compiled games) now.

        The process backend calls it before forking its workers so that they inherit the
        work instead of each repeating it. It must not change any output.
        """

    @property
    def output_names(self) -> tuple[str, ...]:
        """Names of the outputs (evaluates once at the point values)."""
        return tuple(self.evaluate(point_inputs(self.inputs, 1), 1))


def point_inputs(inputs: Mapping[str, Any], n: int = 1,
                 overrides: Mapping[str, np.ndarray | float] | None = None) -> dict[str, np.ndarray]:
    """Columns with every input at its point value (``n`` rows), some overridden."""
    cols = {name: np.full(n, float(dist.point)) for name, dist in inputs.items()}
    for name, value in (overrides or {}).items():
        if name not in cols:
            raise InputError(f"unknown input {name!r}", expected="one of " + ", ".join(inputs))
        cols[name] = np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy()
    return cols


def is_discrete(values: np.ndarray) -> bool:
    """Discrete outputs are bool or string/object arrays; numbers are numeric."""
    return values.dtype == bool or values.dtype.kind in ("U", "S", "O")


@dataclass(frozen=True, eq=False)
class FunctionModel(Model):
    """A vectorised function of named inputs.

    ``func(columns) -> {output: array}`` must be a module-level function when
    the process or Dask backend is used.

    Examples
    --------
    >>> from realpolitik.scenario import Uniform
    >>> def f(c): return {"y": 2 * c["x"]}
    >>> m = FunctionModel(f, {"x": Uniform(dist="uniform", low=0, high=1)})
    >>> m.output_names
    ('y',)
    """

    func: Callable[[Mapping[str, np.ndarray]], Mapping[str, np.ndarray]]
    inputs: Mapping[str, Any]
    name: str = "function"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        out = self.func(columns)
        return {k: np.broadcast_to(np.asarray(v), (n,)) for k, v in out.items()}

    def options(self) -> dict[str, Any]:
        return {"model": self.name, **dict(self.extra)}


@dataclass(frozen=True, eq=False)
class CompositeModel(Model):
    """Several models over one design; their outputs are merged (names must differ)."""

    parts: tuple[Model, ...]

    @property
    def inputs(self) -> dict[str, Any]:  # type: ignore[override]
        merged: dict[str, Any] = {}
        for p in self.parts:
            for name, dist in p.inputs.items():
                merged.setdefault(name, dist)
        return merged

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for p in self.parts:
            res = p.evaluate({k: columns[k] for k in p.inputs}, n)
            clash = set(res) & set(out)
            if clash:
                raise InputError(f"two models produce the output {sorted(clash)[0]!r}")
            out.update(res)
        return out

    def options(self) -> dict[str, Any]:
        return {"parts": [p.options() for p in self.parts]}

    def warm(self) -> None:
        for p in self.parts:
            warm = getattr(p, "warm", None)  # parts need not subclass Model
            if callable(warm):
                warm()

    @property
    def chunk_hint(self) -> int:  # type: ignore[override]
        return min(p.chunk_hint for p in self.parts)
