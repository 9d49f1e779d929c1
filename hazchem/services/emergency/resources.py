"""Emergency resources of the park and its enterprises: teams, equipment, supplies and stores, accident
pools with their capacity, monitoring and experts, with where they are, how many, and when they are
next inspected or expire; and the nearest ones to a place, for the response to an incident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain import emergency as rules
from hazchem.domain.emergency import ResourceKind
from hazchem.domain.errors import Conflict, InvalidInput, NotFound
from hazchem.domain.vocab import AlertKind, AlertSeverity
from hazchem.models import EmergencyPlan, EmergencyResource, Enterprise, Facility
from hazchem.services.emergency import messages as msg
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import (
    Actor,
    emergency_scope,
    may_write_emergency,
    park_today,
    require_emergency_writer,
)
from hazchem.services.platform.alerts import raise_alert
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.fields import enum_value, flush_or_conflict, non_negative, require_text
from hazchem.services.registry.parks import resolve_park

RESOURCE_FIELDS = (
    "kind",
    "name",
    "facility_id",
    "location",
    "latitude",
    "longitude",
    "quantity",
    "unit",
    "capacity_m3",
    "minimum_quantity",
    "plan_id",
    "next_inspection_due",
    "expires_on",
    "contact_name",
    "contact_phone",
    "note",
)
# Fields `update_resource` changes when given (None leaves a field as it is; `clear` empties one).
CLEARABLE = frozenset(
    {"facility_id", "latitude", "longitude", "capacity_m3", "minimum_quantity", "plan_id", "expires_on"}
)


def _plan_kind(session: Session, resource: EmergencyResource) -> str | None:
    if resource.plan_id is None:
        return None
    plan = session.get(EmergencyPlan, resource.plan_id)
    return plan.kind if plan else None


def resource_area(session: Session, resource: EmergencyResource) -> Any:
    """The area of records (and so the department) a resource belongs to."""
    return rules.resource_area(resource.kind, _plan_kind(session, resource))


def _visible(session: Session, actor: Actor | None, resource: EmergencyResource) -> bool:
    if actor is None:
        return True
    return emergency_scope(actor).sees(
        park_id=resource.park_id,
        enterprise_id=resource.owner_enterprise_id,
        area=resource_area(session, resource),
    )


def list_resources(
    *,
    session: Session,
    actor: Actor,
    kind: str | None = None,
    facility_id: int | None = None,
    enterprise_id: int | None = None,
    park_only: bool = False,
) -> list[EmergencyResource]:
    """The resources the actor reads, the park's first, then by kind and name."""
    scope = emergency_scope(actor)
    query = select(EmergencyResource)
    if scope.park_id is not None:
        query = query.where(EmergencyResource.park_id == scope.park_id)
    if kind:
        query = query.where(EmergencyResource.kind == enum_value(ResourceKind, kind, "kind"))
    if facility_id is not None:
        query = query.where(EmergencyResource.facility_id == facility_id)
    if park_only:
        query = query.where(col(EmergencyResource.owner_enterprise_id).is_(None))
    elif enterprise_id is not None:
        query = query.where(EmergencyResource.owner_enterprise_id == enterprise_id)
    query = query.order_by(
        col(EmergencyResource.owner_enterprise_id).is_not(None),
        col(EmergencyResource.owner_enterprise_id),
        col(EmergencyResource.kind),
        col(EmergencyResource.name),
    )
    return [r for r in session.exec(query) if _visible(session, actor, r)]


def get_resource(*, session: Session, actor: Actor | None, resource_id: int) -> EmergencyResource:
    """One resource the actor reads, else NotFound."""
    resource = session.get(EmergencyResource, resource_id)
    if resource is None or not _visible(session, actor, resource):
        raise NotFound(msg.RESOURCE_NOT_FOUND, resource_id=resource_id)
    return resource


def may_edit(actor: Actor, resource: EmergencyResource) -> bool:
    """Whether the actor keeps this resource (the pages show their forms only then)."""
    return may_write_emergency(actor, park_id=resource.park_id, enterprise_id=resource.owner_enterprise_id)


