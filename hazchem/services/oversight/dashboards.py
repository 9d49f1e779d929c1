"""Oversight dashboards: the park's and each department's figures, grouped in SQL.

A dashboard has parts; each part belongs to an area of the oversight matrix and is computed only for
those who oversee that area, so a department's dashboard holds exactly what it is responsible for:

- flows (waste manifests): generated / transferred / treated by category and month of a Beijing year,
  dated like the annual summary (generation date, pick-up, treatment);
- manifests (waste manifests): manifests created in the year by current status, manifests with a weight
  anomaly created in the year, and manifests overdue today (the audit search's "overdue" condition);
- storage (waste storage): stock against storage capacity of every storage facility in the park;
- receiving (waste licences): quantity accepted in the year against the annual capacity of every
  facility in the park that receives waste;
- transport (transport legs): manifests on the road now, vehicles and drivers whose certificates end
  within the warning window;
- licences: licences expiring within the warning window among those the department issues or is
  responsible for (every regulator and the administrator have this part).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, or_, true
from sqlmodel import Session, col, select

from hazchem.domain.deadlines import WorkCalendar
from hazchem.domain.errors import Forbidden
from hazchem.domain.lifecycle import ON_THE_ROAD, ManifestStatus
from hazchem.domain.oversight import Area
from hazchem.models import (
    Driver,
    Enterprise,
    Facility,
    FacilityStock,
    Licence,
    Manifest,
    Vehicle,
    WasteMonthly,
)
from hazchem.services.oversight import messages as m
from hazchem.services.oversight.search import overdue_condition, utc_start
from hazchem.services.oversight.summaries import (
    owned,
    park_members,
    year_bounds,
)
from hazchem.services.platform.access import Actor, can_oversee, enterprise_scope, may_read, park_today
from hazchem.services.platform.calendar import park_calendar
from hazchem.services.registry.facilities import facility_area_condition
from hazchem.services.registry.licences import expiring_licences, visible_licences_query
from hazchem.services.registry.parks import resolve_park

MONTHS = tuple(range(1, 13))
FLOW_KINDS = ("generated", "transferred", "treated")
CAPACITY_WARNING = 0.8

PART_AREAS: dict[str, Area] = {
    "flows": Area.WASTE_MANIFESTS,
    "manifests": Area.WASTE_MANIFESTS,
    "storage": Area.WASTE_STORAGE,
    "receiving": Area.WASTE_LICENCES,
    "transport": Area.TRANSPORT_LEGS,
}
PARTS = (*PART_AREAS, "licences")


@dataclass
class FlowTable:
    """Grams by category and month (1–12) for one flow."""

    kind: str
    by_category: dict[str, list[int]] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        """Categories present, in order."""
        return sorted(self.by_category)

    def month_totals(self) -> list[int]:
        """Grams per month over every category."""
        return [sum(v[m - 1] for v in self.by_category.values()) for m in MONTHS]

    def total(self) -> int:
        """Grams in the year."""
        return sum(self.month_totals())


@dataclass(frozen=True)
class CapacityUse:
    """A facility's use of one capacity: used against capacity (kg), and the share (None without one)."""

    facility_id: int
    facility: str
    enterprise: str
    used_kg: int
    capacity_kg: int

    @property
    def share(self) -> float:
        """Used share of the capacity (0 when there is none)."""
        return self.used_kg / self.capacity_kg if self.capacity_kg else 0.0

    @property
    def warn(self) -> bool:
        """At or above the 80 % line the alerts use."""
        return self.share >= CAPACITY_WARNING


@dataclass(frozen=True)
class ExpiringCertificate:
    """A vehicle's or driver's certificate ending within the warning window."""

    kind: str
    name: str
    carrier: str
    valid_to: date


