"""Accounts, API tokens and the hash-chained audit events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

# --- Accounts and audit -----------------------------------------------------------------------


class User(SQLModel, table=True):
    """A person who logs in, with one role bound to a department, enterprise or driver record."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True)
    password_hash: str = Field(max_length=300)
    display_name: str = Field(default="", max_length=120)
    role: str = Field(max_length=30)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")
    driver_id: int | None = Field(default=None, foreign_key="driver.id")
    # The park a park administrator runs (other roles take their park from what they are bound to).
    park_id: int | None = Field(default=None, foreign_key="park.id")
    locale: str = Field(default="", max_length=20)
    active: bool = True
    # Kept in each login's session; bumping it (logout, password change, deactivation) ends them all.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ApiToken(SQLModel, table=True):
    """A bearer token; only its SHA-256 digest is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    expires_at: datetime


class LoginFailure(SQLModel, table=True):
    """A failed login (form or token), kept so repeated guessing from one address is throttled."""

    __table_args__ = (
        Index("ix_loginfailure_addr_at", "remote_addr", "at"),
        Index("ix_loginfailure_at", "at"),  # the retention purge's range
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60)
    remote_addr: str = Field(max_length=45)
    at: datetime


class Event(SQLModel, table=True):
    """An append-only audit record, chained to its predecessor by hash."""

    # A record's history (a container's scans, a manifest's timeline) is read by entity and id.
    __table_args__ = (Index("ix_event_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor_id: int | None = Field(default=None, index=True)
    actor_role: str = Field(default="", max_length=30)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=60)
    before: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class IdempotencyRecord(SQLModel, table=True):
    """One user's Idempotency-Key and the outcome of the request sent with it, so a retry acts once.

    A scan lookup is stored here too: its record is the scan log entry.
    """

    __table_args__ = (UniqueConstraint("user_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    idempotency_key: str = Field(max_length=100)
    subject: str = Field(max_length=200)
    action: str = Field(max_length=40)
    # Digest of the whole request, so a key reused for a different request is refused, not replayed.
    request_hash: str = Field(default="", max_length=64)
    outcome: str = Field(max_length=10)
    response: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime
    # When the device scanned it, for a scan queued offline and sent later (`at` is when it arrived).
    device_scanned_at: datetime | None = None
