"""Two-player constant-sum games by linear programming (maximin = minimax)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import EngineNotApplicable
from ._linalg import solve_fraction
from .normal_form import NormalFormGame
from .pure import build_result
from .result import EquilibriumResult
from .verify import FLOAT_TOL, make_equilibrium

__all__ = ["zero_sum_lp"]


def _maximin(M: np.ndarray) -> np.ndarray:
    """Row player's maximin mixed strategy of payoff matrix M (rows maximise)."""
    from scipy.optimize import linprog

    m, n = M.shape
    # variables (x_1..x_m, v): maximise v s.t. M^T x >= v, sum x = 1, x >= 0
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res.status != 0:
        raise RuntimeError(res.message)
    return np.clip(res.x[:m], 0, None)


def _exact_from_support(M: list[list[Fraction]], x: np.ndarray, y: np.ndarray) -> list[Fraction] | None:
    """Exact maximin strategy on the float solution's supports: M^T x = v on supp(y), sum x = 1."""
    S = [i for i in range(len(x)) if x[i] > 1e-9]
    T = [j for j in range(len(y)) if y[j] > 1e-9]
    rows = [[M[i][j] for i in S] + [Fraction(-1)] for j in T] + [[Fraction(1)] * len(S) + [Fraction(0)]]
    rhs = [Fraction(0)] * len(T) + [Fraction(1)]
    sol = solve_fraction(rows, rhs)
    if sol is None:
        return None
    out = [Fraction(0)] * len(x)
    for i, v in zip(S, sol[:-1]):
        out[i] = v
    return out


def zero_sum_lp(game: NormalFormGame, *, exact: bool = False, tol: float = FLOAT_TOL) -> EquilibriumResult:
    """One equilibrium (the optimal strategies) of a two-player constant-sum game.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> zero_sum_lp(g, exact=True).equilibria[0].exact_profile
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    if game.n_players != 2:
        raise EngineNotApplicable("the LP method needs a two-player game", expected="2 players")
    if not game.is_zero_sum(tol=1e-12 * game.payoff_scale):
        raise EngineNotApplicable("the LP method needs a constant-sum game (payoffs summing to a constant)",
                                  expected="a zero-sum or constant-sum game (use 'enummixed' or 'lh')")
    A = game.payoffs[0]
    x = _maximin(A)
    y = _maximin(-A.T)
    opts = {"exact": exact, "tol": tol}
    prof: list = [x, y]
    if exact:
        Ae = game.exact_payoffs[0].tolist()
        xe = _exact_from_support(Ae, x, y)
        ye = _exact_from_support([[-Ae[i][j] for i in range(len(Ae))] for j in range(len(Ae[0]))], y, x)
        if xe is None or ye is None:
            return build_result("lp", game, [], exact, opts, converged=False,
                                message="could not recover an exact solution from the LP's supports; nothing returned")
        prof = [xe, ye]
    eq = make_equilibrium(game, prof, exact, tol=tol)
    if eq is None:
        return build_result("lp", game, [], exact, opts, converged=False,
                            message="the LP solution failed verification; nothing returned")
    return build_result("lp", game, [eq], exact, opts, message=f"value {eq.payoffs[0]:.6g}; equilibrium verified"
                        + (" exactly" if exact else ""))
