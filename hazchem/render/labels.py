"""HJ 1276-2022 hazardous-waste labels (危险废物标签) as PDF for printers and PNG for screens.

What goes where on each label size, the minimum text heights and the colours come from a layout
file in labels/ (hazchem.render.label_layouts); this module only draws what the file describes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from hazchem.domain.errors import InvalidInput
from hazchem.domain.vocab import LabelLayout
from hazchem.render import messages as msg
from hazchem.render.drawing import (
    LEADING,
    MM,
    QUIET_ZONE,
    Fitted,
    Metrics,
    PdfPainter,
    PngPainter,
    fit_at,
    metrics,
    qr_matrix,
)
from hazchem.render.fonts import cjk_font
from hazchem.render.label_layouts import (
    CELL_INSET,
    DEFAULT_LAYOUT,
    Area,
    LabelTemplate,
    SizeLayout,
    load_layout,
)
from hazchem.render.pictograms import CHARACTERISTIC_NAMES, Color, check_characteristics

GUIDE = (160, 160, 160)
A4_MM = (210, 297)
# A4 tiling: printable margin of the sheet and the gap left between labels for the cut.
_SHEET_MARGIN_MM = 4.0
_CUT_GAP_MM = 2.0

LayoutName = str | Path


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


def _volume(volume_l: int) -> int:
    if volume_l < 0:
        raise InvalidInput(
            msg.RENDER_NEGATIVE_VOLUME,
            volume_l=volume_l,
            details=[{"field": "volume_l", "value": volume_l}],
        )
    return volume_l


def label_size_mm(volume_l: int, layout: LayoutName = DEFAULT_LAYOUT) -> tuple[int, int]:
    """Return the smallest label's width and height in mm the layout allows for a container volume."""
    side = round(load_layout(layout).size_for(_volume(volume_l)).side_mm)
    return (side, side)


def labels_per_container(volume_l: int, layout: LayoutName = DEFAULT_LAYOUT) -> int:
    """How many copies of a label one container gets: two (opposite sides) over 450 L in HJ 1276."""
    return load_layout(layout).copies_for(_volume(volume_l))


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
    """Where everything goes on a label of one size, in points."""

    width: float
    height: float
    base: float  # the minimum text height (pt): captions and values are printed at it, never smaller
    border: Box
    border_width: float
    title: Box
    title_size: float
    cells: tuple[Cell, ...]
    hazards: Box
    qr: Box
    rules: tuple[tuple[float, float, float, float], ...]
    rule_width: float


def _box(area: Area, side: float) -> Box:
    """A layout area (mm from the top-left) as a box in points from the lower-left."""
    return Box(area.x * MM, (side - area.y - area.h) * MM, area.w * MM, area.h * MM)


@lru_cache(maxsize=32)
def geometry(size: SizeLayout) -> Geometry:
    """Convert one size of a layout file into drawing coordinates."""
    side = size.side_mm
    edge = size.margin_mm + size.border_mm / 2
    qr = _box(size.qr_area, side)
    qr_side = min(qr.w, qr.h)
    return Geometry(
        width=side * MM,
        height=side * MM,
        base=size.min_text_mm * MM,
        border=Box(edge * MM, edge * MM, (side - 2 * edge) * MM, (side - 2 * edge) * MM),
        border_width=size.border_mm * MM,
        title=_box(size.title_area, side),
        title_size=size.title_text_mm * MM,
        cells=tuple(Cell(f.caption, f.key, _box(f.area, side)) for f in size.fields),
        hazards=_box(size.hazards_area, side),
        qr=Box(qr.x + (qr.w - qr_side) / 2, qr.y + (qr.h - qr_side) / 2, qr_side, qr_side),
        rules=tuple((x1 * MM, (side - y1) * MM, x2 * MM, (side - y2) * MM) for x1, y1, x2, y2 in size.rules),
        rule_width=size.rule_mm * MM,
    )


# --- Fitting: wrap at the minimum text height, else a larger label ---------------------------------


def _value(label: LabelData, key: str) -> str:
    if key == "gen_date":
        return f"{label.gen_date:%Y-%m-%d}"
    if key == "weight":
        return f"{label.weight_kg} kg" if label.weight_kg else ""
    return str(getattr(label, key) or "")


@dataclass(frozen=True)
class _Placed:
    """A field's text as it will be printed: the caption's width and the value's lines."""

    cell: Cell
    caption: str
    caption_w: float
    value: Fitted
    cut: bool


def _place(cell: Cell, value: str, base: float, m: Metrics) -> _Placed:
    """Lay a value out at the minimum text height: after the caption, then wrapping under it."""
    box = cell.box
    inset = base * CELL_INSET
    caption = cell.caption + "："
    cap_w = m.width(caption, base)
    width = box.w - 2 * inset
    fitted, cut = fit_at(value, width - cap_w, width, box.h - 2 * inset, base, m)
    return _Placed(cell, caption, cap_w, fitted, cut)


