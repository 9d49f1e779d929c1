"""API: the park catalogue (public reads, revisions), the information centre, supervision grades."""

from __future__ import annotations

import pytest

from hazchem.services import registry as reg
from tests.api.conftest import API, walk
from tests.cheminfo_support import add_chemicals, add_user
from tests.services.test_infocentre import hold


@pytest.fixture
def chems(session, registry):
    return add_chemicals(session)


def _revise(client, headers, reason, lines):
    return client.post(
        f"{API}/park-catalogue/revisions", json={"reason": reason, "lines": lines}, headers=headers
    )


def test_revisions_and_versions(client, login, chems):
    em = login("regulator_em")
    cl, meoh = chems["chlorine"].id, chems["methanol"].id
    first = _revise(
        client,
        em,
        "首次发布",
        [
            {"chemical_id": cl, "action": "add", "flags": ["controlled"], "max_holding_t": "10"},
            {"chemical_id": meoh, "action": "add"},
        ],
    )
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["number"] == 1 and body["department"] and body["lines"][0]["max_holding_t"] == "10"
    second = _revise(client, em, "甲醇退出", [{"chemical_id": meoh, "action": "remove"}])
    assert second.status_code == 201
    # Reads need no token.
    latest = client.get(f"{API}/park-catalogue").get_json()
    assert latest["version"] == 2 and [e["chemical"]["name"] for e in latest["entries"]] == ["氯"]
    past = client.get(f"{API}/park-catalogue?version=1").get_json()
    assert [e["chemical"]["name"] for e in past["entries"]] == ["甲醇", "氯"]
    assert past["reason"] == "首次发布" and past["entries"][1]["flags"] == ["controlled"]
    assert client.get(f"{API}/park-catalogue?version=3").status_code == 404
    history = client.get(f"{API}/park-catalogue/revisions").get_json()["items"]
    assert [h["number"] for h in history] == [2, 1]
    export = client.get(f"{API}/park-catalogue/export?version=1&format=csv")
    assert export.status_code == 200 and "甲醇" in export.get_data().decode("utf-8-sig")


def test_revision_refusals(client, login, chems):
    em = login("regulator_em")
    meoh = chems["methanol"].id
    cases = [
        ("", [{"chemical_id": meoh, "action": "add"}], 400),
        ("未知", [{"chemical_id": 999_999, "action": "add"}], 400),
        ("不在目录", [{"chemical_id": meoh, "action": "remove"}], 422),
        ("坏标记", [{"chemical_id": meoh, "action": "add", "flags": ["x"]}], 400),
        ("坏数量", [{"chemical_id": meoh, "action": "add", "max_holding_t": "-1"}], 400),
        ("坏动作", [{"chemical_id": meoh, "action": "rename"}], 400),
    ]
    for reason, lines, status in cases:
        resp = _revise(client, em, reason, lines)
        assert resp.status_code == status, (reason, resp.get_json())
    assert (
        _revise(client, login("regulator_eco"), "越权", [{"chemical_id": meoh, "action": "add"}]).status_code
        == 403
    )
    assert _revise(client, {}, "无令牌", [{"chemical_id": meoh, "action": "add"}]).status_code == 401
    assert client.get(f"{API}/park-catalogue").get_json()["version"] == 0


def test_information_centre_scopes_and_notes(client, session, registry, login, chems):
    store = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="甲化学品库",
        kind="chemical_warehouse",
        storage_capacity_kg=100_000,
    )
    hold(session, store, chems["chlorine"], 2_500, "液氯钢瓶区")
    hold(session, store, chems["methanol"], 4_000, "甲醇罐")
    add_user(session, registry, "police", "public_security")
    em = login("regulator_em")
    items = walk(client, f"{API}/chemicals-centre", em, limit=1)
    assert [i["chemical"]["name"] for i in items] == ["氯", "甲醇"]  # by catalogue id
    assert items[0]["holdings"][0]["storage_unit"] == "液氯钢瓶区" and items[0]["total_t"] == "2.5"
    police = client.get(f"{API}/chemicals-centre", headers=login("police")).get_json()["items"]
    assert {i["chemical"]["name"]: len(i["holdings"]) for i in police} == {"氯": 1, "甲醇": 0}
    officer_b = client.get(f"{API}/chemicals-centre", headers=login("officer_b")).get_json()["items"]
    assert all(i["holdings"] == [] for i in officer_b)
    note = {"protection": "防毒面具", "emergency": "疏散", "source": "SDS"}
    path = f"{API}/chemicals/{chems['chlorine'].id}/safety-note"
    assert client.put(path, json=note, headers=login("regulator_eco")).status_code == 403
    assert client.put(path, json={**note, "source": ""}, headers=em).status_code == 400
    saved = client.put(path, json=note, headers=em)
    assert saved.status_code == 200 and saved.get_json()["safety_note"]["source"] == "SDS"
    one = client.get(f"{API}/chemicals-centre/{chems['chlorine'].id}", headers=login("officer_a")).get_json()
    assert one["safety_note"]["protection"] == "防毒面具" and one["holdings"][0]["quantity_t"] == "2.5"
    csv = client.get(f"{API}/chemicals-centre/export?format=csv", headers=em).get_data().decode("utf-8-sig")
    assert "防毒面具,疏散,SDS,甲化工有限公司" in csv
    assert client.get(f"{API}/chemicals-centre").status_code == 401


def test_grades_and_overrides(client, session, registry, login):
    add_user(session, registry, "committee", "park_committee")
    admin = login("admin")
    items = walk(client, f"{API}/supervision-grades", admin, limit=2)
    assert len(items) == 3 and all(i["grade"] == "C" and i["reasons"] == [] for i in items)
    path = f"{API}/enterprises/{registry.ent_a.id}/grade-overrides"
    assert (
        client.post(path, json={"grade": "B", "note": "越权"}, headers=login("regulator_em")).status_code
        == 403
    )
    assert client.post(path, json={"grade": "Q", "note": "未知"}, headers=admin).status_code == 400
    assert client.post(path, json={"grade": "B", "note": ""}, headers=admin).status_code == 400
    made = client.post(path, json={"grade": "A", "note": "园区决定"}, headers=login("committee"))
    assert made.status_code == 201
    body = made.get_json()
    assert (body["grade"], body["computed_grade"], body["override"]["note"]) == ("A", "C", "园区决定")
    assert body["history"][0]["made_by"] == "committee"
    own = client.get(f"{API}/supervision-grades", headers=login("officer_a")).get_json()["items"]
    assert [i["enterprise_id"] for i in own] == [registry.ent_a.id] and own[0]["grade"] == "A"
    other = f"{API}/enterprises/{registry.ent_b.id}/supervision-grade"
    assert client.get(other, headers=login("officer_a")).status_code == 404
    assert client.get(other, headers=admin).get_json()["grade"] == "C"
