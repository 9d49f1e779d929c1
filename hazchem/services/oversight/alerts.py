"""The alert list: the sweep of time-based conditions, filters, reading and acknowledging."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from hazchem.domain import alerting
from hazchem.domain import oversight_messages as msg
from hazchem.domain.custody import DEFAULT_STORAGE_WARNING_DAYS, storage_age
from hazchem.domain.deadlines import (
    RECEIPT_CONFIRMATION,
    DeadlineFacts,
    DeadlineStatus,
    WorkCalendar,
    china_date,
    evaluate,
)
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Said
from hazchem.domain.lifecycle import (
    LICENCE_OPEN_STATUSES,
    STOCK_STATUSES,
    TRANSPORT_OPEN_STATUSES,
    ManifestStatus,
    licence_standing,
)
from hazchem.domain.limits import MAX_ID
from hazchem.domain.vocab import AlertKind, AlertSeverity, DepartmentKind, Role, StorageState
from hazchem.models import (
    Alert,
    Container,
    Enterprise,
    Facility,
    Licence,
    LicenceScopeLine,
    LicenceType,
    Manifest,
    TransportLeg,
)
from hazchem.services import emergency
from hazchem.services.emergency_incidents.alerts import overdue_notifications
from hazchem.services.oversight import messages as m
from hazchem.services.oversight.deadlines import aware
from hazchem.services.oversight.parks import ParkDay, enterprise_parks, park_days
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.alerts import long_leg, long_leg_key, raise_alert
from hazchem.services.platform.uow import use_case

TRANSPORT_LICENCE = "road_dg_transport"


DEFAULT_EXPIRY_WARNING_DAYS = 60


DEFAULT_LIMIT = 50


MAX_LIMIT = 200


@use_case("alert.acknowledge")
def acknowledge(*, session: Session, actor: Actor, alert_id: int, note: str) -> Alert:
    """A regulator of the alert's department (or the park) acknowledges it with a note."""
    if not (note or "").strip():
        raise InvalidInput(m.ACK_NEEDS_NOTE, details=[{"field": "note"}])
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(m.ALERT_NOT_FOUND, alert_id=alert_id)
    if not can_acknowledge(actor, alert):
        raise Forbidden(m.ACK_FORBIDDEN)
    if alert.acknowledged_at is not None:
        raise Conflict(m.ALREADY_ACKNOWLEDGED, alert_id=alert_id)
    alert.acknowledged_at = clock.now()
    alert.acknowledged_by = actor.user_id
    alert.ack_note = note.strip()
    session.add(alert)
    audit.record(
        session,
        actor=actor,
        action="alert.acknowledge",
        entity="alert",
        entity_id=alert.id,
        after={"note": alert.ack_note},
    )
    return alert


@dataclass(frozen=True)
class SweepSettings:
    """The windows the sweep uses (HAZCHEM_STORAGE_WARNING_DAYS, _EXPIRY_WARNING_DAYS, _LONG_LEG_HOURS)."""

    storage_warning_days: int = DEFAULT_STORAGE_WARNING_DAYS
    expiry_warning_days: int = DEFAULT_EXPIRY_WARNING_DAYS
    long_leg_hours: int = alerting.DEFAULT_LONG_LEG_HOURS

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SweepSettings:
        """Settings from the application's configuration mapping."""
        return cls(
            storage_warning_days=int(config.get("STORAGE_WARNING_DAYS", DEFAULT_STORAGE_WARNING_DAYS)),
            expiry_warning_days=int(config.get("EXPIRY_WARNING_DAYS", DEFAULT_EXPIRY_WARNING_DAYS)),
            long_leg_hours=int(config.get("LONG_LEG_HOURS", alerting.DEFAULT_LONG_LEG_HOURS)),
        )


def _condition(kind: AlertKind, severity: AlertSeverity, **values: Any) -> dict[str, Any]:
    return {"kind": kind, "severity": severity, **values}


