"""Status vocabularies and transition tables; the only place where status values are compared."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from hazchem.domain import custody_messages as msg
from hazchem.domain.errors import InvalidInput, InvalidTransition, Term


class LicenceStatus(StrEnum):
    """Recorded status of a licence; EXPIRED is also derived from the validity dates."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"


LICENCE_TRANSITIONS: dict[LicenceStatus, frozenset[LicenceStatus]] = {
    LicenceStatus.VALID: frozenset({LicenceStatus.SUSPENDED, LicenceStatus.REVOKED, LicenceStatus.EXPIRED}),
    LicenceStatus.SUSPENDED: frozenset({LicenceStatus.VALID, LicenceStatus.REVOKED}),
    LicenceStatus.REVOKED: frozenset(),
    LicenceStatus.EXPIRED: frozenset(),
}


def licence_status(value: str) -> LicenceStatus:
    """Parse a stored or submitted licence status."""
    try:
        return LicenceStatus(value)
    except ValueError:
        raise InvalidTransition("licence.status", msg.UNKNOWN_LICENCE_STATUS(status=repr(value))) from None


def check_licence_transition(current: str, target: str) -> LicenceStatus:
    """Return the target status if the licence may move there, else raise InvalidTransition."""
    src, dst = licence_status(current), licence_status(target)
    if dst not in LICENCE_TRANSITIONS[src]:
        raise InvalidTransition(
            "licence.status",
            msg.LICENCE_TRANSITION(
                src=Term("licence_status", src.value), dst=Term("licence_status", dst.value)
            ),
            details=[{"from": src.value, "to": dst.value}],
        )
    return dst


def effective_licence_status(status: str, valid_from: date, valid_to: date, on: date) -> LicenceStatus:
    """Return the status that holds on `on`: a valid licence outside its dates is expired."""
    recorded = licence_status(status)
    if recorded is LicenceStatus.VALID and on > valid_to:
        return LicenceStatus.EXPIRED
    return recorded


def licence_in_force(status: str, valid_from: date, valid_to: date, on: date) -> bool:
    """Tell whether a licence authorises anything on `on` (valid status and within its dates)."""
    return (
        effective_licence_status(status, valid_from, valid_to, on) is LicenceStatus.VALID and valid_from <= on
    )


def licence_standing(status: str, valid_from: date, valid_to: date, on: date) -> tuple[str, str] | None:
    """Return None if the licence is in force on `on`, else a reason code and its explanation."""
    if licence_in_force(status, valid_from, valid_to, on):
        return None
    if on < valid_from:
        return "not_yet_valid", f"is valid only from {valid_from}"
    effective = effective_licence_status(status, valid_from, valid_to, on)
    if effective is LicenceStatus.EXPIRED:
        return effective.value, f"expired on {valid_to}"
    return effective.value, f"is {effective.value}"


def is_active_status(status: str) -> bool:
    """Tell whether a recorded licence status still needs expiry follow-up (valid or suspended)."""
    return licence_status(status) in (LicenceStatus.VALID, LicenceStatus.SUSPENDED)


# --- Containers ---------------------------------------------------------------------------------------------


class ContainerStatus(StrEnum):
    """Where a labelled container is in its custody chain."""

    GENERATED = "generated"
    STORED = "stored"
    IN_TRANSIT = "in_transit"
    RECEIVED = "received"
    TREATED = "treated"
    REJECTED = "rejected"
    VOID = "void"
    # Destroyed or lost in an incident: accounted for by weight, never moved again.
    LOST = "lost"


class ContainerAction(StrEnum):
    """What a scan can do to a container."""

    PUT_AWAY = "put_away"
    VOID = "void"
    LOAD = "load"
    RECEIVE = "receive"
    REJECT = "reject"
    TREAT = "treat"
    UNLOAD = "unload"
    RETURN = "return"
    LOSE = "lose"


