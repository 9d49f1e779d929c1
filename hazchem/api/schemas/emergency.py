"""API models of emergency plans (versions, organisation, notification tree, file) and resources."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from hazchem.api.schemas.base import AS_LIST, Body, Out, Page, PageQuery, Query
from hazchem.domain.emergency import ContactUnit, Grade, PlanKind, ResourceKind
from hazchem.domain.limits import MAX_INT

# --- Plans -----------------------------------------------------------------------------------------


class GradeDefinition(Body):
    """A grade the plan defines (I 特别重大, II 重大, III 较大, IV 一般) with its criteria."""

    grade: Grade
    criteria: str = Field(min_length=1, max_length=2000)


class GradeOut(Out):
    """A grade with its criteria."""

    grade: str
    criteria: str


class PlanQuery(PageQuery):
    """Filter plans: the park's own, one enterprise's, a kind; current versions unless all are asked for."""

    enterprise_id: int | None = None
    park_only: bool = False
    kind: PlanKind | None = None
    all_versions: bool = False


class PlanOut(Out):
    """One version of an emergency plan; no enterprise means the park's own plan."""

    id: int
    park_id: int
    enterprise_id: int | None
    kind: str
    title: str
    version: int
    status: str = Field(description="draft, in_force or superseded")
    scope: str
    grades: Annotated[list[GradeOut], AS_LIST]
    effective_from: date | None
    next_review_due: date | None
    next_drill_due: date | None
    last_drill_on: date | None
    last_review_on: date | None
    file_sha256: str = Field(description="SHA-256 of the attached PDF, empty without one")
    file_name: str
    file_size: int | None
    created_at: datetime


class PlanList(Page):
    """Plans, the park's first."""

    items: list[PlanOut]


class ContactIn(Body):
    """A named person in a unit of the plan's organisation."""

    unit: ContactUnit
    name: str = Field(min_length=1, max_length=60)
    role: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=40)
    department_id: int | None = None
    enterprise_id: int | None = None


class ContactOut(Out):
    """A named person of the plan's organisation."""

    id: int
    plan_id: int
    unit: str
    name: str
    role: str
    phone: str
    department_id: int | None
    enterprise_id: int | None


class ContactList(Page):
    """A plan's organisation, by unit."""

    items: list[ContactOut]


class RuleIn(Body):
    """An edge of the notification tree: at a grade, who tells whom within how many minutes."""

    grade: Grade
    notifier: str = Field(min_length=1, max_length=120, description="the unit or role that tells")
    within_minutes: int = Field(ge=0, le=7 * 24 * 60)
    notified_department_id: int | None = None
    notified_contact_id: int | None = None
    notified_unit: ContactUnit | None = None


class RuleOut(Out):
    """An edge of a plan's notification tree."""

    id: int
    plan_id: int
    grade: str
    notifier: str
    notified_department_id: int | None
    notified_contact_id: int | None
    notified_unit: str
    within_minutes: int


class RuleList(Page):
    """A plan's notification tree, most severe grade first, then soonest first."""

    items: list[RuleOut]


class RuleQuery(Query):
    """Only the rules of one grade."""

    grade: Grade | None = None


class PlanDetail(PlanOut):
    """A plan version with its organisation, its notification tree and the ids of every version."""

    contacts: list[ContactOut]
    rules: list[RuleOut]
    versions: list[int] = Field(description="ids of every version of this plan, newest first")
    editable: bool = Field(description="whether the caller keeps this plan")


class PlanCreate(Body):
    """A new plan of the park (no enterprise_id) or of an enterprise, as draft version 1."""

    kind: PlanKind
    title: str = Field(min_length=1, max_length=200)
    enterprise_id: int | None = None
    scope: str = Field(default="", max_length=20000)
    grades: list[GradeDefinition] = Field(default_factory=list, max_length=4)
    next_review_due: date | None = None
    next_drill_due: date | None = None
    last_drill_on: date | None = None


