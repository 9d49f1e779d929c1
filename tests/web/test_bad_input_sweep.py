"""Every route, as every kind of user, with malformed paths, queries, forms and JSON: never a 5xx.

A regulator's system must answer bad input with a clear refusal. This sweep walks the whole URL map
of the demo park as anonymous and as each demo role, with unknown IDs, garbage query parameters,
and bodies of the wrong shape and type, and fails on any server error or escaped exception.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from hazchem import create_app
from hazchem.demo import data
from hazchem.demo import load as demo
from tests.conftest import PASSWORD
from tests.web.conftest import login

USERS = [None, "admin", "eco", "em", "police", "ehs", "driver", "receiver"]
INTS = ["1", "999999"]
TEXT = ["%E4%B8%AD" + "z" * 120, "a%00b"]
QUERIES = [
    "",
    "?status=zzz&after=abc&page=-1&limit=-5&year=abc&month=13&date_from=2026-13-45&date_to=x",
    "?q=%00" + "z" * 300 + "&format=zzz&kind=bad&enterprise_id=abc&facility_id=-1&anchor=zzz&after=9" * 3,
]
BODIES = [
    None,
    [],
    {"name": 5, "id": "x", "container_ids": "x", "quantity": -1, "date": "bad", "scanned": None},
    {"name": "a\x00b", "scanned": "\x00", "reason": "\x00", "remarks": ["\x00"]},
    {"container_ids": [1, "x"], "receiver_facility_id": "1", "legs": [{}], "items": [{"id": None}]},
]
FORMS = [
    {},
    {"q": "\x00", "name": "a\x00b", "reason": "\x00", "scanned": "\x00"},
    {
        "facility_id": "x",
        "quantity": "1e400",
        "net_weight_kg": "nan",
        "count": "999999",
        "volume_l": "inf",
        "date": "2026-99-99",
        "year": "zz",
        "container_ids": "x",
        "reason": "\x00",
    },
]
SKIP = {"web.logout", "api.revoke_token"}  # they end the sweep's own session and token


def _paths(rule) -> list[str]:
    """The rule with each variable filled by an existing-looking ID, an unknown one, or text."""
    variables = re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule)
    choices = [INTS if converter == "int" else INTS[:1] + TEXT for converter, _ in variables]
    paths = []
    for combo in itertools.product(*choices):
        path = rule.rule
        for value in combo:
            path = re.sub(r"<[^>]+>", value, path, count=1)
        paths.append(path)
    return paths


@pytest.fixture
def demo_app(session, database_url, tmp_path):
    """The demo park, served with CSRF off so that malformed forms reach their handlers."""
    demo.load_demo(session=session, today=date.today())
    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield application
    application.extensions["hazchem.engine"].dispose()


def _requests(app, client, bearer: dict[str, str]):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint in SKIP:
            continue
        for path in _paths(rule):
            api = path.startswith("/api/")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if method == "GET":
                    for query in QUERIES:
                        yield method, path + query, {"headers": bearer if api else {}}
                elif api:
                    for body in BODIES:
                        headers = {**bearer, "Idempotency-Key": "sweep"}
                        yield method, path, {"json": body, "headers": headers}
                    headers = {**bearer, "Content-Type": "application/json"}
                    yield method, path, {"data": "{not json", "headers": headers}
                else:
                    for form in FORMS:
                        yield method, path, {"data": form}


def test_no_route_answers_malformed_input_with_a_server_error(demo_app):
    crashes = []
    for username in USERS:
        client = demo_app.test_client()
        bearer: dict[str, str] = {}
        if username:
            form = {"username": username, "password": data.DEMO_PASSWORD}
            assert client.post("/login", data=form).status_code == 302, username
            token = demo_app.test_client().post("/api/v1/auth/token", json=form).json["token"]
            bearer = {"Authorization": f"Bearer {token}"}
        for method, path, kwargs in _requests(demo_app, client, bearer):
            try:
                status = client.open(path, method=method, **kwargs).status_code
            except Exception as exc:  # an escaped exception is the crash this test looks for
                crashes.append((username, method, path, repr(exc)[:200]))
                continue
            if status >= 500:
                crashes.append((username, method, path, status))
    assert crashes == [], "\n".join(map(str, crashes))


@pytest.mark.parametrize("path", ["/catalogue?q=%00", "/enterprises?q=a%00b", "/l/a%00b", "/scan?code=%00"])
def test_a_page_refuses_nul_text_with_a_clear_400(client, registry, path):
    login(client, "officer_a")
    refused = client.get(path)
    assert refused.status_code == 400
    assert "NUL" in refused.get_data(as_text=True)


def test_the_api_refuses_nul_text_and_names_where_it_was(client, registry):
    token = client.post("/api/v1/auth/token", json={"username": "officer_a", "password": PASSWORD}).json
    headers = {"Authorization": f"Bearer {token['token']}"}
    refused = client.post("/api/v1/scans", json={"scanned": "a\x00b", "action": "lookup"}, headers=headers)
    assert refused.status_code == 400
    assert refused.json["error"] == "invalid_input" and refused.json["details"] == [{"field": "body"}]
    refused = client.get("/api/v1/manifests/search?q=%00", headers=headers)
    assert refused.status_code == 400 and refused.json["details"] == [{"field": "query"}]


def test_text_without_nul_passes_the_guard(client, registry):
    login(client, "officer_a")
    assert client.get("/catalogue?q=%E6%B0%A8").status_code == 200  # 氨
