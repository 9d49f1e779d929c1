"""API models of facilities and the chemicals they hold."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from hazchem.api.schemas.base import (
    TONNES_FROM_KG,
    Body,
    Out,
    Page,
    PageQuery,
    TonnesIn,
)
from hazchem.domain.vocab import FacilityKind

# --- Facilities --------------------------------------------------------------------------------


class FacilityOut(Out):
    """A facility with capacities in explicit units."""

    id: int
    enterprise_id: int
    name: str
    kind: str
    location: str
    storage_capacity_t: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="storage_capacity_kg")
    annual_capacity_tpa: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="annual_capacity_kg")
    daily_capacity_tpd: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="daily_capacity_kg")
    intake_rate_tpd: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="intake_rate_kg_per_day")


class FacilityList(Page):
    """Facilities."""

    items: list[FacilityOut]


class FacilityQuery(PageQuery):
    """Filter facilities."""

    enterprise_id: int | None = None
    kind: FacilityKind | None = None


class FacilityCreate(Body):
    """A new facility; at least one capacity (it receives waste with a storage capacity or an intake rate)."""

    enterprise_id: int
    name: str = Field(min_length=1, max_length=200)
    kind: FacilityKind
    location: str = Field(default="", max_length=300)
    storage_capacity_t: TonnesIn | None = None
    annual_capacity_tpa: TonnesIn | None = None
    daily_capacity_tpd: TonnesIn | None = None
    intake_rate_tpd: TonnesIn | None = Field(
        default=None, description="direct-feed intake (t/d) of a facility that receives without storing"
    )


class FacilityChemicalIn(Body):
    """A catalogue entry the facility holds, up to a maximum quantity."""

    chemical_id: int
    max_quantity_t: TonnesIn | None = None


class FacilityChemicalOut(Out):
    """A catalogue entry held by a facility."""

    id: int
    facility_id: int
    chemical_id: int
    max_quantity_t: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="max_quantity_kg")


class FacilityDetail(FacilityOut):
    """A facility with the catalogue entries it is declared to hold."""

    chemicals: list[FacilityChemicalOut]
