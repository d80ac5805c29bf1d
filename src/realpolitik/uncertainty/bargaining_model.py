"""A bargaining issue as an uncertainty model: the whole batch in one engine call.

Inputs are the issue's uncertain positions, saliences and capabilities
(leverage, or the actors' raw capability); outputs are the forecasts of the
chosen models, ``bargaining.<issue>.<model>``. The EU model runs through
:func:`realpolitik.bargaining.run_eu_batch` (no Python loop per sample), the
baselines through their batch axes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, cast

import numpy as np

from ..errors import InputError, RealpolitikError
from .models import Model, point_inputs

__all__ = ["BargainingModel", "bargaining_model", "BARGAINING_MODELS", "CYCLES_SUFFIX"]

BARGAINING_MODELS = ("eu", "compromise", "median", "mean", "nbs")
#: Suffix of the boolean output that flags samples whose run ends in a cycle.
CYCLES_SUFFIX = ".cycles"


@dataclass(frozen=True, eq=False)
class BargainingModel(Model):
    """One issue's forecasts over samples of its uncertain numbers.

    Build it with :func:`bargaining_model`. ``bindings`` are
    ``(input name, "position"|"salience"|"capability", actor index)``.
    """

    issue_id: str
    actor_ids: tuple[str, ...]
    positions: np.ndarray
    saliences: np.ndarray
    capabilities: np.ndarray
    scale: tuple[float, float]
    salience_scale: float
    bindings: tuple[tuple[str, str, int], ...]
    inputs: Mapping[str, Any]
    models: tuple[str, ...] = ("eu", "compromise", "median")
    eu_options: Any = None
    capability_basis: str = "leverage"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def arrays(self, columns: Mapping[str, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(n, actors)`` positions, saliences (0-1) and capabilities of each sample."""
        arrs = {"position": np.tile(self.positions, (n, 1)),
                "salience": np.tile(self.saliences, (n, 1)),
                "capability": np.tile(self.capabilities, (n, 1))}
        for name, what, k in self.bindings:
            v = np.asarray(columns[name], dtype=float)
            arrs[what][:, k] = v / self.salience_scale if what == "salience" else v
        return arrs["position"], arrs["salience"], arrs["capability"]

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        from .. import bargaining as B

        x, s, c = self.arrays(columns, n)
        out: dict[str, np.ndarray] = {}
        prefix = f"bargaining.{self.issue_id}"
        for m in self.models:
            if m == "eu":
                res = B.run_eu_batch(x, s, c, scale=self.scale, options=self.eu_options)
                out[f"{prefix}.eu"] = np.array(res.forecast, dtype=float)
                # per sample: did the run end in a cycle (its forecast is then the cycle's mean)
                out[f"{prefix}.eu{CYCLES_SUFFIX}"] = np.array(res.cycles, dtype=bool)
            elif m == "compromise":
                out[f"{prefix}.compromise"] = np.asarray(B.compromise(x, s, c), dtype=float).reshape(n)
            elif m == "median":
                side = cast(Literal["lower", "upper"], getattr(self.eu_options, "median_side", "lower"))
                out[f"{prefix}.median"] = np.asarray(B.median_voter(x, s, c, side=side), dtype=float).reshape(n)
            elif m == "mean":
                out[f"{prefix}.mean"] = np.asarray(B.mean(x), dtype=float).reshape(n)
            elif m == "nbs":
                out[f"{prefix}.nbs"] = np.asarray(B.nash_bargaining(x, s, c, scale=self.scale),
                                                  dtype=float).reshape(n)
        return out

    def warm(self) -> None:
        # one sample at the point values: loads the compiled EU kernel into this process
        try:
            self.evaluate(point_inputs(self.inputs, 1), 1)
        except RealpolitikError:  # the point values need not be valid; the samples say so themselves
            pass

    def options(self) -> dict[str, Any]:
        eu = self.eu_options.to_dict() if self.eu_options is not None and "eu" in self.models else None
        return {"model": "bargaining", "issue": self.issue_id, "models": list(self.models),
                "capability": self.capability_basis, "eu_options": eu}


def bargaining_model(sc: Any, issue_id: str | None = None, *, capability: str = "leverage",
                     models: tuple[str, ...] | list[str] = ("eu", "compromise", "median"),
                     eu_options: Any = None) -> BargainingModel:
    """The :class:`BargainingModel` of one scenario issue.

    Parameters
    ----------
    sc : Scenario
    issue_id : str, optional
        Needed when the scenario has several issues.
    capability : {"leverage", "raw"}
        As in :meth:`Scenario.issue_data`.
    models : sequence of {"eu", "compromise", "median", "mean", "nbs"}
    eu_options : realpolitik.bargaining.EUOptions, optional
    """
    bad = [m for m in models if m not in BARGAINING_MODELS]
    if bad or not models:
        raise InputError(f"unknown bargaining model {bad[0] if bad else '(none given)'!r}",
                         expected="some of " + ", ".join(BARGAINING_MODELS))
    data = sc.issue_data(issue_id, capability=capability)
    issue = sc.issue(data.issue_id)
    uncertain = sc.uncertain_inputs()
    bindings: list[tuple[str, str, int]] = []
    inputs: dict[str, Any] = {}

    def bind(name: str, what: str, k: int) -> None:
        if name in uncertain:
            bindings.append((name, what, k))
            inputs[name] = uncertain[name]

    for k, p in enumerate(issue.positions):
        aid = data.actor_ids[k]
        bind(f"issue.{issue.id}.{aid}.position", "position", k)
        bind(f"issue.{issue.id}.{aid}.salience", "salience", k)
        if capability == "leverage" and p.leverage is not None:
            bind(f"issue.{issue.id}.{aid}.leverage", "capability", k)
        else:
            bind(f"actor.{aid}.capability", "capability", k)
    if "eu" in models and eu_options is None:
        from ..bargaining import EUOptions

        eu_options = EUOptions()
    return BargainingModel(issue_id=issue.id, actor_ids=data.actor_ids, positions=data.positions,
                           saliences=data.saliences, capabilities=data.capabilities,
                           scale=(data.scale_min, data.scale_max), salience_scale=float(issue.salience_scale),
                           bindings=tuple(bindings), inputs=inputs, models=tuple(models),
                           eu_options=eu_options, capability_basis=capability)