class PlanRevise(Body):
    """The next version of a plan, from its latest version; fields given replace the carried-over ones."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    scope: str | None = Field(default=None, max_length=20000)
    grades: list[GradeDefinition] | None = Field(default=None, max_length=4)


class PlanUpdate(PlanRevise):
    """Changes to a draft version."""

    next_review_due: date | None = None
    next_drill_due: date | None = None


class PutInForce(Body):
    """When the version takes effect (today if not given)."""

    effective_from: date | None = None


class FileIn(Body):
    """The plan's PDF, base64-encoded (at most 3 MiB of PDF)."""

    file_name: str = Field(min_length=1, max_length=200)
    content_base64: str = Field(min_length=1, max_length=4 * 1024 * 1024)


class DrillIn(Body):
    """A drill held, and when the next one is due."""

    held_on: date
    next_drill_due: date


class ReviewIn(Body):
    """A periodic review made, and when the next one is due."""

    reviewed_on: date
    next_review_due: date


# --- Resources -------------------------------------------------------------------------------------


class ResourceQuery(PageQuery):
    """Filter resources by kind, facility, owner (the park's own with park_only)."""

    kind: ResourceKind | None = None
    facility_id: int | None = None
    enterprise_id: int | None = None
    park_only: bool = False


class ResourceOut(Out):
    """An emergency resource; no owner means the park's own."""

    id: int
    park_id: int
    owner_enterprise_id: int | None
    kind: str
    name: str
    facility_id: int | None
    location: str
    latitude: float | None
    longitude: float | None
    quantity: int
    unit: str
    capacity_m3: int | None = Field(description="accident pools: capacity in m³")
    minimum_quantity: int | None = Field(description="the plan's minimum stock")
    plan_id: int | None
    next_inspection_due: date | None
    last_inspected_on: date | None
    expires_on: date | None
    contact_name: str
    contact_phone: str
    note: str


class ResourceDetail(ResourceOut):
    """A resource with what is wrong with it today."""

    inspection_overdue_days: int | None
    expired_days: int | None
    below_minimum: bool
    editable: bool


class ResourceList(Page):
    """Resources, the park's first, then by kind and name."""

    items: list[ResourceOut]


class ResourceFields(Body):
    """Fields of a resource a request may set."""

    facility_id: int | None = None
    location: str | None = Field(default=None, max_length=300)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    quantity: int | None = Field(default=None, ge=0, le=MAX_INT)
    unit: str | None = Field(default=None, max_length=20)
    capacity_m3: int | None = Field(default=None, ge=0, le=MAX_INT)
    minimum_quantity: int | None = Field(default=None, ge=0, le=MAX_INT)
    plan_id: int | None = None
    next_inspection_due: date | None = None
    expires_on: date | None = None
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=2000)


class ResourceCreate(ResourceFields):
    """A new resource of the park (no owner_enterprise_id) or of an enterprise."""

    kind: ResourceKind
    name: str = Field(min_length=1, max_length=200)
    owner_enterprise_id: int | None = None


class ResourceUpdate(ResourceFields):
    """Changes to a resource; fields left out stay, `clear` empties optional ones."""

    kind: ResourceKind | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    clear: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="optional fields to empty: facility_id, latitude, longitude, capacity_m3, "
        "minimum_quantity, plan_id, expires_on",
    )


class InspectionIn(Body):
    """An inspection made: when, when the next is due, the stock counted and a new expiry if any."""

    inspected_on: date
    next_inspection_due: date
    quantity: int | None = Field(default=None, ge=0, le=MAX_INT)
    expires_on: date | None = None
    note: str = Field(default="", max_length=2000)


class NearestQuery(Query):
    """Where to look from: a facility, or a point (WGS 84)."""

    facility_id: int | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    kind: ResourceKind | None = None
    limit: int = Field(default=10, ge=1, le=100)


class NearbyOut(Out):
    """A resource and its distance from the place asked about."""

    resource: ResourceOut
    distance_km: float | None
    same_facility: bool


class NearbyList(Page):
    """Resources nearest first: those at the facility, then by distance, then without coordinates."""

    items: list[NearbyOut]
