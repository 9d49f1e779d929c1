"""API models of licences and their status changes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AliasPath, Field, ValidationInfo, field_validator

from hazchem.api.schemas.base import (
    Body,
    Out,
    Page,
    PageQuery,
    Query,
    TonnesIn,
)
from hazchem.api.schemas.registry import ScopeLineOut
from hazchem.domain.lifecycle import LicenceStatus, effective_licence_status
from hazchem.domain.vocab import WasteMode

# --- Licences ----------------------------------------------------------------------------------


class Ref(Out):
    """A short reference to a related record."""

    id: int
    name: str


class EnterpriseRef(Ref):
    """A short reference to an enterprise."""

    uscc: str


class LicenceTypeRef(Ref):
    """A short reference to a licence type."""

    code: str


class LicenceOut(Out):
    """A licence with its holder, type, issuer, scope lines and standing on a day.

    Built with `LicenceOut.model_validate(view, context={"on": day})`: the standing is judged on that day.
    """

    id: int = Field(validation_alias=AliasPath("licence", "id"))
    number: str = Field(validation_alias=AliasPath("licence", "number"))
    holder: EnterpriseRef
    licence_type: LicenceTypeRef
    issuer: Ref | None
    valid_from: date = Field(validation_alias=AliasPath("licence", "valid_from"))
    valid_to: date = Field(validation_alias=AliasPath("licence", "valid_to"))
    status: str = Field(validation_alias=AliasPath("licence", "status"), description="recorded status")
    standing: str = Field(
        validation_alias="licence",
        description="status that holds today (a valid licence past valid_to is expired)",
    )
    note: str = Field(validation_alias=AliasPath("licence", "note"))
    lines: list[ScopeLineOut]

    @field_validator("standing", mode="before")
    @classmethod
    def _standing_on(cls, licence: Any, info: ValidationInfo) -> Any:
        if isinstance(licence, str):
            return licence
        on = info.context["on"]
        return effective_licence_status(licence.status, licence.valid_from, licence.valid_to, on).value


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
