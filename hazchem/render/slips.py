"""Transfer slips (危险废物转移联单) on A4: every section with one signature line each, the container
list, a verification QR with the slip's code, and a watermark on drafts."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from hazchem.domain.errors import InvalidInput
from hazchem.render import messages as msg
from hazchem.render.drawing import MM, QUIET_ZONE, PdfPainter, qr_matrix
from hazchem.render.fonts import CJKFont, cjk_font
from hazchem.render.pictograms import CHARACTERISTIC_NAMES, check_characteristics


@dataclass(frozen=True)
class Party:
    """A party's block on the slip (generator or receiver), with its facility and licence number."""

    role: str
    name: str
    uscc: str
    address: str
    contact: str
    phone: str
    # The generator's origin facility or the receiving facility, with its location.
    facility: str = ""
    # The receiver's 危险废物经营许可证号 (none printed for the generator).
    licence: str = ""


@dataclass(frozen=True)
class SlipLeg:
    """One transport leg: carrier, vehicle, driver and times."""

    seq: int
    carrier: str
    vehicle_plate: str
    driver: str
    picked_up_at: str
    delivered_at: str
    # The carrier's 道路运输经营许可证号 in force on the transfer date.
    carrier_licence: str = ""


@dataclass(frozen=True)
class SlipContainer:
    """One container line: its digital ID, packaging, weights and the receiver's decision."""

    digital_id: str
    packaging: str
    declared_kg: str
    weighed_kg: str
    accepted: str


@dataclass(frozen=True)
class SlipSignature:
    """A signature of one section: who signed, in what role, when."""

    section: str
    name: str
    role: str
    at: str
    action: str = ""


@dataclass(frozen=True)
class SlipData:
    """Everything printed on one transfer slip, already formatted by the caller."""

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
    # The dangerous-goods class of the waste stream for road transport (empty: not recorded).
    dg_class: str = ""
    origin: str = ""
    destination: str = ""
    # The code this slip was issued under, printed beside the QR for typing in when it cannot be scanned.
    verify_code: str = ""
    # A draft is no transfer document: every page carries a large diagonal watermark.
    draft: bool = False


PAGE_MARGIN = 15 * MM
GENERATOR, CARRIER, RECEIVER, TREATMENT = "产生单位", "运输单位", "接收单位", "利用处置"
WATERMARK = "草稿 DRAFT"
GRID = (0.55, 0.55, 0.55)
SHADE = (0.93, 0.93, 0.93)


@dataclass(frozen=True)
class _Styles:
    title: Any
    number: Any
    heading: Any
    body: Any
    small: Any
    cell: Any
    cell_head: Any
    mono: Any


@lru_cache(maxsize=4)
def _styles(font_name: str) -> _Styles:
    """Paragraph styles on the embedded CJK font, built once per font."""
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("hz_body", fontName=font_name, fontSize=9.5, leading=13, wordWrap="CJK")
    return _Styles(
        title=ParagraphStyle("hz_title", parent=body, fontSize=20, leading=26),
        number=ParagraphStyle("hz_number", parent=body, fontSize=14, leading=19),
        heading=ParagraphStyle(
            "hz_heading", parent=body, fontSize=11.5, leading=16, spaceBefore=7, spaceAfter=3
        ),
        body=body,
        small=ParagraphStyle("hz_small", parent=body, fontSize=8, leading=10.5),
        cell=ParagraphStyle("hz_cell", parent=body, fontSize=8.5, leading=11),
        cell_head=ParagraphStyle("hz_cell_head", parent=body, fontSize=8.5, leading=11),
        mono=ParagraphStyle("hz_mono", parent=body, fontSize=8, leading=10.5),
    )


