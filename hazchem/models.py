"""All database tables. Quantities are integers in kilograms so sums are exact on every database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _json_list() -> Column:
    return Column(JSON, nullable=False, default=list)


# --- Park, departments, licensing responsibilities -------------------------------------------


class Park(SQLModel, table=True):
    """An industrial park (园区), identified by its GB/T 2260 region code."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=200)
    region_code: str = Field(max_length=6)


class Department(SQLModel, table=True):
    """A regulator department (监管部门) of a park."""

    __table_args__ = (UniqueConstraint("park_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id", index=True)
    kind: str = Field(max_length=40, index=True)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=200)


class LicenceType(SQLModel, table=True):
    """A kind of licence or registration, with its issuing department kind and legal basis."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=200)
    issuer_kind: str = Field(max_length=40)
    legal_basis: str = Field(default="", sa_type=Text)
    validity_years: int | None = None
    scope_kind: str = Field(default="none", max_length=20)
    # Codes of licence types that must be held before this one (e.g. 营业执照 after the permits).
    requires: list[str] = Field(default_factory=list, sa_column=_json_list())


class Responsibility(SQLModel, table=True):
    """One cell of the responsibility matrix: a department issues or supervises a licence type."""

    __table_args__ = (UniqueConstraint("department_id", "licence_type_id", "duty"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    licence_type_id: int = Field(foreign_key="licencetype.id", index=True)
    duty: str = Field(max_length=20)


# --- Enterprises, licences, facilities, carriers ----------------------------------------------


class Enterprise(SQLModel, table=True):
    """An enterprise (企业) in or serving the park, identified by its USCC."""

    id: int | None = Field(default=None, primary_key=True)
    park_id: int = Field(foreign_key="park.id", index=True)
    uscc: str = Field(max_length=18, unique=True)
    name: str = Field(max_length=200, index=True)
    name_en: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    region_code: str = Field(max_length=6)
    roles: list[str] = Field(default_factory=list, sa_column=_json_list())
    contact_name: str = Field(default="", max_length=60)
    contact_phone: str = Field(default="", max_length=40)
    grade: str = Field(default="", max_length=20)


class Licence(SQLModel, table=True):
    """A licence (许可证) held by an enterprise, with its validity and status."""

    __table_args__ = (UniqueConstraint("licence_type_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    licence_type_id: int = Field(foreign_key="licencetype.id", index=True)
    number: str = Field(max_length=80)
    issuer_department_id: int | None = Field(default=None, foreign_key="department.id")
    valid_from: date
    valid_to: date = Field(index=True)
    status: str = Field(max_length=20)
    note: str = Field(default="", sa_type=Text)


class LicenceScopeLine(SQLModel, table=True):
    """One scope line of a licence: waste (category/code, modes, methods, t/a), chemical or DG class."""

    id: int | None = Field(default=None, primary_key=True)
    licence_id: int = Field(foreign_key="licence.id", index=True)
    kind: str = Field(max_length=20)
    waste_category: str | None = Field(default=None, max_length=4)
    waste_code: str | None = Field(default=None, max_length=10)
    modes: list[str] = Field(default_factory=list, sa_column=_json_list())
    method_codes: list[str] = Field(default_factory=list, sa_column=_json_list())
    annual_scale_kg: int | None = Field(default=None, sa_type=BigInteger)
    chemical_id: int | None = Field(default=None, foreign_key="chemical.id", index=True)
    max_quantity_kg: int | None = Field(default=None, sa_type=BigInteger)
    dg_class: str | None = Field(default=None, max_length=10)


class Facility(SQLModel, table=True):
    """A facility (设施): store, tank farm, incinerator, landfill, physico-chemical line, …"""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=40)
    location: str = Field(default="", max_length=300)
    storage_capacity_kg: int | None = Field(default=None, sa_type=BigInteger)
    annual_capacity_kg: int | None = Field(default=None, sa_type=BigInteger)
    daily_capacity_kg: int | None = Field(default=None, sa_type=BigInteger)


class FacilityChemical(SQLModel, table=True):
    """A catalogue entry a facility is designed to hold, with its maximum quantity."""

    __table_args__ = (UniqueConstraint("facility_id", "chemical_id"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    chemical_id: int = Field(foreign_key="chemical.id", index=True)
    max_quantity_kg: int | None = Field(default=None, sa_type=BigInteger)


class Vehicle(SQLModel, table=True):
    """A carrier's dangerous-goods vehicle with its road transport certificate."""

    id: int | None = Field(default=None, primary_key=True)
    carrier_id: int = Field(foreign_key="enterprise.id", index=True)
    plate: str = Field(max_length=20, unique=True)
    certificate_no: str = Field(max_length=60)
    dg_classes: list[str] = Field(default_factory=list, sa_column=_json_list())
    valid_to: date


class Driver(SQLModel, table=True):
    """A carrier's driver with the dangerous-goods qualification certificate."""

    id: int | None = Field(default=None, primary_key=True)
    carrier_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str = Field(max_length=60)
    certificate_no: str = Field(max_length=60, unique=True)
    valid_to: date


# --- Catalogues --------------------------------------------------------------------------------


class CatalogueEdition(SQLModel, table=True):
    """An edition of a national list (chemicals, waste list, companion lists) and when it applies."""

    __table_args__ = (UniqueConstraint("list_name", "edition"),)

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=40)
    edition: str = Field(max_length=20)
    title: str = Field(max_length=200)
    effective_date: date | None = None
    source: str = Field(default="", sa_type=Text)


