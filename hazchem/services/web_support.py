"""Small read-only queries that only the web pages need (counts, name look-ups, form helpers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from hazchem.domain.errors import InvalidInput
from hazchem.domain.oversight import Area
from hazchem.models import Chemical, Enterprise, Facility, FacilityChemical, Licence, Vehicle
from hazchem.services.access import Actor, enterprise_scope, issuing_type_ids, may_read
from hazchem.services.registry import facility_area_condition, get_facility, visible_licences_query


def dashboard_counts(*, session: Session, actor: Actor) -> dict[str, int]:
    """How many enterprises, licences, facilities and vehicles the actor can see."""
    scope = enterprise_scope(actor)
    ids = list(scope or [-1]) if scope is not None else None

    def count(model: type, owner: str, condition: Any = None) -> int:
        query = select(func.count()).select_from(model)
        if ids is not None:
            query = query.where(col(getattr(model, owner)).in_(ids))
        if condition is not None:
            query = query.where(condition)
        return session.exec(query).one()

    licences = visible_licences_query(session, actor).with_only_columns(func.count(col(Licence.id)))
    return {
        "enterprises": count(Enterprise, "id"),
        "licences": session.scalar(licences) or 0,
        "facilities": count(Facility, "enterprise_id", facility_area_condition(actor)),
        "vehicles": count(Vehicle, "carrier_id") if may_read(actor, Area.VEHICLES) else 0,
    }


def enterprise_names(*, session: Session, ids: Iterable[int]) -> dict[int, Enterprise]:
    """Enterprises by id, for labelling records the caller already may see."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {e.id: e for e in session.exec(select(Enterprise).where(col(Enterprise.id).in_(wanted)))}


def chemicals_by_id(*, session: Session, ids: Iterable[int | None]) -> dict[int, Chemical]:
    """Catalogue entries by id (public catalogue data)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {c.id: c for c in session.exec(select(Chemical).where(col(Chemical.id).in_(wanted)))}


def resolve_chemical(*, session: Session, text: str, field: str = "chemical") -> int:
    """Turn a catalogue entry id or an exact CAS number typed into a form into the entry's id."""
    text = (text or "").strip()
    if text.isdigit():
        if session.get(Chemical, int(text)) is None:
            raise InvalidInput(f"chemical {text} is not in the catalogue", details=[{"field": field}])
        return int(text)
    rows = [
        c
        for c in session.exec(select(Chemical).where(col(Chemical.search_text).contains(text.lower())))
        if text in c.cas_numbers or c.name == text
    ]
    if len(rows) != 1:
        raise InvalidInput(
            f"{text!r} names {'no' if not rows else 'more than one'} catalogue entry; give its id",
            details=[{"field": field, "value": text}],
        )
    return rows[0].id


def writable_licence_type_ids(*, session: Session, actor: Actor) -> frozenset[int] | None:
    """Licence types the actor may record or change: None for all (administrators)."""
    if actor.is_admin:
        return None
    if actor.is_regulator:
        return issuing_type_ids(session, actor)
    return frozenset()


def facility_chemicals(
    *, session: Session, actor: Actor, facility_id: int
) -> list[tuple[FacilityChemical, Chemical]]:
    """The catalogue entries a facility the actor may see is declared to hold."""
    get_facility(session=session, actor=actor, facility_id=facility_id)
    rows = session.exec(
        select(FacilityChemical, Chemical)
        .join(Chemical, col(Chemical.id) == FacilityChemical.chemical_id)
        .where(FacilityChemical.facility_id == facility_id)
        .order_by(FacilityChemical.id)
    )
    return [(link, chem) for link, chem in rows]
