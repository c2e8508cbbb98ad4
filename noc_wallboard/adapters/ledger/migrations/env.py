"""Alembic environment: always run programmatically with a connection handed in by
`database.migrate` (no alembic.ini, no URL in files: secrets stay in the config)."""

from __future__ import annotations

from alembic import context

from noc_wallboard.adapters.ledger.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
