"""``calibrated_compromise``: a bargaining model fitted on DEU III's dev split only.

The model lives with the other bargaining models; :mod:`realpolitik.backtest`
only fits it on DEU III's dev split (``realpolitik.backtest.calibrated``) and
scores it.

Two rules with seven parameters, fitted by least absolute deviations on the
dev split of DEU III (proposals introduced before 2005-07-01):

1. **Dominant position.** If the actors at the c*s weighted median position
   hold at least a share ``tau`` of the total weight c*s, forecast that
   position (a large coalition at one point usually gets it).
2. **Calibrated compromise.** Otherwise forecast ``g(m)``, where ``m`` is the
   compromise model (c*s weighted mean) and ``g`` a non-decreasing
   piecewise-linear map with values ``knot_values`` at ``KNOTS`` = 0, 20, ...,
   100 (it corrects the compromise model's pull toward the middle).

``tau`` is chosen on a grid to minimise the dev MAE of rule 1 against the
plain compromise model; ``g`` is then the LAD fit (a linear programme) on the
remaining dev issues. The candidates considered and their proposal-grouped
cross-validated dev MAE are listed in ``docs/backtest.md``. The fitted
values ship as ``bargaining/data/calibrated_deu3.json``;
:func:`realpolitik.backtest.calibrated.refit_deu3` recreates the file from the data.

Examples
--------
>>> from realpolitik.bargaining.calibrated import forecast
>>> round(forecast([0, 100, 100, 100], [0.5, 0.8, 0.9, 0.7]), 1)
100.0
>>> 0 <= forecast([0, 40, 100], [0.5, 0.5, 0.5]) <= 100
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linprog

from ._validate import as_actor_arrays, check_positive_weight
from ..errors import InputError

__all__ = ["KNOTS", "TAU_GRID", "ISSUE_FEATURES", "CalibratedParams", "PARAMS_PATH", "load_params", "features",
           "predict", "forecast", "fit"]

KNOTS: tuple[float, ...] = (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
TAU_GRID: tuple[float, ...] = tuple(np.round(np.linspace(0.4, 1.0, 25), 4))
PARAMS_PATH = Path(__file__).with_name("data") / "calibrated_deu3.json"


@dataclass(frozen=True)
class CalibratedParams:
    """Fitted parameters and where they came from."""

    tau: float
    knot_values: tuple[float, ...]
    knots: tuple[float, ...] = KNOTS
    fitted_on: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["knot_values"] = list(self.knot_values)
        d["knots"] = list(self.knots)
        return d


def load_params(path: str | Path | None = None) -> CalibratedParams:
    """The shipped (or a given) parameter file."""
    p = Path(path) if path is not None else PARAMS_PATH
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
        params = CalibratedParams(tau=float(raw["tau"]), knot_values=tuple(float(v) for v in raw["knot_values"]),
                                  knots=tuple(float(v) for v in raw["knots"]), fitted_on=dict(raw.get("fitted_on", {})))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{p}: not a calibrated-model parameter file ({exc})") from None
    if len(params.knots) != len(params.knot_values) or np.any(np.diff(params.knots) <= 0):
        raise InputError(f"{p}: knots must increase and match knot_values in length")
    return params


def features(x: np.ndarray, s: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Compromise forecast, weighted median and the weight share at the median.

    Arrays of shape ``(..., n)``; actors with ``c * s == 0`` carry no weight.
    """
    from .baselines import compromise, median_voter

    w = c * s
    mean = np.asarray(compromise(x, s, c), dtype=float)
    med = np.asarray(median_voter(x, s, c), dtype=float)
    at = np.isclose(x, med[..., None], rtol=0.0, atol=1e-9)
    share = (w * at).sum(axis=-1) / w.sum(axis=-1)
    return mean, med, share


def _hat_basis(m: np.ndarray, knots: tuple[float, ...]) -> np.ndarray:
    k = np.asarray(knots, dtype=float)
    m = np.clip(np.asarray(m, dtype=float), k[0], k[-1])
    basis = np.zeros(m.shape + (len(k),))
    j = np.clip(np.searchsorted(k, m, side="right") - 1, 0, len(k) - 2)
    t = (m - k[j]) / (k[j + 1] - k[j])
    np.put_along_axis(basis, j[..., None], (1 - t)[..., None], axis=-1)
    np.put_along_axis(basis, (j + 1)[..., None], t[..., None], axis=-1)
    return basis


