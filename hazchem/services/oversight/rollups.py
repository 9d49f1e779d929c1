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

Each contribution is a query grouped in SQL by enterprise, Beijing month, category and method, over all
records (the rebuild) or over the ids of the records a transaction changes (the increments).

How it stays in step: a session listener notes, before each flush, which containers and manifests are
about to change and takes their contributions from the database as they stand ("before"); just before
the transaction commits it takes the contributions of everything noted again ("after") and adds the
difference to the roll-up rows. One code path computes contributions for the increments and for the
full rebuild, so the two can only disagree if a change bypasses the ORM session (bulk loaders call
`rebuild` after loading)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, case, delete, event, func, inspect, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.functions import FunctionElement
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

CHUNK = 500
PENDING_KEY = "hazchem_rollups"
DEFERRED_KEY = "hazchem_rollups_deferred"

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


class beijing_month(FunctionElement[int]):
    """The Beijing year and month (yyyymm) of a stored UTC moment, in SQL."""

    type = Integer()
    inherit_cache = True


@compiles(beijing_month, "postgresql")
def _beijing_month_pg(element: Any, compiler: Any, **kw: Any) -> str:
    moment = compiler.process(next(iter(element.clauses)), **kw)
    return f"CAST(to_char(({moment} AT TIME ZONE 'UTC') + INTERVAL '8 hours', 'YYYYMM') AS INTEGER)"


@compiles(beijing_month, "sqlite")
@compiles(beijing_month)
def _beijing_month_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    moment = compiler.process(next(iter(element.clauses)), **kw)
    return f"CAST(strftime('%Y%m', {moment}, '+8 hours') AS INTEGER)"


class calendar_month(FunctionElement[int]):
    """The year and month (yyyymm) of a calendar date, in SQL."""

    type = Integer()
    inherit_cache = True


@compiles(calendar_month, "postgresql")
def _calendar_month_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(to_char({compiler.process(next(iter(element.clauses)), **kw)}, 'YYYYMM') AS INTEGER)"


@compiles(calendar_month, "sqlite")
@compiles(calendar_month)
def _calendar_month_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST(strftime('%Y%m', {compiler.process(next(iter(element.clauses)), **kw)}) AS INTEGER)"


# Positions are inlined, not bound, so PostgreSQL sees one expression in SELECT and GROUP BY.
def _container_cat() -> Any:
    return literal_column("'HW'").op("||")(
        func.substr(col(Container.waste_digits), literal_column("7"), literal_column("2"))
    )


def _manifest_cat() -> Any:
    digits = func.substr(col(Manifest.waste_code), literal_column("9"), literal_column("2"))
    return literal_column("'HW'").op("||")(digits)


NO_METHOD = literal_column("''")


