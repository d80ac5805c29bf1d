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
from itertools import combinations
from math import comb
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

try:  # numba is optional at run time: the pure-Python kernel gives the same answers, slowly
    from numba import njit
except ImportError:  # pragma: no cover
    njit = None  # type: ignore[assignment]  # None marks numba's absence


def _positive(M: np.ndarray) -> np.ndarray:
    return M - M.min() + 1.0


def _best_response_polytopes(game: NormalFormGame) -> tuple[np.ndarray, ...]:
    """Payoffs shifted positive, and both best-response polytopes {x: G x <= h} with interior points.

    P = {x >= 0 : B^T x <= 1} (player 1), Q = {y >= 0 : A y <= 1} (player 2).
    """
    m, n = game.shape
    A = _positive(game.payoffs[0])
    B = _positive(game.payoffs[1])
    GP = np.vstack([-np.eye(m), B.T])
    hP = np.concatenate([np.zeros(m), np.ones(n)])
    GQ = np.vstack([A, -np.eye(n)])
    hQ = np.concatenate([np.ones(m), np.zeros(n)])
    x0 = np.full(m, 0.5 / (m * B.max()))
    y0 = np.full(n, 0.5 / (n * A.max()))
    return A, B, GP, hP, x0, GQ, hQ, y0


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


def _partners_py(G: np.ndarray, h: np.ndarray, unit_col: np.ndarray, idx: np.ndarray, own: np.ndarray,
                 scale: np.ndarray, full: np.int64):
    """For each row of ``idx`` (the ``d`` labels a partner must have), solve ``G[idx] y = h[idx]``.

    Rows ``-e_j`` (``unit_col >= 0``) just fix ``y_j = 0``, so only the payoff rows are eliminated
    (Gaussian elimination with partial pivoting on norm-scaled rows). Status per row: 0 infeasible
    (or zero), 1 a vertex whose labels complete ``own``, 2 undecided (singular system or labels that
    do not check out: the caller takes the exact face route).
    """
    nv, d = idx.shape
    K = G.shape[0]
    Y = np.zeros((nv, d))
    masks = np.zeros(nv, np.int64)
    status = np.zeros(nv, np.int8)
    M = np.empty((d, d + 1))
    free = np.empty(d, np.int64)
    pay = np.empty(d, np.int64)
    for v in range(nv):
        fixed = np.zeros(d, np.bool_)
        npay = 0
        for r in range(d):
            k = idx[v, r]
            if unit_col[k] >= 0:
                fixed[unit_col[k]] = True
            else:
                pay[npay] = k
                npay += 1
        nf = 0
        for c in range(d):
            if not fixed[c]:
                free[nf] = c
                nf += 1
        if nf != npay:
            status[v] = 2
            continue
        for r in range(npay):
            k = pay[r]
            s = 0.0
            for c in range(nf):
                s += G[k, free[c]] * G[k, free[c]]
            s = np.sqrt(s)
            if s == 0.0:
                s = 1.0
            for c in range(nf):
                M[r, c] = G[k, free[c]] / s
            M[r, nf] = h[k] / s
        singular = False
        for c in range(nf):
            p = c
            best = abs(M[c, c])
            for r in range(c + 1, nf):
                if abs(M[r, c]) > best:
                    best = abs(M[r, c])
                    p = r
            if best < 1e-10:
                singular = True
                break
            if p != c:
                for cc in range(c, nf + 1):
                    t = M[c, cc]
                    M[c, cc] = M[p, cc]
                    M[p, cc] = t
            for r in range(c + 1, nf):
                f = M[r, c] / M[c, c]
                if f != 0.0:
                    for cc in range(c, nf + 1):
                        M[r, cc] -= f * M[c, cc]
        if singular:
            status[v] = 2
            continue
        for c in range(nf - 1, -1, -1):
            s = M[c, nf]
            for cc in range(c + 1, nf):
                s -= M[c, cc] * Y[v, free[cc]]
            Y[v, free[c]] = s / M[c, c]
        big = 0.0
        for c in range(d):
            if abs(Y[v, c]) > big:
                big = abs(Y[v, c])
        if big <= 1e-12:
            continue
        mk = np.int64(0)
        feasible = True
        for k in range(K):
            s = h[k]
            for c in range(d):
                s -= G[k, c] * Y[v, c]
            if s < -scale[k]:
                feasible = False
                break
            if abs(s) <= scale[k]:
                mk |= np.int64(1) << np.int64(k)
        if not feasible:
            continue
        masks[v] = mk
        status[v] = 1 if (mk | own[v]) == full else 2
    return Y, masks, status


