"""Action labels in scenario games: both file forms, carried into the compiled game and its paths."""

from __future__ import annotations

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.games import compile_spec, subgame_perfect
from realpolitik.scenario import loads_scenario
from realpolitik.scenario.games_spec import NodeSpec

GAME = """\
schema_version: 1
metadata: {id: lab, title: Labels, as_of: 2022-10-11}
actors: [{id: a, name: Alpha}, {id: b, name: Beta}]
parameters: [{id: p, value: 0.3}]
games:
  - id: g
    players: [a, b]
    nodes:
      - id: root
        label: "Alpha's move"
        player: a
        actions:
          in: {to: chance, label: "come in"}
          out: stay
      - {id: chance, label: "Luck", probs: {good: p, bad: "1 - p"}, actions: {good: b_moves, bad: t0},
         action_labels: {good: "the weather holds"}}
      - {id: b_moves, player: b, actions: {f: t1, s: t2}, action_labels: {f: fight, s: share}}
      - {id: stay, payoffs: {a: 1, b: 3}}
      - {id: t0, payoffs: {a: 0, b: 0}}
      - {id: t1, payoffs: {a: -1, b: 0}}
      - {id: t2, payoffs: {a: 5, b: 2}}
"""


def test_both_forms_give_the_same_spec():
    long = NodeSpec.model_validate({"id": "n", "player": "a", "actions": {"x": {"to": "m", "label": "X it"}, "y": "k"}})
    short = NodeSpec.model_validate({"id": "n", "player": "a", "actions": {"x": "m", "y": "k"},
                                     "action_labels": {"x": "X it"}})
    assert long == short and long.actions == {"x": "m", "y": "k"}
    assert long.action_label("x") == "X it" and long.action_label("y") == "y"


@pytest.mark.parametrize("actions, extra, needle", [
    ({"x": {"label": "no target"}}, {}, "'to' key is missing"),
    ({"x": {"to": "m", "colour": "red"}}, {}, "not the key(s) ['colour']"),
    ({"x": {"to": "m", "label": "one"}}, {"action_labels": {"x": "two"}}, "two labels"),
    ({"x": "m"}, {"action_labels": {"z": "zed"}}, "not actions of this node"),
])
def test_bad_labels_are_errors(actions, extra, needle):
    with pytest.raises(ValueError, match=needle.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        NodeSpec.model_validate({"id": "n", "player": "a", "actions": actions, **extra})


def test_bad_label_in_a_file_names_the_field():
    text = GAME.replace('in: {to: chance, label: "come in"}', 'in: {to: chance, lable: "come in"}')
    with pytest.raises(ScenarioError) as ei:
        loads_scenario(text)
    assert "games[0].nodes[0]" in str(ei.value) and "lable" in str(ei.value)


def test_labels_reach_the_compiled_game_and_its_path():
    sc = loads_scenario(GAME)
    compiled = compile_spec(sc.games[0], {"p"}, {"a": "Alpha", "b": "Beta"})
    game = compiled.game({"p": 0.3})
    root = game.infosets[game.nodes[0].infoset]
    assert root.actions == ("in", "out") and root.action_labels == ("come in", "")
    assert [root.action_label(a) for a in range(2)] == ["come in", "out"]
    eq = subgame_perfect(game).equilibria[0]
    behav = game.behavior_from_flat(eq.profile)
    assert eq.path == ("Alpha:in", "chance:good", "chance:bad", "Beta:s")  # codes: --json
    words = ["Alpha: come in", "the weather holds", "chance:bad", "Beta: share"]
    assert game.path_words(behav) == words
    assert game.describe_path(eq.path) == words
    assert game.describe_path(("Alpha:in(0.5)",)) == ["Alpha: come in (0.5)"]


def test_belarus_labels_every_action_and_player_facing_node():
    from realpolitik import catalog

    for spec in catalog.get("belarus-2022").games:
        for nd in spec.nodes:
            if nd.actions:
                assert nd.label, nd.id
                assert set(nd.action_labels) == set(nd.actions), nd.id
