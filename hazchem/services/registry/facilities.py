"""Facilities: storage, receiving and treatment installations with their capacities."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, or_, select

from hazchem.domain.errors import Forbidden, InvalidInput, Message, NotFound
from hazchem.domain.oversight import FACILITY_AREAS, WASTE_FACILITY_KINDS, Area, facility_area
from hazchem.domain.vocab import (
    FacilityKind,
    Role,
)
from hazchem.models import (
    Chemical,
    Enterprise,
    Facility,
    FacilityChemical,
)
from hazchem.services.platform.access import (
    AREA_NAMES,
    Actor,
    can_oversee,
    can_read_enterprise,
    enterprise_scope,
    overseen_areas,
)
from hazchem.services.platform.messages import NOT_OVERSEEN
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.fields import (
    enum_value,
    flush_with_event,
    non_negative,
    page,
    require_text,
)

FACILITY_FIELDS = (
    "name",
    "kind",
    "location",
    "storage_capacity_kg",
    "annual_capacity_kg",
    "daily_capacity_kg",
    "intake_rate_kg_per_day",
)


def require_owner_or_admin(actor: Actor, enterprise_id: int, what: Message) -> None:
    """Refuse unless the actor administers the park or is the enterprise's own officer."""
    if actor.is_admin:
        return
    if actor.role == Role.EHS_OFFICER and actor.enterprise_id == enterprise_id:
        return
    raise Forbidden(msg.ONLY_OWNER_OR_ADMIN, what=what)


def list_facilities(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int | None = None,
    kind: str | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[Facility]:
    """Facilities the actor may see."""
    if actor.is_regulator and not any(can_oversee(actor, a) for a in FACILITY_AREAS):
        raise Forbidden(msg.FACILITIES_NOT_OVERSEEN)
    query = select(Facility).order_by(Facility.id).limit(page(limit))
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(Facility.enterprise_id).in_(scope or [-1]))
    overseen = facility_area_condition(actor)
    if overseen is not None:
        query = query.where(overseen)
    if enterprise_id is not None:
        query = query.where(Facility.enterprise_id == enterprise_id)
    if kind:
        query = query.where(Facility.kind == enum_value(FacilityKind, kind, "kind"))
    if after is not None:
        query = query.where(Facility.id > after)
    return list(session.exec(query))


def _controlled_facilities() -> Any:
    """Ids of facilities declared to hold a highly-toxic or explosive-precursor chemical."""
    return (
        select(FacilityChemical.facility_id)
        .join(Chemical, col(Chemical.id) == FacilityChemical.chemical_id)
        .where(or_(col(Chemical.highly_toxic).is_(True), col(Chemical.explosive_precursor).is_(True)))
    )


def facility_area_condition(actor: Actor) -> ColumnElement[bool] | None:
    """Facilities in the regulator's areas (waste stores and plants, chemical stock, controlled
    holdings); None when the actor is not limited by area."""
    areas = overseen_areas(actor)
    if areas is None or actor.sees_everything:
        return None
    waste_kinds = [k.value for k in WASTE_FACILITY_KINDS]
    conds: list[ColumnElement[bool]] = []
    if Area.WASTE_STORAGE in areas:
        conds.append(col(Facility.kind).in_(waste_kinds))
    if Area.CHEMICAL_STOCK in areas:
        conds.append(col(Facility.kind).not_in(waste_kinds))
    if Area.CONTROLLED_HOLDINGS in areas:
        conds.append(col(Facility.id).in_(_controlled_facilities()))
    return or_(*conds) if conds else false()


def get_facility(*, session: Session, actor: Actor, facility_id: int) -> Facility:
    """One facility, if the actor may see its owner and, for a regulator, the facility's area."""
    facility = session.get(Facility, facility_id)
    if facility is None or not can_read_enterprise(actor, facility.enterprise_id):
        raise NotFound(msg.FACILITY_NOT_FOUND, facility_id=facility_id)
    overseen = facility_area_condition(actor)
    if (
        overseen is not None
        and not session.exec(select(Facility.id).where(Facility.id == facility_id, overseen)).first()
    ):
        raise Forbidden(NOT_OVERSEEN, area=AREA_NAMES[facility_area(facility.kind)])
    return facility


