"""HJ 1276-2022 hazardous-waste labels (危险废物标签) as PDF for printers and PNG for screens."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from hazchem.domain.errors import InvalidInput
from hazchem.domain.vocab import LabelLayout
from hazchem.render.drawing import (
    MM,
    QUIET_ZONE,
    Metrics,
    PdfPainter,
    PngPainter,
    fit,
    metrics,
    qr_matrix,
)
from hazchem.render.fonts import cjk_font
from hazchem.render.pictograms import BLACK, CHARACTERISTIC_NAMES, check_characteristics

ORANGE = (255, 150, 0)  # 醒目的橘黄色
GUIDE = (160, 160, 160)
A4_MM = (210, 297)

# HJ 1276-2022 table: container volume → minimum label side and minimum text height (mm).
_MIN_TEXT_MM = {100: 3.0, 150: 5.0, 200: 6.0}
# Long free-text values may shrink to this share of the standard text height before being cut short.
_SHRINK_FLOOR = 0.6
# A4 tiling: printable margin of the sheet and the gap left between labels for the cut.
_SHEET_MARGIN_MM = 4.0
_CUT_GAP_MM = 2.0


@dataclass(frozen=True)
class LabelData:
    """Everything printed on one container label, already formatted by the caller."""

    name: str
    category: str
    code: str
    form: str
    characteristics: tuple[str, ...]
    main_components: str
    harmful_components: str
    precautions: str
    digital_id: str
    producer: str
    contact_name: str
    contact_phone: str
    gen_date: date
    weight_kg: str
    remarks: str
    volume_l: int
    scan_url: str


def label_size_mm(volume_l: int) -> tuple[int, int]:
    """Return the label's width and height in mm for a container volume (HJ 1276-2022 minimum sizes)."""
    if volume_l < 0:
        raise InvalidInput(
            f"container volume {volume_l} L is negative",
            details=[{"field": "volume_l", "value": volume_l}],
        )
    if volume_l <= 50:
        return (100, 100)
    if volume_l < 450:
        return (150, 150)
    return (200, 200)


# --- Geometry (computed once per label size) --------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin at the label's lower-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Cell:
    """One printed field: its caption and the attribute of LabelData (or derived key) it shows."""

    caption: str
    key: str
    box: Box


@dataclass(frozen=True)
class Geometry:
    """Where everything goes on a label of one size."""

    width: float
    height: float
    base: float  # standard text size (pt)
    border: Box
    border_width: float
    title: Box
    cells: tuple[Cell, ...]
    hazards: Box
    qr: Box
    rules: tuple[tuple[float, float, float, float], ...]
    rule_width: float


def _split(box: Box, weights: Sequence[float]) -> list[Box]:
    """Cut a box into rows from the top, each as tall as its share of the weights."""
    total = sum(weights)
    rows, top = [], box.y + box.h
    for weight in weights:
        h = box.h * weight / total
        top -= h
        rows.append(Box(box.x, top, box.w, h))
    return rows


def _columns(box: Box, shares: Sequence[float]) -> list[Box]:
    """Cut a box into columns by shares of its width."""
    out, x = [], box.x
    for share in shares:
        out.append(Box(x, box.y, box.w * share, box.h))
        x += box.w * share
    return out


@lru_cache(maxsize=8)
def geometry(side_mm: int) -> Geometry:
    """Lay out a square label: title band, fields beside the pictograms, ID row, fields beside the QR."""
    side = side_mm * MM
    k = side_mm / 100
    base = _MIN_TEXT_MM.get(side_mm, 3.0 * k) * MM
    margin = 3 * MM  # HJ 1276: keep ≥ 3 mm blank outside the border
    border_width = 1 * MM  # HJ 1276: border ≥ 1 mm
    edge = margin + border_width / 2
    border = Box(edge, edge, side - 2 * edge, side - 2 * edge)
    pad = 1.6 * MM * k
    inner = margin + border_width + pad
    content = Box(inner, inner, side - 2 * inner, side - 2 * inner)
    title_h = content.h * 0.12
    title = Box(content.x, content.y + content.h - title_h, content.w, title_h)
    body = Box(content.x, content.y, content.w, content.h - title_h - pad)

    upper, full1, full2, lower = _split(body, [7.0, 2.0, 1.0, 5.5])
    cells: list[Cell] = []
    gap = pad
    left_w = upper.w * 0.63
    up_left = Box(upper.x, upper.y, left_w, upper.h)
    hazards = Box(upper.x + left_w + gap, upper.y, upper.w - left_w - gap, upper.h)
    name, cat_form, code, main, harmful = _split(up_left, [2, 1, 1, 1.5, 1.5])
    cat, form = _columns(cat_form, [0.5, 0.5])
    cells += [
        Cell("废物名称", "name", name),
        Cell("废物类别", "category", cat),
        Cell("废物形态", "form", form),
        Cell("废物代码", "code", code),
        Cell("主要成分", "main_components", main),
        Cell("有害成分", "harmful_components", harmful),
        Cell("注意事项", "precautions", full1),
        Cell("数字识别码", "digital_id", full2),
    ]
    qr_side = min(lower.h, lower.w * 0.4)
    qr = Box(lower.x + lower.w - qr_side, lower.y + (lower.h - qr_side) / 2, qr_side, qr_side)
    low_left = Box(lower.x, lower.y, lower.w - qr_side - gap, lower.h)
    producer, contact, when, remarks = _split(low_left, [2, 1, 1, 1.5])
    person, phone = _columns(contact, [0.38, 0.62])
    gen, weight = _columns(when, [0.5, 0.5])
    cells += [
        Cell("产生/收集单位", "producer", producer),
        Cell("联系人", "contact_name", person),
        Cell("联系方式", "contact_phone", phone),
        Cell("产生日期", "gen_date", gen),
        Cell("废物重量", "weight", weight),
        Cell("备注", "remarks", remarks),
    ]
    x0, x1 = content.x - pad, content.x + content.w + pad
    rules = (
        (x0, title.y, x1, title.y),
        (x0, upper.y, x1, upper.y),
        (x0, lower.y + lower.h, x1, lower.y + lower.h),
        (hazards.x - gap / 2, upper.y, hazards.x - gap / 2, upper.y + upper.h + pad / 2),
    )
    return Geometry(
        width=side,
        height=side,
        base=base,
        border=border,
        border_width=border_width,
        title=title,
        cells=tuple(cells),
        hazards=hazards,
        qr=qr,
        rules=rules,
        rule_width=0.3 * MM * k,
    )


