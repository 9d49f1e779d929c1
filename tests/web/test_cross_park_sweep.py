"""Acceptance of tenancy by park: every GET route of the web app and the API, as every role of one park,
with the ids of another park's records, shows nothing of that other park.

Park B is the demo park with its year (manifests, containers, stock, the park catalogue, an accident,
plans, resources, alerts…); park A is the demo province's second park, whose plant ships one load to B's
disposal centre (that transfer, and the parties to it, are rightly in both parks' view). A is given here every
role it lacks, and a city region of its own whose regulator is regional but does not reach B. Each of
them walks the whole URL map, variables filled with B's ids and list filters naming B's ids, and no
body may hold a name or number distinctive of B; by-id reads of B's records answer 403 or 404. The same
walk as B's administrator and the province's regulator finds B's records, so the check can fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from flask import Flask
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from hazchem import create_app
from hazchem.demo import data
from hazchem.demo import second_park as demo_b
from hazchem.models import (
    Alert,
    Container,
    Department,
    EmergencyIncident,
    EmergencyPlan,
    EmergencyResource,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    Licence,
    Manifest,
    Park,
    StorageUnit,
    TransportLeg,
    User,
)
from hazchem.services import registry as reg
from hazchem.services.registry import regions
from tests.conftest import PASSWORD, _password_hash, wipe
from tests.demo_year import load_demo_year
from tests.web.conftest import login

pytestmark = pytest.mark.timeout(1800)

VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
SKIP = {"web.logout", "api_docs.asset"}
# Public by design, answered alike to anyone without logging in: a drum's label page (its QR code) and
# a printed slip's verification. Not a park's reading of another park.
PUBLIC = {"web.custody.container_page", "web.manifests.verify_slip", "api.documents.verify_slip"}
# A generator may ship to a receiver, by a carrier, of any park (transfers cross park lines): the new
# manifest form offers every park's receivers and carriers.
EVERY_PARK = {"web.manifests.manifest_new"}
# Variables naming a record of a park: a read of B's by such an id must be refused.
PARK_RECORDS = {
    "enterprise_id",
    "manifest_id",
    "plan_id",
    "incident_id",
    "container_id",
    "licence_id",
    "facility_id",
    "resource_id",
    "unit_id",
    "alert_id",
    "digital_id",
    "number",
}


@dataclass
class World:
    """Park A's walkers, park B's walkers, B's ids to fill routes with and B's distinctive texts."""

    a_users: list[str] = field(default_factory=list)
    # The accounts made here (password PASSWORD; the demo's have the demo password).
    made: set[str] = field(default_factory=set)
    b_users: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


def _user(session: Session, username: str, role: str, **binding: int) -> str:
    session.add(User(username=username, password_hash=_password_hash(), role=role, **binding))
    session.commit()
    return username


def _park_a_roles(session: Session, park_a: Park) -> list[str]:
    """Every role in park A: the demo's three, a regulator per department kind, a receiver's operator, a
    carrier's dispatcher and driver, and the regulator of a city that holds A but not B."""
    users = ["admin-binhai", "ehs-binhai"]
    for department in session.exec(select(Department).where(Department.park_id == park_a.id)):
        users.append(_user(session, f"a-{department.kind}", "regulator", department_id=department.id))
    receiver = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park_a.id,
        uscc=demo_b.uscc("BH000103"),
        name="滨海示例环保处置有限公司",
        region_code=demo_b.REGION_CODE,
        roles=["receiver"],
    )
    carrier = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park_a.id,
        uscc=demo_b.uscc("BH000104"),
        name="滨海示例危货运输有限公司",
        region_code=demo_b.REGION_CODE,
        roles=["carrier"],
    )
    driver = reg.create_driver(
        session=session,
        actor=None,
        carrier_id=carrier.id,
        name="滨海测试驾驶员",
        certificate_no="330603-DG-009901",
        valid_to=date(2035, 1, 1),
    )
    users.append(_user(session, "a-receiver", "receiver_operator", enterprise_id=receiver.id))
    users.append(_user(session, "a-dispatcher", "carrier_dispatcher", enterprise_id=carrier.id))
    users.append(_user(session, "a-driver", "driver", driver_id=driver.id))
    regions.create_region(
        session=session,
        actor=None,
        code="330600",
        name="绍兴市",
        level="city",
        parent_code=demo_b.PROVINCE_CODE,
    )
    regions.set_park_region(session=session, actor=None, park_id=park_a.id, region_code="330600")
    city = regions.create_regional_department(
        session=session, actor=None, region_code="330600", kind="ecology_environment", name="绍兴市生态环境局"
    )
    users.append(_user(session, "city-eco", "regulator", department_id=city.id))
    return users


