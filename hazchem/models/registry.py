"""Park, departments, the responsibility matrix, enterprises, licences, facilities and carriers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hazchem.models.base import json_list

# --- Park, departments, licensing responsibilities -------------------------------------------


class Region(SQLModel, table=True):
    """A city or province (市/省) above parks, whose regulators read every park within it."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, unique=True)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=200)
    level: str = Field(max_length=20)
    # A city's province; None for a province (or a city standing alone).
    parent_id: int | None = Field(default=None, foreign_key="region.id", index=True)


class Park(SQLModel, table=True):
    """An industrial park (园区), identified by its GB/T 2260 region code."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=200)
    region_code: str = Field(max_length=6)
    # The city or province whose regulators oversee the park; None while it belongs to none.
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    # The IANA zone whose calendar date is the park's "today" (deadlines, form defaults, date checks).
    timezone: str = Field(default="Asia/Shanghai", max_length=64)


class Department(SQLModel, table=True):
    """A regulator department (监管部门) of a park, or of a region above parks (厅/局), never both."""

    __table_args__ = (
        UniqueConstraint("park_id", "name"),
        UniqueConstraint("region_id", "name", name="uq_department_region_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    park_id: int | None = Field(default=None, foreign_key="park.id", index=True)
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
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
    requires: list[str] = Field(default_factory=list, sa_column=json_list())


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
    roles: list[str] = Field(default_factory=list, sa_column=json_list())
    contact_name: str = Field(default="", max_length=60)
    contact_phone: str = Field(default="", max_length=40)
    grade: str = Field(default="", max_length=20)
    # Hazardous-waste management class (domain.vocab.ManagementClass); empty while not recorded.
    management_class: str = Field(default="", max_length=20)


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
    modes: list[str] = Field(default_factory=list, sa_column=json_list())
    method_codes: list[str] = Field(default_factory=list, sa_column=json_list())
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
    # Waste taken straight into the feed per day, for a facility that receives without storing.
    intake_rate_kg_per_day: int | None = Field(default=None, sa_type=BigInteger)
    # People outside the plant within 500 m who may be exposed (GB 18218 α); None until entered.
    exposed_people: int | None = None


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
    dg_classes: list[str] = Field(default_factory=list, sa_column=json_list())
    valid_to: date


class Driver(SQLModel, table=True):
    """A carrier's driver with the dangerous-goods qualification certificate."""

    id: int | None = Field(default=None, primary_key=True)
    carrier_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str = Field(max_length=60)
    certificate_no: str = Field(max_length=60, unique=True)
    valid_to: date
