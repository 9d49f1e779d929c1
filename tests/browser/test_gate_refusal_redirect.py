"""Acceptance: on a phone, the receiver refuses a load at its gate, the generator redirects it to an
alternate receiver that passes the receiver checks, and the alternate receiver's operator sees it coming;
the refusing receiver keeps sight of what it refused and why."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_custody_flow import (  # noqa: F401  (fixtures)
    PHONE,
    browser_page,
    live_server,
    log_in,
    log_out,
    manifest_status,
    shot,
)
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.exc_world import alternate, on_the_road, operator_of


def fits_the_phone(page: Page) -> None:
    """Nothing on the page is wider than the phone's screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_gate_refusal_and_redirect_on_a_phone(live_server, browser_page, session, registry, chain):  # noqa: F811
    base, page = live_server, browser_page
    manifest, _ = on_the_road(session, chain, count=2, weight="100")
    alt_ent, alt_store = alternate(session, registry)
    operator_of(session, alt_ent)
    url = f"{base}/manifests/{manifest.id}"

    # The receiver's operator at the gate: the store is full, the load is refused whole.
    log_in(page, base, "operator_b")
    page.goto(url)
    page.select_option("#refusal select[name=reason]", "over_capacity")
    page.fill("#refusal textarea[name=note]", "暂存库已满")
    fits_the_phone(page)
    shot(page, "gate-refusal")
    page.click("#refusal button[type=submit]")
    expect(page.locator("#status")).to_have_text("门口拒收")
    log_out(page)

    # The generator's EHS officer names the alternate receiver; the form offers no way back to the first.
    log_in(page, base, "officer_a")
    page.goto(url)
    expect(page.locator("#redirect")).to_be_visible()
    page.select_option("#redirect select[name=facility_id]", str(alt_store.id))
    page.fill("#redirect input[name=reason]", "原接收单位库满，改送丁环境")
    fits_the_phone(page)
    shot(page, "redirect")
    page.click("#redirect button[type=submit]")
    expect(page.locator("#status")).to_have_text("运输中")
    expect(page.locator("body")).to_contain_text(alt_store.name)
    fits_the_phone(page)
    log_out(page)

    # The alternate receiver's operator finds the load on its way and may record its arrival.
    log_in(page, base, "operator_d")
    page.goto(url)
    expect(page.locator("#arrival")).to_be_visible()
    assert manifest_status(page) == "运输中"
    log_out(page)

    # The refusing receiver still reads the manifest, with its refusal as signed.
    log_in(page, base, "operator_b")
    page.goto(url)
    expect(page.locator("body")).to_contain_text("暂存库已满")
    expect(page.locator("#arrival")).to_have_count(0)
