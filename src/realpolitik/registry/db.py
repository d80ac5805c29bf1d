"""Where the registry lives and how it is opened: URL resolution, engine set-up, migrations.

The default is an embedded SQLite file in the per-user data folder
(:func:`default_db_path`); ``--db PATH|URL`` or the ``REALPOLITIK_DB`` environment variable
choose another file or any PostgreSQL database (``postgresql+psycopg://user@host:port/db``).
SQLite runs in WAL mode with ``synchronous=FULL`` and every transaction starts with
``BEGIN IMMEDIATE``, so concurrent writers queue (``busy_timeout`` 30 s) instead of failing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from ._errors import RegistryError

__all__ = ["ENV_VAR", "default_db_path", "resolve_url", "make_engine", "migrate", "head_revision",
           "current_revision", "display_url"]

ENV_VAR = "REALPOLITIK_DB"
BUSY_TIMEOUT_MS = 30_000
_LOCK_KEY = 7_245_113_011  # pg_advisory_xact_lock key held while migrating


def default_db_path() -> Path:
    """The per-user default registry file.

    ``$XDG_DATA_HOME/realpolitik/registry.sqlite`` (``~/.local/share/...`` when unset) on Linux,
    ``~/Library/Application Support/realpolitik/registry.sqlite`` on macOS and
    ``%LOCALAPPDATA%\\realpolitik\\registry.sqlite`` on Windows.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "realpolitik" / "registry.sqlite"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for ``db`` (a URL or a file path), ``$REALPOLITIK_DB`` or the default file.

    Examples
    --------
    >>> resolve_url("postgresql+psycopg://me@127.0.0.1:5433/forecasts")
    'postgresql+psycopg://me@127.0.0.1:5433/forecasts'
    >>> resolve_url("/tmp/r.sqlite")
    'sqlite:////tmp/r.sqlite'
    """
    value = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if value is None:
        path = default_db_path()
        return f"sqlite:///{path}"
    if "://" in value:
        scheme = value.split("://", 1)[0]
        if scheme == "postgresql" or scheme == "postgres":
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        elif not (scheme.startswith("sqlite") or scheme.startswith("postgresql+")):
            raise RegistryError(f"database URL scheme {scheme!r} is not supported",
                                expected="a file path, sqlite:///PATH or postgresql+psycopg://...")
        return value
    if not value.strip():
        raise RegistryError("empty database path")
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def display_url(url: str) -> str:
    """The URL with any password hidden (for messages and JSON)."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Any:
    """A SQLAlchemy engine with the registry's durability settings."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise RegistryError(f"cannot read database URL {url!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RegistryError(f"cannot create the registry folder {folder}: {exc.strerror}") from None
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun below, IMMEDIATE
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"})
        except (NoSuchModuleError, ImportError):
            raise RegistryError("PostgreSQL needs the psycopg driver: pip install 'realpolitik[postgres]'") from None
    raise RegistryError(f"database {display_url(url)} is not SQLite or PostgreSQL")


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this version of realpolitik."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None  # the package ships at least one migration
    return head


def current_revision(engine: Any) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    return rev


def migrate(engine: Any) -> tuple[str | None, str]:
    """Bring the database to the newest schema; safe when several processes start at once.

    Returns (revision before, revision after).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    head = head_revision()
    before = current_revision(engine)
    if before == head:
        return before, head
    with engine.connect() as conn:
        with conn.begin():  # SQLite: BEGIN IMMEDIATE is the lock; PostgreSQL: an advisory lock
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            now = MigrationContext.configure(conn).get_current_revision()
            if now != head:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
    return before, head
