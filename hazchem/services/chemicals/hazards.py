"""Major hazard installations (GB 18218 Σq/Q, R and grade per facility), the critical quantities and
exposed populations emergency management enters, and controlled holdings for the regulators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from hazchem.domain import chemicals as rules
from hazchem.domain import gb18218 as std
from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AlertKind
from hazchem.models import (
    Alert,
    Chemical,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    FacilityChemicalStock,
    FacilityHazard,
)
from hazchem.services.chemicals import messages as msg
from hazchem.services.chemicals.movements import contributions, record_crossing, settle_hazard
from hazchem.services.lists.gb18218 import standard_tables
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, park_enterprise_condition, require_oversight
from hazchem.services.platform.uow import use_case

MAX_SOURCE = 300
# The standard's largest Q is 5,000 t; a thousand times that still fits and stops typing errors.
MAX_CRITICAL_KG = 5_000_000_000
# More than any 500 m circle holds; a guard against typing errors, not a rule of the standard.
MAX_PEOPLE = 10_000_000


@dataclass
class HazardView:
    """A facility's Σq/Q with its contributing substances, its R and grade, and open major-hazard alerts."""

    facility: Facility
    enterprise: Enterprise
    hazard: FacilityHazard
    substances: list[dict[str, Any]]
    alerts: list[Alert]
    rating: std.Rating | None = None

    @property
    def ratio(self) -> str:
        """Σq/Q as text."""
        return rules.ratio_text(self.hazard.ratio_ppb)

    @property
    def exposed_people(self) -> int | None:
        """People outside the plant within 500 m who may be exposed, as entered (None: not yet)."""
        return self.facility.exposed_people


@dataclass(frozen=True)
class UnknownQuantity:
    """Stock of a chemical with no known critical quantity: Σq/Q cannot count it until Q is entered."""

    facility: Facility
    enterprise: Enterprise
    chemical: Chemical
    quantity_kg: int


def _betas(session: Session, chemical_ids: list[int]) -> dict[int, Decimal | None]:
    tables = standard_tables()
    rows = session.exec(select(Chemical).where(col(Chemical.id).in_(chemical_ids))) if chemical_ids else []
    return {
        c.id: std.beta_for(c.name, c.aliases or (), std.category_codes(c.ghs_categories), tables)
        for c in rows
    }


def _rating(facility: Facility, substances: list[dict[str, Any]]) -> std.Rating | None:
    if facility.exposed_people is None:
        return None
    terms = [(s["name"], s["quantity_kg"], s["critical_quantity_kg"], s["beta"]) for s in substances]
    return std.rating(terms, facility.exposed_people, standard_tables())


def major_hazards(*, session: Session, actor: Actor, only_major: bool = False) -> list[HazardView]:
    """Facilities holding GB 18218 substances, major hazard installations first (emergency management)."""
    require_oversight(actor, Area.CHEMICAL_STOCK)
    query = (
        select(FacilityHazard, Facility, Enterprise)
        .join(Facility, col(Facility.id) == FacilityHazard.facility_id)
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .where(col(FacilityHazard.ratio_ppb) > 0)
        .order_by(col(FacilityHazard.ratio_ppb).desc(), Facility.id)
    )
    if only_major:
        query = query.where(col(FacilityHazard.major_hazard).is_(True))
    query = query.where(*park_enterprise_condition(actor, Enterprise.id))
    rows = session.exec(query).all()
    ids = [str(f.id) for _h, f, _e in rows]
    open_alerts: dict[str, list[Alert]] = {}
    if ids:
        for alert in session.exec(
            select(Alert)
            .where(
                Alert.kind == AlertKind.MAJOR_HAZARD.value,
                Alert.entity == "facility",
                col(Alert.entity_id).in_(ids),
                col(Alert.acknowledged_at).is_(None),
            )
            .order_by(col(Alert.raised_at).desc())
        ):
            open_alerts.setdefault(alert.entity_id, []).append(alert)
    views = [
        HazardView(f, e, h, contributions(session, f.id), open_alerts.get(str(f.id), [])) for h, f, e in rows
    ]
    betas = _betas(session, sorted({s["chemical_id"] for v in views for s in v.substances}))
    for view in views:
        for s in view.substances:
            s["beta"] = betas.get(s["chemical_id"])
        view.rating = _rating(view.facility, view.substances)
    return views


