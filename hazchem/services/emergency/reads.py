"""What the emergency pages show beside plans and resources: names of departments and facilities, and
the choices of the forms (whose plans and resources the user keeps, which facilities and plans)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from hazchem.domain.vocab import Role
from hazchem.models import Department, EmergencyPlan, Enterprise, Facility
from hazchem.services.emergency.plans import list_plans
from hazchem.services.platform.access import Actor, may_write_emergency, park_enterprise_condition
from hazchem.services.registry.parks import resolve_park


def park_departments(*, session: Session, park_id: int) -> dict[int, Department]:
    """The park's departments by id (notification targets and contacts name them)."""
    return {d.id: d for d in session.exec(select(Department).where(Department.park_id == park_id))}


def facilities_by_id(*, session: Session, ids: Iterable[int | None]) -> dict[int, Facility]:
    """Facilities by id, for labelling resources the caller already may see."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {f.id: f for f in session.exec(select(Facility).where(col(Facility.id).in_(wanted)))}


def keeps_park(*, session: Session, actor: Actor) -> bool:
    """Whether the actor keeps the park's own plans and resources."""
    park = resolve_park(session, actor)
    return may_write_emergency(actor, park_id=park.id, enterprise_id=None)


def kept_enterprises(*, session: Session, actor: Actor) -> list[Enterprise]:
    """Enterprises whose plans and resources the actor keeps (an officer its own, the administrator all)."""
    if actor.is_admin:
        query = select(Enterprise).where(*park_enterprise_condition(actor, Enterprise.id))
    elif actor.role == Role.EHS_OFFICER:
        query = select(Enterprise).where(col(Enterprise.id).in_(sorted(actor.enterprise_ids) or [-1]))
    else:
        return []
    return list(session.exec(query.order_by(Enterprise.name)))


@dataclass(frozen=True)
class FormChoices:
    """The choices of the resource form."""

    keeps_park: bool
    owners: list[Enterprise]
    facilities: list[Facility]
    plan_choices: list[EmergencyPlan]


def form_choices(*, session: Session, actor: Actor) -> FormChoices:
    """Owners, facilities and plans a resource of the actor's may name."""
    park = keeps_park(session=session, actor=actor)
    owners = kept_enterprises(session=session, actor=actor)
    query = (
        select(Facility)
        .order_by(Facility.name)
        .where(*park_enterprise_condition(actor, Facility.enterprise_id))
    )
    if not park:
        query = query.where(col(Facility.enterprise_id).in_(sorted(e.id for e in owners) or [-1]))
    return FormChoices(
        keeps_park=park,
        owners=owners,
        facilities=list(session.exec(query)),
        plan_choices=list_plans(session=session, actor=actor),
    )
