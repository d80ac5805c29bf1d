"""ask_questions and ``realpolitik ask``: one simulation, every question, the JSON contract."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from realpolitik import catalog
from realpolitik.analysis import ask_questions, simulate_scenario
from realpolitik.cli.app import app

from ..scenario.test_questions import BASE, Q_OK

runner = CliRunner()


@pytest.fixture(scope="module")
def small():
    from realpolitik.scenario import loads_scenario

    return loads_scenario(BASE + Q_OK)


def test_answers_from_one_simulation(small):
    res = ask_questions(small, n=200, seed=3)
    q1, q2, q3, q4 = res.answers
    assert q1.probabilities["yes"] + q1.probabilities["no"] == pytest.approx(1)
    lo, hi = q1.interval["yes"]
    assert 0 <= lo <= q1.probabilities["yes"] <= hi <= 1
    assert sum(q2.probabilities.values()) == pytest.approx(1) and list(q2.probabilities) == ["low", "mid", "high"]
    assert float(q3.quantiles["0.05"]) <= float(q3.quantiles["0.5"]) <= float(q3.quantiles["0.95"])
    assert not q4.answered and q4.forecaster.startswith("analyst:") and q4.probabilities == {}
    assert q1.forecaster == "model:game.g" and q2.forecaster == "model:compromise"
    assert res.headline.id == "q1"
    assert res.provenance.seed == 3 and res.provenance.scenario_digest == small.digest


def test_same_numbers_from_a_shared_simulation(small):
    sim = simulate_scenario(small, n=128, seed=5)
    a = ask_questions(small, n=128, seed=5)
    b = ask_questions(small, simulation=sim)
    assert a.to_dict()["questions"] == b.to_dict()["questions"]


def test_band_probabilities_match_the_samples(small):
    sim = simulate_scenario(small, n=300, seed=2)
    res = ask_questions(small, simulation=sim)
    x = sim.samples["bargaining.i1.compromise"].to_numpy()
    assert res.answer("q2").probabilities["low"] == pytest.approx(float((x < 33).mean()))
    assert res.answer("q2").probabilities["high"] == pytest.approx(float((x >= 66).mean()))


def test_cli_ask_json_contract(small, tmp_path):
    from realpolitik.scenario import dump_yaml

    p = tmp_path / "qs.yaml"
    p.write_text(dump_yaml(small), encoding="utf-8")
    r = runner.invoke(app, ["ask", str(p), "--n", "100", "--seed", "1", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert {"scenario", "as_of", "questions", "provenance"} <= set(d)
    assert d["scenario"] == "qs" and d["as_of"] == "2022-10-11"
    for q in d["questions"]:
        assert {"id", "type", "probabilities", "interval", "mapping", "forecaster"} <= set(q)
        assert q["type"] in ("binary", "multiple_choice", "numeric")
        assert q["forecaster"].split(":")[0] in ("model", "analyst")
        if q["type"] == "numeric":
            assert "options" not in q and set(q["quantiles"]) == {"0.05", "0.5", "0.95"}
        else:
            assert isinstance(q["options"], list)
            if q["forecaster"].startswith("model:"):
                assert set(q["probabilities"]) == set(q["options"]) == set(q["interval"])
    binary = d["questions"][0]
    assert binary["options"] == ["yes", "no"] and binary["mapping"] == "P(game.g.path has a = R)"
    table = runner.invoke(app, ["ask", str(p), "--n", "50"], catch_exceptions=False)
    assert table.exit_code == 0 and "forecast by hand" in table.output


def test_cli_ask_bad_input_exit_2(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(BASE + Q_OK.replace("has a = R", "has a = Z"), encoding="utf-8")
    r = runner.invoke(app, ["ask", str(p), "--json"])
    assert r.exit_code == 2 and "questions[0].mapping" in r.output


def test_belarus_every_mapped_question_has_a_probability():
    sc = catalog.get("belarus-2022")
    res = ask_questions(sc, n=48, seed=0)
    for q, a in zip(sc.questions, res.answers):
        assert a.id == q.id
        if q.mapping is not None:
            assert a.answered and (a.probabilities or a.quantiles)
            if a.probabilities:
                assert sum(a.probabilities.values()) == pytest.approx(1)
        else:
            assert a.forecaster.startswith("analyst:")