def unknown_quantities(*, session: Session, actor: Actor) -> list[UnknownQuantity]:
    """Chemicals held in the park with no critical quantity: what the major-hazard sums cannot see."""
    require_oversight(actor, Area.CHEMICAL_STOCK)
    rows = session.exec(
        select(FacilityChemicalStock, Facility, Enterprise, Chemical)
        .join(Facility, col(Facility.id) == FacilityChemicalStock.facility_id)
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .join(Chemical, col(Chemical.id) == FacilityChemicalStock.chemical_id)
        .where(
            col(FacilityChemicalStock.quantity_kg) > 0,
            col(Chemical.critical_quantity_kg).is_(None),
            *park_enterprise_condition(actor, Enterprise.id),
        )
        .order_by(Chemical.name, Facility.id)
    ).all()
    return [UnknownQuantity(f, e, c, s.quantity_kg) for s, f, e, c in rows]


def _refresh_ratios(session: Session, actor: Actor | None, chemical: Chemical) -> None:
    """Recount the chemical's q/Q in every facility holding it, and each facility's Σq/Q and crossing."""
    rows = session.exec(
        select(
            FacilityChemicalStock.facility_id,
            FacilityChemicalStock.quantity_kg,
            FacilityChemicalStock.ratio_ppb,
        )
        .where(FacilityChemicalStock.chemical_id == chemical.id, col(FacilityChemicalStock.quantity_kg) > 0)
        .order_by(FacilityChemicalStock.facility_id)
    ).all()
    stamp = clock.now()
    for facility_id, quantity_kg, old in rows:
        new = rules.ratio_ppb(quantity_kg, chemical.critical_quantity_kg)
        if new == old:
            continue
        session.execute(
            update(FacilityChemicalStock)
            .where(
                col(FacilityChemicalStock.facility_id) == facility_id,
                col(FacilityChemicalStock.chemical_id) == chemical.id,
            )
            .values(ratio_ppb=new)
        )
        hazard, change = settle_hazard(session, facility_id, 0, new - old, stamp)
        if change is not None:
            facility = session.get(Facility, facility_id)
            record_crossing(session, actor, hazard, change, session.get(Enterprise, facility.enterprise_id))


@use_case("facility.major_hazard", "facility.major_hazard_cleared")
def refresh_ratios(*, session: Session, chemical_ids: Iterable[int]) -> None:
    """Recount stock ratios after a catalogue load changed these entries' Q (no-op without stock)."""
    for chemical_id in sorted(set(chemical_ids)):
        chemical = session.get(Chemical, chemical_id)
        if chemical is not None:
            _refresh_ratios(session, None, chemical)


def _require_hazard_writer(actor: Actor) -> None:
    # Emergency management oversees chemical stock; the park committee and administrators all areas.
    require_oversight(actor, Area.CHEMICAL_STOCK)


