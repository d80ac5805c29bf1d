"""Adapter between scenario games and the games engine (owned by the games pillar).

Kept in one place so that a change in the games engine's public API touches
one function. :func:`explain_scenario_game` returns a
:class:`~realpolitik.report.games.GameExplanation` or raises
:class:`~realpolitik.errors.EngineNotApplicable` saying what is missing.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import EngineNotApplicable

__all__ = ["explain_scenario_game", "behaviour_from_profile", "COMPILERS"]

#: Names under which the games engine may expose "scenario game -> ExtensiveFormGame".
COMPILERS = ("scenario_game", "game_from_scenario", "compile_game", "from_scenario")


def behaviour_from_profile(game: Any, profile: Sequence[Sequence[float]]) -> list[list[list[float]]]:
    """Nest a flat per-player profile (every action of every own infoset, file order) per infoset."""
    out = []
    for i, hs in enumerate(game.player_infosets):
        flat = list(profile[i])
        row, k = [], 0
        for h in hs:
            n = len(game.infosets[h].actions)
            row.append(flat[k:k + n])
            k += n
        out.append(row)
    return out


def _compiler(G: Any) -> Any:
    for name in COMPILERS:
        f = getattr(G, name, None)
        if callable(f):
            return f
    try:
        from ..games import scenario as GS  # type: ignore[attr-defined]
    except ImportError:
        return None
    for name in COMPILERS:
        f = getattr(GS, name, None)
        if callable(f):
            return f
    return None


def _solver(G: Any) -> Any:
    f = getattr(G, "subgame_perfect", None)
    if f is None:
        try:
            from ..games.spe import subgame_perfect as f  # type: ignore[no-redef]
        except ImportError:
            return None
    return f


def _symbolic(spec: Any, game: Any) -> dict[str, Any]:
    """Payoff and chance expressions of the spec, where the compiled game exposes them."""
    out: dict[str, Any] = {}
    exprs = getattr(game, "payoff_expressions", None)
    if exprs is not None and len(exprs) == len(game.outcomes):
        out["payoff_exprs"] = exprs
    chance = getattr(game, "chance_expressions", None)
    if chance:
        out["chance_exprs"] = dict(chance)
    return out


def _expr(e: Any, values: Any) -> Any:
    """A Poly for an engine Expression (its text), or its number when it is not a polynomial."""
    from ..errors import InputError
    from ._symbolic import Poly

    try:
        return Poly.parse(getattr(e, "text", e))
    except InputError:
        return float(e.evaluate(values))


def _compiled(G: Any, scenario: Any, game_id: str) -> tuple[Any, Any, dict[str, float], dict[str, Any]]:
    """(compiled or None, ExtensiveFormGame, parameter values, symbolic expressions)."""
    sg = getattr(G, "scenario_game", None)
    if callable(sg):
        compiled, values = sg(scenario, game_id)
        game = compiled.game(values)
        sym: dict[str, Any] = {}
        if getattr(compiled, "outcome_exprs", None) and hasattr(game, "outcomes") \
                and len(compiled.outcome_exprs) == len(game.outcomes):
            sym["payoff_exprs"] = [[_expr(e, values) for e in exprs] for _, exprs in compiled.outcome_exprs]
        chance = {k: [_expr(e, values) for e in spec[4]] for k, spec in enumerate(getattr(compiled, "infoset_specs", ()))
                  if spec[4] is not None}
        if chance:
            sym["chance_exprs"] = chance
        return compiled, game, dict(values), sym
    compile_ = _compiler(G)
    if compile_ is None:
        raise EngineNotApplicable("the games engine does not yet compile scenario games "
                                  f"(none of realpolitik.games.{'/'.join(COMPILERS)})")
    game = compile_(scenario, game_id)
    return None, game, dict(scenario.parameter_values), _symbolic(None, game)


def explain_scenario_game(scenario: Any, game_id: str) -> Any:
    """Solve one game of ``scenario`` (subgame-perfect) and explain its equilibrium."""
    from dataclasses import replace

    from ._format import num
    from .games import explain_extensive

    try:
        from .. import games as G
    except ImportError as exc:  # pragma: no cover - the package ships with games
        raise EngineNotApplicable(f"the games engine cannot be imported: {exc}") from None
    solve = _solver(G)
    if solve is None:
        raise EngineNotApplicable("the games engine has no subgame-perfect solver yet")
    spec = next(g for g in scenario.games if g.id == game_id)
    compiled, game, params, sym = _compiled(G, scenario, game_id)
    if not hasattr(game, "player_infosets"):
        raise EngineNotApplicable(f"game {game_id} is a strategic-form game; the report explains subgame-perfect "
                                  "play of game trees only (see realpolitik solve)")
    res = solve(game)
    if not res.equilibria:
        raise EngineNotApplicable(f"no verified subgame-perfect equilibrium of {game_id}: {res.status.message}")
    eq = res.equilibria[0]
    behaviour = behaviour_from_profile(game, eq.profile)
    ranges = {}
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
    pt = getattr(G, "path_thresholds", None)
    if compiled is not None and callable(pt):
        try:
            for t in pt(compiled, params):
                notes.append(f"Re-solving the game (games engine): the equilibrium path changes when {t.parameter} "
                             f"goes {t.direction} {num(t.value)} (now {num(t.base)}): " + " → ".join(t.path) + ".")
        except Exception as exc:  # noqa: BLE001 - the explanation stands without the engine's scan
            notes.append(f"Thresholds by re-solving not available: {exc}")
    title = getattr(spec, "title", "") or getattr(spec, "description", "") or ex.title
    return replace(ex, title=str(title)[:120] or game_id, notes=tuple(notes))
