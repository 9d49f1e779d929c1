"""Acceptance: a roadside check in Chromium on a phone of a slip printed at submission, after pick-up.

The slip is printed through the page, its QR code decoded from the PDF as an inspector's phone would,
and the page it opens, without login, says the slip is genuine, printed at submission, with the
carrier's pick-up signed since; a slip with a forged code is said not to be this system's.
"""

from __future__ import annotations

from datetime import date

import pypdfium2
import zxingcpp

from hazchem.services import waste
from tests.browser.test_custody_flow import (  # noqa: F401  (fixtures)
    PHONE,
    browser_page,
    expect,
    live_server,
    log_in,
    log_out,
    shot,
)
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)


def qr_target(pdf: bytes) -> str:
    """The URL the first page's QR code encodes."""
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    [code] = zxingcpp.read_barcodes(image)
    return code.text


def test_roadside_check(live_server, browser_page, session, chain):  # noqa: F811  (the fixtures above)
    base, page = live_server, browser_page
    stored = make_stored(session, chain, count=2)
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=date.today(),
        planned_method="D10",
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)

    # The generator prints the slip that travels with the load.
    log_in(page, base, "officer_a")
    page.goto(f"{base}/manifests/{manifest.id}")
    slip = page.request.get(f"{base}/manifests/{manifest.id}/slip.pdf")
    assert slip.ok and slip.headers["content-type"] == "application/pdf"
    url = qr_target(slip.body())
    assert url.startswith(f"{base}/v/{manifest.number}?c=")
    log_out(page)

    # The driver picks up: the record moves on while the printed slip is on the road.
    waste.pick_up(
        session=session, actor=chain.driver, manifest_id=manifest.id, scanned=[c.digital_id for c in stored]
    )

    # An inspector scans the QR code at the roadside, without logging in.
    page.goto(url)
    verdict = page.locator(".verdict")
    expect(verdict).to_have_class("verdict ok")
    expect(verdict).to_contain_text("真实")
    expect(verdict).to_contain_text("“已提交”环节签发打印")
    expect(verdict).to_contain_text("“运输中”")
    expect(page.locator("ul.changes li")).to_have_count(1)
    expect(page.locator("ul.changes li")).to_contain_text("运输单位提运签章")
    expect(page.locator("main")).not_to_contain_text("并非真实")
    shot(page, "slip-roadside")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The same slip with a made-up code is not this system's.
    forged = url.replace("?c=", "?c=Z", 1)
    page.goto(forged)
    expect(page.locator(".verdict")).to_have_class("verdict bad")
    expect(page.locator(".verdict")).to_contain_text("非本系统签发")
