"""Drawing primitives shared by labels and slips: QR matrices, text fitting, PDF and PNG painters."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from hazchem.render.fonts import CJKFont, cjk_font
from hazchem.render.pictograms import Circle, Color, Poly, pictogram

QUIET_ZONE = 4  # modules of light margin around a QR symbol (ISO/IEC 18004 minimum)
MM = 72 / 25.4  # points per millimetre

# --- QR ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Encode data as a QR matrix (error correction M, smallest version, best mask), no quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_runs(matrix: Sequence[Sequence[bool]]) -> tuple[tuple[int, int, int], ...]:
    """Return (row, first column, length) of each horizontal run of dark modules, to draw few rectangles."""
    runs = []
    for r, row in enumerate(matrix):
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return tuple(runs)


# --- Text -------------------------------------------------------------------------------------------

_BREAK_AFTER = set(" ,.;:!?)]}、，。；：！？）」』》-/")


class Metrics:
    """Per-character advance widths of the CJK font at 1 pt, memoised because fitting measures a lot."""

    def __init__(self, font: CJKFont) -> None:
        from reportlab.pdfbase import pdfmetrics

        self._font = pdfmetrics.getFont(font.name)
        self._widths: dict[str, float] = {}
        face = self._font.face
        self.ascent = face.ascent / 1000
        self.descent = -face.descent / 1000

    def char(self, ch: str) -> float:
        """Width of one character at 1 pt."""
        w = self._widths.get(ch)
        if w is None:
            w = self._widths[ch] = self._font.stringWidth(ch, 1.0)
        return w

    def width(self, text: str, size: float) -> float:
        """Width of a string at the given size."""
        char = self.char
        return sum(char(ch) for ch in text) * size


@lru_cache(maxsize=4)
def _metrics_for(font: CJKFont) -> Metrics:
    return Metrics(font)


def metrics() -> Metrics:
    """The metrics of the registered CJK font (registered on first use)."""
    return _metrics_for(cjk_font())


def wrap(text: str, width: float, size: float, m: Metrics, first_width: float | None = None) -> list[str]:
    """Break text into lines no wider than width: between any CJK characters, at spaces for Latin words.

    first_width, when given, is the room on the first line (beside a caption printed before the text).
    """
    lines: list[str] = []
    for para in (text or "").replace("\r", "").split("\n"):
        line: list[str] = []
        used = 0.0
        last_break = -1
        for ch in para:
            w = m.char(ch) * size
            room = first_width if first_width is not None and not lines else width
            if line and used + w > room:
                if 0 <= last_break < len(line) - 1 and last_break >= len(line) // 3:
                    head, tail = line[: last_break + 1], line[last_break + 1 :]
                else:
                    head, tail = line, []
                lines.append("".join(head).rstrip())
                line = tail
                used = sum(m.char(c) for c in line) * size
                last_break = -1
                if ch == " " and not line:
                    continue
            line.append(ch)
            used += w
            if ch in _BREAK_AFTER:
                last_break = len(line) - 1
        lines.append("".join(line).rstrip())
    return lines


@dataclass(frozen=True)
class Fitted:
    """Text laid out to fit a box: its size, line height and lines (possibly cut short with an ellipsis)."""

    size: float
    leading: float
    lines: tuple[str, ...]


LEADING = 1.18


def fit(text: str, width: float, height: float, size: float, min_size: float, m: Metrics) -> Fitted:
    """Wrap text into a box, shrinking from size down to min_size, and cut with … if it still overflows."""
    current = size
    while True:
        lines = wrap(text, width, current, m)
        leading = current * LEADING
        if len(lines) * leading <= height + 0.01 or current <= min_size:
            break
        current = max(min_size, current * 0.9)
    leading = current * LEADING
    # A box lower than one line still gets one line, at a size that fits its height.
    if leading > height:
        current = max(height / LEADING, 1.0)
        leading = current * LEADING
        lines = wrap(text, width, current, m)
    room = max(1, int((height + 0.01) // leading))
    if len(lines) > room:
        lines = lines[:room]
        last = lines[-1]
        while last and m.width(last + "…", current) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return Fitted(current, leading, tuple(lines))


def fit_at(
    text: str, first_width: float, width: float, height: float, size: float, m: Metrics
) -> tuple[Fitted, bool]:
    """Wrap text at one fixed size into a box (first line beside a caption); cut with … if it overflows.

    Returns the lines and whether they had to be cut, so a caller can try a larger box instead of
    printing smaller than a required text height.
    """
    leading = size * LEADING
    lines = wrap(text, width, size, m, first_width=first_width)
    room = max(1, int((height + 0.01) // leading))
    cut = len(lines) > room
    if cut:
        lines = lines[:room]
        last = lines[-1]
        limit = first_width if room == 1 else width
        while last and m.width(last + "…", size) > limit:
            last = last[:-1]
        lines[-1] = last + "…"
    elif lines and m.width(lines[0], size) > first_width + 0.01:
        cut = True  # one character wider than the room beside the caption
    return Fitted(size, leading, tuple(lines)), cut


# --- Painters ---------------------------------------------------------------------------------------


def _rl_color(c: Color) -> tuple[float, float, float]:
    return (c[0] / 255, c[1] / 255, c[2] / 255)


class PdfPainter:
    """Draws label primitives on a reportlab canvas; pictograms become reusable form XObjects."""

    def __init__(self, canvas: Any, font: CJKFont) -> None:
        self.c = canvas
        self.font = font
        self._forms: set[str] = set()

    def rect(
        self, x: float, y: float, w: float, h: float, fill: Color | None, stroke: Color | None, lw: float = 0
    ) -> None:
        """Fill and/or stroke an axis-aligned rectangle."""
        c = self.c
        if fill is not None:
            c.setFillColorRGB(*_rl_color(fill))
        if stroke is not None:
            c.setStrokeColorRGB(*_rl_color(stroke))
            c.setLineWidth(lw)
        c.rect(x, y, w, h, stroke=int(stroke is not None), fill=int(fill is not None))

    def line(self, x1: float, y1: float, x2: float, y2: float, color: Color, lw: float) -> None:
        """Draw a straight line."""
        self.c.setStrokeColorRGB(*_rl_color(color))
        self.c.setLineWidth(lw)
        self.c.line(x1, y1, x2, y2)

    def text(self, x: float, y: float, s: str, size: float, color: Color, bold: bool = False) -> None:
        """Draw a string with its baseline at y; bold is simulated by stroking the glyph outlines."""
        c = self.c
        c.setFillColorRGB(*_rl_color(color))
        if bold:
            t = c.beginText(x, y)
            t.setFont(self.font.name, size)
            t.setTextRenderMode(2)
            c.setStrokeColorRGB(*_rl_color(color))
            c.setLineWidth(size * 0.03)
            t.textOut(s)
            t.setTextRenderMode(0)
            c.drawText(t)
        else:
            c.setFont(self.font.name, size)
            c.drawString(x, y, s)

    def qr(self, x: float, y: float, module: float, matrix: Sequence[Sequence[bool]]) -> None:
        """Draw a QR symbol with its quiet zone; (x, y) is the lower-left corner of the quiet zone."""
        n = len(matrix)
        side = (n + 2 * QUIET_ZONE) * module
        c = self.c
        c.setFillColorRGB(1, 1, 1)
        c.rect(x, y, side, side, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        path = c.beginPath()
        top = y + side - QUIET_ZONE * module
        left = x + QUIET_ZONE * module
        # Rows overlap by a hair so viewers' anti-aliasing leaves no seams between them.
        seam = module * 0.02
        for r, col, length in qr_runs(matrix):
            path.rect(left + col * module, top - (r + 1) * module - seam, length * module, module + seam)
        c.drawPath(path, stroke=0, fill=1)

    def pictogram(self, code: str, x: float, y: float, size: float) -> None:
        """Draw one hazard pictogram in a size×size square whose lower-left corner is (x, y)."""
        c = self.c
        name = f"hazchem_picto_{code}"
        if code not in self._forms:
            c.beginForm(name, lowerx=0, lowery=0, upperx=100, uppery=100)
            self._draw_shapes(code)
            c.endForm()
            self._forms.add(code)
        c.saveState()
        c.translate(x, y)
        c.scale(size / 100, size / 100)
        c.doForm(name)
        c.restoreState()

    def _draw_shapes(self, code: str) -> None:
        c = self.c
        c.setLineJoin(1)
        for shape in pictogram(code):
            if shape.fill is not None:
                c.setFillColorRGB(*_rl_color(shape.fill))
            if shape.stroke is not None:
                c.setStrokeColorRGB(*_rl_color(shape.stroke))
                c.setLineWidth(shape.width * 100)
            if isinstance(shape, Circle):
                c.circle(
                    shape.cx * 100,
                    shape.cy * 100,
                    shape.r * 100,
                    stroke=int(shape.stroke is not None),
                    fill=int(shape.fill is not None),
                )
                continue
            path = c.beginPath()
            (x0, y0), *rest = shape.points
            path.moveTo(x0 * 100, y0 * 100)
            for px, py in rest:
                path.lineTo(px * 100, py * 100)
            if shape.closed:
                path.close()
            c.drawPath(path, stroke=int(shape.stroke is not None), fill=int(shape.fill is not None))


@lru_cache(maxsize=64)
def _pil_font(path: str, index: int, size_px: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(path, size_px, index=index)


class PngPainter:
    """Draws the same primitives with Pillow onto an RGB image (points converted to pixels)."""

    def __init__(self, width_pt: float, height_pt: float, dpi: int, font: CJKFont) -> None:
        from PIL import Image, ImageDraw

        self.scale = dpi / 72
        self.height_pt = height_pt
        self.image = Image.new("RGB", (round(width_pt * self.scale), round(height_pt * self.scale)), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.font = font

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, (self.height_pt - y) * self.scale

    def rect(
        self, x: float, y: float, w: float, h: float, fill: Color | None, stroke: Color | None, lw: float = 0
    ) -> None:
        """Fill and/or stroke an axis-aligned rectangle (stroke centred on the edge, as in PDF)."""
        x0, y1 = self._xy(x, y)
        x1, y0 = self._xy(x + w, y + h)
        if fill is not None:
            self.draw.rectangle((round(x0), round(y0), round(x1) - 1, round(y1) - 1), fill=fill)
        if stroke is not None:
            half = lw * self.scale / 2
            width = max(1, round(lw * self.scale))
            box = (round(x0 - half), round(y0 - half), round(x1 + half) - 1, round(y1 + half) - 1)
            self.draw.rectangle(box, outline=stroke, width=width)

    def line(self, x1: float, y1: float, x2: float, y2: float, color: Color, lw: float) -> None:
        """Draw a straight line."""
        self.draw.line((self._xy(x1, y1), self._xy(x2, y2)), fill=color, width=max(1, round(lw * self.scale)))

    def text(self, x: float, y: float, s: str, size: float, color: Color, bold: bool = False) -> None:
        """Draw a string with its baseline at y."""
        font = _pil_font(str(self.font.path), self.font.index, max(1, round(size * self.scale)))
        stroke = max(1, round(size * self.scale * 0.03)) if bold else 0
        self.draw.text(
            self._xy(x, y), s, font=font, fill=color, anchor="ls", stroke_width=stroke, stroke_fill=color
        )

    def qr(self, x: float, y: float, module: float, matrix: Sequence[Sequence[bool]]) -> None:
        """Draw a QR symbol with its quiet zone, snapping module edges to whole pixels."""
        n = len(matrix)
        side = (n + 2 * QUIET_ZONE) * module
        self.rect(x, y, side, side, (255, 255, 255), None)
        left, top = self._xy(x + QUIET_ZONE * module, y + side - QUIET_ZONE * module)
        step = module * self.scale
        for r, col, length in qr_runs(matrix):
            box = (
                round(left + col * step),
                round(top + r * step),
                round(left + (col + length) * step) - 1,
                round(top + (r + 1) * step) - 1,
            )
            self.draw.rectangle(box, fill=(0, 0, 0))

    def pictogram(self, code: str, x: float, y: float, size: float) -> None:
        """Draw one hazard pictogram in a size×size square whose lower-left corner is (x, y)."""

        def pt(u: float, v: float) -> tuple[float, float]:
            return self._xy(x + u * size, y + v * size)

        for shape in pictogram(code):
            width = max(1, round(shape.width * size * self.scale)) if shape.stroke is not None else 0
            if isinstance(shape, Poly):
                points = [pt(u, v) for u, v in shape.points]
                if shape.fill is not None:
                    self.draw.polygon(points, fill=shape.fill)
                if shape.stroke is not None:
                    closed = [*points, points[0]] if shape.closed else points
                    self.draw.line(closed, fill=shape.stroke, width=width, joint="curve")
            else:
                cx, cy = pt(shape.cx, shape.cy)
                r = shape.r * size * self.scale
                box = (cx - r, cy - r, cx + r, cy + r)
                self.draw.ellipse(box, fill=shape.fill, outline=shape.stroke, width=width)

    def png(self) -> bytes:
        """Encode the image as PNG, keeping the resolution so it prints at the right size."""
        out = io.BytesIO()
        dpi = round(self.scale * 72)
        self.image.save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
        return out.getvalue()
