"""The park catalogue (园区危险化学品目录): dated revisions by emergency management, versions and exports.

Versioning is by replay rather than stored snapshots: every revision line holds the whole state of
its entry after the change, so version N is one query (the latest line per chemical among revisions
1..N) and a revision costs rows in proportion to what it changes, never to the catalogue's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, and_, col, select

from hazchem.domain import park_catalogue as pc
from hazchem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hazchem.domain.vocab import DepartmentKind
from hazchem.models import Chemical, Department, Park, ParkCatalogueLine, ParkCatalogueRevision, User
from hazchem.render.sheets import Sheet
from hazchem.services.chemicals import messages as msg
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, park_today
from hazchem.services.platform.uow import use_case
from hazchem.services.registry.parks import resolve_park

YES = "是"
FLAG_NAMES = {
    pc.ParkFlag.PROHIBITED: "禁止",
    pc.ParkFlag.RESTRICTED: "限制",
    pc.ParkFlag.CONTROLLED: "控制",
    pc.ParkFlag.KEY_SUPERVISED: "园区重点监管",
}
EXPORT_COLUMNS = (
    "序号",
    "品名",
    "别名",
    "CAS号",
    "剧毒",
    "易制爆",
    "易制毒",
    "重点监管",
    "园区分类",
    "最大持有量(kg)",
    "报告阈值(kg)",
    "列入修订号",
)


def can_revise(actor: Actor | None) -> bool:
    """Emergency-management regulators and the park administrator revise the park catalogue."""
    if actor is None:
        return False
    return actor.is_admin or (
        actor.is_regulator and actor.department_kind == DepartmentKind.EMERGENCY_MANAGEMENT
    )


def latest_number(session: Session, park_id: int) -> int:
    """The number of the park catalogue's latest revision (0 before the first)."""
    found = session.exec(
        select(func.max(ParkCatalogueRevision.number)).where(ParkCatalogueRevision.park_id == park_id)
    ).one()
    return int(found or 0)


def entries_at(session: Session, park_id: int, version: int) -> dict[int, pc.EntryState]:
    """The park catalogue's entries after revision `version`, by chemical id (one query)."""
    latest = (
        select(ParkCatalogueLine.chemical_id, func.max(ParkCatalogueRevision.number).label("number"))
        .join(ParkCatalogueRevision, col(ParkCatalogueRevision.id) == ParkCatalogueLine.revision_id)
        .where(ParkCatalogueRevision.park_id == park_id, ParkCatalogueRevision.number <= version)
        .group_by(col(ParkCatalogueLine.chemical_id))
        .subquery()
    )
    rows = session.exec(
        select(ParkCatalogueLine, ParkCatalogueRevision.number)
        .join(ParkCatalogueRevision, col(ParkCatalogueRevision.id) == ParkCatalogueLine.revision_id)
        .join(
            latest,
            and_(
                latest.c.chemical_id == ParkCatalogueLine.chemical_id,
                latest.c.number == ParkCatalogueRevision.number,
            ),
        )
        .where(ParkCatalogueRevision.park_id == park_id)
    )
    return pc.replay(
        pc.StoredLine(
            number, line.chemical_id, line.action, tuple(line.flags), line.max_holding_kg, line.reporting_kg
        )
        for line, number in rows
    )


def present_chemical_ids(session: Session, park_id: int) -> set[int]:
    """Catalogue entries in the current version of the park catalogue."""
    return set(entries_at(session, park_id, latest_number(session, park_id)))


# --- Revising -------------------------------------------------------------------------------------


@use_case("park_catalogue.revise")
def revise(
    *,
    session: Session,
    actor: Actor,
    reason: str,
    lines: Sequence[pc.LineInput],
    effective_date: date | None = None,
    park_id: int | None = None,
) -> ParkCatalogueRevision:
    """Record one dated revision (adds, changes, removals) of the park catalogue with its reason."""
    if not can_revise(actor):
        raise Forbidden(msg.REVISE_FORBIDDEN)
    reason = pc.clean_reason(reason)
    park = resolve_park(session, actor, park_id)
    # Revisions of one park queue on its row, so each is numbered and checked against the one before.
    session.exec(select(Park.id).where(Park.id == park.id).with_for_update()).one()
    wanted = {line.chemical_id for line in lines}
    known = set(session.exec(select(Chemical.id).where(col(Chemical.id).in_(wanted or [-1]))).all())
    for index, line in enumerate(lines):
        if line.chemical_id not in known:
            raise InvalidInput(
                msg.NOT_IN_NATIONAL,
                details=[{"line": index, "field": "chemical_id", "value": line.chemical_id}],
                chemical_id=line.chemical_id,
            )
    number = latest_number(session, park.id) + 1
    cleaned = pc.check_lines(lines, entries_at(session, park.id, number - 1))
    now = clock.now()
    revision = ParkCatalogueRevision(
        park_id=park.id,
        number=number,
        effective_date=effective_date or park_today(actor),
        reason=reason,
        made_at=now,
        made_by=actor.user_id,
        department_id=actor.department_id,
    )
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(msg.REVISION_RACE) from None
    for line in cleaned:
        session.add(
            ParkCatalogueLine(
                revision_id=revision.id,
                chemical_id=line.chemical_id,
                action=line.action,
                flags=list(line.flags),
                max_holding_kg=line.max_holding_kg,
                reporting_kg=line.reporting_kg,
            )
        )
    audit.record(
        session,
        actor=actor,
        action="park_catalogue.revise",
        entity="park_catalogue",
        entity_id=f"{park.id}:{number}",
        after={
            "number": number,
            "effective_date": revision.effective_date.isoformat(),
            "reason": reason,
            "lines": [
                {
                    "chemical_id": line.chemical_id,
                    "action": line.action,
                    "flags": list(line.flags),
                    "max_holding_kg": line.max_holding_kg,
                    "reporting_kg": line.reporting_kg,
                }
                for line in cleaned
            ],
        },
    )
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(msg.REVISION_RACE) from None
    return revision


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class Entry:
    """An entry of a park catalogue version with its national catalogue row."""

    state: pc.EntryState
    chemical: Chemical


