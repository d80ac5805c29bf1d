"""The ``games`` section of a scenario file.

A game's players are actor ids. An *extensive* game is a list of ``nodes``; the
first is the root. A node is a decision node (``player`` and ``actions``), a
chance node (``probs`` and ``actions``) or a leaf (no ``actions``). ``actions``
maps an action code to the id of the next node, or to ``{to: NODE_ID, label: TEXT}``
where ``label`` says the action in words (``action_labels: {CODE: TEXT}`` is the same);
codes appear in ``--json`` only, labels everywhere else. A node id may be the target
of several actions (the shared subtree is copied), but the graph must be
acyclic. Any node may carry ``payoffs`` (numbers or expressions over scenario
parameters such as ``3 - 2*p_ret``) and/or ``ranks`` (ordinal ranks, integers
>= 1, used as cardinal values); a player's payoff at a leaf is the sum along
the path. Decision nodes sharing an ``infoset`` name form one information set.

A *normal* game lists ``strategies`` per player and one ``payoffs`` entry per
profile (``profile: [label per player]`` with ``payoffs``/``ranks``).

Example::

    games:
      - id: entry
        players: [a, b]
        nodes:
          - {id: root, player: a, actions: {out: o, in: b_moves}}
          - {id: o, payoffs: {a: 0, b: 2}}
          - {id: b_moves, player: b, actions: {fight: f, share: s}}
          - {id: f, payoffs: {a: -1, b: "-1 - p"}}
          - {id: s, ranks: {a: 2, b: 1}}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt, WithJsonSchema, field_validator, model_validator

from ..bounds import MAX_PAYOFF

__all__ = ["GameSpec", "NodeSpec", "ProfilePayoff", "validate_games"]

# Strict: true/false is not a payoff; numbers within ±MAX_PAYOFF (docs/limits.md). A string is an expression.
PayoffValue = Union[Annotated[StrictInt, Field(ge=-int(MAX_PAYOFF), le=int(MAX_PAYOFF))],
                    Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-MAX_PAYOFF, le=MAX_PAYOFF)], str]


#: ``actions`` in files: code -> next node id, or code -> {to: next node id, label: text}.
_ACTIONS_SCHEMA = {"type": "object", "additionalProperties": {"anyOf": [
    {"type": "string"},
    {"type": "object", "properties": {"to": {"type": "string"}, "label": {"type": "string"}},
     "required": ["to"], "additionalProperties": False}]},
    "description": "Action code -> the id of the next node, or {to: node id, label: the action in words}."}


class _AnyName(frozenset):
    """Accepts every name (syntax check before the scenario's parameters are known)."""

    def __contains__(self, item: object) -> bool:  # noqa: D401
        return True


def _check_expression(value: Any) -> Any:
    from ..games.expr import parse_expression

    parse_expression(value, _AnyName())
    return value


class NodeSpec(BaseModel):
    """One node of an extensive game (decision, chance or leaf)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    label: str = Field("", description="What this node is, in words (shown instead of the id).")
    player: str | None = None
    infoset: str | None = None
    actions: Annotated[dict[str, str], WithJsonSchema(_ACTIONS_SCHEMA)] = Field(default_factory=dict)
    action_labels: dict[str, str] = Field(default_factory=dict, description=(
        "Action code -> what the action is, in words (the same as writing actions: {CODE: {to, label}})."))
    probs: dict[str, PayoffValue] | None = None
    payoffs: dict[str, PayoffValue] = Field(default_factory=dict)
    ranks: dict[str, StrictInt] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _labelled_actions(cls, data: Any) -> Any:
        """``actions: {H: {to: node, label: text}}`` -> ``actions: {H: node}`` plus ``action_labels``."""
        if not isinstance(data, dict) or not isinstance(data.get("actions"), dict):
            return data
        actions = data["actions"]
        if not any(isinstance(v, dict) for v in actions.values()):
            return data
        targets: dict[Any, Any] = {}
        labels = dict(data.get("action_labels") or {}) if isinstance(data.get("action_labels"), dict) else {}
        for code, v in actions.items():
            if isinstance(v, dict):
                extra = sorted(str(k) for k in v if k not in ("to", "label"))
                if extra or "to" not in v:
                    raise ValueError(f"action {code!r}: a labelled action is {{to: NODE_ID, label: TEXT}}"
                                     + (f", not the key(s) {extra}" if extra else " (the 'to' key is missing)"))
                targets[code] = v["to"]
                if v.get("label") is not None:
                    if code in labels and labels[code] != v["label"]:
                        raise ValueError(f"action {code!r} has two labels (in actions and in action_labels)")
                    labels[code] = v["label"]
            else:
                targets[code] = v
        return {**data, "actions": targets, "action_labels": labels}

    @field_validator("payoffs", "probs")
    @classmethod
    def _expressions(cls, v: dict[str, Any] | None) -> dict[str, Any] | None:
        for val in (v or {}).values():
            _check_expression(val)
        return v

    @field_validator("ranks")
    @classmethod
    def _ranks(cls, v: dict[str, int]) -> dict[str, int]:
        for who, r in v.items():
            if r < 1:
                raise ValueError(f"rank of {who!r} is {r}; ranks are integers >= 1 (1 = worst)")
        return v

    @model_validator(mode="after")
    def _kind(self) -> "NodeSpec":
        if self.player is not None and self.probs is not None:
            raise ValueError("a node is either a decision node (player) or a chance node (probs), not both")
        if self.actions and self.player is None and self.probs is None:
            raise ValueError("a node with actions needs a 'player' (decision) or 'probs' (chance)")
        if not self.actions and (self.player is not None or self.probs is not None):
            raise ValueError("a decision or chance node needs at least one action")
        if self.probs is not None and set(self.probs) != set(self.actions):
            raise ValueError(f"chance probabilities {sorted(self.probs)} must name exactly the actions "
                             f"{sorted(self.actions)}")
        if self.infoset is not None and self.player is None:
            raise ValueError("only decision nodes have an information set")
        unknown = sorted(set(self.action_labels) - set(self.actions))
        if unknown:
            raise ValueError(f"action_labels name {unknown}, which are not actions of this node "
                             f"{sorted(self.actions)}")
        return self

    def action_label(self, code: str) -> str:
        """The action's label in words, else its code."""
        return self.action_labels.get(code) or code

    @property
    def kind(self) -> str:
        return "p" if self.player is not None else ("c" if self.probs is not None else "t")


class ProfilePayoff(BaseModel):
    """Payoffs of one pure profile of a normal-form game."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: list[str]
    payoffs: dict[str, PayoffValue] = Field(default_factory=dict)
    ranks: dict[str, StrictInt] = Field(default_factory=dict)

    @field_validator("payoffs")
    @classmethod
    def _expressions(cls, v: dict[str, Any]) -> dict[str, Any]:
        for val in v.values():
            _check_expression(val)
        return v


class GameSpec(BaseModel):
    """A game in a scenario: players are actor ids; payoffs numbers, ranks or expressions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    title: str = ""
    description: str = ""
    form: Literal["extensive", "normal"] = "extensive"
    players: list[str] = Field(min_length=1)
    nodes: list[NodeSpec] = Field(default_factory=list)
    strategies: dict[str, list[str]] = Field(default_factory=dict)
    payoffs: list[ProfilePayoff] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _structure(self) -> "GameSpec":
        if len(set(self.players)) != len(self.players):
            raise ValueError("players must be distinct actor ids")
        if self.form == "extensive":
            if not self.nodes:
                raise ValueError("an extensive game needs 'nodes' (the first one is the root)")
            if self.strategies or self.payoffs:
                raise ValueError("'strategies' and 'payoffs' belong to normal-form games (form: normal)")
            ids = [n.id for n in self.nodes]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"duplicate node id(s) {dup}")
            known = set(ids)
            for k, n in enumerate(self.nodes):
                for a, target in n.actions.items():
                    if target not in known:
                        raise ValueError(f"nodes[{k}] ({n.id}): action {a!r} leads to unknown node {target!r}")
            # acyclic (a shared subtree is copied, a cycle would never end), not too deep, and not
            # too large once copied; an iterative walk, so a very deep tree gives no RecursionError
            _check_tree({n.id: list(n.actions.values()) for n in self.nodes}, self.nodes[0].id)
            infosets: dict[str, NodeSpec] = {}
            for n in self.nodes:
                if n.infoset is None:
                    continue
                first = infosets.setdefault(n.infoset, n)
                if first.player != n.player or list(first.actions) != list(n.actions):
                    raise ValueError(f"information set {n.infoset!r}: nodes {first.id!r} and {n.id!r} differ in "
                                     "player or action labels")
        else:
            if self.nodes:
                raise ValueError("'nodes' belong to extensive games (form: extensive)")
            if set(self.strategies) != set(self.players):
                raise ValueError("'strategies' must list the strategies of every player")
            _check_profiles([len(self.strategies[p]) for p in self.players])
            seen = set()
            for k, p in enumerate(self.payoffs):
                if len(p.profile) != len(self.players):
                    raise ValueError(f"payoffs[{k}]: profile has {len(p.profile)} entries for "
                                     f"{len(self.players)} players")
                for who, s in zip(self.players, p.profile):
                    if s not in self.strategies[who]:
                        raise ValueError(f"payoffs[{k}]: {s!r} is not a strategy of {who!r}")
                seen.add(tuple(p.profile))
            total = 1
            for who in self.players:
                total *= len(self.strategies[who])
            if len(seen) != total or len(self.payoffs) != total:
                raise ValueError(f"payoffs must list each of the {total} profiles exactly once")
        return self


