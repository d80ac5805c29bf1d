"""Alembic environment for the registry: always run on a connection handed in by
:func:`realpolitik.registry.db.migrate` (which holds the migration lock)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the package runs these migrations
    raise RuntimeError("run the registry migrations through realpolitik.registry.db.migrate")
context.configure(connection=connection, render_as_batch=True, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
