"""Messages of the manifest and transfer flow: each refusal and warning names its code, said by the edges."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Manifests ---
MANIFEST_NOT_FOUND = common.MANIFEST_NOT_FOUND
OVERSIGHT_SIGNS_CANCEL = Message(
    "manifest.oversight_signs_cancel",
    "only the ecology-and-environment regulator approves a cancellation after pick-up",
)
SECTION_SIGNED_BY_OWN_STAFF = Message(
    "manifest.section_own_staff", "the %(section)s section is signed by the %(section)s's own staff"
)
NEEDS_CONTAINER = Message("manifest.needs_container", "a manifest needs at least one container")
CONTAINER_LISTED_TWICE = Message("manifest.container_listed_twice", "a container is listed twice")
NEEDS_LEG = Message("manifest.needs_leg", "a manifest needs at least one transport leg")
UNKNOWN_MODE = Message("manifest.unknown_mode", "mode %(mode)s is not collect, store, utilise or dispose")
CONTAINERS_MISSING = Message("manifest.containers_missing", "some containers do not exist")
ONE_GENERATOR = Message("manifest.one_generator", "all containers of a manifest come from one generator")
GENERATOR_PREPARES = Message(
    "manifest.generator_prepares", "only the generator's EHS officer prepares its manifests"
)
ONE_WASTE_CODE = Message(
    "manifest.one_waste_code", "one waste code per manifest; these containers carry %(codes)s"
)
CONTAINER_NOT_STORED = Message(
    "manifest.container_not_stored", "container %(container)s is %(status)s, not in storage"
)
CONTAINER_TAKEN = Message(
    "manifest.container_taken", "container %(container)s is already on manifest %(manifest)s"
)
FACILITY_MISSING = common.FACILITY_MISSING
LEG_PARTY_MISSING = Message(
    "manifest.leg_party_missing", "leg %(leg)s: carrier, vehicle or driver does not exist"
)
LEG_PARTY_CARRIER = Message(
    "manifest.leg_party_carrier", "leg %(leg)s: the vehicle and the driver must belong to %(carrier)s"
)
CANCEL_NEEDS_REASON = Message("manifest.cancel_needs_reason", "a reason is required to cancel a manifest")
FIELD_NOT_REVISABLE = Message(
    "manifest.field_not_revisable", "field %(field)s cannot be revised; revisable: %(revisable)s"
)
REVISION_NEEDS_REASON = Message("manifest.revision_needs_reason", "a revision needs a reason")
SECTION_NOT_SEALED = Message(
    "manifest.section_not_sealed", "the %(section)s section is not signed yet; edit the draft instead"
)

# --- Submission and approvals ---
NO_APPROVAL_VALID = Message("transfer.no_approval_valid", "no approval is valid on that date")
APPROVAL_QUOTA_USED = Message("transfer.approval_quota_used", "the approved quota is used up")
APPROVAL_NEEDED = Message(
    "transfer.approval_needed",
    "cross-province transfer of %(waste_code)s needs an approval with quota left: %(reason)s "
    "(%(asked)s asked)",
)
APPROVAL_RECORDERS = Message(
    "transfer.approval_recorders",
    "only the park administrator or ecology and environment record transfer approvals",
)
APPROVAL_INCOMPLETE = Message(
    "transfer.approval_incomplete", "an approval needs a number, a positive quota and valid dates"
)
APPROVAL_DUPLICATE = Message(
    "transfer.approval_duplicate", "transfer approval %(number)s is already recorded"
)

# --- Dispatch ---
NO_SUCH_LEG = Message("dispatch.no_such_leg", "manifest %(manifest)s has no leg %(leg)s")
DISPATCHER_ASSIGNS = Message(
    "dispatch.dispatcher_assigns", "only the carrier's dispatcher assigns the vehicle and driver of its legs"
)
LEG_PICKED_UP = Message(
    "dispatch.leg_picked_up",
    "leg %(leg)s of manifest %(manifest)s is no longer waiting for pick-up (the manifest is %(status)s)",
)
VEHICLE_MISSING = Message("dispatch.vehicle_missing", "vehicle %(vehicle_id)s does not exist")
DRIVER_MISSING = Message("dispatch.driver_missing", "driver %(driver_id)s does not exist")
VEHICLE_NOT_IN_FLEET = Message(
    "dispatch.vehicle_not_in_fleet",
    "vehicle %(vehicle)s does not belong to %(carrier)s, which carries leg %(leg)s",
)
DRIVER_NOT_IN_FLEET = Message(
    "dispatch.driver_not_in_fleet",
    "driver %(driver)s does not belong to %(carrier)s, which carries leg %(leg)s",
)
CREW_NOT_IN_FLEET = Message(
    "dispatch.crew_not_in_fleet",
    "vehicle %(vehicle)s, driver %(driver)s does not belong to %(carrier)s, which carries leg %(leg)s",
)

# --- Handover: pick-up, arrival, weighing, treatment ---
WEIGH_EVERY_CONTAINER = Message(
    "handover.weigh_every_container", "weigh every container of the manifest and no other"
)
REJECTION_NEEDS_REASON = Message("handover.rejection_needs_reason", "a rejected container needs a reason")
WEIGHT_TOLERANCE = Message(
    "handover.weight_tolerance",
    "%(count)s container(s) differ from the declared weight by more than %(tolerance)s %%: %(containers)s; "
    "add a note",
)
NO_METHOD = Message("handover.no_method", "(none)")
NO_LICENSED_METHOD = common.NONE
METHOD_OUT_OF_SCOPE = Message(
    "handover.method_out_of_scope",
    "method %(method)s is outside the licence scope line for %(waste_code)s (licensed methods: %(allowed)s)",
)

# --- Receiving facility and carrier licences ---
RECEIVER_UNLICENSED = Message(
    "receipt.receiver_unlicensed",
    "%(receiver)s holds no valid 危险废物经营许可证 covering %(waste_code)s (%(mode)s) on %(on)s: "
    "%(reasons)s",
)
CARRIER_UNLICENSED = Message(
    "transport.carrier_unlicensed",
    "carrier %(carrier)s holds no valid road dangerous-goods transport licence on %(on)s: %(reasons)s",
)

# --- Redirects ---
REDIRECT_SAME_RECEIVER = Message(
    "redirect.same_receiver", "%(facility)s refused this load; name another receiving facility"
)
REDIRECT_CROSS_PROVINCE = Message(
    "redirect.cross_province",
    "%(receiver)s is in another province: a cross-province transfer needs its own approval and manifest, "
    "so return the waste to the generator instead",
)
REDIRECT_PROPOSAL_OPEN = Message(
    "redirect.proposal_open", "a redirect proposal already waits for the generator's decision"
)
REDIRECT_PROPOSAL_NOT_FOUND = Message(
    "redirect.proposal_not_found", "redirect proposal %(request_id)s not found"
)
REDIRECT_REASON = Message("redirect.reason", "a reason for the redirect")
DECISION_NOTE = common.DECISION_NOTE

# --- Custody exceptions: gate refusals, leg changes, returns ---
TEXT_REQUIRED = Message("exception.text_required", "%(what)s is required")
TEXT_TOO_LONG = common.TEXT_TOO_LONG
CHANGE_REASON = Message("exception.change_reason", "a reason for the change")
REFUSAL_NOTE = Message("exception.refusal_note", "the refusal note")
RETURN_REASON = Message("exception.return_reason", "a reason for the return")
LEG_PARTY_UNKNOWN = Message("exception.leg_party_missing", "the carrier, vehicle or driver does not exist")
LEG_CREW_CARRIER = Message(
    "exception.leg_crew_carrier", "the vehicle and the driver must belong to %(carrier)s"
)
UNKNOWN_REFUSAL_REASON = Message(
    "exception.unknown_refusal_reason", "refusal reason %(reason)s is not one of %(allowed)s"
)
REFUSE_OWN_CONTAINERS = Message("exception.refuse_own_containers", "refuse containers of this manifest only")
CUSTODY_REQUEST_NOT_FOUND = common.CUSTODY_REQUEST_NOT_FOUND
FACILITY_NOT_FOUND = common.FACILITY_MISSING
RETURN_TO_OWN_STORE = Message(
    "exception.return_to_own_store", "returned waste goes back into one of the generator's own stores"
)

# --- Printed slips ---
SLIP_NUMBER_UNKNOWN = Message("slip.number_unknown", "no manifest has the number %(number)s")

# --- Web pages and API of the custody flow ---
CORRECTION_NOT_FOUND = common.CORRECTION_NOT_FOUND
NO_MANIFEST_ACTION = Message("manifest.no_action", "no manifest action %(action)s")
NO_CONTAINERS_CHOSEN = Message("custody.no_containers_chosen", "no containers chosen")
REQUEST_NOT_FOUND = Message("custody.request_not_found_here", "request %(request_id)s not found")
STREAM_ENTERPRISE_NEEDED = Message("custody.stream_enterprise_needed", "name the enterprise_id of the stream")
PUT_AWAY_NEEDS_FACILITY = Message(
    "custody.put_away_needs_facility", "put_away needs the facility_id of the store"
)
WEIGHT_DEVIATION = Message(
    "receipt.weight_deviation",
    "container %(container)s differs from the declared weight by %(deviation)s %%",
)


def warning_said(warning: Mapping[str, Any]) -> dict[str, Any]:
    """A warning's text, code and parameters only: what a page keeps to say it in its reader's language."""
    return {key: warning[key] for key in ("message", "message_code", "params") if key in warning}