def _check_profiles(counts: list[int]) -> None:
    """A normal-form game in a scenario: at most MAX_SCENARIO_PROFILES profiles (ValueError)."""
    import math

    from ..bounds import MAX_SCENARIO_PROFILES

    total = math.prod(counts)
    if total > MAX_SCENARIO_PROFILES:
        raise ValueError(f"{' x '.join(map(str, counts))} strategies make {total:,} profiles, over the limit of "
                         f"{MAX_SCENARIO_PROFILES:,} for a game in a scenario (docs/limits.md; solve larger games "
                         "from a Gambit .nfg file)")


def _check_tree(children: dict[str, list[str]], root: str) -> None:
    """Cycle, depth and expanded-size checks of a node graph, without recursion (ValueError on failure)."""
    from ..bounds import MAX_GAME_DEPTH, MAX_GAME_NODES

    state: dict[str, int] = {}  # 1: on the current path, 2: done
    size: dict[str, int] = {}  # nodes of the copied subtree (capped just above the limit)
    height: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        node, i = stack.pop()
        if i == 0:
            if state.get(node) == 2:
                continue
            if state.get(node) == 1:
                raise ValueError(f"node {node!r} is part of a cycle; a game tree must be acyclic")
            state[node] = 1
            if len(stack) > MAX_GAME_DEPTH:
                raise ValueError(f"the game tree is deeper than {MAX_GAME_DEPTH} levels")
        kids = children[node]
        if i < len(kids):
            stack.append((node, i + 1))
            stack.append((kids[i], 0))
            continue
        state[node] = 2
        size[node] = min(1 + sum(size[k] for k in kids), MAX_GAME_NODES + 1)
        height[node] = 1 + max((height[k] for k in kids), default=0)
        if height[node] > MAX_GAME_DEPTH + 1:
            raise ValueError(f"the game tree is deeper than {MAX_GAME_DEPTH} levels")
    if size[root] > MAX_GAME_NODES:
        raise ValueError(f"the game tree expands to more than {MAX_GAME_NODES:,} nodes once shared subtrees are "
                         f"copied (docs/limits.md)")


