"""Custody pages: streams, generate and label, the container page and scan box, storage."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from hazchem.models import Container, IdempotencyRecord, WasteStream
from hazchem.services import waste
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import csrf_token, login, post

IDEM_RE = re.compile(r'name="idem" value="([^"]+)"')


@pytest.fixture
def web_chain(request):
    """The service tests' custody chain (streams, carrier licence, stores) for these pages."""
    return request.getfixturevalue("chain")


def container_status(session, container_id: int) -> str:
    """The container's status as committed now (a fresh read, not the session's cached row)."""
    session.rollback()
    return session.exec(select(Container.status).where(Container.id == container_id)).one()


def page(client, path):
    """GET a page: (status, text)."""
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def form_fields(html: str) -> dict[str, str]:
    """The CSRF token and idempotency key of the first action form on a page."""
    fields = {"csrf_token": csrf_token(html)}
    match = IDEM_RE.search(html)
    if match:
        fields["idem"] = match.group(1)
    return fields


def submit(client, form_page: str, action: str, data: dict | None = None):
    """POST an action form with the CSRF token and idempotency key of the page it sits on."""
    _, html = page(client, form_page)
    return client.post(action, data={**form_fields(html), **(data or {})})


# --- Who sees which page ------------------------------------------------------------------------

CUSTODY_PAGES = ["/streams", "/containers", "/storage"]


