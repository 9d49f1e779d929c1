"""Park indicators computed by hand on the small data set, output figures entered and refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput
from hazchem.models import Event
from hazchem.services import registry as reg
from hazchem.services.oversight import indicators
from tests.services.dash_data import KG, build

TODAY = date(2026, 6, 30)


@pytest.fixture
def data(session, registry, chain):
    return build(session, registry, chain)


def compute(session, registry, year=2025, actor="admin", today=TODAY):
    return indicators.park_indicators(session=session, actor=registry.users[actor], year=year, today=today)


def test_disposal_rate_by_hand(session, registry, data):
    ind = compute(session, registry)
    # Generated in 2025: c1 100 + c2 200 + c3 50 + c4 30 + c7 10 = 390 kg (c5 void, c6 is 2024's);
    # accepted by a licensed receiver by 31 December: c1 and c2 = 300 kg; 300 / 390 = 76.92 %.
    assert ind.on == date(2025, 12, 31)
    assert ind.disposal_rate == indicators.Ratio(300 * KG, 390 * KG, Decimal("76.92"))


def test_disposal_rate_counts_acceptance_by_the_evaluation_date(session, registry, data):
    # c6 (2024, 70 kg) was accepted at 00:30 on 1 January 2026 Beijing time: not by the end of 2024.
    assert compute(session, registry, year=2024).disposal_rate.value == Decimal("0.00")
    # While a year runs the evaluation date is today.
    assert compute(session, registry, year=2026, today=date(2026, 3, 1)).on == date(2026, 3, 1)


def test_disposal_rate_is_undefined_without_generation(session, registry, data):
    assert compute(session, registry, year=2023).disposal_rate == indicators.Ratio(0, 0, None)


def test_intensity_without_output_figures_is_undefined(session, registry, data):
    ind = compute(session, registry)
    assert ind.intensity.value is None
    assert [(r.enterprise_id, r.generated_g, r.output_yuan) for r in ind.intensity_rows] == [
        (registry.ent_a.id, 390 * KG, None)
    ]


def test_intensity_by_hand(session, registry, data):
    admin = registry.users["admin"]
    indicators.set_output_figure(
        session=session,
        actor=registry.users["officer_a"],
        enterprise_id=registry.ent_a.id,
        year=2025,
        value_wan_yuan="1000",
    )
    indicators.set_output_figure(
        session=session, actor=admin, enterprise_id=registry.ent_b.id, year=2025, value_wan_yuan="500"
    )
    ind = compute(session, registry)
    # (0.390 t + 0 t) / (1000 + 500) 万元 = 0.00026 t/万元; A alone: 0.390 / 1000 = 0.00039.
    assert ind.intensity == indicators.Ratio(390 * KG, 15_000_000, Decimal("0.000260"))
    rows = {r.enterprise_id: r.t_per_wan_yuan for r in ind.intensity_rows}
    assert rows == {registry.ent_a.id: Decimal("0.000390"), registry.ent_b.id: Decimal("0.000000")}


def test_capacity_against_generation_by_hand(session, registry, data):
    ind = compute(session, registry)
    # B's licence: HW08, store + dispose, 30,000 t/a, in force; generation HW08 360 kg, HW34 30 kg.
    assert [(r.category, r.capacity_kg, r.generated_g, r.ratio) for r in ind.capacity] == [
        ("HW08", 30_000_000, 360 * KG, Decimal("83333.33")),
        ("HW34", 0, 30 * KG, Decimal("0.00")),
    ]


def _facility(session, enterprise_id, name, kind):
    return reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=enterprise_id,
        name=name,
        kind=kind,
        annual_capacity_kg=1000,
    )


def test_item9_one_point_per_compliant_facility(session, registry, data):
    ind = compute(session, registry)
    # B's incinerator counts; B's waste store (chain.store_b) is not a treatment facility.
    assert [f.facility_id for f in ind.compliant] == [registry.facility_b.id]
    assert ind.item9_points == 1


def test_item9_is_capped_at_two_points(session, registry, data):
    _facility(session, registry.ent_b.id, "填埋场", "landfill")
    _facility(session, registry.ent_b.id, "物化车间", "physicochemical")
    ind = compute(session, registry)
    assert len(ind.compliant) == 3
    assert ind.item9_points == 2


def test_item9_needs_a_treating_licence_in_force(session, registry, data):
    collector = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="913306040000000036",
        name="丁收集有限公司",
        region_code="330604",
        roles=["collector"],
    )
    _facility(session, collector.id, "丁焚烧炉", "incinerator")
    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=collector.id,
        licence_type_id=registry.types["hw_operating"].id,
        number="收集证1",
        valid_from=date(2024, 1, 1),
        valid_to=date(2028, 12, 31),
        lines=[
            reg.ScopeLineInput(
                kind="waste", waste_category="HW08", modes=["collect", "store"], annual_scale_kg=1_000_000
            )
        ],
    )
    ind = compute(session, registry)
    assert [f.name for f in ind.compliant] == ["焚烧车间"]
    # B's licence runs to 2028: in 2029 it no longer qualifies its incinerator, nor adds capacity.
    later = compute(session, registry, year=2029, today=date(2030, 1, 1))
    assert later.compliant == [] and later.item9_points == 0
    assert later.capacity == []


def test_indicators_are_for_waste_overseers(session, registry, data):
    assert compute(session, registry, actor="regulator_eco").item9_points == 1
    for who in ("regulator_em", "officer_a"):
        with pytest.raises(Forbidden):
            compute(session, registry, actor=who)


def test_output_figure_entry_rules(session, registry):
    officer = registry.users["officer_a"]
    first = indicators.set_output_figure(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        year=2025,
        value_wan_yuan="1,234.5678",
    )
    assert first.value_yuan == 12_345_678 and indicators.wan_yuan(first.value_yuan) == Decimal("1234.5678")
    again = indicators.set_output_figure(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        year=2025,
        value_wan_yuan="2000",
        note="审计后",
    )
    assert again.id == first.id and again.value_yuan == 20_000_000
    events = session.exec(select(Event).where(Event.entity == "outputfigure").order_by(Event.id)).all()
    assert [e.before for e in events] == [None, {"value_yuan": 12_345_678, "note": ""}]
    for who, ent in (
        ("officer_a", registry.ent_b.id),
        ("regulator_eco", registry.ent_a.id),
        ("operator_b", registry.ent_b.id),
    ):
        with pytest.raises(Forbidden):
            indicators.set_output_figure(
                session=session, actor=registry.users[who], enterprise_id=ent, year=2025, value_wan_yuan="1"
            )
    for bad in ("abc", "0", "-5", "1.00001", ""):
        with pytest.raises(InvalidInput):
            indicators.set_output_figure(
                session=session, actor=officer, enterprise_id=registry.ent_a.id, year=2025, value_wan_yuan=bad
            )
    with pytest.raises(InvalidInput):
        indicators.set_output_figure(
            session=session, actor=officer, enterprise_id=registry.ent_a.id, year=1990, value_wan_yuan="1"
        )


def test_output_figures_are_listed_within_scope(session, registry):
    for ent in (registry.ent_a, registry.ent_b):
        indicators.set_output_figure(
            session=session,
            actor=registry.users["admin"],
            enterprise_id=ent.id,
            year=2025,
            value_wan_yuan="10",
        )

    def listed(who):
        return {
            f.enterprise_id for f in indicators.list_output_figures(session=session, actor=who, year=2025)
        }

    assert listed(registry.users["regulator_eco"]) == {registry.ent_a.id, registry.ent_b.id}
    assert listed(registry.users["officer_a"]) == {registry.ent_a.id}
    assert listed(registry.users["regulator_em"]) == set()
    outsider = replace(registry.users["officer_a"], enterprise_ids=frozenset())
    assert listed(outsider) == set()
