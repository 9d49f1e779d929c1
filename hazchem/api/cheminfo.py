"""API resources: the park catalogue and its revisions (read without a token), the chemicals
information centre with safety notes, and enterprises' supervision grades with overrides."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask import Blueprint
from pydantic import AliasPath, BaseModel, BeforeValidator, Field
from spectree import Response as SpecResponse

from hazchem.api.paging import after_in_memory, decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import (
    MAX_LIMIT,
    TONNES_FROM_KG,
    Body,
    Out,
    Page,
    Query,
    TonnesIn,
    kg_in,
    tonnes_out,
)
from hazchem.api.schemas.catalogues import ChemicalOut
from hazchem.appctx import db_session, download
from hazchem.domain.park_catalogue import LineInput
from hazchem.render import sheets
from hazchem.services.chemicals import infocentre
from hazchem.services.chemicals import park_catalogue as pcs
from hazchem.services.oversight import grading, registers

bp = Blueprint("cheminfo", __name__, url_prefix="/api/v1")

ExportFormat = Literal["csv", "xlsx"]


# --- Schemas ------------------------------------------------------------------------------------


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


# --- The park catalogue -------------------------------------------------------------------------


@bp.get("/park-catalogue")
@spec.validate(
    query=VersionQuery,
    resp=SpecResponse(HTTP_200=ParkCatalogueOut, **error_responses(400, 404)),
    tags=["park catalogue"],
    security={},
)
def get_park_catalogue(query: VersionQuery) -> Any:
    """A version of the park catalogue (the latest by default); published, no token needed."""
    view = pcs.version(session=db_session(), number=query.version)
    return ParkCatalogueOut(
        park_id=view.park.id,
        version=view.number,
        latest=view.latest,
        effective_date=view.revision.effective_date if view.revision else None,
        reason=view.revision.reason if view.revision else None,
        entries=[
            ParkEntryOut(
                chemical=ChemicalOut.model_validate(e.chemical),
                flags=list(e.state.flags),
                max_holding_t=tonnes_out(e.state.max_holding_kg),
                reporting_t=tonnes_out(e.state.reporting_kg),
                since_revision=e.state.revision,
            )
            for e in view.entries
        ],
    )


@bp.get("/park-catalogue/export")
@spec.validate(
    query=VersionExportQuery,
    resp=SpecResponse("HTTP_200", **error_responses(400, 404)),
    tags=["park catalogue"],
    security={},
)
def export_park_catalogue(query: VersionExportQuery) -> Any:
    """A version of the park catalogue as CSV or XLSX; no token needed."""
    sheet = pcs.export_sheet(session=db_session(), number=query.version)
    chunks = sheets.csv_chunks(sheet) if query.format == "csv" else sheets.xlsx_chunks([sheet])
    return download(chunks, registers.export_filename("park-catalogue", query.format))


def _revision_out(view: pcs.RevisionView) -> RevisionOut:
    r = view.revision
    return RevisionOut(
        number=r.number,
        effective_date=r.effective_date,
        reason=r.reason,
        made_at=r.made_at,
        made_by=view.made_by,
        department=view.department,
        lines=[
            RevisionLineOut(
                chemical_id=line.chemical_id,
                chemical_name=chem.name,
                action=line.action,
                flags=list(line.flags),
                max_holding_t=tonnes_out(line.max_holding_kg),
                reporting_t=tonnes_out(line.reporting_kg),
            )
            for line, chem in view.lines
        ],
    )


@bp.get("/park-catalogue/revisions")
@spec.validate(
    resp=SpecResponse(HTTP_200=RevisionList, **error_responses(404)), tags=["park catalogue"], security={}
)
def list_park_catalogue_revisions() -> Any:
    """Every revision of the park catalogue, newest first; no token needed."""
    return RevisionList(items=[_revision_out(v) for v in pcs.revisions(session=db_session())])


@bp.post("/park-catalogue/revisions")
@spec.validate(
    json=RevisionIn,
    resp=SpecResponse(HTTP_201=RevisionOut, **error_responses(400, 401, 403, 409, 422)),
    tags=["park catalogue"],
)
def create_park_catalogue_revision(json: RevisionIn) -> Any:
    """Record a revision (emergency management or the administrator): adds, changes, removals, a reason."""
    session = db_session()
    lines = [
        LineInput(
            chemical_id=line.chemical_id,
            action=line.action,
            flags=tuple(line.flags),
            max_holding_kg=kg_in(line.max_holding_t, f"lines.{i}.max_holding_t"),
            reporting_kg=kg_in(line.reporting_t, f"lines.{i}.reporting_t"),
        )
        for i, line in enumerate(json.lines)
    ]
    revision = pcs.revise(
        session=session,
        actor=current_api_actor(),
        reason=json.reason,
        lines=lines,
        effective_date=json.effective_date,
    )
    view = next(
        v for v in pcs.revisions(session=session, park_id=revision.park_id) if v.revision.id == revision.id
    )
    return _revision_out(view), 201


# --- The information centre ---------------------------------------------------------------------


@bp.get("/chemicals-centre")
@spec.validate(
    query=CentreQuery,
    resp=SpecResponse(HTTP_200=CentreList, **error_responses(400, 401)),
    tags=["chemicals centre"],
)
def list_chemicals_centre(query: CentreQuery) -> Any:
    """Chemicals present in the park with identity, flags, notes and the holdings the caller may see."""
    entries = infocentre.centre(
        session=db_session(), actor=current_api_actor(), q=query.q, controlled_only=query.controlled
    )
    ordered = sorted(entries, key=lambda e: e.chemical.id)
    rows = after_in_memory(ordered, decode_cursor(query.cursor), query.limit, lambda e: e.chemical.id)
    items, next_cursor = page(rows, query.limit, CentreEntryOut.model_validate, lambda e: e.chemical.id)
    return CentreList(items=items, next_cursor=next_cursor)


@bp.get("/chemicals-centre/export")
@spec.validate(
    query=CentreExportQuery,
    resp=SpecResponse("HTTP_200", **error_responses(400, 401)),
    tags=["chemicals centre"],
)
def export_chemicals_centre(query: CentreExportQuery) -> Any:
    """The information centre as CSV or XLSX, a row per holding the caller may see."""
    sheet = infocentre.export_sheet(
        session=db_session(), actor=current_api_actor(), q=query.q, controlled_only=query.controlled
    )
    chunks = sheets.csv_chunks(sheet) if query.format == "csv" else sheets.xlsx_chunks([sheet])
    return download(chunks, registers.export_filename("chemicals-centre", query.format))


@bp.get("/chemicals-centre/<int:chemical_id>")
@spec.validate(
    resp=SpecResponse(HTTP_200=CentreEntryOut, **error_responses(401, 404)), tags=["chemicals centre"]
)
def get_chemicals_centre_entry(chemical_id: int) -> Any:
    """One catalogue entry as the information centre shows it."""
    found = infocentre.entry(session=db_session(), actor=current_api_actor(), chemical_id=chemical_id)
    return CentreEntryOut.model_validate(found)


@bp.put("/chemicals/<int:chemical_id>/safety-note")
@spec.validate(
    json=SafetyNoteIn,
    resp=SpecResponse(HTTP_200=CentreEntryOut, **error_responses(400, 401, 403, 404)),
    tags=["chemicals centre"],
)
def put_safety_note(chemical_id: int, json: SafetyNoteIn) -> Any:
    """Write an entry's protection and emergency notes with their source (emergency management, admin)."""
    session = db_session()
    actor = current_api_actor()
    infocentre.set_safety_note(session=session, actor=actor, chemical_id=chemical_id, **json.model_dump())
    return CentreEntryOut.model_validate(
        infocentre.entry(session=session, actor=actor, chemical_id=chemical_id)
    )


