"""Transfers across parks: a manifest from a generator in park A to a receiver in park B shows in both
parks, its generator-side deadlines and alerts go to A's departments and its receiver-side ones to B's
(each on its park's date), B sees the load coming before it arrives, a regional reader filters by park
and never reaches a park it does not read, and a transfer to another province keeps its approval."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from hazchem.domain.errors import NotFound, RuleViolation
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import Alert, Container, Park
from hazchem.services import waste
from hazchem.services.oversight import alerts, deadlines, registers
from hazchem.services.oversight.alerts import AlertFilters
from hazchem.services.oversight.deadlines import DeadlineFilters
from hazchem.services.oversight.search import ManifestFilters, search_manifests
from hazchem.services.platform import clock, work_calendar
from hazchem.services.registry import seed
from hazchem.services.work import work_items
from hazchem.services.work.worklist import Kind
from tests.services.conftest import TRANSFER_DATE, make_stored
from tests.services.crosspark_world import park_b_fixture, receiver_in  # noqa: F401  (the `park_b` fixture)
from tests.services.test_audit_search import add_manifest

RECEIPT = "manifest.receipt_confirmation"
PLAN = "annual.management_plan"
TODAY = TRANSFER_DATE


def beijing_morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


def to_b(session, registry, chain, park_b, n, **fields):
    """A manifest row from A's generator (park A) to park B's receiver."""
    values = {"receiver_id": park_b.receiver.id, "receiver_facility_id": park_b.plant.id, **fields}
    return add_manifest(session, registry, chain, n, **values)


def found(session, actor, **filters) -> set[str]:
    page = search_manifests(
        session=session, actor=actor, filters=ManifestFilters(**filters), limit=500, today=TRANSFER_DATE
    )
    return {m.number for m in page.items}


def listed(session, actor, today, rule):
    items = deadlines.list_deadlines(
        session=session, actor=actor, filters=DeadlineFilters(rule=rule), today=today, cal=work_calendar()
    )
    return items


# --- Deadlines: each side in its own park -----------------------------------------------------------


def test_receipt_deadline_is_the_receiver_parks_and_the_generators_filings_its_own(
    session, registry, chain, park_b
):
    m = to_b(
        session,
        registry,
        chain,
        park_b,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2026, 6, 1)),
    )
    today = date(2026, 6, 10)
    eco_a, eco_b = registry.users["regulator_eco"], park_b.users["regulator_eco_b"]
    province = park_b.users["province_eco"]
    [receipt] = listed(session, eco_b, today, RECEIPT)
    assert receipt.subject == m.number and receipt.extra["park_id"] == park_b.park.id
    assert receipt.party_id == park_b.receiver.id and receipt.status.value == "overdue"
    assert listed(session, eco_a, today, RECEIPT) == []
    assert listed(session, registry.users["regulator_pc"], today, RECEIPT) == []
    # The generator's annual plan is park A's: A's regulator sees it, B's does not.
    plans = listed(session, eco_a, today, PLAN)
    assert [p.party_id for p in plans] == [registry.ent_a.id] and plans[0].extra[
        "park_id"
    ] == registry.park.id
    assert listed(session, eco_b, today, PLAN) == []
    # The province reads both parks, each item marked with its park.
    both = {(d.rule.code, d.extra["park_id"]) for d in listed(session, province, today, None)}
    assert {(RECEIPT, park_b.park.id), (PLAN, registry.park.id)} <= both
    # The receiver itself still sees its own receipt to confirm.
    assert [d.subject for d in listed(session, park_b.users["officer_d"], today, RECEIPT)] == [m.number]


def test_each_item_is_judged_on_the_date_of_its_own_park(session, registry, chain, park_b, monkeypatch):
    # Park B keeps Xinjiang time, two hours behind Beijing: at 17:00 UTC it is still 9 June there.
    row = session.get(Park, park_b.park.id)
    row.timezone = "Asia/Urumqi"
    session.add(row)
    session.commit()
    to_b(
        session,
        registry,
        chain,
        park_b,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2026, 6, 1)),
    )
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 9, 17, tzinfo=UTC))
    items = deadlines.list_deadlines(session=session, actor=park_b.users["province_eco"])
    days = {d.rule.code: d.today for d in items}
    assert days[RECEIPT] == date(2026, 6, 9) and days[PLAN] == date(2026, 6, 10)


# --- Alerts: raised for each side's park --------------------------------------------------------------


def test_overdue_receipt_alerts_park_b_and_old_storage_park_a(session, registry, chain, park_b):
    m = to_b(
        session,
        registry,
        chain,
        park_b,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2026, 6, 1)),
    )
    [container] = make_stored(session, chain, count=1)
    row = session.get(Container, container.id)
    row.stored_at = datetime(2025, 6, 1, 2, tzinfo=UTC)
    session.add(row)
    session.commit()
    raised = alerts.sweep(session=session, now=datetime(2026, 6, 10, 4, tzinfo=UTC))
    assert raised["overdue_confirmation"] == 1 and raised["storage_age"] == 1
    by_kind = {a.kind: a for a in session.exec(select(Alert))}
    assert by_kind["overdue_confirmation"].park_id == park_b.park.id
    assert by_kind["storage_age"].park_id == registry.park.id

    def kinds(actor, **filters):
        page = alerts.list_alerts(session=session, actor=actor, filters=AlertFilters(**filters))
        return {(a.kind, a.entity_id) for a in page.items}

    overdue = ("overdue_confirmation", m.number)
    storage = ("storage_age", container.digital_id)
    assert kinds(park_b.users["regulator_eco_b"]) == {overdue}
    assert kinds(park_b.users["regulator_pc_b"]) == {overdue}
    assert kinds(registry.users["regulator_eco"]) == {storage}
    assert kinds(registry.users["regulator_pc"]) == {storage}
    province = park_b.users["province_eco"]
    assert kinds(province) == {overdue, storage}
    assert kinds(province, park_id=park_b.park.id) == {overdue}
    assert kinds(province, park_id=registry.park.id) == {storage}
    # A park's regulator asking for the other park gets nothing of it.
    assert kinds(registry.users["regulator_eco"], park_id=park_b.park.id) == set()
    # A's regulator cannot open B's alert by its id either.
    with pytest.raises(NotFound):
        alerts.get_alert(
            session=session,
            actor=registry.users["regulator_eco"],
            alert_id=by_kind["overdue_confirmation"].id,
        )


# --- Search: both parks, the park filter, incoming loads -------------------------------------------------


@pytest.fixture
def manifests(session, registry, chain, park_b):
    """1: A to B submitted; 2: A to B on the road; 3: A to B delivered; 4: within park A, submitted."""
    rows = {
        1: to_b(session, registry, chain, park_b, 1, status=ManifestStatus.SUBMITTED.value),
        2: to_b(session, registry, chain, park_b, 2, status=ManifestStatus.IN_TRANSIT.value),
        3: to_b(
            session,
            registry,
            chain,
            park_b,
            3,
            status=ManifestStatus.DELIVERED.value,
            delivered_at=beijing_morning(date(2026, 6, 2)),
        ),
        4: add_manifest(session, registry, chain, 4, status=ManifestStatus.SUBMITTED.value),
    }
    return {n: m.number for n, m in rows.items()}


def test_a_cross_park_manifest_shows_in_both_parks(session, registry, park_b, manifests):
    crossing = {manifests[1], manifests[2], manifests[3]}
    assert crossing <= found(session, registry.users["regulator_eco"])
    assert crossing <= found(session, park_b.users["regulator_eco_b"])
    assert crossing | {manifests[4]} <= found(session, park_b.users["province_eco"])
    assert crossing <= found(session, park_b.users["officer_d"])
    assert manifests[4] not in found(session, park_b.users["officer_d"])


def test_the_park_filter_stays_within_the_parks_read(session, registry, park_b, manifests):
    province, a, b = park_b.users["province_eco"], registry.park.id, park_b.park.id
    everything = set(manifests.values())
    assert found(session, province, park_id=a) == everything
    assert found(session, province, park_id=b) == everything - {manifests[4]}
    # A park outside the reader's parks finds nothing, even rows that also belong to its own park.
    assert found(session, registry.users["regulator_eco"], park_id=b) == set()
    assert found(session, park_b.users["regulator_eco_b"], park_id=a) == set()
    assert found(session, registry.users["regulator_pc"], park_id=b) == set()
    assert found(session, park_b.users["regulator_eco_b"], park_id=b) == everything - {manifests[4]}


def test_the_receiver_park_sees_loads_coming_before_they_arrive(session, registry, park_b, manifests):
    coming = {manifests[1], manifests[2]}
    assert found(session, park_b.users["regulator_eco_b"], incoming=True) == coming
    assert found(session, park_b.users["operator_d"], incoming=True) == coming
    assert found(session, park_b.users["province_eco"], incoming=True, park_id=park_b.park.id) == coming
    # Park A sends them: nothing is incoming to it, nor to A's own receiver.
    assert found(session, registry.users["regulator_eco"], incoming=True) == set()
    assert found(session, registry.users["officer_b"], incoming=True) == set()
    assert manifests[3] in found(session, park_b.users["regulator_eco_b"], incoming=False)


def test_incoming_loads_on_the_receiver_parks_work_lists(session, registry, park_b, manifests):
    for actor in (
        park_b.users["regulator_eco_b"],
        park_b.users["operator_d"],
        park_b.users["regulator_pc_b"],
    ):
        items = [
            i
            for i in work_items(session=session, actor=actor, today=TRANSFER_DATE)
            if i.kind is Kind.INCOMING
        ]
        assert {i.record for i in items} == {manifests[1], manifests[2]}
        assert all(i.params["origin_park_id"] == registry.park.id for i in items)
        said = str(items[0].title)
        assert "测试化工园区" in said and "900-249-08" in said and "1 t" in said and "2026-06-01" in said
    # The receiver's "on the way" line of a load from another park gives way to the incoming one.
    kinds = {
        i.kind for i in work_items(session=session, actor=park_b.users["operator_d"], today=TRANSFER_DATE)
    }
    assert Kind.ON_THE_WAY not in kinds
    for actor in (registry.users["regulator_eco"], registry.users["operator_b"]):
        kinds = {i.kind for i in work_items(session=session, actor=actor, today=TODAY)}
        assert Kind.INCOMING not in kinds


def test_the_register_names_each_side_s_park(session, registry, park_b, manifests):
    sheet = registers.manifest_register_sheet(
        session=session,
        actor=park_b.users["province_eco"],
        filters=ManifestFilters(park_id=park_b.park.id),
        today=TRANSFER_DATE,
    )
    rows = {r[0]: list(r[-2:]) for r in sheet.rows}
    assert rows == {manifests[n]: ["测试化工园区", "上虞精细化工园区"] for n in (1, 2, 3)}
    outside = registers.manifest_register_sheet(
        session=session,
        actor=registry.users["regulator_eco"],
        filters=ManifestFilters(park_id=park_b.park.id),
        today=TRANSFER_DATE,
    )
    assert list(outside.rows) == []


# --- The approval check across parks and provinces --------------------------------------------------------


def _draft_to(session, chain, plant, count=1):
    containers = make_stored(session, chain, count=count, weight="200")
    return waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=plant.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )


def test_a_transfer_between_parks_of_one_province_needs_no_approval(session, registry, chain, park_b):
    manifest = _draft_to(session, chain, park_b.plant)
    assert not manifest.cross_province
    outcome = waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert outcome.manifest.status == ManifestStatus.SUBMITTED.value


def test_a_transfer_to_a_park_of_another_province_still_needs_its_approval(session, registry, chain):
    jiangsu = seed.seed_park(session=session, name="苏州化工园区", region_code="320500")
    far, plant = receiver_in(
        session,
        registry,
        jiangsu,
        uscc_body="91320500000000088",
        name="苏州处置有限公司",
        region_code="320500",
    )
    manifest = _draft_to(session, chain, plant)
    assert manifest.cross_province
    with pytest.raises(RuleViolation) as refused:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert refused.value.rule == "submit.cross_province_approval"
    waste.create_approval(
        session=session,
        actor=registry.users["regulator_eco"],
        number="跨省审批-园区",
        generator_id=registry.ent_a.id,
        receiver_id=far.id,
        waste_code="900-249-08",
        quota_t="1",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    outcome = waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert outcome.manifest.status == ManifestStatus.SUBMITTED.value and outcome.manifest.approval_id
