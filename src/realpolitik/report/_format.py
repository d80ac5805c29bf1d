"""Number and name formatting shared by the explanations and renderers."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["num", "signed", "pct", "MINUS"]

#: Typographic minus, as in the article's style ("3 − 2·p_ret").
MINUS = "\u2212"


def num(x: Any, digits: int = 3) -> str:
    """A short human form of a number: ``70``, ``15.2``, ``0.627``, ``—`` for None/NaN.

    >>> num(70.0), num(15.17241), num(0.626989), num(-2.0), num(None)
    ('70', '15.2', '0.627', '−2', '—')
    """
    if x is None:
        return "—"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "—"
    a = abs(v)
    if a >= 1000:
        s = f"{v:,.0f}"
    elif a >= 100:
        s = f"{v:.0f}"
    elif a >= 10:
        s = f"{v:.1f}"
    elif a == 0:
        s = "0"
    else:
        s = f"{v:.{digits}g}"
        if "e" in s:
            s = f"{v:.2e}"
    if "." in s and "e" not in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", "−0"):
        s = "0"
    return s.replace("-", MINUS)


def signed(x: float) -> str:
    """``+1.5`` / ``−2`` / ``0``."""
    s = num(x)
    return s if s.startswith(MINUS) or s == "0" else "+" + s


def pct(p: Any) -> str:
    """A probability as a percentage: ``0.253 -> '25.3 %'``."""
    if p is None:
        return "—"
    v = 100.0 * float(p)
    return f"{v:.1f} %" if v >= 0.95 or v == 0 else f"{v:.2f} %"
