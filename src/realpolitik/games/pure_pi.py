"""Pure profiles of a perfect-information tree, many at once: verification, reach and payoffs.

A pure profile of a tree with singleton information sets is a choice per decision node, so
``choice[s, k]`` (``-1`` at chance and terminal nodes) describes ``s`` profiles at once. Two
callers put different things on that axis: :func:`~.spe.subgame_perfect_batch` one profile per
payoff *sample*, and :func:`~.spe.subgame_perfect` every *tied candidate* of one game. Every
floating-point operation here is the scalar code's (``ExtensiveFormGame.subgame_regret``,
``realization``, ``expected_payoffs``), in its order, so results agree bit for bit with it.

``own[k]`` is node ``k``'s payoff vector as a ``(players, s)`` array (or ``(players, 1)`` when the
same for every row) and ``probs[k]`` a chance node's ``(s or 1, actions)`` probabilities.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .extensive_form import ExtensiveFormGame

__all__ = ["applies", "regret", "reach_and_payoffs", "paths", "candidates"]


def regret(game: ExtensiveFormGame, own: Sequence[np.ndarray], probs: dict[int, np.ndarray],
           choice: np.ndarray) -> np.ndarray:
    """Largest regret of any player in any subgame, per row (``subgame_regret``'s one pass)."""
    nodes = game.nodes
    n = choice.shape[0]
    V: list[Any] = [None] * len(nodes)
    BR: list[Any] = [None] * len(nodes)
    worst = np.zeros(n)
    for k in game._postorder:
        nd = nodes[k]
        if nd.kind == "t":
            V[k] = BR[k] = own[k]
            continue
        v, b = own[k], own[k]
        kids = nd.children
        if nd.kind == "c":
            for a, c in enumerate(kids):
                p = probs[k][:, a]
                nz = p != 0
                v = np.where(nz, v + p * V[c], v)
                b = np.where(nz, b + p * BR[c], b)
        else:
            pick = choice[:, k]
            vc, bc = V[kids[-1]], BR[kids[-1]]
            for a in range(len(kids) - 2, -1, -1):
                sel = pick == a
                vc = np.where(sel, V[kids[a]], vc)
                bc = np.where(sel, BR[kids[a]], bc)
            v = v + 1.0 * vc
            b = b + 1.0 * bc
            i = game.infosets[nd.infoset].player
            top = BR[kids[0]][i]
            for c in kids[1:]:
                top = np.maximum(top, BR[c][i])
            b[i] = own[k][i] + top
        V[k], BR[k] = v, b
        worst = np.maximum(worst, (b - v).max(axis=0))
    return worst


def reach_and_payoffs(game: ExtensiveFormGame, own: Sequence[np.ndarray], probs: dict[int, np.ndarray],
                      choice: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reach probability of every node ``(rows, nodes)`` and expected payoffs ``(rows, players)``."""
    nodes = game.nodes
    n = choice.shape[0]
    reach = np.zeros((len(nodes), n))
    reach[0] = 1.0
    tot = np.zeros((game.n_players, n))
    for k, nd in enumerate(nodes):
        if nd.outcome >= 0:
            r = reach[k]
            tot = np.where(r != 0, tot + r * own[k], tot)
        if nd.kind == "t":
            continue
        for a, c in enumerate(nd.children):
            if nd.kind == "c":
                reach[c] = reach[k] * probs[k][:, a]
            else:
                reach[c] = reach[k] * np.where(choice[:, k] == a, 1.0, 0.0)
    return reach.T, tot.T


def paths(game: ExtensiveFormGame, choice: np.ndarray, reach: np.ndarray, probs: dict[int, np.ndarray],
          tol: float = 1e-9) -> list[tuple[str, ...]]:
    """``ExtensiveFormGame.path`` of each pure profile (``player:action`` on the path, prefix order)."""
    nodes = game.nodes
    out = []
    for s, row in enumerate(reach.tolist()):
        steps: list[str] = []
        for k, nd in enumerate(nodes):
            if nd.kind == "t" or row[k] <= tol:
                continue
            h = game.infosets[nd.infoset]
            if h.player < 0:
                p = probs[k][min(s, probs[k].shape[0] - 1)]
                for a, c in enumerate(nd.children):
                    if p[a] > tol and row[c] > tol:
                        steps.append(f"chance:{h.actions[a]}")
                continue
            a = int(choice[s, k])
            if row[nd.children[a]] > tol:
                lab = f"{game.players[h.player]}:{h.actions[a]}"
                if lab not in steps:
                    steps.append(lab)
        out.append(tuple(steps))
    return out


#: most cells (combinations of the children's solutions x nodes) formed at one node before the
#: generic solver is used instead (bounds the memory of one node's step, ~16 MB)
MAX_CELLS = 2_000_000


def applies(game: ExtensiveFormGame) -> bool:
    """True for a tree of perfect information whose every decision and chance node roots a subgame."""
    nodes = game.nodes
    if not nodes or nodes[0].kind == "t" or not game.perfect_information:
        return False
    return list(game.subgame_roots) == [k for k, nd in enumerate(nodes) if nd.kind != "t"]


def candidates(game: ExtensiveFormGame, tol: float, max_equilibria: int, pay: np.ndarray | None = None,
               chance: dict[int, Sequence[float]] | None = None) -> tuple[np.ndarray, list[str]] | None:
    """``spe_candidates``' pure profiles, in its order, as a choice matrix ``(candidates, nodes)``.

    Where :func:`applies`, with finite float payoffs; the same maximisations, tie slack,
    truncation and warnings as :func:`~.spe.spe_candidates`. ``pay`` (nodes, players) and
    ``chance`` (node -> probabilities) replace the game's own payoffs and chance probabilities
    (its shape is all that is used then). None where that does not apply or the combinations
    grow past :data:`MAX_CELLS` (the caller then runs the generic solver).
    """
    if not applies(game):
        return None
    nodes = game.nodes
    nn, P = len(nodes), game.n_players
    inner = [k for k, nd in enumerate(nodes) if nd.kind != "t"]
    pay = game.node_payoffs if pay is None else pay
    if not np.isfinite(pay).all():
        return None
    sols: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # node -> (choices (m, nn), values (m, P))
    warnings: list[str] = []
    for r in reversed(inner):
        nd = nodes[r]
        sub = [c for c in nd.children if nodes[c].kind != "t"]
        sizes = [sols[c][0].shape[0] for c in sub]
        M = int(np.prod(sizes, dtype=np.int64)) if sizes else 1
        if M * nn > MAX_CELLS:
            return None
        idx = np.indices(sizes).reshape(len(sizes), -1) if sizes else np.zeros((0, 1), dtype=np.int64)
        pos = {c: j for j, c in enumerate(sub)}
        child_vals = [sols[c][1][idx[pos[c]]] if c in pos else np.broadcast_to(pay[c], (M, P))
                      for c in nd.children]
        own = pay[r]
        h = game.infosets[nd.infoset]
        if h.player < 0:
            probs = game.chance_probs(nd.infoset, False) if chance is None else list(chance[r])
            if not all(np.isfinite(probs)):
                return None
            acc = np.zeros((M, P))
            for p, cv in zip(probs, child_vals):
                acc = acc + p * cv
            per_combo = np.ones(M, dtype=np.int64)
            tied = np.ones((M, 1), dtype=bool)
            vals = [own + acc]
        else:
            i = h.player
            mine = np.stack([cv[:, i] for cv in child_vals], axis=1)
            best = mine.max(axis=1)
            slack = tol * np.maximum(1.0, np.abs(best))
            tied = mine >= (best - slack)[:, None]
            per_combo = tied.sum(axis=1)
            vals = [own + cv for cv in child_vals]
        # spe_candidates stops before a combination once it holds max_equilibria solutions
        before = np.concatenate([[0], np.cumsum(per_combo)[:-1]])
        keep = before < max_equilibria
        if not keep.all():
            warnings.append(f"more than {max_equilibria} solutions at subgame node {r}; list truncated")
        combo, act = np.nonzero(tied & keep[:, None])
        base = np.full((M, nn), -1, dtype=np.int64)
        for c in sub:
            base = np.maximum(base, sols[c][0][idx[pos[c]]])
        ch = base[combo]
        if h.player >= 0:
            ch[:, r] = act
            value = np.stack(vals, axis=1)[combo, act]
        else:
            value = vals[0][combo]
        sols[r] = (ch, value)
    return sols[0][0], warnings
