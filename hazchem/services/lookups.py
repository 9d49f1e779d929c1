"""Read-only lookups for pages: names by id, an actor's own stores, transfer choices, a manifest's
timeline. Callers pass rows whose visibility a scoping service already decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain.lifecycle import ManifestAction
from hazchem.domain.vocab import EnterpriseRole
from hazchem.models import (
    Driver,
    Enterprise,
    Event,
    Facility,
    Manifest,
    User,
    Vehicle,
    WasteStream,
)
from hazchem.services.access import Actor


def streams_by_id(session: Session, ids: set[int]) -> dict[int, WasteStream]:
    """Waste streams by id (for rows whose visibility is already checked)."""
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(WasteStream).where(col(WasteStream.id).in_(ids)))}


def facilities_by_id(session: Session, ids: set[int | None]) -> dict[int, Facility]:
    """Facilities by id (names for rows whose visibility is already checked)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {f.id: f for f in session.exec(select(Facility).where(col(Facility.id).in_(wanted)))}


def own_stores(session: Session, actor: Actor) -> list[Facility]:
    """Facilities with a storage capacity that belong to the actor's enterprises (put-away targets)."""
    if not actor.enterprise_ids and not actor.is_admin:
        return []
    query = select(Facility).where(col(Facility.storage_capacity_kg).is_not(None)).order_by(Facility.id)
    if not actor.is_admin:
        query = query.where(col(Facility.enterprise_id).in_(actor.enterprise_ids))
    return list(session.exec(query))


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a manifest's timeline: a signature, or a scan of one of its containers."""

    at: datetime
    kind: str  # "signature", "scan" or "event"
    action: str
    who: str
    role: str
    subject: str
    details: dict[str, Any]


def timeline(session: Session, manifest: Manifest, container_ids: list[str]) -> list[TimelineEntry]:
    """The manifest's own events and its containers' events from the manifest's drafting on."""
    own = list(
        session.exec(
            select(Event)
            .where(Event.entity == "manifest", Event.entity_id == manifest.number)
            .order_by(col(Event.id))
        )
    )
    since = own[0].id if own else 0
    scans = list(
        session.exec(
            select(Event).where(
                Event.entity == "container",
                col(Event.entity_id).in_(container_ids or ["-"]),
                col(Event.id) > since,
            )
        )
    )
    events = sorted(own + scans, key=lambda e: e.id)
    names = user_names(session, {e.actor_id for e in events})
    entries = []
    for event in events:
        after = event.after or {}
        is_container = event.entity == "container"
        if is_container and after.get("manifest") not in (None, manifest.number):
            continue
        kind = "scan" if is_container else "signature" if event.action in _SIGNING_ACTIONS else "event"
        entries.append(
            TimelineEntry(
                at=event.at,
                kind=kind,
                action=event.action,
                who=names.get(event.actor_id, ""),
                role=event.actor_role,
                subject=event.entity_id,
                details={k: v for k, v in after.items() if k in _SHOWN_DETAILS and v not in (None, "", [])},
            )
        )
    return entries


_SIGNING_ACTIONS = frozenset(f"manifest.{a.value}" for a in ManifestAction)
_SHOWN_DETAILS = ("vehicle", "driver", "facility", "method", "reason", "licence", "where", "note", "rejected")


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    """Display names of the users who acted (for events already shown to this actor)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        u.id: u.display_name or u.username for u in session.exec(select(User).where(col(User.id).in_(wanted)))
    }


@dataclass(frozen=True)
class TransferChoices:
    """What a generator picks from when it drafts a manifest: receiving facilities and carriers' fleets."""

    receiver_facilities: list[tuple[Enterprise, Facility]]
    carriers: list[Enterprise]
    vehicles: list[Vehicle]
    drivers: list[Driver]


def transfer_choices(session: Session) -> TransferChoices:
    """Receivers' facilities and carriers' vehicles and drivers in the park (public directory data)."""
    enterprises = list(session.exec(select(Enterprise).order_by(Enterprise.id)))
    receivers = {e.id: e for e in enterprises if EnterpriseRole.RECEIVER in (e.roles or [])}
    carriers = [e for e in enterprises if EnterpriseRole.CARRIER in (e.roles or [])]
    facilities = (
        [
            (receivers[f.enterprise_id], f)
            for f in session.exec(
                select(Facility).where(col(Facility.enterprise_id).in_(receivers)).order_by(Facility.id)
            )
        ]
        if receivers
        else []
    )
    carrier_ids = [c.id for c in carriers] or [-1]
    return TransferChoices(
        receiver_facilities=facilities,
        carriers=carriers,
        vehicles=list(
            session.exec(select(Vehicle).where(col(Vehicle.carrier_id).in_(carrier_ids)).order_by(Vehicle.id))
        ),
        drivers=list(
            session.exec(select(Driver).where(col(Driver.carrier_id).in_(carrier_ids)).order_by(Driver.id))
        ),
    )
