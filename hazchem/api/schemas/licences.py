"""API models of licences and their status changes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from hazchem.api.schemas.base import (
    Body,
    Page,
    PageQuery,
    Query,
    TonnesIn,
)
from hazchem.api.schemas.registry import ScopeLineOut
from hazchem.domain.lifecycle import LicenceStatus
from hazchem.domain.vocab import WasteMode

# --- Licences ----------------------------------------------------------------------------------


class Ref(BaseModel):
    """A short reference to a related record."""

    id: int
    name: str


class EnterpriseRef(Ref):
    """A short reference to an enterprise."""

    uscc: str


class LicenceTypeRef(Ref):
    """A short reference to a licence type."""

    code: str


class LicenceOut(BaseModel):
    """A licence with its holder, type, issuer, scope lines and standing today."""

    id: int
    number: str
    holder: EnterpriseRef
    licence_type: LicenceTypeRef
    issuer: Ref | None
    valid_from: date
    valid_to: date
    status: str = Field(description="recorded status")
    standing: str = Field(description="status that holds today (a valid licence past valid_to is expired)")
    note: str
    lines: list[ScopeLineOut]

    @classmethod
    def of(cls, view: Any, today: date) -> LicenceOut:
        """Render a registry LicenceView."""
        lic, lt, holder, issuer = view.licence, view.licence_type, view.holder, view.issuer
        return cls(
            id=lic.id,
            number=lic.number,
            holder=EnterpriseRef(id=holder.id, name=holder.name, uscc=holder.uscc),
            licence_type=LicenceTypeRef(id=lt.id, name=lt.name, code=lt.code),
            issuer=None if issuer is None else Ref(id=issuer.id, name=issuer.name),
            valid_from=lic.valid_from,
            valid_to=lic.valid_to,
            status=lic.status,
            standing=view.standing(today),
            note=lic.note,
            lines=[ScopeLineOut.model_validate(line) for line in view.lines],
        )


class LicenceList(Page):
    """Licences."""

    items: list[LicenceOut]


class LicenceQuery(PageQuery):
    """Filter licences."""

    enterprise_id: int | None = None
    licence_type_id: int | None = None
    status: LicenceStatus | None = None


class ExpiringQuery(Query):
    """Licences ending within a number of days of a date."""

    within_days: int = Field(default=60, ge=0, le=3650)
    on: date | None = Field(default=None, description="YYYY-MM-DD; today when omitted")


class ScopeLineIn(Body):
    """A scope line as submitted; quantities in tonnes; a chemical by catalogue id or CAS number."""

    kind: Literal["waste", "chemical", "transport"]
    waste_category: str | None = Field(default=None, max_length=4)
    waste_code: str | None = Field(default=None, max_length=10)
    modes: list[WasteMode] = Field(default=[])
    method_codes: list[str] = Field(default=[])
    annual_scale_tpa: TonnesIn | None = None
    chemical_id: int | None = None
    cas: str | None = Field(default=None, max_length=12, description="CAS number, instead of chemical_id")
    max_quantity_t: TonnesIn | None = None
    dg_class: str | None = Field(default=None, max_length=10)


class LicenceCreate(Body):
    """A licence to record, with its scope lines."""

    enterprise_id: int
    licence_type_id: int
    number: str = Field(min_length=1, max_length=80)
    valid_from: date
    valid_to: date | None = Field(default=None, description="defaults from the type's validity years")
    issuer_department_id: int | None = None
    status: LicenceStatus = "valid"
    note: str = ""
    lines: list[ScopeLineIn] = Field(default=[], max_length=200)


class LicenceStatusChange(Body):
    """A new status and why."""

    status: LicenceStatus
    reason: str = Field(min_length=1, max_length=500)
