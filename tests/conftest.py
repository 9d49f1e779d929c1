"""Test fixtures: one real database per run (SQLite file, or PostgreSQL from
HAZCHEM_TEST_DATABASE_URL), migrated with Alembic, emptied after every test."""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, select

import hazchem.models  # noqa: F401
from hazchem.db import make_engine
from hazchem.migrate import upgrade
from hazchem.services import registry as reg

# Tests write the park's "today" as date.today(); the app reads Beijing dates from its clock, so the
# test process keeps Beijing time too, or the two disagree from 16:00 to 24:00 UTC.
os.environ["TZ"] = "Asia/Shanghai"
time.tzset()


def pytest_report_header(config: pytest.Config) -> str:
    """Say which database the run uses."""
    url = os.environ.get("HAZCHEM_TEST_DATABASE_URL", "sqlite (temporary file)")
    return f"hazchem test database: {re.sub(r'//[^@/]*@', '//***@', url)}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database's URL, freshly migrated to head."""
    url = os.environ.get("HAZCHEM_TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'hazchem-test.sqlite3'}"
    else:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """One engine for the run."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@contextmanager
def audit_guard_lifted(conn: Connection) -> Iterator[None]:
    """Lift the event table's append-only triggers for the block, as only the database owner can."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE event DISABLE TRIGGER event_append_only"))
        yield
        conn.execute(text("ALTER TABLE event ENABLE TRIGGER event_append_only"))
        return
    triggers = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event'")
    ).all()
    for name, _ in triggers:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _, sql in triggers:
        conn.execute(text(sql))


def tamper(session: Session, statement: Any) -> None:
    """Change the audit table behind the application's back, with owner rights, and commit."""
    with audit_guard_lifted(session.connection()):
        session.exec(statement)
    session.commit()


def wipe(engine: Engine) -> None:
    """Empty every table so each test starts from an empty (but migrated) database."""
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn, audit_guard_lifted(conn):
        if engine.dialect.name == "postgresql":
            # A test that leaks an open transaction makes the next wipe fail loudly, not hang.
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(
                text(
                    f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in tables)} RESTART IDENTITY CASCADE"
                )
            )
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The engine, with the database emptied after the test."""
    yield engine
    wipe(engine)


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    """A session on the emptied-after-use test database."""
    with Session(db, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def app(db: Engine, database_url: str, tmp_path: Path):
    """The Flask app on the test database, CSRF on as in production."""
    from hazchem import create_app

    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
        }
    )
    yield application
    application.extensions["hazchem.engine"].dispose()


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


# --- A small registry that service, API and web tests share ------------------------------------

PASSWORD = "correct-horse-battery"


@functools.cache
def _password_hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD)


class Registry:
    """Handles to the records of the `registry` fixture."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


