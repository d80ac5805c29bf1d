"""Provenance and status carried by every engine result.

Each engine family returns one frozen result dataclass (``ForecastResult``,
``EquilibriumResult``, ``UncertaintyResult`` ...) holding a :class:`Provenance`
and a :class:`Status`. Engines build them with :func:`make_provenance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ._version import __version__

__all__ = ["Provenance", "Status", "make_provenance"]


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
