"""The registry's rules on both engines: append-only, refusals, revisions, time zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from realpolitik.registry import QuestionSpec, Registry, RegistryError

from .conftest import binary

AT = datetime(2022, 11, 1, 12, tzinfo=timezone.utc)


def test_schema_migrated_and_triggers_refuse_update_and_delete(registry):
    registry.add_question(binary())
    f = registry.add_forecast("q1", [0.2, 0.8], forecaster="analyst:ann", made_at=AT)
    registry.resolve("q1", "no", resolved_at=date(2023, 12, 31))
    for sql in ("UPDATE forecasts SET forecaster = 'analyst:eve'", "DELETE FROM forecasts",
                "UPDATE resolutions SET status = 'annulled'", "DELETE FROM resolutions",
                "UPDATE question_revisions SET title = 'x'", "DELETE FROM questions"):
        with pytest.raises(Exception, match="append-only"):
            with registry.engine.begin() as conn:
                conn.execute(text(sql))
    assert registry.forecasts("q1")[0] == f
    assert registry.counts() == {"questions": 1, "forecasts": 1, "resolutions": 1, "scores": 0}


def test_timezones_round_trip_exactly(registry):
    zone = timezone(timedelta(hours=5, minutes=30))
    made = datetime(2022, 11, 2, 23, 59, 58, 123456, tzinfo=zone)
    registry.add_question(binary(open_at=datetime(2022, 10, 1, 6, 0, tzinfo=zone)))
    f = registry.add_forecast("q1", [0.4, 0.6], forecaster="analyst:ann", made_at=made)
    back = registry.forecasts()[0]
    assert back.made_at == made and back.made_at.utcoffset() == timedelta(0)
    assert back.made_at.isoformat() == "2022-11-02T18:29:58.123456+00:00"
    assert registry.question("q1").open_at == datetime(2022, 10, 1, 0, 30, tzinfo=timezone.utc)
    assert f.made_at == back.made_at


def test_refusals_write_nothing(registry):
    registry.add_question(binary())
    registry.add_question(QuestionSpec(id="mc", title="Which?", type="multiple_choice", options=("a", "b", "c"),
                                       open_at=date(2022, 10, 1), close_at=date(2023, 1, 1)))
    registry.add_question(QuestionSpec(id="num", title="How many?", type="numeric", range_min=0, range_max=100,
                                       open_at=date(2022, 10, 1), close_at=date(2023, 1, 1)))
    cases = [
        (lambda: registry.add_forecast("nope", [0.5, 0.5], forecaster="analyst:a", made_at=AT), "unknown question"),
        (lambda: registry.add_forecast("q1", [0.5, 0.6], forecaster="analyst:a", made_at=AT), "sum to 1.1"),
        (lambda: registry.add_forecast("mc", [1.2, -0.1, -0.1], forecaster="analyst:a", made_at=AT), "out of range"),
        (lambda: registry.add_forecast("mc", [0.5, 0.5], forecaster="analyst:a", made_at=AT), "2 probabilities for 3"),
        (lambda: registry.add_forecast("q1", [0.5, 0.5], forecaster="ann", made_at=AT), "kind:name"),
        (lambda: registry.add_forecast("q1", [0.5, 0.5], forecaster="baseline:x", made_at=AT), "computed"),
        (lambda: registry.add_forecast("q1", [0.5, 0.5], forecaster="analyst:a",
                                       made_at=datetime(2024, 2, 1, tzinfo=timezone.utc)), "closed"),
        (lambda: registry.add_forecast("q1", [0.5, 0.5], forecaster="analyst:a", made_at=AT,
                                       valid_from=date(2022, 9, 1)), "opens"),
        (lambda: registry.resolve("q1", "maybe", resolved_at=date(2023, 1, 1)), "not an option"),
        (lambda: registry.resolve("q1", "yes", resolved_at=date(2022, 9, 30)), "before the question opened"),
        (lambda: registry.resolve("num", 101, resolved_at=date(2023, 1, 1)), "out of range"),
        (lambda: registry.add_question(binary("q1", scenario_id="other", title="x")), None),
    ]
    for call, message in cases[:-1]:
        with pytest.raises(RegistryError, match=message):
            call()
    assert registry.counts() == {"questions": 3, "forecasts": 0, "resolutions": 0, "scores": 0}


def test_backtest_needs_an_evidence_cutoff_before_valid_from(registry):
    registry.add_question(binary())
    late = datetime(2026, 1, 1, tzinfo=timezone.utc)
    f = registry.add_forecast("q1", [0.1, 0.9], forecaster="model:eu", made_at=late, valid_from=date(2022, 10, 21),
                              evidence_cutoff=date(2022, 10, 21))
    assert f.kind == "backtest"
    with pytest.raises(RegistryError, match="closed"):
        registry.add_forecast("q1", [0.1, 0.9], forecaster="model:eu", made_at=late, valid_from=date(2022, 10, 21),
                              evidence_cutoff=date(2022, 11, 21))


def test_question_edits_make_revisions_and_forecasts_keep_theirs(registry):
    spec, status = registry.add_question(binary())
    assert (spec.revision, status) == (1, "new")
    assert registry.add_question(binary())[1] == "unchanged"
    registry.add_forecast("q1", [0.3, 0.7], forecaster="analyst:a", made_at=AT)
    spec2, status2 = registry.add_question(binary(criteria="Reported by two wire services."))
    assert (spec2.revision, status2) == (2, "revised")
    assert registry.question("q1").criteria.startswith("Reported")
    assert registry.forecasts()[0].revision == 1
    with pytest.raises(RegistryError, match="duplicate question id"):
        registry.add_question(binary("q2", scenario_id="a"))
        registry.add_question(binary("q2", scenario_id="b"))


def test_latest_resolution_wins(registry):
    registry.add_question(binary())
    first = registry.resolve("q1", "yes", resolved_at=date(2023, 5, 1), source="first report")
    second = registry.resolve("q1", "no", resolved_at=date(2023, 6, 1), source="correction")
    latest = registry.resolutions(latest_only=True)
    assert [r.outcome for r in latest] == ["no"] and second.supersedes_id == first.id
    third = registry.resolve("q1", "annulled", resolved_at=date(2023, 6, 2))
    assert third.status == "annulled" and registry.resolutions(latest_only=True)[0].status == "annulled"


def test_short_question_ids(registry):
    registry.add_question(binary("belarus-2022/q1-no-entry"))
    assert registry.question("q1-no-entry").id == "belarus-2022/q1-no-entry"
    with pytest.raises(RegistryError, match="did you mean"):
        registry.question("q1-no-entr")


def test_default_path_and_env(monkeypatch, tmp_path):
    from realpolitik.registry.db import default_db_path, resolve_url

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("REALPOLITIK_DB", raising=False)
    assert default_db_path() == tmp_path / "realpolitik" / "registry.sqlite"
    assert resolve_url(None) == f"sqlite:///{tmp_path}/realpolitik/registry.sqlite"
    monkeypatch.setenv("REALPOLITIK_DB", "postgresql://u@h:1/d")
    assert resolve_url(None) == "postgresql+psycopg://u@h:1/d"
    with pytest.raises(RegistryError, match="not supported"):
        resolve_url("mysql://x/y")
    reg = Registry(tmp_path / "sub" / "r.sqlite")
    with reg.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    reg.close()
