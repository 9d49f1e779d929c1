"""The province dashboard: the parks an actor reads side by side for a year.

Per park: waste generated, transferred and treated by category (from the monthly roll-ups), receipt
confirmations overdue today, storage and receiving capacity use, major hazard installations, and
licences in use that end within the warning window. A manifest between two parks counts as overdue in
both, as each park's regulator follows it up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from hazchem.domain.deadlines import WorkCalendar
from hazchem.domain.errors import Forbidden
from hazchem.domain.lifecycle import ACTIVE_LICENCE_STATUSES
from hazchem.models import (
    Enterprise,
    Facility,
    FacilityHazard,
    FacilityStock,
    Licence,
    Manifest,
    Park,
    WasteMonthly,
)
from hazchem.services.oversight import messages as m
from hazchem.services.oversight.search import overdue_condition
from hazchem.services.oversight.summaries import year_bounds
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.calendar import park_calendar

PROVINCE_FLOWS = ("generated", "transferred", "treated")
LICENCE_WINDOW_DAYS = 90


@dataclass
class ParkFigures:
    """One park's row on the province dashboard (grams by category; capacities in kilograms)."""

    park_id: int
    name: str
    flows: dict[str, dict[str, int]] = field(default_factory=lambda: {k: {} for k in PROVINCE_FLOWS})
    overdue: int = 0
    stock_kg: int = 0
    storage_capacity_kg: int = 0
    received_kg: int = 0
    receiving_capacity_kg: int = 0
    major_hazards: int = 0
    expiring_licences: int = 0

    def total(self, kind: str) -> int:
        """Grams of one flow over every category."""
        return sum(self.flows[kind].values())

    @property
    def storage_share(self) -> float:
        """Share of the park's storage capacity in use (0 without any)."""
        return self.stock_kg / self.storage_capacity_kg if self.storage_capacity_kg else 0.0

    @property
    def receiving_share(self) -> float:
        """Share of the park's annual receiving capacity used in the year (0 without any)."""
        return self.received_kg / self.receiving_capacity_kg if self.receiving_capacity_kg else 0.0


@dataclass
class ProvinceBoard:
    """The parks compared, in name order, with the categories that appear in any of them."""

    year: int
    today: date
    within_days: int
    parks: list[ParkFigures]

    @property
    def categories(self) -> list[str]:
        """Waste categories with a figure in any park."""
        return sorted({c for p in self.parks for kind in PROVINCE_FLOWS for c in p.flows[kind]})


def _parks(session: Session, actor: Actor) -> dict[int, ParkFigures]:
    query = select(Park.id, Park.name).order_by(Park.name, Park.id)
    if actor.park_ids is not None:
        query = query.where(col(Park.id).in_(sorted(actor.park_ids) or [-1]))
    return {pid: ParkFigures(pid, name) for pid, name in session.exec(query)}


def _flows(session: Session, rows: dict[int, ParkFigures], year: int) -> None:
    query = (
        select(
            Enterprise.park_id,
            WasteMonthly.category,
            func.sum(WasteMonthly.generated_g),
            func.sum(WasteMonthly.transferred_g),
            func.sum(WasteMonthly.treated_g),
            func.sum(WasteMonthly.received_g),
        )
        .join(Enterprise, col(Enterprise.id) == WasteMonthly.enterprise_id)
        .where(col(WasteMonthly.year) == year, col(Enterprise.park_id).in_(list(rows)))
        .group_by(Enterprise.park_id, WasteMonthly.category)
    )
    for park_id, cat, *grams in session.exec(query):
        row = rows[park_id]
        for kind, g in zip(PROVINCE_FLOWS, grams[:3], strict=True):
            if g:
                row.flows[kind][cat] = int(g)
        row.received_kg += int(grams[3] or 0) // 1000


def _overdue(session: Session, rows: dict[int, ParkFigures], today: date, cal: WorkCalendar) -> None:
    gen = Enterprise.__table__.alias("gen")  # type: ignore[attr-defined]
    rec = Enterprise.__table__.alias("rec")  # type: ignore[attr-defined]
    query = (
        select(gen.c.park_id, rec.c.park_id)
        .select_from(Manifest)
        .join(gen, gen.c.id == Manifest.generator_id)
        .join(rec, rec.c.id == Manifest.receiver_id)
        .where(overdue_condition(today, cal))
    )
    for parks in session.exec(query):
        for park_id in set(parks):
            if park_id in rows:
                rows[park_id].overdue += 1


def _capacities(session: Session, rows: dict[int, ParkFigures]) -> None:
    query = (
        select(
            Enterprise.park_id,
            func.sum(Facility.storage_capacity_kg),
            func.sum(Facility.annual_capacity_kg),
            # Stock counts against capacity only where a capacity is set, as on the park dashboard.
            func.sum(
                case((col(Facility.storage_capacity_kg).is_not(None), FacilityStock.stock_g), else_=0)
            ),
            func.sum(case((col(FacilityHazard.major_hazard).is_(True), 1), else_=0)),
        )
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .outerjoin(FacilityStock, col(FacilityStock.facility_id) == Facility.id)
        .outerjoin(FacilityHazard, col(FacilityHazard.facility_id) == Facility.id)
        .where(col(Enterprise.park_id).in_(list(rows)))
        .group_by(Enterprise.park_id)
    )
    for park_id, storage, annual, stock_g, hazards in session.exec(query):
        row = rows[park_id]
        row.storage_capacity_kg = int(storage or 0)
        row.receiving_capacity_kg = int(annual or 0)
        row.stock_kg = int(stock_g or 0) // 1000
        row.major_hazards = int(hazards or 0)


def _licences(session: Session, rows: dict[int, ParkFigures], today: date, within_days: int) -> None:
    query = (
        select(Enterprise.park_id, func.count())
        .select_from(Licence)
        .join(Enterprise, col(Enterprise.id) == Licence.enterprise_id)
        .where(
            col(Enterprise.park_id).in_(list(rows)),
            col(Licence.valid_to) <= today + timedelta(days=within_days),
            col(Licence.status).in_(ACTIVE_LICENCE_STATUSES),
        )
        .group_by(Enterprise.park_id)
    )
    for park_id, n in session.exec(query):
        rows[park_id].expiring_licences = int(n)


def province_dashboard(
    *,
    session: Session,
    actor: Actor,
    year: int | None = None,
    today: date | None = None,
    within_days: int = LICENCE_WINDOW_DAYS,
    cal: WorkCalendar | None = None,
) -> ProvinceBoard:
    """The parks the actor reads compared for a year (regulators and administrators only, read-only)."""
    if not (actor.is_admin or actor.is_regulator):
        raise Forbidden(m.DASHBOARD_FORBIDDEN)
    today = today or park_today(actor)
    year = year or today.year
    year_bounds(year)
    rows = _parks(session, actor)
    if rows:
        _flows(session, rows, year)
        _overdue(session, rows, today, cal or park_calendar(session, park_id=actor.park_id))
        _capacities(session, rows)
        _licences(session, rows, today, within_days)
    return ProvinceBoard(year, today, within_days, list(rows.values()))