def _first(session: Session, query) -> str:
    row = session.exec(query).first()
    assert row is not None, str(query)
    return str(row)


def _park_b_facts(session: Session, park_a: Park, park_b: Park) -> tuple[dict[str, str], list[str]]:
    """B's ids to fill routes with, and B's texts no reader of A may meet (none of the cross-park load)."""
    a_ents = set(session.exec(select(Enterprise.id).where(Enterprise.park_id == park_a.id)))
    crossing = session.exec(
        select(Manifest.id, Manifest.generator_id, Manifest.receiver_id).where(
            or_(
                col(Manifest.generator_id).in_(a_ents),
                col(Manifest.receiver_id).in_(a_ents),
                col(Manifest.id).in_(
                    select(TransportLeg.manifest_id).where(col(TransportLeg.carrier_id).in_(a_ents))
                ),
            )
        )
    ).all()
    crossing_ids = [m for m, _, _ in crossing]
    shared = {e for _, g, r in crossing for e in (g, r)} | set(
        session.exec(select(TransportLeg.carrier_id).where(col(TransportLeg.manifest_id).in_(crossing_ids)))
    )
    b_only = list(
        session.exec(
            select(Enterprise).where(Enterprise.park_id == park_b.id, col(Enterprise.id).not_in(shared))
        )
    )
    b_ids = [e.id for e in b_only]
    texts = [e.name for e in b_only] + [e.uscc for e in b_only]
    texts += list(session.exec(select(Licence.number).where(col(Licence.enterprise_id).in_(b_ids))))
    own = select(Manifest).where(
        col(Manifest.generator_id).in_(b_ids), col(Manifest.id).not_in(crossing_ids or [-1])
    )
    texts += [m.number for m in session.exec(own)]
    texts += list(session.exec(select(EmergencyPlan.title).where(EmergencyPlan.park_id == park_b.id)))
    manifest = session.exec(own.order_by(col(Manifest.id))).first()
    assert manifest is not None
    container = session.exec(select(Container).where(Container.manifest_id == manifest.id)).first()
    assert container is not None
    texts.append(container.digital_id)
    alert = (
        session.exec(
            select(Alert.id).where(
                col(Alert.enterprise_id).in_(b_ids), col(Alert.counterparty_id).not_in(a_ents)
            )
        ).first()
        or session.exec(select(Alert.id).where(col(Alert.enterprise_id).in_(b_ids))).first()
    )
    ids = {
        "enterprise_id": str(manifest.generator_id),
        "manifest_id": str(manifest.id),
        "number": manifest.number,
        "container_id": str(container.id),
        "digital_id": container.digital_id,
        "licence_id": _first(session, select(Licence.id).where(col(Licence.enterprise_id).in_(b_ids))),
        "facility_id": _first(session, select(Facility.id).where(col(Facility.enterprise_id).in_(b_ids))),
        "plan_id": _first(session, select(EmergencyPlan.id).where(EmergencyPlan.park_id == park_b.id)),
        "resource_id": _first(
            session, select(EmergencyResource.id).where(EmergencyResource.park_id == park_b.id)
        ),
        "incident_id": _first(
            session, select(EmergencyIncident.id).where(EmergencyIncident.park_id == park_b.id)
        ),
        "unit_id": _first(
            session,
            select(StorageUnit.id)
            .join(Facility, col(Facility.id) == StorageUnit.facility_id)
            .where(col(Facility.enterprise_id).in_(b_ids)),
        ),
        "chemical_id": _first(
            session,
            select(EnterpriseChemicalStock.chemical_id).where(
                col(EnterpriseChemicalStock.enterprise_id).in_(b_ids)
            ),
        ),
        "alert_id": str(alert),
        "year": str(manifest.created_at.year),
        "park_id": str(park_b.id),
    }
    return ids, sorted(set(texts), key=len, reverse=True)


