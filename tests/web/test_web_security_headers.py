"""Hardening headers on every answer, and the API viewer served from this server only."""

import re

import pytest

from hazchem.appctx import CONTENT_SECURITY_POLICY, DOCS_CONTENT_SECURITY_POLICY
from tests.web.conftest import login


@pytest.mark.parametrize(
    "path", ["/login", "/healthz", "/api/v1/openapi.json", "/park-catalogue", "/no-such-page"]
)
def test_every_answer_carries_the_hardening_headers(client, registry, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_logged_in_pages_allow_no_inline_script_or_style(client, registry):
    login(client, "officer_a")
    response = client.get("/storage")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    html = response.get_data(as_text=True)
    assert " style=" not in html
    # Scripts only as files served by hazchem: each tag names its source and has no body.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert all(re.search(r'\ssrc="/static/', attrs) and not body.strip() for attrs, body in scripts)


def test_the_api_viewer_loads_only_local_files(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"] == DOCS_CONTENT_SECURITY_POLICY
    html = page.get_data(as_text=True)
    assert "://" not in html  # every asset by a path on this server, none by an absolute URL
    assert "/api/v1/openapi.json" in html
    script = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")


@pytest.mark.parametrize("name", ["LICENSE", "../flask_swagger_ui.py", "oauth2-redirect.html", "nope.js"])
def test_the_api_viewer_serves_nothing_but_its_own_assets(client, name):
    assert client.get(f"/api/v1/docs/assets/{name}").status_code == 404


def test_spectree_cdn_viewers_are_gone(client):
    for path in ("/api/v1/docs/redoc/", "/api/v1/docs/swagger/", "/api/v1/docs/scalar/"):
        assert client.get(path).status_code == 404
