"""CLI: realpolitik simulate / sensitivity / threshold."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_simulate_json_shape():
    r = _run("simulate", "belarus-2022", "-n", "200", "--seed", "7", "--game", "none", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d) == {"scenario", "n", "seed", "sampler", "backend", "inputs", "outputs", "provenance", "status"}
    assert d["scenario"] == "belarus-2022" and d["n"] == 200 and d["seed"] == 7
    assert d["sampler"] == "mc" and d["backend"] == "local"
    eu = d["outputs"]["bargaining.involvement.eu"]
    assert eu["kind"] == "numeric" and set(eu["quantiles"]) == {"0.05", "0.25", "0.5", "0.75", "0.95"}
    assert d["provenance"]["engine"] == "uncertainty.simulate"
    assert len(d["provenance"]["scenario_digest"]) == 64
    assert d["provenance"]["parameters"]["model"]["eu_options"]["rounds"] >= 1


def test_simulate_same_seed_same_json_any_sampler():
    for sampler in ("mc", "lhs", "sobol"):
        a = _run("simulate", "belarus-2022", "-n", "64", "--seed", "1", "--sampler", sampler, "--model", "compromise",
                 "--game", "none", "--json")
        b = _run("simulate", "belarus-2022", "-n", "64", "--seed", "1", "--sampler", sampler, "--model", "compromise",
                 "--game", "none", "--json", "--chunk-size", "10")
        da, db = json.loads(a.stdout), json.loads(b.stdout)
        assert da["outputs"] == db["outputs"]


def test_simulate_table_and_parquet(tmp_path):
    out = tmp_path / "s.parquet"
    r = _run("simulate", "belarus-2022", "-n", "100", "--seed", "2", "--game", "none", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "median" in r.stdout  # the labels of the table: tests/cli/test_labels.py
    df = pd.read_parquet(out)
    assert len(df) == 100 and "issue.involvement.belarus.position" in df.columns


@pytest.mark.parametrize("args,needle", [
    (["simulate", "belarus-2022", "--sampler", "halton"], "sampler"),
    (["simulate", "belarus-2022", "--backend", "gpu"], "backend"),
    (["simulate", "belarus-2022", "-n", "0"], "samples"),
    (["simulate", "no-such-scenario"], "no-such-scenario"),
    (["simulate", "belarus-2022", "--out", "x.csv"], "parquet"),
    (["simulate", "belarus-2022", "--out", "/no/such/folder/x.parquet"], "does not exist"),
    (["simulate", "belarus-2022", "--model", "oracle"], "oracle"),
    (["sensitivity", "belarus-2022", "--method", "fast"], "fast"),
    (["sensitivity", "belarus-2022", "--output", "nope", "-n", "8"], "nope"),
    (["threshold", "belarus-2022", "--input", "param.nope", "--output", "bargaining.involvement.eu"], "param.nope"),
    (["threshold", "belarus-2022", "--input", "issue.involvement.belarus.position",
      "--output", "bargaining.involvement.eu"], "level"),
])
def test_bad_input_exits_2_without_traceback(args, needle, tmp_path):
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert needle in r.output
    assert "Traceback" not in r.output


def test_interrupted_run_writes_nothing(tmp_path, monkeypatch):
    import realpolitik.uncertainty as U

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(U, "simulate", boom)
    out = tmp_path / "s.parquet"
    r = runner.invoke(app, ["simulate", "belarus-2022", "-n", "10", "--out", str(out)])
    assert r.exit_code == 130
    assert list(tmp_path.iterdir()) == []


def test_sensitivity_json():
    r = _run("sensitivity", "belarus-2022", "-n", "32", "--seed", "3", "--model", "compromise", "--game", "none",
             "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["method"] == "sobol" and d["output"] == "bargaining.involvement.compromise"
    from realpolitik import catalog

    # every uncertain number the compromise model reads (positions, saliences, leverage; not the status quo)
    expected = {k for k in catalog.get("belarus-2022").uncertain_inputs()
                if k.startswith("issue.involvement.") and not k.endswith(".status_quo")}
    assert len(expected) > 4 and {x["input"] for x in d["indices"]} == expected
    assert d["tornado"][0]["swing"] >= d["tornado"][-1]["swing"]


def test_sensitivity_morris_table():
    r = _run("sensitivity", "belarus-2022", "--method", "morris", "-n", "10", "--seed", "3", "--model", "compromise",
             "--game", "none")
    assert r.exit_code == 0, r.output
    assert "mu_star" in r.stdout and "tornado" in r.stdout


def test_threshold_numeric_output_json():
    # The compromise is linear in Belarus's position: solve for the level analytically.
    from realpolitik.scenario import load_any

    d = load_any("belarus-2022").issue_data()
    w = d.saliences * d.capabilities
    base = (w * d.positions).sum() / w.sum()
    target = base + 1.0
    x_star = d.positions[0] + 1.0 * w.sum() / w[0]
    r = _run("threshold", "belarus-2022", "--input", "issue.involvement.belarus.position",
             "--output", "bargaining.involvement.compromise", "--level", repr(float(target)), "--model", "compromise",
             "--game", "none", "--json")
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    assert j["threshold"] == pytest.approx(x_star, abs=1e-6)
    assert j["direction"] == "above" and j["base_outcome"] is False and j["outcome_beyond"] is True


def test_simulate_game_outcomes_json():
    r = _run("simulate", "belarus-2022", "-n", "30", "--seed", "4", "--issue", "none", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    b = d["outputs"]["game.escalation.belarus"]
    assert b["kind"] == "discrete"
    assert set(b["outcomes"][0]) == {"value", "count", "p", "ci95"}
    assert sum(o["count"] for o in b["outcomes"]) == 30
    assert b["outcomes"][0]["value"] == "H"
    lo, hi = b["outcomes"][0]["ci95"]
    assert lo <= b["outcomes"][0]["p"] <= hi
    assert not any(k.startswith("bargaining.") for k in d["outputs"])


def test_threshold_on_the_builtin_escalation_game(belarus_design_file):
    # With the design note's game (army obeys, NATO out) Belarus switches from hedging to
    # entering when P(Russia punishes a hedge) exceeds 2/3.
    r = _run("threshold", str(belarus_design_file), "--input", "param.p_rh", "--output", "game.escalation.belarus",
             "--issue", "none", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["threshold"] == pytest.approx(2 / 3, abs=1e-6)
    assert d["base_outcome"] == "H" and d["outcome_beyond"] == "E" and d["direction"] == "above"
    assert d["bracket"][0] <= 2 / 3 <= d["bracket"][1]
    assert d["bracket"][1] - d["bracket"][0] <= 1e-6


def test_sensitivity_evaluates_only_the_engine_the_output_comes_from():
    r = _run("sensitivity", "belarus-2022", "--output", "bargaining.involvement.compromise", "-n", "8",
             "--seed", "1", "--json")
    assert r.exit_code == 0, r.output
    inputs = {row["input"] for row in json.loads(r.stdout)["indices"]}
    assert inputs and all(name.startswith("issue.involvement.") for name in inputs)
