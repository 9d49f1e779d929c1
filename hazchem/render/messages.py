"""Messages of the renderers: the CJK font, label layout files, pictograms, labels and slips."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

FONT_OVERRIDE_NOT_A_FILE = Message(
    "font.override_not_a_file",
    "%(env)s names %(path)s, which is not a font file; "
    "unset it or install a CJK font (apt-get install %(package)s)",
)
FONT_NOT_FOUND = Message(
    "font.not_found",
    "no CJK TrueType font found (tried %(tried)s); "
    "install one with `apt-get install %(package)s` or set %(env)s to a .ttf/.ttc file",
)
FONT_NOT_EMBEDDABLE = Message(
    "font.not_embeddable", "%(path)s cannot be embedded as a TrueType font (%(error)s); install %(package)s"
)

# --- label layout files: the file, the JSON path of the first mistake, and the mistake ------------

LABEL_LAYOUT_FILE_MISSING = Message(
    "label_layout.file_missing", "label layout file %(file)s does not exist (layouts in labels/: %(known)s)"
)
LABEL_LAYOUT_NONE = common.NONE
LABEL_LAYOUT_NOT_JSON = Message("label_layout.not_json", "%(file)s: not readable as JSON (%(error)s)")
LABEL_LAYOUT_MISTAKE = Message("label_layout.mistake", "%(file)s: %(at)s: %(problem)s")
LABEL_LAYOUT_NOT_OBJECT = Message("label_layout.not_object", "must be an object")
LABEL_LAYOUT_MISSING_KEYS = Message("label_layout.missing_keys", "misses %(keys)s")
LABEL_LAYOUT_UNKNOWN_KEYS = Message("label_layout.unknown_keys", "has unknown key(s) %(keys)s")
LABEL_LAYOUT_NOT_NUMBER = Message("label_layout.not_number", "must be a number, not %(value)s")
LABEL_LAYOUT_NOT_ABOVE_ZERO = Message("label_layout.not_above_zero", "must be above 0, not %(value)s")
LABEL_LAYOUT_BELOW_ZERO = Message("label_layout.below_zero", "must be at least 0, not %(value)s")
LABEL_LAYOUT_NOT_WHOLE_LITRES = Message(
    "label_layout.not_whole_litres", "must be a whole number of litres, not %(value)s"
)
LABEL_LAYOUT_EMPTY_TEXT = Message("label_layout.empty_text", "must be a non-empty string")
LABEL_LAYOUT_NOT_COLOUR = Message("label_layout.not_colour", "must be a colour like #FF9600, not %(value)s")
LABEL_LAYOUT_NOT_NUMBERS = Message("label_layout.not_numbers", "must be a list of %(count)s numbers in mm")
LABEL_LAYOUT_EMPTY_AREA = Message("label_layout.empty_area", "width and height must be above 0")
LABEL_LAYOUT_OUTSIDE_BORDER = Message(
    "label_layout.outside_border", "must lie inside the border, between %(low)s and %(high)s mm"
)
LABEL_LAYOUT_WRONG_FORMAT = Message("label_layout.wrong_format", "must be %(format)s, not %(value)s")
LABEL_LAYOUT_COPIES = Message("label_layout.copies", "must be 1 to 4, not %(value)s")
LABEL_LAYOUT_EMPTY_LIST = Message("label_layout.empty_list", "must be a non-empty list")
LABEL_LAYOUT_SIZES_ORDER = Message(
    "label_layout.sizes_order", "sizes must grow in side and volume; only the last lacks max_volume_l"
)
LABEL_LAYOUT_LARGEST_NOT_OPEN = Message(
    "label_layout.largest_not_open", "the largest size must be null (every larger container)"
)
LABEL_LAYOUT_MARGIN_TOO_WIDE = Message(
    "label_layout.margin_too_wide", "margin and border leave less than half the label"
)
LABEL_LAYOUT_TITLE_HEIGHT = Message(
    "label_layout.title_height",
    "must be between the minimum text height %(minimum)s and the area's %(height)s mm",
)
LABEL_LAYOUT_HAZARDS_TOO_LOW = Message(
    "label_layout.hazards_too_low", "is too low for a caption and a pictogram with its name"
)
LABEL_LAYOUT_RULES_NOT_LIST = Message(
    "label_layout.rules_not_list", "must be a list of [x1, y1, x2, y2] lines in mm"
)
LABEL_LAYOUT_RULE_OUTSIDE = Message("label_layout.rule_outside", "leaves the %(side)s mm label")
LABEL_LAYOUT_UNKNOWN_FIELD = Message("label_layout.unknown_field", "%(key)s is not one of %(keys)s")
LABEL_LAYOUT_FIELD_TWICE = Message("label_layout.field_twice", "%(key)s appears twice")
LABEL_LAYOUT_FIELD_TOO_LOW = Message(
    "label_layout.field_too_low", "is %(height)s mm high; a line of %(text)s mm text needs %(needed)s"
)

# --- what is printed ------------------------------------------------------------------------------

PICTOGRAM_UNKNOWN_CHARACTERISTICS = Message(
    "pictogram.unknown_characteristics", "unknown hazard characteristic(s) %(unknown)s; expected %(expected)s"
)
RENDER_NEGATIVE_VOLUME = Message("render.negative_volume", "container volume %(volume_l)s L is negative")
RENDER_UNKNOWN_LAYOUT = Message("render.unknown_layout", "label layout %(layout)s is not one of %(layouts)s")
RENDER_NO_LABELS = Message("render.no_labels", "no labels to print")
RENDER_PREVIEW_RESOLUTION = Message(
    "render.preview_resolution", "preview resolution %(dpi)s dpi is outside 36–1200"
)
RENDER_NO_SLIPS = Message("render.no_slips", "no transfer slips to print")
