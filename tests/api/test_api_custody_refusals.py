"""Every refusal of the custody chain through the API: its HTTP status, an error body naming the rule,
and nothing changed (statuses, stocks, annual-scale totals, signatures, events)."""

from __future__ import annotations

import pytest

from hazchem.models import Driver, Facility, LicenceLineUsage, Vehicle
from hazchem.services import platform
from hazchem.services import registry as reg
from tests.api.custody_helpers import (
    delivered,
    draft,
    fresh,
    generate,
    line_id,
    picked_up,
    put_away,
    set_row,
    state,
    stored,
    submitted,
    usage,
    yesterday,
)
from tests.services.conftest import far_receiver


def refused(api, user, method, path, status, rule, **kwargs) -> dict:
    """Call an action that must be refused with `status` naming `rule`; return the error body."""
    body = api.call(user, method, path, status, **kwargs)
    assert body["rule"] == rule, body
    assert body["message"] and isinstance(body["details"], list)
    return body


# --- Storage --------------------------------------------------------------------------------------


def test_put_away_beyond_capacity(api, session, registry, chain):
    set_row(session, Facility, chain.store_a.id, storage_capacity_kg=300)
    first, second = generate(api, chain.oil.id, count=2, weight="200")
    put_away(api, first["digital_id"], chain.store_a.id)
    before = state(session, registry, chain)
    body = refused(
        api,
        "officer_a",
        "POST",
        "/scans",
        422,
        "storage.capacity",
        json={"scanned": second["digital_id"], "action": "put_away", "facility_id": chain.store_a.id},
    )
    assert "exceeds capacity 0.3 t" in body["message"] and body["details"][0]["stock_g"] == 200_000
    assert state(session, registry, chain) == before
    assert api.call("officer_a", "GET", f"/containers/{second['id']}")["status"] == "generated"


def test_put_away_refuses_incompatible_wastes(api, session, registry, chain):
    acid = generate(api, chain.acid.id, count=1, weight="50")[0]
    alkali = generate(api, chain.alkali.id, count=1, weight="50")[0]
    put_away(api, acid["digital_id"], chain.store_a.id)
    before = state(session, registry, chain)
    body = refused(
        api,
        "officer_a",
        "POST",
        "/scans",
        422,
        "storage.segregation",
        json={"scanned": alkali["digital_id"], "action": "put_away", "facility_id": chain.store_a.id},
        headers={"Idempotency-Key": "alkali-1"},
    )
    assert "废酸液" in body["message"] and "acids with alkalis" in body["message"]
    after = state(session, registry, chain)
    assert after.pop("scans") == before.pop("scans") + 1  # the key remembers its refusal
    assert after == before
    # The same key answers the same refusal again, without acting.
    again = api.call(
        "officer_a",
        "POST",
        "/scans",
        422,
        json={"scanned": alkali["digital_id"], "action": "put_away", "facility_id": chain.store_a.id},
        headers={"Idempotency-Key": "alkali-1"},
    )
    assert again == body


def test_put_away_into_another_enterprises_store(api, session, registry, chain):
    container = generate(api, chain.oil.id, count=1)[0]
    before = state(session, registry, chain)
    body = put_away(api, container["digital_id"], chain.store_b.id, expect=403)
    assert body["error"] == "forbidden"
    assert state(session, registry, chain) == before


# --- Submission -----------------------------------------------------------------------------------


def submit_refused(api, session, registry, chain, manifest, status, rule) -> dict:
    """Submit a draft that must be refused; the draft stays a draft and reserves nothing."""
    before = state(session, registry, chain)
    body = refused(api, "officer_a", "POST", f"/manifests/{manifest['id']}/submit", status, rule)
    assert state(session, registry, chain) == before
    shown = api.call("officer_a", "GET", f"/manifests/{manifest['id']}")
    assert shown["status"] == "draft" and shown["signatures"] == []
    return body


def test_receiver_licence_expired_on_the_transfer_date(api, session, registry, chain):
    manifest = draft(api, chain, stored(api, chain, count=1), transfer_date="2029-01-10")
    body = submit_refused(api, session, registry, chain, manifest, 422, "submit.receiver_licence")
    assert "expired on 2028-12-31" in body["message"] and "浙危废经第3306000001号" in str(body["details"])
    assert usage(session, registry) == (0, 0)


def test_receiver_licence_scope_mode(api, session, registry, chain):
    manifest = draft(api, chain, stored(api, chain, count=1), mode="utilise")
    body = submit_refused(api, session, registry, chain, manifest, 422, "submit.receiver_licence")
    assert body["details"][0]["code"] == "out_of_scope"


def _set_accepted(session, registry, accepted_g: int) -> None:
    with fresh(session) as s:
        platform.ensure_row(
            s, LicenceLineUsage, line_id=line_id(registry), year=2026, accepted_g=0, in_flight_g=0
        )
        s.commit()
    set_row(session, LicenceLineUsage, (line_id(registry), 2026), accepted_g=accepted_g)


