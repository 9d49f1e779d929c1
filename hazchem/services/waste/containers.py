"""Containers: HJ 1276 digital IDs, put-away with capacity and segregation checks, voiding, storage views."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain import custody as rules
from hazchem.domain.deadlines import china_date
from hazchem.domain.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from hazchem.domain.identifiers import (
    DigitalId,
    digital_id_from_scan,
    make_digital_id,
)
from hazchem.domain.lifecycle import (
    STOCK_STATUSES,
    ContainerAction,
    ContainerStatus,
    container_actions,
    next_container_status,
)
from hazchem.domain.oversight import Area
from hazchem.domain.units import kg_to_g
from hazchem.domain.vocab import Role, StorageState
from hazchem.models import (
    Container,
    Enterprise,
    Event,
    Facility,
    FacilityStock,
    WasteStream,
)
from hazchem.services.lists.waste_list import resolve_waste_code
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, custody_scope, park_today, require_read
from hazchem.services.platform.alerts import facility_use, record_refusal
from hazchem.services.platform.rows import ensure_row, next_counter
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.facilities import list_facilities
from hazchem.services.registry.fields import MAX_PAGE
from hazchem.services.waste import container_messages as msg
from hazchem.services.waste.streams import require_enterprise_officer

SEGREGATION_FILE = PROJECT_ROOT / "catalogues" / "segregation.json"


MAX_BATCH = 200


SEGREGATION_RULE = "storage.segregation"


@functools.cache
def segregation_matrix(path: Path = SEGREGATION_FILE) -> tuple[rules.Incompatibility, ...]:
    """The configured incompatibility matrix (catalogues/segregation.json by default)."""
    return rules.parse_matrix(json.loads(path.read_text(encoding="utf-8"))["pairs"])


def locked_stock(session: Session, facility_id: int) -> FacilityStock:
    """The facility's running stock row, locked until commit (PostgreSQL; SQLite holds the write lock)."""
    ensure_row(session, FacilityStock, facility_id=facility_id, stock_g=0)
    return session.exec(
        select(FacilityStock).where(FacilityStock.facility_id == facility_id).with_for_update()
    ).one()


def stock_g(session: Session, facility_id: int) -> int:
    """The facility's current stock in grams (0 if it never held anything)."""
    row = session.get(FacilityStock, facility_id)
    return row.stock_g if row else 0


def _snapshot(container: Container) -> dict[str, Any]:
    return {
        "status": container.status,
        "facility_id": container.facility_id,
        "manifest_id": container.manifest_id,
    }


def record_container_event(
    session: Session,
    actor: Actor | None,
    action: str,
    container: Container,
    before: dict[str, Any] | None,
    **extra: Any,
) -> None:
    """Write the container's audit event (entity id is its digital ID, so a scan shows its history)."""
    audit.record(
        session,
        actor=actor,
        action=f"container.{action}",
        entity="container",
        entity_id=container.digital_id,
        before=before,
        after={**_snapshot(container), **extra},
    )


@use_case("container.*")
def create_containers(
    *,
    session: Session,
    actor: Actor | None,
    stream_id: int,
    packaging: str,
    volume_l: int,
    net_weight_kg: str | int | float,
    gen_date: date,
    count: int = 1,
    facility_id: int | None = None,
    remarks: str = "",
) -> list[Container]:
    """Create labelled containers at generation; serials per unit, code and day never collide."""
    if not 1 <= count <= MAX_BATCH:
        raise InvalidInput(msg.COUNT_OUT_OF_RANGE, details=[{"field": "count"}], max=MAX_BATCH)
    if volume_l is None or volume_l <= 0:
        raise InvalidInput(msg.VOLUME_NOT_POSITIVE, details=[{"field": "volume_l"}])
    weight_g = kg_to_g(net_weight_kg, "net_weight_kg")
    if not weight_g:
        raise InvalidInput(msg.WEIGHT_NOT_POSITIVE, details=[{"field": "net_weight_kg"}])
    if not (packaging or "").strip():
        raise InvalidInput(msg.PACKAGING_REQUIRED, details=[{"field": "packaging"}])
    if gen_date > park_today(actor):
        raise InvalidInput(
            msg.GEN_DATE_IN_FUTURE, details=[{"field": "gen_date"}], gen_date=gen_date.isoformat()
        )
    stream = session.get(WasteStream, stream_id)
    if stream is None:
        raise InvalidInput(msg.STREAM_UNKNOWN, details=[{"field": "stream_id"}], stream_id=stream_id)
    if actor is not None:
        require_enterprise_officer(actor, stream.enterprise_id, msg.CREATE_CONTAINERS)
    # Waste generated on a day is classified by the edition of the list in force that day.
    resolve_waste_code(session, stream.waste_code, gen_date)
    created = add_containers(
        session,
        actor=actor,
        stream=stream,
        packaging=packaging,
        volume_l=volume_l,
        weight_g=weight_g,
        gen_date=gen_date,
        count=count,
        facility_id=facility_id,
        remarks=remarks,
    )
    return created


