"""Deadline list: every overdue or nearly due item in the park under each named rule, with
its due date on the working-day calendar, its status, the days left and the enterprise responsible.

Each item belongs to an area of records (hazchem.domain.oversight), so a regulator sees the items of
the areas its department oversees, and the list filters by department through the same matrix. Annual
filings with no record are treated as due every year (and say so); recording them is `record_filing`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain import alerting
from hazchem.domain.deadlines import (
    ANNUAL_DECLARATION,
    CROSS_PROVINCE_APPROVAL,
    LICENCE_EXPIRY,
    MANAGEMENT_PLAN,
    MONTHLY_DECLARATION,
    PAPER_BACKFILL,
    QUARTERLY_DECLARATION,
    RECEIPT_CONFIRMATION,
    RULES,
    STORAGE_ONE_YEAR,
    Deadline,
    DeadlineFacts,
    DeadlineRule,
    DeadlineStatus,
    WorkCalendar,
    configure_rules,
    declaration_periods,
    due_date,
    evaluate,
    renewal_rule,
)
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput
from hazchem.domain.lifecycle import ACTIVE_LICENCE_STATUSES, STOCK_STATUSES, ManifestStatus
from hazchem.domain.oversight import Area, department_oversees
from hazchem.domain.vocab import DepartmentKind, EnterpriseRole, FilingKind, Role
from hazchem.models import (
    ComplianceFiling,
    Container,
    Enterprise,
    Facility,
    Licence,
    LicenceType,
    Manifest,
    TransferApproval,
)
from hazchem.services import emergency
from hazchem.services.oversight import messages as m
from hazchem.services.oversight.parks import ParkDay, evaluate_in_parks, park_days
from hazchem.services.oversight.search import utc_start
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import (
    Actor,
    can_oversee,
    can_read_enterprise,
    may_see_park,
    park_enterprise_condition,
    park_today,
)
from hazchem.services.platform.uow import use_case

DEFAULT_EXPIRY_WARNING_DAYS = 60
# Far enough ahead for the longest renewal window (3 months before expiry, warned 30 days earlier).
LICENCE_HORIZON_DAYS = 160
STATUSES = ("open", "overdue", "due_soon")

# Which area of records each rule's items belong to; licences follow their issuing department.
RULE_AREA: dict[str, Area] = {
    RECEIPT_CONFIRMATION.code: Area.WASTE_MANIFESTS,
    PAPER_BACKFILL.code: Area.WASTE_MANIFESTS,
    CROSS_PROVINCE_APPROVAL.code: Area.WASTE_MANIFESTS,
    # The annual plan and declaration are filed with ecology and environment's waste system.
    MANAGEMENT_PLAN.code: Area.WASTE_MANIFESTS,
    ANNUAL_DECLARATION.code: Area.WASTE_MANIFESTS,
    MONTHLY_DECLARATION.code: Area.WASTE_MANIFESTS,
    QUARTERLY_DECLARATION.code: Area.WASTE_MANIFESTS,
    STORAGE_ONE_YEAR.code: Area.WASTE_STORAGE,
}


@dataclass(frozen=True)
class DeadlineFilters:
    """What a list asks for: department kind (via the area matrix), enterprise, rule and status."""

    department_kind: str | None = None
    enterprise_id: int | None = None
    rule: str | None = None
    status: str = "open"


def parse_filters(
    *,
    department_kind: str | None = None,
    enterprise_id: Any = None,
    rule: str | None = None,
    status: str | None = None,
) -> DeadlineFilters:
    """Filters from query text; unknown department kinds, rules or statuses are invalid input."""
    department_kind = (department_kind or "").strip() or None
    rule = (rule or "").strip() or None
    status = (status or "").strip() or "open"
    if department_kind is not None and department_kind not in set(DepartmentKind):
        raise InvalidInput(
            m.DEADLINE_UNKNOWN_DEPARTMENT,
            details=[{"field": "department_kind", "allowed": [k.value for k in DepartmentKind]}],
            value=department_kind,
        )
    if rule is not None and rule not in RULES:
        raise InvalidInput(
            m.DEADLINE_UNKNOWN_RULE, details=[{"field": "rule", "allowed": sorted(RULES)}], rule=rule
        )
    if status not in STATUSES:
        raise InvalidInput(m.DEADLINE_BAD_STATUS, details=[{"field": "status"}], allowed=", ".join(STATUSES))
    text = str(enterprise_id).strip() if enterprise_id not in (None, "") else ""
    if text and not text.isdigit():
        raise InvalidInput(m.DEADLINE_BAD_ENTERPRISE_ID, details=[{"field": "enterprise_id", "value": text}])
    return DeadlineFilters(department_kind, int(text) if text else None, rule, status)


def _facts(
    rule: DeadlineRule,
    anchor: date | datetime,
    subject: str,
    party_id: int,
    area: Area | None,
    **extra: Any,
) -> DeadlineFacts:
    return DeadlineFacts(
        rule=rule.code,
        anchor=anchor,
        subject=subject,
        party_id=party_id,
        extra={"area": area.value if area else None, **extra},
    )


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _latest_listed_anchor(rule: DeadlineRule, today: date, cal: WorkCalendar) -> date:
    """The latest anchor day whose item is already due soon or overdue today (due dates never move
    earlier when the anchor moves later, so every earlier anchor is listed too)."""
    day = today
    while evaluate(DeadlineFacts(rule=rule.code, anchor=day), today, cal).status is DeadlineStatus.OK:
        day -= timedelta(days=1)
    return day


def _receipts(session: Session, days: Iterable[ParkDay]) -> list[DeadlineFacts]:
    # Listed in some park: the latest anchor any park's calendar already lists bounds them all.
    latest = max(_latest_listed_anchor(RECEIPT_CONFIRMATION, d.today, d.cal) for d in days)
    bound = utc_start(latest + timedelta(days=1))
    rows = session.exec(
        select(Manifest).where(
            Manifest.status == ManifestStatus.DELIVERED.value,
            col(Manifest.delivered_at).is_not(None),
            col(Manifest.accepted_at).is_(None),
            col(Manifest.delivered_at) < bound,
        )
    )
    return [
        _facts(
            RECEIPT_CONFIRMATION,
            aware(m.delivered_at),
            m.number,
            m.receiver_id,
            RULE_AREA[RECEIPT_CONFIRMATION.code],
            manifest_id=m.id,
        )
        for m in rows
    ]


def _paper_backfills(session: Session) -> list[DeadlineFacts]:
    rows = session.exec(
        select(ComplianceFiling).where(
            ComplianceFiling.kind == FilingKind.PAPER_BACKFILL.value, col(ComplianceFiling.filed_on).is_(None)
        )
    )
    return [
        _facts(
            PAPER_BACKFILL,
            f.completed_on,
            f.reference,
            f.enterprise_id,
            RULE_AREA[PAPER_BACKFILL.code],
            filing_id=f.id,
        )
        for f in rows
        if f.completed_on is not None
    ]


def _storage(session: Session, today: date, rules: Mapping[str, DeadlineRule]) -> list[DeadlineFacts]:
    rule = rules[STORAGE_ONE_YEAR.code]
    # Only containers close enough to the limit to be due soon: a superset (UTC against Beijing days,
    # a rolled due date, 29 February) the rule then judges exactly.
    span = (due_date(rule, today, WorkCalendar()).due - today).days
    cutoff = datetime.combine(today - timedelta(days=span - rule.warn_days - 10), datetime.min.time(), UTC)
    rows = session.exec(
        select(Container, Facility)
        .join(Facility, col(Facility.id) == Container.facility_id)
        .where(col(Container.status).in_(STOCK_STATUSES), col(Container.stored_at) < cutoff)
    )
    return [
        _facts(
            rule,
            aware(c.stored_at),
            c.digital_id,
            f.enterprise_id,
            RULE_AREA[STORAGE_ONE_YEAR.code],
            container_id=c.id,
            facility=f.name,
        )
        for c, f in rows
    ]


def _licences(session: Session, today: date, rules: Mapping[str, DeadlineRule]) -> list[DeadlineFacts]:
    rows = list(
        session.exec(
            select(Licence, LicenceType)
            .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
            .where(
                col(Licence.status).in_(ACTIVE_LICENCE_STATUSES),
                col(Licence.valid_to) <= today + timedelta(days=LICENCE_HORIZON_DAYS),
            )
        )
    )
    if not rows:
        return []
    # A licence followed by a later one of the same type for the same holder has been renewed.
    pairs = {(lic.enterprise_id, lic.licence_type_id) for lic, _ in rows}
    later: dict[tuple[int, int], date] = {}
    for lic in session.exec(select(Licence).where(col(Licence.enterprise_id).in_({e for e, _ in pairs}))):
        key = (lic.enterprise_id, lic.licence_type_id)
        if key in pairs and lic.valid_to > later.get(key, date.min):
            later[key] = lic.valid_to
    items = []
    for lic, licence_type in rows:
        if later.get((lic.enterprise_id, lic.licence_type_id), date.min) > lic.valid_to:
            continue
        area = alerting.licence_area(licence_type.issuer_kind)
        extra = {"licence_id": lic.id, "licence_type": licence_type.code}
        for rule in (rules[LICENCE_EXPIRY.code], renewal_rule(licence_type.code, rules)):
            items.append(_facts(rule, lic.valid_to, lic.number, lic.enterprise_id, area, **extra))
    return items


def _annual(session: Session, today: date) -> list[DeadlineFacts]:
    year = today.year
    filed = {
        (f.enterprise_id, f.kind)
        for f in session.exec(
            select(ComplianceFiling).where(
                ComplianceFiling.year == year,
                col(ComplianceFiling.kind).in_(
                    [FilingKind.MANAGEMENT_PLAN.value, FilingKind.DECLARATION.value]
                ),
                col(ComplianceFiling.filed_on).is_not(None),
            )
        )
    }
    items = []
    for enterprise in session.exec(select(Enterprise).order_by(Enterprise.id)):
        if EnterpriseRole.WASTE_GENERATOR.value not in (enterprise.roles or []):
            continue
        for rule, kind, subject, covers in (
            (MANAGEMENT_PLAN, FilingKind.MANAGEMENT_PLAN, f"{year} management plan", year),
            (ANNUAL_DECLARATION, FilingKind.DECLARATION, f"declaration of {year - 1}", year - 1),
        ):
            if (enterprise.id, kind.value) in filed:
                continue
            items.append(
                _facts(
                    rule,
                    date(year, 1, 1),
                    subject,
                    enterprise.id,
                    RULE_AREA[rule.code],
                    filing_kind=kind.value,
                    year=year,
                    covers_year=covers,
                    # No filing recorded for this year: the item is due until one is.
                    no_filing_recorded=True,
                )
            )
    return items


PERIODIC_KINDS: dict[str, FilingKind] = {
    MONTHLY_DECLARATION.code: FilingKind.MONTHLY_DECLARATION,
    QUARTERLY_DECLARATION.code: FilingKind.QUARTERLY_DECLARATION,
}


def _periodic(session: Session, today: date) -> list[DeadlineFacts]:
    """Monthly declarations of key supervised units and quarterly ones of simplified-management units."""
    classed = select(Enterprise).where(col(Enterprise.management_class) != "").order_by(Enterprise.id)
    generators = [e for e in session.exec(classed) if EnterpriseRole.WASTE_GENERATOR.value in (e.roles or [])]
    if not generators:
        return []
    filed = {
        (f.enterprise_id, f.kind, f.reference)
        for f in session.exec(
            select(ComplianceFiling).where(
                col(ComplianceFiling.kind).in_([k.value for k in PERIODIC_KINDS.values()]),
                col(ComplianceFiling.year).in_([today.year - 1, today.year]),
                col(ComplianceFiling.filed_on).is_not(None),
            )
        )
    }
    items = []
    for enterprise in generators:
        for code, period, anchor in declaration_periods(enterprise.management_class, today):
            kind = PERIODIC_KINDS[code]
            if (enterprise.id, kind.value, period) in filed:
                continue
            items.append(
                _facts(
                    RULES[code],
                    anchor,
                    f"declaration of {period}",
                    enterprise.id,
                    RULE_AREA[code],
                    filing_kind=kind.value,
                    period=period,
                    management_class=enterprise.management_class,
                    no_filing_recorded=True,
                )
            )
    return items


def parse_period(kind: FilingKind, text: str | None) -> tuple[int, str, date]:
    """A declared period as (year, canonical text, first day after it): 2027-03 monthly, 2027-Q1 quarterly."""
    text = (text or "").strip().upper()
    year_text, _, part = text.partition("-")
    monthly = kind is FilingKind.MONTHLY_DECLARATION
    number = part[1:] if not monthly and part.startswith("Q") else part if monthly else ""
    if not (year_text.isdigit() and len(year_text) == 4 and number.isdigit()):
        number = ""
    limit = 12 if monthly else 4
    if not number or not 1 <= int(number) <= limit:
        example = "2027-03" if monthly else "2027-Q1"
        raise InvalidInput(
            m.DEADLINE_PERIOD_FORMAT, details=[{"field": "period", "value": text}], example=example
        )
    year, index = int(year_text), int(number)
    last_month = index if monthly else index * 3
    after = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return year, f"{year}-{index:02d}" if monthly else f"{year}-Q{index}", after


def _approvals(session: Session, today: date, rules: Mapping[str, DeadlineRule]) -> list[DeadlineFacts]:
    rule = rules[CROSS_PROVINCE_APPROVAL.code]
    rows = list(
        session.exec(
            select(TransferApproval).where(
                col(TransferApproval.used_g) < col(TransferApproval.quota_g),
                col(TransferApproval.valid_to) <= today + timedelta(days=rule.warn_days),
            )
        )
    )
    if not rows:
        return []
    # An approval followed by a later one for the same generator, receiver and waste code is replaced.
    latest: dict[tuple[int, int, str], date] = {}
    for a in session.exec(
        select(TransferApproval).where(col(TransferApproval.generator_id).in_({r.generator_id for r in rows}))
    ):
        key = (a.generator_id, a.receiver_id, a.waste_code)
        latest[key] = max(latest.get(key, date.min), a.valid_to)
    return [
        _facts(
            rule,
            a.valid_to,
            a.number,
            a.generator_id,
            RULE_AREA[CROSS_PROVINCE_APPROVAL.code],
            approval_id=a.id,
            quota_left_g=a.quota_g - a.used_g,
        )
        for a in rows
        if latest[(a.generator_id, a.receiver_id, a.waste_code)] <= a.valid_to
    ]


def _visible(actor: Actor, item: Deadline) -> bool:
    # The park's readers see the items of the parks they read: a cross-park transfer's generator-side
    # items are the generator's park's, its receiver-side ones the receiver's.
    park = item.extra.get("park_id")
    if (actor.is_regulator or actor.is_admin) and park is not None and not may_see_park(actor, park):
        return False
    if not can_read_enterprise(actor, item.party_id):
        return False
    if actor.sees_everything:
        return True
    area = item.extra.get("area")
    if actor.is_regulator:
        return area is not None and can_oversee(actor, Area(area))
    return item.party_id in actor.enterprise_ids


def require_reader(actor: Actor) -> None:
    """Drivers keep no deadlines; everyone else sees the items in their scope."""
    if actor.role == Role.DRIVER:
        raise Forbidden(m.DEADLINE_READERS_ONLY)


def list_deadlines(
    *,
    session: Session,
    actor: Actor,
    filters: DeadlineFilters = DeadlineFilters(),
    today: date | None = None,
    cal: WorkCalendar | None = None,
    expiry_warning_days: int = DEFAULT_EXPIRY_WARNING_DAYS,
) -> list[Deadline]:
    """Every overdue or nearly due item the actor may see, most urgent first, with its responsible party;
    each item is judged on its park's date and calendar unless `today` or `cal` fixes them for all."""
    require_reader(actor)
    days = park_days(session, today=today, cal=cal)
    # Facts are gathered as of the latest park date (a superset), then judged in each item's park.
    today = max(d.today for d in days.values())
    rules = configure_rules({LICENCE_EXPIRY.code: {"warn_days": expiry_warning_days}})
    facts: list[DeadlineFacts] = [
        *_receipts(session, days.values()),
        *_paper_backfills(session),
        *_storage(session, today, rules),
        *_licences(session, today, rules),
        *_annual(session, today),
        *_periodic(session, today),
        *_approvals(session, today, rules),
        *emergency.deadline_facts(session, today),
    ]
    found = evaluate_in_parks(session, facts, days, rules, default_park=actor.park_id)
    items = sorted((d for d in found if _visible(actor, d)), key=sort_key)
    f = filters
    if f.department_kind is not None:
        items = [
            d
            for d in items
            if d.extra.get("area") is not None
            and department_oversees(f.department_kind, Area(d.extra["area"]))
        ]
    if f.enterprise_id is not None:
        items = [d for d in items if d.party_id == f.enterprise_id]
    if f.rule is not None:
        items = [d for d in items if d.rule.code == f.rule]
    if f.status != "open":
        items = [d for d in items if d.status is DeadlineStatus(f.status)]
    names = _names(session, {d.party_id for d in items if d.party_id is not None})
    return [_with_party_name(d, names) for d in items]


