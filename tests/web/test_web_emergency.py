"""Web: the emergency plan and resource pages, their forms (CSRF, refusals shown in the reader's
language), the PDF upload, and who sees which pages and forms."""

from __future__ import annotations

import io
from datetime import timedelta

from hazchem.services import emergency
from hazchem.services.platform import clock
from tests.web.conftest import login, page_token

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_emergency_management_starts_fills_and_puts_a_park_plan_in_force(client, registry):
    login(client, "regulator_em")
    page = client.get("/emergency/plans")
    assert page.status_code == 200 and "开始编制预案" in page.get_data(as_text=True)
    token = page_token(client, "/emergency/plans")
    created = client.post(
        "/emergency/plans",
        data={
            "csrf_token": token,
            "enterprise_id": "",
            "kind": "chemical_accident",
            "title": "园区危化品事故预案",
            "grade_I": "特别重大事故",
            "grade_IV": "一般事故",
        },
    )
    assert created.status_code == 302
    url = created.headers["Location"]
    plan_id = int(url.rstrip("/").rsplit("/", 1)[1])
    token = page_token(client, url)
    added = client.post(
        f"/emergency/plans/{plan_id}/contacts",
        data={"csrf_token": token, "unit": "office", "name": "李应急", "phone": "0570-0000009"},
    )
    assert added.status_code == 302
    with _open(client) as s:
        contact = emergency.plan_contacts(session=s, actor=None, plan_id=plan_id)[0]
    rule = client.post(
        f"/emergency/plans/{plan_id}/rules",
        data={
            "csrf_token": token,
            "grade": "I",
            "notifier": "企业",
            "notified_contact_id": str(contact.id),
            "within_minutes": "0",
        },
    )
    assert rule.status_code == 302
    upload = client.post(
        f"/emergency/plans/{plan_id}/file",
        data={"csrf_token": token, "file": (io.BytesIO(PDF), "预案.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert client.get(f"/emergency/plans/{plan_id}/file.pdf").data == PDF
    not_pdf = client.post(
        f"/emergency/plans/{plan_id}/file",
        data={"csrf_token": token, "file": (io.BytesIO(b"GIF89a"), "x.gif")},
        content_type="multipart/form-data",
    )
    assert not_pdf.status_code == 400 and "不是 PDF 文档" in not_pdf.get_data(as_text=True)
    in_force = client.post(f"/emergency/plans/{plan_id}/in-force", data={"csrf_token": token})
    assert in_force.status_code == 302
    shown = client.get(url).get_data(as_text=True)
    assert "施行" in shown and "李应急" in shown and "立即" in shown


def _open(client):
    from sqlmodel import Session

    return Session(client.application.extensions["hazchem.engine"])


def as_user(client, username):
    """A fresh client of the same app, logged in as `username`."""
    other = client.application.test_client()
    login(other, username)
    return other


def test_refusals_re_render_the_form_with_the_reason(client, registry):
    login(client, "regulator_em")
    token = page_token(client, "/emergency/plans")
    refused = client.post(
        "/emergency/plans",
        data={"csrf_token": token, "kind": "chemical_accident", "title": "", "enterprise_id": ""},
    )
    assert refused.status_code == 400 and "须填写" in refused.get_data(as_text=True)
    no_csrf = client.post("/emergency/plans", data={"kind": "chemical_accident", "title": "x"})
    assert no_csrf.status_code == 400


def test_who_sees_the_pages_and_the_forms(client, session, registry):
    plan = emergency.create_plan(
        session=session,
        actor=registry.users["officer_a"],
        kind="chemical_accident",
        title="甲公司预案",
        enterprise_id=registry.ent_a.id,
    )
    officer_b = as_user(client, "officer_b")
    assert officer_b.get(f"/emergency/plans/{plan.id}").status_code == 404
    assert "开始编制预案" in officer_b.get("/emergency/plans").get_data(
        as_text=True
    )  # for its own enterprise
    page = as_user(client, "regulator_em").get(f"/emergency/plans/{plan.id}").get_data(as_text=True)
    assert "甲公司预案" in page and "发布施行" not in page  # reads, does not keep it
    assert "发布施行" in as_user(client, "officer_a").get(f"/emergency/plans/{plan.id}").get_data(
        as_text=True
    )
    driver = as_user(client, "driver")
    assert driver.get("/emergency/plans").status_code == 403
    assert driver.get("/emergency/resources").status_code == 403
    assert "/emergency/plans" not in driver.get("/").get_data(as_text=True)


def test_resources_are_registered_listed_and_inspected(client, registry):
    officer_a = as_user(client, "officer_a")
    login(client, "regulator_em")
    today = clock.today()
    token = page_token(client, "/emergency/resources/new")
    created = client.post(
        "/emergency/resources",
        data={
            "csrf_token": token,
            "owner_enterprise_id": "",
            "kind": "accident_pool",
            "name": "1号事故应急池",
            "capacity_m3": "5000",
            "latitude": "30.0",
            "longitude": "120.0",
            "next_inspection_due": (today - timedelta(days=2)).isoformat(),
        },
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    url = created.headers["Location"]
    listing = client.get("/emergency/resources?kind=accident_pool").get_data(as_text=True)
    assert "1号事故应急池" in listing and "检查逾期" in listing
    token = page_token(client, url)
    inspected = client.post(
        f"{url}/inspections",
        data={
            "csrf_token": token,
            "inspected_on": today.isoformat(),
            "next_inspection_due": (today + timedelta(days=90)).isoformat(),
            "quantity": "1",
        },
    )
    assert inspected.status_code == 302
    assert "检查逾期" not in client.get("/emergency/resources").get_data(as_text=True)
    bad = client.post(
        "/emergency/resources",
        data={"csrf_token": token, "owner_enterprise_id": "", "kind": "accident_pool", "name": "2号池"},
    )
    assert bad.status_code == 400 and "容积" in bad.get_data(as_text=True)
    refused = officer_a.post(
        "/emergency/resources",
        data={
            "csrf_token": page_token(officer_a, "/emergency/resources"),
            "owner_enterprise_id": "",
            "kind": "store",
            "name": "冒名物资库",
        },
    )
    assert refused.status_code == 403
