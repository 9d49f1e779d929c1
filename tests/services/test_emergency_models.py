"""The emergency tables hold a plan's versions, its organisation, notification tree, file and resources."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from hazchem.models import (
    EmergencyPlan,
    EmergencyResource,
    NotificationRule,
    PlanContact,
    PlanFile,
)

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


def _plan(registry, **kw) -> EmergencyPlan:
    values = {
        "park_id": registry.park.id,
        "kind": "environmental_emergency",
        "title": "园区突发环境事件应急预案",
        "status": "draft",
        "grades": [{"grade": "I", "criteria": "特别重大"}],
        "created_at": NOW,
    }
    values.update(kw)
    return EmergencyPlan(**values)


def test_plan_versions_contacts_rules_and_file_round_trip(session, registry):
    first = _plan(registry, version=1, status="superseded")
    second = _plan(registry, version=2, status="in_force", next_review_due=date(2029, 12, 1))
    session.add_all([first, second])
    session.commit()
    head = PlanContact(
        plan_id=second.id, unit="headquarters", name="王指挥", role="总指挥", phone="0570-0000001"
    )
    session.add(head)
    session.commit()
    session.add_all(
        [
            NotificationRule(
                plan_id=second.id,
                grade="I",
                notifier="office",
                notified_contact_id=head.id,
                within_minutes=30,
            ),
            PlanFile(
                plan_id=second.id, sha256="0" * 64, name="plan.pdf", size=4, content=b"%PDF", uploaded_at=NOW
            ),
        ]
    )
    session.commit()
    versions = session.exec(
        select(EmergencyPlan).where(EmergencyPlan.enterprise_id.is_(None)).order_by(EmergencyPlan.version)
    ).all()
    assert [(p.version, p.status) for p in versions] == [(1, "superseded"), (2, "in_force")]
    assert versions[1].grades == [{"grade": "I", "criteria": "特别重大"}]
    rule = session.exec(select(NotificationRule)).one()
    assert (rule.grade, rule.within_minutes, rule.notified_contact_id) == ("I", 30, head.id)
    assert session.exec(select(PlanFile)).one().content == b"%PDF"


def test_enterprise_plan_is_kept_apart_from_the_parks(session, registry):
    session.add_all(
        [_plan(registry), _plan(registry, enterprise_id=registry.ent_a.id, kind="chemical_accident")]
    )
    session.commit()
    park_plans = session.exec(select(EmergencyPlan).where(EmergencyPlan.enterprise_id.is_(None))).all()
    assert len(park_plans) == 1


def test_resource_names_are_unique_per_owner_and_kind(session, registry):
    def pool(owner):
        return EmergencyResource(
            park_id=registry.park.id,
            owner_enterprise_id=owner,
            kind="accident_pool",
            name="1号事故应急池",
            capacity_m3=3000,
            created_at=NOW,
            updated_at=NOW,
        )

    session.add_all([pool(None), pool(registry.ent_a.id)])
    session.commit()
    session.add(pool(registry.ent_a.id))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
