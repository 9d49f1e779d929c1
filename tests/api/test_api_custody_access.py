"""Idempotent scans and pick-ups, who may see and sign what, waste streams, lists and the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from hazchem.models import Signature
from hazchem.services import registry as reg
from hazchem.services.platform import auth
from tests.api.conftest import PASSWORD
from tests.api.custody_helpers import (
    API,
    count_events,
    draft,
    fresh,
    generate,
    state,
    stored,
    submitted,
)

# --- Idempotency ----------------------------------------------------------------------------------


def count_lookups(session):
    """Lookup scans are recorded in the idempotency store (IdempotencyRecord), one row per scan."""
    from sqlmodel import func, select

    from hazchem.models import IdempotencyRecord

    session.rollback()
    return session.exec(
        select(func.count()).select_from(IdempotencyRecord).where(IdempotencyRecord.action == "lookup")
    ).one()


def test_the_same_scan_twice_records_once(api, session, registry, chain):
    container = stored(api, chain, count=1)[0]
    body = {"scanned": f"https://hazchem.example/l/{container['digital_id']}", "action": "lookup"}
    key = {"Idempotency-Key": "scan-0001"}
    first = api.raw("driver", "POST", "/scans", json=body, headers=key)
    assert first.status_code == 404  # the driver is no party yet: nothing is recorded for it
    first = api.raw("officer_a", "POST", "/scans", json=body, headers=key)
    second = api.raw("officer_a", "POST", "/scans", json=body, headers=key)
    assert first.status_code == second.status_code == 200
    assert first.get_json() == second.get_json()
    assert first.get_json()["digital_id"] == container["digital_id"]
    assert first.get_json()["status"] == "stored" and "put_away" not in first.get_json()["actions"]
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    assert count_lookups(session) == 1


def test_a_reused_key_with_a_different_body_is_a_conflict(api, session, registry, chain):
    one, two = stored(api, chain, count=2)
    key = {"Idempotency-Key": "scan-0002"}
    api.call("officer_a", "POST", "/scans", json={"scanned": one["digital_id"]}, headers=key)
    body = api.call("officer_a", "POST", "/scans", 409, json={"scanned": two["digital_id"]}, headers=key)
    assert body["error"] == "conflict" and "different scan" in body["message"]
    other_action = {"scanned": one["digital_id"], "action": "void", "reason": "标签污损"}
    api.call("officer_a", "POST", "/scans", 409, json=other_action, headers=key)
    assert count_lookups(session) == 1
    # Keys belong to their user: another user may use the same one.
    api.call("admin", "POST", "/scans", json={"scanned": two["digital_id"]}, headers=key)
    assert count_lookups(session) == 2


def test_scans_without_a_key_still_work_and_record_each_time(api, session, registry, chain):
    container = generate(api, chain.oil.id, count=1)[0]
    for _ in range(2):
        answer = api.call("officer_a", "POST", "/scans", json={"scanned": container["digital_id"]})
        assert answer["status"] == "generated" and set(answer["actions"]) == {"put_away", "void"}
    assert count_lookups(session) == 2
    api.call(
        "officer_a", "POST", "/scans", 400, json={"scanned": container["digital_id"], "action": "put_away"}
    )
    voided = api.call(
        "officer_a",
        "POST",
        "/scans",
        json={"scanned": container["digital_id"], "action": "void", "reason": "污损"},
    )
    assert voided["status"] == "void" and voided["actions"] == []
    api.call(
        "officer_a",
        "POST",
        "/scans",
        400,
        json={"scanned": container["digital_id"]},
        headers={"Idempotency-Key": ""},
    )


def test_two_pickups_with_one_key_make_one_transition(api, session, registry, chain):
    manifest, containers = submitted(api, chain)
    path = f"/manifests/{manifest['id']}/pick-up"
    body = {"scanned": [c["digital_id"] for c in containers]}
    key = {"Idempotency-Key": "pickup-7"}
    first = api.raw("driver", "POST", path, json=body, headers=key)
    second = api.raw("driver", "POST", path, json=body, headers=key)
    assert first.status_code == second.status_code == 200
    assert first.get_json() == second.get_json() and first.get_json()["status"] == "in_transit"
    assert second.headers["Idempotent-Replayed"] == "true"
    with fresh(session) as s:
        carrier = s.exec(
            select(func.count())
            .select_from(Signature)
            .where(Signature.manifest_id == manifest["id"], Signature.section == "carrier")
        ).one()
    assert carrier == 1 and count_events(session, "container.load") == 2
    # Without the key a repeat is a fresh attempt, refused by the lifecycle.
    again = api.call("driver", "POST", path, 409, json=body)
    assert again["error"] == "invalid_transition"
    # The receiver's arrival scan honours a key too.
    deliver = f"/manifests/{manifest['id']}/deliver"
    key = {"Idempotency-Key": "arrive-1"}
    assert api.call("operator_b", "POST", deliver, json=body, headers=key)["status"] == "delivered"
    replay = api.raw("operator_b", "POST", deliver, json=body, headers=key)
    assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"
    assert count_events(session, "container.receive") == 2


# --- Authorisation --------------------------------------------------------------------------------


def outsider(session, registry, api) -> str:
    """An EHS officer of an enterprise that is party to nothing; returns its username."""
    ent = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="91330604MA2BCDEF1M",
        name="无关公司",
        region_code="330604",
    )
    auth.create_user(
        session=session,
        actor=None,
        username="outsider",
        password=PASSWORD,
        role="ehs_officer",
        enterprise_id=ent.id,
    )
    api.login("outsider")
    return "outsider"


def test_other_enterprises_cannot_see_or_act_on_containers(api, session, registry, chain):
    container = stored(api, chain, count=1)[0]
    cid, digital = container["id"], container["digital_id"]
    before = state(session, registry, chain)
    for user in ("officer_b", "operator_b", "driver"):
        api.call(user, "GET", f"/containers/{cid}", 404)
        api.call(user, "POST", "/scans", 404, json={"scanned": digital})
        api.call(user, "POST", "/scans", 404, json={"scanned": digital, "action": "void", "reason": "x"})
        assert api.call(user, "GET", "/containers")["items"] == []
    assert state(session, registry, chain) == before
    assert [c["id"] for c in api.call("regulator_eco", "GET", "/containers")["items"]] == [cid]
    api.call("regulator_em", "GET", "/containers", 403)
    assert api.call("admin", "GET", f"/containers/{cid}")["status"] == "stored"


def test_manifest_visibility_and_signing_rights(api, session, registry, chain):
    manifest = draft(api, chain, stored(api, chain, count=1))
    mid = manifest["id"]
    stranger = outsider(session, registry, api)
    api.call(stranger, "GET", f"/manifests/{mid}", 404)
    api.call(stranger, "POST", f"/manifests/{mid}/submit", 404)
    api.call(stranger, "POST", f"/manifests/{mid}/cancel", 404, json={"reason": "x"})
    assert api.call(stranger, "GET", "/manifests")["items"] == []

    for user in ("driver", "operator_b", "officer_b", "regulator_eco", "admin"):
        assert api.call(user, "POST", f"/manifests/{mid}/submit", 403)["error"] == "forbidden"
    shown = api.call("regulator_eco", "GET", f"/manifests/{mid}")
    assert shown["status"] == "draft" and shown["actions"] == []
    assert [m["id"] for m in api.call("regulator_pc", "GET", "/manifests")["items"]] == [mid]
    assert api.call("regulator_em", "GET", "/manifests", 403)["error"] == "forbidden"
    assert [m["id"] for m in api.call("driver", "GET", "/manifests")["items"]] == [mid]

    api.call("officer_a", "POST", f"/manifests/{mid}/submit")
    container = api.call("officer_a", "GET", f"/manifests/{mid}")["containers"][0]
    scanned = {"scanned": [container["digital_id"]]}
    for user in ("regulator_eco", "officer_a", "operator_b"):
        api.call(user, "POST", f"/manifests/{mid}/pick-up", 403, json=scanned)
    # Once on a manifest, the carrier and the receiver may look the container up.
    assert api.call("driver", "GET", f"/containers/{container['id']}")["actions"] == ["pick_up"]
    api.call("driver", "POST", f"/manifests/{mid}/pick-up", json=scanned)
    api.call("regulator_eco", "POST", f"/manifests/{mid}/deliver", 403, json=scanned)
    api.call("driver", "POST", f"/manifests/{mid}/deliver", 403, json=scanned)
    assert api.call("operator_b", "POST", f"/manifests/{mid}/deliver", json=scanned)["status"] == "delivered"
    receipt = {"weights": {container["digital_id"]: "200"}}
    api.call("regulator_eco", "POST", f"/manifests/{mid}/receipt", 403, json=receipt)
    api.call("officer_a", "POST", f"/manifests/{mid}/receipt", 403, json=receipt)


def test_anonymous_callers_get_401(api, registry, chain):
    for method, path in (
        ("GET", "/streams"),
        ("GET", "/containers"),
        ("GET", "/containers/1"),
        ("POST", "/scans"),
        ("GET", "/manifests"),
        ("GET", "/manifests/1"),
        ("POST", "/manifests/1/submit"),
        ("GET", "/storage/ages"),
        ("GET", "/storage/occupancy"),
        ("GET", "/transfer-approvals"),
    ):
        body = api.call(None, method, path, 401, json={} if method == "POST" else None)
        assert body["error"] == "not_authenticated"


# --- Streams, lists and storage -------------------------------------------------------------------


def test_waste_streams(api, registry, chain):
    names = {s["name"] for s in api.call("officer_a", "GET", "/streams")["items"]}
    assert names == {"废矿物油", "废酸液", "废碱液"}
    assert api.call("officer_b", "GET", "/streams")["items"] == []
    assert len(api.call("admin", "GET", "/streams")["items"]) == 3
    created = api.call(
        "officer_a",
        "POST",
        "/streams",
        201,
        json={
            "waste_code": "900-249-08",
            "name": "含油抹布",
            "form": "solid",
            "packaging": "吨袋",
            # Solids containing flammable liquid, n.o.s.
            "dg_class": "4.1",
            "un_number": "3175",
            "packing_group": "II",
        },
    )
    assert created["enterprise_id"] == registry.ent_a.id and created["characteristics"] == ["T", "I"]
    assert created["category"] == "HW08"
    assert (created["dg_class"], created["un_number"], created["packing_group"]) == ("4.1", "3175", "II")
    bad = {"waste_code": "900-249-08", "name": "x", "form": "solid", "enterprise_id": registry.ent_a.id}
    unclassified = api.call("officer_a", "POST", "/streams", 400, json=bad)
    assert unclassified["details"] == [{"field": "dg_class"}]
    bad["not_dg_reason"] = "经鉴定不属于危险货物"
    api.call("officer_b", "POST", "/streams", 403, json=bad)
    api.call("admin", "POST", "/streams", 400, json={**bad, "enterprise_id": None})
    api.call("officer_a", "POST", "/streams", 400, json={**bad, "waste_code": "999-999-99"})
    page = api.call("officer_a", "GET", "/streams?limit=2")
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = api.call("officer_a", "GET", f"/streams?limit=2&cursor={page['next_cursor']}")
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    transport = f"/streams/{created['id']}/transport"
    api.call("officer_b", "PUT", transport, 404, json={"not_dg_reason": "x"})
    api.call("officer_a", "PUT", transport, 400, json={"dg_class": "3.2"})
    changed = api.call("officer_a", "PUT", transport, json={"not_dg_reason": "含油量低于闪点判定限值"})
    assert changed["dg_class"] is None and changed["not_dg_reason"] == "含油量低于闪点判定限值"


def test_container_and_manifest_lists_page_with_cursors(api, registry, chain):
    made = generate(api, chain.oil.id, count=5, weight="10")
    seen, cursor = [], None
    while True:
        url = "/containers?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.call("officer_a", "GET", url)
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [c["id"] for c in made]
    assert api.call("officer_a", "GET", f"/containers?enterprise_id={registry.ent_b.id}")["items"] == []
    assert len(api.call("officer_a", "GET", "/containers?status=generated")["items"]) == 5
    api.call("officer_a", "GET", "/containers?status=misplaced", 400)

    numbers = [draft(api, chain, stored(api, chain, count=1))["number"] for _ in range(3)]
    page = api.call("officer_a", "GET", "/manifests?limit=2")
    rest = api.call("officer_a", "GET", f"/manifests?limit=2&cursor={page['next_cursor']}")
    assert [m["number"] for m in page["items"] + rest["items"]] == numbers[::-1]
    assert rest["next_cursor"] is None
    assert api.call("officer_a", "GET", "/manifests?status=submitted")["items"] == []


def test_storage_ages_and_occupancy(api, registry, chain):
    stored(api, chain, count=2, weight="50")
    ages = api.call("officer_a", "GET", "/storage/ages")["items"]
    assert [a["state"] for a in ages] == ["ok", "ok"] and ages[0]["days"] == 0
    assert ages[0]["net_weight_kg"] == "50" and ages[0]["facility_id"] == chain.store_a.id
    assert api.call("officer_a", "GET", "/storage/ages?only_due=true")["items"] == []
    assert api.call("officer_b", "GET", "/storage/ages")["items"] == []
    rows = {r["facility_id"]: r for r in api.call("officer_a", "GET", "/storage/occupancy")["items"]}
    assert rows[chain.store_a.id]["stock_kg"] == "100" and rows[chain.store_a.id]["containers"] == 2
    assert (
        rows[chain.store_a.id]["capacity_kg"] == "200000" and rows[chain.store_a.id]["share_percent"] == "0.1"
    )


def test_openapi_documents_the_custody_endpoints(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/streams",
        "/api/v1/containers",
        "/api/v1/containers/{container_id}",
        "/api/v1/containers/{container_id}/label.pdf",
        "/api/v1/containers/labels.pdf",
        "/api/v1/scans",
        "/api/v1/manifests",
        "/api/v1/manifests/{manifest_id}",
        "/api/v1/manifests/{manifest_id}/submit",
        "/api/v1/manifests/{manifest_id}/pick-up",
        "/api/v1/manifests/{manifest_id}/receipt",
        "/api/v1/manifests/{manifest_id}/slip.pdf",
        "/api/v1/manifests/slips.pdf",
        "/api/v1/storage/ages",
        "/api/v1/storage/occupancy",
        "/api/v1/transfer-approvals",
        "/api/v1/verify/{number}",
    ):
        assert path in paths, path
    assert paths["/api/v1/verify/{number}"]["get"]["security"] == []
    scan = paths["/api/v1/scans"]["post"]
    assert {"200", "409", "422"} <= set(scan["responses"])
