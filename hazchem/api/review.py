"""API resources: regulators' review notes and correction requests on manifests, and the parties' answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.review import (
    AnswerIn,
    CorrectionIn,
    CorrectionList,
    CorrectionOut,
    NoteIn,
    NoteList,
    NoteOut,
    SettleIn,
)
from hazchem.appctx import db_session
from hazchem.services.oversight import review

bp = Blueprint("review", __name__, url_prefix="/api/v1")

WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


@bp.get("/manifests/<int:manifest_id>/notes")
@spec.validate(resp=Response(HTTP_200=NoteList, **error_responses(401, 403, 404)), tags=["review"])
def list_notes(manifest_id: int) -> Any:
    """A manifest's review notes (regulators overseeing manifests and administrators)."""
    rows = review.list_notes(session=db_session(), actor=current_api_actor(), manifest_id=manifest_id)
    return NoteList(items=[NoteOut.model_validate(n) for n in rows])


@bp.post("/manifests/<int:manifest_id>/notes")
@spec.validate(json=NoteIn, resp=Response(HTTP_201=NoteOut, **WRITE_ERRORS), tags=["review"])
def add_note(manifest_id: int, json: NoteIn) -> Any:
    """Attach a review note to a manifest."""
    note = review.add_note(
        session=db_session(), actor=current_api_actor(), manifest_id=manifest_id, text=json.text
    )
    return NoteOut.model_validate(note), 201


@bp.get("/manifests/<int:manifest_id>/corrections")
@spec.validate(resp=Response(HTTP_200=CorrectionList, **error_responses(401, 403, 404)), tags=["review"])
def list_corrections(manifest_id: int) -> Any:
    """A manifest's correction requests with their answers (anyone who may see the manifest)."""
    rows = review.list_corrections(session=db_session(), actor=current_api_actor(), manifest_id=manifest_id)
    return CorrectionList(items=[CorrectionOut.model_validate(v) for v in rows])


@bp.post("/manifests/<int:manifest_id>/corrections")
@spec.validate(json=CorrectionIn, resp=Response(HTTP_201=CorrectionOut, **WRITE_ERRORS), tags=["review"])
def open_correction(manifest_id: int, json: CorrectionIn) -> Any:
    """Ask the party of a section to correct it; it answers with a revision or a reply."""
    session, actor = db_session(), current_api_actor()
    request = review.open_correction(
        session=session, actor=actor, manifest_id=manifest_id, section=json.section, text=json.text
    )
    return CorrectionOut.model_validate(
        review.get_correction(session=session, actor=actor, request_id=request.id)
    ), 201


@bp.get("/corrections/open")
@spec.validate(resp=Response(HTTP_200=CorrectionList, **error_responses(401)), tags=["review"])
def my_open_corrections() -> Any:
    """Open correction requests the caller's enterprise must answer."""
    rows = review.open_for_me(session=db_session(), actor=current_api_actor())
    return CorrectionList(items=[CorrectionOut.model_validate(v) for v in rows])


def _shown(request_id: int) -> CorrectionOut:
    view = review.get_correction(session=db_session(), actor=current_api_actor(), request_id=request_id)
    return CorrectionOut.model_validate(view)


@bp.post("/corrections/<int:request_id>/answer")
@spec.validate(json=AnswerIn, resp=Response(HTTP_200=CorrectionOut, **WRITE_ERRORS), tags=["review"])
def answer_correction(request_id: int, json: AnswerIn) -> Any:
    """Answer a request addressed to the caller's section, once: a revision or a reply."""
    review.answer_correction(
        session=db_session(),
        actor=current_api_actor(),
        request_id=request_id,
        reply=json.reply,
        field_name=json.field or None,
        new_value=json.value,
    )
    return _shown(request_id)


@bp.post("/corrections/<int:request_id>/close")
@spec.validate(json=SettleIn, resp=Response(HTTP_200=CorrectionOut, **WRITE_ERRORS), tags=["review"])
def close_correction(request_id: int, json: SettleIn) -> Any:
    """Close an answered request (the regulator accepts the answer)."""
    review.close_correction(
        session=db_session(), actor=current_api_actor(), request_id=request_id, note=json.note
    )
    return _shown(request_id)


@bp.post("/corrections/<int:request_id>/withdraw")
@spec.validate(json=SettleIn, resp=Response(HTTP_200=CorrectionOut, **WRITE_ERRORS), tags=["review"])
def withdraw_correction(request_id: int, json: SettleIn) -> Any:
    """Withdraw a request that is still open."""
    review.withdraw_correction(
        session=db_session(), actor=current_api_actor(), request_id=request_id, note=json.note
    )
    return _shown(request_id)
