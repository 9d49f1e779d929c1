"""The home page's work list: each role's items appear when due and go when done, scoped exactly as
the lists behind them (an enterprise's own, a driver's legs, a receiver's loads, a department's areas)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hazchem.domain.errors import Said
from hazchem.services import waste
from hazchem.services.oversight import alerts, review
from hazchem.services.platform import clock
from hazchem.services.work import CAP, work_items
from hazchem.services.work.worklist import Kind, TargetKind
from tests.services.conftest import TRANSFER_DATE, make_stored
from tests.services.exc_world import on_the_road
from tests.services.fleet_world import fleet_fixture, load_on  # noqa: F401  (the `fleet` fixture)

TODAY = TRANSFER_DATE


def items(session, actor, today=TODAY, kind=None):
    """The actor's work items (of one kind if asked), as the home page lists them."""
    found = work_items(session=session, actor=actor, today=today)
    return [i for i in found if kind is None or i.kind is kind]


def kinds(session, actor, today=TODAY) -> set[Kind]:
    return {i.kind for i in items(session, actor, today)}


def numbers(found) -> set[str]:
    return {i.record for i in found}


def draft(session, chain, count=1):
    """A draft manifest of freshly stored containers of enterprise A."""
    stored = make_stored(session, chain, count=count, weight="100")
    return waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )


def delivered(session, chain):
    """A manifest scanned in at enterprise B's plant, waiting to be weighed."""
    manifest, ids = on_the_road(session, chain, count=1)
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    return manifest, ids


# --- EHS officer ------------------------------------------------------------------------------------


def test_labelled_containers_wait_to_be_put_away_until_stored(session, registry, chain):
    made = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="50",
        gen_date=date(2026, 5, 1),
        count=2,
    )
    [line] = items(session, chain.officer, kind=Kind.PUT_AWAY)
    assert line.target.kind is TargetKind.PUT_AWAY and line.params["count"] == 2
    assert isinstance(line.title, Said) and line.title.code == "work.put_away"
    assert Kind.PUT_AWAY not in kinds(session, registry.users["officer_b"])
    for c in made:
        waste.put_away(session=session, actor=chain.officer, container_id=c.id, facility_id=chain.store_a.id)
    assert Kind.PUT_AWAY not in kinds(session, chain.officer)


def test_a_draft_is_to_submit_for_its_generator_only(session, registry, chain):
    manifest = draft(session, chain)
    [line] = items(session, chain.officer, kind=Kind.DRAFT)
    assert (line.target.kind, line.target.id, line.target.key) == (TargetKind.MANIFEST, manifest.id, "submit")
    assert line.due == TRANSFER_DATE and not line.overdue
    assert items(session, chain.officer, today=TRANSFER_DATE + timedelta(days=1), kind=Kind.DRAFT)[0].overdue
    # The receiver named on it and another enterprise's officer have nothing to submit.
    assert Kind.DRAFT not in kinds(session, chain.operator)
    assert Kind.DRAFT not in kinds(session, registry.users["officer_b"])
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert Kind.DRAFT not in kinds(session, chain.officer)


def test_drafts_beyond_the_cap_are_counted_on_a_line_to_the_full_list(session, chain):
    for _ in range(CAP + 2):
        draft(session, chain)
    found = items(session, chain.officer, kind=Kind.DRAFT)
    shown = [i for i in found if not i.more]
    [more] = [i for i in found if i.more]
    assert len(shown) == CAP and more.more == 2 and found[CAP] is more  # right after the kind's last
    assert (more.target.kind, more.target.key) == (TargetKind.MANIFESTS, "draft")


def test_a_storage_clock_near_its_limit_is_listed_until_the_container_leaves(session, registry, chain):
    [container] = make_stored(session, chain, count=1)
    stored_on = clock.today()
    near = stored_on + timedelta(days=350)
    assert Kind.STORAGE not in kinds(session, chain.officer, today=stored_on + timedelta(days=30))
    [line] = items(session, chain.officer, today=near, kind=Kind.STORAGE)
    assert line.target.kind is TargetKind.CONTAINER and line.target.key == container.digital_id
    assert not line.overdue and line.title.code == "work.storage_limit"
    [late] = items(session, chain.officer, today=stored_on + timedelta(days=400), kind=Kind.STORAGE)
    assert late.overdue and late.title.code == "work.storage_breach"
    assert Kind.STORAGE not in kinds(session, registry.users["officer_b"], today=near)
    # Regulators follow storage through their alerts: the clock is the enterprise's work.
    assert Kind.STORAGE not in kinds(session, registry.users["regulator_eco"], today=near)
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[container.id],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    waste.pick_up(
        session=session, actor=chain.driver, manifest_id=manifest.id, scanned=[container.digital_id]
    )
    assert Kind.STORAGE not in kinds(session, chain.officer, today=near)


