"""Camera scanning is offered on every page with a scan input, in the page's language, under the CSP."""

from __future__ import annotations

import re

import pytest

from hazchem.appctx import CONTENT_SECURITY_POLICY
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import login, page_token
from tests.web.test_web_scan_sessions import submitted, web_chain  # noqa: F401  (fixtures)

CAMERA_SCRIPT = '<script src="/static/scan-camera.js" defer></script>'
DECODER = "/static/vendor/zxing-library.min.js"


def _scan_pages(manifest_id: int) -> list[tuple[str, str]]:
    """(user, path) of each page with a scan input."""
    return [
        ("driver", "/scan"),
        ("driver", f"/manifests/{manifest_id}/scan/pick-up"),
        ("officer_a", "/containers/put-away"),
    ]


def test_every_scan_page_offers_the_camera_next_to_its_code_input(client, registry, submitted):  # noqa: F811
    manifest, _, _ = submitted
    for user, path in _scan_pages(manifest.id):
        login(client, user)
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert CAMERA_SCRIPT in html, path
        assert f'data-decoder="{DECODER}"' in html, path
        assert "用相机扫描" in html and "相机权限被拒绝" in html, path
        form = re.search(r"<form[^>]*>(?:(?!</form>).)*data-camera(?:(?!</form>).)*</form>", html, re.S)
        assert form and 'name="code"' in form.group(0), path
        # Only scripts from this server, none inline, no inline style.
        assert all(' src="/static/' in tag for tag in re.findall(r"<script[^>]*>", html)), path
        assert " style=" not in html
        client.post("/logout", data={"csrf_token": page_token(client, "/scan")})


def test_the_scan_page_speaks_of_the_camera_in_english_too(client, registry):
    login(client, "officer_a")
    client.post("/lang", data={"csrf_token": page_token(client, "/scan"), "locale": "en"})
    html = client.get("/scan").get_data(as_text=True)
    assert "Scan with camera" in html
    assert "Camera access was refused." in html
    assert "HTTPS, or localhost" in html
    assert "camera app" not in html and "opens the label page directly" not in html


@pytest.mark.parametrize("path", ["/static/scan-camera.js", DECODER])
def test_the_camera_scripts_are_served_from_here_as_javascript(client, registry, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype in {"text/javascript", "application/javascript"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY


def test_the_vendored_decoder_defines_what_the_camera_script_uses(client, registry):
    decoder = client.get(DECODER).get_data(as_text=True)
    for name in ("QRCodeReader", "HTMLCanvasElementLuminanceSource", "HybridBinarizer", "BinaryBitmap"):
        assert f"t.{name}=" in decoder, name
    assert "ZXing" in decoder
