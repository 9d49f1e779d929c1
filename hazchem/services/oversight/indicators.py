"""Park indicators with their formulas, and the output figures they need.

For a Beijing calendar year Y and an evaluation date D (31 December of Y, or today while Y is running):

- Centralised disposal rate of hazardous waste (危险废物集中处置率) = A / G × 100 %, where G is the net
  weight of the containers the park's enterprises generated in Y (generation date in Y, voided containers
  left out) and A the net weight of those same containers that a receiver accepted under a manifest by the
  end of D. Every manifest's receiver holds a 危险废物经营许可证 covering the waste (checked at submission),
  so accepted under a manifest means handed to a licensed facility. Undefined when G is 0.
- Hazardous waste generated per unit of output (t/万元) = Σ G_e / Σ V_e over the enterprises e that have an
  output figure V_e (万元) entered for Y; G_e is e's generation in Y as above. Undefined when no figure is
  entered for Y; enterprises without one are listed as missing rather than counted.
- Receiving capacity against generation, per category HWxx = C / G_cat, where C is the sum of the annual
  scales (t/a) of the waste scope lines, with a utilise or dispose mode, of the 危险废物经营许可证 held by
  park enterprises and in force on D (a line names a category, or a code whose category it is), and G_cat
  the park's generation of that category in Y. Undefined for a category generated in no quantity.
- Green chemical park evaluation, item 9 (disposal capability): 1 point per compliant facility, at most 2.
  A compliant facility is a treatment facility (incinerator, landfill, physico-chemical line or utilisation
  plant) of a park enterprise that, on D, holds a 危险废物经营许可证 in force with at least one waste scope
  line whose modes include utilise or dispose.
- No major accident in three years: no accident incident graded I or II occurred in the park in the three
  years up to D.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from hazchem.domain.deadlines import china_date
from hazchem.domain.emergency_incidents import MAJOR_GRADES
from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.domain.lifecycle import VOIDED_CONTAINER, licence_in_force
from hazchem.domain.limits import MAX_WAN_YUAN
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import FacilityKind, Role, ScopeKind, WasteMode
from hazchem.models import (
    Container,
    EmergencyIncident,
    Enterprise,
    Facility,
    Licence,
    LicenceScopeLine,
    LicenceType,
    Manifest,
    ManifestContainer,
    OutputFigure,
)
from hazchem.services.oversight import messages as m
from hazchem.services.oversight.search import utc_start
from hazchem.services.oversight.summaries import (
    generated_by_category,
    owned,
    park_members,
    year_bounds,
)
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, can_oversee, require_oversight
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.parks import resolve_park

HW_LICENCE = "hw_operating"
TREATMENT_KINDS = (
    FacilityKind.INCINERATOR.value,
    FacilityKind.LANDFILL.value,
    FacilityKind.PHYSICOCHEMICAL.value,
    FacilityKind.UTILISATION.value,
)
TREATING_MODES = frozenset({WasteMode.UTILISE.value, WasteMode.DISPOSE.value})
ITEM9_POINTS_PER_FACILITY = 1
ITEM9_MAX_POINTS = 2
ACCIDENT_FREE_YEARS = 3
YUAN_PER_WAN = 10_000
G_PER_T = 1_000_000

FORMULAS = {
    "disposal_rate": "A / G × 100 %",
    "intensity": "Σ G_e / Σ V_e (t/万元)",
    "capacity": "C / G_cat",
    "item9": "min(2, 1 × N)",
}


# --- Output figures -------------------------------------------------------------------------------


def parse_wan_yuan(value: str | int | Decimal | None, field_name: str = "value") -> int:
    """An output value typed in 万元 (up to four decimals, i.e. whole yuan) as whole yuan; must be > 0."""
    try:
        wan = Decimal(str(value if value is not None else "").strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(
            m.INDICATOR_NOT_AN_AMOUNT, details=[{"field": field_name}], field=field_name, value=str(value)
        ) from None
    if not wan.is_finite() or wan <= 0:
        raise InvalidInput(m.INDICATOR_NOT_POSITIVE, details=[{"field": field_name}], field=field_name)
    if wan > MAX_WAN_YUAN:
        raise InvalidInput(
            m.INDICATOR_TOO_LARGE, details=[{"field": field_name}], field=field_name, max=str(MAX_WAN_YUAN)
        )
    yuan = wan * YUAN_PER_WAN
    if yuan != yuan.to_integral_value():
        raise InvalidInput(m.INDICATOR_TOO_PRECISE, details=[{"field": field_name}], field=field_name)
    return int(yuan)


def wan_yuan(yuan: int) -> Decimal:
    """Whole yuan shown in 万元 without float rounding."""
    return (Decimal(yuan) / YUAN_PER_WAN).normalize() + 0


def may_enter_output(actor: Actor, enterprise_id: int) -> bool:
    """The park administrator, or an EHS officer of the enterprise, enters its output figures."""
    return actor.is_admin or (actor.role == Role.EHS_OFFICER and enterprise_id in actor.enterprise_ids)


@use_case("output_figure.set")
def set_output_figure(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    year: int,
    value_wan_yuan: str | int | Decimal,
    note: str = "",
) -> OutputFigure:
    """Enter or correct an enterprise's output value for a year; the change is an audit event."""
    year_bounds(year)
    yuan = parse_wan_yuan(value_wan_yuan, "value_wan_yuan")
    if not may_enter_output(actor, enterprise_id):
        raise Forbidden(m.INDICATOR_OUTPUT_FORBIDDEN)
    if session.get(Enterprise, enterprise_id) is None:
        raise NotFound(m.INDICATOR_ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    figure = session.exec(
        select(OutputFigure).where(OutputFigure.enterprise_id == enterprise_id, OutputFigure.year == year)
    ).first()
    before = None
    if figure is None:
        figure = OutputFigure(enterprise_id=enterprise_id, year=year, value_yuan=yuan, entered_at=clock.now())
    else:
        before = {"value_yuan": figure.value_yuan, "note": figure.note}
    figure.value_yuan = yuan
    figure.note = (note or "").strip()
    figure.entered_by = actor.user_id
    figure.entered_at = clock.now()
    session.add(figure)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="output_figure.set",
        entity="outputfigure",
        entity_id=figure.id,
        before=before,
        after={"enterprise_id": enterprise_id, "year": year, "value_yuan": yuan, "note": figure.note},
    )
    return figure


