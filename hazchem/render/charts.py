"""Server-rendered SVG charts for the dashboards: plain numbers in, an accessible SVG document out.

Charts carry their title (<title>) and a text summary (<desc>) for screen readers, print every value
beside its bar so nothing needs a hover to read, and use the Okabe–Ito palette, which stays tellable
apart for colour-blind readers. The pages show the numbers behind each chart as a table too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
WARNING_COLOUR = "#D55E00"
FONT = "font-family=\"'Noto Sans CJK SC','Microsoft YaHei',sans-serif\" font-size=\"12\""


@dataclass(frozen=True)
class Series:
    """One named series of values, one per label of the chart."""

    name: str
    values: Sequence[int | float | Decimal]


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, its value and the text printed beside it."""

    label: str
    value: float
    text: str
    warn: bool = False


_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _lang(text: str) -> str:
    """A lang attribute for text that holds Chinese (names shown on English pages), else nothing."""
    return ' lang="zh-CN"' if _CHINESE.search(text) else ""


def _num(value: float) -> str:
    """A coordinate with at most one decimal (keeps the document small and stable for tests)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label={quoteattr(title)} {FONT}>',
        f"<title>{escape(title)}</title>",
        f"<desc{_lang(desc)}>{escape(desc)}</desc>",
    ]


def nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at or above the value (the top of the value axis)."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    while step > value:
        step /= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def stacked_columns(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str,
    width: int = 720,
    height: int = 260,
) -> str:
    """Columns per label (e.g. month) stacked by series (e.g. category), with the total above each."""
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(labels)} labels")
    totals = [float(sum(float(s.values[i]) for s in series)) for i in range(len(labels))]
    top = nice_max(max(totals, default=0))
    left, right, upper = 56, 12, 24
    legend_rows = (len(series) + 3) // 4
    lower = 28 + 18 * legend_rows
    plot_w, plot_h = width - left - right, height - upper - lower
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.6
    desc = "; ".join(f"{label}: {_fmt(t)} {unit}" for label, t in zip(labels, totals, strict=True))
    out = _open(width, height, title, desc or "—")
    for k in range(5):
        y = upper + plot_h - plot_h * k / 4
        out.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{width - right}" y2="{_num(y)}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end">{_fmt(top * k / 4)}</text>'
        )
    out.append(f'<text x="{left - 6}" y="{upper - 8}" text-anchor="end">{escape(unit)}</text>')
    for i, label in enumerate(labels):
        x = left + slot * i + (slot - bar_w) / 2
        y = upper + plot_h
        for j, s in enumerate(series):
            value = float(s.values[i])
            if value <= 0:
                continue
            h = plot_h * value / top
            y -= h
            tip = escape(f"{label} {s.name}: {_fmt(value)} {unit}")
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(h)}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{tip}</title></rect>'
            )
        if totals[i]:
            out.append(
                f'<text x="{_num(x + bar_w / 2)}" y="{_num(y - 4)}" '
                f'text-anchor="middle">{_fmt(totals[i])}</text>'
            )
        out.append(
            f'<text x="{_num(left + slot * i + slot / 2)}" y="{upper + plot_h + 16}" '
            f'text-anchor="middle"{_lang(label)}>{escape(label)}</text>'
        )
    for j, s in enumerate(series):
        lx = left + (j % 4) * (plot_w / 4)
        ly = upper + plot_h + 32 + 18 * (j // 4)
        out.append(
            f'<rect x="{_num(lx)}" y="{ly - 10}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{_num(lx + 16)}" y="{ly}"{_lang(s.name)}>{escape(s.name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def horizontal_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    scale_max: float | None = None,
    threshold: float | None = None,
    width: int = 720,
    label_width: int = 220,
) -> str:
    """One bar per row with its text at the end; an optional dashed threshold line (e.g. 80 % use)."""
    row_h, upper = 26, 8
    height = upper * 2 + row_h * max(len(bars), 1)
    top = scale_max if scale_max is not None else nice_max(max((b.value for b in bars), default=0))
    plot_w = width - label_width - 90
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    out = _open(width, height, title, desc or "—")
    for i, b in enumerate(bars):
        y = upper + row_h * i
        w = plot_w * min(max(b.value, 0.0), top) / top if top else 0.0
        colour = WARNING_COLOUR if b.warn else PALETTE[0]
        out.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end"{_lang(b.label)}>'
            f"{escape(_clip(b.label, 22))}</text>"
            f'<rect x="{label_width}" y="{y + 5}" width="{_num(plot_w)}" height="16" fill="#eee"/>'
            f'<rect x="{label_width}" y="{y + 5}" width="{_num(w)}" height="16" fill="{colour}"/>'
            f'<text x="{_num(label_width + plot_w + 6)}" y="{y + 17}">{escape(b.text)}</text>'
        )
    if threshold is not None and top:
        x = label_width + plot_w * min(threshold, top) / top
        out.append(
            f'<line x1="{_num(x)}" y1="{upper}" x2="{_num(x)}" y2="{height - upper}" '
            f'stroke="{WARNING_COLOUR}" stroke-dasharray="4 3"/>'
        )
    out.append("</svg>")
    return "".join(out)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _fmt(value: float) -> str:
    """A value with thousands separators and at most three decimals."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text or "0"
