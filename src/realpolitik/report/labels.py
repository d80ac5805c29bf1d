"""Human labels for the runner's stable names: outputs, outcomes and game paths.

The uncertainty runner names its outputs ``game.escalation.path`` or
``bargaining.involvement.eu`` and its game outcomes by bare action codes
(``"DL H S UK"``). Those names stay in ``--json``, in mappings and as
``--output`` arguments; every table and sentence a person reads goes through
these functions instead, so the scenario's own labels (``label:`` on actions,
actor names) appear there.

>>> import realpolitik
>>> sc = realpolitik.load_any("belarus-2022")
>>> output_label(sc, "game.escalation.path")
'Escalation game: path'
>>> output_label(sc, "bargaining.involvement.eu")
'Involvement: expected-utility model'
>>> outcome_label(sc, "game.escalation.belarus", "H")
'hedge: host the grouping and Russian troops, no attack'
"""

from __future__ import annotations

from typing import Any

from .._defaults import model_name
from ..errors import RealpolitikError

__all__ = ["output_label", "outcome_label", "path_label", "player_label", "action_labels", "model_label",
           "target_label", "warning_label"]

_CYCLES = ".cycles"
_ANCHOR = ".anchor"


def model_label(model: str) -> str:
    """Short lower-case name of a bargaining model: ``"eu"`` -> ``"expected-utility model"``."""
    name = model_name(model)
    return name[0].lower() + name[1:] if name != model else model


def _game(scenario: Any, game_id: str) -> Any:
    for g in getattr(scenario, "games", ()) or ():
        if g.id == game_id:
            return g
    return None


def player_label(scenario: Any, spec: Any, player: str) -> str:
    """A game player's label: the game's ``player_labels``, else the actor's name, else the id."""
    labels = getattr(spec, "player_labels", None) or {}
    if player in labels:
        return str(labels[player])
    try:
        return str(scenario.actor(player).name)
    except (RealpolitikError, AttributeError):
        return player


def action_labels(spec: Any) -> dict[tuple[str, str], str]:
    """(player id, action code) -> label, from the nodes' ``action_labels`` (codes where none)."""
    out: dict[tuple[str, str], str] = {}
    for nd in getattr(spec, "nodes", ()) or ():
        labels = getattr(nd, "action_labels", None) or {}
        for code in nd.actions:
            key = (nd.player or "chance", code)
            if key not in out or code in labels:
                out[key] = str(labels.get(code, code))
    return out


def _by_code(scenario: Any, spec: Any) -> dict[str, str]:
    by_code: dict[str, str] = {}
    for (player, code), label in action_labels(spec).items():
        if code not in by_code or label != code:
            who = "" if player == "chance" else player_label(scenario, spec, player) + ": "
            by_code[code] = who + label if label != code else code
    return by_code


def path_label(scenario: Any, spec: Any, path: str) -> str:
    """The runner's path (``"DL H S UK"``, bare action codes in tree order) in the players' and actions' labels.

    A mixed choice (``"A:0.5/B:0.5"``) keeps its probabilities; an unknown code stays as it is.
    """
    by_code = _by_code(scenario, spec)

    def one(tok: str) -> str:
        if "/" in tok or ":" in tok:
            parts = [p.rpartition(":") for p in tok.split("/")]
            return " or ".join(f"{by_code.get(c, c)} ({pr})" for c, _, pr in parts)
        return by_code.get(tok, tok)

    return " → ".join(one(tok) for tok in str(path).split())


def _game_name(game_id: str) -> str:
    return game_id.replace("_", " ").capitalize() + " game"


def _issue_name(issue_id: str) -> str:
    return issue_id.replace("_", " ").capitalize()


def output_label(scenario: Any, name: str) -> str:
    """A readable name of a runner output (``game.escalation.path`` -> ``Escalation game: path``)."""
    parts = str(name).split(".")
    if parts[0] == "bargaining" and len(parts) >= 3:
        base = f"{_issue_name(parts[1])}: {model_label(parts[2])}"
        if name.endswith(_CYCLES):
            return base + ", ends in a cycle"
        if name.endswith(_ANCHOR):
            return base + ", nearest scale anchor"
        return base
    if parts[0] == "game" and len(parts) >= 3:
        game, spec = _game_name(parts[1]), _game(scenario, parts[1])
        rest = parts[2:]
        if rest == ["path"]:
            return f"{game}: path"
        if rest == ["n_equilibria"]:
            return f"{game}: number of equilibria"
        if spec is not None and rest[0] in spec.players:
            who = player_label(scenario, spec, rest[0])
            if rest[1:] == ["payoff"]:
                return f"{game}: payoff of {who}"
            if len(rest) == 1:
                return f"{game}: choice of {who}"
    return str(name)


def outcome_label(scenario: Any, output: str, outcome: Any) -> str:
    """A discrete outcome of ``output`` in the scenario's words (a path or a player's actions)."""
    text = str(outcome)
    parts = str(output).split(".")
    if parts[0] == "game" and len(parts) >= 3:
        spec = _game(scenario, parts[1])
        if spec is None:
            return text
        if parts[2:] == ["path"]:
            return path_label(scenario, spec, text)
        if len(parts) == 3 and parts[2] in spec.players:
            acts = action_labels(spec)
            return "; ".join(acts.get((parts[2], tok), tok) for tok in text.split())
    if text in ("True", "False") and output.endswith(_CYCLES):
        return "yes" if text == "True" else "no"
    return text


def target_label(scenario: Any, target: str) -> str:
    """``NAME`` or ``NAME=VALUE`` (an ``--output`` argument) in words."""
    name, eq, value = str(target).partition("=")
    if not eq:
        return output_label(scenario, name)
    return f"{output_label(scenario, name)} = “{outcome_label(scenario, name, value)}”"


def warning_label(scenario: Any, warning: str) -> str:
    """A runner warning that starts with an output name (``bargaining.involvement.eu: ...``), in words."""
    head, sep, rest = str(warning).partition(": ")
    if sep and head.count(".") >= 2 and " " not in head:
        return f"{output_label(scenario, head)}: {rest}"
    return str(warning)