def _overdue_confirmations(session: Session, days: Mapping[int | None, ParkDay]) -> list[dict[str, Any]]:
    """Receipts overdue on the calendar of the receiver's park (whose departments the alert goes to)."""
    from hazchem.services.oversight.search import overdue_condition

    found = []
    # Overdue in some park (the loosest bound), then judged in the receiver's park.
    distinct = {(d.today, d.cal) for d in days.values()}
    loosest = or_(*(overdue_condition(today, cal) for today, cal in distinct))
    manifests = list(session.exec(select(Manifest).where(loosest)))
    parks = enterprise_parks(session, (m.receiver_id for m in manifests))
    for manifest in manifests:
        day = days.get(parks.get(manifest.receiver_id), days[None])
        deadline = evaluate(
            DeadlineFacts(rule=RECEIPT_CONFIRMATION.code, anchor=aware(manifest.delivered_at)),
            day.today,
            day.cal,
        )
        if deadline.status is not DeadlineStatus.OVERDUE:
            continue
        found.append(
            _condition(
                AlertKind.OVERDUE_CONFIRMATION,
                AlertSeverity.BREACH,
                key=f"overdue_confirmation:{manifest.id}",
                department_kind=alerting.ALERT_DEPARTMENT[AlertKind.OVERDUE_CONFIRMATION],
                entity="manifest",
                entity_id=manifest.number,
                enterprise_id=manifest.receiver_id,
                said=msg.ALERT_OVERDUE_CONFIRMATION(
                    manifest=manifest.number,
                    delivered=deadline.anchor.isoformat(),
                    due=deadline.due.isoformat(),
                    days=RECEIPT_CONFIRMATION.offset,
                ),
                details={
                    "manifest_id": manifest.id,
                    "due": deadline.due.isoformat(),
                    "rule": deadline.rule.code,
                },
            )
        )
    return found


def _storage_ages(
    session: Session, days: Mapping[int | None, ParkDay], warning_days: int
) -> list[dict[str, Any]]:
    # A superset in UTC of what is at least `warning_days` old in Beijing days; filtered exactly below,
    # on the date of the holder's park.
    today = max(d.today for d in days.values())
    cutoff = datetime.combine(today - timedelta(days=warning_days - 1), datetime.min.time(), UTC)
    rows = session.exec(
        select(Container, Facility)
        .join(Facility, col(Facility.id) == Container.facility_id)
        .where(col(Container.status).in_(STOCK_STATUSES), col(Container.stored_at) < cutoff)
    )
    rows = list(rows)
    parks = enterprise_parks(session, (f.enterprise_id for _, f in rows))
    found = []
    for container, facility in rows:
        stored_on = china_date(aware(container.stored_at))
        age = storage_age(
            stored_on, days.get(parks.get(facility.enterprise_id), days[None]).today, warning_days
        )
        if age.state is StorageState.OK:
            continue
        breach = age.state is StorageState.BREACH
        found.append(
            _condition(
                AlertKind.STORAGE_AGE,
                AlertSeverity.BREACH if breach else AlertSeverity.WARNING,
                key=f"storage:{container.id}:{stored_on}:{age.state}",
                department_kind=alerting.ALERT_DEPARTMENT[AlertKind.STORAGE_AGE],
                entity="container",
                entity_id=container.digital_id,
                enterprise_id=facility.enterprise_id,
                said=(msg.ALERT_STORAGE_OVER if breach else msg.ALERT_STORAGE_NEAR)(
                    container=container.digital_id,
                    facility=facility.name,
                    days=age.days,
                    stored_on=stored_on.isoformat(),
                    due=age.due.isoformat(),
                ),
                details={"container_id": container.id, "facility_id": facility.id, "days": age.days},
            )
        )
    return found


def _standing_said(state: str, licence: Licence) -> Said:
    """Why a licence is not in force, by the reason code lifecycle.licence_standing gives."""
    if state == "not_yet_valid":
        return msg.ALERT_LICENCE_NOT_YET_VALID(valid_from=licence.valid_from.isoformat())
    if state == "expired":
        return msg.ALERT_LICENCE_EXPIRED(valid_to=licence.valid_to.isoformat())
    return msg.ALERT_LICENCE_STATUS(status=state)


