"""Every alert kind from both sides, refused-action alerts surviving the rollback, the sweep's
idempotence, acknowledgement by department, and the list's scope and filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import Forbidden, InvalidInput, RuleViolation, said
from hazchem.domain.vocab import AlertKind, AlertSeverity
from hazchem.models import (
    Alert,
    Container,
    Facility,
    FacilityStock,
    Licence,
    LicenceLineUsage,
    Manifest,
    Signature,
    TransportLeg,
)
from hazchem.services import platform, waste
from hazchem.services.oversight import alerts
from hazchem.services.oversight.alerts import AlertFilters, SweepSettings
from tests.services.conftest import TRANSFER_DATE, make_stored


def draft(session, chain, containers, **kwargs):
    args = {
        "receiver_facility_id": chain.plant_b.id,
        "legs": [chain.leg],
        "transfer_date": TRANSFER_DATE,
        "planned_method": "D10",
    }
    args.update(kwargs)
    return waste.create_manifest(
        session=session, actor=chain.officer, container_ids=[c.id for c in containers], **args
    )


def submitted(session, chain, count=2, weight="200"):
    containers = make_stored(session, chain, count=count, weight=weight)
    manifest = draft(session, chain, containers)
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    return manifest, [c.digital_id for c in containers]


def picked_up(session, chain, **kwargs):
    manifest, ids = submitted(session, chain, **kwargs)
    waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids)
    return manifest, ids


def delivered(session, chain, **kwargs):
    manifest, ids = picked_up(session, chain, **kwargs)
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    return manifest, ids


def of_kind(session, kind):
    session.expire_all()
    return list(session.exec(select(Alert).where(Alert.kind == kind.value).order_by(Alert.id)))


def count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def set_fields(session, model, id_, **values):
    session.expire_all()
    row = session.get(model, id_)
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()


def at(day: date, hour: int = 4) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


# --- Weight discrepancy ------------------------------------------------------------------------------


def test_weight_discrepancy_beyond_tolerance_raises_an_alert_for_the_generator(session, registry, chain):
    manifest, ids = delivered(session, chain)
    waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        weights_kg={ids[0]: "200", ids[1]: "215"},
        anomaly_note="复磅确认",
    )
    [alert] = of_kind(session, AlertKind.WEIGHT_DISCREPANCY)
    assert alert.enterprise_id == registry.ent_a.id and alert.department_kind == "ecology_environment"
    assert alert.counterparty_id == manifest.receiver_id == registry.ent_b.id
    assert manifest.number in alert.message and ids[1] in alert.message and ids[0] not in alert.message
    # Both parties' officers see it; neither party may acknowledge it.
    users = registry.users
    for user in ("officer_a", "operator_b", "officer_b"):
        page = alerts.list_alerts(session=session, actor=users[user], filters=AlertFilters(state="all"))
        assert [a.id for a in page.items] == [alert.id], user
        assert alerts.get_alert(session=session, actor=users[user], alert_id=alert.id).id == alert.id
    assert not alerts.can_acknowledge(users["operator_b"], alert)


def test_weights_within_tolerance_raise_nothing(session, chain):
    manifest, ids = delivered(session, chain)
    waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        weights_kg={ids[0]: "201", ids[1]: "199"},
    )
    assert of_kind(session, AlertKind.WEIGHT_DISCREPANCY) == []


def test_a_refused_receipt_leaves_no_weight_alert(session, chain):
    manifest, ids = delivered(session, chain)
    with pytest.raises(RuleViolation):
        waste.record_receipt(
            session=session,
            actor=chain.operator,
            manifest_id=manifest.id,
            weights_kg={ids[0]: "200", ids[1]: "215"},
        )
    assert of_kind(session, AlertKind.WEIGHT_DISCREPANCY) == []


# --- Overdue confirmation (sweep) ---------------------------------------------------------------------


def test_overdue_confirmation_is_raised_by_the_sweep_and_only_once(session, registry, chain):
    manifest, _ = delivered(session, chain)
    set_fields(session, Manifest, manifest.id, delivered_at=at(date(2026, 6, 1)))
    # Monday 1 June + 5 working days = Monday 8 June: nothing on the due day itself.
    assert alerts.sweep(session=session, now=at(date(2026, 6, 8))).get("overdue_confirmation") is None
    assert of_kind(session, AlertKind.OVERDUE_CONFIRMATION) == []
    first = alerts.sweep(session=session, now=at(date(2026, 6, 9)))
    assert first["overdue_confirmation"] == 1
    [alert] = of_kind(session, AlertKind.OVERDUE_CONFIRMATION)
    assert alert.enterprise_id == registry.ent_b.id and "2026-06-08" in alert.message
    assert alert.severity == "breach"
    again = alerts.sweep(session=session, now=at(date(2026, 6, 10)))
    assert again == {} and len(of_kind(session, AlertKind.OVERDUE_CONFIRMATION)) == 1


def test_a_confirmed_receipt_is_never_overdue(session, chain):
    manifest, ids = delivered(session, chain)
    waste.record_receipt(
        session=session, actor=chain.operator, manifest_id=manifest.id, weights_kg={i: "200" for i in ids}
    )
    set_fields(session, Manifest, manifest.id, delivered_at=at(date(2026, 6, 1)))
    alerts.sweep(session=session, now=at(date(2026, 7, 1)))
    assert of_kind(session, AlertKind.OVERDUE_CONFIRMATION) == []


# --- Storage near or over the one-year limit (sweep) --------------------------------------------------


def test_storage_age_warning_then_breach(session, registry, chain):
    old, recent = make_stored(session, chain, count=2)
    set_fields(session, Container, old.id, stored_at=at(date(2025, 6, 1)))
    set_fields(session, Container, recent.id, stored_at=at(date(2026, 5, 1)))
    settings = SweepSettings(storage_warning_days=300)
    # Stored 2025-06-01: day 299 on 2026-03-27, day 300 on 2026-03-28, limit 2026-06-01.
    alerts.sweep(session=session, now=at(date(2026, 3, 27)), settings=settings)
    assert of_kind(session, AlertKind.STORAGE_AGE) == []
    alerts.sweep(session=session, now=at(date(2026, 3, 28)), settings=settings)
    [warning] = of_kind(session, AlertKind.STORAGE_AGE)
    assert warning.severity == "warning" and warning.entity_id == old.digital_id
    assert warning.enterprise_id == registry.ent_a.id and "2026-06-01" in warning.message
    alerts.sweep(session=session, now=at(date(2026, 6, 1)), settings=settings)
    assert len(of_kind(session, AlertKind.STORAGE_AGE)) == 1  # the limit day itself is no breach yet
    alerts.sweep(session=session, now=at(date(2026, 6, 2)), settings=settings)
    breach = of_kind(session, AlertKind.STORAGE_AGE)[-1]
    assert breach.severity == "breach" and breach.entity_id == old.digital_id
    assert len(of_kind(session, AlertKind.STORAGE_AGE)) == 2


def test_containers_no_longer_in_storage_raise_no_storage_alert(session, chain):
    manifest, _ = picked_up(session, chain)
    for container in session.exec(select(Container).where(Container.manifest_id == manifest.id)):
        set_fields(session, Container, container.id, stored_at=at(date(2025, 1, 1)))
    alerts.sweep(session=session, now=at(date(2026, 6, 2)))
    assert of_kind(session, AlertKind.STORAGE_AGE) == []


# --- Capacity use at 80 % ------------------------------------------------------------------------------


def set_usage(session, registry, accepted_g):
    line_id = registry.hw_licence.lines[0].id
    platform.ensure_row(
        session, LicenceLineUsage, line_id=line_id, year=TRANSFER_DATE.year, accepted_g=0, in_flight_g=0
    )
    set_fields(session, LicenceLineUsage, (line_id, TRANSFER_DATE.year), accepted_g=accepted_g)


def test_licence_line_crossing_80_percent_at_submit_raises_one_alert(session, registry, chain):
    # 30,000 t a year; 23,999.8 t used, so 0.4 t more crosses 24,000 t (80 %).
    set_usage(session, registry, 24_000_000_000 - 200_000)
    submitted(session, chain)
    [alert] = of_kind(session, AlertKind.CAPACITY_USE)
    assert alert.entity == "licence" and alert.enterprise_id == registry.ent_b.id
    assert "80.0 %" in alert.message and alert.key == f"capacity:line:{registry.hw_licence.lines[0].id}:2026"
    submitted(session, chain)  # already above: the same condition, no second alert
    assert len(of_kind(session, AlertKind.CAPACITY_USE)) == 1


def test_licence_line_below_80_percent_raises_nothing(session, registry, chain):
    set_usage(session, registry, 24_000_000_000 - 500_000)
    submitted(session, chain)  # 0.4 t more stays 0.1 t under 80 %
    assert of_kind(session, AlertKind.CAPACITY_USE) == []


def test_storage_facility_crossing_80_percent_and_again_after_acknowledgement(session, registry, chain):
    set_fields(session, Facility, chain.store_a.id, storage_capacity_kg=1000)
    make_stored(session, chain, count=3, weight="200")  # 600 kg: 60 %
    assert of_kind(session, AlertKind.CAPACITY_USE) == []
    make_stored(session, chain, count=1, weight="200")  # 800 kg: 80 %
    [alert] = of_kind(session, AlertKind.CAPACITY_USE)
    assert (
        alert.entity == "facility" and alert.enterprise_id == registry.ent_a.id and "80.0 %" in alert.message
    )
    make_stored(session, chain, count=1, weight="100")  # still above: no new alert
    assert len(of_kind(session, AlertKind.CAPACITY_USE)) == 1
    alerts.acknowledge(
        session=session, actor=registry.users["regulator_eco"], alert_id=alert.id, note="已督促转移"
    )
    set_fields(session, FacilityStock, chain.store_a.id, stock_g=500_000)
    make_stored(session, chain, count=1, weight="300")  # crosses again
    assert len(of_kind(session, AlertKind.CAPACITY_USE)) == 2


def test_receiver_store_crossing_80_percent_at_arrival(session, registry, chain):
    set_fields(session, Facility, chain.plant_b.id, storage_capacity_kg=450)
    delivered(session, chain)  # 400 kg of 450 kg: 88.9 %
    [alert] = of_kind(session, AlertKind.CAPACITY_USE)
    assert alert.entity_id == str(chain.plant_b.id) and alert.enterprise_id == registry.ent_b.id


# --- Licences expiring or expired under an open manifest (sweep) ----------------------------------------


def test_receiver_licence_expiring_then_expired_under_an_open_manifest(session, registry, chain):
    manifest, _ = submitted(session, chain)
    set_fields(session, Licence, chain.transport.licence.id, valid_to=date(2030, 12, 31))
    settings = SweepSettings(expiry_warning_days=60)
    alerts.sweep(session=session, now=at(date(2028, 10, 31)), settings=settings)  # 61 days left
    assert of_kind(session, AlertKind.LICENCE_EXPIRY) == []
    alerts.sweep(session=session, now=at(date(2028, 11, 1)), settings=settings)  # 60 days left
    [expiring] = of_kind(session, AlertKind.LICENCE_EXPIRY)
    assert expiring.severity == "warning" and expiring.entity_id == registry.hw_licence.licence.number
    assert manifest.number in expiring.message and expiring.department_kind == "ecology_environment"
    assert expiring.enterprise_id == registry.ent_b.id
    alerts.sweep(session=session, now=at(date(2029, 1, 1)), settings=settings)
    expired = of_kind(session, AlertKind.LICENCE_EXPIRY)[-1]
    assert expired.severity == "breach" and "expired on 2028-12-31" in expired.message


def test_licence_expiry_without_an_open_manifest_raises_nothing(session, registry, chain):
    draft(session, chain, make_stored(session, chain, count=1))  # a draft relies on no licence yet
    alerts.sweep(session=session, now=at(date(2029, 1, 1)))
    assert of_kind(session, AlertKind.LICENCE_EXPIRY) == []


def test_carrier_licence_expiring_under_a_manifest_on_the_road_goes_to_transport(session, registry, chain):
    picked_up(session, chain)
    set_fields(session, Licence, chain.transport.licence.id, valid_to=date(2026, 12, 31))
    alerts.sweep(session=session, now=at(date(2026, 12, 1)))
    found = {a.entity_id: a for a in of_kind(session, AlertKind.LICENCE_EXPIRY)}
    carrier = found[chain.transport.licence.number]
    assert carrier.department_kind == "transport" and carrier.enterprise_id == registry.ent_c.id
    assert registry.hw_licence.licence.number not in found  # valid to 2028


# --- Transport legs longer than the configured hours ----------------------------------------------------


def leg_of(session, manifest):
    session.expire_all()
    return session.exec(select(TransportLeg).where(TransportLeg.manifest_id == manifest.id)).one()


def test_a_leg_still_on_the_road_past_the_limit_is_swept(session, registry, chain):
    manifest, _ = picked_up(session, chain)
    now = datetime(2026, 6, 10, 12, tzinfo=UTC)
    leg = leg_of(session, manifest)
    set_fields(session, TransportLeg, leg.id, picked_up_at=now - timedelta(hours=47))
    settings = SweepSettings(long_leg_hours=48)
    alerts.sweep(session=session, now=now, settings=settings)
    assert of_kind(session, AlertKind.LONG_TRANSPORT_LEG) == []
    alerts.sweep(session=session, now=now + timedelta(hours=2), settings=settings)
    [alert] = of_kind(session, AlertKind.LONG_TRANSPORT_LEG)
    assert alert.department_kind == "transport" and alert.enterprise_id == registry.ent_c.id
    assert "49.0 h" in alert.message and "still on the road" in alert.message


def test_a_long_leg_found_at_delivery_is_raised_in_the_delivery(session, registry, chain):
    manifest, ids = picked_up(session, chain)
    leg = leg_of(session, manifest)
    set_fields(session, TransportLeg, leg.id, picked_up_at=datetime.now(UTC) - timedelta(hours=30))
    waste.deliver(
        session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids, long_leg_hours=24
    )
    [alert] = of_kind(session, AlertKind.LONG_TRANSPORT_LEG)
    assert "still on the road" not in alert.message


def test_a_short_leg_raises_nothing_at_delivery(session, chain):
    manifest, ids = picked_up(session, chain)
    waste.deliver(
        session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids, long_leg_hours=24
    )
    assert of_kind(session, AlertKind.LONG_TRANSPORT_LEG) == []


# --- Refused actions: the alert survives, the action leaves nothing --------------------------------------


def test_unlicensed_receiver_refusal_is_recorded_while_the_manifest_stays_a_draft(session, registry, chain):
    manifest = draft(session, chain, make_stored(session, chain, count=1), transfer_date=date(2029, 1, 10))
    with pytest.raises(RuleViolation):
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    [alert] = of_kind(session, AlertKind.COMPLIANCE_REFUSAL)
    assert alert.enterprise_id == registry.ent_a.id and alert.entity_id == manifest.number
    assert "submit.receiver_licence" in alert.message and alert.severity == "breach"
    # The alert says the refusal's own message, in any language, as it was said in English.
    assert alert.message_code == "refusal_alert.refused" and str(alert.said) == alert.message
    session.expire_all()
    kept = session.get(Manifest, manifest.id)
    assert kept.status == "draft" and kept.reserved_g == 0 and kept.submitted_at is None
    assert session.exec(select(Signature).where(Signature.manifest_id == manifest.id)).all() == []
    assert count(session, LicenceLineUsage) == 0
    with pytest.raises(RuleViolation):  # a retry the same day is the same condition
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert len(of_kind(session, AlertKind.COMPLIANCE_REFUSAL)) == 1


def test_a_licensed_receiver_raises_no_refusal_alert(session, chain):
    submitted(session, chain)
    assert of_kind(session, AlertKind.COMPLIANCE_REFUSAL) == []


def test_other_refusals_are_not_compliance_alerts(session, registry, chain):
    manifest, ids = submitted(session, chain)
    with pytest.raises(RuleViolation):
        waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids[:1])
    assert of_kind(session, AlertKind.COMPLIANCE_REFUSAL) == []


def test_segregation_refusal_is_recorded_while_the_container_stays_out(session, registry, chain):
    make_stored(session, chain, count=1, stream=chain.acid)
    alkali = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.alkali.id,
        packaging="塑料桶",
        volume_l=50,
        net_weight_kg="40",
        gen_date=date(2026, 5, 1),
    )[0]
    stock_before = waste.stock_g(session, chain.store_a.id)
    with pytest.raises(RuleViolation):
        waste.put_away(
            session=session, actor=chain.officer, container_id=alkali.id, facility_id=chain.store_a.id
        )
    [alert] = of_kind(session, AlertKind.COMPLIANCE_REFUSAL)
    assert alert.entity_id == alkali.digital_id and "storage.segregation" in alert.message
    assert alert.enterprise_id == registry.ent_a.id
    session.expire_all()
    assert session.get(Container, alkali.id).status == "generated"
    assert waste.stock_g(session, chain.store_a.id) == stock_before


def test_compatible_put_away_raises_no_refusal_alert(session, chain):
    make_stored(session, chain, count=1, stream=chain.acid)
    make_stored(session, chain, count=1)
    assert of_kind(session, AlertKind.COMPLIANCE_REFUSAL) == []


# --- Acknowledgement -------------------------------------------------------------------------------------


def transport_regulator(session, registry):
    """The shared fixture's transport-department regulator."""
    return registry.users["regulator_tr"]


