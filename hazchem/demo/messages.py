"""Messages of the demo loader, said in the reader's language where the loader's refusal is shown."""

from __future__ import annotations

from hazchem.domain.errors import Message

CATALOGUES_MISSING = Message(
    "demo.catalogues_missing",
    "the demo park needs catalogue entries that are not loaded (%(missing)s); "
    "run `hazchem load-catalogues` first",
)
# One group of missing catalogue entries: what kind of entry, then the entries.
MISSING_GROUP = Message("demo.missing_group", "%(kind)s %(values)s")
CHEMICALS = Message("demo.kind.chemical", "chemicals with CAS")
WASTE_CATEGORIES = Message("demo.kind.waste_category", "waste categories")
METHOD_CODES = Message("demo.kind.method_code", "method codes")
LICENCE_TYPES = Message("demo.kind.licence_type", "licence types")
RECORDS_EXIST = Message(
    "demo.records_exist", "the demo park cannot be loaded: these records already exist (%(clashes)s)"
)
