"""Alerts: conditions regulators must see, raised once per condition and acknowledged, never deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel


class Alert(SQLModel, table=True):
    """One raised condition (weight discrepancy, overdue confirmation, capacity ≥ 80 %, major hazard…)."""

    __table_args__ = (Index("ix_alert_open", "department_kind", "acknowledged_at", "raised_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # Identifies the condition, so raising it again (a later sweep, a retried action) adds nothing.
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=40, index=True)
    severity: str = Field(max_length=20)
    department_kind: str = Field(max_length=40)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=60)
    message: str = Field(sa_type=Text)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    raised_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
    ack_note: str = Field(default="", sa_type=Text)
