"""make_brief and ``realpolitik brief``: the JSON contract, invariants, shared defaults with explain."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from realpolitik import catalog
from realpolitik.analysis import estimative_words, make_brief
from realpolitik.analysis.backtest_record import BACKTEST_NAMES, COMPROMISE, _stored, record_from_backtest
from realpolitik.analysis.brief import ESTIMATIVE_SCALE
from realpolitik.cli.app import app
from realpolitik.scenario import dump_yaml, loads_scenario

from ..scenario.test_questions import BASE, Q_OK

runner = CliRunner()
SMALL = dict(n=120, sensitivity_n=8, sweep_points=3, sweep_n=24)


@pytest.fixture(scope="module")
def belarus_brief():
    return make_brief(catalog.get("belarus-2022"), **SMALL)


def test_estimative_scale_is_a_partition():
    edges = [(lo, hi) for lo, hi, _ in ESTIMATIVE_SCALE]
    assert edges[0][0] == 0 and all(a[1] == b[0] for a, b in zip(edges, edges[1:]))
    assert estimative_words(0.049) == "almost no chance" and estimative_words(0.05) == "very unlikely"
    assert estimative_words(0.96) == "almost certain" and estimative_words(1.0) == "almost certain"


def test_brief_json_contract(belarus_brief):
    d = json.loads(json.dumps(belarus_brief.to_json()))
    assert {"scenario", "headline", "band", "drivers", "tipping_points", "models"} <= set(d)
    assert d["scenario"] == "belarus-2022"
    h = d["headline"]
    assert {"question", "outcome", "probability", "interval", "words"} <= set(h)
    assert h["interval"][0] <= h["probability"] <= h["interval"][1]
    assert h["words"] == estimative_words(h["probability"]) and h["outcome"] == "yes"
    b = d["band"]
    assert {"low", "high", "label", "probability"} <= set(b) and b["low"] < b["high"] and 0 < b["probability"] <= 1
    labels = {a.label for a in catalog.get("belarus-2022").issues[0].scale.anchors}
    assert b["label"] in labels
    for dr in d["drivers"]:
        assert {"input", "label", "effect"} <= set(dr)
    for t in d["tipping_points"]:
        assert {"input", "value", "assumed_range", "inside_range", "then"} <= set(t)
        lo, hi = t["assumed_range"]
        assert t["inside_range"] == (lo <= t["value"] <= hi)
    names = [m["name"] for m in d["models"]]
    assert "compromise" in names and any(n.startswith("game.") for n in names)
    maes = [m["backtest"]["test_mae"] for m in d["models"] if m["backtest"] is not None]
    assert maes == sorted(maes), "models are ordered by their backtest record"
    for m in d["models"]:
        assert {"name", "forecast", "backtest"} <= set(m)
        if m["backtest"] is not None:
            assert set(m["backtest"]) >= {"dataset", "test_mae", "compromise_test_mae"}
            assert m["backtest"]["dataset"] == "deu3"


def test_brief_is_in_words_and_labels(belarus_brief):
    text = "\n".join(belarus_brief.text())
    assert belarus_brief.headline.words.capitalize()[:5] in text
    assert "pivotal" in text and "Compromise model" in text
    assert "bargaining.involvement" not in belarus_brief.band_text()
    # warnings that matter reach the brief and its JSON
    assert list(belarus_brief.warnings) == belarus_brief.to_json()["warnings"]


def test_sweep_covers_the_plausible_range(belarus_brief):
    s = belarus_brief.sweep
    assert s is not None and len(s.values) == len(s.probabilities) == SMALL["sweep_points"]
    assert all(0 <= p <= 1 for p in s.probabilities)
    assert s.values[0] <= s.assumed_range[0] and s.values[-1] >= s.assumed_range[1]


def test_brief_headline_equals_ask_and_explain_at_the_defaults():
    """One default seed and sampler: brief, ask and explain print the same probability."""
    from realpolitik.analysis import ask_questions
    from realpolitik.report import explain

    sc = loads_scenario(BASE + Q_OK)
    br = make_brief(sc, n=200, sensitivity_n=0, sweep_points=0)
    ask = ask_questions(sc, n=200)
    ex = explain(sc, samples=200, sensitivity_n=0, sections=["games", "uncertainty"])
    p_explain = ex.uncertainty.probability("game.g.a", "R")[0]
    assert br.headline.probability == ask.answer("q1").probabilities["yes"] == p_explain


def test_brief_without_headline_or_issue_is_still_a_brief():
    text = BASE.split("issues:")[0] + "games:" + BASE.split("games:")[1]
    sc = loads_scenario(text)
    b = make_brief(sc, n=50, sensitivity_n=0, sweep_points=0)
    d = b.to_json()
    assert d["headline"] is None and d["band"] is None and d["models"][0]["name"] == "game.g"
    assert any("headline" in w for w in d["warnings"])


def test_cli_brief_json_and_text(tmp_path):
    p = tmp_path / "qs.yaml"
    p.write_text(dump_yaml(loads_scenario(BASE + Q_OK)), encoding="utf-8")
    r = runner.invoke(app, ["brief", str(p), "-n", "60", "--sobol-n", "0", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["scenario"] == "qs" and d["headline"]["question"] == "Does a move right?"
    t = runner.invoke(app, ["brief", str(p), "-n", "60", "--sobol-n", "0"], catch_exceptions=False)
    assert t.exit_code == 0 and "Bottom line" in t.output and "What would change it" in t.output
    bad = runner.invoke(app, ["brief", str(tmp_path / "missing.yaml")])
    assert bad.exit_code == 2


def test_backtest_record_is_complete():
    data = _stored()
    assert data["dataset"] == "deu3" and set(BACKTEST_NAMES.values()) <= set(data["models"])
    assert COMPROMISE in data["models"]


@pytest.mark.skipif(not os.path.exists(os.path.join(os.environ.get("REALPOLITIK_SHARED", "../shared"),
                                                    "data", "deu3", "deu3.csv")),
                    reason="shared data: DEU III copy not present")
def test_backtest_record_matches_the_backtest():
    from realpolitik.backtest.run import run_backtest

    path = os.path.join(os.environ.get("REALPOLITIK_SHARED", "../shared"), "data", "deu3", "deu3.csv")
    res = run_backtest(path=path, models=list(BACKTEST_NAMES.values()))
    fresh = record_from_backtest(res.to_dict())
    stored = _stored()
    assert fresh["data_sha256"] == stored["data_sha256"] and fresh["test_issues"] == stored["test_issues"]
    for name, rec in stored["models"].items():
        assert fresh["models"][name]["test_mae"] == pytest.approx(rec["test_mae"], abs=1e-9)


def test_brief_shows_action_labels_not_codes(belarus_brief):
    text = "\n".join(belarus_brief.text())
    root = catalog.get("belarus-2022").games[0].nodes[0]
    assert f"Russia (Putin): {root.action_labels['DL']}" in text  # the most likely play, in words
    assert f"“{root.action_labels['DL']}”" in text                # the decision that settles it
    assert "DL → H" not in text and "“DL”" not in text and "“H”" not in text
