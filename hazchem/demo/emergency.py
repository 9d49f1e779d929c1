"""The demo park's emergency preparedness: the park's chemical-accident plan in force with its
organisation and notification tree, two enterprises' plans, and a dozen resources (one of them with
its inspection overdue). Every name and telephone number is fictional."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from hazchem.models import Department, Enterprise, Facility
from hazchem.services import emergency

# Shangyu, roughly: the resources sit around the park's centre.
CENTRE = (30.0800, 120.8700)

PARK_GRADES = [
    {
        "grade": "I",
        "criteria": "特别重大：造成30人以上死亡，或危险化学品泄漏影响跨设区的市，需省级以上统一指挥",
    },
    {"grade": "II", "criteria": "重大：造成10人以上30人以下死亡，或需疏散园区外居民1万人以上"},
    {"grade": "III", "criteria": "较大：造成3人以上10人以下死亡，或事故影响超出企业厂界、需园区统一调度"},
    {"grade": "IV", "criteria": "一般：造成3人以下死亡，事故影响控制在企业厂界内"},
]
ENTERPRISE_GRADES = [
    {"grade": "III", "criteria": "较大：事故影响超出厂界，需园区调度救援力量"},
    {"grade": "IV", "criteria": "一般：事故影响控制在车间或罐区内"},
]
PARK_CONTACTS = [
    ("headquarters", "赵示范", "总指挥（园区管委会主任）", "0575-8000 0001", None),
    ("headquarters", "钱示范", "副总指挥（应急管理局局长）", "0575-8000 0002", "emergency_management"),
    ("office", "孙示范", "应急办公室主任", "0575-8000 0010", "park_committee"),
    ("department_team", "李示范", "环境监测组组长", "0575-8000 0020", "ecology_environment"),
    ("department_team", "周示范", "警戒疏散组组长", "0575-8000 0030", "public_security"),
    ("enterprise_team", "吴示范", "企业救援队联络人", "0575-8000 0040", None),
    ("expert_group", "郑示范", "化工安全专家", "0575-8000 0050", None),
]


def _facility(session: Session, owner: Enterprise, name: str) -> Facility | None:
    return session.exec(
        select(Facility).where(Facility.enterprise_id == owner.id, Facility.name == name)
    ).first()


def _near(dlat: float, dlon: float) -> dict[str, float]:
    return {"latitude": round(CENTRE[0] + dlat, 5), "longitude": round(CENTRE[1] + dlon, 5)}


def load_emergency(*, session: Session, park_id: int, enterprises: dict[str, Enterprise], today: date) -> str:
    """Create the demo park's plans and resources through the services; returns a summary line."""
    departments = {d.kind: d for d in session.exec(select(Department).where(Department.park_id == park_id))}
    plan = emergency.create_plan(
        session=session,
        actor=None,
        park_id=park_id,
        kind="chemical_accident",
        title="示例化工园区危险化学品事故应急预案",
        scope="适用于园区范围内危险化学品生产、储存、使用、运输和废弃处置过程中发生的事故应急处置",
        grades=PARK_GRADES,
        next_review_due=today + timedelta(days=730),
        next_drill_due=today + timedelta(days=75),
        last_drill_on=today - timedelta(days=105),
    )
    contacts = {}
    for unit, name, role, phone, department in PARK_CONTACTS:
        contacts[name] = emergency.add_contact(
            session=session,
            actor=None,
            plan_id=plan.id,
            unit=unit,
            name=name,
            role=role,
            phone=phone,
            department_id=departments[department].id if department in departments else None,
        )
    for grade in ("I", "II", "III", "IV"):
        # The office is told at once, headquarters within 30 minutes, the departments within an hour.
        rules: list[dict[str, Any]] = [
            {"notifier": "事发企业", "within_minutes": 0, "notified_unit": "office"},
            {
                "notifier": "园区应急办公室",
                "within_minutes": 30,
                "notified_contact_id": contacts["赵示范"].id,
            },
            {
                "notifier": "园区应急办公室",
                "within_minutes": 60,
                "notified_department_id": departments["emergency_management"].id,
            },
            {
                "notifier": "园区应急办公室",
                "within_minutes": 60,
                "notified_department_id": departments["ecology_environment"].id,
            },
        ]
        if grade in ("I", "II"):
            rules.append(
                {"notifier": "园区应急指挥部", "within_minutes": 60, "notified_unit": "expert_group"}
            )
        for rule in rules:
            emergency.add_notification_rule(session=session, actor=None, plan_id=plan.id, grade=grade, **rule)
    emergency.put_in_force(
        session=session, actor=None, plan_id=plan.id, effective_from=today - timedelta(days=400)
    )

    plans = [plan]
    for key, kind, title in (
        ("fine_chem", "chemical_accident", "上虞示例精细化工有限公司危险化学品事故应急预案"),
        ("dyestuff", "environmental_emergency", "上虞示例染料化学有限公司突发环境事件应急预案"),
    ):
        own = emergency.create_plan(
            session=session,
            actor=None,
            kind=kind,
            title=title,
            enterprise_id=enterprises[key].id,
            scope="适用于本公司厂区范围内的事故应急处置",
            grades=ENTERPRISE_GRADES,
            next_review_due=today + timedelta(days=500),
            next_drill_due=today + timedelta(days=120),
        )
        emergency.add_contact(
            session=session,
            actor=None,
            plan_id=own.id,
            unit="headquarters",
            name="冯示范",
            role="总指挥（总经理）",
            phone="0575-8100 0001",
            enterprise_id=enterprises[key].id,
        )
        emergency.add_notification_rule(
            session=session,
            actor=None,
            plan_id=own.id,
            grade="III",
            notifier="当班班长",
            within_minutes=0,
            notified_unit="headquarters",
        )
        emergency.put_in_force(
            session=session, actor=None, plan_id=own.id, effective_from=today - timedelta(days=200)
        )
        plans.append(own)

    fine_chem, dyestuff = enterprises["fine_chem"], enterprises["dyestuff"]
    tanks = _facility(session, fine_chem, "甲醇、甲苯储罐区")
    resources: list[dict[str, Any]] = [
        {
            "kind": "store",
            "name": "园区应急物资库",
            "quantity": 1,
            "unit": "座",
            "location": "园区应急救援中心",
            "next_inspection_due": today - timedelta(days=12),
            "contact_name": "孙示范",
            "contact_phone": "0575-8000 0010",
            **_near(0.002, -0.003),
        },
        {
            "kind": "supplies",
            "name": "园区应急物资库吸附棉",
            "quantity": 400,
            "unit": "包",
            "minimum_quantity": 300,
            "location": "园区应急物资库",
            "next_inspection_due": today + timedelta(days=60),
            "expires_on": today + timedelta(days=900),
            **_near(0.002, -0.003),
        },
        {
            "kind": "accident_pool",
            "name": "园区公共事故应急池",
            "capacity_m3": 5000,
            "quantity": 1,
            "unit": "座",
            "location": "园区污水处理厂东侧",
            "next_inspection_due": today + timedelta(days=45),
            **_near(-0.006, 0.008),
        },
        {
            "kind": "team",
            "name": "园区专职消防救援队",
            "quantity": 36,
            "unit": "人",
            "location": "园区消防站",
            "contact_name": "王示范",
            "contact_phone": "0575-8000 0119",
            "next_inspection_due": today + timedelta(days=30),
            **_near(0.004, 0.001),
        },
        {
            "kind": "monitoring",
            "name": "应急监测车",
            "quantity": 1,
            "unit": "辆",
            "location": "园区环境监测站",
            "next_inspection_due": today + timedelta(days=20),
            **_near(-0.001, 0.005),
        },
        {
            "kind": "expert",
            "name": "化工安全专家郑示范",
            "quantity": 1,
            "unit": "人",
            "contact_name": "郑示范",
            "contact_phone": "0575-8000 0050",
        },
        {
            "kind": "expert",
            "name": "环境应急专家陈示范",
            "quantity": 1,
            "unit": "人",
            "contact_name": "陈示范",
            "contact_phone": "0575-8000 0051",
        },
        {
            "kind": "equipment",
            "name": "移动式泡沫炮",
            "quantity": 4,
            "unit": "台",
            "location": "园区消防站",
            "next_inspection_due": today + timedelta(days=90),
            **_near(0.004, 0.001),
        },
    ]
    for spec in resources:
        # Pools and monitoring stay the environment's (ecology and environment), the rest the chemical plan's.
        tied = None if spec["kind"] in ("accident_pool", "monitoring") else plan.id
        emergency.create_resource(session=session, actor=None, park_id=park_id, plan_id=tied, **spec)
    emergency.create_resource(
        session=session,
        actor=None,
        kind="accident_pool",
        name="厂区事故应急池",
        owner_enterprise_id=fine_chem.id,
        capacity_m3=800,
        quantity=1,
        unit="座",
        facility_id=tanks.id if tanks else None,
        plan_id=plans[1].id,
        next_inspection_due=today + timedelta(days=40),
        **_near(0.010, 0.012),
    )
    emergency.create_resource(
        session=session,
        actor=None,
        kind="team",
        name="企业义务消防队",
        owner_enterprise_id=dyestuff.id,
        quantity=15,
        unit="人",
        plan_id=plans[2].id,
        next_inspection_due=today + timedelta(days=100),
        **_near(-0.009, -0.007),
    )
    count = len(resources) + 2
    return f"  {len(plans)} emergency plans in force and {count} emergency resources (1 inspection overdue)"