_partners = njit(cache=True)(_partners_py) if njit is not None else _partners_py


def _face_vertices(G: np.ndarray, h: np.ndarray, N: np.ndarray,
                   limit: int = 20_000) -> dict[int, np.ndarray] | None:
    """Every non-zero vertex of the face ``{y : G y <= h, G[N] y = h[N]}``, keyed by its label bitmask.

    The face is parametrised as ``y = y_p + Z t`` over the null space ``Z`` of ``G[N]``; a vertex is
    where ``dim t`` further constraints are tight, so all such choices are solved in one batch (there
    are few: this is called for degenerate vertices and singular systems). ``None`` when that would
    take more than ``limit`` solves (the caller then enumerates the whole polytope instead).
    """
    d = G.shape[1]
    scale = LABEL_TOL * (1.0 + np.abs(h))
    bits = np.int64(1) << np.arange(G.shape[0], dtype=np.int64)
    if len(N):
        GN = G[N]
        _, sv, vt = np.linalg.svd(GN)
        r = int((sv > 1e-10 * max(1.0, sv.max())).sum())
        y_p, *_ = np.linalg.lstsq(GN, h[N], rcond=None)
        if np.any(np.abs(GN @ y_p - h[N]) > scale[N]):
            return {}
        Z = vt[r:].T
    else:
        r, y_p, Z = 0, np.zeros(d), np.eye(d)
    need = d - r
    rest = np.setdiff1d(np.arange(G.shape[0]), N)
    if need == 0:
        cand = y_p[None, :]
    else:
        if comb(len(rest), need) > limit:
            return None
        S = np.array(list(combinations(rest.tolist(), need)), dtype=np.int64).reshape(-1, need)
        Mt = (G @ Z)[S]                       # (C, need, need)
        rt = (h - G @ y_p)[S]
        sign, logdet = np.linalg.slogdet(Mt)
        # relative to the constraints' own norms: a row that vanishes on the face is singular
        lognorm = np.log(np.linalg.norm(G, axis=1))[S].sum(axis=1)
        ok = (sign != 0) & (logdet - lognorm > np.log(1e-10))
        if not ok.any():
            return {}
        t = np.linalg.solve(Mt[ok], rt[ok][..., None])[..., 0]
        cand = y_p[None, :] + t @ Z.T
    slack = h[None, :] - cand @ G.T
    keep = np.all(slack >= -scale, axis=1) & (np.abs(cand).max(axis=1) > 1e-12)
    out: dict[int, np.ndarray] = {}
    for y, mk in zip(cand[keep], ((np.abs(slack[keep]) <= scale).astype(np.int64) @ bits).tolist()):
        out.setdefault(int(mk), y)
    return out


