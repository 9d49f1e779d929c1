"""Small read-only helpers the JSON API needs on top of the registry services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from hazchem.domain import licensing
from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.domain.identifiers import validate_cas
from hazchem.models import Chemical, FacilityChemical
from hazchem.services import registry
from hazchem.services.access import Actor


def chemical_for_cas(*, session: Session, cas: str) -> Chemical:
    """The one catalogue entry carrying a CAS number (check digit validated), else InvalidInput."""
    cas = validate_cas(cas)
    rows = session.exec(
        select(Chemical).where(col(Chemical.search_text).contains(cas.lower())).order_by(Chemical.id)
    ).all()
    matches = [c for c in rows if cas in (c.cas_numbers or [])]
    if not matches:
        raise InvalidInput(
            f"CAS number {cas} is not in the catalogue", details=[{"field": "cas", "value": cas}]
        )
    if len(matches) > 1:
        raise InvalidInput(
            f"CAS number {cas} matches {len(matches)} catalogue entries; give chemical_id instead",
            details=[{"field": "cas", "value": cas, "candidates": [c.id for c in matches]}],
        )
    return matches[0]


def coverage_for(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    type_code: str,
    on: date,
    subject: licensing.Subject = None,
) -> licensing.Coverage:
    """Licence coverage of an enterprise the actor may see (others are not found) for a known type."""
    registry.get_enterprise(session=session, actor=actor, enterprise_id=enterprise_id)
    try:
        registry.get_licence_type(session=session, actor=actor, code=type_code)
    except NotFound:
        raise InvalidInput(
            f"unknown licence type {type_code!r}", details=[{"field": "type", "value": type_code}]
        ) from None
    return registry.licence_coverage(
        session=session, enterprise_id=enterprise_id, type_code=type_code, on=on, subject=subject
    )


def facility_chemicals(*, session: Session, actor: Actor, facility_id: int) -> Sequence[FacilityChemical]:
    """The catalogue entries a facility the actor may see is declared to hold."""
    registry.get_facility(session=session, actor=actor, facility_id=facility_id)
    return session.exec(
        select(FacilityChemical)
        .where(FacilityChemical.facility_id == facility_id)
        .order_by(FacilityChemical.id)
    ).all()
