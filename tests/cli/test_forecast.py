"""CLI: realpolitik forecast (tables, the --json contract, --plot, errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[3] / "shared/data/bargaining"  # shared/ beside the clone
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data: {DATA} not found")


def _json(*args):
    res = runner.invoke(app, ["forecast", *args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_json_contract_ec_table2():
    out = _json("ec-emissions-1994")  # default rules reproduce Table 2
    assert set(out) == {"issue", "scale", "models"}
    assert out["scale"] == [4.0, 10.0]
    assert set(out["models"]) == {"eu", "compromise", "median", "nbs"}
    eu = out["models"]["eu"]
    assert {"rounds", "forecast", "status"} <= set(eu)
    assert [r["round"] for r in eu["rounds"]] == list(range(9))
    assert set(eu["rounds"][0]) == {"round", "median", "mean", "positions"}
    assert eu["rounds"][0]["positions"]["belgium"] == 7.0
    medians = [round(r["median"], 3) for r in eu["rounds"]]
    assert medians[1] == 8.416 and medians[3:6] == [9.962] * 3 and medians[6] == 7.472
    for name in ("compromise", "median", "nbs"):
        assert isinstance(out["models"][name]["forecast"], float)


def test_belarus_tables_show_both_bases():
    res = runner.invoke(app, ["forecast", "belarus-2022"])
    assert res.exit_code == 0, res.output
    assert "leverage capability" in res.output and "raw capability" in res.output
    assert "Belarus (Lukashenko)" in res.output  # the pivotal actor by name


def _weighted_median(d):
    """The position where the cumulative weight (capability x salience) first reaches half (a reference)."""
    order = sorted(range(len(d.positions)), key=lambda k: d.positions[k])
    w = [d.capabilities[k] * d.saliences[k] for k in order]
    acc = 0.0
    for k, wk in zip(order, w):
        acc += wk
        if acc >= sum(w) / 2:
            return float(d.positions[k])


def test_belarus_json_raw_vs_leverage():
    out = _json("belarus-2022", "--capability", "both")
    med = out["models"]["median"]
    assert med["capability_basis"] == "leverage"
    from realpolitik import catalog
    from realpolitik.scenario import point_value

    sc = catalog.get("belarus-2022")
    # with leverage Lukashenko holds the median; with raw capability the Western bloc swamps Minsk
    assert med["forecast"] == point_value(sc.issues[0].positions[0].position)
    assert med["raw"]["forecast"] == _weighted_median(sc.issue_data(capability="raw"))
    assert med["raw"]["forecast"] < med["forecast"]
    assert "median_by_round" in out["models"]["eu"]["raw"]


def test_single_model_and_rounds():
    out = _json("ec-emissions-1994", "--model", "eu", "--rounds", "3")
    assert set(out["models"]) == {"eu"}
    assert len(out["models"]["eu"]["rounds"]) == 4


@pytest.mark.parametrize("path, issue", [
    ("dmasad_BDM_DecisionModel_Replication/ExampleActors.csv", None),
    ("dmasad_BDM_DecisionModel_Replication/ChinaData.csv", None),
    ("dmasad_BDM_DecisionModel_Replication/HondurasCrisisData.csv", None),
    ("jmckib_bdm-scholz-expected-utility-model/ExampleActors.csv", None),
    ("jmckib_bdm-scholz-expected-utility-model/Sultan.csv", None),
    ("foarsitter_decide-exchange-model/cop21.csv", "mrv"),
    ("foarsitter_decide-exchange-model/copenhagen.csv", "Newtreaty"),
    ("foarsitter_decide-exchange-model/sample_data.txt", "tol-hoogte"),
    ("foarsitter_decide-exchange-model/verkiezing_2012.csv", "huur"),
    ("foarsitter_decide-exchange-model/data_short.csv", "legal"),
])
@needs_data
def test_every_shared_file(path, issue):
    args = [str(DATA / path)] + (["--issue", issue] if issue else [])
    out = _json(*args)
    lo, hi = out["scale"]
    for name, m in out["models"].items():
        if name == "exchange":  # all issues at once, each on its own scale
            for iss, x in m["forecast"].items():
                a, b = m["scales"][iss]
                assert a - 1e-9 <= x <= b + 1e-9
            continue
        assert lo - 1e-9 <= m["forecast"] <= hi + 1e-9


def test_plot_written(tmp_path):
    target = tmp_path / "traj.png"
    res = runner.invoke(app, ["forecast", "ec-emissions-1994", "--plot", str(target)])
    assert res.exit_code == 0, res.output
    assert target.read_bytes()[:4] == b"\x89PNG"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("args, text", [
    (["foarsitter_decide-exchange-model/cop21.csv"], "--issue"),
    (["foarsitter_decide-exchange-model/cop21.csv", "--issue", "nope"], "no such issue"),
    (["foarsitter_decide-exchange-model/copenhagen_with_errors.csv", "--issue", "Newtreaty"], ""),
])
@needs_data
def test_bad_input_exit_2(args, text):
    res = runner.invoke(app, ["forecast", str(DATA / args[0]), *args[1:]])
    assert res.exit_code == 2
    assert text in res.output
    assert "Traceback" not in res.output


def test_bad_options_exit_2(tmp_path):
    for extra in (["--model", "zzz"], ["--rules", "zzz"], ["--capability", "zzz"],
                  ["--plot", str(tmp_path / "x.gif")], ["--plot", str(tmp_path / "missing" / "x.png")]):
        res = runner.invoke(app, ["forecast", "ec-emissions-1994", *extra])
        assert res.exit_code == 2, (extra, res.output)
        assert "Traceback" not in res.output


def test_calibrated_compromise_model_from_the_backtest():
    out = _json("belarus-2022", "--model", "calibrated_compromise", "--capability", "leverage")
    value = out["models"]["calibrated_compromise"]["forecast"]
    assert set(out["models"]) == {"calibrated_compromise"} and 0.0 <= value <= 100.0
    # On another scale the model is applied on 0-100 and mapped back.
    ec = _json("ec-emissions-1994", "--model", "calibrated_compromise")
    assert 4.0 <= ec["models"]["calibrated_compromise"]["forecast"] <= 10.0


def test_a_cycling_run_is_not_converged_and_names_its_cycle(tmp_path):
    # Three actors whose EU positions fall into a 3-cycle under the default rules.
    f = tmp_path / "cycle.csv"
    f.write_text("Actor,Capability,Position,Salience\nA,1,0,1\nB,2,40,0.5\nC,1,100,0.8\n")
    out = _json(str(f), "--model", "eu", "--rounds", "12")
    eu = out["models"]["eu"]
    assert eu["converged"] is False and eu["status"] == "not_converged"
    assert eu["cycle_period"] == 3 and eu["cycle"]["period"] == 3
    lo, hi = eu["cycle"]["range"]
    assert lo < eu["forecast"] < hi and eu["cycle"]["mean"] == eu["forecast"]
    medians = [r["median"] for r in eu["rounds"]][-3:]
    assert eu["forecast"] == pytest.approx(sum(medians) / 3)
    table = runner.invoke(app, ["forecast", str(f), "--model", "eu", "--rounds", "12"])
    assert table.exit_code == 0 and "cycles" in table.output


def test_the_cycle_is_said_once():
    # belarus-2022's raw-capability EU run cycles 0 <-> 70: one warning, not also in the status line.
    r = runner.invoke(app, ["forecast", "belarus-2022"])
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())
    assert said.count("positions cycle with period 2") == 1
    assert "warning (raw capability): positions cycle" in said
