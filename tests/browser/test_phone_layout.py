"""Acceptance: on a 390×844 screen, after loading the demo park with its year, no page of any demo
account's navigation scrolls sideways, the header takes under 80 px with its menu closed, the menu opens
with the account's main entries, lists show as cards with the columns that matter, and long filter forms
wait behind their summary. The park and its year are loaded once for the module."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hazchem.demo import data
from tests.browser.test_custody_flow import PHONE, shot
from tests.browser.test_demo_roles import chromium, demo_site, log_in, open_page, phone  # noqa: F401

# Loading the park's year takes about a minute alone and several on a busy machine.
pytestmark = pytest.mark.timeout(900)

HEADER_LIMIT = 80  # px, the header with its menu closed
# The entries each demo account's menu opens with, in order.
MAIN = {
    "admin": ["首页", "联单审计", "预警", "监管看板", "企业", "许可证"],
    "eco": ["首页", "联单审计", "转移联单", "预警", "监管看板"],
    "em": ["首页", "预警", "监管看板", "重大危险源"],
    "police": ["首页", "预警", "监管看板", "管控化学品"],
    "ehs": ["首页", "扫码", "产生与贴标", "容器", "贮存", "转移联单"],
    "driver": ["首页", "我的待提运", "扫码"],
    "receiver": ["首页", "扫码", "待到货", "转移联单", "贮存"],
    "dispatcher": ["首页", "待调度运输段", "转移联单", "运输段"],
    "dispatcher-logistics": ["首页", "待调度运输段", "转移联单", "运输段"],
    "dispatcher-env": ["首页", "待调度运输段", "转移联单", "运输段"],
}
# What each account's menu must not offer: enterprise output is for those who enter or oversee it.
NOT_OFFERED = {
    "driver": ["企业产值", "监管部门", "责任分工"],
    "receiver": ["企业产值"],
    "dispatcher": ["企业产值"],
}


def layout_problems(page: Page) -> list[str]:
    """What breaks the phone layout on the open page: a sideways scroll, a tall closed header."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"scrolls sideways: {width} px wide")
    height = page.locator("header.site").bounding_box()["height"]
    if height >= HEADER_LIMIT:
        problems.append(f"header {height:.0f} px tall")
    return problems


def nav_paths(page: Page) -> list[str]:
    """The paths of the main navigation's links."""
    return page.locator("#main-nav ul a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_the_accounts_are_the_demo_accounts():
    assert sorted(MAIN) == sorted(account["username"] for account in data.ACCOUNTS)


@pytest.mark.parametrize("username", sorted(MAIN))
def test_no_page_of_a_menu_scrolls_sideways_and_the_menu_folds(demo_site, phone, username):  # noqa: F811
    base, page = demo_site, phone
    log_in(page, base, username)
    expect(page.locator(".whoami")).to_be_attached()
    nav = page.locator("#main-nav")
    expect(nav).to_be_hidden()
    problems = {}
    for path in ["/", *nav_paths(page)]:
        open_page(page, base, path)
        if found := layout_problems(page):
            problems[path] = found
    assert problems == {}, username

    open_page(page, base, "/")
    shot(page, f"phone-{username}-home")
    toggle = page.locator("header.site .menu-toggle")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    shot(page, f"phone-{username}-menu")
    links = [text.strip() for text in page.locator("#main-nav ul a").all_inner_texts()]
    assert links[: len(MAIN[username])] == MAIN[username]
    for text in NOT_OFFERED.get(username, []):
        assert text not in links, (username, text)
    # The main entries come first on the screen too, above the rest.
    first_rest = page.locator("#main-nav ul.more-entries a").first
    last_main = page.locator("#main-nav ul.main-entries a").last
    assert last_main.bounding_box()["y"] < first_rest.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    toggle.click()
    expect(nav).to_be_hidden()


@pytest.mark.parametrize("username", ["ehs", "eco"])
def test_the_english_header_stays_one_short_line(demo_site, phone, username):  # noqa: F811
    base, page = demo_site, phone
    log_in(page, base, username)
    page.click("form.lang button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    problems = {}
    for path in ["/", *nav_paths(page)[:8]]:
        open_page(page, base, path)
        if found := layout_problems(page):
            problems[path] = found
    assert problems == {}, username
    shot(page, f"phone-{username}-english")


def test_lists_are_cards_with_the_columns_that_matter(demo_site, phone):  # noqa: F811
    base, page = demo_site, phone
    log_in(page, base, "eco")
    open_page(page, base, "/manifests")
    card = page.locator("main table.cards tbody tr").first
    for label in ("联单编号", "状态", "废物代码", "产生单位", "接收单位", "转移日期"):
        expect(card.locator(f'td[data-label="{label}"]')).to_be_visible()
    expect(card.locator('td[data-label="申报量"]')).to_be_hidden()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "phone-eco-manifests")

    open_page(page, base, "/licences")
    card = page.locator("main table.cards tbody tr").first
    for label in ("持证企业", "有效期至", "状态"):
        expect(card.locator(f'td[data-label="{label}"]')).to_be_visible()
    shot(page, "phone-eco-licences")


def test_the_audit_filters_wait_behind_their_summary(demo_site, phone):  # noqa: F811
    base, page = demo_site, phone
    log_in(page, base, "eco")
    open_page(page, base, "/oversight/manifests")
    summary = page.locator("details.filters > summary")
    expect(summary).to_be_visible()
    expect(page.locator("select[name=overdue]")).to_be_hidden()
    first = page.locator("main table tbody tr").first
    assert first.bounding_box()["y"] < PHONE["height"], "the first result is below the first screen"
    shot(page, "phone-eco-audit")
    summary.click()
    expect(page.locator("select[name=overdue]")).to_be_visible()
    page.select_option("select[name=overdue]", value="false")
    page.click("details.filters button[type=submit]")
    expect(summary).to_contain_text("已设 1 项")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_wide_screens_show_the_whole_navigation_and_open_filters(demo_site, chromium):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, demo_site, "eco")
        expect(page.locator("#main-nav")).to_be_visible()
        expect(page.locator("header.site .menu-toggle")).to_be_hidden()
        open_page(page, demo_site, "/oversight/manifests")
        expect(page.locator("select[name=overdue]")).to_be_visible()
        expect(page.locator("main table thead")).to_be_visible()
    finally:
        context.close()
