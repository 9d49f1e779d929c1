"""Monthly waste roll-ups: each enterprise's figures by Beijing month, category and method, kept in step
with the custody records in the transaction that changes them.

The annual summary and the dashboards add these rows up instead of scanning every container and manifest
of the year (seconds at a million manifests). What one record contributes (module docstring of
summaries.py gives which date puts a quantity in a year):

- a container: generated at its generation month (not voided), and its generator's stock changes: plus its
  weight when generated, minus at each pick-up, plus again when the receiver rejects it;
- a manifest: transferred (pick-up, declared, planned method) under the generator; received (acceptance,
  accepted, planned method) and treated (treatment, accepted, recorded method) under the receiver; and
  the receiver's stock changes per container: plus the declared weight at delivery, minus it and plus
  the weighed one (if accepted) at weighing, minus the weighed one at treatment.

Stock at the end of a month is the sum of the stock changes up to it.

How it stays in step: a session listener notes, before each flush, which containers and manifests are
about to change and takes their contributions from the database as they stand ("before"); just before
the transaction commits it takes the contributions of everything noted again ("after") and adds the
difference to the roll-up rows. One code path computes contributions for the increments and for the
full rebuild, so the two can only disagree if a change bypasses the ORM session (bulk loaders call
`rebuild` after loading)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from hazchem.domain.lifecycle import VOIDED_CONTAINER
from hazchem.models import Container, Manifest, ManifestContainer, WasteMonthly
from hazchem.services.platform.uow import bookkeeping

FIGURES = (
    "generated_g",
    "transferred_g",
    "received_g",
    "treated_g",
    "stock_change_g",
    "transferred_n",
    "received_n",
    "treated_n",
)
Key = tuple[int, int, int, str, str]  # enterprise, year, month, category (HWxx), method
Figures = dict[Key, list[int]]

BEIJING = timedelta(hours=8)
CHUNK = 500
PENDING_KEY = "hazchem_rollups"

MANIFEST_FIELDS = (
    "generator_id",
    "receiver_id",
    "waste_code",
    "picked_up_at",
    "delivered_at",
    "accepted_at",
    "treated_at",
    "declared_g",
    "accepted_g",
    "planned_method",
    "treatment_method",
)
# Manifest fields a container's generator-side stock depends on.
CONTAINER_SIDE_FIELDS = ("picked_up_at", "accepted_at")
CONTAINER_FIELDS = ("enterprise_id", "waste_digits", "gen_date", "net_weight_g", "status")
LINE_FIELDS = ("manifest_id", "container_id", "declared_g", "weighed_g", "accepted")
_INDEX = {name: i for i, name in enumerate(FIGURES)}


def month_of(moment: datetime) -> tuple[int, int]:
    """Beijing year and month of a stored UTC moment."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    local = moment + BEIJING
    return local.year, local.month


def _add(out: Figures, enterprise: int, ym: tuple[int, int], cat: str, method: str, **grams: int) -> None:
    row = out.get((enterprise, ym[0], ym[1], cat, method))
    if row is None:
        row = out[(enterprise, ym[0], ym[1], cat, method)] = [0] * len(FIGURES)
    for name, value in grams.items():
        row[_INDEX[name]] += value


def _rows(session: Session, query: Any, everything: bool) -> Any:
    # A full recomputation streams its rows (millions of them) instead of loading them at once.
    return session.connection().execute(query.execution_options(yield_per=20_000) if everything else query)


