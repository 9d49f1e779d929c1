"""Each role sees only what it may: the pages ask the services with the logged-in actor."""

import pytest

from hazchem.services import registry as reg
from tests.web.conftest import login


def text(client, path):
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def test_officer_sees_own_enterprise_only(client, registry):
    login(client, "officer_a")
    status, page = text(client, f"/enterprises/{registry.ent_a.id}")
    assert status == 200
    assert "甲化工有限公司" in page
    assert "危废贮存库" in page  # its facility
    assert "200 吨（贮存）" in page  # capacity with its unit
    assert "(浙)WH安使证字[2024]000001" in page  # its licence
    assert client.get(f"/enterprises/{registry.ent_b.id}").status_code == 404
    assert client.get(f"/licences/{registry.hw_licence.licence.id}").status_code == 404
    assert client.get(f"/facilities/{registry.facility_b.id}").status_code == 404
    _, listing = text(client, "/licences")
    assert "浙危废经第3306000001号" not in listing
    _, facilities = text(client, "/facilities")
    assert "危废贮存库" in facilities and "焚烧车间" not in facilities


def test_regulators_see_the_licence_types_of_their_department(client, registry):
    hw = registry.hw_licence.licence.id
    login(client, "regulator_em")
    refused = client.get(f"/licences/{hw}")
    assert refused.status_code == 403
    assert "贵部门不负责监管危险废物经营许可证" in refused.get_data(as_text=True)
    assert "浙危废经第3306000001号" not in text(client, "/licences")[1]
    assert client.get(f"/licences/{registry.use_licence.licence.id}").status_code == 200
    other = client.application.test_client()
    login(other, "regulator_eco")
    status, page = text(other, f"/licences/{hw}")
    assert status == 200
    assert "浙危废经第3306000001号" in page
    assert "HW08" in page and "30,000 t/a" in page and "D10" in page
    assert "贮存" in page and "处置" in page  # modes, labelled


def test_driver_sees_only_its_carriers_vehicles(client, registry, session):
    from datetime import date

    from hazchem.domain.identifiers import uscc_check_char

    other_carrier = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="91330604000000003" + uscc_check_char("91330604000000003"),
        name="丁物流有限公司",
        region_code="330604",
        roles=["carrier"],
    )
    reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=other_carrier.id,
        plate="浙D54321",
        certificate_no="浙交运管许可绍字330600000002号",
        dg_classes=["3"],
        valid_to=date(2028, 6, 30),
    )
    login(client, "driver")
    status, page = text(client, "/vehicles")
    assert status == 200
    assert "浙D12345" in page and "浙D54321" not in page
    assert "王师傅" in text(client, "/drivers")[1]
    assert client.get(f"/enterprises/{registry.ent_c.id}").status_code == 200
    assert client.get(f"/enterprises/{other_carrier.id}").status_code == 404
    admin = client.application.test_client()
    login(admin, "admin")
    page = text(admin, "/vehicles")[1]
    assert "浙D12345" in page and "浙D54321" in page


def test_admin_sees_everything(client, registry):
    login(client, "admin")
    page = text(client, "/enterprises")[1]
    for name in ("甲化工有限公司", "乙环保科技有限公司", "丙危险品运输有限公司"):
        assert name in page
    listing = text(client, "/licences")[1]
    assert "浙危废经第3306000001号" in listing and "(浙)WH安使证字[2024]000001" in listing
    for path in (
        f"/enterprises/{registry.ent_b.id}",
        f"/enterprises/{registry.ent_c.id}",
        f"/licences/{registry.hw_licence.licence.id}",
        f"/facilities/{registry.facility_b.id}",
        "/facilities",
        "/drivers",
        "/departments",
        "/responsibilities",
    ):
        assert client.get(path).status_code == 200, path
    carrier = text(client, f"/enterprises/{registry.ent_c.id}")[1]
    assert "浙D12345" in carrier and "王师傅" in carrier
    incinerator = text(client, f"/facilities/{registry.facility_b.id}")[1]
    assert "30,000 t/a" in incinerator and "3,000 t" in incinerator


@pytest.mark.parametrize("username", ["admin", "regulator_eco", "officer_a", "driver", "operator_b"])
def test_dashboard_for_every_role(client, registry, username):
    login(client, username)
    status, page = text(client, "/")
    assert status == 200
    assert "我的身份" in page


def test_dashboard_counts_what_the_role_sees(client, registry):
    login(client, "officer_a")
    page = text(client, "/")[1]
    assert "<strong>1</strong> 许可证" in page and "<strong>1</strong> 设施" in page
    admin = client.application.test_client()
    login(admin, "admin")
    page = text(admin, "/")[1]
    assert "<strong>3</strong> 企业" in page and "<strong>2</strong> 许可证" in page


def test_dashboard_lists_licences_expiring_soon(client, registry, session):
    from datetime import date, timedelta


    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=registry.ent_a.id,
        licence_type_id=registry.types["hc_safe_use"].id,
        number="(浙)WH安使证字[2024]000099",
        valid_from=date.today() - timedelta(days=300),
        valid_to=date.today() + timedelta(days=20),
        issuer_department_id=registry.departments["emergency_management"].id,
        lines=[reg.ScopeLineInput(kind="chemical", chemical_id=registry.chemical.id, max_quantity_kg=1000)],
    )
    login(client, "officer_a")
    page = text(client, "/")[1]
    assert "(浙)WH安使证字[2024]000099" in page
    assert "即将到期" in page
    other = client.application.test_client()
    login(other, "officer_b")
    assert "(浙)WH安使证字[2024]000099" not in text(other, "/")[1]


def test_bad_ids_and_filters_never_fail_a_page(client, registry):
    login(client, "admin")
    assert client.get("/enterprises/999999").status_code == 404
    assert client.get("/licences/abc").status_code == 404
    assert client.get("/licences?type=x&status=nonsense").status_code == 200
    assert client.get("/facilities?kind=rocket").status_code == 200
    assert client.get("/enterprises?role=pirate&q=%25").status_code == 200
    assert client.get("/catalogue?category=HW999").status_code == 200
