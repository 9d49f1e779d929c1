"""Accident incidents (事故) from report to closure: the chemicals and waste involved, the notifications due
under the emergency plan and made, the response steps, monitoring readings and corrective actions.

A custody incident in transit (models.custody.Incident, against a manifest) may be taken up as one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, Text
from sqlmodel import Field, SQLModel

from hazchem.models.base import json_list


class EmergencyIncident(SQLModel, table=True):
    """An accident at a facility or on the road, reported, graded, responded to, terminated and closed."""

    __tablename__ = "emergency_incident"
    __table_args__ = (Index("ix_emergency_incident_park_occurred", "park_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id")
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id", index=True)
    custody_incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    occurred_at: datetime
    reported_at: datetime
    reported_by: int = Field(foreign_key="user.id")
    place: str = Field(max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    description: str = Field(sa_type=Text)
    status: str = Field(max_length=20, index=True)
    grade: str | None = Field(default=None, max_length=4)
    graded_at: datetime | None = None
    graded_by: int | None = Field(default=None, foreign_key="user.id")
    grade_note: str = Field(default="", sa_type=Text)
    terminated_at: datetime | None = None
    terminated_by: int | None = Field(default=None, foreign_key="user.id")
    termination_note: str = Field(default="", sa_type=Text)
    closed_at: datetime | None = None
    closed_by: int | None = Field(default=None, foreign_key="user.id")
    assessment: str = Field(default="", sa_type=Text)
    cause: str = Field(default="", sa_type=Text)
    responsibility: str = Field(default="", sa_type=Text)


class IncidentSubstance(SQLModel, table=True):
    """A chemical or waste involved in an incident, with the container or manifest it was in."""

    __tablename__ = "incident_substance"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="emergency_incident.id", index=True)
    chemical_id: int | None = Field(default=None, foreign_key="chemical.id")
    waste_code: str = Field(default="", max_length=10)
    container_ids: list[str] = Field(default_factory=list, sa_column=json_list())
    manifest_id: int | None = Field(default=None, foreign_key="manifest.id")
    quantity_kg: int | None = Field(default=None, sa_type=BigInteger)
    note: str = Field(default="", max_length=300)


class IncidentNotification(SQLModel, table=True):
    """Who was (or is to be) told: due under a plan rule when the grade was set, recorded when told."""

    __tablename__ = "incident_notification"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="emergency_incident.id", index=True)
    # The plan's notification rule it is due under; None for a notification made beyond the plan.
    rule_id: int | None = None
    notifier: str = Field(default="", max_length=120)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    contact_name: str = Field(default="", max_length=120)
    grade: str = Field(default="", max_length=4)
    due_by: datetime | None = Field(default=None, index=True)
    told_at: datetime | None = None
    told_by: int | None = Field(default=None, foreign_key="user.id")
    means: str = Field(default="", max_length=60)
    note: str = Field(default="", sa_type=Text)


class IncidentStep(SQLModel, table=True):
    """One response step (evacuation, isolation, rescue, containment…) with when and by whom."""

    __tablename__ = "incident_step"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="emergency_incident.id", index=True)
    taken_at: datetime
    description: str = Field(sa_type=Text)
    by_whom: str = Field(default="", max_length=120)
    recorded_at: datetime
    recorded_by: int = Field(foreign_key="user.id")


class MonitoringReading(SQLModel, table=True):
    """One monitoring reading: the pollutant, its concentration and unit, where and when it was taken."""

    __tablename__ = "monitoring_reading"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="emergency_incident.id", index=True)
    pollutant: str = Field(max_length=120)
    concentration: str = Field(max_length=30)
    unit: str = Field(max_length=20)
    place: str = Field(max_length=300)
    taken_at: datetime
    recorded_at: datetime
    recorded_by: int = Field(foreign_key="user.id")


class CorrectiveAction(SQLModel, table=True):
    """A corrective action of the after-action record, with its owner, due date and completion."""

    __tablename__ = "corrective_action"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="emergency_incident.id", index=True)
    text: str = Field(sa_type=Text)
    owner: str = Field(max_length=120)
    due_on: date
    done_on: date | None = None
    recorded_by: int = Field(foreign_key="user.id")
