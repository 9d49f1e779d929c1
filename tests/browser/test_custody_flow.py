"""Acceptance: one manifest from container creation to closing, through the web pages in Chromium,
each role on its own login, on a phone-sized screen."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("Debian's Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402  (only once Chromium is known)


@pytest.fixture
def live_server(app, registry, request) -> Iterator[str]:
    """The app on the test database, served by werkzeug on a free port of 127.0.0.1."""
    from werkzeug.serving import make_server

    request.getfixturevalue("chain")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser_page() -> Iterator[Page]:
    """A phone-sized page in headless Chromium."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def log_in(page: Page, base: str, username: str) -> None:
    """Log in through the form."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator(".whoami")).to_contain_text(username)


def open_menu(page: Page) -> None:
    """Open the header's menu where the screen is narrow enough to fold it behind its button."""
    toggle = page.locator("header.site .menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def nav_to(page: Page, text: str) -> None:
    """Follow a link of the main navigation, opening the menu first on a phone."""
    open_menu(page)
    page.click(f"nav >> text={text}")


def log_out(page: Page) -> None:
    """Log out with the header button."""
    open_menu(page)
    page.click("form.logout button")
    expect(page.locator("input[name=username]")).to_be_visible()


def scan_into(page: Page, selector: str, codes: list[str]) -> None:
    """Type codes the way a keyboard-wedge scanner does: the characters, then Enter."""
    page.click(selector)
    for code in codes:
        page.keyboard.type(code)
        page.keyboard.press("Enter")


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of a step when HAZCHEM_SCREENSHOT_DIR names a folder (for reviewing layouts)."""
    folder = os.environ.get("HAZCHEM_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def manifest_status(page: Page) -> str:
    """The status badge of the manifest page."""
    return page.locator("#status").inner_text().strip()


def test_one_manifest_from_generation_to_closing(live_server, browser_page, registry, tmp_path):
    base, page = live_server, browser_page

    # The generator's EHS officer: two containers, labelled and put away, then a manifest.
    log_in(page, base, "officer_a")
    nav_to(page, "产生与贴标")
    shot(page, "1-generate")
    page.select_option("select[name=stream_id]", label="废矿物油 (900-249-08)")
    page.fill("input[name=volume_l]", "200")
    page.fill("input[name=net_weight_kg]", "180.5")
    page.fill("input[name=count]", "2")
    page.click("text=创建容器并生成标签")
    expect(page.locator(".flash-success")).to_contain_text("已创建 2 个容器")
    ids = [text.strip() for text in page.locator(".label-previews a.mono").all_inner_texts()]
    assert len(ids) == 2 and all(len(i) == 37 for i in ids)
    preview = page.locator(".label-previews img").first
    preview.scroll_into_view_if_needed()
    expect(preview).to_have_js_property("complete", True)
    assert preview.evaluate("img => img.naturalWidth") > 0
    shot(page, "2-labels")

    for digital_id in ids:
        page.goto(f"{base}/l/{digital_id}")
        shot(page, "3-container")
        store = page.locator("select[name=facility_id] option", has_text="危废贮存库").get_attribute("value")
        page.select_option("select[name=facility_id]", value=store)
        page.click("button:has-text('入库')")
        expect(page.locator(".flash-success")).to_contain_text("容器已入库")
        expect(page.locator("h1 .badge")).to_have_text("已入库")

    nav_to(page, "转移联单")
    page.click("text=新建联单")
    for digital_id in ids:
        page.check(f"label.pick:has-text('{digital_id}') input")
    page.select_option("select[name=receiver_facility_id]", label="乙环保科技有限公司 · 焚烧车间")
    page.select_option("select[name=carrier_id]", label="丙危险品运输有限公司")
    page.select_option("select[name=vehicle_id]", label="浙D12345")
    page.select_option("select[name=driver_id]", label="王师傅")
    page.select_option("select[name=mode]", value="dispose")
    page.fill("input[name=planned_method]", "D10")
    shot(page, "4-new-manifest")
    page.click("text=创建联单草稿")
    expect(page.locator("#status")).to_have_text("草稿")
    number = page.locator("h1 .mono").inner_text().strip()
    page.click("text=以产生单位身份提交并签章")
    expect(page.locator("#status")).to_have_text("已提交")
    log_out(page)

    # The driver: both containers scanned at pick-up, then the carrier's signature.
    log_in(page, base, "driver")
    nav_to(page, "我的待提运")
    page.click(f"text={number}")
    scan_into(page, "#pick-up textarea[name=scanned]", ids)
    shot(page, "5-pick-up")
    page.click("text=签章确认提运")
    expect(page.locator("#status")).to_have_text("运输中")
    log_out(page)

    # The receiver's operator: arrival scan, weighing and acceptance, treatment D10, closing.
    log_in(page, base, "operator_b")
    nav_to(page, "待到货")
    page.click(f"text={number}")
    scan_into(page, "#arrival textarea[name=scanned]", ids)
    page.click("text=登记到货")
    expect(page.locator("#status")).to_have_text("已到达")
    for digital_id in ids:
        page.fill(f"input[name='weight-{digital_id}']", "180.5")
    shot(page, "6-weighing")
    page.click("text=签章确认称重与接收")
    expect(page.locator("#status")).to_have_text("已接收")
    page.fill("input[name=method_code]", "D10")
    page.click("button:has-text('登记利用处置')")
    expect(page.locator("#status")).to_have_text("已利用处置")
    page.click("button:has-text('办结联单')")
    expect(page.locator("#status")).to_have_text("已办结")

    # Final statuses as the page shows them.
    assert manifest_status(page) == "已办结"
    expect(page.locator("#treatment-method")).to_have_text("D10")
    rows = page.locator("table tbody tr:has(td.mono a[href^='/l/'])")
    expect(rows).to_have_count(2)
    for digital_id in ids:
        row = page.locator(f"tr:has(a:text-is('{digital_id}'))")
        expect(row.locator(".badge")).to_have_text("已利用处置")
        expect(row).to_contain_text("180.5 kg")
    timeline = page.locator("ol.timeline").inner_text()
    for step in (
        "产生单位签章（提交）",
        "运输单位提运签章",
        "接收单位到货签章",
        "接收单位接收签章",
        "已办结",
    ):
        assert step in timeline
    assert "361" in page.locator("dl.facts").first.inner_text()

    out = Path(os.environ.get("HAZCHEM_SCREENSHOT_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(out / "manifest-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