# --- Supervision grades -------------------------------------------------------------------------


@bp.get("/supervision-grades")
@spec.validate(
    query=GradePageQuery, resp=SpecResponse(HTTP_200=GradeList, **error_responses(400, 401)), tags=["grades"]
)
def list_supervision_grades(query: GradePageQuery) -> Any:
    """Enterprises' supervision grades with reasons and overrides (an enterprise sees its own)."""
    rows = sorted(
        grading.grades(session=db_session(), actor=current_api_actor()), key=lambda g: g.enterprise.id
    )
    rows = after_in_memory(rows, decode_cursor(query.cursor), query.limit, lambda g: g.enterprise.id)
    items, next_cursor = page(rows, query.limit, GradeOut.model_validate, lambda g: g.enterprise.id)
    return GradeList(items=items, next_cursor=next_cursor)


@bp.get("/enterprises/<int:enterprise_id>/supervision-grade")
@spec.validate(resp=SpecResponse(HTTP_200=GradeOut, **error_responses(401, 404)), tags=["grades"])
def get_supervision_grade(enterprise_id: int) -> Any:
    """One enterprise's grade, reasons, facts and the park's decisions (newest first)."""
    view = grading.enterprise_grade(
        session=db_session(), actor=current_api_actor(), enterprise_id=enterprise_id
    )
    return GradeOut.model_validate(view)


@bp.post("/enterprises/<int:enterprise_id>/grade-overrides")
@spec.validate(
    json=OverrideIn,
    resp=SpecResponse(HTTP_201=GradeOut, **error_responses(400, 401, 403, 404)),
    tags=["grades"],
)
def create_grade_override(enterprise_id: int, json: OverrideIn) -> Any:
    """Set or withdraw the park's grade for an enterprise, with a note (park committee, administrator)."""
    session = db_session()
    actor = current_api_actor()
    grading.override_grade(
        session=session, actor=actor, enterprise_id=enterprise_id, grade=json.grade, note=json.note
    )
    return GradeOut.model_validate(
        grading.enterprise_grade(session=session, actor=actor, enterprise_id=enterprise_id)
    ), 201