def _pairs_one_hull(GE: np.ndarray, hE: np.ndarray, zE: np.ndarray, GO: np.ndarray, hO: np.ndarray
                    ) -> tuple[list[np.ndarray], list[int], list[np.ndarray], list[int], int] | None:
    """Completely labelled pairs from the vertices of ONE polytope ``E`` (float, m + n <= 62).

    A vertex of ``E`` with exactly ``dim E`` labels leaves exactly ``dim O`` labels to its partner, which
    is then the unique solution of a square system (one batched solve for all vertices), kept if it is
    feasible. Degenerate vertices and singular systems get every vertex of the partner face
    (:func:`_face_vertices`). Returns the matched vertices of E and O with their label bitmasks (one
    entry per pair) and the number of vertices of E; ``None`` if a face is too large (use both hulls).
    """
    K, dE = GE.shape
    dO = GO.shape[1]
    VE_a = polytope_vertices(GE, hE, zE)
    VE_a = VE_a[np.abs(VE_a).max(axis=1) > 1e-12]
    L = _labels(GE, hE, VE_a)
    bits = np.int64(1) << np.arange(K, dtype=np.int64)
    keys = L.astype(np.int64) @ bits
    # a vertex is determined by its set of tight constraints: merge the triangulated duplicates
    keys, first = np.unique(keys, return_index=True)
    cnt = L.sum(axis=1)[first]
    real = cnt >= dE
    ME_a, VE_a, L, cnt = keys[real], VE_a[first[real]], L[first[real]], cnt[real]
    if not len(ME_a):
        return [], [], [], [], 0
    plain = cnt == dE
    scale = LABEL_TOL * (1.0 + np.abs(hO))
    outE: list[int] = []
    outO: list[np.ndarray] = []
    outMO: list[int] = []
    flagged = list(np.flatnonzero(~plain))
    idx_plain = np.flatnonzero(plain)
    if len(idx_plain):
        idx = np.nonzero(~L[idx_plain])[1].reshape(len(idx_plain), dO)
        # rows -e_j with right-hand side 0 (the non-negativity constraints) only fix y_j = 0
        unit = (hO == 0) & ((GO != 0).sum(axis=1) == 1) & (GO.min(axis=1) == -1.0)
        unit_col = np.where(unit, np.argmin(GO, axis=1), -1).astype(np.int64)
        Y, masksO, status = _partners(np.ascontiguousarray(GO, dtype=float), hO.astype(float), unit_col,
                                      np.ascontiguousarray(idx, dtype=np.int64), ME_a[idx_plain], scale,
                                      np.int64((1 << K) - 1))
        flagged.extend(idx_plain[status == 2].tolist())
        hit = np.flatnonzero(status == 1)
        outE.extend(idx_plain[hit].tolist())
        outO.extend(Y[hit])
        outMO.extend(masksO[hit].tolist())
    fullmask = (1 << K) - 1
    for i in flagged:
        need = np.flatnonzero(~L[i])
        face = _face_vertices(GO, hO, need)
        if face is None:
            return None
        for mk, y in face.items():
            if (mk | int(ME_a[i])) == fullmask:
                outE.append(int(i))
                outO.append(y)
                outMO.append(mk)
    return [VE_a[i] for i in outE], [int(ME_a[i]) for i in outE], outO, outMO, len(ME_a)


def _float_pairs(GP: np.ndarray, hP: np.ndarray, x0: np.ndarray, GQ: np.ndarray, hQ: np.ndarray,
                 y0: np.ndarray, m: int, n: int):
    """Completely labelled vertex pairs in floating point, in the order (label mask of x, of y).

    One Qhull run (on the polytope of lower dimension) plus batched solves for the partners; both
    polytopes are enumerated and matched by bitmask only when a degenerate face is too large for
    :func:`_face_vertices` or the label sets do not fit 62 bits.
    """
    one = None
    if m + n <= 62:
        if m <= n:
            one = _pairs_one_hull(GP, hP, x0, GQ, hQ)
            if one is not None:
                X, MX, Y, MY, nv = one
                work = f"{nv} vertices of player 1's best-response polytope, {len(set(MY))} of player 2's matched"
        else:
            one = _pairs_one_hull(GQ, hQ, y0, GP, hP)
            if one is not None:
                Y, MY, X, MX, nv = one
                work = f"{nv} vertices of player 2's best-response polytope, {len(set(MX))} of player 1's matched"
    if one is not None:
        order = sorted(range(len(MX)), key=lambda k: (MX[k], MY[k]))
        return ([X[k] for k in order], [MX[k] for k in order], [Y[k] for k in order], [MY[k] for k in order],
                work, nv + len(set(MY if m <= n else MX)))
    VP, MP = _vertex_set(GP, hP, x0, None, None)
    VQ, MQ = _vertex_set(GQ, hQ, y0, None, None)
    pairs = _pairs(MP, MQ, m, n)
    return ([VP[i] for i, _ in pairs], [MP[i] for i, _ in pairs], [VQ[j] for _, j in pairs],
            [MQ[j] for _, j in pairs], f"{len(VP)} + {len(VQ)} polytope vertices", len(VP) + len(VQ))


