"""CLI: realpolitik forecast --model exchange (tables, the --json contract, random rates, errors)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

from ..conftest import TWO_ISSUES

runner = CliRunner()
DATA = Path(os.environ.get("REALPOLITIK_SHARED", Path(__file__).resolve().parents[3] / "shared")) \
    / "data/bargaining/foarsitter_decide-exchange-model"
SHORT = str(DATA / "data_short.csv")
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="shared data: decide files not found")



def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["forecast", *args])


def _json(*args: str) -> dict:
    res = _invoke(*args, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.fixture()
def two(tmp_path: Path) -> str:
    p = tmp_path / "two.yaml"
    p.write_text(TWO_ISSUES)
    return str(p)


def test_json_contract_on_a_yaml_scenario(two: str) -> None:
    out = _json(two, "--model", "exchange", "--rounds", "3")
    assert set(out) == {"issue", "scale", "models"} and out["issue"] is None
    ex = out["models"]["exchange"]
    assert {"forecast", "rounds", "status"} <= set(ex)
    assert set(ex["forecast"]) == {"budget", "farm"}
    assert [r["round"] for r in ex["rounds"]] == [1, 2, 3]
    assert ex["scales"] == {"budget": [0.0, 100.0], "farm": [0.0, 10.0]}
    assert ex["actor_names"]["de"] == "Germany"
    first = ex["rounds"][0]["exchanges"][0]
    assert set(first) >= {"gain", "i", "j"}
    for side in ("i", "j"):
        assert set(first[side]) >= {"actor", "supply_issue", "demand_issue", "move"}
        assert first[side]["actor"] in {"de", "fr", "it"}
    # i supplies what j demands, and the reverse
    assert first["i"]["supply_issue"] == first["j"]["demand_issue"]
    assert first["i"]["demand_issue"] == first["j"]["supply_issue"]
    # outcomes on each issue's own scale; the last round's outcome is the forecast
    assert 0 <= ex["forecast"]["farm"] <= 10
    assert ex["rounds"][-1]["outcome"] == ex["forecast"]
    assert ex["status"]["converged"] is True


def test_tables_use_names(two: str) -> None:
    res = _invoke(two, "--model", "exchange", "--rounds", "2")
    assert res.exit_code == 0, res.output
    assert "Exchange model" in res.output and "budget" in res.output
    assert "gives" in res.output and ("Germany" in res.output or "France" in res.output)
    assert " de gives" not in res.output  # names, not ids


def test_all_includes_exchange_with_two_issues(two: str) -> None:
    out = _json(two, "--issue", "farm", "--model", "all", "--rounds", "2")
    assert set(out["models"]) == {"eu", "compromise", "median", "nbs", "exchange"}
    assert out["issue"] == "farm" and out["scale"] == [0.0, 10.0]
    assert set(out["models"]["exchange"]["forecast"]) == {"budget", "farm"}


def test_all_on_one_issue_has_no_exchange() -> None:
    out = _json("ec-emissions-1994", "--model", "all")
    assert "exchange" not in out["models"]


def test_one_issue_is_a_clear_error() -> None:
    res = _invoke("ec-emissions-1994", "--model", "exchange")
    assert res.exit_code == 2
    assert "at least 2 issues" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("args, msg", [
    (["--p", "1.5"], "p must lie in [0, 1]"),
    (["--repetitions", "3"], "repetitions > 1 need random exchange rates"),
])
def test_bad_options_exit_2(two: str, args: list[str], msg: str) -> None:
    res = _invoke(two, "--model", "exchange", *args)
    assert res.exit_code == 2 and msg in res.output


def test_random_rates_give_quantiles_and_are_seeded(two: str) -> None:
    a = _json(two, "--model", "exchange", "--rounds", "3", "--p", "0.5", "--repetitions", "8", "--seed", "3")
    b = _json(two, "--model", "exchange", "--rounds", "3", "--p", "0.5", "--repetitions", "8", "--seed", "3")
    assert a == b
    dist = a["models"]["exchange"]["distribution"]
    assert a["models"]["exchange"]["repetitions"] == 8
    for q in dist.values():
        assert q["q05"] <= q["q25"] <= q["median"] <= q["q75"] <= q["q95"]
    table = _invoke(two, "--model", "exchange", "--p", "0.5", "--repetitions", "4")
    assert table.exit_code == 0 and "95 %" in table.output


@needs_data
def test_decide_file_needs_no_issue() -> None:
    out = _json(SHORT, "--model", "exchange", "--rounds", "2")
    ex = out["models"]["exchange"]
    assert set(ex["forecast"]) == {"differentiation", "mrv", "legal"}
    assert all(r["exchanges"] for r in ex["rounds"])
    res = _invoke(SHORT, "--model", "exchange", "--rounds", "1")
    assert "USA gives" in res.output or "China gives" in res.output or "gives" in res.output


def test_actor_missing_on_an_issue_does_not_trade_there(tmp_path: Path) -> None:
    text = TWO_ISSUES.replace("      - {actor: it, position: 6, salience: 50}\n", "")
    p = tmp_path / "missing.yaml"
    p.write_text(text)
    ex = _json(str(p), "--model", "exchange", "--rounds", "3")["models"]["exchange"]
    # with two issues, an actor on one of them has nothing to trade: Italy still votes on budget
    traders = {e[s]["actor"] for r in ex["rounds"] for e in r["exchanges"] for s in ("i", "j")}
    assert traders == {"de", "fr"}
    assert ex["initial"]["budget"] != ex["forecast"]["budget"]


def test_zero_salience_everywhere_is_a_clear_error(tmp_path: Path) -> None:
    text = TWO_ISSUES.replace("salience: 90", "salience: 0").replace("salience: 30", "salience: 0") \
        .replace("salience: 50", "salience: 0").replace("salience: 20", "salience: 0").replace("salience: 80", "salience: 0")
    p = tmp_path / "zero.yaml"
    p.write_text(text)
    res = _invoke(str(p), "--model", "exchange")
    assert res.exit_code == 2 and "salience > 0" in res.output and "Traceback" not in res.output
