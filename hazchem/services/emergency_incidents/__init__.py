"""Accident incidents (事故) from report to closure: report, proposal, grade, notifications under the
emergency plan, response steps, monitoring, termination, after-action record and closure."""

from hazchem.services.emergency_incidents.after_action import (
    add_corrective_action,
    close_incident,
    complete_corrective_action,
    corrective_count,
    record_after_action,
)
from hazchem.services.emergency_incidents.alerts import overdue_key, overdue_notifications
from hazchem.services.emergency_incidents.plans import (
    DueNotification,
    NearResource,
    nearest_resources,
    notification_rules,
)
from hazchem.services.emergency_incidents.proposal import (
    Holding,
    Proposal,
    Responsible,
    Sheet,
    proposal,
    responsible_departments,
)
from hazchem.services.emergency_incidents.reads import (
    IncidentRow,
    IncidentView,
    NotificationView,
    SubstanceView,
    actions_for,
    incident_view,
    list_incidents,
    may_act,
)
from hazchem.services.emergency_incidents.records import (
    ENTITY,
    SubstanceInput,
    add_reading,
    add_step,
    grade_incident,
    load_incident,
    record_notification,
    report_incident,
    terminate,
)

__all__ = [
    "ENTITY",
    "DueNotification",
    "Holding",
    "IncidentRow",
    "IncidentView",
    "NearResource",
    "NotificationView",
    "Proposal",
    "Responsible",
    "Sheet",
    "SubstanceInput",
    "SubstanceView",
    "actions_for",
    "add_corrective_action",
    "add_reading",
    "add_step",
    "close_incident",
    "complete_corrective_action",
    "corrective_count",
    "grade_incident",
    "incident_view",
    "list_incidents",
    "load_incident",
    "may_act",
    "nearest_resources",
    "notification_rules",
    "overdue_key",
    "overdue_notifications",
    "proposal",
    "record_after_action",
    "record_notification",
    "report_incident",
    "responsible_departments",
    "terminate",
]
