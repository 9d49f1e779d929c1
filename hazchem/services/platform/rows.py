"""Row helpers shared by use cases: race-free upserts and named counters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from hazchem.db import is_postgres
from hazchem.models import (
    Counter,
)


def ensure_row(session: Session, model: type, **key: Any) -> None:
    """Insert a zeroed counter-like row if missing, without racing a concurrent inserter."""
    table = model.__table__
    stmt = (pg_insert if is_postgres(session.get_bind()) else sqlite_insert)(table).values(**key)
    session.exec(stmt.on_conflict_do_nothing())


def next_counter(session: Session, name: str) -> int:
    """Atomically increment and return a named counter (serials never collide nor get reused)."""
    ensure_row(session, Counter, name=name, value=0)
    return session.exec(
        update(Counter)
        .where(col(Counter.name) == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).one()[0]


def bump(
    session: Session, model: type, key: dict[str, Any], deltas: dict[str, int], returning: Sequence[str]
) -> Any:
    """Add to a running-total row in one statement (taking its row lock) and return the new values;
    the row is created zeroed on first use. A later refusal rolls the change back with the rest."""
    table = model.__table__
    stmt = (
        update(table)
        .where(*(table.c[k] == v for k, v in key.items()))
        .values({c: table.c[c] + d for c, d in deltas.items()})
        .returning(*(table.c[r] for r in returning))
    )
    row = session.execute(stmt).first()
    if row is None:
        zeroed = {c.name: 0 for c in table.columns if c.name not in key and not c.nullable}
        zeroed.update({c.name: False for c in table.columns if c.name in ("major_hazard",)})
        ensure_row(session, model, **key, **zeroed)
        row = session.execute(stmt).one()
    return row