@dataclass
class Dashboard:
    """What one dashboard shows; a part the actor does not oversee stays None."""

    year: int
    today: date
    park_id: int
    park_name: str
    parts: tuple[str, ...]
    flows: dict[str, FlowTable] | None = None
    statuses: dict[str, int] | None = None
    anomalies: int | None = None
    overdue: int | None = None
    storage: list[CapacityUse] | None = None
    receiving: list[CapacityUse] | None = None
    in_transit: int | None = None
    certificates: list[ExpiringCertificate] | None = None
    licences: list[Any] | None = None


def visible_parts(actor: Actor) -> tuple[str, ...]:
    """The dashboard parts the actor oversees (administrators: all; a department: its areas)."""
    if not (actor.is_admin or actor.is_regulator):
        return ()
    return tuple(p for p in PARTS if p == "licences" or can_oversee(actor, PART_AREAS[p]))


def _month_case(column: Any, year: int, as_dates: bool) -> Any:
    """Month 1–12 of a value within the year (Beijing days), as one portable CASE expression."""
    bounds = [date(year, m, 1) for m in range(2, 13)]
    whens = [
        (column < (b if as_dates else utc_start(b)), m) for m, b in zip(range(1, 12), bounds, strict=True)
    ]
    return case(*whens, else_=12)


def _grouped(session: Session, inner: Any) -> list[tuple[int, str, int]]:
    # Grouping on the outer query keeps the bound month limits out of GROUP BY (PostgreSQL compares
    # GROUP BY expressions with their parameters).
    sub = inner.subquery()
    rows = session.exec(
        select(sub.c.month, sub.c.cat, func.sum(sub.c.g)).group_by(sub.c.month, sub.c.cat)
    ).all()
    return [(int(m), f"HW{c}", int(g or 0)) for m, c, g in rows]


def flows_by_month(session: Session, owners: Any, year: int) -> dict[str, FlowTable]:
    """Generated, transferred and treated grams by category and month for the owners (from roll-ups)."""
    year_bounds(year)
    rows = session.exec(
        select(
            WasteMonthly.month,
            WasteMonthly.category,
            func.sum(WasteMonthly.generated_g),
            func.sum(WasteMonthly.transferred_g),
            func.sum(WasteMonthly.treated_g),
        )
        .where(owned(col(WasteMonthly.enterprise_id), owners), col(WasteMonthly.year) == year)
        .group_by(WasteMonthly.month, WasteMonthly.category)
    ).all()
    out = {kind: FlowTable(kind) for kind in FLOW_KINDS}
    for month, cat, *grams in rows:
        for kind, g in zip(FLOW_KINDS, grams, strict=True):
            if g:
                out[kind].by_category.setdefault(cat, [0] * 12)[int(month) - 1] += int(g)
    return out


def _park_manifests(owners: Any) -> Any:
    if owners is None:
        return true()
    return or_(col(Manifest.generator_id).in_(owners), col(Manifest.receiver_id).in_(owners))


def manifest_counts(
    session: Session, owners: Any, year: int, today: date, cal: WorkCalendar
) -> tuple[dict[str, int], int, int]:
    """Manifests created in the year by status, those with an anomaly, and those overdue today."""
    start, end = utc_start(date(year, 1, 1)), utc_start(date(year + 1, 1, 1))
    in_year = (_park_manifests(owners), col(Manifest.created_at) >= start, col(Manifest.created_at) < end)
    rows = session.exec(select(Manifest.status, func.count()).where(*in_year).group_by(Manifest.status)).all()
    counts = {s.value: 0 for s in ManifestStatus}
    counts.update({status: int(n) for status, n in rows})
    anomalies = session.exec(select(func.count()).where(*in_year, col(Manifest.anomaly).is_(True))).one()
    overdue = session.exec(
        select(func.count()).where(_park_manifests(owners), overdue_condition(today, cal))
    ).one()
    return counts, int(anomalies), int(overdue)


