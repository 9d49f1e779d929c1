"""Cursor (keyset) pagination: every page walk returns each row once, in order; bad cursors are 400."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from hazchem.domain.identifiers import uscc_check_char
from hazchem.services import registry as reg
from tests.api.conftest import API, walk


def add_enterprises(session, registry, n: int, roles: list[str], series: str = "PG") -> list[int]:
    created = []
    for i in range(n):
        body = f"91330604{series}{i:07d}"
        enterprise = reg.create_enterprise(
            session=session,
            actor=None,
            park_id=registry.park.id,
            uscc=body + uscc_check_char(body),
            name=f"分页测试企业{series}{i:02d}",
            region_code="330604",
            roles=roles,
        )
        created.append(enterprise.id)
    return created


def test_enterprise_pages_walk_everything_once(client, admin, registry, session):
    add_enterprises(session, registry, 12, ["waste_generator"])
    everything = walk(client, f"{API}/enterprises", admin, limit=5)
    seen = [e["id"] for e in everything]
    assert len(seen) == 15 and len(set(seen)) == 15 and seen == sorted(seen)
    assert walk(client, f"{API}/enterprises", admin, limit=15) == everything
    assert walk(client, f"{API}/enterprises", admin, limit=200) == everything


def test_role_filter_pages_are_full(client, admin, registry, session):
    carriers = []
    for series in ("A", "B", "D"):
        add_enterprises(session, registry, 3, ["receiver"], series=series + "X")
        carriers += add_enterprises(session, registry, 2, ["carrier"], series=series + "C")
    seen = [e["id"] for e in walk(client, f"{API}/enterprises?role=carrier", admin, limit=3)]
    assert seen == sorted([registry.ent_c.id, *carriers])
    first = client.get(f"{API}/enterprises?role=carrier&limit=3", headers=admin).get_json()
    assert len(first["items"]) == 3 and first["next_cursor"]


def test_licence_and_facility_pages(client, admin, registry, session):
    for i in range(6):
        reg.create_facility(
            session=session,
            actor=None,
            enterprise_id=registry.ent_a.id,
            name=f"仓库{i}",
            kind="chemical_warehouse",
            storage_capacity_kg=1000 * (i + 1),
        )
        reg.create_licence(
            session=session,
            actor=None,
            enterprise_id=registry.ent_a.id,
            licence_type_id=registry.types["pollutant_discharge"].id,
            number=f"91330604PW{i:06d}",
            valid_from=date(2024, 1, 1),
            valid_to=date(2029, 1, 1),
        )
    facilities = [f["id"] for f in walk(client, f"{API}/facilities", admin, limit=3)]
    assert len(facilities) == 8 == len(set(facilities))
    licences = [x["id"] for x in walk(client, f"{API}/licences", admin, limit=4)]
    assert len(licences) == 8 == len(set(licences))
    own = [x["id"] for x in walk(client, f"{API}/licences?enterprise_id={registry.ent_a.id}", admin, limit=2)]
    assert len(own) == 7


def test_vehicle_and_driver_pages(client, admin, registry, session):
    for i in range(4):
        reg.create_vehicle(
            session=session,
            actor=None,
            carrier_id=registry.ent_c.id,
            plate=f"浙D6000{i}",
            certificate_no=f"C{i}",
            dg_classes=["3"],
            valid_to=date(2029, 1, 1),
        )
    vehicles = [v["id"] for v in walk(client, f"{API}/vehicles", admin, limit=2)]
    assert len(vehicles) == 5 == len(set(vehicles)) and vehicles == sorted(vehicles)
    assert len(walk(client, f"{API}/drivers", admin, limit=1)) == 1


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["!!!", "abc", b64("foo:1"), b64("id:-1"), b64("id:x"), b64("id:")])
def test_malformed_cursor_is_invalid_input(client, admin, cursor):
    for path in ("enterprises", "licences", "facilities", "vehicles", "drivers"):
        resp = client.get(f"{API}/{path}?cursor={cursor}", headers=admin)
        assert resp.status_code == 400, (path, cursor)
        body = resp.get_json()
        assert body["error"] == "invalid_input" and body["details"][0]["field"] == "cursor"