def _names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return dict(
        session.exec(select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(wanted))).all()
    )


def _with_party_name(item: Deadline, names: Mapping[int, str]) -> Deadline:
    from dataclasses import replace

    return replace(item, party_name=names.get(item.party_id, "")) if item.party_id is not None else item


# --- Recording filings -----------------------------------------------------------------------------------


def _require_filer(actor: Actor, enterprise_id: int) -> None:
    if actor.is_admin or (actor.is_regulator and actor.department_kind == DepartmentKind.ECOLOGY_ENVIRONMENT):
        return
    if actor.role == Role.EHS_OFFICER and enterprise_id in actor.enterprise_ids:
        return
    raise Forbidden(m.FILING_FORBIDDEN)


@use_case("filing.record")
def record_filing(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    kind: str,
    year: int | None = None,
    filed_on: date | None = None,
    reference: str = "",
    completed_on: date | None = None,
    note: str = "",
    period: str | None = None,
) -> ComplianceFiling:
    """Record an annual plan or declaration, or a monthly or quarterly declaration of a `period`
    (2027-03, 2027-Q1), as filed, or a paper transfer (then its electronic backfill).

    A paper transfer is recorded with its completion date and no filing date (the backfill is due);
    recording it again with a filing date marks it backfilled. A filing already made is a conflict."""
    try:
        kind_value = FilingKind(kind)
    except ValueError:
        raise InvalidInput(
            m.FILING_UNKNOWN_KIND,
            details=[{"field": "kind", "allowed": [k.value for k in FilingKind]}],
            kind=kind,
        ) from None
    reference = (reference or "").strip()
    today = park_today(actor)
    if kind_value is FilingKind.PAPER_BACKFILL:
        if not reference or completed_on is None:
            raise InvalidInput(
                m.FILING_PAPER_NEEDS,
                details=[{"field": "reference"}, {"field": "completed_on"}],
            )
        if completed_on > today or (filed_on is not None and filed_on < completed_on):
            raise InvalidInput(m.FILING_DATES_ORDER, details=[{"field": "completed_on"}])
        year = completed_on.year
    elif kind_value in (FilingKind.MONTHLY_DECLARATION, FilingKind.QUARTERLY_DECLARATION):
        year, reference, after = parse_period(kind_value, period)
        if after > today:
            raise InvalidInput(m.FILING_PERIOD_NOT_ENDED, details=[{"field": "period", "value": reference}])
        completed_on = None
        filed_on = filed_on or today
    else:
        if year is None or not 2000 <= year <= today.year + 1:
            raise InvalidInput(m.FILING_NEEDS_YEAR, details=[{"field": "year"}])
        reference, completed_on = "", None
        filed_on = filed_on or today
    if filed_on is not None and filed_on > today:
        raise InvalidInput(m.FILING_DATE_FUTURE, details=[{"field": "filed_on"}])
    _require_filer(actor, enterprise_id)
    if session.get(Enterprise, enterprise_id) is None:
        raise InvalidInput(
            m.FILING_NO_ENTERPRISE, details=[{"field": "enterprise_id"}], enterprise_id=enterprise_id
        )
    filing = session.exec(
        select(ComplianceFiling).where(
            ComplianceFiling.enterprise_id == enterprise_id,
            ComplianceFiling.kind == kind_value.value,
            ComplianceFiling.year == year,
            ComplianceFiling.reference == reference,
        )
    ).first()
    before = None
    if filing is not None:
        if filing.filed_on is not None or filed_on is None:
            raise Conflict(
                m.FILING_ALREADY, details=[{"id": filing.id}], kind=kind_value.value.replace("_", " ")
            )
        before = {"filed_on": None}
        filing.filed_on = filed_on
        filing.note = (note or filing.note).strip()
    else:
        filing = ComplianceFiling(
            enterprise_id=enterprise_id,
            kind=kind_value.value,
            year=year,
            reference=reference,
            completed_on=completed_on,
            filed_on=filed_on,
            note=(note or "").strip(),
            recorded_at=clock.now(),
            recorded_by=actor.user_id,
        )
    session.add(filing)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="filing.record",
        entity="compliancefiling",
        entity_id=filing.id,
        before=before,
        after={
            "enterprise_id": enterprise_id,
            "kind": filing.kind,
            "year": filing.year,
            "reference": filing.reference,
            "completed_on": filing.completed_on,
            "filed_on": filing.filed_on,
        },
    )
    return filing


