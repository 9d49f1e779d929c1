"""Emergency resources: registration checks, inspections, the nearest resources to a place, who keeps
and who reads them; and the deadline list and alerts they feed, for the right department."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.models import Alert, Event
from hazchem.services import emergency
from hazchem.services.oversight import alerts, deadlines
from hazchem.services.platform import clock


def park_resource(session, registry, actor_name="regulator_em", **kw):
    values = {"kind": "store", "name": "园区应急物资库", "quantity": 1, "unit": "座"}
    values.update(kw)
    return emergency.create_resource(session=session, actor=registry.users[actor_name], **values)


def test_a_resource_is_registered_with_its_checks(session, registry):
    store = park_resource(session, registry, latitude=30.0, longitude=120.5)
    assert (store.park_id, store.owner_enterprise_id, store.kind) == (registry.park.id, None, "store")
    assert session.exec(select(Event.action).where(Event.entity == "emergencyresource")).all() == [
        "emergency_resource.create"
    ]
    with pytest.raises(Conflict):
        park_resource(session, registry)
    with pytest.raises(InvalidInput):  # half a position
        park_resource(session, registry, name="半", latitude=30.0)
    with pytest.raises(InvalidInput):  # off the globe
        park_resource(session, registry, name="远", latitude=95.0, longitude=120.0)
    with pytest.raises(InvalidInput):  # an accident pool without its capacity
        park_resource(session, registry, kind="accident_pool", name="1号事故应急池")
    with pytest.raises(InvalidInput):
        park_resource(session, registry, kind="helicopter", name="直升机")
    with pytest.raises(InvalidInput):
        park_resource(session, registry, name="负", quantity=-1)
    pool = park_resource(session, registry, kind="accident_pool", name="1号事故应急池", capacity_m3=5000)
    assert pool.capacity_m3 == 5000


def test_an_enterprise_resource_sits_at_its_own_facility_and_under_its_own_or_the_parks_plan(
    session, registry
):
    officer_a = registry.users["officer_a"]

    def create(**kw):
        return emergency.create_resource(
            session=session, actor=officer_a, kind="equipment", owner_enterprise_id=registry.ent_a.id, **kw
        )

    with pytest.raises(InvalidInput):  # B's facility
        create(name="泡沫炮", facility_id=registry.facility_b.id)
    other_plan = emergency.create_plan(
        session=session,
        actor=registry.users["officer_b"],
        kind="chemical_accident",
        title="乙预案",
        enterprise_id=registry.ent_b.id,
    )
    with pytest.raises(InvalidInput):  # B's plan
        create(name="泡沫炮", plan_id=other_plan.id)
    park_plan = emergency.create_plan(
        session=session, actor=registry.users["admin"], kind="chemical_accident", title="园区预案"
    )
    foam = create(
        name="泡沫炮", facility_id=registry.facility_a.id, plan_id=park_plan.id, quantity=2, unit="台"
    )
    assert (foam.facility_id, foam.plan_id) == (registry.facility_a.id, park_plan.id)


def test_who_keeps_resources(session, registry):
    for name in ("regulator_eco", "officer_a", "driver"):
        with pytest.raises(Forbidden):
            park_resource(session, registry, actor_name=name)
    store = park_resource(session, registry, actor_name="admin")
    with pytest.raises(Forbidden):
        emergency.create_resource(
            session=session,
            actor=registry.users["officer_b"],
            kind="team",
            name="甲公司消防队",
            owner_enterprise_id=registry.ent_a.id,
        )
    team = emergency.create_resource(
        session=session,
        actor=registry.users["officer_a"],
        kind="team",
        name="甲公司消防队",
        owner_enterprise_id=registry.ent_a.id,
        quantity=12,
        unit="人",
    )
    with pytest.raises(NotFound):  # B does not see A's team
        emergency.update_resource(
            session=session, actor=registry.users["officer_b"], resource_id=team.id, changes={"quantity": 1}
        )
    with pytest.raises(Forbidden):  # A's officer reads the park's store but does not keep it
        emergency.update_resource(
            session=session, actor=registry.users["officer_a"], resource_id=store.id, changes={"quantity": 2}
        )
    emergency.update_resource(
        session=session, actor=registry.users["regulator_em"], resource_id=store.id, changes={"quantity": 2}
    )
    assert store.quantity == 2


def test_who_reads_which_resources(session, registry):
    store = park_resource(session, registry)
    pool = emergency.create_resource(
        session=session,
        actor=registry.users["officer_a"],
        kind="accident_pool",
        name="甲公司事故池",
        owner_enterprise_id=registry.ent_a.id,
        capacity_m3=800,
    )
    team = emergency.create_resource(
        session=session,
        actor=registry.users["officer_a"],
        kind="team",
        name="甲公司消防队",
        owner_enterprise_id=registry.ent_a.id,
    )

    def seen(name, **kw):
        return {r.id for r in emergency.list_resources(session=session, actor=registry.users[name], **kw)}

    assert seen("admin") == seen("officer_a") == {store.id, pool.id, team.id}
    assert seen("officer_b") == {store.id}
    assert seen("regulator_em") == {store.id, team.id}  # accident pools are ecology's area
    assert seen("regulator_eco") == {store.id, pool.id}
    assert seen("regulator_tr") == {store.id}
    assert seen("admin", kind="accident_pool") == {pool.id}
    assert seen("admin", park_only=True) == {store.id}
    with pytest.raises(Forbidden):
        emergency.list_resources(session=session, actor=registry.users["driver"])


def test_an_inspection_moves_the_due_date_and_counts_the_stock(session, registry):
    em = registry.users["regulator_em"]
    today = clock.today()
    store = park_resource(
        session,
        registry,
        quantity=100,
        minimum_quantity=50,
        unit="套",
        next_inspection_due=today - timedelta(days=3),
    )
    with pytest.raises(InvalidInput):  # inspected tomorrow
        emergency.record_inspection(
            session=session,
            actor=em,
            resource_id=store.id,
            inspected_on=today + timedelta(days=1),
            next_inspection_due=today + timedelta(days=90),
        )
    with pytest.raises(InvalidInput):  # next inspection not after this one
        emergency.record_inspection(
            session=session, actor=em, resource_id=store.id, inspected_on=today, next_inspection_due=today
        )
    emergency.record_inspection(
        session=session,
        actor=em,
        resource_id=store.id,
        inspected_on=today,
        next_inspection_due=today + timedelta(days=90),
        quantity=40,
    )
    assert (store.last_inspected_on, store.quantity) == (today, 40)
    state = emergency.resource_state(store, today)
    assert state.inspection_overdue_days is None and state.below_minimum and not state.ok
    # Stock below the plan's minimum is reported at once, to emergency management.
    alert = session.exec(select(Alert).where(Alert.kind == "resource_below_minimum")).one()
    assert (alert.department_kind, alert.enterprise_id) == ("emergency_management", None)


def test_nearest_resources_put_the_facility_first_then_by_distance(session, registry):
    near = park_resource(session, registry, kind="team", name="近队", latitude=30.001, longitude=120.001)
    far = park_resource(session, registry, kind="team", name="远队", latitude=30.2, longitude=120.2)
    nowhere = park_resource(session, registry, kind="expert", name="专家")
    here = emergency.create_resource(
        session=session,
        actor=registry.users["officer_a"],
        kind="equipment",
        name="库旁泡沫炮",
        owner_enterprise_id=registry.ent_a.id,
        facility_id=registry.facility_a.id,
        latitude=30.0,
        longitude=120.0,
    )
    park_resource(
        session, registry, kind="supplies", name="过期吸附棉", expires_on=clock.today() - timedelta(days=1)
    )
    found = emergency.nearest_resources(
        session=session, park_id=registry.park.id, facility_id=registry.facility_a.id
    )
    assert [n.resource.id for n in found] == [here.id, near.id, far.id, nowhere.id]
    assert found[0].same_facility and found[1].distance_km == pytest.approx(0.145, abs=0.01)
    by_point = emergency.nearest_resources(
        session=session, park_id=registry.park.id, latitude=30.2, longitude=120.2, limit=2
    )
    assert [n.resource.id for n in by_point] == [far.id, near.id]
    teams = emergency.nearest_resources(
        session=session, park_id=registry.park.id, latitude=30.0, longitude=120.0, kind="team"
    )
    assert {n.resource.id for n in teams} == {near.id, far.id}
    scoped = emergency.nearest_resources(
        session=session,
        park_id=registry.park.id,
        latitude=30.0,
        longitude=120.0,
        actor=registry.users["officer_b"],
    )
    assert here.id not in {n.resource.id for n in scoped}
    with pytest.raises(InvalidInput):
        emergency.nearest_resources(session=session, park_id=registry.park.id)


# --- Deadlines and alerts ------------------------------------------------------------------------


@pytest.fixture
def overdue(session, registry):
    """A park chemical-accident plan with its drill overdue, an enterprise environmental plan with its
    review overdue, a park store with its inspection overdue, expired supplies of A, and one in order."""
    today = clock.today()
    chem = emergency.create_plan(
        session=session,
        actor=registry.users["admin"],
        kind="chemical_accident",
        title="园区化学品预案",
        grades=[{"grade": "I", "criteria": "特别重大"}],
        next_drill_due=today - timedelta(days=5),
        next_review_due=today + timedelta(days=400),
    )
    emergency.put_in_force(session=session, actor=registry.users["admin"], plan_id=chem.id)
    env = emergency.create_plan(
        session=session,
        actor=registry.users["officer_a"],
        kind="environmental_emergency",
        title="甲环境预案",
        enterprise_id=registry.ent_a.id,
        grades=[{"grade": "IV", "criteria": "一般"}],
        next_review_due=today - timedelta(days=1),
    )
    emergency.put_in_force(session=session, actor=registry.users["officer_a"], plan_id=env.id)
    draft = emergency.create_plan(
        session=session,
        actor=registry.users["officer_b"],
        kind="chemical_accident",
        title="乙草稿",
        enterprise_id=registry.ent_b.id,
        next_drill_due=today - timedelta(days=30),
    )
    store = park_resource(session, registry, next_inspection_due=today - timedelta(days=10))
    supplies = emergency.create_resource(
        session=session,
        actor=registry.users["officer_a"],
        kind="supplies",
        name="甲公司吸附棉",
        owner_enterprise_id=registry.ent_a.id,
        expires_on=today - timedelta(days=2),
        quantity=5,
        unit="包",
    )
    fine = park_resource(
        session, registry, kind="team", name="园区消防队", next_inspection_due=today + timedelta(days=200)
    )
    return {"chem": chem, "env": env, "draft": draft, "store": store, "supplies": supplies, "fine": fine}


def test_the_deadline_list_shows_overdue_drills_reviews_inspections_and_expiry(session, registry, overdue):
    def listed(name):
        items = deadlines.list_deadlines(session=session, actor=registry.users[name])
        return {(d.rule.code, d.subject) for d in items if d.rule.code.startswith("emergency.")}

    everything = {
        ("emergency.drill", "园区化学品预案"),
        ("emergency.plan_review", "甲环境预案"),
        ("emergency.resource_inspection", "园区应急物资库"),
        ("emergency.resource_expiry", "甲公司吸附棉"),
    }
    assert listed("admin") == everything  # a draft's drill is not yet due; a far review is not listed
    assert listed("regulator_em") == {
        ("emergency.drill", "园区化学品预案"),
        ("emergency.resource_inspection", "园区应急物资库"),
        ("emergency.resource_expiry", "甲公司吸附棉"),
    }
    assert listed("regulator_eco") == {("emergency.plan_review", "甲环境预案")}
    assert listed("officer_a") == {
        ("emergency.plan_review", "甲环境预案"),
        ("emergency.resource_expiry", "甲公司吸附棉"),
    }
    assert listed("officer_b") == set()
    filtered = deadlines.list_deadlines(
        session=session,
        actor=registry.users["admin"],
        filters=deadlines.parse_filters(rule="emergency.drill"),
    )
    assert [d.status.value for d in filtered] == ["overdue"]


def test_the_sweep_raises_each_condition_once_for_its_department_or_enterprise(session, registry, overdue):
    raised = alerts.sweep(session=session)
    assert raised == {
        "emergency_drill": 1,
        "emergency_plan_review": 1,
        "resource_inspection": 1,
        "resource_expired": 1,
    }
    assert alerts.sweep(session=session) == {}
    rows = {a.kind: a for a in session.exec(select(Alert))}
    assert (rows["emergency_drill"].department_kind, rows["emergency_drill"].enterprise_id) == (
        "emergency_management",
        None,
    )
    assert (rows["emergency_plan_review"].department_kind, rows["emergency_plan_review"].enterprise_id) == (
        "ecology_environment",
        registry.ent_a.id,
    )
    assert rows["resource_expired"].enterprise_id == registry.ent_a.id

    def seen(name):
        page = alerts.list_alerts(session=session, actor=registry.users[name])
        return {a.kind for a in page.items}

    assert seen("regulator_eco") == {"emergency_plan_review"}
    assert seen("regulator_em") == {"emergency_drill", "resource_inspection", "resource_expired"}
    assert seen("officer_a") == {"emergency_plan_review", "resource_expired"}
    assert seen("officer_b") == set()


def test_a_recorded_inspection_or_drill_clears_the_deadline(session, registry, overdue):
    today = clock.today()
    emergency.record_inspection(
        session=session,
        actor=registry.users["regulator_em"],
        resource_id=overdue["store"].id,
        inspected_on=today,
        next_inspection_due=today + timedelta(days=180),
    )
    emergency.record_drill(
        session=session,
        actor=registry.users["admin"],
        plan_id=overdue["chem"].id,
        held_on=today,
        next_drill_due=today + timedelta(days=180),
    )
    items = deadlines.list_deadlines(session=session, actor=registry.users["regulator_em"])
    assert {d.rule.code for d in items if d.rule.code.startswith("emergency.")} == {
        "emergency.resource_expiry"
    }
