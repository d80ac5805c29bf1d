"""Regret of strategy profiles: the check every solver's output goes through."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..errors import InputError
from .normal_form import NormalFormGame
from .result import Equilibrium

__all__ = ["strategy_values", "regret", "make_equilibrium", "FLOAT_TOL"]

#: the largest regret a floating-point profile may have to be returned as an equilibrium, relative
#: to the payoff scale max(1, max |payoff|) (so 1e-9 in payoff units for payoffs within [-1, 1])
FLOAT_TOL = 1e-9


def strategy_values(payoffs: np.ndarray, profile: Sequence[Any], player: int) -> np.ndarray:
    """Expected payoff of each pure strategy of ``player`` against the others' mixed strategies."""
    arr = payoffs[player]
    n = arr.ndim
    # contract the other players' axes from the last one down
    for j in reversed(range(n)):
        if j == player:
            continue
        p = np.asarray(profile[j], dtype=arr.dtype)
        arr = np.tensordot(arr, p, axes=([j], [0]))
    return arr


def regret(game: NormalFormGame, profile: Sequence[Any], exact: bool = False) -> tuple[Any, list[Any]]:
    """(max regret over players, expected payoffs) of a mixed profile."""
    pay = game.exact_payoffs if exact else game.payoffs
    prof = [np.asarray(list(p), dtype=object) if exact else np.asarray(p, dtype=float) for p in profile]
    if len(prof) != game.n_players or any(len(p) != k for p, k in zip(prof, game.shape)):
        raise InputError("profile does not match the game's strategies")
    worst: Any = Fraction(0) if exact else 0.0
    values = []
    if game.n_players == 2 and not exact:
        A, B = pay
        Ay = A @ prof[1]
        xB = prof[0] @ B
        v1, v2 = prof[0] @ Ay, xB @ prof[1]
        return max(Ay.max() - v1, xB.max() - v2, 0.0), [v1, v2]
    for i in range(game.n_players):
        v = strategy_values(pay, prof, i)
        cur = (v * prof[i]).sum()
        values.append(cur)
        worst = max(worst, v.max() - cur)
    return worst, values


def make_equilibrium(game: NormalFormGame, profile: Sequence[Any], exact: bool, *,
                     tol: float = FLOAT_TOL, component: int | None = None) -> Equilibrium | None:
    """Verify a profile and wrap it; ``None`` if it is not an equilibrium (within ``tol``, or exactly)."""
    if exact:
        prof = [[Fraction(v) for v in p] for p in profile]
        if any(v < 0 for p in prof for v in p) or any(sum(p) != 1 for p in prof):
            return None
        r, vals = regret(game, prof, exact=True)
        if r != 0:
            return None
        return Equilibrium(profile=tuple(tuple(float(v) for v in p) for p in prof),
                           payoffs=tuple(float(v) for v in vals), regret=0.0,
                           exact_profile=tuple(tuple(p) for p in prof), exact_payoffs=tuple(vals),
                           component=component)
    prof_f = [np.asarray(p, dtype=float) for p in profile]
    if any(not np.all(np.isfinite(p)) for p in prof_f):
        return None
    if any(p.min() < -tol or abs(p.sum() - 1) > tol for p in prof_f):
        return None
    prof_f = [np.clip(p, 0, None) / np.clip(p, 0, None).sum() for p in prof_f]
    r, vals = regret(game, prof_f)
    limit = tol * game.payoff_scale
    if r > 1e-3 * limit and game.n_players == 2:
        pol = polish_bimatrix(game, prof_f)
        if pol is not None:
            r2, vals2 = regret(game, pol)
            if r2 < r:
                prof_f, r, vals = pol, r2, vals2
    if not r <= limit:
        return None
    return Equilibrium(profile=tuple(tuple(float(v) for v in p) for p in prof_f),
                       payoffs=tuple(float(v) for v in vals), regret=float(max(r, 0.0)), component=component)


def polish_bimatrix(game: NormalFormGame, profile: Sequence[np.ndarray]) -> list[np.ndarray] | None:
    """Re-solve the indifference equations on the profile's supports (least squares, scaled payoffs)."""
    A, B = game.payoffs / game.payoff_scale
    x, y = (np.asarray(p, dtype=float) for p in profile)
    out = []
    for mine, other, M in ((x, y, B), (y, x, A.T)):
        # mine's support makes the other's best replies indifferent
        vals = mine @ M
        J = np.flatnonzero(vals >= vals.max() - 1e-9)
        S = np.flatnonzero(mine > 1e-13)
        k = len(S)
        lhs = np.zeros((len(J) + 1, k + 1))
        lhs[:len(J), :k] = M[np.ix_(S, J)].T
        lhs[:len(J), k] = -1.0
        lhs[len(J), :k] = 1.0
        rhs = np.zeros(len(J) + 1)
        rhs[-1] = 1.0
        sol, *_ = np.linalg.lstsq(lhs, rhs, rcond=None)
        new = np.zeros_like(mine)
        new[S] = sol[:k]
        if new.min() < -1e-12:
            return None
        new = np.clip(new, 0, None)
        out.append(new / new.sum())
    return out
