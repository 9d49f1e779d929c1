"""Database engine construction and session helpers, free of any web framework."""

from __future__ import annotations

from pathlib import Path

from psycopg.pq import TransactionStatus
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
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
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    event.listen(engine, "begin", _postgres_begin)
    event.listen(engine, "before_cursor_execute", _postgres_note_write)
    event.listen(engine, "rollback", _postgres_end_read_only)
    return engine


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


# Set on a connection's record once its transaction has sent anything but a SELECT; cleared at BEGIN.
_WROTE = "hazchem_wrote"


def _postgres_begin(conn: Connection) -> None:
    conn.info[_WROTE] = False


def _postgres_note_write(conn: Connection, _cursor, statement: str, *_args) -> None:
    if not statement.lstrip()[:6].upper().startswith("SELECT"):
        conn.info[_WROTE] = True


def _postgres_end_read_only(conn: Connection) -> None:
    """End a PostgreSQL transaction that only read with COMMIT, so the driver keeps its prepared reads.

    psycopg forgets every prepared statement on ROLLBACK, and nearly every request ends with one
    (a read-only session closes by rolling back), so the hot reads were planned afresh on every
    request. A transaction that sent nothing but SELECTs through SQLAlchemy has nothing to undo:
    committing it ends it exactly as rolling back would, and the rollback that follows finds no
    transaction to end. Code that writes through the bare driver connection ends its own transaction.
    """
    if conn.info.get(_WROTE, True) or not conn._still_open_and_dbapi_connection_is_valid:
        return
    driver = conn.connection.driver_connection
    if driver.info.transaction_status == TransactionStatus.INTRANS:  # not idle, not failed
        driver.commit()


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
