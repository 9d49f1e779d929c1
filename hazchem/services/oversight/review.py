"""Regulators' review of a manifest: review notes, and correction requests the responsible party answers.

Regulators never sign a section; they write on the record beside it. A correction request names the
section and its party; that party's own staff answer it with a revision of the section or a written
reply, and the regulator closes or withdraws it. Nothing is deleted; every step is an audit event."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from hazchem.domain.errors import Forbidden, InvalidInput, Message, NotFound, RuleViolation
from hazchem.domain.lifecycle import (
    REVISABLE_SECTION_FIELDS,
    SECTION_SIGNER,
    AnswerKind,
    CorrectionAction,
    CorrectionStatus,
    Section,
    correction_is_open,
    correction_section,
    next_correction_status,
)
from hazchem.domain.oversight import Area
from hazchem.models import CorrectionRequest, Manifest, ReviewNote, TransportLeg, User
from hazchem.services.oversight import messages as m
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, can_oversee, custody_scope, require_oversight
from hazchem.services.platform.uow import use_case
from hazchem.services.waste.manifests import apply_revision, get_manifest, lock_manifest, require_party

MAX_TEXT = 4000


def _text(value: str | None, field: str, what: Message) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(m.REVIEW_NEEDS_TEXT, details=[{"field": field}], what=what)
    if len(text) > MAX_TEXT:
        raise InvalidInput(m.REVIEW_TEXT_TOO_LONG, details=[{"field": field}], what=what, max=MAX_TEXT)
    return text


def _require_reviewer(actor: Actor) -> None:
    """Review notes and correction requests come from administrators and regulators overseeing manifests."""
    if not (actor.is_admin or actor.is_regulator):
        raise Forbidden(m.REVIEW_FORBIDDEN)
    require_oversight(actor, Area.WASTE_MANIFESTS)


def can_review(actor: Actor) -> bool:
    """Tell whether the actor may write review notes and correction requests."""
    return (actor.is_admin or actor.is_regulator) and can_oversee(actor, Area.WASTE_MANIFESTS)


# --- Review notes ---------------------------------------------------------------------------------


@use_case("manifest.review_note")
def add_note(*, session: Session, actor: Actor, manifest_id: int, text: str) -> ReviewNote:
    """Attach a regulator's review note to a manifest."""
    _require_reviewer(actor)
    body = _text(text, "text", m.REVIEW_A_NOTE)
    manifest = get_manifest(session=session, actor=actor, manifest_id=manifest_id)
    note = ReviewNote(
        manifest_id=manifest.id,
        text=body,
        author_id=actor.user_id,
        department_id=actor.department_id,
        at=clock.now(),
    )
    session.add(note)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="manifest.review_note",
        entity="manifest",
        entity_id=manifest.number,
        after={"note_id": note.id, "text": body},
    )
    return note


def list_notes(*, session: Session, actor: Actor, manifest_id: int) -> list[ReviewNote]:
    """A manifest's review notes, oldest first (regulators overseeing manifests and administrators)."""
    _require_reviewer(actor)
    get_manifest(session=session, actor=actor, manifest_id=manifest_id)
    return list(
        session.exec(
            select(ReviewNote).where(ReviewNote.manifest_id == manifest_id).order_by(col(ReviewNote.id))
        )
    )


# --- Correction requests --------------------------------------------------------------------------


def _section_party(session: Session, manifest: Manifest, section: Section) -> int:
    """The enterprise answering for a section: generator, the first leg's carrier, or receiver."""
    if section is Section.GENERATOR:
        return manifest.generator_id
    if section is Section.RECEIVER:
        return manifest.receiver_id
    leg = session.exec(
        select(TransportLeg).where(TransportLeg.manifest_id == manifest.id).order_by(TransportLeg.seq)
    ).first()
    return leg.carrier_id


@use_case("correction.open")
def open_correction(
    *, session: Session, actor: Actor, manifest_id: int, section: str, text: str
) -> CorrectionRequest:
    """Ask the party of a manifest section to correct it (answered by a revision or a reply)."""
    _require_reviewer(actor)
    addressed = correction_section(section)
    body = _text(text, "text", m.REVIEW_A_REQUEST)
    manifest = get_manifest(session=session, actor=actor, manifest_id=manifest_id)
    request = CorrectionRequest(
        manifest_id=manifest.id,
        section=addressed.value,
        enterprise_id=_section_party(session, manifest, addressed),
        text=body,
        status=CorrectionStatus.OPEN.value,
        opened_by=actor.user_id,
        department_id=actor.department_id,
        opened_at=clock.now(),
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="correction.open",
        entity="manifest",
        entity_id=manifest.number,
        after={"request_id": request.id, "section": addressed.value, "text": body},
    )
    return request


def _lock_request(session: Session, request_id: int) -> CorrectionRequest:
    request = session.exec(
        select(CorrectionRequest).where(CorrectionRequest.id == request_id).with_for_update()
    ).first()
    if request is None:
        raise NotFound(m.REVIEW_REQUEST_NOT_FOUND, request_id=request_id)
    return request


