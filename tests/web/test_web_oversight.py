"""Web: the manifest audit page filters, pages and exports the register; refusals show on the page."""

from __future__ import annotations

import csv
import io

from hazchem.domain.lifecycle import ManifestStatus
from hazchem.render import sheets
from hazchem.services.oversight import registers
from tests.services.conftest import chain  # noqa: F401
from tests.services.test_audit_search import add_manifest
from tests.web.conftest import login


def test_filter_page_and_export(client, session, registry, chain):  # noqa: F811
    add_manifest(session, registry, chain, 1, status=ManifestStatus.DELIVERED.value)
    add_manifest(session, registry, chain, 2, waste_code="900-300-34")
    for n in range(3, 60):
        add_manifest(session, registry, chain, n)
    login(client, "regulator_eco")
    page = client.get("/oversight/manifests?category=HW34").get_data(as_text=True)
    assert "20263306000002" in page and "20263306000001" not in page
    first = client.get("/oversight/manifests").get_data(as_text=True)
    assert 'rel="next"' in first
    resp = client.get("/oversight/register?format=csv&status=delivered", buffered=True)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert tuple(rows[0]) == registers.MANIFEST_REGISTER_COLUMNS
    assert [r[0] for r in rows[1:]] == ["20263306000001"]
    assert client.get("/oversight/register?format=xlsx", buffered=True).mimetype == sheets.XLSX_TYPE


def test_bad_filter_is_shown(client, session, registry, chain):  # noqa: F811
    login(client, "regulator_eco")
    resp = client.get("/oversight/manifests?category=HW8")
    assert resp.status_code == 400
    assert "HW08" in resp.get_data(as_text=True)


def test_outsider_sees_none_and_ledger_scope(client, session, registry, chain):  # noqa: F811
    add_manifest(session, registry, chain, 1, generator_id=registry.ent_b.id, carrier_id=None)
    login(client, "officer_a")
    page = client.get("/oversight/manifests").get_data(as_text=True)
    assert "20263306000001" not in page
    assert client.get(f"/oversight/enterprises/{registry.ent_b.id}/ledger", buffered=True).status_code == 404
    assert client.get(f"/oversight/enterprises/{registry.ent_a.id}/ledger", buffered=True).status_code == 200
