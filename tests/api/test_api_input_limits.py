"""Input the API cannot use is refused at the boundary: a 400 naming the field, a 404 or a 413, never a 5xx.

Each test here once met a server error or a silent 200 (issue 12): ids beyond the database's integer
columns, hostile JSON, out-of-range decimals, unbounded bodies, non-JSON bodies, numeric dates, and
405s without `Allow`, besides answers the OpenAPI document did not declare.
"""

from __future__ import annotations

import pytest

from hazchem.domain.limits import MAX_ID
from tests.api.conftest import API
from tests.api.custody_helpers import delivered, generate
from tests.web.conftest import login as web_login

BEYOND_INTEGER = [str(MAX_ID + 1), str(2**63)]


def _fields(resp) -> list[str]:
    return [d.get("field") for d in resp.get_json()["details"]]


@pytest.mark.parametrize("value", BEYOND_INTEGER)
def test_an_id_beyond_the_integer_columns_in_a_path_is_404(client, admin, registry, value):
    for path in (f"/containers/{value}", f"/enterprises/{value}", f"/manifests/{value}/notes"):
        resp = client.get(f"{API}{path}", headers=admin)
        assert resp.status_code == 404, (path, resp.status_code)
        assert resp.get_json()["error"] == "not_found"
    # Another method of the same URL is still a 404: the id names nothing, whatever the method.
    for method, path in (("PATCH", f"/enterprises/{value}"), ("POST", f"/manifests/{value}/corrections")):
        resp = client.open(f"{API}{path}", method=method, headers=admin, json={})
        assert resp.status_code == 404, (method, path, resp.status_code)


@pytest.mark.parametrize("value", BEYOND_INTEGER)
def test_an_id_beyond_the_integer_columns_in_a_page_path_is_404(client, registry, value):
    web_login(client, "admin")
    for path in (f"/enterprises/{value}", f"/manifests/{value}", f"/containers/{value}/label.png"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("value", BEYOND_INTEGER)
def test_an_id_beyond_the_integer_columns_in_a_query_or_body_is_400_naming_it(
    client, login, registry, value
):
    officer = login("officer_a")
    resp = client.get(f"{API}/containers?facility_id={value}", headers=officer)
    assert resp.status_code == 400 and _fields(resp) == ["facility_id"]
    resp = client.post(f"{API}/containers/labels.pdf", headers=officer, json={"container_ids": [int(value)]})
    assert resp.status_code == 400 and _fields(resp) == ["container_ids"]
    body = {"stream_id": int(value), "volume_l": 200, "net_weight_kg": "1", "gen_date": "2026-05-01"}
    resp = client.post(f"{API}/containers", headers=officer, json=body)
    assert resp.status_code == 400 and _fields(resp) == ["stream_id"]


def test_deeply_nested_json_is_a_400_even_without_login(client, registry):
    for depth in (1000, 100):
        resp = client.post(
            f"{API}/auth/token", data="[" * depth + "]" * depth, content_type="application/json"
        )
        assert resp.status_code == 400, depth
        assert resp.get_json()["error"] == "invalid_input" and _fields(resp) == ["body"]


@pytest.mark.parametrize("body", ["[]", "0", '"text"', "null", "{not json"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, registry, body):
    resp = client.post(f"{API}/auth/token", data=body, content_type="application/json")
    assert resp.status_code == 400 and _fields(resp) == ["body"]


def test_a_patch_with_a_non_json_body_is_a_400_not_an_empty_change(client, admin, registry):
    url = f"{API}/departments/{registry.departments['ecology_environment'].id}"
    resp = client.patch(url, headers=admin, data="name=x", content_type="text/plain")
    assert resp.status_code == 400 and _fields(resp) == ["body"]
    resp = client.patch(url, headers=admin, json=[])
    assert resp.status_code == 400 and _fields(resp) == ["body"]


def test_a_weighed_weight_beyond_the_range_at_receipt_is_a_400_naming_it(api, chain):
    manifest, containers = delivered(api, chain)
    digital = [c["digital_id"] for c in containers]
    for weight in (1e30, "1e30", "1000000001", "1000000000.001"):
        resp = api.raw(
            "operator_b",
            "POST",
            f"/manifests/{manifest['id']}/receipt",
            json={"weights": {digital[0]: weight, digital[1]: "200"}},
        )
        assert resp.status_code == 400, (weight, resp.status_code)
        assert _fields(resp) == [f"weights.{digital[0]}"]
    url = f"/manifests/{manifest['id']}/receipt"
    for weight, message in (("1.0001", "precision"), (-1e30, "non-negative"), (float("nan"), "non-negative")):
        resp = api.raw("operator_b", "POST", url, json={"weights": {digital[0]: weight, digital[1]: "200"}})
        assert resp.status_code == 400 and message in resp.get_json()["message"], weight


def test_a_quantity_beyond_the_range_is_a_400_naming_it(api, chain):
    body = {"stream_id": chain.oil.id, "volume_l": 200, "gen_date": "2026-05-01", "net_weight_kg": 1e30}
    resp = api.raw("officer_a", "POST", "/containers", json=body)
    assert resp.status_code == 400 and _fields(resp) == ["net_weight_kg"]
    assert generate(api, chain.oil.id, 1, weight="1000000000")[0]["net_weight_kg"] == "1000000000"


def test_a_body_beyond_max_content_length_is_a_413_in_the_api_error_shape(app, client, registry):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    resp = client.post(f"{API}/auth/token", json={"username": "x" * 2000, "password": "y"})
    assert resp.status_code == 413
    assert resp.get_json()["error"] == "too_large" and _fields(resp) == ["body"]
    assert client.post("/login", data={"username": "x" * 2000}).status_code == 413


def test_the_content_length_limit_is_configurable(monkeypatch):
    from hazchem.config import load_config

    assert load_config()["MAX_CONTENT_LENGTH"] == 4 * 1024 * 1024
    monkeypatch.setenv("HAZCHEM_MAX_CONTENT_LENGTH", "2048")
    assert load_config()["MAX_CONTENT_LENGTH"] == 2048


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/enterprises/{ent}/ledger?start=0", "start"),
        ("/enterprises/{ent}/ledger?end=20260101", "end"),
        ("/licences/expiring?on=0", "on"),
    ],
)
def test_a_date_in_a_query_is_written_yyyy_mm_dd(client, admin, registry, path, field):
    resp = client.get(API + path.format(ent=registry.ent_a.id), headers=admin)
    assert resp.status_code == 400 and _fields(resp) == [field]