def test_a_licence_due_for_renewal_is_its_holders_and_its_departments(session, registry, chain):
    soon = registry.use_licence.licence.valid_to - timedelta(days=20)
    [line] = items(session, chain.officer, today=soon, kind=Kind.LICENCE)
    assert (line.target.kind, line.target.id) == (TargetKind.LICENCE, registry.use_licence.licence.id)
    assert line.party == ""  # the holder reads its own list
    assert registry.use_licence.licence.id not in {
        i.target.id for i in items(session, registry.users["officer_b"], today=soon, kind=Kind.LICENCE)
    }
    [seen] = [
        i
        for i in items(session, registry.users["regulator_em"], today=soon, kind=Kind.LICENCE)
        if i.target.id == registry.use_licence.licence.id
    ]
    assert seen.party == registry.ent_a.name
    assert registry.use_licence.licence.id not in {
        i.target.id for i in items(session, registry.users["regulator_ps"], today=soon, kind=Kind.LICENCE)
    }
    # One line per licence, though its renewal and its expiry are both due.
    assert (
        len([i for i in items(session, registry.users["admin"], today=soon) if i.target.id == line.target.id])
        == 1
    )


def test_an_annual_filing_is_due_until_it_is_recorded(session, registry, chain):
    from hazchem.services.oversight import deadlines

    late = date(2026, 4, 10)
    filings = items(session, chain.officer, today=late, kind=Kind.FILING)
    codes = {i.title.code for i in filings}
    assert {"work.management_plan", "work.annual_declaration"} <= codes
    assert all(i.overdue for i in filings if i.title.code == "work.annual_declaration")
    assert Kind.FILING not in kinds(session, registry.users["officer_b"], today=late)  # not a generator
    deadlines.record_filing(
        session=session, actor=chain.officer, enterprise_id=registry.ent_a.id, kind="declaration", year=2026
    )
    assert "work.annual_declaration" not in {
        i.title.code for i in items(session, chain.officer, today=late, kind=Kind.FILING)
    }


# --- Driver and dispatcher ------------------------------------------------------------------------


def test_a_driver_picks_up_its_own_legs_then_carries_them(session, chain, fleet):
    manifest, stored = load_on(session, chain, fleet.leg_a)
    driver_a, driver_b = chain.driver, fleet.actors["driver_b"]
    [line] = items(session, driver_a, kind=Kind.PICK_UP)
    assert (line.target.kind, line.target.id) == (TargetKind.PICK_UP, manifest.id)
    assert not line.overdue and items(session, driver_a, today=TODAY + timedelta(days=2))[0].overdue
    assert items(session, driver_b) == []
    assert Kind.PICK_UP not in kinds(session, fleet.actors["dispatcher_d"])
    [dispatch] = items(session, fleet.actors["dispatcher_c"], kind=Kind.PICK_UP)
    assert (dispatch.target.kind, dispatch.target.key) == (TargetKind.MANIFEST, "pick-up")
    waste.pick_up(
        session=session, actor=driver_a, manifest_id=manifest.id, scanned=[c.digital_id for c in stored]
    )
    assert kinds(session, driver_a) == {Kind.ON_THE_ROAD}
    waste.deliver(
        session=session, actor=chain.operator, manifest_id=manifest.id, scanned=[c.digital_id for c in stored]
    )
    assert items(session, driver_a) == []


# --- Receiver ---------------------------------------------------------------------------------------


def test_a_receiver_scans_in_weighs_and_treats_its_loads(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=1)
    operator, officer_a = chain.operator, chain.officer
    [line] = items(session, operator, kind=Kind.ON_THE_WAY)
    assert (line.target.kind, line.target.id) == (TargetKind.ARRIVAL, manifest.id)
    assert Kind.ON_THE_WAY not in kinds(session, officer_a)
    waste.deliver(session=session, actor=operator, manifest_id=manifest.id, scanned=ids)
    [weigh] = items(session, operator, kind=Kind.WEIGH)
    assert (weigh.target.kind, weigh.target.key) == (TargetKind.MANIFEST, "weighing")
    assert Kind.ON_THE_WAY not in kinds(session, operator)
    assert Kind.WEIGH not in kinds(session, officer_a) | kinds(session, chain.driver)
    waste.record_receipt(session=session, actor=operator, manifest_id=manifest.id, weights_kg={ids[0]: "100"})
    [treat] = items(session, operator, kind=Kind.TREAT)
    assert treat.target.key == "treatment"
    waste.record_treatment(session=session, actor=operator, manifest_id=manifest.id, method_code="D10")
    assert {Kind.ON_THE_WAY, Kind.WEIGH, Kind.TREAT}.isdisjoint(kinds(session, operator))


