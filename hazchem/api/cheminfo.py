"""API resources: the park catalogue and its revisions (read without a token), the chemicals
information centre with safety notes, and enterprises' supervision grades with overrides."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response as SpecResponse

from hazchem.api.paging import after_in_memory, decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import (
    kg_in,
    tonnes_out,
)
from hazchem.api.schemas.catalogues import ChemicalOut
from hazchem.api.schemas.cheminfo import (
    CentreEntryOut,
    CentreExportQuery,
    CentreList,
    CentreQuery,
    GradeList,
    GradeOut,
    GradePageQuery,
    OverrideIn,
    ParkCatalogueOut,
    ParkEntryOut,
    RevisionIn,
    RevisionLineOut,
    RevisionList,
    RevisionOut,
    SafetyNoteIn,
    VersionExportQuery,
    VersionQuery,
)
from hazchem.appctx import db_session, download
from hazchem.domain.park_catalogue import LineInput
from hazchem.render import sheets
from hazchem.services.chemicals import infocentre
from hazchem.services.chemicals import park_catalogue as pcs
from hazchem.services.oversight import grading, registers

bp = Blueprint("cheminfo", __name__, url_prefix="/api/v1")


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
