"""Registry tests run on SQLite and, when REALPOLITIK_TEST_PG_URL is set, on PostgreSQL.

``.ci/postgres.sh`` starts a throwaway cluster and exports the URL; each test gets a
fresh database of its own.
"""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

PG_ENV = "REALPOLITIK_TEST_PG_URL"


def _pg_admin(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port or 5432, user=u.username, password=u.password,
                           dbname=u.database or "postgres", autocommit=True), u


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set (run .ci/postgres.sh to start a throwaway PostgreSQL)")
    pytest.importorskip("psycopg")
    conn, u = _pg_admin(base)
    name = f"rp_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield u.set(database=name).render_as_string(hide_password=False)
    from sqlalchemy import create_engine  # noqa: F401  (engines of the test are disposed by then)

    conn, _ = _pg_admin(base)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def registry(db_url):
    from realpolitik.registry import Registry

    reg = Registry(db_url)
    yield reg
    reg.close()


def binary(qid="q1", **kw):
    from realpolitik.registry import QuestionSpec

    base = dict(id=qid, title=f"Question {qid}?", type="binary", open_at=date(2022, 10, 1),
                close_at=date(2023, 12, 31))
    base.update(kw)
    return QuestionSpec(**base)
