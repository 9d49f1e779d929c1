"""Pure rules behind alerts: which department an alert is for, when a running total
crosses the capacity-use threshold, when a transport leg is too long, and which area of records a
licence belongs to (so deadline and alert lists follow the department→area matrix)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AlertKind, DepartmentKind

CAPACITY_ALERT_SHARE = Decimal("0.8")
DEFAULT_LONG_LEG_HOURS = 48

# Waste alerts go to ecology and environment, transport legs to transport, major hazards to
# emergency management (the department that oversees the records the alert is about).
ALERT_DEPARTMENT: dict[AlertKind, DepartmentKind] = {
    AlertKind.WEIGHT_DISCREPANCY: DepartmentKind.ECOLOGY_ENVIRONMENT,
    AlertKind.OVERDUE_CONFIRMATION: DepartmentKind.ECOLOGY_ENVIRONMENT,
    AlertKind.STORAGE_AGE: DepartmentKind.ECOLOGY_ENVIRONMENT,
    AlertKind.CAPACITY_USE: DepartmentKind.ECOLOGY_ENVIRONMENT,
    AlertKind.LICENCE_EXPIRY: DepartmentKind.ECOLOGY_ENVIRONMENT,
    AlertKind.COMPLIANCE_REFUSAL: DepartmentKind.ECOLOGY_ENVIRONMENT,
    AlertKind.LONG_TRANSPORT_LEG: DepartmentKind.TRANSPORT,
    AlertKind.MAJOR_HAZARD: DepartmentKind.EMERGENCY_MANAGEMENT,
    AlertKind.INCIDENT: DepartmentKind.ECOLOGY_ENVIRONMENT,
    # Emergency preparedness: emergency management by default; an environmental-emergency plan's
    # items go to ecology and environment (domain.emergency.area_department decides per record).
    AlertKind.EMERGENCY_PLAN_REVIEW: DepartmentKind.EMERGENCY_MANAGEMENT,
    AlertKind.EMERGENCY_DRILL: DepartmentKind.EMERGENCY_MANAGEMENT,
    AlertKind.RESOURCE_INSPECTION: DepartmentKind.EMERGENCY_MANAGEMENT,
    AlertKind.RESOURCE_EXPIRED: DepartmentKind.EMERGENCY_MANAGEMENT,
    AlertKind.RESOURCE_BELOW_MINIMUM: DepartmentKind.EMERGENCY_MANAGEMENT,
    # Raised to the department that should have been told; the emergency office when that is not one.
    AlertKind.INCIDENT_NOTIFICATION_OVERDUE: DepartmentKind.EMERGENCY_MANAGEMENT,
}

# A spill, fire, accident or loss of waste concerns the environment, the emergency response and the
# road at once: each of these departments gets its own alert.
INCIDENT_DEPARTMENTS: tuple[DepartmentKind, ...] = (
    DepartmentKind.ECOLOGY_ENVIRONMENT,
    DepartmentKind.EMERGENCY_MANAGEMENT,
    DepartmentKind.TRANSPORT,
)

# The department that issues a licence type oversees it; types issued by departments without an
# area of their own (market regulation) are seen by the park committee and administrators only.
ISSUER_AREA: dict[str, Area] = {
    DepartmentKind.ECOLOGY_ENVIRONMENT: Area.WASTE_LICENCES,
    DepartmentKind.EMERGENCY_MANAGEMENT: Area.CHEMICAL_LICENCES,
    DepartmentKind.PUBLIC_SECURITY: Area.CONTROLLED_PERMITS,
    DepartmentKind.TRANSPORT: Area.CARRIERS,
}

# A licence's department for alerts, by the area it belongs to.
AREA_DEPARTMENT: dict[Area, DepartmentKind] = {
    Area.WASTE_LICENCES: DepartmentKind.ECOLOGY_ENVIRONMENT,
    Area.CHEMICAL_LICENCES: DepartmentKind.EMERGENCY_MANAGEMENT,
    Area.CONTROLLED_PERMITS: DepartmentKind.PUBLIC_SECURITY,
    Area.CARRIERS: DepartmentKind.TRANSPORT,
}


def licence_area(issuer_kind: str | None) -> Area | None:
    """The area of records a licence of a type issued by this department kind belongs to."""
    return ISSUER_AREA.get(issuer_kind or "")


def licence_department(issuer_kind: str | None) -> DepartmentKind:
    """The department an alert about a licence of this issuer kind is for (park committee if none)."""
    area = licence_area(issuer_kind)
    return AREA_DEPARTMENT[area] if area else DepartmentKind.PARK_COMMITTEE


def crosses_share(before: int, after: int, capacity: int, share: Decimal = CAPACITY_ALERT_SHARE) -> bool:
    """Tell whether a running total moves from below `share` of the capacity to at or above it."""
    if capacity <= 0:
        return False
    threshold = share * capacity
    return Decimal(before) < threshold <= Decimal(after)


def share_percent(used: int, capacity: int) -> str:
    """Use of a capacity in per cent, one decimal, for messages."""
    if capacity <= 0:
        return "0.0"
    return str((Decimal(used) * 100 / capacity).quantize(Decimal("0.1")))


def leg_too_long(picked_up_at: datetime, end: datetime, hours: int) -> bool:
    """Tell whether a leg from pick-up to `end` (delivery, or now if still running) exceeds `hours`."""
    return end - picked_up_at > timedelta(hours=hours)


def leg_hours(picked_up_at: datetime, end: datetime) -> str:
    """A leg's duration in hours, one decimal, for messages."""
    seconds = Decimal((end - picked_up_at).total_seconds())
    return str((seconds / 3600).quantize(Decimal("0.1")))
