"""Web: dashboards per department, the annual summary page and exports, indicators, output figures."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from hazchem.models import OutputFigure
from hazchem.render import sheets
from hazchem.services.oversight import summaries
from tests.services.conftest import chain  # noqa: F401
from tests.services.dash_data import build
from tests.web.conftest import login, post


@pytest.fixture
def data(session, registry, chain):  # noqa: F811
    return build(session, registry, chain)


def test_park_dashboard_has_charts_and_tables(client, registry, data):
    login(client, "admin")
    page = client.get("/oversight/dashboard?year=2025").get_data(as_text=True)
    assert page.count("<svg") >= 5
    # The numbers behind the charts: A's generation of March (0.3 t) and B's incinerator.
    assert "焚烧车间" in page and "HW34" in page
    assert "天内到期的许可证" in page


def test_ecology_dashboard_lacks_transport_and_em_sees_licences_only(client, registry, data):
    login(client, "regulator_eco")
    eco = client.get("/oversight/dashboard?year=2025").get_data(as_text=True)
    assert "<svg" in eco and "浙D12345" not in eco
    client.post("/logout", data={})
    client2 = client.application.test_client()
    login(client2, "regulator_em")
    em = client2.get("/oversight/dashboard?year=2025")
    assert em.status_code == 200
    body = em.get_data(as_text=True)
    assert "<svg" not in body and "焚烧车间" not in body


@pytest.mark.parametrize("who", ["officer_a", "driver"])
def test_enterprise_users_are_refused_the_dashboard(client, registry, data, who):
    login(client, who)
    assert client.get("/oversight/dashboard").status_code == 403


def test_summary_page_and_exports(client, registry, data):
    login(client, "regulator_eco")
    page = client.get("/oversight/summaries/2025").get_data(as_text=True)
    assert "360.000" in page and "130.000" in page
    resp = client.get("/oversight/summaries/2025/export?format=csv&section=methods", buffered=True)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "summary-2025-methods" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert tuple(rows[0]) == summaries.SUMMARY_METHOD_COLUMNS and rows[1][:3] == ["HW08", "D10", "370"]
    xlsx = client.get(
        f"/oversight/summaries/2025/export?format=xlsx&enterprise={registry.ent_b.id}", buffered=True
    )
    assert xlsx.mimetype == sheets.XLSX_TYPE
    book = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True)
    assert list(book["2025年按类别"].iter_rows(values_only=True))[1] == ("HW08", 0, 0, 299, 299, 70)
    assert client.get("/oversight/summaries/2025/export?format=pdf").status_code == 400


def test_enterprise_officer_gets_own_summary_only(client, registry, data):
    login(client, "officer_a")
    own = client.get("/oversight/summaries/2025")
    assert own.status_code == 200 and registry.ent_a.name in own.get_data(as_text=True)
    assert client.get(f"/oversight/summaries/2025?enterprise={registry.ent_b.id}").status_code == 404
    em_client = client.application.test_client()
    login(em_client, "regulator_em")
    assert em_client.get("/oversight/summaries/2025").status_code == 403


def test_indicators_page_shows_formulas(client, registry, data):
    login(client, "regulator_eco")
    page = client.get("/oversight/indicators?year=2025").get_data(as_text=True)
    assert "A / G × 100 %" in page and "76.92 %" in page
    assert "min(2, 1 × N)" in page and "1 / 2" in page
    officer = client.application.test_client()
    login(officer, "officer_a")
    assert officer.get("/oversight/indicators?year=2025").status_code == 403


def test_output_figure_form(client, session, registry, data):
    login(client, "officer_a")
    resp = post(
        client,
        "/oversight/output-figures",
        {"enterprise_id": registry.ent_a.id, "year": "2025", "value_wan_yuan": "1000", "note": ""},
        token_from="/oversight/output-figures",
    )
    assert resp.status_code == 302
    saved = session.exec(select(OutputFigure)).one()
    assert saved.value_yuan == 10_000_000 and saved.enterprise_id == registry.ent_a.id
    bad = post(
        client,
        "/oversight/output-figures",
        {"enterprise_id": registry.ent_a.id, "year": "2025", "value_wan_yuan": "abc"},
        token_from="/oversight/output-figures",
    )
    assert bad.status_code == 400
    other = post(
        client,
        "/oversight/output-figures",
        {"enterprise_id": registry.ent_b.id, "year": "2025", "value_wan_yuan": "5"},
        token_from="/oversight/output-figures",
    )
    assert other.status_code == 400
    session.expire_all()
    assert len(session.exec(select(OutputFigure)).all()) == 1
    eco = client.application.test_client()
    login(eco, "regulator_eco")
    page = eco.get("/oversight/indicators?year=2025").get_data(as_text=True)
    assert "0.000390 t/万元" in page


def test_pages_speak_chinese_by_default_and_english_on_request(client, registry, data):
    login(client, "admin")
    zh = client.get("/oversight/indicators?year=2025").get_data(as_text=True)
    assert "危险废物集中处置率" in zh and "绿色化工园区评价第 9 项" in zh
    assert "年末贮存量" in client.get("/oversight/summaries/2025").get_data(as_text=True)
    post(client, "/lang", {"locale": "en"}, token_from="/oversight/dashboard")
    en = client.get("/oversight/dashboard?year=2025").get_data(as_text=True)
    assert "Receiving capacity use" in en and "Manifests by status" in en


def test_province_page_compares_the_parks_in_chinese_and_english(client, registry, data):
    login(client, "regulator_eco")
    page = client.get("/oversight/province?year=2025").get_data(as_text=True)
    assert "园区对比" in page and registry.park.name in page and "<svg" in page
    # The park's HW08 generation of 2025 (360 kg) and treatment (299 kg), in tonnes.
    assert "0.360" in page and "0.299" in page and "天内到期的许可证" in page
    post(client, "/lang", {"locale": "en"}, token_from="/oversight/province")
    english = client.get("/oversight/province?year=2025").get_data(as_text=True)
    assert "Parks compared" in english and "Follow-ups and capacity" in english


@pytest.mark.parametrize("who", ["officer_a", "driver"])
def test_enterprise_users_are_refused_the_province_page(client, registry, data, who):
    login(client, who)
    assert client.get("/oversight/province").status_code == 403
