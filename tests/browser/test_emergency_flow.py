"""Acceptance: in Chromium on a phone-sized screen, the emergency-management regulator finds the demo
park's plan in force with its organisation and notification tree, starts the next version, attaches
its PDF and puts it in force; the resources page shows the overdue inspection, and recording the
inspection clears it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hazchem import create_app
from hazchem.demo import load as demo
from hazchem.services.platform import clock
from tests.browser.test_custody_flow import CHROMIUM, CHROMIUM_ARGS, PHONE, shot
from tests.browser.test_demo_roles import log_in
from tests.conftest import wipe

pytestmark = pytest.mark.timeout(600)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def demo_site(engine: Engine, database_url: str) -> Iterator[str]:
    """The demo park (without its year) in the emptied test database, served on a free local port."""
    from werkzeug.serving import make_server

    with Session(engine, expire_on_commit=False) as session:
        demo.load_demo(session=session)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["hazchem.engine"].dispose()
    wipe(engine)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    """A fresh phone-sized page in the module's Chromium."""
    context = chromium.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_park_plan_gets_a_new_version_in_force(demo_site: str, phone: Page, tmp_path) -> None:
    log_in(phone, demo_site, "em")
    phone.goto(f"{demo_site}/emergency/plans")
    phone.get_by_role("link", name="示例化工园区危险化学品事故应急预案").click()
    expect(phone.locator("main")).to_contain_text("赵示范")
    expect(phone.locator("main")).to_contain_text("立即")
    shot(phone, "emergency-plan")
    phone.get_by_role("button", name="制作新版本").click()
    expect(phone.locator("main")).to_contain_text("草稿")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(PDF)
    phone.set_input_files("input[type=file][name=file]", str(pdf))
    phone.get_by_role("button", name="上传", exact=True).click()
    expect(phone.locator("main")).to_contain_text("SHA-256")
    phone.get_by_role("button", name="发布施行").click()
    expect(phone.locator("main dl")).to_contain_text("施行中")
    versions = phone.locator("main table").last.locator("tbody tr")
    expect(versions).to_have_count(2)
    expect(versions.nth(1)).to_contain_text("已替代")


def test_the_overdue_inspection_is_shown_and_cleared(demo_site: str, phone: Page) -> None:
    log_in(phone, demo_site, "em")
    phone.goto(f"{demo_site}/emergency/resources")
    row = phone.locator("main table tbody tr", has_text="园区应急物资库").first
    expect(row).to_contain_text("检查逾期")
    row.get_by_role("link", name="园区应急物资库").click()
    today = clock.today()
    phone.fill("input[name=next_inspection_due]", (today + timedelta(days=90)).isoformat())
    phone.get_by_role("button", name="记录", exact=True).click()
    expect(phone.locator("main")).not_to_contain_text("检查已逾期")
    phone.goto(f"{demo_site}/emergency/resources")
    expect(phone.locator("main")).not_to_contain_text("检查逾期")
