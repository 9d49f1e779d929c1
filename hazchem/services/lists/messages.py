"""Messages of the official-list imports: unreadable files, rejected or doubtful rows, amendments."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Reading files --------------------------------------------------------------------------------

UNREADABLE = Message("import.unreadable", "cannot read %(file)s: %(reason)s")
NOT_UTF8_OR_GB18030 = Message("import.encoding", "%(file)s is neither UTF-8 nor GB18030 text")
NOT_CSV_TEXT = Message("import.not_csv_text", "%(file)s is not a CSV text file")
BAD_CSV = Message("import.bad_csv", "%(file)s is not valid CSV: %(error)s")
BAD_XLSX = Message("import.bad_xlsx", "%(file)s is not a readable XLSX workbook: %(error)s")
FILE_TYPE = Message("import.file_type", "%(file)s: unsupported file type %(suffix)s; use .csv or .xlsx")
NO_FILE_TYPE = Message("import.no_file_type", "%(file)s: unsupported file type (none); use .csv or .xlsx")
NO_HEADER = Message("import.no_header", "%(file)s has no header row")

# --- Chemicals and companion lists ----------------------------------------------------------------

COMPANION_KIND = common.COMPANION_KIND_UNKNOWN
CHEMICALS_NOT_LOADED = Message(
    "list.chemicals_not_loaded",
    "the chemicals catalogue edition %(edition)s is not loaded; import it before its companion lists",
)
CAS_MATCHES_SEVERAL = Message(
    "import.cas_matches_several",
    "CAS matches %(count)s catalogue entries and the name none of them; all are flagged",
)
NO_MATCH = Message("import.no_match", "no %(edition)s catalogue entry matches (%(cas)s, by name or alias)")
NO_MATCH_NO_CAS = Message(
    "import.no_match_no_cas", "no %(edition)s catalogue entry matches (no CAS, by name or alias)"
)

# --- The National Hazardous Waste List ------------------------------------------------------------

WASTE_EDITION_REQUIRED = Message(
    "waste_list.edition_required", "the waste list edition is required (e.g. 2021)"
)
NONE_IN_FORCE = Message(
    "waste_list.none_in_force", "no loaded edition of the National Hazardous Waste List is in force on %(on)s"
)
CODE_ELSEWHERE = Message(
    "waste_list.code_elsewhere",
    "waste code %(code)s is not in %(title)s, in force on %(on)s; it is listed in %(listed)s",
)
CODE_IN_NO_EDITION = Message(
    "waste_list.code_in_no_edition",
    "waste code %(code)s is in no edition of the National Hazardous Waste List "
    "(%(title)s, in force on %(on)s)",
)

# --- GB 18218-2018 tables -------------------------------------------------------------------------

TABLE_MISSING = Message("gb18218.table_missing", "GB 18218 table %(number)s is missing: %(file)s")
TABLE_ROW = Message("gb18218.table_row", "%(file)s: %(issue)s")
SERIAL_UNMATCHED = Message(
    "gb18218.serial_unmatched",
    "gb18218-2018-table1.csv: 序号 %(serial)s matches no catalogue entry by name or by a CAS number "
    "of its own; that substance has no Q until emergency management enters it",
)

# --- Catalogue amendments -------------------------------------------------------------------------

NOTICE_REQUIRED = Message("amendment.notice_required", "notice is required (at most %(limit)s characters)")
SOURCE_REQUIRED = Message("amendment.source_required", "source is required (at most %(limit)s characters)")
NAME_REQUIRED = Message("amendment.name_required", "name is required (at most %(limit)s characters)")
KIND_UNKNOWN = Message("amendment.kind_unknown", "kind must be one of %(kinds)s")
SERIAL_REQUIRED = Message("amendment.serial_required", "a new entry needs its serial (1–99999)")
ENTRY_EXISTS = Message(
    "amendment.entry_exists", "entry %(serial)s %(name)s is already in the %(edition)s catalogue"
)
CHEMICAL_NOT_FOUND = common.CATALOGUE_ENTRY_NOT_FOUND
ALREADY_ADDS = Message("amendment.already_adds", "%(notice)s already adds entry %(serial)s")
ALREADY_CHANGES = Message("amendment.already_changes", "%(notice)s already changes entry %(serial)s")
ALREADY_REMOVES = Message("amendment.already_removes", "%(notice)s already removes entry %(serial)s")
NOT_AN_AMENDMENT = Message(
    "amendment.not_an_amendment", "%(notice)s: %(kind)s is not an amendment of the catalogue; not applied"
)
ROW_INCOMPLETE = Message(
    "amendment.row_incomplete", "%(notice)s: no effective date, serial or entry name given; not applied"
)
ENTRY_MISSING = Message(
    "amendment.entry_missing", "%(notice)s: entry %(serial)s %(name)s is not in the %(edition)s catalogue"
)
