"""An accident-incident setup on top of the chemical-stock one: the park's plan in force with its
notification tree, an emergency resource, methanol held in the warehouse, 氰化钠 in the park catalogue
with its information-centre sheet."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from hazchem.domain import park_catalogue as pc
from hazchem.models import EmergencyPlan, EmergencyResource, NotificationRule
from hazchem.services import chemicals
from hazchem.services.chemicals import park_catalogue as pcs
from tests.chem_setup import make_stock

T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


class World:
    """Handles to the incident setup's records."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


def make_world(session: Session, registry) -> World:
    """The stock setup, a park plan in force (grade II: ecology within 30 min, emergency management
    within 60; grade IV: emergency management within 120), a fire team at the warehouse."""
    stock = make_stock(session, registry)
    chemicals.record_movement(
        session=session,
        actor=stock.officer,
        kind="receipt",
        unit_id=stock.area1.id,
        chemical_id=stock.methanol.id,
        quantity_kg=5_000,
        supplier="浙江示例化工贸易有限公司",
    )
    pcs.revise(
        session=session,
        actor=stock.em,
        reason="列入园区目录",
        lines=[pc.LineInput(chemical_id=stock.cyanide.id, action="add", flags=())],
    )
    chemicals.set_safety_note(
        session=session,
        actor=stock.em,
        chemical_id=stock.cyanide.id,
        protection="佩戴正压式空气呼吸器，穿防毒服",
        emergency="隔离泄漏污染区，用次氯酸钠溶液处理",
        source="化学品安全技术说明书",
    )
    departments = registry.departments
    plan = EmergencyPlan(
        park_id=registry.park.id,
        kind="chemical_accident",
        title="园区危险化学品事故应急预案",
        status="in_force",
        created_at=T0,
    )
    session.add(plan)
    session.commit()
    rules = [
        NotificationRule(
            plan_id=plan.id,
            grade="II",
            notifier="园区应急办",
            notified_department_id=departments["ecology_environment"].id,
            within_minutes=30,
        ),
        NotificationRule(
            plan_id=plan.id,
            grade="II",
            notifier="园区应急办",
            notified_department_id=departments["emergency_management"].id,
            within_minutes=60,
        ),
        NotificationRule(
            plan_id=plan.id,
            grade="IV",
            notifier="企业",
            notified_department_id=departments["emergency_management"].id,
            within_minutes=120,
        ),
    ]
    team = EmergencyResource(
        park_id=registry.park.id,
        kind="team",
        name="园区消防救援站",
        facility_id=stock.warehouse.id,
        quantity=30,
        unit="人",
        contact_phone="0575-00000000",
        created_at=T0,
        updated_at=T0,
    )
    session.add_all([*rules, team])
    session.commit()
    session.rollback()
    return World(stock=stock, plan=plan, rules=rules, team=team, registry=registry)
