"""Province dashboard: each park's figures of the small data set by hand, a second park beside the
first, the parks an actor reads, and who may read it (regulators and administrators only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hazchem.domain.errors import Forbidden
from hazchem.models import FacilityHazard, Park
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.oversight import province
from tests.services.dash_data import KG, add_container
from tests.services.test_dashboards import TODAY, data  # noqa: F401  (the dashboards' data set)


@pytest.fixture
def second_park(session, registry, data):  # noqa: F811
    park = Park(name="另一园区", region_code="330602")
    session.add(park)
    session.commit()
    outsider = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park.id,
        uscc="913306040000000036",
        name="外园区化工有限公司",
        region_code="330602",
        roles=["waste_generator"],
    )
    stream = waste.create_stream(
        session=session,
        actor=None,
        enterprise_id=outsider.id,
        waste_code="900-249-08",
        name="废油",
        form="liquid",
        dg_class="3",
    )
    add_container(session, registry, stream, 50, date(2025, 5, 5), 500)
    session.add(FacilityHazard(facility_id=registry.facility_b.id, major_hazard=True))
    session.commit()
    return park


def board(session, actor, **kw):
    return province.province_dashboard(session=session, actor=actor, year=2025, today=TODAY, **kw)


def kg(flows):
    return {c: g // KG for c, g in flows.items()}


def everywhere(actor):
    """The actor unbound: every park (as the command line reads)."""
    return replace(actor, park_ids=None)


def test_each_park_in_a_row_with_its_own_figures(session, registry, second_park):
    b = board(session, everywhere(registry.users["admin"]))
    rows = {p.park_id: p for p in b.parks}
    assert set(rows) == {registry.park.id, second_park.id}
    first, other = rows[registry.park.id], rows[second_park.id]
    # The park dashboard's year: generated 360 + 30, transferred 370 + 30, treated 299 (HW08).
    assert kg(first.flows["generated"]) == {"HW08": 360, "HW34": 30}
    assert kg(first.flows["transferred"]) == {"HW08": 370, "HW34": 30}
    assert kg(first.flows["treated"]) == {"HW08": 299}
    assert (first.overdue, first.major_hazards) == (1, 1)
    # Stock 170 t in A's store against 200 + 500 + 3,000 t; 299 kg accepted against 30,000 t/a.
    assert (first.stock_kg, first.storage_capacity_kg) == (170_000, 3_700_000)
    assert (first.received_kg, first.receiving_capacity_kg) == (299, 30_000_000)
    assert kg(other.flows["generated"]) == {"HW08": 500} and other.total("transferred") == 0
    assert (other.overdue, other.major_hazards, other.storage_share) == (0, 0, 0.0)
    assert b.categories == ["HW08", "HW34"]


def test_licences_ending_within_ninety_days(session, registry, second_park):
    # The use licence ends on 28 February 2027: 75 days after 15 December 2026, 120 after 31 October.
    late = province.province_dashboard(
        session=session, actor=registry.users["admin"], today=date(2026, 12, 15)
    )
    early = province.province_dashboard(
        session=session, actor=registry.users["admin"], today=date(2026, 10, 31)
    )
    assert {p.park_id: p.expiring_licences for p in late.parks}[registry.park.id] == 1
    assert {p.park_id: p.expiring_licences for p in early.parks}[registry.park.id] == 0
    assert late.year == 2026


def test_a_bound_actor_sees_only_its_parks(session, registry, second_park):
    eco = registry.users["regulator_eco"]
    bound = board(session, replace(eco, park_ids=frozenset({second_park.id})))
    assert [p.park_id for p in bound.parks] == [second_park.id]
    assert kg(bound.parks[0].flows["generated"]) == {"HW08": 500}
    both = board(session, replace(eco, park_ids=frozenset({second_park.id, registry.park.id})))
    assert {p.park_id for p in both.parks} == {second_park.id, registry.park.id}
    assert board(session, replace(eco, park_ids=frozenset())).parks == []


@pytest.mark.parametrize("who", ["officer_a", "operator_b", "driver"])
def test_enterprise_users_are_refused(session, registry, second_park, who):
    with pytest.raises(Forbidden):
        board(session, registry.users[who])


def test_an_unbound_administrator_reads_every_park(session, registry, second_park):
    admin = registry.users["admin"]
    assert admin.park_ids is None and len(board(session, admin).parks) == 2


@pytest.mark.parametrize("who", ["regulator_eco", "regulator_em"])
def test_park_regulators_read_their_own_park(session, registry, second_park, who):
    actor = registry.users[who]
    assert actor.park_ids == frozenset({registry.park.id})
    assert [p.park_id for p in board(session, actor).parks] == [registry.park.id]
    assert len(board(session, everywhere(actor)).parks) == 2
