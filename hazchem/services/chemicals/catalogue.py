"""Catalogue search and entry pages: chemicals, waste codes, categories, method codes, editions.

Catalogue data is public regulatory text every signed-in user may read; what an entry page shows
about licences and facilities is limited to what the actor may see in the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import case
from sqlmodel import Session, and_, col, or_, select

from hazchem.domain import catalogue as cat
from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.domain.identifiers import validate_cas, validate_category
from hazchem.models import (
    CatalogueEdition,
    Chemical,
    Facility,
    FacilityChemical,
    Licence,
    LicenceScopeLine,
    TreatmentMethod,
    WasteCategory,
    WasteCode,
)
from hazchem.services.chemicals import messages as msg
from hazchem.services.platform.access import Actor, enterprise_scope
from hazchem.services.registry.facilities import facility_area_condition
from hazchem.services.registry.licences import LicenceView, views, visible_licences_query

MAX_LIMIT = 500
_ESCAPE = "\\"
_MAX_SERIAL_DIGITS = 9


def _limit(limit: int) -> int:
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput(msg.LIMIT_RANGE, details=[{"field": "limit"}], max=MAX_LIMIT)
    return limit


def _like_escape(term: str) -> str:
    return term.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")


# --- chemicals ----------------------------------------------------------------------------------


def search_chemicals(
    *, session: Session, q: str, edition: str | None = None, limit: int = 50
) -> list[Chemical]:
    """Entries whose name, alias, English name, CAS number or serial contain `q`; exact matches first.

    One LIKE on the pre-normalised search column, then exact terms (`|term|`) and the exact serial
    rank ahead of the rest, which follow in serial order.
    """
    term = cat.normalize(q or "").replace(cat.SEARCH_SEPARATOR, "")
    if not term:
        raise InvalidInput(msg.SEARCH_TERM_REQUIRED, details=[{"field": "q"}])
    limit = _limit(limit)
    escaped = _like_escape(term)
    search = col(Chemical.search_text)
    matches = [search.like(f"%{escaped}%", escape=_ESCAPE)]
    exact = [
        search.like(f"%{cat.SEARCH_SEPARATOR}{escaped}{cat.SEARCH_SEPARATOR}%", escape=_ESCAPE),
        col(Chemical.name) == (q or "").strip(),
    ]
    if term.isdigit() and len(term) <= _MAX_SERIAL_DIGITS:
        matches.append(col(Chemical.serial) == int(term))
        exact.append(col(Chemical.serial) == int(term))
    query = select(Chemical).where(or_(*matches))
    if edition:
        query = query.where(Chemical.edition == edition)
    query = query.order_by(case((or_(*exact), 0), else_=1), col(Chemical.serial), col(Chemical.id)).limit(
        limit
    )
    return list(session.exec(query))


@dataclass
class ChemicalView:
    """A catalogue entry with the licences and facilities that refer to it (as far as the actor may see)."""

    chemical: Chemical
    licences: list[LicenceView] = field(default_factory=list)
    facilities: list[Facility] = field(default_factory=list)


def get_chemical(*, session: Session, actor: Actor, chemical_id: int) -> ChemicalView:
    """One entry, with the visible licences whose lines name it and the visible facilities holding it."""
    chemical = session.get(Chemical, chemical_id)
    if chemical is None:
        raise NotFound(msg.CHEMICAL_NOT_FOUND, chemical_id=chemical_id)
    naming = select(LicenceScopeLine.licence_id).where(LicenceScopeLine.chemical_id == chemical_id)
    rows = session.exec(
        visible_licences_query(session, actor).where(col(Licence.id).in_(naming)).order_by(col(Licence.id))
    ).all()
    facilities = (
        select(Facility)
        .join(FacilityChemical, col(FacilityChemical.facility_id) == Facility.id)
        .where(FacilityChemical.chemical_id == chemical_id)
        .order_by(col(Facility.id))
    )
    scope = enterprise_scope(actor)
    if scope is not None:
        facilities = facilities.where(col(Facility.enterprise_id).in_(scope or [-1]))
    overseen = facility_area_condition(actor)
    if overseen is not None:
        facilities = facilities.where(overseen)
    return ChemicalView(chemical, views(session, list(rows)), list(session.exec(facilities)))


# --- waste codes --------------------------------------------------------------------------------


def search_waste_codes(
    *,
    session: Session,
    q: str = "",
    edition: str | None = None,
    category: str | None = None,
    limit: int = 50,
) -> list[WasteCode]:
    """Waste codes by code fragment ('900-249', 'HW08', '08') or description / industry text."""
    limit = _limit(limit)
    query = select(WasteCode)
    if edition:
        query = query.where(WasteCode.edition == edition)
    if category:
        query = query.where(WasteCode.category == validate_category(category))
    term = cat.fold(q or "").replace(" ", "")
    first = col(WasteCode.code)
    if term:
        upper = term.upper()
        if re.fullmatch(r"HW\d{2}", upper):
            query = query.where(WasteCode.category == upper)
        elif re.fullmatch(r"\d{2}", term):
            query = query.where(or_(WasteCode.category == f"HW{term}", col(WasteCode.code).like(f"{term}%")))
            first = case((WasteCode.category == f"HW{term}", 0), else_=1)
        elif re.fullmatch(r"[\d-]+", term):
            query = query.where(col(WasteCode.code).like(f"%{term}%"))
            first = case((col(WasteCode.code).like(f"{term}%"), 0), else_=1)
        else:
            like = f"%{_like_escape(term)}%"
            query = query.where(
                or_(
                    col(WasteCode.description).like(like, escape=_ESCAPE),
                    col(WasteCode.industry).like(like, escape=_ESCAPE),
                    col(WasteCode.code).ilike(like, escape=_ESCAPE),
                )
            )
    query = query.order_by(first, col(WasteCode.code), col(WasteCode.edition).desc()).limit(limit)
    return list(session.exec(query))


@dataclass
class WasteCodeView:
    """A waste code with its category and the licences whose lines cover it (as far as the actor may see)."""

    waste_code: WasteCode
    category: WasteCategory | None
    licences: list[LicenceView] = field(default_factory=list)


def get_waste_code(*, session: Session, actor: Actor, waste_code_id: int) -> WasteCodeView:
    """One waste code, with the visible licences whose lines name the code or its whole category."""
    waste_code = session.get(WasteCode, waste_code_id)
    if waste_code is None:
        raise NotFound(msg.WASTE_CODE_NOT_FOUND, waste_code_id=waste_code_id)
    category = session.exec(
        select(WasteCategory).where(
            WasteCategory.edition == waste_code.edition, WasteCategory.number == waste_code.category
        )
    ).first()
    naming = select(LicenceScopeLine.licence_id).where(
        or_(
            LicenceScopeLine.waste_code == waste_code.code,
            and_(
                col(LicenceScopeLine.waste_code).is_(None),
                LicenceScopeLine.waste_category == waste_code.category,
            ),
        )
    )
    rows = session.exec(
        visible_licences_query(session, actor).where(col(Licence.id).in_(naming)).order_by(col(Licence.id))
    ).all()
    return WasteCodeView(waste_code, category, views(session, list(rows)))


def list_waste_categories(*, session: Session, edition: str | None = None) -> list[WasteCategory]:
    """HW categories, by edition and number."""
    query = select(WasteCategory).order_by(col(WasteCategory.edition), col(WasteCategory.number))
    if edition:
        query = query.where(WasteCategory.edition == edition)
    return list(session.exec(query))


# --- methods and editions -----------------------------------------------------------------------


def list_methods(*, session: Session) -> list[TreatmentMethod]:
    """Method codes in the order of the guidance: R (utilisation), D (disposal), C (other), by number."""

    def order(method: TreatmentMethod) -> tuple[int, int, str]:
        kind = (
            cat.METHOD_KINDS.index(method.kind) if method.kind in cat.METHOD_KINDS else len(cat.METHOD_KINDS)
        )
        digits = method.code[1:]
        return kind, int(digits) if digits.isdigit() else 0, method.code

    return sorted(session.exec(select(TreatmentMethod)), key=order)


def list_editions(*, session: Session) -> list[CatalogueEdition]:
    """Every loaded list edition with its effective date and source."""
    return list(
        session.exec(
            select(CatalogueEdition).order_by(col(CatalogueEdition.list_name), col(CatalogueEdition.edition))
        )
    )


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
            raise InvalidInput(msg.NOT_IN_CATALOGUE, details=[{"field": field}], chemical=text)
        return int(text)
    rows = [
        c
        for c in session.exec(select(Chemical).where(col(Chemical.search_text).contains(text.lower())))
        if text in c.cas_numbers or c.name == text
    ]
    if len(rows) != 1:
        raise InvalidInput(
            msg.NAMES_SEVERAL_ENTRIES if rows else msg.NAMES_NO_ENTRY,
            details=[{"field": field, "value": text}],
            text=repr(text),
        )
    return rows[0].id


def chemical_for_cas(*, session: Session, cas: str) -> Chemical:
    """The one catalogue entry carrying a CAS number (check digit validated), else InvalidInput."""
    cas = validate_cas(cas)
    rows = session.exec(
        select(Chemical).where(col(Chemical.search_text).contains(cas.lower())).order_by(Chemical.id)
    ).all()
    matches = [c for c in rows if cas in (c.cas_numbers or [])]
    if not matches:
        raise InvalidInput(msg.CAS_UNKNOWN, details=[{"field": "cas", "value": cas}], cas=cas)
    if len(matches) > 1:
        raise InvalidInput(
            msg.CAS_AMBIGUOUS,
            details=[{"field": "cas", "value": cas, "candidates": [c.id for c in matches]}],
            cas=cas,
            count=len(matches),
        )
    return matches[0]
