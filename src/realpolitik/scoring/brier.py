"""Brier scores: multi-category (0-2), ordered-categorical, and Good Judgment's daily average."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..errors import InputError
from .timeavg import NoForecastPolicy, _check_policy, to_seconds

__all__ = ["brier", "ordered_brier", "daily_brier", "as_probabilities", "one_hot"]

DAY = 86400.0


def as_probabilities(p: Any, *, atol: float = 1e-6) -> np.ndarray:
    """Check and return a probability array (last axis = options)."""
    arr = np.asarray(p, dtype=float)
    if arr.ndim == 0 or arr.shape[-1] < 2:
        raise InputError("a forecast needs one probability per option (at least two)")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        raise InputError("probabilities must lie in [0, 1]")
    s = arr.sum(axis=-1)
    if np.any(np.abs(s - 1) > atol):
        raise InputError(f"probabilities sum to {float(np.ravel(s)[0]):.6g}, not 1")
    return arr


def one_hot(outcome: Any, k: int) -> np.ndarray:
    """Outcome indices (0-based) as one-hot vectors of length ``k``."""
    o = np.asarray(outcome)
    if not np.issubdtype(o.dtype, np.integer) or np.any(o < 0) or np.any(o >= k):
        raise InputError(f"outcome {outcome!r} is not an option index in 0..{k - 1}")
    return np.eye(k)[o]


def brier(p: Any, outcome: Any) -> np.ndarray:
    """Original multi-category Brier score, 0 (perfect) to 2 (certain and wrong).

    ``B = sum_k (p_k - o_k)**2`` (Brier 1950; the form Good Judgment Open reports,
    https://goodjudgment.com/covidrecovery/keeping-score-public-superforecasts/).
    A binary forecast of 0.7 on an event that happens scores ``0.3**2 + 0.3**2 = 0.18``,
    twice the one-sided ``(1 - 0.7)**2`` of scikit-learn and scoringrules.

    Parameters
    ----------
    p : array-like, shape (..., K)
        Probabilities of the K options.
    outcome : int or array of int
        The option that happened (0-based), broadcast against ``p[..., 0]``.

    Examples
    --------
    >>> float(brier([0.7, 0.3], 0))
    0.18000000000000002
    >>> brier([[1, 0, 0], [0, 0.5, 0.5]], [2, 1]).round(2)
    array([2. , 0.5])
    """
    pr = as_probabilities(p)
    o = one_hot(outcome, pr.shape[-1])
    return np.asarray(((pr - o) ** 2).sum(axis=-1))


def ordered_brier(p: Any, outcome: Any) -> np.ndarray:
    """Ordered-categorical Brier score (Cultivate Labs' ordinal scoring), 0 to 2.

    For K ordered options, each of the K-1 cumulative splits ``{1..j} | {j+1..K}`` is
    scored as a two-sided binary Brier and the K-1 scores are averaged:
    ``B_ord = (1/(K-1)) sum_{j<K} 2 (P_j - O_j)**2 = 2 RPS / (K-1)`` with cumulative
    ``P`` and ``O`` (https://www.cultivatelabs.com/crowdsourced-forecasting-guide/what-is-ordinal-scoring-and-how-is-it-calculated;
    Epstein's ranked probability score). A forecast close to the truth in order scores
    better than one far from it, unlike :func:`brier`.

    Examples
    --------
    Cultivate's example, 15/45/25/15 % with the third bin true (0.81 in the plain form):

    >>> round(float(ordered_brier([0.15, 0.45, 0.25, 0.15], 2)), 4)
    0.27
    """
    pr = as_probabilities(p)
    k = pr.shape[-1]
    o = one_hot(outcome, k)
    cp = np.cumsum(pr, axis=-1)[..., :-1]
    co = np.cumsum(o, axis=-1)[..., :-1]
    return np.asarray((2 * (cp - co) ** 2).sum(axis=-1) / (k - 1))


def daily_brier(times: Sequence[Any], probabilities: Any, outcome: int, open_at: Any, close_at: Any,
                *, policy: NoForecastPolicy = "exclude", prior: Any = None, ordered: bool = False,
                ) -> tuple[float, int]:
    """Good Judgment's daily Brier: the mean over days of the forecast standing each day.

    A forecast stands until it is updated. Each UTC day that *ends* while the question is
    open, i.e. each midnight ``m`` with ``open_at < m <= close_at``, is scored with the
    latest forecast made before ``m``; the question score is the mean over days. Only full
    days count, so a first forecast made after the last midnight before the close gets no
    score (Cultivate Labs, https://www.cultivatelabs.com/support/forecasts/user-experience/forecasted-no-score).

    Parameters
    ----------
    times : sequence of instants
        When each forecast was made, in time order (aware datetimes or POSIX seconds).
    probabilities : array-like, shape (n_forecasts, K)
    outcome : int
        The option that happened.
    open_at, close_at : instants
        Scoring stops at ``close_at`` (pass the actual close when the question closed early).
    policy : {"exclude", "zero", "prior"}
        Days before the first forecast: left out (Good Judgment), scored 0, or scored
        with ``prior`` (default uniform; binary Brier 0.5, IARPA's ignorance prior).
    ordered : bool
        Score each day with :func:`ordered_brier` instead of :func:`brier`.

    Returns
    -------
    (score, days) : (float, int)
        The mean daily score (NaN when no day is scored) and the number of days scored.

    Examples
    --------
    Cultivate's worked example: 0.9 on days 1-3, then 0.95 on days 4-7, resolved YES:

    >>> from datetime import datetime, timedelta, timezone
    >>> d0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    >>> times = [d0 + timedelta(hours=9), d0 + timedelta(days=3, hours=9)]
    >>> score, days = daily_brier(times, [[0.9, 0.1], [0.95, 0.05]], 0, d0, d0 + timedelta(days=7))
    >>> round(score, 4), days
    (0.0114, 7)
    """
    _check_policy(policy)
    pr = as_probabilities(np.atleast_2d(np.asarray(probabilities, dtype=float)))
    t = np.array([to_seconds(x) for x in times], dtype=float)
    if pr.shape[0] != t.size:
        raise InputError(f"{pr.shape[0]} forecasts for {t.size} times")
    if t.size > 1 and np.any(np.diff(t) < 0):
        raise InputError("forecast times must be in time order")
    o, c = to_seconds(open_at), to_seconds(close_at)
    first = np.floor(o / DAY) * DAY + DAY
    midnights = np.arange(first, c + 1.0, DAY)  # +1 s: include a midnight close
    rule = ordered_brier if ordered else brier
    if midnights.size == 0:
        return float("nan"), 0
    idx = np.searchsorted(t, midnights, side="left") - 1  # latest forecast strictly before m
    has = idx >= 0
    day_scores = np.full(midnights.size, np.nan)
    if has.any():
        day_scores[has] = rule(pr[idx[has]], outcome)
    if policy == "exclude":
        scored = day_scores[has]
    elif policy == "zero":
        scored = np.where(has, day_scores, 0.0)
    else:
        k = pr.shape[-1]
        pri = np.full(k, 1.0 / k) if prior is None else np.asarray(prior, dtype=float)
        scored = np.where(has, day_scores, float(rule(pri, outcome)))
    if scored.size == 0:
        return float("nan"), 0
    return float(scored.mean()), int(scored.size)
