"""A chemical-stock setup on top of the shared registry: catalogue entries with their classes and
critical quantities, a warehouse and a tank farm of enterprise A with storage units, and permits."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from hazchem.models import Chemical, User, WasteCategory, WasteCode
from hazchem.services import chemicals
from hazchem.services import registry as reg
from hazchem.services.platform import auth


class Stock:
    """Handles to the stock setup's records."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


def chemical(session: Session, serial: int, name: str, cas: str, **flags: object) -> Chemical:
    """Add a catalogue entry (2015 edition) and return it."""
    row = Chemical(
        edition="2015", serial=serial, name=name, cas_numbers=[cas], search_text=f"{name} {cas}", **flags
    )
    session.add(row)
    session.commit()
    return row


def make_stock(session: Session, registry) -> Stock:
    """Methanol and toluene (Q 20 t and 50 t here), nitric acid (易制爆), sodium cyanide (剧毒),
    hydrochloric acid; a 100 t warehouse with two areas and a tank farm with one tank; a purchase
    permit for 1 t of sodium cyanide; police and emergency-management users."""
    session.add_all(
        [
            WasteCategory(edition="2021", number="HW49", name="其他废物"),
            WasteCode(
                edition="2021",
                code="900-999-49",
                category="HW49",
                description="废弃的危险化学品",
                characteristics=["T", "C", "I", "R"],
            ),
        ]
    )
    session.commit()
    methanol = chemical(session, 1022, "甲醇", "67-56-1", critical_quantity_kg=20_000)
    toluene = chemical(session, 1014, "甲苯", "108-88-3", critical_quantity_kg=50_000)
    nitric = chemical(session, 2285, "硝酸", "7697-37-2", explosive_precursor=True)
    cyanide = chemical(session, 1688, "氰化钠", "143-33-9", highly_toxic=True)
    hcl = chemical(session, 2507, "盐酸", "7647-01-0")
    officer = registry.users["officer_a"]
    warehouse = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="甲类仓库",
        kind="chemical_warehouse",
        storage_capacity_kg=100_000,
    )
    tanks = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="罐区",
        kind="tank_farm",
        storage_capacity_kg=1_000_000,
    )
    area1 = chemicals.create_storage_unit(
        session=session, actor=officer, facility_id=warehouse.id, name="A区", kind="warehouse_area"
    )
    area2 = chemicals.create_storage_unit(
        session=session, actor=officer, facility_id=warehouse.id, name="B区", kind="warehouse_area"
    )
    tank = chemicals.create_storage_unit(
        session=session, actor=officer, facility_id=tanks.id, name="T-101", kind="tank", capacity_kg=40_000
    )
    permit = reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        licence_type_id=registry.types["toxic_purchase"].id,
        number="浙公剧购字[2026]0001",
        valid_from=date(2026, 1, 1),
        valid_to=date(2099, 12, 31),
        issuer_department_id=registry.departments["public_security"].id,
        lines=[reg.ScopeLineInput(kind="chemical", chemical_id=cyanide.id, max_quantity_kg=1_000)],
    )
    users = {}
    for username, binding in (
        ("police", {"department_id": registry.departments["public_security"].id}),
        ("regulator_transport", {"department_id": registry.departments["transport"].id}),
    ):
        user = User(username=username, password_hash=registry_password_hash(), role="regulator", **binding)
        session.add(user)
        session.commit()
        users[username] = auth.build_actor(session, user)
    session.rollback()
    return Stock(
        methanol=methanol,
        toluene=toluene,
        nitric=nitric,
        cyanide=cyanide,
        hcl=hcl,
        warehouse=warehouse,
        tanks=tanks,
        area1=area1,
        area2=area2,
        tank=tank,
        permit=permit,
        officer=officer,
        em=registry.users["regulator_em"],
        police=users["police"],
        transport=users["regulator_transport"],
    )


def registry_password_hash() -> str:
    """The shared registry's password hash (so web tests can log these users in)."""
    from tests.conftest import _password_hash

    return _password_hash()


def add_registration(
    session: Session, registry, stock: Stock, *, valid_to: date = date(2099, 12, 31)
) -> None:
    """Enterprise A's 易制爆 registration covering nitric acid."""
    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        licence_type_id=registry.types["explosive_precursor_registration"].id,
        number="浙公易制爆备[2026]0001",
        valid_from=date(2026, 1, 1),
        valid_to=valid_to,
        issuer_department_id=registry.departments["public_security"].id,
        lines=[reg.ScopeLineInput(kind="chemical", chemical_id=stock.nitric.id)],
    )
