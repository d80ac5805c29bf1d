"""Run the bargaining models on one scenario issue (an ``IssueData``).

A thin adapter between the scenario model and the engines, used by the CLI
and the report: it reads the plain arrays off the issue and returns one
frozen :class:`IssueForecasts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Literal, Mapping

import numpy as np

from ..errors import InputError
from . import baselines as bl
from .eu import ForecastResult, run_eu
from .options import EUOptions

__all__ = ["MODELS", "BaselineForecast", "IssueForecasts", "forecast_issue"]

#: Model names accepted by :func:`forecast_issue` (``"eu"`` plus baselines).
MODELS = ("eu", "compromise", "median", "nbs", "mean", "salience_mean", "median_upper", "nbs_linear",
          "status_quo", "calibrated_compromise")


@dataclass(frozen=True)
class BaselineForecast:
    """One baseline's forecast and what it is."""

    name: str
    forecast: float
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {"forecast": self.forecast, "description": self.description}


@dataclass(frozen=True)
class IssueForecasts:
    """All requested models on one issue."""

    issue_id: str
    scale: tuple[float, float]
    capability_basis: str
    eu: ForecastResult | None
    baselines: Mapping[str, BaselineForecast]

    def forecasts(self) -> dict[str, float]:
        out = {} if self.eu is None else {"eu": self.eu.forecast}
        out.update({k: v.forecast for k, v in self.baselines.items()})
        return out


def forecast_issue(issue: Any, *, models: Iterable[str] = ("eu", "compromise", "median", "nbs"),
                   options: EUOptions | None = None, scenario_digest: str | None = None,
                   nbs_loss_power: Literal[1, 2] = 2) -> IssueForecasts:
    """Forecast one issue with the chosen models.

    Parameters
    ----------
    issue : IssueData
        From ``Scenario.issue_data(...)`` (anything with the same fields).
    models : iterable of str
        Names from :data:`MODELS`. ``"nbs"`` uses the worst point of the
        scale as each actor's disagreement point (no reference point) and
        loss power ``nbs_loss_power``; ``"nbs_linear"`` loss power 1.
    options : EUOptions, optional
        Rules of the EU model.
    """
    models = tuple(models)
    bad = [m for m in models if m not in MODELS]
    if bad:
        raise InputError(f"unknown model(s) {', '.join(bad)}", expected=f"one of {', '.join(MODELS)}")
    x = np.asarray(issue.positions, dtype=float)
    s = np.asarray(issue.saliences, dtype=float)
    c = np.asarray(issue.capabilities, dtype=float)
    scale = (float(issue.scale_min), float(issue.scale_max))
    eu = None
    if "eu" in models:
        eu = run_eu(x, s, c, scale=scale, options=options, actor_ids=issue.actor_ids,
                    scenario_digest=scenario_digest)
    out: dict[str, BaselineForecast] = {}

    def add(name: str, value: float, text: str) -> None:
        out[name] = BaselineForecast(name, float(value), text)

    for m in models:
        if m == "compromise":
            add(m, bl.compromise(x, s, c), "capability x salience weighted mean")
        elif m == "median":
            add(m, bl.median_voter(x, s, c, "lower"), "capability x salience weighted median (lower)")
        elif m == "median_upper":
            add(m, bl.median_voter(x, s, c, "upper"), "capability x salience weighted median (upper)")
        elif m == "nbs":
            add(m, bl.nash_bargaining(x, s, c, scale=scale, loss_power=nbs_loss_power),
                f"Nash bargaining, weights c*s, loss |x - x_i|^{nbs_loss_power}, disagreement = worst point")
        elif m == "nbs_linear":
            add(m, bl.nash_bargaining(x, s, c, scale=scale, loss_power=1),
                "Nash bargaining, weights c*s, loss |x - x_i|, disagreement = worst point")
        elif m == "mean":
            add(m, bl.mean(x), "unweighted mean")
        elif m == "salience_mean":
            add(m, bl.salience_weighted_mean(x, s), "salience weighted mean")
        elif m == "calibrated_compromise":
            add(m, _calibrated(x, s, c, scale), "DEU-calibrated compromise (fitted on DEU III dev issues; "
                "the issue is mapped to 0-100 and back)")
        elif m == "status_quo" and issue.status_quo is not None:
            add(m, float(issue.status_quo), "status quo")
    return IssueForecasts(issue_id=str(issue.issue_id), scale=scale,
                          capability_basis=str(getattr(issue, "capability_basis", "")), eu=eu,
                          baselines=MappingProxyType(out))


def _calibrated(x: np.ndarray, s: np.ndarray, c: np.ndarray, scale: tuple[float, float]) -> float:
    """The DEU-fitted model on any scale: it was fitted on DEU's 0-100 scale."""
    from .calibrated import forecast as calibrated_forecast

    lo, hi = scale
    span = hi - lo
    y = calibrated_forecast(100.0 * (x - lo) / span, s, c)
    return lo + span * y / 100.0
