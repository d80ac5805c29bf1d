"""Compile a scenario into one uncertainty model: its issues and its games.

Output names:

* ``bargaining.<issue>.<model>`` - numeric forecasts (``eu``, ``compromise``,
  ``median``, ``mean``, ``nbs``) of every issue;
* ``game.<game>.path`` - the equilibrium path (actions joined by spaces);
  ``game.<game>.<player>`` - the action a player takes on the path (see
  :mod:`.games_model`).
"""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import InputError
from .bargaining_model import bargaining_model
from .models import CompositeModel, Model

__all__ = ["scenario_model"]


def scenario_model(sc: Any, *, issues: Sequence[str] | None = None, games: Sequence[str] | None = None,
                   capability: str = "leverage",
                   models: Sequence[str] = ("eu", "compromise", "median"),
                   eu_options: Any = None, game_method: str = "spe") -> Model:
    """The model :func:`~realpolitik.uncertainty.simulate` evaluates for a scenario.

    Parameters
    ----------
    sc : Scenario
    issues : sequence of str, optional
        Issue ids to forecast (default: all; ``[]`` for none).
    games : sequence of str, optional
        Game ids to solve (default: all; ``[]`` for none).
    capability : {"leverage", "raw"}
    models : bargaining models to run on each issue.
    eu_options : realpolitik.bargaining.EUOptions, optional
    game_method : str
        Solver for the games (default subgame-perfect equilibrium).
    """
    issue_ids = [i.id for i in sc.issues] if issues is None else list(issues)
    game_ids = [g.id for g in sc.games] if games is None else list(games)
    parts: list[Model] = [bargaining_model(sc, iid, capability=capability, models=tuple(models),
                                           eu_options=eu_options) for iid in issue_ids]
    if game_ids:
        from .games_model import game_model

        parts.extend(game_model(sc, gid, method=game_method) for gid in game_ids)
    if not parts:
        raise InputError(f"scenario {sc.id} has nothing to evaluate (no issues or games selected)",
                         expected="a scenario with an issue or a game")
    return parts[0] if len(parts) == 1 else CompositeModel(tuple(parts))
