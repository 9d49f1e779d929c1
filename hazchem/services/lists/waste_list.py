"""The National Hazardous Waste List by date: which loaded edition is in force, and a code within it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from hazchem.domain import catalogue as cat
from hazchem.domain.errors import InvalidInput
from hazchem.models import CatalogueEdition, WasteCode
from hazchem.services.lists import messages as msg
from hazchem.services.lists.importers import ImportReport, _finish, _record_edition
from hazchem.services.platform.uow import use_case

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
            msg.NONE_IN_FORCE,
            details=[{"field": "waste_code", "value": code, "on": on.isoformat()}],
            on=on.isoformat(),
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
    named = {"code": code, "title": edition_title(in_force), "on": on.isoformat()}
    refusal = (
        msg.CODE_ELSEWHERE(**named, listed="、".join(edition_title(e) for e in elsewhere))
        if elsewhere
        else msg.CODE_IN_NO_EDITION(**named)
    )
    raise InvalidInput(
        refusal, details=[{"field": "waste_code", "value": code, "edition": in_force, "listed_in": elsewhere}]
    )


@use_case("catalogue.import")
def register_known_editions(*, session: Session) -> list[ImportReport]:
    """Record every known edition of the list with its effective date, codes shipped or not, so the
    registry says which editions exist even before a park imports an edition's table (idempotent)."""
    reports = []
    for (list_name, edition), _info in sorted(cat.KNOWN_EDITIONS.items()):
        if list_name != LIST_NAME:
            continue
        report = ImportReport(list_name=LIST_NAME, edition=edition)
        recorded = session.exec(
            select(CatalogueEdition.id).where(
                CatalogueEdition.list_name == LIST_NAME, CatalogueEdition.edition == edition
            )
        ).first()
        # An edition already recorded (by its table's own notes) is left as it is.
        if recorded is None and _record_edition(session, LIST_NAME, edition, {}):
            report.created = 1
        reports.append(report)
    _finish(
        session,
        None,
        ImportReport(list_name=LIST_NAME, edition="known"),
        f"{LIST_NAME}:known",
        any(r.created for r in reports),
    )
    return reports
