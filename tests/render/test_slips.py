"""Transfer slip PDFs: every section printed, the QR decodes to the verification URL, the font embedded."""

import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from hazchem.domain.errors import InvalidInput
from hazchem.render.slips import (
    WATERMARK,
    Party,
    SlipContainer,
    SlipData,
    SlipLeg,
    SlipSignature,
    slip_pdf,
)

VERIFY = "http://127.0.0.1:5000/v/20263306000001?f=0123456789ABCDEF"


def slip(containers=3, number="20263306000001", draft=False):
    generator = Party(
        "产生单位",
        "甲化工有限公司",
        "91350100M000100Y43",
        "上虞区纬三路1号",
        "张敏",
        "0575-82000001",
        facility="危废贮存库（上虞区纬三路1号东区）",
    )
    receiver = Party(
        "接收单位",
        "乙环保科技有限公司",
        "913306040000000010",
        "上虞区纬七路9号",
        "李强",
        "0575-82000002",
        facility="焚烧车间（上虞区纬七路9号）",
        licence="浙危废经第3306000001号",
    )
    return SlipData(
        number=number,
        status="已办结",
        waste_code="900-249-08",
        category="HW08",
        waste_name="废矿物油",
        form="液态",
        characteristics=("T", "I"),
        mode="处置",
        method="D10",
        declared_kg="400",
        received_kg="400.5",
        accepted_kg="400.5",
        transfer_date="2026-06-01",
        generator=generator,
        receiver=receiver,
        legs=(
            SlipLeg(
                1,
                "丙危险品运输有限公司",
                "浙D12345",
                "王师傅",
                "2026-06-01 09:00",
                "2026-06-01 12:00",
                carrier_licence="浙交运管许可绍字330600000001号",
            ),
        ),
        containers=tuple(
            SlipContainer(f"91350100M000100Y439002490820260501{i:03d}", "钢桶", "200", "200.5", "接收")
            for i in range(1, containers + 1)
        ),
        signatures=(
            SlipSignature("产生单位", "张敏", "企业环安负责人", "2026-06-01 08:00", "提交"),
            SlipSignature("运输单位", "王师傅", "驾驶员", "2026-06-01 09:00", "提货"),
            SlipSignature("接收单位", "李强", "接收设施操作员", "2026-06-01 12:00", "到达"),
            SlipSignature("接收单位", "李强", "接收设施操作员", "2026-06-01 12:30", "接收"),
        ),
        anomalies=("称重差异：复磅确认",),
        revisions=("2026-06-02 note：首批 → 第一批（笔误）",),
        verify_url=VERIFY,
        fingerprint="0123456789ABCDEF",
        printed_at="2026-11-21 14:00",
        dg_class="3",
        origin="危废贮存库（上虞区纬三路1号东区）",
        destination="焚烧车间（上虞区纬七路9号）",
        verify_code="ABCDE-FGHJK",
        draft=draft,
    )


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_section_is_printed():
    text = text_of(slip_pdf([slip()]))
    for value in (
        "危险废物转移联单",
        "20263306000001",
        "甲化工有限公司",
        "乙环保科技有限公司",
        "91350100M000100Y43",
        "浙D12345",
        "王师傅",
        "900-249-08",
        "毒性",
        "易燃性",
        "400.5",
        "91350100M000100Y439002490820260501003",
        "复磅确认",
        "第一批",
        "0123456789ABCDEF",
        "张敏",
    ):
        assert value in text, value


def test_what_a_transfer_slip_carries_is_printed():
    # Long values wrap within their cells: compare without line breaks.
    text = text_of(slip_pdf([slip()])).replace("\n", "")
    for caption, value in (
        ("道路运输经营许可证号", "浙交运管许可绍字330600000001号"),
        ("危险废物经营许可证号", "浙危废经第3306000001号"),
        ("接收设施", "焚烧车间（上虞区纬七路9号）"),
        ("起运地", "危废贮存库（上虞区纬三路1号东区）"),
        ("目的地", "焚烧车间"),
        ("危险货物类别", "3"),
        ("核验码", "ABCDE-FGHJK"),
    ):
        assert caption in text and value in text, (caption, value)


def test_exactly_one_signature_line_per_section():
    text = text_of(slip_pdf([slip()]))
    lines = [line for line in text.splitlines() if "签章：" in line]
    assert [line.split("签章：")[0] for line in lines] == ["产生单位", "运输单位", "接收单位", "利用处置"]
    # The receiver signs twice (arrival, acceptance): both on its one line.
    [receiver] = [line for line in lines if line.startswith("接收单位")]
    assert "到达" in receiver and "接收 李强" in receiver and receiver.count("李强") == 2
    assert lines[-1] == "利用处置签章：未签章"


def page_texts(pdf: bytes) -> list[str]:
    """Every page's text as pdfium reads it, which includes rotated text such as the watermark."""
    document = pypdfium2.PdfDocument(pdf)
    return [page.get_textpage().get_text_range() for page in document]


def test_a_draft_is_watermarked_on_every_page_and_a_signed_slip_is_not():
    draft = page_texts(slip_pdf([slip(containers=80, draft=True)]))
    assert len(draft) >= 2 and all(WATERMARK in text for text in draft)
    assert WATERMARK == "草稿 DRAFT"
    signed = page_texts(slip_pdf([slip(containers=80)]))
    assert not any("DRAFT" in text for text in signed)
    # In a bulk print only the draft's pages carry it.
    bulk = page_texts(slip_pdf([slip(), slip(number="20263306000002", draft=True)]))
    assert "DRAFT" not in bulk[0] and "DRAFT" in bulk[-1]


def test_the_qr_decodes_to_the_verification_url():
    pdf = pypdfium2.PdfDocument(slip_pdf([slip(containers=60)]))
    first = pdf[0].render(scale=3).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(first)] == [VERIFY]


def test_long_container_lists_split_across_pages_and_bulk_starts_each_slip_on_a_new_page():
    one = PdfReader(io.BytesIO(slip_pdf([slip(containers=80)])))
    assert len(one.pages) >= 2
    # A continuation page still says which manifest it belongs to and repeats the table header.
    later = one.pages[1].extract_text()
    assert "20263306000001" in later and "数字识别码" in later and "第 2 页" in later
    two = PdfReader(io.BytesIO(slip_pdf([slip(), slip(number="20263306000002")])))
    first_pages = [p.extract_text() for p in two.pages]
    assert "20263306000001" in first_pages[0]
    assert any(t.startswith("危险废物转移联单") and "20263306000002" in t for t in first_pages[1:])


STANDARD_14 = {"/Helvetica", "/Times-Roman", "/Courier", "/Symbol", "/ZapfDingbats"}


def test_the_cjk_font_is_embedded_and_no_other_font_needs_the_viewer():
    reader = PdfReader(io.BytesIO(slip_pdf([slip()])))
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/FontDescriptor" in font:
                assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
                embedded.append(font["/BaseFont"])
            else:  # reportlab always lists its default font; viewers must carry the standard 14
                assert font["/BaseFont"] in STANDARD_14
    assert any("WenQuanYi" in name for name in embedded)


def test_nothing_to_print_is_refused():
    with pytest.raises(InvalidInput):
        slip_pdf([])


def test_an_unknown_characteristic_is_refused():
    from dataclasses import replace

    with pytest.raises(InvalidInput):
        slip_pdf([replace(slip(), characteristics=("X",))])
