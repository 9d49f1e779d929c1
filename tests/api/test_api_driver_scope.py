"""Through the API: a driver reads only its own legs' manifests, slips, labels and scans; a carrier
dispatcher reads its carrier's legs and assigns their vehicles and drivers."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hazchem.models import Event, TransportLeg
from tests.api.custody_helpers import fresh
from tests.services.fleet_world import fleet_fixture, load_on  # noqa: F401  (the `fleet` fixture)


@pytest.fixture
def loads(session, chain, fleet):
    """Submitted manifests on driver A's leg, driver B's leg (both carrier C) and carrier D's leg."""
    return {key: load_on(session, chain, getattr(fleet, f"leg_{key}")) for key in ("a", "b", "d")}


def reads(api, user: str, manifest, containers) -> dict[str, int]:
    """The status of each read of one manifest and its first container."""
    cid, digital = containers[0].id, containers[0].digital_id
    bulk_slips = {"manifest_ids": [manifest.id]}
    return {
        "manifest": api.raw(user, "GET", f"/manifests/{manifest.id}").status_code,
        "slip": api.raw(user, "GET", f"/manifests/{manifest.id}/slip.pdf").status_code,
        "slips": api.raw(user, "POST", "/manifests/slips.pdf", json=bulk_slips).status_code,
        "container": api.raw(user, "GET", f"/containers/{cid}").status_code,
        "label": api.raw(user, "GET", f"/containers/{cid}/label.pdf").status_code,
        "labels": api.raw(user, "POST", "/containers/labels.pdf", json={"container_ids": [cid]}).status_code,
        "scan": api.raw(user, "POST", "/scans", json={"scanned": digital}).status_code,
    }


SEEN = dict.fromkeys(("manifest", "slip", "slips", "container", "label", "labels", "scan"), 200)
HIDDEN = dict.fromkeys(SEEN, 404)


def lists(api, user: str) -> dict[str, set]:
    """Which manifests each list of the user shows (by id, or by number for the register)."""
    register = api.raw(user, "GET", "/registers/manifests?format=csv").get_data(as_text=True)
    return {
        "manifests": {m["id"] for m in api.call(user, "GET", "/manifests")["items"]},
        "search": {m["id"] for m in api.call(user, "GET", "/manifests/search")["items"]},
        "containers": {c["manifest_id"] for c in api.call(user, "GET", "/containers")["items"]},
        "legs": {row["manifest_id"] for row in api.call(user, "GET", "/transport-legs")["items"]},
        "register": {line.split(",")[0].strip('"') for line in register.splitlines()[1:] if line},
    }


def only(*manifests) -> dict[str, set]:
    ids = {m.id for m in manifests}
    return {
        "manifests": ids,
        "search": ids,
        "containers": ids,
        "legs": ids,
        "register": {m.number for m in manifests},
    }


def test_drivers_read_their_own_loads_and_get_404_for_the_others(api, loads, fleet):
    (mine, mine_c), (theirs, theirs_c), (other, other_c) = loads["a"], loads["b"], loads["d"]
    assert reads(api, "driver", mine, mine_c) == SEEN
    assert reads(api, "driver", theirs, theirs_c) == HIDDEN
    assert reads(api, "driver", other, other_c) == HIDDEN
    assert reads(api, "driver_b", theirs, theirs_c) == SEEN
    assert reads(api, "driver_b", mine, mine_c) == HIDDEN
    assert lists(api, "driver") == only(mine)
    assert lists(api, "driver_b") == only(theirs)
    assert lists(api, "driver_d") == only(other)
    # Signing follows reading: driver A cannot pick driver B's load up.
    scanned = {"scanned": [c.digital_id for c in theirs_c]}
    api.call("driver", "POST", f"/manifests/{theirs.id}/pick-up", 404, json=scanned)
    picked = api.call("driver_b", "POST", f"/manifests/{theirs.id}/pick-up", json=scanned)
    assert picked["status"] == "in_transit"


def test_dispatchers_read_their_carriers_legs_only(api, loads, fleet):
    (mine, mine_c), (theirs, theirs_c), (other, other_c) = loads["a"], loads["b"], loads["d"]
    for manifest, containers in ((mine, mine_c), (theirs, theirs_c)):
        assert reads(api, "dispatcher_c", manifest, containers) == SEEN
        assert reads(api, "dispatcher_d", manifest, containers) == HIDDEN
    assert reads(api, "dispatcher_d", other, other_c) == SEEN
    assert reads(api, "dispatcher_c", other, other_c) == HIDDEN
    assert lists(api, "dispatcher_c") == only(mine, theirs)
    assert lists(api, "dispatcher_d") == only(other)
    detail = api.call("dispatcher_c", "GET", f"/manifests/{theirs.id}")
    assert detail["actions"] == [] and detail["legs"][0]["driver_name"] == "李师傅"


