"""The National Hazardous Waste List by date: which loaded edition is in force, and a code within it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from hazchem.domain import catalogue as cat
from hazchem.domain.errors import InvalidInput
from hazchem.models import CatalogueEdition, WasteCode

LIST_NAME = "waste_list"


def loaded_editions(session: Session) -> list[tuple[str, date | None]]:
    """Editions with codes loaded, with their effective dates (recorded, else the known publication's)."""
    editions = sorted(set(session.exec(select(WasteCode.edition).distinct())))
    recorded = dict(
        session.exec(
            select(CatalogueEdition.edition, CatalogueEdition.effective_date).where(
                CatalogueEdition.list_name == LIST_NAME
            )
        ).all()
    )
    found = []
    for edition in editions:
        known = cat.KNOWN_EDITIONS.get((LIST_NAME, edition))
        found.append((edition, recorded.get(edition) or (known.effective_date if known else None)))
    return found


def edition_title(edition: str) -> str:
    """An edition's published title, e.g. 国家危险废物名录（2021年版）."""
    known = cat.KNOWN_EDITIONS.get((LIST_NAME, edition))
    return known.title if known else f"国家危险废物名录（{edition}）"


def resolve_waste_code(session: Session, code: str, on: date) -> WasteCode:
    """The code's entry in the edition in force on `on`; a code that edition lacks is refused, naming
    the edition in force and those that do list it."""
    editions = loaded_editions(session)
    in_force = cat.edition_in_force(editions, on)
    if in_force is None:
        raise InvalidInput(
            f"no loaded edition of the National Hazardous Waste List is in force on {on.isoformat()}",
            details=[{"field": "waste_code", "value": code, "on": on.isoformat()}],
        )
    listed = {
        w.edition: w
        for w in session.exec(
            select(WasteCode).where(WasteCode.code == code).order_by(col(WasteCode.edition))
        )
    }
    if in_force in listed:
        return listed[in_force]
    elsewhere = [e for e, _ in editions if e in listed]
    in_force_text = f"{edition_title(in_force)}, in force on {on.isoformat()}"
    if elsewhere:
        message = (
            f"waste code {code} is not in {in_force_text}; "
            f"it is listed in {'、'.join(edition_title(e) for e in elsewhere)}"
        )
    else:
        message = f"waste code {code} is in no edition of the National Hazardous Waste List ({in_force_text})"
    raise InvalidInput(
        message, details=[{"field": "waste_code", "value": code, "edition": in_force, "listed_in": elsewhere}]
    )
