"""CLI: ``realpolitik explain [--json]`` and ``realpolitik report -o FILE``."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

runner = CliRunner()
FAST = ["-n", "32", "--sobol-n", "8", "--seed", "3"]


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_explain_json_shape():
    r = run("explain", "belarus-2022", "--json", *FAST)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d) == {"scenario", "bargaining", "exchange", "games", "uncertainty", "unavailable", "text", "provenance",
                      "status"}
    assert d["scenario"]["id"] == "belarus-2022" and len(d["scenario"]["digest"]) == 64
    (b,) = d["bargaining"]
    assert {"issue", "question", "scale", "unit", "capability_basis", "forecasts", "forecasts_raw", "rounds", "actors",
            "pivotal_actor", "pivotal_reason", "median_actors", "status", "text"} == set(b)
    # the same point forecast as `forecast` (derived, so a re-coded scenario needs no new number here)
    point = json.loads(run("forecast", "belarus-2022", "--capability", "leverage", "--json").stdout)
    assert b["forecasts"]["eu"] == pytest.approx(point["models"]["eu"]["forecast"])
    # the pivot is the actor without whom the EU forecast moves most
    moved = {p["actor"]: abs(p["forecast_without"] - b["forecasts"]["eu"]) for p in b["actors"]
             if p["forecast_without"] is not None}
    assert moved[b["pivotal_actor"]] == pytest.approx(max(moved.values()))
    assert {"actor", "name", "start", "end", "distance_travelled", "weight", "forecast_without", "influence",
            "compromise_without", "compromise_influence"} == set(b["actors"][0])
    u = d["uncertainty"]
    assert u["n"] == 32 and u["seed"] == 3
    assert {"input", "label", "S1", "ST", "ST_conf", "low", "high", "output_low", "output_high", "swing"} == \
        set(u["drivers"]["bargaining.involvement.eu"][0])
    assert all({"output", "outcome", "label", "p", "ci95"} == set(o) for o in u["outcomes"])
    for g in d["games"]:
        assert {"game", "title", "method", "players", "path", "path_words", "payoffs", "decisions", "notes",
                "text"} == set(g)
    if not d["games"]:
        assert any(k.startswith("games") for k in d["unavailable"])


def test_explain_json_is_reproducible():
    a = json.loads(run("explain", "ec-emissions-1994", "--json", *FAST).stdout)
    b = json.loads(run("explain", "ec-emissions-1994", "--json", *FAST).stdout)
    assert a == b


def test_explain_text():
    r = run("explain", "ec-emissions-1994", *FAST)
    assert r.exit_code == 0
    assert "Pivotal actor" in r.stdout and "Round 1" in r.stdout


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_report_writes_one_file(tmp_path, suffix):
    out = tmp_path / f"report.{suffix}"
    r = run("report", "ec-emissions-1994", "-o", str(out), *FAST)
    assert r.exit_code == 0, r.output
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    text = out.read_text(encoding="utf-8")
    if suffix == "html":
        HTMLParser().feed(text)
        assert 'id="sources"' in text
    else:
        assert "## Sources" in text


def test_report_chosen_perception_actor(tmp_path):
    out = tmp_path / "r.html"
    r = run("report", "belarus-2022", "-o", str(out), "--actor", "Moscow", "-n", "16", "--sobol-n", "0")
    assert r.exit_code == 0, r.output
    assert 'id="fig-perception-involvement-russia"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["report", "belarus-2022", "-o", "r.pdf"],
    ["report", "no-such-scenario", "-o", "r.html"],
    ["report", "belarus-2022", "-o", "missing-folder/r.html", "-n", "50", "--sobol-n", "0"],
    ["report", "belarus-2022", "-o", "r.html", "--actor", "atlantis"],
    ["report", "belarus-2022", "-o", "r.html", "--images", "gif"],
    ["explain", "belarus-2022", "--capability", "power"],
    ["explain", "no-such-scenario", "--json"],
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert "error" in r.output
    assert not list(tmp_path.iterdir())