def raise_one(session, registry, key, kind=AlertKind.WEIGHT_DISCREPANCY, department=None, enterprise=None):
    from hazchem.domain.alerting import ALERT_DEPARTMENT

    platform.raise_alert(
        session,
        key=key,
        kind=kind,
        severity=AlertSeverity.WARNING,
        department_kind=department or ALERT_DEPARTMENT[kind],
        entity="manifest",
        entity_id=key,
        said=said(key, {}),
        enterprise_id=(enterprise or registry.ent_a).id,
    )
    session.commit()
    return session.exec(select(Alert).where(Alert.key == key)).one()


def test_acknowledging_needs_the_alerts_department(session, registry):
    leg_alert = raise_one(session, registry, "leg", AlertKind.LONG_TRANSPORT_LEG, enterprise=registry.ent_c)
    with pytest.raises(Forbidden):
        alerts.acknowledge(
            session=session, actor=registry.users["regulator_eco"], alert_id=leg_alert.id, note="ok"
        )
    transport = transport_regulator(session, registry)
    with pytest.raises(InvalidInput):
        alerts.acknowledge(session=session, actor=transport, alert_id=leg_alert.id, note="")
    done = alerts.acknowledge(session=session, actor=transport, alert_id=leg_alert.id, note="司机已报备")
    assert done.ack_note == "司机已报备" and count(session, Alert) == 1


