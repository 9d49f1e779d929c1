"""Acceptance: an accident reported from a facility page on a phone-sized screen, graded by the
emergency office and a notification recorded, each role on its own login, in Chromium."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_custody_flow import (  # noqa: F401  (fixtures)
    browser_page,
    log_in,
    log_out,
)
from tests.incident_world import make_world


@pytest.fixture
def world(session, registry):
    return make_world(session, registry)


@pytest.fixture
def live_server(app, world) -> Iterator[str]:
    """The app on the test database, served by werkzeug on a free port of 127.0.0.1."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join(timeout=10)


def fits_the_screen(page: Page) -> bool:
    """Nothing makes the page scroll sideways on the phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_report_from_a_facility_then_grade_and_notify_on_a_phone(live_server, browser_page, world):  # noqa: F811
    page, base = browser_page, live_server
    log_in(page, base, "officer_a")
    page.goto(f"{base}/facilities/{world.stock.warehouse.id}")
    page.get_by_role("link", name="报告事故").click()
    expect(page.locator("h1")).to_have_text("报告事故")
    page.fill("input[name=place]", "甲类仓库A区")
    page.fill("textarea[name=description]", "甲醇桶倾倒泄漏，现场有刺激性气味")
    page.get_by_label(re.compile("甲醇")).check()
    page.fill("input[name=other_chemical]", "143-33-9")
    page.click("form.incident-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("已报告")
    # The responders' page: the chemicals with their handling, the stock and the resources.
    expect(page.locator("#chemicals")).to_contain_text("次氯酸钠")
    expect(page.locator("#stock")).to_contain_text("甲醇")
    expect(page.locator("#resources")).to_contain_text("园区消防救援站")
    expect(page.locator("#grade form")).to_have_count(0)
    assert fits_the_screen(page)
    incident_url = page.url
    log_out(page)

    log_in(page, base, "regulator_em")
    page.goto(incident_url)
    page.select_option("#grade select[name=grade]", "II")
    page.click("#grade form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("II 级")
    notifications = page.locator("#notifications ul li")
    expect(notifications).to_have_count(2)
    expect(notifications.first).to_contain_text("尚未通报")
    eco = world.registry.departments["ecology_environment"]
    page.select_option("#notifications select[name=department_id]", str(eco.id))
    page.fill("#notifications input[name=means]", "电话")
    page.click("#notifications form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("已记录通报")
    expect(notifications.first).to_contain_text("已于")
    expect(notifications.first).to_contain_text("电话")
    expect(page.locator("#timeline")).to_contain_text("已记录通报")
    assert fits_the_screen(page)
