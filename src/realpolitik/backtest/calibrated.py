"""Fitting ``calibrated_compromise`` on DEU III (dev split only) and forecasting DEU issues.

The model itself (its rules, :func:`fit` on plain arrays, the shipped
parameters) lives in :mod:`realpolitik.bargaining.calibrated`; this module
holds what needs the DEU data: :func:`fit_deu3` (test rows dropped before
anything is computed), the proposal-grouped :func:`cross_validate`,
:func:`refit_deu3` (rewrites the shipped parameter file) and
:func:`predict_deu`. The model's names are re-exported for convenience.

Examples
--------
>>> from realpolitik.backtest.calibrated import forecast  # the model, re-exported
>>> round(forecast([0, 100, 100, 100], [0.5, 0.8, 0.9, 0.7]), 1)
100.0
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .._rng import RNGLike, as_generator
from ..bargaining.calibrated import (ISSUE_FEATURES, KNOTS, PARAMS_PATH, TAU_GRID, CalibratedParams, features,
                                     fit, forecast, load_params, predict)
from .deu import DEUData
from .models import issue_arrays

__all__ = ["KNOTS", "TAU_GRID", "ISSUE_FEATURES", "CalibratedParams", "PARAMS_PATH", "load_params", "features",
           "predict", "forecast", "fit", "fit_deu3", "cross_validate", "refit_deu3", "predict_deu"]


def _deu_features(data: DEUData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, s, c = issue_arrays(data, "equal")
    rows = np.flatnonzero(data.scoreable)
    out = [np.full(len(x), np.nan) for _ in range(3)]
    if rows.size:
        for arr, val in zip(out, features(x[rows], s[rows], c[rows])):
            arr[rows] = val
    return out[0], out[1], out[2]


def fit_deu3(data: DEUData) -> CalibratedParams:
    """Fit on the dev split of ``data``; test rows are dropped before anything is computed."""
    dev = data.subset(data.split_mask("dev"))
    mean, med, share = _deu_features(dev)
    p = fit(mean, med, share, dev.issues["out"].to_numpy(dtype=float))
    return CalibratedParams(tau=p.tau, knot_values=p.knot_values, fitted_on={
        "data_sha256": data.sha256, "split": "dev", "cut": "2005-07-01",
        "n_issues": int(len(dev.issues)), "n_proposals": int(dev.issues["prnr"].nunique())})


def cross_validate(data: DEUData, *, folds: int = 5, repeats: int = 3, rng: RNGLike = 0) -> float:
    """Proposal-grouped k-fold MAE of the whole fitting procedure, within dev only."""
    dev = data.subset(data.split_mask("dev"))
    mean, med, share = _deu_features(dev)
    y = dev.issues["out"].to_numpy(dtype=float)
    props = dev.issues["proposal"].to_numpy()
    uniq = np.unique(props)
    gen = as_generator(rng)
    maes = []
    for _ in range(repeats):
        pred = np.empty_like(y)
        for fold in np.array_split(gen.permutation(uniq), folds):
            te = np.isin(props, fold)
            p = fit(mean[~te], med[~te], share[~te], y[~te])
            pred[te] = predict(mean[te], med[te], share[te], p)
        maes.append(np.abs(pred - y).mean())
    return float(np.mean(maes))


def refit_deu3(data: DEUData, path: str | Path | None = None) -> CalibratedParams:
    """Refit on dev, add the dev CV MAE, and write the parameter file."""
    p = fit_deu3(data)
    fitted = dict(p.fitted_on, dev_cv_mae=round(cross_validate(data), 4))
    p = CalibratedParams(tau=p.tau, knot_values=p.knot_values, fitted_on=fitted)
    target = Path(path) if path is not None else PARAMS_PATH
    target.write_text(json.dumps(p.to_dict(), indent=2) + "\n", encoding="utf-8")
    return p


def predict_deu(data: DEUData, params: CalibratedParams | None = None) -> np.ndarray:
    """Forecast every scoreable issue of ``data`` (NaN elsewhere)."""
    mean, med, share = _deu_features(data)
    p = params if params is not None else load_params()
    f = np.full(len(mean), np.nan)
    ok = np.isfinite(mean)
    f[ok] = predict(mean[ok], med[ok], share[ok], p)
    return f


if __name__ == "__main__":  # python -m realpolitik.backtest.calibrated [DATA]
    import sys

    from .deu import read_deu3

    print(json.dumps(refit_deu3(read_deu3(sys.argv[1] if len(sys.argv) > 1 else None)).to_dict(), indent=2))
