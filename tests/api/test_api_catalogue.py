"""Catalogue search and entries: chemicals, waste codes, categories, method codes, editions."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from hazchem.models import CatalogueEdition, WasteCode
from tests.api.conftest import API


def test_search_chemicals(client, login, registry):
    headers = login("driver")
    for q in ("液氨", "7664-41-7", "氨"):
        resp = client.get(f"{API}/chemicals?q={q}", headers=headers)
        assert resp.status_code == 200, resp.get_json()
        body = resp.get_json()
        assert [c["id"] for c in body["items"]] == [registry.chemical.id], q
        assert body["next_cursor"] is None
    entry = body["items"][0]
    assert entry["cas_numbers"] == ["7664-41-7"] and entry["aliases"] == ["液氨", "氨气"]
    assert entry["serial"] == 2 and entry["critical_quantity_t"] is None
    assert client.get(f"{API}/chemicals?q=氨&edition=2015", headers=headers).get_json()["items"]
    assert client.get(f"{API}/chemicals?q=氨&edition=1999", headers=headers).get_json()["items"] == []
    assert client.get(f"{API}/chemicals?q=不存在的东西", headers=headers).get_json()["items"] == []
    assert client.get(f"{API}/chemicals", headers=headers).status_code == 400
    assert client.get(f"{API}/chemicals?q=", headers=headers).status_code == 400
    assert client.get(f"{API}/chemicals?q=氨&limit=1000", headers=headers).status_code == 400


def test_chemical_entry_shows_only_visible_licences_and_facilities(client, login, registry):
    chem = registry.chemical.id
    link = {"chemical_id": chem, "max_quantity_t": "5"}
    resp = client.post(
        f"{API}/facilities/{registry.facility_a.id}/chemicals", headers=login("officer_a"), json=link
    )
    assert resp.status_code == 201
    use = registry.use_licence.licence.id

    body = client.get(f"{API}/chemicals/{chem}", headers=login("officer_a")).get_json()
    assert body["name"] == "氨"
    assert [x["id"] for x in body["licences"]] == [use]
    assert [f["id"] for f in body["facilities"]] == [registry.facility_a.id]

    body = client.get(f"{API}/chemicals/{chem}", headers=login("officer_b")).get_json()
    assert body["licences"] == [] and body["facilities"] == []
    assert [
        x["id"]
        for x in client.get(f"{API}/chemicals/{chem}", headers=login("regulator_em")).get_json()["licences"]
    ] == [use]
    assert client.get(f"{API}/chemicals/{chem}", headers=login("regulator_eco")).get_json()["licences"] == []
    assert client.get(f"{API}/chemicals/999999", headers=login("admin")).status_code == 404


def test_waste_codes_search_and_entry(client, login, registry, session):
    headers = login("officer_a")
    code_id = session.exec(select(WasteCode.id)).first()
    for query in ("q=900-249", "q=HW08", "category=HW08", "q=废矿物油", "edition=2021"):
        items = client.get(f"{API}/waste-codes?{query}", headers=headers).get_json()["items"]
        assert [w["code"] for w in items] == ["900-249-08"], query
    assert client.get(f"{API}/waste-codes?category=HW34", headers=headers).get_json()["items"] == []
    assert client.get(f"{API}/waste-codes?category=H8", headers=headers).status_code == 400

    body = client.get(f"{API}/waste-codes/{code_id}", headers=login("regulator_eco")).get_json()
    assert body["code"] == "900-249-08" and body["characteristics"] == ["T", "I"]
    assert body["waste_category"]["number"] == "HW08"
    assert [x["id"] for x in body["licences"]] == [registry.hw_licence.licence.id]
    assert (
        client.get(f"{API}/waste-codes/{code_id}", headers=login("regulator_em")).get_json()["licences"] == []
    )
    assert client.get(f"{API}/waste-codes/{code_id}", headers=headers).get_json()["licences"] == []
    assert client.get(f"{API}/waste-codes/999999", headers=headers).status_code == 404


def test_categories_methods_editions(client, login, registry, session):
    session.add(
        CatalogueEdition(
            list_name="waste",
            edition="2021",
            title="国家危险废物名录（2021年版）",
            effective_date=date(2021, 1, 1),
        )
    )
    session.commit()
    headers = login("operator_b")
    categories = client.get(f"{API}/waste-categories", headers=headers).get_json()["items"]
    assert [c["number"] for c in categories] == ["HW08", "HW34"]
    assert client.get(f"{API}/waste-categories?edition=2025", headers=headers).get_json()["items"] == []
    methods = client.get(f"{API}/treatment-methods", headers=headers).get_json()["items"]
    assert [m["code"] for m in methods] == ["D1", "D10"]
    assert methods[1]["name_en"] == "Incineration"
    editions = client.get(f"{API}/catalogue-editions", headers=headers).get_json()["items"]
    assert [(e["list_name"], e["edition"], e["effective_date"]) for e in editions] == [
        ("waste", "2021", "2021-01-01")
    ]


def test_catalogue_needs_a_token(client, registry):
    for path in (
        "chemicals?q=氨",
        "waste-codes",
        "waste-categories",
        "treatment-methods",
        "catalogue-editions",
    ):
        assert client.get(f"{API}/{path}").status_code == 401, path


def test_catalogue_on_a_date_and_amendments(client, login, session, registry):
    from hazchem.models import Chemical

    diesel = Chemical(
        edition="2015", serial=1674, name="柴油[闭杯闪点≤60℃]", cas_numbers=[], search_text="柴油"
    )
    session.add(diesel)
    session.commit()
    em, officer = login("regulator_em"), login("officer_a")
    body = {
        "notice": "2022年第8号",
        "effective_date": "2023-01-01",
        "kind": "change",
        "chemical_id": diesel.id,
        "name": "柴油",
        "source": "应急管理部等部门公告2022年第8号",
    }
    assert client.post(f"{API}/catalogue-amendments", json=body, headers=officer).status_code == 403
    assert (
        client.post(f"{API}/catalogue-amendments", json={**body, "kind": "rename"}, headers=em).status_code
        == 400
    )
    created = client.post(f"{API}/catalogue-amendments", json=body, headers=em)
    assert created.status_code == 201, created.get_json()
    assert client.post(f"{API}/catalogue-amendments", json=body, headers=em).status_code == 409
    old = client.get(f"{API}/chemicals/serial/1674?on=2022-06-01", headers=officer).get_json()
    new = client.get(f"{API}/chemicals/serial/1674?on=2023-06-01", headers=officer).get_json()
    assert [i["name"] for i in old["items"]] == ["柴油[闭杯闪点≤60℃]"] and old["items"][0][
        "amended_by"
    ] is None
    assert [i["name"] for i in new["items"]] == ["柴油"] and new["items"][0]["amended_by"] == "2022年第8号"
    assert new["on"] == "2023-06-01" and date.fromisoformat(new["on"]).year == 2023
    listed = client.get(f"{API}/catalogue-amendments", headers=officer).get_json()["items"]
    assert [(a["notice"], a["before_name"], a["after_name"]) for a in listed] == [
        ("2022年第8号", "柴油[闭杯闪点≤60℃]", "柴油")
    ]
