"""``realpolitik solve``: tables, the documented --json shape, exit code 2 on bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

GAMBIT = Path(os.environ.get("REALPOLITIK_SHARED", Path(__file__).resolve().parents[2].parent / "shared")) / "games" / "gambit"
runner = CliRunner()


def _need():
    if not GAMBIT.is_dir():
        pytest.skip("shared data: Gambit example files not found")


def test_json_shape_normal_form():
    _need()
    out = runner.invoke(app, ["solve", str(GAMBIT / "coord4.nfg"), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) == {"method", "players", "strategies", "equilibria", "status"}
    assert data["method"] == "enummixed" and len(data["equilibria"]) == 15
    eq = data["equilibria"][0]
    assert set(eq) == {"profile", "payoffs", "regret"}
    assert [len(p) for p in eq["profile"]] == [4, 4] and len(eq["payoffs"]) == 2
    assert set(data["status"]) >= {"converged", "iterations", "warnings", "message"}


def test_json_shape_extensive_form_has_paths():
    _need()
    out = runner.invoke(app, ["solve", str(GAMBIT / "cent4.efg"), "--json", "--exact"])
    data = json.loads(out.stdout)
    assert data["method"] == "spe"
    assert data["strategies"] == [["TAKE", "PASS", "TAKE", "PASS"], ["TAKE", "PASS", "TAKE", "PASS"]]
    eq = data["equilibria"][0]
    assert eq["path"] == ["Player 1:TAKE"] and eq["regret"] == 0
    assert [len(p) for p in eq["profile"]] == [4, 4]


@pytest.mark.parametrize("method", ["pure", "enummixed", "lh", "lp", "qre"])
def test_methods_on_a_zero_sum_game(method):
    _need()
    out = runner.invoke(app, ["solve", str(GAMBIT / "oneill.nfg"), "--method", method])
    assert out.exit_code == 0, out.output
    assert "Equilibria" in out.stdout


def test_seqform_and_lh_options():
    _need()
    out = runner.invoke(app, ["solve", str(GAMBIT / "doc_poker.efg"), "-m", "seqform", "--json"])
    assert json.loads(out.stdout)["equilibria"][0]["payoffs"][0] == pytest.approx(1 / 3)
    out = runner.invoke(app, ["solve", str(GAMBIT / "todd3.nfg"), "-m", "lh", "--all-labels", "--json"])
    assert len(json.loads(out.stdout)["equilibria"]) == 1


def test_bad_file_exit_code_2_with_line(tmp_path):
    bad = tmp_path / "bad.nfg"
    bad.write_text('NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n1 2 3 x 5 6 7 8\n')
    out = runner.invoke(app, ["solve", str(bad)])
    assert out.exit_code == 2
    assert "bad.nfg:3" in out.output and "Traceback" not in out.output


def test_wrong_method_for_game_exit_code_2():
    _need()
    out = runner.invoke(app, ["solve", str(GAMBIT / "pd.nfg"), "--method", "spe"])
    assert out.exit_code == 2
    out = runner.invoke(app, ["solve", str(GAMBIT / "pd.nfg"), "--method", "nope"])
    assert out.exit_code == 2


def test_belarus_escalation(belarus_design_file):
    from realpolitik import catalog

    out = runner.invoke(app, ["solve", str(belarus_design_file), "--game", "escalation"])
    assert out.exit_code == 0, out.output
    assert "p_rh" in out.stdout and "0.6667" in out.stdout  # the design note's game: army obeys, NATO out
    data = json.loads(runner.invoke(app, ["solve", str(belarus_design_file), "--game", "escalation", "--json"]).stdout)
    assert [s.split(":")[-1] for s in data["equilibria"][0]["path"]] == ["DL", "H", "S", "UK"]
    # people read the actions' labels; the codes are for --json
    spec = catalog.get("belarus-2022").games[0]
    root = spec.nodes[0]
    text = " ".join(out.stdout.split())  # rich wraps lines
    assert f"Russia (Putin): {root.action_labels['DL']}" in text
    assert "Russia (Putin):DL" not in text and "Belarus (Lukashenko):H" not in text
    th = {t["parameter"]: t for t in data["status"]["thresholds"]}
    assert th["p_rh"]["value"] == pytest.approx(2 / 3, abs=1e-6) and th["p_rh"]["direction"] == "above"


def test_unknown_game_id_exit_code_2():
    out = runner.invoke(app, ["solve", "belarus-2022", "--game", "nope"])
    assert out.exit_code == 2
