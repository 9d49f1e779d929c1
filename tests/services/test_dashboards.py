"""Dashboards: figures of the small data set by hand, month boundaries in Beijing time, and each
department's parts (the park committee and administrators see all; enterprises are refused)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hazchem.domain.errors import Forbidden
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import FacilityStock
from hazchem.services.oversight import dashboards
from tests.services.dash_data import KG, add_manifest, bj, build

TODAY = date(2026, 6, 30)
ALL_PARTS = ("flows", "manifests", "storage", "receiving", "transport", "licences")


@pytest.fixture
def data(session, registry, chain):
    built = build(session, registry, chain)
    # Delivered on 1 December 2025 and never confirmed: overdue on TODAY.
    add_manifest(
        session,
        registry,
        chain,
        5,
        chain.oil,
        [],
        status=ManifestStatus.DELIVERED.value,
        created_at=bj(2025, 12, 1),
        picked_up_at=bj(2025, 12, 1, 9),
        delivered_at=bj(2025, 12, 1, 15),
    )
    session.add(FacilityStock(facility_id=registry.facility_a.id, stock_g=170_000 * KG))
    session.commit()
    return built


def actor_of(registry, kind):
    base = registry.users["regulator_em"]
    return replace(base, department_kind=kind, department_id=registry.departments[kind].id)


def board(session, actor, **kw):
    return dashboards.dashboard(session=session, actor=actor, year=2025, today=TODAY, **kw)


def kg_by_month(table, cat):
    return {m: g // KG for m, g in enumerate(table.by_category[cat], start=1) if g}


def test_flows_by_category_and_month(session, registry, data):
    flows = board(session, registry.users["admin"]).flows
    assert kg_by_month(flows["generated"], "HW08") == {3: 300, 8: 10, 12: 50}
    assert kg_by_month(flows["generated"], "HW34") == {6: 30}
    # m1 was picked up at 04:00 on 1 April Beijing time (31 March in UTC): an April transfer.
    assert kg_by_month(flows["transferred"], "HW08") == {1: 70, 4: 300}
    assert kg_by_month(flows["transferred"], "HW34") == {7: 30}
    assert flows["treated"].categories == ["HW08"] and kg_by_month(flows["treated"], "HW08") == {5: 299}
    assert flows["generated"].total() == 390 * KG and flows["generated"].month_totals()[2] == 300 * KG


def test_manifest_counts_anomalies_and_overdue(session, registry, data):
    b = board(session, registry.users["admin"])
    nonzero = {k: v for k, v in b.statuses.items() if v}
    assert nonzero == {"treated": 1, "in_transit": 1, "rejected": 1, "accepted": 1, "delivered": 1}
    assert b.anomalies == 1 and b.overdue == 1
    # Before the five working days have passed, the same delivery is not overdue.
    early = dashboards.dashboard(
        session=session, actor=registry.users["admin"], year=2025, today=date(2025, 12, 2)
    )
    assert early.overdue == 0


def test_capacity_use_of_storage_and_receiving(session, registry, data, chain):
    b = board(session, registry.users["admin"])
    storage = {u.facility_id: (u.used_kg, u.capacity_kg, u.warn) for u in b.storage}
    assert storage[registry.facility_a.id] == (170_000, 200_000, True)
    assert storage[chain.store_b.id] == (0, 500_000, False)
    # B's incinerator accepted m1 (299 kg) in 2025 against 30,000 t/a; m3 was rejected (0).
    assert [(u.facility_id, u.used_kg, u.capacity_kg) for u in b.receiving] == [
        (registry.facility_b.id, 299, 30_000_000)
    ]


def test_transport_and_certificates(session, registry, data):
    b = board(session, registry.users["admin"])
    assert b.in_transit == 1 and b.certificates == []
    wide = board(session, registry.users["admin"], within_days=800)
    assert [(c.kind, c.name) for c in wide.certificates] == [("vehicle", "浙D12345")]


def test_licences_follow_the_departments_responsibilities(session, registry, data):
    em = board(session, registry.users["regulator_em"], within_days=300)
    assert [v.licence.number for v in em.licences] == [registry.use_licence.licence.number]
    eco = board(session, registry.users["regulator_eco"], within_days=300)
    assert eco.licences == []
    eco_wide = board(session, registry.users["regulator_eco"], within_days=1000)
    assert registry.hw_licence.licence.number in [v.licence.number for v in eco_wide.licences]
    assert registry.use_licence.licence.number not in [v.licence.number for v in eco_wide.licences]


@pytest.mark.parametrize(
    ("kind", "parts"),
    [
        ("park_committee", ALL_PARTS),
        ("ecology_environment", ("flows", "manifests", "storage", "receiving", "licences")),
        ("emergency_management", ("licences",)),
        ("public_security", ("licences",)),
        ("transport", ("transport", "licences")),
        ("market_regulation", ("licences",)),
    ],
)
def test_each_department_sees_its_own_parts(session, registry, data, kind, parts):
    b = board(session, actor_of(registry, kind))
    assert b.parts == parts
    for part, attrs in (
        ("flows", ("flows",)),
        ("manifests", ("statuses", "anomalies", "overdue")),
        ("storage", ("storage",)),
        ("receiving", ("receiving",)),
        ("transport", ("in_transit", "certificates")),
    ):
        for attr in attrs:
            assert (getattr(b, attr) is not None) == (part in parts), (kind, attr)


def test_administrators_see_every_part(session, registry, data):
    assert board(session, registry.users["admin"]).parts == ALL_PARTS


@pytest.mark.parametrize("who", ["officer_a", "operator_b", "driver"])
def test_enterprise_users_are_refused(session, registry, data, who):
    with pytest.raises(Forbidden):
        board(session, registry.users[who])
