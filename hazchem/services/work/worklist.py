"""The work list of a home page: per role, what needs doing now, most urgent first.

Each item is read through the same scoped reads as the list behind it, so nobody's list shows a
record its own lists would not: an enterprise's officers and operators their enterprises' storage,
manifests, filings and licences; a driver its own legs; a dispatcher its carrier's; a regulator the
deadlines, alerts and correction requests of its department's areas; the administrator the park's.
An item names what it concerns and where to act as data (a `Target`); the web maps it to a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, col, select

from hazchem.domain.custody import tonnes
from hazchem.domain.deadlines import (
    ANNUAL_DECLARATION,
    CROSS_PROVINCE_APPROVAL,
    LICENCE_EXPIRY,
    MANAGEMENT_PLAN,
    MONTHLY_DECLARATION,
    PAPER_BACKFILL,
    QUARTERLY_DECLARATION,
    RECEIPT_CONFIRMATION,
    STORAGE_ONE_YEAR,
    Deadline,
    DeadlineStatus,
)
from hazchem.domain.errors import Said
from hazchem.domain.lifecycle import ContainerStatus, CorrectionStatus, ManifestStatus, manifest_is_carried
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AlertKind, AlertSeverity, Role
from hazchem.models import Container, CorrectionRequest, Manifest, TransportLeg
from hazchem.services.oversight import alerts as alert_list
from hazchem.services.oversight import deadlines
from hazchem.services.oversight.parks import enterprise_parks, parks_by_id
from hazchem.services.oversight.review import open_for_me
from hazchem.services.oversight.search import incoming_condition, scope_condition
from hazchem.services.platform.access import Actor, custody_scope, may_read
from hazchem.services.work import messages as m

CAP = 5  # items of one kind shown before "N more"
FETCH = 200  # rows of one kind read at most (the "more" count stops there)


class Kind(StrEnum):
    """Kinds of work item, in the order they are listed when equally urgent."""

    RECEIPT_OVERDUE = "receipt_overdue"
    ANOMALY = "anomaly"
    ALERT = "alert"
    CORRECTION = "correction"
    PICK_UP = "pick_up"
    ON_THE_ROAD = "on_the_road"
    ON_THE_WAY = "on_the_way"
    INCOMING = "incoming"
    WEIGH = "weigh"
    TREAT = "treat"
    REFUSED = "refused"
    STORAGE = "storage"
    PUT_AWAY = "put_away"
    DRAFT = "draft"
    FILING = "filing"
    LICENCE = "licence"


class TargetKind(StrEnum):
    """Where an item is acted on: a record's page (and the step on it), or a list."""

    CONTAINER = "container"  # key: the digital ID
    PUT_AWAY = "put_away"  # the put-away scan session
    MANIFEST = "manifest"  # id; key: the form on its page (weighing, treatment, correction-<id>…)
    PICK_UP = "pick_up"  # id: the manifest whose pick-up is scanned
    ARRIVAL = "arrival"  # id: the manifest whose arrival is scanned
    LICENCE = "licence"  # id
    ALERT = "alert"  # id; key: the alert kind (the list it is acknowledged on)
    DEADLINES = "deadlines"  # key: the rule code (the filing form is on that page)
    MANIFESTS = "manifests"  # key: a manifest status
    OVERDUE_MANIFESTS = "overdue_manifests"  # the audit search for overdue receipts
    STORAGE = "storage"  # the storage page
    CORRECTIONS = "corrections"  # the manifest search of the actor's department
    INCOMING_MANIFESTS = "incoming_manifests"  # the audit search for loads coming from other parks


@dataclass(frozen=True)
class Target:
    """Where to act, as data: a record kind, its id and a key (the web turns it into a URL)."""

    kind: TargetKind
    id: int | None = None
    key: str = ""


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: its kind, title, due date, how urgent, and where to act.

    `more` > 0 marks the line that counts the items of a kind left off, targeting the full list.
    """

    kind: Kind
    title: Said
    target: Target
    due: date | None = None
    overdue: bool = False
    party: str = ""
    more: int = 0
    record: str = ""
    params: dict[str, object] = field(default_factory=dict)

    @property
    def rank(self) -> tuple[int, date, int]:
        """The sort key: overdue or breached first, then the nearest due date, then the kind's order."""
        urgency = 0 if self.overdue else 1 if self.due is not None else 2
        return (urgency, self.due or date.max, list(Kind).index(self.kind))