@pytest.fixture(scope="module")
def sweep(engine: Engine, database_url: str) -> Iterator[tuple[Flask, World]]:
    """The demo year with park A's roles added, served with CSRF on as in production; emptied after."""
    load_demo_year(engine)
    world = World()
    with Session(engine, expire_on_commit=False) as session:
        park_b = session.exec(select(Park).where(Park.name == data.PARK_NAME)).one()
        centre = session.exec(select(Enterprise).where(Enterprise.name == "上虞示例固废处置有限公司")).one()
        demo_b.load_second_park(session=session, demo_park=park_b, receiver=centre)
        session.commit()
        park_a = session.exec(select(Park).where(Park.name == demo_b.PARK_NAME)).one()
        world.a_users = _park_a_roles(session, park_a)
        world.made = set(world.a_users) - {"admin-binhai", "ehs-binhai"}
        world.ids, world.texts = _park_b_facts(session, park_a, park_b)
        world.b_users = ["admin", "province-eco"]
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    yield app, world
    app.extensions["hazchem.engine"].dispose()
    wipe(engine)


def _filled(rule: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.groups()
        if name in ids:
            return ids[name]
        return "1" if converter == "int" else "pickup"

    return VARIABLE.sub(value, rule)


def _filters(ids: dict[str, str]) -> str:
    names = ("enterprise_id", "facility_id", "manifest_id", "park_id", "generator_id", "receiver_id")
    pairs = [f"{n}={ids.get(n, ids['enterprise_id'])}" for n in names]
    return "?" + "&".join([*pairs, "format=csv", f"year={ids['year']}"])


def _text(raw: bytes) -> str:
    """A body as text: UTF-8, else GB18030 (exports for Chinese spreadsheets); binary bodies mostly noise."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


@dataclass
class Walk:
    """What one user's walk met: B's texts per path, by-id reads of B answered, server errors."""

    leaks: dict[str, list[str]] = field(default_factory=dict)
    read_by_id: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _walk(app: Flask, world: World, username: str) -> Walk:
    password = PASSWORD if username in world.made else data.DEMO_PASSWORD
    web = app.test_client()
    assert login(web, username, password).status_code == 302, username
    api = app.test_client()
    token = api.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert token.status_code in (200, 201), token.get_json()
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    finder = re.compile("|".join(re.escape(t) for t in world.texts))
    walk = Walk()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint in SKIP | PUBLIC:
            continue
        if rule.endpoint in EVERY_PARK and username in world.a_users:
            continue
        path = _filled(rule.rule, world.ids)
        is_api = path.startswith("/api/")
        client, headers = (api, bearer) if is_api else (web, {})
        by_id = {name for _, name in VARIABLE.findall(rule.rule)} & PARK_RECORDS
        for query in ("", _filters(world.ids)):
            response = client.get(path + query, headers=headers)
            if response.status_code >= 500:
                walk.errors.append(f"{response.status_code} {path}{query}")
            body = _text(response.get_data())
            found = sorted(set(finder.findall(body)))
            if found:
                walk.leaks[path + query] = found[:5]
            if by_id and response.status_code not in (400, 403, 404) and not query:
                walk.read_by_id.append(f"{response.status_code} {path}")
    return walk


def test_no_role_of_park_a_meets_anything_of_park_b(sweep):
    app, world = sweep
    assert len(world.a_users) >= 11 and len(world.texts) > 100
    report = []
    for username in world.a_users:
        walk = _walk(app, world, username)
        report += [f"{username}: {e}" for e in walk.errors]
        report += [f"{username} leak {path}: {found}" for path, found in walk.leaks.items()]
        report += [f"{username} read B by id: {r}" for r in walk.read_by_id]
    assert not report, f"{len(report)} findings:\n" + "\n".join(report)


def test_park_b_and_its_province_do_meet_park_b(sweep):
    """The other side: the same walk finds B's records for B's administrator and the province's regulator."""
    app, world = sweep
    for username in world.b_users:
        walk = _walk(app, world, username)
        assert not walk.errors, walk.errors
        assert len(walk.leaks) > 20, (username, len(walk.leaks))
        assert len(walk.read_by_id) > 10, (username, walk.read_by_id)
