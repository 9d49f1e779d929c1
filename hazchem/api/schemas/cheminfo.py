"""API models of cheminfo (requests and responses)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AliasPath, BaseModel, BeforeValidator, Field

from hazchem.api.schemas.base import (
    MAX_LIMIT,
    TONNES_FROM_KG,
    Body,
    Out,
    Page,
    Query,
    TonnesIn,
)
from hazchem.api.schemas.catalogues import ChemicalOut

ExportFormat = Literal["csv", "xlsx"]


class VersionQuery(Query):
    """Which version of the park catalogue (the latest when absent)."""

    version: int | None = Field(default=None, ge=0)


class VersionExportQuery(VersionQuery):
    """A version and a file format."""

    format: ExportFormat = "csv"


class ParkEntryOut(BaseModel):
    """An entry of a park catalogue version: the national entry, the park's flags and thresholds."""

    chemical: ChemicalOut
    flags: list[str]
    max_holding_t: str | None
    reporting_t: str | None
    since_revision: int


class ParkCatalogueOut(BaseModel):
    """A version of the park catalogue."""

    park_id: int
    version: int
    latest: int
    effective_date: date | None
    reason: str | None
    entries: list[ParkEntryOut]


class RevisionLineIn(Body):
    """One change: add or change (with the entry's new flags and thresholds) or remove an entry."""

    chemical_id: int
    action: Literal["add", "change", "remove"]
    flags: list[str] = Field(
        default_factory=list, description="prohibited, restricted, controlled, key_supervised"
    )
    max_holding_t: TonnesIn | None = None
    reporting_t: TonnesIn | None = None


class RevisionIn(Body):
    """A revision of the park catalogue: its reason, effective date and lines."""

    reason: str = Field(max_length=2000)
    effective_date: date | None = None
    lines: list[RevisionLineIn] = Field(max_length=1000)


class RevisionLineOut(BaseModel):
    """A line of a revision."""

    chemical_id: int
    chemical_name: str
    action: str
    flags: list[str]
    max_holding_t: str | None
    reporting_t: str | None


class RevisionOut(BaseModel):
    """A revision of the park catalogue with who made it and what it changed."""

    number: int
    effective_date: date
    reason: str
    made_at: datetime
    made_by: str
    department: str
    lines: list[RevisionLineOut]


class RevisionList(BaseModel):
    """Revisions, newest first."""

    items: list[RevisionOut]


class CentreQuery(Query):
    """Filters of the information centre, and its paging (by chemical id)."""

    q: str = Field(default="", max_length=100)
    controlled: bool = False
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class CentreExportQuery(Query):
    """Filters and a file format."""

    q: str = Field(default="", max_length=100)
    controlled: bool = False
    format: ExportFormat = "csv"


class SafetyNoteIn(Body):
    """Protection and emergency-handling notes and the source they come from."""

    protection: str = Field(default="", max_length=20_000)
    emergency: str = Field(default="", max_length=20_000)
    source: str = Field(max_length=1_000)


class SafetyNoteOut(Out):
    """Notes on a catalogue entry."""

    protection: str
    emergency: str
    source: str
    updated_at: datetime
    updated_by: str


class HoldingOut(Out):
    """Stock in one storage unit."""

    enterprise_id: int
    enterprise: str
    facility_id: int
    facility: str
    location: str
    storage_unit: str = Field(validation_alias="unit")
    quantity_t: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="quantity_kg")


class CentreEntryOut(Out):
    """A chemical present in the park with the holdings the caller may see."""

    chemical: ChemicalOut
    in_park_catalogue: Annotated[bool, BeforeValidator(lambda state: state is not None)] = Field(
        validation_alias="park_state"
    )
    park_flags: Annotated[list[str], BeforeValidator(lambda state: list(state.flags) if state else [])] = (
        Field(validation_alias="park_state")
    )
    safety_note: SafetyNoteOut | None
    holdings: list[HoldingOut]
    total_t: Annotated[str | None, TONNES_FROM_KG] = Field(validation_alias="total_kg")


class CentreList(Page):
    """Chemicals present in the park, by catalogue id."""

    items: list[CentreEntryOut]


class ReasonOut(Out):
    """A grading rule that holds, with the value that made it hold."""

    rule: str = Field(validation_alias=AliasPath("rule", "id"))
    fact: str = Field(validation_alias=AliasPath("rule", "fact"))
    value: int
    threshold: int = Field(validation_alias=AliasPath("rule", "threshold"))
    comparison: str = Field(validation_alias=AliasPath("rule", "comparison"))
    grade: str = Field(validation_alias=AliasPath("rule", "grade"))
    reason: str = Field(validation_alias=AliasPath("rule", "reason"))


class OverrideOut(Out):
    """A park decision on a grade (an empty grade withdraws the override)."""

    grade: str
    note: str
    made_at: datetime
    # The row holds the user's id; only the name the service pairs a past decision with is shown.
    made_by: Annotated[str | None, BeforeValidator(lambda who: who if isinstance(who, str) else None)] = None


def _named_overrides(pairs: Any) -> Any:
    # The service pairs each past decision with the name of who made it.
    return [OverrideOut.model_validate(row).model_copy(update={"made_by": who}) for row, who in pairs]


class GradeOut(Out):
    """An enterprise's supervision grade: the one that applies, the computed one, reasons and facts."""

    enterprise_id: int = Field(validation_alias=AliasPath("enterprise", "id"))
    enterprise: str = Field(validation_alias=AliasPath("enterprise", "name"))
    grade: str = Field(validation_alias="effective")
    computed_grade: str = Field(validation_alias=AliasPath("assessment", "grade"))
    reasons: list[ReasonOut] = Field(validation_alias=AliasPath("assessment", "reasons"))
    facts: dict[str, int]
    override: OverrideOut | None
    history: Annotated[list[OverrideOut], BeforeValidator(_named_overrides)] = Field(default_factory=list)


class GradePageQuery(Query):
    """Paging of the grades list (by enterprise id)."""

    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class GradeList(Page):
    """Enterprises' grades, by enterprise id."""

    items: list[GradeOut]


class OverrideIn(Body):
    """A park decision: a configured grade, or empty to withdraw the override, with a note."""

    grade: str = Field(default="", max_length=20)
    note: str = Field(max_length=2000)
