"""The demo park's year, made through the use cases: every manifest status, an intact audit chain,
historical dates, chemical stock under its permits, a second load that changes nothing, and real
content on every demo account's pages. The park and its year are loaded once for the module."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, func, select

from hazchem import create_app
from hazchem.demo import data
from hazchem.demo import load as demo
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import (
    Alert,
    Container,
    CorrectionRequest,
    Enterprise,
    Event,
    FacilityHazard,
    GateRefusal,
    Licence,
    LicenceType,
    Manifest,
    PermitUsage,
    StockMovement,
    WasteStream,
)
from hazchem.services.oversight import alerts, rollups
from hazchem.services.platform import audit, clock
from tests.conftest import wipe
from tests.web.conftest import page_token


@dataclass
class Loaded:
    """The loaded demo: the load's summary and seconds, and an app serving it."""

    summary: str
    seconds: float
    app: Flask
    engine: Engine


@pytest.fixture(scope="module")
def loaded(engine: Engine, database_url: str) -> Iterator[Loaded]:
    """The demo park with its year, loaded once into the emptied test database; emptied again after."""
    with Session(engine, expire_on_commit=False) as session:
        started = time.monotonic()
        summary = demo.load_demo(session=session, history=True)
        seconds = time.monotonic() - started
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    yield Loaded(summary, seconds, app, engine)
    app.extensions["hazchem.engine"].dispose()
    wipe(engine)


@pytest.fixture
def db_session(loaded: Loaded) -> Iterator[Session]:
    with Session(loaded.engine, expire_on_commit=False) as session:
        yield session


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.exec(select(func.count()).select_from(table)).one()
        for table in SQLModel.metadata.sorted_tables
    }


def test_manifests_in_every_status_with_the_exceptions_on_record(loaded, db_session):
    statuses = dict(db_session.exec(select(Manifest.status, func.count()).group_by(Manifest.status)).all())
    assert set(statuses) == {s.value for s in ManifestStatus}, statuses
    assert sum(statuses.values()) >= 300
    assert count(db_session, GateRefusal) >= 3
    actions = set(db_session.exec(select(Event.action).where(col(Event.action).like("manifest.%"))))
    assert {
        "manifest.redirect",
        "manifest.return",
        "manifest.receive_return",
        "manifest.accept_part",
    } <= actions
    assert db_session.exec(select(func.count()).where(col(Manifest.anomaly))).one() >= 3
    # Cross-province transfers go to the Jiangsu receiver under an approval.
    far = db_session.exec(
        select(func.count())
        .select_from(Manifest)
        .join(Enterprise, col(Enterprise.id) == Manifest.receiver_id)
        .where(col(Enterprise.region_code).not_like("33%"), col(Manifest.approval_id).is_not(None))
    ).one()
    assert far >= 3
    assert "a year of history" in loaded.summary


def test_every_generator_has_streams_and_a_few_thousand_containers(db_session):
    generators = [e["name"] for e in data.ENTERPRISES if "waste_generator" in e["roles"]]
    with_streams = set(
        db_session.exec(
            select(Enterprise.name).join(WasteStream, col(WasteStream.enterprise_id) == Enterprise.id)
        )
    )
    assert set(generators) <= with_streams
    assert count(db_session, Container) >= 2000


def test_the_records_carry_their_historical_dates_and_the_clock_is_back(db_session):
    first, last = db_session.exec(select(func.min(Event.at), func.max(Event.at))).one()
    # The wall clock itself, read on purpose: it proves the history gave the stepped clock back.
    now = datetime.now(UTC)
    assert abs(clock.now() - now) < timedelta(minutes=1)
    first = first if first.tzinfo else first.replace(tzinfo=UTC)
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    assert now - timedelta(days=370) < first < now - timedelta(days=350)
    assert last <= now + timedelta(seconds=5)
    oldest = db_session.exec(select(func.min(Manifest.created_at))).one()
    assert (oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)) < now - timedelta(days=300)


def test_the_audit_chain_verifies(db_session):
    report = audit.verify_chain(session=db_session)
    assert report.ok, report
    assert report.checked > 10_000


def test_the_years_roll_ups_equal_a_recomputation(db_session):
    stored = rollups.stored(db_session)
    assert stored and stored == rollups.recompute(db_session)


