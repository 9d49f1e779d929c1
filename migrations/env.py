"""Alembic environment: the hazchem models are the target; the URL comes from hazchem's config."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import hazchem.models  # noqa: F401  (registers every table on SQLModel.metadata)
from hazchem.config import load_config
from hazchem.db import make_engine

target_metadata = SQLModel.metadata


def _url() -> str:
    return context.config.attributes.get("database_url") or load_config()["DATABASE_URL"]


def run_migrations_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a live connection (given by the caller, or made from the configured URL)."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True
    )
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Rebuilding a referenced table (batch mode) must not cascade-check half-way; SQLite only
        # honours this pragma outside a transaction, and every key is checked again before commit.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
