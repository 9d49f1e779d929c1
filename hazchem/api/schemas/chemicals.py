"""Request and response models of the chemical-stock API (quantities in tonnes as decimal strings)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AliasPath, BaseModel, BeforeValidator, Field

from hazchem.api.schemas.base import (
    TONNES_FROM_KG,
    Body,
    Out,
    Page,
    PageQuery,
    TonnesIn,
    tonnes_out,
)
from hazchem.domain import chemicals as rules
from hazchem.domain.chemicals import MovementKind, StorageUnitKind
from hazchem.domain.vocab import PhysicalForm


def _tonnes_or_zero(value: Any) -> Any:
    # A movement's quantity and balance are never absent: no figure reads as zero.
    return (tonnes_out(value) or "0") if value is None or isinstance(value, int) else value


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


TONNES_OR_ZERO = BeforeValidator(_tonnes_or_zero)


class StorageUnitCreate(Body):
    """A new storage unit in one of the enterprise's facilities."""

    facility_id: int
    name: str = Field(min_length=1, max_length=120)
    kind: StorageUnitKind
    capacity_t: TonnesIn | None = None


class StorageUnitOut(Out):
    """A storage unit."""

    id: int
    facility_id: int
    enterprise_id: int
    name: str
    kind: str
    capacity_t: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="capacity_kg")
    active: bool


class StorageUnitQuery(PageQuery):
    """Filter storage units."""

    enterprise_id: int | None = None
    facility_id: int | None = None


class StorageUnitList(Page):
    """Storage units."""

    items: list[StorageUnitOut]


class StockLineOut(BaseModel):
    """One chemical held in a unit."""

    chemical_id: int
    chemical: str
    quantity_t: str


class UnitStockOut(BaseModel):
    """What a storage unit holds now."""

    unit: StorageUnitOut
    items: list[StockLineOut]


class MovementCreate(Body):
    """A stock movement; a receipt names its supplier, a transfer its destination, a discard its container."""

    kind: MovementKind
    unit_id: int
    chemical_id: int
    quantity_t: TonnesIn
    to_unit_id: int | None = None
    supplier: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=2000)
    waste_code: str = Field(default=rules.DEFAULT_DISCARD_WASTE_CODE, max_length=10)
    packaging: str = Field(default="", max_length=60)
    volume_l: int | None = Field(default=None, ge=1)
    form: PhysicalForm = PhysicalForm.LIQUID


class MovementOut(Out):
    """A recorded stock movement with the unit balances after it."""

    id: int
    kind: str
    enterprise_id: int
    chemical_id: int
    quantity_t: Annotated[str, TONNES_OR_ZERO] = Field(validation_alias="quantity_kg")
    unit_id: int
    to_unit_id: int | None
    balance_t: Annotated[str, TONNES_OR_ZERO] = Field(validation_alias="balance_kg")
    to_balance_t: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="to_balance_kg")
    supplier: str
    permit_line_id: int | None
    container_id: int | None
    note: str
    at: Annotated[str, BeforeValidator(_iso)]


class FacilityStatusOut(BaseModel):
    """A facility's chemical stock and GB 18218 status after the movement."""

    facility_id: int
    stock_t: str
    ratio: str
    major_hazard: bool


class MovementResultOut(BaseModel):
    """The movement, the facilities it changed and, for a discard, the new waste container."""

    movement: MovementOut
    facilities: list[FacilityStatusOut]
    container_digital_id: str | None = None
    crossings: list[dict[str, Any]] = []


class MovementQuery(PageQuery):
    """Filter the stock ledger (newest first)."""

    enterprise_id: int | None = None
    unit_id: int | None = None
    chemical_id: int | None = None


class MovementList(Page):
    """Stock movements, newest first."""

    items: list[MovementOut]


class SubstanceOut(Out):
    """One substance counted in a facility's Σq/Q."""

    chemical_id: int
    name: str
    quantity_t: Annotated[str, TONNES_OR_ZERO] = Field(validation_alias="quantity_kg")
    critical_quantity_t: Annotated[str | None, TONNES_FROM_KG] = Field(
        validation_alias="critical_quantity_kg"
    )
    ratio: str
    beta: Annotated[str | None, BeforeValidator(_text)] = Field(
        default=None, description="GB 18218 correction factor β (null: not known, counted as 1)"
    )