# Where the rest of a kind is listed, beside each kind's items.
FULL_LIST: dict[Kind, Target] = {
    Kind.RECEIPT_OVERDUE: Target(TargetKind.OVERDUE_MANIFESTS),
    Kind.ANOMALY: Target(TargetKind.ALERT, key=AlertKind.WEIGHT_DISCREPANCY.value),
    Kind.ALERT: Target(TargetKind.ALERT),
    Kind.CORRECTION: Target(TargetKind.CORRECTIONS),
    Kind.PICK_UP: Target(TargetKind.MANIFESTS, key=ManifestStatus.SUBMITTED.value),
    Kind.ON_THE_ROAD: Target(TargetKind.MANIFESTS, key=ManifestStatus.IN_TRANSIT.value),
    Kind.ON_THE_WAY: Target(TargetKind.MANIFESTS, key=ManifestStatus.IN_TRANSIT.value),
    Kind.INCOMING: Target(TargetKind.INCOMING_MANIFESTS),
    Kind.WEIGH: Target(TargetKind.MANIFESTS, key=ManifestStatus.DELIVERED.value),
    Kind.TREAT: Target(TargetKind.MANIFESTS, key=ManifestStatus.ACCEPTED.value),
    Kind.REFUSED: Target(TargetKind.MANIFESTS, key=ManifestStatus.REFUSED.value),
    Kind.STORAGE: Target(TargetKind.STORAGE),
    Kind.PUT_AWAY: Target(TargetKind.PUT_AWAY),
    Kind.DRAFT: Target(TargetKind.MANIFESTS, key=ManifestStatus.DRAFT.value),
    Kind.FILING: Target(TargetKind.DEADLINES),
    Kind.LICENCE: Target(TargetKind.DEADLINES),
}

FILING_TITLES = {
    MANAGEMENT_PLAN.code: lambda d: m.MANAGEMENT_PLAN(year=d.extra.get("year", d.anchor.year)),
    ANNUAL_DECLARATION.code: lambda d: m.ANNUAL_DECLARATION(
        year=d.extra.get("covers_year", d.anchor.year - 1)
    ),
    MONTHLY_DECLARATION.code: lambda d: m.PERIODIC_DECLARATION(period=d.extra.get("period", "")),
    QUARTERLY_DECLARATION.code: lambda d: m.PERIODIC_DECLARATION(period=d.extra.get("period", "")),
    PAPER_BACKFILL.code: lambda d: m.PAPER_BACKFILL(reference=d.subject),
    CROSS_PROVINCE_APPROVAL.code: lambda d: m.APPROVAL_EXPIRY(number=d.subject),
}


def work_items(*, session: Session, actor: Actor, today: date) -> list[WorkItem]:
    """What the actor has to do now, most urgent first, each kind capped at CAP with a "more" line."""
    found: list[WorkItem] = []
    scope = custody_scope(actor)
    parties = scope.parties if scope is not None else frozenset()
    if actor.role == Role.DRIVER or actor.role == Role.CARRIER_DISPATCHER:
        found += _legs(session, actor, today)
    if parties:
        found += _as_generator(session, parties, today)
        found += _as_receiver(session, parties, today)
    if parties or ((actor.is_admin or actor.is_regulator) and may_read(actor, Area.WASTE_MANIFESTS)):
        found = _incoming(found, session, actor)
    # The requests the actor's enterprises must answer, on the manifests it sees (a driver: its legs').
    found += [
        WorkItem(
            Kind.CORRECTION,
            m.ANSWER_CORRECTION(number=v.manifest_number),
            Target(TargetKind.MANIFEST, v.request.manifest_id, f"correction-{v.request.id}"),
            record=v.manifest_number,
        )
        for v in open_for_me(session=session, actor=actor, limit=FETCH)
    ]
    if actor.role != Role.DRIVER:
        found = _with_deadlines(found, session, actor, today)
    if actor.is_admin or actor.is_regulator:
        found += _alerts(session, actor)
        found += _corrections_opened(session, actor)
    return _capped(sorted(found, key=lambda item: item.rank), overseer=actor.is_admin or actor.is_regulator)