def _hazard_grid(box: Box, codes: tuple[str, ...], base: float, m: Metrics) -> tuple[float, int, int]:
    """The grid that makes pictograms largest while each name still fits under its pictogram at base."""
    area_h = box.h - base * 1.4
    name_h = base * LEADING
    widest = max((m.width(CHARACTERISTIC_NAMES[c], base) for c in codes), default=0.0)
    best = (0.0, 1, 1)
    for cols in range(1, len(codes) + 1):
        if cols > 1 and box.w / cols < widest:
            break
        rows = math.ceil(len(codes) / cols)
        size = min(box.w / cols * 0.94, (area_h / rows - name_h) * 0.96)
        if size > best[0]:
            best = (size, cols, rows)
    return best


def _plan(label: LabelData, template: LabelTemplate) -> tuple[SizeLayout, list[_Placed]]:
    """The smallest size, from the container's minimum up, on which every value fits uncut.

    Text is never printed below the size's minimum text height: a value that does not fit wraps,
    then moves the label up a size; only on the largest size is it cut short with an ellipsis.
    """
    m = metrics()
    size: SizeLayout | None = template.size_for(_volume(label.volume_l))
    while True:
        g = geometry(size)
        placed = [_place(cell, _value(label, cell.key), g.base, m) for cell in g.cells]
        bigger = template.larger(size)
        if bigger is None or not any(p.cut for p in placed):
            return size, placed
        size = bigger


# --- Drawing ---------------------------------------------------------------------------------------


def _draw_cell(p: PdfPainter | PngPainter, placed: _Placed, base: float, m: Metrics, ink: Color) -> None:
    """Caption at the minimum text height, the value after it, wrapped lines under it, centred in height."""
    box, fitted = placed.cell.box, placed.value
    inset = base * CELL_INSET
    block = max(len(fitted.lines), 1) * fitted.leading
    top = box.y + box.h - (box.h - block) / 2
    baseline = top - (fitted.leading - base) / 2 - base * m.ascent
    p.text(box.x + inset, baseline, placed.caption, base, ink)
    x = box.x + inset + placed.caption_w
    for line in fitted.lines:
        if line:
            p.text(x, baseline, line, fitted.size, ink)
        baseline -= fitted.leading
        x = box.x + inset


def _draw_hazards(
    p: PdfPainter | PngPainter,
    box: Box,
    caption: str,
    codes: tuple[str, ...],
    base: float,
    m: Metrics,
    ink: Color,
) -> None:
    """Caption and one pictogram per characteristic, each named underneath at the minimum text height."""
    cap_h = base * 1.4
    p.text(
        box.x + base * CELL_INSET,
        box.y + box.h - base * CELL_INSET - base * m.ascent,
        caption + "：",
        base,
        ink,
    )
    area = Box(box.x, box.y, box.w, box.h - cap_h)
    if not codes:
        p.text(area.x + area.w / 2 - base / 2, area.y + area.h / 2, "—", base, ink)
        return
    name_h = base * LEADING
    size, cols, rows = _hazard_grid(box, codes, base, m)
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
        w = m.width(name, base)
        p.text(cx - w / 2, top - size - base * 1.05, name, base, ink)


def _draw_label(
    p: PdfPainter | PngPainter,
    label: LabelData,
    template: LabelTemplate,
    plan: tuple[SizeLayout, list[_Placed]] | None = None,
    ox: float = 0.0,
    oy: float = 0.0,
) -> None:
    """Draw one label with its lower-left corner at (ox, oy)."""
    codes = check_characteristics(label.characteristics)
    size, placed = plan or _plan(label, template)
    g = geometry(size)
    m = metrics()
    ink = template.text
    b = g.border
    p.rect(ox + b.x, oy + b.y, b.w, b.h, template.background, template.border, g.border_width)
    t = g.title
    title_w = m.width(size.title, g.title_size)
    p.text(
        ox + t.x + (t.w - title_w) / 2,
        oy + t.y + (t.h - g.title_size) / 2 + g.title_size * m.descent * 0.6,
        size.title,
        g.title_size,
        ink,
        bold=True,
    )
    for x1, y1, x2, y2 in g.rules:
        p.line(ox + x1, oy + y1, ox + x2, oy + y2, template.rules, g.rule_width)
    for item in placed:
        c = item.cell
        moved = Cell(c.caption, c.key, Box(ox + c.box.x, oy + c.box.y, c.box.w, c.box.h))
        _draw_cell(p, _Placed(moved, item.caption, item.caption_w, item.value, item.cut), g.base, m, ink)
    h = g.hazards
    _draw_hazards(p, Box(ox + h.x, oy + h.y, h.w, h.h), size.hazards_caption, codes, g.base, m, ink)
    matrix = qr_matrix(label.scan_url)
    module = g.qr.w / (len(matrix) + 2 * QUIET_ZONE)
    p.qr(ox + g.qr.x, oy + g.qr.y, module, matrix)