def test_an_overdue_weighing_is_dated_for_the_receiver_and_listed_for_ecology(session, registry, chain):
    manifest, ids = delivered(session, chain)
    later = clock.today() + timedelta(days=20)
    [weigh] = items(session, chain.operator, today=later, kind=Kind.WEIGH)
    assert weigh.overdue and weigh.due is not None
    assert items(session, chain.operator, today=later)[0] is not None
    eco = items(session, registry.users["regulator_eco"], today=later, kind=Kind.RECEIPT_OVERDUE)
    assert numbers(eco) == {manifest.number}
    assert Kind.RECEIPT_OVERDUE not in kinds(session, registry.users["regulator_em"], today=later)
    assert Kind.RECEIPT_OVERDUE not in kinds(session, chain.operator, today=later)
    waste.record_receipt(
        session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg={ids[0]: "100"}
    )
    assert Kind.RECEIPT_OVERDUE not in kinds(session, registry.users["regulator_eco"], today=later)


# --- Regulators and the park ----------------------------------------------------------------------


def test_a_correction_request_is_answered_by_its_party_then_closed_by_its_department(
    session, registry, chain
):
    manifest, _ = delivered(session, chain)
    eco, em = registry.users["regulator_eco"], registry.users["regulator_em"]
    request = review.open_correction(
        session=session, actor=eco, manifest_id=manifest.id, section="generator", text="核对废物名称"
    )
    [asked] = items(session, chain.officer, kind=Kind.CORRECTION)
    assert asked.title.code == "work.answer_correction"
    assert (asked.target.id, asked.target.key) == (manifest.id, f"correction-{request.id}")
    assert Kind.CORRECTION not in kinds(session, chain.operator)  # addressed to the generator
    [waiting] = items(session, eco, kind=Kind.CORRECTION)
    assert waiting.title.code == "work.correction_waiting" and not waiting.overdue
    assert Kind.CORRECTION not in kinds(session, em)
    review.answer_correction(session=session, actor=chain.officer, request_id=request.id, reply="名称无误")
    assert Kind.CORRECTION not in kinds(session, chain.officer)
    [answered] = items(session, eco, kind=Kind.CORRECTION)
    assert answered.title.code == "work.correction_answered" and answered.overdue
    assert (
        items(session, registry.users["admin"], kind=Kind.CORRECTION)[0].title.code
        == "work.correction_answered"
    )
    review.close_correction(session=session, actor=eco, request_id=request.id)
    assert Kind.CORRECTION not in kinds(session, eco)


def test_a_weight_anomaly_is_ecologys_until_acknowledged(session, registry, chain):
    manifest, ids = delivered(session, chain)
    waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        weights_kg={ids[0]: "80"},
        anomaly_note="桶内有残留",
    )
    eco, em = registry.users["regulator_eco"], registry.users["regulator_em"]
    [anomaly] = items(session, eco, kind=Kind.ANOMALY)
    assert anomaly.target.kind is TargetKind.ALERT and anomaly.target.key == "weight_discrepancy"
    assert anomaly.title.code  # the alert's own message
    assert Kind.ANOMALY in kinds(session, registry.users["admin"])
    assert Kind.ANOMALY not in kinds(session, em)
    # Alerts are a regulator's and the park's work list, not the enterprises'.
    assert Kind.ANOMALY not in kinds(session, chain.operator)
    alerts.acknowledge(session=session, actor=eco, alert_id=anomaly.target.id, note="已核实")
    assert Kind.ANOMALY not in kinds(session, eco)


def test_overdue_items_come_first_then_the_nearest_due_date(session, registry, chain):
    draft(session, chain)
    later = draft(session, chain)
    later.transfer_date = TRANSFER_DATE + timedelta(days=5)
    session.add(later)
    session.commit()
    made = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="50",
        gen_date=date(2026, 5, 1),
    )
    assert made
    found = items(session, chain.officer, today=TRANSFER_DATE + timedelta(days=1))
    urgency = [0 if i.overdue else 1 if i.due else 2 for i in found]
    assert urgency == sorted(urgency)
    dated = [i.due for i in found if i.due and not i.overdue]
    assert dated == sorted(dated)
    drafts = [i for i in found if i.kind is Kind.DRAFT]
    [put_away] = [i for i in found if i.kind is Kind.PUT_AWAY]
    assert drafts[0].overdue and not drafts[1].overdue and drafts[1].due == later.transfer_date
    assert found.index(drafts[0]) < found.index(drafts[1]) < found.index(put_away)


@pytest.mark.parametrize("username", ["regulator_ps", "regulator_tr"])
def test_a_department_with_nothing_in_its_areas_has_an_empty_list(session, registry, chain, username):
    delivered(session, chain)
    draft(session, chain)
    assert items(session, registry.users[username]) == []