def _licence_condition(
    licence: Licence,
    licence_type: LicenceType,
    holder: Enterprise,
    manifests: Iterable[str],
    today: date,
    days: int,
) -> dict[str, Any] | None:
    numbers = sorted(set(manifests))
    standing = licence_standing(licence.status, licence.valid_from, licence.valid_to, today)
    left = (licence.valid_to - today).days
    if standing is not None:
        state = standing[0]
        severity, text = AlertSeverity.BREACH, _standing_said(state, licence)
    elif left <= days:
        state, severity = "expiring", AlertSeverity.WARNING
        text = msg.ALERT_LICENCE_EXPIRING(valid_to=licence.valid_to.isoformat(), days=left)
    else:
        return None
    said = msg.ALERT_LICENCE(
        licence=licence.number, holder=holder.name, standing=text, manifests=", ".join(numbers[:5])
    )
    if len(numbers) > 5:
        said = msg.ALERT_LICENCE_MORE(**said.params, more=len(numbers) - 5)
    return _condition(
        AlertKind.LICENCE_EXPIRY,
        severity,
        key=f"licence:{licence.id}:{state}:{licence.valid_to}",
        department_kind=alerting.licence_department(licence_type.issuer_kind),
        entity="licence",
        entity_id=licence.number,
        enterprise_id=holder.id,
        said=said,
        details={
            "licence_id": licence.id,
            "state": state,
            "manifests": numbers,
            "valid_to": str(licence.valid_to),
        },
    )


def _licences_under_open_manifests(session: Session, today: date, days: int) -> list[dict[str, Any]]:
    relied: dict[int, list[str]] = {}
    # The receiver's licence a submitted manifest reserved its quantity on.
    for licence_id, number in session.exec(
        select(LicenceScopeLine.licence_id, Manifest.number)
        .join(LicenceScopeLine, col(LicenceScopeLine.id) == Manifest.licence_line_id)
        .where(col(Manifest.status).in_(LICENCE_OPEN_STATUSES))
    ):
        relied.setdefault(licence_id, []).append(number)
    # The transport licence of each carrier still to carry (its latest one: the one in use).
    carriers: dict[int, list[str]] = {}
    for carrier_id, number in session.exec(
        select(TransportLeg.carrier_id, Manifest.number)
        .join(Manifest, col(Manifest.id) == TransportLeg.manifest_id)
        .where(col(Manifest.status).in_(TRANSPORT_OPEN_STATUSES))
    ):
        carriers.setdefault(carrier_id, []).append(number)
    if carriers:
        latest: dict[int, Licence] = {}
        for licence in session.exec(
            select(Licence)
            .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
            .where(LicenceType.code == TRANSPORT_LICENCE, col(Licence.enterprise_id).in_(list(carriers)))
        ):
            held = latest.get(licence.enterprise_id)
            if held is None or licence.valid_to > held.valid_to:
                latest[licence.enterprise_id] = licence
        for carrier_id, licence in latest.items():
            relied.setdefault(licence.id, []).extend(carriers[carrier_id])
    if not relied:
        return []
    found = []
    for licence, licence_type, holder in session.exec(
        select(Licence, LicenceType, Enterprise)
        .join(LicenceType, col(LicenceType.id) == Licence.licence_type_id)
        .join(Enterprise, col(Enterprise.id) == Licence.enterprise_id)
        .where(col(Licence.id).in_(list(relied)))
    ):
        condition = _licence_condition(licence, licence_type, holder, relied[licence.id], today, days)
        if condition:
            found.append(condition)
    return found


def _legs_on_the_road(session: Session, now: datetime, hours: int) -> list[dict[str, Any]]:
    started_before = now - timedelta(hours=hours)
    found = []
    for leg, manifest in session.exec(
        select(TransportLeg, Manifest)
        .join(Manifest, col(Manifest.id) == TransportLeg.manifest_id)
        .where(
            col(Manifest.status) == ManifestStatus.IN_TRANSIT.value,
            col(TransportLeg.picked_up_at).is_not(None),
            col(TransportLeg.delivered_at).is_(None),
            col(TransportLeg.picked_up_at) < started_before,
        )
    ):
        found.append({"leg": leg, "manifest": manifest})
    return found


