"""Messages of the accident-incident lifecycle (report to closure), said in the reader's language."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Lifecycle (domain/emergency_incidents.py) ---
UNKNOWN_STATUS = Message("incident.unknown_status", "unknown incident status %(status)s")
STEP_OUT_OF_ORDER = Message(
    "incident.out_of_order", "an incident that is %(status)s cannot take the action '%(action)s'"
)
UNKNOWN_GRADE = Message("incident.unknown_grade", "the grade must be one of %(allowed)s, not %(value)s")
AFTER_ACTION_INCOMPLETE = Message(
    "incident.after_action_incomplete",
    "the after-action record is not complete: %(missing)s still to be recorded before closing",
)
ONLY_OFFICE = Message(
    "incident.only_office",
    "only the emergency office (emergency management or the park administrator) may %(action)s",
)
ONLY_REPORTERS = Message(
    "incident.only_reporters", "incidents are reported by an enterprise's own users or by regulators"
)

# --- Services ---
NOT_FOUND = Message("incident.not_found", "incident %(incident_id)s not found")
FACILITY_NOT_FOUND = common.FACILITY_NOT_FOUND
ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND
CUSTODY_INCIDENT_NOT_FOUND = Message(
    "incident.custody_incident_not_found", "custody incident %(incident_id)s not found"
)
CHEMICAL_NOT_FOUND = Message("incident.chemical_unknown", "no catalogue entry %(chemical_id)s")
NOTIFICATION_NOT_FOUND = Message(
    "incident.notification_not_found", "notification %(notification_id)s is not one of this incident's"
)
ACTION_NOT_FOUND = Message(
    "incident.corrective_action_not_found", "corrective action %(action_id)s is not one of this incident's"
)
ALREADY_TOLD = Message(
    "incident.already_told", "notification %(notification_id)s was already recorded at %(told_at)s"
)
FIELD_REQUIRED = common.FIELD_REQUIRED
FIELD_TOO_LONG = Message("incident.field_too_long", "%(field)s is longer than the %(max)s characters allowed")
IN_THE_FUTURE = Message("incident.in_the_future", "%(field)s cannot be in the future")
BAD_MOMENT = Message("incident.bad_moment", "give %(field)s as a date and time like 2026-06-01T09:30")
BAD_NUMBER = Message("incident.bad_number", "%(field)s must be a number from 0 to %(max)s")
BAD_COORDINATES = Message(
    "incident.bad_coordinates", "latitude runs from -90 to 90 and longitude from -180 to 180"
)
NOBODY_TOLD = Message("incident.nobody_told", "name who was told: a department, or a person's name")
WHAT_MISSING = Message("incident.what_missing", "give a chemical or a waste code for each substance")

# --- Alerts and grading ---
ALERT_NOTIFICATION_OVERDUE = Message(
    "incident.alert.notification_overdue",
    "incident %(incident)s (grade %(grade)s at %(place)s): %(notified)s was to be told by %(notifier)s "
    "by %(due_by)s and has not been",
)
MISSING_ASSESSMENT = Message("incident.missing.assessment", "the assessment")
MISSING_CAUSE = Message("incident.missing.cause", "the cause")
MISSING_RESPONSIBILITY = Message("incident.missing.responsibility", "the responsibility")
MISSING_ACTIONS = Message("incident.missing.corrective_actions", "at least one corrective action")
