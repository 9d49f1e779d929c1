"""Message codes of oversight: alert texts, deadline rules and their windows, grading reasons and the
refusals of the pure oversight rules, each with its English template."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Alerts (the English text is also stored on the alert for search and audit) ---------------------

ALERT_WEIGHT_DISCREPANCY = Message(
    "alert.weight_discrepancy",
    "manifest %(manifest)s: %(count)s container(s) weighed more than %(tolerance)s %% off the declared "
    "weight: %(containers)s",
)
ALERT_LICENCE_LINE_USE = Message(
    "alert.licence_line_use",
    "licence %(licence)s (%(label)s): %(share)s %% of the licensed %(scale)s a year used in %(year)s "
    "(%(used)s accepted or in flight)",
)
ALERT_FACILITY_USE = Message(
    "alert.facility_use", "%(facility)s: stock %(stock)s is %(share)s %% of its %(capacity)s storage capacity"
)
ALERT_LONG_LEG = Message(
    "alert.long_leg", "manifest %(manifest)s, leg %(seq)s: %(hours)s h since pick-up (more than %(limit)s h)"
)
ALERT_LONG_LEG_ON_ROAD = Message(
    "alert.long_leg_on_road",
    "manifest %(manifest)s, leg %(seq)s: %(hours)s h since pick-up and still on the road "
    "(more than %(limit)s h)",
)
REFUSAL_ALERT = Message("refusal_alert.refused", "refused (%(rule)s): %(refusal)s")
ALERT_INCIDENT = Message("alert.incident", "manifest %(manifest)s: %(kind)s %(where)s: %(description)s")
ALERT_INCIDENT_LOST = Message(
    "alert.incident_lost",
    "manifest %(manifest)s: %(kind)s %(where)s, %(count)s container(s) lost (%(tonnes)s t): %(description)s",
)
ALERT_INCIDENT_AT = Message("alert.incident_at", "at %(facility)s")
ALERT_INCIDENT_ON_LEG = Message("alert.incident_on_leg", "on leg %(seq)s")
ALERT_MAJOR_HAZARD = Message(
    "alert.major_hazard",
    "%(facility)s (%(enterprise)s) became a major hazard installation: Σq/Q = %(ratio)s (%(substances)s)",
)
ALERT_OVERDUE_CONFIRMATION = Message(
    "alert.overdue_confirmation",
    "manifest %(manifest)s: delivered %(delivered)s, receipt not confirmed by %(due)s "
    "(%(days)s working days)",
)
ALERT_STORAGE_OVER = Message(
    "alert.storage_over",
    "container %(container)s in %(facility)s: stored %(days)s days since %(stored_on)s, over the one-year "
    "limit (%(due)s)",
)
ALERT_STORAGE_NEAR = Message(
    "alert.storage_near",
    "container %(container)s in %(facility)s: stored %(days)s days since %(stored_on)s, limit on %(due)s",
)
ALERT_LICENCE = Message(
    "alert.licence",
    "licence %(licence)s of %(holder)s %(standing)s while open manifests rely on it: %(manifests)s",
)
ALERT_LICENCE_MORE = Message(
    "alert.licence_more",
    "licence %(licence)s of %(holder)s %(standing)s while open manifests rely on it: %(manifests)s "
    "and %(more)s more",
)
ALERT_LICENCE_NOT_YET_VALID = Message("alert.licence_not_yet_valid", "is valid only from %(valid_from)s")
ALERT_LICENCE_EXPIRED = Message("alert.licence_expired", "expired on %(valid_to)s")
ALERT_LICENCE_STATUS = Message("alert.licence_status", "is %(status)s")
ALERT_LICENCE_EXPIRING = Message("alert.licence_expiring", "expires on %(valid_to)s (%(days)s days)")

# --- Deadlines and the working-day calendar ------------------------------------------------------

DEADLINE_NOT_A_DATE = Message("deadline.not_a_date", "not a date (YYYY-MM-DD): '%(value)s'")
DEADLINE_HOLIDAY_AND_WORKDAY = Message(
    "deadline.holiday_and_workday", "%(count)s day(s) are both a holiday and a make-up working day: %(dates)s"
)
DEADLINE_NOT_COVERED = Message(
    "deadline.calendar_not_covered", "no official holiday data for %(year)s (covered years: %(covered)s)"
)
DEADLINE_NONE_COVERED = common.NONE
DEADLINE_YEAR_RANGE = Message("deadline.year_range", "year must be from %(min)s to %(max)s")
DEADLINE_ARRANGEMENT_INVALID = Message(
    "deadline.arrangement_invalid", "the %(year)s arrangement is not valid: %(problems)s"
)
DEADLINE_RULE_NEGATIVE_WARN = Message(
    "deadline.rule_negative_warn", "rule %(rule)s: warn_days must not be negative"
)
DEADLINE_RULE_DAY_OF_MONTH = Message(
    "deadline.rule_day_of_month", "rule %(rule)s: day_of_month must be from 1 to 28"
)
DEADLINE_RULE_NO_SUCH_DAY = Message(
    "deadline.rule_no_such_day", "rule %(rule)s: no such day of the year %(day)s"
)
DEADLINE_NO_RULE = common.UNKNOWN_DEADLINE_RULE
DEADLINE_RULE_NOT_CONFIGURABLE = Message(
    "deadline.rule_not_configurable", "rule %(rule)s: cannot configure %(names)s"
)

# --- Grading rules --------------------------------------------------------------------------------

GRADING_RULES_INVALID = Message("grading.rules_invalid", "grading rules: %(problem)s")
GRADING_NOT_OBJECT = Message("grading.not_object", "the file must hold an object")
GRADING_NO_GRADES = Message("grading.no_grades", "list at least one grade under 'grades'")
GRADING_GRADE_CODE = Message(
    "grading.grade_code", "every grade needs a distinct code of at most 20 characters"
)
GRADING_DEFAULT_UNKNOWN = Message("grading.default_unknown", "the default grade is not one of the grades")
GRADING_RULE_NOT_OBJECT = Message("grading.rule_not_object", "each rule must be an object")
GRADING_RULE_ID = Message("grading.rule_id", "every rule needs a distinct id")
GRADING_UNKNOWN_FACT = Message("grading.unknown_fact", "rule %(rule)s: unknown fact")
GRADING_ONE_COMPARISON = Message(
    "grading.one_comparison", "rule %(rule)s: give exactly one of at_least or more_than"
)
GRADING_THRESHOLD = Message("grading.threshold", "rule %(rule)s: the threshold must be a whole number ≥ 0")
GRADING_RULE_GRADE_UNKNOWN = Message(
    "grading.rule_grade_unknown", "rule %(rule)s: the grade is not one of the grades"
)

# --- Deadline rules: names, anchors and windows ----------------------------------------------------

RULE_NAMES: dict[str, Message] = {
    code: Message(f"deadline.rule.{code}", name)
    for code, name in (
        ("manifest.receipt_confirmation", "Receipt confirmation"),
        ("manifest.paper_backfill", "Electronic backfill of a paper manifest"),
        ("storage.one_year", "Storage limit of one year"),
        ("licence.expiry", "Licence expiry"),
        ("licence.renewal", "Licence renewal application"),
        ("licence.renewal.hw_operating", "Hazardous waste operating licence renewal application"),
        ("licence.renewal.safety_production", "Safety production licence extension application"),
        ("annual.management_plan", "Annual hazardous waste management plan"),
        ("annual.declaration", "Annual declaration of the previous year's hazardous waste"),
        ("declaration.monthly", "Monthly hazardous waste declaration (key supervised unit)"),
        ("declaration.quarterly", "Quarterly hazardous waste declaration (simplified-management unit)"),
        ("transfer_approval.expiry", "Cross-province transfer approval expiry"),
        ("emergency.plan_review", "Emergency plan review"),
        ("emergency.drill", "Emergency plan drill"),
        ("emergency.resource_inspection", "Emergency resource inspection"),
        ("emergency.resource_expiry", "Emergency supplies expiry"),
    )
}

ANCHORS: dict[str, Message] = {
    anchor: Message(f"deadline.anchor.{key}", anchor)
    for key, anchor in (
        ("arrival", "arrival"),
        ("transfer_completed", "completion of the transfer"),
        ("put_away", "put-away date"),
        ("last_valid_day", "last day of validity"),
        ("plan_year", "plan year"),
        ("declaration_year", "year the declaration is due in (it covers the year before)"),
        ("month_after_month", "month after the declared month"),
        ("month_after_quarter", "month after the declared quarter"),
        ("approval_last_day", "last day of the approval"),
        ("plan_review_date", "review date the plan records"),
        ("plan_drill_date", "drill date the plan records"),
        ("resource_inspection_date", "inspection date the resource records"),
    )
}

MONTHS: dict[int, Message] = {
    number: Message(f"deadline.month.{number}", name)
    for number, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}

WINDOW_BY_MONTH_DAY = Message("deadline.window.month_day", "by %(day)s %(month)s of the %(anchor)s")
WINDOW_BY_DAY_OF_MONTH = Message("deadline.window.day_of_month", "by day %(day)s of the %(anchor)s")
WINDOW_ON = Message("deadline.window.on", "on the %(anchor)s")
# By unit and side ("after" / "before"); a single month has its own text.
WINDOW_OFFSETS: dict[tuple[str, str], Message] = {
    ("working_days", "after"): Message(
        "deadline.window.working_days_after", "%(amount)s working days after the %(anchor)s"
    ),
    ("working_days", "before"): Message(
        "deadline.window.working_days_before", "%(amount)s working days before the %(anchor)s"
    ),
    ("calendar_days", "after"): Message(
        "deadline.window.calendar_days_after", "%(amount)s calendar days after the %(anchor)s"
    ),
    ("calendar_days", "before"): Message(
        "deadline.window.calendar_days_before", "%(amount)s calendar days before the %(anchor)s"
    ),
    ("months", "after"): Message("deadline.window.months_after", "%(amount)s months after the %(anchor)s"),
    ("months", "before"): Message("deadline.window.months_before", "%(amount)s months before the %(anchor)s"),
    ("month", "after"): Message("deadline.window.month_after", "%(amount)s month after the %(anchor)s"),
    ("month", "before"): Message("deadline.window.month_before", "%(amount)s month before the %(anchor)s"),
}
WINDOW_ROLLED = Message(
    "deadline.window.rolled", "%(window)s, moved to the next working day if it falls on a rest day"
)
DEADLINE_CALENDAR_NOTICE = Message(
    "deadline.calendar_notice", "provisional due dates: no holiday arrangement is published for %(years)s"
)

# --- Grading reasons ------------------------------------------------------------------------------

# What each fact counts, with its value; keyed by grading.Fact values.
GRADING_FACTS: dict[str, Message] = {
    fact: Message(f"grading.fact.{fact}", template)
    for fact, template in (
        ("major_hazard_installations", "%(value)s major hazard installation(s)"),
        ("highly_toxic_holdings", "%(value)s highly toxic chemical(s) held"),
        ("explosive_precursor_holdings", "%(value)s explosive precursor(s) held"),
        ("waste_generated_kg", "%(value)s kg of hazardous waste generated in the last 365 days"),
        ("overdue_manifests", "%(value)s overdue receipt confirmation(s)"),
        ("overdue_storage", "%(value)s container(s) stored beyond the 365-day limit"),
        ("anomaly_manifests", "%(value)s manifest(s) with a quantity anomaly in the last 365 days"),
        ("accidents", "%(value)s accident(s) in the last 365 days"),
    )
}
# Why a rule holds, by its comparison (grading.Comparison values).
GRADING_REASONS: dict[str, Message] = {
    "at_least": Message("grading.reason.at_least", "%(fact)s, at least %(threshold)s → %(grade)s"),
    "more_than": Message("grading.reason.more_than", "%(fact)s, more than %(threshold)s → %(grade)s"),
}