# --- Drawing ---------------------------------------------------------------------------------------


def _value(label: LabelData, key: str) -> str:
    if key == "gen_date":
        return f"{label.gen_date:%Y-%m-%d}"
    if key == "weight":
        return f"{label.weight_kg} kg" if label.weight_kg else ""
    return str(getattr(label, key) or "")


def _draw_cell(p: PdfPainter | PngPainter, cell: Cell, value: str, base: float, m: Metrics) -> None:
    """Caption in the standard size, value after it; the value wraps and shrinks to stay inside its box."""
    box = cell.box
    inset = base * 0.15
    caption = cell.caption + "："
    cap_w = m.width(caption, base)
    avail_w = max(box.w - cap_w - 2 * inset, base)
    avail_h = box.h - 2 * inset
    fitted = fit(value, avail_w, avail_h, base, base * _SHRINK_FLOOR, m)
    block = max(len(fitted.lines) * fitted.leading, base * 1.18)
    top = box.y + box.h - (box.h - block) / 2
    cap_base = top - (base * 1.18 - base) / 2 - base * m.ascent
    p.text(box.x + inset, cap_base, caption, base, BLACK)
    line_y = top - (fitted.leading - fitted.size) / 2 - fitted.size * m.ascent
    for line in fitted.lines:
        if line:
            p.text(box.x + inset + cap_w, line_y, line, fitted.size, BLACK)
        line_y -= fitted.leading


def _draw_hazards(
    p: PdfPainter | PngPainter, box: Box, codes: tuple[str, ...], base: float, m: Metrics
) -> None:
    """Caption 危险特性 and one pictogram per characteristic, in the grid that makes them largest."""
    cap_h = base * 1.4
    p.text(box.x + base * 0.15, box.y + box.h - base * 0.15 - base * m.ascent, "危险特性：", base, BLACK)
    area = Box(box.x, box.y, box.w, box.h - cap_h)
    if not codes:
        p.text(area.x + area.w / 2 - base / 2, area.y + area.h / 2, "—", base, BLACK)
        return
    name_h = base * 1.25
    best = (0.0, 1, 1)
    for cols in range(1, len(codes) + 1):
        rows = math.ceil(len(codes) / cols)
        size = min(area.w / cols * 0.94, (area.h / rows - name_h) * 0.96)
        if size > best[0]:
            best = (size, cols, rows)
    size, cols, rows = best
    cell_w, cell_h = area.w / cols, area.h / rows
    for i, code in enumerate(codes):
        r, c = divmod(i, cols)
        # Centre a short last row.
        in_row = min(cols, len(codes) - r * cols)
        offset = (cols - in_row) * cell_w / 2
        cx = area.x + offset + c * cell_w + cell_w / 2
        top = area.y + area.h - r * cell_h - (cell_h - size - name_h) / 2
        p.pictogram(code, cx - size / 2, top - size, size)
        name = CHARACTERISTIC_NAMES[code]
        fitted = fit(name, cell_w, name_h, base, base * 0.5, m)
        w = m.width(fitted.lines[0], fitted.size)
        p.text(cx - w / 2, top - size - fitted.size * 1.05, fitted.lines[0], fitted.size, BLACK)


