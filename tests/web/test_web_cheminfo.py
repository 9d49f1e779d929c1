"""Pages: the public park catalogue and its revision form, the information centre, supervision grades."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from hazchem.domain.park_catalogue import LineInput
from hazchem.models import GradeOverride, ParkCatalogueRevision
from hazchem.services import registry as reg
from hazchem.services.chemicals import park_catalogue
from tests.cheminfo_support import add_chemicals
from tests.services.test_infocentre import hold
from tests.web.conftest import login, post


@pytest.fixture
def chems(session, registry):
    found = add_chemicals(session)
    em = registry.users["regulator_em"]
    park_catalogue.revise(
        session=session, actor=em, reason="首次发布", lines=[LineInput(found["chlorine"].id, "add")]
    )
    park_catalogue.revise(
        session=session,
        actor=em,
        reason="甲醇进入园区",
        lines=[LineInput(found["methanol"].id, "add", ("restricted",), max_holding_kg=20_000)],
    )
    return found


def test_park_catalogue_is_public_and_shows_past_versions(client, chems):
    page = client.get("/park-catalogue")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "甲醇" in html and "氯" in html and "甲醇进入园区" in html and "20" in html
    assert "园区危险化学品目录" in html and "第2版" in html and "限制" in html  # Chinese by default
    past = client.get("/park-catalogue?version=1").get_data(as_text=True)
    assert "67-56-1" not in past and "7782-50-5" in past
    assert "这是历史版本：当前为第2版。" in past
    assert client.get("/park-catalogue?version=9").status_code == 404


def test_park_catalogue_export_is_public(client, chems):
    resp = client.get("/park-catalogue/export?format=csv&version=1")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    text = resp.get_data().decode("utf-8-sig").strip().splitlines()
    assert len(text) == 2 and text[1].startswith("1381,氯")
    resp = client.get("/park-catalogue/export?format=xlsx")
    rows = list(load_workbook(io.BytesIO(resp.get_data())).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["甲醇", "氯"]
    assert client.get("/park-catalogue/export?format=pdf").status_code == 400


def test_emergency_management_revises_through_the_form(client, session, chems):
    login(client, "regulator_em")
    assert client.get("/park-catalogue/revise").status_code == 200
    data = {
        "chemical": "7697-37-2",
        "action": "add",
        "flags": ["controlled"],
        "max_holding_t": "5",
        "reason": "硝酸进入",
    }
    resp = post(client, "/park-catalogue/revise", data, token_from="/park-catalogue/revise")
    assert resp.status_code == 302
    latest = park_catalogue.version(session=session)
    assert (
        latest.number == 3
        and {e.chemical.name: e.state.max_holding_kg for e in latest.entries}["硝酸"] == 5_000
    )
    refused = post(
        client, "/park-catalogue/revise", {**data, "reason": ""}, token_from="/park-catalogue/revise"
    )
    assert refused.status_code == 400 and "7697-37-2" in refused.get_data(as_text=True)
    unknown = post(
        client, "/park-catalogue/revise", {**data, "chemical": "50-00-0"}, token_from="/park-catalogue/revise"
    )
    assert unknown.status_code == 400
    absent = post(
        client,
        "/park-catalogue/revise",
        {"chemical": "7664-41-7", "action": "remove", "reason": "移出"},
        token_from="/park-catalogue/revise",
    )
    assert absent.status_code == 422
    session.rollback()
    assert len(session.exec(select(ParkCatalogueRevision)).all()) == 3


def test_other_departments_cannot_revise(client, session, chems):
    login(client, "regulator_eco")
    assert client.get("/park-catalogue/revise").status_code == 403
    resp = post(
        client, "/park-catalogue/revise", {"chemical": "7697-37-2", "action": "add", "reason": "越权"}
    )
    assert resp.status_code == 403
    html = client.get("/park-catalogue").get_data(as_text=True)
    assert "/park-catalogue/revise" not in html
    session.rollback()
    assert len(session.exec(select(ParkCatalogueRevision)).all()) == 2


@pytest.fixture
def held(session, registry, chems):
    store = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        name="甲化学品库",
        kind="chemical_warehouse",
        storage_capacity_kg=100_000,
    )
    hold(session, store, chems["chlorine"], 2_000, "液氯钢瓶区")
    return chems


def test_information_centre_needs_login_and_scopes_holdings(client, registry, held):
    assert client.get("/chemicals-centre").status_code == 302
    login(client, "regulator_em")
    html = client.get("/chemicals-centre").get_data(as_text=True)
    assert "液氯钢瓶区" in html and "甲化工有限公司" in html
    csv = client.get("/chemicals-centre/export?format=csv").get_data().decode("utf-8-sig")
    assert "液氯钢瓶区,2000" in csv
    client.post("/logout", data={"csrf_token": ""})
    other = client.application.test_client()
    login(other, "officer_b")
    html = other.get("/chemicals-centre").get_data(as_text=True)
    assert "氯" in html and "液氯钢瓶区" not in html


def test_safety_notes_form(client, session, registry, held):
    cl = held["chlorine"].id
    login(client, "regulator_em")
    path = f"/chemicals-centre/{cl}"
    ok = post(
        client,
        f"{path}/notes",
        {"protection": "正压式空气呼吸器", "emergency": "疏散", "source": "供应商SDS"},
        token_from=path,
    )
    assert ok.status_code == 302
    assert "供应商SDS" in client.get(path).get_data(as_text=True)
    refused = post(
        client, f"{path}/notes", {"protection": "x", "emergency": "", "source": ""}, token_from=path
    )
    assert refused.status_code == 400
    eco = client.application.test_client()
    login(eco, "regulator_eco")
    page = eco.get(path).get_data(as_text=True)
    assert "正压式空气呼吸器" in page and 'name="source"' not in page
    assert post(eco, f"{path}/notes", {"protection": "y", "source": "z"}).status_code == 403


def test_grades_page_and_overrides(client, session, registry):
    login(client, "admin")
    html = client.get("/supervision-grades").get_data(as_text=True)
    assert "甲化工有限公司" in html and "乙环保科技有限公司" in html
    path = f"/supervision-grades/{registry.ent_a.id}"
    resp = post(client, f"{path}/override", {"grade": "A", "note": "园区重点关注"}, token_from=path)
    assert resp.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "园区重点关注" in page and "admin" in page
    assert post(client, f"{path}/override", {"grade": "A", "note": ""}, token_from=path).status_code == 400
    em = client.application.test_client()
    login(em, "regulator_em")
    assert 'name="note"' not in em.get(path).get_data(as_text=True)
    assert post(em, f"{path}/override", {"grade": "C", "note": "越权"}).status_code == 403
    officer = client.application.test_client()
    login(officer, "officer_a")
    assert officer.get(path).status_code == 200
    assert officer.get(f"/supervision-grades/{registry.ent_b.id}").status_code == 404
    assert "乙环保科技有限公司" not in officer.get("/supervision-grades").get_data(as_text=True)
    session.rollback()
    assert [o.grade for o in session.exec(select(GradeOverride))] == ["A"]