def _check_probs(path: str, probs: dict[str, Any], params: set[str], scenario: Any
                 ) -> list[tuple[str, str, str | None]]:
    """Chance probabilities at the parameters' point values: each in [0, 1], summing to 1.

    Numbers are checked exactly as written; expressions at the point values (the
    compiled game checks them again at every sampled value).
    """
    import math

    from ..errors import InputError, shown
    from ..games.expr import parse_expression

    point = dict(getattr(scenario, "parameter_values", {}) or {})
    out: list[tuple[str, str, str | None]] = []
    values = {}
    for a, val in probs.items():
        try:
            expr = parse_expression(val, params)
        except InputError:
            return out  # reported by the expression checks
        try:
            v = float(expr.evaluate(point))
        except InputError as exc:  # too large, not real, divides by zero at the point values
            out.append((f"{path}.{a}", exc.message, exc.expected))
            return out
        except (TypeError, ValueError, OverflowError):
            return out  # only known at solve time
        where = "" if isinstance(val, (int, float)) else f" (the expression {shown(val)} at the parameters' point values)"
        if not math.isfinite(v) or v < 0 or v > 1:
            out.append((f"{path}.{a}", f"chance probability {v:g} is outside [0, 1]{where}",
                        "a probability in [0, 1]"))
            return out
        values[a] = v
    total = math.fsum(values.values())
    if abs(total - 1.0) > 1e-9:
        out.append((path, f"chance probabilities sum to {total:.6g}, not 1", "probabilities summing to 1"))
    return out