def test_chemical_stock_shows_a_major_hazard_one_close_to_it_and_permitted_holdings(db_session):
    hazards = list(db_session.exec(select(FacilityHazard)))
    assert sum(1 for h in hazards if h.major_hazard) == 1
    assert any(800_000_000 <= h.ratio_ppb < 1_000_000_000 for h in hazards)
    kinds = dict(db_session.exec(select(StockMovement.kind, func.count()).group_by(StockMovement.kind)).all())
    assert {"receipt", "issue", "discard"} <= set(kinds)
    # 剧毒 sodium cyanide was bought under the purchase permit; 易制爆 holders are registered.
    assert db_session.exec(select(func.sum(PermitUsage.used_kg))).one() > 0
    registered = db_session.exec(
        select(func.count())
        .select_from(Licence)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .where(LicenceType.code == "explosive_precursor_registration")
    ).one()
    assert registered == 3


def test_alerts_are_raised_and_some_acknowledged_and_a_sweep_again_adds_nothing(loaded, db_session):
    acknowledged = db_session.exec(select(func.count()).where(col(Alert.acknowledged_at).is_not(None))).one()
    assert acknowledged >= 1
    assert count(db_session, Alert) > acknowledged
    # Legs long on the road were alerted already: sweeping again records nothing and refuses nothing.
    before = count(db_session, Event)
    assert alerts.sweep(session=db_session) == {}
    assert count(db_session, Event) == before


def test_one_correction_request_answered_and_others_open(db_session):
    statuses = sorted(db_session.exec(select(CorrectionRequest.status)))
    assert statuses.count("answered") == 1 and statuses.count("open") >= 1


def test_a_second_load_changes_nothing(loaded, db_session):
    before = row_counts(db_session)
    for history in (True, False):
        summary = demo.load_demo(session=db_session, history=history)
        assert "nothing changed" in summary
    runner = loaded.app.test_cli_runner()
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0 and "nothing changed" in result.output
    db_session.rollback()
    assert row_counts(db_session) == before
    assert set(before) == set(sa_inspect(loaded.engine).get_table_names()) - {"alembic_version"}


# The pages each demo account lands on and lists it works from: every one must show table rows.
PAGES = {
    "admin": [
        "/",
        "/manifests",
        "/oversight/manifests",
        "/oversight/alerts",
        "/oversight/dashboard",
        "/chemicals/major-hazards",
        "/oversight/deadlines",
    ],
    "eco": ["/", "/oversight/manifests", "/oversight/alerts", "/oversight/dashboard", "/oversight/deadlines"],
    "em": ["/", "/chemicals/major-hazards", "/chemicals-centre", "/oversight/dashboard"],
    "police": ["/", "/chemicals/controlled", "/oversight/dashboard"],
    "ehs": ["/manifests", "/containers", "/streams", "/chemicals/stock"],
    "driver": ["/", "/manifests?status=submitted"],
    "receiver": ["/manifests", "/containers", "/manifests?status=in_transit"],
    "dispatcher": ["/", "/manifests", "/oversight/transport-legs"],
    "dispatcher-logistics": ["/", "/manifests", "/oversight/transport-legs"],
    "dispatcher-env": ["/", "/manifests", "/oversight/transport-legs"],
}


def table_rows(html: str) -> int:
    """Rows of data in the page's tables (an empty table's one 'none' row spans its columns)."""
    bodies = re.findall(r"<tbody[^>]*>(.*?)</tbody>", html, re.S)
    return sum(len([r for r in re.findall(r"<tr.*?</tr>", b, re.S) if "colspan" not in r]) for b in bodies)


@pytest.mark.parametrize("username", sorted(PAGES))
def test_every_demo_account_sees_content_on_first_login(loaded, username):
    client = loaded.app.test_client()
    form = {"csrf_token": page_token(client, "/login"), "username": username, "password": data.DEMO_PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    empty = []
    for path in PAGES[username]:
        page = client.get(path)
        assert page.status_code == 200, path
        if not table_rows(page.get_data(as_text=True)):
            empty.append(path)
    assert empty == [], f"{username}: no table rows on {empty}"


@pytest.mark.parametrize("username", ["ehs", "receiver"])
def test_a_party_finds_its_open_correction_request_on_its_home_page(loaded, username):
    client = loaded.app.test_client()
    form = {"csrf_token": page_token(client, "/login"), "username": username, "password": data.DEMO_PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    assert "请补充" in client.get("/").get_data(as_text=True)