def _gather(
    session: Session, out: Figures, party: Any, month: Any, cat: Any, method: Any, where: list[Any],
    ids: Any, chunk: list[int] | None, joins: tuple[Any, ...] = (), **figures: Any,
) -> None:  # fmt: skip
    """Add one grouped contribution query's rows: party, month, category, method, then the figures."""
    names = list(figures)
    grouping = [party, month, cat] + ([] if method is NO_METHOD else [method])
    query = select(party, month, cat, method, *figures.values())
    for target, on in joins:
        query = query.join(target, on)
    query = query.where(*where)
    if chunk is not None:
        query = query.where(ids.in_(chunk))
    for enterprise, ym, c, m, *values in session.connection().execute(query.group_by(*grouping)):
        key = (enterprise, ym // 100, ym % 100, c, m or "")
        row = out.get(key)
        if row is None:
            row = out[key] = [0] * len(FIGURES)
        for name, value in zip(names, values, strict=True):
            row[_INDEX[name]] += int(value or 0)


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
    owner, cat, net = col(Container.enterprise_id), _container_cat(), col(Container.net_weight_g)
    live = col(Container.status) != VOIDED_CONTAINER
    lines = (
        (ManifestContainer, col(ManifestContainer.container_id) == Container.id),
        (Manifest, col(Manifest.id) == ManifestContainer.manifest_id),
    )
    picked = col(Manifest.picked_up_at)
    for chunk in _chunks(ids):
        common = {"session": session, "out": out, "ids": col(Container.id), "chunk": chunk}
        common = {**common, "party": owner, "cat": cat, "method": NO_METHOD}
        _gather(**common, month=calendar_month(col(Container.gen_date)),
                where=[live], generated_g=func.sum(net), stock_change_g=func.sum(net))  # fmt: skip
        _gather(**common, month=beijing_month(picked),
                where=[live, picked.is_not(None)], joins=lines, stock_change_g=-func.sum(net))  # fmt: skip
        # A rejected container is back with its generator from the rejection.
        _gather(**common, month=beijing_month(col(Manifest.accepted_at)),
                where=[live, picked.is_not(None), col(ManifestContainer.accepted).is_(False),
                       col(Manifest.accepted_at).is_not(None)],
                joins=lines, stock_change_g=func.sum(net))  # fmt: skip


def manifest_figures(session: Session, ids: Iterable[int] | None, out: Figures) -> None:
    """Add what the manifests (all of them for None) contribute: flows, and receiver stock."""
    cat, planned = _manifest_cat(), func.coalesce(col(Manifest.planned_method), NO_METHOD)
    accepted_g = func.coalesce(col(Manifest.accepted_g), 0)
    picked, weighed, treated = col(Manifest.picked_up_at), col(Manifest.accepted_at), col(Manifest.treated_at)
    lines = ((Manifest, col(Manifest.id) == ManifestContainer.manifest_id),)
    declared = func.coalesce(col(ManifestContainer.declared_g), 0)
    weighed_g = func.coalesce(col(ManifestContainer.weighed_g), 0)
    kept = case((col(ManifestContainer.accepted).is_(True), weighed_g), else_=0)
    delivered = col(Manifest.delivered_at).is_not(None)
    for chunk in _chunks(ids):
        flows = {"session": session, "out": out, "ids": col(Manifest.id), "chunk": chunk, "cat": cat}
        _gather(**flows, party=col(Manifest.generator_id), month=beijing_month(picked), method=planned,
                where=[picked.is_not(None)], transferred_g=func.sum(col(Manifest.declared_g)),
                transferred_n=func.count())  # fmt: skip
        _gather(**flows, party=col(Manifest.receiver_id), month=beijing_month(weighed), method=planned,
                where=[weighed.is_not(None)], received_g=func.sum(accepted_g),
                received_n=func.count())  # fmt: skip
        _gather(**flows, party=col(Manifest.receiver_id), month=beijing_month(treated),
                method=func.coalesce(col(Manifest.treatment_method), NO_METHOD),
                where=[treated.is_not(None)], treated_g=func.sum(accepted_g),
                treated_n=func.count())  # fmt: skip
        # The receiver's stock, container by container: declared at delivery, weighed (if accepted)
        # once weighed, nothing once treated.
        stock = {**flows, "party": col(Manifest.receiver_id), "method": NO_METHOD, "joins": lines}
        _gather(**stock, month=beijing_month(col(Manifest.delivered_at)), where=[delivered],
                stock_change_g=func.sum(declared))  # fmt: skip
        _gather(**stock, month=beijing_month(weighed), where=[delivered, weighed.is_not(None)],
                stock_change_g=func.sum(kept - declared))  # fmt: skip
        _gather(**stock, month=beijing_month(treated),
                where=[delivered, weighed.is_not(None), treated.is_not(None),
                       col(ManifestContainer.accepted).is_(True)],
                stock_change_g=-func.sum(kept))  # fmt: skip


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
    keys = sorted(figures)
    if connection.dialect.name == "postgresql":
        # One statement of column arrays: compiling or sending row by row costs minutes at province size.
        columns = ["enterprise_id", "year", "month", "category", "method", *FIGURES]
        kinds = ["integer", "integer", "integer", "text", "text", *("bigint" for _ in FIGURES)]
        values = [[k[i] for k in keys] for i in range(5)] + [
            [figures[k][i] for k in keys] for i in range(len(FIGURES))
        ]
        arrays = ", ".join(f"CAST(:c{i} AS {kind}[])" for i, kind in enumerate(kinds))
        connection.execute(
            text(f"INSERT INTO wastemonthly ({', '.join(columns)}) SELECT * FROM unnest({arrays})"),
            {f"c{i}": v for i, v in enumerate(values)},
        )
        return len(keys)
    batch = [_row(key, figures[key]) for key in keys]
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


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Skip the per-transaction upkeep for a bulk load through this session (the demo's year of
    thousands of small commits), then rebuild the roll-ups once, committed, when the load ends."""
    session.info[DEFERRED_KEY] = True
    try:
        yield
    finally:
        session.info.pop(DEFERRED_KEY, None)
    rebuild(session=session)
    session.commit()


def _pending(session: OrmSession) -> Pending:
    pending = session.info.get(PENDING_KEY)
    if pending is None:
        pending = session.info[PENDING_KEY] = Pending()
    return pending


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    if session.info.get(DEFERRED_KEY):
        return
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
    if session.info.get(DEFERRED_KEY):
        return
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
