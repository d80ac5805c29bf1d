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
from fractions import Fraction
from typing import Any, cast

import numpy as np

from .extensive_form import ExtensiveFormGame, Infoset, Node, Outcome
from .normal_form import NormalFormGame
from .result import EquilibriumResult
from .seqform import behavior_equilibrium, extensive_result, fill_unreached
from .verify import FLOAT_TOL

__all__ = ["subgame_perfect"]

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
                                members=tuple(members.get(new, ()))))
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
    behavs, warnings, nroots = spe_candidates(game, exact, tol, max_equilibria)
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
    if rejected:
        warnings.append(f"{rejected} candidate profile(s) failed the subgame-perfection check and were dropped")
    msg = (f"{len(eqs)} subgame-perfect equilibri{'um' if len(eqs) == 1 else 'a'} over {len(roots)} subgame(s), "
           f"each verified in every subgame" + (" exactly" if exact else ""))
    return extensive_result("spe", game, eqs, exact, {"exact": exact, "tol": tol, "max_equilibria": max_equilibria},
                            converged=not rejected, iterations=len(roots), warnings=tuple(warnings), message=msg)
