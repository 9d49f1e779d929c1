"""Transfer slips (危险废物转移联单) as A4 PDFs: plain data in, bytes out, the CJK font embedded."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hazchem.domain.errors import InvalidInput
from hazchem.render.drawing import QUIET_ZONE, qr_matrix, qr_runs
from hazchem.render.fonts import cjk_font

CHARACTERISTICS_ZH = {"T": "毒性", "C": "腐蚀性", "I": "易燃性", "R": "反应性", "In": "感染性"}
GRID = colors.Color(0.55, 0.55, 0.55)
HEAD = colors.Color(0.92, 0.93, 0.95)


@dataclass(frozen=True)
class Party:
    """A party's identity block (generator or receiver)."""

    role: str
    name: str
    uscc: str
    address: str
    contact: str
    phone: str


@dataclass(frozen=True)
class SlipLeg:
    """One transport leg as printed."""

    seq: int
    carrier: str
    vehicle_plate: str
    driver: str
    picked_up_at: str
    delivered_at: str


@dataclass(frozen=True)
class SlipContainer:
    """One container line of the slip."""

    digital_id: str
    packaging: str
    declared_kg: str
    weighed_kg: str
    accepted: str


@dataclass(frozen=True)
class SlipSignature:
    """A section signature: who, in which role, when."""

    section: str
    name: str
    role: str
    at: str


@dataclass(frozen=True)
class SlipData:
    """Everything a slip prints; every value is already text in the words the slip uses."""

    number: str
    status: str
    waste_code: str
    category: str
    waste_name: str
    form: str
    characteristics: tuple[str, ...]
    mode: str
    method: str
    declared_kg: str
    received_kg: str
    accepted_kg: str
    transfer_date: str
    generator: Party
    receiver: Party
    legs: tuple[SlipLeg, ...]
    containers: tuple[SlipContainer, ...]
    signatures: tuple[SlipSignature, ...]
    anomalies: tuple[str, ...]
    revisions: tuple[str, ...]
    verify_url: str
    fingerprint: str
    printed_at: str