def _capped(items: list[WorkItem], *, overseer: bool) -> list[WorkItem]:
    """The first CAP items of each kind in order; a kind with more ends on a line counting the rest,
    right after its last item shown, that opens the full list."""
    left: dict[Kind, int] = {}
    for item in items:
        left[item.kind] = left.get(item.kind, 0) + 1
    shown: list[WorkItem] = []
    seen: dict[Kind, int] = {}
    for item in items:
        seen[item.kind] = seen.get(item.kind, 0) + 1
        if seen[item.kind] > CAP:
            continue
        shown.append(item)
        rest = left[item.kind] - CAP
        if seen[item.kind] == CAP and rest > 0:
            # An enterprise answers its requests from its manifest list, which marks them.
            own = item.kind is Kind.CORRECTION and not overseer
            target = Target(TargetKind.MANIFESTS) if own else FULL_LIST[item.kind]
            shown.append(WorkItem(item.kind, m.MORE(count=rest), target, more=rest))
    return shown


# --- Carriers: a driver's own legs, a dispatcher's carrier's ------------------------------------------


def _legs(session: Session, actor: Actor, today: date) -> list[WorkItem]:
    scope = custody_scope(actor)
    if scope is None or not may_read(actor, Area.TRANSPORT_LEGS):
        return []

    def legs(status: ManifestStatus, picked_up: bool) -> list[tuple[TransportLeg, Manifest]]:
        picked = col(TransportLeg.picked_up_at)
        return list(
            session.exec(
                select(TransportLeg, Manifest)
                .join(Manifest, col(Manifest.id) == TransportLeg.manifest_id)
                .where(
                    scope.leg_condition(),
                    Manifest.status == status.value,
                    picked.is_not(None) if picked_up else picked.is_(None),
                    col(TransportLeg.delivered_at).is_(None),
                )
                .order_by(col(Manifest.transfer_date), col(TransportLeg.id))
                .limit(FETCH)
            )
        )

    items = []
    for _leg, manifest in legs(ManifestStatus.SUBMITTED, picked_up=False):
        # Only the driver scans a pick-up; a dispatcher goes to the manifest to assign or follow it.
        target = (
            Target(TargetKind.PICK_UP, manifest.id)
            if actor.role == Role.DRIVER
            else Target(TargetKind.MANIFEST, manifest.id, "pick-up")
        )
        due = manifest.transfer_date
        items.append(
            WorkItem(
                Kind.PICK_UP,
                m.PICK_UP(number=manifest.number),
                target,
                due=due,
                overdue=due is not None and due < today,
                record=manifest.number,
            )
        )
    for _leg, manifest in legs(ManifestStatus.IN_TRANSIT, picked_up=True):
        items.append(
            WorkItem(
                Kind.ON_THE_ROAD,
                m.ON_THE_ROAD(number=manifest.number),
                Target(TargetKind.MANIFEST, manifest.id),
                due=manifest.transfer_date,
                record=manifest.number,
            )
        )
    return items


# --- Enterprises: their containers and manifests --------------------------------------------------------


def _as_generator(session: Session, parties: Iterable[int], today: date) -> list[WorkItem]:
    ids = sorted(parties)
    items: list[WorkItem] = []
    waiting = session.exec(
        select(func.count()).where(
            col(Container.enterprise_id).in_(ids), Container.status == ContainerStatus.GENERATED.value
        )
    ).one()
    if waiting:
        items.append(
            WorkItem(
                Kind.PUT_AWAY,
                m.PUT_AWAY(count=int(waiting)),
                Target(TargetKind.PUT_AWAY),
                params={"count": int(waiting)},
            )
        )
    own = select(Manifest).where(col(Manifest.generator_id).in_(ids)).order_by(col(Manifest.id)).limit(FETCH)
    for manifest in session.exec(own.where(Manifest.status == ManifestStatus.DRAFT.value)):
        items.append(
            WorkItem(
                Kind.DRAFT,
                m.SUBMIT_DRAFT(number=manifest.number),
                Target(TargetKind.MANIFEST, manifest.id, "submit"),
                due=manifest.transfer_date,
                overdue=manifest.transfer_date is not None and manifest.transfer_date < today,
                record=manifest.number,
            )
        )
    for manifest in session.exec(own.where(Manifest.status == ManifestStatus.REFUSED.value)):
        items.append(
            WorkItem(
                Kind.REFUSED,
                m.REFUSED_LOAD(number=manifest.number),
                Target(TargetKind.MANIFEST, manifest.id, "redirect"),
                overdue=True,
                record=manifest.number,
            )
        )
    return items


