"""The few calls the uncertainty runner makes into the games pillar, in one place."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

__all__ = ["compile_with_ranks", "used_parameters", "rank_levels_by_player"]


def used_parameters(sc: Any, spec: Any) -> tuple[str, ...]:
    """Ids of the scenario parameters the game's payoff and probability expressions read (scenario order)."""
    from ..games.expr import parse_expression

    params = {p.id for p in sc.parameters}
    names: set[str] = set()
    for n in spec.nodes:
        for val in list(n.payoffs.values()) + list((n.probs or {}).values()):
            names |= set(parse_expression(val, params).names)
    for p in spec.payoffs:
        for val in p.payoffs.values():
            names |= set(parse_expression(val, params).names)
    return tuple(p.id for p in sc.parameters if p.id in names)


def rank_levels_by_player(spec: Any) -> tuple[np.ndarray, ...] | None:
    """Each player's distinct ranks (ascending), or None if the game has no ranks."""
    per: dict[str, set[int]] = {p: set() for p in spec.players}
    any_rank = False
    for n in list(spec.nodes) + list(spec.payoffs):
        for who, r in n.ranks.items():
            per[who].add(int(r))
            any_rank = True
    if not any_rank:
        return None
    return tuple(np.array(sorted(per[p]) or [1], dtype=float) for p in spec.players)


def compile_with_ranks(spec: Any, parameter_ids: frozenset[str], player_names: Mapping[str, str]
                       ) -> tuple[Any, np.ndarray | None]:
    """The games pillar's compiled game, and the rank part of each outcome ``(n_outcomes, n_players)``.

    Ranks are NaN where an outcome carries none for a player; None when the game has no ranks.
    """
    dump = getattr(spec, "model_dump_json", None)
    if dump is None:
        return _compile_with_ranks(spec, parameter_ids, player_names)
    key = (type(spec), dump(), frozenset(parameter_ids), tuple(sorted(player_names.items())))
    hit = _COMPILED.get(key)
    if hit is None:
        hit = _COMPILED[key] = _compile_with_ranks(spec, parameter_ids, player_names)
        while len(_COMPILED) > 32:
            _COMPILED.pop(next(iter(_COMPILED)))
    return hit


#: Compiled games by their spec's JSON: the explorer's every slider move re-reads the same game, and
#: compiling it (parsing each payoff expression) cost about a tenth of a move. Read-only once built.
_COMPILED: dict[Any, tuple[Any, np.ndarray | None]] = {}


def _compile_with_ranks(spec: Any, parameter_ids: frozenset[str], player_names: Mapping[str, str]
                        ) -> tuple[Any, np.ndarray | None]:
    from ..games.compile import compile_spec

    compiled = compile_spec(spec, set(parameter_ids), dict(player_names))
    by_id = {n.id: n for n in spec.nodes} if spec.form == "extensive" else {}
    if spec.form != "extensive" or not any(n.ranks for n in spec.nodes):
        return compiled, None
    players = list(spec.players)
    ranks = np.full((len(compiled.outcome_exprs), len(players)), np.nan)
    for k, (label, _) in enumerate(compiled.outcome_exprs):
        node = by_id[label]
        for who, r in node.ranks.items():
            ranks[k, players.index(who)] = float(r)
    return compiled, ranks