def _check(labels: Sequence[LabelData], layout: str) -> None:
    if layout not in list(LabelLayout):
        raise InvalidInput(
            msg.RENDER_UNKNOWN_LAYOUT,
            layout=repr(layout),
            layouts=", ".join(LabelLayout),
            details=[{"field": "layout", "value": layout}],
        )
    if not labels:
        raise InvalidInput(msg.RENDER_NO_LABELS)


Printed = tuple[LabelData, tuple[SizeLayout, list[_Placed]], float]  # label, its plan, its side (pt)


def _printed(labels: Sequence[LabelData], template: LabelTemplate) -> list[Printed]:
    """Every label to print, in order, with the copies large containers need, each planned once."""
    out: list[Printed] = []
    for label in labels:
        plan = _plan(label, template)
        out += [(label, plan, plan[0].side_mm * MM)] * template.copies_for(label.volume_l)
    return out


def _fits(shelves: list[list[float]], width: float, height: float, gap: float) -> bool:
    """Tell whether shelves of label sides fit a sheet area, with the cut gap between neighbours."""
    rows_h = sum(max(shelf) for shelf in shelves) + gap * (len(shelves) - 1)
    rows_w = max(sum(shelf) + gap * (len(shelf) - 1) for shelf in shelves)
    return rows_h <= height + 0.01 and rows_w <= width + 0.01


def _tiles(items: Sequence[Printed]) -> list[list[tuple[Printed, float, float]]]:
    """Place labels on A4 sheets in shelves, each in the first shelf of the sheet with room for it.

    Returns per page (label, x, y) in points; a small label may join an earlier shelf beside a label of
    its size rather than open a sheet of its own.
    """
    page_w, page_h = A4_MM[0] * MM, A4_MM[1] * MM
    margin, gap = _SHEET_MARGIN_MM * MM, _CUT_GAP_MM * MM
    area_w, area_h = page_w - 2 * margin, page_h - 2 * margin
    pages: list[list[list[Printed]]] = [[]]
    for item in items:
        s = item[2]
        shelves = pages[-1]
        sides = [[it[2] for it in shelf] for shelf in shelves]
        for i in range(len(shelves)):
            if _fits([*sides[:i], [*sides[i], s], *sides[i + 1 :]], area_w, area_h, gap):
                shelves[i].append(item)
                break
        else:
            if _fits([*sides, [s]], area_w, area_h, gap):
                shelves.append([item])
            else:
                pages.append([[item]])
    placed_pages = []
    for shelves in pages:
        placed, top = [], page_h - margin
        for shelf in shelves:
            row_w = sum(it[2] for it in shelf) + gap * (len(shelf) - 1)
            x = (page_w - row_w) / 2
            for item in shelf:
                placed.append((item, x, top - item[2]))
                x += item[2] + gap
            top -= max(it[2] for it in shelf) + gap
        placed_pages.append(placed)
    return placed_pages


def label_pdf(
    labels: Sequence[LabelData], layout: str = LabelLayout.ROLL, template: LayoutName = DEFAULT_LAYOUT
) -> bytes:
    """Render labels as one PDF: one label per page at its own size ("roll") or tiled on A4 ("a4").

    A container over the template's volume (450 L in HJ 1276) gets two copies, one for each of two
    opposite sides; template names a layout file in labels/ or a path to one.
    """
    from reportlab.pdfgen.canvas import Canvas

    _check(labels, layout)
    design = load_layout(template)
    items = _printed(labels, design)
    font = cjk_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(A4_MM[0] * MM, A4_MM[1] * MM), pageCompression=1)
    canvas.setTitle("危险废物标签")
    canvas.setCreator("hazchem")
    painter = PdfPainter(canvas, font)
    if layout == LabelLayout.ROLL:
        for label, plan, side in items:
            canvas.setPageSize((side, side))
            _draw_label(painter, label, design, plan)
            canvas.showPage()
    else:
        for placed in _tiles(items):
            canvas.setPageSize((A4_MM[0] * MM, A4_MM[1] * MM))
            for (label, plan, s), x, y in placed:
                _draw_label(painter, label, design, plan, x, y)
                canvas.saveState()
                canvas.setDash(2, 2)
                painter.rect(x, y, s, s, None, GUIDE, 0.3)
                canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def label_png(label: LabelData, dpi: int = 150, template: LayoutName = DEFAULT_LAYOUT) -> bytes:
    """Render one label as a PNG preview at its physical size and the given resolution."""
    if not 36 <= dpi <= 1200:
        raise InvalidInput(msg.RENDER_PREVIEW_RESOLUTION, dpi=dpi, details=[{"field": "dpi"}])
    design = load_layout(template)
    plan = _plan(label, design)
    side = plan[0].side_mm * MM
    painter = PngPainter(side, side, dpi, cjk_font())
    _draw_label(painter, label, design, plan)
    return painter.png()