@use_case("alert.sweep")
def sweep(
    *,
    session: Session,
    actor: Actor | None = None,
    now: datetime | None = None,
    settings: SweepSettings = SweepSettings(),
    cal: WorkCalendar | None = None,
) -> dict[str, int]:
    """Raise every time-based alert whose condition holds now (a rerun adds nothing); new alerts by kind."""
    now = aware(now or clock.now())
    today = china_date(now)
    days = park_days(session, cal=cal, now=now)
    conditions = [
        *_overdue_confirmations(session, days),
        *_storage_ages(session, days, settings.storage_warning_days),
        *_licences_under_open_manifests(session, today, settings.expiry_warning_days),
        *emergency.alert_conditions(session, today),
        *overdue_notifications(session, now),
    ]
    on_the_road = _legs_on_the_road(session, now, settings.long_leg_hours)
    # Keys raised before are skipped ahead of their insert: a no-op insert would still count as a write.
    keys = [c["key"] for c in conditions] + [long_leg_key(i["leg"].id) for i in on_the_road]
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        known.update(
            session.exec(select(Alert.key).where(col(Alert.key).in_(keys[start : start + 500]))).all()
        )
    raised: Counter[str] = Counter()
    for condition in conditions:
        if condition["key"] in known:
            continue
        values = dict(condition)
        kind = values.pop("kind")
        if raise_alert(session, kind=kind, **values):
            raised[str(kind)] += 1
    for item in on_the_road:
        if long_leg_key(item["leg"].id) in known:
            continue
        if long_leg(
            session, leg=item["leg"], manifest=item["manifest"], end=now, hours=settings.long_leg_hours
        ):
            raised[str(AlertKind.LONG_TRANSPORT_LEG)] += 1
    if raised:
        audit.record(
            session, actor=actor, action="alert.sweep", entity="alert", entity_id="sweep", after=dict(raised)
        )
    return dict(raised)


STATES = ("open", "acknowledged", "all")


@dataclass(frozen=True)
class AlertFilters:
    """What a list asks for: department kind, enterprise, kind and open/acknowledged (all must hold)."""

    department_kind: str | None = None
    enterprise_id: int | None = None
    kind: str | None = None
    state: str = "open"
    # A regional regulator's choice among its parks; a park it does not read yields nothing.
    park_id: int | None = None


def parse_filters(
    *,
    department_kind: str | None = None,
    enterprise_id: Any = None,
    kind: str | None = None,
    state: str | None = None,
    park_id: Any = None,
) -> AlertFilters:
    """Filters from query text; an unknown department kind, kind or state is invalid input."""
    department_kind = (department_kind or "").strip() or None
    kind = (kind or "").strip() or None
    state = (state or "").strip() or "open"
    if department_kind is not None and department_kind not in set(DepartmentKind):
        raise InvalidInput(
            m.ALERT_UNKNOWN_DEPARTMENT,
            details=[{"field": "department_kind", "allowed": [k.value for k in DepartmentKind]}],
            value=department_kind,
        )
    if kind is not None and kind not in set(AlertKind):
        raise InvalidInput(
            m.ALERT_UNKNOWN_KIND,
            details=[{"field": "kind", "allowed": [k.value for k in AlertKind]}],
            value=kind,
        )
    if state not in STATES:
        raise InvalidInput(m.ALERT_BAD_STATE, details=[{"field": "state"}], allowed=", ".join(STATES))
    text = str(enterprise_id).strip() if enterprise_id not in (None, "") else ""
    if text and (not (text.isascii() and text.isdigit()) or int(text) > MAX_ID):
        raise InvalidInput(m.ALERT_BAD_ENTERPRISE_ID, details=[{"field": "enterprise_id", "value": text}])
    park = str(park_id).strip() if park_id not in (None, "") else ""
    if park and (not (park.isascii() and park.isdigit()) or int(park) > MAX_ID):
        raise InvalidInput(m.SEARCH_NOT_AN_ID, details=[{"field": "park_id", "value": park}], name="park_id")
    park_id = int(park) if park else None
    return AlertFilters(department_kind, int(text) if text else None, kind, state, park_id)