def storage_use(session: Session, park_id: int) -> list[CapacityUse]:
    """Stock against storage capacity of every park facility that has a storage capacity."""
    rows = session.exec(
        select(Facility, Enterprise.name, func.coalesce(FacilityStock.stock_g, 0))
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .outerjoin(FacilityStock, col(FacilityStock.facility_id) == Facility.id)
        .where(Enterprise.park_id == park_id, col(Facility.storage_capacity_kg).is_not(None))
        .order_by(col(Facility.id))
    )
    return [
        CapacityUse(f.id, f.name, name, int(g) // 1000, f.storage_capacity_kg or 0) for f, name, g in rows
    ]


def receiving_use(session: Session, park_id: int, year: int) -> list[CapacityUse]:
    """Quantity accepted in the year against the annual capacity of every park facility that has one."""
    start, end = utc_start(date(year, 1, 1)), utc_start(date(year + 1, 1, 1))
    accepted = (
        select(col(Manifest.receiver_facility_id).label("fid"), func.sum(Manifest.accepted_g).label("g"))
        .where(col(Manifest.accepted_at) >= start, col(Manifest.accepted_at) < end)
        .group_by(Manifest.receiver_facility_id)
        .subquery()
    )
    rows = session.exec(
        select(Facility, Enterprise.name, func.coalesce(accepted.c.g, 0))
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .outerjoin(accepted, accepted.c.fid == Facility.id)
        .where(Enterprise.park_id == park_id, col(Facility.annual_capacity_kg).is_not(None))
        .order_by(col(Facility.id))
    )
    return [CapacityUse(f.id, f.name, name, int(g) // 1000, f.annual_capacity_kg or 0) for f, name, g in rows]


def transport_figures(
    session: Session, owners: Any, today: date, within_days: int
) -> tuple[int, list[ExpiringCertificate]]:
    """Park manifests on the road now, and carriers' certificates ending within the window."""
    on_road = session.exec(
        select(func.count()).where(_park_manifests(owners), col(Manifest.status).in_(ON_THE_ROAD))
    ).one()
    horizon = today + timedelta(days=within_days)
    certificates = []
    for kind, model, label in (("vehicle", Vehicle, Vehicle.plate), ("driver", Driver, Driver.name)):
        for name, carrier, valid_to in session.exec(
            select(label, Enterprise.name, model.valid_to)
            .join(Enterprise, col(Enterprise.id) == model.carrier_id)
            .where(col(model.valid_to) <= horizon, owned(col(model.carrier_id), owners))
            .order_by(col(model.valid_to))
        ):
            certificates.append(ExpiringCertificate(kind, name, carrier, valid_to))
    return int(on_road), sorted(certificates, key=lambda c: c.valid_to)


def dashboard(
    *,
    session: Session,
    actor: Actor,
    year: int | None = None,
    today: date | None = None,
    within_days: int = 60,
    cal: WorkCalendar | None = None,
    park_id: int | None = None,
) -> Dashboard:
    """The dashboard of the park (administrators, the park committee) or of the actor's department."""
    parts = visible_parts(actor)
    if not parts:
        raise Forbidden(m.DASHBOARD_FORBIDDEN)
    today = today or park_today(actor)
    year = year or today.year
    year_bounds(year)
    park = resolve_park(session, actor, park_id)
    cal = cal or park_calendar(session, park_id=park.id)
    owners = park_members(session, park.id)
    board = Dashboard(year=year, today=today, park_id=park.id, park_name=park.name, parts=parts)
    if "flows" in parts:
        board.flows = flows_by_month(session, owners, year)
    if "manifests" in parts:
        board.statuses, board.anomalies, board.overdue = manifest_counts(session, owners, year, today, cal)
    if "storage" in parts:
        board.storage = storage_use(session, park.id)
    if "receiving" in parts:
        board.receiving = receiving_use(session, park.id, year)
    if "transport" in parts:
        board.in_transit, board.certificates = transport_figures(session, owners, today, within_days)
    if "licences" in parts:
        board.licences = expiring_licences(session=session, actor=actor, on=today, within_days=within_days)
    return board


def status_order() -> Sequence[str]:
    """Manifest statuses in lifecycle order, for tables and charts."""
    return [s.value for s in ManifestStatus]


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
