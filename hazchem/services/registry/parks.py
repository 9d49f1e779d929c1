"""Parks and their regulator departments."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from hazchem.domain.errors import Conflict, InvalidInput, NotFound
from hazchem.domain.identifiers import (
    validate_region_code,
)
from hazchem.domain.vocab import (
    DepartmentKind,
)
from hazchem.models import (
    Department,
    Park,
)
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import (
    Actor,
    may_see_park,
    park_condition,
    require_admin,
)
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.fields import (
    enum_value,
    flush_or_conflict,
    flush_with_event,
    require_text,
    snapshot,
)


def resolve_park(session: Session, actor: Actor | None, park_id: int | None = None) -> Park:
    """The park a view is about, the one resolver every park-specific read and write goes through.

    A requested park is that park if the actor reads it, else NotFound (never silently another one);
    with none requested, the actor's own park, or the first of its region's parks, or (for a caller
    bound to no park) the first park: most installations run one park.
    """
    if park_id is not None:
        park = session.get(Park, park_id) if may_see_park(actor, park_id) else None
    elif actor is not None and actor.park_id is not None:
        park = session.get(Park, actor.park_id)
    else:
        query = select(Park).order_by(col(Park.id))
        limit = park_condition(actor, Park.id)
        if limit is not None:
            query = query.where(limit)
        park = session.exec(query).first()
    if park is None:
        raise NotFound(msg.NO_SUCH_PARK)
    return park


@use_case("park.create")
def create_park(
    *,
    session: Session,
    actor: Actor | None,
    name: str,
    region_code: str,
    name_en: str = "",
    timezone: str = clock.DEFAULT_ZONE,
) -> Park:
    """Register a park (administrators, or the CLI with actor None) with the zone of its calendar."""
    if actor is not None:
        require_admin(actor, msg.CREATE_PARKS)
    clock.zone_named(timezone)
    park = Park(
        name=require_text(name, "name", 120),
        name_en=name_en.strip(),
        region_code=validate_region_code(region_code),
        timezone=timezone,
    )
    session.add(park)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="park.create",
        entity="park",
        entity_id=park.id,
        after=snapshot(park, ("name", "region_code", "timezone")),
    )
    flush_or_conflict(session, msg.PARK)
    return park


def list_departments(*, session: Session, actor: Actor, park_id: int | None = None) -> list[Department]:
    """Departments of the actor's parks (organisation data every signed-in user may read)."""
    query = select(Department).order_by(Department.id)
    if park_id is not None:
        query = query.where(Department.park_id == park_id)
    limit = park_condition(actor, Department.park_id)
    if limit is not None:
        query = query.where(or_(limit, Department.region_id == (actor.region_id or -1)))
    return list(session.exec(query))


def get_department(*, session: Session, actor: Actor, department_id: int) -> Department:
    """One department of the actor's parks (or of its own region)."""
    department = session.get(Department, department_id)
    if department is not None and not _sees_department(actor, department):
        department = None
    if department is None:
        raise NotFound(msg.DEPARTMENT_NOT_FOUND, department_id=department_id)
    return department


def _sees_department(actor: Actor | None, department: Department) -> bool:
    if department.park_id is not None:
        return may_see_park(actor, department.park_id)
    return actor is None or actor.park_ids is None or department.region_id == actor.region_id


@use_case("department.create")
def create_department(
    *, session: Session, actor: Actor | None, park_id: int, kind: str, name: str, name_en: str = ""
) -> Department:
    """Add a regulator department to a park (administrators only)."""
    if actor is not None:
        require_admin(actor, msg.CONFIGURE_DEPARTMENTS)
    department = Department(
        park_id=park_id,
        kind=enum_value(DepartmentKind, kind, "kind"),
        name=require_text(name, "name", 120),
        name_en=name_en.strip(),
    )
    if session.get(Park, park_id) is None or not may_see_park(actor, park_id):
        raise InvalidInput(msg.PARK_MISSING, park_id=park_id, details=[{"field": "park_id"}])
    session.add(department)
    flush_with_event(
        session,
        actor,
        "department.create",
        department,
        ("park_id", "kind", "name"),
        what=msg.DEPARTMENT(name=department.name),
    )
    return department


@use_case("department.update")
def update_department(
    *, session: Session, actor: Actor, department_id: int, name: str, name_en: str = ""
) -> Department:
    """Rename a department (administrators only), e.g. after an institutional reform."""
    require_admin(actor, msg.CONFIGURE_DEPARTMENTS)
    department = get_department(session=session, actor=actor, department_id=department_id)
    before = snapshot(department, ("name", "name_en"))
    new_name = require_text(name, "name", 120)
    department.name = new_name
    department.name_en = name_en.strip()
    session.add(department)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(msg.DEPARTMENT_NAME_TAKEN, name=new_name) from None
    audit.record(
        session,
        actor=actor,
        action="department.update",
        entity="department",
        entity_id=department.id,
        before=before,
        after=snapshot(department, ("name", "name_en")),
    )
    flush_or_conflict(session, msg.DEPARTMENT(name=department.name))
    return department