class Chemical(SQLModel, table=True):
    """An entry of the hazardous-chemicals catalogue; variant rows share the official serial."""

    __table_args__ = (
        UniqueConstraint("edition", "serial", "name"),
        Index("ix_chemical_edition_serial", "edition", "serial"),
    )

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    serial: int
    name: str = Field(max_length=300)
    name_en: str = Field(default="", max_length=300)
    aliases: list[str] = Field(default_factory=list, sa_column=_json_list())
    cas_numbers: list[str] = Field(default_factory=list, sa_column=_json_list())
    remarks: str = Field(default="", sa_type=Text)
    highly_toxic: bool = False
    explosive_precursor: bool = False
    drug_precursor_class: str | None = Field(default=None, max_length=20)
    key_supervised: bool = False
    un_number: str | None = Field(default=None, max_length=8)
    ghs_categories: str = Field(default="", sa_type=Text)
    critical_quantity_kg: int | None = Field(default=None, sa_type=BigInteger)
    # Lower-cased name, aliases, English name and CAS numbers, for one LIKE per query.
    search_text: str = Field(default="", sa_type=Text)


class WasteCategory(SQLModel, table=True):
    """A category (HWxx) of the National Hazardous Waste List in one edition."""

    __table_args__ = (UniqueConstraint("edition", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    number: str = Field(max_length=4)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)


class WasteCode(SQLModel, table=True):
    """A waste code (xxx-xxx-xx) of the National Hazardous Waste List in one edition."""

    __table_args__ = (UniqueConstraint("edition", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=20)
    code: str = Field(max_length=10, index=True)
    category: str = Field(max_length=4, index=True)
    industry: str = Field(default="", max_length=200)
    description: str = Field(sa_type=Text)
    characteristics: list[str] = Field(default_factory=list, sa_column=_json_list())


class TreatmentMethod(SQLModel, table=True):
    """A utilisation / disposal method code (R, D or C) used on manifests and licences."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, unique=True)
    kind: str = Field(max_length=1)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)


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
    characteristics: list[str] = Field(default_factory=list, sa_column=_json_list())
    # Segregation classes (acid, alkali, cyanide, oxidiser, organic, …) for the incompatibility matrix.
    tags: list[str] = Field(default_factory=list, sa_column=_json_list())
    precautions: str = Field(default="", sa_type=Text)
    packaging: str = Field(default="", max_length=60)
    dg_class: str | None = Field(default=None, max_length=10)
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


class LicenceLineUsage(SQLModel, table=True):
    """Running use of a licence line's annual scale: accepted and still in flight, per year."""

    line_id: int = Field(foreign_key="licencescopeline.id", primary_key=True)
    year: int = Field(primary_key=True)
    accepted_g: int = Field(default=0, sa_type=BigInteger)
    in_flight_g: int = Field(default=0, sa_type=BigInteger)


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
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=14, unique=True)
    status: str = Field(max_length=20)
    waste_code: str = Field(max_length=10, index=True)
    stream_id: int = Field(foreign_key="wastestream.id")
    generator_id: int = Field(foreign_key="enterprise.id", index=True)
    origin_facility_id: int | None = Field(default=None, foreign_key="facility.id")
    receiver_id: int = Field(foreign_key="enterprise.id", index=True)
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

    # Carrier filters and party scoping look legs up by carrier, then take the manifest id.
    __table_args__ = (
        UniqueConstraint("manifest_id", "seq"),
        Index("ix_transportleg_carrier_manifest", "carrier_id", "manifest_id"),
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


class ScanRecord(SQLModel, table=True):
    """A scan received through the API with its Idempotency-Key, so a retry records once."""

    __table_args__ = (UniqueConstraint("user_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    idempotency_key: str = Field(max_length=100)
    digital_id: str = Field(max_length=37)
    action: str = Field(max_length=20)
    # Digest of the whole request, so a key reused for a different request is refused, not replayed.
    request_hash: str = Field(default="", max_length=64)
    status_code: int
    response: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime


# --- Accounts and audit -----------------------------------------------------------------------


class User(SQLModel, table=True):
    """A person who logs in, with one role bound to a department, enterprise or driver record."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True)
    password_hash: str = Field(max_length=300)
    display_name: str = Field(default="", max_length=120)
    role: str = Field(max_length=30)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")
    driver_id: int | None = Field(default=None, foreign_key="driver.id")
    locale: str = Field(default="", max_length=20)
    active: bool = True


class ApiToken(SQLModel, table=True):
    """A bearer token; only its SHA-256 digest is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    expires_at: datetime


class Event(SQLModel, table=True):
    """An append-only audit record, chained to its predecessor by hash."""

    # A record's history (a container's scans, a manifest's timeline) is read by entity and id.
    __table_args__ = (Index("ix_event_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor_id: int | None = Field(default=None, index=True)
    actor_role: str = Field(default="", max_length=30)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=60)
    before: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


__all__ = [
    "ApiToken",
    "CatalogueEdition",
    "Chemical",
    "Container",
    "Counter",
    "Department",
    "Driver",
    "Enterprise",
    "Event",
    "Facility",
    "FacilityChemical",
    "FacilityStock",
    "Licence",
    "LicenceLineUsage",
    "LicenceScopeLine",
    "LicenceType",
    "Manifest",
    "ManifestContainer",
    "Park",
    "Responsibility",
    "Revision",
    "ScanRecord",
    "Signature",
    "TransferApproval",
    "TransportLeg",
    "TreatmentMethod",
    "User",
    "Vehicle",
    "WasteCategory",
    "WasteCode",
    "WasteStream",
]
