"""Cities and provinces above parks: the regions, the parks placed in them, and their departments."""

from __future__ import annotations

from sqlmodel import Session, select

from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.domain.identifiers import validate_region_code
from hazchem.domain.vocab import DepartmentKind, RegionLevel
from hazchem.models import Department, Park, Region
from hazchem.services.platform import audit
from hazchem.services.platform.access import Actor, require_admin
from hazchem.services.platform.uow import use_case
from hazchem.services.registry import messages as msg
from hazchem.services.registry.fields import (
    enum_value,
    flush_or_conflict,
    flush_with_event,
    require_text,
    snapshot,
)


def region_by_code(session: Session, code: str) -> Region:
    """The region of a GB/T 2260 code, else NotFound."""
    region = session.exec(select(Region).where(Region.code == (code or "").strip())).first()
    if region is None:
        raise NotFound(msg.REGION_NOT_FOUND, code=code)
    return region


@use_case("region.create")
def create_region(
    *,
    session: Session,
    actor: Actor | None,
    code: str,
    name: str,
    level: str,
    parent_code: str | None = None,
    name_en: str = "",
) -> Region:
    """Register a city or province (the CLI, or an administrator); a city may name its province."""
    if actor is not None:
        require_admin(actor, msg.CREATE_REGIONS)
    parent = region_by_code(session, parent_code) if parent_code else None
    level = enum_value(RegionLevel, level, "level")
    if parent is not None and (level != RegionLevel.CITY or parent.level != RegionLevel.PROVINCE):
        raise InvalidInput(msg.REGION_PARENT, details=[{"field": "parent_code", "value": parent_code}])
    region = Region(
        code=validate_region_code(code),
        name=require_text(name, "name", 120),
        name_en=name_en.strip(),
        level=level,
        parent_id=parent.id if parent is not None else None,
    )
    session.add(region)
    flush_or_conflict(session, msg.REGION(code=region.code))
    audit.record(
        session,
        actor=actor,
        action="region.create",
        entity="region",
        entity_id=region.id,
        after=snapshot(region, ("code", "name", "level", "parent_id")),
    )
    return region


@use_case("park.region")
def set_park_region(*, session: Session, actor: Actor | None, park_id: int, region_code: str | None) -> Park:
    """Place a park in a city or province (or in none with `region_code` None): its regulators read it."""
    if actor is not None:
        require_admin(actor, msg.CREATE_REGIONS)
    park = session.get(Park, park_id)
    if park is None:
        raise NotFound(msg.NO_SUCH_PARK)
    before = snapshot(park, ("region_id",))
    park.region_id = region_by_code(session, region_code).id if region_code else None
    session.add(park)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="park.region",
        entity="park",
        entity_id=park.id,
        before=before,
        after=snapshot(park, ("region_id",)),
    )
    return park


@use_case("department.create")
def create_regional_department(
    *, session: Session, actor: Actor | None, region_code: str, kind: str, name: str, name_en: str = ""
) -> Department:
    """Add a regulator department (厅/局) to a city or province; its regulators read the region's parks."""
    if actor is not None:
        require_admin(actor, msg.CONFIGURE_DEPARTMENTS)
    region = region_by_code(session, region_code)
    department = Department(
        region_id=region.id,
        kind=enum_value(DepartmentKind, kind, "kind"),
        name=require_text(name, "name", 120),
        name_en=name_en.strip(),
    )
    session.add(department)
    flush_with_event(
        session,
        actor,
        "department.create",
        department,
        ("region_id", "kind", "name"),
        what=msg.DEPARTMENT(name=department.name),
    )
    return department
