"""Token listing and revocation by id, password changes and deactivation through the API."""

from __future__ import annotations

from sqlmodel import col, select

from hazchem.models import Event
from tests.api.conftest import API, PASSWORD

NEW_PASSWORD = "a-new-long-password"
TOKEN_FIELDS = {"id", "user_id", "username", "created_at", "expires_at", "active"}


def _token(client, username: str, password: str = PASSWORD) -> dict[str, str]:
    resp = client.post(f"{API}/auth/token", json={"username": username, "password": password})
    assert resp.status_code == 200, resp.get_json()
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}


def _tokens(client, headers) -> list[dict]:
    resp = client.get(f"{API}/auth/tokens", headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["items"]


def test_owners_list_their_own_tokens_and_never_a_secret(client, registry):
    mine = _token(client, "officer_a")
    _token(client, "officer_a")
    _token(client, "officer_b")
    items = _tokens(client, mine)
    assert [t["username"] for t in items] == ["officer_a", "officer_a"]
    assert all(set(t) == TOKEN_FIELDS and t["active"] for t in items)
    assert mine["Authorization"].split()[1] not in str(items)


def test_the_administrator_lists_every_token_in_the_park(client, registry):
    for username in ("officer_a", "officer_b", "driver"):
        _token(client, username)
    admin = _token(client, "admin")
    assert sorted(t["username"] for t in _tokens(client, admin)) == [
        "admin",
        "driver",
        "officer_a",
        "officer_b",
    ]
    first = client.get(f"{API}/auth/tokens?limit=3", headers=admin).get_json()
    rest = client.get(f"{API}/auth/tokens?limit=3&cursor={first['next_cursor']}", headers=admin).get_json()
    assert len(first["items"]) == 3 and len(rest["items"]) == 1 and rest["next_cursor"] is None


def test_an_owner_revokes_its_token_and_another_enterprise_cannot(client, registry):
    mine = _token(client, "officer_a")
    spare = _token(client, "officer_a")
    stranger = _token(client, "officer_b")
    spare_id = max(t["id"] for t in _tokens(client, mine))
    refused = client.delete(f"{API}/auth/tokens/{spare_id}", headers=stranger)
    assert refused.status_code == 404 and refused.get_json()["error"] == "not_found"
    assert client.get(f"{API}/me", headers=spare).status_code == 200
    assert client.delete(f"{API}/auth/tokens/{spare_id}", headers=mine).status_code == 204
    assert client.get(f"{API}/me", headers=spare).status_code == 401
    assert client.get(f"{API}/me", headers=mine).status_code == 200
    assert client.delete(f"{API}/auth/tokens/{spare_id}", headers=mine).status_code == 404
    assert client.delete(f"{API}/auth/tokens/{spare_id}").status_code == 401


def test_the_administrator_revokes_anyones_token(client, session, registry):
    victim = _token(client, "officer_b")
    admin = _token(client, "admin")
    [listed] = [t for t in _tokens(client, admin) if t["username"] == "officer_b"]
    assert client.delete(f"{API}/auth/tokens/{listed['id']}", headers=admin).status_code == 204
    assert client.get(f"{API}/me", headers=victim).status_code == 401
    revoked = session.exec(select(Event).where(Event.action == "token.revoke").order_by(col(Event.id))).all()
    assert revoked[-1].entity_id == str(listed["id"])
    assert revoked[-1].actor_id == registry.users["admin"].user_id


def test_changing_ones_password_ends_every_token(client, registry):
    mine = _token(client, "officer_a")
    other = _token(client, "officer_b")
    wrong = client.post(
        f"{API}/me/password",
        headers=mine,
        json={"current_password": "wrong-pass", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and wrong.get_json()["details"] == [{"field": "current_password"}]
    short = client.post(
        f"{API}/me/password", headers=mine, json={"current_password": PASSWORD, "new_password": "x"}
    )
    assert short.status_code == 400 and short.get_json()["details"] == [{"field": "password"}]
    changed = client.post(
        f"{API}/me/password", headers=mine, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 204
    assert client.get(f"{API}/me", headers=mine).status_code == 401
    assert client.get(f"{API}/me", headers=other).status_code == 200
    assert (
        client.post(f"{API}/auth/token", json={"username": "officer_a", "password": PASSWORD}).status_code
        == 401
    )
    assert client.get(f"{API}/me", headers=_token(client, "officer_a", NEW_PASSWORD)).status_code == 200


def test_only_the_administrator_sets_passwords_and_deactivates(client, registry):
    target = registry.users["officer_b"].user_id
    victim = _token(client, "officer_b")
    for username in ("officer_a", "regulator_pc"):
        headers = _token(client, username)
        resp = client.put(f"{API}/users/{target}/password", headers=headers, json={"password": NEW_PASSWORD})
        assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
        assert client.post(f"{API}/users/{target}/deactivate", headers=headers).status_code == 403
    assert client.get(f"{API}/me", headers=victim).status_code == 200
    admin = _token(client, "admin")
    assert (
        client.put(f"{API}/users/99999/password", headers=admin, json={"password": NEW_PASSWORD}).status_code
        == 404
    )
    assert client.post(f"{API}/users/99999/deactivate", headers=admin).status_code == 404
    resp = client.put(f"{API}/users/{target}/password", headers=admin, json={"password": NEW_PASSWORD})
    assert resp.status_code == 204
    assert client.get(f"{API}/me", headers=victim).status_code == 401
    victim = _token(client, "officer_b", NEW_PASSWORD)
    deactivated = client.post(f"{API}/users/{target}/deactivate", headers=admin)
    assert deactivated.status_code == 200 and deactivated.get_json()["active"] is False
    assert client.get(f"{API}/me", headers=victim).status_code == 401
    assert (
        client.post(f"{API}/auth/token", json={"username": "officer_b", "password": NEW_PASSWORD}).status_code
        == 401
    )
    assert client.get(f"{API}/me", headers=admin).status_code == 200


def test_the_openapi_document_describes_tokens_and_passwords(client, registry):
    document = client.get(f"{API}/openapi.json").get_json()
    for path, methods in {
        "/api/v1/auth/tokens": {"get"},
        "/api/v1/auth/tokens/{token_id}": {"delete"},
        "/api/v1/me/password": {"post"},
        "/api/v1/users/{user_id}/password": {"put"},
        "/api/v1/users/{user_id}/deactivate": {"post"},
    }.items():
        assert methods <= set(document["paths"][path]), path
    schemas = document["components"]["schemas"]
    [token_out] = [schema for name, schema in schemas.items() if name.endswith(".TokenOut")]
    assert set(token_out["properties"]) == TOKEN_FIELDS
