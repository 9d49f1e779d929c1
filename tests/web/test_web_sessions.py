"""A kept session cookie stops working after logout, a password change or deactivation."""

from __future__ import annotations

from tests.api.conftest import API
from tests.conftest import PASSWORD
from tests.web.conftest import login, page_token, post

NEW_PASSWORD = "a-new-long-password"


def _copy(app, client):
    """A second browser holding a copy of `client`'s session cookie (a stolen or kept cookie)."""
    kept = app.test_client()
    kept.set_cookie("session", client.get_cookie("session").value)
    return kept


def _logged_in(app, username: str, password: str = PASSWORD):
    client = app.test_client()
    assert login(client, username, password=password).status_code == 302
    return client


def test_a_kept_cookie_is_refused_after_logout(app, registry):
    browser = _logged_in(app, "officer_a")
    other_device = _logged_in(app, "officer_a")
    kept = _copy(app, browser)
    assert kept.get("/manifests").status_code == 200
    assert post(browser, "/logout").status_code == 302
    for client in (browser, kept, other_device):
        response = client.get("/manifests")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # Another account is untouched, and a fresh login works.
    assert _logged_in(app, "officer_b").get("/manifests").status_code == 200
    assert _logged_in(app, "officer_a").get("/manifests").status_code == 200


def test_a_session_without_a_version_is_refused(app, registry):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(registry.users["officer_a"].user_id)
        session["_fresh"] = True
    assert client.get("/manifests").status_code == 302


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, registry):
    browser = _logged_in(app, "officer_a")
    other_device = _logged_in(app, "officer_a")
    kept = _copy(app, browser)
    bystander = _logged_in(app, "officer_b")
    page = browser.get("/account/password")
    assert page.status_code == 200 and "修改密码" in page.get_data(as_text=True)
    response = post(
        browser,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "密码已修改" in browser.get("/").get_data(as_text=True)
    assert browser.get("/manifests").status_code == 200
    for client in (kept, other_device):
        assert client.get("/manifests").status_code == 302
    assert bystander.get("/manifests").status_code == 200
    assert login(app.test_client(), "officer_a").status_code == 401
    assert _logged_in(app, "officer_a", NEW_PASSWORD).get("/manifests").status_code == 200


def test_the_password_page_refuses_in_the_readers_language(app, registry):
    browser = _logged_in(app, "officer_a")
    for form, message in (
        ({"current_password": "wrong-password", "new_password": NEW_PASSWORD}, "当前密码错误"),
        ({"current_password": PASSWORD, "new_password": "short"}, "新密码至少需要 10 个字符"),
        (
            {
                "current_password": PASSWORD,
                "new_password": NEW_PASSWORD,
                "new_password_again": "other-password",
            },
            "两次输入的新密码不一致",
        ),
    ):
        form.setdefault("new_password_again", form["new_password"])
        response = post(browser, "/account/password", form, token_from="/account/password")
        assert response.status_code == 400 and message in response.get_data(as_text=True), form
    assert browser.get("/manifests").status_code == 200
    assert _logged_in(app, "officer_a").get("/manifests").status_code == 200
    assert app.test_client().get("/account/password").status_code == 302


def test_the_password_page_needs_the_csrf_token(app, registry):
    browser = _logged_in(app, "officer_a")
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert browser.post("/account/password", data=form).status_code == 400
    assert login(app.test_client(), "officer_a").status_code == 302


def test_deactivation_ends_the_accounts_sessions(app, client, registry):
    browser = _logged_in(app, "officer_b")
    kept = _copy(app, browser)
    bystander = _logged_in(app, "officer_a")
    token = client.post(f"{API}/auth/token", json={"username": "admin", "password": PASSWORD}).get_json()[
        "token"
    ]
    target = registry.users["officer_b"].user_id
    response = client.post(f"{API}/users/{target}/deactivate", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.get_json()["active"] is False
    for browser_client in (browser, kept):
        assert browser_client.get("/manifests").status_code == 302
    assert login(app.test_client(), "officer_b").status_code == 401
    assert bystander.get("/manifests").status_code == 200


def test_the_command_line_ends_sessions_too(app, registry):
    browser = _logged_in(app, "officer_b")
    bystander = _logged_in(app, "officer_a")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["set-password", "--username", "officer_b", "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert browser.get("/manifests").status_code == 302
    browser = _logged_in(app, "officer_b", NEW_PASSWORD)
    assert runner.invoke(args=["deactivate-user", "--username", "officer_b"]).exit_code == 0
    assert browser.get("/manifests").status_code == 302
    assert bystander.get("/manifests").status_code == 200
    assert page_token(bystander, "/")
