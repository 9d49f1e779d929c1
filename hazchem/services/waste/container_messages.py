"""Messages of containers, waste streams, label scans, scan sessions and incidents, said at each edge."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# Containers: generation, put-away, voiding.
COUNT_OUT_OF_RANGE = Message("container.count_out_of_range", "count must be between 1 and %(max)s")
VOLUME_NOT_POSITIVE = Message("container.volume_not_positive", "volume_l must be a positive number of litres")
WEIGHT_NOT_POSITIVE = Message("container.weight_not_positive", "net weight must be positive")
PACKAGING_REQUIRED = Message("container.packaging_required", "packaging is required")
GEN_DATE_IN_FUTURE = Message("container.gen_date_in_future", "generation date %(gen_date)s is in the future")
STREAM_UNKNOWN = Message("container.stream_unknown", "waste stream %(stream_id)s does not exist")
FACILITY_NOT_GENERATORS = Message(
    "container.facility_not_generators", "the generating facility must belong to the generating enterprise"
)
NO_CONTAINER_WITH_ID = common.NO_SUCH_DIGITAL_ID
CONTAINER_NOT_FOUND = common.CONTAINER_NOT_FOUND
CONTAINER_ID_NOT_FOUND = Message("container.id_not_found", "container %(container_id)s not found")
FACILITY_UNKNOWN = common.FACILITY_MISSING
FOREIGN_FACILITY = Message(
    "container.foreign_facility", "only the facility's own enterprise may put containers into it"
)
VOID_REASON_REQUIRED = Message("container.void_reason_required", "a reason is required to void a container")
CREATE_CONTAINERS = Message("container.action.create", "create containers")
VOID_CONTAINERS = Message("container.action.void", "void containers")

# Waste streams.
OFFICERS_ONLY = Message("stream.officers_only", "only the enterprise's own officers may %(what)s")
REGISTER_STREAMS = Message("stream.action.register", "register waste streams")
CHANGE_STREAMS = Message("stream.action.change", "change waste streams")
FORM_UNKNOWN = Message("stream.form_unknown", "form %(form)s is not one of %(allowed)s")
NAME_REQUIRED = common.NAME_REQUIRED
CHARACTERISTICS_UNKNOWN = Message(
    "stream.characteristics_unknown", "hazard characteristics must be among %(allowed)s"
)
ENTERPRISE_UNKNOWN = common.ENTERPRISE_MISSING
STREAM_NOT_FOUND = Message("stream.not_found", "waste stream %(stream_id)s not found")

# Label scans.
NOT_A_DIGITAL_ID = Message("scan.not_a_digital_id", "not a digital ID")
SCANNED_NOTHING = common.NO_SUCH_DIGITAL_ID
SCANNED_HIDDEN = common.CONTAINER_NOT_FOUND
SCANNED_MANIFEST_HIDDEN = common.MANIFEST_NOT_FOUND
SCAN_KEY_REUSED = common.SCAN_KEY_REUSED

# Scan sessions.
SESSION_TOO_LARGE = Message("scan_session.too_large", "a scan session holds at most %(limit)s containers")
NO_SESSION_FOR_STEP = Message("scan_session.no_step", "no scan session for %(step)s")
NO_SUCH_SESSION = Message("scan_session.not_found", "no scan session %(step)s")
CANNOT_SIGN_NOW = Message(
    "scan_session.cannot_sign_now", "manifest %(number)s is %(status)s: you cannot sign %(action)s on it now"
)
NOTHING_TO_PUT_AWAY = Message("scan_session.nothing_scanned", "scan at least one container to put away")
SCANNED_TWICE = Message("scan_session.scanned_twice", "a container was scanned twice")
CANNOT_PUT_AWAY = Message(
    "scan_session.cannot_put_away", "no container you may put away has the digital ID %(digital_ids)s"
)

# Scans queued on a device while offline and sent when the network returns.
DEVICE_TIME_INVALID = Message(
    "offline_scan.device_time_invalid", "the scan time %(scanned_at)s is not a date and time with its zone"
)
DEVICE_TIME_IN_FUTURE = Message(
    "offline_scan.device_time_in_future",
    "the scan time %(scanned_at)s is later than the server's time %(now)s: check the device's clock",
)
OTHER_ACCOUNTS_SCAN = Message(
    "offline_scan.other_account",
    "this scan was made under another account: log in as that account to send it",
)
FACILITY_REQUIRED = Message("offline_scan.facility_required", "choose the store to put the container into")

# Incidents and cancellation after pick-up.
INCIDENT_KIND_UNKNOWN = Message("incident.kind_unknown", "incident kind %(kind)s is not one of %(allowed)s")
CONTAINERS_NOT_HELD = Message(
    "incident.containers_not_held", "name containers of this manifest that are still in its custody"
)
CANCELLATION_OPEN = Message(
    "incident.cancellation_open", "a cancellation request already waits for the regulator's decision"
)
STORE_NOT_GENERATORS = Message(
    "incident.store_not_generators", "name one of the generator's own stores for the containers"
)
NOT_A_CANCELLATION = Message("incident.not_a_cancellation", "this request is not a cancellation")
REQUEST_NOT_FOUND = common.CUSTODY_REQUEST_NOT_FOUND

INCIDENT_DESCRIPTION = Message("incident.description", "a description of the incident")
INCIDENT_PLACE = Message("incident.place", "the place")
INCIDENT_CANCEL_REASON = Message("incident.cancel_reason", "a reason for the cancellation")
INCIDENT_WHEREABOUTS = Message("incident.whereabouts", "the containers' whereabouts")
INCIDENT_DECISION_NOTE = common.DECISION_NOTE