@use_case("correction.answer", "manifest.revise")
def answer_correction(
    *,
    session: Session,
    actor: Actor,
    request_id: int,
    reply: str = "",
    field_name: str | None = None,
    new_value: str = "",
) -> CorrectionRequest:
    """The addressed party answers once: with a revision of its section (reply = the reason) or a reply."""
    body = _text(reply, "reply", m.REVIEW_AN_ANSWER)
    request = _lock_request(session, request_id)
    manifest = lock_manifest(session, actor, request.manifest_id)
    if actor.is_admin or actor.is_regulator:
        raise Forbidden(m.REVIEW_PARTY_ANSWERS)
    section = Section(request.section)
    require_party(session, actor, manifest, SECTION_SIGNER[section])
    before = {"status": request.status}
    request.status = next_correction_status(request.status, CorrectionAction.ANSWER).value
    if field_name:
        if REVISABLE_SECTION_FIELDS.get(field_name) is not section:
            fields = [f for f, s in REVISABLE_SECTION_FIELDS.items() if s is section]
            raise RuleViolation(
                "correction.revision_section",
                m.REVIEW_REVISE_FIELDS(section=section.value, fields=", ".join(fields))
                if fields
                else m.REVIEW_REVISE_NOTHING(section=section.value),
                details=[{"field": field_name, "section": section.value}],
            )
        revision = apply_revision(session, actor, manifest, field_name, new_value, body)
        request.answer_kind, request.revision_id = AnswerKind.REVISION.value, revision.id
    else:
        request.answer_kind = AnswerKind.REPLY.value
    request.answer_text, request.answered_by, request.answered_at = body, actor.user_id, clock.now()
    session.add(request)
    audit.record(
        session,
        actor=actor,
        action="correction.answer",
        entity="manifest",
        entity_id=manifest.number,
        before=before,
        after={
            "request_id": request.id,
            "status": request.status,
            "answer_kind": request.answer_kind,
            "revision_id": request.revision_id,
            "text": body,
        },
    )
    return request


def _settle(
    session: Session, actor: Actor, request_id: int, action: CorrectionAction, note: str
) -> CorrectionRequest:
    _require_reviewer(actor)
    request = _lock_request(session, request_id)
    manifest = get_manifest(session=session, actor=actor, manifest_id=request.manifest_id)
    before = {"status": request.status}
    request.status = next_correction_status(request.status, action).value
    request.closed_by, request.closed_at = actor.user_id, clock.now()
    request.close_note = (note or "").strip()
    session.add(request)
    audit.record(
        session,
        actor=actor,
        action=f"correction.{action.value}",
        entity="manifest",
        entity_id=manifest.number,
        before=before,
        after={"request_id": request.id, "status": request.status, "note": request.close_note},
    )
    return request


@use_case("correction.close")
def close_correction(*, session: Session, actor: Actor, request_id: int, note: str = "") -> CorrectionRequest:
    """The regulator accepts an answered request and closes it."""
    return _settle(session, actor, request_id, CorrectionAction.CLOSE, note)


@use_case("correction.withdraw")
def withdraw_correction(
    *, session: Session, actor: Actor, request_id: int, note: str = ""
) -> CorrectionRequest:
    """The regulator withdraws a request that is still open."""
    return _settle(session, actor, request_id, CorrectionAction.WITHDRAW, note)


@dataclass(frozen=True)
class CorrectionView:
    """A correction request with who opened and who answered it."""

    request: CorrectionRequest
    opened_by: str
    answered_by: str
    manifest_number: str

    @property
    def is_open(self) -> bool:
        """Whether the party still has to answer."""
        return correction_is_open(self.request.status)


def _views(session: Session, rows: list[CorrectionRequest]) -> list[CorrectionView]:
    user_ids = {r.opened_by for r in rows} | {r.answered_by for r in rows if r.answered_by}
    names = (
        {
            u.id: u.display_name or u.username
            for u in session.exec(select(User).where(col(User.id).in_(user_ids)))
        }
        if user_ids
        else {}
    )
    manifest_ids = {r.manifest_id for r in rows}
    numbers = (
        dict(
            session.exec(select(Manifest.id, Manifest.number).where(col(Manifest.id).in_(manifest_ids))).all()
        )
        if manifest_ids
        else {}
    )
    return [
        CorrectionView(
            r, names.get(r.opened_by, ""), names.get(r.answered_by or 0, ""), numbers[r.manifest_id]
        )
        for r in rows
    ]


def list_corrections(*, session: Session, actor: Actor, manifest_id: int) -> list[CorrectionView]:
    """A manifest's correction requests with their answers, for anyone who may see the manifest."""
    get_manifest(session=session, actor=actor, manifest_id=manifest_id)
    rows = session.exec(
        select(CorrectionRequest)
        .where(CorrectionRequest.manifest_id == manifest_id)
        .order_by(col(CorrectionRequest.id))
    )
    return _views(session, list(rows))


def get_correction(*, session: Session, actor: Actor, request_id: int) -> CorrectionView:
    """One correction request, if the actor may see its manifest."""
    request = session.get(CorrectionRequest, request_id)
    if request is None:
        raise NotFound(m.REVIEW_REQUEST_NOT_FOUND, request_id=request_id)
    get_manifest(session=session, actor=actor, manifest_id=request.manifest_id)
    return _views(session, [request])[0]


def open_for_me(*, session: Session, actor: Actor, limit: int = 200) -> list[CorrectionView]:
    """Open requests the actor's enterprises must answer (empty for regulators and administrators),
    on the manifests the actor sees (a driver: those of its own legs)."""
    scope = custody_scope(actor)
    if not actor.enterprise_ids or scope is None:
        return []
    rows = session.exec(
        select(CorrectionRequest)
        .where(
            col(CorrectionRequest.enterprise_id).in_(actor.enterprise_ids),
            CorrectionRequest.status == CorrectionStatus.OPEN.value,
            col(CorrectionRequest.manifest_id).in_(select(Manifest.id).where(scope.manifest_condition())),
        )
        .order_by(col(CorrectionRequest.id))
        .limit(limit)
    )
    return _views(session, list(rows))
