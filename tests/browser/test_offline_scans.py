"""Acceptance: put-away scans made offline on a phone wait on it through a reload and are each recorded
exactly once when the network returns; the one a full store refuses shows why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright
from sqlmodel import select

from hazchem.models import Container, Event, IdempotencyRecord
from tests.browser.test_custody_flow import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    live_server,  # noqa: F401  (the live server fixture)
    log_in,
    open_menu,
    scan_into,
    shot,
)
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.test_queued_put_aways import generated


@pytest.fixture
def phone() -> Iterator[tuple[BrowserContext, Page]]:
    """A phone-sized Chromium context (its network can be cut) and a page in it."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        context.set_default_timeout(15_000)
        yield context, context.new_page()
        context.close()
        browser.close()


def put_aways(session, container) -> int:
    session.rollback()
    return len(
        session.exec(
            select(Event).where(Event.entity_id == container.digital_id, Event.action == "container.put_away")
        ).all()
    )


def test_three_scans_queued_offline_are_each_recorded_once_and_a_refusal_shows(
    live_server,  # noqa: F811
    phone,
    session,
    chain,  # noqa: F811
):
    base, (context, page) = live_server, phone
    light = generated(session, chain, count=2)
    (heavy,) = generated(session, chain, weight="250000")  # more than the store holds: refused at sync
    codes = [c.digital_id for c in (*light, heavy)]

    # Online first: the service worker installs and keeps the page and its scripts on the phone.
    log_in(page, base, "officer_a")
    page.goto(f"{base}/scan/put-away")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.wait_for_function("caches.match('/scan/put-away').then(Boolean)")
    page.wait_for_function("caches.match('/static/offline-queue.js').then(Boolean)")

    context.set_offline(True)
    expect(page.locator("#offline-banner")).to_contain_text("离线")
    page.select_option("#queue-store", str(chain.store_a.id))
    scan_into(page, "#scan input[name=code]", codes)
    expect(page.locator("#queued li")).to_have_count(3)

    # The page closed and opened again without a network: the scans are still waiting on the phone.
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    expect(page.locator("h1")).to_contain_text("逐个扫描")
    expect(page.locator("#queued li")).to_have_count(3)
    for code in codes:
        expect(page.locator("#queued li", has_text=code)).to_contain_text("等待发送")
    shot(page, "offline-1-waiting")
    assert all(put_aways(session, c) == 0 for c in (*light, heavy))

    # A page never opened on this phone says it needs the network (the phone is truly cut off).
    page.goto(f"{base}/storage")
    expect(page.locator("h1")).to_contain_text("离线")
    page.goto(f"{base}/scan/put-away")
    expect(page.locator("#queued li")).to_have_count(3)

    # A signature form says it needs the network instead of failing silently.
    open_menu(page)
    page.locator("form.logout button").click()
    expect(page.locator(".needs-network")).to_contain_text("需要网络")

    context.set_offline(False)
    expect(page.locator("#queued li")).to_have_count(0)
    expect(page.locator("#answered li")).to_have_count(3)
    for container in light:
        expect(page.locator("#answered li", has_text=container.digital_id)).to_contain_text("完成")
    refused = page.locator("#answered li", has_text=heavy.digital_id)
    expect(refused).to_contain_text("被拒绝")
    expect(refused).to_contain_text("容量")
    shot(page, "offline-2-answered")

    # Each is recorded exactly once, the device's scan time kept beside the time received.
    assert [put_aways(session, c) for c in (*light, heavy)] == [1, 1, 0]
    session.rollback()
    stored = session.exec(select(Container.status).where(Container.id.in_([c.id for c in light]))).all()
    assert stored == ["stored", "stored"]
    records = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.subject.in_(codes))).all()
    assert len(records) == 3 and all(r.device_scanned_at is not None for r in records)
    assert all(r.device_scanned_at <= r.at for r in records)

    # Online again, a reload sends nothing twice and still shows the answers.
    page.reload()
    expect(page.locator("#answered li")).to_have_count(3)
    expect(page.locator("#queued li")).to_have_count(0)
    assert [put_aways(session, c) for c in (*light, heavy)] == [1, 1, 0]
