"""API test helpers: bearer-token headers per demo user of the shared `registry` fixture."""

from __future__ import annotations

from collections.abc import Callable

import pytest

# The custody-chain fixture (streams, a carrier licence, B's store) is shared with the service tests.
from tests.api.custody_helpers import Api
from tests.services.conftest import chain  # noqa: F401

API = "/api/v1"
# The password of every user of the shared `registry` fixture (tests/conftest.py PASSWORD).
PASSWORD = "correct-horse-battery"


@pytest.fixture
def login(client, registry) -> Callable[[str], dict[str, str]]:
    """Log a registry user in through POST /auth/token and return its Authorization headers."""
    cache: dict[str, dict[str, str]] = {}

    def _login(username: str) -> dict[str, str]:
        if username not in cache:
            resp = client.post(f"{API}/auth/token", json={"username": username, "password": PASSWORD})
            assert resp.status_code == 200, resp.get_json()
            cache[username] = {"Authorization": f"Bearer {resp.get_json()['token']}", "Accept-Language": "en"}
        return cache[username]

    return _login


@pytest.fixture
def admin(login) -> dict[str, str]:
    """Headers of the park administrator."""
    return login("admin")


def walk(client, url: str, headers: dict[str, str], limit: int) -> list[dict]:
    """Follow next_cursor from the first page to the last and return every item."""
    items: list[dict] = []
    cursor = None
    for _ in range(1000):
        sep = "&" if "?" in url else "?"
        page_url = f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        resp = client.get(page_url, headers=headers)
        assert resp.status_code == 200, resp.get_json()
        body = resp.get_json()
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")


CUSTODY_USERS = ("officer_a", "driver", "operator_b", "officer_b", "regulator_eco", "regulator_em", "admin")


@pytest.fixture
def api(client, login, registry) -> Api:
    """The API client of the custody tests, every registry user logged in up front."""
    for user in CUSTODY_USERS:
        login(user)
    return Api(client, login)
