"""Acceptance: after loading the demo park with its year, every demo account finds real content on
its home page, its main lists and its dashboard, on a phone-sized screen in Chromium. The park and
its year are loaded once for the module."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.engine import Engine

from hazchem import create_app
from hazchem.demo import data
from hazchem.services.platform import clock
from tests.browser.test_custody_flow import CHROMIUM, CHROMIUM_ARGS, PHONE, shot
from tests.conftest import wipe
from tests.demo_year import load_demo_year

# Loading the park's year takes about a minute alone and several on a busy machine: the first test
# carries it.
pytestmark = pytest.mark.timeout(900)

# The home page, the lists each account works from and its dashboard: each must show data rows.
PAGES = {
    "admin": ["/", "/manifests", "/oversight/manifests", "/oversight/alerts", "/chemicals/major-hazards"],
    "eco": [
        "/",
        "/oversight/manifests",
        "/oversight/alerts",
        "/oversight/deadlines",
        "/containers",
        "/storage",
    ],
    "em": ["/", "/chemicals/major-hazards", "/chemicals-centre"],
    "police": ["/", "/chemicals/controlled"],
    "ehs": ["/", "/manifests", "/containers", "/streams", "/storage", "/chemicals/stock"],
    "driver": ["/", "/manifests?status=submitted"],
    "receiver": ["/", "/manifests", "/manifests?status=in_transit", "/containers", "/storage"],
    "dispatcher": ["/", "/manifests", "/manifests?status=submitted", "/oversight/transport-legs"],
    "dispatcher-logistics": ["/", "/manifests", "/oversight/transport-legs"],
    "dispatcher-env": ["/", "/manifests", "/oversight/transport-legs"],
}
# The dashboard of each regulator and of the administrator: table rows, and where the account oversees
# waste (the only parts drawn as charts) drawn charts and no chart section saying "none".
DASHBOARD = "/oversight/dashboard"
WITH_DASHBOARD = {"admin", "eco", "em", "police"}
CHARTED = {"admin", "eco"}

DATA_ROWS = "main table tbody tr:not(:has(td[colspan]))"
# The home page's own content: what the account can see, and the requests, legs or licences it acts on.
HOME_ITEMS = (
    "#open-corrections li, #my-legs tbody tr, main section.card table tbody tr:not(:has(td[colspan]))"
)
# A chart's drawn marks: its coloured bars and columns, not the grey tracks or the legend's swatches.
DRAWN_MARKS = """svg => [...svg.querySelectorAll('rect')].filter(r => {
  const box = r.getBoundingClientRect();
  const legend = r.getAttribute('width') === '12' && r.getAttribute('height') === '12';
  return r.getAttribute('fill') !== '#eee' && !legend && box.width > 0 && box.height > 0;
}).length"""


@pytest.fixture(scope="module")
def demo_site(engine: Engine, database_url: str) -> Iterator[str]:
    """The demo park with its year in the emptied test database, served on a free local port."""
    from werkzeug.serving import make_server

    load_demo_year(engine)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base
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
    """A fresh phone-sized page (its own cookies) in the module's Chromium."""
    context = chromium.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page: Page, base: str, username: str, password: str = data.DEMO_PASSWORD) -> None:
    """Log in through the form."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")


def open_page(page: Page, base: str, path: str) -> None:
    """Open a page and insist it answered 200."""
    response = page.goto(f"{base}{path}")
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"


def home_problems(page: Page) -> list[str]:
    """What is empty on the home page: no licence counted, or no request, leg or licence listed."""
    problems = []
    counts = page.locator("main ul.counts li").all_inner_texts()
    if not counts:
        problems.append("no counts")
    licences = page.locator("main ul.counts a[href$='/licences'] strong")
    if not licences.count() or licences.inner_text().strip() == "0":
        problems.append("no licence counted")
    if page.locator(HOME_ITEMS).count() == 0:
        problems.append("no request, leg or licence listed")
    return problems


def storage_problems(page: Page) -> list[str]:
    """What is empty on the storage page: no store's use drawn."""
    used = [
        float(v or 0)
        for v in page.locator("main svg[role=meter]").evaluate_all(
            "meters => meters.map(m => m.getAttribute('aria-valuenow'))"
        )
    ]
    widths = page.locator("main svg[role=meter] rect.bar-fill").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width)"
    )
    if not used or not any(used) or not any(widths):
        return [f"no store drawn in use: {used}"]
    return []


def dashboard_problems(page: Page, *, charted: bool) -> list[str]:
    """What is empty on a dashboard: no table rows, missing charts or charts drawing nothing."""
    problems = [] if page.locator(DATA_ROWS).count() else ["no table rows"]
    if not charted:
        return problems
    charts = page.locator("main svg[role=img]")
    if charts.count() == 0:
        problems.append("no chart")
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        if not box or box["width"] <= 0 or box["height"] <= 0:
            problems.append(f"chart {chart.get_attribute('aria-label')} has no size")
        elif chart.evaluate(DRAWN_MARKS) == 0:
            problems.append(f"chart {chart.get_attribute('aria-label')} draws no bar")
    for section in page.locator("main section.card:has(> p.muted)").all():
        problems.append(f"section {section.locator('h2').inner_text()} says none")
    return problems


@pytest.mark.parametrize("username", sorted(PAGES))
def test_every_demo_account_sees_content_on_its_pages(demo_site, phone, username):
    base, page = demo_site, phone
    log_in(page, base, username)
    expect(page.locator(".whoami")).to_be_attached()  # in the folded menu on a phone
    problems = {}
    for path in PAGES[username]:
        open_page(page, base, path)
        if path == "/":
            found = home_problems(page)
        elif path == "/storage":
            found = storage_problems(page)
        else:
            found = [] if page.locator(DATA_ROWS).count() else ["no table rows"]
        if found:
            problems[path] = found
        shot(page, f"demo-{username}-{path.strip('/').replace('/', '-') or 'home'}")
    if username in WITH_DASHBOARD:
        # Early in January this year has barely begun: read the year that holds the last six weeks.
        year = (clock.today() - timedelta(days=45)).year
        open_page(page, base, f"{DASHBOARD}?year={year}")
        shot(page, f"demo-{username}-dashboard")
        if found := dashboard_problems(page, charted=username in CHARTED):
            problems[DASHBOARD] = found
    assert problems == {}, username


def test_a_long_id_wraps_inside_the_error_box_on_a_phone(demo_site, phone):
    base, page = demo_site, phone
    log_in(page, base, "ehs", password="not-the-password")
    box = page.locator("p.flash-error")
    expect(box).to_contain_text("用户名或密码错误")
    assert "未通过" not in box.inner_text()  # a wrong password is not a refused action
    # A refusal naming several container IDs in a row, as a gate refusal does, without a space.
    box.evaluate("(el, text) => { el.textContent = text; }", "HW-20261205-0000123456789" * 6)
    widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1], widths
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