def _text(value: Any) -> Any:
    # Decimal figures travel as strings, like quantities.
    return None if value is None else str(value)


def _alert_ids(alerts: Any) -> Any:
    # The view carries the open alert rows; the API names them by id.
    return [a if isinstance(a, int) else a.id for a in alerts]


class MajorHazardOut(Out):
    """A facility's Σq/Q with its contributing substances and open alert ids."""

    facility_id: int = Field(validation_alias=AliasPath("facility", "id"))
    facility: str = Field(validation_alias=AliasPath("facility", "name"))
    enterprise_id: int = Field(validation_alias=AliasPath("enterprise", "id"))
    enterprise: str = Field(validation_alias=AliasPath("enterprise", "name"))
    ratio: str
    major_hazard: bool = Field(validation_alias=AliasPath("hazard", "major_hazard"))
    substances: list[SubstanceOut]
    open_alert_ids: Annotated[list[int], BeforeValidator(_alert_ids)] = Field(validation_alias="alerts")
    exposed_people: int | None = Field(description="people outside the plant within 500 m who may be exposed")
    r: Annotated[str | None, BeforeValidator(_text)] = Field(
        default=None,
        validation_alias=AliasPath("rating", "r_text"),
        description="R = α·Σ(β·q/Q); null until the exposed population is entered",
    )
    grade: str | None = Field(
        default=None, validation_alias=AliasPath("rating", "grade"), description="一级 … 四级 by R"
    )
    alpha: Annotated[str | None, BeforeValidator(_text)] = Field(
        default=None, validation_alias=AliasPath("rating", "alpha")
    )
    assumed_beta: list[str] = Field(
        default_factory=list,
        validation_alias=AliasPath("rating", "assumed_beta"),
        description="substances whose β is not known and was counted as 1",
    )


class UnknownQuantityOut(Out):
    """A chemical held with no critical quantity: no Σq/Q counts it until one is entered."""

    chemical_id: int = Field(validation_alias=AliasPath("chemical", "id"))
    chemical: str = Field(validation_alias=AliasPath("chemical", "name"))
    facility_id: int = Field(validation_alias=AliasPath("facility", "id"))
    facility: str = Field(validation_alias=AliasPath("facility", "name"))
    enterprise_id: int = Field(validation_alias=AliasPath("enterprise", "id"))
    quantity_t: Annotated[str, TONNES_OR_ZERO] = Field(validation_alias="quantity_kg")


class CriticalQuantityIn(Body):
    """A critical quantity entered or corrected by emergency management, with its source."""

    critical_quantity_t: TonnesIn | None = Field(description="Q in tonnes; null clears it")
    source: str = Field(min_length=1, max_length=300, description="where the value comes from")
    categories: str | None = Field(
        default=None,
        max_length=200,
        description='GB 18218 hazard category codes, e.g. "J1 W2" (null: unchanged)',
    )


class CriticalQuantityOut(Out):
    """A catalogue entry's critical quantity, its source and its hazard categories."""

    chemical_id: int = Field(validation_alias="id")
    name: str
    critical_quantity_t: Annotated[str | None, TONNES_FROM_KG] = Field(
        validation_alias="critical_quantity_kg"
    )
    source: str = Field(validation_alias="critical_quantity_source")
    categories: str = Field(validation_alias="ghs_categories")


class ExposedPeopleIn(Body):
    """People outside the plant within 500 m who may be exposed (GB 18218 α)."""

    people: int | None = Field(ge=0, le=10_000_000, description="null clears it")


class ExposedPeopleOut(Out):
    """A facility's exposed population as entered."""

    facility_id: int = Field(validation_alias="id")
    exposed_people: int | None


class MajorHazardQuery(BaseModel):
    """Only major hazard installations, or every facility holding listed substances."""

    only_major: bool = False


class MajorHazardList(BaseModel):
    """Facilities by Σq/Q, largest first, and the chemicals held whose critical quantity is not known."""

    items: list[MajorHazardOut]
    unknown_quantities: list[UnknownQuantityOut] = Field(default_factory=list)


class HoldingOut(BaseModel):
    """An enterprise's stock of a 剧毒 or 易制爆 chemical."""

    enterprise_id: int
    enterprise: str
    chemical_id: int
    chemical: str
    highly_toxic: bool
    explosive_precursor: bool
    quantity_t: str


class HoldingList(BaseModel):
    """Controlled holdings."""

    items: list[HoldingOut]
