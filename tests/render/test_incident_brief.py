"""The responders' brief: one A4 page with the sheets, stock and resources, and a QR code a phone reads
back to the live page."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader

from hazchem.render.incident_brief import BriefData, BriefSection, brief_pdf

URL = "https://hazchem.example-park.cn/incidents/7"


def _brief(rows: tuple = (("氰化钠 *", "佩戴正压式空气呼吸器", "用次氯酸钠溶液处理"),)) -> bytes:
    return brief_pdf(
        BriefData(
            title="事故 7：应急处置简报",
            facts=(("地点", "甲类仓库A区"), ("响应级别", "II")),
            url=URL,
            url_caption="扫码查看在线页面",
            sections=(BriefSection("涉及化学品及应急处置", ("化学品", "防护要点", "应急处置要点"), rows),),
        )
    )


def test_the_brief_carries_the_handling_and_a_qr_code_to_the_live_page():
    pdf = _brief()
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "次氯酸钠" in text and "甲类仓库A区" in text
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [URL]


def test_an_empty_section_says_so():
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_brief(rows=()))).pages)
    assert "涉及化学品及应急处置" in text and "—" in text