def _chunks(ids: Iterable[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i : i + CHUNK]


# --- Contributions ---------------------------------------------------------------------------------


def container_figures(session: Session, ids: Iterable[int] | None, out: Figures) -> None:
    """Add what the containers (all of them for None) contribute: generated, and generator stock."""
    for chunk in _chunks(ids):
        base = select(
            Container.id,
            Container.enterprise_id,
            Container.waste_digits,
            Container.gen_date,
            Container.net_weight_g,
        ).where(col(Container.status) != VOIDED_CONTAINER)
        moves = (
            select(
                Container.enterprise_id,
                Container.waste_digits,
                Container.net_weight_g,
                ManifestContainer.accepted,
                Manifest.picked_up_at,
                Manifest.accepted_at,
            )
            .join(ManifestContainer, col(ManifestContainer.container_id) == Container.id)
            .join(Manifest, col(Manifest.id) == ManifestContainer.manifest_id)
            .where(col(Container.status) != VOIDED_CONTAINER, col(Manifest.picked_up_at).is_not(None))
        )
        if chunk is not None:
            base = base.where(col(Container.id).in_(chunk))
            moves = moves.where(col(Container.id).in_(chunk))
        for c in _rows(session, base, chunk is None):
            cat = f"HW{c.waste_digits[6:8]}"
            ym = (c.gen_date.year, c.gen_date.month)
            _add(out, c.enterprise_id, ym, cat, "", generated_g=c.net_weight_g, stock_change_g=c.net_weight_g)
        for enterprise, digits, grams, accepted, picked, weighed in _rows(session, moves, chunk is None):
            cat = f"HW{digits[6:8]}"
            _add(out, enterprise, month_of(picked), cat, "", stock_change_g=-grams)
            if accepted is False and weighed is not None:
                _add(out, enterprise, month_of(weighed), cat, "", stock_change_g=grams)


def manifest_figures(session: Session, ids: Iterable[int] | None, out: Figures) -> None:
    """Add what the manifests (all of them for None) contribute: flows, and receiver stock."""
    for chunk in _chunks(ids):
        flows = select(
            Manifest.id,
            Manifest.generator_id,
            Manifest.receiver_id,
            Manifest.waste_code,
            Manifest.picked_up_at,
            Manifest.accepted_at,
            Manifest.treated_at,
            Manifest.declared_g,
            Manifest.accepted_g,
            Manifest.planned_method,
            Manifest.treatment_method,
        ).where(
            (col(Manifest.picked_up_at).is_not(None))
            | (col(Manifest.accepted_at).is_not(None))
            | (col(Manifest.treated_at).is_not(None))
        )
        lines = (
            select(
                Manifest.receiver_id,
                Manifest.waste_code,
                Manifest.delivered_at,
                Manifest.accepted_at,
                Manifest.treated_at,
                ManifestContainer.declared_g,
                ManifestContainer.weighed_g,
                ManifestContainer.accepted,
            )
            .join(Manifest, col(Manifest.id) == ManifestContainer.manifest_id)
            .where(col(Manifest.delivered_at).is_not(None))
        )
        if chunk is not None:
            flows = flows.where(col(Manifest.id).in_(chunk))
            lines = lines.where(col(Manifest.id).in_(chunk))
        for m in _rows(session, flows, chunk is None):
            cat, planned, accepted = f"HW{m.waste_code[8:10]}", m.planned_method or "", m.accepted_g or 0
            if m.picked_up_at is not None:
                _add(out, m.generator_id, month_of(m.picked_up_at), cat, planned,
                     transferred_g=m.declared_g or 0, transferred_n=1)  # fmt: skip
            if m.accepted_at is not None:
                _add(out, m.receiver_id, month_of(m.accepted_at), cat, planned,
                     received_g=accepted, received_n=1)  # fmt: skip
            if m.treated_at is not None:
                _add(out, m.receiver_id, month_of(m.treated_at), cat, m.treatment_method or "",
                     treated_g=accepted, treated_n=1)  # fmt: skip
        for line in _rows(session, lines, chunk is None):
            cat, declared, receiver = f"HW{line.waste_code[8:10]}", line.declared_g or 0, line.receiver_id
            _add(out, receiver, month_of(line.delivered_at), cat, "", stock_change_g=declared)
            if line.accepted_at is None:
                continue
            kept = (line.weighed_g or 0) if line.accepted is True else 0
            _add(out, receiver, month_of(line.accepted_at), cat, "", stock_change_g=kept - declared)
            if line.treated_at is not None and line.accepted is True:
                _add(out, receiver, month_of(line.treated_at), cat, "", stock_change_g=-kept)


def recompute(session: Session) -> Figures:
    """Every roll-up row computed afresh from the containers and manifests (all-zero rows left out)."""
    out: Figures = {}
    container_figures(session, None, out)
    manifest_figures(session, None, out)
    return {k: v for k, v in out.items() if any(v)}


def stored(session: Session) -> Figures:
    """The roll-up rows as stored (all-zero rows left out)."""
    fields = [getattr(WasteMonthly, f) for f in FIGURES]
    rows = session.connection().execute(
        select(
            WasteMonthly.enterprise_id,
            WasteMonthly.year,
            WasteMonthly.month,
            WasteMonthly.category,
            WasteMonthly.method,
            *fields,
        )
    )
    return {(e, y, m, c, me): list(v) for e, y, m, c, me, *v in rows if any(v)}


@bookkeeping("derived figures recomputed from the custody records; no record a user acts on")
def rebuild(*, session: Session) -> int:
    """Replace every roll-up row by a recomputation from the custody records; returns the row count."""
    return refill(session)


def refill(session: Session) -> int:
    """Replace every roll-up row in the caller's transaction (the migration's backfill calls it)."""
    figures = recompute(session)
    connection = session.connection()
    connection.execute(delete(WasteMonthly))
    batch = [_row(key, values) for key, values in sorted(figures.items())]
    for i in range(0, len(batch), 5000):
        connection.execute(WasteMonthly.__table__.insert(), batch[i : i + 5000])  # type: ignore[attr-defined]
    return len(batch)


def _row(key: Key, values: list[int]) -> dict[str, Any]:
    enterprise, year, month, cat, method = key
    return dict(
        enterprise_id=enterprise, year=year, month=month, category=cat, method=method,
        **dict(zip(FIGURES, values, strict=True)),
    )  # fmt: skip


def apply(session: Session, change: Figures) -> None:
    """Add the figures to the stored rows, creating missing ones (in key order, so writers never deadlock)."""
    rows = [_row(k, v) for k, v in sorted(change.items()) if any(v)]
    if not rows:
        return
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = WasteMonthly.__table__  # type: ignore[attr-defined]
    for row in rows:
        stmt = dialect.insert(table).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=["enterprise_id", "year", "month", "category", "method"],
            set_={f: table.c[f] + stmt.excluded[f] for f in FIGURES},
        )
        connection.execute(stmt)