@pytest.mark.parametrize("path", [*CUSTODY_PAGES, "/containers/new"])
def test_custody_pages_need_login(client, registry, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("username", ["officer_a", "operator_b", "admin", "regulator_eco"])
@pytest.mark.parametrize("path", CUSTODY_PAGES)
def test_custody_pages_render_for_their_roles(client, registry, username, path):
    login(client, username)
    status, html = page(client, path)
    assert status == 200, html


@pytest.mark.parametrize("path", [*CUSTODY_PAGES, "/containers/new"])
def test_driver_is_refused_custody_pages(client, registry, path):
    login(client, "driver")
    assert client.get(path).status_code == 403


def test_generate_page_for_officers_not_regulators(client, registry):
    login(client, "regulator_eco")
    assert client.get("/containers/new").status_code == 403
    other = client.application.test_client()
    login(other, "officer_a")
    assert other.get("/containers/new").status_code == 200


def test_navigation_follows_the_role(client, registry):
    login(client, "officer_a")
    _, html = page(client, "/")
    for entry in ("废物档案", "产生与贴标", "贮存", "转移联单"):
        assert entry in html
    driver = client.application.test_client()
    login(driver, "driver")
    _, html = page(driver, "/")
    assert "我的待提运" in html and "产生与贴标" not in html
    operator = client.application.test_client()
    login(operator, "operator_b")
    assert "待到货" in page(operator, "/")[1]


# --- Waste streams and generation ---------------------------------------------------------------


def test_officer_registers_a_stream_and_a_bad_code_changes_nothing(client, registry, session):
    login(client, "officer_a")
    data = {"waste_code": "900-249-08", "name": "废机油", "form": "liquid", "packaging": "200L钢桶"}
    response = submit(client, "/streams", "/streams", data)
    assert response.status_code == 400
    assert "危险货物" in response.get_data(as_text=True)  # says the transport data is missing
    _, html = page(client, "/streams")
    # Segregation classes are offered by their Chinese names, one checkbox each.
    assert 'value="organic" > 有机</label>' in html and 'value="water_reactive" > 遇水反应</label>' in html
    data.update(dg_class="3", un_number="1993", packing_group="III", tags=["organic", "water_reactive"])
    response = submit(client, "/streams", "/streams", data)
    assert response.status_code == 302
    _, html = page(client, "/streams")
    assert "废机油" in html and "900-249-08" in html and "液态" in html and "UN 1993" in html
    session.rollback()
    assert session.exec(select(WasteStream.tags)).one() == ["organic", "water_reactive"]
    response = submit(client, "/streams", "/streams", {**data, "waste_code": "999-999-99", "name": "错"})
    assert response.status_code == 400
    assert "999-999-99" in response.get_data(as_text=True)
    session.rollback()
    assert len(session.exec(select(WasteStream)).all()) == 1


def test_officer_records_a_streams_transport_data_and_a_bad_class_changes_nothing(client, registry, session):
    login(client, "officer_a")
    data = {"waste_code": "900-249-08", "name": "废机油", "form": "liquid", "dg_class": "3"}
    assert submit(client, "/streams", "/streams", data).status_code == 302
    stream_id = session.exec(select(WasteStream.id)).one()
    session.rollback()
    url = f"/streams/{stream_id}/transport"
    blank = {"dg_class": "", "un_number": "", "packing_group": "", "not_dg_reason": ""}
    response = submit(client, "/streams", url, {**blank, "dg_class": "3.3"})
    assert response.status_code == 400 and "3.3" in response.get_data(as_text=True)
    response = submit(client, "/streams", url, {**blank, "not_dg_reason": "闪点高于60 °C"})
    assert response.status_code == 302
    session.rollback()
    stream = session.get(WasteStream, stream_id)
    assert stream.dg_class is None and stream.not_dg_reason == "闪点高于60 °C"
    other = client.application.test_client()
    login(other, "officer_b")
    refused = post(other, url, {**blank, "dg_class": "9"})
    assert refused.status_code == 400 and f"未找到废物档案 {stream_id}" in refused.get_data(as_text=True)
    session.rollback()
    assert session.get(WasteStream, stream_id).dg_class is None


def test_generate_containers_print_labels_and_a_double_tap_creates_once(client, registry, session, web_chain):
    login(client, "officer_a")
    _, html = page(client, "/containers/new")
    fields = form_fields(html)
    data = {
        **fields,
        "stream_id": str(web_chain.oil.id),
        "packaging": "200L钢桶",
        "volume_l": "200",
        "net_weight_kg": "180.5",
        "gen_date": date.today().isoformat(),
        "count": "2",
    }
    first = client.post("/containers/new", data=data)
    again = client.post("/containers/new", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    session.rollback()
    made = session.exec(select(Container)).all()
    assert len(made) == 2
    status, labels = page(client, first.headers["Location"])
    assert status == 200
    assert "450 L" in labels  # the page says large containers get two labels
    for container in made:
        assert container.digital_id in labels
        assert f"/containers/{container.id}/label.png" in labels
    png = client.get(f"/containers/{made[0].id}/label.png")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:4] == b"\x89PNG"
    ids = ",".join(str(c.id) for c in made)
    for layout in ("roll", "a4"):
        pdf = client.get(f"/containers/labels.pdf?ids={ids}&layout={layout}")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data[:5] == b"%PDF-"
    assert session.exec(select(IdempotencyRecord)).first().action == "generate"


def test_generate_refusal_keeps_the_input_and_creates_nothing(client, registry, session, web_chain):
    login(client, "officer_a")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    data = {"stream_id": str(web_chain.oil.id), "packaging": "桶", "volume_l": "200", "net_weight_kg": "10"}
    data.update(gen_date=tomorrow, count="1")
    response = submit(client, "/containers/new", "/containers/new", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f"产生日期 {tomorrow} 晚于今天" in html and 'value="10"' in html
    session.rollback()
    assert session.exec(select(Container)).first() is None


def test_labels_of_another_enterprise_are_not_found(client, registry, session, web_chain):
    made = make_stored(session, web_chain, count=1)
    login(client, "officer_b")
    assert client.get(f"/containers/labels?ids={made[0].id}").status_code == 404
    assert client.get(f"/containers/{made[0].id}/label.png").status_code == 404


# --- The container page -------------------------------------------------------------------------


def test_anonymous_scan_shows_only_the_label(client, registry, session, web_chain):

    stored = make_stored(session, web_chain, count=2)
    drafted = waste.create_manifest(
        session=session,
        actor=web_chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=web_chain.plant_b.id,
        legs=[web_chain.leg],
        transfer_date=date.today(),
    )
    status, html = page(client, f"/l/{stored[0].digital_id}")
    assert status == 200
    printed_fields = (
        "废矿物油",
        "HW08",
        "900-249-08",
        "液态",
        "矿物油",
        "多环芳烃",
        "远离火源",
        "甲化工有限公司",
    )
    for printed in printed_fields:
        assert printed in html
    assert stored[0].digital_id in html and "180.5" in html
    assert drafted.number not in html  # no manifest number
    assert "危废贮存库" not in html  # no storage place
    assert "历史" not in html and "History" not in html  # no history
    assert "csrf_token" not in html.split("<main>")[1]  # no action forms
    assert client.get("/l/not-a-digital-id").status_code == 404
    assert client.get("/l/" + stored[0].digital_id[:-3] + "999").status_code == 404


def test_logged_in_party_sees_history_and_actions(client, registry, session, web_chain):
    made = waste.create_containers(
        session=session,
        actor=web_chain.officer,
        stream_id=web_chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="100",
        gen_date=date.today(),
    )
    login(client, "officer_a")
    status, html = page(client, f"/l/{made[0].digital_id}")
    assert status == 200
    assert "历史" in html and "已产生并贴标" in html
    assert "入库" in html and "危废贮存库" in html  # put-away with my store to choose
    assert "作废" in html
    # A user of another enterprise sees only the label.
    other = client.application.test_client()
    login(other, "officer_b")
    status, html = page(other, f"/l/{made[0].digital_id}")
    assert status == 200 and "历史" not in html and "废矿物油" in html
    assert client.get("/l/garbage").status_code == 404


def test_regulator_reads_the_container_page_without_actions(client, registry, session, web_chain):
    made = waste.create_containers(
        session=session,
        actor=web_chain.officer,
        stream_id=web_chain.oil.id,
        packaging="桶",
        volume_l=200,
        net_weight_kg="100",
        gen_date=date.today(),
    )[0]
    login(client, "regulator_eco")
    status, html = page(client, f"/l/{made.digital_id}")
    assert status == 200 and "历史记录" in html
    assert "/put-away" not in html and "/void" not in html


def test_container_page_in_english(client, registry, session, web_chain):
    made = make_stored(session, web_chain, count=1)[0]
    login(client, "officer_a")
    client.post("/lang", data={"csrf_token": csrf_token(page(client, "/")[1]), "locale": "en"})
    _, html = page(client, f"/l/{made.digital_id}")
    assert "History" in html and "Stored" in html and "Put away" in html
    _, html = page(client, "/storage")
    assert "Occupancy" in html and "Containers near or over the one-year limit" in html


def test_put_away_from_the_container_page_and_the_capacity_refusal(client, registry, session, web_chain):
    light, heavy = (
        waste.create_containers(
            session=session,
            actor=web_chain.officer,
            stream_id=web_chain.oil.id,
            packaging="罐",
            volume_l=1000,
            net_weight_kg=weight,
            gen_date=date.today(),
        )[0]
        for weight in ("150", "250000")
    )
    login(client, "officer_a")
    path = f"/l/{light.digital_id}"
    response = submit(client, path, path + "/put-away", {"facility_id": str(web_chain.store_a.id)})
    assert response.status_code == 302
    assert "已入库" in page(client, path)[1]
    session.rollback()
    assert waste.stock_g(session, web_chain.store_a.id) == 150_000
    path = f"/l/{heavy.digital_id}"
    response = submit(client, path, path + "/put-away", {"facility_id": str(web_chain.store_a.id)})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "超过贮存能力" in html and "storage.capacity" in html
    assert container_status(session, heavy.id) == "generated"
    assert waste.stock_g(session, web_chain.store_a.id) == 150_000


def test_put_away_double_tap_records_once(client, registry, session, web_chain):
    made = waste.create_containers(
        session=session,
        actor=web_chain.officer,
        stream_id=web_chain.oil.id,
        packaging="桶",
        volume_l=200,
        net_weight_kg="100",
        gen_date=date.today(),
    )[0]
    login(client, "officer_a")
    path = f"/l/{made.digital_id}"
    _, html = page(client, path)
    data = {**form_fields(html), "facility_id": str(web_chain.store_a.id)}
    assert client.post(path + "/put-away", data=data).status_code == 302
    second = client.post(path + "/put-away", data=data, follow_redirects=True)
    assert second.status_code == 200 and "已记录" in second.get_data(as_text=True)
    session.rollback()
    reused = client.post(path + "/put-away", data={**data, "facility_id": str(web_chain.store_b.id)})
    assert reused.status_code == 409  # the same key for a different request is refused, not replayed
    assert waste.stock_g(session, web_chain.store_a.id) == 100_000
    history = waste.container_history(session=session, container=made)
    assert [e.action for e in history].count("container.put_away") == 1


def test_void_needs_a_reason(client, registry, session, web_chain):
    made = waste.create_containers(
        session=session,
        actor=web_chain.officer,
        stream_id=web_chain.oil.id,
        packaging="桶",
        volume_l=200,
        net_weight_kg="100",
        gen_date=date.today(),
    )[0]
    login(client, "officer_a")
    path = f"/l/{made.digital_id}"
    assert submit(client, path, path + "/void", {"reason": " "}).status_code == 400
    assert container_status(session, made.id) == "generated"
    assert submit(client, path, path + "/void", {"reason": "标签打印错误"}).status_code == 302
    assert container_status(session, made.id) == "void"


def test_put_away_without_csrf_is_refused(client, registry, session, web_chain):
    made = make_stored(session, web_chain, count=1)[0]
    login(client, "officer_a")
    response = client.post(f"/l/{made.digital_id}/void", data={"reason": "x"})
    assert response.status_code == 400


# --- Scan box -----------------------------------------------------------------------------------


def test_scan_box_accepts_an_id_and_a_url_and_rejects_garbage(client, registry, session, web_chain):
    made = make_stored(session, web_chain, count=1)[0]
    bare = client.get("/scan", query_string={"code": made.digital_id.lower() + "\n"})
    assert bare.status_code == 302 and bare.headers["Location"].endswith(f"/l/{made.digital_id}")
    url = client.get("/scan", query_string={"code": f"https://hw.example.cn/l/{made.digital_id}"})
    assert url.status_code == 302 and url.headers["Location"].endswith(f"/l/{made.digital_id}")
    bad = client.get("/scan", query_string={"code": "hello world"})
    assert bad.status_code == 400
    assert "不是容器标签" in bad.get_data(as_text=True)
    assert client.get("/scan").status_code == 200


# --- Storage ------------------------------------------------------------------------------------


def test_storage_shows_occupancy_and_containers_near_the_limit(client, registry, session, web_chain):
    stored = make_stored(session, web_chain, count=2, weight="1000")
    old = session.get(Container, stored[0].id)
    old.stored_at = old.stored_at - timedelta(days=320)
    session.add(old)
    session.commit()
    login(client, "officer_a")
    status, html = page(client, "/storage")
    assert status == 200
    assert "危废贮存库" in html and "2 t / 200 t" in html and 'aria-valuenow="1.0"' in html
    assert stored[0].digital_id in html and stored[1].digital_id not in html
    assert "接近一年贮存期限" in html


def test_containers_list_filters_by_status(client, registry, session, web_chain):
    stored = make_stored(session, web_chain, count=1)[0]
    fresh = waste.create_containers(
        session=session,
        actor=web_chain.officer,
        stream_id=web_chain.oil.id,
        packaging="桶",
        volume_l=200,
        net_weight_kg="5",
        gen_date=date.today(),
    )[0]
    login(client, "officer_a")
    _, html = page(client, "/containers?status=stored")
    assert stored.digital_id in html and fresh.digital_id not in html
    _, html = page(client, "/containers")
    assert stored.digital_id in html and fresh.digital_id in html
    other = client.application.test_client()
    login(other, "officer_b")
    assert stored.digital_id not in page(other, "/containers")[1]
