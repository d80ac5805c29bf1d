"""Numeric questions: Metaculus's 201-point CDF, its baseline score, and CRPS."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError

__all__ = ["N_INNER", "cdf_to_pmf", "outcome_bucket", "unit_position", "numeric_baseline_score",
           "numeric_log_score", "crps_cdf", "crps_ensemble", "grid"]

N_INNER = 200
"""Inner buckets of a continuous question (Metaculus ``inbound_outcome_count``); the CDF has 201 points."""


def unit_position(value: Any, lo: float, hi: float, zero_point: float | None = None) -> np.ndarray:
    """Where a value lies on the question's internal [0, 1] axis (linear, or log with ``zero_point``).

    Inverse of Metaculus's scaling ``x = lo + (hi - lo)(r**u - 1)/(r - 1)``, ``r = (hi - z)/(lo - z)``.
    """
    x = np.asarray(value, dtype=float)
    if zero_point is None:
        return (x - lo) / (hi - lo)
    r = (hi - zero_point) / (lo - zero_point)
    return np.log(1 + (x - lo) * (r - 1) / (hi - lo)) / np.log(r)


def grid(lo: float, hi: float, zero_point: float | None = None, n: int = N_INNER) -> np.ndarray:
    """The n+1 values of the question axis where the CDF is given."""
    u = np.linspace(0.0, 1.0, n + 1)
    if zero_point is None:
        return lo + (hi - lo) * u
    r = (hi - zero_point) / (lo - zero_point)
    return lo + (hi - lo) * (r ** u - 1) / (r - 1)


def check_cdf(cdf: Any, *, open_lower: bool, open_upper: bool) -> np.ndarray:
    """Validate a 201-point CDF the way Metaculus's serializer does (bounds and monotone steps)."""
    f = np.asarray(cdf, dtype=float)
    if f.shape != (N_INNER + 1,):
        raise InputError(f"a numeric forecast is a CDF of {N_INNER + 1} values, got shape {f.shape}")
    if not np.all(np.isfinite(f)) or np.any(f < 0) or np.any(f > 1):
        raise InputError("CDF values must lie in [0, 1]")
    if np.any(np.diff(f) < 0):
        raise InputError("the CDF must not decrease")
    if not open_lower and f[0] != 0:
        raise InputError("the lower bound is closed: the CDF must start at 0")
    if not open_upper and f[-1] != 1:
        raise InputError("the upper bound is closed: the CDF must end at 1")
    return f


def cdf_to_pmf(cdf: Any) -> np.ndarray:
    """The 202 bucket probabilities of a 201-point CDF: below the range, 200 inner, above."""
    f = np.asarray(cdf, dtype=float)
    return np.concatenate([[f[0]], np.diff(f), [1.0 - f[-1]]])


def outcome_bucket(u: float) -> int:
    """Bucket of an outcome at unit position ``u``: 0 below the range, 201 above, else ``int(200u + 1)``."""
    if u < 0:
        return 0
    if u > 1:
        return N_INNER + 1
    return min(int(N_INNER * u + 1), N_INNER)


def numeric_baseline_score(cdf: Any, value: float, lo: float, hi: float, *, open_lower: bool = False,
                           open_upper: bool = False, zero_point: float | None = None) -> float:
    """Metaculus baseline score of a continuous forecast: ``100 ln(p_bucket / b) / 2``.

    ``b = 0.05`` for a tail bucket, else ``(1 - 0.05 n_open_bounds) / 200``
    (Metaculus ``scoring/score_math.py``).

    Examples
    --------
    The uniform CDF on a closed range scores 0:

    >>> import numpy as np
    >>> round(numeric_baseline_score(np.linspace(0, 1, 201), 3.0, 0.0, 10.0), 10)
    0.0
    """
    pmf = cdf_to_pmf(cdf)
    k = outcome_bucket(float(unit_position(value, lo, hi, zero_point)))
    n_open = int(open_lower) + int(open_upper)
    b = 0.05 if k in (0, N_INNER + 1) else (1 - 0.05 * n_open) / N_INNER
    with np.errstate(divide="ignore"):
        return float(100 * np.log(pmf[k] / b) / 2)


def numeric_log_score(cdf: Any, value: float, lo: float, hi: float, *, zero_point: float | None = None) -> float:
    """``ln`` of the probability the forecast gave to the outcome's bucket (of 202)."""
    pmf = cdf_to_pmf(cdf)
    k = outcome_bucket(float(unit_position(value, lo, hi, zero_point)))
    with np.errstate(divide="ignore"):
        return float(np.log(pmf[k]))


def _seg_sq(h: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # exact integral of G**2 over a segment of width h where G is linear from a to b
    return h * (a * a + a * b + b * b) / 3.0


def crps_cdf(x: Any, cdf: Any, y: float) -> float:
    """CRPS of a piecewise-linear CDF, integrated exactly: ``int (F(t) - 1{t >= y})**2 dt``.

    ``F`` is linear between the points ``(x_i, cdf_i)``; mass below ``x[0]`` (``cdf[0]``) and
    above ``x[-1]`` (``1 - cdf[-1]``) is treated as point masses at the bounds. Each segment
    is integrated as ``h (G_a**2 + G_a G_b + G_b**2) / 3``, split at ``y`` (trapezoid sums are
    several per cent off because of the jump at ``y``). Lower is better; same units as ``y``.

    Examples
    --------
    A fine normal CDF matches the closed form ``sigma (z(2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi))``:

    >>> import numpy as np
    >>> from scipy.stats import norm
    >>> x = np.linspace(-8, 8, 4001)
    >>> round(crps_cdf(x, norm.cdf(x), 0.0), 4)
    0.2337
    """
    xs = np.asarray(x, dtype=float)
    f = np.asarray(cdf, dtype=float)
    if xs.ndim != 1 or xs.shape != f.shape or xs.size < 2 or np.any(np.diff(xs) <= 0):
        raise InputError("crps_cdf needs increasing x and a CDF of the same length")
    y = float(y)
    total = 0.0
    lo, hi = xs[0], xs[-1]
    if y < lo:
        total += lo - y
    if y > hi:
        total += y - hi
    h = np.diff(xs)
    fa, fb = f[:-1], f[1:]
    below = xs[1:] <= y          # segments entirely left of y: integrand F**2
    above = xs[:-1] >= y         # entirely right: (F - 1)**2
    total += float(_seg_sq(h[below], fa[below], fb[below]).sum())
    total += float(_seg_sq(h[above], fa[above] - 1, fb[above] - 1).sum())
    split = ~below & ~above
    for i in np.flatnonzero(split):
        w = (y - xs[i]) / h[i]
        fy = fa[i] + w * (fb[i] - fa[i])
        total += float(_seg_sq(np.array(y - xs[i]), np.array(fa[i]), np.array(fy)))
        total += float(_seg_sq(np.array(xs[i + 1] - y), np.array(fy - 1), np.array(fb[i] - 1)))
    return total


def crps_ensemble(y: Any, samples: Any) -> np.ndarray:
    """CRPS of a sample (ensemble) forecast, ``E|X - y| - E|X - X'|/2`` (scoringrules' ``crps_ensemble``).

    Examples
    --------
    >>> import numpy as np
    >>> round(float(crps_ensemble(0.0, np.array([-1.0, 1.0]))), 3)
    0.5
    """
    try:
        import scoringrules as sr
    except ImportError as exc:  # pragma: no cover - a base dependency
        raise InputError("crps_ensemble needs the scoringrules package (pip install scoringrules)") from exc
    return np.asarray(sr.crps_ensemble(np.asarray(y, dtype=float), np.asarray(samples, dtype=float)))
