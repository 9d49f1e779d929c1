"""Login form throttling: 429 with the wait in Chinese and Retry-After; proxies trusted only when told."""

from hazchem import create_app
from tests.web.conftest import login

LIMIT = 5  # LOGIN_FAILURES_PER_ACCOUNT's default


def test_the_form_refuses_after_repeated_failures_and_says_how_long_to_wait(client, registry):
    for _ in range(LIMIT):
        assert login(client, "officer_a", "wrong-password").status_code == 401
    refused = login(client, "officer_a")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60 + 1
    assert "此地址登录失败次数过多" in refused.get_data(as_text=True)
    assert client.get("/containers").status_code in (302, 401)  # not logged in


def test_below_the_limit_the_form_logs_in(client, registry):
    for _ in range(LIMIT - 1):
        assert login(client, "officer_a", "wrong-password").status_code == 401
    assert login(client, "officer_a").status_code == 302


def _app(database_url, tmp_path, hops: int):
    return create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "PROXY_HOPS": hops,
        }
    )


def _fail_from(client, forwarded_for: str) -> None:
    for _ in range(LIMIT):
        headers = {"X-Forwarded-For": forwarded_for}
        token = client.get("/login", headers=headers).get_data(as_text=True)
        csrf = token.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        data = {"csrf_token": csrf, "username": "officer_a", "password": "wrong-password"}
        assert client.post("/login", data=data, headers=headers).status_code == 401


def _login_from(client, forwarded_for: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    page = client.get("/login", headers=headers).get_data(as_text=True)
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    data = {"csrf_token": csrf, "username": "officer_a", "password": "correct-horse-battery"}
    return client.post("/login", data=data, headers=headers).status_code


def test_behind_a_trusted_proxy_each_client_address_is_throttled_apart(db, database_url, tmp_path, registry):
    app = _app(database_url, tmp_path, hops=1)
    try:
        _fail_from(app.test_client(), "192.0.2.10")
        assert _login_from(app.test_client(), "192.0.2.10") == 429
        assert _login_from(app.test_client(), "192.0.2.11") == 302
    finally:
        app.extensions["hazchem.engine"].dispose()


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_throttle(
    db, database_url, tmp_path, registry
):
    app = _app(database_url, tmp_path, hops=0)
    try:
        _fail_from(app.test_client(), "192.0.2.10")
        assert _login_from(app.test_client(), "192.0.2.99") == 429
    finally:
        app.extensions["hazchem.engine"].dispose()
