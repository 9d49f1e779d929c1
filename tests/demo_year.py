"""The demo park with its year of history, loaded through the use cases once per test run.

Loading the year takes about a minute on SQLite and longer on PostgreSQL; several modules read it. The
first module to ask loads it and keeps a copy of every row; the next ones, each after the database was
emptied, get the same rows back in a few seconds. The copy is row for row, so ids, dates and the audit
chain's hashes are those the loader wrote.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from hazchem.demo import load as demo

_rows: dict[str, list[dict[str, Any]]] = {}
CHUNK = 2_000


def load_demo_year(engine: Engine) -> None:
    """Fill the emptied test database with the demo park and its year."""
    if not _rows:
        with Session(engine, expire_on_commit=False) as session:
            demo.load_demo(session=session, history=True)
        with engine.connect() as conn:
            for table in SQLModel.metadata.sorted_tables:
                # Generated columns are the database's to fill.
                stored = [c for c in table.c if c.computed is None]
                _rows[table.name] = [dict(row) for row in conn.execute(select(*stored)).mappings()]
        return
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = _rows[table.name]
            for start in range(0, len(rows), CHUNK):
                conn.execute(table.insert(), rows[start : start + CHUNK])
            if engine.dialect.name == "postgresql" and rows and "id" in table.c:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table.name}"))'
                    )
                )
