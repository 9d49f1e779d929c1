"""Database engine construction and session helpers, free of any web framework."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite gets foreign keys, WAL and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy own transactions so BEGIN IMMEDIATE below is what actually runs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(conn) -> None:
    # A use case that writes takes the database lock at BEGIN, so read-check-write sequences
    # serialise instead of failing half-way on lock upgrade; readers stay concurrent.
    if conn.get_execution_options().get("hazchem_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def is_postgres(engine: Engine) -> bool:
    """Tell whether the engine talks to PostgreSQL (row locks) rather than SQLite."""
    return engine.dialect.name == "postgresql"


def begin_write(session: Session) -> None:
    """Open the write transaction of one use case (SQLite: take the lock now, not on first write).

    A transaction still open from earlier reads is discarded, never committed, so leftovers of a
    refused action can never be written by the next one.
    """
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() called with unflushed changes pending")
    if session.in_transaction():
        session.rollback()
    session.connection(execution_options={"hazchem_write": True})

