"""The game explanation: values of each alternative in the scenario's terms, thresholds, the path."""

from __future__ import annotations

import pytest

from realpolitik.games import read_efg_string
from realpolitik.report import explain_extensive, plots

# Belarus's decision in the design note's escalation game (§3.2), cut to its three options:
# enter (2), hedge (4, or 1 if Russia punishes the hedge: p_rh), refuse (3, or 1 if Russia retaliates: p_ret).
BELARUS = '''EFG 2 R "belarus decision" { "belarus" }
p "" 1 1 "B" { "E" "H" "N" } 0
t "" 1 "E" { 2 }
c "" 1 "rh" { "punish" 1/10 "spare" 9/10 } 0
t "" 2 "Hp" { 1 }
t "" 3 "H" { 4 }
c "" 2 "ret" { "Nr" 3/5 "N0" 2/5 } 0
t "" 4 "Nr" { 1 }
t "" 5 "N0" { 3 }
'''
HEDGE = [[[0, 1, 0]]]
EXPR = dict(chance_exprs={1: ["p_rh", "1 - p_rh"], 2: ["p_ret", "1 - p_ret"]}, params={"p_rh": 0.1, "p_ret": 0.6},
            ranges={"p_rh": (0.0, 0.2), "p_ret": (0.4, 0.8)}, player_names=["Belarus"])


@pytest.fixture(scope="module")
def belarus():
    return explain_extensive(read_efg_string(BELARUS), HEDGE, game_id="belarus", **EXPR)


def test_decision_in_the_scenarios_terms(belarus):
    (d,) = belarus.decisions
    assert d.chosen == "H" and d.player_name == "Belarus"
    assert [a.action for a in d.alternatives] == ["H", "E", "N"]
    assert [a.expression for a in d.alternatives] == ["4 − 3·p_rh", "2", "3 − 2·p_ret"]
    assert [a.value for a in d.alternatives] == pytest.approx([3.7, 2.0, 1.8])
    assert d.inequality == "4 − 3·p_rh > 2 > 3 − 2·p_ret"
    assert d.text().startswith("Belarus chooses H: H 4 − 3·p_rh (= 3.7) > E 2 > N 3 − 2·p_ret (= 1.8)")


def test_threshold_two_thirds(belarus):
    (d,) = belarus.decisions
    t = next(t for t in d.thresholds if t.parameter == "p_rh" and t.switches_to == "E")
    assert t.value == pytest.approx(2 / 3) and t.exact == "2/3" and t.direction == "above"
    assert t.in_range is False and t.range == (0.0, 0.2)
    assert "Belarus would choose E instead if p_rh > 2/3" in t.text("Belarus")


def test_numbers_without_expressions_and_the_path():
    g = read_efg_string('EFG 2 R "entry" { "In" "Out" } p "" 1 1 "" { "enter" "stay" } 0 '
                        'p "" 2 1 "" { "fight" "accommodate" } 0 t "" 1 "F" { -1, -1 } '
                        't "" 2 "A" { 1, 1 } t "" 3 "O" { 0, 2 }')
    ex = explain_extensive(g, [[[1, 0]], [[0, 1]]], game_id="entry")
    assert ex.path == ("In:enter", "Out:accommodate")
    assert ex.payoffs == (1.0, 1.0)
    assert [d.chosen for d in ex.decisions] == ["enter", "accommodate"]
    assert ex.decisions[1].inequality == "1 > −1"
    # the drawn tree marks exactly the equilibrium edges
    root = ex.tree
    assert [e.on_path for e in root.children] == [True, False]
    assert [e.on_path for e in root.children[0].child.children] == [False, True]
    assert ex.to_dict()["decisions"][0]["alternatives"][0] == {"action": "enter", "code": "enter", "value": 1.0,
                                                               "expression": "1", "chosen": True}


def test_game_tree_figure(belarus):
    fig = plots.game_tree_figure(belarus)
    assert plots.figure_bytes(fig, "png")[:4] == b"\x89PNG"
    assert b"<svg" in plots.figure_bytes(fig, "svg")[:400]


def test_the_engines_subgame_perfect_profile_is_explained():
    from realpolitik.games import spe

    g = read_efg_string('EFG 2 R "entry" { "E" "I" } p "" 1 1 "" { "out" "in" } 0 t "" 1 "o" { 0, 2 } '
                        'p "" 2 1 "" { "fight" "share" } 0 t "" 2 "f" { -1, -1 } t "" 3 "s" { 1, 1 }')
    eq = spe.subgame_perfect(g).equilibria[0]
    ex = explain_extensive(g, g.behavior_from_flat(eq.profile))
    assert ex.path == tuple(eq.path)
    assert ex.payoffs == pytest.approx(eq.payoffs)
