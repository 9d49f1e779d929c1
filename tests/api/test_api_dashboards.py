"""API: annual summary (JSON, CSV, XLSX), dashboard parts per department, indicators, output figures."""

from __future__ import annotations

import csv
import io

import pytest

from hazchem.services.oversight import summaries
from tests.api.conftest import API
from tests.services.dash_data import build


@pytest.fixture
def data(session, registry, chain):
    return build(session, registry, chain)


def test_park_summary_json(client, login, registry, data):
    resp = client.get(f"{API}/summaries/2025", headers=login("regulator_eco"))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["enterprise_id"] is None and body["park_id"] == registry.park.id
    cats = {c["category"]: c for c in body["categories"]}
    assert cats["HW08"] == {
        "category": "HW08",
        "generated_kg": "360",
        "transferred_kg": "370",
        "received_kg": "299",
        "treated_kg": "299",
        "stock_kg": "130",
    }
    assert body["total"]["stock_kg"] == "160"
    assert {
        "category": "HW34",
        "method": "D10",
        "transferred_kg": "30",
        "received_kg": "0",
        "treated_kg": "0",
    } in body["methods"]
    assert "pick-up" in body["dates"]["transferred"]


def test_enterprise_summary_and_exports(client, login, registry, data):
    headers = login("officer_a")
    url = f"{API}/summaries/2025?enterprise={registry.ent_a.id}"
    assert client.get(url, headers=headers).get_json()["total"]["generated_kg"] == "390"
    export = f"{API}/summaries/2025/export?enterprise={registry.ent_a.id}"
    resp = client.get(export + "&format=csv", headers=headers, buffered=True)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert tuple(rows[0]) == summaries.SUMMARY_CATEGORY_COLUMNS and rows[1] == [
        "HW08",
        "360",
        "370",
        "0",
        "0",
        "60",
    ]
    xlsx = client.get(export, headers=headers, buffered=True)
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"


def test_summary_refusals(client, login, registry, data):
    officer = login("officer_a")
    assert client.get(f"{API}/summaries/2025", headers=officer).status_code == 403
    assert (
        client.get(f"{API}/summaries/2025?enterprise={registry.ent_b.id}", headers=officer).status_code == 404
    )
    assert client.get(f"{API}/summaries/2025", headers=login("regulator_em")).status_code == 403
    assert client.get(f"{API}/summaries/1800", headers=login("admin")).status_code == 400
    assert client.get(f"{API}/summaries/2025/export?format=pdf", headers=login("admin")).status_code == 400
    assert client.get(f"{API}/summaries/2025/export", headers=login("regulator_em")).status_code == 403
    assert client.get(f"{API}/summaries/2025").status_code == 401


def test_dashboard_parts_per_department(client, login, registry, data):
    eco = client.get(f"{API}/dashboard?year=2025", headers=login("regulator_eco")).get_json()
    assert eco["parts"] == ["flows", "manifests", "storage", "receiving", "licences"]
    assert eco["flows"]["generated"]["by_category"]["HW08"][2] == "300"
    assert eco["statuses"]["treated"] == 1 and eco["anomalies"] == 1
    assert eco["in_transit"] is None and eco["certificates"] is None
    em = client.get(f"{API}/dashboard?year=2025", headers=login("regulator_em")).get_json()
    assert em["parts"] == ["licences"] and em["flows"] is None and em["storage"] is None
    admin = client.get(f"{API}/dashboard?year=2025", headers=login("admin")).get_json()
    assert admin["in_transit"] == 1
    assert {u["facility_id"] for u in admin["receiving"]} == {registry.facility_b.id}
    assert client.get(f"{API}/dashboard", headers=login("officer_a")).status_code == 403


def test_indicators_and_output_figures(client, login, registry, data):
    eco = login("regulator_eco")
    before = client.get(f"{API}/indicators/2025", headers=eco).get_json()
    assert before["intensity"]["value"] is None and before["missing_output_figures"] == [registry.ent_a.id]
    assert before["disposal_rate"] == {
        "formula": "A / G × 100 %",
        "numerator": "300",
        "denominator": "390",
        "value": "76.92",
        "unit": "%",
    }
    assert before["item9_points"] == 1 and before["item9_max_points"] == 2
    officer = login("officer_a")
    saved = client.post(
        f"{API}/output-figures",
        json={"enterprise_id": registry.ent_a.id, "year": 2025, "value_wan_yuan": "1000"},
        headers=officer,
    )
    assert saved.status_code == 200 and saved.get_json()["value_wan_yuan"] == "1000"
    after = client.get(f"{API}/indicators/2025", headers=eco).get_json()
    assert after["intensity"]["value"] == "0.000390" and after["missing_output_figures"] == []
    listed = client.get(f"{API}/output-figures?year=2025", headers=eco).get_json()["items"]
    assert [f["enterprise_id"] for f in listed] == [registry.ent_a.id]
    refused = client.post(
        f"{API}/output-figures",
        json={"enterprise_id": registry.ent_b.id, "year": 2025, "value_wan_yuan": "1"},
        headers=officer,
    )
    assert refused.status_code == 403
    bad = client.post(
        f"{API}/output-figures",
        json={"enterprise_id": registry.ent_a.id, "year": 2025, "value_wan_yuan": "-1"},
        headers=officer,
    )
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_input"
    assert client.get(f"{API}/indicators/2025", headers=officer).status_code == 403


# --- Province dashboard ---------------------------------------------------------------------------


def test_province_dashboard_compares_the_parks(client, login, registry, data):
    resp = client.get(f"{API}/province-dashboard?year=2025", headers=login("regulator_eco"))
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["year"] == 2025 and body["licence_window_days"] == 90
    parks = {p["park_id"]: p for p in body["parks"]}
    assert list(parks) == [registry.park.id]
    row = parks[registry.park.id]
    assert row["generated"] == {"HW08": "360", "HW34": "30"}
    assert row["transferred"] == {"HW08": "370", "HW34": "30"} and row["treated"] == {"HW08": "299"}
    assert row["received_kg"] == 299 and row["receiving_capacity_kg"] == 30_000_000
    assert body["categories"] == ["HW08", "HW34"]


@pytest.mark.parametrize("who", ["officer_a", "operator_b", "driver"])
def test_province_dashboard_refuses_enterprise_users(client, login, data, who):
    resp = client.get(f"{API}/province-dashboard", headers=login(who))
    assert resp.status_code == 403


def test_province_dashboard_needs_a_login(client, data):
    assert client.get(f"{API}/province-dashboard").status_code == 401