# --- The list: scope and filters ---------------------------------------------------------------------------


def keys(session, actor, **filters):
    page = alerts.list_alerts(session=session, actor=actor, filters=AlertFilters(**filters), limit=200)
    return {a.key for a in page.items}


@pytest.fixture
def mixed(session, registry):
    raise_one(session, registry, "w-a", AlertKind.WEIGHT_DISCREPANCY)
    raise_one(session, registry, "s-b", AlertKind.STORAGE_AGE, enterprise=registry.ent_b)
    raise_one(session, registry, "l-c", AlertKind.LONG_TRANSPORT_LEG, enterprise=registry.ent_c)
    raise_one(session, registry, "h-a", AlertKind.MAJOR_HAZARD)
    done = raise_one(session, registry, "o-b", AlertKind.OVERDUE_CONFIRMATION, enterprise=registry.ent_b)
    alerts.acknowledge(session=session, actor=registry.users["admin"], alert_id=done.id, note="已处理")
    return registry


def test_each_actor_sees_its_scope(session, mixed):
    users = mixed.users
    assert keys(session, users["admin"], state="all") == {"w-a", "s-b", "l-c", "h-a", "o-b"}
    assert keys(session, users["regulator_eco"], state="all") == {"w-a", "s-b", "o-b"}
    assert keys(session, users["regulator_em"], state="all") == {"h-a"}
    assert keys(session, transport_regulator(session, mixed), state="all") == {"l-c"}
    assert keys(session, users["officer_a"], state="all") == {"w-a", "h-a"}
    assert keys(session, users["operator_b"], state="all") == {"s-b", "o-b"}
    with pytest.raises(Forbidden):
        keys(session, users["driver"])
    other = raise_one(session, mixed, "x-c", AlertKind.STORAGE_AGE, enterprise=mixed.ent_c)
    with pytest.raises(Exception, match="not found"):
        alerts.get_alert(session=session, actor=users["officer_a"], alert_id=other.id)
    assert alerts.get_alert(session=session, actor=users["regulator_eco"], alert_id=other.id).key == "x-c"


