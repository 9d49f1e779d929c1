"""Acceptance: an EHS officer records a receipt and a discard in Chromium; emergency management sees
the facility become a major hazard installation with its alert, then fall back below the threshold."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.browser import test_custody_flow as flow  # skips this module too when Chromium is missing
from tests.chem_setup import make_stock

Page, expect, log_in, log_out, shot = flow.Page, flow.expect, flow.log_in, flow.log_out, flow.shot
browser_page = flow.browser_page  # the phone-sized Chromium page fixture


@pytest.fixture
def stock_server(app, session, registry) -> Iterator[tuple[str, object]]:
    """The app with the chemical-stock setup, served on a free port of 127.0.0.1."""
    from werkzeug.serving import make_server

    stock = make_stock(session, registry)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, stock
    server.shutdown()
    thread.join(timeout=10)


def major_hazard_card(page, base: str, facility_id: int):
    page.goto(f"{base}/chemicals/major-hazards")
    return page.locator(f"#hazard-{facility_id}")


def test_receipt_and_discard_change_the_major_hazard_status(stock_server, browser_page):
    (base, stock), page = stock_server, browser_page

    # The EHS officer receives 20 t of methanol (Q = 20 t here): the warehouse reaches Σq/Q = 1.
    log_in(page, base, "officer_a")
    flow.nav_to(page, "化学品库存")
    page.click("text=记录出入库")
    page.select_option("select[name=kind]", label="入库")
    page.select_option("select[name=unit_id]", label="A区")
    page.select_option("select[name=chemical_id]", label="甲醇 (67-56-1)")
    page.fill("input[name=quantity_t]", "20")
    page.fill("input[name=supplier]", "浙江示例化工贸易有限公司")
    shot(page, "chem-1-receipt")
    page.click("button:has-text('记录')")
    expect(page.locator(".flash-success")).to_contain_text("已记录出入库")
    expect(page.locator(".flash-warning")).to_contain_text("重大危险源")
    card = page.locator(f"#facility-{stock.warehouse.id}")
    expect(card.locator(".ratio")).to_have_text("1.000")
    expect(card).to_contain_text("重大危险源")
    expect(card).to_contain_text("甲醇")
    log_out(page)

    # Emergency management sees the major hazard installation, its substances and the alert.
    log_in(page, base, "regulator_em")
    flow.nav_to(page, "重大危险源")
    card = page.locator(f"#hazard-{stock.warehouse.id}")
    expect(card.locator(".ratio")).to_have_text("1.000")
    expect(card.locator("h2 .badge")).to_have_text("重大危险源")
    expect(card.locator("li.alert-major-hazard")).to_have_count(1)
    expect(card.locator("li.alert-major-hazard")).to_contain_text("甲醇")
    shot(page, "chem-2-major-hazard")
    log_out(page)

    # The officer discards 0.2 t as hazardous waste: a labelled container, and the sum drops below 1.
    log_in(page, base, "officer_a")
    flow.nav_to(page, "化学品库存")
    page.click("text=报废转危险废物")
    page.select_option("select[name=unit_id]", label="A区")
    page.select_option("select[name=chemical_id]", label="甲醇 (67-56-1)")
    page.fill("input[name=quantity_t]", "0.2")
    page.fill("input[name=packaging]", "200L钢桶")
    page.fill("input[name=volume_l]", "200")
    shot(page, "chem-3-discard")
    page.click("button:has-text('报废并打印标签')")
    expect(page.locator(".flash-success")).to_contain_text("已报废")
    ids = [text.strip() for text in page.locator(".label-previews a.mono").all_inner_texts()]
    assert len(ids) == 1 and len(ids[0]) == 37 and ids[0][18:26] == "90099949"
    preview = page.locator(".label-previews img").first
    preview.scroll_into_view_if_needed()
    expect(preview).to_have_js_property("complete", True)
    assert preview.evaluate("img => img.naturalWidth") > 0
    shot(page, "chem-4-label")
    log_out(page)

    # Emergency management sees the status change back; the alert stays open until acknowledged.
    log_in(page, base, "regulator_em")
    card = major_hazard_card(page, base, stock.warehouse.id)
    expect(card.locator(".ratio")).to_have_text("0.990")
    expect(card.locator("h2 .badge")).to_have_text("未达临界")
    expect(card.locator("li.alert-major-hazard")).to_have_count(1)
    shot(page, "chem-5-below")
