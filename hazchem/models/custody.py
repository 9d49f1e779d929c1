"""Waste custody chain: streams, containers, storage, manifests, signatures and scans."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Computed, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hazchem.models.base import json_list

# --- Waste custody chain: streams, containers, storage, manifests ------------------------------


class WasteStream(SQLModel, table=True):
    """An enterprise's recurring waste (废物档案); it prefills labels and manifests."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    waste_code: str = Field(max_length=10)
    edition: str = Field(max_length=20)
    name: str = Field(max_length=200)
    form: str = Field(max_length=20)
    main_components: str = Field(default="", max_length=300)
    harmful_components: str = Field(default="", max_length=300)
    characteristics: list[str] = Field(default_factory=list, sa_column=json_list())
    # Segregation classes (acid, alkali, cyanide, oxidiser, organic, …) for the incompatibility matrix.
    tags: list[str] = Field(default_factory=list, sa_column=json_list())
    precautions: str = Field(default="", sa_type=Text)
    packaging: str = Field(default="", max_length=60)
    # Dangerous-goods transport data: a class (GB 6944) with UN number and packing group where known,
    # or the reason the waste is not dangerous goods for transport (domain.dangerous_goods).
    dg_class: str | None = Field(default=None, max_length=10)
    un_number: str | None = Field(default=None, max_length=4)
    packing_group: str | None = Field(default=None, max_length=3)
    not_dg_reason: str = Field(default="", max_length=300)
    active: bool = True


class Counter(SQLModel, table=True):
    """A named serial counter (container serials per unit/code/day, manifest numbers per year/region)."""

    name: str = Field(primary_key=True, max_length=80)
    value: int = 0


