"""Sequence-form LCP for two-player extensive games with perfect recall (Koller, Megiddo &
von Stengel 1996), solved by Lemke's algorithm with a lexicographic ratio test.

Realization plans x, y satisfy ``E x = e``, ``F y = f``. With leaf payoffs shifted
to be negative, the equalities may be relaxed to ``E x >= e`` (a best reply never
over-weights a sequence), which gives the standard LCP

    w = q + M z >= 0,  z = (x, y, u, v) >= 0,  z'w = 0,
    M = [[0, -A, -E', 0], [-B', 0, 0, -F'], [E, 0, 0, 0], [0, F, 0, 0]],  q = (0, 0, -e, -f).

Behaviour probabilities are ``x[σa] / Σ_b x[σb]``. Information sets the player's
own plan never reaches are filled with a best reply (not the centroid), and
the profile is then verified as a Nash equilibrium of the tree.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .._result import Status, make_provenance
from ..errors import EngineNotApplicable
from .extensive_form import ExtensiveFormGame
from .result import Equilibrium, EquilibriumResult
from .verify import FLOAT_TOL

__all__ = ["sequence_form", "lemke_lcp", "behavior_equilibrium", "extensive_result"]


def _sequences(game: ExtensiveFormGame, player: int) -> dict[Any, int]:
    seq: dict[Any, int] = {None: 0}
    for h in game.player_infosets[player]:
        for a in range(len(game.infosets[h].actions)):
            seq[(h, a)] = len(seq)
    return seq


def sequence_form(game: ExtensiveFormGame, exact: bool = False):
    """(A, B, E, F, seqs1, seqs2) with payoffs shifted so every leaf entry is negative."""
    seqs = [_sequences(game, 0), _sequences(game, 1)]
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    n1, n2 = len(seqs[0]), len(seqs[1])
    A = np.full((n1, n2), zero, dtype=object if exact else float)
    B = np.full((n1, n2), zero, dtype=object if exact else float)
    # payoff totals along paths, chance weights
    total: list[Any] = [None] * len(game.nodes)
    chance = [one] * len(game.nodes)
    total[0] = game.node_payoff(0, exact)
    maxpay = None
    for k, nd in enumerate(game.nodes):
        if nd.kind == "t":
            mp = max(total[k][:2])
            maxpay = mp if maxpay is None else max(maxpay, mp)
            continue
        probs = game.chance_probs(nd.infoset, exact) if game.infosets[nd.infoset].player < 0 else None
        for a, c in enumerate(nd.children):
            total[c] = [t + p for t, p in zip(total[k], game.node_payoff(c, exact))]
            chance[c] = chance[k] * (probs[a] if probs is not None else one)
    shift = (maxpay if maxpay is not None else zero) + 1
    for k, nd in enumerate(game.nodes):
        if nd.kind != "t":
            continue
        hist = game.own_history[k]
        s1 = seqs[0][hist[0][-1]] if hist[0] else 0
        s2 = seqs[1][hist[1][-1]] if hist[1] else 0
        A[s1, s2] += chance[k] * (total[k][0] - shift)
        B[s1, s2] += chance[k] * (total[k][1] - shift)

    def constraints(player: int):
        hs = game.player_infosets[player]
        E = np.full((1 + len(hs), len(seqs[player])), zero, dtype=object if exact else float)
        E[0, 0] = one
        for r, h in enumerate(hs, start=1):
            par = game.parent_sequence.get(h)
            E[r, seqs[player][par] if par is not None else 0] = -one
            for a in range(len(game.infosets[h].actions)):
                E[r, seqs[player][(h, a)]] = one
        e = np.full(1 + len(hs), zero, dtype=object if exact else float)
        e[0] = one
        return E, e

    E, e = constraints(0)
    F, f = constraints(1)
    return A, B, E, e, F, f, seqs


def lemke_lcp(M: np.ndarray, q: np.ndarray, exact: bool = False, max_iter: int = 100_000) -> tuple[np.ndarray | None, int]:
    """Solve w = q + M z, w, z >= 0, w'z = 0 by Lemke's algorithm (covering vector of ones).

    Returns (z, pivots) or (None, pivots) on a secondary ray / pivot limit.
    """
    N = len(q)
    dtype = object if exact else float
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    eps = 0 if exact else 1e-12
    # tableau columns: w (N), z (N), z0, rhs ;  I w - M z - d z0 = q
    T = np.full((N, 2 * N + 2), zero, dtype=dtype)
    T[:, :N] = np.eye(N, dtype=int)
    T[:, N:2 * N] = -M
    T[:, 2 * N] = -one
    T[:, -1] = q
    if exact:
        T = np.vectorize(Fraction, otypes=[object])(T)
    basis = list(range(N))  # w's
    if all(v >= 0 for v in q):
        return np.full(N, zero, dtype=dtype), 0
    r = min(range(N), key=lambda i: (q[i], i))
    z0 = 2 * N

    def pivot(row: int, col: int) -> None:
        T[row, :] = T[row, :] / T[row, col]
        colv = T[:, col].copy()
        colv[row] = 0
        nz = np.flatnonzero(colv != 0)
        if len(nz):
            T[nz, :] = T[nz, :] - np.outer(colv[nz], T[row, :])

    leaving = basis[r]
    pivot(r, z0)
    basis[r] = z0
    entering = leaving + N if leaving < N else leaving - N
    for it in range(1, max_iter):
        col = T[:, entering]
        cand = [i for i in range(N) if col[i] > eps]
        if not cand:
            return None, it
        # lexicographic ratio test on (rhs, B^-1 columns)
        ratios = [T[i, -1] / col[i] for i in cand]
        mn = min(ratios)
        tied = [i for i, rt in zip(cand, ratios) if rt <= mn + (eps * (1 + abs(mn)) if not exact else 0)]
        c = 0
        while len(tied) > 1 and c < N:
            vals = [T[i, c] / col[i] for i in tied]
            mv = min(vals)
            tied = [i for i, v in zip(tied, vals) if v <= mv + (eps if not exact else 0)]
            c += 1
        row = tied[0]
        # prefer z0 leaving when it ties
        for i in tied:
            if basis[i] == z0:
                row = i
        pivot(row, entering)
        leaving = basis[row]
        basis[row] = entering
        if leaving == z0:
            z = np.full(N, zero, dtype=dtype)
            for i, b in enumerate(basis):
                if N <= b < 2 * N:
                    z[b - N] = T[i, -1]
            return z, it
        entering = leaving + N if leaving < N else leaving - N
    return None, max_iter


def _plan_to_behavior(game: ExtensiveFormGame, player: int, plan: np.ndarray, seqs: dict[Any, int],
                      exact: bool) -> tuple[list[list[Any]], list[bool]]:
    rows, reached = [], []
    for h in game.player_infosets[player]:
        k = len(game.infosets[h].actions)
        vals = [plan[seqs[(h, a)]] for a in range(k)]
        vals = [v if v > 0 else (Fraction(0) if exact else 0.0) for v in vals]
        tot = sum(vals)
        if tot > (0 if exact else 1e-12):
            rows.append([v / tot for v in vals])
            reached.append(True)
        else:
            rows.append([(Fraction(1, k) if exact else 1.0 / k)] * k)
            reached.append(False)
    return rows, reached


def fill_unreached(game: ExtensiveFormGame, behav: list, reached: list[list[bool]], exact: bool) -> list:
    """Replace the choice at information sets the player's own plan excludes by a best reply.

    The best reply is computed bottom-up against the rest of the profile; the
    realized play and hence the equilibrium property are unchanged.
    """
    one = Fraction(1) if exact else 1.0
    zero = one * 0
    for i in range(game.n_players):
        if all(reached[i]):
            continue
        _, choice = game.best_response_value(behav, i, exact)
        for j, h in enumerate(game.player_infosets[i]):
            if not reached[i][j] and h in choice:
                k = len(game.infosets[h].actions)
                behav[i][j] = [one if a == choice[h] else zero for a in range(k)]
    return behav


def behavior_equilibrium(game: ExtensiveFormGame, behav: list, exact: bool, tol: float = FLOAT_TOL,
                         subgame_roots: tuple[int, ...] = (0,)) -> Equilibrium | None:
    """Verify a behaviour profile (regret in every listed subgame) and wrap it, else None."""
    scale = max(1.0, float(np.abs(game.outcome_matrix).max(initial=0.0)) * max(1, len(game.nodes)))
    if not exact:
        # drop rounding dust (|p| < 1e-12) so that paths and tables read cleanly; verified afterwards
        behav = [[_clean(row) for row in rows] for rows in behav]
    worst: Any = Fraction(0) if exact else 0.0
    if game.perfect_information:
        # one bottom-up pass gives every player's regret in every subgame
        worst = max(worst, game.subgame_regret(behav, subgame_roots, exact))
    else:
        for r in subgame_roots:
            cur = _subgame_values(game, behav, exact, r)
            for i in range(game.n_players):
                br, _ = game.best_response_value(behav, i, exact, root=r)
                worst = max(worst, br - cur[i])
    if exact and worst != 0:
        return None
    if not exact and not worst <= tol * scale:
        return None
    pays = game.expected_payoffs(behav, exact)
    return Equilibrium(profile=tuple(tuple(float(p) for row in behav[i] for p in row) for i in range(game.n_players)),
                       payoffs=tuple(float(v) for v in pays), regret=float(max(worst, 0)),
                       exact_profile=(tuple(tuple(Fraction(p) for row in behav[i] for p in row)
                                            for i in range(game.n_players)) if exact else None),
                       exact_payoffs=tuple(pays) if exact else None,
                       path=tuple(game.path(behav)))


def _clean(row: list[Any]) -> list[float]:
    arr = np.asarray(row, dtype=float)
    arr[np.abs(arr) < 1e-12] = 0.0
    tot = arr.sum()
    return list(arr / tot) if tot > 0 else list(arr)


def _subgame_values(game: ExtensiveFormGame, behav: list, exact: bool, root: int) -> list[Any]:
    """Expected payoffs from ``root`` on (outcomes at and below root)."""
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    reach = {root: one}
    tot = [zero] * game.n_players
    for k in game._subtree(root):
        nd = game.nodes[k]
        if nd.outcome >= 0:
            tot = [t + reach[k] * p for t, p in zip(tot, game.node_payoff(k, exact))]
        if nd.kind != "t":
            probs = game._probs_at(behav, k, exact)
            for a, c in enumerate(nd.children):
                reach[c] = reach[k] * probs[a]
    return tot


def extensive_result(method: str, game: ExtensiveFormGame, eqs: list[Equilibrium], exact: bool,
                     options: dict[str, Any], *, converged: bool = True, iterations: int = 0,
                     warnings: tuple[str, ...] = (), message: str = "", extras: dict | None = None) -> EquilibriumResult:
    return EquilibriumResult(method=method, players=game.players,
                             strategies=tuple(tuple(r) for r in game.action_labels()),
                             equilibria=tuple(eqs), exact=exact, options=dict(options),
                             status=Status(converged=converged, iterations=iterations, warnings=tuple(warnings),
                                           message=message),
                             provenance=make_provenance(f"games.{method}", options), form="extensive",
                             extras=dict(extras or {}))


def seqform_lcp(game: ExtensiveFormGame, *, exact: bool = False, tol: float = FLOAT_TOL,
                max_iter: int = 100_000) -> EquilibriumResult:
    """One Nash equilibrium in behaviour strategies of a two-player game with perfect recall.
    """
    if game.n_players != 2:
        raise EngineNotApplicable(f"the sequence-form LCP needs a two-player game; this one has {game.n_players}",
                                  expected="2 players (use 'spe' or 'qre' on the reduced form)")
    game.require_perfect_recall("the sequence-form LCP")
    A, B, E, e, F, f, seqs = sequence_form(game, exact)
    n1, n2 = A.shape
    k1, k2 = E.shape[0], F.shape[0]
    N = n1 + n2 + k1 + k2
    dtype = object if exact else float
    zero = Fraction(0) if exact else 0.0
    M = np.full((N, N), zero, dtype=dtype)
    M[:n1, n1:n1 + n2] = -A
    M[:n1, n1 + n2:n1 + n2 + k1] = -E.T
    M[n1:n1 + n2, :n1] = -B.T
    M[n1:n1 + n2, n1 + n2 + k1:] = -F.T
    M[n1 + n2:n1 + n2 + k1, :n1] = E
    M[n1 + n2 + k1:, n1:n1 + n2] = F
    q = np.concatenate([np.full(n1 + n2, zero, dtype=dtype), -e, -f])
    z, its = lemke_lcp(M, q, exact, max_iter)
    opts = {"exact": exact, "tol": tol, "max_iter": max_iter}
    if z is None:
        return extensive_result("seqform", game, [], exact, opts, converged=False, iterations=its,
                                message="Lemke's algorithm ended on a ray or hit the pivot limit; nothing returned")
    b1, r1 = _plan_to_behavior(game, 0, z[:n1], seqs[0], exact)
    b2, r2 = _plan_to_behavior(game, 1, z[n1:n1 + n2], seqs[1], exact)
    behav = fill_unreached(game, [b1, b2], [r1, r2], exact)
    eq = behavior_equilibrium(game, behav, exact, tol)
    if eq is None:
        return extensive_result("seqform", game, [], exact, opts, converged=False, iterations=its,
                                message="the LCP solution failed verification; nothing returned")
    return extensive_result("seqform", game, [eq], exact, opts, iterations=its,
                            message="one Nash equilibrium in behaviour strategies, verified"
                            + (" exactly" if exact else "")
                            + "; information sets excluded by a player's own plan hold a best reply")
