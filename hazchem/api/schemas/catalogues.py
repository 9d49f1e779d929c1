"""API models of the national lists: chemicals, waste codes and categories, treatment methods."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from hazchem.api.schemas.base import (
    AS_LIST,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    TONNES_FROM_KG,
    Out,
    Page,
    Query,
)
from hazchem.api.schemas.facilities import FacilityOut
from hazchem.api.schemas.licences import LicenceOut

# --- Catalogues ---------------------------------------------------------------------------------


class ChemicalSearchQuery(Query):
    """Search the hazardous-chemicals catalogue."""

    q: str = Field(min_length=1, max_length=100, description="name, alias, English name or CAS number")
    edition: str | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ChemicalOut(Out):
    """A catalogue entry (危险化学品目录)."""

    id: int
    edition: str
    serial: int
    name: str
    name_en: str
    aliases: Annotated[list[str], AS_LIST]
    cas_numbers: Annotated[list[str], AS_LIST]
    remarks: str
    highly_toxic: bool
    explosive_precursor: bool
    drug_precursor_class: str | None
    key_supervised: bool
    un_number: str | None
    ghs_categories: str
    critical_quantity_t: Annotated[str | None, TONNES_FROM_KG] = Field(
        validation_alias="critical_quantity_kg"
    )


class ChemicalList(Page):
    """Chemical search results, best first."""

    items: list[ChemicalOut]


class WasteCodeQuery(Query):
    """Search the National Hazardous Waste List."""

    q: str = Field(default="", max_length=100)
    edition: str | None = None
    category: str | None = Field(default=None, description="HWxx")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class WasteCodeOut(Out):
    """A waste code (xxx-xxx-xx) of one edition."""

    id: int
    edition: str
    code: str
    category: str
    industry: str
    description: str
    characteristics: Annotated[list[str], AS_LIST]


class WasteCodeList(Page):
    """Waste codes."""

    items: list[WasteCodeOut]


class WasteCategoryOut(Out):
    """A category (HWxx) of one edition."""

    id: int
    edition: str
    number: str
    name: str
    name_en: str


class WasteCategoryList(Page):
    """Waste categories."""

    items: list[WasteCategoryOut]


class EditionQuery(Query):
    """Restrict to one edition."""

    edition: str | None = None


class TreatmentMethodOut(Out):
    """A utilisation / disposal method code (R, D or C)."""

    id: int
    code: str
    kind: str
    name: str
    name_en: str


class TreatmentMethodList(Page):
    """Treatment method codes."""

    items: list[TreatmentMethodOut]


class CatalogueEditionOut(Out):
    """An edition of a national list and when it applies."""

    id: int
    list_name: str
    edition: str
    title: str
    effective_date: date | None
    source: str


class CatalogueEditionList(Page):
    """Catalogue editions."""

    items: list[CatalogueEditionOut]


# --- Chemical and waste-code detail (they embed licences and facilities) -----------------------


class ChemicalDetail(ChemicalOut):
    """A catalogue entry with the licences and facilities (visible to the caller) that refer to it."""

    licences: list[LicenceOut]
    facilities: list[FacilityOut]


class WasteCodeDetail(WasteCodeOut):
    """A waste code with its category and the licences (visible to the caller) covering it."""

    waste_category: WasteCategoryOut | None = Field(description="the HW category entry of the code's edition")
    licences: list[LicenceOut]
