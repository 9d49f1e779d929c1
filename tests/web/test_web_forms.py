"""Forms: registering enterprises, the responsibility matrix, licence status changes, new licences."""

from datetime import date

from sqlmodel import func, select

from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import Enterprise, Licence, LicenceScopeLine, Responsibility
from hazchem.services import registry as reg
from tests.web.conftest import login, page_token

BODY = "91330604000000077"
GOOD_USCC = BODY + uscc_check_char(BODY)
BAD_USCC = BODY + ("0" if uscc_check_char(BODY) != "0" else "1")


def fresh(session):
    """End the test session's read snapshot and forget loaded rows, to see what the pages wrote."""
    session.rollback()
    session.expire_all()


def count(session, model, *where):
    fresh(session)
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def enterprise_form(client, uscc):
    return {
        "csrf_token": page_token(client, "/enterprises/new"),
        "uscc": uscc,
        "name": "戊新材料有限公司",
        "region_code": "330604",
        "roles": ["waste_generator", "chemical_user"],
        "contact_name": "李工",
        "contact_phone": "0575-88888888",
        "grade": "B",
    }


def test_admin_registers_an_enterprise(client, registry, session):
    login(client, "admin")
    response = client.post("/enterprises/new", data=enterprise_form(client, GOOD_USCC))
    assert response.status_code == 302
    created = session.exec(select(Enterprise).where(Enterprise.uscc == GOOD_USCC)).one()
    assert created.roles == ["waste_generator", "chemical_user"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "戊新材料有限公司" in page and "企业已登记" in page


def test_bad_uscc_re_renders_the_form_with_the_error_and_creates_nothing(client, registry, session):
    login(client, "admin")
    before = count(session, Enterprise)
    response = client.post("/enterprises/new", data=enterprise_form(client, BAD_USCC))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "统一社会信用代码校验码为" in page
    assert f'value="{BAD_USCC}"' in page and 'value="戊新材料有限公司"' in page  # the input is kept
    assert 'value="chemical_user" checked' in page
    assert count(session, Enterprise) == before


def test_duplicate_uscc_is_a_409_with_the_message(client, registry, session):
    login(client, "admin")
    response = client.post("/enterprises/new", data=enterprise_form(client, registry.ent_a.uscc))
    assert response.status_code == 409
    assert f"统一社会信用代码为 {registry.ent_a.uscc} 的企业已登记" in response.get_data(as_text=True)


def test_only_admins_get_the_new_enterprise_form(client, registry):
    login(client, "regulator_eco")
    assert client.get("/enterprises/new").status_code == 403
    token = page_token(client, "/")
    response = client.post("/enterprises/new", data={"csrf_token": token, "uscc": GOOD_USCC})
    assert response.status_code == 403


def test_officer_edits_own_contact_but_not_another_enterprises(client, registry, session):
    login(client, "officer_a")
    page = client.get(f"/enterprises/{registry.ent_a.id}").get_data(as_text=True)
    assert "修改联系方式" in page
    token = page_token(client, f"/enterprises/{registry.ent_a.id}")
    response = client.post(
        f"/enterprises/{registry.ent_a.id}/contact",
        data={
            "csrf_token": token,
            "contact_name": "张工",
            "contact_phone": "13800000000",
            "address": "纬三路1号",
        },
    )
    assert response.status_code == 302
    fresh(session)
    assert session.get(Enterprise, registry.ent_a.id).contact_name == "张工"
    response = client.post(
        f"/enterprises/{registry.ent_b.id}/contact",
        data={"csrf_token": token, "contact_name": "冒名", "contact_phone": "1", "address": ""},
    )
    assert response.status_code in (403, 404)
    fresh(session)
    assert session.get(Enterprise, registry.ent_b.id).contact_name == ""


def matrix_cell(session, department_id, licence_type_id):
    fresh(session)
    return set(
        session.exec(
            select(Responsibility.duty).where(
                Responsibility.department_id == department_id,
                Responsibility.licence_type_id == licence_type_id,
            )
        )
    )


def test_admin_toggles_a_matrix_cell_and_others_get_403(client, registry, session):
    department = registry.departments["transport"].id
    licence_type = registry.types["hw_operating"].id
    assert matrix_cell(session, department, licence_type) == set()
    login(client, "admin")
    page = client.get("/responsibilities").get_data(as_text=True)
    assert f'id="cell-{department}-{licence_type}"' in page
    token = page_token(client, "/responsibilities")
    cell = {"csrf_token": token, "department_id": department, "licence_type_id": licence_type}
    response = client.post("/responsibilities", data={**cell, "duty": ["supervises"]})
    assert response.status_code == 302
    assert matrix_cell(session, department, licence_type) == {"supervises"}
    client.post("/responsibilities", data={**cell, "duty": ["issues"]})
    assert matrix_cell(session, department, licence_type) == {"issues"}
    client.post("/responsibilities", data=cell)
    assert matrix_cell(session, department, licence_type) == set()

    other = client.application.test_client()
    login(other, "regulator_eco")
    page = other.get("/responsibilities").get_data(as_text=True)
    assert 'name="duty"' not in page  # read-only marks, no form
    token = page_token(other, "/responsibilities")
    response = other.post(
        "/responsibilities",
        data={
            "csrf_token": token,
            "department_id": department,
            "licence_type_id": licence_type,
            "duty": "issues",
        },
    )
    assert response.status_code == 403
    assert matrix_cell(session, department, licence_type) == set()


def status_form(client, licence_id, status, reason="整改期间暂扣"):
    token = page_token(client, f"/licences/{licence_id}")
    return client.post(
        f"/licences/{licence_id}/status", data={"csrf_token": token, "status": status, "reason": reason}
    )


def test_issuing_regulator_suspends_and_reinstates_a_licence(client, registry, session):
    hw = registry.hw_licence.licence.id
    login(client, "regulator_eco")
    page = client.get(f"/licences/{hw}").get_data(as_text=True)
    assert 'value="suspended"' in page and 'value="revoked"' in page
    response = status_form(client, hw, "suspended")
    assert response.status_code == 302
    fresh(session)
    assert session.get(Licence, hw).status == "suspended"
    assert "暂扣" in client.get(f"/licences/{hw}").get_data(as_text=True)
    assert status_form(client, hw, "valid", "整改完成").status_code == 302
    fresh(session)
    assert session.get(Licence, hw).status == "valid"


def test_status_change_refusals(client, registry, session):
    hw = registry.hw_licence.licence.id
    login(client, "regulator_eco")
    missing_reason = status_form(client, hw, "suspended", reason="")
    assert missing_reason.status_code == 400
    assert "须填写原因" in missing_reason.get_data(as_text=True)
    assert status_form(client, hw, "revoked").status_code == 302
    impossible = status_form(client, hw, "valid")
    assert impossible.status_code == 409
    assert "许可证不能从“吊销”变为“有效”" in impossible.get_data(as_text=True)

    use = registry.use_licence.licence.id
    officer = client.application.test_client()
    login(officer, "officer_a")
    assert 'name="reason"' not in officer.get(f"/licences/{use}").get_data(as_text=True)
    assert status_form(officer, use, "suspended").status_code == 403
    supervisor = client.application.test_client()
    login(supervisor, "regulator_em")
    assert status_form(supervisor, hw, "suspended").status_code == 403
    fresh(session)
    assert session.get(Licence, use).status == "valid"


def test_admin_records_a_waste_licence_with_scope_lines(client, registry, session):
    hw_type = registry.types["hw_operating"].id
    login(client, "admin")
    assert client.get("/licences/new").status_code == 200
    page = client.get(f"/licences/new?type={hw_type}").get_data(as_text=True)
    assert 'name="line-2-annual_scale"' in page
    token = page_token(client, f"/licences/new?type={hw_type}")
    form = {
        "csrf_token": token,
        "enterprise_id": registry.ent_b.id,
        "number": "浙危废经第3306000002号",
        "issuer_department_id": registry.departments["ecology_environment"].id,
        "valid_from": "2025-01-01",
        "line-0-waste_code": "900-249-08",
        "line-0-modes": ["collect", "store"],
        "line-0-method_codes": "D10",
        "line-0-annual_scale": "1,500",
        "line-1-waste_category": "hw34",
        "line-1-modes": ["dispose"],
        "line-1-annual_scale": "abc",
    }
    refused = client.post(f"/licences/new?type={hw_type}", data=form)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "不是以吨计的数值" in page and 'value="浙危废经第3306000002号"' in page
    assert count(session, Licence) == 2
    form["line-1-annual_scale"] = "800"
    response = client.post(f"/licences/new?type={hw_type}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    fresh(session)
    licence = session.exec(select(Licence).where(Licence.number == "浙危废经第3306000002号")).one()
    assert licence.valid_to == date(2029, 12, 31)
    lines = session.exec(select(LicenceScopeLine).where(LicenceScopeLine.licence_id == licence.id)).all()
    assert sorted(line.annual_scale_kg for line in lines) == [800_000, 1_500_000]


def test_regulator_records_chemical_licence_by_cas_and_others_may_not(client, registry, session):
    use_type = registry.types["hc_safe_use"].id
    login(client, "regulator_em")
    token = page_token(client, f"/licences/new?type={use_type}")
    response = client.post(
        f"/licences/new?type={use_type}",
        data={
            "csrf_token": token,
            "enterprise_id": registry.ent_a.id,
            "number": "(浙)WH安使证字[2025]000002",
            "valid_from": "2025-03-01",
            "line-0-chemical": "7664-41-7",
            "line-0-max_quantity": "20",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    fresh(session)
    line = session.exec(
        select(LicenceScopeLine).join(Licence).where(Licence.number == "(浙)WH安使证字[2025]000002")
    ).one()
    assert (line.chemical_id, line.max_quantity_kg) == (registry.chemical.id, 20_000)
    # Emergency management does not issue hazardous-waste licences; an officer records none.
    assert client.get(f"/licences/new?type={registry.types['hw_operating'].id}").status_code == 200
    assert "危险废物经营许可证" not in client.get("/licences/new").get_data(as_text=True).split("<select")[1]
    officer = client.application.test_client()
    login(officer, "officer_a")
    assert officer.get("/licences/new").status_code == 403


def test_service_refusal_on_a_form_never_leaves_a_half_write(client, registry, session):
    login(client, "admin")
    before = count(session, Licence)
    hw_type = registry.types["hw_operating"].id
    token = page_token(client, f"/licences/new?type={hw_type}")
    response = client.post(
        f"/licences/new?type={hw_type}",
        data={
            "csrf_token": token,
            "enterprise_id": registry.ent_b.id,
            "number": "X-1",
            "valid_from": "not-a-date",
        },
    )
    assert response.status_code == 400
    assert count(session, Licence) == before
    assert reg.list_licences(session=session, actor=registry.users["admin"])  # database still usable
