"""Thin adapter to the bargaining pillar's engines.

The backtest calls :mod:`realpolitik.bargaining` for every model it scores;
this module names the functions in one place. Where the pillar's function is
missing or fails on valid input, a local fallback with the same definition
is used and recorded in :data:`FALLBACKS_USED` (reported in the protocol).
"""

from __future__ import annotations

from typing import cast

import numpy as np

from ..bargaining import baselines as _bl
from ..errors import InputError

__all__ = ["compromise", "median_voter", "nash_bargaining", "eu_batch", "FALLBACKS_USED"]

FALLBACKS_USED: set[str] = set()

compromise = _bl.compromise
nash_bargaining = _bl.nash_bargaining


def _lower_weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    # Same definition as bargaining.baselines.weighted_median(side="lower").
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-1), axis=-1)
    total = cum[..., -1:]
    idx = np.argmax(cum >= 0.5 * total - 1e-12 * total, axis=-1)
    return np.take_along_axis(xs, idx[..., None], axis=-1)[..., 0]


def median_voter(x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Lower c*s weighted median (the bargaining pillar's ``median_voter``)."""
    try:
        return _bl.median_voter(x, s, c)
    except InputError as exc:
        if "got a scalar" not in str(exc):
            raise
        # bargaining.baselines.weighted_median passes a scalar salience to its
        # own validator, which rejects it; reported to the bargaining pillar.
        FALLBACKS_USED.add("median_voter")
        return _lower_weighted_median(np.asarray(x, float), np.asarray(c, float) * np.asarray(s, float))


def eu_batch(x: np.ndarray, s: np.ndarray, c: np.ndarray, has_data: np.ndarray, *,
             progress=None) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Run the EU model on every row (issue) over the actors with data.

    Issues with the same number of actors go through one vectorised
    :func:`realpolitik.bargaining.run_eu_batch` call (default options: the
    paper's reading, 8 rounds). Returns ``(forecast, mean, median)``: the
    forecast per issue and the per-round c*s weighted mean and median
    trajectories, shape ``(n_issues, rounds + 1)`` (``None`` when there are no rows).
    """
    from ..bargaining import run_eu_batch

    n_act = has_data.sum(axis=1)
    forecast = np.full(len(x), np.nan)
    mean: np.ndarray | None = None
    median: np.ndarray | None = None
    done = 0
    for k in np.unique(n_act):
        rows = np.flatnonzero(n_act == k)
        pick = has_data[rows]
        res = run_eu_batch(x[rows][pick].reshape(len(rows), k), s[rows][pick].reshape(len(rows), k),
                           c[rows][pick].reshape(len(rows), k), scale=(0.0, 100.0))
        if mean is None:
            mean = np.full((len(x), res.mean.shape[1]), np.nan)
            median = np.full_like(mean, np.nan)
        forecast[rows] = res.forecast
        mean[rows] = res.mean
        cast(np.ndarray, median)[rows] = res.median  # set together with mean
        done += len(rows)
        if progress is not None:
            progress(done, len(x))
    return forecast, mean, median
