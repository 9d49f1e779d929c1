"""Message codes of the oversight services (alerts, deadlines, grading, indicators, registers, review,
search, summaries and dashboards), each with its English template."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Alerts ---------------------------------------------------------------------------------------

ACK_NEEDS_NOTE = Message("alert.ack_needs_note", "an acknowledgement needs a note")
ALERT_NOT_FOUND = Message("alert.not_found", "alert %(alert_id)s not found")
ACK_FORBIDDEN = Message("alert.ack_forbidden", "only the alert's department or the park may acknowledge it")
ALREADY_ACKNOWLEDGED = Message("alert.already_acknowledged", "alert %(alert_id)s was already acknowledged")
ALERT_UNKNOWN_DEPARTMENT = common.UNKNOWN_DEPARTMENT_KIND
ALERT_UNKNOWN_KIND = Message("alert.unknown_kind", "unknown alert kind '%(value)s'")
ALERT_BAD_STATE = Message("alert.bad_state", "state must be one of %(allowed)s")
ALERT_BAD_ENTERPRISE_ID = common.BAD_ENTERPRISE_ID
ALERT_READERS_ONLY = Message(
    "alert.readers_only", "alerts are for regulators, the park and the enterprises' own officers"
)
ALERT_BAD_LIMIT = common.LIMIT_UP_TO

# --- Dashboards -----------------------------------------------------------------------------------

DASHBOARD_FORBIDDEN = Message(
    "dashboard.forbidden", "dashboards are for the park administrator and regulators"
)

# --- Deadlines and filings ------------------------------------------------------------------------

DEADLINE_UNKNOWN_DEPARTMENT = common.UNKNOWN_DEPARTMENT_KIND
DEADLINE_UNKNOWN_RULE = common.UNKNOWN_DEADLINE_RULE
DEADLINE_BAD_STATUS = Message("deadline.bad_status", "status must be one of %(allowed)s")
DEADLINE_BAD_ENTERPRISE_ID = common.BAD_ENTERPRISE_ID
DEADLINE_PERIOD_FORMAT = Message("deadline.period_format", "give the declared period like %(example)s")
DEADLINE_READERS_ONLY = Message(
    "deadline.readers_only", "deadlines are for regulators, the park and the enterprises' own officers"
)
FILING_FORBIDDEN = Message(
    "deadline.filing_forbidden",
    "only the enterprise's EHS officer, ecology and environment or the park record filings",
)
FILING_UNKNOWN_KIND = Message("deadline.unknown_filing_kind", "unknown filing kind '%(kind)s'")
FILING_PAPER_NEEDS = Message(
    "deadline.paper_needs_number_and_date",
    "a paper transfer needs the paper manifest's number and the date it was completed",
)
FILING_DATES_ORDER = Message("deadline.dates_out_of_order", "dates out of order or in the future")
FILING_PERIOD_NOT_ENDED = Message("deadline.period_not_ended", "a period is declared once it has ended")
FILING_NEEDS_YEAR = Message("deadline.filing_needs_year", "give the year the filing is for")
FILING_DATE_FUTURE = Message("deadline.filed_on_future", "the filing date is in the future")
FILING_NO_ENTERPRISE = common.ENTERPRISE_MISSING
FILING_ALREADY = Message("deadline.filing_already_recorded", "this %(kind)s is already recorded")
DEADLINE_BAD_CURSOR = Message("deadline.bad_cursor", "cursor is not one this list handed out")

# --- Grading --------------------------------------------------------------------------------------

GRADING_UNREADABLE = Message("grading.unreadable", "grading rules: cannot read %(path)s: %(problem)s")
GRADE_ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND
GRADE_OVERRIDE_FORBIDDEN = Message(
    "grade.override_forbidden",
    "only the park committee or the administrator may override a supervision grade",
)
GRADE_UNKNOWN = Message("grade.unknown", "'%(grade)s' is not a supervision grade")
GRADE_NEEDS_NOTE = Message("grade.needs_note", "an override needs a note saying why")
GRADE_NOTE_TOO_LONG = Message("grade.note_too_long", "the note is longer than %(max)s characters")
GRADE_NOTHING_TO_WITHDRAW = Message("grade.nothing_to_withdraw", "there is no override to withdraw")

# --- Indicators -----------------------------------------------------------------------------------

INDICATOR_NOT_AN_AMOUNT = Message(
    "indicator.not_an_amount", "%(field)s: '%(value)s' is not an amount in 万元"
)
INDICATOR_NOT_POSITIVE = Message("indicator.not_positive", "%(field)s must be a positive amount in 万元")
INDICATOR_TOO_LARGE = Message("indicator.too_large", "%(field)s may be at most %(max)s 万元")
INDICATOR_TOO_PRECISE = Message(
    "indicator.too_precise", "%(field)s has more precision than one yuan (four decimals of 万元)"
)
INDICATOR_OUTPUT_FORBIDDEN = Message(
    "indicator.output_forbidden",
    "only the park administrator or the enterprise's EHS officer may enter its output",
)
INDICATOR_ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND

# --- Registers and ledgers ------------------------------------------------------------------------

REGISTER_ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND
REGISTER_PERIOD_ORDER = Message("register.period_order", "the ledger period ends before it starts")
REGISTER_UNKNOWN_SECTION = Message("register.unknown_section", "no ledger section '%(section)s'")
REGISTER_BAD_FORMAT = common.EXPORT_FORMAT
REGISTER_CSV_ONE_SECTION = Message(
    "register.csv_one_section", "a CSV ledger holds one section: give section="
)

# --- Review ---------------------------------------------------------------------------------------

REVIEW_NEEDS_TEXT = Message("review.needs_text", "%(what)s needs a text")
REVIEW_TEXT_TOO_LONG = common.TEXT_TOO_LONG
REVIEW_A_NOTE = Message("review.a_review_note", "a review note")
REVIEW_A_REQUEST = Message("review.a_correction_request", "a correction request")
REVIEW_AN_ANSWER = Message("review.an_answer", "an answer")
REVIEW_FORBIDDEN = Message("review.forbidden", "only a regulator or the park administrator reviews manifests")
REVIEW_REQUEST_NOT_FOUND = common.CORRECTION_NOT_FOUND
REVIEW_PARTY_ANSWERS = Message(
    "review.party_answers",
    "regulators and administrators do not answer correction requests; the party does",
)
REVIEW_REVISE_FIELDS = Message(
    "review.revise_fields", "the request concerns the %(section)s section; revise %(fields)s"
)
REVIEW_REVISE_NOTHING = Message(
    "review.revise_nothing",
    "the request concerns the %(section)s section; revise nothing there: answer with a reply",
)

# --- Search ---------------------------------------------------------------------------------------

SEARCH_DATE_RANGE = Message("search.date_range", "%(name)s date range ends before it starts")
SEARCH_QUANTITY_RANGE = Message("search.quantity_range", "declared quantity range ends below its start")
SEARCH_BAD_SORT = Message("search.bad_sort", "cannot sort by '%(sort)s'")
SEARCH_ONCE = Message("search.once", "give %(name)s once")
SEARCH_NOT_A_DATE = Message("search.not_a_date", "%(name)s is not a date (YYYY-MM-DD)")
SEARCH_NOT_AN_ID = Message("search.not_an_id", "%(name)s is not an id")
SEARCH_NOT_BOOL = Message("search.not_bool", "%(name)s must be true or false")
SEARCH_UNKNOWN_STATUS = Message("search.unknown_status", "unknown manifest status '%(value)s'")
SEARCH_BAD_CATEGORY = Message("search.bad_category", "category must look like HW08")
SEARCH_BAD_CURSOR = Message("search.bad_cursor", "cursor is not one this search handed out")
SEARCH_BAD_LIMIT = common.LIMIT_UP_TO

# --- Summaries ------------------------------------------------------------------------------------

SUMMARY_YEAR_RANGE = Message("summary.year_range", "year must be between %(min)s and %(max)s")
SUMMARY_ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND
SUMMARY_PARK_FORBIDDEN = Message(
    "summary.park_forbidden", "only the park administrator and waste regulators see the park's annual summary"
)
SUMMARY_UNKNOWN_SECTION = Message("summary.unknown_section", "no summary section '%(section)s'")
REGISTER_CSV_CHOOSE_SECTION = Message(
    "register.csv_choose_section", "a CSV ledger holds one section: choose the section"
)
