"""Input checks shared by the bargaining engines.

Engines accept plain arrays; these helpers turn them into float64 arrays of a
common shape ``(..., n)`` and raise :class:`~realpolitik.errors.InputError`
naming the offending field instead of letting NumPy fail later.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..errors import InputError

__all__ = ["as_actor_arrays", "check_scale", "check_positive_weight"]


def check_scale(scale: Any) -> tuple[float, float]:
    """Validate ``scale=(min, max)``: two finite numbers with min < max."""
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise InputError(f"scale must be a pair (min, max) of numbers, got {scale!r}",
                         expected="scale=(min, max)") from None
    if not (np.isfinite(lo) and np.isfinite(hi)) or not lo < hi:
        raise InputError(f"scale must satisfy min < max (finite), got ({lo}, {hi})",
                         expected="scale=(min, max) with min < max")
    return lo, hi


def _as_float(name: str, value: Any, allow_scalar: bool = False) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name}: not numeric", expected="an array of numbers") from None
    if arr.ndim == 0 and not allow_scalar:
        raise InputError(f"{name}: expected an array with one entry per actor, got a scalar")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name}: contains NaN or infinite values", expected="finite numbers")
    return arr


def as_actor_arrays(positions: Any, saliences: Any, capabilities: Any, *,
                    scale: tuple[float, float] | None,
                    min_actors: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Broadcast positions, saliences and capabilities to one shape ``(..., n)``.

    Checks: salience in [0, 1], capability >= 0, positions inside ``scale``
    (when given), at least ``min_actors`` actors.
    """
    x = _as_float("positions", positions)
    s = _as_float("saliences", saliences, allow_scalar=True)
    c = _as_float("capabilities", capabilities, allow_scalar=True)
    try:
        x, s, c = np.broadcast_arrays(x, s, c)
    except ValueError:
        raise InputError(
            f"positions {x.shape}, saliences {s.shape} and capabilities {c.shape} do not broadcast "
            "to one shape", expected="arrays of shape (n,) or (B, n)") from None
    n = x.shape[-1]
    if n < min_actors:
        raise InputError(f"need at least {min_actors} actor(s), got {n}")
    if np.any((s < 0) | (s > 1)):
        raise InputError("saliences: values outside [0, 1]", expected="salience in [0, 1] (divide 0-100 data by 100)")
    if np.any(c < 0):
        raise InputError("capabilities: negative values", expected="capability >= 0")
    if scale is not None:
        lo, hi = scale
        if np.any((x < lo) | (x > hi)):
            bad = x[(x < lo) | (x > hi)].ravel()[0]
            raise InputError(f"positions: {bad} lies outside the scale [{lo}, {hi}]",
                             expected="positions within the issue's scale bounds")
    return (np.ascontiguousarray(x, dtype=float), np.ascontiguousarray(s, dtype=float),
            np.ascontiguousarray(c, dtype=float))


def check_positive_weight(w: np.ndarray) -> None:
    """Every copy needs some actor with capability > 0 and salience > 0."""
    total = w.sum(axis=-1)
    if np.any(total <= 0):
        idx = np.argwhere(np.atleast_1d(total <= 0))[0]
        where = f" (copy {tuple(int(i) for i in idx)})" if w.ndim > 1 else ""
        raise InputError(f"no actor has both capability > 0 and salience > 0{where}",
                         expected="at least one actor with positive capability x salience")


def check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)
