"""Request and response models of the custody-chain API: streams, containers, scans, manifests.

Masses travel in kilograms: responses carry decimal strings ("180.5"), requests accept JSON numbers
or decimal strings (at most three decimals, i.e. whole grams). Non-blocking warnings that quote
running totals (annual scale, weighing deviations) keep the service's integer grams in fields
ending in _g.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from hazchem.api.schemas.base import (
    AS_LIST,
    DEFAULT_LIMIT,
    KG_FROM_G,
    MAX_LIMIT,
    Body,
    Out,
    Page,
    PageQuery,
    QuantityIn,
    Query,
)
from hazchem.domain.lifecycle import (
    ContainerStatus,
    CustodyRequestKind,
    CustodyRequestStatus,
    ManifestStatus,
)
from hazchem.domain.units import g_to_kg_text
from hazchem.domain.vocab import (
    GateRefusalReason,
    IncidentKind,
    LabelLayout,
    PhysicalForm,
    StorageState,
    WasteMode,
)

# A mass in kilograms as submitted: a JSON number or a decimal string, parsed by domain.units.
KgIn = QuantityIn

MAX_BULK = 500


def _category(code: str) -> str:
    # The HW category is the waste code's last two digits (xxx-xxx-NN); "HWNN" itself maps to itself.
    return "HW" + code[-2:]


def kg_out(grams: int | None) -> str | None:
    """Grams as a plain decimal string of kilograms (None stays None)."""
    return None if grams is None else g_to_kg_text(grams)


# --- Waste streams --------------------------------------------------------------------------------


class StreamCreate(Body):
    """A waste stream (废物档案); the enterprise defaults to the caller's own."""

    enterprise_id: int | None = None
    waste_code: str = Field(min_length=9, max_length=10, description="xxx-xxx-xx")
    name: str = Field(min_length=1, max_length=200)
    form: PhysicalForm
    main_components: str = Field(default="", max_length=300)
    harmful_components: str = Field(default="", max_length=300)
    characteristics: list[str] | None = Field(
        default=None, description="T, C, I, R, In; defaults to the waste list's characteristics"
    )
    tags: list[str] = Field(default=[], description="segregation classes: acid, alkali, cyanide, oxidiser, …")
    precautions: str = ""
    packaging: str = Field(default="", max_length=60)
    dg_class: str | None = Field(default=None, max_length=10, description="GB 6944 class or division: 3, 6.1")
    un_number: str | None = Field(default=None, max_length=6, description="four digits, where known")
    packing_group: str | None = Field(default=None, max_length=3, description="I, II or III")
    not_dg_reason: str = Field(
        default="", max_length=300, description="why the waste is not dangerous goods (instead of a class)"
    )


class StreamTransport(Body):
    """A stream's dangerous-goods transport data: a class (UN number, packing group) or why it is not DG."""

    dg_class: str | None = Field(default=None, max_length=10, description="GB 6944 class or division: 3, 6.1")
    un_number: str | None = Field(default=None, max_length=6, description="four digits, where known")
    packing_group: str | None = Field(default=None, max_length=3, description="I, II or III")
    not_dg_reason: str = Field(
        default="", max_length=300, description="why the waste is not dangerous goods (instead of a class)"
    )


class StreamOut(Out):
    """A waste stream of an enterprise."""

    id: int
    enterprise_id: int
    waste_code: str
    edition: str
    category: Annotated[str, BeforeValidator(_category)] = Field(validation_alias="waste_code")
    name: str
    form: str
    main_components: str
    harmful_components: str
    characteristics: Annotated[list[str], AS_LIST]
    tags: Annotated[list[str], AS_LIST]
    precautions: str
    packaging: str
    dg_class: str | None
    un_number: str | None
    packing_group: str | None
    not_dg_reason: str
    active: bool


class StreamQuery(PageQuery):
    """Restrict the stream list to one enterprise."""

    enterprise_id: int | None = None


class StreamList(Page):
    """Waste streams."""

    items: list[StreamOut]


# --- Containers -----------------------------------------------------------------------------------


class ContainerCreate(Body):
    """Containers generated at once from one stream (each gets its own digital ID)."""

    stream_id: int
    packaging: str | None = Field(default=None, max_length=60, description="defaults to the stream's")
    volume_l: int = Field(gt=0, le=100_000)
    net_weight_kg: KgIn = Field(description="net weight of each container in kg (number or decimal string)")
    gen_date: date
    count: int = Field(default=1, ge=1, le=200)
    facility_id: int | None = Field(default=None, description="generating facility of the same enterprise")
    remarks: str = Field(default="", max_length=300)


