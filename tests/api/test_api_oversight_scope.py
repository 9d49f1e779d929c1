"""Department-scoped oversight through the API: each department × each guarded resource."""

from __future__ import annotations

import pytest

from tests.api.conftest import API
from tests.services.oversight_world import DEPARTMENT_USERS, READS, World, build_world, oversees, path_of

API_READS = sorted(name for name, (_, api_path, _) in READS.items() if api_path)


@pytest.fixture
def world(session, registry, chain) -> World:
    """One record in every area."""
    return build_world(session, registry, chain)


@pytest.mark.parametrize("username", DEPARTMENT_USERS)
def test_each_department_gets_its_areas_and_403_for_the_rest(client, login, world, username):
    headers = login(username)
    for read in API_READS:
        areas, template, _ = READS[read]
        resp = client.get(API + path_of(template, world), headers=headers)
        if oversees(username, areas):
            assert resp.status_code == 200, (read, resp.status_code, resp.get_data(as_text=True)[:200])
        else:
            assert resp.status_code == 403, (read, resp.status_code)
            body = resp.get_json()
            assert body["error"] == "forbidden", read
            assert body["message"].startswith("your department does not oversee"), read


def test_the_administrator_gets_every_resource(client, login, world):
    headers = login("admin")
    for read in API_READS:
        resp = client.get(API + path_of(READS[read][1], world), headers=headers)
        assert resp.status_code == 200, read


def test_transport_legs_list_and_refusal(client, login, world, registry):
    body = client.get(f"{API}/transport-legs", headers=login("regulator_tr")).get_json()
    [leg] = body["items"]
    assert leg["manifest_number"] == world.manifest.number
    assert leg["vehicle_plate"] == "浙D12345" and leg["carrier"]["id"] == registry.ent_c.id
    assert body["next_cursor"] is None
    assert (
        client.get(f"{API}/transport-legs", headers=login("officer_a")).get_json()["items"][0]["id"]
        == leg["id"]
    )
    refused = client.get(f"{API}/transport-legs", headers=login("regulator_eco"))
    assert refused.status_code == 403
    assert refused.get_json()["message"] == "your department does not oversee transport legs"
