"""Web: the deadline page lists items with rule, due date and party; filings are recorded by form."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from hazchem.models import ComplianceFiling
from tests.api.test_api_deadlines import overdue_receipt
from tests.services.conftest import chain  # noqa: F401
from tests.web.conftest import csrf_token, login


def test_regulator_sees_items_with_rule_due_date_and_party(client, session, registry, chain):  # noqa: F811
    manifest = overdue_receipt(session, registry, chain)
    login(client, "regulator_eco")
    page = client.get("/oversight/deadlines")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and manifest.number in html
    assert "接受人确认接收" in html and "乙环保科技有限公司" in html and "已逾期" in html
    other = client.get("/oversight/deadlines?rule=storage.one_year").get_data(as_text=True)
    assert manifest.number not in other
    assert client.get("/oversight/deadlines?rule=tax").status_code == 400


def test_other_departments_and_drivers(client, session, registry, chain):  # noqa: F811
    manifest = overdue_receipt(session, registry, chain)
    login(client, "regulator_em")
    html = client.get("/oversight/deadlines").get_data(as_text=True)
    assert manifest.number not in html and "记录申报" not in html  # emergency management records no filings
    client.post("/logout", data={"csrf_token": csrf_token(html)})
    login(client, "driver")
    assert client.get("/oversight/deadlines").status_code == 403


def test_filing_form(client, session, registry):
    login(client, "officer_a")
    html = client.get("/oversight/deadlines").get_data(as_text=True)
    token = csrf_token(html)
    data = {"csrf_token": token, "enterprise_id": registry.ent_a.id, "kind": "declaration", "year": ""}
    refused = client.post("/oversight/filings", data=data)
    assert refused.status_code == 400
    done = client.post("/oversight/filings", data={**data, "year": str(date.today().year)})
    assert done.status_code == 302
    session.rollback()
    assert session.exec(select(ComplianceFiling)).one().kind == "declaration"
    forbidden = client.post(
        "/oversight/filings", data={**data, "enterprise_id": registry.ent_b.id, "year": "2026"}
    )
    assert forbidden.status_code == 403


def test_rules_are_said_in_the_readers_language_and_bases_keep_their_own(client, session, registry):
    login(client, "regulator_eco")
    chinese = client.get("/oversight/deadlines").get_data(as_text=True)
    assert "运抵后 5 个工作日内。" in chinese and "5 working days after the arrival" not in chinese
    assert "<dt>上一年度危险废物申报" in chinese and 'lang="zh-CN">《' not in chinese
    english = client.get("/oversight/deadlines?lang=en").get_data(as_text=True)
    assert (
        "5 working days after the arrival." in english and "<dt>Annual declaration of the previous" in english
    )
    # The legal basis cites Chinese regulations in Chinese: marked as such on the English page.
    assert '<span lang="zh-CN">《危险废物转移管理办法》' in english