def test_annual_scale_refused_beyond_100_percent(api, session, registry, chain):
    _set_accepted(session, registry, 30_000_000_000 - 300_000)  # 0.3 t left of 30,000 t
    manifest = draft(api, chain, stored(api, chain, count=2, weight="200"))
    body = submit_refused(api, session, registry, chain, manifest, 422, "licence.annual_scale")
    assert "30000 t" in body["message"] and "0.4 t" in body["message"]
    assert body["details"][0]["adding_g"] == 400_000
    assert usage(session, registry) == (30_000_000_000 - 300_000, 0)


def test_annual_scale_warns_from_80_percent(api, session, registry, chain):
    _set_accepted(session, registry, 24_000_000_000)
    manifest = draft(api, chain, stored(api, chain, count=1))
    answer = api.call("officer_a", "POST", f"/manifests/{manifest['id']}/submit")
    assert answer["status"] == "submitted"
    warning = answer["warnings"][0]
    assert warning["rule"] == "licence.annual_scale" and warning["share_percent"] == "80.0"
    assert warning["scale_g"] == 30_000_000_000 and warning["adding_g"] == 200_000
    assert warning["message_code"] == "custody.annual_scale_nearly_used"
    assert "% used this year" in warning["message"]
    assert "error" not in answer
    assert usage(session, registry) == (24_000_000_000, 200_000)


def test_carrier_without_a_valid_transport_licence(api, session, registry, chain):
    reg.change_licence_status(
        session=session,
        actor=registry.users["admin"],
        licence_id=chain.transport.licence.id,
        status="revoked",
        reason="吊销",
    )
    manifest = draft(api, chain, stored(api, chain, count=1))
    body = submit_refused(api, session, registry, chain, manifest, 422, "submit.carrier_licence")
    assert registry.ent_c.name in body["message"]


def test_cross_province_needs_an_approval_with_quota(api, session, registry, chain):
    far, plant = far_receiver(session, registry)
    manifest = draft(api, chain, stored(api, chain, count=2, weight="200"), receiver_facility_id=plant.id)
    assert manifest["cross_province"] is True
    body = submit_refused(api, session, registry, chain, manifest, 422, "submit.cross_province_approval")
    assert "no approval" in body["message"]
    approval = {
        "number": "跨省审批1",
        "generator_id": registry.ent_a.id,
        "receiver_id": far.id,
        "waste_code": "900-249-08",
        "quota_t": "0.3",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
    }
    api.call("regulator_em", "POST", "/transfer-approvals", 403, json=approval)
    small = api.call("regulator_eco", "POST", "/transfer-approvals", 201, json=approval)
    assert (small["quota_kg"], small["used_kg"]) == ("300", "0")
    body = submit_refused(api, session, registry, chain, manifest, 422, "submit.cross_province_approval")
    assert "quota is used up" in body["message"]
    api.call(
        "admin", "POST", "/transfer-approvals", 201, json={**approval, "number": "跨省审批2", "quota_t": 1}
    )
    assert api.call("officer_a", "POST", f"/manifests/{manifest['id']}/submit")["status"] == "submitted"
    used = {a["number"]: a["used_kg"] for a in api.call("officer_a", "GET", "/transfer-approvals")["items"]}
    assert used == {"跨省审批1": "0", "跨省审批2": "400"}


# --- Pick-up --------------------------------------------------------------------------------------


def test_pickup_refuses_a_missing_container_by_its_id(api, session, registry, chain):
    manifest, containers = submitted(api, chain)
    before = state(session, registry, chain)
    body = refused(
        api,
        "driver",
        "POST",
        f"/manifests/{manifest['id']}/pick-up",
        422,
        "pickup.container_set",
        json={"scanned": [containers[0]["digital_id"]]},
    )
    assert containers[1]["digital_id"] in body["message"] and "not scanned" in body["message"]
    assert body["details"] == [{"missing": [containers[1]["digital_id"]], "extra": []}]
    assert state(session, registry, chain) == before


def test_pickup_refuses_an_extra_container_by_its_id(api, session, registry, chain):
    manifest, containers = submitted(api, chain)
    stray = stored(api, chain, count=1)[0]
    before = state(session, registry, chain)
    scanned = [c["digital_id"] for c in [*containers, stray]]
    body = refused(
        api,
        "driver",
        "POST",
        f"/manifests/{manifest['id']}/pick-up",
        422,
        "pickup.container_set",
        json={"scanned": scanned},
    )
    assert stray["digital_id"] in body["message"] and "not on this manifest" in body["message"]
    assert state(session, registry, chain) == before


@pytest.mark.parametrize(("model", "lapsed"), [(Vehicle, "vehicle"), (Driver, "driver")])
def test_pickup_needs_a_qualified_vehicle_and_driver(api, session, registry, chain, model, lapsed):
    manifest, containers = submitted(api, chain)
    record = registry.vehicle if lapsed == "vehicle" else registry.driver
    set_row(session, model, record.id, valid_to=yesterday())
    before = state(session, registry, chain)
    body = refused(
        api,
        "driver",
        "POST",
        f"/manifests/{manifest['id']}/pick-up",
        422,
        f"pickup.{lapsed}_qualification",
        json={"scanned": [c["digital_id"] for c in containers]},
    )
    assert str(yesterday()) in body["message"]
    assert state(session, registry, chain) == before
    assert {api.call("driver", "GET", f"/containers/{c['id']}")["status"] for c in containers} == {"stored"}


