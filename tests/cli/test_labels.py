"""Human output carries the scenario's labels; the runner's codes appear only in ``--json``.

Issue 10: action codes (``DL H S UK``), output names (``game.escalation.path``) and model
codes (``nbs``) are what the reader used to see in ``simulate``, ``sensitivity``,
``threshold``, ``forecast``, ``explain`` and ``brief``.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from realpolitik import catalog
from realpolitik.cli import _common
from realpolitik.cli.app import app

runner = CliRunner()
ROOT = catalog.get("belarus-2022").games[0].nodes[0]  # Russia's demand: DL / DF
LIMITED = ROOT.action_labels["DL"]


@pytest.fixture(autouse=True)
def _wide(monkeypatch):
    # a wide terminal, so that a table cell is not wrapped across lines
    for c in (_common.console, _common.err_console):
        monkeypatch.setattr(c, "width", 400)


def _run(*args):
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r


def test_simulate_shows_labels_and_json_keeps_codes():
    args = ("simulate", "belarus-2022", "-n", "60", "--seed", "3")
    out = _run(*args).output
    assert "Escalation game: path" in out and "Involvement: expected-utility model" in out
    assert f"Russia (Putin): {LIMITED} → Belarus (Lukashenko): " in out
    assert "Escalation game: choice of Belarus (Lukashenko)" in out
    for code in ("game.escalation.path", "bargaining.involvement.eu", "DL H S UK", "│ nbs"):
        assert code not in out
    d = json.loads(_run(*args, "--json").stdout)
    assert d["outputs"]["game.escalation.path"]["outcomes"][0]["value"].startswith("DL ")

def test_sensitivity_and_threshold_name_outputs_and_inputs_in_words():
    target = "game.escalation.path=DL H S UK"
    out = _run("sensitivity", "belarus-2022", "--output", target, "-n", "8", "--seed", "1").output
    assert f"Escalation game: path = “Russia (Putin): {LIMITED}" in out
    assert "how much it values its middle-ranked outcomes" in out  # ordinal.escalation.*.u<k>
    assert "game.escalation.path" not in out and "ordinal.escalation" not in out and "param.p_rh" not in out
    d = json.loads(_run("sensitivity", "belarus-2022", "--output", target, "-n", "8", "--seed", "1",
                        "--json").stdout)
    assert d["output"] == target and any(r["input"].startswith("ordinal.") for r in d["indices"])

    out = _run("threshold", "belarus-2022", "--input", "param.p_rh", "--output", "game.escalation.path").output
    assert out.startswith("Escalation game: path stays “Russia (Putin): ") and "for p_rh in" in out
    assert "DL H S UK" not in out and "game.escalation.path" not in out
    d = json.loads(_run("threshold", "belarus-2022", "--input", "param.p_rh", "--output",
                        "game.escalation.path", "--json").stdout)
    assert d["base_outcome"].startswith("DL ")


def test_forecast_names_models_and_actors():
    out = _run("forecast", "belarus-2022").output
    for words in ("Expected-utility model", "Compromise model", "Weighted median position", "Nash bargaining solution",
                  "Belarus (Lukashenko)"):
        assert words in out
    for code in ("│ eu ", "│ nbs ", "│ median ", "scholz-code", "EU status"):
        assert code not in out
    d = json.loads(_run("forecast", "belarus-2022", "--json").stdout)
    assert {"eu", "compromise", "median", "nbs"} <= set(d["models"])


def test_explain_uncertainty_text_in_words():
    from realpolitik.report.uncertainty import explain_uncertainty

    u = explain_uncertainty(catalog.get("belarus-2022"), n=60, sensitivity_n=8)
    text = "\n".join(u.text())
    assert "Escalation game: path: most likely “Russia (Putin): " in text
    assert "Involvement: expected-utility model: median" in text
    for code in ("game.escalation", "bargaining.involvement", "“DL", "ordinal.escalation"):
        assert code not in text
    d = u.to_dict()
    assert "game.escalation.path" in {o["output"] for o in d["outcomes"]}
    assert any(o["outcome"].startswith("DL ") and o["label"].startswith("Russia (Putin): ") for o in d["outcomes"])


def test_brief_says_the_eu_cycle_once_and_names_framings_in_words():
    from realpolitik.analysis import make_brief

    b = make_brief(catalog.get("belarus-2022"), n=200, sensitivity_n=8, sweep_points=3, sweep_n=40)
    cycle = [w for w in b.warnings if "cycle" in w]
    assert len(cycle) == 1 and cycle[0].startswith("the expected-utility model does not settle on involvement")
    assert "game.escalation" not in b.framings and "bargaining.involvement" not in b.framings
    assert "the escalation game gives" in b.framings
