"""Acceptance: the phone camera reads hazchem's own printed labels, on /scan and in a pick-up session.

Chromium's fake camera plays a Y4M video made here from the rendered label PNGs (the QR code cropped
and enlarged, as a phone held over a drum sees it). Chromium on Linux has no BarcodeDetector, so the
page decodes with the vendored @zxing/library."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from hazchem.render.label_layouts import load_layout
from hazchem.render.labels import _plan, geometry, label_png
from hazchem.services import waste
from hazchem.services.waste import documents
from tests.browser.test_custody_flow import (  # noqa: F401  (fixtures)
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    live_server,
    log_in,
    scan_into,
    shot,
)
from tests.browser.test_scan_session_flow import submitted  # noqa: F401  (fixture)
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)

DPI = 300
READ_MS = 30_000  # starting the camera, loading the decoder and reading, on a busy machine
FRAME_SIDE = 480  # pixels of the square fake camera picture; the QR code fills most of it
FRAMES_PER_LABEL = 10  # one second at 10 frames/s, then the next label (Chromium loops the file)


def qr_picture(session, actor, container_id: int, base: str) -> Image.Image:
    """The QR code of a container's rendered label, cropped with a margin of label and enlarged."""
    (label,) = documents.labels_for(session=session, actor=actor, container_ids=[container_id], base_url=base)
    image = Image.open(io.BytesIO(label_png(label, dpi=DPI))).convert("RGB")
    size, _ = _plan(label, load_layout())
    g = geometry(size)
    px = DPI / 72
    left, top = g.qr.x * px, (g.height - g.qr.y - g.qr.h) * px
    side = g.qr.w * px
    margin = side * 0.12
    box = (left - margin, top - margin, left + side + margin, top + side + margin)
    return image.crop(tuple(round(v) for v in box)).resize((FRAME_SIDE, FRAME_SIDE), Image.LANCZOS)