@use_case("facility.create")
def create_facility(
    *,
    session: Session,
    actor: Actor | None,
    enterprise_id: int,
    name: str,
    kind: str,
    location: str = "",
    storage_capacity_kg: int | None = None,
    annual_capacity_kg: int | None = None,
    daily_capacity_kg: int | None = None,
    intake_rate_kg_per_day: int | None = None,
) -> Facility:
    """Register a facility with capacities in explicit units (administrators or the owner's officer).

    It can receive waste only with a storage capacity or a direct-feed intake rate (kg a day).
    """
    if actor is not None:
        require_owner_or_admin(actor, enterprise_id, msg.REGISTER_FACILITIES)
    facility = Facility(
        enterprise_id=enterprise_id,
        name=require_text(name, "name", 200),
        kind=enum_value(FacilityKind, kind, "kind"),
        location=location.strip(),
        storage_capacity_kg=non_negative(storage_capacity_kg, "storage_capacity"),
        annual_capacity_kg=non_negative(annual_capacity_kg, "annual_capacity"),
        daily_capacity_kg=non_negative(daily_capacity_kg, "daily_capacity"),
        intake_rate_kg_per_day=non_negative(intake_rate_kg_per_day, "intake_rate"),
    )
    if not any((facility.storage_capacity_kg, facility.annual_capacity_kg, facility.daily_capacity_kg)):
        raise InvalidInput(
            msg.NEEDS_CAPACITY,
            details=[{"field": "storage_capacity"}],
        )
    if session.get(Enterprise, enterprise_id) is None:
        raise InvalidInput(
            msg.ENTERPRISE_MISSING, enterprise_id=enterprise_id, details=[{"field": "enterprise_id"}]
        )
    session.add(facility)
    flush_with_event(
        session,
        actor,
        "facility.create",
        facility,
        ("enterprise_id", *FACILITY_FIELDS),
        what=msg.FACILITY(name=facility.name),
    )
    return facility


@use_case("facility.chemical")
def add_facility_chemical(
    *,
    session: Session,
    actor: Actor | None,
    facility_id: int,
    chemical_id: int,
    max_quantity_kg: int | None = None,
) -> FacilityChemical:
    """Declare that a facility holds a catalogue entry (up to a maximum quantity)."""
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise NotFound(msg.FACILITY_NOT_FOUND, facility_id=facility_id)
    if actor is not None:
        require_owner_or_admin(actor, facility.enterprise_id, msg.CHANGE_FACILITIES)
    if session.get(Chemical, chemical_id) is None:
        raise InvalidInput(msg.CHEMICAL_UNKNOWN, chemical_id=chemical_id, details=[{"field": "chemical_id"}])
    link = FacilityChemical(
        facility_id=facility_id,
        chemical_id=chemical_id,
        max_quantity_kg=non_negative(max_quantity_kg, "max_quantity"),
    )
    session.add(link)
    flush_with_event(
        session,
        actor,
        "facility.chemical",
        link,
        ("facility_id", "chemical_id", "max_quantity_kg"),
        what=msg.FACILITY_CHEMICAL,
    )
    return link


def facility_chemicals(
    *, session: Session, actor: Actor, facility_id: int
) -> list[tuple[FacilityChemical, Chemical]]:
    """The catalogue entries a facility the actor may see is declared to hold."""
    get_facility(session=session, actor=actor, facility_id=facility_id)
    rows = session.exec(
        select(FacilityChemical, Chemical)
        .join(Chemical, col(Chemical.id) == FacilityChemical.chemical_id)
        .where(FacilityChemical.facility_id == facility_id)
        .order_by(FacilityChemical.id)
    )
    return [(link, chem) for link, chem in rows]