@use_case("chemical.critical_quantity", "facility.major_hazard", "facility.major_hazard_cleared")
def set_critical_quantity(
    *,
    session: Session,
    actor: Actor,
    chemical_id: int,
    critical_quantity_kg: int | None,
    source: str,
    categories: str | None = None,
) -> Chemical:
    """Enter or correct a catalogue entry's Q (None clears it) with its source, and optionally its
    GB 18218 hazard category codes; every facility holding it is recounted at once."""
    _require_hazard_writer(actor)
    chemical = session.get(Chemical, chemical_id)
    if chemical is None:
        raise NotFound(
            msg.HAZARD_CHEMICAL_NOT_FOUND, details=[{"field": "chemical_id"}], chemical_id=chemical_id
        )
    source = source.strip()
    if not source or len(source) > MAX_SOURCE:
        raise InvalidInput(
            msg.HAZARD_SOURCE_REQUIRED,
            details=[{"field": "source"}],
            max=MAX_SOURCE,
        )
    if critical_quantity_kg is not None and not 0 < critical_quantity_kg <= MAX_CRITICAL_KG:
        raise InvalidInput(
            msg.HAZARD_CRITICAL_RANGE,
            details=[{"field": "critical_quantity_t"}],
            max_t=MAX_CRITICAL_KG // 1000,
        )
    codes = None if categories is None else std.category_codes(categories)
    if codes is not None:
        known = {c.code for c in standard_tables().categories}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InvalidInput(
                msg.HAZARD_UNKNOWN_CATEGORIES,
                details=[{"field": "categories", "value": unknown}],
                unknown=", ".join(unknown),
                known=", ".join(sorted(known)),
            )
    before = {
        "critical_quantity_kg": chemical.critical_quantity_kg,
        "source": chemical.critical_quantity_source,
        "categories": chemical.ghs_categories,
    }
    chemical.critical_quantity_kg = critical_quantity_kg
    chemical.critical_quantity_source = source
    if codes is not None:
        chemical.ghs_categories = " ".join(codes)
    session.add(chemical)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="chemical.critical_quantity",
        entity="chemical",
        entity_id=chemical.id,
        before=before,
        after={
            "critical_quantity_kg": critical_quantity_kg,
            "source": source,
            "categories": chemical.ghs_categories,
        },
    )
    _refresh_ratios(session, actor, chemical)
    return chemical


@use_case("facility.exposed_people")
def set_exposed_people(*, session: Session, actor: Actor, facility_id: int, people: int | None) -> Facility:
    """Enter the people outside the plant within 500 m a facility may expose (GB 18218 α; None clears)."""
    _require_hazard_writer(actor)
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise NotFound(
            msg.HAZARD_FACILITY_NOT_FOUND, details=[{"field": "facility_id"}], facility_id=facility_id
        )
    if people is not None and not 0 <= people <= MAX_PEOPLE:
        raise InvalidInput(msg.HAZARD_PEOPLE_RANGE, details=[{"field": "people"}], max=MAX_PEOPLE)
    before = facility.exposed_people
    facility.exposed_people = people
    session.add(facility)
    audit.record(
        session,
        actor=actor,
        action="facility.exposed_people",
        entity="facility",
        entity_id=facility.id,
        before={"exposed_people": before},
        after={"exposed_people": people},
    )
    return facility


@dataclass(frozen=True)
class Holding:
    """An enterprise's stock of one 剧毒 or 易制爆 chemical."""

    enterprise: Enterprise
    chemical: Chemical
    quantity_kg: int


def controlled_holdings(*, session: Session, actor: Actor) -> list[Holding]:
    """Every enterprise's 剧毒 and 易制爆 stock (public security)."""
    require_oversight(actor, Area.CONTROLLED_HOLDINGS)
    rows = session.exec(
        select(EnterpriseChemicalStock, Enterprise, Chemical)
        .join(Enterprise, col(Enterprise.id) == EnterpriseChemicalStock.enterprise_id)
        .join(Chemical, col(Chemical.id) == EnterpriseChemicalStock.chemical_id)
        .where(
            col(EnterpriseChemicalStock.quantity_kg) > 0,
            col(Chemical.highly_toxic).is_(True) | col(Chemical.explosive_precursor).is_(True),
            *park_enterprise_condition(actor, Enterprise.id),
        )
        .order_by(Enterprise.name, Chemical.name)
    ).all()
    return [Holding(e, c, s.quantity_kg) for s, e, c in rows]
