"""Baseline bargaining forecasts used in the DEU literature.

Every function takes arrays whose last axis indexes actors and may carry any
number of leading batch axes (e.g. ``(B, n)`` Monte Carlo draws); the result
has the leading shape (a float for 1-D input). Salience is in [0, 1].

* :func:`mean` - the plain mean of positions.
* :func:`salience_weighted_mean` - weights ``s``.
* :func:`compromise` - the capability x salience weighted mean (van den Bos
  1991; the "compromise model" of *The European Union Decides*).
* :func:`weighted_median` / :func:`median_voter` - the lower or upper
  weighted median (with weights ``c*s``: the median voter / weighted Condorcet
  winner with linear losses).
* :func:`nash_bargaining` - the asymmetric Nash bargaining solution.
* :func:`status_quo` - the status quo (a reference point) broadcast.

Examples
--------
>>> import numpy as np
>>> from realpolitik.bargaining import compromise, median_voter
>>> x = np.array([0.0, 50.0, 100.0]); s = np.array([1.0, 1.0, 0.5]); c = np.array([1.0, 1.0, 2.0])
>>> float(compromise(x, s, c))
50.0
>>> float(median_voter(x, s, c))
50.0
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from ..errors import InputError
from ._validate import as_actor_arrays, check_positive_weight, check_scale

__all__ = [
    "mean",
    "salience_weighted_mean",
    "compromise",
    "capability_weighted_mean",
    "weighted_median",
    "median_voter",
    "nash_bargaining",
    "status_quo",
]


def _out(a: np.ndarray) -> Any:
    return float(a) if np.ndim(a) == 0 else a


def mean(positions: Any) -> Any:
    """Unweighted mean of the actors' positions (last axis)."""
    x = np.asarray(positions, dtype=float)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise InputError("positions: need at least one actor")
    return _out(x.mean(axis=-1))


def _wmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    check_positive_weight(w)
    return (w * x).sum(axis=-1) / w.sum(axis=-1)


def salience_weighted_mean(positions: Any, saliences: Any) -> Any:
    """Mean of positions weighted by salience."""
    x, s, _ = as_actor_arrays(positions, saliences, 1.0, scale=None)
    return _out(_wmean(x, s))


def capability_weighted_mean(positions: Any, capabilities: Any) -> Any:
    """Mean of positions weighted by capability."""
    x, _, c = as_actor_arrays(positions, 1.0, capabilities, scale=None)
    return _out(_wmean(x, c))


def compromise(positions: Any, saliences: Any, capabilities: Any) -> Any:
    """The compromise model: ``sum(c*s*x) / sum(c*s)``."""
    x, s, c = as_actor_arrays(positions, saliences, capabilities, scale=None)
    return _out(_wmean(x, c * s))


def _weighted_median(x: np.ndarray, w: np.ndarray, side: str) -> np.ndarray:
    # Sorting-based: the lower weighted median is the smallest x_k with
    # cumulative weight (from the left) >= W/2; the upper is the mirror image.
    # A relative tolerance on W/2 keeps the choice independent of summation
    # order (actor relabelling).
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    ws = np.take_along_axis(w, order, axis=-1)
    total = ws.sum(axis=-1, keepdims=True)
    half = 0.5 * total
    tol = 1e-12 * total
    if side == "lower":
        cum = np.cumsum(ws, axis=-1)
        idx = np.argmax(cum >= half - tol, axis=-1)
    else:
        cum = np.cumsum(ws[..., ::-1], axis=-1)
        idx = xs.shape[-1] - 1 - np.argmax(cum >= half - tol, axis=-1)
    return np.take_along_axis(xs, idx[..., None], axis=-1)[..., 0]


def weighted_median(positions: Any, weights: Any,
                    side: Literal["lower", "upper"] = "lower") -> Any:
    """Weighted median of positions (last axis).

    The lower median is the smallest position whose cumulative weight from the
    left reaches half the total; the upper median is the largest position
    whose cumulative weight from the right does. Both minimise
    ``sum(w * |x - y|)`` over the actors' positions.
    """
    if side not in ("lower", "upper"):
        raise InputError(f"side must be 'lower' or 'upper', got {side!r}")
    x, _, w = as_actor_arrays(positions, 1.0, weights, scale=None)
    check_positive_weight(w)
    return _out(_weighted_median(x, w, side))