def test_cancel_only_before_pickup(api, session, registry, chain):
    manifest, _ = picked_up(api, chain)
    before = state(session, registry, chain)
    body = refused(
        api,
        "officer_a",
        "POST",
        f"/manifests/{manifest['id']}/cancel",
        409,
        "manifest.cancel_before_pickup",
        json={"reason": "太晚"},
    )
    assert body["error"] == "invalid_transition"
    assert state(session, registry, chain) == before
    assert usage(session, registry) == (0, 400_000)


def test_cancel_before_pickup_releases_everything(api, session, registry, chain):
    manifest, containers = submitted(api, chain)
    assert usage(session, registry) == (0, 400_000)
    api.call("officer_a", "POST", f"/manifests/{manifest['id']}/cancel", 400, json={"reason": " "})
    cancelled = api.call(
        "officer_a", "POST", f"/manifests/{manifest['id']}/cancel", json={"reason": "客户改期"}
    )
    assert cancelled["status"] == "cancelled" and cancelled["actions"] == []
    assert usage(session, registry) == (0, 0)
    assert all(
        api.call("officer_a", "GET", f"/containers/{c['id']}")["manifest_id"] is None for c in containers
    )


# --- Arrival, receipt, treatment -------------------------------------------------------------------


def test_arrival_checks_the_receivers_storage_capacity(api, session, registry, chain):
    manifest, containers = picked_up(api, chain)
    set_row(session, Facility, chain.plant_b.id, storage_capacity_kg=300)
    before = state(session, registry, chain)
    refused(
        api,
        "operator_b",
        "POST",
        f"/manifests/{manifest['id']}/deliver",
        422,
        "arrival.receiver_storage_capacity",
        json={"scanned": [c["digital_id"] for c in containers]},
    )
    assert state(session, registry, chain) == before


def test_weight_beyond_tolerance_needs_a_note(api, session, registry, chain):
    manifest, containers = delivered(api, chain)
    ids = [c["digital_id"] for c in containers]
    weights = {ids[0]: "200", ids[1]: "215"}  # 7.5 % over
    before = state(session, registry, chain)
    body = refused(
        api,
        "operator_b",
        "POST",
        f"/manifests/{manifest['id']}/receipt",
        422,
        "receipt.weight_tolerance",
        json={"weights": weights},
    )
    assert ids[1] in body["message"] and body["details"][0]["deviation_percent"] == "8"
    assert state(session, registry, chain) == before
    assert usage(session, registry) == (0, 400_000)
    answer = api.call(
        "operator_b",
        "POST",
        f"/manifests/{manifest['id']}/receipt",
        json={"weights": weights, "anomaly_note": "复磅确认，含水率偏高"},
    )
    assert answer["status"] == "accepted" and answer["anomaly"] is True
    assert answer["warnings"][0]["rule"] == "receipt.weight_tolerance"
    assert usage(session, registry) == (415_000, 0)


def test_treatment_method_outside_the_licence_scope(api, session, registry, chain):
    manifest, containers = delivered(api, chain)
    ids = [c["digital_id"] for c in containers]
    api.call(
        "operator_b",
        "POST",
        f"/manifests/{manifest['id']}/receipt",
        json={"weights": dict.fromkeys(ids, 200), "rejected": {ids[1]: "包装破损渗漏"}},
    )
    before = state(session, registry, chain)
    body = refused(
        api,
        "operator_b",
        "POST",
        f"/manifests/{manifest['id']}/treatment",
        422,
        "treatment.method_scope",
        json={"method": "D1"},
    )
    assert "D10" in body["message"]
    assert state(session, registry, chain) == before
    treated = api.call("operator_b", "POST", f"/manifests/{manifest['id']}/treatment", json={"method": "D10"})
    assert treated["status"] == "treated"
    statuses = {c["digital_id"]: c["status"] for c in treated["containers"]}
    assert statuses == {ids[0]: "treated", ids[1]: "rejected"}


def test_request_shape_errors_are_invalid_input(api, chain):
    body = api.call(
        "officer_a", "POST", "/containers", 400, json={"stream_id": chain.oil.id, "colour": "red"}
    )
    assert body["error"] == "invalid_input"
    fields = {d["field"] for d in body["details"]}
    assert {"volume_l", "net_weight_kg", "gen_date", "colour"} <= fields
    body = api.call(
        "officer_a",
        "POST",
        "/containers",
        400,
        json={
            "stream_id": chain.oil.id,
            "volume_l": 200,
            "net_weight_kg": "1.0001",
            "gen_date": "2026-05-01",
        },
    )
    assert "precision" in body["message"]
    api.call("officer_a", "POST", "/scans", 400, json={"scanned": "not-a-digital-id"})
    api.call("officer_a", "GET", "/containers?cursor=junk", 400)
