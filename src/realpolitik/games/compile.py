"""Compiling a scenario's :class:`~realpolitik.scenario.games_spec.GameSpec` into a game.

The structure (tree, information sets, expressions) is compiled once
(:func:`compile_spec`); :meth:`CompiledGame.game` then builds the game for one
set of parameter values, and :meth:`CompiledGame.outcome_table` evaluates every
payoff for a whole vector of Monte Carlo samples at once, so the uncertainty
pillar can re-solve a game per sample cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, cast

import numpy as np

from ..bounds import MAX_GAME_NODES
from ..errors import InputError
from .expr import Expression, parse_expression
from .extensive_form import ExtensiveFormGame, Infoset, Node, Outcome
from .normal_form import NormalFormGame

__all__ = ["CompiledGame", "compile_spec", "compile_game"]


@dataclass(frozen=True, eq=False)
class CompiledGame:
    """A game spec with its structure fixed and its numbers still symbolic."""

    spec: Any
    players: tuple[str, ...]
    player_names: tuple[str, ...]
    form: str
    nodes: tuple[Node, ...] = ()
    #: (player, number, label, actions, chance-probability expressions or None, member nodes)
    infoset_specs: tuple[tuple[int, int, str, tuple[str, ...], tuple[Expression, ...] | None, tuple[int, ...]], ...] = ()
    #: per outcome: a label and one expression (sum of payoff and rank) per player
    outcome_exprs: tuple[tuple[str, tuple[Expression, ...]], ...] = ()
    strategies: tuple[tuple[str, ...], ...] = ()
    #: normal form: outcome index of each profile (C order over the strategy shape)
    profile_outcome: np.ndarray | None = None
    #: per infoset (parallel to ``infoset_specs``), the actions in words ("" where the spec gives none)
    action_labels: tuple[tuple[str, ...], ...] = ()

    @property
    def parameter_names(self) -> frozenset[str]:
        names: set[str] = set()
        for _, exprs in self.outcome_exprs:
            for e in exprs:
                names |= e.names
        for spec in self.infoset_specs:
            for e in spec[4] or ():
                names |= e.names
        return frozenset(names)

    def outcome_table(self, values: Mapping[str, Any]) -> np.ndarray:
        """Payoffs of every outcome, shape ``(*sample_shape, n_outcomes, n_players)``; arrays broadcast."""
        # Outcomes repeat a few payoff expressions many times (Belarus: 448 cells, 9 texts): each text once.
        memo: dict[str, np.ndarray] = {}

        def value(e: Expression) -> np.ndarray:
            got = memo.get(e.text)
            if got is None:
                got = memo[e.text] = np.asarray(_float(e.evaluate(values)), dtype=float)
            return got

        cols = [[value(e) for e in exprs] for _, exprs in self.outcome_exprs]
        if not cols:
            return np.zeros((0, len(self.players)))
        # one allocation filled cell by cell (stacking per outcome cost more than evaluating)
        shape = np.broadcast_shapes(*(a.shape for row in cols for a in row))
        out = np.empty((*shape, len(cols), len(self.players)))
        for o, row in enumerate(cols):
            for i, a in enumerate(row):
                out[..., o, i] = a
        return out

    def chance_table(self, values: Mapping[str, Any]) -> list[np.ndarray]:
        """Chance probabilities per chance information set, each ``(*sample_shape, n_actions)``."""
        out = []
        for spec in self.infoset_specs:
            if spec[4] is not None:
                out.append(np.stack(np.broadcast_arrays(*[np.asarray(_float(e.evaluate(values)), dtype=float)
                                                          for e in spec[4]]), axis=-1))
        return out

    def game(self, values: Mapping[str, Any] | None = None) -> ExtensiveFormGame | NormalFormGame:
        """The game at one point of the parameters (floats, or Fractions for exact payoffs)."""
        values = dict(values or {})
        missing = self.parameter_names - set(values)
        if missing:
            raise InputError(f"game {self.spec.id!r} needs values for parameter(s) {sorted(missing)}")
        outs = []
        exact_ok = True
        memo: dict[str, Any] = {}  # each payoff text once (see outcome_table)
        for label, exprs in self.outcome_exprs:
            vals = [memo[e.text] if e.text in memo else memo.setdefault(e.text, e.evaluate(values)) for e in exprs]
            if not all(isinstance(v, Fraction) for v in vals):
                exact_ok = False
            outs.append((label, vals))
        if self.form == "normal":
            shape = tuple(len(s) for s in self.strategies)
            exact = np.empty((len(self.players), *shape), dtype=object)
            idx = cast(np.ndarray, self.profile_outcome)  # always set for the normal form
            for prof in np.ndindex(*shape):
                vals = outs[idx[prof]][1]
                for i in range(len(self.players)):
                    exact[(i, *prof)] = vals[i] if isinstance(vals[i], Fraction) else Fraction(float(vals[i]))
            return NormalFormGame(players=self.player_names, strategies=self.strategies,
                                  payoffs=np.asarray(exact, dtype=float), title=self.spec.title or self.spec.id,
                                  exact_source=exact if exact_ok else None)
        infosets = []
        for h, (player, number, label, actions, probs, members) in enumerate(self.infoset_specs):
            pr = None
            if probs is not None:
                raw = [p.evaluate(values) for p in probs]
                raw = [p if isinstance(p, Fraction) else Fraction(float(p)) for p in raw]
                if any(p < 0 or p > 1 for p in raw):
                    raise InputError(f"game {self.spec.id!r}: chance probabilities {[float(p) for p in raw]} are "
                                     "not in [0, 1]", expected="probabilities in [0, 1]")
                tot = sum(raw)
                if abs(float(tot) - 1.0) > 1e-9:
                    raise InputError(f"game {self.spec.id!r}: chance probabilities sum to {float(tot):.6g}",
                                     expected="a sum of 1")
                pr = tuple(p / tot for p in raw)
            words = self.action_labels[h] if h < len(self.action_labels) else ()
            infosets.append(Infoset(player=player, number=number, label=label, actions=actions, probs=pr,
                                    members=members, action_labels=words))
        exact_of: dict[Any, Fraction] = {}  # Fraction(float) is slow and the values repeat

        def exact(v: Any) -> Fraction:
            if isinstance(v, Fraction):
                return v
            got = exact_of.get(v)
            if got is None:
                got = exact_of[v] = Fraction(float(v))
            return got

        outcomes = tuple(Outcome(label, tuple(exact(v) for v in vals)) for label, vals in outs)
        outcome_values = None if exact_ok else np.array([[float(v) for v in vals] for _, vals in outs], dtype=float)
        return ExtensiveFormGame(players=self.player_names, nodes=self.nodes, infosets=tuple(infosets),
                                 outcomes=outcomes, title=self.spec.title or self.spec.id,
                                 outcome_values=outcome_values)


def _float(v: Any) -> Any:
    return float(v) if isinstance(v, Fraction) else v


def _value_exprs(players: list[str], payoffs: Mapping[str, Any], ranks: Mapping[str, int],
                 allowed: frozenset[str] | set[str]) -> tuple[Expression, ...]:
    out = []
    for p in players:
        parts = []
        if p in payoffs:
            parts.append(payoffs[p])
        if p in ranks:
            parts.append(int(ranks[p]))
        if not parts:
            out.append(parse_expression(0, allowed))
        elif len(parts) == 1:
            out.append(parse_expression(parts[0], allowed))
        else:
            a = parse_expression(parts[0], allowed)
            b = parse_expression(parts[1], allowed)
            out.append(parse_expression(f"({a.text}) + ({b.text})", allowed))
    return tuple(out)


def compile_spec(spec: Any, parameters: set[str] | frozenset[str] | None = None,
                 player_names: Mapping[str, str] | None = None) -> CompiledGame:
    """Fix the structure of a :class:`GameSpec`; ``parameters`` restricts the names expressions may use.

    ``player_names`` maps actor ids to display names (default: the ids).
    """
    allowed: Any = frozenset(parameters) if parameters is not None else _AnyName()
    players = list(spec.players)
    names = tuple((player_names or {}).get(p, p) for p in players)
    if spec.form == "normal":
        strategies = tuple(tuple(spec.strategies[p]) for p in players)
        shape = tuple(len(s) for s in strategies)
        idx = np.zeros(shape, dtype=np.int64)
        outs = []
        for k, entry in enumerate(spec.payoffs):
            prof = tuple(strategies[i].index(s) for i, s in enumerate(entry.profile))
            idx[prof] = k
            outs.append(("/".join(entry.profile), _value_exprs(players, entry.payoffs, entry.ranks, allowed)))
        return CompiledGame(spec=spec, players=tuple(players), player_names=names, form="normal",
                            outcome_exprs=tuple(outs), strategies=strategies, profile_outcome=idx)
    by_id = {n.id: n for n in spec.nodes}
    pindex = {p: i for i, p in enumerate(players)}
    nodes: list[dict[str, Any]] = []
    infoset_of: dict[Any, int] = {}
    infosets: list[list[Any]] = []
    outcomes: list[tuple[str, tuple[Expression, ...]]] = []
    counters: dict[str, Any] = {"p": [0] * len(players), "c": 0}
    words: list[tuple[str, ...]] = []

    def add(node_id: str, parent: int, action: int) -> int:
        n = by_id[node_id]
        k = len(nodes)
        if k >= MAX_GAME_NODES:  # checked while expanding: shared subtrees can multiply (a "DAG bomb")
            raise InputError(f"game {spec.id!r} expands to more than {MAX_GAME_NODES:,} nodes",
                             expected=f"at most {MAX_GAME_NODES:,} nodes once shared subtrees are copied "
                             "(docs/limits.md)")
        out = -1
        if n.payoffs or n.ranks:
            outcomes.append((n.id, _value_exprs(players, n.payoffs, n.ranks, allowed)))
            out = len(outcomes) - 1
        h = -1
        if n.kind != "t":
            key = ("named", n.infoset) if n.infoset is not None else ("node", k)
            if key not in infoset_of:
                if n.kind == "p":
                    pl = pindex[n.player]
                    counters["p"][pl] += 1
                    number = counters["p"][pl]
                    probs = None
                else:
                    pl = -1
                    counters["c"] += 1
                    number = counters["c"]
                    probs = tuple(parse_expression(n.probs[a], allowed) for a in n.actions)
                infoset_of[key] = len(infosets)
                infosets.append([pl, number, n.infoset or n.id, tuple(n.actions), probs, []])
                words.append(tuple(n.action_label(a) if a in n.action_labels else "" for a in n.actions))
            h = infoset_of[key]
            infosets[h][5].append(k)
        nodes.append({"kind": n.kind, "label": n.label or n.id, "infoset": h, "outcome": out, "children": [],
                      "parent": parent, "action": action})
        if parent >= 0:
            nodes[parent]["children"].append(k)
        return k

    # pre-order with an explicit stack (no recursion limit on deep trees): the same node numbering,
    # infoset numbering and child order as a recursive walk
    todo: list[tuple[str, int, int]] = [(spec.nodes[0].id, -1, -1)]
    while todo:
        node_id, parent, action = todo.pop()
        k = add(node_id, parent, action)
        targets = list(by_id[node_id].actions.values())
        todo.extend((t, k, a) for a, t in reversed(list(enumerate(targets))))
    return CompiledGame(
        spec=spec, players=tuple(players), player_names=names, form="extensive",
        nodes=tuple(Node(kind=d["kind"], label=d["label"], infoset=d["infoset"], outcome=d["outcome"],
                         children=tuple(d["children"]), parent=d["parent"], action_from_parent=d["action"])
                    for d in nodes),
        infoset_specs=tuple((h[0], h[1], h[2], h[3], h[4], tuple(h[5])) for h in infosets),
        outcome_exprs=tuple(outcomes), action_labels=tuple(words))


def compile_game(spec: Any, values: Mapping[str, Any] | None = None,
                 player_names: Mapping[str, str] | None = None) -> ExtensiveFormGame | NormalFormGame:
    """Compile a GameSpec and evaluate it at ``values`` (parameter id -> number) in one step."""
    return compile_spec(spec, set(values or {}), player_names).game(values or {})


class _AnyName(frozenset):
    def __contains__(self, item: object) -> bool:
        return True
