"""API models of the national lists: chemicals, waste codes and categories, treatment methods."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AliasPath, BaseModel, Field

from hazchem.api.schemas.base import (
    AS_LIST,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    TONNES_FROM_KG,
    Body,
    Out,
    Page,
    Query,
)
from hazchem.api.schemas.facilities import FacilityOut
from hazchem.api.schemas.licences import LicenceOut
from hazchem.domain.vocab import AmendmentKind

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


# --- Amendments --------------------------------------------------------------------------------


class ListedOnQuery(Query):
    """The day the catalogue is read as amended on (default: today)."""

    on: date | None = None
    edition: str = Field(default="2015", max_length=20)


class ListedEntryOut(Out):
    """An entry as the catalogue, amended by the notices in force that day, listed it."""

    chemical_id: int = Field(validation_alias=AliasPath("chemical", "id"))
    serial: int = Field(validation_alias=AliasPath("chemical", "serial"))
    name: str = Field(description="the name on that day")
    base_name: str = Field(
        validation_alias=AliasPath("chemical", "name"), description="the name as first published"
    )
    amended_by: str | None = Field(description="the last notice in force that changed or added it")


class ListedEntryList(BaseModel):
    """The entries under a serial on a day."""

    on: date
    items: list[ListedEntryOut]


class AmendmentIn(Body):
    """A notice's change to one entry: a new name (change), a new entry (add) or its removal (remove)."""

    notice: str = Field(min_length=1, max_length=80, description="e.g. 2022年第8号")
    effective_date: date
    kind: AmendmentKind
    source: str = Field(min_length=1, max_length=2000)
    chemical_id: int | None = Field(default=None, ge=1, description="the entry changed or removed")
    serial: int | None = Field(default=None, ge=1, le=99_999, description="the new entry's serial (add)")
    name: str = Field(
        default="", max_length=300, description="the new name (change) or new entry's name (add)"
    )
    cas_numbers: list[str] = Field(default_factory=list, max_length=10)
    note: str = Field(default="", max_length=2000)
    edition: str = Field(default="2015", max_length=20)


class AmendmentOut(Out):
    """A recorded amendment."""

    id: int
    edition: str
    notice: str
    effective_date: date
    kind: str
    chemical_id: int
    before_name: str
    after_name: str
    source: str
    note: str


class AmendmentList(BaseModel):
    """An edition's amendments, by effective date."""

    items: list[AmendmentOut]
