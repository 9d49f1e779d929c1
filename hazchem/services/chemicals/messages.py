"""Messages of the chemical services: catalogue look-ups, stock, hazards, the information centre."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Catalogue look-ups ---------------------------------------------------------------------------

LIMIT_RANGE = common.LIMIT_RANGE
SEARCH_TERM_REQUIRED = Message("chemical.search_term_required", "a search term is required")
CHEMICAL_NOT_FOUND = Message("chemical.not_found", "chemical %(chemical_id)s not found")
WASTE_CODE_NOT_FOUND = Message("waste_list.code_not_found", "waste code %(waste_code_id)s not found")
NOT_IN_CATALOGUE = Message("chemical.not_in_catalogue", "chemical %(chemical)s is not in the catalogue")
NAMES_NO_ENTRY = Message("chemical.names_no_entry", "%(text)s names no catalogue entry; give its id")
NAMES_SEVERAL_ENTRIES = Message(
    "chemical.names_several_entries", "%(text)s names more than one catalogue entry; give its id"
)
CAS_UNKNOWN = Message("chemical.cas_unknown", "CAS number %(cas)s is not in the catalogue")
CAS_AMBIGUOUS = Message(
    "chemical.cas_ambiguous",
    "CAS number %(cas)s matches %(count)s catalogue entries; give chemical_id instead",
)

# --- Storage units and movements ------------------------------------------------------------------

OFFICERS_ONLY_MOVEMENTS = Message(
    "stock.officers_only_movements", "only the enterprise's own EHS officers may record stock movements"
)
OFFICERS_ONLY_UNITS = Message(
    "stock.officers_only_units", "only the enterprise's own EHS officers may add storage units"
)
CHOOSE_ENTERPRISE = Message("stock.choose_enterprise", "Choose an enterprise.")
ENTER_TONNES = Message("stock.enter_tonnes", "Enter a positive quantity in tonnes.")
UNIT_NAME_REQUIRED = common.NAME_REQUIRED
CAPACITY_POSITIVE = Message("stock.capacity_positive", "capacity must be positive")
FACILITY_MISSING = common.FACILITY_MISSING
UNIT_NAME_TAKEN = Message("stock.unit_name_taken", "%(facility)s already has a storage unit named %(name)s")
STOCK_NOT_OVERSEEN = Message("stock.not_overseen", "your department does not oversee chemical stock")
UNIT_NOT_FOUND = Message("stock.unit_not_found", "storage unit %(unit_id)s not found")
ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND
UNIT_MISSING = Message("stock.unit_missing", "storage unit %(unit_id)s does not exist")
UNIT_CLOSED = Message("stock.unit_closed", "storage unit %(unit)s is closed")
QUANTITY_POSITIVE = Message("movement.quantity_positive", "quantity must be a positive number of kilograms")
QUANTITY_T_POSITIVE = Message("movement.quantity_t_positive", "quantity_t must be positive")
RECEIPT_SUPPLIER = Message("movement.receipt_supplier", "a receipt names its supplier")
TRANSFER_TARGET = Message("movement.transfer_target", "a transfer names the unit it goes to")
ONLY_TRANSFER_TARGET = Message("movement.only_transfer_target", "only a transfer goes to another unit")
DISCARD_CONTAINER = Message(
    "movement.discard_container", "a discard needs the packaging and volume of its waste container"
)
FORM_UNKNOWN = Message("movement.form_unknown", "form must be one of %(forms)s")
TRANSFER_SAME_UNIT = Message("movement.transfer_same_unit", "a transfer goes to a different unit")
TRANSFER_OTHER_ENTERPRISE = Message(
    "movement.transfer_other_enterprise", "a transfer stays within the enterprise"
)

# --- Critical quantities and exposed people (GB 18218) --------------------------------------------

HAZARD_CHEMICAL_NOT_FOUND = common.CATALOGUE_ENTRY_NOT_FOUND
HAZARD_SOURCE_REQUIRED = Message(
    "hazard.source_required", "name the source of the critical quantity (1–%(max)s characters)"
)
HAZARD_CRITICAL_RANGE = Message(
    "hazard.critical_range", "a critical quantity must be more than 0 t and at most %(max_t)s t"
)
HAZARD_UNKNOWN_CATEGORIES = Message(
    "hazard.unknown_categories", "not GB 18218 hazard categories: %(unknown)s (known: %(known)s)"
)
HAZARD_FACILITY_NOT_FOUND = common.FACILITY_NOT_FOUND
HAZARD_PEOPLE_RANGE = Message(
    "major_hazard.people_range", "the number of people exposed must be between 0 and %(max)s"
)

# --- The information centre and the park catalogue ------------------------------------------------

NOTES_FORBIDDEN = Message(
    "infocentre.notes_forbidden", "only emergency management or the park administrator may edit safety notes"
)
NOTES_REQUIRED = Message("infocentre.notes_required", "write the protection or the emergency-handling notes")
NOTES_SOURCE_REQUIRED = Message(
    "infocentre.notes_source_required", "name the source of the notes (e.g. the supplier's safety data sheet)"
)
PROTECTION_TOO_LONG = Message(
    "infocentre.protection_too_long", "protection is longer than %(limit)s characters"
)
EMERGENCY_TOO_LONG = Message("infocentre.emergency_too_long", "emergency is longer than %(limit)s characters")
NOTES_SOURCE_TOO_LONG = Message("infocentre.source_too_long", "source is longer than %(limit)s characters")
EXPORT_FORMAT = common.EXPORT_FORMAT
REVISE_FORBIDDEN = Message(
    "park_chemical.revise_forbidden",
    "only emergency management or the park administrator may revise the park catalogue",
)
OTHER_PARK = Message("park_chemical.other_park", "your department belongs to another park")
NOT_IN_NATIONAL = Message(
    "park_chemical.not_in_national", "chemical %(chemical_id)s is not in the national catalogue"
)
REVISION_RACE = Message(
    "park_chemical.revision_race",
    "another revision of the park catalogue was recorded at the same moment; try again",
)
NO_VERSION = Message(
    "park_chemical.no_version", "the park catalogue has no version %(number)s (latest is %(latest)s)"
)
