"""Manifest audit search: every filter from both sides, combinations, keyset paging, scoping, overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hazchem.domain.errors import InvalidInput
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import Manifest, TransportLeg
from hazchem.services.oversight.search import ManifestFilters, parse_filters, search_manifests
from hazchem.services.platform import work_calendar

TODAY = date(2026, 6, 30)


def add_manifest(session, registry, chain, n, **fields):
    """Insert a manifest row directly (the audit reads rows; signing paths are tested elsewhere)."""
    values = dict(
        number=f"2026330600{n:04d}",
        status=ManifestStatus.DRAFT.value,
        waste_code="900-249-08",
        stream_id=chain.oil.id,
        generator_id=registry.ent_a.id,
        receiver_id=registry.ent_b.id,
        receiver_facility_id=chain.store_b.id,
        mode="dispose",
        transfer_date=date(2026, 6, 1),
        declared_g=1_000_000,
        created_at=datetime(2026, 6, 1, 2, 0, tzinfo=UTC),
    )
    values.update(fields)
    carrier = values.pop("carrier_id", registry.ent_c.id)
    manifest = Manifest(**values)
    session.add(manifest)
    session.flush()
    if carrier is not None:
        session.add(
            TransportLeg(
                manifest_id=manifest.id,
                seq=1,
                carrier_id=carrier,
                vehicle_id=registry.vehicle.id,
                driver_id=registry.driver.id,
            )
        )
    session.commit()
    return manifest


def numbers(session, actor, today=TODAY, **kw):
    page = search_manifests(
        session=session, actor=actor, filters=ManifestFilters(**kw), limit=500, today=today
    )
    return {m.number[-4:] for m in page.items}


@pytest.fixture
def admin(registry):
    return registry.users["admin"]


def test_status_filter_single_and_several(session, registry, chain, admin):
    add_manifest(session, registry, chain, 1, status=ManifestStatus.DELIVERED.value)
    add_manifest(session, registry, chain, 2, status=ManifestStatus.CLOSED.value)
    add_manifest(session, registry, chain, 3)
    assert numbers(session, admin, statuses=(ManifestStatus.DELIVERED,)) == {"0001"}
    assert numbers(session, admin, statuses=(ManifestStatus.DELIVERED, ManifestStatus.CLOSED)) == {
        "0001",
        "0002",
    }
    assert numbers(session, admin) == {"0001", "0002", "0003"}


@pytest.mark.parametrize(
    ("column", "prefix"),
    [
        ("created_at", "created"),
        ("picked_up_at", "shipped"),
        ("accepted_at", "received"),
        ("treated_at", "treated"),
    ],
)
def test_date_ranges_use_beijing_days(session, registry, chain, admin, column, prefix):
    # 2026-06-10 17:00 UTC is 2026-06-11 01:00 in Beijing.
    add_manifest(session, registry, chain, 1, **{column: datetime(2026, 6, 10, 17, 0, tzinfo=UTC)})
    add_manifest(session, registry, chain, 2, **{column: datetime(2026, 6, 12, 3, 0, tzinfo=UTC)})
    got = numbers(session, admin, **{f"{prefix}_from": date(2026, 6, 11), f"{prefix}_to": date(2026, 6, 11)})
    assert got == {"0001"}
    assert numbers(session, admin, **{f"{prefix}_from": date(2026, 6, 12)}) == {"0002"}
    assert numbers(session, admin, **{f"{prefix}_to": date(2026, 6, 10)}) == set()


def test_party_filters(session, registry, chain, admin):
    add_manifest(session, registry, chain, 1)
    add_manifest(
        session,
        registry,
        chain,
        2,
        generator_id=registry.ent_b.id,
        receiver_id=registry.ent_a.id,
        carrier_id=None,
    )
    a, b, c = registry.ent_a.id, registry.ent_b.id, registry.ent_c.id
    assert numbers(session, admin, generator_id=a) == {"0001"}
    assert numbers(session, admin, generator_id=b) == {"0002"}
    assert numbers(session, admin, receiver_id=a) == {"0002"}
    assert numbers(session, admin, carrier_id=c) == {"0001"}
    assert numbers(session, admin, carrier_id=a) == set()


def test_waste_code_category_quantity_flags(session, registry, chain, admin):
    add_manifest(session, registry, chain, 1, declared_g=2_500_000, anomaly=True)
    add_manifest(
        session, registry, chain, 2, waste_code="900-300-34", declared_g=10_000_000, cross_province=True
    )
    assert numbers(session, admin, waste_code="900-249-08") == {"0001"}
    assert numbers(session, admin, category="HW34") == {"0002"}
    assert numbers(session, admin, category="HW08") == {"0001"}
    assert numbers(session, admin, category="HW35") == set()
    assert numbers(session, admin, declared_min_g=3_000_000) == {"0002"}
    assert numbers(session, admin, declared_max_g=2_500_000) == {"0001"}
    assert numbers(session, admin, anomaly=True) == {"0001"}
    assert numbers(session, admin, anomaly=False) == {"0002"}
    assert numbers(session, admin, cross_province=True) == {"0002"}
    assert numbers(session, admin, cross_province=False) == {"0001"}
    # Combined filters must all hold.
    assert numbers(session, admin, category="HW34", cross_province=True, declared_min_g=1) == {"0002"}
    assert numbers(session, admin, category="HW34", anomaly=True) == set()


def test_overdue_across_national_day(session, registry, chain, admin):
    # Delivered Tue 2025-09-30 (Beijing); Oct 1-8 are holidays, Sat Oct 11 is a make-up working day,
    # so the five working days are Oct 9, 10, 11, 13, 14: due 2025-10-14, overdue from Oct 15.
    delivered = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
    add_manifest(session, registry, chain, 1, status=ManifestStatus.DELIVERED.value, delivered_at=delivered)
    add_manifest(
        session,
        registry,
        chain,
        2,
        status=ManifestStatus.ACCEPTED.value,
        delivered_at=delivered,
        accepted_at=datetime(2025, 10, 20, tzinfo=UTC),
    )
    assert numbers(session, admin, today=date(2025, 10, 14), overdue=True) == set()
    assert numbers(session, admin, today=date(2025, 10, 15), overdue=True) == {"0001"}
    assert numbers(session, admin, today=date(2025, 10, 15), overdue=False) == {"0002"}


def test_overdue_across_a_weekend(session, registry, chain, admin):
    # Delivered Friday 2026-06-05 10:00 Beijing: due Friday 2026-06-12.
    add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 6, 5, 2, tzinfo=UTC),
    )
    assert work_calendar().add_working_days(date(2026, 6, 5), 5) == date(2026, 6, 12)
    assert numbers(session, admin, today=date(2026, 6, 12), overdue=True) == set()
    assert numbers(session, admin, today=date(2026, 6, 13), overdue=True) == {"0001"}


def test_paging_walks_every_result_once(session, registry, chain, admin):
    for n in range(1, 24):
        # Several manifests share a creation moment, so the id tie-break matters.
        add_manifest(
            session,
            registry,
            chain,
            n,
            created_at=datetime(2026, 6, 1 + n // 4, tzinfo=UTC),
            declared_g=n % 5 * 1000,
        )
    for sort in ("-created_at", "created_at", "declared", "-declared", "number", "-transfer_date"):
        seen, after = [], None
        while True:
            page = search_manifests(
                session=session,
                actor=admin,
                filters=ManifestFilters(sort=sort),
                after=after,
                limit=5,
                today=TODAY,
            )
            seen += [m.id for m in page.items]
            after = page.next_after
            if after is None:
                break
        assert len(seen) == 23 and len(set(seen)) == 23, sort
    first = search_manifests(session=session, actor=admin, filters=ManifestFilters(), limit=3, today=TODAY)
    assert [m.created_at for m in first.items] == sorted((m.created_at for m in first.items), reverse=True)


def test_scoping(session, registry, chain):
    add_manifest(session, registry, chain, 1)
    add_manifest(session, registry, chain, 2, carrier_id=None)
    assert numbers(session, registry.users["officer_a"]) == {"0001", "0002"}
    assert numbers(session, registry.users["officer_b"]) == {"0001", "0002"}
    assert numbers(session, registry.users["regulator_eco"]) == {"0001", "0002"}


def test_outsider_sees_none(session, registry, chain):
    from dataclasses import replace

    add_manifest(session, registry, chain, 1)
    outsider = replace(registry.users["officer_a"], enterprise_ids=frozenset({999_999}))
    carrier = replace(registry.users["officer_a"], enterprise_ids=frozenset({registry.ent_c.id}))
    assert numbers(session, outsider) == set()
    assert numbers(session, carrier) == {"0001"}


@pytest.mark.parametrize(
    "args",
    [
        {"status": "lost"},
        {"created_from": "2026-13-01"},
        {"created_from": "2026-06-02", "created_to": "2026-06-01"},
        {"generator_id": "x"},
        {"waste_code": "900-249"},
        {"category": "HW8"},
        {"min_t": "-1"},
        {"min_t": "5", "max_t": "1"},
        {"anomaly": "maybe"},
        {"sort": "colour"},
    ],
)
def test_invalid_filters_are_refused(args):
    with pytest.raises(InvalidInput):
        parse_filters(args)


def test_parse_filters_round_trip():
    filters = parse_filters(
        {
            "status": ["delivered", "accepted"],
            "min_t": "1.5",
            "category": "hw08",
            "overdue": "true",
            "sort": "number",
        }
    )
    assert filters.statuses == (ManifestStatus.DELIVERED, ManifestStatus.ACCEPTED)
    assert filters.declared_min_g == 1_500_000 and filters.category == "HW08" and filters.overdue is True
    assert parse_filters(filters.as_query()) == filters


def test_bad_cursor_and_limit(session, registry, chain, admin):
    with pytest.raises(InvalidInput):
        search_manifests(session=session, actor=admin, filters=ManifestFilters(), after="zzz", today=TODAY)
    add_manifest(session, registry, chain, 1)
    add_manifest(session, registry, chain, 2)
    page = search_manifests(session=session, actor=admin, filters=ManifestFilters(), limit=1, today=TODAY)
    with pytest.raises(InvalidInput):
        search_manifests(
            session=session,
            actor=admin,
            filters=ManifestFilters(sort="number"),
            after=page.next_after,
            today=TODAY,
        )
    with pytest.raises(InvalidInput):
        search_manifests(session=session, actor=admin, filters=ManifestFilters(), limit=0, today=TODAY)
