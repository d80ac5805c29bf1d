"""Durability on both engines, with real processes: concurrent writers and a writer killed with kill -9.

The invariant is rows >= acknowledgements: every forecast a writer was told is stored is
in the database afterwards (at most one more may be committed without its acknowledgement
reaching the writer). Sizes are small so each test takes seconds; the measured figures at
scale are in the design note (8 x 250 rows).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

import realpolitik
from realpolitik.registry import Registry

from .conftest import binary

WRITER = r"""
import sys
from realpolitik.registry import Registry

url, qid, who, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
reg = Registry(url)
print("ready", flush=True)
for i in range(n):
    reg.add_forecast(qid, [0.5, 0.5], forecaster=who, rationale=str(i))
    print(f"ack {i}", flush=True)  # only after the commit returned
"""

WRITERS = 8
ROWS_EACH = 20


def _env() -> dict[str, str]:
    src = str(Path(realpolitik.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _writer(url: str, who: str, n: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, url, "q1", who, str(n)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())


def _rows(url: str, who: str | None = None) -> int:
    with Registry(url) as reg:
        return sum(1 for f in reg.forecasts("q1") if who is None or f.forecaster == who)


def _open_question(url: str) -> None:
    with Registry(url) as reg:
        reg.add_question(binary(open_at=date(2020, 1, 1), close_at=date(2099, 12, 31)))


def test_concurrent_writers_lose_no_acknowledged_row(db_url):
    _open_question(db_url)
    procs = [_writer(db_url, f"analyst:w{i}", ROWS_EACH) for i in range(WRITERS)]
    acks = {}
    for i, p in enumerate(procs):
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        acks[f"analyst:w{i}"] = sum(line.startswith("ack ") for line in out.splitlines())
    assert sum(acks.values()) == WRITERS * ROWS_EACH  # no writer was refused: they queued
    for who, n in acks.items():
        assert _rows(db_url, who) >= n
    assert _rows(db_url) == WRITERS * ROWS_EACH


def test_writer_killed_with_sigkill_loses_no_acknowledged_row(db_url):
    _open_question(db_url)
    other = _writer(db_url, "analyst:steady", ROWS_EACH)  # a second writer busy at the same time
    victim = _writer(db_url, "analyst:victim", 100_000)
    assert victim.stdout is not None
    acked = 0
    deadline = time.monotonic() + 120
    while acked < 30 and time.monotonic() < deadline:
        line = victim.stdout.readline()
        if not line:
            break
        acked += line.startswith("ack ")
    assert acked >= 30, victim.stderr.read() if victim.stderr else ""
    os.kill(victim.pid, signal.SIGKILL)  # mid-stream: between, or inside, transactions
    rest, _ = victim.communicate(timeout=60)
    acked += sum(line.startswith("ack ") for line in rest.splitlines())
    assert victim.returncode == -signal.SIGKILL
    out, err = other.communicate(timeout=300)
    assert other.returncode == 0, err[-2000:]
    stored = _rows(db_url, "analyst:victim")
    assert acked <= stored <= acked + 1
    assert _rows(db_url, "analyst:steady") == ROWS_EACH
    with Registry(db_url) as reg:  # the killed writer left no lock behind: the next write goes through
        reg.add_forecast("q1", [0.1, 0.9], forecaster="analyst:after")
        if reg.dialect == "sqlite":
            with reg.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert _rows(db_url, "analyst:after") == 1


def test_times_are_stored_in_utc_and_read_back_exactly(db_url):
    zone = timezone(timedelta(hours=-9, minutes=-30))
    made = datetime(2022, 11, 2, 20, 15, 1, 654321, tzinfo=zone)
    with Registry(db_url) as reg:
        reg.add_question(binary())
        reg.add_forecast("q1", [0.3, 0.7], forecaster="analyst:ann", made_at=made)
        with reg.engine.connect() as conn:
            if reg.dialect == "sqlite":  # stored as the UTC wall time
                raw = conn.execute(text("SELECT made_at FROM forecasts")).scalar()
                assert str(raw) == "2022-11-03 05:45:01.654321"
            else:  # timestamptz: the same instant whatever the session's zone
                conn.execute(text("SET TIME ZONE 'Asia/Kathmandu'"))
                raw = conn.execute(text("SELECT made_at FROM forecasts")).scalar()
                assert raw == made and raw.utcoffset() == timedelta(hours=5, minutes=45)
                conn.rollback()
    # a fresh process reads the same instant, in UTC
    out = subprocess.run([sys.executable, "-c", "import sys; from realpolitik.registry import Registry; "
                          "print(Registry(sys.argv[1]).forecasts()[0].made_at.isoformat())", db_url],
                         capture_output=True, text=True, env=_env(), timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "2022-11-03T05:45:01.654321+00:00" == made.astimezone(timezone.utc).isoformat()


@pytest.mark.parametrize("bad", [datetime(2022, 11, 2, 20, 15), "2022-11-02T20:15:00"])
def test_a_time_without_zone_is_refused(registry, bad):
    from realpolitik.registry import RegistryError

    registry.add_question(binary())
    with pytest.raises(RegistryError, match="no time zone"):
        registry.add_forecast("q1", [0.3, 0.7], forecaster="analyst:ann", made_at=bad)
    assert registry.counts()["forecasts"] == 0