def list_output_figures(*, session: Session, actor: Actor, year: int | None = None) -> list[OutputFigure]:
    """Output figures the actor may read: its own enterprise's, or all for admins and waste regulators."""
    query = select(OutputFigure).order_by(col(OutputFigure.year).desc(), col(OutputFigure.enterprise_id))
    if year is not None:
        year_bounds(year)
        query = query.where(OutputFigure.year == year)
    if not can_oversee(actor, Area.WASTE_MANIFESTS):
        query = query.where(col(OutputFigure.enterprise_id).in_(list(actor.enterprise_ids) or [-1]))
    return list(session.exec(query))


# --- Indicators -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """A numerator, a denominator and their quotient (None when the denominator is zero or missing)."""

    numerator: int
    denominator: int
    value: Decimal | None


@dataclass(frozen=True)
class IntensityRow:
    """One enterprise's generation against its output figure (None when no figure is entered)."""

    enterprise_id: int
    name: str
    generated_g: int
    output_yuan: int | None
    t_per_wan_yuan: Decimal | None


@dataclass(frozen=True)
class CapacityRow:
    """Licensed receiving capacity against generation for one category."""

    category: str
    capacity_kg: int
    generated_g: int
    ratio: Decimal | None


@dataclass(frozen=True)
class CompliantFacility:
    """A treatment facility counted for item 9, with the licence that qualifies it."""

    facility_id: int
    name: str
    enterprise: str
    kind: str
    licence_number: str


@dataclass(frozen=True)
class MajorAccident:
    """A major accident (grade I or II) counted against the green-park indicator."""

    incident_id: int
    enterprise: str
    place: str
    grade: str
    occurred_on: date


