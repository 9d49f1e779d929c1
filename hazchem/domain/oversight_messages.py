"""Message codes of oversight: alert texts, deadline rules and their windows, grading reasons and the
refusals of the pure oversight rules, each with its English template."""

from __future__ import annotations

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
