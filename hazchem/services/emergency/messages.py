"""Messages of emergency plans and resources (refusals and alerts), by code."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

ENTERPRISE_MISSING = common.ENTERPRISE_MISSING
FACILITY_MISSING = common.FACILITY_MISSING

# --- Plans -----------------------------------------------------------------------------------------
PLAN_NOT_FOUND = Message("emergency.plan_not_found", "emergency plan %(plan_id)s not found")
PLAN_EXISTS = Message(
    "emergency.plan_exists",
    "this plan already exists (version %(version)s); make a new version of it instead",
)
DRAFT_OPEN = Message(
    "emergency.draft_open",
    "version %(version)s of this plan is still a draft: change that draft or put it in force first",
)
REVISE_LATEST = Message(
    "emergency.revise_latest", "a new version is made from the latest version, %(version)s"
)
NOT_A_DRAFT = Message(
    "emergency.not_a_draft", "version %(version)s is no longer a draft; make a new version to change it"
)
PLAN_TRANSITION = Message(
    "emergency.plan_transition", "plan version %(version)s cannot go from %(current)s to %(target)s"
)
SUPERSEDED_KEPT = Message(
    "emergency.superseded_kept",
    "version %(version)s has been superseded and is kept as it was; change the current version",
)
GRADES_REQUIRED = Message(
    "emergency.grades_required", "a plan in force defines its grades (I to IV) with their criteria"
)
GRADE_TWICE = Message("emergency.grade_twice", "grade %(grade)s is defined twice")
GRADE_CRITERIA = Message("emergency.grade_criteria", "grade %(grade)s needs its criteria")
GRADE_NOT_DEFINED = Message("emergency.grade_not_defined", "this plan does not define grade %(grade)s")
DATE_IN_FUTURE = Message("emergency.date_in_future", "%(what)s cannot be later than today (%(today)s)")
NEXT_BEFORE_LAST = Message(
    "emergency.next_before_last", "the next due date %(next)s must come after %(last)s"
)
DRILL_DATE = Message("emergency.drill_date", "the drill date")
REVIEW_DATE = Message("emergency.review_date", "the review date")
INSPECTION_DATE = Message("emergency.inspection_date", "the inspection date")

# --- The plan file ---------------------------------------------------------------------------------
FILE_NOT_BASE64 = Message("emergency.file_not_base64", "the plan file's content is not valid base64")
FILE_EMPTY = Message("emergency.file_empty", "the plan file is empty")
FILE_NOT_PDF = Message("emergency.file_not_pdf", "the plan file %(name)s is not a PDF document")
FILE_TOO_LARGE = Message(
    "emergency.file_too_large", "the plan file is %(size)s bytes; at most %(max)s bytes are kept"
)
FILE_SEALED = Message(
    "emergency.file_sealed",
    "version %(version)s is in force with its file kept (SHA-256 %(sha256)s); "
    "make a new version to replace it",
)
NO_FILE = Message("emergency.no_file", "version %(version)s has no file attached")

# --- Organisation and notification tree ------------------------------------------------------------
CONTACT_NOT_IN_PLAN = Message(
    "emergency.contact_not_in_plan", "contact %(contact_id)s is not in this plan's organisation"
)
DEPARTMENT_NOT_IN_PARK = Message(
    "emergency.department_not_in_park", "department %(department_id)s is not a department of this park"
)
RULE_NEEDS_TARGET = Message(
    "emergency.rule_needs_target",
    "a notification rule names whom it tells: a department, a contact or a unit",
)
WITHIN_MINUTES = Message("emergency.within_minutes", "the time to notify is from 0 to %(max)s minutes")

# --- Resources -------------------------------------------------------------------------------------
RESOURCE_NOT_FOUND = Message("emergency.resource_not_found", "emergency resource %(resource_id)s not found")
RESOURCE_EXISTS = Message(
    "emergency.resource_exists", "a resource of this kind named %(name)s is already registered"
)
COORDINATES = Message(
    "emergency.coordinates", "give both latitude (-90 to 90) and longitude (-180 to 180), or neither"
)
FACILITY_ELSEWHERE = Message(
    "emergency.facility_elsewhere", "facility %(facility_id)s is not the resource owner's or not in this park"
)
PLAN_ELSEWHERE = Message(
    "emergency.plan_elsewhere", "plan %(plan_id)s is neither the park's nor the resource owner's"
)
CAPACITY_FOR_POOLS = Message(
    "emergency.capacity_for_pools", "an accident pool is registered with its capacity in m³"
)
NEAREST_NEEDS_PLACE = Message(
    "emergency.nearest_needs_place", "name a facility or give coordinates to find the nearest resources"
)

# --- Alerts ----------------------------------------------------------------------------------------
ALERT_REVIEW_OVERDUE = Message(
    "alert.emergency_review_overdue",
    "emergency plan %(plan)s (version %(version)s): review was due on %(due)s",
)
ALERT_DRILL_OVERDUE = Message(
    "alert.emergency_drill_overdue", "emergency plan %(plan)s (version %(version)s): drill was due on %(due)s"
)
ALERT_INSPECTION_OVERDUE = Message(
    "alert.resource_inspection_overdue", "emergency resource %(resource)s: inspection was due on %(due)s"
)
ALERT_RESOURCE_EXPIRED = Message(
    "alert.resource_expired", "emergency resource %(resource)s expired on %(expired)s"
)
ALERT_BELOW_MINIMUM = Message(
    "alert.resource_below_minimum",
    "emergency resource %(resource)s: %(quantity)s %(unit)s in stock, "
    "below the plan's minimum of %(minimum)s",
)