RECEIVER_STEPS = (
    (ManifestStatus.IN_TRANSIT, Kind.ON_THE_WAY, m.ON_THE_WAY, TargetKind.ARRIVAL, ""),
    (ManifestStatus.DELIVERED, Kind.WEIGH, m.WEIGH, TargetKind.MANIFEST, "weighing"),
    (ManifestStatus.ACCEPTED, Kind.TREAT, m.TREAT, TargetKind.MANIFEST, "treatment"),
    (ManifestStatus.PARTIALLY_ACCEPTED, Kind.TREAT, m.TREAT, TargetKind.MANIFEST, "treatment"),
)


def _as_receiver(session: Session, parties: Iterable[int], today: date) -> list[WorkItem]:
    ids = sorted(parties)
    items: list[WorkItem] = []
    for status, kind, title, target_kind, key in RECEIVER_STEPS:
        rows = session.exec(
            select(Manifest)
            .where(col(Manifest.receiver_id).in_(ids), Manifest.status == status.value)
            .order_by(col(Manifest.id))
            .limit(FETCH)
        )
        for manifest in rows:
            # Loads on the way are due the day they travel; the rest are dated by the deadline list.
            due = manifest.transfer_date if kind is Kind.ON_THE_WAY else None
            items.append(
                WorkItem(
                    kind,
                    title(number=manifest.number),
                    Target(target_kind, manifest.id, key),
                    due=due,
                    record=manifest.number,
                    params={"manifest_id": manifest.id},
                )
            )
    return items


def _incoming(found: list[WorkItem], session: Session, actor: Actor) -> list[WorkItem]:
    """Loads coming from another park to the actor's park (a receiver: to its enterprises) before they
    arrive, with their origin park, expected arrival (the planned transfer date), waste and quantity;
    a receiver's "on the way" line of such a load gives way to this fuller one."""
    scope = scope_condition(actor)
    rows = list(
        session.exec(
            select(Manifest)
            .where(incoming_condition(actor), *([] if scope is None else [scope]))
            .order_by(col(Manifest.transfer_date), col(Manifest.id))
            .limit(FETCH)
        )
    )
    if not rows:
        return found
    origin = enterprise_parks(session, (r.generator_id for r in rows))
    parks = parks_by_id(session, origin.values())
    ids = {r.id for r in rows}
    out = [i for i in found if not (i.kind is Kind.ON_THE_WAY and i.params.get("manifest_id") in ids)]
    for manifest in rows:
        park = parks.get(origin.get(manifest.generator_id, -1))
        on_road = manifest_is_carried(manifest.status)
        # The receiver scans an arriving load in; everyone else follows the manifest.
        target_kind = TargetKind.ARRIVAL if on_road and scope is not None else TargetKind.MANIFEST
        said = m.INCOMING(
            number=manifest.number,
            park=park.name if park else "",
            waste_code=manifest.waste_code,
            tonnes=tonnes(manifest.declared_g),
            arrival=manifest.transfer_date.isoformat(),
        )
        params = {"manifest_id": manifest.id, "origin_park_id": park.id if park else None}
        out.append(
            WorkItem(
                Kind.INCOMING,
                said,
                Target(target_kind, manifest.id),
                due=manifest.transfer_date,
                record=manifest.number,
                params=params,
            )
        )
    return out


# --- Deadlines: storage clocks, filings, licences, receipt confirmations -------------------------------