def _verify_float(game: NormalFormGame, GP, hP, GQ, hQ, Xv, MXv, Yv, MYv, comps, tol):
    """Verify every pair at once; only pairs failing the check go through refinement and polishing."""
    eqs: list[Equilibrium] = []
    rejected = 0
    X = np.array(Xv, dtype=float)
    Y = np.array(Yv, dtype=float)
    # vertex coordinates carry rounding dust (|v| ~ 1e-17) on the zero coordinates
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
    ok = (reg <= tol * game.payoff_scale) & (X.min(axis=1) >= 0) & (Y.min(axis=1) >= 0)
    Xl, Yl, v1l, v2l, regl = X.tolist(), Y.tolist(), v1.tolist(), v2.tolist(), reg.tolist()
    for k, c in enumerate(comps):
        if ok[k]:
            eqs.append(Equilibrium(profile=(tuple(Xl[k]), tuple(Yl[k])), payoffs=(v1l[k], v2l[k]),
                                   regret=regl[k], component=c))
            continue
        x, y = _refine(GP, hP, np.asarray(Xv[k]), MXv[k]), _refine(GQ, hQ, np.asarray(Yv[k]), MYv[k])
        eq = make_equilibrium(game, [x / x.sum(), y / y.sum()], False, tol=tol, component=c)
        if eq is None:
            rejected += 1
        else:
            eqs.append(eq)
    return rejected, eqs


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
    res: list[tuple[int, int]] = []
    for ip, mk in enumerate(masksP):
        need_i = full & ~mk
        if bin(mk).count("1") == m:
            res.extend((ip, j) for j in exactQ.get(need_i, ()))
            res.extend((ip, j) for j in degQl if masksQ[j] & need_i == need_i)
        else:
            res.extend((ip, j) for j, mq_ in enumerate(masksQ) if mq_ & need_i == need_i)
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
    from scipy.spatial import QhullError

    try:
        return _enummixed(game, exact, tol)
    except QhullError as exc:
        # Qhull's own diagnostics run to pages; the first line says what failed.
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no detail"
        raise EngineNotApplicable(f"game {game.title or '(untitled)'!r}: Qhull could not build the best-response "
                                  f"polytopes ({first[:120]})",
                                  expected="a game whose payoffs are within the bounds of docs/limits.md; "
                                           "try --method lh or --exact") from None


def _enummixed(game: NormalFormGame, exact: bool, tol: float) -> EquilibriumResult:
    m, n = game.shape
    A, B, GP, hP, x0, GQ, hQ, y0 = _best_response_polytopes(game)
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
    eqs: list[Equilibrium] = []
    rejected = 0
    if exact:
        VP, MP = _vertex_set(GP, hP, x0, GPe, hPe)
        VQ, MQ = _vertex_set(GQ, hQ, y0, GQe, hQe)
        pairs = _pairs(MP, MQ, m, n)
        work = f"{len(VP)} + {len(VQ)} polytope vertices"
        iterations = len(VP) + len(VQ)
        for (i, j), c in zip(pairs, _components(pairs)):
            x, y = VP[i], VQ[j]
            sx, sy = sum(x), sum(y)
            eq = make_equilibrium(game, [[v / sx for v in x], [v / sy for v in y]], True, tol=tol, component=c)
            if eq is None:
                rejected += 1
            else:
                eqs.append(eq)
    else:
        found = _float_pairs(GP, hP, x0, GQ, hQ, y0, m, n)
        Xv, MXv, Yv, MYv, work, iterations = found
        keys = list(zip(MXv, MYv))
        comps = _components(keys)
        if keys:
            rej, eqs = _verify_float(game, GP, hP, GQ, hQ, Xv, MXv, Yv, MYv, comps, tol)
            rejected += rej
    warnings: tuple[str, ...] = ()
    if rejected:
        warnings = (f"{rejected} vertex pair(s) failed verification and were dropped; the list may be incomplete",)
    ncomp = len(set(e.component for e in eqs))
    return build_result("enummixed", game, eqs, exact, {"exact": exact, "tol": tol}, converged=not rejected,
                        iterations=iterations, warnings=warnings,
                        message=(f"{len(eqs)} extreme equilibria in {ncomp} connected component(s); "
                                 f"{work}; every equilibrium verified"
                                 + (" exactly" if exact else "")))
