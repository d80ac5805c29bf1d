"""Adapter between scenario games and the games engine (owned by the games pillar).

Kept in one place so that a change in the games engine's public API touches
one function. :func:`explain_scenario_game` returns a
:class:`~realpolitik.report.games.GameExplanation` or raises
:class:`~realpolitik.errors.EngineNotApplicable` saying what is missing.
"""

from __future__ import annotations

from typing import Any

from ..errors import EngineNotApplicable, RealpolitikError

__all__ = ["explain_scenario_game"]


def _expr(e: Any, values: Any) -> Any:
    """A Poly for an engine Expression (its text), or its number when it is not a polynomial."""
    from ..errors import InputError
    from ._symbolic import Poly

    try:
        return Poly.parse(getattr(e, "text", e))
    except InputError:
        return float(e.evaluate(values))


def _compiled(scenario: Any, game_id: str) -> tuple[Any, Any, dict[str, float], dict[str, Any]]:
    """(compiled game, ExtensiveFormGame at the point values, parameter values, symbolic expressions)."""
    from ..games import scenario_game

    compiled, values = scenario_game(scenario, game_id)
    game = compiled.game(values)
    sym: dict[str, Any] = {}
    # both game types have ``outcomes``; a NormalFormGame's may be None
    if compiled.outcome_exprs and game.outcomes is not None and len(compiled.outcome_exprs) == len(game.outcomes):
        sym["payoff_exprs"] = [[_expr(e, values) for e in exprs] for _, exprs in compiled.outcome_exprs]
    chance = {k: [_expr(e, values) for e in spec[4]] for k, spec in enumerate(compiled.infoset_specs)
              if spec[4] is not None}
    if chance:
        sym["chance_exprs"] = chance
    return compiled, game, dict(values), sym


def explain_scenario_game(scenario: Any, game_id: str) -> Any:
    """Solve one game of ``scenario`` (subgame-perfect) and explain its equilibrium."""
    from dataclasses import replace

    from ._format import num
    from .games import explain_extensive

    from ..games import path_thresholds
    from ..games import subgame_perfect as solve

    spec = next(g for g in scenario.games if g.id == game_id)
    compiled, game, params, sym = _compiled(scenario, game_id)
    if not hasattr(game, "player_infosets"):
        raise EngineNotApplicable(f"game {game_id} is a strategic-form game; the report explains subgame-perfect "
                                  "play of game trees only (see realpolitik solve)")
    res = solve(game)
    if not res.equilibria:
        raise EngineNotApplicable(f"no verified subgame-perfect equilibrium of {game_id}: {res.status.message}")
    eq = res.equilibria[0]
    behaviour = game.behavior_from_flat(eq.profile)
    ranges: dict[str, Any] = {}  # parameter -> (low, high)
    for p in scenario.parameters:
        v = p.value
        ranges[p.id] = (float(v), float(v)) if isinstance(v, (int, float)) else tuple(map(float, v.support))
    bounds = {k: (0.0, 1.0) for k, (lo, hi) in ranges.items() if 0.0 <= lo and hi <= 1.0}
    notes = []
    if len(res.equilibria) > 1:
        notes.append(f"{len(res.equilibria)} subgame-perfect equilibria (ties); the first is explained.")
    if "payoff_exprs" not in sym:
        notes.append("Payoffs are shown as numbers at the parameters' point values (the games engine does not "
                     "expose the payoff expressions of the compiled game).")
    ex = explain_extensive(game, behaviour, game_id=game_id, method=res.method, params=params, ranges=ranges,
                           player_names=list(game.players), bounds=bounds, scenario_digest=scenario.digest, **sym)
    try:
        for t in path_thresholds(compiled, params):
            notes.append(f"Re-solving the game (games engine): the equilibrium path changes when {t.parameter} "
                         f"goes {t.direction} {num(t.value)} (now {num(t.base)}): " + " → ".join(game.describe_path(t.path))
                         + ".")
    except RealpolitikError as exc:  # the explanation stands without the engine's scan
        notes.append(f"Thresholds by re-solving not available: {exc}")
    title = getattr(spec, "title", "") or getattr(spec, "description", "") or ex.title
    return replace(ex, title=str(title)[:120] or game_id, notes=tuple(notes))
