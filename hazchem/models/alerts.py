"""Alerts (conditions regulators must see, raised once per condition and acknowledged, never deleted)
and the compliance filings that deadline rules ask enterprises for."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hazchem.domain.errors import Said, said_from


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
    # Another enterprise the condition concerns, whose officers see it too (a weight discrepancy's receiver).
    counterparty_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    # The park whose departments the alert goes to: the responsible enterprise's (a cross-park manifest's
    # generator-side alerts go to the generator's park, its receiver-side ones to the receiver's).
    park_id: int | None = Field(default=None, foreign_key="park.id", index=True)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=60)
    # The English text, kept for search and the audit; the code and parameters say it in any language.
    message: str = Field(sa_type=Text)
    # Empty for alerts raised before alerts had codes: those show their stored text.
    message_code: str = Field(default="", max_length=80)
    message_params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    raised_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
    ack_note: str = Field(default="", sa_type=Text)

    @property
    def said(self) -> Said:
        """What the alert says, ready for the reader's language (its stored text if it has no code)."""
        return said_from(
            {"message_code": self.message_code, "params": self.message_params, "message": self.message}
        )


class ComplianceFiling(SQLModel, table=True):
    """A filing a deadline rule asks an enterprise for: the annual management plan or declaration, or the
    electronic backfill of a transfer made on a paper manifest (recorded when the paper transfer is known,
    marked filed when backfilled). No row for a year means the annual filing is still due."""

    __table_args__ = (UniqueConstraint("enterprise_id", "kind", "year", "reference"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    kind: str = Field(max_length=40)
    # Plan year; the year a declaration is due in (it covers the year before); a paper transfer's year.
    year: int
    # The paper manifest's number (empty for the annual filings).
    reference: str = Field(default="", max_length=80)
    # When the paper transfer was completed: the backfill clock starts there.
    completed_on: date | None = None
    filed_on: date | None = None
    note: str = Field(default="", sa_type=Text)
    recorded_at: datetime
    recorded_by: int | None = Field(default=None, foreign_key="user.id")