def add_containers(
    session: Session,
    *,
    actor: Actor | None,
    stream: WasteStream,
    packaging: str,
    volume_l: int,
    weight_g: int,
    gen_date: date,
    count: int = 1,
    facility_id: int | None = None,
    remarks: str = "",
) -> list[Container]:
    """Add labelled containers with fresh serials and their audit events in the caller's transaction."""
    enterprise = session.get(Enterprise, stream.enterprise_id)
    if facility_id is not None:
        facility = session.get(Facility, facility_id)
        if facility is None or facility.enterprise_id != stream.enterprise_id:
            raise InvalidInput(msg.FACILITY_NOT_GENERATORS, details=[{"field": "facility_id"}])
    counter = f"cid:{enterprise.uscc}:{stream.waste_code}:{gen_date:%Y%m%d}"
    created = []
    stamp = clock.now()
    for _ in range(count):
        digital = make_digital_id(
            enterprise.uscc, stream.waste_code, gen_date, next_counter(session, counter)
        )
        container = Container(
            digital_id=str(digital),
            unit_code=digital.unit_code,
            waste_digits=digital.waste_digits,
            gen_date=digital.gen_date,
            serial=digital.serial,
            stream_id=stream.id,
            enterprise_id=enterprise.id,
            generating_facility_id=facility_id,
            packaging=packaging.strip(),
            volume_l=int(volume_l),
            net_weight_g=weight_g,
            status=ContainerStatus.GENERATED.value,
            remarks=remarks.strip(),
            created_at=stamp,
            created_by=actor.user_id if actor else None,
        )
        session.add(container)
        session.flush()
        record_container_event(session, actor, "generate", container, None, net_weight_g=weight_g)
        created.append(container)
    return created


def find_container(session: Session, scanned: str) -> Container:
    """The container a scan names (bare digital ID or label URL), or NotFound."""
    digital: DigitalId = digital_id_from_scan(scanned)
    container = session.exec(select(Container).where(Container.digital_id == str(digital))).first()
    if container is None:
        raise NotFound(msg.NO_CONTAINER_WITH_ID, digital_id=str(digital))
    return container


def get_container(
    *, session: Session, actor: Actor, container_id: int | None = None, scanned: str | None = None
) -> Container:
    """A container the actor may see: its generator's, or one on a manifest the actor is party to."""
    require_read(actor, Area.WASTE_STORAGE)
    container = (
        session.get(Container, container_id)
        if container_id is not None
        else find_container(session, scanned or "")
    )
    if container is None or not can_see_container(session, actor, container):
        raise NotFound(msg.CONTAINER_NOT_FOUND)
    return container


def can_see_container(session: Session, actor: Actor, container: Container) -> bool:
    """Generator, current store owner and manifest parties see a container; regulators and admins all.

    Drivers and dispatchers see only the containers on the manifests in their custody scope.
    """
    scope = custody_scope(actor)
    if scope is None or container.enterprise_id in scope.parties:
        return True
    if container.facility_id is not None:
        facility = session.get(Facility, container.facility_id)
        if facility is not None and facility.enterprise_id in scope.parties:
            return True
    if container.manifest_id is not None:
        from hazchem.services.waste.manifests import is_party

        return is_party(session, actor, container.manifest_id)
    return False