def _draw_label(p: PdfPainter | PngPainter, label: LabelData, ox: float = 0.0, oy: float = 0.0) -> None:
    """Draw one label with its lower-left corner at (ox, oy)."""
    codes = check_characteristics(label.characteristics)
    side = label_size_mm(label.volume_l)[0]
    g = geometry(side)
    m = metrics()
    b = g.border
    p.rect(ox + b.x, oy + b.y, b.w, b.h, ORANGE, BLACK, g.border_width)
    t = g.title
    title_size = t.h * 0.7
    title_w = m.width("危险废物", title_size)
    p.text(
        ox + t.x + (t.w - title_w) / 2,
        oy + t.y + (t.h - title_size) / 2 + title_size * m.descent * 0.6,
        "危险废物",
        title_size,
        BLACK,
        bold=True,
    )
    for x1, y1, x2, y2 in g.rules:
        p.line(ox + x1, oy + y1, ox + x2, oy + y2, BLACK, g.rule_width)
    for cell in g.cells:
        shifted = Cell(cell.caption, cell.key, Box(ox + cell.box.x, oy + cell.box.y, cell.box.w, cell.box.h))
        _draw_cell(p, shifted, _value(label, cell.key), g.base, m)
    h = g.hazards
    _draw_hazards(p, Box(ox + h.x, oy + h.y, h.w, h.h), codes, g.base, m)
    matrix = qr_matrix(label.scan_url)
    module = g.qr.w / (len(matrix) + 2 * QUIET_ZONE)
    p.qr(ox + g.qr.x, oy + g.qr.y, module, matrix)


def _check(labels: Sequence[LabelData], layout: str) -> None:
    if layout not in list(LabelLayout):
        raise InvalidInput(
            f"label layout {layout!r} is not one of {', '.join(LabelLayout)}",
            details=[{"field": "layout", "value": layout}],
        )
    if not labels:
        raise InvalidInput("no labels to print")


def _fits(shelves: list[list[float]], width: float, height: float, gap: float) -> bool:
    """Tell whether shelves of label sides fit a sheet area, with the cut gap between neighbours."""
    rows_h = sum(max(shelf) for shelf in shelves) + gap * (len(shelves) - 1)
    rows_w = max(sum(shelf) + gap * (len(shelf) - 1) for shelf in shelves)
    return rows_h <= height + 0.01 and rows_w <= width + 0.01


def _tiles(labels: Sequence[LabelData]) -> list[list[tuple[LabelData, float, float]]]:
    """Place labels on A4 sheets in shelves, in order; returns per page (label, x, y) in points."""
    page_w, page_h = A4_MM[0] * MM, A4_MM[1] * MM
    margin, gap = _SHEET_MARGIN_MM * MM, _CUT_GAP_MM * MM
    area_w, area_h = page_w - 2 * margin, page_h - 2 * margin
    pages: list[list[list[tuple[LabelData, float]]]] = [[]]
    for label in labels:
        s = label_size_mm(label.volume_l)[0] * MM
        shelves = pages[-1]
        sides = [[w for _, w in shelf] for shelf in shelves]
        if shelves and _fits([*sides[:-1], [*sides[-1], s]], area_w, area_h, gap):
            shelves[-1].append((label, s))
        elif _fits([*sides, [s]], area_w, area_h, gap):
            shelves.append([(label, s)])
        else:
            pages.append([[(label, s)]])
    placed_pages = []
    for shelves in pages:
        placed, top = [], page_h - margin
        for shelf in shelves:
            row_w = sum(w for _, w in shelf) + gap * (len(shelf) - 1)
            x = (page_w - row_w) / 2
            for label, s in shelf:
                placed.append((label, x, top - s))
                x += s + gap
            top -= max(w for _, w in shelf) + gap
        placed_pages.append(placed)
    return placed_pages


def label_pdf(labels: Sequence[LabelData], layout: str = LabelLayout.ROLL) -> bytes:
    """Render labels as one PDF: one label per page at its own size ("roll") or tiled on A4 ("a4")."""
    from reportlab.pdfgen.canvas import Canvas

    _check(labels, layout)
    font = cjk_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(A4_MM[0] * MM, A4_MM[1] * MM), pageCompression=1)
    canvas.setTitle("危险废物标签")
    canvas.setCreator("hazchem")
    painter = PdfPainter(canvas, font)
    if layout == LabelLayout.ROLL:
        for label in labels:
            side = label_size_mm(label.volume_l)[0] * MM
            canvas.setPageSize((side, side))
            _draw_label(painter, label)
            canvas.showPage()
    else:
        for placed in _tiles(labels):
            canvas.setPageSize((A4_MM[0] * MM, A4_MM[1] * MM))
            for label, x, y in placed:
                _draw_label(painter, label, x, y)
                s = label_size_mm(label.volume_l)[0] * MM
                canvas.saveState()
                canvas.setDash(2, 2)
                painter.rect(x, y, s, s, None, GUIDE, 0.3)
                canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def label_png(label: LabelData, dpi: int = 150) -> bytes:
    """Render one label as a PNG preview at its physical size and the given resolution."""
    if not 36 <= dpi <= 1200:
        raise InvalidInput(f"preview resolution {dpi} dpi is outside 36–1200", details=[{"field": "dpi"}])
    side = label_size_mm(label.volume_l)[0] * MM
    painter = PngPainter(side, side, dpi, cjk_font())
    _draw_label(painter, label)
    return painter.png()

