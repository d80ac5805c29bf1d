"""Random cardinal utilities consistent with ordinal ranks.

A player who states only a ranking of outcomes (5 = best ... 1 = worst) has
many cardinal utility functions consistent with it. Pure equilibria of a
normal-form game depend only on the ranking, but anything that weighs
payoffs against each other does not: lotteries at chance nodes (a refusal
that Russia punishes with probability ``p_ret``), mixed equilibria, QRE.

Method. Utilities are defined up to a positive affine map, so fix the worst
rank at 0 and the best at 1. With ``L`` distinct ranks there remain ``L - 2``
interior values ``0 < v_1 < ... < v_{L-2} < 1``; we sample them *uniformly*
over that ordered simplex by sorting ``L - 2`` independent uniforms (the
order statistics of i.i.d. U(0, 1) are uniform on the ordered simplex). Equal
ranks get equal utilities. Each player's draw is independent. Evaluating the
game on many such draws gives the probability of each equilibrium outcome
under "all cardinalisations consistent with the ranks equally likely".

The uniforms are ordinary inputs of the sampling design (named
``ordinal.<game>.<player>.u<k>``), so ordinal draws obey the same seed,
sampler and backend rules as every other input. Their point values
(:class:`RankUniform`) reproduce the ranks themselves as cardinal values, so
a point forecast or a threshold of an ordinal game is the one computed with
the ranks as utilities.

>>> import numpy as np
>>> ranks = np.array([5, 4, 3, 1, 2])
>>> u = np.array([[0.9, 0.2, 0.5]])
>>> cardinal_from_ranks(ranks, u)
array([[1. , 0.9, 0.5, 0. , 0.2]])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError

__all__ = ["n_interior", "cardinal_from_ranks", "rank_levels", "RankUniform", "rank_point_values"]


@dataclass(frozen=True)
class RankUniform:
    """U(0, 1) whose *point* value is the rank's own spacing.

    The uniforms behind an ordinal draw are i.i.d. U(0, 1); at their point
    values (used for point forecasts, thresholds and tornado bases) the
    cardinal utilities equal the ranks themselves, affinely mapped to [0, 1]
    ("ranks as cardinal values").
    """

    point: float
    dist: str = "uniform"
    low: float = 0.0
    high: float = 1.0

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(u, dtype=float).copy()

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.random(n)

    def model_dump(self, **_: object) -> dict:
        return {"dist": "uniform", "low": 0.0, "high": 1.0, "point": self.point}


def rank_point_values(ranks: np.ndarray) -> np.ndarray:
    """Point values of the interior uniforms: the interior ranks mapped affinely to (0, 1)."""
    levels = rank_levels(ranks)
    if levels.size <= 2:
        return np.empty(0)
    return (levels[1:-1] - levels[0]) / (levels[-1] - levels[0])


def rank_levels(ranks: np.ndarray) -> np.ndarray:
    """The distinct ranks, ascending."""
    r = np.asarray(ranks, dtype=float)
    if r.size == 0 or not np.all(np.isfinite(r)):
        raise InputError("ranks must be finite numbers")
    return np.unique(r)


def n_interior(ranks: np.ndarray) -> int:
    """How many uniforms one draw needs: distinct ranks minus the two fixed ends."""
    return max(0, rank_levels(ranks).size - 2)


def cardinal_from_ranks(ranks: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Cardinal utilities ``(n, *ranks.shape)`` from uniforms ``u`` of shape ``(n, n_interior)``.

    Worst rank -> 0, best -> 1, interior ranks -> the sorted uniforms of each
    row (ascending with rank); ties share a value. With a single distinct
    rank every utility is 0.
    """
    r = np.asarray(ranks, dtype=float)
    levels = rank_levels(r)
    m = max(0, levels.size - 2)
    u = np.atleast_2d(np.asarray(u, dtype=float))
    if u.shape[1] != m:
        raise InputError(f"need {m} uniforms per draw for {levels.size} distinct ranks, got {u.shape[1]}")
    n = u.shape[0]
    if levels.size == 1:
        return np.zeros((n, *r.shape))
    vals = np.empty((n, levels.size))
    vals[:, 0] = 0.0
    vals[:, -1] = 1.0
    vals[:, 1:-1] = np.sort(u, axis=1)
    idx = np.searchsorted(levels, r.ravel())
    return vals[:, idx].reshape((n, *r.shape))