def _lock_container(session: Session, container_id: int) -> Container:
    container = session.exec(select(Container).where(Container.id == container_id).with_for_update()).first()
    if container is None:
        raise NotFound(msg.CONTAINER_ID_NOT_FOUND, container_id=container_id)
    return container


def _profile(stream: WasteStream) -> rules.WasteProfile:
    return rules.WasteProfile(
        category="HW" + stream.waste_code[-2:],
        characteristics=frozenset(stream.characteristics),
        tags=frozenset(stream.tags),
        label=f"{stream.name} ({stream.waste_code})",
    )


def check_put_away(
    session: Session, container: Container, facility: Facility, matrix: Sequence[rules.Incompatibility]
) -> FacilityStock:
    """Run the put-away checks (capacity, segregation) and return the locked stock row."""
    stock = locked_stock(session, facility.id)
    rules.check_storage_capacity(
        facility.name, facility.storage_capacity_kg, stock.stock_g, container.net_weight_g, stock.reserved_g
    )
    stream = session.get(WasteStream, container.stream_id)
    present_ids = session.exec(
        select(Container.stream_id)
        .where(Container.facility_id == facility.id, col(Container.status).in_(STOCK_STATUSES))
        .distinct()
    ).all()
    present = (
        [_profile(s) for s in session.exec(select(WasteStream).where(col(WasteStream.id).in_(present_ids)))]
        if present_ids
        else []
    )
    rules.check_segregation(facility.name, _profile(stream), present, matrix)
    return stock


@use_case("container.*")
def put_away(
    *,
    session: Session,
    actor: Actor,
    container_id: int,
    facility_id: int,
    matrix: Sequence[rules.Incompatibility] | None = None,
    device_scanned_at: datetime | None = None,
) -> Container:
    """Put a container into a storage facility after the capacity and segregation checks.

    A scan queued on a device while offline passes the device's scan time, kept in the audit event
    beside the event's own time (when the server received it).
    """
    container = _lock_container(session, container_id)
    if not can_see_container(session, actor, container):
        raise NotFound(msg.CONTAINER_NOT_FOUND)
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise InvalidInput(msg.FACILITY_UNKNOWN, details=[{"field": "facility_id"}], facility_id=facility_id)
    if not actor.is_admin and facility.enterprise_id not in actor.enterprise_ids:
        raise Forbidden(msg.FOREIGN_FACILITY)
    before = _snapshot(container)
    status = next_container_status(container.status, ContainerAction.PUT_AWAY)
    try:
        stock = check_put_away(
            session, container, facility, matrix if matrix is not None else segregation_matrix()
        )
    except RuleViolation as refusal:
        if refusal.rule == SEGREGATION_RULE:
            # Mixing incompatible wastes is a compliance problem: the department sees the attempt.
            record_refusal(
                session,
                refusal=refusal,
                actor=actor,
                key=f"refusal:{SEGREGATION_RULE}:{container.id}:{facility.id}:{park_today(actor)}",
                entity="container",
                entity_id=container.digital_id,
                enterprise_id=facility.enterprise_id,
                details={"container_id": container.id, "facility_id": facility.id},
            )
        raise
    facility_use(
        session, facility=facility, before_g=stock.stock_g, after_g=stock.stock_g + container.net_weight_g
    )
    stock.stock_g += container.net_weight_g
    session.add(stock)
    container.status = status.value
    container.facility_id = facility.id
    container.stored_at = clock.now()
    session.add(container)
    scanned = {"device_scanned_at": device_scanned_at.isoformat()} if device_scanned_at else {}
    record_container_event(session, actor, "put_away", container, before, facility=facility.name, **scanned)
    return container


@use_case("container.*")
def void(*, session: Session, actor: Actor, container_id: int, reason: str) -> Container:
    """Void a container whose label was spoiled before storage; the serial is never reused."""
    if not (reason or "").strip():
        raise InvalidInput(msg.VOID_REASON_REQUIRED, details=[{"field": "reason"}])
    container = _lock_container(session, container_id)
    if not can_see_container(session, actor, container):
        raise NotFound(msg.CONTAINER_NOT_FOUND)
    require_enterprise_officer(actor, container.enterprise_id, msg.VOID_CONTAINERS)
    before = _snapshot(container)
    container.status = next_container_status(container.status, ContainerAction.VOID).value
    session.add(container)
    record_container_event(session, actor, "void", container, before, reason=reason.strip())
    return container


