"""Messages of the chemical stock rules and the GB 18218-2018 tables, said in each reader's language."""

from __future__ import annotations

from hazchem.domain.errors import Message

# --- Movements and storage units ------------------------------------------------------------------

MOVEMENT_KIND_UNKNOWN = Message("movement.kind_unknown", "movement kind must be one of %(kinds)s")
UNIT_KIND_UNKNOWN = Message("stock.unit_kind_unknown", "storage unit kind must be one of %(kinds)s")
STOCK_INSUFFICIENT = Message(
    "stock.insufficient", "%(unit)s holds %(stock)s of %(chemical)s, less than the %(taking)s to take out"
)
STOCK_NO_CAPACITY = Message(
    "stock.no_capacity", "%(place)s has no storage capacity recorded, so no chemical can be stored there"
)
STOCK_OVER_CAPACITY = Message(
    "stock.over_capacity", "%(place)s: stock %(stock)s + %(adding)s exceeds its capacity %(capacity)s"
)
STOCK_SEGREGATION = Message(
    "stock.segregation", "%(unit)s already holds %(present)s, incompatible with %(adding)s: %(reason)s"
)

# --- Permits and licensed quantities ---------------------------------------------------------------

PERMIT_MISSING = Message(
    "permit.missing_licence", "%(chemical)s needs a valid %(licence)s issued by %(issuer)s"
)
PERMIT_MISSING_BECAUSE = Message(
    "permit.missing_licence_because",
    "%(chemical)s needs a valid %(licence)s issued by %(issuer)s (%(reasons)s)",
)
PERMIT_QUANTITY = Message(
    "permit.quantity",
    "%(licence)s %(number)s (issued by %(issuer)s) permits %(permitted)s of %(chemical)s; "
    "%(used)s already received + %(adding)s exceeds it",
)
PERMIT_LICENSED_QUANTITY = Message(
    "permit.licensed_quantity",
    "%(licence)s %(number)s (issued by %(issuer)s) licenses %(licensed)s of %(chemical)s; "
    "the enterprise holds %(stock)s + %(adding)s",
)

# --- GB 18218-2018 table rows ---------------------------------------------------------------------

GB_NOT_A_NUMBER = Message("gb18218.not_a_number", "%(what)s %(value)s is not a number")
GB_NEGATIVE = Message("gb18218.negative", "%(what)s %(value)s is not a non-negative number")
GB_CRITICAL_T = Message("gb18218.critical_t", "critical quantity (t)")
GB_LOWER_BOUND = Message("gb18218.lower_bound", "lower bound")
GB_UPPER_BOUND = Message("gb18218.upper_bound", "upper bound")
GB_LOWER_BOUND_R = Message("gb18218.lower_bound_r", "lower bound of R")
GB_UPPER_BOUND_R = Message("gb18218.upper_bound_r", "upper bound of R")
GB_CRITICAL_NOT_KG = Message(
    "gb18218.critical_not_whole_kg", "critical quantity %(value)s t is not positive whole kilograms"
)
GB_SERIAL_NOT_A_NUMBER = Message("gb18218.serial_not_a_number", "serial %(value)s is not a number")
GB_SERIAL_TWICE = Message("gb18218.serial_twice", "serial %(serial)s appears twice")
GB_NO_NAME = Message("gb18218.no_name", "no substance name")
GB_NO_CATEGORY = Message("gb18218.no_category", "no category code")
GB_NO_KEY = Message("gb18218.no_key", "no %(key)s")
