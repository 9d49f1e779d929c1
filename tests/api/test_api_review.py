"""Review notes and correction requests through the API."""

from __future__ import annotations

from tests.api.custody_helpers import submitted


def test_notes_are_for_overseeing_regulators(api, chain):
    manifest, _ = submitted(api, chain, count=1)
    mid = manifest["id"]
    note = api.call("regulator_eco", "POST", f"/manifests/{mid}/notes", 201, json={"text": "重量待核"})
    assert note["text"] == "重量待核" and note["manifest_id"] == mid
    assert [n["id"] for n in api.call("admin", "GET", f"/manifests/{mid}/notes")["items"]] == [note["id"]]
    assert api.call("regulator_eco", "POST", f"/manifests/{mid}/notes", 400, json={"text": "  "})[
        "error"
    ] == ("invalid_input")
    refused = api.call("regulator_em", "POST", f"/manifests/{mid}/notes", 403, json={"text": "x"})
    assert refused["message"] == "your department does not oversee waste manifests"
    api.call("officer_a", "POST", f"/manifests/{mid}/notes", 403, json={"text": "x"})
    api.call("officer_a", "GET", f"/manifests/{mid}/notes", 403)
    api.call("regulator_eco", "POST", "/manifests/999/notes", 404, json={"text": "x"})


def test_a_correction_request_from_opening_to_closing(api, chain):
    manifest, _ = submitted(api, chain, count=1)
    mid = manifest["id"]
    opened = api.call(
        "regulator_eco",
        "POST",
        f"/manifests/{mid}/corrections",
        201,
        json={"section": "generator", "text": "补充备注"},
    )
    assert opened["status"] == "open" and opened["manifest_number"] == manifest["number"]
    rid = opened["id"]
    assert [c["id"] for c in api.call("officer_a", "GET", "/corrections/open")["items"]] == [rid]
    assert api.call("operator_b", "GET", "/corrections/open")["items"] == []
    # The wrong party, a regulator and an empty answer are refused.
    api.call("operator_b", "POST", f"/corrections/{rid}/answer", 403, json={"reply": "x"})
    api.call("regulator_eco", "POST", f"/corrections/{rid}/answer", 403, json={"reply": "x"})
    api.call("officer_a", "POST", f"/corrections/{rid}/answer", 400, json={"reply": ""})
    api.call("regulator_eco", "POST", f"/corrections/{rid}/close", 409, json={})
    answered = api.call(
        "officer_a",
        "POST",
        f"/corrections/{rid}/answer",
        json={"reply": "已补充", "field": "note", "value": "防雨防晒"},
    )
    assert answered["status"] == "answered" and answered["answer_kind"] == "revision"
    assert answered["revision_id"] and answered["answered_by"]
    assert api.call("officer_a", "POST", f"/corrections/{rid}/answer", 409, json={"reply": "again"})[
        "error"
    ] == ("invalid_transition")
    detail = api.call("regulator_eco", "GET", f"/manifests/{mid}")
    assert detail["note"] == "防雨防晒" and detail["revisions"][0]["reason"] == "已补充"
    api.call("regulator_tr", "POST", f"/corrections/{rid}/close", 403, json={})
    closed = api.call("regulator_pc", "POST", f"/corrections/{rid}/close", json={"note": "同意"})
    assert closed["status"] == "closed" and closed["close_note"] == "同意"
    [shown] = api.call("operator_b", "GET", f"/manifests/{mid}/corrections")["items"]
    assert shown["answer_text"] == "已补充" and shown["status"] == "closed"


def test_opening_refusals(api, chain):
    manifest, _ = submitted(api, chain, count=1)
    url = f"/manifests/{manifest['id']}/corrections"
    api.call("regulator_eco", "POST", url, 400, json={"section": "treatment", "text": "x"})
    api.call("regulator_eco", "POST", url, 400, json={"section": "generator", "text": ""})
    api.call("regulator_eco", "POST", url, 400, json={"section": "generator", "text": "x", "extra": 1})
    api.call("regulator_em", "POST", url, 403, json={"section": "generator", "text": "x"})
    api.call("officer_a", "POST", url, 403, json={"section": "generator", "text": "x"})
    carrier = api.call("regulator_eco", "POST", url, 201, json={"section": "carrier", "text": "核对车辆"})
    withdrawn = api.call("regulator_eco", "POST", f"/corrections/{carrier['id']}/withdraw", json={})
    assert withdrawn["status"] == "withdrawn"
    api.call("driver", "POST", f"/corrections/{carrier['id']}/answer", 409, json={"reply": "x"})
