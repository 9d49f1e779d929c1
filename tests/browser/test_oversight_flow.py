"""Acceptance: a regulator logs in, filters overdue manifests, opens one, sees its chain of
custody and exports the manifest register, in Chromium."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from hazchem.models import Manifest
from hazchem.services import waste
from hazchem.services.oversight.registers import MANIFEST_REGISTER_COLUMNS
from tests.browser.test_custody_flow import browser_page, live_server, log_in, nav_to, shot  # noqa: F401
from tests.services.conftest import TRANSFER_DATE, chain, make_stored  # noqa: F401


def _manifest(session, chain, *, delivered_days_ago: int | None):  # noqa: F811
    """A manifest of one stored container, taken up to arrival when a delivery age is given."""
    containers = make_stored(session, chain, count=1)
    ids = [c.digital_id for c in containers]
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    if delivered_days_ago is not None:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
        waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids)
        waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
        arrived = datetime.now(UTC) - timedelta(days=delivered_days_ago)
        session.exec(update(Manifest).where(Manifest.id == manifest.id).values(delivered_at=arrived))
        session.commit()
    return manifest, ids


def test_regulator_audits_an_overdue_manifest_and_exports_the_register(
    live_server,  # noqa: F811
    browser_page,  # noqa: F811
    session,
    chain,  # noqa: F811
):
    base, page = live_server, browser_page
    overdue, overdue_ids = _manifest(session, chain, delivered_days_ago=30)
    recent, _ = _manifest(session, chain, delivered_days_ago=0)
    draft, _ = _manifest(session, chain, delivered_days_ago=None)

    log_in(page, base, "regulator_eco")
    nav_to(page, "联单审计")
    expect_numbers = page.locator("table tbody td.mono a")
    assert {n.strip() for n in expect_numbers.all_inner_texts()} == {
        overdue.number,
        recent.number,
        draft.number,
    }

    page.click("details.filters > summary")  # folded on a phone
    page.select_option("select[name=overdue]", value="true")
    page.click("form.filters button[type=submit]")
    assert "overdue=true" in page.url
    assert [n.strip() for n in page.locator("table tbody td.mono a").all_inner_texts()] == [overdue.number]
    shot(page, "oversight-1-overdue")

    # Export the register of exactly this filter.
    with page.expect_download() as download_info:
        page.click("text=导出登记簿（CSV）")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == MANIFEST_REGISTER_COLUMNS
    assert [row[0] for row in rows[1:]] == [overdue.number]

    # Open it: the chain of custody, container by container, with signatures and the audit check.
    page.click(f"text={overdue.number}")
    page.wait_for_url(f"**/manifests/{overdue.id}")
    assert page.locator("#status").inner_text().strip() == "已到达"
    page.locator("#audit-chain.chain-ok").wait_for()
    signatures = page.locator("section:has(h2:text-is('签章')) tbody").inner_text()
    for section in ("产生单位", "运输单位", "接收单位"):
        assert section in signatures
    timeline = page.locator("ol.timeline").inner_text()
    assert overdue_ids[0] in timeline
    for step in ("运输单位提运签章", "接收单位到货签章"):
        assert step in timeline
    shot(page, "oversight-2-manifest")

    # The container's own page, from generation on.
    page.click(f"a:text-is('{overdue_ids[0]}')")
    page.locator("#audit-chain.chain-ok").wait_for()
    history = page.locator("ol.timeline").inner_text()
    assert "入库" in history and overdue.number in page.locator("#travels").inner_text()
    shot(page, "oversight-3-container")
