"""HJ 1276 labels: page size by volume, every field printed, the QR decodes to the scan URL, font embedded."""

import io
from dataclasses import replace
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from hazchem.render import fonts
from hazchem.render.labels import LabelData, label_pdf, label_png, label_size_mm, write_bulk

MM = 72 / 25.4
ID = "91350100M000100Y439002490820260501001"


def label(volume_l=200, **overrides):
    values = {
        "name": "废矿物油",
        "category": "HW08",
        "code": "900-249-08",
        "form": "液态",
        "characteristics": ("T", "I"),
        "main_components": "矿物油",
        "harmful_components": "多环芳烃",
        "precautions": "远离火源，防止泄漏",
        "digital_id": ID,
        "producer": "甲化工有限公司",
        "contact_name": "张敏",
        "contact_phone": "0575-82000001",
        "gen_date": date(2026, 5, 1),
        "weight_kg": "180.5",
        "remarks": "试点批次",
        "volume_l": volume_l,
        "scan_url": f"http://127.0.0.1:5000/l/{ID}",
    }
    values.update(overrides)
    return LabelData(**values)


@pytest.mark.parametrize(
    ("volume", "side"), [(10, 100), (50, 100), (51, 150), (200, 150), (449, 150), (450, 200), (1000, 200)]
)
def test_page_size_follows_the_volume_rule(volume, side):
    assert label_size_mm(volume) == (side, side)
    page = PdfReader(io.BytesIO(label_pdf([label(volume)]))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(side * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(side * MM, abs=0.5)


@pytest.mark.parametrize("volume", [10, 200, 1000])
def test_the_qr_decodes_to_exactly_the_scan_url(volume):
    page = pypdfium2.PdfDocument(label_pdf([label(volume)]))[0].render(scale=4).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(page)] == [f"http://127.0.0.1:5000/l/{ID}"]


def test_every_field_is_in_the_text():
    text = PdfReader(io.BytesIO(label_pdf([label()]))).pages[0].extract_text()
    for value in (
        "危险废物",
        "废矿物油",
        "HW08",
        "900-249-08",
        "液态",
        "毒性",
        "易燃性",
        "矿物油",
        "多环芳烃",
        "远离火源",
        ID,
        "甲化工有限公司",
        "张敏",
        "0575-82000001",
        "2026-05-01",
        "180.5",
        "试点批次",
    ):
        assert value in text.replace("\n", ""), value


def test_bulk_roll_has_a_page_per_label_and_a4_tiles_several():
    labels = [label(v) for v in (10, 10, 200, 1000)]
    assert len(PdfReader(io.BytesIO(label_pdf(labels))).pages) == 4
    tiled = PdfReader(io.BytesIO(label_pdf([label(10)] * 6, layout="a4")))
    assert len(tiled.pages) < 6  # several 100 mm labels share an A4 page
    assert float(tiled.pages[0].mediabox.width) == pytest.approx(210 * MM, abs=0.5)


def test_png_preview_decodes_too():
    png = label_png(label())
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [label().scan_url]


def test_long_text_stays_on_the_label():
    long = label(10, precautions="禁止混入其他废物，" * 30, main_components="矿物油、" * 40)
    page = PdfReader(io.BytesIO(label_pdf([long]))).pages[0]
    assert "禁止混入" in page.extract_text()


def test_the_cjk_font_is_embedded():
    page = PdfReader(io.BytesIO(label_pdf([label()]))).pages[0]
    descriptors = [f.get_object().get("/FontDescriptor") for f in page["/Resources"]["/Font"].values()]
    assert any(d is not None and "/FontFile2" in d.get_object() for d in descriptors)


def test_bulk_file_is_written(tmp_path):
    path = write_bulk([label(), label(1000)], tmp_path / "out")
    assert path.parent == tmp_path / "out" and path.read_bytes().startswith(b"%PDF")


def test_a_missing_font_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(fonts.FontMissing, match=fonts.FONT_PACKAGE):
        fonts.find_font_path()


def test_unknown_characteristic_is_refused():
    from hazchem.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        label_pdf([replace(label(), characteristics=("X",))])
