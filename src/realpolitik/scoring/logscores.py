"""Log scores: the natural log score, Metaculus's baseline and peer scores."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import InputError
from .brier import as_probabilities, one_hot
from .timeavg import to_seconds

__all__ = ["log_score", "baseline_score", "peer_scores"]


def _p_outcome(p: Any, outcome: Any) -> np.ndarray:
    pr = as_probabilities(p)
    return np.asarray((pr * one_hot(outcome, pr.shape[-1])).sum(axis=-1))


def log_score(p: Any, outcome: Any) -> np.ndarray:
    """Log score ``ln p(outcome)``: 0 for certainty on what happened, -inf for certainty against it.

    Good (1952); Metaculus's log score (https://www.metaculus.com/help/scores-faq/). Note the
    sign: ``scoringrules.log_score`` returns the negative, ``-ln p``.

    Examples
    --------
    >>> round(float(log_score([0.25, 0.75], 1)), 4)
    -0.2877
    """
    with np.errstate(divide="ignore"):
        return np.log(_p_outcome(p, outcome))


def baseline_score(p: Any, outcome: Any) -> np.ndarray:
    """Metaculus baseline score in points: ``100 ln(n p) / ln n`` for n options.

    That is ``100 log2(2p)`` for a binary question and ``100 log_n(n p)`` for multiple
    choice, so the uniform forecast scores 0 and certainty on what happened +100
    (Metaculus ``scoring/score_math.py``; https://www.metaculus.com/help/scores-faq/).
    Metaculus keeps binary forecasts in [0.001, 0.999]; this function does not clip.

    Examples
    --------
    >>> baseline_score([[0.4, 0.6], [0.8, 0.2]], 0).round(2)
    array([-32.19,  67.81])
    >>> round(float(baseline_score([0.5, 0.3, 0.2], 0)), 2)
    36.91
    """
    pr = as_probabilities(p)
    n = pr.shape[-1]
    with np.errstate(divide="ignore"):
        return np.asarray(100 * np.log(n * _p_outcome(pr, outcome)) / np.log(n))


def peer_scores(forecasts: Mapping[str, tuple[Sequence[Any], Any]], outcome: int, open_at: Any, close_at: Any,
                *, end: Any = None, continuous: bool = False) -> dict[str, float]:
    """Metaculus peer scores, time-averaged over ``[open_at, close_at)``.

    At each moment, for the N forecasters whose forecast stands,
    ``peer_i = 100 (N/(N-1)) ln(p_i / GM) = 100 (ln p_i - mean_{j != i} ln p_j)``, with GM the
    geometric mean of all N probabilities on the outcome (halved for continuous questions);
    0 when N = 1. Each forecaster's peer score is averaged over the scheduled lifetime,
    time without a standing forecast (or after an early close ``end``) counting as 0
    (Metaculus ``scoring/score_math.py``).

    Parameters
    ----------
    forecasts : mapping of forecaster -> (times, probabilities of shape (n, K))
    outcome : int
        The option that happened.

    Examples
    --------
    Two forecasters who stand all the time: the scores are opposite.

    >>> s = peer_scores({"a": ([0], [[0.8, 0.2]]), "b": ([0], [[0.5, 0.5]])}, 0, 0, 10)
    >>> round(s["a"], 2), round(s["b"], 2)
    (47.0, -47.0)
    """
    o, c = to_seconds(open_at), to_seconds(close_at)
    if c <= o:
        raise InputError("the close must be after the open")
    e = min(c, to_seconds(end)) if end is not None else c
    names = list(forecasts)
    logs: dict[str, np.ndarray] = {}
    times: dict[str, np.ndarray] = {}
    for name in names:
        t, p = forecasts[name]
        times[name] = np.array([to_seconds(x) for x in t], dtype=float)
        with np.errstate(divide="ignore"):
            logs[name] = np.log(_p_outcome(np.atleast_2d(np.asarray(p, dtype=float)), outcome))
    cuts = np.unique(np.concatenate([[o, e]] + [tt[(tt > o) & (tt < e)] for tt in times.values()]))
    total = {name: 0.0 for name in names}
    factor = 50.0 if continuous else 100.0
    for a, b in zip(cuts[:-1], cuts[1:]):
        standing = {}
        for name in names:
            i = int(np.searchsorted(times[name], a, side="right")) - 1
            if i >= 0:
                standing[name] = logs[name][i]
        n = len(standing)
        if n < 2:
            continue
        s = sum(standing.values())
        for name, lp in standing.items():
            total[name] += float(factor * (lp - (s - lp) / (n - 1)) * (b - a))
    return {name: v / (c - o) for name, v in total.items()}