@dataclass(frozen=True)
class StoredContainer:
    """A stored container with its storage age against the one-year limit."""

    container: Container
    stream: WasteStream
    facility: Facility | None
    age: rules.StorageAge


def storage_ages(
    *,
    session: Session,
    actor: Actor,
    today: date | None = None,
    warning_days: int = rules.DEFAULT_STORAGE_WARNING_DAYS,
    only_due: bool = False,
) -> list[StoredContainer]:
    """Stored containers the actor may see with their storage clock (oldest first)."""
    require_read(actor, Area.WASTE_STORAGE)
    today = today or park_today(actor)
    query = (
        select(Container, WasteStream, Facility)
        .join(WasteStream, col(WasteStream.id) == Container.stream_id)
        .join(Facility, col(Facility.id) == Container.facility_id)
        .where(col(Container.status).in_(STOCK_STATUSES), col(Container.stored_at).is_not(None))
        .order_by(Container.stored_at)
    )
    scope = custody_scope(actor)
    if scope is not None:
        query = query.where(col(Facility.enterprise_id).in_(sorted(scope.parties) or [-1]))
    rows = []
    for container, stream, facility in session.exec(query):
        age = rules.storage_age(china_date(container.stored_at), today, warning_days)
        if only_due and age.state is StorageState.OK:
            continue
        rows.append(StoredContainer(container, stream, facility, age))
    return rows


@dataclass(frozen=True)
class FacilityOccupancy:
    """A storage facility's stock against its capacity."""

    facility: Facility
    stock_g: int
    containers: int

    @property
    def share(self) -> float:
        """Occupied share of the capacity (0–1), for bars and the 80 % alert."""
        cap = (self.facility.storage_capacity_kg or 0) * rules.G_PER_KG
        return self.stock_g / cap if cap else 0.0


def occupancy(*, session: Session, actor: Actor, enterprise_id: int | None = None) -> list[FacilityOccupancy]:
    """Stock and occupancy of the storage facilities the actor may see."""
    require_read(actor, Area.WASTE_STORAGE)
    from sqlalchemy import func

    facilities = [
        f
        for f in list_facilities(session=session, actor=actor, enterprise_id=enterprise_id, limit=MAX_PAGE)
        if f.storage_capacity_kg
    ]
    ids = [f.id for f in facilities]
    stocks = (
        {
            s.facility_id: s.stock_g
            for s in session.exec(select(FacilityStock).where(col(FacilityStock.facility_id).in_(ids)))
        }
        if ids
        else {}
    )
    counts = (
        dict(
            session.exec(
                select(Container.facility_id, func.count())
                .where(col(Container.facility_id).in_(ids), col(Container.status).in_(STOCK_STATUSES))
                .group_by(Container.facility_id)
            ).all()
        )
        if ids
        else {}
    )
    return [FacilityOccupancy(f, stocks.get(f.id, 0), counts.get(f.id, 0)) for f in facilities]


def container_history(*, session: Session, container: Container) -> list[Event]:
    """The container's audit events, oldest first."""
    return list(
        session.exec(
            select(Event)
            .where(Event.entity == "container", Event.entity_id == container.digital_id)
            .order_by(col(Event.id))
        )
    )


def available_actions(session: Session, actor: Actor, container: Container) -> list[str]:
    """The actions this actor's role may take on the container now (the services re-check on submit)."""
    allowed = {a.value for a in container_actions(container.status)}
    actions = []
    own_generator = actor.is_admin or container.enterprise_id in actor.enterprise_ids
    # Only those who run a store put containers away; regulators and drivers never do.
    keeps_stores = actor.is_admin or actor.role in (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR)
    if ContainerAction.PUT_AWAY in allowed and keeps_stores:
        actions.append(ContainerAction.PUT_AWAY.value)
    if ContainerAction.VOID in allowed and own_generator and keeps_stores:
        actions.append(ContainerAction.VOID.value)
    if container.manifest_id is not None:
        from hazchem.services.waste.manifests import manifest_actions_for

        actions.extend(manifest_actions_for(session, actor, container.manifest_id))
    return actions