CONTAINER_TRANSITIONS: dict[tuple[ContainerStatus, ContainerAction], ContainerStatus] = {
    (ContainerStatus.GENERATED, ContainerAction.PUT_AWAY): ContainerStatus.STORED,
    (ContainerStatus.GENERATED, ContainerAction.VOID): ContainerStatus.VOID,
    (ContainerStatus.STORED, ContainerAction.LOAD): ContainerStatus.IN_TRANSIT,
    (ContainerStatus.IN_TRANSIT, ContainerAction.RECEIVE): ContainerStatus.RECEIVED,
    (ContainerStatus.RECEIVED, ContainerAction.REJECT): ContainerStatus.REJECTED,
    (ContainerStatus.RECEIVED, ContainerAction.TREAT): ContainerStatus.TREATED,
    (ContainerStatus.REJECTED, ContainerAction.PUT_AWAY): ContainerStatus.STORED,
    # Refused at the gate and carried back: the containers re-enter the generator's store.
    (ContainerStatus.IN_TRANSIT, ContainerAction.RETURN): ContainerStatus.STORED,
    (ContainerStatus.IN_TRANSIT, ContainerAction.LOSE): ContainerStatus.LOST,
    (ContainerStatus.RECEIVED, ContainerAction.LOSE): ContainerStatus.LOST,
}


def container_status(value: str) -> ContainerStatus:
    """Parse a stored container status."""
    try:
        return ContainerStatus(value)
    except ValueError:
        raise InvalidTransition(
            "container.status", msg.UNKNOWN_CONTAINER_STATUS(status=repr(value))
        ) from None


def next_container_status(current: str, action: str) -> ContainerStatus:
    """Return the status after `action`, or raise InvalidTransition naming both."""
    src = container_status(current)
    try:
        act = ContainerAction(action)
    except ValueError:
        raise InvalidTransition(
            "container.action", msg.UNKNOWN_CONTAINER_ACTION(action=repr(action))
        ) from None
    dst = CONTAINER_TRANSITIONS.get((src, act))
    if dst is None:
        raise InvalidTransition(
            "container.status",
            msg.CONTAINER_TRANSITION(status=Term("container_status", src.value), action=act.value),
            details=[{"status": src.value, "action": act.value}],
        )
    return dst


def container_actions(current: str) -> list[ContainerAction]:
    """The actions the table allows from a status (the role decides who may take them)."""
    src = container_status(current)
    return [act for (s, act) in CONTAINER_TRANSITIONS if s is src]


def container_is_lost(status: str) -> bool:
    """Tell whether a container was destroyed or lost in an incident (it leaves the live set)."""
    return container_status(status) is ContainerStatus.LOST


def container_is_stored(status: str) -> bool:
    """Tell whether a container sits in a storage facility (counts in its stock)."""
    return container_status(status) is ContainerStatus.STORED


# --- Manifests ----------------------------------------------------------------------------------------------