class _Styles:
    """Paragraph styles in the embedded CJK font (built once per process)."""

    def __init__(self) -> None:
        font = cjk_font().name
        self.title = ParagraphStyle("title", fontName=font, fontSize=16, leading=20, alignment=TA_CENTER)
        self.number = ParagraphStyle("number", fontName=font, fontSize=11, leading=14, alignment=TA_CENTER)
        self.section = ParagraphStyle(
            "section", fontName=font, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3
        )
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
        self.small = ParagraphStyle("small", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK")


_styles: _Styles | None = None


def _s() -> _Styles:
    global _styles
    if _styles is None:
        _styles = _Styles()
    return _styles


def _p(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    escaped = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped or "—", style or _s().cell)


def _table(rows: list[list[Paragraph]], widths: Sequence[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD))
    table.setStyle(TableStyle(style))
    return table


class _QR(Flowable):
    """The QR code as vector squares with its quiet zone, drawn straight on the canvas."""

    def __init__(self, data: str, side: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(data)
        self.width = self.height = side

    def draw(self) -> None:
        """Paint the light square, then one rectangle per run of dark modules."""
        unit = self.width / (len(self.matrix) + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for row, col, length in qr_runs(self.matrix):
            y = self.height - (row + QUIET_ZONE + 1) * unit
            canvas.rect((col + QUIET_ZONE) * unit, y, length * unit, unit, stroke=0, fill=1)


def _party_block(party: Party, width: float) -> Table:
    label = [
        ["单位名称", party.name],
        ["统一社会信用代码", party.uscc],
        ["地址", party.address],
        ["联系人", party.contact],
        ["联系电话", party.phone],
    ]
    rows = [[_p(party.role, _s().section), _p("")]] + [[_p(k), _p(v)] for k, v in label]
    table = Table(rows, colWidths=[width * 0.3, width * 0.7])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 1), (-1, -1), 0.5, GRID),
                ("SPAN", (0, 0), (1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _story(slip: SlipData, width: float) -> list:
    s = _s()
    story: list = [
        _p("危险废物转移联单", s.title),
        _p(f"联单编号 {slip.number}　状态：{slip.status}", s.number),
        Spacer(1, 4 * mm),
    ]
    story.append(
        Table(
            [[_party_block(slip.generator, width / 2 - 3), _party_block(slip.receiver, width / 2 - 3)]],
            colWidths=[width / 2, width / 2],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
        )
    )
    story.append(_p("危险废物信息", s.section))
    characteristics = "、".join(CHARACTERISTICS_ZH.get(c, c) for c in slip.characteristics)
    info = [
        ["废物名称", slip.waste_name, "废物类别", slip.category],
        ["废物代码", slip.waste_code, "形态", slip.form],
        ["危险特性", characteristics, "利用处置方式", f"{slip.mode} {slip.method}".strip()],
        ["转移日期", slip.transfer_date, "申报数量（kg）", slip.declared_kg],
        ["接收数量（kg）", slip.received_kg, "确认接收（kg）", slip.accepted_kg],
    ]
    story.append(
        _table([[_p(c) for c in row] for row in info], [width * 0.17, width * 0.33] * 2, header=False)
    )
    story.append(_p("运输", s.section))
    legs = [[_p(h) for h in ("段", "运输单位", "车牌号", "驾驶员", "起运时间", "送达时间")]]
    legs += [
        [
            _p(str(leg.seq)),
            _p(leg.carrier),
            _p(leg.vehicle_plate),
            _p(leg.driver),
            _p(leg.picked_up_at),
            _p(leg.delivered_at),
        ]
        for leg in slip.legs
    ]
    story.append(_table(legs, [width * w for w in (0.06, 0.3, 0.14, 0.14, 0.18, 0.18)]))
    story.append(_p(f"包装容器（{len(slip.containers)} 件）", s.section))
    rows = [[_p(h) for h in ("数字识别码", "包装", "申报（kg）", "称重（kg）", "接收")]]
    rows += [
        [_p(c.digital_id, s.small), _p(c.packaging), _p(c.declared_kg), _p(c.weighed_kg), _p(c.accepted)]
        for c in slip.containers
    ]
    story.append(_table(rows, [width * w for w in (0.42, 0.14, 0.13, 0.13, 0.18)]))
    story.append(_p("签章", s.section))
    signs = [[_p(h) for h in ("环节", "签章人", "角色", "时间")]]
    signs += [[_p(g.section), _p(g.name), _p(g.role), _p(g.at)] for g in slip.signatures]
    story.append(_table(signs, [width * w for w in (0.2, 0.35, 0.2, 0.25)]))
    if slip.anomalies or slip.revisions:
        story.append(_p("异常与更正", s.section))
        notes = [[_p(f"异常：{a}")] for a in slip.anomalies] + [[_p(f"更正：{r}")] for r in slip.revisions]
        story.append(_table(notes, [width], header=False))
    verify = Table(
        [
            [
                _QR(slip.verify_url, 32 * mm),
                [
                    _p("扫码核验本联单是否与系统记录一致", s.cell),
                    _p(f"核验码 {slip.fingerprint}", s.cell),
                    _p(slip.verify_url, s.small),
                    _p(f"打印时间 {slip.printed_at}", s.small),
                ],
            ]
        ],
        colWidths=[36 * mm, width - 36 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    )
    story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether([verify]))
    return story


def slip_pdf(slips: Sequence[SlipData]) -> bytes:
    """Render one or many slips into one A4 PDF, each slip starting on a new page."""
    if not slips:
        raise InvalidInput("no slips to print")
    buffer = io.BytesIO()
    margin = 14 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title="危险废物转移联单",
        author="hazchem",
    )
    width = A4[0] - 2 * margin
    story: list = []
    for index, slip in enumerate(slips):
        if index:
            story.append(PageBreak())
        story.extend(_story(slip, width))
    doc.build(story)
    return buffer.getvalue()