def validate_games(games: tuple[GameSpec, ...] | list[GameSpec], scenario: Any) -> list[tuple[str, str, str | None]]:
    """Cross-checks against the rest of the scenario: (field path, message, expected) triples.

    Players and payoff keys must be actor ids (players of the game); names in
    expressions must be scenario parameters; game ids must be unique.
    """
    from ..errors import InputError
    from ..games.expr import parse_expression

    actors = {a.id for a in getattr(scenario, "actors", ())}
    params = {p.id for p in getattr(scenario, "parameters", ())}
    out: list[tuple[str, str, str | None]] = []
    seen_ids: set[str] = set()
    for g, game in enumerate(games):
        base = f"games[{g}]"
        if game.id in seen_ids:
            out.append((f"{base}.id", f"duplicate game id {game.id!r}", "a unique id"))
        seen_ids.add(game.id)
        for k, p in enumerate(game.players):
            if p not in actors:
                out.append((f"{base}.players[{k}]", f"unknown actor id {p!r}", f"one of {sorted(actors)}"))
        players = set(game.players)

        def check_values(path: str, values: dict[str, Any], ranks: dict[str, int]) -> None:
            for who in list(values) + list(ranks):
                if who not in players:
                    out.append((f"{path}", f"{who!r} is not a player of game {game.id!r}",
                                f"one of {sorted(players)}"))
            for who, val in values.items():
                try:
                    parse_expression(val, params)
                except InputError as exc:
                    out.append((f"{path}.{who}", exc.message, exc.expected))

        for k, n in enumerate(game.nodes):
            path = f"{base}.nodes[{k}]"
            if n.player is not None and n.player not in players:
                out.append((f"{path}.player", f"{n.player!r} is not a player of game {game.id!r}",
                            f"one of {sorted(players)}"))
            check_values(f"{path}.payoffs", dict(n.payoffs), {})
            if n.ranks:
                check_values(f"{path}.ranks", {}, dict(n.ranks))
            parsed_ok = True
            for a, val in (n.probs or {}).items():
                try:
                    parse_expression(val, params)
                except InputError as exc:
                    parsed_ok = False
                    out.append((f"{path}.probs.{a}", exc.message, exc.expected))
            if n.probs and parsed_ok:
                out.extend(_check_probs(f"{path}.probs", n.probs, params, scenario))
        for who in game.strategies:
            if who not in players:
                out.append((f"{base}.strategies", f"{who!r} is not a player of game {game.id!r}",
                            f"one of {sorted(players)}"))
        for k, pp in enumerate(game.payoffs):
            check_values(f"{base}.payoffs[{k}].payoffs", dict(pp.payoffs), {})
            if pp.ranks:
                check_values(f"{base}.payoffs[{k}].ranks", {}, dict(pp.ranks))
    return out