@pytest.fixture
def registry(session: Session) -> Registry:
    """A seeded park with two enterprises, a carrier, a licence, catalogue rows and one user per role.

    Users: admin, regulator_eco (ecology and environment), regulator_em (emergency management),
    officer_a (enterprise A), officer_b (enterprise B), driver (carrier C), operator_b (enterprise B),
    regulator_ps (public security), regulator_tr (transport), regulator_pc (park committee);
    every password is PASSWORD.
    """
    from datetime import date

    from hazchem.models import Chemical, TreatmentMethod, User, WasteCategory, WasteCode
    from hazchem.services.platform import auth
    from hazchem.services.registry import seed

    park = seed.seed_park(session=session, name="测试化工园区", region_code="330604")
    session.add_all(
        [
            WasteCategory(edition="2021", number="HW08", name="废矿物油与含矿物油废物"),
            WasteCategory(edition="2021", number="HW34", name="废酸"),
            WasteCode(
                edition="2021",
                code="900-249-08",
                category="HW08",
                industry="非特定行业",
                description="其他生产、销售、使用过程中产生的废矿物油及沾染矿物油的废弃包装物",
                characteristics=["T", "I"],
            ),
            TreatmentMethod(code="D10", kind="D", name="焚烧", name_en="Incineration"),
            TreatmentMethod(code="D1", kind="D", name="填埋", name_en="Landfill"),
            Chemical(
                edition="2015",
                serial=2,
                name="氨",
                aliases=["液氨", "氨气"],
                cas_numbers=["7664-41-7"],
                search_text="氨 液氨 氨气 7664-41-7",
            ),
        ]
    )
    session.commit()
    chem = session.exec(select(Chemical)).first()
    ent_a = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park.id,
        uscc="91350100M000100Y43",
        name="甲化工有限公司",
        region_code="330604",
        roles=["waste_generator", "chemical_user"],
    )
    ent_b = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park.id,
        uscc="913306040000000010",
        name="乙环保科技有限公司",
        region_code="330604",
        roles=["receiver"],
    )
    ent_c = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park.id,
        uscc="913306040000000023",
        name="丙危险品运输有限公司",
        region_code="330604",
        roles=["carrier"],
    )
    types = {t.code: t for t in reg.list_licence_types(session=session)}
    departments = {d.kind: d for d in reg.list_departments(session=session, actor=None)}
    hw_licence = reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=ent_b.id,
        licence_type_id=types["hw_operating"].id,
        number="浙危废经第3306000001号",
        valid_from=date(2024, 1, 1),
        valid_to=date(2028, 12, 31),
        issuer_department_id=departments["ecology_environment"].id,
        lines=[
            reg.ScopeLineInput(
                kind="waste",
                waste_category="HW08",
                modes=["store", "dispose"],
                method_codes=["D10"],
                annual_scale_kg=30_000_000,
            )
        ],
    )
    use_licence = reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=ent_a.id,
        licence_type_id=types["hc_safe_use"].id,
        number="(浙)WH安使证字[2024]000001",
        valid_from=date(2024, 3, 1),
        valid_to=date(2027, 2, 28),
        issuer_department_id=departments["emergency_management"].id,
        lines=[reg.ScopeLineInput(kind="chemical", chemical_id=chem.id, max_quantity_kg=50_000)],
    )
    facility_b = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=ent_b.id,
        name="焚烧车间",
        kind="incinerator",
        annual_capacity_kg=30_000_000,
        storage_capacity_kg=3_000_000,
    )
    facility_a = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=ent_a.id,
        name="危废贮存库",
        kind="waste_store",
        storage_capacity_kg=200_000,
    )
    driver = reg.create_driver(
        session=session,
        actor=None,
        carrier_id=ent_c.id,
        name="王师傅",
        certificate_no="330600000000000001",
        valid_to=date(2029, 6, 30),
    )
    vehicle = reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=ent_c.id,
        plate="浙D12345",
        certificate_no="浙交运管许可绍字330600000001号",
        dg_classes=["3", "8", "9"],
        valid_to=date(2028, 6, 30),
    )
    users = {}
    for username, role, binding in (
        ("admin", "park_admin", {}),
        ("regulator_eco", "regulator", {"department_id": departments["ecology_environment"].id}),
        ("regulator_em", "regulator", {"department_id": departments["emergency_management"].id}),
        ("officer_a", "ehs_officer", {"enterprise_id": ent_a.id}),
        ("officer_b", "ehs_officer", {"enterprise_id": ent_b.id}),
        ("operator_b", "receiver_operator", {"enterprise_id": ent_b.id}),
        ("driver", "driver", {"driver_id": driver.id}),
        ("regulator_ps", "regulator", {"department_id": departments["public_security"].id}),
        ("regulator_tr", "regulator", {"department_id": departments["transport"].id}),
        ("regulator_pc", "regulator", {"department_id": departments["park_committee"].id}),
    ):
        # One precomputed hash: a deliberately slow password hash per user per test adds minutes.
        user = User(username=username, password_hash=_password_hash(), role=role, **binding)
        session.add(user)
        session.commit()
        users[username] = auth.build_actor(session, user)
    # End the read transaction the actor look-ups opened, so later reads see what the app writes.
    session.rollback()
    return Registry(
        park=park,
        ent_a=ent_a,
        ent_b=ent_b,
        ent_c=ent_c,
        types=types,
        departments=departments,
        hw_licence=hw_licence,
        use_licence=use_licence,
        facility_a=facility_a,
        facility_b=facility_b,
        driver=driver,
        vehicle=vehicle,
        chemical=chem,
        users=users,
    )
