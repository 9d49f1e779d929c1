"""Label layout files (labels/*.json): per label size the fields, their areas, text heights and colours.

A provincial variant of the hazardous-waste label is a new file in labels/, not new code; every file is
checked when it is loaded, and a mistake is reported with the file and the place in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from hazchem.domain.errors import HazchemError, Said
from hazchem.render import messages as msg

LAYOUTS_DIR = Path(__file__).resolve().parents[2] / "labels"
DEFAULT_LAYOUT = "hj1276-2022"
FORMAT = 1

# What a field may print: LabelData attributes, plus the formatted date and weight.
FIELD_KEYS = frozenset(
    {
        "name",
        "category",
        "code",
        "form",
        "main_components",
        "harmful_components",
        "precautions",
        "digital_id",
        "producer",
        "contact_name",
        "contact_phone",
        "gen_date",
        "weight",
        "remarks",
    }
)
# A one-line field needs the line (font size × leading) and an inset above and below.
LINE_LEADING = 1.18
CELL_INSET = 0.15

RGB = tuple[int, int, int]


class LayoutFileError(HazchemError):
    """A label layout file is missing or malformed; the message names the file and the place in it."""

    code = "label_layout_invalid"


@dataclass(frozen=True)
class Area:
    """A rectangle in mm measured from the label's top-left corner, as layout files give it."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Field:
    """One printed field: its caption, what it shows (a FIELD_KEYS entry) and where."""

    key: str
    caption: str
    area: Area


@dataclass(frozen=True)
class SizeLayout:
    """Everything on a square label of one size, and the containers it is the minimum size for."""

    side_mm: float
    max_volume_l: int | None  # None: every larger container
    min_text_mm: float
    margin_mm: float
    border_mm: float
    rule_mm: float
    title: str
    title_text_mm: float
    title_area: Area
    hazards_caption: str
    hazards_area: Area
    qr_area: Area
    rules: tuple[tuple[float, float, float, float], ...]
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class LabelTemplate:
    """A whole layout file: its sizes, smallest first, its colours and how many labels a container gets."""

    name: str
    source: str
    background: RGB
    text: RGB
    border: RGB
    rules: RGB
    copies_over_volume_l: int | None
    copies: int
    sizes: tuple[SizeLayout, ...]

    def size_for(self, volume_l: int) -> SizeLayout:
        """The smallest size the layout allows for a container of this volume."""
        for size in self.sizes:
            if size.max_volume_l is None or volume_l <= size.max_volume_l:
                return size
        return self.sizes[-1]

    def larger(self, size: SizeLayout) -> SizeLayout | None:
        """The next size up, or None for the largest."""
        i = self.sizes.index(size)
        return self.sizes[i + 1] if i + 1 < len(self.sizes) else None

    def copies_for(self, volume_l: int) -> int:
        """How many labels one container gets (large containers carry one on each of two opposite sides)."""
        if self.copies_over_volume_l is not None and volume_l > self.copies_over_volume_l:
            return self.copies
        return 1


def layout_path(name: str | Path) -> Path:
    """A layout's file: a bare name is looked up in labels/, anything with a suffix or slash is a path."""
    text = str(name)
    if "/" in text or text.endswith(".json"):
        return Path(text)
    return LAYOUTS_DIR / f"{text}.json"


def load_layout(name: str | Path = DEFAULT_LAYOUT) -> LabelTemplate:
    """Read and check a label layout file (by name in labels/ or by path), once per process per file."""
    return _load(str(layout_path(name).resolve()))