@dataclass(frozen=True)
class ResourceState:
    """What is wrong with a resource today: inspection overdue, expired, stock below the plan's minimum."""

    inspection_overdue_days: int | None
    expired_days: int | None
    below_minimum: bool

    @property
    def ok(self) -> bool:
        """Nothing to act on."""
        return self.inspection_overdue_days is None and self.expired_days is None and not self.below_minimum


def resource_state(resource: EmergencyResource, today: date) -> ResourceState:
    """The resource's standing on `today`."""
    expired = rules.days_overdue(resource.expires_on, today)
    return ResourceState(
        inspection_overdue_days=rules.days_overdue(resource.next_inspection_due, today),
        expired_days=expired,
        below_minimum=rules.below_minimum(resource.quantity, resource.minimum_quantity),
    )


# --- Checks ----------------------------------------------------------------------------------------


def _check_place(session: Session, resource: EmergencyResource) -> None:
    if not rules.valid_coordinates(resource.latitude, resource.longitude):
        raise InvalidInput(msg.COORDINATES, details=[{"field": "latitude"}, {"field": "longitude"}])
    if resource.facility_id is not None:
        facility = session.get(Facility, resource.facility_id)
        owner = session.get(Enterprise, facility.enterprise_id) if facility else None
        mine = resource.owner_enterprise_id is None or (
            facility is not None and facility.enterprise_id == resource.owner_enterprise_id
        )
        if facility is None or owner is None or owner.park_id != resource.park_id or not mine:
            raise InvalidInput(
                msg.FACILITY_ELSEWHERE, facility_id=resource.facility_id, details=[{"field": "facility_id"}]
            )


def _check_plan(session: Session, resource: EmergencyResource) -> None:
    if resource.plan_id is None:
        return
    plan = session.get(EmergencyPlan, resource.plan_id)
    if (
        plan is None
        or plan.park_id != resource.park_id
        or plan.enterprise_id not in (None, resource.owner_enterprise_id)
    ):
        raise InvalidInput(msg.PLAN_ELSEWHERE, plan_id=resource.plan_id, details=[{"field": "plan_id"}])


def _check_figures(resource: EmergencyResource) -> None:
    non_negative(resource.quantity, "quantity")
    non_negative(resource.capacity_m3, "capacity_m3")
    non_negative(resource.minimum_quantity, "minimum_quantity")
    if resource.kind == ResourceKind.ACCIDENT_POOL and not resource.capacity_m3:
        raise InvalidInput(msg.CAPACITY_FOR_POOLS, details=[{"field": "capacity_m3"}])


def _snapshot(resource: EmergencyResource) -> dict[str, Any]:
    return {name: getattr(resource, name) for name in RESOURCE_FIELDS}


def stock_key(resource: EmergencyResource) -> str:
    """The alert key of a resource's low stock: raised again only after the stock or minimum changed."""
    changed = resource.updated_at.date().isoformat() if resource.updated_at else ""
    return f"resource_stock:{resource.id}:{resource.quantity}:{resource.minimum_quantity}:{changed}"


def _stock_alert(session: Session, resource: EmergencyResource) -> None:
    """Stock below the plan's minimum is reported at once, to the department or the enterprise."""
    if not rules.below_minimum(resource.quantity, resource.minimum_quantity):
        return
    area = resource_area(session, resource)
    raise_alert(
        session,
        key=stock_key(resource),
        kind=AlertKind.RESOURCE_BELOW_MINIMUM,
        severity=AlertSeverity.BREACH,
        department_kind=rules.area_department(area),
        entity="emergencyresource",
        entity_id=resource.id,
        enterprise_id=resource.owner_enterprise_id,
        park_id=resource.park_id,
        said=msg.ALERT_BELOW_MINIMUM(
            resource=resource.name,
            quantity=resource.quantity,
            unit=resource.unit,
            minimum=resource.minimum_quantity,
        ),
        details={
            "resource_id": resource.id,
            "quantity": resource.quantity,
            "minimum": resource.minimum_quantity,
        },
    )


# --- Writing ---------------------------------------------------------------------------------------