class ContainerOut(Out):
    """A labelled container."""

    id: int
    digital_id: str
    status: ContainerStatus
    stream_id: int
    enterprise_id: int
    generating_facility_id: int | None
    packaging: str
    volume_l: int
    net_weight_kg: Annotated[str, KG_FROM_G] = Field(validation_alias="net_weight_g")
    gen_date: date
    facility_id: int | None
    stored_at: datetime | None
    manifest_id: int | None
    remarks: str
    created_at: datetime


class ContainerCreated(BaseModel):
    """The containers just generated, in serial order."""

    items: list[ContainerOut]


class ContainerQuery(PageQuery):
    """Filter the container list."""

    status: ContainerStatus | None = None
    facility_id: int | None = None
    enterprise_id: int | None = Field(default=None, description="the generating enterprise")


class ContainerList(Page):
    """Containers, oldest first."""

    items: list[ContainerOut]


class EventOut(Out):
    """One audit event of a container's history."""

    id: int
    at: datetime
    action: str
    actor_id: int | None
    actor_role: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class ContainerDetail(ContainerOut):
    """A container with its waste, history and the actions the caller may take now."""

    waste_code: str
    waste_name: str
    manifest_number: str | None
    history: list[EventOut]
    actions: list[str] = Field(description="put_away, void, pick_up, deliver, accept, …")


class LabelQuery(Query):
    """Label layout."""

    layout: LabelLayout = LabelLayout.ROLL


class LabelsRequest(Body):
    """Print many labels in one PDF: one per page for label printers (roll) or tiled on A4."""

    container_ids: list[int] = Field(min_length=1, max_length=MAX_BULK)
    layout: LabelLayout = LabelLayout.ROLL


# --- Scans ----------------------------------------------------------------------------------------


class ScanIn(Body):
    """A scan: what the scanner read (bare digital ID or label URL) and what to do with the container."""

    scanned: str = Field(min_length=1, max_length=300)
    action: Literal["lookup", "put_away", "void"] = "lookup"
    facility_id: int | None = Field(default=None, description="storage facility (put_away)")
    reason: str | None = Field(default=None, max_length=300, description="why the label is void (void)")
    scanned_at: datetime | None = Field(
        default=None,
        description="when the device scanned the label, with its zone, for a put-away queued offline and "
        "sent later (put_away); kept beside the time received, refused when more than 5 minutes ahead",
    )


class ScanOut(BaseModel):
    """What a scan answers: the container's state and the actions the caller may take now."""

    id: int
    digital_id: str
    status: ContainerStatus
    waste_code: str
    name: str
    net_weight_kg: str
    facility_id: int | None
    manifest: str | None = Field(description="number of the manifest the container is on")
    actions: list[str]


# --- Storage --------------------------------------------------------------------------------------


class StorageAgeQuery(Query):
    """Only the containers near or over the one-year storage limit."""

    only_due: bool = False


class StorageAgeOut(BaseModel):
    """A stored container's storage clock."""

    container_id: int
    digital_id: str
    waste_code: str
    waste_name: str
    net_weight_kg: str
    facility_id: int | None
    facility_name: str | None
    stored_at: datetime
    days: int
    state: StorageState
    due: date = Field(description="the day the one-year limit is reached")


class StorageAgeList(BaseModel):
    """Stored containers, oldest first."""

    items: list[StorageAgeOut]


class OccupancyOut(BaseModel):
    """A storage facility's stock against its capacity."""

    facility_id: int
    name: str
    enterprise_id: int
    stock_kg: str
    capacity_kg: str | None
    share_percent: str
    containers: int


class OccupancyList(BaseModel):
    """Storage facilities the caller may see."""

    items: list[OccupancyOut]


# --- Manifests ------------------------------------------------------------------------------------


class LegIn(Body):
    """One transport leg: carrier with its vehicle and driver."""

    carrier_id: int
    vehicle_id: int
    driver_id: int


class ManifestCreate(Body):
    """Draft a manifest from stored containers of one waste code."""

    container_ids: list[int] = Field(min_length=1, max_length=MAX_BULK)
    receiver_facility_id: int
    legs: list[LegIn] = Field(min_length=1, max_length=10)
    transfer_date: date
    mode: WasteMode = "dispose"
    planned_method: str | None = Field(default=None, max_length=6, description="R/D code, e.g. D10")
    note: str = Field(default="", max_length=2000)


