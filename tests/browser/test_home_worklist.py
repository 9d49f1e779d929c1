"""Acceptance: after loading the demo park with its year, every demo account's home page shows its first
work item above the fold of a 390×844 phone, and that item opens the page where it is done. The park and
its year are loaded once for the module."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_custody_flow import PHONE, shot
from tests.browser.test_demo_roles import PAGES, log_in, open_page
from tests.browser.test_demo_roles import chromium as chromium  # the module's Chromium
from tests.browser.test_demo_roles import demo_site as demo_site  # the demo park, loaded once here
from tests.browser.test_demo_roles import phone as phone  # a fresh phone-sized page

# Loading the park's year takes about a minute alone and several on a busy machine.
pytestmark = pytest.mark.timeout(900)

ACCOUNTS = sorted(PAGES)  # the ten demo accounts
FIRST_ITEM = "#worklist li.work-item:not(.work-more) a"


@pytest.mark.parametrize("username", ACCOUNTS)
def test_the_first_work_item_is_above_the_fold_and_opens_its_action(demo_site, phone, username):
    base, page = demo_site, phone
    log_in(page, base, username)
    open_page(page, base, "/")
    first = page.locator(FIRST_ITEM).first
    # The demo year leaves every account something to do.
    expect(first).to_be_visible()
    shot(page, f"home-worklist-{username}")
    box = first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= 44, box  # a thumb-sized tap target
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    title = first.locator(".work-title").inner_text().strip()
    assert title, "the first work item has no title"
    href = first.get_attribute("href") or ""
    assert href.startswith("/") and href not in ("/", "/#"), href
    with page.expect_navigation() as opened:
        first.click()
    response = opened.value
    assert response is not None and response.status == 200, (href, response and response.status)
    assert page.url.split("#")[0] == f"{base}{href.split('#')[0]}"
    expect(page.locator("main h1")).to_be_visible()
