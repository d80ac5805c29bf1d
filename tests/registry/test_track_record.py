"""The report's "Track record" section, fed by the registry (``realpolitik report SCENARIO --db URL``)."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

import realpolitik
from realpolitik.cli.app import app
from realpolitik.registry import Registry
from realpolitik.registry.record import question_spec, resolve_scenario
from realpolitik.registry.scores import load_scores
from realpolitik.report import build_report
from realpolitik.report.track_record import TRACK_RECORD_ID, track_record_blocks

runner = CliRunner()


def _belarus_registry(url: str):
    """Two Belarus questions forecast by an analyst (no simulation), resolved from the scenario."""
    sc = realpolitik.load_any("belarus-2022")
    with Registry(url) as reg:
        for q in sc.questions:
            reg.add_question(question_spec(sc, q))
        reg.add_forecast("q4-nuclear", [0.35, 0.65], forecaster="analyst:ann", made_at=date(2022, 10, 12))
        reg.add_forecast("q9-treaty", [0.8, 0.2], forecaster="analyst:ann", made_at=date(2022, 10, 12))
        resolve_scenario(reg, sc)
        return sc, load_scores(reg, scenario=sc.id)


def test_blocks_name_forecasts_in_words_and_figures(db_url):
    sc, rep = _belarus_registry(db_url)
    blocks = track_record_blocks(sc, rep)
    assert blocks[0].kind == "h2" and blocks[0].anchor == TRACK_RECORD_ID
    cells = [c.text for b in blocks if b.kind == "table" for row in b.rows for c in row]
    assert "Will Russia deliver nuclear weapons to Belarus before 31 Dec 2023?" in cells
    assert "unlikely (35.0 %)" in cells and "very likely (80.0 %)" in cells  # P(outcome): yes happened
    assert f"{2 * 0.65 ** 2:.3f}" in cells  # Brier of 35 % on what happened
    unscored = [c.text for b in blocks if b.kind == "list" for c in b.items]
    assert any("involvement scale" in t and "unresolved" in t for t in unscored)


def test_empty_registry_gives_a_note(tmp_path):
    sc = realpolitik.load_any("belarus-2022")
    with Registry(tmp_path / "empty.sqlite") as reg:
        blocks = track_record_blocks(sc, load_scores(reg, scenario=sc.id))
    assert [b.kind for b in blocks] == ["h2", "note"] and "registry record belarus-2022" in blocks[1].text


def test_report_gains_the_section_only_with_a_registry(tmp_path):
    sc, rep = _belarus_registry(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with_it = build_report(sc, fmt="md", samples=32, sensitivity_n=0, track_record=rep)
    assert f'<a id="{TRACK_RECORD_ID}"></a>' in with_it and "## Track record" in with_it
    assert with_it.index("## Track record") < with_it.index("## Sources")
    assert "analyst:ann" in with_it


def test_report_cli_db_option(db_url, tmp_path):
    _belarus_registry(db_url)
    out = tmp_path / "report.html"
    r = runner.invoke(app, ["report", "belarus-2022", "-o", str(out), "-n", "32", "--sobol-n", "0", "--db", db_url])
    assert r.exit_code == 0, r.output
    page = out.read_text()
    assert f'<section id="{TRACK_RECORD_ID}"><h2>Track record</h2>' in page and "analyst:ann" in page
    missing = tmp_path / "nowhere.sqlite"
    r = runner.invoke(app, ["report", "belarus-2022", "-o", str(tmp_path / "x.md"), "--db", str(missing)])
    assert r.exit_code == 2 and "no registry there" in r.output and not missing.exists()
