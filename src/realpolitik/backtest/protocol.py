"""The DEU III evaluation protocol: metrics and the proposal-clustered bootstrap.

Errors are absolute errors ``|forecast - out|`` on the 0-100 scale, scored as
given (no clipping). Per split: number of issues, MAE (primary), median
absolute error, the share of issues with error <= 10 (inclusive), and a 95 %
percentile interval for the MAE from resampling *proposals* with replacement
(issues of one proposal are correlated). The bootstrap draws depend only on
the seed and the split's proposals, so every model is resampled with the same
draws (paired intervals).

Examples
--------
>>> import numpy as np
>>> s = score(np.array([10.0, 50.0, 100.0]), np.array([0.0, 50.0, 80.0]))
>>> s["n"], round(s["mae"], 4), s["median_ae"], round(s["within10"], 4)
(3, 10.0, 10.0, 0.6667)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._rng import RNGLike, as_generator
from ..errors import InputError

__all__ = ["BOOTSTRAP_SEED", "N_BOOTSTRAP", "WITHIN", "SPLITS", "score", "bootstrap_counts",
           "bootstrap_mae", "mae_ci", "paired_difference_ci"]

#: Fixed seed of the bootstrap (protocol runs are reproducible).
BOOTSTRAP_SEED = 20050701
#: Bootstrap replicates.
N_BOOTSTRAP = 2000
#: Threshold of the within-10 share (inclusive).
WITHIN = 10.0
#: The three splits reported.
SPLITS = ("dev", "test", "all")

# e <= 10 is inclusive; forecasts such as 90.00000000000001 must still count.
_TOL = 1e-9


def score(forecast: np.ndarray, outcome: np.ndarray) -> dict[str, Any]:
    """n, MAE, median AE and within-10 share of ``forecast`` against ``outcome``."""
    f = np.asarray(forecast, dtype=float)
    o = np.asarray(outcome, dtype=float)
    if f.shape != o.shape or f.ndim != 1:
        raise InputError(f"forecast {f.shape} and outcome {o.shape} must be 1-D of one length")
    if not (np.all(np.isfinite(f)) and np.all(np.isfinite(o))):
        raise InputError("forecasts and outcomes to score must be finite", expected="a forecast for every issue")
    if f.size == 0:
        return {"n": 0, "mae": float("nan"), "median_ae": float("nan"), "within10": float("nan")}
    e = np.abs(f - o)
    return {"n": int(e.size), "mae": float(e.mean()), "median_ae": float(np.median(e)),
            "within10": float(np.mean(e <= WITHIN + _TOL))}


def bootstrap_counts(clusters: np.ndarray, *, n_boot: int = N_BOOTSTRAP,
                     rng: RNGLike = BOOTSTRAP_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Resample clusters (proposals) with replacement.

    Returns ``(index, counts)``: ``index[i]`` is issue i's cluster number
    (0..P-1, clusters in order of first appearance) and ``counts[b, p]`` how
    often cluster p is drawn in replicate b (each replicate draws P clusters).
    """
    labels = np.asarray(clusters)
    _, first, index = np.unique(labels, return_index=True, return_inverse=True)
    # Renumber by first appearance so the draws do not depend on label spelling order.
    order = np.argsort(np.argsort(first))
    index = order[index]
    p = len(first)
    from ..bounds import MAX_BOOTSTRAP, check_count

    n_boot = check_count("n_boot", n_boot, MAX_BOOTSTRAP)  # before the (n_boot, p) arrays
    gen = as_generator(rng)
    draws = gen.integers(0, p, size=(n_boot, p))
    counts = np.zeros((n_boot, p), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(n_boot), p), draws.ravel()), 1)
    return index, counts


def bootstrap_mae(errors: np.ndarray, index: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """MAE of every bootstrap replicate (issue-weighted within resampled proposals)."""
    e = np.abs(np.asarray(errors, dtype=float))
    p = counts.shape[1]
    sums = np.bincount(index, weights=e, minlength=p)
    ns = np.bincount(index, minlength=p).astype(float)
    return (counts @ sums) / (counts @ ns)


def mae_ci(errors: np.ndarray, clusters: np.ndarray, *, level: float = 0.95,
           n_boot: int = N_BOOTSTRAP, rng: RNGLike = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile interval of the MAE from a proposal-clustered bootstrap.

    Examples
    --------
    >>> import numpy as np
    >>> lo, hi = mae_ci(np.array([1.0, 3.0, 10.0, 20.0]), np.array(["a", "a", "b", "c"]))
    >>> lo <= 8.5 <= hi
    True
    """
    if not 0 < level < 1:
        raise InputError(f"level must be in (0, 1), got {level}")
    e = np.asarray(errors, dtype=float)
    if e.size == 0:
        return (float("nan"), float("nan"))
    index, counts = bootstrap_counts(clusters, n_boot=n_boot, rng=rng)
    reps = bootstrap_mae(e, index, counts)
    a = (1 - level) / 2
    lo, hi = np.quantile(reps, [a, 1 - a])
    return (float(lo), float(hi))


def paired_difference_ci(errors_a: np.ndarray, errors_b: np.ndarray, clusters: np.ndarray, *,
                         level: float = 0.95, n_boot: int = N_BOOTSTRAP,
                         rng: RNGLike = BOOTSTRAP_SEED) -> tuple[float, float, float]:
    """``(MAE_a - MAE_b, lo, hi)``: the MAE difference and its paired proposal-bootstrap interval.

    Both models are resampled with the same draws of proposals, so the
    interval reflects the difference, not the two MAEs' separate spreads.

    Examples
    --------
    >>> import numpy as np
    >>> d, lo, hi = paired_difference_ci(np.array([2.0, 4.0, 6.0]), np.array([1.0, 3.0, 5.0]),
    ...                                  np.array(["a", "b", "c"]), n_boot=200)
    >>> round(d, 6), round(lo, 6), round(hi, 6)
    (1.0, 1.0, 1.0)
    """
    if not 0 < level < 1:
        raise InputError(f"level must be in (0, 1), got {level}")
    a = np.abs(np.asarray(errors_a, dtype=float))
    b = np.abs(np.asarray(errors_b, dtype=float))
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise InputError(f"errors must be two non-empty 1-D arrays of one length, got {a.shape} and {b.shape}")
    index, counts = bootstrap_counts(clusters, n_boot=n_boot, rng=rng)
    reps = bootstrap_mae(a, index, counts) - bootstrap_mae(b, index, counts)
    q = (1 - level) / 2
    lo, hi = np.quantile(reps, [q, 1 - q])
    return float(a.mean() - b.mean()), float(lo), float(hi)