def rules_shown() -> list[DeadlineRule]:
    """Every rule with its legal basis and how its due date is computed, for the page and the API."""
    return list(RULES.values())


# --- Paging a computed list ------------------------------------------------------------------------------


def sort_key(item: Deadline) -> tuple[str, str, str, int]:
    """The order of the list (due date, rule, subject, party), which a cursor continues after."""
    return (item.due.isoformat(), item.rule.code, item.subject, item.party_id or 0)


def encode_after(item: Deadline) -> str:
    """The opaque cursor continuing after `item`."""
    raw = json.dumps(list(sort_key(item)), separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def page_after(items: list[Deadline], cursor: str | None, limit: int) -> tuple[list[Deadline], str | None]:
    """One page of the sorted list after the cursor, and the cursor of the next page (None on the last)."""
    start: tuple[str, str, str, int] | None = None
    if cursor:
        try:
            raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
            due, rule, subject, party = raw
            start = (str(due), str(rule), str(subject), int(party))
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
            raise InvalidInput(
                m.DEADLINE_BAD_CURSOR, details=[{"field": "cursor", "value": cursor}]
            ) from None
    rest = [d for d in items if start is None or sort_key(d) > start]
    shown = rest[:limit]
    return shown, encode_after(shown[-1]) if len(rest) > limit else None


def filing_enterprises(*, session: Session, actor: Actor) -> list[Enterprise]:
    """Enterprises the actor may record filings for (the filing form's choices)."""
    if actor.is_admin or (actor.is_regulator and actor.department_kind == DepartmentKind.ECOLOGY_ENVIRONMENT):
        query = select(Enterprise).where(*park_enterprise_condition(actor, Enterprise.id))
    elif actor.role == Role.EHS_OFFICER:
        query = select(Enterprise).where(col(Enterprise.id).in_(list(actor.enterprise_ids) or [-1]))
    else:
        return []
    return list(session.exec(query.order_by(Enterprise.name)))
