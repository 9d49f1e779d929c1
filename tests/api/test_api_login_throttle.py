"""Token endpoint throttling: 429 too_many_attempts with Retry-After, only after repeated failures."""

from tests.api.conftest import API, PASSWORD

LIMIT = 5  # LOGIN_FAILURES_PER_ACCOUNT's default


def _token(client, password: str):
    return client.post(f"{API}/auth/token", json={"username": "officer_a", "password": password})


def test_token_requests_are_refused_with_429_after_repeated_failures(client, registry):
    for _ in range(LIMIT):
        assert _token(client, "wrong-password").status_code == 401
    refused = _token(client, PASSWORD)
    assert refused.status_code == 429
    body = refused.get_json()
    assert body["error"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) == body["details"][0]["retry_after"] > 0
    assert "token" not in body


def test_below_the_limit_a_token_is_issued(client, registry):
    for _ in range(LIMIT - 1):
        assert _token(client, "wrong-password").status_code == 401
    assert _token(client, PASSWORD).status_code == 200
