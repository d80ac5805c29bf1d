"""Extensive-form games: a tree of chance, decision and terminal nodes.

Nodes are stored in prefix (depth-first) order with the root at index 0, as in
Gambit's ``.efg`` files. Outcomes may sit at any node; a player's payoff at a
leaf is the sum of the outcomes along its path.

A *behaviour profile* is a list, per player, of lists, per information set of
that player (in file order), of action probabilities (floats or Fractions).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Sequence

import numpy as np

from ..bounds import MAX_CONTINGENCIES, MAX_REDUCED_WORK, MAX_STRATEGIES
from ..errors import EngineNotApplicable, InputError
from .normal_form import NormalFormGame

__all__ = ["ExtensiveFormGame", "Node", "Infoset", "Outcome", "Behavior"]

CHANCE = -1

Behavior = list  # list[list[list[Number]]]: player -> own infoset -> action probabilities


@dataclass(frozen=True)
class Outcome:
    """A labelled payoff vector (exact)."""

    label: str
    payoffs: tuple[Fraction, ...]


@dataclass(frozen=True)
class Infoset:
    """An information set: the player (``-1`` for chance), its file number, label and actions.

    ``action_labels`` (parallel to ``actions``, ``""`` where none) say the actions in words;
    ``actions`` stay the codes (Gambit labels, ``--json``).
    """

    player: int
    number: int
    label: str
    actions: tuple[str, ...]
    probs: tuple[Fraction, ...] | None = None
    members: tuple[int, ...] = ()
    action_labels: tuple[str, ...] = ()

    def action_label(self, a: int) -> str:
        """Action ``a`` in words: its label, else its code."""
        if a < len(self.action_labels) and self.action_labels[a]:
            return self.action_labels[a]
        return self.actions[a]


def _worded(who: str, label: str) -> str:
    """A labelled move for a reader: ``Russia (Putin): demand limited support``; chance moves as labelled."""
    return label if who == "chance" else f"{who}: {label}"


@dataclass(frozen=True)
class Node:
    """A node: kind ``"c"`` (chance), ``"p"`` (personal) or ``"t"`` (terminal)."""

    kind: str
    label: str
    infoset: int = -1
    outcome: int = -1
    children: tuple[int, ...] = ()
    parent: int = -1
    action_from_parent: int = -1


@dataclass(frozen=True, eq=False)
class ExtensiveFormGame:
    """An n-player game tree with chance moves, information sets and outcomes.

    Examples
    --------
    >>> from realpolitik.games import read_efg_string
    >>> g = read_efg_string('EFG 2 R "t" { "A" "B" } '
    ...     'p "" 1 1 "" { "L" "R" } 0 t "" 1 "o1" { 1, 0 } t "" 2 "o2" { 0, 1 }')
    >>> g.n_players, len(g.nodes), g.perfect_recall
    (2, 3, True)
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[Infoset, ...]
    outcomes: tuple[Outcome, ...]
    title: str = ""
    comment: str = ""
    #: optional float payoffs per outcome (n_outcomes, n_players) overriding the exact ones
    #: (used when payoffs come from expressions evaluated at parameter values)
    outcome_values: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        n = len(self.players)
        if n < 1:
            raise InputError("a game needs at least one player")
        for k, o in enumerate(self.outcomes):
            if len(o.payoffs) != n:
                raise InputError(f"outcome {k + 1} has {len(o.payoffs)} payoffs for {n} players")
        for k, nd in enumerate(self.nodes):
            if nd.kind != "t":
                h = self.infosets[nd.infoset]
                if len(nd.children) != len(h.actions):
                    raise InputError(f"node {k}: {len(nd.children)} children for {len(h.actions)} actions")
        from .normal_form import check_payoff_magnitudes

        if self.outcome_values is not None:
            vals = np.asarray(self.outcome_values, dtype=float)
            if not np.all(np.isfinite(vals)):
                raise InputError("payoffs must be finite numbers")
        elif self.outcomes:
            try:
                vals = np.array([[float(p) for p in o.payoffs] for o in self.outcomes], dtype=float)
            except OverflowError:
                vals = np.array([np.inf])
            if not np.all(np.isfinite(vals)):
                raise InputError("payoffs must be finite numbers (a payoff is too large for a float)")
        else:
            vals = np.zeros((0, n))
        if vals.size:
            # The magnitude bound on every outcome; the ratio bound on the outcomes (a sum
            # along a path can only widen the range).
            check_payoff_magnitudes(vals.T.reshape(n, -1), self.title)

    # ------------------------------------------------------------------ basic structure
    @property
    def n_players(self) -> int:
        return len(self.players)

    @cached_property
    def player_infosets(self) -> tuple[tuple[int, ...], ...]:
        """For each player, the indices (into :attr:`infosets`) of their information sets in file order."""
        out: list[list[int]] = [[] for _ in self.players]
        for k, h in enumerate(self.infosets):
            if h.player >= 0:
                out[h.player].append(k)
        return tuple(tuple(v) for v in out)

    @cached_property
    def infoset_position(self) -> dict[int, tuple[int, int]]:
        """infoset index -> (player, position among that player's infosets)."""
        return {h: (i, j) for i, hs in enumerate(self.player_infosets) for j, h in enumerate(hs)}

    def action_labels(self) -> list[list[str]]:
        """Per player, the labels of every action of every information set in file order."""
        return [[a for h in hs for a in self.infosets[h].actions] for hs in self.player_infosets]

    def infoset_action_labels(self) -> list[list[str]]:
        """Per player, ``"infoset:action"`` labels (unique even if actions repeat across infosets)."""
        return self._infoset_actions(words=False)

    def infoset_action_words(self) -> list[list[str]]:
        """Per player, ``"infoset: action"`` in words (the actions' labels where given, else codes)."""
        return self._infoset_actions(words=True)

    def _infoset_actions(self, *, words: bool) -> list[list[str]]:
        out = []
        for hs in self.player_infosets:
            row: list[str] = []
            for h in hs:
                info = self.infosets[h]
                name = info.label or f"{info.number}"
                row.extend(f"{name}: {info.action_label(a)}" if words and info.action_labels else f"{name}:{code}"
                           for a, code in enumerate(info.actions))
            out.append(row)
        return out

    @cached_property
    def node_payoffs(self) -> np.ndarray:
        """Float payoff of the outcome at each node, shape (n_nodes, n_players) (0 if none)."""
        vals = self.outcome_matrix
        out = np.zeros((len(self.nodes), self.n_players))
        for k, nd in enumerate(self.nodes):
            if nd.outcome >= 0:
                out[k] = vals[nd.outcome]
        return out

    @cached_property
    def outcome_matrix(self) -> np.ndarray:
        if self.outcome_values is not None:
            return np.asarray(self.outcome_values, dtype=float)
        if not self.outcomes:
            return np.zeros((0, self.n_players))
        return np.array([[float(v) for v in o.payoffs] for o in self.outcomes], dtype=float)

    def node_payoff(self, k: int, exact: bool) -> list[Any]:
        nd = self.nodes[k]
        if nd.outcome < 0:
            return [Fraction(0) if exact else 0.0] * self.n_players
        if exact:
            if self.outcome_values is not None:
                return [Fraction(float(v)) for v in self.outcome_values[nd.outcome]]
            return list(self.outcomes[nd.outcome].payoffs)
        return list(self.outcome_matrix[nd.outcome])

    def chance_probs(self, h: int, exact: bool) -> list[Any]:
        probs = self.infosets[h].probs or ()
        return list(probs) if exact else [float(p) for p in probs]

    # ------------------------------------------------------------------ perfect recall
    @cached_property
    def own_history(self) -> tuple[tuple[tuple[tuple[int, int], ...], ...], ...]:
        """own_history[node][player]: the (infoset, action) pairs of that player on the path to node."""
        n = self.n_players
        out: list[tuple[tuple[tuple[int, int], ...], ...]] = [()] * len(self.nodes)
        out[0] = tuple(() for _ in range(n))
        for k, nd in enumerate(self.nodes):
            if nd.kind == "t":
                continue
            h = self.infosets[nd.infoset]
            for a, c in enumerate(nd.children):
                hist = list(out[k])
                if h.player >= 0:
                    hist[h.player] = hist[h.player] + ((nd.infoset, a),)
                out[c] = tuple(hist)
        return tuple(out)

    @cached_property
    def perfect_recall(self) -> bool:
        """True if every player always remembers their own past information sets and actions."""
        for hidx, h in enumerate(self.infosets):
            if h.player < 0 or not h.members:
                continue
            first = self.own_history[h.members[0]][h.player]
            if any(self.own_history[m][h.player] != first for m in h.members[1:]):
                return False
            if any(x[0] == hidx for m in h.members for x in self.own_history[m][h.player]):
                return False
        return True

    def require_perfect_recall(self, what: str) -> None:
        if not self.perfect_recall:
            raise EngineNotApplicable(f"{what} needs a game with perfect recall; this game has imperfect recall",
                                      expected="a game with perfect recall")

    @cached_property
    def parent_sequence(self) -> dict[int, tuple[int, int] | None]:
        """For each personal infoset, the player's last (infoset, action) before it (None at the start)."""
        out: dict[int, tuple[int, int] | None] = {}
        for k, h in enumerate(self.infosets):
            if h.player < 0 or not h.members:
                continue
            hist = self.own_history[h.members[0]][h.player]
            out[k] = hist[-1] if hist else None
        return out

    # ------------------------------------------------------------------ profiles
    def behavior_from_flat(self, profile: Sequence[Sequence[Any]]) -> Behavior:
        """Nest a flat per-player profile (as in ``Equilibrium.profile``: every action of
        every own information set, in file order) into player -> infoset -> probabilities."""
        out = []
        for i, hs in enumerate(self.player_infosets):
            flat = list(profile[i])
            rows, pos = [], 0
            for h in hs:
                k = len(self.infosets[h].actions)
                rows.append(flat[pos:pos + k])
                pos += k
            out.append(rows)
        return out

    def uniform_behavior(self, exact: bool = False) -> Behavior:
        one = Fraction(1) if exact else 1.0
        return [[[one / len(self.infosets[h].actions)] * len(self.infosets[h].actions) for h in hs]
                for hs in self.player_infosets]

    def _probs_at(self, behav: Behavior, k: int, exact: bool) -> list[Any]:
        nd = self.nodes[k]
        h = self.infosets[nd.infoset]
        if h.player < 0:
            return self.chance_probs(nd.infoset, exact)
        i, j = self.infoset_position[nd.infoset]
        return behav[i][j]

    def realization(self, behav: Behavior, exact: bool = False) -> list[Any]:
        """Probability of reaching each node under ``behav``."""
        one = Fraction(1) if exact else 1.0
        reach = [one * 0] * len(self.nodes)
        reach[0] = one
        for k, nd in enumerate(self.nodes):
            if nd.kind == "t":
                continue
            probs = self._probs_at(behav, k, exact)
            for a, c in enumerate(nd.children):
                reach[c] = reach[k] * probs[a]
        return reach

    def expected_payoffs(self, behav: Behavior, exact: bool = False) -> list[Any]:
        reach = self.realization(behav, exact)
        tot = [Fraction(0) if exact else 0.0] * self.n_players
        for k, nd in enumerate(self.nodes):
            if nd.outcome >= 0 and reach[k] != 0:
                pay = self.node_payoff(k, exact)
                tot = [t + reach[k] * p for t, p in zip(tot, pay)]
        return tot

    def best_response_value(self, behav: Behavior, player: int, exact: bool = False,
                            root: int = 0) -> tuple[Any, dict[int, int]]:
        """Best value player can get against ``behav`` (others fixed) and one best action per infoset.

        Uses the player's information sets bottom-up (needs perfect recall).
        """
        zero = Fraction(0) if exact else 0.0
        one = Fraction(1) if exact else 1.0
        nodes = self.nodes
        # reach of the others and chance (player's own moves counted as 1)
        other = [zero] * len(nodes)
        other[root] = one
        order = self._subtree(root)
        for k in order:
            nd = nodes[k]
            if nd.kind == "t":
                continue
            h = self.infosets[nd.infoset]
            if h.player == player:
                for c in nd.children:
                    other[c] = other[k]
            else:
                probs = self._probs_at(behav, k, exact)
                for a, c in enumerate(nd.children):
                    other[c] = other[k] * probs[a]
        choice: dict[int, int] = {}
        memo: dict[int, Any] = {}

        def value(k: int) -> Any:
            if k in memo:
                return memo[k]
            nd = nodes[k]
            v = zero
            if nd.outcome >= 0 and other[k] != 0:
                v = other[k] * self.node_payoff(k, exact)[player]
            if nd.kind != "t":
                h = self.infosets[nd.infoset]
                if h.player == player:
                    v = v + value(nd.children[choice[nd.infoset]])
                else:
                    for c in nd.children:
                        v = v + value(c)
            memo[k] = v
            return v

        in_tree = set(order)
        mine = [hx for hx in self.player_infosets[player] if any(m in in_tree for m in self.infosets[hx].members)]
        mine.sort(key=lambda hx: -len(self.own_history[self.infosets[hx].members[0]][player]))
        for hx in mine:
            h = self.infosets[hx]
            members = [m for m in h.members if m in in_tree]
            best_a, best_v = 0, None
            for a in range(len(h.actions)):
                v = sum((value(nodes[m].children[a]) for m in members), zero)
                if best_v is None or v > best_v:
                    best_a, best_v = a, v
            choice[hx] = best_a
        return value(root), choice

    @cached_property
    def perfect_information(self) -> bool:
        """True if every personal information set is a single node (chance moves allowed)."""
        return all(len(h.members) <= 1 for h in self.infosets if h.player >= 0)

    @cached_property
    def _postorder(self) -> tuple[int, ...]:
        return tuple(reversed(self._subtree(0)))

    @cached_property
    def _chance_floats(self) -> dict[int, list[float]]:
        return {k: [float(p) for p in (h.probs or ())] for k, h in enumerate(self.infosets) if h.player < 0}

    def subgame_regret(self, behav: Behavior, roots: Sequence[int], exact: bool = False) -> Any:
        """Largest regret of any player in any of the subgames at ``roots`` (perfect information only).

        One bottom-up pass computes, at every node and for every player, the value of ``behav`` and
        the best value the player can reach by deviating below that node with the others fixed; in
        a game of perfect information the latter is the player's maximum over the children where it
        moves and the expectation elsewhere, so every subgame's regret comes from the same pass.
        """
        if not self.perfect_information:
            raise EngineNotApplicable("subgame_regret needs a game of perfect information",
                                      expected="singleton information sets")
        nodes = self.nodes
        n = self.n_players
        if exact:
            pay = [self.node_payoff(k, True) for k in range(len(nodes))]
            zero: Any = Fraction(0)
        else:
            pay = self.node_payoffs.tolist()
            zero = 0.0
        chance = self._chance_floats
        pos = self.infoset_position
        V: list[Any] = [None] * len(nodes)
        BR: list[Any] = [None] * len(nodes)
        for k in self._postorder:
            nd = nodes[k]
            own = pay[k]
            if nd.kind == "t":
                V[k] = BR[k] = own
                continue
            h = nd.infoset
            mover = self.infosets[h].player
            if mover < 0:
                probs = self.chance_probs(h, True) if exact else chance[h]
            else:
                i, j = pos[h]
                probs = behav[i][j]
            v = list(own)
            b = list(own)
            for p, c in zip(probs, nd.children):
                if p != 0:
                    vc, bc = V[c], BR[c]
                    for q in range(n):
                        v[q] += p * vc[q]
                        b[q] += p * bc[q]
            if mover >= 0:
                b[mover] = own[mover] + max(BR[c][mover] for c in nd.children)
            V[k], BR[k] = v, b
        worst = zero
        for r in roots:
            for q in range(n):
                d = BR[r][q] - V[r][q]
                if d > worst:
                    worst = d
        return worst

    def _subtree(self, root: int) -> list[int]:
        out, stack = [], [root]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(reversed(self.nodes[k].children))
        return out

    def regrets(self, behav: Behavior, exact: bool = False) -> list[Any]:
        """Per player: best-response value minus current expected payoff (needs perfect recall)."""
        self.require_perfect_recall("regret of a behaviour profile")
        cur = self.expected_payoffs(behav, exact)
        return [self.best_response_value(behav, i, exact)[0] - cur[i] for i in range(self.n_players)]

    def path(self, behav: Behavior, tol: float = 1e-9) -> list[str]:
        """Actions on the equilibrium path (positive probability), depth-first, as ``player:action``."""
        return self._path(behav, tol, words=False)

    def path_words(self, behav: Behavior, tol: float = 1e-9) -> list[str]:
        """The same path as :meth:`path` in words: each action's label (``player:code`` where it has none)."""
        return self._path(behav, tol, words=True)

    def describe_path(self, path: Sequence[str]) -> list[str]:
        """A path of ``player:code`` tokens (from :meth:`path`, a result or a threshold) in words.

        Each token becomes ``player: label`` (chance moves: the label alone; a code shared by
        several information sets of one player takes the first labelled one); tokens with no
        label are kept as they are.
        """
        labels: dict[tuple[str, str], str] = {}
        for h in self.infosets:
            who = "chance" if h.player < 0 else self.players[h.player]
            for a, code in enumerate(h.actions):
                if a < len(h.action_labels) and h.action_labels[a]:
                    labels.setdefault((who, code), h.action_labels[a])
        out = []
        for tok in path:
            body, share = tok, ""
            if tok.endswith(")") and "(" in tok:
                body, _, share = tok[:-1].rpartition("(")
                share = f" ({share})"
            who, _, code = body.rpartition(":")
            label = labels.get((who, code))
            out.append(_worded(who, label) + share if label is not None else tok)
        return out

    def _path(self, behav: Behavior, tol: float, *, words: bool) -> list[str]:
        reach = self.realization(behav)
        out = []
        for k, nd in enumerate(self.nodes):
            if nd.kind == "t" or reach[k] <= tol:
                continue
            h = self.infosets[nd.infoset]
            probs = self._probs_at(behav, k, False)
            who = "chance" if h.player < 0 else self.players[h.player]
            for a, p in enumerate(probs):
                if p > tol and reach[nd.children[a]] > tol:
                    named = words and a < len(h.action_labels) and h.action_labels[a]
                    lab = _worded(who, h.action_labels[a]) if named else f"{who}:{h.actions[a]}"
                    if tol < p < 1 - tol and h.player >= 0:
                        lab += f" ({float(p):.4g})" if named else f"({float(p):.4g})"
                    if h.player < 0 or lab not in out:
                        out.append(lab)
        return out

    # ------------------------------------------------------------------ subgames
    @cached_property
    def subgame_roots(self) -> tuple[int, ...]:
        """Nodes whose subtree is closed under information sets (the root included), prefix order."""
        n = len(self.nodes)
        # subtree interval in prefix order: [k, end[k])
        end = [0] * n
        for k in reversed(range(n)):
            nd = self.nodes[k]
            end[k] = end[nd.children[-1]] if nd.children else k + 1
        roots = []
        for k, nd in enumerate(self.nodes):
            if nd.kind == "t":
                continue
            ok = True
            for j in range(k, end[k]):
                ndj = self.nodes[j]
                if ndj.kind == "t":
                    continue
                if any(not (k <= m < end[k]) for m in self.infosets[ndj.infoset].members):
                    ok = False
                    break
            if ok:
                roots.append(k)
        return tuple(roots)

    # ------------------------------------------------------------------ reduced normal form
    def reduced_strategies(self, player: int) -> list[dict[int, int]]:
        """Reduced pure strategies: actions only at infosets not excluded by own earlier moves."""
        hs = self.player_infosets[player]
        if not self.perfect_recall:
            # imperfect recall: full pure strategies over all infosets
            total = 1
            for h in hs:
                total *= len(self.infosets[h].actions)
                if total > MAX_STRATEGIES:
                    raise InputError(f"player {player + 1} has more than {MAX_STRATEGIES:,} pure strategies",
                                     expected="a smaller game for normal-form methods")
            return [dict(zip(hs, combo)) for combo in itertools.product(
                *[range(len(self.infosets[h].actions)) for h in hs])]
        children: dict[tuple[int, int] | None, list[int]] = {}
        for h in hs:
            if self.infosets[h].members:
                children.setdefault(self.parent_sequence[h], []).append(h)

        def count(tops: list[int]) -> int:
            # recursion only follows a player's own nested moves (depth <= the tree's depth)
            total = 1
            for first in tops:
                total *= sum(count(children.get((first, a), [])) for a in range(len(self.infosets[first].actions)))
                if total > MAX_STRATEGIES:
                    return total
            return total

        n = count(children.get(None, []))
        if n > MAX_STRATEGIES:
            raise InputError(f"player {player + 1} has more than {MAX_STRATEGIES:,} reduced strategies",
                             expected="a smaller game for normal-form methods (use spe or seqform on the tree)")

        def expand(tops: list[int]) -> list[dict[int, int]]:
            out: list[dict[int, int]] = [{}]
            for first in tops:  # a loop over siblings, not a recursion
                opts = []
                for a in range(len(self.infosets[first].actions)):
                    for b in expand(children.get((first, a), [])):
                        d = {first: a}
                        d.update(b)
                        opts.append(d)
                out = [{**r, **o} for r in out for o in opts]
            return out

        strats = expand(children.get(None, []))
        # stable order: lexicographic in file order of infosets
        strats.sort(key=lambda d: tuple(d.get(h, -1) for h in hs))
        return strats

    def strategy_label(self, player: int, strat: dict[int, int]) -> str:
        parts = []
        for h in self.player_infosets[player]:
            parts.append(self.infosets[h].actions[strat[h]] if h in strat else "*")
        return "/".join(parts) if parts else "-"

    def pure_behavior(self, strats: Sequence[dict[int, int]], exact: bool = False) -> Behavior:
        one = Fraction(1) if exact else 1.0
        zero = one * 0
        out = []
        for i, hs in enumerate(self.player_infosets):
            row = []
            for h in hs:
                k = len(self.infosets[h].actions)
                a = strats[i].get(h, 0)
                row.append([one if b == a else zero for b in range(k)])
            out.append(row)
        return out

    @cached_property
    def _reduced(self) -> tuple[NormalFormGame, tuple[list[dict[int, int]], ...]]:
        strats = tuple(self.reduced_strategies(i) for i in range(self.n_players))
        shape = tuple(len(s) for s in strats)
        import math

        profiles = math.prod(shape)
        if profiles > MAX_CONTINGENCIES or profiles * len(self.nodes) > MAX_REDUCED_WORK:
            raise InputError(f"the reduced strategic form has {' x '.join(map(str, shape))} = {profiles:,} profiles "
                             f"over a tree of {len(self.nodes):,} nodes, over the documented bound",
                             expected=f"profiles x nodes <= {MAX_REDUCED_WORK:,} (docs/limits.md); "
                             "solve the tree with spe or seqform")
        exact = np.empty((self.n_players, *shape), dtype=object)
        for prof in itertools.product(*[range(k) for k in shape]):
            b = self.pure_behavior([strats[i][prof[i]] for i in range(self.n_players)], exact=True)
            pay = self.expected_payoffs(b, exact=True)
            for i in range(self.n_players):
                exact[(i, *prof)] = pay[i]
        labels = tuple(tuple(self.strategy_label(i, s) for s in strats[i]) for i in range(self.n_players))
        nfg = NormalFormGame(players=self.players, strategies=labels,
                             payoffs=np.asarray(exact, dtype=float), title=self.title,
                             exact_source=exact if self.outcome_values is None else None)
        return nfg, strats

    def reduced_normal_form(self) -> NormalFormGame:
        """The reduced strategic form (for imperfect recall: the full pure-strategy form).

        Reduced strategies are labelled by the action at each of the player's
        information sets in file order, ``*`` where an own earlier move excludes it.
        """
        return self._reduced[0]

    @property
    def reduced_strategy_maps(self) -> tuple[list[dict[int, int]], ...]:
        return self._reduced[1]

    def mixed_to_behavior(self, mixed: Sequence[Sequence[Any]], exact: bool = False) -> tuple[Behavior, list[list[bool]]]:
        """Kuhn's theorem: behaviour profile equivalent to a mixed profile over reduced strategies.

        Returns the profile and, per player and infoset, whether the infoset is
        reachable by the player's own strategy (otherwise the uniform choice is filled in).
        """
        self.require_perfect_recall("converting mixed to behaviour strategies")
        strats = self.reduced_strategy_maps
        zero = Fraction(0) if exact else 0.0
        out, reached = [], []
        for i, hs in enumerate(self.player_infosets):
            row, rrow = [], []
            for h in hs:
                info = self.infosets[h]
                hist = self.own_history[info.members[0]][i] if info.members else ()
                num = [zero] * len(info.actions)
                den = zero
                for s, p in zip(strats[i], mixed[i]):
                    if p == 0 or any(s.get(hh) != aa for hh, aa in hist):
                        continue
                    den += p
                    if h in s:
                        num[s[h]] += p
                if den > 0:
                    row.append([v / den for v in num])
                    rrow.append(True)
                else:
                    k = len(info.actions)
                    row.append([(Fraction(1, k) if exact else 1.0 / k)] * k)
                    rrow.append(False)
            out.append(row)
            reached.append(rrow)
        return out, reached

    def __repr__(self) -> str:
        return (f"ExtensiveFormGame({self.title!r}, players={list(self.players)}, nodes={len(self.nodes)}, "
                f"infosets={len(self.infosets)})")
