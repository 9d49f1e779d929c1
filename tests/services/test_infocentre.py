"""Chemicals information centre: which chemicals are present, who sees which holdings, safety notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.domain.park_catalogue import LineInput
from hazchem.models import ChemicalSafetyNote, EnterpriseChemicalStock, Event, StorageUnit, UnitStock
from hazchem.render import sheets
from hazchem.services import registry as reg
from hazchem.services.chemicals import infocentre, park_catalogue
from tests.cheminfo_support import add_chemicals, add_user


def hold(session, facility, chemical, quantity_kg: int, unit_name: str = "1号罐") -> None:
    """Stock in a new storage unit of the facility, with the running totals the stock service keeps."""
    unit = StorageUnit(
        facility_id=facility.id,
        enterprise_id=facility.enterprise_id,
        name=unit_name,
        kind="tank",
        capacity_kg=100_000,
        created_at=datetime.now(UTC),
    )
    session.add(unit)
    session.flush()
    session.add(UnitStock(unit_id=unit.id, chemical_id=chemical.id, quantity_kg=quantity_kg))
    total = session.get(EnterpriseChemicalStock, (facility.enterprise_id, chemical.id))
    if total is None:
        total = EnterpriseChemicalStock(
            enterprise_id=facility.enterprise_id, chemical_id=chemical.id, quantity_kg=0
        )
    total.quantity_kg += quantity_kg
    session.add(total)
    session.commit()


@pytest.fixture
def park(session, registry):
    """氯 held by A (剧毒), 硝酸 held by B (易制爆), 甲醇 only in the park catalogue, 氨 nowhere."""
    chems = add_chemicals(session)
    tank_b = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_b.id,
        name="乙罐区",
        kind="tank_farm",
        location="纬五路8号",
        storage_capacity_kg=500_000,
    )
    store_a = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="甲化学品库",
        kind="chemical_warehouse",
        location="经三路1号",
        storage_capacity_kg=100_000,
    )
    hold(session, store_a, chems["chlorine"], 2_000, "液氯钢瓶区")
    hold(session, tank_b, chems["nitric"], 30_000)
    park_catalogue.revise(
        session=session,
        actor=registry.users["regulator_em"],
        reason="首次发布",
        lines=[
            LineInput(chems["methanol"].id, "add", ("controlled",)),
            LineInput(chems["chlorine"].id, "add", ("restricted",)),
        ],
    )
    chems["store_a"], chems["tank_b"] = store_a, tank_b
    return chems


def _names(entries):
    return [e.chemical.name for e in entries]


def _holders(entries):
    return {e.chemical.name: [(h.enterprise, h.unit, h.quantity_kg) for h in e.holdings] for e in entries}


def test_present_means_in_the_park_catalogue_or_held(session, registry, park):
    entries = infocentre.centre(session=session, actor=registry.users["regulator_em"])
    assert _names(entries) == ["甲醇", "氯", "硝酸"]  # by serial; 氨 is neither listed nor held
    by_name = {e.chemical.name: e for e in entries}
    assert by_name["氯"].park_state.flags == ("restricted",)
    assert by_name["硝酸"].park_state is None
    assert by_name["氯"].chemical.ghs_categories.startswith("加压气体")


def test_emergency_management_committee_and_admin_see_every_holding(session, registry, park):
    committee = add_user(session, registry, "committee", "park_committee")
    for actor in (registry.users["regulator_em"], registry.users["admin"], committee):
        holders = _holders(infocentre.centre(session=session, actor=actor))
        assert holders == {
            "甲醇": [],
            "氯": [("甲化工有限公司", "液氯钢瓶区", 2_000)],
            "硝酸": [("乙环保科技有限公司", "1号罐", 30_000)],
        }
    cl = infocentre.entry(
        session=session, actor=registry.users["regulator_em"], chemical_id=park["chlorine"].id
    )
    assert cl.holdings[0].facility == "甲化学品库" and cl.holdings[0].location == "经三路1号"
    assert cl.total_kg == 2_000 and cl.enterprises == ["甲化工有限公司"]


def test_public_security_sees_only_the_controlled_holdings(session, registry, park):
    hold(session, park["tank_b"], park["methanol"], 8_000, "2号罐")
    police = add_user(session, registry, "police", "public_security")
    holders = _holders(infocentre.centre(session=session, actor=police))
    assert holders["甲醇"] == []
    assert holders["氯"] == [("甲化工有限公司", "液氯钢瓶区", 2_000)]
    assert holders["硝酸"] == [("乙环保科技有限公司", "1号罐", 30_000)]
    assert _holders(infocentre.centre(session=session, actor=registry.users["regulator_em"]))["甲醇"] == [
        ("乙环保科技有限公司", "2号罐", 8_000)
    ]
    assert _names(infocentre.centre(session=session, actor=police, controlled_only=True)) == ["氯", "硝酸"]


def test_enterprises_see_their_own_holdings_and_other_departments_none(session, registry, park):
    holders = _holders(infocentre.centre(session=session, actor=registry.users["officer_a"]))
    assert holders == {"甲醇": [], "氯": [("甲化工有限公司", "液氯钢瓶区", 2_000)], "硝酸": []}
    holders = _holders(infocentre.centre(session=session, actor=registry.users["officer_b"]))
    assert holders["氯"] == [] and holders["硝酸"] == [("乙环保科技有限公司", "1号罐", 30_000)]
    eco = infocentre.centre(session=session, actor=registry.users["regulator_eco"])
    assert _names(eco) == ["甲醇", "氯", "硝酸"] and all(not e.holdings for e in eco)


def test_search_filters_by_name_or_cas(session, registry, park):
    em = registry.users["regulator_em"]
    assert _names(infocentre.centre(session=session, actor=em, q="7697-37-2")) == ["硝酸"]
    assert _names(infocentre.centre(session=session, actor=em, q="液氯")) == ["氯"]
    assert infocentre.centre(session=session, actor=em, q="乙醚") == []


def test_safety_notes_need_a_source_and_emergency_management(session, registry, park):
    cl = park["chlorine"].id
    em = registry.users["regulator_em"]
    note = infocentre.set_safety_note(
        session=session,
        actor=em,
        chemical_id=cl,
        protection="正压式空气呼吸器",
        emergency="疏散下风向人员",
        source="供应商SDS 2024版",
    )
    assert note.source == "供应商SDS 2024版"
    infocentre.set_safety_note(
        session=session,
        actor=registry.users["admin"],
        chemical_id=cl,
        protection="正压式空气呼吸器、防毒服",
        emergency="",
        source="供应商SDS 2025版",
    )
    shown = infocentre.entry(session=session, actor=registry.users["officer_b"], chemical_id=cl)
    assert (shown.note.protection, shown.note.emergency, shown.note_by) == (
        "正压式空气呼吸器、防毒服",
        "",
        "admin",
    )
    events = session.exec(
        select(Event).where(Event.action == "chemical.safety_note").order_by(Event.id)
    ).all()
    assert (
        events[1].before["source"] == "供应商SDS 2024版" and events[1].after["source"] == "供应商SDS 2025版"
    )
    for name in ("regulator_eco", "officer_a"):
        with pytest.raises(Forbidden):
            infocentre.set_safety_note(
                session=session,
                actor=registry.users[name],
                chemical_id=cl,
                protection="x",
                emergency="",
                source="y",
            )
    for protection, emergency, source in (("", "", "SDS"), ("防护", "", ""), ("防护", "处置", "  ")):
        with pytest.raises(InvalidInput):
            infocentre.set_safety_note(
                session=session,
                actor=em,
                chemical_id=cl,
                protection=protection,
                emergency=emergency,
                source=source,
            )
    with pytest.raises(NotFound):
        infocentre.set_safety_note(
            session=session, actor=em, chemical_id=999_999, protection="x", emergency="", source="y"
        )
    assert len(session.exec(select(ChemicalSafetyNote)).all()) == 1


def test_export_has_a_row_per_visible_holding(session, registry, park):
    infocentre.set_safety_note(
        session=session,
        actor=registry.users["regulator_em"],
        chemical_id=park["nitric"].id,
        protection="耐酸手套",
        emergency="用砂土吸收",
        source="SDS",
    )
    police = add_user(session, registry, "police", "public_security")
    for actor, expected in (
        (registry.users["regulator_em"], 3),
        (police, 3),
        (registry.users["officer_a"], 3),
    ):
        sheet = infocentre.export_sheet(session=session, actor=actor)
        text = b"".join(sheets.csv_chunks(sheet)).decode("utf-8-sig").strip().splitlines()
        assert text[0].startswith("序号,品名,别名,CAS号,UN号,剧毒,易制爆")
        assert len(text) - 1 == expected
    em_rows = b"".join(
        sheets.csv_chunks(infocentre.export_sheet(session=session, actor=registry.users["regulator_em"]))
    ).decode("utf-8-sig")
    assert "耐酸手套,用砂土吸收,SDS,乙环保科技有限公司,乙罐区,纬五路8号,1号罐,30000" in em_rows
    officer_rows = b"".join(
        sheets.csv_chunks(infocentre.export_sheet(session=session, actor=registry.users["officer_a"]))
    ).decode("utf-8-sig")
    assert "乙环保科技有限公司" not in officer_rows and "甲化工有限公司" in officer_rows