def _parks(actor: Actor) -> list[Any]:
    """The park limit of the park's own readers: alerts of the parks the actor reads (and those of no
    park, raised before alerts had one); each side of a cross-park transfer alerts only its own park."""
    if actor.park_ids is None:
        return []
    return [or_(col(Alert.park_id).in_(sorted(actor.park_ids) or [-1]), col(Alert.park_id).is_(None))]


def _scope(actor: Actor) -> list[Any]:
    """Who sees which alerts: the park all of its own, a regulator its department's in its parks, an
    enterprise its own and those where it is the counterparty."""
    if actor.sees_everything:
        return _parks(actor)
    if actor.is_regulator:
        return [col(Alert.department_kind) == (actor.department_kind or ""), *_parks(actor)]
    if actor.role in (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR):
        mine = list(actor.enterprise_ids) or [-1]
        return [or_(col(Alert.enterprise_id).in_(mine), col(Alert.counterparty_id).in_(mine))]
    raise Forbidden(m.ALERT_READERS_ONLY)


@dataclass(frozen=True)
class AlertPage:
    """One page of alerts, newest first, and the id to continue after (None on the last page)."""

    items: list[Alert]
    next_after: int | None


def list_alerts(
    *,
    session: Session,
    actor: Actor,
    filters: AlertFilters = AlertFilters(),
    after: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> AlertPage:
    """The alerts the actor may see that match every filter, newest first, keyset-paged by id."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(m.ALERT_BAD_LIMIT, details=[{"field": "limit", "value": limit}], max=MAX_LIMIT)
    query = select(Alert).where(*_scope(actor)).order_by(col(Alert.id).desc())
    f = filters
    if f.department_kind is not None:
        query = query.where(Alert.department_kind == f.department_kind)
    if f.enterprise_id is not None:
        query = query.where(Alert.enterprise_id == f.enterprise_id)
    if f.kind is not None:
        query = query.where(Alert.kind == f.kind)
    if f.park_id is not None:
        query = query.where(Alert.park_id == f.park_id)
    if f.state == "open":
        query = query.where(col(Alert.acknowledged_at).is_(None))
    elif f.state == "acknowledged":
        query = query.where(col(Alert.acknowledged_at).is_not(None))
    if after is not None:
        query = query.where(col(Alert.id) < after)
    rows = list(session.exec(query.limit(limit + 1)))
    items = rows[:limit]
    return AlertPage(items, items[-1].id if len(rows) > limit else None)


def get_alert(*, session: Session, actor: Actor, alert_id: int) -> Alert:
    """One alert the actor may see, else NotFound."""
    alert = session.exec(select(Alert).where(Alert.id == alert_id, *_scope(actor))).first()
    if alert is None:
        raise NotFound(m.ALERT_NOT_FOUND, alert_id=alert_id)
    return alert


def can_acknowledge(actor: Actor, alert: Alert) -> bool:
    """The park, or a regulator of the alert's department, acknowledges; enterprises only read."""
    return actor.sees_everything or (actor.is_regulator and actor.department_kind == alert.department_kind)


def alerted_enterprises(*, session: Session, actor: Actor) -> list[Enterprise]:
    """Enterprises that have alerts the actor may see, by name (the enterprise filter's choices)."""
    ids = select(Alert.enterprise_id).where(*_scope(actor), col(Alert.enterprise_id).is_not(None)).distinct()
    return list(session.exec(select(Enterprise).where(col(Enterprise.id).in_(ids)).order_by(Enterprise.name)))


def require_reader(actor: Actor) -> None:
    """Refuse actors who see no alerts at all (drivers), before any sweep runs for them."""
    _scope(actor)
