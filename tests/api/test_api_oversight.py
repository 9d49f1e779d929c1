"""API: manifest search with audit filters and cursors; register and ledger downloads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from hazchem.domain.lifecycle import ManifestStatus
from hazchem.render import sheets
from hazchem.services import waste
from hazchem.services.oversight import registers
from tests.api.conftest import API, walk
from tests.services.conftest import make_stored
from tests.services.test_audit_search import add_manifest


def seed(session, registry, chain):
    add_manifest(session, registry, chain, 1, status=ManifestStatus.DELIVERED.value, anomaly=True)
    add_manifest(session, registry, chain, 2, waste_code="900-300-34", cross_province=True)
    for n in range(3, 13):
        add_manifest(session, registry, chain, n, created_at=datetime(2026, 6, 2, tzinfo=UTC))


def test_search_filters_and_paging(client, session, registry, chain, login):
    seed(session, registry, chain)
    headers = login("regulator_eco")
    items = walk(client, f"{API}/manifests/search", headers, limit=4)
    assert len(items) == 12 and len({i["id"] for i in items}) == 12
    body = client.get(f"{API}/manifests/search?category=HW34", headers=headers).get_json()
    assert [i["number"] for i in body["items"]] == ["20263306000002"]
    body = client.get(
        f"{API}/manifests/search?status=delivered,closed&anomaly=true", headers=headers
    ).get_json()
    assert [i["number"] for i in body["items"]] == ["20263306000001"]
    body = client.get(
        f"{API}/manifests/search?cross_province=false&category=HW34", headers=headers
    ).get_json()
    assert body["items"] == []
    sorted_items = walk(client, f"{API}/manifests/search?sort=number", headers, limit=5)
    assert [i["number"] for i in sorted_items] == sorted(i["number"] for i in sorted_items)


def test_search_refuses_bad_filters(client, session, registry, chain, login):
    headers = login("regulator_eco")
    for query in ("status=lost", "category=HW8", "created_from=2026-02-30", "cursor=zzz", "sort=colour"):
        resp = client.get(f"{API}/manifests/search?{query}", headers=headers)
        assert resp.status_code == 400, query
        assert resp.get_json()["error"] == "invalid_input"
    assert client.get(f"{API}/manifests/search").status_code == 401


def test_search_scoped_to_parties(client, session, registry, chain, login):
    seed(session, registry, chain)
    body = client.get(f"{API}/manifests/search?limit=200", headers=login("officer_b")).get_json()
    assert len(body["items"]) == 12


def test_register_csv_and_xlsx(client, session, registry, chain, login):
    seed(session, registry, chain)
    headers = login("regulator_eco")
    resp = client.get(f"{API}/registers/manifests?format=csv&category=HW34", headers=headers)
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert "manifest-register-" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert tuple(rows[0]) == registers.MANIFEST_REGISTER_COLUMNS and len(rows) == 2
    resp = client.get(f"{API}/registers/manifests?format=xlsx", headers=headers)
    assert resp.status_code == 200 and resp.mimetype == sheets.XLSX_TYPE
    book = load_workbook(io.BytesIO(resp.get_data()), read_only=True)
    assert len(list(book.active.iter_rows(values_only=True))) == 13


def test_ledger_download_and_scope(client, session, registry, chain, login):
    url = f"{API}/enterprises/{registry.ent_a.id}/ledger"
    resp = client.get(url, headers=login("officer_a"))
    assert resp.status_code == 200 and resp.mimetype == sheets.XLSX_TYPE
    book = load_workbook(io.BytesIO(resp.get_data()), read_only=True)
    assert book.sheetnames[0] == "产生"
    resp = client.get(f"{url}?format=csv&section=generation", headers=login("officer_a"))
    assert resp.status_code == 200
    assert resp.get_data().decode("utf-8-sig").splitlines()[0].startswith("产生批次编码")
    assert client.get(f"{url}?format=csv", headers=login("officer_a")).status_code == 400
    assert client.get(url, headers=login("officer_b")).status_code == 404


def test_ledger_exports_neutralise_formulas(client, session, registry, chain, login):
    evil = '=HYPERLINK("http://evil.example","x")'
    stream = waste.create_stream(
        session=session,
        actor=chain.officer,
        enterprise_id=registry.ent_a.id,
        waste_code="900-249-08",
        name=evil,
        form="liquid",
        dg_class="3",
    )
    make_stored(session, chain, count=1, stream=stream)
    url = f"{API}/enterprises/{registry.ent_a.id}/ledger"
    text = client.get(f"{url}?format=csv&section=generation", headers=login("officer_a")).get_data()
    cells = [c for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))) for c in row]
    assert "'" + evil in cells and evil not in cells
    book = load_workbook(io.BytesIO(client.get(url, headers=login("officer_a")).get_data()))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "'" + evil in values and not any(isinstance(v, str) and v.startswith("=") for v in values)
