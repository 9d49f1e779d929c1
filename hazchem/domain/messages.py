"""Messages of the pure domain rules (list rows, identifiers, units, transport data, park catalogue)."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- rows of the national lists: a whole table refused, or one row rejected or doubted -----------

CATALOGUE_MISSING_COLUMNS = Message(
    "catalogue.missing_columns", "%(what)s: missing required columns %(columns)s"
)
CATALOGUE_NO_CAS_NUMBER = Message(
    "catalogue.no_cas_number", "CAS field holds no CAS number; stored without CAS"
)
CATALOGUE_NOT_STORED = Message("catalogue.not_stored", "%(problem)s; not stored")
CATALOGUE_MISSING_SERIAL = Message("catalogue.missing_serial", "missing 序号")
CATALOGUE_SERIAL_NOT_POSITIVE = Message(
    "catalogue.serial_not_positive", "序号 is not a positive whole number"
)
CATALOGUE_MISSING_NAME = Message("catalogue.missing_name", "missing 品名")
CATALOGUE_DUPLICATE_SERIAL_NAME = Message(
    "catalogue.duplicate_serial_name", "duplicate of row %(row)s (序号 %(serial)s, 品名)"
)
CATALOGUE_UN_NUMBER_NOT_STORED = Message(
    "catalogue.un_number_not_stored", "UN号 is not a 4-digit UN number; not stored"
)
CATALOGUE_SERIAL_GAP = Message(
    "catalogue.serial_gap", "serial gap: 序号 %(missing)s missing between %(before)s and %(after)s"
)
CATALOGUE_COMPANION_KIND_UNKNOWN = common.COMPANION_KIND_UNKNOWN
CATALOGUE_DRUG_CLASS_UNKNOWN = Message("catalogue.drug_class_unknown", "类别 must be one of %(classes)s")
CATALOGUE_DUPLICATE_ROW = Message("catalogue.duplicate_row", "duplicate of row %(row)s")
CATALOGUE_CATEGORY_CELL_FORM = Message(
    "catalogue.category_cell_form", "废物类别 is not like 'HW08 废矿物油与含矿物油废物'"
)
CATALOGUE_CATEGORY_UNNAMED = Message("catalogue.category_unnamed", "废物类别 %(category)s has no name")
CATALOGUE_CATEGORY_NAMED_TWICE = Message(
    "catalogue.category_named_twice", "%(category)s named differently than on row %(row)s; first name kept"
)
CATALOGUE_MISSING_WASTE_CODE = Message("catalogue.missing_waste_code", "missing 废物代码")
CATALOGUE_NO_CATEGORY_ABOVE = Message(
    "catalogue.no_category_above", "missing 废物类别 (no category above this row)"
)
CATALOGUE_MISSING_DESCRIPTION = Message("catalogue.missing_description", "missing 危险废物 (description)")
CATALOGUE_MISSING_INDUSTRY = Message("catalogue.missing_industry", "missing 行业来源")
CATALOGUE_UNKNOWN_CHARACTERISTIC = Message(
    "catalogue.unknown_characteristic", "unknown hazard characteristic %(token)s (allowed: %(allowed)s)"
)
CATALOGUE_MISSING_CHARACTERISTICS = Message("catalogue.missing_characteristics", "missing 危险特性")
CATALOGUE_METHOD_CODE_FORM = Message("catalogue.method_code_form", "代码 is not like R2, D10 or C1")
CATALOGUE_METHOD_KIND_MISMATCH = Message(
    "catalogue.method_kind_mismatch", "类别 %(kind)s does not match code %(code)s"
)
CATALOGUE_MISSING_METHOD_NAME = Message("catalogue.missing_method_name", "missing 名称")

# --- identifiers ----------------------------------------------------------------------------------

IDENTIFIER_USCC_BODY = Message("identifier.uscc_body", "USCC body must be 17 characters of %(charset)s")
IDENTIFIER_USCC_LENGTH = Message("identifier.uscc_length", "USCC must be 18 characters, got %(length)s")
IDENTIFIER_USCC_CHARACTERS = Message(
    "identifier.uscc_characters",
    "USCC has characters outside GB 32100 (no I, O, S, V, Z; digits 3–8 a region code)",
)
IDENTIFIER_USCC_CHECK = Message(
    "identifier.uscc_check", "USCC check character is %(found)s, expected %(expected)s"
)
IDENTIFIER_CAS_FORM = Message("identifier.cas_form", "CAS number %(value)s is not of the form NNNNNNN-NN-N")
IDENTIFIER_CAS_CHECK = Message(
    "identifier.cas_check", "CAS number %(cas)s has check digit %(found)s, expected %(expected)s"
)
IDENTIFIER_CATEGORY_FORM = Message(
    "identifier.category_form", "waste category %(value)s is not of the form HWnn"
)
IDENTIFIER_CATEGORY_UNKNOWN = Message(
    "identifier.category_unknown",
    "waste category %(category)s does not exist: no edition of the National Hazardous Waste List "
    "has it (they have HW01–HW40 and HW45–HW50)",
)
IDENTIFIER_WASTE_CODE_FORM = Message(
    "identifier.waste_code_form", "waste code %(value)s is not of the form xxx-xxx-xx"
)
IDENTIFIER_WASTE_CODE_NO_CATEGORY = Message(
    "identifier.waste_code_no_category",
    "waste code %(code)s names no category of the National Hazardous Waste List "
    "(%(category)s does not exist)",
)
IDENTIFIER_WASTE_CODE_OTHER_CATEGORY = Message(
    "identifier.waste_code_other_category",
    "waste code %(code)s ends in %(digits)s but is listed under %(category)s",
)
IDENTIFIER_REGION_CODE_FORM = Message(
    "identifier.region_code_form", "region code %(value)s is not a 6-digit GB/T 2260 code"
)
IDENTIFIER_CONTAINER_SERIAL_RANGE = Message(
    "identifier.container_serial_range",
    "container serial %(serial)s is outside 1–%(max_serial)s for that unit, code and day",
)
IDENTIFIER_DIGITAL_ID_LENGTH = Message(
    "identifier.digital_id_length", "a digital ID has %(expected)s characters, this has %(length)s"
)
IDENTIFIER_DIGITAL_ID_DIGITS = Message(
    "identifier.digital_id_digits", "digital ID segments after the unit code must be digits"
)
IDENTIFIER_DIGITAL_ID_DATE = Message(
    "identifier.digital_id_date", "digital ID date %(date)s is not a calendar date"
)
IDENTIFIER_MANIFEST_SERIAL_DIGITS = Message(
    "identifier.manifest_serial_digits", "manifest serial %(serial)s exceeds %(digits)s digits for %(year)s"
)

# --- quantities -----------------------------------------------------------------------------------

UNIT_NOT_TONNES = Message("unit.not_tonnes", "%(field)s: %(value)s is not a number of tonnes")
UNIT_NEGATIVE_TONNES = Message("unit.negative_tonnes", "%(field)s must be a non-negative number of tonnes")
UNIT_TOO_MANY_TONNES = Message("unit.too_many_tonnes", "%(field)s may be at most %(max)s tonnes")
UNIT_BELOW_KILOGRAM = Message("unit.below_kilogram", "%(field)s has more precision than one kilogram")
UNIT_NOT_KILOGRAMS = Message("unit.not_kilograms", "%(field)s: %(value)s is not a number of kilograms")
UNIT_NEGATIVE_KILOGRAMS = Message(
    "unit.negative_kilograms", "%(field)s must be a non-negative number of kilograms"
)
UNIT_TOO_MANY_KILOGRAMS = Message("unit.too_many_kilograms", "%(field)s may be at most %(max)s kilograms")
UNIT_BELOW_GRAM = Message("unit.below_gram", "%(field)s has more precision than one gram")

# --- dangerous-goods transport data ---------------------------------------------------------------

DG_CLASS_AND_REASON = Message(
    "dg.class_and_reason",
    "give either a dangerous-goods class or the reason the waste is not dangerous goods, not both",
)
DG_CLASS_OR_REASON = Message(
    "dg.class_or_reason",
    "give the waste's dangerous-goods class, or say why it is not dangerous goods for transport",
)
DG_NOT_DG_HAS_NO_UN = Message(
    "dg.not_dg_has_no_un", "waste that is not dangerous goods has no UN number or packing group"
)
DG_CLASS_UNKNOWN = Message(
    "dg.class_unknown",
    "dangerous-goods class %(dg_class)s is not a class or division of GB 6944-2012: %(divisions)s",
)
DG_CLASS_3_DIVISION = Message(
    "dg.class_3_division",
    "dangerous-goods class %(dg_class)s is not a class or division of GB 6944-2012 "
    "(class 3 has no divisions): %(divisions)s",
)
DG_UN_NUMBER_FORM = Message("dg.un_number_form", "UN number %(un_number)s is not four digits (e.g. 1993)")
DG_PACKING_GROUP_FORM = Message(
    "dg.packing_group_form", "packing group %(packing_group)s is not I, II or III"
)
DG_NO_PACKING_GROUP = Message("dg.no_packing_group", "goods of class %(dg_class)s have no packing group")
DG_STREAM_UNCLASSIFIED = Message(
    "dg.stream_unclassified",
    "waste stream %(stream)s has no dangerous-goods transport data: record its class "
    "(UN number, packing group) or why it is not dangerous goods before it is shipped",
)
DG_VEHICLE_CLASS = Message(
    "dg.vehicle_class",
    "vehicle %(plate)s is approved for classes %(classes)s, which do not cover "
    "class %(dg_class)s of waste stream %(stream)s",
)
DG_VEHICLE_CLASS_UN = Message(
    "dg.vehicle_class_un",
    "vehicle %(plate)s is approved for classes %(classes)s, which do not cover "
    "class %(dg_class)s UN %(un_number)s of waste stream %(stream)s",
)
DG_NO_CLASSES = common.NONE

# --- the park catalogue ---------------------------------------------------------------------------

PARK_CATALOGUE_REASON_REQUIRED = Message(
    "park_catalogue.reason_required", "every change of the park catalogue needs a reason"
)
PARK_CATALOGUE_REASON_TOO_LONG = Message(
    "park_catalogue.reason_too_long", "the reason is longer than %(max)s characters"
)
PARK_CATALOGUE_UNKNOWN_ACTION = Message("park_catalogue.unknown_action", "unknown action %(action)s")
PARK_CATALOGUE_UNKNOWN_FLAG = Message("park_catalogue.unknown_flag", "unknown flag %(flag)s")
PARK_CATALOGUE_PROHIBITED_AND_RESTRICTED = Message(
    "park_catalogue.prohibited_and_restricted", "an entry is either prohibited or restricted, not both"
)
PARK_CATALOGUE_THRESHOLD_NOT_POSITIVE = Message(
    "park_catalogue.threshold_not_positive", "%(field)s must be a positive number of kilograms"
)
PARK_CATALOGUE_REPORTING_ABOVE_MAXIMUM = Message(
    "park_catalogue.reporting_above_maximum", "the reporting threshold is above the maximum holding"
)
PARK_CATALOGUE_CHEMICAL_TWICE = Message(
    "park_catalogue.chemical_twice", "chemical %(chemical_id)s appears twice in one revision"
)
PARK_CATALOGUE_ALREADY_PRESENT = Message(
    "park_catalogue.already_present",
    "chemical %(chemical_id)s is already in the park catalogue; change it instead",
)
PARK_CATALOGUE_NOT_PRESENT = Message(
    "park_catalogue.not_present", "chemical %(chemical_id)s is not in the park catalogue"
)
PARK_CATALOGUE_CHANGES_NOTHING = Message(
    "park_catalogue.changes_nothing", "the change of chemical %(chemical_id)s changes nothing"
)
PARK_CATALOGUE_NO_LINES = Message("park_catalogue.no_lines", "a revision changes at least one entry")