@dataclass
class ParkIndicators:
    """The park's indicators for a year, evaluated on a date."""

    year: int
    on: date
    park_id: int
    disposal_rate: Ratio
    intensity: Ratio
    intensity_rows: list[IntensityRow] = field(default_factory=list)
    capacity: list[CapacityRow] = field(default_factory=list)
    compliant: list[CompliantFacility] = field(default_factory=list)
    major_accidents: list[MajorAccident] = field(default_factory=list)

    @property
    def no_major_accident(self) -> bool:
        """No major accident (grade I or II) occurred in the three years up to the evaluation date."""
        return not self.major_accidents

    @property
    def item9_points(self) -> int:
        """1 point per compliant facility, at most 2."""
        return min(ITEM9_MAX_POINTS, ITEM9_POINTS_PER_FACILITY * len(self.compliant))


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def evaluation_date(year: int, today: date | None = None) -> date:
    """31 December of the year, or today while the year is still running."""
    today = today or clock.today()
    return min(date(year, 12, 31), today)


def disposal_rate(session: Session, owners: object, year: int, on: date) -> Ratio:
    """A / G of the module docstring, in per cent to two decimals."""
    first, last = year_bounds(year)
    generated_in_year = and_(
        owned(col(Container.enterprise_id), owners),
        col(Container.gen_date) >= first,
        col(Container.gen_date) <= last,
        col(Container.status) != VOIDED_CONTAINER,
    )
    total = session.exec(select(func.sum(Container.net_weight_g)).where(generated_in_year)).one()
    accepted = (
        select(ManifestContainer.container_id)
        .join(Manifest, col(Manifest.id) == ManifestContainer.manifest_id)
        .where(
            col(ManifestContainer.accepted).is_(True),
            col(Manifest.accepted_at).is_not(None),
            col(Manifest.accepted_at) < utc_start(date.fromordinal(on.toordinal() + 1)),
        )
    )
    handed = session.exec(
        select(func.sum(Container.net_weight_g)).where(generated_in_year, col(Container.id).in_(accepted))
    ).one()
    g, a = int(total or 0), int(handed or 0)
    return Ratio(a, g, _q(Decimal(a) * 100 / g, "0.01") if g else None)


def _licensed_lines(session: Session, park_id: int, on: date) -> list[tuple[Licence, LicenceScopeLine, str]]:
    """Waste scope lines with a utilise or dispose mode of park enterprises' HW licences in force on `on`."""
    rows = session.exec(
        select(Licence, LicenceScopeLine, Enterprise.name)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .join(LicenceScopeLine, col(LicenceScopeLine.licence_id) == Licence.id)
        .join(Enterprise, col(Enterprise.id) == Licence.enterprise_id)
        .where(
            LicenceType.code == HW_LICENCE,
            Enterprise.park_id == park_id,
            LicenceScopeLine.kind == ScopeKind.WASTE.value,
            col(Licence.valid_from) <= on,
            col(Licence.valid_to) >= on,
        )
        .order_by(col(Licence.id), col(LicenceScopeLine.id))
    )
    return [
        (lic, line, name)
        for lic, line, name in rows
        if licence_in_force(lic.status, lic.valid_from, lic.valid_to, on) and TREATING_MODES & set(line.modes)
    ]


def line_category(line: LicenceScopeLine) -> str | None:
    """The category a waste scope line covers (its own, or that of its code)."""
    if line.waste_category:
        return line.waste_category
    if line.waste_code:
        return f"HW{line.waste_code[-2:]}"
    return None


def capacity_against_generation(
    generated: dict[str, int], lines: Sequence[tuple[Licence, LicenceScopeLine, str]]
) -> list[CapacityRow]:
    """C / G_cat per category, over every category licensed or generated."""
    capacity: dict[str, int] = {}
    for _lic, line, _name in lines:
        cat = line_category(line)
        if cat and line.annual_scale_kg:
            capacity[cat] = capacity.get(cat, 0) + line.annual_scale_kg
    rows = []
    for cat in sorted(set(capacity) | set(generated)):
        cap_kg, gen_g = capacity.get(cat, 0), generated.get(cat, 0)
        ratio = _q(Decimal(cap_kg * 1000) / gen_g, "0.01") if gen_g else None
        rows.append(CapacityRow(cat, cap_kg, gen_g, ratio))
    return rows