def test_a_counterparty_sees_the_alert_and_nobody_else_gains_it(session, registry):
    users = registry.users
    for key, owner, other in (
        ("a-c", registry.ent_a, registry.ent_c),
        ("c-b", registry.ent_c, registry.ent_b),
    ):
        platform.raise_alert(
            session,
            key=key,
            kind=AlertKind.WEIGHT_DISCREPANCY,
            severity=AlertSeverity.WARNING,
            department_kind="ecology_environment",
            entity="manifest",
            entity_id=key,
            said=said(key, {}),
            enterprise_id=owner.id,
            counterparty_id=other.id,
        )
    session.commit()
    assert keys(session, users["officer_a"], state="all") == {"a-c"}
    assert keys(session, users["operator_b"], state="all") == {"c-b"}
    assert keys(session, users["regulator_eco"], state="all") == {"a-c", "c-b"}


def test_filters_by_department_enterprise_kind_and_state(session, mixed):
    admin = mixed.users["admin"]
    assert keys(session, admin) == {"w-a", "s-b", "l-c", "h-a"}  # open by default
    assert keys(session, admin, state="acknowledged") == {"o-b"}
    assert keys(session, admin, department_kind="transport") == {"l-c"}
    assert keys(session, admin, department_kind="emergency_management", state="all") == {"h-a"}
    assert keys(session, admin, enterprise_id=mixed.ent_b.id, state="all") == {"s-b", "o-b"}
    assert keys(session, admin, kind="storage_age") == {"s-b"}
    assert keys(session, admin, kind="storage_age", enterprise_id=mixed.ent_a.id) == set()
    # A regulator filtering for another department's alerts sees none of them.
    assert keys(session, mixed.users["regulator_eco"], department_kind="transport") == set()


def test_parse_filters_refuses_unknown_values():
    assert alerts.parse_filters(
        department_kind="transport", enterprise_id="3", kind="storage_age"
    ) == AlertFilters("transport", 3, "storage_age", "open")
    for bad in (
        {"department_kind": "customs"},
        {"kind": "fire"},
        {"state": "closed"},
        {"enterprise_id": "x"},
    ):
        with pytest.raises(InvalidInput):
            alerts.parse_filters(**bad)


def test_paging_walks_newest_first_without_repeats(session, registry):
    for n in range(5):
        raise_one(session, registry, f"k{n}")
    admin = registry.users["admin"]
    seen, after = [], None
    while True:
        page = alerts.list_alerts(session=session, actor=admin, after=after, limit=2)
        seen.extend(a.key for a in page.items)
        after = page.next_after
        if after is None:
            break
    assert seen == ["k4", "k3", "k2", "k1", "k0"]


def test_sweep_with_nothing_due_records_nothing(session, registry, chain):
    make_stored(session, chain, count=1)
    assert alerts.sweep(session=session, now=at(date(2026, 6, 1))) == {}
    assert count(session, Alert) == 0