@dataclass
class RevisionView:
    """A revision with who made it and its lines (with their chemicals)."""

    revision: ParkCatalogueRevision
    made_by: str
    department: str
    lines: list[tuple[ParkCatalogueLine, Chemical]] = field(default_factory=list)


@dataclass
class CatalogueVersion:
    """A version of the park catalogue: its entries in serial order and the revision that made it."""

    park: Park
    number: int
    latest: int
    entries: list[Entry]
    revision: ParkCatalogueRevision | None


def version(
    *, session: Session, actor: Actor | None = None, park_id: int | None = None, number: int | None = None
) -> CatalogueVersion:
    """The park catalogue as it stood after revision `number` (the latest when None); public data, of
    the signed-in actor's park by default."""
    park = resolve_park(session, actor, park_id)
    latest = latest_number(session, park.id)
    if number is None:
        number = latest
    if number < 0 or number > latest:
        raise NotFound(msg.NO_VERSION, number=number, latest=latest)
    states = entries_at(session, park.id, number)
    chemicals = {
        c.id: c for c in session.exec(select(Chemical).where(col(Chemical.id).in_(list(states) or [-1])))
    }
    entries = sorted(
        (Entry(s, chemicals[cid]) for cid, s in states.items()),
        key=lambda e: (e.chemical.serial, e.chemical.id),
    )
    revision = session.exec(
        select(ParkCatalogueRevision).where(
            ParkCatalogueRevision.park_id == park.id, ParkCatalogueRevision.number == number
        )
    ).first()
    return CatalogueVersion(park, number, latest, entries, revision)


def revisions(
    *, session: Session, actor: Actor | None = None, park_id: int | None = None
) -> list[RevisionView]:
    """Every revision of the park catalogue, newest first, with its lines, author and department."""
    park = resolve_park(session, actor, park_id)
    revs = list(
        session.exec(
            select(ParkCatalogueRevision)
            .where(ParkCatalogueRevision.park_id == park.id)
            .order_by(col(ParkCatalogueRevision.number).desc())
        )
    )
    ids = [r.id for r in revs]
    users = {
        u.id: u.display_name or u.username
        for u in session.exec(select(User).where(col(User.id).in_({r.made_by for r in revs} or {-1})))
    }
    departments = {
        d.id: d.name
        for d in session.exec(
            select(Department).where(
                col(Department.id).in_({r.department_id for r in revs if r.department_id} or {-1})
            )
        )
    }
    lines: dict[int, list[tuple[ParkCatalogueLine, Chemical]]] = {}
    for line, chemical in session.exec(
        select(ParkCatalogueLine, Chemical)
        .join(Chemical, col(Chemical.id) == ParkCatalogueLine.chemical_id)
        .where(col(ParkCatalogueLine.revision_id).in_(ids or [-1]))
        .order_by(col(ParkCatalogueLine.id))
    ):
        lines.setdefault(line.revision_id, []).append((line, chemical))
    return [
        RevisionView(
            r,
            users.get(r.made_by, ""),
            departments.get(r.department_id, "") if r.department_id else "",
            lines.get(r.id, []),
        )
        for r in revs
    ]


def _rows(view: CatalogueVersion) -> Iterator[list[Any]]:
    for entry in view.entries:
        c, s = entry.chemical, entry.state
        yield [
            c.serial,
            c.name,
            "；".join(c.aliases),
            "；".join(c.cas_numbers),
            YES if c.highly_toxic else "",
            YES if c.explosive_precursor else "",
            c.drug_precursor_class or "",
            YES if c.key_supervised else "",
            "、".join(FLAG_NAMES[pc.ParkFlag(f)] for f in s.flags),
            s.max_holding_kg if s.max_holding_kg is not None else "",
            s.reporting_kg if s.reporting_kg is not None else "",
            s.revision,
        ]


def export_sheet(
    *, session: Session, actor: Actor | None = None, park_id: int | None = None, number: int | None = None
) -> Sheet:
    """One version of the park catalogue as a sheet for the CSV/XLSX writers."""
    view = version(session=session, actor=actor, park_id=park_id, number=number)
    return Sheet(f"园区危险化学品目录 第{view.number}版", EXPORT_COLUMNS, list(_rows(view)))
