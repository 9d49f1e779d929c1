"""Web test helpers: compiled translations, and logging in through the real form with its CSRF token."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.conftest import PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "hazchem" / "translations"
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile every messages.po to its .mo (what `make install` does) so `pytest` alone works."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF_RE.search(html)
    assert match, "page has no csrf_token field"
    return match.group(1)


def page_token(client, path: str = "/login") -> str:
    """GET a page and return its CSRF token."""
    response = client.get(path)
    return csrf_token(response.get_data(as_text=True))


def login(client, username: str, password: str = PASSWORD, next_url: str = ""):
    """Log in through the form exactly as a browser does; returns the POST response."""
    token = page_token(client, "/login")
    data = {"csrf_token": token, "username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login", data=data)


def post(client, path: str, data: dict | None = None, token_from: str = "/"):
    """POST a form with a CSRF token taken from a page the user can open."""
    return client.post(path, data={"csrf_token": page_token(client, token_from), **(data or {})})