def write_y4m(path: Path, pictures: list[Image.Image], frames_each: int = FRAMES_PER_LABEL) -> Path:
    """A 4:2:0 Y4M video showing each picture for frames_each frames at 10 frames per second."""
    width, height = pictures[0].size
    assert width % 2 == 0 and height % 2 == 0
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for picture in pictures:
            y, u, v = picture.convert("YCbCr").split()
            half = (width // 2, height // 2)
            planes = (
                y.tobytes()
                + u.resize(half, Image.BILINEAR).tobytes()
                + v.resize(half, Image.BILINEAR).tobytes()
            )
            for _ in range(frames_each):
                out.write(b"FRAME\n" + planes)
    return path


@contextmanager
def camera_page(
    video: Path | None, allowed: bool = True, locale: str = "zh-CN"
) -> Iterator[tuple[Page, list[str]]]:
    """A phone-sized Chromium page whose camera plays the video (None: no camera), with its script errors
    and CSP breaches; allowed=False answers the camera prompt with a refusal."""
    args = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
    if video is not None:
        args += ["--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"]
    if allowed:
        args.append("--use-fake-ui-for-media-stream")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
        context = browser.new_context(
            viewport=PHONE, locale=locale, permissions=["camera"] if allowed else []
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        complaints: list[str] = []
        page.on("pageerror", lambda error: complaints.append(str(error)))
        page.on(
            "console",
            lambda msg: complaints.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        yield page, complaints
        context.close()
        browser.close()


def test_camera_on_the_scan_page_opens_the_label(live_server, session, chain, tmp_path):  # noqa: F811
    base = live_server
    (container,) = make_stored(session, chain, count=1)
    video = write_y4m(tmp_path / "label.y4m", [qr_picture(session, chain.officer, container.id, base)])
    with camera_page(video) as (page, complaints):
        log_in(page, base, "officer_a")
        page.goto(f"{base}/scan")
        expect(page.locator("[data-camera-start]")).to_have_text("用相机扫描")
        page.click("[data-camera-start]")
        expect(page).to_have_url(f"{base}/l/{container.digital_id}", timeout=READ_MS)
        expect(page.locator("body")).to_contain_text(container.digital_id)
        assert complaints == []


def test_camera_scans_two_labels_into_a_pick_up(live_server, session, chain, submitted, tmp_path):  # noqa: F811
    base = live_server
    manifest, (first, second, _) = submitted
    containers = {c.digital_id: c for c in _containers(session, manifest.id)}
    pictures = [qr_picture(session, chain.officer, containers[d].id, base) for d in (first, second)]
    video = write_y4m(tmp_path / "labels.y4m", pictures)
    with camera_page(video) as (page, complaints):
        log_in(page, base, "driver")
        page.goto(f"{base}/manifests/{manifest.id}/scan/pick-up")
        expect(page.locator("#scanned li")).to_have_count(0)
        page.click("[data-camera-start]")
        expect(page.locator("#scanned li")).to_have_count(2, timeout=READ_MS)
        expect(page.locator("#scanned")).to_contain_text(first)
        expect(page.locator("#scanned")).to_contain_text(second)
        expect(page.locator("#scanned li.bad")).to_have_count(0)
        expect(page.locator("#progress")).to_contain_text("2 / 2")
        expect(page.locator("button[value=sign]")).to_be_enabled()
        # The camera came back by itself after each reload of the session page.
        expect(page.locator("[data-camera-stop]")).to_be_visible()
        shot(page, "camera-pick-up")
        page.click("[data-camera-stop]")
        expect(page.locator("[data-camera-start]")).to_be_visible()
        page.goto(f"{base}/manifests/{manifest.id}/scan/pick-up")
        expect(page.locator("[data-camera-start]")).to_be_visible()
        expect(page.locator("[data-camera-stop]")).to_be_hidden()
        assert complaints == []


def _containers(session, manifest_id: int) -> list:
    from sqlmodel import select

    from hazchem.models import Container

    return list(session.exec(select(Container).where(Container.manifest_id == manifest_id)))


def test_a_refused_camera_is_said_and_typing_still_works(live_server, session, chain, tmp_path):  # noqa: F811
    base = live_server
    (container,) = make_stored(session, chain, count=1)
    video = write_y4m(tmp_path / "label.y4m", [qr_picture(session, chain.officer, container.id, base)])
    with camera_page(video, allowed=False) as (page, complaints):
        log_in(page, base, "officer_a")
        page.goto(f"{base}/scan")
        page.click("[data-camera-start]")
        expect(page.locator("[data-camera-note]")).to_contain_text("相机权限被拒绝")
        expect(page.locator("[data-camera-view]")).to_be_hidden()
        shot(page, "camera-refused")
        scan_into(page, "input[name=code]", [container.digital_id])
        expect(page).to_have_url(f"{base}/l/{container.digital_id}")
        assert complaints == []


def test_no_camera_is_said_in_english_on_an_english_page(live_server):  # noqa: F811
    base = live_server
    with camera_page(None) as (page, complaints):
        log_in(page, base, "officer_a")
        page.goto(f"{base}/scan")
        page.click("form.lang button[value=en]")
        expect(page.locator("[data-camera-start]")).to_have_text("Scan with camera")
        page.click("[data-camera-start]")
        expect(page.locator("[data-camera-note]")).to_contain_text("No camera was found on this device")
        assert complaints == []


def test_a_label_held_in_view_is_one_scan(live_server, session, chain, submitted, tmp_path):  # noqa: F811
    base = live_server
    manifest, (first, _, _) = submitted
    (container,) = [c for c in _containers(session, manifest.id) if c.digital_id == first]
    video = write_y4m(tmp_path / "label.y4m", [qr_picture(session, chain.officer, container.id, base)])
    with camera_page(video) as (page, complaints):
        posts: list[str] = []
        page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
        log_in(page, base, "driver")
        posts.clear()
        page.goto(f"{base}/manifests/{manifest.id}/scan/pick-up")
        page.click("[data-camera-start]")
        expect(page.locator("#scanned li")).to_have_count(1, timeout=READ_MS)
        expect(page.locator("[data-camera-stop]")).to_be_visible()
        page.wait_for_timeout(5_000)  # longer than a repeat is ignored after the label was last seen
        expect(page.locator("#latest")).to_contain_text("在本联单上")
        assert len(posts) == 1
        assert complaints == []


def test_the_camera_fills_a_put_away_session(live_server, session, chain, tmp_path):  # noqa: F811
    base = live_server
    (container,) = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="180.5",
        gen_date=date(2026, 5, 1),
        count=1,
    )
    video = write_y4m(tmp_path / "label.y4m", [qr_picture(session, chain.officer, container.id, base)])
    with camera_page(video) as (page, complaints):
        log_in(page, base, "officer_a")
        page.goto(f"{base}/containers/put-away")
        page.click("[data-camera-start]")
        expect(page.locator("#scanned li.ok")).to_have_count(1, timeout=READ_MS)
        expect(page.locator("#scanned")).to_contain_text(container.digital_id)
        expect(page.locator("button[value=sign]")).to_be_enabled()
        assert complaints == []