def test_a_date_in_a_body_is_written_yyyy_mm_dd(api, chain):
    body = {"stream_id": chain.oil.id, "volume_l": 200, "net_weight_kg": "1", "gen_date": 0}
    resp = api.raw("officer_a", "POST", "/containers", json=body)
    assert resp.status_code == 400 and _fields(resp) == ["gen_date"]


def test_a_405_says_which_methods_the_url_takes(client, registry):
    resp = client.put(f"{API}/auth/token")
    assert resp.status_code == 405 and resp.get_json()["error"] == "method_not_allowed"
    assert resp.get_json()["message_code"] == "api.method_not_allowed"
    assert resp.get_json()["message"] == "此处不允许该请求方法"
    assert {"POST", "DELETE"} <= {m.strip() for m in resp.headers["Allow"].split(",")}
    resp = client.put("/login")
    assert resp.status_code == 405 and "POST" in resp.headers["Allow"]


def test_the_openapi_document_declares_the_refusals_the_api_gives(client, login, chain):
    document = client.get(f"{API}/openapi.json").get_json()
    officer = login("officer_a")
    assert client.get(f"{API}/indicators/-1", headers=officer).status_code == 404
    assert "404" in document["paths"]["/api/v1/indicators/{year}"]["get"]["responses"]
    body = {"stream_id": 999999, "volume_l": 200, "net_weight_kg": "1", "gen_date": "2026-05-01"}
    assert client.post(f"{API}/containers", headers=officer, json=body).status_code == 404
    assert {"404", "413"} <= set(document["paths"]["/api/v1/containers"]["post"]["responses"])
    parameter = document["paths"]["/api/v1/containers/{container_id}"]["get"]["parameters"][0]
    assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (1, MAX_ID)


def test_an_account_bound_to_an_unknown_record_is_a_400_naming_it(client, admin, registry):
    body = {"username": "x_user", "password": "long-enough-pw", "role": "park_admin", "department_id": 999999}
    resp = client.post(f"{API}/users", headers=admin, json=body)
    assert resp.status_code == 400 and _fields(resp) == ["department_id"]
    transport = registry.departments["transport"].id
    body = {**body, "role": "regulator", "department_id": transport, "driver_id": -3}
    resp = client.post(f"{API}/users", headers=admin, json=body)
    assert resp.status_code == 400 and _fields(resp) == ["driver_id"]


@pytest.mark.parametrize("value", ["9" * 30, "1e999999", "10000000000.0001"])
def test_an_output_value_beyond_its_range_is_a_400_naming_it(client, admin, registry, value):
    body = {"enterprise_id": registry.ent_a.id, "year": 2025, "value_wan_yuan": value}
    resp = client.post(f"{API}/output-figures", headers=admin, json=body)
    assert resp.status_code == 400 and _fields(resp) == ["value_wan_yuan"]
