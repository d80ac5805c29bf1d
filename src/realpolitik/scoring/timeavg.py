"""Time bookkeeping shared by the scores: standing forecasts and time averages.

A forecast *stands* from its time until the next forecast of the same forecaster.
Times are timezone-aware datetimes (or POSIX seconds); they are compared as instants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal, Sequence

import numpy as np

from ..errors import InputError

__all__ = ["NoForecastPolicy", "Timeline", "time_average", "to_seconds", "POLICIES"]

NoForecastPolicy = Literal["exclude", "zero", "prior"]
"""What a time (or day) without a standing forecast counts as.

``exclude``
    left out of the average (Good Judgment Open / Cultivate Labs);
``zero``
    counts as a score of 0 (Metaculus: "time before the first forecast counts as 0");
``prior``
    scored as if the prior forecast stood (IARPA GFC2's "ignorance prior"; uniform by default).
"""

POLICIES: tuple[str, ...] = ("exclude", "zero", "prior")


def to_seconds(t: Any) -> float:
    """An instant as POSIX seconds: aware datetime, ``numpy.datetime64`` or a number."""
    if isinstance(t, datetime):
        if t.tzinfo is None:
            raise InputError(f"time {t.isoformat()} has no time zone", expected="an aware datetime (UTC)")
        return t.timestamp()
    if isinstance(t, np.datetime64):
        return float(t.astype("datetime64[us]").astype(np.int64)) / 1e6
    value = float(t)
    if not np.isfinite(value):
        raise InputError(f"time {t!r} is not finite")
    return value


def _check_policy(policy: str) -> None:
    if policy not in POLICIES:
        raise InputError(f"unknown no-forecast policy {policy!r}", expected="one of exclude, zero, prior")


@dataclass(frozen=True)
class Timeline:
    """Which forecast stands over each interval of ``[start, end)``.

    ``index[i]`` is the position (in the sorted forecast times) of the forecast standing
    over ``[bounds[i], bounds[i+1])``, or -1 where none stands yet.
    """

    bounds: np.ndarray
    index: np.ndarray

    @classmethod
    def build(cls, times: Sequence[Any], start: Any, end: Any) -> "Timeline":
        t = np.array([to_seconds(x) for x in times], dtype=float)
        if t.size > 1 and np.any(np.diff(t) < 0):
            raise InputError("forecast times must be in time order")
        s, e = to_seconds(start), to_seconds(end)
        if e < s:
            return cls(np.array([s, s]), np.array([-1]))
        inner = t[(t > s) & (t < e)]
        bounds = np.concatenate([[s], inner, [e]])
        # the forecast standing on [b_i, b_{i+1}) is the last one made at or before b_i
        index = np.searchsorted(t, bounds[:-1], side="right") - 1
        return cls(bounds, index.astype(int))

    @property
    def durations(self) -> np.ndarray:
        return np.diff(self.bounds)


def time_average(times: Sequence[Any], scores: Sequence[float] | np.ndarray, open_at: Any, close_at: Any,
                 *, end: Any = None, policy: NoForecastPolicy = "zero",
                 prior_score: float | None = None) -> tuple[float, float]:
    """Time-averaged score of a sequence of standing forecasts, and its coverage.

    ``value = sum_i score_i * duration_i / (close_at - open_at)`` with policy ``zero``
    (Metaculus, https://www.metaculus.com/help/scores-faq/: time before the first forecast
    and, when the question closes early at ``end``, time after it count as 0);
    ``exclude`` divides by the covered time instead; ``prior`` scores uncovered time in
    ``[open_at, end)`` with ``prior_score`` and divides by ``end - open_at``.

    Parameters
    ----------
    times : sequence of instants
        When each forecast started standing, in time order.
    scores : array-like
        The score each forecast would get if it stood alone.
    open_at, close_at : instants
        The question's open time and *scheduled* close.
    end : instant, optional
        The actual close when earlier than the scheduled one.
    policy : {"zero", "exclude", "prior"}
    prior_score : float, optional
        Needed for ``policy="prior"``.

    Returns
    -------
    (value, coverage) : tuple of float
        ``coverage`` is the covered share of ``[open_at, close_at)``; ``value`` is NaN when
        nothing is covered under ``exclude``.

    Examples
    --------
    The Metaculus FAQ example: a 5-day question, forecasts 40 % on day 2, 70 % on day 3 and
    80 % on day 5, resolved YES (daily baseline scores 0, -32, +49, +49, +68):

    >>> import numpy as np
    >>> scores = 100 * np.log2(2 * np.array([0.4, 0.7, 0.8]))
    >>> value, coverage = time_average([1, 2, 4], scores, 0, 5)
    >>> round(value, 2), coverage
    (26.54, 0.8)
    """
    _check_policy(policy)
    sc = np.asarray(scores, dtype=float)
    if sc.shape != (len(times),):
        raise InputError(f"{sc.size} scores for {len(times)} forecasts")
    o, c = to_seconds(open_at), to_seconds(close_at)
    if c <= o:
        raise InputError("the close must be after the open")
    e = min(c, to_seconds(end)) if end is not None else c
    tl = Timeline.build(times, o, e)
    dur = tl.durations
    has = tl.index >= 0
    covered = float(dur[has].sum())
    total = float((sc[tl.index[has]] * dur[has]).sum()) if has.any() else 0.0
    coverage = covered / (c - o)
    if policy == "zero":
        return total / (c - o), coverage
    if policy == "exclude":
        return (total / covered if covered > 0 else float("nan")), coverage
    if prior_score is None:
        raise InputError("policy 'prior' needs prior_score")
    span = e - o
    return ((total + prior_score * float(dur[~has].sum())) / span if span > 0 else float("nan")), coverage


def utc(t: datetime) -> datetime:
    """The same instant in UTC."""
    return t.astimezone(timezone.utc)
