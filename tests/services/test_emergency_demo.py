"""The demo park's emergency plans and resources: loaded through the services, once."""

from __future__ import annotations

from sqlmodel import select

from hazchem.demo import load as demo
from hazchem.models import EmergencyPlan, EmergencyResource, NotificationRule, Park
from hazchem.services import emergency
from hazchem.services.platform import clock


def test_the_demo_park_has_its_plans_and_resources(session):
    summary = demo.load_demo(session=session)
    assert "emergency plans in force" in summary
    plans = session.exec(select(EmergencyPlan)).all()
    assert len(plans) == 3 and {p.status for p in plans} == {"in_force"}
    park_plan = next(p for p in plans if p.enterprise_id is None)
    assert {g["grade"] for g in park_plan.grades} == {"I", "II", "III", "IV"}
    told = emergency.notification_rules_for(session, park_plan, "I")
    assert told[0].within_minutes == 0 and told[0].notified_unit == "office"
    assert {r.within_minutes for r in told} == {0, 30, 60}
    assert len(session.exec(select(NotificationRule)).all()) >= 16
    resources = session.exec(select(EmergencyResource)).all()
    assert len(resources) == 10
    pools = [r for r in resources if r.kind == "accident_pool"]
    assert len(pools) == 2 and all(p.capacity_m3 for p in pools)
    today = clock.today()
    overdue = [r for r in resources if not emergency.resource_state(r, today).ok]
    assert [r.name for r in overdue] == ["园区应急物资库"]
    park = session.exec(select(Park)).one()
    near = emergency.nearest_resources(
        session=session, park_id=park.id, latitude=30.08, longitude=120.87, limit=3
    )
    assert len(near) == 3 and near[0].distance_km is not None
    # Loading again changes nothing.
    assert "nothing changed" in demo.load_demo(session=session)
    assert len(session.exec(select(EmergencyResource)).all()) == 10
