"""API models of accident incidents (report to closure) and of the proposal the record makes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AliasPath, BaseModel, Field

from hazchem.api.schemas.base import Body, Out, Query

TEXT = 4000
SHORT = 300
NAME = 120


class SubstanceIn(Body):
    """A chemical (catalogue id) or a waste code involved, with its quantity and containers."""

    chemical_id: int | None = None
    waste_code: str = Field(default="", max_length=10)
    quantity_kg: int | None = Field(default=None, ge=0, le=1_000_000_000)
    container_ids: list[str] = Field(default=[], max_length=500)
    note: str = Field(default="", max_length=SHORT)


class IncidentIn(Body):
    """A report: when, where, what happened and what was involved; a facility, an enterprise, or a
    custody incident in transit to take up (its manifest and containers come along)."""

    description: str = Field(default="", max_length=TEXT)
    place: str = Field(default="", max_length=SHORT)
    occurred_at: datetime | None = Field(default=None, description="ISO time; without a zone, the park's")
    facility_id: int | None = None
    enterprise_id: int | None = None
    custody_incident_id: int | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    substances: list[SubstanceIn] = Field(default=[], max_length=100)


class IncidentQuery(Query):
    """List filter: one enterprise's incidents."""

    enterprise_id: int | None = None


class GradeIn(Body):
    """The grade the emergency office sets: I (most severe) to IV."""

    grade: str = Field(max_length=4, description="I, II, III or IV")
    note: str = Field(default="", max_length=TEXT)


class ProposalQuery(Query):
    """The grade whose notification tree to propose (the incident's own when left out)."""

    grade: str | None = Field(default=None, max_length=4)


class NotificationIn(Body):
    """Who was told and when: a due notification by id, or a department or person."""

    notification_id: int | None = None
    department_id: int | None = None
    contact_name: str = Field(default="", max_length=NAME)
    told_at: datetime | None = None
    means: str = Field(default="", max_length=60)
    note: str = Field(default="", max_length=TEXT)


class StepIn(Body):
    """A response step."""

    description: str = Field(max_length=TEXT)
    taken_at: datetime | None = None
    by_whom: str = Field(default="", max_length=NAME)


class ReadingIn(Body):
    """A monitoring reading."""

    pollutant: str = Field(max_length=NAME)
    concentration: str = Field(max_length=30, description="a decimal number")
    unit: str = Field(max_length=20)
    place: str = Field(max_length=SHORT)
    taken_at: datetime | None = None


class TerminateIn(Body):
    """The end of the response."""

    note: str = Field(default="", max_length=TEXT)
    at: datetime | None = None


class AfterActionIn(Body):
    """The after-action review; a part left out keeps what was recorded."""

    assessment: str | None = Field(default=None, max_length=TEXT)
    cause: str | None = Field(default=None, max_length=TEXT)
    responsibility: str | None = Field(default=None, max_length=TEXT)
    corrective_actions: list[CorrectiveIn] = Field(default=[], max_length=50)


class CorrectiveIn(Body):
    """A corrective action with its owner and due date."""

    text: str = Field(max_length=TEXT)
    owner: str = Field(max_length=NAME)
    due_on: date


class IncidentOut(Out):
    """An incident as listed."""

    id: int
    park_id: int
    enterprise_id: int
    facility_id: int | None
    custody_incident_id: int | None
    occurred_at: datetime
    reported_at: datetime
    place: str
    latitude: float | None
    longitude: float | None
    description: str
    status: str
    grade: str | None
    graded_at: datetime | None
    terminated_at: datetime | None
    closed_at: datetime | None


class IncidentList(BaseModel):
    """Incidents in the caller's scope, latest first (at most 200)."""

    items: list[IncidentOut]


class SubstanceOut(Out):
    """A substance involved."""

    chemical_id: int | None = Field(validation_alias=AliasPath("row", "chemical_id"))
    chemical: str | None = None
    waste_code: str = Field(validation_alias=AliasPath("row", "waste_code"))
    quantity_kg: int | None = Field(validation_alias=AliasPath("row", "quantity_kg"))
    container_ids: list[str] = Field(validation_alias=AliasPath("row", "container_ids"))
    manifest: str = Field(validation_alias="manifest_number")


class NotificationOut(Out):
    """A notification due under the plan or made."""

    id: int
    rule_id: int | None
    notifier: str
    department_id: int | None
    department: str = ""
    contact_name: str
    grade: str
    due_by: datetime | None
    told_at: datetime | None
    means: str
    overdue: bool = False


class StepOut(Out):
    """A response step."""

    id: int
    taken_at: datetime
    description: str
    by_whom: str


class ReadingOut(Out):
    """A monitoring reading."""

    id: int
    pollutant: str
    concentration: str
    unit: str
    place: str
    taken_at: datetime


class CorrectiveOut(Out):
    """A corrective action."""

    id: int
    text: str
    owner: str
    due_on: date
    done_on: date | None


class IncidentDetail(IncidentOut):
    """An incident's whole record and the actions open to the caller."""

    assessment: str
    cause: str
    responsibility: str
    substances: list[SubstanceOut]
    notifications: list[NotificationOut]
    steps: list[StepOut]
    readings: list[ReadingOut]
    corrective_actions: list[CorrectiveOut]
    actions: list[str]


class HoldingOut(Out):
    """A chemical held at the facility."""

    chemical_id: int
    name: str
    quantity_kg: int
    critical_quantity_kg: int | None
    ratio: str


class SheetOut(BaseModel):
    """A chemical's information-centre sheet."""

    chemical_id: int
    name: str
    cas_numbers: list[str]
    highly_toxic: bool
    explosive_precursor: bool
    protection: str
    emergency: str
    source: str
    involved: bool


class ResourceOut(BaseModel):
    """An emergency resource, nearest first."""

    id: int
    kind: str
    name: str
    location: str
    quantity: int
    unit: str
    contact_name: str
    contact_phone: str
    distance_km: float | None
    same_facility: bool


class DepartmentOut(BaseModel):
    """A department answering for the chemicals involved, and why."""

    id: int
    kind: str
    name: str
    licence_types: list[str]
    chemicals: list[str]


class DueOut(BaseModel):
    """A notification the plans in force ask for at the grade."""

    rule_id: int
    plan_title: str
    notifier: str
    department_id: int | None
    department: str
    contact_name: str
    unit: str
    within_minutes: int


class ProposalOut(BaseModel):
    """What the record proposes for an incident."""

    incident_id: int
    holdings: list[HoldingOut]
    sheets: list[SheetOut]
    ratio: str = Field(description="the facility's GB 18218 Σq/Q")
    major_hazard: bool
    manifests: list[str]
    containers: list[str]
    resources: list[ResourceOut]
    departments: list[DepartmentOut]
    grade: str | None
    notifications: list[DueOut]


AfterActionIn.model_rebuild()
