"""The responders' brief of an accident incident: one A4 PDF with the chemicals involved and their
emergency handling, the facility's stock, the nearest resources and who was told, and a QR code back to
the live page. Plain data in, bytes out; the caller says every caption in the reader's language."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hazchem.render.drawing import MM
from hazchem.render.fonts import cjk_font
from hazchem.render.slips import _p, _qr_flowable, _styles

PAGE_MARGIN = 14 * MM
QR_SIDE = 32 * MM


@dataclass(frozen=True)
class BriefSection:
    """A titled table: a header row and data rows (all text)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "—"


@dataclass(frozen=True)
class BriefData:
    """What the brief prints: a title, facts as (caption, value), sections and the live page's URL."""

    title: str
    facts: tuple[tuple[str, str], ...]
    url: str
    url_caption: str
    sections: Sequence[BriefSection] = field(default_factory=tuple)
    footer: str = ""


def _table(section: BriefSection, st: Any, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    story: list[Any] = [_p(section.title, st.heading)]
    if not section.rows:
        return [*story, _p(section.empty, st.body)]
    data = [[_p(h, st.cell_head) for h in section.header]]
    data += [[_p(c, st.cell) for c in row] for row in section.rows]
    cols = len(section.header)
    table = Table(data, colWidths=[width / cols] * cols, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [*story, table]


def brief_pdf(brief: BriefData) -> bytes:
    """Render the brief as an A4 PDF with the embedded CJK font and the QR code to the live page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table

    font = cjk_font()
    st = _styles(font.name)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title=brief.title,
        creator="hazchem",
    )
    facts = [_p(brief.title, st.title)]
    facts += [_p(f"{caption}：{value}", st.body) for caption, value in brief.facts]
    qr = [_qr_flowable(brief.url, QR_SIDE, font), _p(brief.url_caption, st.small), _p(brief.url, st.mono)]
    head = Table([[facts, qr]], colWidths=[doc.width - QR_SIDE - 10 * MM, QR_SIDE + 10 * MM])
    head.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    story: list[Any] = [head, Spacer(1, 4 * MM)]
    for section in brief.sections:
        story += _table(section, st, doc.width)
    if brief.footer:
        story += [Spacer(1, 4 * MM), _p(brief.footer, st.small)]
    doc.build(story)
    return out.getvalue()
