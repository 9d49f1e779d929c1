"""API models of the park registry: departments, licence types, the responsibility matrix, enterprises."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from hazchem.api.schemas.base import (
    AS_LIST,
    TONNES_FROM_KG,
    Body,
    Out,
    Page,
    PageQuery,
    Query,
)
from hazchem.domain.licensing import Reason
from hazchem.domain.vocab import DepartmentKind, Duty, EnterpriseRole, ManagementClass, ScopeKind, WasteMode
from hazchem.i18n import say

# --- Departments, licence types, responsibility matrix -------------------------------------------


class DepartmentOut(Out):
    """A regulator department of a park, or of a city or province (then no park, a region)."""

    id: int
    park_id: int | None
    region_id: int | None = None
    kind: str
    name: str
    name_en: str


class DepartmentList(Page):
    """Departments."""

    items: list[DepartmentOut]


class DepartmentCreate(Body):
    """A new department (the first park when park_id is omitted)."""

    kind: DepartmentKind
    name: str = Field(min_length=1, max_length=120)
    name_en: str = Field(default="", max_length=200)
    park_id: int | None = None


class DepartmentUpdate(Body):
    """A department's new name."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    name_en: str | None = Field(default=None, max_length=200)


class LicenceTypeOut(Out):
    """A licence type with its issuing department kind, legal basis and scope kind."""

    id: int
    code: str
    name: str
    name_en: str
    issuer_kind: str
    legal_basis: str
    validity_years: int | None
    scope_kind: str
    requires: Annotated[list[str], AS_LIST]


class LicenceTypeList(Page):
    """Licence types."""

    items: list[LicenceTypeOut]


class DutyOut(BaseModel):
    """One department's duty towards a licence type."""

    department_id: int
    duty: str


class LicenceTypeDetail(LicenceTypeOut):
    """A licence type with the departments responsible for it."""

    responsibilities: list[DutyOut]


class LicenceTypeCreate(Body):
    """A new licence type."""

    code: str = Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=120)
    name_en: str = Field(default="", max_length=200)
    issuer_kind: DepartmentKind
    scope_kind: ScopeKind
    legal_basis: str = ""
    validity_years: int | None = Field(default=None, ge=1, le=100)
    requires: list[str] = Field(default=[])


class CellOut(BaseModel):
    """One cell of the responsibility matrix."""

    department_id: int
    licence_type_id: int
    duty: str


class MatrixOut(BaseModel):
    """The responsibility matrix: departments × licence types, cells with duties."""

    departments: list[DepartmentOut]
    licence_types: list[LicenceTypeOut]
    cells: list[CellOut]


class CellIn(Body):
    """A duty of a department towards a licence type."""

    department_id: int
    licence_type_id: int
    duty: Duty


class CellChange(BaseModel):
    """The outcome of assigning or removing a duty."""

    department_id: int
    licence_type_id: int
    duty: str
    assigned: bool
    changed: bool


# --- Enterprises and coverage ------------------------------------------------------------------


class EnterpriseOut(Out):
    """An enterprise with its USCC, roles and contact."""

    id: int
    park_id: int
    uscc: str
    name: str
    name_en: str
    address: str
    region_code: str
    roles: Annotated[list[str], AS_LIST]
    contact_name: str
    contact_phone: str
    grade: str
    management_class: str = Field(
        description="waste management class: key, simplified, registration, or empty if not recorded"
    )


class EnterpriseList(Page):
    """Enterprises."""

    items: list[EnterpriseOut]


class EnterpriseQuery(PageQuery):
    """Filter enterprises by text (name, USCC) and role."""

    q: str | None = Field(default=None, max_length=100)
    role: EnterpriseRole | None = None


class EnterpriseCreate(Body):
    """A new enterprise (USCC check character validated)."""

    uscc: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    region_code: str = Field(min_length=1, max_length=10)
    name_en: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    roles: list[EnterpriseRole] = Field(default=[])
    contact_name: str = Field(default="", max_length=60)
    contact_phone: str = Field(default="", max_length=40)
    grade: str = Field(default="", max_length=20)
    management_class: ManagementClass | Literal[""] = ""
    park_id: int | None = None


class EnterpriseUpdate(Body):
    """Changed enterprise fields (an EHS officer may send only contact_name, contact_phone, address)."""

    uscc: str | None = Field(default=None, min_length=1, max_length=30)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    region_code: str | None = Field(default=None, min_length=1, max_length=10)
    name_en: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    roles: list[EnterpriseRole] | None = None
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, max_length=40)
    grade: str | None = Field(default=None, max_length=20)
    management_class: ManagementClass | Literal[""] | None = Field(
        default=None, description="key (monthly declarations), simplified (quarterly), registration, or empty"
    )


class CoverageQuery(Query):
    """What to check: a licence type on a date, optionally for one waste, chemical or DG class."""

    type: str = Field(min_length=1, max_length=60, description="licence type code, e.g. hw_operating")
    on: date | None = Field(default=None, alias="date", description="YYYY-MM-DD; today when omitted")
    waste_code: str | None = Field(default=None, max_length=10)
    mode: WasteMode | None = None
    method: str | None = Field(default=None, max_length=6)
    chemical_id: int | None = None
    quantity_t: str | None = Field(default=None, max_length=30)
    dg_class: str | None = Field(default=None, max_length=10)


class CoverageLicence(Out):
    """The licence that covers the subject."""

    id: int
    number: str
    type_code: str
    status: str
    valid_from: date
    valid_to: date


class ScopeLineOut(Out):
    """A licence scope line (waste, chemical or transport)."""

    id: int | None
    kind: str
    waste_category: str | None = None
    waste_code: str | None = None
    modes: Annotated[list[str], AS_LIST] = Field(default=[])
    method_codes: Annotated[list[str], AS_LIST] = Field(default=[])
    annual_scale_tpa: Annotated[str | None, TONNES_FROM_KG] = Field(
        default=None, validation_alias="annual_scale_kg"
    )
    chemical_id: int | None = None
    max_quantity_t: Annotated[str | None, TONNES_FROM_KG] = Field(
        default=None, validation_alias="max_quantity_kg"
    )
    dg_class: str | None = None


class ReasonOut(Out):
    """Why one licence does not cover the subject, said in the requested language with its code."""

    code: str
    licence_number: str | None
    message: str = Field(description="the reason in the requested language (Accept-Language, else Chinese)")
    message_code: str = Field(description="stable code of the reason's message, e.g. licensing.expired")
    params: dict[str, Any] = Field({}, description="the message's parameters")

    @model_validator(mode="before")
    @classmethod
    def _said(cls, value: Any) -> Any:
        """Say a domain reason in the reader's language, keeping its code and parameters."""
        if not isinstance(value, Reason):
            return value
        return {
            "code": value.code,
            "licence_number": value.licence_number,
            "message": say(value.said),
            **value.said.as_dict(),
        }


class CoverageOut(Out):
    """Whether a valid licence covers the subject, by which licence and line, or why not."""

    covered: bool
    licence: CoverageLicence | None
    line: ScopeLineOut | None
    reasons: list[ReasonOut]