class ManifestQuery(PageQuery):
    """Filter the manifest list."""

    status: ManifestStatus | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ManifestOut(Out):
    """A manifest's summary."""

    id: int
    number: str
    status: ManifestStatus
    waste_code: str
    generator_id: int
    receiver_id: int
    receiver_facility_id: int
    mode: str
    planned_method: str | None
    treatment_method: str | None
    transfer_date: date
    declared_kg: Annotated[str, KG_FROM_G] = Field(validation_alias="declared_g")
    received_kg: Annotated[str | None, KG_FROM_G] = Field(validation_alias="received_g")
    accepted_kg: Annotated[str | None, KG_FROM_G] = Field(validation_alias="accepted_g")
    cross_province: bool
    anomaly: bool
    created_at: datetime


class ManifestList(Page):
    """Manifests, newest first."""

    items: list[ManifestOut]


class ManifestSearchOut(ManifestOut):
    """A manifest found by the audit search, with the parks of its generator and receiver."""

    generator_park_id: int | None = None
    receiver_park_id: int | None = None


class ManifestSearchList(Page):
    """Manifests found by the audit search, in the chosen order."""

    items: list[ManifestSearchOut]


class PartyOut(Out):
    """An enterprise that is party to a manifest."""

    id: int
    name: str
    uscc: str


class FacilityRefOut(BaseModel):
    """A facility named on a manifest."""

    id: int
    name: str


class LegOut(BaseModel):
    """A transport leg with its pick-up and delivery times."""

    seq: int
    carrier: PartyOut
    vehicle_id: int
    vehicle_plate: str
    driver_id: int
    driver_name: str
    picked_up_at: datetime | None
    delivered_at: datetime | None


class ManifestContainerOut(BaseModel):
    """A container on a manifest with the declared and weighed masses and the receiver's decision."""

    id: int
    digital_id: str
    status: ContainerStatus
    packaging: str
    declared_kg: str
    weighed_kg: str | None
    accepted: bool | None
    note: str


class SignatureOut(BaseModel):
    """A signed section: who, in which role, when, by which action."""

    section: str
    action: str
    name: str
    role: str
    at: datetime


class RevisionOut(BaseModel):
    """A correction of a sealed field, the original beside the new value."""

    section: str
    field: str
    old_value: str
    new_value: str
    reason: str
    at: datetime


class WarningOut(BaseModel):
    """A non-blocking warning; annual-scale warnings carry share_percent and the figures in grams
    (scale_g, accepted_g, in_flight_g, adding_g), weighing warnings declared_g, weighed_g and
    deviation_percent; `message_code` and `params` say the message again in any language."""

    model_config = ConfigDict(extra="allow")

    rule: str
    message: str | None = None
    message_code: str | None = None
    params: dict[str, Any] | None = None


class CustodyRequestOut(Out):
    """A redirect proposal or a cancellation request, with its decision once taken."""

    id: int
    manifest_id: int
    kind: CustodyRequestKind
    status: CustodyRequestStatus
    reason: str
    facility_id: int | None
    carrier_id: int | None
    vehicle_id: int | None
    driver_id: int | None
    whereabouts: str
    requested_by: int
    requested_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    decision_note: str


class GateRefusalOut(BaseModel):
    """A receiver's refusal at its gate, as it signed it."""

    manifest_number: str
    refused_manifest_number: str
    receiver_id: int
    receiver_facility_id: int
    reason: GateRefusalReason
    note: str
    containers: list[str]
    refused_kg: str
    name: str
    at: datetime


class IncidentOut(BaseModel):
    """An incident against the manifest and its containers."""

    id: int
    kind: IncidentKind
    leg_seq: int | None
    facility_id: int | None
    place: str
    description: str
    containers: list[str]
    lost: list[str]
    lost_kg: str
    name: str
    at: datetime


class BalanceOut(BaseModel):
    """Where the declared weight went: accepted + refused + returned + lost (+ still open) = declared."""

    declared_kg: str
    accepted_kg: str
    refused_kg: str
    returned_kg: str
    lost_kg: str
    open_kg: str
    balances: bool


