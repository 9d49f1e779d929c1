"""Annual summary: totals of a hand-built chain computed by hand, year boundaries, scoping, export."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.render import sheets
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.oversight import summaries
from tests.services.dash_data import KG, build


def table(summary):
    return {
        r.category: (
            r.generated_g // KG,
            r.transferred_g // KG,
            r.received_g // KG,
            r.treated_g // KG,
            r.stock_g // KG,
        )
        for r in summary.categories
    }


def methods(summary):
    return {
        (r.category, r.method): (r.transferred_g // KG, r.received_g // KG, r.treated_g // KG)
        for r in summary.methods
    }


@pytest.fixture
def data(session, registry, chain):
    return build(session, registry, chain)


def test_enterprise_a_2025_by_hand(session, registry, data):
    s = summaries.annual_summary(
        session=session, actor=registry.users["admin"], year=2025, enterprise_id=registry.ent_a.id
    )
    # generated: c1+c2+c3+c7 = 360 (HW08), c4 = 30 (HW34; c5 void, c6 is 2024's)
    # transferred: m1 300 + m4 70 (HW08), m3 30 (HW34); m2 goes in 2026
    # stock at year end: c3 50 + c7 10 (HW08), c4 30 rejected back (HW34)
    assert table(s) == {"HW08": (360, 370, 0, 0, 60), "HW34": (30, 30, 0, 0, 30)}
    assert methods(s) == {("HW08", "D10"): (370, 0, 0), ("HW34", "D10"): (30, 0, 0)}
    assert s.total.generated_g == 390 * KG and s.total.stock_g == 90 * KG
    assert s.name == registry.ent_a.name


def test_receiver_b_2025_by_hand(session, registry, data):
    s = summaries.annual_summary(
        session=session, actor=registry.users["admin"], year=2025, enterprise_id=registry.ent_b.id
    )
    # received and treated: m1 98 + 201; m3 rejected (0); m4 accepted on 1 January 2026 Beijing time,
    # so at the end of 2025 its 70 declared kg sit unweighed in B's store.
    assert table(s) == {"HW08": (0, 0, 299, 299, 70)}
    assert methods(s) == {("HW08", "D10"): (0, 299, 299)}


def test_park_2025_adds_up_its_enterprises(session, registry, data):
    s = summaries.annual_summary(session=session, actor=registry.users["regulator_eco"], year=2025)
    assert s.enterprise_id is None and s.park_id == registry.park.id
    assert table(s) == {"HW08": (360, 370, 299, 299, 130), "HW34": (30, 30, 0, 0, 30)}
    assert methods(s) == {("HW08", "D10"): (370, 299, 299), ("HW34", "D10"): (30, 0, 0)}


def test_next_year_takes_what_crossed_the_boundary(session, registry, data):
    s = summaries.annual_summary(session=session, actor=registry.users["admin"], year=2026)
    # m2 picked up 2026-01-05 (50); m4 accepted 2026-01-01 Beijing at 69 kg, not yet treated;
    # stock at the end of 2026: c7 10 and c4 30 with A, m4's 69 with B (c3 is on the road).
    assert table(s) == {"HW08": (0, 50, 69, 0, 79), "HW34": (0, 0, 0, 0, 30)}


def test_stock_follows_the_day_boundary(session, registry, data):
    owners = [registry.ent_a.id, registry.ent_b.id]
    from datetime import date

    # On 2025-03-31 c1 and c2 (300) are still with A, c6 (70) delivered to B; c3/c7 not yet generated.
    assert summaries.stock_by_category(session, owners, date(2025, 3, 31)) == {"HW08": 370 * KG}
    # After the 1 April pick-up and before delivery's weighing they are with B at the declared weight.
    assert summaries.stock_by_category(session, owners, date(2025, 4, 1)) == {"HW08": 370 * KG}
    assert summaries.stock_by_category(session, owners, date(2025, 4, 3)) == {"HW08": 369 * KG}
    assert summaries.stock_by_category(session, owners, date(2025, 5, 1)) == {"HW08": 70 * KG}


def test_a_year_with_no_records_is_empty(session, registry, data):
    s = summaries.annual_summary(session=session, actor=registry.users["admin"], year=2020)
    assert s.categories == [] and s.methods == [] and s.total.generated_g == 0


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_out_of_range_are_refused(session, registry, year):
    with pytest.raises(InvalidInput):
        summaries.annual_summary(session=session, actor=registry.users["admin"], year=year)


def test_enterprise_officers_see_their_own_only(session, registry, data):
    officer = registry.users["officer_a"]
    own = summaries.annual_summary(session=session, actor=officer, year=2025, enterprise_id=registry.ent_a.id)
    assert own.total.generated_g == 390 * KG
    with pytest.raises(NotFound):
        summaries.annual_summary(session=session, actor=officer, year=2025, enterprise_id=registry.ent_b.id)
    with pytest.raises(Forbidden):
        summaries.annual_summary(session=session, actor=officer, year=2025)


def test_regulators_outside_waste_are_refused(session, registry, data):
    em = registry.users["regulator_em"]
    with pytest.raises(Forbidden):
        summaries.annual_summary(session=session, actor=em, year=2025)
    with pytest.raises(Forbidden):
        summaries.annual_summary(session=session, actor=em, year=2025, enterprise_id=registry.ent_a.id)
    eco = summaries.annual_summary(
        session=session, actor=registry.users["regulator_eco"], year=2025, enterprise_id=registry.ent_a.id
    )
    assert eco.total.transferred_g == 400 * KG


def test_unknown_enterprise_is_not_found(session, registry):
    with pytest.raises(NotFound):
        summaries.annual_summary(session=session, actor=registry.users["admin"], year=2025, enterprise_id=999)


def test_export_sheets_csv_and_xlsx(session, registry, data):
    s = summaries.annual_summary(session=session, actor=registry.users["admin"], year=2025)
    cats, meths = summaries.summary_sheets(s)
    rows = list(csv.reader(io.StringIO(b"".join(sheets.csv_chunks(cats)).decode("utf-8-sig"))))
    assert tuple(rows[0]) == summaries.SUMMARY_CATEGORY_COLUMNS
    assert rows[1] == ["HW08", "360", "370", "299", "299", "130"]
    assert rows[-1] == ["合计", "390", "400", "299", "299", "160"]
    book = load_workbook(io.BytesIO(b"".join(sheets.xlsx_chunks([cats, meths]))), read_only=True)
    assert book.sheetnames == ["2025年按类别", "2025年按方式"]
    method_rows = list(book["2025年按方式"].iter_rows(values_only=True))
    assert method_rows[0] == summaries.SUMMARY_METHOD_COLUMNS
    assert method_rows[1] == ("HW08", "D10", 370, 299, 299)
    with pytest.raises(InvalidInput):
        summaries.summary_sheets(s, ["nonsense"])


def test_signed_chain_matches_the_running_stock(session, registry, chain):
    """Through the real signing steps: the year-end stock of today's year equals the facilities' stock."""
    from hazchem.services.platform import now
    from tests.services.conftest import make_stored
    from tests.services.test_manifests import draft

    year = now().year
    made = make_stored(session, chain, count=3, weight="100")
    shipped = draft(session, chain, made[:2])
    waste.submit(session=session, actor=chain.officer, manifest_id=shipped.id)
    ids = [c.digital_id for c in made[:2]]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=shipped.id, scanned=ids)
    waste.deliver(session=session, actor=chain.operator, manifest_id=shipped.id, scanned=ids)
    waste.record_receipt(
        session=session,
        actor=chain.operator,
        manifest_id=shipped.id,
        weights_kg={ids[0]: "101", ids[1]: "99.5"},
    )
    admin = registry.users["admin"]
    a = summaries.annual_summary(session=session, actor=admin, year=year, enterprise_id=registry.ent_a.id)
    b = summaries.annual_summary(session=session, actor=admin, year=year, enterprise_id=registry.ent_b.id)
    # make_stored dates generation 2026-05-01; the signing steps are stamped now.
    generated_2026 = 300 if year == 2026 else 0
    assert a.total.generated_g == generated_2026 * KG and a.total.transferred_g == 200 * KG
    assert b.total.received_g == 200_500 and b.total.treated_g == 0
    assert a.total.stock_g == waste.stock_g(session, chain.store_a.id) == 100 * KG
    assert b.total.stock_g == waste.stock_g(session, chain.plant_b.id) == 200_500
    waste.record_treatment(
        session=session, actor=chain.operator, manifest_id=shipped.id, method_code="D10"
    )
    b = summaries.annual_summary(session=session, actor=admin, year=year, enterprise_id=registry.ent_b.id)
    assert b.methods[0].treated_g == 200_500 and b.methods[0].method == "D10"
    assert b.total.stock_g == waste.stock_g(session, chain.plant_b.id) == 0


def test_a_second_park_stays_out_of_the_first_parks_figures(session, registry, chain, data):
    from datetime import date

    from hazchem.models import Park
    from tests.services.dash_data import add_container

    other_park = Park(name="另一园区", region_code="330602")
    session.add(other_park)
    session.commit()
    outsider = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=other_park.id,
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
    session.commit()
    assert summaries.park_members(session, registry.park.id) is not None
    park = summaries.annual_summary(session=session, actor=registry.users["admin"], year=2025)
    assert table(park)["HW08"] == (360, 370, 299, 299, 130)
    other = summaries.annual_summary(
        session=session, actor=registry.users["admin"], year=2025, park_id=other_park.id
    )
    assert table(other) == {"HW08": (500, 0, 0, 0, 500)}