@use_case("emergency_resource.create")
def create_resource(
    *,
    session: Session,
    actor: Actor | None,
    kind: str,
    name: str,
    owner_enterprise_id: int | None = None,
    park_id: int | None = None,
    facility_id: int | None = None,
    location: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    quantity: int = 0,
    unit: str = "",
    capacity_m3: int | None = None,
    minimum_quantity: int | None = None,
    plan_id: int | None = None,
    next_inspection_due: date | None = None,
    expires_on: date | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    note: str = "",
) -> EmergencyResource:
    """Register a resource of the park (no owner) or of an enterprise."""
    if owner_enterprise_id is not None:
        owner = session.get(Enterprise, owner_enterprise_id)
        if owner is None:
            raise InvalidInput(
                msg.ENTERPRISE_MISSING,
                enterprise_id=owner_enterprise_id,
                details=[{"field": "owner_enterprise_id"}],
            )
        park_id = owner.park_id
    else:
        park_id = resolve_park(session, actor, park_id).id
    if actor is not None:
        require_emergency_writer(actor, park_id=park_id, enterprise_id=owner_enterprise_id)
    now = clock.now()
    resource = EmergencyResource(
        park_id=park_id,
        owner_enterprise_id=owner_enterprise_id,
        kind=enum_value(ResourceKind, kind, "kind"),
        name=require_text(name, "name", 200),
        facility_id=facility_id,
        location=(location or "").strip()[:300],
        latitude=latitude,
        longitude=longitude,
        quantity=quantity,
        unit=(unit or "").strip()[:20],
        capacity_m3=capacity_m3,
        minimum_quantity=minimum_quantity,
        plan_id=plan_id,
        next_inspection_due=next_inspection_due,
        expires_on=expires_on,
        contact_name=(contact_name or "").strip()[:60],
        contact_phone=(contact_phone or "").strip()[:40],
        note=(note or "").strip(),
        created_at=now,
        updated_at=now,
    )
    _check_figures(resource)
    _check_place(session, resource)
    _check_plan(session, resource)
    duplicate = session.exec(
        select(EmergencyResource.id).where(
            EmergencyResource.park_id == park_id,
            EmergencyResource.kind == resource.kind,
            EmergencyResource.name == resource.name,
            col(EmergencyResource.owner_enterprise_id).is_(None)
            if owner_enterprise_id is None
            else EmergencyResource.owner_enterprise_id == owner_enterprise_id,
        )
    ).first()
    if duplicate is not None:
        raise Conflict(msg.RESOURCE_EXISTS, name=resource.name, details=[{"resource_id": duplicate}])
    session.add(resource)
    flush_or_conflict(session, msg.RESOURCE_EXISTS(name=resource.name))
    audit.record(
        session,
        actor=actor,
        action="emergency_resource.create",
        entity="emergencyresource",
        entity_id=resource.id,
        after={"park_id": park_id, "owner_enterprise_id": owner_enterprise_id, **_snapshot(resource)},
    )
    _stock_alert(session, resource)
    return resource


