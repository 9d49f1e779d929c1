"""Catalogue search and entry pages, with what each role may see of the licences behind them."""

from sqlmodel import select

from hazchem.models import WasteCode
from hazchem.services import registry as reg
from tests.web.conftest import login


def search(client, q):
    response = client.get("/catalogue", query_string={"q": q})
    assert response.status_code == 200, q
    return response.get_data(as_text=True)


def test_search_finds_ammonia_by_name_alias_and_cas(client, registry):
    login(client, "officer_b")
    link = f"/catalogue/chemicals/{registry.chemical.id}"
    for q in ("氨", "液氨", "7664-41-7"):
        assert link in search(client, q), q
    assert link not in search(client, "硫酸")


def test_chemical_page_lists_what_refers_to_it(client, registry, session):
    reg.add_facility_chemical(
        session=session,
        actor=None,
        facility_id=registry.facility_a.id,
        chemical_id=registry.chemical.id,
        max_quantity_kg=10_000,
    )
    login(client, "admin")
    page = client.get(f"/catalogue/chemicals/{registry.chemical.id}").get_data(as_text=True)
    assert "氨" in page and "液氨" in page and "7664-41-7" in page
    assert "甲化工有限公司" in page  # holder of the licence naming it
    assert "(浙)WH安使证字[2024]000001" in page
    assert "危废贮存库" in page  # facility holding it
    facility = client.get(f"/facilities/{registry.facility_a.id}").get_data(as_text=True)
    assert f"/catalogue/chemicals/{registry.chemical.id}" in facility and "10 t" in facility
    # Another enterprise's officer sees the entry but not who else holds it.
    other = client.application.test_client()
    login(other, "officer_b")
    page = other.get(f"/catalogue/chemicals/{registry.chemical.id}").get_data(as_text=True)
    assert "氨" in page and "甲化工有限公司" not in page


def test_waste_code_search_and_page(client, registry, session):
    code = session.exec(select(WasteCode).where(WasteCode.code == "900-249-08")).one()
    login(client, "regulator_eco")
    page = search(client, "900-249")
    assert f"/catalogue/waste-codes/{code.id}" in page
    detail = client.get(f"/catalogue/waste-codes/{code.id}").get_data(as_text=True)
    assert "HW08" in detail and "废矿物油与含矿物油废物" in detail
    assert "毒性（T）" in detail and "非特定行业" in detail
    assert "乙环保科技有限公司" in detail  # its licence covers the whole category HW08
    by_category = client.get("/catalogue?category=HW08").get_data(as_text=True)
    assert "900-249-08" in by_category
    assert "HW34" in client.get("/catalogue").get_data(as_text=True)  # categories to browse


def test_catalogue_flags_show_as_badges(client, registry, session):
    chem = registry.chemical
    chem.highly_toxic = True
    chem.key_supervised = True
    session.add(chem)
    session.commit()
    login(client, "officer_a")
    page = search(client, "氨")
    assert "剧毒" in page and "重点监管" in page
    assert client.get("/catalogue/chemicals/999999").status_code == 404
    assert client.get("/catalogue?q=%7C").status_code in (200, 400)