def _p(text: str, style: Any) -> Any:
    """A paragraph of plain text (escaped: values are data, never markup)."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _bold(text: str, style: Any) -> Any:
    """A heading paragraph (the CJK font has no bold face; headings stand out by size)."""
    return _p(text, style)


class _QR:
    """Factory for the QR flowable, defined lazily so importing this module stays cheap."""

    cls: type | None = None


def _qr_flowable(data: str, side: float, font: CJKFont) -> Any:
    """A flowable drawing the verification QR as vector squares, quiet zone included."""
    if _QR.cls is None:
        from reportlab.platypus import Flowable

        class QRFlowable(Flowable):  # type: ignore[misc]
            def __init__(self, data: str, side: float, font: CJKFont) -> None:
                super().__init__()
                self.data, self.side, self.font = data, side, font
                self.width = self.height = side

            def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
                return self.side, self.side

            def draw(self) -> None:
                matrix = qr_matrix(self.data)
                module = self.side / (len(matrix) + 2 * QUIET_ZONE)
                PdfPainter(self.canv, self.font).qr(0, 0, module, matrix)

        _QR.cls = QRFlowable
    return _QR.cls(data, side, font)


class _SlipStart:
    """Factory for the zero-size marker that tells the page decorations which slip is being drawn."""

    cls: type | None = None


def _slip_start(slip: SlipData) -> Any:
    if _SlipStart.cls is None:
        from reportlab.platypus import Flowable

        class SlipStart(Flowable):  # type: ignore[misc]
            def __init__(self, slip: SlipData) -> None:
                super().__init__()
                self.slip = slip
                self.width = self.height = 0

            def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
                return 0, 0

            def draw(self) -> None:
                doc = self.canv._doctemplate
                doc.hz_slip = self.slip
                doc.hz_first_page = doc.page

        _SlipStart.cls = SlipStart
    return _SlipStart.cls(slip)


def _grid(
    rows: list[list[Any]], widths: Sequence[float], header: bool = False, shade_cols: Sequence[int] = ()
) -> Any:
    """A bordered table; with header the first row repeats on every page the table spans."""
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    for col in shade_cols:
        style.append(("BACKGROUND", (col, 0), (col, -1), SHADE))
    table.setStyle(TableStyle(style))
    return table


def _characteristics(codes: tuple[str, ...]) -> str:
    return "、".join(f"{CHARACTERISTIC_NAMES[c]}({c})" for c in check_characteristics(codes)) or "—"


def _kg(value: str) -> str:
    return f"{value} kg" if value else "—"


def signature_line(slip: SlipData, section: str) -> str:
    """The one signature line of a section: every signature it carries, or that it is not yet signed."""
    signed = [s for s in slip.signatures if s.section == section]
    if not signed:
        return f"{section}签章：未签章"
    return f"{section}签章：" + "；".join(
        " ".join(v for v in (s.action, f"{s.name}（{s.role}）", s.at) if v) for s in signed
    )


def _signature_lines(slip: SlipData, section: str, st: _Styles) -> list[Any]:
    return [_p(signature_line(slip, section), st.small)]


def _party_block(party: Party, section: str, slip: SlipData, st: _Styles, width: float) -> list[Any]:
    heading = party.role if party.role else section
    rows = [
        [
            _p("单位名称", st.cell),
            _p(party.name, st.cell),
            _p("统一社会信用代码", st.cell),
            _p(party.uscc, st.cell),
        ],
        [
            _p("地址", st.cell),
            _p(party.address, st.cell),
            _p("联系人 / 电话", st.cell),
            _p(" / ".join(v for v in (party.contact, party.phone) if v), st.cell),
        ],
    ]
    receiver = section == RECEIVER
    facility = [_p("接收设施" if receiver else "产生设施", st.cell), _p(party.facility or "—", st.cell)]
    if receiver:
        facility += [_p("危险废物经营许可证号", st.cell), _p(party.licence or "—", st.cell)]
    else:
        facility += ["", ""]
    rows.append(facility)
    widths = [width * 0.14, width * 0.38, width * 0.2, width * 0.28]
    grid = _grid(rows, widths, shade_cols=(0, 2))
    if not receiver:
        grid.setStyle([("SPAN", (1, 2), (3, 2)), ("BACKGROUND", (2, 2), (3, 2), (1, 1, 1))])
    return [
        _bold(heading, st.heading),
        grid,
        *_signature_lines(slip, section, st),
    ]


def _slip_story(slip: SlipData, font: CJKFont, st: _Styles, width: float) -> list[Any]:
    """The flowables of one slip, from the header to the verification note."""
    from reportlab.platypus import Spacer, Table, TableStyle

    story: list[Any] = [_slip_start(slip)]
    qr_side = 30 * MM
    head_left = [
        _bold("危险废物转移联单", st.title),
        _bold(f"联单编号：{slip.number}", st.number),
        _p(f"状态：{slip.status}", st.body),
    ]
    head_right = [
        _qr_flowable(slip.verify_url, qr_side, font),
        _p("扫码核验", st.small),
        *([_p(f"核验码 {slip.verify_code}", st.mono)] if slip.verify_code else []),
        _p(f"指纹 {slip.fingerprint}", st.mono),
    ]
    header = Table([[head_left, head_right]], colWidths=[width - qr_side - 8, qr_side + 8])
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, (0, 0, 0)),
            ]
        )
    )
    story += [header, Spacer(1, 4)]

    story.append(_bold("废物信息", st.heading))
    c = st.cell
    treatment = " ".join(v for v in (slip.mode, slip.method) if v) or "—"
    info = [
        [_p("废物名称", c), _p(slip.waste_name, c), _p("废物代码", c), _p(slip.waste_code, c)],
        [_p("废物类别", c), _p(slip.category, c), _p("形态", c), _p(slip.form, c)],
        [
            _p("危险货物类别", c),
            _p(slip.dg_class or "—", c),
            _p("起运地", c),
            _p(slip.origin or "—", c),
        ],
        [
            _p("危险特性", c),
            _p(_characteristics(slip.characteristics), c),
            _p("利用/处置方式", c),
            _p(treatment, c),
        ],
        [_p("申报数量", c), _p(_kg(slip.declared_kg), c), _p("接收称重", c), _p(_kg(slip.received_kg), c)],
        [
            _p("确认接收", c),
            _p(_kg(slip.accepted_kg), c),
            _p("转移日期", c),
            _p(slip.transfer_date or "—", c),
        ],
        [_p("目的地", c), _p(slip.destination or "—", c), "", ""],
    ]
    info_grid = _grid(info, [width * 0.14, width * 0.38, width * 0.2, width * 0.28], shade_cols=(0, 2))
    last = len(info) - 1
    info_grid.setStyle([("SPAN", (1, last), (3, last)), ("BACKGROUND", (1, last), (3, last), (1, 1, 1))])
    story.append(info_grid)

    story += _party_block(slip.generator, GENERATOR, slip, st, width)

    story.append(_bold(CARRIER, st.heading))
    heads = ("段", "承运单位", "道路运输经营许可证号", "车牌号", "驾驶员", "提货时间", "送达时间")
    leg_rows = [[_p(h, st.cell_head) for h in heads]]
    for leg in slip.legs:
        leg_rows.append(
            [
                _p(str(leg.seq), c),
                _p(leg.carrier, c),
                _p(leg.carrier_licence or "—", c),
                _p(leg.vehicle_plate, c),
                _p(leg.driver, c),
                _p(leg.picked_up_at or "—", c),
                _p(leg.delivered_at or "—", c),
            ]
        )
    if not slip.legs:
        leg_rows.append([_p("—", c), _p("尚未指定承运", c), "", "", "", "", ""])
    leg_widths = [w * width for w in (0.05, 0.2, 0.2, 0.1, 0.09, 0.18, 0.18)]
    story.append(_grid(leg_rows, leg_widths, header=True))
    story += _signature_lines(slip, CARRIER, st)

    story += _party_block(slip.receiver, RECEIVER, slip, st, width)

    story.append(_bold(f"容器清单（{len(slip.containers)} 件）", st.heading))
    rows = [[_p(h, st.cell_head) for h in ("序号", "数字识别码", "包装", "申报(kg)", "称重(kg)", "接收")]]
    for i, item in enumerate(slip.containers, start=1):
        rows.append(
            [
                _p(str(i), c),
                _p(item.digital_id, st.mono),
                _p(item.packaging, c),
                _p(item.declared_kg, c),
                _p(item.weighed_kg or "—", c),
                _p(item.accepted or "—", c),
            ]
        )
    if not slip.containers:
        rows.append([_p("—", c), _p("无", c), "", "", "", ""])
    story.append(_grid(rows, [w * width for w in (0.07, 0.43, 0.14, 0.12, 0.12, 0.12)], header=True))

    # Treatment is signed by the receiver once the waste is utilised or disposed of, on its own line.
    story.append(_bold(TREATMENT, st.heading))
    story.append(
        _grid(
            [[_p("利用/处置方式", c), _p(treatment, c), _p("确认接收", c), _p(_kg(slip.accepted_kg), c)]],
            [width * 0.14, width * 0.38, width * 0.2, width * 0.28],
            shade_cols=(0, 2),
        )
    )
    story += _signature_lines(slip, TREATMENT, st)

    for title, lines in (("异常情况", slip.anomalies), ("修订记录", slip.revisions)):
        story.append(_bold(title, st.heading))
        if lines:
            story += [_p(f"{i}. {line}", st.body) for i, line in enumerate(lines, start=1)]
        else:
            story.append(_p("无", st.body))

    story += [
        Spacer(1, 6),
        _p(
            f"核验：扫描二维码或访问 {slip.verify_url}，"
            f"页面说明本联单是否由本系统签发、签发时的环节，以及此后记录的变化；"
            f"本联单指纹 {slip.fingerprint}。",
            st.small,
        ),
        _p(f"打印时间：{slip.printed_at}", st.small),
    ]
    return story


def _decorate(canvas: Any, doc: Any) -> None:
    """Footer on every page (number, fingerprint, page within the slip), a running head on continuations,
    and the watermark on every page of a draft."""
    slip: SlipData | None = getattr(doc, "hz_slip", None)
    if slip is None:
        return
    font = cjk_font()
    page_w, _ = doc.pagesize
    page_in_slip = doc.page - doc.hz_first_page + 1
    canvas.saveState()
    canvas.setFont(font.name, 7.5)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    if slip.draft:
        _watermark(canvas, font, page_w, doc.pagesize[1])
    left = f"危险废物转移联单 {slip.number} · 指纹 {slip.fingerprint} · 打印于 {slip.printed_at}"
    canvas.drawString(PAGE_MARGIN, PAGE_MARGIN / 2, left)
    canvas.drawRightString(page_w - PAGE_MARGIN, PAGE_MARGIN / 2, f"第 {page_in_slip} 页")
    if page_in_slip > 1:
        canvas.drawString(PAGE_MARGIN, doc.pagesize[1] - PAGE_MARGIN / 2 - 4, f"联单编号 {slip.number}（续）")
    canvas.restoreState()


def _watermark(canvas: Any, font: CJKFont, page_w: float, page_h: float) -> None:
    """A large diagonal "草稿 DRAFT" across the page, translucent so the text under it stays legible."""
    canvas.saveState()
    canvas.setFillColorRGB(0.75, 0.1, 0.1)
    canvas.setFillAlpha(0.16)
    canvas.translate(page_w / 2, page_h / 2)
    canvas.rotate(45)
    canvas.setFont(font.name, 96)
    canvas.drawCentredString(0, -32, WATERMARK)
    canvas.restoreState()


def slip_pdf(slips: Sequence[SlipData]) -> bytes:
    """Render transfer slips as one A4 PDF, each slip starting on a new page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate

    if not slips:
        raise InvalidInput(msg.RENDER_NO_SLIPS)
    font = cjk_font()
    st = _styles(font.name)
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title="危险废物转移联单",
        creator="hazchem",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="slip", frames=[frame], onPageEnd=_decorate)])
    story: list[Any] = []
    for i, slip in enumerate(slips):
        if i:
            story.append(PageBreak())
        story += _slip_story(slip, font, st, doc.width)
    doc.build(story)
    return out.getvalue()
