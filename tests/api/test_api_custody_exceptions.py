"""Custody exceptions through the API, each by the party that acts and refused to the others: gate
refusal and redirect, return, partial refusal, leg change, incident and cancellation after pick-up."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hazchem.models import Alert, Facility, User
from tests.api.custody_helpers import Api, picked_up, set_row, stock
from tests.conftest import _password_hash
from tests.services.exc_world import alternate


@pytest.fixture
def alt(session, registry):
    """An alternate receiver licensed for the waste, with an operator account `operator_d`."""
    ent, store = alternate(session, registry)
    session.add(
        User(
            username="operator_d",
            password_hash=_password_hash(),
            role="receiver_operator",
            enterprise_id=ent.id,
        )
    )
    session.commit()
    return ent, store


def ids_of(containers):
    return [c["digital_id"] for c in containers]


def test_gate_refusal_redirect_and_acceptance_by_the_alternate(api: Api, session, registry, chain, alt):
    manifest, containers = picked_up(api, chain, count=2, weight="200")
    mid, ids = manifest["id"], ids_of(containers)
    set_row(session, Facility, chain.plant_b.id, storage_capacity_kg=300)
    full = api.call("operator_b", "POST", f"/manifests/{mid}/deliver", 422, json={"scanned": ids})
    assert full["rule"] == "arrival.receiver_storage_capacity"
    assert {"refuse", "refuse_part"} <= set(api.call("operator_b", "GET", f"/manifests/{mid}")["actions"])

    body = {"reason": "over_capacity", "note": "库容不足"}
    api.call("officer_a", "POST", f"/manifests/{mid}/refusal", 403, json=body)
    api.call("operator_b", "POST", f"/manifests/{mid}/refusal", 400, json={"reason": "bored"})
    refused = api.call(
        "operator_b", "POST", f"/manifests/{mid}/refusal", json=body, headers={"Idempotency-Key": "r1"}
    )
    assert refused["status"] == "refused"
    assert (
        refused["refusals"][0]["reason"] == "over_capacity" and refused["refusals"][0]["refused_kg"] == "400"
    )
    again = api.raw(
        "operator_b", "POST", f"/manifests/{mid}/refusal", json=body, headers={"Idempotency-Key": "r1"}
    )
    assert again.status_code == 200 and again.headers.get("Idempotent-Replayed") == "true"
    assert {"redirect", "return", "request_cancel"} <= set(
        api.call("officer_a", "GET", f"/manifests/{mid}")["actions"]
    )

    _, store = alt
    move = {"facility_id": store.id, "reason": "改送丁公司"}
    api.call("driver", "POST", f"/manifests/{mid}/redirect", 403, json=move)
    wrong = api.call(
        "officer_a", "POST", f"/manifests/{mid}/redirect", 422, json={**move, "facility_id": chain.plant_b.id}
    )
    assert wrong["rule"] == "redirect.same_receiver"
    moved = api.call("officer_a", "POST", f"/manifests/{mid}/redirect", json=move)
    assert moved["status"] == "in_transit" and moved["receiver_facility"]["id"] == store.id
    assert [leg["seq"] for leg in moved["legs"]] == [1, 2]
    api.call("operator_b", "POST", f"/manifests/{mid}/deliver", 403, json={"scanned": ids})
    api.call("operator_d", "POST", f"/manifests/{mid}/deliver", json={"scanned": ids})
    accepted = api.call(
        "operator_d", "POST", f"/manifests/{mid}/receipt", json={"weights": {i: "200" for i in ids}}
    )
    assert accepted["status"] == "accepted"
    assert accepted["balance"] == {
        "declared_kg": "400",
        "accepted_kg": "400",
        "refused_kg": "0",
        "returned_kg": "0",
        "lost_kg": "0",
        "open_kg": "0",
        "balances": True,
    }
    assert accepted["refusals"][0]["receiver_id"] == registry.ent_b.id


def test_unlicensed_alternate_is_refused(api: Api, session, registry, chain):
    _, unlicensed = alternate(session, registry, licensed=False)
    manifest, _ = picked_up(api, chain)
    mid = manifest["id"]
    api.call("operator_b", "POST", f"/manifests/{mid}/refusal", json={"reason": "no_licence_cover"})
    body = api.call(
        "officer_a",
        "POST",
        f"/manifests/{mid}/redirect",
        422,
        json={"facility_id": unlicensed.id, "reason": "x"},
    )
    assert body["rule"] == "redirect.receiver_licence"
    assert api.call("officer_a", "GET", f"/manifests/{mid}")["status"] == "refused"


def test_carrier_proposal_confirmed_by_the_generator(api: Api, session, registry, chain, alt):
    manifest, _ = picked_up(api, chain)
    mid = manifest["id"]
    api.call("operator_b", "POST", f"/manifests/{mid}/refusal", json={"reason": "wrong_waste"})
    _, store = alt
    proposal = api.call(
        "driver",
        "POST",
        f"/manifests/{mid}/redirect-proposals",
        201,
        json={"facility_id": store.id, "reason": "就近"},
    )
    assert proposal["kind"] == "redirect" and proposal["status"] == "open"
    api.call(
        "officer_a",
        "POST",
        f"/manifests/{mid}/redirect-proposals",
        403,
        json={"facility_id": store.id, "reason": "x"},
    )
    api.call("driver", "POST", f"/custody-requests/{proposal['id']}/decision", 403, json={"approve": True})
    done = api.call(
        "officer_a", "POST", f"/custody-requests/{proposal['id']}/decision", json={"approve": True}
    )
    assert done["status"] == "in_transit" and done["custody_requests"][0]["status"] == "approved"
    api.call("officer_a", "POST", f"/custody-requests/{proposal['id']}/decision", 409, json={"approve": True})
    api.call("officer_a", "POST", "/custody-requests/999999/decision", 404, json={"approve": True})


def test_return_to_the_generator(api: Api, session, registry, chain):
    manifest, containers = picked_up(api, chain, count=2, weight="50")
    mid, ids = manifest["id"], ids_of(containers)
    api.call("officer_a", "POST", f"/manifests/{mid}/return", 409, json={"reason": "x"})
    api.call("operator_b", "POST", f"/manifests/{mid}/refusal", json={"reason": "damaged_packaging"})
    api.call("driver", "POST", f"/manifests/{mid}/return", 403, json={"reason": "x"})
    api.call("officer_a", "POST", f"/manifests/{mid}/return", json={"reason": "退回"})
    receipt = {"facility_id": chain.store_a.id, "scanned": ids}
    api.call(
        "officer_a",
        "POST",
        f"/manifests/{mid}/return-receipt",
        403,
        json={**receipt, "facility_id": chain.store_b.id},
    )
    done = api.call("officer_a", "POST", f"/manifests/{mid}/return-receipt", json=receipt)
    assert done["status"] == "returned" and done["actions"] == []
    assert done["balance"]["returned_kg"] == "100" and done["balance"]["balances"]
    assert stock(session, chain.store_a.id) == 100_000


def test_partial_refusal_shows_the_split(api: Api, session, registry, chain):
    manifest, containers = picked_up(api, chain, count=3, weight="100")
    mid, ids = manifest["id"], ids_of(containers)
    parent = api.call(
        "operator_b",
        "POST",
        f"/manifests/{mid}/refusal",
        json={"reason": "wrong_waste", "containers": [ids[0]]},
    )
    assert (
        parent["status"] == "in_transit" and parent["declared_kg"] == "200" and len(parent["split_off"]) == 1
    )
    assert parent["balance"]["refused_kg"] == "100" and parent["balance"]["declared_kg"] == "300"
    children = api.call("officer_a", "GET", "/manifests?status=refused")["items"]
    assert [c["number"] for c in children] == parent["split_off"]
    child = api.call("officer_a", "GET", f"/manifests/{children[0]['id']}")
    assert child["split_from"] == parent["number"] and [c["digital_id"] for c in child["containers"]] == [
        ids[0]
    ]


def test_leg_change_by_the_carrier(api: Api, session, registry, chain):
    manifest, containers = picked_up(api, chain)
    mid, ids = manifest["id"], ids_of(containers)
    leg = {
        "carrier_id": registry.ent_c.id,
        "vehicle_id": registry.vehicle.id,
        "driver_id": registry.driver.id,
    }
    body = {"leg": leg, "scanned": ids, "reason": "换班"}
    api.call("operator_b", "POST", f"/manifests/{mid}/leg-change", 403, json=body)
    short = api.call("driver", "POST", f"/manifests/{mid}/leg-change", 422, json={**body, "scanned": ids[:1]})
    assert short["rule"] == "leg.container_set"
    changed = api.call("driver", "POST", f"/manifests/{mid}/leg-change", json=body)
    assert [leg["seq"] for leg in changed["legs"]] == [1, 2] and changed["status"] == "in_transit"


def test_incident_alerts_three_departments(api: Api, session, registry, chain):
    manifest, containers = picked_up(api, chain, count=2, weight="100")
    mid, ids = manifest["id"], ids_of(containers)
    body = {"kind": "accident", "description": "追尾", "place": "G92", "lost": [ids[0]]}
    api.call("officer_a", "POST", f"/manifests/{mid}/incidents", 403, json=body)
    api.call("driver", "POST", f"/manifests/{mid}/incidents", 400, json={**body, "kind": "meteor"})
    shown = api.call(
        "driver", "POST", f"/manifests/{mid}/incidents", json=body, headers={"Idempotency-Key": "i1"}
    )
    assert shown["incidents"][0]["lost"] == [ids[0]] and shown["balance"]["lost_kg"] == "100"
    statuses = {c["digital_id"]: c["status"] for c in shown["containers"]}
    assert statuses == {ids[0]: "lost", ids[1]: "in_transit"}
    api.call("driver", "POST", f"/manifests/{mid}/incidents", json=body, headers={"Idempotency-Key": "i1"})
    session.rollback()  # end the read snapshot taken before the API wrote
    kinds = {a.department_kind for a in session.exec(select(Alert).where(Alert.kind == "incident"))}
    assert kinds == {"ecology_environment", "emergency_management", "transport"}
    seen = api.call("regulator_tr", "GET", "/alerts?kind=incident")["items"]
    assert len(seen) == 1 and seen[0]["department_kind"] == "transport"


def test_cancellation_after_pickup_through_ecology(api: Api, session, registry, chain):
    manifest, _ = picked_up(api, chain, count=2, weight="100")
    mid = manifest["id"]
    api.call("officer_a", "POST", f"/manifests/{mid}/cancel", 409, json={"reason": "x"})
    ask = {"reason": "误填", "whereabouts": "车辆已返厂", "facility_id": chain.store_a.id}
    api.call("driver", "POST", f"/manifests/{mid}/cancellation-requests", 403, json=ask)
    request = api.call("officer_a", "POST", f"/manifests/{mid}/cancellation-requests", 201, json=ask)
    assert request["kind"] == "cancel" and request["whereabouts"] == "车辆已返厂"
    assert "approve_cancel" in api.call("regulator_eco", "GET", f"/manifests/{mid}")["actions"]
    for other in ("officer_a", "regulator_pc", "admin"):
        api.call(other, "POST", f"/custody-requests/{request['id']}/decision", 403, json={"approve": True})
    done = api.call(
        "regulator_eco", "POST", f"/custody-requests/{request['id']}/decision", json={"approve": True}
    )
    assert done["status"] == "cancelled" and done["balance"]["returned_kg"] == "200"
    assert stock(session, chain.store_a.id) == 200_000
