"""Pages and the API viewer work under the Content-Security-Policy, with every asset from this server."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.browser.test_custody_flow import browser_page, live_server, log_in  # noqa: F401
from tests.services.conftest import chain, make_stored  # noqa: F401


def test_pages_and_api_viewer_break_no_policy_and_fetch_nothing_elsewhere(
    live_server,  # noqa: F811
    browser_page,  # noqa: F811
    session,
    chain,  # noqa: F811
):
    base, page = live_server, browser_page
    stored = make_stored(session, chain, count=1)[0]
    complaints: list[str] = []
    hosts: set[str] = set()
    page.on(
        "console", lambda msg: complaints.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.on("request", lambda req: hosts.add(urlparse(req.url).netloc))

    log_in(page, base, "officer_a")
    page.goto(f"{base}/storage")
    bar = page.locator("svg.bar-track rect.bar-fill").first
    expect(bar).to_be_visible()
    assert float(bar.get_attribute("width")) > 0
    page.goto(f"{base}/l/{stored.digital_id}")
    expect(page.locator(".timeline")).to_be_visible()

    page.goto(f"{base}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("hazchem API")
    expect(page.locator(".opblock").first).to_be_visible()

    assert complaints == []
    assert hosts == {urlparse(base).netloc}