class ManifestDetail(ManifestOut):
    """A manifest with its parties, legs, containers, signatures, revisions and the caller's actions."""

    generator: PartyOut
    receiver: PartyOut
    receiver_facility: FacilityRefOut
    origin_facility: FacilityRefOut | None
    legs: list[LegOut]
    containers: list[ManifestContainerOut]
    signatures: list[SignatureOut]
    revisions: list[RevisionOut]
    note: str
    anomaly_note: str
    actions: list[str] = Field(description="submit, cancel, pick_up, deliver, accept, treat, close, …")
    warnings: list[WarningOut] = Field(
        default=[], description="non-blocking warnings of the action just taken"
    )
    refusals: list[GateRefusalOut] = Field(default=[], description="refusals at the gate, as signed")
    incidents: list[IncidentOut] = Field(default=[], description="spills, fires, accidents and losses")
    custody_requests: list[CustodyRequestOut] = Field(
        default=[], description="redirect proposals and cancellation requests"
    )
    split_from: str | None = Field(default=None, description="number of the manifest this one was split off")
    split_off: list[str] = Field(default=[], description="numbers of manifests split off this one")
    balance: BalanceOut | None = None


class CancelIn(Body):
    """Why the manifest is cancelled."""

    reason: str = Field(min_length=1, max_length=500)


class PickUpIn(Body):
    """The containers the carrier scanned (digital IDs or label URLs) and the leg being signed."""

    scanned: list[str] = Field(min_length=1, max_length=MAX_BULK)
    leg_seq: int = Field(default=1, ge=1)


class LegAssignIn(Body):
    """The vehicle and driver of the carrier that a leg not yet picked up gets (its dispatcher's choice)."""

    vehicle_id: int
    driver_id: int


class DeliverIn(Body):
    """The containers the receiver scanned on arrival."""

    scanned: list[str] = Field(min_length=1, max_length=MAX_BULK)


class ReceiptIn(Body):
    """Weighed mass of every container (kg) and the rejected ones with their reasons."""

    weights: dict[str, KgIn] = Field(min_length=1, description="digital ID → weighed kg")
    rejected: dict[str, str] = Field(default={}, description="digital ID → reason")
    anomaly_note: str = Field(default="", max_length=2000)


class TreatmentIn(Body):
    """The R/D method code of the treatment."""

    method: str = Field(min_length=1, max_length=6)


class RevisionIn(Body):
    """A correction of a sealed field with its reason."""

    field: str = Field(min_length=1, max_length=60, description="note (generator) or anomaly_note (receiver)")
    value: str = Field(max_length=2000)
    reason: str = Field(min_length=1, max_length=500)


class SlipsRequest(Body):
    """Print many transfer slips in one PDF."""

    manifest_ids: list[int] = Field(min_length=1, max_length=MAX_BULK)


class VerifyQuery(Query):
    """The verification code and the fingerprint printed on the slip."""

    c: str = Field(default="", max_length=32, description="the slip's verification code")
    f: str = Field(default="", max_length=64)


class VerifyChange(BaseModel):
    """A section signed or revised after the slip was printed."""

    section: str
    action: str = Field(description="the signing action, or revise")
    at: str = Field(description="Beijing time")


class VerifyOut(BaseModel):
    """Whether this system issued a printed slip, at which stage, and what changed since (public)."""

    number: str
    status: ManifestStatus
    matches: bool = Field(description="issued by this system and the record unchanged since")
    last_change: str = Field(description="Beijing time of the last signature or revision")
    verdict: Literal["current", "earlier", "not_issued", "unconfirmed"]
    printed_status: ManifestStatus | None = Field(description="the status when the slip was printed")
    printed_at: str = Field(description="Beijing time the slip was printed (empty unless issued)")
    changes: list[VerifyChange]


# --- Transfer approvals ---------------------------------------------------------------------------


class ApprovalCreate(Body):
    """A cross-province transfer approval (跨省转移审批) with its quota in tonnes."""

    number: str = Field(min_length=1, max_length=80)
    generator_id: int
    receiver_id: int
    waste_code: str = Field(min_length=9, max_length=10)
    quota_t: KgIn = Field(description="approved quantity in tonnes")
    valid_from: date
    valid_to: date
    authority: str = Field(default="", max_length=200)


class ApprovalOut(Out):
    """A transfer approval and how much of its quota is used."""

    id: int
    number: str
    generator_id: int
    receiver_id: int
    waste_code: str
    quota_kg: Annotated[str, KG_FROM_G] = Field(validation_alias="quota_g")
    used_kg: Annotated[str, KG_FROM_G] = Field(validation_alias="used_g")
    valid_from: date
    valid_to: date
    authority: str


class ApprovalList(Page):
    """Transfer approvals."""

    items: list[ApprovalOut]
