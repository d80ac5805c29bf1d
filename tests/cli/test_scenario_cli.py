"""CLI tests of the scenario commands: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik import __version__
from realpolitik.cli.app import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and __version__ in r.output


def test_validate_ok_and_json():
    r = run("validate", "belarus-2022", "ec-emissions-1994", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert [x["valid"] for x in data["results"]] == [True, True]


def test_validate_every_shared_table(shared):
    files = sorted(str(p) for p in (shared / "data/bargaining").rglob("*") if p.suffix in (".csv", ".txt"))
    good = [f for f in files if "with_errors" not in f]
    assert run("validate", *good).exit_code == 0
    bad = [f for f in files if "with_errors" in f]
    r = run("validate", *bad)
    assert r.exit_code == 2 and ":86:4" in r.output


@pytest.mark.parametrize("content, needle", [
    ("schema_version: 1\nmetadata: [\n", "invalid YAML"),
    ("schema_version: 1\nmetadata: {id: x, title: t, as_of: 2020-01-01}\nactors: []\n", "actors"),
    ("title: !!python/object/apply:os.system ['true']\n", "is not allowed"),
])
def test_invalid_file_exit_code_2(write, content, needle):
    path = write(content)
    for cmd in ("validate", "show"):
        r = run(cmd, str(path))
        assert r.exit_code == 2 and needle in r.output and str(path) in r.output


def test_missing_file_exit_code_2(tmp_path):
    r = run("show", str(tmp_path / "nope.yaml"))
    assert r.exit_code == 2 and "no such file or catalogue scenario" in r.output


def test_show_tables_and_json():
    r = run("show", "belarus-2022")
    assert r.exit_code == 0
    for needle in ("Lukashenko", "involvement", "p_rh", "Россия", "(assumed)"):
        assert needle in r.output
    data = json.loads(run("show", "belarus-2022", "--json").stdout)
    assert data["scenario"]["metadata"]["as_of"] == "2022-10-11" and len(data["digest"]) == 64


def test_catalog_list_show_export(tmp_path):
    data = json.loads(run("catalog", "list", "--json").stdout)
    assert {s["id"] for s in data["scenarios"]} >= {"belarus-2022", "ec-emissions-1994"}
    assert run("catalog", "show", "ec-emissions-1994").exit_code == 0
    out = tmp_path / "b.yaml"
    assert run("catalog", "export", "belarus-2022", "-o", str(out)).exit_code == 0
    assert run("validate", str(out)).exit_code == 0
    r = run("catalog", "show", "atlantis")
    assert r.exit_code == 2 and "no catalogue scenario" in r.output


def test_import_writes_valid_yaml(shared, tmp_path):
    src = shared / "data/bargaining/dmasad_BDM_DecisionModel_Replication/ChinaData.csv"
    out = tmp_path / "china.yaml"
    r = run("import", str(src), "-o", str(out), "--as-of", "1990-01-01")
    assert r.exit_code == 0
    assert run("validate", str(out)).exit_code == 0
    assert "as_of: '1990-01-01'" in out.read_text() or "as_of: 1990-01-01" in out.read_text()


def test_import_bad_file_writes_nothing(shared, tmp_path):
    src = shared / "data/bargaining/foarsitter_decide-exchange-model/copenhagen_with_errors.csv"
    out = tmp_path / "x.yaml"
    r = run("import", str(src), "-o", str(out))
    assert r.exit_code == 2 and not out.exists() and list(tmp_path.iterdir()) == []


def test_schema_committed_copy_is_current():
    r = run("schema")
    committed = (REPO / "docs" / "scenario.schema.json").read_text(encoding="utf-8")
    assert r.stdout == committed, "regenerate with: realpolitik schema -o docs/scenario.schema.json"
    assert json.loads(committed)["properties"]["schema_version"]["const"] == 1
