"""Belarus scored end to end: ``registry record`` + ``resolve --scenario`` + ``score``.

No model number is written here: the expected probabilities come from ``realpolitik ask``
with the same samples and seed, the outcomes from the scenario's own ground truth, and the
scores from their formulas (multi-category Brier, natural log with the documented floor).
"""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

import realpolitik
from realpolitik.cli.app import app

runner = CliRunner()
FAST = ["-n", "64", "--seed", "3"]


def run(*args: str) -> dict:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_belarus_record_resolve_score(db_url):
    sc = realpolitik.load_any("belarus-2022")
    asked = run("ask", "belarus-2022", "--json", *FAST)
    rec = run("registry", "record", "belarus-2022", "--db", db_url, "--json", *FAST)
    assert {q["id"] for q in rec["questions"]} == {f"belarus-2022/{q.id}" for q in sc.questions}
    res = run("registry", "resolve", "--scenario", "belarus-2022", "--db", db_url, "--json")
    assert len(res["resolutions"]) == len(sc.ground_truth) and all(r["status"] == "new" for r in res["resolutions"])
    card = run("registry", "score", "--db", db_url, "--json")
    floor = card["rule_set"]["probability_floor"]
    rows = {(q["id"], q["forecaster"]): q for q in card["questions"]}
    truth = {g.question: g.option for g in sc.ground_truth}

    def expect(probs: dict, outcome: str, row: dict) -> None:
        labels = list(probs)
        assert row["probabilities"] == pytest.approx(probs, abs=1e-12)
        assert row["outcome"] == outcome
        assert row["brier"] == pytest.approx(sum((probs[k] - (k == outcome)) ** 2 for k in labels), abs=1e-12)
        clipped = {k: min(max(v, floor), 1.0) for k, v in probs.items()}
        assert row["log"] == pytest.approx(math.log(clipped[outcome] / sum(clipped.values())), abs=1e-12)

    checked = 0
    for q in asked["questions"]:
        qid = f"belarus-2022/{q['id']}"
        if q["id"] not in truth:
            assert qid in {u["id"] for u in card["unscored"]}
            continue
        if q["answered"]:  # the models' forecasts are ask's, scored against the scenario's resolution
            expect(q["probabilities"], truth[q["id"]], rows[(qid, q["forecaster"])])
            for other in q.get("other_mappings", []):
                expect(other["probabilities"], truth[q["id"]], rows[(qid, other["forecaster"])])
            checked += 1
        else:
            assert not any(key[0] == qid and key[1].startswith("model:") and key[1] not in
                           ("model:uniform", "model:base-rate") for key in rows)
        expect({"yes": 0.5, "no": 0.5}, truth[q["id"]], rows[(qid, "model:uniform")])
        yes = 122 / 423  # the documented base rate (docs/registry.md)
        expect({"yes": yes, "no": 1 - yes}, truth[q["id"]], rows[(qid, "model:base-rate")])
        assert (qid, "baseline:uniform") not in rows  # the recorded uniform forecaster stands in for it
    assert checked >= 2  # at least the headline and one bargaining question are model-forecast
    names = {f["forecaster"] for f in card["forecasters"]}
    assert {"model:uniform", "model:base-rate", "baseline:base-rate"} <= names
    assert all(f["kinds"] == ["backtest"] for f in card["forecasters"] if f["forecaster"].startswith("model:"))

    # recording and resolving again adds nothing; the score card reads the same
    again = run("registry", "record", "belarus-2022", "--db", db_url, "--json", *FAST)
    assert {f["status"] for f in again["forecasts"]} == {"unchanged"}
    assert {r["status"] for r in run("registry", "resolve", "--scenario", "belarus-2022", "--db", db_url,
                                     "--json")["resolutions"]} == {"unchanged"}
    assert run("registry", "score", "--db", db_url, "--json")["questions"] == card["questions"]
    text = runner.invoke(app, ["registry", "score", "--db", db_url, "--scenario", "belarus-2022"]).stdout
    assert "Score card" in text and "model:base-rate" in text and "backtest" in text