def predict(mean: np.ndarray, med: np.ndarray, share: np.ndarray, params: CalibratedParams) -> np.ndarray:
    """Apply the two rules to precomputed :func:`features`."""
    g = _hat_basis(mean, params.knots) @ np.asarray(params.knot_values, dtype=float)
    return np.where(np.asarray(share) >= params.tau - 1e-12, med, g)


#: Issue features :func:`forecast` accepts (for a uniform model signature) and their allowed values.
ISSUE_FEATURES: dict[str, tuple[str | None, ...]] = {"procedure": ("COD", "CNS", None),
                                                     "voting_rule": ("QMV", "unanimity", None)}


def forecast(positions: Any, saliences: Any, capabilities: Any = None, reference: float | None = None, *,
             params: CalibratedParams | None = None, **issue_features: Any) -> float:
    """Forecast one issue with ``calibrated_compromise``.

    Parameters
    ----------
    positions : array_like, shape (n,)
        Positions on a 0-100 scale (the scale the model was fitted on).
    saliences : array_like, shape (n,)
        Saliences in [0, 1].
    capabilities : array_like, shape (n,), optional
        Default equal (the fit used equal capabilities, i.e. salience weights).
    reference : float, optional
        The reference point. Accepted for a uniform model signature; the
        fitted model does not use it (a pull toward it did not help on dev).
    params : CalibratedParams, optional
        Default: the shipped dev-split fit.
    **issue_features
        ``procedure`` ("COD", "CNS" or None) and ``voting_rule`` ("QMV",
        "unanimity" or None), default None. Validated and accepted so that all
        backtest models share one signature; this model does not use them
        (procedure- and voting-rule-aware variants did not improve the dev
        cross-validation, see ``docs/backtest.md``). Any other name is an error.

    Returns
    -------
    float
    """
    x, s, c = as_actor_arrays(positions, saliences, 1.0 if capabilities is None else capabilities,
                              scale=(0.0, 100.0))
    if x.ndim != 1:
        raise InputError(f"positions must be 1-D (one issue), got shape {x.shape}")
    check_positive_weight(c * s)
    if reference is not None and not (np.isfinite(reference) and 0 <= reference <= 100):
        raise InputError(f"reference must be in [0, 100], got {reference!r}")
    for key, value in issue_features.items():
        if key not in ISSUE_FEATURES:
            raise InputError(f"unknown issue feature {key!r}", expected=", ".join(ISSUE_FEATURES))
        if value not in ISSUE_FEATURES[key]:
            raise InputError(f"{key} = {value!r}", expected=" or ".join(str(v) for v in ISSUE_FEATURES[key]))
    p = params if params is not None else load_params()
    mean, med, share = features(x, s, c)
    return float(predict(mean, med, share, p))


def _lad_monotone(m: np.ndarray, y: np.ndarray, knots: tuple[float, ...]) -> np.ndarray:
    # min sum |B v - y| s.t. v non-decreasing, 0 <= v <= 100 (an LP).
    B = _hat_basis(m, knots)
    n, k = B.shape
    cost = np.r_[np.zeros(k), np.ones(2 * n)]
    a_eq = np.hstack([B, np.eye(n), -np.eye(n)])
    a_ub = np.zeros((k - 1, k + 2 * n))
    a_ub[np.arange(k - 1), np.arange(k - 1)] = 1.0
    a_ub[np.arange(k - 1), np.arange(1, k)] = -1.0
    res = linprog(cost, A_ub=a_ub, b_ub=np.zeros(k - 1), A_eq=a_eq, b_eq=y,
                  bounds=[(knots[0], knots[-1])] * k + [(0, None)] * (2 * n), method="highs")
    if not res.success:  # pragma: no cover - the LP is always feasible
        raise InputError(f"calibration fit failed: {res.message}")
    return np.round(res.x[:k], 6)


def fit(mean: np.ndarray, med: np.ndarray, share: np.ndarray, outcome: np.ndarray) -> CalibratedParams:
    """Fit ``tau`` and the calibration map on the rows given (and nothing else)."""
    mean, med, share, y = (np.asarray(a, dtype=float) for a in (mean, med, share, outcome))
    if not (mean.shape == med.shape == share.shape == y.shape) or y.ndim != 1 or y.size < 10:
        raise InputError("fit needs four 1-D arrays of one length (>= 10 issues)")
    errs = [np.abs(np.where(share >= t - 1e-12, med, mean) - y).mean() for t in TAU_GRID]
    tau = float(TAU_GRID[int(np.argmin(errs))])
    rest = share < tau - 1e-12
    values = _lad_monotone(mean[rest], y[rest], KNOTS)
    return CalibratedParams(tau=tau, knot_values=tuple(float(v) for v in values))