@use_case("emergency_resource.update")
def update_resource(
    *,
    session: Session,
    actor: Actor | None,
    resource_id: int,
    changes: dict[str, Any],
    clear: frozenset[str] = frozenset(),
) -> EmergencyResource:
    """Change a resource's fields (`changes`, None values ignored); `clear` empties optional fields."""
    resource = get_resource(session=session, actor=actor, resource_id=resource_id)
    if actor is not None:
        require_emergency_writer(actor, park_id=resource.park_id, enterprise_id=resource.owner_enterprise_id)
    before = _snapshot(resource)
    for field in clear & CLEARABLE:
        setattr(resource, field, None)
    for field, value in changes.items():
        if field not in RESOURCE_FIELDS or value is None:
            continue
        if field == "kind":
            value = enum_value(ResourceKind, value, "kind")
        elif field == "name":
            value = require_text(value, "name", 200)
        elif isinstance(value, str):
            value = value.strip()
        setattr(resource, field, value)
    _check_figures(resource)
    _check_place(session, resource)
    _check_plan(session, resource)
    resource.updated_at = clock.now()
    session.add(resource)
    flush_or_conflict(session, msg.RESOURCE_EXISTS(name=resource.name))
    after = _snapshot(resource)
    audit.record(
        session,
        actor=actor,
        action="emergency_resource.update",
        entity="emergencyresource",
        entity_id=resource.id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    _stock_alert(session, resource)
    return resource


@use_case("emergency_resource.inspect")
def record_inspection(
    *,
    session: Session,
    actor: Actor | None,
    resource_id: int,
    inspected_on: date,
    next_inspection_due: date,
    quantity: int | None = None,
    expires_on: date | None = None,
    note: str = "",
) -> EmergencyResource:
    """Record an inspection on a day (not later than today): the stock counted, the next due date."""
    resource = get_resource(session=session, actor=actor, resource_id=resource_id)
    if actor is not None:
        require_emergency_writer(actor, park_id=resource.park_id, enterprise_id=resource.owner_enterprise_id)
    today = park_today(actor)
    if inspected_on > today:
        raise InvalidInput(
            msg.DATE_IN_FUTURE,
            what=msg.INSPECTION_DATE,
            today=today.isoformat(),
            details=[{"field": "inspected_on"}],
        )
    if next_inspection_due <= inspected_on:
        raise InvalidInput(
            msg.NEXT_BEFORE_LAST,
            next=next_inspection_due.isoformat(),
            last=inspected_on.isoformat(),
            details=[{"field": "next_inspection_due"}],
        )
    before = {
        "last_inspected_on": resource.last_inspected_on,
        "next_inspection_due": resource.next_inspection_due,
        "quantity": resource.quantity,
        "expires_on": resource.expires_on,
    }
    resource.last_inspected_on = inspected_on
    resource.next_inspection_due = next_inspection_due
    if quantity is not None:
        resource.quantity = quantity
    if expires_on is not None:
        resource.expires_on = expires_on
    _check_figures(resource)
    resource.updated_at = clock.now()
    session.add(resource)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="emergency_resource.inspect",
        entity="emergencyresource",
        entity_id=resource.id,
        before=before,
        after={
            "last_inspected_on": inspected_on,
            "next_inspection_due": next_inspection_due,
            "quantity": resource.quantity,
            "expires_on": resource.expires_on,
            "note": (note or "").strip(),
        },
    )
    _stock_alert(session, resource)
    return resource


# --- The nearest resources -------------------------------------------------------------------------


@dataclass(frozen=True)
class NearbyResource:
    """A resource and how far it is from the place asked about (None when either has no coordinates)."""

    resource: EmergencyResource
    distance_km: float | None
    same_facility: bool


def nearest_resources(
    *,
    session: Session,
    park_id: int,
    facility_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    limit: int = 10,
    kind: str | None = None,
    actor: Actor | None = None,
) -> list[NearbyResource]:
    """The park's resources nearest a facility or a point: those at the facility first, then by
    distance where coordinates are known (a facility's position is its resources'), then the rest.

    Usable resources only: one expired is left out. `actor`, when given, limits them to its scope."""
    if facility_id is None and (latitude is None or longitude is None):
        raise InvalidInput(msg.NEAREST_NEEDS_PLACE, details=[{"field": "facility_id"}])
    if not rules.valid_coordinates(latitude, longitude):
        raise InvalidInput(msg.COORDINATES, details=[{"field": "latitude"}, {"field": "longitude"}])
    query = select(EmergencyResource).where(EmergencyResource.park_id == park_id)
    if kind:
        query = query.where(EmergencyResource.kind == enum_value(ResourceKind, kind, "kind"))
    candidates = [r for r in session.exec(query) if actor is None or _visible(session, actor, r)]
    today = clock.today()
    candidates = [r for r in candidates if rules.days_overdue(r.expires_on, today) is None]
    if latitude is None and facility_id is not None:
        here = [
            (r.latitude, r.longitude)
            for r in candidates
            if r.facility_id == facility_id and r.latitude is not None and r.longitude is not None
        ]
        if here:
            latitude = sum(p[0] for p in here) / len(here)
            longitude = sum(p[1] for p in here) / len(here)
    found = []
    for r in candidates:
        distance = None
        if (
            latitude is not None
            and longitude is not None
            and r.latitude is not None
            and r.longitude is not None
        ):
            distance = rules.distance_km(latitude, longitude, r.latitude, r.longitude)
        found.append(NearbyResource(r, distance, facility_id is not None and r.facility_id == facility_id))
    found.sort(
        key=lambda n: (
            not n.same_facility,
            n.distance_km is None,
            n.distance_km if n.distance_km is not None else 0.0,
            n.resource.id or 0,
        )
    )
    return found[: max(1, min(limit, 100))]