def compliant_facilities(
    session: Session, park_id: int, lines: Sequence[tuple[Licence, LicenceScopeLine, str]]
) -> list[CompliantFacility]:
    """Treatment facilities of enterprises whose HW licence in force has a utilise or dispose line."""
    qualifying: dict[int, str] = {}
    for lic, _line, _name in lines:
        qualifying.setdefault(lic.enterprise_id, lic.number)
    if not qualifying:
        return []
    rows = session.exec(
        select(Facility, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == Facility.enterprise_id)
        .where(
            Enterprise.park_id == park_id,
            col(Facility.enterprise_id).in_(list(qualifying)),
            col(Facility.kind).in_(TREATMENT_KINDS),
        )
        .order_by(col(Facility.id))
    )
    return [CompliantFacility(f.id, f.name, name, f.kind, qualifying[f.enterprise_id]) for f, name in rows]


def intensity(session: Session, park_id: int, year: int) -> tuple[Ratio, list[IntensityRow]]:
    """Σ G_e / Σ V_e over enterprises with an output figure; every generating enterprise listed."""
    first, last = year_bounds(year)
    members = park_members(session, park_id)
    generated = dict(
        session.exec(
            select(Container.enterprise_id, func.sum(Container.net_weight_g))
            .where(
                owned(col(Container.enterprise_id), members),
                col(Container.gen_date) >= first,
                col(Container.gen_date) <= last,
                col(Container.status) != VOIDED_CONTAINER,
            )
            .group_by(Container.enterprise_id)
        ).all()
    )
    figures = dict(
        session.exec(
            select(OutputFigure.enterprise_id, OutputFigure.value_yuan).where(
                OutputFigure.year == year, owned(col(OutputFigure.enterprise_id), members)
            )
        ).all()
    )
    ids = sorted(set(generated) | set(figures))
    names = (
        dict(session.exec(select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(ids))).all())
        if ids
        else {}
    )
    rows = []
    for eid in ids:
        g, v = int(generated.get(eid) or 0), figures.get(eid)
        rows.append(IntensityRow(eid, names.get(eid, ""), g, v, _per_wan(g, v) if v else None))
    with_figures = [r for r in rows if r.output_yuan]
    g_sum = sum(r.generated_g for r in with_figures)
    v_sum = sum(r.output_yuan or 0 for r in with_figures)
    return Ratio(g_sum, v_sum, _per_wan(g_sum, v_sum) if v_sum else None), rows


def _per_wan(grams: int, yuan: int) -> Decimal:
    """Tonnes per 万元, to six decimals."""
    return _q(Decimal(grams) * YUAN_PER_WAN / (Decimal(G_PER_T) * yuan), "0.000001")


def major_accidents(session: Session, park_id: int, on: date) -> list[MajorAccident]:
    """Accidents graded I or II that occurred in the three years up to `on` (Beijing days)."""
    # 29 February three years back is the 28th.
    since = date(on.year - ACCIDENT_FREE_YEARS, on.month, 28 if (on.month, on.day) == (2, 29) else on.day)
    rows = session.exec(
        select(EmergencyIncident, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == EmergencyIncident.enterprise_id)
        .where(
            EmergencyIncident.park_id == park_id,
            col(EmergencyIncident.grade).in_(sorted(g.value for g in MAJOR_GRADES)),
            col(EmergencyIncident.occurred_at) >= utc_start(since),
            col(EmergencyIncident.occurred_at) < utc_start(on + timedelta(days=1)),
        )
        .order_by(col(EmergencyIncident.occurred_at))
    ).all()
    return [MajorAccident(i.id, name, i.place, i.grade or "", china_date(i.occurred_at)) for i, name in rows]


def park_indicators(
    *,
    session: Session,
    actor: Actor,
    year: int,
    today: date | None = None,
    park_id: int | None = None,
) -> ParkIndicators:
    """Every park indicator of the module docstring, for administrators and waste regulators."""
    year_bounds(year)
    require_oversight(actor, Area.WASTE_MANIFESTS)
    park = resolve_park(session, actor, park_id)
    on = evaluation_date(year, today)
    members = park_members(session, park.id)
    lines = _licensed_lines(session, park.id, on)
    ratio, rows = intensity(session, park.id, year)
    return ParkIndicators(
        year=year,
        on=on,
        park_id=park.id,
        disposal_rate=disposal_rate(session, members, year, on),
        intensity=ratio,
        intensity_rows=rows,
        capacity=capacity_against_generation(generated_by_category(session, members, year), lines),
        compliant=compliant_facilities(session, park.id, lines),
        major_accidents=major_accidents(session, park.id, on),
    )
