"""All extreme Nash equilibria of a two-player game, complete on degenerate games.

Method (Avis, Rosenberg, Savani & von Stengel 2010, "Enumeration of Nash
equilibria for two-player games"): with payoffs shifted to be positive, the
best-response polytopes are

    P = {x >= 0 : B'x <= 1},   Q = {y >= 0 : A y <= 1}.

Every extreme equilibrium is a pair of vertices (x, y) != (0, 0) that is
*completely labelled* (every pure strategy is either unused or a best reply).
This holds for degenerate games too, provided every vertex is found and its
*full* label set is known. We find every vertex with Qhull on the polar of
each polytope (a degenerate vertex shows up as several triangulated facets of
one hyperplane, which we merge) and then recompute each vertex's label set
from the constraints themselves, not from the facet's simplex (QuantEcon takes
the m labels of one simplex and therefore misses equilibria at degenerate
vertices). With ``exact=True`` every vertex is recomputed in rational
arithmetic from its tight constraints and labels are exact.

Pairs are matched by label bitmasks: a non-degenerate vertex needs exactly the
complementary label set (a hash lookup); only degenerate vertices are matched
by a superset scan. Extreme equilibria sharing a vertex lie in one connected
component of the equilibrium set (the components are the connected components
of this bipartite graph, ibid. section 6).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import EngineNotApplicable
from ._linalg import solve_fraction
from .normal_form import NormalFormGame
from .pure import build_result
from .result import Equilibrium, EquilibriumResult
from .verify import FLOAT_TOL, make_equilibrium

__all__ = ["enummixed", "polytope_vertices"]

LABEL_TOL = 1e-9


def _positive(M: np.ndarray) -> np.ndarray:
    return M - M.min() + 1.0


def polytope_vertices(G: np.ndarray, h: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """Every vertex of the full-dimensional polytope {x : G x <= h} with interior point ``x0`` (float).

    Uses Qhull on the polar; duplicates from triangulated degenerate facets are merged.
    """
    from scipy.spatial import ConvexHull, QhullError

    d = G.shape[1]
    slack = h - G @ x0
    if d == 1:
        lo = max((h[k] / G[k, 0] for k in range(len(h)) if G[k, 0] < 0), default=-np.inf)
        hi = min((h[k] / G[k, 0] for k in range(len(h)) if G[k, 0] > 0), default=np.inf)
        return np.array([[lo], [hi]])
    pts = G / slack[:, None]
    try:
        hull = ConvexHull(pts)
    except QhullError:
        hull = ConvexHull(pts, qhull_options="QJ")
    eq = hull.equations
    verts = x0 + eq[:, :d] / (-eq[:, d:])
    return verts


def _labels(G: np.ndarray, h: np.ndarray, V: np.ndarray) -> np.ndarray:
    slack = h[None, :] - V @ G.T
    scale = 1.0 + np.abs(h)[None, :]
    return np.abs(slack) <= LABEL_TOL * scale


def _exact_vertex(Ge: list[list[Fraction]], he: list[Fraction], tight: np.ndarray) -> list[Fraction] | None:
    rows = [Ge[k] for k in np.flatnonzero(tight)]
    rhs = [he[k] for k in np.flatnonzero(tight)]
    return solve_fraction(rows, rhs)


def _masks(L: np.ndarray) -> list[int]:
    K = L.shape[1]
    if K <= 62:
        return (L.astype(np.int64) @ (np.int64(1) << np.arange(K, dtype=np.int64))).tolist()
    packed = np.packbits(L, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def _vertex_set(G: np.ndarray, h: np.ndarray, x0: np.ndarray, Ge: list[list[Fraction]] | None,
                he: list[Fraction] | None) -> tuple[list[Any], list[int]]:
    """Non-zero vertices (float arrays or Fraction lists) and their label bitmasks."""
    V = polytope_vertices(G, h, x0)
    V = V[np.abs(V).max(axis=1) > 1e-12]
    L = _labels(G, h, V)
    # a vertex is determined by its set of tight constraints: merge the triangulated duplicates
    if L.shape[1] <= 62:
        keys = L.astype(np.int64) @ (np.int64(1) << np.arange(L.shape[1], dtype=np.int64))
        _, first = np.unique(keys, return_index=True)
    else:
        _, first = np.unique(L, axis=0, return_index=True)
    L, V = L[first], V[first]
    if Ge is None:
        keep = L.sum(axis=1) >= G.shape[1]
        return list(V[keep]), _masks(L[keep])
    verts: list[Any] = []
    masks: list[int] = []
    seen: set[tuple[Fraction, ...]] = set()
    for lab in L:
        ev = _exact_vertex(Ge, he, lab)  # type: ignore[arg-type]
        if ev is None or all(c == 0 for c in ev) or tuple(ev) in seen:
            continue
        slack = [hk - sum(g * c for g, c in zip(row, ev)) for row, hk in zip(Ge, he)]  # type: ignore[arg-type]
        if any(sl < 0 for sl in slack):
            continue
        seen.add(tuple(ev))
        verts.append(ev)
        masks.append(sum(1 << k for k, sl in enumerate(slack) if sl == 0))
    return verts, masks


def _refine(G: np.ndarray, h: np.ndarray, v: np.ndarray, mask: int) -> np.ndarray:
    """Recompute a float vertex from its tight constraints (least squares) for full accuracy."""
    T = [k for k in range(G.shape[0]) if mask >> k & 1]
    sol, *_ = np.linalg.lstsq(G[T], h[T], rcond=None)
    return sol if np.all(G @ sol <= h + 1e-9 * (1 + np.abs(h))) else v


def _pairs(masksP: list[int], masksQ: list[int], m: int, n: int) -> list[tuple[int, int]]:
    """Completely labelled pairs: hash lookup of the complement for non-degenerate vertices of P,
    a superset scan only where a vertex has more labels than its dimension."""
    full = (1 << (m + n)) - 1
    if not masksP or not masksQ:
        return []
    if m + n <= 62:
        mp = np.asarray(masksP, dtype=np.int64)
        mq = np.asarray(masksQ, dtype=np.int64)
        popP = _popcount(mp)
        popQ = _popcount(mq)
        order = np.argsort(mq, kind="stable")
        sq = mq[order]
        need = np.int64(full) & ~mp
        pos = np.searchsorted(sq, need)
        pos_c = np.minimum(pos, len(sq) - 1)
        hit = (sq[pos_c] == need) & (popP == m)
        out = set()
        for i in np.flatnonzero(hit):
            p = pos[i]
            while p < len(sq) and sq[p] == need[i]:
                out.add((int(i), int(order[p])))
                p += 1
        degQ = np.flatnonzero(popQ > n)
        if len(degQ):
            ok = (mq[degQ][None, :] & need[:, None]) == need[:, None]
            for i, jj in zip(*np.nonzero(ok)):
                out.add((int(i), int(degQ[jj])))
        for i in np.flatnonzero(popP > m):
            ok = (mq & need[i]) == need[i]
            out.update((int(i), int(j)) for j in np.flatnonzero(ok))
        return sorted(out)
    pc = [bin(k).count("1") for k in masksQ]
    exactQ: dict[int, list[int]] = {}
    degQl = []
    for j, (mk, c) in enumerate(zip(masksQ, pc)):
        if c == n:
            exactQ.setdefault(mk, []).append(j)
        else:
            degQl.append(j)
    res = []
    for i, mk in enumerate(masksP):
        need_i = full & ~mk
        if bin(mk).count("1") == m:
            res.extend((i, j) for j in exactQ.get(need_i, ()))
            res.extend((i, j) for j in degQl if masksQ[j] & need_i == need_i)
        else:
            res.extend((i, j) for j, mq_ in enumerate(masksQ) if mq_ & need_i == need_i)
    return sorted(set(res))


def _popcount(a: np.ndarray) -> np.ndarray:
    return np.unpackbits(np.ascontiguousarray(a).view(np.uint8)).reshape(len(a), 64).sum(axis=1)


def _components(pairs: list[tuple[int, int]]) -> list[int]:
    parent: dict[Any, Any] = {}

    def find(a: Any) -> Any:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, j in pairs:
        ra, rb = find(("x", i)), find(("y", j))
        if ra != rb:
            parent[ra] = rb
    ids: dict[Any, int] = {}
    return [ids.setdefault(find(("x", i)), len(ids)) for i, _ in pairs]


def enummixed(game: NormalFormGame, *, exact: bool = False, tol: float = FLOAT_TOL) -> EquilibriumResult:
    """All extreme equilibria of a two-player game (complete also on degenerate games).

    Each equilibrium carries ``component``: extreme equilibria with the same
    number lie in one connected component of the equilibrium set.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> res = enummixed(g, exact=True)
    >>> [e.exact_profile for e in res.equilibria][2]
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    >>> len(res.equilibria)
    3
    """
    if game.n_players != 2:
        raise EngineNotApplicable(f"enummixed needs a two-player game; this one has {game.n_players} players",
                                  expected="2 players (use 'pure' or 'qre' for n players)")
    m, n = game.shape
    A = _positive(game.payoffs[0])
    B = _positive(game.payoffs[1])
    GP = np.vstack([-np.eye(m), B.T])
    hP = np.concatenate([np.zeros(m), np.ones(n)])
    GQ = np.vstack([A, -np.eye(n)])
    hQ = np.concatenate([np.ones(m), np.zeros(n)])
    x0 = np.full(m, 0.5 / (m * B.max()))
    y0 = np.full(n, 0.5 / (n * A.max()))
    GPe = hPe = GQe = hQe = None
    if exact:
        Ae_raw, Be_raw = game.exact_payoffs
        amin = min(Ae_raw.ravel())
        bmin = min(Be_raw.ravel())
        Ae = [[v - amin + 1 for v in row] for row in Ae_raw.tolist()]
        Be = [[v - bmin + 1 for v in row] for row in Be_raw.tolist()]
        one, zero = Fraction(1), Fraction(0)
        GPe = [[-one if c == r else zero for c in range(m)] for r in range(m)] + \
              [[Be[i][j] for i in range(m)] for j in range(n)]
        hPe = [zero] * m + [one] * n
        GQe = [list(row) for row in Ae] + [[-one if c == r else zero for c in range(n)] for r in range(n)]
        hQe = [one] * m + [zero] * n
    VP, MP = _vertex_set(GP, hP, x0, GPe, hPe)
    VQ, MQ = _vertex_set(GQ, hQ, y0, GQe, hQe)
    pairs = _pairs(MP, MQ, m, n)
    comps = _components(pairs)
    eqs = []
    rejected = 0
    if not exact and pairs:
        # verify every pair at once; only pairs failing the check go through refinement and polishing
        X = np.array([VP[i] for i, _ in pairs])
        Y = np.array([VQ[j] for _, j in pairs])
        # Qhull's coordinates carry rounding dust (|v| ~ 1e-17) on the zero coordinates
        X[np.abs(X) < 1e-13 * np.abs(X).max()] = 0.0
        Y[np.abs(Y) < 1e-13 * np.abs(Y).max()] = 0.0
        X /= X.sum(axis=1, keepdims=True)
        Y /= Y.sum(axis=1, keepdims=True)
        A0, B0 = game.payoffs
        AY = Y @ A0.T
        XB = X @ B0
        v1 = np.einsum("ij,ij->i", X, AY)
        v2 = np.einsum("ij,ij->i", XB, Y)
        reg = np.maximum(np.maximum(AY.max(axis=1) - v1, XB.max(axis=1) - v2), 0.0)
        limit = tol * game.payoff_scale
        for k, ((i, j), c) in enumerate(zip(pairs, comps)):
            if reg[k] <= limit and X[k].min() >= 0 and Y[k].min() >= 0:
                eqs.append(Equilibrium(profile=(tuple(X[k].tolist()), tuple(Y[k].tolist())),
                                       payoffs=(float(v1[k]), float(v2[k])), regret=float(reg[k]), component=c))
                continue
            x, y = _refine(GP, hP, VP[i], MP[i]), _refine(GQ, hQ, VQ[j], MQ[j])
            eq = make_equilibrium(game, [x / x.sum(), y / y.sum()], False, tol=tol, component=c)
            if eq is None:
                rejected += 1
            else:
                eqs.append(eq)
    for (i, j), c in zip(pairs if exact else (), comps):
        x, y = VP[i], VQ[j]
        sx, sy = sum(x), sum(y)
        eq = make_equilibrium(game, [[v / sx for v in x], [v / sy for v in y]], exact, tol=tol, component=c)
        if eq is None:
            rejected += 1
        else:
            eqs.append(eq)
    warnings = ()
    if rejected:
        warnings = (f"{rejected} vertex pair(s) failed verification and were dropped; the list may be incomplete",)
    ncomp = len(set(e.component for e in eqs))
    return build_result("enummixed", game, eqs, exact, {"exact": exact, "tol": tol}, converged=not rejected,
                        iterations=len(VP) + len(VQ), warnings=warnings,
                        message=(f"{len(eqs)} extreme equilibria in {ncomp} connected component(s); "
                                 f"{len(VP)} + {len(VQ)} polytope vertices; every equilibrium verified"
                                 + (" exactly" if exact else "")))
