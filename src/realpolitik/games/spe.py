"""Subgame-perfect equilibria by backward induction over subgames.

Subgames are solved deepest first. A subgame whose root is a decision node
followed directly by solved subgames or leaves is solved by maximisation; a tie
between actions yields one equilibrium per tied action, so *every* SPE in which
ties are broken by pure choices is listed (mixtures over tied actions are SPEs
too but, once they change other players' values upstream, they form no simple
set). Chance nodes take expectations. A subgame with imperfect information and
no proper subgame is solved on its reduced strategic form: all extreme
equilibria when it has two active players, all pure equilibria (else one
logit-traced equilibrium) with more. Every combination of the subgames'
solutions is propagated upwards, and each final profile is verified: regret
at most the tolerance in *every* subgame.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np

from ..errors import EngineNotApplicable
from .extensive_form import ExtensiveFormGame, Infoset, Node, Outcome
from .normal_form import NormalFormGame
from .result import EquilibriumResult
from . import pure_pi
from .result import Equilibrium
from .seqform import behavior_equilibrium, extensive_result, fill_unreached
from .verify import FLOAT_TOL

__all__ = ["subgame_perfect", "subgame_perfect_batch", "BatchSPE", "batch_tree_ok"]

Solution = tuple[dict[int, list[Any]], list[Any]]  # (infoset -> probabilities, value vector from the root)


def _region(game: ExtensiveFormGame, r: int, roots: set[int]) -> tuple[list[int], list[int]]:
    """Nodes of the subgame at r down to (not into) nested subgame roots; and those nested roots."""
    inner, boundary = [], []
    stack = [r]
    while stack:
        k = stack.pop()
        if k != r and k in roots:
            boundary.append(k)
            continue
        inner.append(k)
        stack.extend(reversed(game.nodes[k].children))
    return inner, boundary


def _collapsed(game: ExtensiveFormGame, r: int, roots: set[int], values: dict[int, list[Any]],
               exact: bool) -> tuple[ExtensiveFormGame, dict[int, int]]:
    """The subgame at r with every nested subgame replaced by a leaf paying its value."""
    nodes: list[dict[str, Any]] = []
    outcomes = list(game.outcomes)
    outvals = [list(row) for row in game.outcome_matrix]
    h_new: dict[int, int] = {}
    h_list: list[int] = []

    def add(k: int, parent: int, action: int) -> int:
        nd = game.nodes[k]
        idx = len(nodes)
        if k != r and k in roots:
            val = values[k]
            outcomes.append(Outcome(f"subgame {k}", tuple(Fraction(v) for v in val)))
            outvals.append([float(v) for v in val])
            nodes.append({"kind": "t", "label": nd.label, "infoset": -1, "outcome": len(outcomes) - 1,
                          "children": [], "parent": parent, "action": action})
            return idx
        hi = -1
        if nd.kind != "t":
            if nd.infoset not in h_new:
                h_new[nd.infoset] = len(h_list)
                h_list.append(nd.infoset)
            hi = h_new[nd.infoset]
        nodes.append({"kind": nd.kind, "label": nd.label, "infoset": hi, "outcome": nd.outcome,
                      "children": [], "parent": parent, "action": action})
        for a, c in enumerate(nd.children):
            nodes[idx]["children"].append(add(c, idx, a))
        return idx

    add(r, -1, -1)
    members: dict[int, list[int]] = {}
    for k, d in enumerate(nodes):
        if d["infoset"] >= 0:
            members.setdefault(d["infoset"], []).append(k)
    infosets = []
    for new, old in enumerate(h_list):
        h = game.infosets[old]
        infosets.append(Infoset(player=h.player, number=h.number, label=h.label, actions=h.actions, probs=h.probs,
                                members=tuple(members.get(new, ())), action_labels=h.action_labels))
    sub = ExtensiveFormGame(
        players=game.players,
        nodes=tuple(Node(kind=d["kind"], label=d["label"], infoset=d["infoset"], outcome=d["outcome"],
                         children=tuple(d["children"]), parent=d["parent"], action_from_parent=d["action"])
                    for d in nodes),
        infosets=tuple(infosets), outcomes=tuple(outcomes), title=f"subgame at node {r}",
        outcome_values=None if (exact and game.outcome_values is None) else np.array(outvals, dtype=float))
    return sub, {new: old for new, old in enumerate(h_list)}


def _solve_region(sub: ExtensiveFormGame, exact: bool, tol: float) -> list[list]:
    """Nash equilibria (behaviour profiles) of a subgame without proper subgames."""
    from .enummixed import enummixed
    from .pure import pure_equilibria
    from .qre import logit_qre

    nf = sub.reduced_normal_form()
    active = [i for i in range(sub.n_players) if sub.player_infosets[i]]
    if len(active) == 2:
        idx = tuple(0 if i not in active else slice(None) for i in range(sub.n_players))
        pay = np.stack([nf.payoffs[i][idx] for i in active])
        ex = np.stack([nf.exact_payoffs[i][idx] for i in active]) if exact else None
        two = NormalFormGame(players=tuple(sub.players[i] for i in active),
                             strategies=tuple(nf.strategies[i] for i in active), payoffs=pay, exact_source=ex)
        res = enummixed(two, exact=exact, tol=tol)
        mixes = []
        for e in res.equilibria:
            prof = cast("tuple[tuple[Any, ...], ...]", e.exact_profile if exact else e.profile)  # exact solves set it
            full: list[Any] = [[Fraction(1) if exact else 1.0]] * sub.n_players
            for i, p in zip(active, prof):
                full[i] = list(p)
            mixes.append(full)
    else:
        res = pure_equilibria(nf, exact=exact, tol=tol)
        mixes = [list(map(list, cast("tuple[tuple[Any, ...], ...]", e.exact_profile if exact else e.profile)))
                 for e in res.equilibria]
        if not mixes:
            q = logit_qre(nf, tol=tol)
            mixes = [list(map(list, e.profile)) for e in q.equilibria]
    out = []
    for mix in mixes:
        behav, reached = sub.mixed_to_behavior(mix, exact)
        out.append(fill_unreached(sub, behav, reached, exact))
    return out


def spe_candidates(game: ExtensiveFormGame, exact: bool = False, tol: float = FLOAT_TOL,
                   max_equilibria: int = 1000) -> tuple[list[list], list[str], int]:
    """Backward induction over subgames: candidate behaviour profiles (not yet verified)."""
    game.require_perfect_recall("subgame-perfect equilibrium")
    roots = list(game.subgame_roots)
    rootset = set(roots)
    zero = Fraction(0) if exact else 0.0
    sols: dict[int, list[Solution]] = {}
    warnings: list[str] = []
    for r in reversed(roots):
        inner, boundary = _region(game, r, rootset)
        nd = game.nodes[r]
        combos = itertools.product(*[sols[b] for b in boundary]) if boundary else [()]
        out: list[Solution] = []
        simple = all(game.nodes[c].kind == "t" or c in rootset for c in nd.children)
        for combo in combos:
            if len(out) >= max_equilibria:
                warnings.append(f"more than {max_equilibria} solutions at subgame node {r}; list truncated")
                break
            assign: dict[int, list[Any]] = {}
            values: dict[int, list[Any]] = {}
            for b, (a_b, v_b) in zip(boundary, combo):
                assign.update(a_b)
                values[b] = v_b
            own = game.node_payoff(r, exact)
            if simple:
                child_vals = [values[c] if c in rootset else game.node_payoff(c, exact) for c in nd.children]
                h = game.infosets[nd.infoset]
                if h.player < 0:
                    probs = game.chance_probs(nd.infoset, exact)
                    v = [o + sum((p * cv[i] for p, cv in zip(probs, child_vals)), zero)
                         for i, o in enumerate(own)]
                    out.append((assign, v))
                    continue
                i = h.player
                best = max(cv[i] for cv in child_vals)
                slack = 0 if exact else tol * max(1.0, abs(float(best)))
                k = len(h.actions)
                for a, cv in enumerate(child_vals):
                    if cv[i] >= best - slack:
                        one = Fraction(1) if exact else 1.0
                        new = dict(assign)
                        new[nd.infoset] = [one if b == a else one * 0 for b in range(k)]
                        out.append((new, [o + c for o, c in zip(own, cv)]))
                continue
            sub, hmap = _collapsed(game, r, rootset, values, exact)
            for behav in _solve_region(sub, exact, tol):
                new = dict(assign)
                for i, hs in enumerate(sub.player_infosets):
                    for j, hnew in enumerate(hs):
                        new[hmap[hnew]] = list(behav[i][j])
                val = sub.expected_payoffs(behav, exact)
                out.append((new, val))
        sols[r] = out
    behavs = []
    for assign, _ in sols.get(0, [({}, [])]):  # a tree that is a single leaf has one (empty) profile
        behav = [[list(assign.get(h, [])) for h in hs] for hs in game.player_infosets]
        for i, hs in enumerate(game.player_infosets):
            for j, hk in enumerate(hs):
                if not behav[i][j]:
                    k = len(game.infosets[hk].actions)
                    behav[i][j] = [(Fraction(1, k) if exact else 1.0 / k)] * k
        behavs.append(behav)
    return behavs, warnings, len(roots)


def subgame_perfect(game: ExtensiveFormGame, *, exact: bool = False, tol: float = FLOAT_TOL,
                    max_equilibria: int = 1000) -> EquilibriumResult:
    """Subgame-perfect equilibria (all of them under ties at perfect-information nodes).

    Examples
    --------
    >>> from realpolitik.games import read_efg_string
    >>> g = read_efg_string('EFG 2 R "entry" { "E" "I" } '
    ...   'p "" 1 1 "" { "out" "in" } 0 t "" 1 "o" { 0, 2 } '
    ...   'p "" 2 1 "" { "fight" "share" } 0 t "" 2 "f" { -1, -1 } t "" 3 "s" { 1, 1 }')
    >>> res = subgame_perfect(g)
    >>> res.equilibria[0].path
    ('E:in', 'I:share')
    """
    game.require_perfect_recall("subgame-perfect equilibrium")
    roots = list(game.subgame_roots)
    pure = None if exact else pure_pi.candidates(game, tol, max_equilibria)
    if pure is not None:
        # perfect information: every candidate is pure, so all of them are verified in one pass
        eqs, rejected, warnings = _verified_pure(game, pure[0], tol)
        warnings = pure[1] + warnings
    else:
        eqs, rejected, warnings = _verified(game, exact, tol, max_equilibria, roots)
    if rejected:
        warnings.append(f"{rejected} candidate profile(s) failed the subgame-perfection check and were dropped")
    msg = (f"{len(eqs)} subgame-perfect equilibri{'um' if len(eqs) == 1 else 'a'} over {len(roots)} subgame(s), "
           f"each verified in every subgame" + (" exactly" if exact else ""))
    return extensive_result("spe", game, eqs, exact, {"exact": exact, "tol": tol, "max_equilibria": max_equilibria},
                            converged=not rejected, iterations=len(roots), warnings=tuple(warnings), message=msg)


def _verified(game: ExtensiveFormGame, exact: bool, tol: float, max_equilibria: int,
              roots: list[int]) -> tuple[list[Equilibrium], int, list[str]]:
    """The candidates of :func:`spe_candidates`, deduplicated, each verified in every subgame."""
    behavs, warnings, _ = spe_candidates(game, exact, tol, max_equilibria)
    eqs = []
    seen = set()
    rejected = 0
    for behav in behavs:
        key = tuple(round(float(p), 9) for row in behav for r_ in row for p in r_)
        if key in seen:
            continue
        seen.add(key)
        eq = behavior_equilibrium(game, behav, exact, tol, subgame_roots=tuple(roots))
        if eq is None:
            rejected += 1
        else:
            eqs.append(eq)
    return eqs, rejected, warnings


def _first_of_each(rows: np.ndarray) -> tuple[list[int], list[int]]:
    """Index of the first occurrence of each distinct row (in order) and each row's group."""
    groups: dict[bytes, int] = {}
    first: list[int] = []
    inv = []
    for s, key in enumerate(map(bytes, np.ascontiguousarray(rows))):
        g = groups.setdefault(key, len(first))
        if g == len(first):
            first.append(s)
        inv.append(g)
    return first, inv