def _with_deadlines(found: list[WorkItem], session: Session, actor: Actor, today: date) -> list[WorkItem]:
    """The deadline list's items in the actor's scope, as work items; a receipt confirmation dates the
    receiver's weighing item (a regulator sees the overdue ones as items of their own)."""
    # Each item on its own park's calendar (a cross-park transfer's receipt: the receiver's park's).
    listed = deadlines.list_deadlines(session=session, actor=actor, today=today)
    receipts = {d.extra.get("manifest_id"): d for d in listed if d.rule.code == RECEIPT_CONFIRMATION.code}
    out = []
    for item in found:
        d = receipts.get(item.params.get("manifest_id")) if item.kind is Kind.WEIGH else None
        out.append(replace(item, due=d.due, overdue=d.status is DeadlineStatus.OVERDUE) if d else item)
    overseer = actor.is_admin or actor.is_regulator
    licences_seen: set[object] = set()
    for d in listed:
        code = d.rule.code
        overdue = d.status is DeadlineStatus.OVERDUE
        if code == RECEIPT_CONFIRMATION.code:
            if overseer and overdue:
                number = d.subject
                target = Target(TargetKind.MANIFEST, d.extra.get("manifest_id"))
                out.append(_dated(Kind.RECEIPT_OVERDUE, m.RECEIPT_OVERDUE(number=number), target, d, number))
        elif code == STORAGE_ONE_YEAR.code:
            if not overseer:
                title = m.STORAGE_BREACH if overdue else m.STORAGE_LIMIT
                said = title(container=d.subject, facility=d.extra.get("facility", ""))
                out.append(
                    _dated(Kind.STORAGE, said, Target(TargetKind.CONTAINER, key=d.subject), d, d.subject)
                )
        elif code in FILING_TITLES:
            if not overseer:
                target = Target(TargetKind.DEADLINES, key=code)
                out.append(_dated(Kind.FILING, FILING_TITLES[code](d), target, d, d.subject))
        elif "licence_id" in d.extra:
            # A licence's renewal and expiry share one line: the more urgent, listed first, stays.
            licence_id = d.extra["licence_id"]
            if licence_id in licences_seen:
                continue
            licences_seen.add(licence_id)
            # The holder applies for renewal; a regulator or the park follows it up.
            renewal = m.LICENCE_RENEWAL_DUE if overseer else m.LICENCE_RENEWAL
            title = m.LICENCE_EXPIRY if code == LICENCE_EXPIRY.code else renewal
            target = Target(TargetKind.LICENCE, licence_id)
            out.append(_dated(Kind.LICENCE, title(number=d.subject), target, d, d.subject))
    if not overseer:
        # An enterprise's own items need no party name: the party is the reader.
        out = [replace(item, party="") for item in out]
    return out


def _dated(kind: Kind, title: Said, target: Target, d: Deadline, record: str) -> WorkItem:
    return WorkItem(
        kind,
        title,
        target,
        due=d.due,
        overdue=d.status is DeadlineStatus.OVERDUE,
        party=d.party_name,
        record=record,
    )


# --- Regulators and the park: alerts and their correction requests -------------------------------------


def _alerts(session: Session, actor: Actor) -> list[WorkItem]:
    """Open alerts of the actor's department (the park: all), but overdue receipts, listed from the
    deadlines while they last."""
    page = alert_list.list_alerts(session=session, actor=actor, limit=FETCH)
    items = []
    for alert in page.items:
        if alert.kind == AlertKind.OVERDUE_CONFIRMATION.value:
            continue
        anomaly = alert.kind == AlertKind.WEIGHT_DISCREPANCY.value
        items.append(
            WorkItem(
                Kind.ANOMALY if anomaly else Kind.ALERT,
                alert.said,
                Target(TargetKind.ALERT, alert.id, alert.kind),
                overdue=alert.severity == AlertSeverity.BREACH.value,
                record=alert.entity_id,
            )
        )
    return items


def _corrections_opened(session: Session, actor: Actor) -> list[WorkItem]:
    """Correction requests the actor's department opened and has not settled (the park: every one):
    an answered one waits on the regulator to close it, so it comes first."""
    items = []
    for status, title, answered in (
        (CorrectionStatus.ANSWERED, m.CORRECTION_ANSWERED, True),
        (CorrectionStatus.OPEN, m.CORRECTION_WAITING, False),
    ):
        query = (
            select(CorrectionRequest, Manifest.number)
            .join(Manifest, col(Manifest.id) == CorrectionRequest.manifest_id)
            .where(CorrectionRequest.status == status.value)
            .order_by(col(CorrectionRequest.id))
            .limit(FETCH)
        )
        if not actor.sees_everything:
            query = query.where(CorrectionRequest.department_id == (actor.department_id or -1))
        for request, number in session.exec(query):
            items.append(
                WorkItem(
                    Kind.CORRECTION,
                    title(number=number),
                    Target(TargetKind.MANIFEST, request.manifest_id, f"correction-{request.id}"),
                    overdue=answered,
                    record=number,
                )
            )
    return items
