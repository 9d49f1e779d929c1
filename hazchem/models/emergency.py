"""Emergency plans (the park's and each enterprise's 应急预案, versioned), their organisation and
notification tree, the attached plan file, and the emergency resources (teams, equipment, supplies,
stores, accident pools, monitoring, experts) the plans count on.

A plan is never edited away: a new version supersedes the one in force and the old one is kept."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class EmergencyPlan(SQLModel, table=True):
    """One version of an emergency plan (应急预案) of the park (no enterprise) or of an enterprise."""

    # The versions of one plan are the rows sharing (park, enterprise, kind); the chain is read in order.
    __table_args__ = (Index("ix_emergencyplan_chain", "park_id", "enterprise_id", "kind", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id", index=True)
    # None: the park's own plan.
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    kind: str = Field(max_length=40)
    title: str = Field(max_length=200)
    version: int = 1
    status: str = Field(max_length=20)
    scope: str = Field(default="", sa_type=Text)
    # [{"grade": "I".."IV", "criteria": text}, …]
    grades: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    effective_from: date | None = None
    next_review_due: date | None = None
    next_drill_due: date | None = None
    last_drill_on: date | None = None
    last_review_on: date | None = None
    file_sha256: str = Field(default="", max_length=64)
    file_name: str = Field(default="", max_length=200)
    file_size: int | None = None
    created_at: datetime
    created_by: int | None = Field(default=None, foreign_key="user.id")


class PlanFile(SQLModel, table=True):
    """The bytes of a plan's attached PDF, kept in the database beside the plan so they back up with it."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="emergencyplan.id", index=True)
    sha256: str = Field(max_length=64)
    name: str = Field(max_length=200)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_at: datetime
    uploaded_by: int | None = Field(default=None, foreign_key="user.id")


class PlanContact(SQLModel, table=True):
    """A named person in a plan's organisation: headquarters, office, a team or the expert group."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="emergencyplan.id", index=True)
    unit: str = Field(max_length=30)
    name: str = Field(max_length=60)
    role: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=40)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")


class NotificationRule(SQLModel, table=True):
    """One edge of a plan's notification tree: at a grade, who tells whom within how many minutes."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="emergencyplan.id", index=True)
    grade: str = Field(max_length=4)
    notifier: str = Field(max_length=120)
    notified_department_id: int | None = Field(default=None, foreign_key="department.id")
    notified_contact_id: int | None = Field(default=None, foreign_key="plancontact.id")
    notified_unit: str = Field(default="", max_length=30)
    within_minutes: int


class EmergencyResource(SQLModel, table=True):
    """An emergency resource (应急资源) of the park (no owner) or of an enterprise."""

    __table_args__ = (
        UniqueConstraint("park_id", "owner_enterprise_id", "kind", "name"),
        Index("ix_emergencyresource_park_kind", "park_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id", index=True)
    # None: the park's own resource.
    owner_enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    kind: str = Field(max_length=30)
    name: str = Field(max_length=200)
    facility_id: int | None = Field(default=None, foreign_key="facility.id", index=True)
    location: str = Field(default="", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    quantity: int = 0
    unit: str = Field(default="", max_length=20)
    capacity_m3: int | None = None
    minimum_quantity: int | None = None
    plan_id: int | None = Field(default=None, foreign_key="emergencyplan.id", index=True)
    next_inspection_due: date | None = None
    last_inspected_on: date | None = None
    expires_on: date | None = None
    contact_name: str = Field(default="", max_length=60)
    contact_phone: str = Field(default="", max_length=40)
    note: str = Field(default="", sa_type=Text)
    created_at: datetime
    updated_at: datetime
