"""Why the equilibrium is what it is: the path, each decision's alternatives, and what would change it.

For an extensive-form game and an equilibrium behaviour profile (from the
games engine's subgame-perfect solver), every decision node on the
equilibrium path is explained by the value, to the player who moves, of each
alternative *given how play continues in equilibrium*, written in the
scenario's own terms: payoffs that are expressions over parameters
(``3 - 2*p_ret``) stay expressions, chance probabilities that are parameters
stay parameters, so the comparison reads like the analyst's own argument::

    Belarus (Lukashenko) chooses H: H 4 > E 2 > N 3 − 2·p_ret (= 1.8)

Thresholds: for each rejected alternative and each parameter in the
difference of values, the parameter value (others at their point values,
play after the decision held at the equilibrium) at which the two values
are equal, and whether it lies inside the parameter's declared range.

Examples
--------
>>> from realpolitik.games import read_efg_string
>>> from realpolitik.report.games import explain_extensive
>>> g = read_efg_string('EFG 2 R "entry" { "In" "Out" } '
...     'p "" 1 1 "" { "enter" "stay out" } 0 '
...     'p "" 2 1 "" { "fight" "accommodate" } 0 '
...     't "" 1 "F" { -1, -1 } t "" 2 "A" { 1, 1 } t "" 3 "O" { 0, 2 }')
>>> ex = explain_extensive(g, [[[1, 0]], [[0, 1]]], game_id="entry")
>>> ex.decisions[0].inequality
'1 > 0'
>>> ex.path
('In:enter', 'Out:accommodate')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import InputError
from ._format import num
from ._symbolic import Poly

__all__ = ["Alternative", "Threshold", "Decision", "TreeEdge", "TreeNode", "GameExplanation", "explain_extensive"]

ENGINE = "realpolitik.report.games"


def _q(action: str) -> str:
    """An action in running text: a label of several words in quotes, a code as it is."""
    return f"“{action}”" if " " in action else action


@dataclass(frozen=True)
class Alternative:
    """One action at a decision: its value to the mover, numeric and as an expression."""

    action: str
    value: float
    expression: str
    chosen: bool
    #: the action's code in the game (``action`` is its label in words where the scenario gives one)
    code: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "code": self.code or self.action, "value": self.value,
                "expression": self.expression, "chosen": self.chosen}


@dataclass(frozen=True)
class Threshold:
    """The parameter value at which ``switches_to`` becomes as good as the chosen action."""

    parameter: str
    value: float
    exact: str
    current: float | None
    switches_to: str
    direction: str
    in_range: bool | None
    range: tuple[float, float] | None

    def text(self, player: str) -> str:
        rng = ""
        if self.range is not None:
            rng = (" (inside" if self.in_range else " (outside") + \
                f" the assumed range {num(self.range[0])}–{num(self.range[1])})"
        return f"{player} would choose {_q(self.switches_to)} instead if {self.parameter} " \
               f"{'>' if self.direction == 'above' else '<'} {self.exact}{rng}"

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "value": self.value, "exact": self.exact, "current": self.current,
                "switches_to": self.switches_to, "direction": self.direction, "in_range": self.in_range,
                "range": list(self.range) if self.range else None}


@dataclass(frozen=True)
class Decision:
    """A decision node on the equilibrium path."""

    node: str
    player: str
    player_name: str
    chosen: str
    alternatives: tuple[Alternative, ...]
    inequality: str
    thresholds: tuple[Threshold, ...]
    on_path: bool = True
    chosen_code: str = ""

    def text(self) -> str:
        parts = []
        for k, a in enumerate(self.alternatives):
            e = a.expression
            piece = f"{_q(a.action)} {e}" + (f" (= {num(a.value)})" if e != num(a.value) else "")
            if k:
                prev = self.alternatives[k - 1]
                parts.append("=" if abs(prev.value - a.value) <= 1e-12 else ">")
            parts.append(piece)
        out = f"{self.player_name} chooses {_q(self.chosen)}: " + " ".join(parts)
        return out if self.on_path else f"Off the path, at “{self.node}”: " + out

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "player": self.player, "chosen": self.chosen,
                "chosen_code": self.chosen_code or self.chosen, "on_path": self.on_path,
                "alternatives": [a.to_dict() for a in self.alternatives], "inequality": self.inequality,
                "thresholds": [t.to_dict() for t in self.thresholds], "text": self.text()}


@dataclass(frozen=True)
class TreeEdge:
    label: str
    probability: float | None
    on_path: bool
    child: "TreeNode"


@dataclass(frozen=True)
class TreeNode:
    """A node of the drawn tree: ``kind`` is "decision", "chance" or "terminal"."""

    kind: str
    label: str
    payoffs: tuple[float, ...] | None
    on_path: bool
    children: tuple[TreeEdge, ...] = ()


@readable_repr
@dataclass(frozen=True)
class GameExplanation:
    """A game's equilibrium, explained.

    Attributes
    ----------
    game_id, title, method : str
    players : tuple of str
        Display names, in the game's player order.
    path : tuple of str
        ``player:action`` on the equilibrium path (as the games engine writes it; codes).
    path_words : tuple of str
        The same path in words: each action's label where the scenario gives one.
    payoffs : tuple of float
        Equilibrium expected payoffs.
    decisions : tuple of Decision
        Decision nodes on the path, in tree order.
    tree : TreeNode
        The whole tree with the path marked (for :func:`~realpolitik.report.plots.game_tree_figure`).
    notes : tuple of str
    """

    game_id: str
    title: str
    method: str
    players: tuple[str, ...]
    path: tuple[str, ...]
    payoffs: tuple[float, ...]
    decisions: tuple[Decision, ...]
    tree: TreeNode = field(repr=False)
    notes: tuple[str, ...] = ()
    path_words: tuple[str, ...] = ()
    provenance: Provenance | None = field(default=None, repr=False)
    status: Status | None = field(default=None, repr=False)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("game", self.game_id), ("method", self.method), ("path", " → ".join(self.path)),
                ("decisions", len(self.decisions)), ("status", status_text(self.status))]

    def thresholds(self) -> list[tuple[Decision, Threshold]]:
        return [(d, t) for d in self.decisions for t in d.thresholds]

    def text(self) -> list[str]:
        out = [f"Game {self.game_id} ({self.method}): equilibrium path " + " → ".join(self.path_words or self.path)
               + "."]
        out.append("Equilibrium payoffs: " + ", ".join(f"{p} {num(v)}" for p, v in zip(self.players, self.payoffs))
                   + ".")
        for d in self.decisions:
            out.append(d.text() + ".")
            for t in d.thresholds:
                out.append(t.text(d.player_name) + ".")
        out.extend(self.notes)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``games[]`` object of ``realpolitik explain --json`` (docs/report.md)."""
        return {"game": self.game_id, "title": self.title, "method": self.method, "players": list(self.players),
                "path": list(self.path), "path_words": list(self.path_words or self.path),
                "payoffs": list(self.payoffs),
                "decisions": [d.to_dict() for d in self.decisions], "notes": list(self.notes),
                "text": self.text()}


