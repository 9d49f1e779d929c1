"""API across parks: the search gives each manifest's generator and receiver park and filters by park
within the parks the caller reads, loads incoming from another park, and alerts by park."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from hazchem.domain.lifecycle import ManifestStatus
from hazchem.services.oversight import alerts
from tests.api.conftest import API
from tests.services.crosspark_world import park_b_fixture  # noqa: F401  (the `park_b` fixture)
from tests.services.test_audit_search import add_manifest


def seed(session, registry, chain, park_b):
    """1: A to B on the road; 2: A to B delivered 1 June; 3: within park A."""
    to_b = {"receiver_id": park_b.receiver.id, "receiver_facility_id": park_b.plant.id}
    add_manifest(session, registry, chain, 1, status=ManifestStatus.IN_TRANSIT.value, **to_b)
    delivered = datetime(2026, 6, 1, 2, tzinfo=UTC)
    add_manifest(
        session, registry, chain, 2, status=ManifestStatus.DELIVERED.value, delivered_at=delivered, **to_b
    )
    add_manifest(session, registry, chain, 3, status=ManifestStatus.SUBMITTED.value)


def numbers(client, headers, query=""):
    body = client.get(f"{API}/manifests/search?limit=100&{query}", headers=headers)
    assert body.status_code == 200, body.get_json()
    return {i["number"][-1]: i for i in body.get_json()["items"]}


def test_search_gives_parks_and_filters_by_them(client, session, registry, chain, park_b, login):
    seed(session, registry, chain, park_b)
    a, b = registry.park.id, park_b.park.id
    province = login("province_eco")
    found = numbers(client, province)
    assert set(found) == {"1", "2", "3"}
    assert (found["1"]["generator_park_id"], found["1"]["receiver_park_id"]) == (a, b)
    assert (found["3"]["generator_park_id"], found["3"]["receiver_park_id"]) == (a, a)
    assert set(numbers(client, province, f"park_id={b}")) == {"1", "2"}
    assert set(numbers(client, province, f"park_id={a}")) == {"1", "2", "3"}
    # Both parks' regulators see the transfer between them; neither reaches the other park by filter.
    assert {"1", "2"} <= set(numbers(client, login("regulator_eco_b")))
    assert {"1", "2"} <= set(numbers(client, login("regulator_eco")))
    assert numbers(client, login("regulator_eco"), f"park_id={b}") == {}
    assert numbers(client, login("regulator_eco_b"), f"park_id={a}") == {}
    assert client.get(f"{API}/manifests/search?park_id=x", headers=province).status_code == 400


def test_incoming_search_and_register_park_columns(client, session, registry, chain, park_b, login):
    seed(session, registry, chain, park_b)
    assert set(numbers(client, login("regulator_eco_b"), "incoming=true")) == {"1"}
    assert set(numbers(client, login("officer_d"), "incoming=true")) == {"1"}
    assert numbers(client, login("regulator_eco"), "incoming=true") == {}
    resp = client.get(
        f"{API}/registers/manifests?format=csv&park_id={park_b.park.id}", headers=login("province_eco")
    )
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert {tuple(r[-2:]) for r in rows[1:]} == {("测试化工园区", "上虞精细化工园区")} and len(rows) == 3


def test_alerts_by_park(client, session, registry, chain, park_b, login):
    seed(session, registry, chain, park_b)
    alerts.sweep(session=session, now=datetime(2026, 6, 12, 4, tzinfo=UTC))
    session.commit()

    def overdue(headers, query=""):
        body = client.get(f"{API}/alerts?kind=overdue_confirmation&{query}", headers=headers).get_json()
        return [(i["entity_id"][-1], i["park_id"]) for i in body["items"]]

    assert overdue(login("regulator_eco_b")) == [("2", park_b.park.id)]
    assert overdue(login("regulator_eco")) == []
    assert overdue(login("province_eco"), f"park_id={park_b.park.id}") == [("2", park_b.park.id)]
    assert overdue(login("province_eco"), f"park_id={registry.park.id}") == []
