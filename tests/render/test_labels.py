"""HJ 1276 labels: page size by volume, every field printed, the QR decodes to the scan URL, font embedded."""

import io
from dataclasses import replace
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from hazchem.render import fonts
from hazchem.render.labels import LabelData, label_pdf, label_png, label_size_mm

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
    # The 1000 L container carries a label on each of two opposite sides: two pages.
    assert len(PdfReader(io.BytesIO(label_pdf(labels))).pages) == 5
    tiled = PdfReader(io.BytesIO(label_pdf([label(10)] * 6, layout="a4")))
    assert len(tiled.pages) == 2  # four 100 mm labels per A4 sheet
    for page in tiled.pages:
        assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * MM, abs=0.5)
    assert tiled.pages[0].extract_text().count("危险废物") == 4


def test_every_tiled_label_qr_decodes():
    labels = [label(10, scan_url=f"http://127.0.0.1:5000/l/{ID[:-1]}{i}") for i in range(4)]
    page = pypdfium2.PdfDocument(label_pdf(labels, layout="a4"))[0]
    image = page.render(scale=4).to_pil()
    assert sorted(r.text for r in zxingcpp.read_barcodes(image)) == sorted(lb.scan_url for lb in labels)


@pytest.mark.parametrize(("volume", "side"), [(10, 100), (200, 150), (1000, 200)])
def test_png_preview_has_the_physical_size_and_decodes_too(volume, side):
    from PIL import Image

    png = label_png(label(volume), dpi=150)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(side / 25.4 * 150),) * 2
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [label(volume).scan_url]


@pytest.mark.parametrize("volume", [10, 200, 1000])
def test_long_text_stays_inside_the_border(volume):
    long = label(
        volume,
        name="含多种有机溶剂及重金属的精馏残渣" * 4,
        precautions="禁止混入其他废物，" * 30,
        main_components="矿物油、" * 40,
        harmful_components="Polycyclic-aromatic-hydrocarbons-without-any-space" * 3,
        producer="上虞示例精细化工有限公司第二分公司危废暂存库" * 2,
        remarks="备注" * 100,
    )
    page = pypdfium2.PdfDocument(label_pdf([long]))[0]
    inner = (3 + 1) * MM  # 3 mm blank margin and 1 mm border, HJ 1276
    side = page.get_width()
    text = page.get_textpage()
    assert "禁止混入" in text.get_text_range()
    for i in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(i)
        if right > left:  # spaces and line breaks have empty boxes
            assert inner - 0.5 <= left and right <= side - inner + 0.5, (i, left, right)
            assert inner - 0.5 <= bottom and top <= side - inner + 0.5, (i, bottom, top)


STANDARD_14 = {"/Helvetica", "/Times-Roman", "/Courier", "/Symbol", "/ZapfDingbats"}


@pytest.mark.parametrize("layout", ["roll", "a4"])
def test_the_cjk_font_is_embedded_and_no_page_needs_a_viewer_font(layout):
    reader = PdfReader(io.BytesIO(label_pdf([label(10), label(200), label(1000)], layout=layout)))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/FontDescriptor" in font:
                assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
                embedded.add(font["/BaseFont"])
            else:  # reportlab lists its default font on every page; viewers must carry the standard 14
                assert font["/BaseFont"] in STANDARD_14
    assert embedded


def test_a_missing_font_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(fonts.FontMissing, match=fonts.FONT_PACKAGE):
        fonts.find_font_path()


def test_unknown_characteristic_is_refused():
    from hazchem.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        label_pdf([replace(label(), characteristics=("X",))])
