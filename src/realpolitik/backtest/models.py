"""Model runners for the DEU III backtest.

Each runner maps :class:`~realpolitik.backtest.deu.DEUData` to a forecast per
issue (NaN for issues that are not scoreable) and a mask of the issues the
model covers by its own rule; uncovered issues get the declared fallback
(the salience-weighted mean, ``compromise_equal``), so every model is scored
on the full split (protocol (c)).

The engines are the bargaining pillar's (:mod:`realpolitik.bargaining`); this
module only arranges the DEU arrays for them. Actors without both a position
and a salience get capability 0 and drop out of every weighted model; actors
with salience 0 stay in the issue with zero weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..errors import InputError
from . import _engines
from .capabilities import capabilities
from .deu import DEUData

__all__ = ["ModelSpec", "MODELS", "DEFAULT_MODELS", "issue_arrays", "run_model"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelSpec:
    """A backtest model: name, one-line description, declared fallback."""

    name: str
    description: str
    fallback: str | None
    func: Callable[..., tuple[np.ndarray, np.ndarray]]


def issue_arrays(data: DEUData, scheme: str = "equal") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, s, c)`` per issue, shape ``(n_issues, 30)``, ready for the engines.

    Positions are zero-filled where missing; salience is on [0, 1]; capability
    is the scheme's value for actors with data on the issue and 0 otherwise.
    """
    h = data.has_data
    x = np.where(h, data.positions, 0.0)
    s = np.where(h, data.saliences, 0.0) / 100.0
    c = np.where(h, capabilities(data, scheme)[None, :], 0.0)
    return x, s, c


def _scoreable_rows(data: DEUData) -> np.ndarray:
    return np.flatnonzero(data.scoreable)


def _compromise(scheme: str):
    def run(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
        x, s, c = issue_arrays(data, scheme)
        rows = _scoreable_rows(data)
        f = np.full(len(x), np.nan)
        f[rows] = _engines.compromise(x[rows], s[rows], c[rows])
        return f, np.isfinite(f)
    return run


def _median(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    x, s, c = issue_arrays(data, "equal")
    rows = _scoreable_rows(data)
    f = np.full(len(x), np.nan)
    f[rows] = _engines.median_voter(x[rows], s[rows], c[rows])
    return f, np.isfinite(f)


def _median_actor(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    # The README's "median actor position": the plain median over actors with data.
    rows = _scoreable_rows(data)
    f = np.full(len(data.positions), np.nan)
    f[rows] = np.nanmedian(np.where(data.has_data[rows], data.positions[rows], np.nan), axis=1)
    return f, np.isfinite(f)


def _with_fallback(f: np.ndarray, covered: np.ndarray, data: DEUData) -> np.ndarray:
    base, _ = _compromise("equal")(data)
    return np.where(covered, f, base)


def _nbs(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    x, s, c = issue_arrays(data, "equal")
    rp = data.issues["rp"].to_numpy(dtype=float)
    rows = _scoreable_rows(data)
    f = np.full(len(x), np.nan)
    covered = np.zeros(len(x), dtype=bool)
    with_rp = rows[np.isfinite(rp[rows])]
    without = rows[~np.isfinite(rp[rows])]
    for i in with_rp:
        f[i] = _engines.nash_bargaining(x[i], s[i], c[i], scale=(0.0, 100.0), disagreement="reference",
                                        reference=float(rp[i]), loss_power=2)
        covered[i] = True
    if without.size:
        # No reference point: each actor's worst end of the scale as disagreement.
        f[without] = _engines.nash_bargaining(x[without], s[without], c[without], scale=(0.0, 100.0),
                                              disagreement="worst", loss_power=2)
    return f, covered


def _commission(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    rows = _scoreable_rows(data)
    pcom = data.positions[:, 0]
    covered = np.zeros(len(pcom), dtype=bool)
    covered[rows] = np.isfinite(pcom[rows])
    f = _with_fallback(np.where(covered, pcom, np.nan), covered, data)
    return f, covered


def _reference(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    rows = _scoreable_rows(data)
    rp = data.issues["rp"].to_numpy(dtype=float)
    covered = np.zeros(len(rp), dtype=bool)
    covered[rows] = np.isfinite(rp[rows])
    return _with_fallback(np.where(covered, rp, np.nan), covered, data), covered


def _eu(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    x, s, c = issue_arrays(data, "equal")
    rows = _scoreable_rows(data)
    f = np.full(len(x), np.nan)
    f[rows] = _engines.eu_batch(x[rows], s[rows], c[rows], data.has_data[rows], progress=progress)[0]
    return f, np.isfinite(f)


def _exchange(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    from .exchange import exchange_forecasts
    f, covered = exchange_forecasts(data, progress)
    return _with_fallback(f, covered, data), covered


def _calibrated(data: DEUData, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    from .calibrated import predict_deu
    f = predict_deu(data)
    return f, np.isfinite(f)


_FALLBACK = "compromise_equal (salience-weighted mean)"

MODELS: dict[str, ModelSpec] = {m.name: m for m in (
    ModelSpec("compromise_equal", "capability x salience weighted mean, equal capabilities "
              "(= salience-weighted mean)", None, _compromise("equal")),
    ModelSpec("compromise_votes", "compromise model, Council votes (Nice); Commission and EP = 29",
              None, _compromise("votes")),
    ModelSpec("compromise_gdp", "compromise model, the file's GDP line (Commission and EP = Germany)",
              None, _compromise("gdp")),
    ModelSpec("eu", "expected-utility model (bargaining pillar, default options, 8 rounds), "
              "equal capabilities", None, _eu),
    ModelSpec("median", "salience-weighted median (lower), equal capabilities", None, _median),
    ModelSpec("nbs", "Nash bargaining solution, weights = salience, quadratic loss, reference "
              "point as disagreement", "NBS with each actor's worst end of the scale as disagreement "
              "(issues without rp)", _nbs),
    ModelSpec("commission", "the Commission's position", _FALLBACK, _commission),
    ModelSpec("reference_point", "the reference point (status quo)", _FALLBACK, _reference),
    ModelSpec("median_actor", "plain median of the positions (the README's 'median actor position')",
              None, _median_actor),
    ModelSpec("calibrated_compromise", "dominant position if it holds >= tau of the weight, else a "
              "calibrated compromise; fitted on dev only (realpolitik.backtest.calibrated)", None, _calibrated),
    ModelSpec("exchange", "exchange model (Stokman-Van Oosten vote trading) across the issues of each "
              "proposal, equal capabilities, 10 rounds (realpolitik.backtest.exchange)",
              _FALLBACK + " (single-issue proposals)", _exchange),
)}

#: The models a plain ``realpolitik backtest deu3`` scores (the JSON contract).
DEFAULT_MODELS: tuple[str, ...] = ("compromise_equal", "compromise_votes", "compromise_gdp", "eu",
                                   "median", "nbs", "commission", "reference_point", "calibrated_compromise",
                                   "exchange")


def run_model(data: DEUData, name: str, *, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Forecast every issue of ``data`` with model ``name``: ``(forecast, covered)``."""
    if name not in MODELS:
        raise InputError(f"unknown model {name!r}", expected="one of " + ", ".join(MODELS))
    return MODELS[name].func(data, progress)
