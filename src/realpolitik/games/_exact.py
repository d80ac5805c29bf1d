"""Exact-number helpers shared by the game representations and solvers."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable

import numpy as np

__all__ = ["to_fraction", "fraction_array", "is_integral_array"]


def to_fraction(value: Any) -> Fraction:
    """An exact Fraction for an int, Fraction, numeric string or float (floats exactly)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, str):
        return Fraction(value.strip())
    return Fraction(float(value))


def fraction_array(values: Any) -> np.ndarray:
    """Object array of Fractions with the shape of ``values``."""
    arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if arr.dtype != object and np.issubdtype(arr.dtype, np.integer):
        out = np.empty(arr.shape, dtype=object)
        out.ravel()[:] = [Fraction(int(v)) for v in arr.ravel()]
        return out
    if arr.dtype != object and np.issubdtype(arr.dtype, np.floating):
        flat = arr.ravel()
        if np.all(np.isfinite(flat)) and np.all(flat == np.round(flat)) and np.all(np.abs(flat) < 2**53):
            conv: Iterable[Fraction] = (Fraction(int(v)) for v in flat)
        else:
            conv = (Fraction(float(v)) for v in flat)
        out = np.empty(arr.shape, dtype=object)
        out.ravel()[:] = list(conv)
        return out
    out = np.empty(arr.shape, dtype=object)
    out.ravel()[:] = [to_fraction(v) for v in np.asarray(arr, dtype=object).ravel()]
    return out


def is_integral_array(arr: np.ndarray) -> bool:
    return bool(np.all(arr == np.round(arr)))
