"""HJ 1276 labels: page size by volume, every field printed, the QR decodes to the scan URL, font embedded."""

import io
from dataclasses import replace
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from hazchem.render import fonts
from hazchem.render.labels import LabelData, label_pdf, label_png, label_size_mm, labels_per_container

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


# --- Text height: never below the size's minimum (HJ 1276: 3, 5 and 6 mm) ---------------------------

MIN_TEXT_MM = {100: 3.0, 150: 5.0, 200: 6.0}
LONG_NAME = "含多种有机溶剂及重金属的精馏残渣和废催化剂混合物"
LONG_PRODUCER = "浙江省绍兴市上虞区杭州湾经济技术开发区纬五路18号上虞示例精细化工有限公司第二分公司"


def printed_text(pdf: bytes) -> list[list[tuple[str, float]]]:
    """Per page, every text run with its height in mm (font size times the text and user scale)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[str, float]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((text.strip(), size * abs(tm[3]) * abs(cm[3]) / MM))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def page_sides(pdf: bytes) -> list[int]:
    return [round(float(p.mediabox.width) / MM) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("volume", [10, 200, 1000])
@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"name": LONG_NAME, "producer": LONG_PRODUCER, "contact_name": "欧阳建国"},
        {"name": LONG_NAME * 3, "producer": LONG_PRODUCER * 2, "precautions": "禁止混入其他废物，" * 30},
        {"characteristics": ("T", "C", "I", "R", "In"), "form": "半固态", "remarks": "备注" * 100},
    ],
    ids=["ordinary", "long-name-and-address", "too-long-for-any-size", "all-pictograms"],
)
def test_every_printed_text_is_at_least_the_minimum_height_of_its_size(volume, overrides):
    pdf = label_pdf([label(volume, **overrides)])
    for side, runs in zip(page_sides(pdf), printed_text(pdf), strict=True):
        assert runs
        assert side >= label_size_mm(volume)[0]
        for text, height in runs:
            assert height >= MIN_TEXT_MM[side] - 0.01, (side, text, height)


@pytest.mark.parametrize("volume", [10, 200, 1000])
def test_ordinary_values_fit_the_containers_own_size_in_full(volume):
    pdf = label_pdf([label(volume, contact_name="欧阳建")])
    assert page_sides(pdf)[0] == label_size_mm(volume)[0]
    text = "".join(t for t, _ in printed_text(pdf)[0])
    assert "…" not in text and "0575-82000001" in text and "2026-05-01" in text and "欧阳建" in text


def test_a_long_address_wraps_and_a_longer_name_moves_the_label_up_a_size_instead_of_shrinking():
    pdf = label_pdf([label(10, name=LONG_NAME, producer=LONG_PRODUCER)])
    assert page_sides(pdf) == [100]
    text = "".join(t for t, _ in printed_text(pdf)[0])
    assert LONG_NAME in text and LONG_PRODUCER in text and "…" not in text
    longer = LONG_NAME * 2
    pdf = label_pdf([label(10, name=longer, producer=LONG_PRODUCER)])
    assert page_sides(pdf) == [200]  # 100 mm at 3 mm and 150 mm at 5 mm cannot hold it
    text = "".join(t for t, _ in printed_text(pdf)[0])
    assert longer in text and LONG_PRODUCER in text and "…" not in text
    png = label_png(label(10, name=longer, producer=LONG_PRODUCER), dpi=72)
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (round(200 / 25.4 * 72),) * 2


def test_text_too_long_for_the_largest_size_is_cut_at_the_minimum_height():
    pdf = label_pdf([label(10, precautions="禁止混入其他废物，" * 30)])
    assert page_sides(pdf) == [200]
    runs = printed_text(pdf)[0]
    assert any(t.endswith("…") for t, _ in runs)
    assert min(h for _, h in runs) >= 6.0 - 0.01


# --- Copies and A4 tiling -------------------------------------------------------------------------


@pytest.mark.parametrize(("volume", "copies"), [(449, 1), (450, 1), (451, 2), (1000, 2)])
def test_a_container_over_450_litres_gets_two_labels(volume, copies):
    assert labels_per_container(volume) == copies
    roll = label_pdf([label(volume)])
    assert len(PdfReader(io.BytesIO(roll)).pages) == copies
    assert sum(t == ID for runs in printed_text(roll) for t, _ in runs) == copies


def test_a4_tiles_as_many_labels_as_fit_per_sheet():
    def pages(volumes):
        return len(PdfReader(io.BytesIO(label_pdf([label(v) for v in volumes], layout="a4"))).pages)

    assert pages([10] * 4) == 1  # 2 × 2 labels of 100 mm on 202 × 289 mm
    assert pages([10] * 5) == 2
    assert pages([200, 10, 10]) == 1  # a 150 mm label above two of 100 mm
    assert pages([200, 200]) == 2  # two 150 mm labels are taller than the sheet
    assert pages([10, 200, 10]) == 1  # the second 100 mm label goes beside the first
    assert pages([1000]) == 2  # two 200 mm copies, one per sheet
    text = PdfReader(io.BytesIO(label_pdf([label(10)] * 4, layout="a4"))).pages[0].extract_text()
    assert text.count("危险废物") == 4