class ManifestStatus(StrEnum):
    """Status of an electronic transfer manifest (转移联单)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    TREATED = "treated"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    # Refused whole at the gate: the waste is on the vehicle until it is redirected or carried back.
    REFUSED = "refused"
    RETURNING = "returning"
    RETURNED = "returned"


TERMINAL_MANIFEST_STATUSES = frozenset(
    {ManifestStatus.CLOSED, ManifestStatus.CANCELLED, ManifestStatus.RETURNED}
)


class Section(StrEnum):
    """The sections of a manifest, each signed once by its party."""

    GENERATOR = "generator"
    CARRIER = "carrier"
    RECEIVER = "receiver"
    TREATMENT = "treatment"
    # The ecology-and-environment regulator approving a cancellation after pick-up.
    OVERSIGHT = "oversight"


class ManifestAction(StrEnum):
    """Signing actions; each moves the manifest and seals its section."""

    SUBMIT = "submit"
    PICK_UP = "pick_up"
    DELIVER = "deliver"
    ACCEPT = "accept"
    ACCEPT_PART = "accept_part"
    REJECT = "reject"
    TREAT = "treat"
    CLOSE = "close"
    CANCEL = "cancel"
    # Custody exceptions: each a signed action that seals what it records.
    REFUSE = "refuse"
    REFUSE_PART = "refuse_part"
    PROPOSE_REDIRECT = "propose_redirect"
    REDIRECT = "redirect"
    RETURN = "return"
    RECEIVE_RETURN = "receive_return"
    CHANGE_LEG = "change_leg"
    REPORT_INCIDENT = "report_incident"
    WRITE_OFF = "write_off"
    REQUEST_CANCEL = "request_cancel"
    APPROVE_CANCEL = "approve_cancel"


# Statuses in which the waste is on a vehicle (picked up, not scanned in anywhere).
_CARRIED = (ManifestStatus.IN_TRANSIT, ManifestStatus.REFUSED, ManifestStatus.RETURNING)
# Statuses in which an incident can strike waste still in the manifest's custody.
_INCIDENT_PRONE = (*_CARRIED, ManifestStatus.DELIVERED)

MANIFEST_TRANSITIONS: dict[tuple[ManifestStatus, ManifestAction], ManifestStatus] = {
    (ManifestStatus.DRAFT, ManifestAction.SUBMIT): ManifestStatus.SUBMITTED,
    (ManifestStatus.DRAFT, ManifestAction.CANCEL): ManifestStatus.CANCELLED,
    (ManifestStatus.SUBMITTED, ManifestAction.CANCEL): ManifestStatus.CANCELLED,
    (ManifestStatus.SUBMITTED, ManifestAction.PICK_UP): ManifestStatus.IN_TRANSIT,
    (ManifestStatus.IN_TRANSIT, ManifestAction.DELIVER): ManifestStatus.DELIVERED,
    (ManifestStatus.DELIVERED, ManifestAction.ACCEPT): ManifestStatus.ACCEPTED,
    (ManifestStatus.DELIVERED, ManifestAction.ACCEPT_PART): ManifestStatus.PARTIALLY_ACCEPTED,
    (ManifestStatus.DELIVERED, ManifestAction.REJECT): ManifestStatus.REJECTED,
    (ManifestStatus.ACCEPTED, ManifestAction.TREAT): ManifestStatus.TREATED,
    (ManifestStatus.PARTIALLY_ACCEPTED, ManifestAction.TREAT): ManifestStatus.TREATED,
    (ManifestStatus.TREATED, ManifestAction.CLOSE): ManifestStatus.CLOSED,
    (ManifestStatus.REJECTED, ManifestAction.CLOSE): ManifestStatus.CLOSED,
    (ManifestStatus.IN_TRANSIT, ManifestAction.REFUSE): ManifestStatus.REFUSED,
    # A partial refusal splits the refused containers off; the rest goes on as before.
    (ManifestStatus.IN_TRANSIT, ManifestAction.REFUSE_PART): ManifestStatus.IN_TRANSIT,
    (ManifestStatus.REFUSED, ManifestAction.PROPOSE_REDIRECT): ManifestStatus.REFUSED,
    (ManifestStatus.REFUSED, ManifestAction.REDIRECT): ManifestStatus.IN_TRANSIT,
    (ManifestStatus.REFUSED, ManifestAction.RETURN): ManifestStatus.RETURNING,
    (ManifestStatus.RETURNING, ManifestAction.RECEIVE_RETURN): ManifestStatus.RETURNED,
    **{(s, ManifestAction.CHANGE_LEG): s for s in _CARRIED},
    **{(s, ManifestAction.REPORT_INCIDENT): s for s in _INCIDENT_PRONE},
    # An incident that leaves nothing to carry or receive closes the manifest with its losses.
    **{(s, ManifestAction.WRITE_OFF): ManifestStatus.CLOSED for s in _INCIDENT_PRONE},
    **{(s, ManifestAction.REQUEST_CANCEL): s for s in _CARRIED},
    **{(s, ManifestAction.APPROVE_CANCEL): ManifestStatus.CANCELLED for s in _CARRIED},
}

# Actions a party may take only when the manifest's records allow it (an open request, nothing
# left to carry); the services decide, the table says where they lead.
CONDITIONAL_ACTIONS = frozenset({ManifestAction.WRITE_OFF, ManifestAction.APPROVE_CANCEL})

# Which section each action signs (and so seals).
ACTION_SECTION: dict[ManifestAction, Section] = {
    ManifestAction.SUBMIT: Section.GENERATOR,
    ManifestAction.CANCEL: Section.GENERATOR,
    ManifestAction.PICK_UP: Section.CARRIER,
    ManifestAction.DELIVER: Section.RECEIVER,
    ManifestAction.ACCEPT: Section.RECEIVER,
    ManifestAction.ACCEPT_PART: Section.RECEIVER,
    ManifestAction.REJECT: Section.RECEIVER,
    ManifestAction.TREAT: Section.TREATMENT,
    ManifestAction.CLOSE: Section.TREATMENT,
    ManifestAction.REFUSE: Section.RECEIVER,
    ManifestAction.REFUSE_PART: Section.RECEIVER,
    ManifestAction.PROPOSE_REDIRECT: Section.CARRIER,
    ManifestAction.REDIRECT: Section.GENERATOR,
    ManifestAction.RETURN: Section.GENERATOR,
    ManifestAction.RECEIVE_RETURN: Section.GENERATOR,
    ManifestAction.CHANGE_LEG: Section.CARRIER,
    ManifestAction.REPORT_INCIDENT: Section.CARRIER,
    ManifestAction.WRITE_OFF: Section.CARRIER,
    ManifestAction.REQUEST_CANCEL: Section.GENERATOR,
    ManifestAction.APPROVE_CANCEL: Section.OVERSIGHT,
}


def offered_at(action: ManifestAction, current: str) -> bool:
    """Whether an allowed action is worth offering at this status, before any record is consulted:
    a write-off is taken by the incident that loses the last container, and incidents are offered
    while the waste is on a vehicle (once delivered the receiver's next step is weighing)."""
    if action is ManifestAction.WRITE_OFF:
        return False
    if action is ManifestAction.REPORT_INCIDENT:
        return manifest_status(current) in _CARRIED
    return True


def signing_section(action: ManifestAction, current: str) -> Section:
    """The section an action signs at a status: an incident at a facility is the receiver's to report."""
    incident = action in (ManifestAction.REPORT_INCIDENT, ManifestAction.WRITE_OFF)
    if incident and manifest_status(current) is ManifestStatus.DELIVERED:
        return Section.RECEIVER
    return ACTION_SECTION[action]


def manifest_status(value: str) -> ManifestStatus:
    """Parse a stored manifest status."""
    try:
        return ManifestStatus(value)
    except ValueError:
        raise InvalidTransition("manifest.status", msg.UNKNOWN_MANIFEST_STATUS(status=repr(value))) from None


def next_manifest_status(current: str, action: str) -> ManifestStatus:
    """Return the status after `action`, or raise InvalidTransition naming both."""
    src = manifest_status(current)
    act = ManifestAction(action)
    dst = MANIFEST_TRANSITIONS.get((src, act))
    if dst is None:
        rule = "manifest.cancel_before_pickup" if act is ManifestAction.CANCEL else "manifest.status"
        raise InvalidTransition(
            rule,
            msg.MANIFEST_TRANSITION(status=Term("manifest_status", src.value), action=act.value),
            details=[{"status": src.value, "action": act.value}],
        )
    return dst


def manifest_actions(current: str) -> list[ManifestAction]:
    """The actions the table allows from a status."""
    src = manifest_status(current)
    return [act for (s, act) in MANIFEST_TRANSITIONS if s is src]


def manifest_is_terminal(current: str) -> bool:
    """Tell whether a manifest's record is complete (closed, cancelled or returned)."""
    return manifest_status(current) in TERMINAL_MANIFEST_STATUSES


def manifest_is_carried(current: str) -> bool:
    """Tell whether the manifest's waste is on a vehicle (in transit, refused or returning)."""
    return manifest_status(current) in _CARRIED


def manifest_sent_home(current: str) -> bool:
    """Tell whether a manifest ended with its waste back at the generator (returned, or cancelled)."""
    return manifest_status(current) in (ManifestStatus.RETURNED, ManifestStatus.CANCELLED)


def manifest_is_delivered(current: str) -> bool:
    """Tell whether the manifest's containers were scanned in at the receiver and await weighing."""
    return manifest_status(current) is ManifestStatus.DELIVERED


def sealed_sections(current: str) -> frozenset[Section]:
    """Sections already signed at this status: their fields change only by revision."""
    order = [Section.GENERATOR, Section.CARRIER, Section.RECEIVER, Section.TREATMENT]
    # How many sections, in signing order, are sealed at each status.
    rank = {
        ManifestStatus.DRAFT: 0,
        ManifestStatus.CANCELLED: 0,
        ManifestStatus.SUBMITTED: 1,
        ManifestStatus.IN_TRANSIT: 2,
        ManifestStatus.DELIVERED: 2,
        ManifestStatus.ACCEPTED: 3,
        ManifestStatus.PARTIALLY_ACCEPTED: 3,
        ManifestStatus.REJECTED: 3,
        ManifestStatus.TREATED: 4,
        ManifestStatus.CLOSED: 4,
        ManifestStatus.REFUSED: 3,
        ManifestStatus.RETURNING: 3,
        ManifestStatus.RETURNED: 3,
    }[manifest_status(current)]
    return frozenset(order[:rank])


# Status sets for queries, so callers filter by meaning rather than by status literals.
STOCK_STATUSES = (ContainerStatus.STORED.value, ContainerStatus.RECEIVED.value)


def manifest_holds_containers(status: str) -> bool:
    """Tell whether a manifest still claims its stored containers (drafted or submitted, not picked up)."""
    return manifest_status(status) in (ManifestStatus.DRAFT, ManifestStatus.SUBMITTED)


def manifest_is_draft(status: str) -> bool:
    """Tell whether a manifest is still a draft (nothing signed: its printed slip is no transfer document)."""
    return manifest_status(status) is ManifestStatus.DRAFT


def leg_assignable(status: str) -> bool:
    """Tell whether a manifest's legs not yet picked up may still get another vehicle or driver."""
    return manifest_status(status) in (ManifestStatus.DRAFT, ManifestStatus.SUBMITTED)


# Manifests whose receiver licence still authorises work to come (submitted up to acceptance), and
# those whose carriers still have to carry: a licence lapsing under them is an alert.
LICENCE_OPEN_STATUSES = tuple(
    s.value
    for s in (
        ManifestStatus.SUBMITTED,
        ManifestStatus.IN_TRANSIT,
        ManifestStatus.DELIVERED,
        ManifestStatus.ACCEPTED,
        ManifestStatus.PARTIALLY_ACCEPTED,
    )
)
TRANSPORT_OPEN_STATUSES = (
    ManifestStatus.SUBMITTED.value,
    ManifestStatus.IN_TRANSIT.value,
    ManifestStatus.REFUSED.value,
    ManifestStatus.RETURNING.value,
)
# Licences whose recorded status still needs expiry and renewal follow-up (see is_active_status).
ACTIVE_LICENCE_STATUSES = (LicenceStatus.VALID.value, LicenceStatus.SUSPENDED.value)
# A voided container's label was spoiled before storage and its waste re-labelled: totals leave it out.
VOIDED_CONTAINER = ContainerStatus.VOID.value
# Manifests whose waste is on the road (picked up, not yet delivered).
ON_THE_ROAD = tuple(s.value for s in _CARRIED)
# Manifests whose load is coming to the receiver and has not arrived: submitted, or picked up and on the road.
INCOMING_STATUSES = (ManifestStatus.SUBMITTED.value, ManifestStatus.IN_TRANSIT.value)
# --- Correction requests ------------------------------------------------------------------------------------


class CorrectionStatus(StrEnum):
    """Where a regulator's correction request to a manifest party stands."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class CorrectionAction(StrEnum):
    """What moves a correction request: the party answers, the regulator closes or withdraws it."""

    ANSWER = "answer"
    CLOSE = "close"
    WITHDRAW = "withdraw"


CORRECTION_TRANSITIONS: dict[tuple[CorrectionStatus, CorrectionAction], CorrectionStatus] = {
    (CorrectionStatus.OPEN, CorrectionAction.ANSWER): CorrectionStatus.ANSWERED,
    (CorrectionStatus.OPEN, CorrectionAction.WITHDRAW): CorrectionStatus.WITHDRAWN,
    (CorrectionStatus.ANSWERED, CorrectionAction.CLOSE): CorrectionStatus.CLOSED,
}

# The sections a correction is addressed to: each has its own party (treatment is the receiver's).
CORRECTION_SECTIONS = (Section.GENERATOR, Section.CARRIER, Section.RECEIVER)
# The signing action whose party answers for a section.
SECTION_SIGNER: dict[Section, ManifestAction] = {
    Section.GENERATOR: ManifestAction.SUBMIT,
    Section.CARRIER: ManifestAction.PICK_UP,
    Section.RECEIVER: ManifestAction.ACCEPT,
}


# Fields a party may revise, by the section they belong to (a correction's revision must match).
REVISABLE_SECTION_FIELDS: dict[str, Section] = {"note": Section.GENERATOR, "anomaly_note": Section.RECEIVER}


class AnswerKind(StrEnum):
    """How a party answered a correction request."""

    REVISION = "revision"
    REPLY = "reply"


def correction_status(value: str) -> CorrectionStatus:
    """Parse a stored or requested correction status."""
    try:
        return CorrectionStatus(value)
    except ValueError:
        raise InvalidTransition(
            "correction.status", msg.UNKNOWN_CORRECTION_STATUS(status=repr(value))
        ) from None


def next_correction_status(current: str, action: str) -> CorrectionStatus:
    """Return the status after `action`, or raise InvalidTransition naming both."""
    src = correction_status(current)
    act = CorrectionAction(action)
    dst = CORRECTION_TRANSITIONS.get((src, act))
    if dst is None:
        raise InvalidTransition(
            "correction.status",
            msg.CORRECTION_TRANSITION(status=Term("correction_status", src.value), action=act.value),
            details=[{"status": src.value, "action": act.value}],
        )
    return dst


def correction_is_open(current: str) -> bool:
    """Whether a correction request still waits for its party's answer."""
    return correction_status(current) is CorrectionStatus.OPEN


def correction_actions(current: str) -> list[CorrectionAction]:
    """The actions the table allows from a status (the role decides who may take them)."""
    src = correction_status(current)
    return [act for (s, act) in CORRECTION_TRANSITIONS if s is src]


def correction_section(value: str) -> Section:
    """Parse the section a correction is addressed to: generator, carrier or receiver."""
    try:
        section = Section(value)
    except ValueError:
        section = None
    if section not in CORRECTION_SECTIONS:
        allowed = ", ".join(s.value for s in CORRECTION_SECTIONS)
        raise InvalidInput(
            msg.CORRECTION_SECTION(allowed=allowed, value=repr(value)),
            details=[{"field": "section", "value": value}],
        )
    return section


# --- Custody requests: a carrier's redirect proposal, a generator's cancellation after pick-up -------


class CustodyRequestKind(StrEnum):
    """What a custody request asks for, and so who decides it."""

    REDIRECT = "redirect"
    CANCEL = "cancel"


class CustodyRequestStatus(StrEnum):
    """Where a custody request stands."""

    OPEN = "open"
    APPROVED = "approved"
    DECLINED = "declined"


CUSTODY_REQUEST_TRANSITIONS: dict[tuple[CustodyRequestStatus, bool], CustodyRequestStatus] = {
    (CustodyRequestStatus.OPEN, True): CustodyRequestStatus.APPROVED,
    (CustodyRequestStatus.OPEN, False): CustodyRequestStatus.DECLINED,
}


def custody_request_kind(value: str) -> CustodyRequestKind:
    """Parse a stored custody request kind."""
    return CustodyRequestKind(value)


def custody_request_is_open(current: str) -> bool:
    """Whether a custody request still waits for its decision."""
    return CustodyRequestStatus(current) is CustodyRequestStatus.OPEN


def next_custody_request_status(current: str, approve: bool) -> CustodyRequestStatus:
    """Return the status after a decision, or raise InvalidTransition (a request is decided once)."""
    src = CustodyRequestStatus(current)
    dst = CUSTODY_REQUEST_TRANSITIONS.get((src, approve))
    if dst is None:
        raise InvalidTransition(
            "custody_request.status",
            msg.CUSTODY_REQUEST_DECIDED(status=Term("custody_request_status", src.value)),
            details=[{"status": src.value}],
        )
    return dst
