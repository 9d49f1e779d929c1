"""Licences, their status changes, expiry and the coverage endpoint through the API."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, func, select

from hazchem.models import Event, Licence, LicenceScopeLine
from tests.api.conftest import API


def count(session, model) -> int:
    """Rows of a table, read in a transaction of its own."""
    with Session(session.get_bind()) as fresh:
        return fresh.exec(select(func.count()).select_from(model)).one()


def licence_ids(client, headers, query: str = "") -> set[int]:
    resp = client.get(f"{API}/licences{query}", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return {item["id"] for item in resp.get_json()["items"]}


def test_licence_visibility_by_role(client, login, registry):
    hw = registry.hw_licence.licence.id
    use = registry.use_licence.licence.id
    assert licence_ids(client, login("admin")) == {hw, use}
    assert licence_ids(client, login("regulator_eco")) == {hw}
    assert licence_ids(client, login("regulator_em")) == {use}
    assert licence_ids(client, login("officer_a")) == {use}
    assert licence_ids(client, login("officer_b")) == {hw}
    assert licence_ids(client, login("operator_b")) == {hw}
    assert licence_ids(client, login("driver")) == set()
    assert licence_ids(client, login("officer_a"), f"?enterprise_id={registry.ent_b.id}") == set()

    assert client.get(f"{API}/licences/{hw}", headers=login("regulator_eco")).status_code == 200
    for username in ("officer_a", "driver"):
        resp = client.get(f"{API}/licences/{hw}", headers=login(username))
        assert resp.status_code == 404, username
        assert resp.get_json()["error"] == "not_found"
    # A department outside the licence's area is told so.
    resp = client.get(f"{API}/licences/{hw}", headers=login("regulator_em"))
    assert resp.status_code == 403
    assert resp.get_json()["message"] == "your department does not oversee hazardous-waste licences"


def test_licence_detail_has_lines_in_tonnes_and_standing(client, login, registry):
    resp = client.get(f"{API}/licences/{registry.hw_licence.licence.id}", headers=login("officer_b"))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["number"] == "浙危废经第3306000001号"
    assert body["holder"]["id"] == registry.ent_b.id
    assert body["licence_type"]["code"] == "hw_operating"
    assert body["issuer"]["id"] == registry.departments["ecology_environment"].id
    assert body["status"] == "valid"
    assert body["standing"] == ("valid" if date.today() <= date(2028, 12, 31) else "expired")
    [line] = body["lines"]
    assert line["kind"] == "waste" and line["waste_category"] == "HW08"
    assert line["modes"] == ["store", "dispose"] and line["method_codes"] == ["D10"]
    assert line["annual_scale_tpa"] == "30000"

    chem_line = client.get(
        f"{API}/licences/{registry.use_licence.licence.id}", headers=login("officer_a")
    ).get_json()["lines"][0]
    assert chem_line["max_quantity_t"] == "50" and chem_line["chemical_id"] == registry.chemical.id


def test_licence_list_filters(client, admin, registry):
    hw_type = registry.types["hw_operating"].id
    assert licence_ids(client, admin, f"?licence_type_id={hw_type}") == {registry.hw_licence.licence.id}
    assert licence_ids(client, admin, "?status=suspended") == set()
    assert client.get(f"{API}/licences?status=lost", headers=admin).status_code == 400


def hw_body(registry, **overrides):
    body = {
        "enterprise_id": registry.ent_a.id,
        "licence_type_id": registry.types["hw_operating"].id,
        "number": "浙危废经第3306000099号",
        "valid_from": "2025-01-01",
        "valid_to": "2029-12-31",
        "issuer_department_id": registry.departments["ecology_environment"].id,
        "lines": [
            {
                "kind": "waste",
                "waste_code": "900-249-08",
                "modes": ["collect", "store"],
                "method_codes": ["d10"],
                "annual_scale_tpa": "1.5",
            }
        ],
    }
    body.update(overrides)
    return body


def test_regulator_records_only_the_types_its_department_issues(client, login, registry, session):
    before = count(session, Licence)
    safe_use = {
        "enterprise_id": registry.ent_a.id,
        "licence_type_id": registry.types["hc_safe_use"].id,
        "number": "(浙)WH安使证字[2025]000002",
        "valid_from": "2025-01-01",
        "lines": [{"kind": "chemical", "chemical_id": registry.chemical.id, "max_quantity_t": 10}],
    }
    resp = client.post(f"{API}/licences", headers=login("regulator_eco"), json=safe_use)
    assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
    for username in ("officer_a", "driver"):
        assert (
            client.post(f"{API}/licences", headers=login(username), json=hw_body(registry)).status_code == 403
        )
    assert count(session, Licence) == before

    resp = client.post(f"{API}/licences", headers=login("regulator_eco"), json=hw_body(registry))
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["holder"]["id"] == registry.ent_a.id
    assert created["lines"][0]["annual_scale_tpa"] == "1.5"
    assert created["lines"][0]["method_codes"] == ["D10"]
    assert client.get(f"{API}/licences/{created['id']}", headers=login("officer_a")).status_code == 200

    resp = client.post(f"{API}/licences", headers=login("regulator_em"), json=safe_use)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["valid_to"] == "2027-12-31"  # the type's default validity
    assert count(session, Licence) == before + 2


def test_licence_line_by_cas_number(client, admin, registry):
    body = {
        "enterprise_id": registry.ent_a.id,
        "licence_type_id": registry.types["hc_safe_use"].id,
        "number": "(浙)WH安使证字[2025]000003",
        "valid_from": "2025-01-01",
        "lines": [{"kind": "chemical", "cas": "7664-41-7", "max_quantity_t": "20"}],
    }
    resp = client.post(f"{API}/licences", headers=admin, json=body)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["lines"][0]["chemical_id"] == registry.chemical.id
    assert resp.get_json()["lines"][0]["max_quantity_t"] == "20"


def test_invalid_licences_are_refused_and_leave_nothing(client, admin, registry, session):
    before = (count(session, Licence), count(session, LicenceScopeLine), count(session, Event))
    line = hw_body(registry)["lines"][0]
    chem = {"kind": "chemical", "max_quantity_t": "1"}
    cases = [
        ({"lines": [{**line, "waste_code": "900-249-8"}]}, "xxx-xxx-xx"),
        ({"lines": [{**line, "waste_code": "900-041-49"}]}, "no edition"),
        ({"lines": [{**line, "waste_code": None, "waste_category": "HW99"}]}, "HW99"),
        ({"lines": [{**line, "method_codes": ["R99"]}]}, "method"),
        ({"lines": [{**line, "annual_scale_tpa": "0.0001"}]}, "one kilogram"),
        ({"lines": [{**line, "annual_scale_tpa": "lots"}]}, "not a number"),
        ({"lines": [{**line, "annual_scale_tpa": -3}]}, "non-negative"),
        ({"lines": [{**line, "colour": "red"}]}, "schema"),
        ({"lines": [{**line, "kind": "chemical"}]}, "waste lines"),
        ({"valid_from": "2025-06-01", "valid_to": "2025-01-01"}, "before"),
        ({"valid_from": "2025-02-30"}, "schema"),
        ({"status": "lost"}, "schema"),
        ({"surprise": True}, "schema"),
        (
            {
                "licence_type_id": registry.types["hc_safe_use"].id,
                "issuer_department_id": None,
                "lines": [{**chem, "cas": "7664-41-8"}],
            },
            "check digit",
        ),
        (
            {
                "licence_type_id": registry.types["hc_safe_use"].id,
                "issuer_department_id": None,
                "lines": [{**chem, "cas": "50-00-0"}],
            },
            "not in the catalogue",
        ),
        ({"issuer_department_id": registry.departments["emergency_management"].id}, "issued by"),
    ]
    for overrides, fragment in cases:
        resp = client.post(f"{API}/licences", headers=admin, json=hw_body(registry, **overrides))
        assert resp.status_code == 400, (overrides, resp.get_json())
        body = resp.get_json()
        assert body["error"] == "invalid_input"
        assert fragment in body["message"], (fragment, body)
    bad_cas = client.post(f"{API}/licences", headers=admin, json=hw_body(registry, **cases[13][0])).get_json()
    assert bad_cas["message"].startswith("scope line 1:")
    assert bad_cas["details"][0]["line"] == 1 and bad_cas["details"][0]["expected"] == "7"

    duplicate = hw_body(registry, number=registry.hw_licence.licence.number)
    assert client.post(f"{API}/licences", headers=admin, json=duplicate).status_code == 409
    after = (count(session, Licence), count(session, LicenceScopeLine), count(session, Event))
    assert after == before


def coverage(client, headers, enterprise_id, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"{API}/enterprises/{enterprise_id}/coverage?{query}", headers=headers)


def test_coverage_covered_expired_and_out_of_scope(client, login, registry):
    eco = login("regulator_eco")
    ent_b = registry.ent_b.id
    resp = coverage(
        client,
        eco,
        ent_b,
        type="hw_operating",
        date="2025-06-01",
        waste_code="900-249-08",
        mode="dispose",
        method="D10",
    )
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["covered"] is True and body["reasons"] == []
    assert body["licence"]["number"] == "浙危废经第3306000001号"
    assert body["line"]["waste_category"] == "HW08" and body["line"]["annual_scale_tpa"] == "30000"

    body = coverage(
        client, eco, ent_b, type="hw_operating", date="2029-06-01", waste_code="900-249-08"
    ).get_json()
    assert body["covered"] is False and body["licence"] is None
    assert [r["code"] for r in body["reasons"]] == ["expired"]
    assert body["reasons"][0]["licence_number"] == "浙危废经第3306000001号"
    assert body["reasons"][0]["message_code"] == "licensing.expired"
    assert body["reasons"][0]["params"]["number"] == "浙危废经第3306000001号"
    assert body["reasons"][0]["message"].startswith("licence 浙危废经第3306000001号 expired on ")
    chinese = coverage(
        client, {**eco, "Accept-Language": "zh"}, ent_b, type="hw_operating", date="2029-06-01"
    ).get_json()
    assert chinese["reasons"][0]["message_code"] == "licensing.expired"
    assert chinese["reasons"][0]["message"].startswith("许可证 浙危废经第3306000001号 已于 ")

    body = coverage(client, eco, ent_b, type="hw_operating", date="2023-06-01").get_json()
    assert [r["code"] for r in body["reasons"]] == ["not_yet_valid"]

    for params in ({"waste_code": "900-041-49"}, {"waste_code": "900-249-08", "mode": "utilise"}):
        body = coverage(client, eco, ent_b, type="hw_operating", date="2025-06-01", **params).get_json()
        assert body["covered"] is False
        assert [r["code"] for r in body["reasons"]] == ["out_of_scope"], params

    body = coverage(client, eco, registry.ent_a.id, type="hw_operating", date="2025-06-01").get_json()
    assert [r["code"] for r in body["reasons"]] == ["no_licence"]


def test_coverage_for_chemicals_and_quantities(client, admin, registry):
    ent_a, chem = registry.ent_a.id, registry.chemical.id
    ok = coverage(
        client, admin, ent_a, type="hc_safe_use", date="2025-06-01", chemical_id=chem, quantity_t="50"
    )
    assert ok.get_json()["covered"] is True
    over = coverage(
        client, admin, ent_a, type="hc_safe_use", date="2025-06-01", chemical_id=chem, quantity_t="50.001"
    )
    assert over.get_json()["covered"] is False
    resp = coverage(client, admin, ent_a, type="hc_safe_use", chemical_id=chem, quantity_t="0.0001")
    assert resp.status_code == 400 and "kilogram" in resp.get_json()["message"]
    body = coverage(client, admin, registry.ent_c.id, type="road_dg_transport", dg_class="3").get_json()
    assert body["covered"] is False and body["reasons"][0]["code"] == "no_licence"


def test_coverage_refusals(client, login, registry):
    admin = login("admin")
    ent_b = registry.ent_b.id
    resp = coverage(client, login("officer_a"), ent_b, type="hw_operating")
    assert resp.status_code == 404
    assert coverage(client, admin, 999999, type="hw_operating").status_code == 404
    assert coverage(client, admin, ent_b).status_code == 400
    assert coverage(client, admin, ent_b, type="no_such_type").status_code == 400
    assert coverage(client, admin, ent_b, type="hw_operating", date="2025-13-01").status_code == 400
    assert coverage(client, admin, ent_b, type="hw_operating", waste_code="HW08").status_code == 400
    resp = coverage(client, admin, ent_b, type="hw_operating", waste_code="900-249-08", dg_class="3")
    assert resp.status_code == 400
    assert coverage(client, admin, ent_b, type="hw_operating", mode="store").status_code == 400


def test_status_change_suspends_coverage(client, login, registry, session):
    hw = registry.hw_licence.licence.id
    url = f"{API}/licences/{hw}/status"
    params = {"type": "hw_operating", "date": "2025-06-01", "waste_code": "900-249-08"}
    eco = login("regulator_eco")
    assert coverage(client, eco, registry.ent_b.id, **params).get_json()["covered"] is True

    assert (
        client.post(
            url, headers=login("regulator_em"), json={"status": "suspended", "reason": "x"}
        ).status_code
        == 403
    )
    resp = client.post(url, headers=login("officer_b"), json={"status": "suspended", "reason": "x"})
    assert resp.status_code == 403
    assert client.post(url, headers=eco, json={"status": "suspended"}).status_code == 400
    assert client.post(url, headers=eco, json={"status": "suspended", "reason": ""}).status_code == 400

    resp = client.post(url, headers=eco, json={"status": "suspended", "reason": "整改期间暂停"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["status"] == "suspended" and resp.get_json()["standing"] == "suspended"
    body = coverage(client, eco, registry.ent_b.id, **params).get_json()
    assert body["covered"] is False and [r["code"] for r in body["reasons"]] == ["suspended"]

    assert client.post(url, headers=eco, json={"status": "valid", "reason": "整改完成"}).status_code == 200
    assert coverage(client, eco, registry.ent_b.id, **params).get_json()["covered"] is True
    assert client.post(url, headers=eco, json={"status": "revoked", "reason": "吊销"}).status_code == 200
    resp = client.post(url, headers=eco, json={"status": "valid", "reason": "再次恢复"})
    assert resp.status_code == 409 and resp.get_json()["error"] == "invalid_transition"
    assert resp.get_json()["rule"] == "licence.status"


def test_expiring_licences(client, login, registry):
    soon = date.today() + timedelta(days=30)
    body = hw_body(
        registry, valid_from="2020-01-01", valid_to=soon.isoformat(), number="浙危废经第3306000100号"
    )
    created = client.post(f"{API}/licences", headers=login("admin"), json=body).get_json()

    for username in ("admin", "regulator_eco", "officer_a"):
        resp = client.get(f"{API}/licences/expiring", headers=login(username))
        assert resp.status_code == 200
        assert [x["id"] for x in resp.get_json()["items"]] == [created["id"]], username
    for username in ("regulator_em", "officer_b"):
        assert client.get(f"{API}/licences/expiring", headers=login(username)).get_json()["items"] == []

    admin = login("admin")
    assert client.get(f"{API}/licences/expiring?within_days=10", headers=admin).get_json()["items"] == []
    later = client.get(f"{API}/licences/expiring?on=2028-12-01&within_days=60", headers=admin).get_json()[
        "items"
    ]
    assert registry.hw_licence.licence.id in [x["id"] for x in later]
    assert client.get(f"{API}/licences/expiring?within_days=-1", headers=admin).status_code == 400
    assert client.get(f"{API}/licences/expiring?on=tomorrow", headers=admin).status_code == 400
