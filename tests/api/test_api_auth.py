"""Bearer tokens, identity, token revocation, audit verification and the OpenAPI document."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests.api.conftest import API, PASSWORD
from tests.conftest import tamper


def test_token_issue_and_me(client, registry):
    resp = client.post(f"{API}/auth/token", json={"username": "officer_a", "password": PASSWORD})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["token_type"] == "bearer" and body["token"] and body["expires_at"]
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    actor = me.get_json()
    assert actor["username"] == "officer_a"
    assert actor["role"] == "ehs_officer"
    assert actor["enterprise_id"] == registry.ent_a.id
    assert actor["enterprise_ids"] == [registry.ent_a.id]


def test_wrong_password_and_unknown_user_get_the_same_401(client, registry):
    wrong = client.post(f"{API}/auth/token", json={"username": "admin", "password": "not-the-password"})
    unknown = client.post(f"{API}/auth/token", json={"username": "nobody", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert wrong.get_json()["error"] == "not_authenticated"
    assert wrong.get_json()["message_code"] == "auth.login_failed"
    assert wrong.get_json()["message"] == "用户名或密码错误"


def test_token_request_is_validated(client, registry):
    resp = client.post(f"{API}/auth/token", json={"username": "admin"})
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "invalid_input"
    assert any(d["field"] == "password" for d in resp.get_json()["details"])


def test_missing_malformed_and_invalid_tokens_are_401(client, registry):
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer nope"},
    ):
        resp = client.get(f"{API}/enterprises", headers=headers)
        assert resp.status_code == 401, headers
        assert resp.get_json()["error"] == "not_authenticated"


def test_revoked_token_stops_working(client, login):
    headers = login("officer_b")
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    assert client.delete(f"{API}/auth/token", headers=headers).status_code == 204
    resp = client.get(f"{API}/me", headers=headers)
    assert resp.status_code == 401
    assert client.delete(f"{API}/auth/token", headers=headers).status_code == 401


def test_audit_verify_for_admin_and_regulators_only(client, login):
    for username in ("admin", "regulator_eco", "regulator_em"):
        resp = client.get(f"{API}/audit/verify", headers=login(username))
        assert resp.status_code == 200, username
        body = resp.get_json()
        assert body["ok"] is True and body["checked"] > 10
        assert body["first_bad_id"] is None and body["problem"] == ""
    for username in ("officer_a", "operator_b", "driver"):
        resp = client.get(f"{API}/audit/verify", headers=login(username))
        assert resp.status_code == 403, username
        assert resp.get_json()["error"] == "forbidden"


def test_anchor_then_verify_against_it_for_regulators_only(client, login, session):
    regulator = login("regulator_eco")
    anchor = client.get(f"{API}/audit/anchor", headers=regulator).get_json()
    assert anchor["anchor"] == f"{anchor['event_id']}:{anchor['hash']}"
    ok = client.get(f"{API}/audit/verify", query_string={"anchor": anchor["anchor"]}, headers=regulator)
    assert ok.status_code == 200 and ok.get_json()["ok"] is True
    tamper(session, text("DELETE FROM event WHERE id = :id").bindparams(id=anchor["event_id"]))
    assert client.get(f"{API}/audit/verify", headers=regulator).get_json()["ok"] is True
    broken = client.get(f"{API}/audit/verify", query_string={"anchor": anchor["anchor"]}, headers=regulator)
    body = broken.get_json()
    assert broken.status_code == 200 and body["ok"] is False
    assert body["first_bad_id"] == anchor["event_id"] and body["problem"] == "the anchored event is missing"
    assert body["problem_code"] == "audit.chain_anchor_missing"
    chinese = client.get(
        f"{API}/audit/verify",
        query_string={"anchor": anchor["anchor"]},
        headers={**regulator, "Accept-Language": "zh-CN"},
    )
    assert chinese.get_json()["problem"] == "锚定的事件已缺失"
    bad = client.get(f"{API}/audit/verify", query_string={"anchor": "7:nothex"}, headers=regulator)
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_input"
    assert client.get(f"{API}/audit/anchor", headers=login("officer_a")).status_code == 403


def test_unknown_api_path_and_method(client, admin):
    assert client.get(f"{API}/no-such-thing", headers=admin).status_code == 404
    resp = client.put(f"{API}/enterprises", headers=admin, json={})
    assert resp.status_code == 405
    assert resp.get_json()["error"] == "method_not_allowed"


EXPECTED_PATHS = {
    "/api/v1/auth/token": {"post", "delete"},
    "/api/v1/me": {"get"},
    "/api/v1/users": {"post"},
    "/api/v1/audit/verify": {"get"},
    "/api/v1/audit/anchor": {"get"},
    "/api/v1/chemicals": {"get"},
    "/api/v1/chemicals/{chemical_id}": {"get"},
    "/api/v1/waste-codes": {"get"},
    "/api/v1/waste-codes/{waste_code_id}": {"get"},
    "/api/v1/waste-categories": {"get"},
    "/api/v1/treatment-methods": {"get"},
    "/api/v1/catalogue-editions": {"get"},
    "/api/v1/departments": {"get", "post"},
    "/api/v1/departments/{department_id}": {"patch"},
    "/api/v1/licence-types": {"get", "post"},
    "/api/v1/licence-types/{licence_type_id}": {"get"},
    "/api/v1/responsibilities": {"get", "put", "delete"},
    "/api/v1/enterprises": {"get", "post"},
    "/api/v1/enterprises/{enterprise_id}": {"get", "patch"},
    "/api/v1/enterprises/{enterprise_id}/coverage": {"get"},
    "/api/v1/licences": {"get", "post"},
    "/api/v1/licences/expiring": {"get"},
    "/api/v1/licences/{licence_id}": {"get"},
    "/api/v1/licences/{licence_id}/status": {"post"},
    "/api/v1/facilities": {"get", "post"},
    "/api/v1/facilities/{facility_id}": {"get"},
    "/api/v1/facilities/{facility_id}/chemicals": {"post"},
    "/api/v1/vehicles": {"get", "post"},
    "/api/v1/drivers": {"get", "post"},
}


def test_openapi_document_lists_every_path_with_components(client):
    resp = client.get(f"{API}/openapi.json")
    assert resp.status_code == 200
    document = json.loads(resp.get_data(as_text=True))
    assert document["openapi"].startswith("3.")
    for path, methods in EXPECTED_PATHS.items():
        assert path in document["paths"], path
        assert methods <= set(document["paths"][path]), (path, set(document["paths"][path]))
    schemas = document["components"]["schemas"]
    assert any(name.startswith("EnterpriseOut") for name in schemas)
    assert any(name.startswith("ErrorBody") for name in schemas)
    assert "bearer" in document["components"]["securitySchemes"]
    delete = document["paths"]["/api/v1/responsibilities"]["delete"]
    assert "requestBody" in delete
    # Every $ref points at a component that exists.
    refs = set()

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    refs.add(value.rsplit("/", 1)[-1])
                else:
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document["paths"])
    assert refs and refs <= set(schemas)
    # Tonnes travel as decimal strings.
    facility = next(v for k, v in schemas.items() if k.startswith("FacilityOut"))
    assert "storage_capacity_t" in facility["properties"]


def test_create_user_never_returns_the_hash(client, admin, registry):
    body = {
        "username": "officer_c",
        "password": "another-long-password",
        "role": "ehs_officer",
        "enterprise_id": registry.ent_c.id,
    }
    resp = client.post(f"{API}/users", headers=admin, json=body)
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["username"] == "officer_c" and created["enterprise_id"] == registry.ent_c.id
    assert "password" not in json.dumps(created)
    login = client.post(
        f"{API}/auth/token", json={"username": "officer_c", "password": "another-long-password"}
    )
    assert login.status_code == 200
    assert client.post(f"{API}/users", headers=admin, json=body).status_code == 409


def test_create_user_refusals(client, login, registry):
    body = {"username": "x_user", "password": "long-enough-pw", "role": "regulator"}
    resp = client.post(f"{API}/users", headers=login("admin"), json=body)
    assert resp.status_code == 400 and "department_id" in resp.get_json()["message"]
    resp = client.post(f"{API}/users", headers=login("officer_a"), json={**body, "department_id": 1})
    assert resp.status_code == 403
    resp = client.post(f"{API}/users", headers=login("admin"), json={**body, "is_admin": True})
    assert resp.status_code == 400