# --- Keeping in step --------------------------------------------------------------------------------


@dataclass
class Pending:
    """The records a transaction changes, with their contributions before the change (negated)."""

    containers: set[int] = field(default_factory=set)
    manifests: set[int] = field(default_factory=set)
    change: Figures = field(default_factory=dict)
    # Records the flush in progress inserts: they get their ids, and contributed nothing before.
    fresh: list[Any] = field(default_factory=list)

    def subtract(self, figures: Figures) -> None:
        """Count the figures out of the change (what the noted records contributed before)."""
        for key, values in figures.items():
            row = self.change.setdefault(key, [0] * len(FIGURES))
            for i, v in enumerate(values):
                row[i] -= v

    def add(self, figures: Figures) -> None:
        """Count the figures into the change (what the noted records contribute now)."""
        for key, values in figures.items():
            row = self.change.setdefault(key, [0] * len(FIGURES))
            for i, v in enumerate(values):
                row[i] += v


def _changed(obj: Any, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _touched(session: OrmSession) -> tuple[set[int], set[int]]:
    """Ids of existing containers and manifests whose contributions the pending flush may change."""
    containers: set[int] = set()
    manifests: set[int] = set()
    side: set[int] = set()
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Container) and obj.id is not None:
            if obj in session.deleted or _changed(obj, CONTAINER_FIELDS):
                containers.add(obj.id)
        elif isinstance(obj, Manifest) and obj.id is not None:
            if obj in session.deleted or _changed(obj, MANIFEST_FIELDS):
                manifests.add(obj.id)
            if obj in session.deleted or _changed(obj, CONTAINER_SIDE_FIELDS):
                side.add(obj.id)
        elif isinstance(obj, ManifestContainer) and (obj in session.deleted or _changed(obj, LINE_FIELDS)):
            for name, target in (("manifest_id", manifests), ("container_id", containers)):
                for value in (getattr(obj, name), *inspect(obj).attrs[name].history.deleted):
                    if value is not None:
                        target.add(value)
    for obj in session.new:
        # A new line changes an existing container's and manifest's contributions.
        if isinstance(obj, ManifestContainer):
            if obj.container_id is not None:
                containers.add(obj.container_id)
            if obj.manifest_id is not None:
                manifests.add(obj.manifest_id)
    if side:
        for chunk in _chunks(side):
            on = select(ManifestContainer.container_id).where(col(ManifestContainer.manifest_id).in_(chunk))
            containers.update(session.connection().scalars(on))
    return containers, manifests


def _pending(session: OrmSession) -> Pending:
    pending = session.info.get(PENDING_KEY)
    if pending is None:
        pending = session.info[PENDING_KEY] = Pending()
    return pending


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    pending = _pending(session)
    new = [o for o in session.new if isinstance(o, (Container, Manifest))]
    pending.fresh.extend(new)
    if not (session.dirty or session.deleted or session.new):
        return
    containers, manifests = _touched(session)  # type: ignore[arg-type]
    containers -= pending.containers
    manifests -= pending.manifests
    if containers or manifests:
        before: Figures = {}
        container_figures(session, containers, before)  # type: ignore[arg-type]
        manifest_figures(session, manifests, before)  # type: ignore[arg-type]
        pending.subtract(before)
        pending.containers |= containers
        pending.manifests |= manifests


@event.listens_for(OrmSession, "after_flush")
def _after_flush(session: OrmSession, _context: Any) -> None:
    pending = session.info.get(PENDING_KEY)
    if pending is None:
        return
    fresh, pending.fresh = pending.fresh, []
    for obj in fresh:
        if isinstance(obj, Container) and obj.id is not None:
            pending.containers.add(obj.id)
        elif isinstance(obj, Manifest) and obj.id is not None:
            pending.manifests.add(obj.id)


@event.listens_for(OrmSession, "before_commit")
def _before_commit(session: OrmSession) -> None:
    session.flush()
    pending = session.info.pop(PENDING_KEY, None)
    if pending is None or not (pending.containers or pending.manifests):
        return
    after: Figures = {}
    container_figures(session, pending.containers, after)  # type: ignore[arg-type]
    manifest_figures(session, pending.manifests, after)  # type: ignore[arg-type]
    pending.add(after)
    apply(session, pending.change)  # type: ignore[arg-type]


@event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session: OrmSession, transaction: Any) -> None:
    # A rolled-back or closed transaction leaves nothing to carry over to the next one.
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)