def _pure_verdicts(game: ExtensiveFormGame, pay: np.ndarray, outcome_values: np.ndarray,
                   probs: dict[int, np.ndarray], choice: np.ndarray,
                   tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Distinct candidates (first occurrences, in order), their regret and whether each passes
    :func:`~.seqform.behavior_equilibrium`'s test; and the per-node payoff columns used."""
    choice = choice[_first_of_each(choice)[0]]
    own = [pay[k][:, None] for k in range(len(game.nodes))]
    scale = max(1.0, float(np.abs(outcome_values).max(initial=0.0)) * max(1, len(game.nodes)))
    worst = pure_pi.regret(game, own, probs, choice)
    return choice, worst, worst <= tol * scale, own


def _resolve_rows(game: ExtensiveFormGame, vals: np.ndarray, probs: dict[int, np.ndarray], tol: float,
                  max_equilibria: int, rows: np.ndarray, count: np.ndarray, choice: np.ndarray) -> None:
    """Solve the batch's left-over samples (near-ties, many tied solutions) as :func:`subgame_perfect` does.

    Each row's tied candidates are enumerated and verified together (:mod:`.pure_pi`), which is the
    scalar solver's own path for these trees; ``count``, ``choice`` and ``rows`` (the fallback
    mask) are updated in place for every row that has a verified equilibrium.
    """
    if not pure_pi.applies(game):
        return
    nodes = game.nodes
    outcome = np.array([nd.outcome for nd in nodes])
    for s in np.flatnonzero(rows & np.isfinite(vals).reshape(len(vals), -1).all(axis=1)).tolist():
        pay = np.where((outcome >= 0)[:, None], vals[s][np.maximum(outcome, 0)], 0.0)
        row_probs = {k: p[s] for k, p in probs.items()}
        pure = pure_pi.candidates(game, tol, max_equilibria, pay=pay, chance=row_probs)
        if pure is None:
            continue
        cand, _, ok, _ = _pure_verdicts(game, pay, vals[s], {k: p[None, :] for k, p in row_probs.items()},
                                        pure[0], tol)
        if ok.any():
            count[s] = int(ok.sum())
            choice[s] = cand[int(np.argmax(ok))]
            rows[s] = False


def _verified_pure(game: ExtensiveFormGame, choice: np.ndarray, tol: float) -> tuple[list[Equilibrium], int, list[str]]:
    """What :func:`_verified` gives for pure candidates of a perfect-information tree, vectorised.

    Distinct choice rows are distinct profiles (the deduplication of :func:`_verified`); regret,
    reach and payoffs are :mod:`.pure_pi`'s, which repeat the scalar arithmetic bit for bit.
    """
    probs = {k: np.asarray(game.chance_probs(nd.infoset, False), dtype=float)[None, :]
             for k, nd in enumerate(game.nodes) if nd.kind == "c"}
    choice, worst, ok, own = _pure_verdicts(game, game.node_payoffs, game.outcome_matrix, probs, choice, tol)
    good = choice[ok]
    reach, pays = pure_pi.reach_and_payoffs(game, own, probs, good)
    # candidates that differ only off the path share its words: one path per distinct on-path play
    first, inv = _first_of_each(np.where(reach > 1e-9, good, -2))
    uniq = pure_pi.paths(game, good[first], reach[first], probs)
    profiles = []
    for hs in game.player_infosets:  # one-hot rows of every own information set, file order
        cols = [(game.infosets[h].members[0], a) for h in hs for a in range(len(game.infosets[h].actions))]
        if cols:
            node, act = (np.array(x) for x in zip(*cols))
            profiles.append([tuple(r) for r in (good[:, node] == act).astype(float).tolist()])
        else:
            profiles.append([()] * len(good))
    regrets = np.maximum(worst[ok], 0.0).tolist()
    eqs = [Equilibrium(profile=tuple(p[s] for p in profiles), payoffs=tuple(row), regret=regrets[s],
                       exact_profile=None, exact_payoffs=None, path=uniq[u])
           for s, (row, u) in enumerate(zip(pays.tolist(), inv))]
    return eqs, int((~ok).sum()), []


# ---------------------------------------------------------------------------------------------- batch axis
@dataclass(frozen=True)
class BatchSPE:
    """Subgame-perfect solutions of one perfect-information tree for many payoff draws at once.

    For every sample ``s`` (rows) this holds what :func:`subgame_perfect` returns for the game with
    those payoffs and chance probabilities, where ``fallback[s]`` is False:

    * ``n_equilibria[s]`` - how many equilibria it lists (ties give one per tied action);
    * ``choice[s, k]`` - the action of the *first* listed equilibrium at decision node ``k`` (-1 at
      chance and terminal nodes);
    * ``reach[s, k]`` - the probability of reaching node ``k`` under that equilibrium;
    * ``payoffs[s]`` - its expected payoffs (the same floating-point sums as the scalar solver).

    Near-ties within the tolerance and many tied solutions are resolved per sample by enumerating
    and verifying that sample's tied candidates together, the path :func:`subgame_perfect` itself
    takes on these trees. Where ``fallback[s]`` is True (a non-finite payoff or probability, a
    sample with no verified equilibrium, a tree whose nodes do not all root subgames) solve that
    sample with :func:`subgame_perfect`.
    """

    n_equilibria: np.ndarray
    choice: np.ndarray
    reach: np.ndarray
    payoffs: np.ndarray
    fallback: np.ndarray


#: most tied partial solutions tracked per node before the whole batch is handed to the scalar solver
MAX_BATCH_SLOTS = 64


def batch_tree_ok(game: ExtensiveFormGame) -> bool:
    """True if :func:`subgame_perfect_batch` applies: perfect information (chance moves allowed)."""
    return game.perfect_information and bool(game.nodes)


def subgame_perfect_batch(game: ExtensiveFormGame, outcome_values: np.ndarray, chance: list[np.ndarray], *,
                          tol: float = FLOAT_TOL, max_equilibria: int = 1000) -> BatchSPE:
    """Backward induction of a perfect-information tree on the batch axis.

    ``outcome_values`` is ``(n, n_outcomes, n_players)``; ``chance[c]`` is ``(n, n_actions)`` for the
    ``c``-th chance information set (file order). Only the *shape* of ``game`` is used. Every
    floating-point operation is the scalar solver's, in its order, so that results agree bit for bit
    with :func:`subgame_perfect` on each sample's game (see :class:`BatchSPE`).

    Examples
    --------
    >>> from realpolitik.games import read_efg_string
    >>> g = read_efg_string('EFG 2 R "entry" { "E" "I" } '
    ...   'p "" 1 1 "" { "out" "in" } 0 t "" 1 "o" { 0, 2 } '
    ...   'p "" 2 1 "" { "fight" "share" } 0 t "" 2 "f" { -1, -1 } t "" 3 "s" { 1, 1 }')
    >>> vals = np.array([[[0, 2], [-1, -1], [1, 1]], [[0, 2], [-1, -1], [-2, 1]]], dtype=float)
    >>> b = subgame_perfect_batch(g, vals, [])
    >>> b.choice[:, 0].tolist(), b.payoffs.tolist()
    ([1, 0], [[1.0, 1.0], [0.0, 2.0]])
    """
    if not batch_tree_ok(game):
        raise EngineNotApplicable("the batch solver needs a game of perfect information",
                                  expected="singleton information sets")
    vals = np.asarray(outcome_values, dtype=float)
    n = vals.shape[0]
    nodes = game.nodes
    nn, P = len(nodes), game.n_players
    fallback = ~np.isfinite(vals).reshape(n, -1).all(axis=1)
    chance_of: dict[int, int] = {}
    for h, info in enumerate(game.infosets):
        if info.player < 0:
            chance_of[h] = len(chance_of)
    probs: dict[int, np.ndarray] = {}
    for k, nd in enumerate(nodes):
        if nd.kind == "c":
            p = np.asarray(chance[chance_of[nd.infoset]], dtype=float)
            fallback |= ~np.isfinite(p).all(axis=1)
            probs[k] = p
    # values are kept as (players, samples): per-player rows are contiguous and selections are np.where
    zeros = np.zeros((P, n))
    by_outcome = np.ascontiguousarray(vals.transpose(1, 2, 0))  # one copy; each outcome's (P, n) is contiguous
    own = [by_outcome[nd.outcome] if nd.outcome >= 0 else zeros for nd in nodes]
    post = game._postorder
    # 1. the first listed solution: lowest tied action at every node, values as spe_candidates sums them
    val: list[Any] = [None] * nn
    choice = np.full((n, nn), -1, dtype=np.int64)
    tie = np.zeros(n, dtype=bool)
    for k in post:
        nd = nodes[k]
        if nd.kind == "t":
            val[k] = own[k]
            continue
        kids = nd.children
        if nd.kind == "c":
            acc = zeros
            for a, c in enumerate(kids):
                acc = acc + probs[k][:, a] * val[c]
            val[k] = own[k] + acc
            continue
        i = game.infosets[nd.infoset].player
        best = val[kids[0]][i]
        for c in kids[1:]:
            best = np.maximum(best, val[c][i])
        thr = best - tol * np.maximum(1.0, np.abs(best))
        pick = np.full(n, len(kids) - 1, dtype=np.int64)
        ntied = np.zeros(n, dtype=np.int64)
        for a in range(len(kids) - 1, -1, -1):
            mine = val[kids[a]][i]
            t = mine >= thr
            fallback |= t & (mine != best)  # a near-tie: leave it to the scalar solver
            ntied += t
            pick = np.where(t, a, pick)
        tie |= ntied > 1
        choice[:, k] = pick
        chosen = val[kids[-1]]
        for a in range(len(kids) - 2, -1, -1):
            chosen = np.where(pick == a, val[kids[a]], chosen)
        val[k] = own[k] + chosen
    # 2. how many solutions the scalar solver lists: one unless an exact tie occurred somewhere
    count = np.ones(n)
    if tie.any():
        sub = np.flatnonzero(tie)
        cnt = _count_solutions(game, [o[:, sub] for o in own], [v[:, sub] if v is not None else None for v in val],
                               {k: p[sub] for k, p in probs.items()}, sub.size, tol)
        if cnt is None:
            fallback[sub] = True
        else:
            count[sub] = cnt
    fallback |= count >= max_equilibria
    # 3. verification of the first solution (subgame_regret's pass) and 4. its reach and payoffs
    worst = pure_pi.regret(game, own, probs, choice)
    scale = np.maximum(1.0, np.abs(vals).reshape(n, -1).max(axis=1, initial=0.0) * max(1, nn))
    fallback |= ~(worst <= tol * scale)
    _resolve_rows(game, vals, probs, tol, max_equilibria, fallback, count, choice)
    reach, payoffs = pure_pi.reach_and_payoffs(game, own, probs, choice)
    return BatchSPE(n_equilibria=count, choice=choice, reach=reach, payoffs=payoffs, fallback=fallback)


def _count_solutions(game: ExtensiveFormGame, own: list[Any], first: list[Any], probs: dict[int, np.ndarray],
                     n: int, tol: float) -> np.ndarray | None:
    """Per sample, the length of the scalar solver's solution list at the root (None: too many slots).

    Each node keeps "slots" (a mask of the samples that have it and their value vector), in the order
    spe_candidates lists its solutions: the product of the children's solutions, then tied actions.
    """
    nodes = game.nodes
    slots: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
    allrows = np.ones(n, dtype=bool)
    for k in game._postorder:
        nd = nodes[k]
        if nd.kind == "t":
            continue
        kids = [slots.get(c, [(allrows, first[c])]) if nodes[c].kind != "t" else [(allrows, own[c])]
                for c in nd.children]
        out: list[tuple[np.ndarray, np.ndarray]] = []
        i = -1 if nd.kind == "c" else game.infosets[nd.infoset].player
        for combo in itertools.product(*kids):
            mask = allrows
            for m, _ in combo:
                mask = mask & m
            if not mask.any():
                continue
            cv = [v for _, v in combo]
            if nd.kind == "c":
                acc = np.zeros_like(own[k])
                for a, v in enumerate(cv):
                    acc = acc + probs[k][:, a] * v
                out.append((mask, own[k] + acc))
                continue
            mine = np.stack([v[i] for v in cv], axis=1)
            best = mine.max(axis=1)
            tied = mine >= (best - tol * np.maximum(1.0, np.abs(best)))[:, None]
            for a, v in enumerate(cv):
                m = mask & tied[:, a]
                if m.any():
                    out.append((m, own[k] + v))
        if len(out) > MAX_BATCH_SLOTS:
            return None
        slots[k] = out
    root = slots.get(0, [(allrows, own[0])])
    return np.sum([m for m, _ in root], axis=0).astype(float) if nodes[0].kind != "t" else np.ones(n)
