"""Provenance and status carried by every engine result.

Each engine family returns one frozen result dataclass (``ForecastResult``,
``EquilibriumResult``, ``UncertaintyResult`` ...) holding a :class:`Provenance`
and a :class:`Status`. Engines build them with :func:`make_provenance`.

:func:`readable_repr` gives a result class (and the ``Scenario``) a short
``__repr__`` and a small ``_repr_html_`` table for notebooks, from the
``(name, value)`` pairs of its ``_repr_fields()`` method: the id or engine, the
key numbers and the status, never whole arrays or frames.

>>> from dataclasses import dataclass
>>> @readable_repr
... @dataclass(frozen=True)
... class Demo:
...     values: tuple
...     def _repr_fields(self):
...         return [("n", len(self.values)), ("mean", sum(self.values) / len(self.values)), ("status", "ok")]
>>> Demo(tuple(range(10_000)))
Demo(n=10000, mean=5000, status=ok)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, TypeVar

from ._version import __version__

__all__ = ["Provenance", "Status", "make_provenance", "readable_repr", "short_value", "status_text"]


@dataclass(frozen=True)
class Provenance:
    """What produced a result: engine name, its options, the seed and versions."""

    engine: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    version: str = __version__
    scenario_digest: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "parameters": dict(self.parameters),
            "seed": self.seed,
            "version": self.version,
            "scenario_digest": self.scenario_digest,
        }


@dataclass(frozen=True)
class Status:
    """How a computation ended."""

    converged: bool = True
    iterations: int = 0
    warnings: tuple[str, ...] = ()
    message: str = "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "converged": self.converged,
            "iterations": self.iterations,
            "warnings": list(self.warnings),
            "message": self.message,
        }


def make_provenance(engine: str, parameters: Mapping[str, Any] | None = None, *,
                    seed: int | None = None, scenario_digest: str | None = None) -> Provenance:
    """Build a Provenance with the package version filled in."""
    return Provenance(engine=engine, parameters=dict(parameters or {}), seed=seed,
                      scenario_digest=scenario_digest)


# -- notebook reprs ---------------------------------------------------------------------------------
_T = TypeVar("_T")
#: Longest one-line repr; longer values are cut with an ellipsis.
REPR_WIDTH = 160


def short_value(v: Any, width: int = 48) -> str:
    """A value as a few characters: numbers to 4 significant digits, long text cut, collections counted.

    >>> short_value(0.0123456), short_value(("a", "b")), short_value(list(range(100))), short_value(None)
    ('0.01235', 'a, b', '100 items', '—')
    """
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, int):
        return str(v)
    shape = getattr(v, "shape", None)
    if shape is not None and not isinstance(v, (str, bytes)):  # arrays and frames: their shape only
        return "×".join(str(k) for k in shape) + " " + type(v).__name__
    if isinstance(v, (list, tuple, set, frozenset)):
        items = list(v)
        if len(items) <= 4 and all(isinstance(x, (str, int, float)) for x in items):
            text = ", ".join(short_value(x, width) for x in items)
            if len(text) <= width:
                return text
        return f"{len(items)} items"
    if isinstance(v, Mapping):
        return f"{len(v)} entries"
    text = " ".join(str(v).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def status_text(status: Status | None) -> str:
    """``ok``, ``not converged`` and the number of warnings, in a few words."""
    if status is None:
        return "—"
    out = "ok" if status.converged else "not converged"
    if status.warnings:
        out += f", {len(status.warnings)} warning{'s' if len(status.warnings) != 1 else ''}"
    return out


def _fields(obj: Any) -> list[tuple[str, str]]:
    return [(str(k), short_value(v)) for k, v in obj._repr_fields()]


def _short_repr(self: Any) -> str:
    text = f"{type(self).__name__}(" + ", ".join(f"{k}={v}" for k, v in _fields(self)) + ")"
    return text if len(text) <= REPR_WIDTH else text[: REPR_WIDTH - 2] + "…)"


def _html_repr(self: Any) -> str:
    import html

    e = html.escape
    rows = "".join(f"<tr><th style=\"text-align:left\">{e(k)}</th><td style=\"text-align:left\">{e(v)}</td></tr>"
                   for k, v in _fields(self))
    return (f"<table class=\"realpolitik-result\"><caption style=\"text-align:left\"><b>{e(type(self).__name__)}"
            f"</b></caption>{rows}</table>")


def readable_repr(cls: type[_T]) -> type[_T]:
    """Class decorator: a short ``__repr__`` and an HTML table ``_repr_html_`` from ``_repr_fields()``.

    Apply it above ``@dataclass`` (whose generated ``__repr__`` it replaces) or to a pydantic
    model; ``cls`` must define ``_repr_fields(self) -> list[tuple[str, Any]]``.
    """
    if not callable(getattr(cls, "_repr_fields", None)):
        raise TypeError(f"{cls.__name__} needs a _repr_fields() method for readable_repr")
    setattr(cls, "__repr__", _short_repr)
    setattr(cls, "_repr_html_", _html_repr)
    return cls

