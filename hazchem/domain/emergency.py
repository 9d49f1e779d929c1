"""Pure rules of emergency preparedness: plan kinds, grades and the plan lifecycle, the plan's
organisation units, resource kinds, which department each belongs to, the attached file's checks,
due-date states and distances between resources."""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum

from hazchem.domain.oversight import Area
from hazchem.domain.vocab import DepartmentKind


class PlanKind(StrEnum):
    """The two plans the park and each enterprise keep."""

    ENVIRONMENTAL_EMERGENCY = "environmental_emergency"  # 突发环境事件应急预案
    CHEMICAL_ACCIDENT = "chemical_accident"  # 危险化学品事故应急预案


class PlanStatus(StrEnum):
    """Where one version of a plan stands: drafted, in force, or replaced by a later version."""

    DRAFT = "draft"
    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"


# A draft is put in force; the version in force is superseded when a later one is put in force.
PLAN_TRANSITIONS: dict[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.IN_FORCE}),
    PlanStatus.IN_FORCE: frozenset({PlanStatus.SUPERSEDED}),
    PlanStatus.SUPERSEDED: frozenset(),
}


def plan_may_become(current: str, target: PlanStatus) -> bool:
    """Tell whether a plan version in `current` may move to `target`."""
    try:
        return target in PLAN_TRANSITIONS[PlanStatus(current)]
    except ValueError:
        return False


def plan_is_draft(status: str) -> bool:
    """A draft version is the one being revised: its text and file may still change."""
    return status == PlanStatus.DRAFT


def plan_in_force(status: str) -> bool:
    """The version in force is the one the park acts on."""
    return status == PlanStatus.IN_FORCE


def plan_is_current(status: str) -> bool:
    """Draft or in force: its organisation and notification tree may still be kept up to date."""
    return status in (PlanStatus.DRAFT, PlanStatus.IN_FORCE)


class Grade(StrEnum):
    """Event grades (事件分级), most severe first."""

    I = "I"  # noqa: E741 - the grade's own name
    II = "II"
    III = "III"
    IV = "IV"


GRADE_NAMES_ZH: dict[Grade, str] = {
    Grade.I: "特别重大",
    Grade.II: "重大",
    Grade.III: "较大",
    Grade.IV: "一般",
}


class ContactUnit(StrEnum):
    """The units of a plan's organisation (应急组织机构)."""

    HEADQUARTERS = "headquarters"  # 应急指挥部
    OFFICE = "office"  # 应急办公室
    DEPARTMENT_TEAM = "department_team"
    ENTERPRISE_TEAM = "enterprise_team"
    EXPERT_GROUP = "expert_group"


class ResourceKind(StrEnum):
    """Kinds of emergency resource."""

    TEAM = "team"
    EQUIPMENT = "equipment"
    SUPPLIES = "supplies"
    STORE = "store"  # 应急物资库
    ACCIDENT_POOL = "accident_pool"  # 事故应急池
    MONITORING = "monitoring"
    EXPERT = "expert"


# Plans and resources belong to the department that supervises that kind of emergency: the
# chemical-accident side to emergency management, the environmental side to ecology and environment.
PLAN_AREA: dict[PlanKind, Area] = {
    PlanKind.CHEMICAL_ACCIDENT: Area.EMERGENCY_CHEMICAL,
    PlanKind.ENVIRONMENTAL_EMERGENCY: Area.EMERGENCY_ENVIRONMENT,
}
AREA_DEPARTMENT: dict[Area, DepartmentKind] = {
    Area.EMERGENCY_CHEMICAL: DepartmentKind.EMERGENCY_MANAGEMENT,
    Area.EMERGENCY_ENVIRONMENT: DepartmentKind.ECOLOGY_ENVIRONMENT,
}
# Resources not tied to a plan: accident pools and monitoring hold and measure what escapes into the
# environment; teams, equipment, supplies, stores and experts answer the accident itself.
ENVIRONMENTAL_RESOURCES = frozenset({ResourceKind.ACCIDENT_POOL, ResourceKind.MONITORING})


def plan_area(kind: str) -> Area:
    """The area of records a plan of this kind belongs to."""
    return PLAN_AREA[PlanKind(kind)]


def resource_area(kind: str, plan_kind: str | None = None) -> Area:
    """The area of a resource: its plan's, else by what the resource is for."""
    if plan_kind:
        return plan_area(plan_kind)
    if kind in ENVIRONMENTAL_RESOURCES:
        return Area.EMERGENCY_ENVIRONMENT
    return Area.EMERGENCY_CHEMICAL


def area_department(area: Area) -> DepartmentKind:
    """The department alerts of an emergency area go to."""
    return AREA_DEPARTMENT[area]


# --- The attached plan file ------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
# Below the request-body limit (HAZCHEM_MAX_CONTENT_LENGTH, 4 MiB by default) with room for a form.
MAX_PLAN_FILE_BYTES = 3 * 1024 * 1024


def looks_like_pdf(content: bytes) -> bool:
    """A PDF starts with its header (%PDF-) and carries an end-of-file marker near its end."""
    return content.startswith(PDF_MAGIC) and b"%%EOF" in content[-2048:]


# --- Due dates and stock ---------------------------------------------------------------------------


def days_overdue(due: date | None, today: date) -> int | None:
    """Days past a due date (0 on the day itself is not overdue), None when nothing is due."""
    if due is None or due >= today:
        return None
    return (today - due).days


def below_minimum(quantity: int, minimum: int | None) -> bool:
    """Stock below the minimum the plan requires (no minimum set: never below)."""
    return minimum is not None and quantity < minimum


# --- Distances -------------------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two WGS 84 points, in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def valid_coordinates(latitude: float | None, longitude: float | None) -> bool:
    """Both given and on the globe, or both absent."""
    if latitude is None and longitude is None:
        return True
    if latitude is None or longitude is None:
        return False
    return -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0