def assignment(manifest, seq: int = 1) -> str:
    return f"/manifests/{manifest.id}/legs/{seq}/assignment"


def crew(session, manifest) -> tuple[int, int]:
    with fresh(session) as s:
        leg = s.exec(select(TransportLeg).where(TransportLeg.manifest_id == manifest.id)).one()
        return leg.vehicle_id, leg.driver_id


def assign_events(session) -> int:
    with fresh(session) as s:
        return len(s.exec(select(Event.id).where(Event.action == "manifest.assign_leg")).all())


def test_the_dispatcher_assigns_a_leg_through_the_api(api, session, loads, fleet):
    theirs = loads["b"][0]
    body = {"vehicle_id": fleet.vehicle_a.id, "driver_id": fleet.driver_a.id}
    detail = api.call("dispatcher_c", "POST", assignment(theirs), json=body)
    assert (detail["legs"][0]["vehicle_plate"], detail["legs"][0]["driver_name"]) == ("浙D12345", "王师傅")
    assert crew(session, theirs) == (fleet.vehicle_a.id, fleet.driver_a.id)
    assert assign_events(session) == 1
    # The load moved from driver B to driver A.
    api.call("driver_b", "GET", f"/manifests/{theirs.id}", 404)
    assert api.call("driver", "GET", f"/manifests/{theirs.id}")["actions"] == ["pick_up"]


@pytest.mark.parametrize(
    ("user", "seq", "vehicle", "driver", "status", "rule"),
    [
        ("dispatcher_d", 1, "vehicle_a", "driver_a", 404, None),
        ("driver", 1, "vehicle_a", "driver_a", 404, None),
        ("driver_b", 1, "vehicle_a", "driver_a", 403, None),
        ("officer_a", 1, "vehicle_a", "driver_a", 403, None),
        ("regulator_eco", 1, "vehicle_a", "driver_a", 403, None),
        ("dispatcher_c", 2, "vehicle_a", "driver_a", 400, None),
        ("dispatcher_c", 1, "vehicle_d", "driver_a", 422, "dispatch.carrier_fleet"),
        ("dispatcher_c", 1, "vehicle_a", "driver_d", 422, "dispatch.carrier_fleet"),
        ("dispatcher_c", 1, "lapsed_vehicle", "driver_a", 422, "dispatch.vehicle_qualification"),
        ("dispatcher_c", 1, "vehicle_a", "lapsed_driver", 422, "dispatch.driver_qualification"),
    ],
)
def test_assignment_refusals(api, session, loads, fleet, user, seq, vehicle, driver, status, rule):
    theirs = loads["b"][0]
    body = {"vehicle_id": getattr(fleet, vehicle).id, "driver_id": getattr(fleet, driver).id}
    answer = api.call(user, "POST", assignment(theirs, seq), status, json=body)
    assert answer.get("rule") == rule
    assert crew(session, theirs) == (fleet.vehicle_b.id, fleet.driver_b.id)
    assert assign_events(session) == 0


def test_no_assignment_after_pick_up(api, session, loads, fleet):
    mine, mine_c = loads["a"]
    scanned = {"scanned": [c.digital_id for c in mine_c]}
    api.call("driver", "POST", f"/manifests/{mine.id}/pick-up", json=scanned)
    body = {"vehicle_id": fleet.vehicle_b.id, "driver_id": fleet.driver_b.id}
    answer = api.call("dispatcher_c", "POST", assignment(mine), 422, json=body)
    assert answer["rule"] == "dispatch.picked_up"
    api.call("dispatcher_c", "POST", assignment(mine), 400, json={"vehicle_id": fleet.vehicle_b.id})
    assert crew(session, mine) == (fleet.vehicle_a.id, fleet.driver_a.id)


def test_the_openapi_document_names_the_assignment(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    operation = paths["/api/v1/manifests/{manifest_id}/legs/{leg_seq}/assignment"]["post"]
    assert {"200", "403", "404", "422"} <= set(operation["responses"])


def test_administrators_create_dispatcher_accounts_bound_to_a_carrier(api, registry):
    account = {"username": "dispatch-2", "password": "long-enough-secret", "role": "carrier_dispatcher"}
    api.call("admin", "POST", "/users", 400, json=account)
    api.call("admin", "POST", "/users", 400, json={**account, "enterprise_id": registry.ent_a.id})
    made = api.call("admin", "POST", "/users", 201, json={**account, "enterprise_id": registry.ent_c.id})
    assert made["role"] == "carrier_dispatcher" and made["enterprise_id"] == registry.ent_c.id
