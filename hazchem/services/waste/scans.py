"""Scans of container labels: the scan page's one read, and the lookup that logs the scan once per key.

Every label scan walks this module: one prebuilt statement reads the container with its stream,
producer, store, manifest and the facts the access rules need; the page adds its history (checked
against the audit chain in the same statement) and its manifests. Statements are built once at
import, so a scan pays only for executing them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, exists, insert
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hazchem.domain.errors import Conflict, InvalidInput, NotFound
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.domain.lifecycle import (
    CONDITIONAL_ACTIONS,
    ContainerAction,
    container_actions,
    manifest_actions,
    offered_at,
    signing_section,
)
from hazchem.domain.oversight import Area
from hazchem.domain.units import g_to_kg_text
from hazchem.domain.vocab import Role
from hazchem.models import (
    Container,
    Enterprise,
    Event,
    Facility,
    IdempotencyRecord,
    Manifest,
    ManifestContainer,
    Signature,
    TransportLeg,
    User,
    WasteStream,
)
from hazchem.render.labels import LabelData
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import (
    Actor,
    custody_scope,
    may_read,
    require_read,
)
from hazchem.services.platform.idempotency import DONE, KeyedResult, clean_key, key_record, request_digest
from hazchem.services.platform.uow import bookkeeping
from hazchem.services.waste import container_messages as msg
from hazchem.services.waste.containers import available_actions
from hazchem.services.waste.documents import build_label
from hazchem.services.waste.manifests import signs_section
from hazchem.services.waste.reads import own_stores

_c, _s, _e = Container.__table__, WasteStream.__table__, Enterprise.__table__
_f, _m, _leg = Facility.__table__, Manifest.__table__, TransportLeg.__table__
_mc, _sig, _ev, _u = ManifestContainer.__table__, Signature.__table__, Event.__table__, User.__table__

# An actor's custody scope names at most two enterprises (its own and its driver record's carrier): the
# carrier test takes them as two plain parameters, since an expanding IN is recompiled on every execution.
_CARRIER_SLOTS = 2


def _scanned_statement(carriers: Any) -> Any:
    """The container a scan names, with everything its label prints and the facts its access rules need:
    whether a leg of its manifest is carried by one of the actor's enterprises, or driven by the actor.
    """
    return (
        select(
            _c.c.id,
            _c.c.digital_id,
            _c.c.status,
            _c.c.enterprise_id,
            _c.c.facility_id,
            _c.c.manifest_id,
            _c.c.packaging,
            _c.c.volume_l,
            _c.c.net_weight_g,
            _c.c.gen_date,
            _c.c.remarks,
            _s.c.name,
            _s.c.waste_code,
            _s.c.form,
            _s.c.characteristics,
            _s.c.main_components,
            _s.c.harmful_components,
            _s.c.precautions,
            _e.c.name.label("producer_name"),
            _e.c.contact_name,
            _e.c.contact_phone,
            _f.c.name.label("facility_name"),
            _f.c.enterprise_id.label("facility_enterprise_id"),
            _m.c.number.label("manifest_number"),
            _m.c.status.label("manifest_status"),
            _m.c.generator_id,
            _m.c.receiver_id,
            exists()
            .where(
                _leg.c.manifest_id == _c.c.manifest_id,
                _leg.c.carrier_id.in_(carriers),
            )
            .label("carries"),
            exists()
            .where(_leg.c.manifest_id == _c.c.manifest_id, _leg.c.driver_id == bindparam("driver_id"))
            .label("drives"),
            exists().where(_mc.c.container_id == _c.c.id).label("travelled"),
        )
        .select_from(_c)
        .join(_s, _s.c.id == _c.c.stream_id)
        .join(_e, _e.c.id == _c.c.enterprise_id)
        .outerjoin(_f, _f.c.id == _c.c.facility_id)
        .outerjoin(_m, _m.c.id == _c.c.manifest_id)
        .where(_c.c.digital_id == bindparam("digital_id"))
    )


_SCANNED = _scanned_statement([bindparam(f"carrier_{i}") for i in range(_CARRIER_SLOTS)])
_SCANNED_ANY = _scanned_statement(bindparam("enterprise_ids", expanding=True))
# The container's audit events, oldest first, with their links in the chain and their actors' names.
_HISTORY = (
    select(
        _ev.c.id,
        _ev.c.at,
        _ev.c.actor_id,
        _ev.c.actor_role,
        _ev.c.action,
        _ev.c.entity,
        _ev.c.entity_id,
        _ev.c.before,
        _ev.c.after,
        _ev.c.prev_hash,
        _ev.c.hash,
        *audit.chain_neighbours(),
        _u.c.display_name.label("actor_display_name"),
        _u.c.username.label("actor_username"),
    )
    .outerjoin(_u, _u.c.id == _ev.c.actor_id)
    .where(_ev.c.entity == "container", _ev.c.entity_id == bindparam("digital_id"))
    .order_by(_ev.c.id)
)
# Every manifest the container was on (a rejected container may travel again) with its signatures.
_TRAVELS = (
    select(
        _m.c.id,
        _m.c.number,
        _m.c.status,
        _m.c.treatment_method,
        _mc.c.declared_g,
        _mc.c.weighed_g,
        _mc.c.accepted,
        _mc.c.note,
        _sig.c.id.label("signature_id"),
        _sig.c.section,
        _sig.c.action,
        _sig.c.name,
        _sig.c.at,
    )
    .select_from(_mc)
    .join(_m, _m.c.id == _mc.c.manifest_id)
    .outerjoin(_sig, _sig.c.manifest_id == _m.c.id)
    .where(_mc.c.container_id == bindparam("container_id"))
    .order_by(_m.c.id, _sig.c.id)
)


@dataclass(frozen=True)
class _Producer:
    name: str
    contact_name: str
    contact_phone: str


@dataclass(frozen=True)
class ManifestRef:
    """The manifest a scanned container is on, or travelled on: what the scan page shows of it."""

    id: int
    number: str
    status: str
    treatment_method: str | None = None


@dataclass(frozen=True)
class FacilityRef:
    """The store a scanned container is in."""

    id: int
    name: str


@dataclass(frozen=True)
class Travel:
    """One manifest the container travelled on: its weights and decision there, and the signatures."""

    manifest: ManifestRef
    entry: Row
    signatures: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class ScanPage:
    """A scanned container as its page shows it: the label for anyone, the rest for who may see it.

    `container` is None when the scanner may not see more than the label (not logged in, not a party,
    or a department that does not oversee waste storage).
    """

    label: LabelData
    container: Row | None = None
    manifest: ManifestRef | None = None
    facility: FacilityRef | None = None
    actions: list[str] = field(default_factory=list)
    history: list[Row] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    chain: audit.ChainReport | None = None
    travels: list[Travel] = field(default_factory=list)
    stores: list[Facility] = field(default_factory=list)


def _scanned(session: Session, actor: Actor | None, scanned: str) -> Row:
    """The row of the container a scan names; NotFound when there is none or the scan is no digital ID."""
    try:
        digital = str(digital_id_from_scan(scanned))
    except InvalidInput:
        raise NotFound(msg.NOT_A_DIGITAL_ID) from None
    row = _read_scanned(session, actor, digital)
    if row is None:
        raise NotFound(msg.SCANNED_NOTHING, digital_id=digital)
    return row


def _read_scanned(session: Session, actor: Actor | None, digital: str) -> Row | None:
    """Execute the scan read for the actor's custody scope (None-padded slots, or the general statement):
    `carries` and `drives` are asked of the enterprises whose legs it reads and of its driver."""
    scope = custody_scope(actor) if actor is not None else None
    ids = sorted(scope.carrying) if scope is not None else []
    driver_id = scope.driver_id if scope is not None else None
    params: dict[str, Any] = {"digital_id": digital, "driver_id": driver_id}
    if len(ids) > _CARRIER_SLOTS:
        return session.connection().execute(_SCANNED_ANY, {**params, "enterprise_ids": ids}).first()
    # A None slot matches no leg: `carrier_id IN (…, NULL)` is never true for it.
    slots: list[int | None] = [*ids, *[None] * (_CARRIER_SLOTS - len(ids))]
    return (
        session.connection()
        .execute(_SCANNED, {**params, **{f"carrier_{i}": v for i, v in enumerate(slots)}})
        .first()
    )


def _may_see(actor: Actor, row: Row) -> bool:
    """Generator, current store owner and manifest parties see a container; regulators and admins all.

    The rule of containers.can_see_container, on the facts the scan read fetched with the container.
    """
    scope = custody_scope(actor)
    if scope is None or row.enterprise_id in scope.parties:
        return True
    if row.facility_id is not None and row.facility_enterprise_id in scope.parties:
        return True
    if row.manifest_id is not None:
        return _is_party(actor, row)
    return False


def _is_party(actor: Actor, row: Row) -> bool:
    """The rule of manifests.is_party, on the facts the scan read fetched (any manifest for the unscoped)."""
    scope = custody_scope(actor)
    if scope is None:
        return True
    if row.manifest_number is None:
        return False
    return scope.sees(
        generator_id=row.generator_id,
        receiver_id=row.receiver_id,
        carries=bool(row.carries),
        drives=bool(row.drives),
    )


def _actions(actor: Actor, row: Row) -> list[str]:
    """The rule of containers.available_actions, on the facts the scan read fetched."""
    allowed = {a.value for a in container_actions(row.status)}
    actions = []
    own_generator = actor.is_admin or row.enterprise_id in actor.enterprise_ids
    keeps_stores = actor.is_admin or actor.role in (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR)
    if ContainerAction.PUT_AWAY in allowed and keeps_stores:
        actions.append(ContainerAction.PUT_AWAY.value)
    if ContainerAction.VOID in allowed and own_generator and keeps_stores:
        actions.append(ContainerAction.VOID.value)
    if row.manifest_id is not None and row.manifest_status is not None:
        actions.extend(
            action.value
            for action in manifest_actions(row.manifest_status)
            # Actions that need a request on record are offered on the manifest's page only.
            if action not in CONDITIONAL_ACTIONS
            and offered_at(action, row.manifest_status)
            and signs_section(
                actor,
                signing_section(action, row.manifest_status),
                generator_id=row.generator_id,
                receiver_id=row.receiver_id,
                carries=bool(row.carries),
                drives=bool(row.drives),
            )
        )
    return actions


def scan_page(*, session: Session, actor: Actor | None, scanned: str, base_url: str) -> ScanPage:
    """What a scanned label opens: its printed fields for anyone; history, manifests and actions for staff.

    NotFound when the scan names no container; Forbidden or NotFound when the container's manifest is
    one the actor may not read, as its manifest page would answer.
    """
    row = _scanned(session, actor, scanned)
    producer = _Producer(row.producer_name, row.contact_name, row.contact_phone)
    label = build_label(row, producer, row, base_url)
    if actor is None or not may_read(actor, Area.WASTE_STORAGE) or not _may_see(actor, row):
        # A department that does not oversee waste storage sees what the label prints, like anyone.
        return ScanPage(label)
    actions = _actions(actor, row)
    manifest = None
    if row.manifest_id is not None:
        require_read(actor, Area.WASTE_MANIFESTS)
        if not _is_party(actor, row):
            raise NotFound(msg.SCANNED_MANIFEST_HIDDEN, manifest_id=row.manifest_id)
        manifest = ManifestRef(row.manifest_id, row.manifest_number, row.manifest_status)
    connection = session.connection()
    history = list(connection.execute(_HISTORY, {"digital_id": row.digital_id}))
    names = {
        e.actor_id: e.actor_display_name or e.actor_username for e in history if e.actor_username is not None
    }
    travels: list[Travel] = []
    if row.travelled:
        for t in connection.execute(_TRAVELS, {"container_id": row.id}):
            if not travels or travels[-1].manifest.id != t.id:
                travels.append(Travel(ManifestRef(t.id, t.number, t.status, t.treatment_method), t))
            if t.signature_id is not None:
                travels[-1].signatures.append(t)
    return ScanPage(
        label=label,
        container=row,
        manifest=manifest,
        facility=FacilityRef(row.facility_id, row.facility_name) if row.facility_name is not None else None,
        actions=actions,
        history=history,
        names=names,
        chain=audit.check_linked([(e, e.chain_before, e.chain_after) for e in history]),
        travels=travels,
        stores=own_stores(session, actor) if ContainerAction.PUT_AWAY.value in actions else [],
    )


def lookup(
    *, session: Session, actor: Actor, scanned: str, key: str | None = None, request: Any = None
) -> KeyedResult:
    """A lookup scan: read the container's state and record the scan in one write; a retry records once.

    A lookup changes nothing in the custody chain, so its record is the scan log entry itself (not
    an audit event), and the key is claimed and answered in the same write.
    """
    require_read(actor, Area.WASTE_STORAGE)
    digital = str(digital_id_from_scan(scanned))
    row = _read_scanned(session, actor, digital)
    if row is None:
        raise NotFound(msg.SCANNED_NOTHING, digital_id=digital)
    if not _may_see(actor, row):
        raise NotFound(msg.SCANNED_HIDDEN)
    body = _summary(row, _actions(actor, row))
    digest = request_digest(row.digital_id, "lookup", request)
    key = clean_key(key) if key is not None else f"auto-{uuid.uuid4().hex}"
    try:
        _log_lookup(session, actor, key=key, digital_id=row.digital_id, digest=digest, body=body)
    except IntegrityError:
        record = key_record(session, actor, key)
        if record.request_hash != digest:
            raise Conflict(msg.SCAN_KEY_REUSED, details=[{"key": key}]) from None
        return KeyedResult(record.response, replayed=True)
    return KeyedResult(body)


def _summary(row: Row, actions: list[str]) -> dict[str, Any]:
    return {
        "digital_id": row.digital_id,
        "id": row.id,
        "status": row.status,
        "waste_code": row.waste_code,
        "name": row.name,
        "net_weight_kg": g_to_kg_text(row.net_weight_g),
        "facility_id": row.facility_id,
        "manifest": row.manifest_number,
        "actions": actions,
    }


@bookkeeping("a lookup changes nothing in the custody chain; its record is the scan log entry")
def _log_lookup(
    session: Session, actor: Actor, *, key: str, digital_id: str, digest: str, body: dict[str, Any]
) -> None:
    # A plain INSERT: the scan log row is never read back here, so it skips the ORM's unit of work.
    session.connection().execute(
        insert(IdempotencyRecord),
        {
            "user_id": actor.user_id,
            "idempotency_key": key,
            "subject": digital_id,
            "action": "lookup",
            "request_hash": digest,
            "outcome": DONE,
            "response": body,
            "at": clock.now(),
        },
    )


def container_summary(session: Session, actor: Actor, container: Any) -> dict[str, Any]:
    """The container's state and the actions the actor may take now, for scan answers."""
    waste_code, name, number = (
        session.connection()
        .execute(
            select(WasteStream.waste_code, WasteStream.name, Manifest.number)
            .outerjoin(Manifest, Manifest.id == container.manifest_id)
            .where(WasteStream.id == container.stream_id)
        )
        .one()
    )
    return {
        "digital_id": container.digital_id,
        "id": container.id,
        "status": container.status,
        "waste_code": waste_code,
        "name": name,
        "net_weight_kg": g_to_kg_text(container.net_weight_g),
        "facility_id": container.facility_id,
        "manifest": number,
        "actions": available_actions(session, actor, container),
    }
