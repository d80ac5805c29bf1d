"""All pure-strategy Nash equilibria of an n-player game, vectorised over profiles."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._result import Provenance, Status
from .normal_form import NormalFormGame
from .result import Equilibrium, EquilibriumResult
from .verify import FLOAT_TOL

__all__ = ["pure_equilibria", "pure_equilibrium_mask", "build_result"]


def pure_equilibrium_mask(payoffs: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Boolean array over profiles: True where no player gains more than ``tol`` by a pure deviation.

    ``payoffs`` has shape ``(n_players, n_1, ..., n_n)``. One pass per player
    (a max along that player's axis and a comparison), no Python loop over profiles.
    """
    n = payoffs.shape[0]
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    buf = np.empty(payoffs.shape[1:], dtype=bool)
    for i in range(n):
        best = payoffs[i].max(axis=i, keepdims=True)
        if tol:
            best -= tol
        np.greater_equal(payoffs[i], best, out=buf)
        np.logical_and(mask, buf, out=mask)
    return mask


def build_result(method: str, game: NormalFormGame, eqs: list[Equilibrium], exact: bool,
                 options: dict[str, Any], *, converged: bool = True, iterations: int = 0,
                 warnings: tuple[str, ...] = (), message: str | None = None, **extra: Any) -> EquilibriumResult:
    msg = message or (f"{len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}, every one verified "
                      + ("exactly (regret 0)" if exact else "(max regret <= tol x payoff scale)"))
    return EquilibriumResult._make(method=method, players=game.players, strategies=game.strategies,
                                   equilibria=tuple(eqs), exact=exact, options=options,
                                   status=Status(converged, iterations, tuple(warnings), msg),
                                   provenance=Provenance(f"games.{method}", options), **extra)


def pure_equilibria(game: NormalFormGame, *, exact: bool = False, tol: float = FLOAT_TOL,
                    max_equilibria: int | None = None) -> EquilibriumResult:
    """Every pure Nash equilibrium of ``game`` (any number of players).

    Candidates come from a vectorised best-response check; each is then verified
    (exactly with ``exact=True``).

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> res = pure_equilibria(g)
    >>> [e.profile for e in res.equilibria]
    [((1.0, 0.0), (1.0, 0.0)), ((0.0, 1.0), (0.0, 1.0))]
    """
    pay = game.payoffs
    # integers compare exactly in floating point; otherwise allow rounding slack, then verify
    cand_tol = 0.0 if game.integral else min(tol, 1e-12 * game.payoff_scale)
    mask = pure_equilibrium_mask(pay, cand_tol)
    idx = np.argwhere(mask)
    warnings: list[str] = []
    if max_equilibria is not None and len(idx) > max_equilibria:
        warnings.append(f"{len(idx)} pure equilibria; only the first {max_equilibria} are returned")
        idx = idx[:max_equilibria]
    eqs = []
    rejected = 0
    src = game.exact_payoffs if exact else pay
    for prof in idx:
        eq = _verify_pure(game, src, tuple(int(s) for s in prof), exact, tol)
        if eq is None:
            rejected += 1
        else:
            eqs.append(eq)
    if rejected:
        warnings.append(f"{rejected} candidate profile(s) failed verification and were dropped")
    return build_result("pure", game, eqs, exact, {"exact": exact, "tol": tol, "max_equilibria": max_equilibria},
                        warnings=tuple(warnings), iterations=int(mask.size))


def _verify_pure(game: NormalFormGame, src: np.ndarray, prof: tuple[int, ...], exact: bool,
                 tol: float) -> Equilibrium | None:
    """Regret of a pure profile from the n unilateral-deviation slices (exact when ``src`` holds Fractions)."""
    worst = 0
    vals = []
    for i in range(game.n_players):
        line = src[(i, *prof[:i], slice(None), *prof[i + 1:])]  # type: ignore[arg-type]  # numpy stubs reject a mixed int/slice tuple
        cur = line[prof[i]]
        vals.append(cur)
        worst = max(worst, max(line) - cur)
    if (exact and worst != 0) or (not exact and not worst <= tol):
        return None
    profile = tuple(tuple(1.0 if k == s else 0.0 for k in range(m)) for m, s in zip(game.shape, prof))
    exact_profile = None
    if exact:
        from fractions import Fraction
        exact_profile = tuple(tuple(Fraction(int(k == s)) for k in range(m)) for m, s in zip(game.shape, prof))
    return Equilibrium(profile=profile, payoffs=tuple(float(v) for v in vals), regret=float(worst),
                       exact_profile=exact_profile, exact_payoffs=tuple(vals) if exact else None)
