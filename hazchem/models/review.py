"""Regulators' review of manifests: review notes and correction requests with their answers.

Rows are never deleted: a request moves through its lifecycle and keeps every answer on the record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel


class ReviewNote(SQLModel, table=True):
    """A regulator's note on a manifest, kept as written."""

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    text: str = Field(sa_type=Text)
    author_id: int = Field(foreign_key="user.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")
    at: datetime


class CorrectionRequest(SQLModel, table=True):
    """A regulator's request that a manifest party correct its section, and that party's answer."""

    # A party's open requests are listed on its dashboard; a manifest's requests on its page.
    __table_args__ = (Index("ix_correctionrequest_enterprise_status", "enterprise_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    section: str = Field(max_length=20)
    enterprise_id: int = Field(foreign_key="enterprise.id")
    text: str = Field(sa_type=Text)
    status: str = Field(max_length=20)
    opened_by: int = Field(foreign_key="user.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")
    opened_at: datetime
    answer_kind: str | None = Field(default=None, max_length=20)
    answer_text: str = Field(default="", sa_type=Text)
    revision_id: int | None = Field(default=None, foreign_key="revision.id")
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    answered_at: datetime | None = None
    closed_by: int | None = Field(default=None, foreign_key="user.id")
    closed_at: datetime | None = None
    close_note: str = Field(default="", sa_type=Text)