def _poly(v: Any) -> Poly:
    if isinstance(v, Poly):
        return v
    if isinstance(v, str):
        return Poly.parse(v)
    return Poly.const(Fraction(v) if isinstance(v, (int, Fraction)) else Fraction(float(v)).limit_denominator(10**6))


def _exact_text(x: float) -> str:
    f = Fraction(x).limit_denominator(12)
    if f.denominator > 1 and abs(float(f) - x) < 1e-9:
        return f"{f.numerator}/{f.denominator}"
    return num(x)


def explain_extensive(game: Any, behaviour: Sequence[Sequence[Sequence[Any]]], *, game_id: str = "",
                      method: str = "spe", payoff_exprs: Sequence[Sequence[Any]] | None = None,
                      chance_exprs: Mapping[int, Sequence[Any]] | None = None,
                      params: Mapping[str, float] | None = None,
                      ranges: Mapping[str, tuple[float, float]] | None = None,
                      player_names: Sequence[str] | None = None,
                      bounds: Mapping[str, tuple[float, float]] | None = None,
                      action_names: Mapping[str, str] | None = None,
                      scenario_digest: str | None = None) -> GameExplanation:
    """Explain an equilibrium ``behaviour`` of an :class:`~realpolitik.games.ExtensiveFormGame`.

    Parameters
    ----------
    game : ExtensiveFormGame
    behaviour : per player, per own information set, action probabilities
    payoff_exprs : per outcome, per player, a number or expression string, optional
        The payoffs in the scenario's terms (default: the game's numbers).
    chance_exprs : infoset index -> per action, a number or expression, optional
        Chance probabilities in the scenario's terms.
    params : parameter -> point value
        Values of the names used in the expressions.
    ranges : parameter -> (low, high), optional
        Declared ranges, to say whether a threshold is plausible.
    player_names : display names (default: the game's player labels)
    bounds : parameter -> (low, high), optional
        Values a parameter can take at all (e.g. (0, 1) for a probability):
        thresholds outside are dropped.
    action_names : action label -> display text, optional
    """
    params = dict(params or {})
    ranges = dict(ranges or {})
    names = tuple(player_names or game.players)
    if len(names) != game.n_players:
        raise InputError(f"{len(names)} player names for {game.n_players} players")
    nodes = game.nodes
    nout = len(game.outcomes)
    if payoff_exprs is not None:
        if len(payoff_exprs) != nout:
            raise InputError(f"{len(payoff_exprs)} payoff rows for {nout} outcomes")
        out_poly = [[_poly(v) for v in row] for row in payoff_exprs]
    else:
        mat = game.outcome_matrix
        out_poly = [[_poly(float(v)) if game.outcome_values is not None else _poly(Fraction(p))
                     for v, p in zip(mat[k], game.outcomes[k].payoffs)] for k in range(nout)]
    chance_exprs = dict(chance_exprs or {})

    def probs_poly(k: int) -> list[Poly]:
        nd = nodes[k]
        h = game.infosets[nd.infoset]
        if h.player < 0:
            if nd.infoset in chance_exprs:
                return [_poly(v) for v in chance_exprs[nd.infoset]]
            return [_poly(Fraction(p)) for p in (h.probs or ())]
        i, j = game.infoset_position[nd.infoset]
        return [_poly(p) for p in behaviour[i][j]]

    # continuation values (symbolic), bottom-up: nodes are in prefix order
    value: list[list[Poly] | None] = [None] * len(nodes)
    for k in range(len(nodes) - 1, -1, -1):
        nd = nodes[k]
        own = out_poly[nd.outcome] if nd.outcome >= 0 else [Poly()] * game.n_players
        tot = list(own)
        if nd.kind != "t":
            for p, c in zip(probs_poly(k), nd.children):
                tot = [t + p * v for t, v in zip(tot, value[c])]  # type: ignore[arg-type]
        value[k] = tot
    reach = game.realization(behaviour)
    on = [float(r) > 1e-12 for r in reach]
    # decisions explained: those on the path, and the first decisions after a one-step deviation
    # (what the deviator would face: e.g. Belarus' answer to the demand Russia did not make)
    dev = [(0, 0)] * len(nodes)
    for k, nd in enumerate(nodes):
        if nd.kind == "t":
            continue
        h = game.infosets[nd.infoset]
        if h.player < 0:
            for c in nd.children:
                dev[c] = dev[k]
            continue
        i, j = game.infoset_position[nd.infoset]
        for a, c in enumerate(nd.children):
            count, since = dev[k]
            if float(behaviour[i][j][a]) > 1e-12:
                dev[c] = (count, since + 1 if count else 0)
            else:
                dev[c] = (count + 1, 0)
    bounds = dict(bounds or {})

    def act(label: str, h: Any = None, a: int = -1) -> str:
        """An action for a reader: ``action_names``, else the scenario's label for it, else its code."""
        if label in (action_names or {}):
            return (action_names or {})[label]
        words = getattr(h, "action_labels", ()) if h is not None else ()
        return words[a] if 0 <= a < len(words) and words[a] else label

    decisions = []
    for k, nd in enumerate(nodes):
        explained = on[k] or (dev[k][0] == 1 and dev[k][1] == 0)
        if nd.kind != "p" or not explained:
            continue
        h = game.infosets[nd.infoset]
        i, j = game.infoset_position[nd.infoset]
        probs = [float(p) for p in behaviour[i][j]]
        alts = []
        for a, c in enumerate(nd.children):
            v = value[c][i]  # type: ignore[index]
            alts.append((h.actions[a], v, v.evaluate(params), probs[a] > 1e-12, act(h.actions[a], h, a)))
        alts.sort(key=lambda t: (-t[2], not t[3]))
        chosen = next(t for t in alts if t[3])
        alternatives = tuple(Alternative(action=w, value=x, expression=str(v), chosen=c, code=a)
                             for a, v, x, c, w in alts)
        ineq = ""
        for n_, (a, v, x, c, _w) in enumerate(alts):
            if n_:
                ineq += " = " if abs(alts[n_ - 1][2] - x) <= 1e-12 else " > "
            ineq += str(v)
        thresholds = []
        for a, v, x, c, w in alts:
            if c:
                continue
            diff = chosen[1] - v
            for pname in diff.variables:
                if pname not in params:
                    continue
                cur = params[pname]
                best = None
                hard0 = bounds.get(pname)
                for r in diff.roots(pname, params):
                    if hard0 is not None and not hard0[0] <= r <= hard0[1]:
                        continue
                    lo_v = dict(params, **{pname: r - 1e-7 * max(1.0, abs(r))})
                    hi_v = dict(params, **{pname: r + 1e-7 * max(1.0, abs(r))})
                    below, above = diff.evaluate(lo_v), diff.evaluate(hi_v)
                    if below * above >= 0 and not (below == 0 or above == 0):
                        continue
                    direction = "above" if above < below else "below"
                    if best is None or abs(r - cur) < abs(best[0] - cur):
                        best = (r, direction)
                if best is None:
                    continue
                r, direction = best
                hard = bounds.get(pname)
                if hard is not None and not hard[0] <= r <= hard[1]:
                    continue
                rg = ranges.get(pname)
                thresholds.append(Threshold(parameter=pname, value=float(r), exact=_exact_text(float(r)),
                                            current=cur, switches_to=w, direction=direction,
                                            in_range=None if rg is None else bool(rg[0] <= r <= rg[1]),
                                            range=rg))
        who = names[i]
        decisions.append(Decision(node=nd.label or h.label or f"node {k}", player=game.players[i], player_name=who,
                                  chosen=chosen[4], alternatives=alternatives, inequality=ineq,
                                  thresholds=tuple(thresholds), on_path=on[k], chosen_code=chosen[0]))

    num_pay = game.node_payoffs

    def build(k: int, path_pay: Any) -> TreeNode:
        nd = nodes[k]
        pay = path_pay + num_pay[k]
        if nd.kind == "t":
            return TreeNode(kind="terminal", label=nd.label or (game.outcomes[nd.outcome].label
                                                                 if nd.outcome >= 0 else ""),
                            payoffs=tuple(float(x) for x in pay), on_path=on[k])
        h = game.infosets[nd.infoset]
        chance = h.player < 0
        plist = game.chance_probs(nd.infoset, False) if chance else None
        edges = tuple(TreeEdge(label=act(h.actions[a], h, a), probability=(float(plist[a]) if plist else None),
                               on_path=on[k] and on[c] and not chance or (chance and on[c]),
                               child=build(c, pay)) for a, c in enumerate(nd.children))
        return TreeNode(kind="chance" if chance else "decision",
                        label="chance" if chance else names[h.player], payoffs=None, on_path=on[k], children=edges)

    import numpy as np

    tree = build(0, np.zeros(game.n_players))
    path = tuple(game.path(behaviour, tol=1e-12))
    words = tuple(game.path_words(behaviour, tol=1e-12)) if hasattr(game, "path_words") else path
    payoffs = tuple(float(x) for x in game.expected_payoffs(behaviour))
    prov = make_provenance(ENGINE, {"game": game_id, "method": method, "params": params},
                           scenario_digest=scenario_digest)
    return GameExplanation(game_id=game_id, title=game.title or game_id, method=method, players=names, path=path,
                           payoffs=payoffs, decisions=tuple(decisions), tree=tree, provenance=prov,
                           status=Status(), path_words=words)
