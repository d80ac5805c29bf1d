"""Small exact linear algebra over Fractions (Gaussian elimination)."""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

__all__ = ["solve_fraction"]


def solve_fraction(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """The unique solution of a (possibly over-determined) consistent system, else ``None``."""
    if not rows:
        return None
    d = len(rows[0])
    M = [list(r) + [b] for r, b in zip(rows, rhs)]
    piv_cols = []
    r = 0
    for c in range(d):
        p = next((i for i in range(r, len(M)) if M[i][c] != 0), None)
        if p is None:
            continue
        M[r], M[p] = M[p], M[r]
        pr = M[r]
        inv = 1 / pr[c]
        pr = [v * inv for v in pr]
        M[r] = pr
        for i in range(len(M)):
            if i != r and M[i][c] != 0:
                f = M[i][c]
                Mi = M[i]
                M[i] = [a - f * b for a, b in zip(Mi, pr)]
        piv_cols.append(c)
        r += 1
        if r == len(M):
            break
    if len(piv_cols) < d:
        return None
    if any(M[i][d] != 0 for i in range(r, len(M))):
        return None
    out = [Fraction(0)] * d
    for i, c in enumerate(piv_cols):
        out[c] = M[i][d]
    return out