@lru_cache(maxsize=16)
def _load(path: str) -> LabelTemplate:
    source = _shown(Path(path))
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in LAYOUTS_DIR.glob("*.json"))) or msg.LABEL_LAYOUT_NONE()
        raise LayoutFileError(
            msg.LABEL_LAYOUT_FILE_MISSING,
            file=source,
            known=known,
            details=[{"file": source}],
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayoutFileError(
            msg.LABEL_LAYOUT_NOT_JSON, file=source, error=str(exc), details=[{"file": source}]
        ) from None
    return _Reader(source).template(raw)


def _shown(path: Path) -> str:
    """The file as messages name it: relative to the project when it lives there."""
    try:
        return str(path.relative_to(LAYOUTS_DIR.parent))
    except ValueError:
        return str(path)


class _Reader:
    """Turns the parsed JSON into a LabelTemplate, naming the file and the JSON path of the first mistake."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: Said) -> LayoutFileError:
        return LayoutFileError(
            msg.LABEL_LAYOUT_MISTAKE,
            file=self.source,
            at=where,
            problem=problem,
            details=[{"file": self.source, "at": where}],
        )

    def obj(self, value: Any, where: str, required: set[str], optional: frozenset[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, msg.LABEL_LAYOUT_NOT_OBJECT())
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, msg.LABEL_LAYOUT_MISSING_KEYS(keys=", ".join(missing)))
        unknown = sorted(value.keys() - required - optional)
        if unknown:
            raise self.fail(where, msg.LABEL_LAYOUT_UNKNOWN_KEYS(keys=", ".join(unknown)))
        return value

    def number(self, value: Any, where: str, *, positive: bool = True) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, msg.LABEL_LAYOUT_NOT_NUMBER(value=repr(value)))
        if value < 0 or (positive and value == 0):
            problem = msg.LABEL_LAYOUT_NOT_ABOVE_ZERO if positive else msg.LABEL_LAYOUT_BELOW_ZERO
            raise self.fail(where, problem(value=repr(value)))
        return float(value)

    def whole(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(where, msg.LABEL_LAYOUT_NOT_WHOLE_LITRES(value=repr(value)))
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, msg.LABEL_LAYOUT_EMPTY_TEXT())
        return value

    def colour(self, value: Any, where: str) -> RGB:
        if not (isinstance(value, str) and len(value) == 7 and value[0] == "#"):
            raise self.fail(where, msg.LABEL_LAYOUT_NOT_COLOUR(value=repr(value)))
        try:
            return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
        except ValueError:
            raise self.fail(where, msg.LABEL_LAYOUT_NOT_COLOUR(value=repr(value))) from None

    def numbers(self, value: Any, where: str, count: int) -> list[float]:
        if not isinstance(value, list) or len(value) != count:
            raise self.fail(where, msg.LABEL_LAYOUT_NOT_NUMBERS(count=count))
        return [self.number(v, f"{where}[{i}]", positive=False) for i, v in enumerate(value)]

    def area(self, value: Any, where: str, inner: tuple[float, float]) -> Area:
        x, y, w, h = self.numbers(value, where, 4)
        if w <= 0 or h <= 0:
            raise self.fail(where, msg.LABEL_LAYOUT_EMPTY_AREA())
        low, high = inner
        if x < low - 0.05 or y < low - 0.05 or x + w > high + 0.05 or y + h > high + 0.05:
            raise self.fail(where, msg.LABEL_LAYOUT_OUTSIDE_BORDER(low=f"{low:g}", high=f"{high:g}"))
        return Area(x, y, w, h)

    def template(self, raw: Any) -> LabelTemplate:
        top = self.obj(
            raw, "top level", {"format", "name", "colours", "sizes"}, frozenset({"labels_per_container"})
        )
        if top["format"] != FORMAT:
            raise self.fail("format", msg.LABEL_LAYOUT_WRONG_FORMAT(format=FORMAT, value=repr(top["format"])))
        colours = self.obj(top["colours"], "colours", {"background", "text", "border", "rules"})
        over, copies = None, 1
        if "labels_per_container" in top:
            per = self.obj(top["labels_per_container"], "labels_per_container", {"over_volume_l", "count"})
            over = self.whole(per["over_volume_l"], "labels_per_container.over_volume_l")
            copies = per["count"]
            if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 4:
                raise self.fail("labels_per_container.count", msg.LABEL_LAYOUT_COPIES(value=repr(copies)))
        sizes_raw = top["sizes"]
        if not isinstance(sizes_raw, list) or not sizes_raw:
            raise self.fail("sizes", msg.LABEL_LAYOUT_EMPTY_LIST())
        sizes = tuple(self.size(s, f"sizes[{i}]") for i, s in enumerate(sizes_raw))
        for i, (a, b) in enumerate(pairwise(sizes), start=1):
            if (
                b.side_mm <= a.side_mm
                or a.max_volume_l is None
                or (b.max_volume_l is not None and b.max_volume_l <= a.max_volume_l)
            ):
                raise self.fail(f"sizes[{i}]", msg.LABEL_LAYOUT_SIZES_ORDER())
        if sizes[-1].max_volume_l is not None:
            raise self.fail(
                f"sizes[{len(sizes) - 1}].max_volume_l",
                msg.LABEL_LAYOUT_LARGEST_NOT_OPEN(),
            )
        return LabelTemplate(
            name=self.text(top["name"], "name"),
            source=self.source,
            background=self.colour(colours["background"], "colours.background"),
            text=self.colour(colours["text"], "colours.text"),
            border=self.colour(colours["border"], "colours.border"),
            rules=self.colour(colours["rules"], "colours.rules"),
            copies_over_volume_l=over,
            copies=copies,
            sizes=sizes,
        )

    def size(self, raw: Any, where: str) -> SizeLayout:
        keys = {"side_mm", "max_volume_l", "min_text_mm", "margin_mm", "border_mm", "rule_mm"}
        s = self.obj(raw, where, keys | {"title", "hazards", "qr", "rules", "fields"})
        side = self.number(s["side_mm"], f"{where}.side_mm")
        max_volume = (
            None if s["max_volume_l"] is None else self.whole(s["max_volume_l"], f"{where}.max_volume_l")
        )
        min_text = self.number(s["min_text_mm"], f"{where}.min_text_mm")
        margin = self.number(s["margin_mm"], f"{where}.margin_mm", positive=False)
        border = self.number(s["border_mm"], f"{where}.border_mm", positive=False)
        rule = self.number(s["rule_mm"], f"{where}.rule_mm")
        inner = (margin + border, side - margin - border)
        if inner[1] - inner[0] < side / 2:
            raise self.fail(where, msg.LABEL_LAYOUT_MARGIN_TOO_WIDE())
        one_line = min_text * (LINE_LEADING + 2 * CELL_INSET)

        title = self.obj(s["title"], f"{where}.title", {"text", "text_mm", "area"})
        title_area = self.area(title["area"], f"{where}.title.area", inner)
        title_mm = self.number(title["text_mm"], f"{where}.title.text_mm")
        if not min_text <= title_mm <= title_area.h:
            raise self.fail(
                f"{where}.title.text_mm",
                msg.LABEL_LAYOUT_TITLE_HEIGHT(minimum=f"{min_text:g}", height=f"{title_area.h:g}"),
            )
        hazards = self.obj(s["hazards"], f"{where}.hazards", {"caption", "area"})
        hazards_area = self.area(hazards["area"], f"{where}.hazards.area", inner)
        if hazards_area.h < 3 * one_line:
            raise self.fail(f"{where}.hazards.area", msg.LABEL_LAYOUT_HAZARDS_TOO_LOW())
        qr = self.obj(s["qr"], f"{where}.qr", {"area"})
        qr_area = self.area(qr["area"], f"{where}.qr.area", inner)

        rules_raw = s["rules"]
        if not isinstance(rules_raw, list):
            raise self.fail(f"{where}.rules", msg.LABEL_LAYOUT_RULES_NOT_LIST())
        rules = []
        for i, line in enumerate(rules_raw):
            x1, y1, x2, y2 = self.numbers(line, f"{where}.rules[{i}]", 4)
            if max(x1, y1, x2, y2) > side:
                raise self.fail(f"{where}.rules[{i}]", msg.LABEL_LAYOUT_RULE_OUTSIDE(side=f"{side:g}"))
            rules.append((x1, y1, x2, y2))

        fields_raw = s["fields"]
        if not isinstance(fields_raw, list) or not fields_raw:
            raise self.fail(f"{where}.fields", msg.LABEL_LAYOUT_EMPTY_LIST())
        fields, seen = [], set()
        for i, f in enumerate(fields_raw):
            at = f"{where}.fields[{i}]"
            f = self.obj(f, at, {"key", "caption", "area"})
            key = f["key"]
            if key not in FIELD_KEYS:
                known = ", ".join(sorted(FIELD_KEYS))
                raise self.fail(f"{at}.key", msg.LABEL_LAYOUT_UNKNOWN_FIELD(key=repr(key), keys=known))
            if key in seen:
                raise self.fail(f"{at}.key", msg.LABEL_LAYOUT_FIELD_TWICE(key=repr(key)))
            seen.add(key)
            area = self.area(f["area"], f"{at}.area", inner)
            if area.h + 0.05 < one_line:
                raise self.fail(
                    f"{at}.area",
                    msg.LABEL_LAYOUT_FIELD_TOO_LOW(
                        height=f"{area.h:g}", text=f"{min_text:g}", needed=f"{one_line:.2f}"
                    ),
                )
            fields.append(Field(key, self.text(f["caption"], f"{at}.caption"), area))
        return SizeLayout(
            side_mm=side,
            max_volume_l=max_volume,
            min_text_mm=min_text,
            margin_mm=margin,
            border_mm=border,
            rule_mm=rule,
            title=self.text(title["text"], f"{where}.title.text"),
            title_text_mm=title_mm,
            title_area=title_area,
            hazards_caption=self.text(hazards["caption"], f"{where}.hazards.caption"),
            hazards_area=hazards_area,
            qr_area=qr_area,
            rules=tuple(rules),
            fields=tuple(fields),
        )
