"""Lemke–Howson for two-player games: one equilibrium from any starting label, and the
set reachable from all labels (the LH graph explored from the artificial equilibrium).

Tableaux (payoffs shifted positive): ``P: B'x + s = 1`` (n rows) and
``Q: A y + r = 1`` (m rows). Variables are indexed by their label:
label ``i < m`` is ``x_i`` in P and ``r_i`` in Q; label ``m + j`` is ``s_j`` in P and
``y_j`` in Q. Ties in the ratio test are broken lexicographically, so the path
is well defined on degenerate games. The floating-point kernel is compiled
with numba; ``exact=True`` runs the same pivots on Fractions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import EngineNotApplicable, InputError
from .normal_form import NormalFormGame
from .pure import build_result
from .result import Equilibrium, EquilibriumResult
from .verify import FLOAT_TOL, make_equilibrium

__all__ = ["lemke_howson", "lemke_howson_all"]

try:  # numba is optional at run time: the pure-NumPy path gives the same pivots
    from numba import njit
except ImportError:  # pragma: no cover
    njit = None  # type: ignore[assignment]  # None marks numba's absence


def _lh_float_py(tabP: np.ndarray, basP: np.ndarray, tabQ: np.ndarray, basQ: np.ndarray, m: int, n: int,
                 k: int, max_iter: int) -> int:
    """Follow the path dropping label k; returns pivots made, or -1 if max_iter was hit."""
    eps = 1e-12
    # enter label k where it is non-basic
    inP = False
    for r in range(n):
        if basP[r] == k:
            inP = True
    use_p = not inP
    enter = k
    for it in range(max_iter):
        if use_p:
            tab, bas, rows, s0 = tabP, basP, n, m
        else:
            tab, bas, rows, s0 = tabQ, basQ, m, 0
        ncol = tab.shape[1] - 1
        # lexicographic minimum ratio test (rhs, then the basis-inverse columns)
        best = -1
        for r in range(rows):
            piv = tab[r, enter]
            if piv <= eps:
                continue
            if best < 0:
                best = r
                continue
            pb = tab[best, enter]
            a = tab[r, ncol] / piv
            b = tab[best, ncol] / pb
            if a < b - eps * (1 + abs(b)):
                best = r
                continue
            if a > b + eps * (1 + abs(b)):
                continue
            w = s0 if use_p else 0
            span = n if use_p else m
            for c in range(w, w + span):
                a = tab[r, c] / piv
                b = tab[best, c] / pb
                if a < b - eps:
                    best = r
                    break
                if a > b + eps:
                    break
        if best < 0:
            return -2
        # pivot
        piv = tab[best, enter]
        for c in range(ncol + 1):
            tab[best, c] /= piv
        for r in range(rows):
            if r != best:
                f = tab[r, enter]
                if f != 0.0:
                    for c in range(ncol + 1):
                        tab[r, c] -= f * tab[best, c]
        leaving = bas[best]
        bas[best] = enter
        if leaving == k:
            return it + 1
        enter = leaving
        use_p = not use_p
    return -1


_lh_float = njit(cache=True)(_lh_float_py) if njit is not None else _lh_float_py


def _lh_solve_py(A: np.ndarray, B: np.ndarray, k: int, max_iter: int):
    """Whole float run: tableaux, path, endpoint and its regret (from the original payoffs)."""
    m, n = A.shape
    amin, bmin = A.min(), B.min()
    tabP = np.zeros((n, m + n + 1))
    tabQ = np.zeros((m, m + n + 1))
    for j in range(n):
        for i in range(m):
            tabP[j, i] = B[i, j] - bmin + 1.0
        tabP[j, m + j] = 1.0
        tabP[j, m + n] = 1.0
    for i in range(m):
        tabQ[i, i] = 1.0
        for j in range(n):
            tabQ[i, m + j] = A[i, j] - amin + 1.0
        tabQ[i, m + n] = 1.0
    basP = np.arange(m, m + n)
    basQ = np.arange(0, m)
    its = _lh_float(tabP, basP, tabQ, basQ, m, n, k, max_iter)
    x = np.zeros(m)
    y = np.zeros(n)
    for r in range(n):
        if basP[r] < m:
            x[basP[r]] = tabP[r, m + n]
    for r in range(m):
        if basQ[r] >= m:
            y[basQ[r] - m] = tabQ[r, m + n]
    sx, sy = x.sum(), y.sum()
    if its < 0 or sx <= 0 or sy <= 0:
        return x, y, its, np.inf, 0.0, 0.0
    x /= sx
    y /= sy
    Ay = A @ y
    xB = x @ B
    v1 = x @ Ay
    v2 = xB @ y
    reg = max(Ay.max() - v1, xB.max() - v2, 0.0)
    return x, y, its, reg, v1, v2


_lh_solve = njit(cache=True)(_lh_solve_py) if njit is not None else _lh_solve_py


def _lh_packed_py(payoffs: np.ndarray, k: int, max_iter: int) -> np.ndarray:
    """:func:`_lh_solve` on the stacked payoffs, packed into one array ``[x, y, its, regret, v1, v2]``
    (one argument in and one array out keeps the call overhead around the compiled kernel small)."""
    m, n = payoffs.shape[1], payoffs.shape[2]
    x, y, its, reg, v1, v2 = _lh_solve(payoffs[0], payoffs[1], k, max_iter)
    out = np.empty(m + n + 4)
    out[:m] = x
    out[m:m + n] = y
    out[m + n] = its
    out[m + n + 1] = reg
    out[m + n + 2] = v1
    out[m + n + 3] = v2
    return out


_lh_packed = njit(cache=True)(_lh_packed_py) if njit is not None else _lh_packed_py


def _tableaux(game: NormalFormGame, exact: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    m, n = game.shape
    one: Fraction | float
    if exact:
        A, B = game.exact_payoffs
        A = A - min(A.ravel()) + 1
        B = B - min(B.ravel()) + 1
        one, zero = Fraction(1), Fraction(0)
        tabP = np.full((n, m + n + 1), zero, dtype=object)
        tabQ = np.full((m, m + n + 1), zero, dtype=object)
    else:
        A = game.payoffs[0] - game.payoffs[0].min() + 1.0
        B = game.payoffs[1] - game.payoffs[1].min() + 1.0
        one = 1.0
        tabP = np.zeros((n, m + n + 1))
        tabQ = np.zeros((m, m + n + 1))
    tabP[:, :m] = B.T
    tabP[:, m:m + n] = np.eye(n, dtype=int)
    tabP[:, -1] = one
    tabQ[:, :m] = np.eye(m, dtype=int)
    tabQ[:, m:m + n] = A
    tabQ[:, -1] = one
    if exact:
        tabP = np.vectorize(Fraction, otypes=[object])(tabP)
        tabQ = np.vectorize(Fraction, otypes=[object])(tabQ)
    basP = np.arange(m, m + n, dtype=np.int64)
    basQ = np.arange(0, m, dtype=np.int64)
    return tabP, basP, tabQ, basQ


def _lh_exact(tabP, basP, tabQ, basQ, m, n, k, max_iter) -> int:
    use_p = k not in set(basP.tolist())
    enter = k
    for it in range(max_iter):
        tab, bas, rows, w = (tabP, basP, n, m) if use_p else (tabQ, basQ, m, 0)
        span = n if use_p else m
        cand = [r for r in range(rows) if tab[r, enter] > 0]
        if not cand:
            return -2
        best = min(cand, key=lambda r: (tab[r, -1] / tab[r, enter],
                                        *[tab[r, c] / tab[r, enter] for c in range(w, w + span)]))
        piv = tab[best, enter]
        tab[best, :] = tab[best, :] / piv
        for r in range(rows):
            if r != best and tab[r, enter] != 0:
                tab[r, :] = tab[r, :] - tab[r, enter] * tab[best, :]
        leaving = int(bas[best])
        bas[best] = enter
        if leaving == k:
            return it + 1
        enter = leaving
        use_p = not use_p
    return -1


def _extract(tabP, basP, tabQ, basQ, m, n, exact) -> list[list[Any]] | None:
    zero = Fraction(0) if exact else 0.0
    x = [zero] * m
    y = [zero] * n
    for r, b in enumerate(basP):
        if b < m:
            x[int(b)] = tabP[r, -1]
    for r, b in enumerate(basQ):
        if b >= m:
            y[int(b) - m] = tabQ[r, -1]
    sx, sy = sum(x), sum(y)
    if sx <= 0 or sy <= 0:
        return None  # the artificial equilibrium
    return [[v / sx for v in x], [v / sy for v in y]]


def _check(game: NormalFormGame) -> None:
    if game.n_players != 2:
        raise EngineNotApplicable(f"Lemke–Howson needs a two-player game; this one has {game.n_players} players",
                                  expected="2 players")


def lemke_howson(game: NormalFormGame, *, label: int = 0, exact: bool = False, tol: float = FLOAT_TOL,
                 max_iter: int = 10_000) -> EquilibriumResult:
    """One equilibrium by Lemke–Howson, dropping ``label`` (0..m+n-1) first.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> res = lemke_howson(g, label=0, exact=True)
    >>> res.equilibria[0].exact_profile
    ((Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    _check(game)
    m, n = game.shape
    if not 0 <= label < m + n:
        raise InputError(f"label {label} out of range", expected=f"0..{m + n - 1}")
    opts = {"label": label, "exact": exact, "tol": tol, "max_iter": max_iter}
    eq: Equilibrium | None
    if not exact:
        packed = _lh_packed(game.payoffs, label, max_iter)
        vals = packed.tolist()
        its, reg, v1, v2 = int(vals[m + n]), vals[m + n + 1], vals[m + n + 2], vals[m + n + 3]
        # the validating wrapper: the kernel's regret comes from the original payoffs, checked here
        if its >= 0 and reg <= tol * game.payoff_scale:
            eq = Equilibrium._make(profile=(tuple(vals[:m]), tuple(vals[m:m + n])), payoffs=(v1, v2),
                                   regret=reg)
            return build_result("lh", game, [eq], exact, opts, iterations=its)
        if its >= 0:
            # polish once before giving up
            eq = make_equilibrium(game, [packed[:m], packed[m:m + n]], False, tol=tol)
            if eq is not None:
                return build_result("lh", game, [eq], exact, opts, iterations=its)
    tabP, basP, tabQ, basQ = _tableaux(game, exact)
    run = _lh_exact if exact else _lh_float
    its = run(tabP, basP, tabQ, basQ, m, n, label, max_iter)
    if its < 0:
        why = "the pivot limit was reached" if its == -1 else "no pivot row (numerical breakdown)"
        return build_result("lh", game, [], exact, opts, converged=False, iterations=max_iter,
                            message=f"Lemke–Howson stopped: {why}; no equilibrium returned")
    prof = _extract(tabP, basP, tabQ, basQ, m, n, exact)
    eq = make_equilibrium(game, prof, exact, tol=tol) if prof is not None else None
    if eq is None:
        return build_result("lh", game, [], exact, opts, converged=False, iterations=its,
                            message="Lemke–Howson ended at a point that failed verification; nothing returned")
    return build_result("lh", game, [eq], exact, opts, iterations=its)


def lemke_howson_all(game: NormalFormGame, *, exact: bool = False, tol: float = FLOAT_TOL,
                     max_iter: int = 10_000, max_equilibria: int = 10_000) -> EquilibriumResult:
    """Every equilibrium reachable by Lemke–Howson paths: from the artificial equilibrium with
    every label, and again from each equilibrium found with every label (the LH graph)."""
    _check(game)
    m, n = game.shape
    start = _tableaux(game, exact)
    run = _lh_exact if exact else _lh_float
    found: dict[Any, Any] = {}
    states = [start]
    seen_states = 0
    pivots = 0
    warnings = []
    while seen_states < len(states) and len(found) < max_equilibria:
        st = states[seen_states]
        seen_states += 1
        for k in range(m + n):
            tabP, basP, tabQ, basQ = (a.copy() for a in st)
            its = run(tabP, basP, tabQ, basQ, m, n, k, max_iter)
            if its < 0:
                warnings.append(f"path dropping label {k} stopped without an endpoint")
                continue
            pivots += its
            prof = _extract(tabP, basP, tabQ, basQ, m, n, exact)
            if prof is None:
                continue
            key = tuple(tuple(v if exact else round(float(v), 9) for v in p) for p in prof)
            if key in found:
                continue
            eq = make_equilibrium(game, prof, exact, tol=tol)
            if eq is None:
                warnings.append(f"an endpoint (label {k}) failed verification and was dropped")
                continue
            found[key] = eq
            states.append((tabP, basP, tabQ, basQ))
    eqs = list(found.values())
    return build_result("lh", game, eqs, exact, {"all_labels": True, "exact": exact, "tol": tol,
                                                   "max_iter": max_iter},
                        iterations=pivots, warnings=tuple(warnings), converged=not warnings,
                        message=f"{len(eqs)} equilibria reachable by Lemke–Howson paths, every one verified")
