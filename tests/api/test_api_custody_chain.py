"""End to end through the API only: containers from generation to treatment, every status, stock and
annual-scale total checked on the way, with the label, the slip and the slip's public verification."""

from __future__ import annotations

from sqlmodel import col, select

from hazchem.models import IssuedSlip
from tests.api.custody_helpers import Api, fresh, stock, usage


def issued(session, manifest_id: int) -> tuple[str, str]:
    """The code and fingerprint of the manifest's newest printed slip, from the register of issued slips."""
    with fresh(session) as s:
        newest = select(IssuedSlip).where(IssuedSlip.manifest_id == manifest_id)
        row = s.exec(newest.order_by(col(IssuedSlip.id).desc())).first()
        return row.code, row.digest


def statuses(api: Api, user: str, ids: list[int]) -> set[str]:
    """The statuses of containers as GET /containers/<id> shows them."""
    return {api.call(user, "GET", f"/containers/{i}")["status"] for i in ids}


def occupancy_kg(api: Api, user: str, facility_id: int) -> str:
    """A facility's stock as GET /storage/occupancy shows it."""
    rows = api.call(user, "GET", "/storage/occupancy")["items"]
    return next(r["stock_kg"] for r in rows if r["facility_id"] == facility_id)


def test_generation_to_treatment_through_the_api(api, session, registry, chain):
    store_a, plant_b = chain.store_a.id, chain.plant_b.id
    # Generation: two 200 L drums of waste oil, 200 kg and 180.5 kg, labelled with digital IDs.
    made = []
    for weight in ("200", 180.5):
        body = {
            "stream_id": chain.oil.id,
            "volume_l": 200,
            "net_weight_kg": weight,
            "gen_date": "2026-05-01",
            "facility_id": None,
        }
        made += api.call("officer_a", "POST", "/containers", 201, json=body)["items"]
    ids = [c["id"] for c in made]
    digital = [c["digital_id"] for c in made]
    assert [c["net_weight_kg"] for c in made] == ["200", "180.5"]
    assert all(len(d) == 37 for d in digital) and [d[-3:] for d in digital] == ["001", "002"]
    assert {c["status"] for c in made} == {"generated"} and made[0]["packaging"] == "200L钢桶"
    assert stock(session, store_a) == 0

    label = api.raw("officer_a", "GET", f"/containers/{ids[0]}/label.pdf")
    assert label.status_code == 200 and label.mimetype == "application/pdf"
    assert label.data.startswith(b"%PDF")
    bulk = api.raw("officer_a", "POST", "/containers/labels.pdf", json={"container_ids": ids, "layout": "a4"})
    assert bulk.status_code == 200 and bulk.data.startswith(b"%PDF")

    # Storage: put away by scanning the label URL.
    for i, d in enumerate(digital):
        scanned = f"https://hazchem.example/l/{d}"
        answer = api.call(
            "officer_a",
            "POST",
            "/scans",
            json={"scanned": scanned, "action": "put_away", "facility_id": store_a},
            headers={"Idempotency-Key": f"put-{i}"},
        )
        assert answer["status"] == "stored" and answer["facility_id"] == store_a
    assert statuses(api, "officer_a", ids) == {"stored"}
    assert stock(session, store_a) == 380_500
    assert occupancy_kg(api, "officer_a", store_a) == "380.5"
    listed = api.call("officer_a", "GET", f"/containers?status=stored&facility_id={store_a}")["items"]
    assert [c["id"] for c in listed] == ids
    detail = api.call("officer_a", "GET", f"/containers/{ids[0]}")
    assert [e["action"] for e in detail["history"]] == ["container.generate", "container.put_away"]
    assert "void" not in detail["actions"]

    # The manifest: drafted, then submitted (the generator signs), reserving the annual scale.
    manifest = api.call(
        "officer_a",
        "POST",
        "/manifests",
        201,
        json={
            "container_ids": ids,
            "receiver_facility_id": plant_b,
            "legs": [
                {
                    "carrier_id": registry.ent_c.id,
                    "vehicle_id": registry.vehicle.id,
                    "driver_id": registry.driver.id,
                }
            ],
            "transfer_date": "2026-06-01",
            "mode": "dispose",
            "planned_method": "d10",
            "note": "首批",
        },
    )
    mid = manifest["id"]
    assert manifest["status"] == "draft" and manifest["declared_kg"] == "380.5"
    assert len(manifest["number"]) == 14 and manifest["number"].startswith("20263306")
    assert manifest["planned_method"] == "D10" and manifest["actions"] == ["submit", "cancel"]
    assert [c["declared_kg"] for c in manifest["containers"]] == ["200", "180.5"]
    assert (
        manifest["legs"][0]["vehicle_plate"] == "浙D12345"
        and manifest["generator"]["id"] == registry.ent_a.id
    )
    assert usage(session, registry) == (0, 0)

    submitted = api.call("officer_a", "POST", f"/manifests/{mid}/submit")
    assert submitted["status"] == "submitted" and submitted["warnings"] == []
    assert [s["section"] for s in submitted["signatures"]] == ["generator"]
    assert usage(session, registry) == (0, 380_500)
    assert statuses(api, "officer_a", ids) == {"stored"} and stock(session, store_a) == 380_500
    assert api.call("driver", "GET", f"/manifests/{mid}")["actions"] == ["pick_up"]

    # Pick-up: the driver scans the label URLs; the containers leave A's store.
    urls = [f"https://hazchem.example/l/{d}" for d in digital]
    moving = api.call(
        "driver",
        "POST",
        f"/manifests/{mid}/pick-up",
        json={"scanned": urls},
        headers={"Idempotency-Key": "p1"},
    )
    assert moving["status"] == "in_transit" and moving["legs"][0]["picked_up_at"]
    assert statuses(api, "driver", ids) == {"in_transit"}
    assert stock(session, store_a) == 0 and stock(session, plant_b) == 0
    assert occupancy_kg(api, "officer_a", store_a) == "0"
    assert usage(session, registry) == (0, 380_500)

    # Arrival: the receiver scans the bare IDs into its plant.
    arrived = api.call("operator_b", "POST", f"/manifests/{mid}/deliver", json={"scanned": digital})
    assert arrived["status"] == "delivered"
    assert statuses(api, "operator_b", ids) == {"received"}
    assert stock(session, plant_b) == 380_500 and occupancy_kg(api, "operator_b", plant_b) == "380.5"
    assert set(arrived["actions"]) == {"accept", "accept_part", "reject"}

    # Weighing and acceptance within tolerance: the accepted mass counts against the year.
    accepted = api.call(
        "operator_b",
        "POST",
        f"/manifests/{mid}/receipt",
        json={"weights": {digital[0]: "201", digital[1]: 180}},
    )
    assert accepted["status"] == "accepted" and not accepted["anomaly"]
    assert accepted["received_kg"] == "381" and accepted["accepted_kg"] == "381"
    assert [(c["declared_kg"], c["weighed_kg"], c["accepted"]) for c in accepted["containers"]] == [
        ("200", "201", True),
        ("180.5", "180", True),
    ]
    assert usage(session, registry) == (381_000, 0)
    assert stock(session, plant_b) == 381_000
    assert statuses(api, "operator_b", ids) == {"received"}

    # The slip printed now, and its public verification.
    slip = api.raw("officer_a", "GET", f"/manifests/{mid}/slip.pdf")
    assert slip.status_code == 200 and slip.mimetype == "application/pdf" and slip.data.startswith(b"%PDF")
    code, printed = issued(session, mid)
    check = api.call(None, "GET", f"/verify/{manifest['number']}?c={code}&f={printed}")
    assert check == {
        "number": manifest["number"],
        "status": "accepted",
        "matches": True,
        "last_change": check["last_change"],
        "verdict": "current",
        "printed_status": "accepted",
        "printed_at": check["printed_at"],
        "changes": [],
    }

    # Treatment within the licence scope line, then closing.
    treated = api.call("operator_b", "POST", f"/manifests/{mid}/treatment", json={"method": "D10"})
    assert treated["status"] == "treated" and treated["treatment_method"] == "D10"
    assert statuses(api, "operator_b", ids) == {"treated"}
    assert stock(session, plant_b) == 0 and usage(session, registry) == (381_000, 0)
    closed = api.call("operator_b", "POST", f"/manifests/{mid}/close")
    assert closed["status"] == "closed" and closed["actions"] == []
    assert [s["section"] for s in closed["signatures"]] == [
        "generator",
        "carrier",
        "receiver",
        "receiver",
        "treatment",
        "treatment",
    ]
    assert stock(session, store_a) == 0 and stock(session, plant_b) == 0
    assert usage(session, registry) == (381_000, 0)

    # After treatment the printed slip is still genuine, printed on acceptance, with what followed;
    # reprinted, it matches, until a revision.
    earlier = api.call(None, "GET", f"/verify/{manifest['number']}?c={code}&f={printed}")
    assert earlier["matches"] is False and earlier["verdict"] == "earlier"
    assert (earlier["printed_status"], earlier["status"]) == ("accepted", "closed")
    assert [(c["section"], c["action"]) for c in earlier["changes"]] == [
        ("treatment", "treat"),
        ("treatment", "close"),
    ]
    forged = api.call(None, "GET", f"/verify/{manifest['number']}?c=ABCDEFGHJK&f={printed}")
    assert forged["verdict"] == "not_issued" and forged["changes"] == [] and forged["printed_status"] is None
    assert api.raw("officer_a", "GET", f"/manifests/{mid}/slip.pdf").status_code == 200
    code, reprinted = issued(session, mid)
    assert api.call(None, "GET", f"/verify/{manifest['number']}?c={code}&f={reprinted}")["matches"] is True
    revision = api.call(
        "officer_a",
        "POST",
        f"/manifests/{mid}/revisions",
        201,
        json={"field": "note", "value": "第一批", "reason": "笔误"},
    )
    assert (revision["old_value"], revision["new_value"]) == ("首批", "第一批")
    after = api.call(None, "GET", f"/verify/{manifest['number']}?c={code}&f={reprinted}")
    assert after["matches"] is False and after["status"] == "closed" and after["verdict"] == "earlier"
    assert [(c["section"], c["action"]) for c in after["changes"]] == [("generator", "revise")]
    shown = api.call("regulator_eco", "GET", f"/manifests/{mid}")
    assert shown["note"] == "第一批" and shown["revisions"][0]["old_value"] == "首批"
    bulk = api.raw("officer_a", "POST", "/manifests/slips.pdf", json={"manifest_ids": [mid, mid]})
    assert bulk.status_code == 200 and bulk.data.startswith(b"%PDF")
    history = api.call("officer_a", "GET", f"/containers/{ids[1]}")["history"]
    assert [e["action"] for e in history] == [
        "container.generate",
        "container.put_away",
        "container.load",
        "container.receive",
        "container.treat",
    ]
