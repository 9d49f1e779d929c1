"""Acceptance: a driver on a phone opens a label, lands in the pick-up scan session with that container
already in it, scans the rest one by one (a wrong one is answered at once), and signs."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from hazchem.services import waste
from tests.browser.test_custody_flow import (  # noqa: F401  (fixtures)
    PHONE,
    browser_page,
    live_server,
    log_in,
    manifest_status,
    scan_into,
    shot,
)
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)


@pytest.fixture
def submitted(session, chain):  # noqa: F811
    """Two stored containers on a submitted manifest, and a third stored on none."""
    stored = make_stored(session, chain, count=3)
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in stored[:2]],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=date.today(),
        planned_method="D10",
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    return manifest, [c.digital_id for c in stored]


def test_pick_up_by_scan_session_on_a_phone(live_server, browser_page, submitted):  # noqa: F811
    base, page = live_server, browser_page
    _, (first, second, stray) = submitted
    log_in(page, base, "driver")
    page.goto(f"{base}/l/{first}")
    page.click("a:has-text('去提运')")
    expect(page.locator("#scanned li")).to_have_count(1)
    expect(page.locator("#scanned")).to_contain_text(first)
    expect(page.locator("button[value=sign]")).to_be_disabled()
    scan_into(page, "input[name=code]", [stray])
    expect(page.locator("#latest")).to_contain_text("不在本联单上")
    scan_into(page, "input[name=code]", [first])
    expect(page.locator("#latest")).to_contain_text("已扫描过")
    scan_into(page, "input[name=code]", [second])
    expect(page.locator("#latest")).to_contain_text("在本联单上")
    expect(page.locator("#progress")).to_contain_text("2 / 2")
    shot(page, "scan-session-pick-up")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("button[value=sign]")
    expect(page.locator("#status")).to_have_text("运输中")
    assert manifest_status(page) == "运输中"
