"""``realpolitik registry ...`` on SQLite and PostgreSQL: every command, its JSON, every refusal.

A refusal exits with code 2, prints a message (no traceback) and writes nothing, which
each error test checks by counting the rows before and after.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from realpolitik.cli.app import app

runner = CliRunner()

QUESTIONS_CSV = (
    "id,title,type,options,open_at,close_at\n"
    "rain,Will it rain in Minsk on 1 Jun 2099?,binary,,2024-01-01,2099-12-31\n"
    "party,Which party wins?,multiple_choice,red|green|blue,2024-01-01,2099-12-31\n"
    "old,Did it happen in 2020?,binary,,2020-01-01,2020-12-31\n"
)


def cli(*args: str, db: str | None = None):
    argv = list(args[:2]) + (["--db", db] if db else []) + list(args[2:])  # before any "--"
    result = runner.invoke(app, argv)
    assert "Traceback" not in result.output, result.output
    return result


def ok(*args: str, db: str):
    r = cli(*args, db=db)
    assert r.exit_code == 0, r.output
    return r


def counts(db: str) -> dict[str, int]:
    return json.loads(ok("registry", "init", "--json", db=db).stdout)["counts"]


@pytest.fixture
def seeded(db_url, tmp_path):
    """A registry with three imported questions (two open until 2099, one closed in 2020)."""
    f = tmp_path / "questions.csv"
    f.write_text(QUESTIONS_CSV)
    ok("registry", "import", str(f), db=db_url)
    return db_url


def test_init_json_and_idempotent(db_url):
    first = json.loads(ok("registry", "init", "--json", db=db_url).stdout)
    assert first["created"] is True and first["schema"] and first["counts"]["questions"] == 0
    again = json.loads(ok("registry", "init", "--json", db=db_url).stdout)
    assert again["created"] is False and again["upgraded"] is False and again["schema"] == first["schema"]
    assert "registry ready" in ok("registry", "init", db=db_url).stdout


def test_forecast_resolve_score_export_round_trip(seeded, tmp_path):
    db = seeded
    r = ok("registry", "forecast", "rain", "0.3", "0.7", "--forecaster", "analyst:ann", "--at",
           "2024-12-31T23:30:00-01:00", "--json", db=db)
    f = json.loads(r.stdout)
    assert f["probabilities"] == {"yes": 0.3, "no": 0.7} and f["made_at"] == "2025-01-01T00:30:00+00:00"
    ok("registry", "forecast", "rain", "80%", "--forecaster", "analyst:bob", "--at", "2025-02-01", db=db)
    human = ok("registry", "forecast", "party", "0.2", "0.5", "0.3", "--forecaster", "crowd:poll", "--at",
               "2025-01-05T12:00:00Z", db=db).stdout
    assert "Which party wins?" in human and "green: roughly even chance (50.0 %)" in human
    res = json.loads(ok("registry", "resolve", "rain", "yes", "--at", "2025-06-01", "--source", "met office",
                        "--json", db=db).stdout)
    assert res["outcome"] == "yes" and res["source"] == "met office"
    ok("registry", "resolve", "party", "green", "--at", "2025-06-01", db=db)

    card = json.loads(ok("registry", "score", "--json", db=db).stdout)
    assert {"rule_set", "forecasters", "questions"} <= set(card)
    for row in card["forecasters"]:
        assert {"forecaster", "questions", "brier", "log", "baseline"} <= set(row)
    for row in card["questions"]:
        assert {"id", "forecaster", "probabilities", "outcome", "brier", "log"} <= set(row)
    ann = next(q for q in card["questions"] if q["forecaster"] == "analyst:ann")
    assert ann["outcome"] == "yes" and ann["brier"] == pytest.approx(2 * 0.7 ** 2)
    assert ann["log"] == pytest.approx(-1.2039728043259361)  # ln 0.3
    bob = next(q for q in card["questions"] if q["forecaster"] == "analyst:bob")
    assert bob["probabilities"] == pytest.approx({"yes": 0.8, "no": 0.2})
    assert {q["forecaster"] for q in card["questions"] if q["id"] == "party"} >= {"crowd:poll", "baseline:uniform"}
    text = ok("registry", "score", db=db).stdout
    assert "Score card" in text and "Will it rain" in text and "Leaderboard" in text and "analyst:ann" in text
    assert counts(db)["scores"] > 0  # the cache was rebuilt
    by_model = json.loads(ok("registry", "score", "--by", "model", "--json", db=db).stdout)
    assert by_model["by"] == "model"

    doc = json.loads(ok("registry", "export", "--json", db=db).stdout)
    assert {"questions", "forecasts", "resolutions"} <= set(doc)
    for fc in doc["forecasts"]:
        assert {"question", "forecaster", "made_at", "probabilities"} <= set(fc)
    assert {fc["made_at"] for fc in doc["forecasts"]} >= {"2025-01-01T00:30:00+00:00", "2025-01-05T12:00:00+00:00"}
    assert "Will it rain" in ok("registry", "export", db=db).stdout

    # the export re-imports into an empty registry and exports the same rows, times exact
    out = tmp_path / "copy.json"
    ok("registry", "export", "-o", str(out), db=db)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    ok("registry", "import", str(out), db=fresh)
    again = json.loads(ok("registry", "export", "--json", db=fresh).stdout)
    strip = ("origin", "recorded_at", "id", "supersedes_id")
    for key in ("forecasts", "resolutions"):
        a = [{k: v for k, v in x.items() if k not in strip} for x in doc[key]]
        b = [{k: v for k, v in x.items() if k not in strip} for x in again[key]]
        assert a == b
    folder = tmp_path / "csv"
    folder.mkdir()
    ok("registry", "export", "-o", str(folder), db=db)
    assert sorted(p.name for p in folder.iterdir()) == ["forecasts.csv", "questions.csv", "resolutions.csv"]
    csv_copy = f"sqlite:///{tmp_path / 'csv.sqlite'}"
    assert json.loads(ok("registry", "import", str(folder), "--json", db=csv_copy).stdout)["imported"] == \
        {"questions": 3, "forecasts": 3, "resolutions": 2}


def test_calibration_table_json_and_plot(seeded, tmp_path):
    db = seeded
    ok("registry", "forecast", "rain", "0.9", "--forecaster", "analyst:ann", "--at", "2025-01-02", db=db)
    ok("registry", "forecast", "party", "0.1", "0.8", "0.1", "--forecaster", "analyst:ann", "--at", "2025-01-02",
       db=db)
    ok("registry", "resolve", "rain", "yes", "--at", "2025-06-01", db=db)
    ok("registry", "resolve", "party", "green", "--at", "2025-06-01", db=db)
    plot = tmp_path / "rel.png"
    d = json.loads(ok("registry", "calibration", "--plot", str(plot), "--json", db=db).stdout)
    dec = d["forecasters"]["analyst:ann"]["decomposition"]
    assert dec["n"] == 5  # 2 + 3 options, one event each
    assert dec["brier"] == pytest.approx(dec["reliability"] - dec["resolution"] + dec["uncertainty"]
                                         + dec["within_bin"], abs=1e-12)
    # On the score table's 0-2 scale: rain (0.9 yes) 0.02, party (0.1/0.8/0.1, green) 0.06; mean 0.04.
    assert dec["brier"] == pytest.approx(0.04, abs=1e-12)
    score = json.loads(ok("registry", "score", "--json", db=db).stdout)
    ann = next(f for f in score["forecasters"] if f["forecaster"] == "analyst:ann")
    assert ann["brier"] == pytest.approx(dec["brier"], abs=1e-12)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = ok("registry", "calibration", db=db).stdout
    assert "Murphy decomposition" in text and "analyst:ann" in text
    r = cli("registry", "calibration", "--plot", str(tmp_path / "rel.txt"), db=db)
    assert r.exit_code == 2 and ".png or .svg" in r.output


def _refused(db: str, args: list[str], message: str) -> None:
    before = counts(db)
    r = cli(*args, db=db)
    assert r.exit_code == 2, r.output
    assert message in " ".join(r.output.split()), r.output
    assert counts(db) == before


@pytest.mark.parametrize("args,message", [
    (["registry", "forecast", "snow", "0.5"], "unknown question 'snow'"),
    (["registry", "forecast", "rai", "0.5"], "did you mean rain"),
    (["registry", "forecast", "rain", "0.5", "0.6", "--at", "2025-02-01"], "sum to 1.1"),
    (["registry", "forecast", "party", "--at", "2025-02-01", "--", "1.2", "-0.1", "-0.1"], "out of range"),
    (["registry", "forecast", "party", "0.5", "0.5", "--at", "2025-02-01"], "2 probabilities for 3 options"),
    (["registry", "forecast", "rain", "abc"], "not a number"),
    (["registry", "forecast", "old", "0.5"], "closed on 2020-12-31"),
    (["registry", "forecast", "old", "0.5", "--at", "2021-03-01"], "closed on 2020-12-31"),
    (["registry", "forecast", "rain", "0.5", "--at", "2999-01-01"], "in the future"),
    (["registry", "forecast", "rain", "0.5", "--at", "2025-02-01T10:00"], "no time zone"),
    (["registry", "forecast", "rain", "0.5", "--forecaster", "ann"], "is not kind:name"),
    (["registry", "forecast", "rain", "0.5", "--forecaster", "model:me"], "model forecasts come from"),
    (["registry", "forecast", "rain", "0.5", "--forecaster", "baseline:x"], "computed by the registry"),
    (["registry", "resolve", "rain", "maybe", "--at", "2025-06-01"], "is not an option"),
    (["registry", "resolve", "rain", "yes", "--at", "2023-12-01"], "before the question opened"),
    (["registry", "resolve", "rain", "yes", "--at", "1 June"], "not an ISO 8601"),
    (["registry", "resolve", "rain", "yes", "--at", "2999-01-01"], "resolved in the future"),
    (["registry", "resolve", "rain"], "give QUESTION and OUTCOME"),
    (["registry", "resolve", "rain", "yes", "--scenario", "belarus-2022"], "give no QUESTION"),
    (["registry", "score", "--by", "mood"], "expected forecaster, model or scenario"),
    (["registry", "score", "--policy", "never"], "expected exclude, zero or prior"),
    (["registry", "score", "--scenario", "nowhere"], "no question of scenario 'nowhere'"),
])
def test_bad_input_exit_2_nothing_written(seeded, args, message):
    _refused(seeded, args, message)


def test_numeric_out_of_range_resolution_refused(db_url, tmp_path):
    f = tmp_path / "q.json"
    f.write_text(json.dumps({"questions": [{"id": "n", "title": "How many?", "type": "numeric", "range_min": 0,
                                            "range_max": 100, "open_at": "2024-01-01", "close_at": "2099-12-31"}]}))
    ok("registry", "import", str(f), db=db_url)
    _refused(db_url, ["registry", "resolve", "n", "101", "--at", "2025-06-01"], "out of range")
    _refused(db_url, ["registry", "forecast", "n", "0.5"], "is numeric")
    ok("registry", "resolve", "n", "42.5", "--at", "2025-06-01", db=db_url)


@pytest.mark.parametrize("name,body,message", [
    ("dup.csv", QUESTIONS_CSV + "rain,Again?,binary,,2024-01-01,2099-12-31\n", "duplicate question id 'rain'"),
    ("ragged.csv", "id,title,type,options,open_at,close_at\nrain,Will it rain?,binary\n", "the row has 3 fields, the header 6"),
    ("header.csv", "what,ever\n1,2\n", "malformed CSV"),
    ("quote.csv", 'id,title,type,options,open_at,close_at\nrain,"Will it "rain?,binary,,2024-01-01,2099-12-31\n',
     "malformed CSV"),
    ("dates.csv", "id,title,type,options,open_at,close_at\nrain,Rain?,binary,,2025-06-01,2025-01-01\n",
     "is before open"),
    ("bad.json", '{"questions": [', "not valid JSON"),
    ("keys.json", '{"questions": [], "extra": 1}', "unknown key(s) extra"),
    ("fc.csv", "question,forecaster,made_at,probabilities\nrain,analyst:a,2025-02-01T00:00:00Z,0.5|0.6\n",
     "sum to 1.1"),
    ("late.csv", "question,forecaster,made_at,probabilities\nold,analyst:a,2021-02-01T00:00:00Z,0.5|0.5\n",
     "closed on 2020-12-31"),
    ("unknown.csv", "question,forecaster,made_at,probabilities\nsnow,analyst:a,2025-02-01T00:00:00Z,0.5\n",
     "unknown question"),
    ("early.csv", "question,outcome,resolved_at\nrain,yes,2023-01-01\n", "before the question opened"),
])
def test_bad_imports_exit_2_nothing_written(seeded, tmp_path, name, body, message):
    f = tmp_path / name
    f.write_text(body)
    _refused(seeded, ["registry", "import", str(f)], message)


def test_duplicate_forecast_id_refused(seeded, tmp_path):
    doc = json.loads(ok("registry", "export", "--json", db=seeded).stdout)
    row = {"id": "0b8f0f1e-51c4-4c1e-9a55-3e4b0f0e9d11", "question": "rain", "forecaster": "analyst:a",
           "made_at": "2025-02-01T00:00:00Z", "probabilities": {"yes": 0.4, "no": 0.6}}
    f = tmp_path / "one.json"
    f.write_text(json.dumps({"forecasts": [row]}))
    ok("registry", "import", str(f), db=seeded)
    _refused(seeded, ["registry", "import", str(f)], "duplicate forecast id")
    f.write_text(json.dumps({"forecasts": [row, row]}))
    _refused(seeded, ["registry", "import", str(f)], "duplicate forecast id")
    assert doc["questions"]


def test_bad_database_urls_exit_2(tmp_path):
    r = cli("registry", "init", db="mysql://u@h/db")
    assert r.exit_code == 2 and "not supported" in r.output
    r = cli("registry", "init", db="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert r.exit_code == 2 and "database" in r.output


def test_env_var_chooses_the_database(tmp_path, monkeypatch):
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("REALPOLITIK_DB", str(path))
    r = runner.invoke(app, ["registry", "init", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["db"] == f"sqlite:///{path}" and path.exists()


@pytest.mark.parametrize("args", [["--version"], ["registry", "--help"], ["registry", "score", "--help"]])
def test_cli_starts_without_the_database_libraries(args):
    import subprocess
    import sys

    probe = ("import sys, json\nsys.argv = ['realpolitik'] + json.loads(sys.argv[1])\n"
             "from realpolitik.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('@@' + json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('sqlalchemy', 'alembic', 'psycopg'))))")
    out = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.rsplit("@@", 1)[1]) == []