class Container(SQLModel, table=True):
    """One labelled drum, IBC or bag; its digital ID is stored by segment and whole."""

    __table_args__ = (UniqueConstraint("unit_code", "waste_digits", "gen_date", "serial"),)

    id: int | None = Field(default=None, primary_key=True)
    digital_id: str = Field(max_length=37, unique=True)
    unit_code: str = Field(max_length=18)
    waste_digits: str = Field(max_length=8)
    gen_date: date
    serial: int
    stream_id: int = Field(foreign_key="wastestream.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    generating_facility_id: int | None = Field(default=None, foreign_key="facility.id")
    packaging: str = Field(max_length=60)
    volume_l: int
    net_weight_g: int = Field(sa_type=BigInteger)
    status: str = Field(max_length=20, index=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id", index=True)
    stored_at: datetime | None = None
    manifest_id: int | None = Field(default=None, foreign_key="manifest.id", index=True)
    remarks: str = Field(default="", max_length=300)
    created_at: datetime
    created_by: int | None = Field(default=None, foreign_key="user.id")


class FacilityStock(SQLModel, table=True):
    """Running stock of a facility, updated in the same transaction as each movement."""

    facility_id: int = Field(foreign_key="facility.id", primary_key=True)
    stock_g: int = Field(default=0, sa_type=BigInteger)
    # Held for submitted manifests on their way here, until the waste arrives or the manifest ends.
    reserved_g: int = Field(default=0, sa_type=BigInteger)


class LicenceLineUsage(SQLModel, table=True):
    """Running use of a licence line's annual scale: accepted and still in flight, per year."""

    line_id: int = Field(foreign_key="licencescopeline.id", primary_key=True)
    year: int = Field(primary_key=True)
    accepted_g: int = Field(default=0, sa_type=BigInteger)
    in_flight_g: int = Field(default=0, sa_type=BigInteger)


class WasteMonthly(SQLModel, table=True):
    """An enterprise's waste figures in one Beijing month, by category and method (grams, counts).

    Kept in step with containers and manifests in the transaction that changes them
    (services.oversight.rollups), so yearly and monthly figures add up a few rows instead of every
    record. Generation and stock changes carry an empty method."""

    __table_args__ = (Index("ix_wastemonthly_year_month", "year", "month"),)

    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True)
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    category: str = Field(primary_key=True, max_length=4)
    method: str = Field(primary_key=True, max_length=6)
    generated_g: int = Field(default=0, sa_type=BigInteger)
    transferred_g: int = Field(default=0, sa_type=BigInteger)
    received_g: int = Field(default=0, sa_type=BigInteger)
    treated_g: int = Field(default=0, sa_type=BigInteger)
    # Net change of the enterprise's stock in the month; stock at a month's end sums these up to it.
    stock_change_g: int = Field(default=0, sa_type=BigInteger)
    transferred_n: int = 0
    received_n: int = 0
    treated_n: int = 0


class TransferApproval(SQLModel, table=True):
    """A cross-province transfer approval with its quota (跨省转移审批)."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=80, unique=True)
    generator_id: int = Field(foreign_key="enterprise.id", index=True)
    receiver_id: int = Field(foreign_key="enterprise.id", index=True)
    waste_code: str = Field(max_length=10)
    quota_g: int = Field(sa_type=BigInteger)
    used_g: int = Field(default=0, sa_type=BigInteger)
    valid_from: date
    valid_to: date
    authority: str = Field(default="", max_length=200)


class Manifest(SQLModel, table=True):
    """An electronic transfer manifest (转移联单): one waste code, one trip, section by section."""

    # Audit search: default newest-first keyset paging, the overdue bound, and each date-range filter.
    __table_args__ = (
        Index("ix_manifest_status_created", "status", "created_at"),
        Index("ix_manifest_created_id", "created_at", "id"),
        Index("ix_manifest_status_delivered", "status", "delivered_at"),
        Index("ix_manifest_picked_up_at", "picked_up_at"),
        Index("ix_manifest_accepted_at", "accepted_at"),
        Index("ix_manifest_treated_at", "treated_at"),
        # Party and category filters, each already in the newest-first order the search pages by.
        Index("ix_manifest_receiver_created", "receiver_id", "created_at", "id"),
        Index("ix_manifest_generator_created", "generator_id", "created_at", "id"),
        Index("ix_manifest_category_created", "waste_category", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=14, unique=True)
    status: str = Field(max_length=20)
    waste_code: str = Field(max_length=10, index=True)
    # HWxx, derived by the database from the code's last two digits, so it can never disagree with it.
    waste_category: str | None = Field(
        default=None,
        sa_column=Column(String(4), Computed("'HW' || substr(waste_code, 9, 2)", persisted=True)),
    )
    stream_id: int = Field(foreign_key="wastestream.id")
    generator_id: int = Field(foreign_key="enterprise.id")
    origin_facility_id: int | None = Field(default=None, foreign_key="facility.id")
    receiver_id: int = Field(foreign_key="enterprise.id")
    receiver_facility_id: int = Field(foreign_key="facility.id")
    mode: str = Field(max_length=20)
    planned_method: str | None = Field(default=None, max_length=6)
    treatment_method: str | None = Field(default=None, max_length=6)
    transfer_date: date
    declared_g: int = Field(sa_type=BigInteger)
    received_g: int | None = Field(default=None, sa_type=BigInteger)
    accepted_g: int | None = Field(default=None, sa_type=BigInteger)
    licence_line_id: int | None = Field(default=None, foreign_key="licencescopeline.id")
    reserved_year: int | None = None
    reserved_g: int = Field(default=0, sa_type=BigInteger)
    # What this manifest holds of its receiving facility's capacity (FacilityStock.reserved_g).
    facility_reserved_g: int = Field(default=0, sa_type=BigInteger)
    cross_province: bool = False
    approval_id: int | None = Field(default=None, foreign_key="transferapproval.id")
    anomaly: bool = False
    anomaly_note: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    created_at: datetime
    created_by: int | None = Field(default=None, foreign_key="user.id")
    submitted_at: datetime | None = None
    picked_up_at: datetime | None = None
    delivered_at: datetime | None = None
    accepted_at: datetime | None = None
    treated_at: datetime | None = None
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None


class ManifestContainer(SQLModel, table=True):
    """A container on a manifest, with what the receiver weighed and decided."""

    __table_args__ = (UniqueConstraint("manifest_id", "container_id"),)

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    container_id: int = Field(foreign_key="container.id", index=True)
    declared_g: int = Field(sa_type=BigInteger)
    weighed_g: int | None = Field(default=None, sa_type=BigInteger)
    accepted: bool | None = None
    note: str = Field(default="", sa_type=Text)


class TransportLeg(SQLModel, table=True):
    """One ordered leg of a transfer: carrier, vehicle and driver."""

    # Carrier filters and party scoping look legs up by carrier, a driver's scope by driver, then
    # take the manifest id.
    __table_args__ = (
        UniqueConstraint("manifest_id", "seq"),
        Index("ix_transportleg_carrier_manifest", "carrier_id", "manifest_id"),
        Index("ix_transportleg_driver_manifest", "driver_id", "manifest_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    seq: int
    carrier_id: int = Field(foreign_key="enterprise.id", index=True)
    vehicle_id: int = Field(foreign_key="vehicle.id")
    driver_id: int = Field(foreign_key="driver.id")
    picked_up_at: datetime | None = None
    delivered_at: datetime | None = None


class Signature(SQLModel, table=True):
    """A signature of one manifest section: who, in which role, when, by which action."""

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    section: str = Field(max_length=20)
    action: str = Field(max_length=20)
    user_id: int = Field(foreign_key="user.id")
    name: str = Field(max_length=120)
    role: str = Field(max_length=30)
    at: datetime


class Revision(SQLModel, table=True):
    """A correction of a sealed field, kept beside the original value with its reason."""

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    section: str = Field(max_length=20)
    field: str = Field(max_length=60)
    old_value: str = Field(sa_type=Text)
    new_value: str = Field(sa_type=Text)
    reason: str = Field(sa_type=Text)
    user_id: int = Field(foreign_key="user.id")
    at: datetime


class IssuedSlip(SQLModel, table=True):
    """A printed transfer slip as issued: its verification code and the state of the record it carries.

    The register of every slip this system printed, so a roadside check tells a genuine earlier print
    from a slip the system never issued, and a regulator can audit who printed what and when.
    """

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    code: str = Field(max_length=16, unique=True)
    status: str = Field(max_length=20)
    digest: str = Field(max_length=16)
    # The newest signature and revision the slip carries: anything later happened after printing.
    last_signature_id: int | None = None
    last_revision_id: int | None = None
    printed_at: datetime
    printed_by: int = Field(foreign_key="user.id")

# --- Custody exceptions: gate refusals, incidents, requests awaiting another party -------------


class GateRefusal(SQLModel, table=True):
    """A receiver's refusal at its gate, kept as the refusing receiver signed it."""

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    # The manifest the refused containers went on to: the same one when the whole load was refused, else
    # the child manifest a partial refusal split them off into (its only link to its parent).
    refused_manifest_id: int = Field(foreign_key="manifest.id", index=True)
    receiver_id: int = Field(foreign_key="enterprise.id")
    receiver_facility_id: int = Field(foreign_key="facility.id")
    reason: str = Field(max_length=30)
    note: str = Field(default="", sa_type=Text)
    containers: list[str] = Field(default_factory=list, sa_column=json_list())
    refused_g: int = Field(sa_type=BigInteger)
    user_id: int = Field(foreign_key="user.id")
    name: str = Field(max_length=120)
    at: datetime


class Incident(SQLModel, table=True):
    """A spill, fire, accident or loss against a manifest and its containers."""

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    kind: str = Field(max_length=20)
    # Where it happened: on the road (a leg) or at a facility.
    leg_seq: int | None = None
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    place: str = Field(default="", max_length=300)
    description: str = Field(sa_type=Text)
    containers: list[str] = Field(default_factory=list, sa_column=json_list())
    lost: list[str] = Field(default_factory=list, sa_column=json_list())
    lost_g: int = Field(default=0, sa_type=BigInteger)
    user_id: int = Field(foreign_key="user.id")
    name: str = Field(max_length=120)
    at: datetime


class CustodyRequest(SQLModel, table=True):
    """A request another party decides: a carrier's redirect proposal (the generator confirms) or a
    cancellation after pick-up (the ecology-and-environment regulator approves)."""

    id: int | None = Field(default=None, primary_key=True)
    manifest_id: int = Field(foreign_key="manifest.id", index=True)
    kind: str = Field(max_length=20)
    status: str = Field(max_length=20)
    reason: str = Field(sa_type=Text)
    # Redirect: the alternate receiving facility and the leg to it; cancel: the store the waste goes to.
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    carrier_id: int | None = Field(default=None, foreign_key="enterprise.id")
    vehicle_id: int | None = Field(default=None, foreign_key="vehicle.id")
    driver_id: int | None = Field(default=None, foreign_key="driver.id")
    whereabouts: str = Field(default="", sa_type=Text)
    requested_by: int = Field(foreign_key="user.id")
    requested_at: datetime
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None
    decision_note: str = Field(default="", sa_type=Text)
