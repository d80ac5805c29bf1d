"""An independent, slow, exact reference: extreme equilibria of a bimatrix game by brute force.

Every vertex of P = {x >= 0, B'x <= 1} and Q = {y >= 0, A y <= 1} is found by
solving every square subsystem of tight constraints in rationals (Cramer-free
Gauss-Jordan written here; no Qhull, no code shared with the package), then
completely labelled pairs are kept.
"""

from __future__ import annotations

import itertools
from fractions import Fraction



def _square_solve(M, b):
    n = len(M)
    aug = [row[:] + [bi] for row, bi in zip(M, b)]
    for c in range(n):
        p = next((r for r in range(c, n) if aug[r][c] != 0), None)
        if p is None:
            return None  # singular
        aug[c], aug[p] = aug[p], aug[c]
        piv = aug[c][c]
        aug[c] = [v / piv for v in aug[c]]
        for r in range(n):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [a - f * b_ for a, b_ in zip(aug[r], aug[c])]
    return [aug[r][n] for r in range(n)]


def _vertices(G, h, d):
    out = {}
    for S in itertools.combinations(range(len(G)), d):
        x = _square_solve([[Fraction(v) for v in G[k]] for k in S], [Fraction(h[k]) for k in S])
        if x is None:
            continue
        slack = [hk - sum(g * c for g, c in zip(row, x)) for row, hk in zip(G, h)]
        if min(slack) < 0 or all(c == 0 for c in x):
            continue
        out[tuple(x)] = frozenset(k for k, s in enumerate(slack) if s == 0)
    return out


def extreme_equilibria(A, B):
    """Set of ((x...), (y...)) Fractions for integer/Fraction matrices A, B (lists of lists)."""
    m, n = len(A), len(A[0])
    amin = min(min(r) for r in A)
    bmin = min(min(r) for r in B)
    Ap = [[Fraction(v) - amin + 1 for v in r] for r in A]
    Bp = [[Fraction(v) - bmin + 1 for v in r] for r in B]
    GP = [[-1 if c == r else 0 for c in range(m)] for r in range(m)] + [[Bp[i][j] for i in range(m)] for j in range(n)]
    hP = [0] * m + [1] * n
    GQ = [list(r) for r in Ap] + [[-1 if c == r else 0 for c in range(n)] for r in range(n)]
    hQ = [1] * m + [0] * n
    VP = _vertices(GP, hP, m)
    VQ = _vertices(GQ, hQ, n)
    eqs = set()
    full = set(range(m + n))
    for x, lx in VP.items():
        for y, ly in VQ.items():
            if lx | ly == full:
                sx, sy = sum(x), sum(y)
                eqs.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return eqs
