"""The demo park loads once, completely, with the case-study capacities, licences and accounts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, func, select

from hazchem.demo import data
from hazchem.demo import load as demo
from hazchem.domain.errors import Conflict, InvalidInput
from hazchem.domain.identifiers import validate_uscc
from hazchem.domain.licensing import ChemicalSubject, TransportSubject, WasteSubject
from hazchem.domain.lifecycle import LicenceStatus, effective_licence_status
from hazchem.models import (
    Chemical,
    Department,
    Driver,
    Enterprise,
    Event,
    Facility,
    FacilityChemical,
    Licence,
    LicenceScopeLine,
    Park,
    User,
    Vehicle,
)
from hazchem.services import registry
from hazchem.services.chemicals import park_catalogue
from hazchem.services.lists import shipped
from hazchem.services.platform import auth

TODAY = date(2026, 11, 21)
T = 1000  # kilograms per tonne


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def enterprise(session: Session, key: str) -> Enterprise:
    name = next(e["name"] for e in data.ENTERPRISES if e["key"] == key)
    return session.exec(select(Enterprise).where(Enterprise.name == name)).one()


def facilities(session: Session, key: str) -> list[Facility]:
    owner = enterprise(session, key)
    return list(session.exec(select(Facility).where(Facility.enterprise_id == owner.id)))


def test_demo_uscc_builder_gives_valid_codes():
    codes = {demo.demo_uscc(e["org"]) for e in data.ENTERPRISES}
    assert len(codes) == len(data.ENTERPRISES)
    for code in codes:
        assert validate_uscc(code) == code
        assert code.startswith("91330604")
    # GB 11714 organisation code check character of a published example.
    assert demo.org_code("D2143569") == "D2143569X"


def test_load_demo_builds_the_park(session):
    # On the empty migrated database: load_demo loads the shipped catalogues itself.
    summary = demo.load_demo(session=session, today=TODAY)
    assert data.PARK_NAME in summary and "1 expired" in summary

    park = session.exec(select(Park)).one()
    assert (park.name, park.region_code) == (data.PARK_NAME, "330604")
    departments = {d.kind: d for d in session.exec(select(Department))}
    assert len(departments) == 8

    # 15–30 fictional enterprises with valid USCCs and every role represented.
    enterprises = list(session.exec(select(Enterprise)))
    assert 15 <= len(enterprises) <= 30
    for ent in enterprises:
        assert validate_uscc(ent.uscc) == ent.uscc
        assert "示例" in ent.name and ent.contact_name and ent.contact_phone.startswith("0575-8")
        assert ent.grade and ent.region_code == "330604" and ent.park_id == park.id
    roles = [role for ent in enterprises for role in ent.roles]
    assert roles.count("carrier") >= 3
    assert {"waste_generator", "chemical_user", "collector", "receiver"} <= set(roles)

    # The case-study capacities, in kilograms.
    centre = facilities(session, "disposal_centre")
    assert any(f.kind == "incinerator" and f.annual_capacity_kg == 30_000 * T for f in centre)
    assert any(f.kind == "landfill" and f.annual_capacity_kg == 90_000 * T for f in centre)
    assert any(
        f.kind == "incinerator" and f.daily_capacity_kg == 70 * T and f.storage_capacity_kg == 3_000 * T
        for f in facilities(session, "incin_70")
    )
    assert any(
        f.kind == "incinerator" and f.daily_capacity_kg == 120 * T for f in facilities(session, "incin_120")
    )
    recycling = facilities(session, "recycling")
    assert sum(f.annual_capacity_kg or 0 for f in recycling) == 30_000 * T
    assert sorted(f.annual_capacity_kg for f in recycling if f.kind == "physicochemical") == [
        3_500 * T,
        6_500 * T,
    ]
    # Every generator has a hazardous-waste store; chemical users' tanks hold catalogue entries.
    for spec in data.ENTERPRISES:
        kinds = {f.kind for f in facilities(session, spec["key"])}
        if "waste_generator" in spec["roles"]:
            assert "waste_store" in kinds, spec["name"]
    assert count(session, FacilityChemical) >= 20
    cyanide = session.exec(select(Chemical).where(Chemical.name == "氰化钠")).first()
    assert cyanide is not None and cyanide.highly_toxic
    linked = session.exec(select(FacilityChemical).where(FacilityChemical.chemical_id == cyanide.id)).all()
    assert [link.max_quantity_kg for link in linked] == [5 * T]

    # Licences: exactly one expired today, several expiring within 60 days, one suspended.
    licences = list(session.exec(select(Licence)))
    standings = [effective_licence_status(x.status, x.valid_from, x.valid_to, TODAY) for x in licences]
    assert standings.count(LicenceStatus.EXPIRED) == 1
    assert standings.count(LicenceStatus.SUSPENDED) == 1
    assert all(x.issuer_department_id is not None for x in licences)
    admin = auth.authenticate(session=session, username="admin", password=data.DEMO_PASSWORD)
    expiring = registry.expiring_licences(session=session, actor=admin, on=TODAY)
    upcoming = [v for v in expiring if TODAY <= v.licence.valid_to <= TODAY + timedelta(days=60)]
    assert len(upcoming) >= 2
    assert any(v.standing(TODAY) == "expired" for v in expiring)
    type_codes = {
        v.licence_type.code for v in registry.list_licences(session=session, actor=admin, limit=500)
    }
    assert {
        "hw_operating",
        "hc_safe_use",
        "hc_production_safety",
        "hc_operation",
        "toxic_purchase",
        "road_dg_transport",
        "pollutant_discharge",
        "business_licence",
    } <= type_codes
    # Every chemical scope line points at an entry found by CAS.
    for line in session.exec(select(LicenceScopeLine).where(LicenceScopeLine.kind == "chemical")):
        assert set(session.get(Chemical, line.chemical_id).cas_numbers) & set(data.CHEMICALS)

    # Carriers' vehicles and drivers, some certificates expiring soon.
    assert count(session, Vehicle) >= 3 and count(session, Driver) >= 3
    horizon = TODAY + timedelta(days=60)
    assert session.exec(select(Vehicle).where(Vehicle.valid_to <= horizon)).first() is not None
    assert session.exec(select(Driver).where(Driver.valid_to <= horizon)).first() is not None

    # One account per role, each able to log in; regulators for three departments.
    actors = {
        a.username: auth.authenticate(session=session, username=a.username, password=a.password)
        for a in demo.DEMO_ACCOUNTS
    }
    assert {a.role for a in actors.values()} == {
        "park_admin",
        "regulator",
        "ehs_officer",
        "driver",
        "receiver_operator",
        "carrier_dispatcher",
    }
    assert {actors[u].department_kind for u in ("eco", "em", "police")} == {
        "ecology_environment",
        "emergency_management",
        "public_security",
    }
    for spec in data.ACCOUNTS:
        if "department" in spec:
            assert departments[spec["department"]].name == spec["department_name"]
    assert actors["ehs"].enterprise_id == enterprise(session, "fine_chem").id
    assert actors["receiver"].enterprise_id == enterprise(session, "disposal_centre").id
    assert actors["driver"].enterprise_ids == {enterprise(session, "carrier_dg").id}
    # Every carrier has its dispatcher, bound to that carrier alone.
    carriers = [e["key"] for e in data.ENTERPRISES if "carrier" in e["roles"]]
    dispatchers = {a.enterprise_id for a in actors.values() if a.role == "carrier_dispatcher"}
    assert dispatchers == {enterprise(session, key).id for key in carriers}
    assert actors["dispatcher"].enterprise_ids == {enterprise(session, "carrier_dg").id}
    assert all(len(a.password) >= 10 for a in demo.DEMO_ACCOUNTS)

    # Department scoping shows: ecology and environment sees the waste licences expiring.
    eco_expiring = registry.expiring_licences(session=session, actor=actors["eco"], on=TODAY)
    assert eco_expiring and {v.licence_type.code for v in eco_expiring} <= {
        "hw_operating",
        "pollutant_discharge",
        "hc_environmental_registration",
    }

    # Licence coverage for the receiver, the carrier and the 剧毒 user.
    centre_id = enterprise(session, "disposal_centre").id
    covered = registry.licence_coverage(
        session=session,
        enterprise_id=centre_id,
        type_code="hw_operating",
        on=TODAY,
        subject=WasteSubject("900-249-08", mode="dispose", method_code="D10"),
    )
    assert covered, covered.reasons
    landfill = registry.licence_coverage(
        session=session,
        enterprise_id=centre_id,
        type_code="hw_operating",
        on=TODAY,
        subject=WasteSubject("900-041-49", mode="dispose", method_code="D1"),
    )
    assert landfill and landfill.line.annual_scale_kg == 40_000 * T
    refused = registry.licence_coverage(
        session=session,
        enterprise_id=centre_id,
        type_code="hw_operating",
        on=TODAY,
        subject=WasteSubject("900-300-34", mode="dispose"),
    )
    assert not refused and refused.reasons[0].code == "out_of_scope"
    assert registry.licence_coverage(
        session=session,
        enterprise_id=enterprise(session, "carrier_dg").id,
        type_code="road_dg_transport",
        on=TODAY,
        subject=TransportSubject("6.1"),
    )
    assert registry.licence_coverage(
        session=session,
        enterprise_id=enterprise(session, "pharma_int").id,
        type_code="toxic_purchase",
        on=TODAY,
        subject=ChemicalSubject(cyanide_id(session), quantity_kg=500),
    )
    expired = registry.licence_coverage(
        session=session, enterprise_id=enterprise(session, "coatings").id, type_code="hc_safe_use", on=TODAY
    )
    assert not expired and expired.reasons[0].code == "expired"

    # A second load changes nothing.
    counts = {m: count(session, m) for m in (Park, Enterprise, Facility, Licence, User, Event)}
    again = demo.load_demo(session=session, today=TODAY)
    assert "already loaded" in again
    assert {m: count(session, m) for m in counts} == counts


def cyanide_id(session: Session) -> int:
    rows = session.exec(select(Chemical)).all()
    return min((c.serial, c.id) for c in rows if "143-33-9" in c.cas_numbers)[1]


def test_missing_catalogue_rows_are_named_and_nothing_is_written(session, monkeypatch):
    monkeypatch.setattr(shipped, "load_shipped_catalogues", lambda *, session: [])
    with pytest.raises(InvalidInput) as err:
        demo.load_demo(session=session, today=TODAY)
    assert "143-33-9" in err.value.message and "HW08" in err.value.message
    assert "load-catalogues" in err.value.message
    assert count(session, Park) == 0 and count(session, Event) == 0


def test_clashing_records_are_refused_before_writing(session):
    shipped.load_shipped_catalogues(session=session)
    auth.create_user(session=session, actor=None, username="admin", password="x" * 12, role="park_admin")
    events = count(session, Event)
    with pytest.raises(Conflict) as err:
        demo.load_demo(session=session, today=TODAY)
    assert "admin" in err.value.message
    assert count(session, Park) == 0 and count(session, Event) == events


def test_a_failure_part_way_leaves_no_half_loaded_park(session, monkeypatch):
    shipped.load_shipped_catalogues(session=session)
    events = count(session, Event)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(registry, "create_driver", broken)
    with pytest.raises(RuntimeError):
        demo.load_demo(session=session, today=TODAY)
    assert count(session, Park) == 0 and count(session, Enterprise) == 0
    assert count(session, Event) == events
    assert session.exec(select(User).where(col(User.username).in_(["admin"]))).first() is None


def test_demo_publishes_the_park_catalogue(session):
    summary = demo.load_demo(session=session, today=TODAY)
    version = park_catalogue.version(session=session)
    assert version.number == 1 and f"first revision, {len(version.entries)} entries" in summary
    names = {e.chemical.name for e in version.entries}
    assert {"氯", "氰化钠"} <= names  # named by a facility and by a licence line
    assert all(e.state.flags == () and e.state.max_holding_kg is None for e in version.entries)
    assert version.revision.made_by == session.exec(select(User).where(User.username == "em")).one().id


def test_demo_streams_carry_transport_data_and_the_direct_feed_line_its_intake(session):
    from hazchem.domain.dangerous_goods import validate_transport
    from hazchem.models import WasteStream

    demo.load_demo(session=session, today=TODAY)
    streams = list(session.exec(select(WasteStream)))
    assert len(streams) == len(data.STREAMS)
    for stream in streams:
        data_ = (stream.dg_class, stream.un_number, stream.packing_group, stream.not_dg_reason)
        assert validate_transport(*data_).recorded
    assert any(s.not_dg_reason for s in streams) and any(s.dg_class == "3" for s in streams)
    (line,) = facilities(session, "incin_120")
    assert line.intake_rate_kg_per_day == 120 * T and line.storage_capacity_kg is None
    stranded = next(f for f in facilities(session, "disposal_centre") if f.kind == "incinerator")
    assert stranded.storage_capacity_kg is None and stranded.intake_rate_kg_per_day is None
