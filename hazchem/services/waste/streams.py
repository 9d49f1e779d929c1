"""Waste streams: an enterprise's recurring waste with its code, form, characteristics and packaging."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from hazchem.domain.dangerous_goods import TransportData, validate_transport
from hazchem.domain.errors import Forbidden, InvalidInput, Message, NotFound
from hazchem.domain.identifiers import (
    validate_waste_code,
)
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import HAZARD_CHARACTERISTICS, PhysicalForm, Role
from hazchem.models import (
    Enterprise,
    WasteStream,
)
from hazchem.services.lists.waste_list import resolve_waste_code
from hazchem.services.platform import audit
from hazchem.services.platform.access import Actor, can_read_enterprise, park_today, require_read
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import container_messages as msg


def require_enterprise_officer(actor: Actor, enterprise_id: int, what: Message) -> None:
    """Refuse unless the actor is an officer of the enterprise (or an admin); `what` names the action."""
    if actor.is_admin:
        return
    if actor.role in (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR) and enterprise_id in actor.enterprise_ids:
        return
    raise Forbidden(msg.OFFICERS_ONLY, what=what)


@use_case("stream.create")
def create_stream(
    *,
    session: Session,
    actor: Actor | None,
    enterprise_id: int,
    waste_code: str,
    name: str,
    form: str,
    main_components: str = "",
    harmful_components: str = "",
    characteristics: Sequence[str] | None = None,
    tags: Sequence[str] = (),
    precautions: str = "",
    packaging: str = "",
    dg_class: str | None = None,
    un_number: str | None = None,
    packing_group: str | None = None,
    not_dg_reason: str = "",
) -> WasteStream:
    """Register an enterprise's recurring waste; characteristics default to the list's."""
    if actor is not None:
        require_enterprise_officer(actor, enterprise_id, msg.REGISTER_STREAMS)
    code = validate_waste_code(waste_code)
    if form not in list(PhysicalForm):
        raise InvalidInput(
            msg.FORM_UNKNOWN, details=[{"field": "form"}], form=repr(form), allowed=", ".join(PhysicalForm)
        )
    if not (name or "").strip():
        raise InvalidInput(msg.NAME_REQUIRED, details=[{"field": "name"}])
    stream = add_stream(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        code=code,
        name=name,
        form=form,
        main_components=main_components,
        harmful_components=harmful_components,
        characteristics=characteristics,
        tags=tags,
        precautions=precautions,
        packaging=packaging,
        dg_class=dg_class,
        un_number=un_number,
        packing_group=packing_group,
        not_dg_reason=not_dg_reason,
    )
    return stream


def add_stream(
    session: Session,
    *,
    actor: Actor | None,
    enterprise_id: int,
    code: str,
    name: str,
    form: str,
    main_components: str = "",
    harmful_components: str = "",
    characteristics: Sequence[str] | None = None,
    tags: Sequence[str] = (),
    precautions: str = "",
    packaging: str = "",
    dg_class: str | None = None,
    un_number: str | None = None,
    packing_group: str | None = None,
    not_dg_reason: str = "",
    transport_later: bool = False,
) -> WasteStream:
    """Add a validated waste stream and its audit event in the caller's write transaction.

    `transport_later` lets a stream made on the spot (a discarded chemical) wait for its transport
    data; no vehicle loads it until the data is recorded.
    """
    listed = resolve_waste_code(session, code, park_today(actor))
    chars = list(characteristics) if characteristics is not None else list(listed.characteristics)
    unknown = [c for c in chars if c not in HAZARD_CHARACTERISTICS]
    if unknown or not chars:
        raise InvalidInput(
            msg.CHARACTERISTICS_UNKNOWN,
            details=[{"field": "characteristics", "value": unknown}],
            allowed=", ".join(HAZARD_CHARACTERISTICS),
        )
    if session.get(Enterprise, enterprise_id) is None:
        raise InvalidInput(
            msg.ENTERPRISE_UNKNOWN, details=[{"field": "enterprise_id"}], enterprise_id=enterprise_id
        )
    given = any((dg_class, un_number, packing_group, not_dg_reason))
    transport = (
        validate_transport(dg_class, un_number, packing_group, not_dg_reason)
        if given or not transport_later
        else TransportData()
    )
    stream = WasteStream(
        enterprise_id=enterprise_id,
        waste_code=code,
        edition=listed.edition,
        name=name.strip(),
        form=form,
        main_components=main_components.strip(),
        harmful_components=harmful_components.strip(),
        characteristics=chars,
        tags=sorted({t.strip().lower() for t in tags if t.strip()}),
        precautions=precautions.strip(),
        packaging=packaging.strip(),
        dg_class=transport.dg_class,
        un_number=transport.un_number,
        packing_group=transport.packing_group,
        not_dg_reason=transport.not_dg_reason,
    )
    session.add(stream)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="stream.create",
        entity="wastestream",
        entity_id=stream.id,
        after={"enterprise_id": enterprise_id, "waste_code": code, "name": stream.name, **_transport(stream)},
    )
    return stream


def _transport(stream: WasteStream) -> dict[str, str | None]:
    return {
        "dg_class": stream.dg_class,
        "un_number": stream.un_number,
        "packing_group": stream.packing_group,
        "not_dg_reason": stream.not_dg_reason,
    }


@use_case("stream.transport")
def set_stream_transport(
    *,
    session: Session,
    actor: Actor | None,
    stream_id: int,
    dg_class: str | None = None,
    un_number: str | None = None,
    packing_group: str | None = None,
    not_dg_reason: str = "",
) -> WasteStream:
    """Record or correct a stream's dangerous-goods transport data; later submissions and pick-ups use it."""
    stream = session.exec(select(WasteStream).where(WasteStream.id == stream_id).with_for_update()).first()
    if stream is None or (actor is not None and not can_read_enterprise(actor, stream.enterprise_id)):
        raise NotFound(msg.STREAM_NOT_FOUND, stream_id=stream_id)
    if actor is not None:
        require_enterprise_officer(actor, stream.enterprise_id, msg.CHANGE_STREAMS)
    transport = validate_transport(dg_class, un_number, packing_group, not_dg_reason)
    before = _transport(stream)
    stream.dg_class, stream.un_number = transport.dg_class, transport.un_number
    stream.packing_group, stream.not_dg_reason = transport.packing_group, transport.not_dg_reason
    session.add(stream)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="stream.transport",
        entity="wastestream",
        entity_id=stream.id,
        before=before,
        after=_transport(stream),
    )
    return stream


def list_streams(*, session: Session, actor: Actor, enterprise_id: int | None = None) -> list[WasteStream]:
    """Waste streams of the enterprises the actor may see."""
    require_read(actor, Area.WASTE_STORAGE)
    from hazchem.services.platform.access import enterprise_scope

    query = select(WasteStream).order_by(WasteStream.id)
    scope = enterprise_scope(actor)
    if scope is not None:
        query = query.where(col(WasteStream.enterprise_id).in_(scope or [-1]))
    if enterprise_id is not None:
        query = query.where(WasteStream.enterprise_id == enterprise_id)
    return list(session.exec(query))


def get_stream(*, session: Session, actor: Actor, stream_id: int) -> WasteStream:
    """One waste stream, if the actor may see its enterprise."""
    require_read(actor, Area.WASTE_STORAGE)
    stream = session.get(WasteStream, stream_id)
    if stream is None or not can_read_enterprise(actor, stream.enterprise_id):
        raise NotFound(msg.STREAM_NOT_FOUND, stream_id=stream_id)
    return stream