def median_voter(positions: Any, saliences: Any, capabilities: Any,
                 side: Literal["lower", "upper"] = "lower") -> Any:
    """Capability x salience weighted median (the median-voter position)."""
    x, s, c = as_actor_arrays(positions, saliences, capabilities, scale=None)
    return weighted_median(x, c * s, side)


def status_quo(value: float, shape: tuple[int, ...] = ()) -> Any:
    """The status-quo forecast, broadcast to ``shape`` (a float for ``()``)."""
    if value is None or not np.isfinite(value):
        raise InputError("status quo: no finite value given", expected="a number on the issue scale")
    return _out(np.full(shape, float(value)))


def nash_bargaining(positions: Any, saliences: Any, capabilities: Any, *,
                    scale: tuple[float, float],
                    disagreement: Literal["worst", "reference"] = "worst",
                    reference: float | None = None,
                    loss_power: Literal[1, 2] = 2,
                    iterations: int = 80) -> Any:
    """Asymmetric Nash bargaining solution on one dimension.

    Maximises ``sum_i w_i * log(u_i(x) - u_i(d_i))`` over ``x`` in the scale,
    with ``w_i = c_i * s_i``, utility ``u_i(x) = -|x - x_i|**k`` (``k =
    loss_power``, 1 or 2) and disagreement outcome ``d_i``:

    * ``disagreement="worst"``: each actor's worst point on the scale (the
      farther end), so every point of the scale is individually rational;
    * ``disagreement="reference"``: the reference point (e.g. the DEU ``rp``)
      for everyone. Only outcomes no actor with positive weight likes less
      than the reference are admissible: the intersection of the intervals
      ``|x - x_i| <= |rp - x_i|``. When actors lie on both sides of ``rp``
      that set is ``{rp}`` and the solution is ``rp`` itself.

    The objective is concave in ``x`` (log of a concave positive function),
    so a vectorised bisection on the sign of its derivative over the
    admissible interval finds the maximum (``iterations`` halvings). With
    ``k = 2`` and a remote disagreement point the solution approaches the
    compromise model, with ``k = 1`` the weighted median (Achen 2006).

    Examples
    --------
    >>> import numpy as np
    >>> from realpolitik.bargaining import nash_bargaining
    >>> round(float(nash_bargaining([0, 100], [1, 1], [1, 1], scale=(0, 100))), 6)
    50.0
    """
    lo, hi = check_scale(scale)
    x, s, c = as_actor_arrays(positions, saliences, capabilities, scale=(lo, hi))
    if loss_power not in (1, 2):
        raise InputError(f"loss_power must be 1 or 2, got {loss_power!r}")
    w = c * s
    check_positive_weight(w)
    active = w > 0
    k = float(loss_power)
    if disagreement == "worst":
        reach = np.maximum(x - lo, hi - x)
        a = np.full(x.shape[:-1], lo)
        b = np.full(x.shape[:-1], hi)
    elif disagreement == "reference":
        if reference is None or not np.isfinite(reference) or not lo <= reference <= hi:
            raise InputError(f"disagreement='reference' needs a reference point inside [{lo}, {hi}], "
                             f"got {reference!r}")
        reach = np.abs(reference - x)
        a = np.max(np.where(active, x - reach, -np.inf), axis=-1)
        b = np.min(np.where(active, x + reach, np.inf), axis=-1)
        a = np.clip(np.minimum(a, reference), lo, hi)
        b = np.clip(np.maximum(b, reference), lo, hi)
    else:
        raise InputError(f"disagreement must be 'worst' or 'reference', got {disagreement!r}")
    dk = reach ** k

    def slope(y: np.ndarray) -> np.ndarray:
        # Derivative (a subgradient for k = 1) of the concave objective; it
        # decreases in y, so bisection on its sign finds the maximiser to
        # machine precision (a golden-section search on the flat top of the
        # objective stalls at about sqrt(eps)).
        dy = y[..., None] - x
        gain = dk - np.abs(dy) ** k
        dloss = k * np.abs(dy) ** (k - 1.0) * np.sign(dy)
        with np.errstate(all="ignore"):
            term = np.where(active & (dloss != 0.0), -w * dloss / gain, 0.0)
            total = term.sum(axis=-1)
        return np.nan_to_num(total, nan=0.0)

    a = np.asarray(a, dtype=float).copy()
    b = np.asarray(b, dtype=float).copy()
    for _ in range(int(iterations)):
        mid = 0.5 * (a + b)
        up = slope(mid) > 0.0
        a = np.where(up, mid, a)
        b = np.where(up, b, mid)
    res = 0.5 * (a + b)
    return _out(res)
