import json

import pytest
from typer.testing import CliRunner

from realpolitik.backtest.deu import DEFAULT_PATH
from realpolitik.cli.app import app

pytestmark = pytest.mark.skipif(not DEFAULT_PATH.is_file(), reason="shared data: DEU III copy not present")
runner = CliRunner()
CONTRACT = ["compromise_equal", "compromise_votes", "compromise_gdp", "eu", "median", "nbs", "commission",
            "reference_point", "calibrated_compromise", "exchange"]


@pytest.fixture(scope="module")
def full_json():
    r = runner.invoke(app, ["backtest", "deu3", "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_json_contract(full_json):
    assert set(full_json) == {"protocol", "models"}
    assert list(full_json["models"]) == CONTRACT
    for by in full_json["models"].values():
        assert list(by) == ["dev", "test", "all"]
        for s in by.values():
            assert set(s) == {"n", "mae", "median_ae", "within10", "mae_ci"}
            assert isinstance(s["n"], int) and len(s["mae_ci"]) == 2
    assert full_json["protocol"]["split"]["cut"] == "2005-07-01"


def test_json_reproduces_readme_baseline(full_json):
    s = full_json["models"]["compromise_equal"]["all"]
    assert s["n"] == 351 and round(s["mae"], 2) == 23.64 and round(s["median_ae"], 2) == 18.46
    assert full_json["models"]["eu"]["dev"]["n"] == 219 and full_json["models"]["eu"]["test"]["n"] == 132


def test_split_models_and_plot(tmp_path):
    out = tmp_path / "err.png"
    r = runner.invoke(app, ["backtest", "deu3", "--split", "dev", "-m", "compromise_equal,median_actor",
                            "--json", "--plot", str(out)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert list(d["models"]) == ["compromise_equal", "median_actor"]
    assert list(d["models"]["median_actor"]) == ["dev"]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_output():
    r = runner.invoke(app, ["backtest", "deu3", "-m", "compromise_equal"])
    assert r.exit_code == 0 and "DEU III backtest" in r.stdout and "23.64" in r.stdout


@pytest.mark.parametrize("args", [["--split", "later"], ["-m", "oracle"], ["--data", "/nonexistent.csv"],
                                  ["--plot", "x.pdf"]])
def test_bad_input_exit_2(args, tmp_path):
    r = runner.invoke(app, ["backtest", "deu3", *args])
    assert r.exit_code == 2
    assert "Traceback" not in r.output


def test_plot_into_missing_folder_is_exit_2(tmp_path):
    r = runner.invoke(app, ["backtest", "deu3", "-m", "compromise_equal", "--plot", str(tmp_path / "no" / "e.png")])
    assert r.exit_code == 2
