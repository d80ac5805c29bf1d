"""Games in scenarios: the safe evaluator, the GameSpec model, cross-checks, compilation, Belarus."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from pydantic import ValidationError

from realpolitik.errors import InputError
from realpolitik.games import compile_spec, parse_expression, path_thresholds, subgame_perfect
from realpolitik.scenario.games_spec import GameSpec, validate_games


@pytest.mark.parametrize("text", ["__import__('os')", "p.real", "p[0]", "abs(p)", "lambda: 1", "p if p else 1",
                                  "x + 1", "'a'", "1 +", "p ** p ** p ** p " * 20, "True"])
def test_unsafe_or_unknown_expressions_are_rejected(text):
    with pytest.raises(InputError):
        parse_expression(text, {"p"})


def test_expressions_evaluate_exactly_and_vectorised():
    from fractions import Fraction
    e = parse_expression("3 - 2*p_ret", {"p_ret"})
    assert e.evaluate({"p_ret": Fraction(1, 2)}) == 2
    assert np.allclose(e.evaluate({"p_ret": np.linspace(0, 1, 5)}), 3 - 2 * np.linspace(0, 1, 5))
    assert parse_expression("2^3", set()).constant == 8
    with pytest.raises(InputError):
        parse_expression("1/(p-p)", {"p"}).evaluate({"p": Fraction(1)})


ENTRY = {
    "id": "entry", "players": ["a", "b"],
    "nodes": [
        {"id": "root", "player": "a", "actions": {"out": "o", "in": "bm"}},
        {"id": "o", "payoffs": {"a": 0, "b": 2}},
        {"id": "bm", "player": "b", "actions": {"fight": "f", "share": "s"}},
        {"id": "f", "payoffs": {"a": -1, "b": "-1 - p"}},
        {"id": "s", "ranks": {"a": 2, "b": 1}},
    ],
}


def _scenario(params=("p",), actors=("a", "b")):
    return SimpleNamespace(actors=[SimpleNamespace(id=a, name=a.upper()) for a in actors],
                           parameters=[SimpleNamespace(id=p, point=0.5) for p in params])


def test_spec_compiles_and_solves():
    spec = GameSpec(**ENTRY)
    cg = compile_spec(spec, {"p"})
    res = subgame_perfect(cg.game({"p": 0.5}))
    assert res.equilibria[0].path == ("a:in", "b:share")
    table = cg.outcome_table({"p": np.array([0.0, 1.0])})
    assert table.shape == (2, 3, 2) and table[1, 1, 1] == -2.0


@pytest.mark.parametrize("change, fragment", [
    (lambda d: d["nodes"].append({"id": "o"}), "duplicate node"),
    (lambda d: d["nodes"][0]["actions"].update({"x": "nowhere"}), "unknown node"),
    (lambda d: d["nodes"][2]["actions"].update({"loop": "root"}), "cycle"),
    (lambda d: d["nodes"][4].update({"ranks": {"a": 0}}), "ranks"),
    (lambda d: d["nodes"][3].update({"payoffs": {"a": "os.system"}}), "not allowed"),
    (lambda d: d.update({"extra": 1}), "extra"),
])
def test_spec_structure_errors(change, fragment):
    import copy
    d = copy.deepcopy(ENTRY)
    change(d)
    with pytest.raises(ValidationError) as err:
        GameSpec(**d)
    assert fragment.lower() in str(err.value).lower()


def test_validate_games_cross_checks_paths():
    import copy
    d = copy.deepcopy(ENTRY)
    d["players"] = ["a", "zz"]
    d["nodes"][3]["payoffs"] = {"a": "q + 1"}
    problems = validate_games((GameSpec(**d),), _scenario())
    paths = {p for p, _, _ in problems}
    assert "games[0].players[1]" in paths
    assert "games[0].nodes[3].payoffs.a" in paths
    assert any("unknown name 'q'" in m for _, m, _ in problems)
    assert validate_games((GameSpec(**ENTRY),), _scenario()) == []


def test_normal_form_spec():
    spec = GameSpec(id="pd", form="normal", players=["a", "b"], strategies={"a": ["C", "D"], "b": ["C", "D"]},
                    payoffs=[{"profile": ["C", "C"], "ranks": {"a": 3, "b": 3}},
                             {"profile": ["C", "D"], "ranks": {"a": 1, "b": 4}},
                             {"profile": ["D", "C"], "ranks": {"a": 4, "b": 1}},
                             {"profile": ["D", "D"], "payoffs": {"a": "2*p", "b": 2}}])
    g = compile_spec(spec, {"p"}).game({"p": 1.0})
    from realpolitik.games import pure_equilibria
    assert [e.profile for e in pure_equilibria(g).equilibria] == [((0.0, 1.0), (0.0, 1.0))]
    with pytest.raises(ValidationError):
        GameSpec(id="x", form="normal", players=["a"], strategies={"a": ["A", "B"]},
                 payoffs=[{"profile": ["A"], "payoffs": {"a": 1}}])


def test_belarus_escalation_path_and_threshold(belarus_design):
    from realpolitik.scenario import load_any
    from realpolitik.games import scenario_game
    for sc in (load_any("belarus-2022"), belarus_design):
        cg, values = scenario_game(sc, "escalation")
        res = subgame_perfect(cg.game(values), exact=True)
        assert len(res.equilibria) == 1
        path = [step.split(":")[-1] for step in res.equilibria[0].path]
        assert path == ["DL", "H", "S", "UK"]
    # the re-coded point values (r_army 0.6, p_nato 0.1): Moscow never gains from demanding entry,
    # r_army * (3 - 4 p_nato) = 1.56 < 2, so no single parameter near p_rh's point tips the path
    cg, values = scenario_game(load_any("belarus-2022"), "escalation")
    assert "p_rh" not in {t.parameter for t in path_thresholds(cg, values)}
    cg, values = scenario_game(belarus_design, "escalation")
    th = {t.parameter: t for t in path_thresholds(cg, values)}
    assert th["p_rh"].value == pytest.approx(2 / 3, abs=1e-6)
    assert [s.split(":")[-1] for s in th["p_rh"].path][:2] == ["DF", "E"]
    assert "p_ret" not in th  # refusing (3 - 2 p_ret) never beats hedging
