"""Login, logout, language switch, CSRF and the login wall, through the real forms."""

from tests.web.conftest import csrf_token, login, page_token, post


def test_login_success_lands_on_dashboard(client, registry):
    response = login(client, "admin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "园区管理员" in page  # the role, in Chinese


def test_wrong_password_and_unknown_user_get_one_generic_message(client, registry):
    wrong = login(client, "admin", password="not-the-password")
    unknown = login(client, "nobody", password="not-the-password")
    for response in (wrong, unknown):
        assert response.status_code == 401
        html = response.get_data(as_text=True)
        assert "用户名或密码错误" in html
        # A wrong password is not a refused regulatory action: no "refused" headline before it.
        assert "未通过" not in html
    assert client.get("/").status_code == 302


def test_login_redirects_only_to_a_local_next(client, registry):
    assert login(client, "admin", next_url="/licences").headers["Location"] == "/licences"
    client.post("/logout", data={"csrf_token": page_token(client, "/")})
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = login(client, "admin", next_url=evil)
        assert response.headers["Location"] == "/", evil
        client.post("/logout", data={"csrf_token": page_token(client, "/")})


def test_logout_needs_post_with_csrf_and_ends_the_session(client, registry):
    login(client, "officer_a")
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200
    response = post(client, "/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_unauthenticated_pages_redirect_to_login(client, registry):
    for path in ("/", "/enterprises", f"/enterprises/{registry.ent_a.id}", "/licences", "/catalogue?q=氨"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next="), path


def test_post_without_csrf_token_is_refused_with_400(client, registry):
    login(client, "admin")
    response = client.post("/responsibilities", data={"department_id": "1", "licence_type_id": "1"})
    assert response.status_code == 400
    assert "表单已失效" in response.get_data(as_text=True)
    assert client.post("/login", data={"username": "admin", "password": "x"}).status_code == 400


def test_chinese_by_default_and_english_after_switching(client, registry):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "登录" in page
    login(client, "admin")
    page = client.get("/licences").get_data(as_text=True)
    assert "许可证" in page
    response = client.post(
        "/lang", data={"csrf_token": csrf_token(page), "locale": "en", "next": "/licences"}
    )
    assert response.headers["Location"] == "/licences"
    for path in ("/", "/licences", "/responsibilities", f"/enterprises/{registry.ent_b.id}"):
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="en">' in page, path
        assert "Log out" in page and "退出登录" not in page, path
    assert "Responsibility matrix" in client.get("/responsibilities").get_data(as_text=True)
    licence = client.get(f"/licences/{registry.hw_licence.licence.id}").get_data(as_text=True)
    assert "Store, Dispose" in licence and "Valid" in licence
    # The choice survives logging out, and switching back works.
    post(client, "/logout")
    assert "Log in" in client.get("/login").get_data(as_text=True)
    client.post("/lang", data={"csrf_token": page_token(client), "locale": "zh_Hans_CN"})
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_unknown_language_is_ignored(client, registry):
    client.post("/lang", data={"csrf_token": page_token(client), "locale": "xx"})
    assert '<html lang="zh-CN">' in client.get("/login").get_data(as_text=True)


def test_pages_are_phone_ready(client, registry):
    login(client, "admin")
    page = client.get("/").get_data(as_text=True)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "/static/hazchem.css" in page
    assert "http://" not in page and "https://" not in page  # nothing fetched from elsewhere
    css = client.get("/static/hazchem.css")
    assert css.status_code == 200
    assert b"overflow-x: auto" in css.data


def test_unknown_page_is_html_but_unknown_api_path_is_json(client, registry):
    login(client, "admin")
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    api = client.get("/api/v1/no-such-resource")
    assert api.status_code == 404
    assert api.get_json()["error"] == "not_found"


def test_the_session_cookie_is_http_only_and_same_site_lax(client, registry):
    response = login(client, "admin")
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert "httponly" in attributes
    assert attributes.get("samesite", "").strip() == "SameSite=Lax"
