"""Amendments of a catalogue edition: dated notices that change, add or remove entries, loaded from
catalogues/ or entered by emergency management, and the catalogue as amended on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from hazchem.domain import catalogue as cat
from hazchem.domain.errors import Conflict, InvalidInput, NotFound
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AmendmentKind
from hazchem.models import CatalogueAmendment, Chemical
from hazchem.services.lists import messages as msg
from hazchem.services.lists.importers import (
    DEFAULT_CHEMICAL_EDITION,
    ImportReport,
    RowIssue,
    _finish,
    read_table,
)
from hazchem.services.platform import audit, clock
from hazchem.services.platform.access import Actor, require_oversight
from hazchem.services.platform.uow import use_case

MAX_NOTICE = 80
MAX_SOURCE = 2_000
# The file's 类型 column: rows of these kinds amend entries; the edition's own publication starts the chain.
FILE_KINDS = {
    "修改条目": AmendmentKind.CHANGE,
    "新增条目": AmendmentKind.ADD,
    "删除条目": AmendmentKind.REMOVE,
}
EDITION_START = "原始发布"


@dataclass(frozen=True)
class ListedEntry:
    """A catalogue entry as listed on a day: its row, the name that day, and the notice that set it."""

    chemical: Chemical
    name: str
    amended_by: str | None


def _amendments(session: Session, chemical_ids: list[int]) -> dict[int, list[CatalogueAmendment]]:
    found: dict[int, list[CatalogueAmendment]] = {}
    if chemical_ids:
        rows = session.exec(
            select(CatalogueAmendment)
            .where(col(CatalogueAmendment.chemical_id).in_(chemical_ids))
            .order_by(CatalogueAmendment.effective_date, CatalogueAmendment.id)
        )
        for row in rows:
            found.setdefault(row.chemical_id, []).append(row)
    return found


def entries_on(
    *, session: Session, serial: int, on: date, edition: str = DEFAULT_CHEMICAL_EDITION
) -> list[ListedEntry]:
    """The entries under a serial as the catalogue, amended by the notices in force, listed them on `on`."""
    chemicals = list(
        session.exec(
            select(Chemical)
            .where(Chemical.edition == edition, Chemical.serial == serial)
            .order_by(col(Chemical.id))
        )
    )
    amendments = _amendments(session, [c.id for c in chemicals])
    listed = []
    for chem in chemicals:
        rows = amendments.get(chem.id, [])
        base = next(
            (a.before_name for a in rows if a.kind == AmendmentKind.CHANGE and a.before_name), chem.name
        )
        name = cat.listing_on(base, [cat.Amendment(a.kind, a.effective_date, a.after_name) for a in rows], on)
        if name is not None:
            applied = [a.notice for a in rows if a.effective_date <= on]
            listed.append(ListedEntry(chem, name, applied[-1] if applied else None))
    return listed


def list_amendments(*, session: Session, edition: str = DEFAULT_CHEMICAL_EDITION) -> list[CatalogueAmendment]:
    """Every amendment of an edition, by effective date."""
    return list(
        session.exec(
            select(CatalogueAmendment)
            .where(CatalogueAmendment.edition == edition)
            .order_by(CatalogueAmendment.effective_date, CatalogueAmendment.id)
        )
    )


def _add(
    session: Session,
    actor: Actor | None,
    *,
    notice: str,
    effective_date: date,
    kind: AmendmentKind,
    chemical: Chemical,
    before_name: str,
    after_name: str,
    source: str,
    note: str,
) -> CatalogueAmendment:
    row = CatalogueAmendment(
        edition=chemical.edition,
        notice=notice,
        effective_date=effective_date,
        kind=kind.value,
        chemical_id=chemical.id,
        before_name=before_name,
        after_name=after_name,
        source=source,
        note=note,
        recorded_at=clock.now(),
        recorded_by=actor.user_id if actor is not None and actor.user_id else None,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="catalogue.amendment",
        entity="chemical",
        entity_id=chemical.id,
        after={
            "notice": notice,
            "effective_date": effective_date.isoformat(),
            "kind": kind.value,
            "before": before_name,
            "after": after_name,
        },
    )
    return row


_REQUIRED = {"notice": msg.NOTICE_REQUIRED, "source": msg.SOURCE_REQUIRED, "name": msg.NAME_REQUIRED}
_ALREADY = {
    AmendmentKind.ADD: msg.ALREADY_ADDS,
    AmendmentKind.CHANGE: msg.ALREADY_CHANGES,
    AmendmentKind.REMOVE: msg.ALREADY_REMOVES,
}


def _text(value: str, field: str, limit: int) -> str:
    text = (value or "").strip()
    if not text or len(text) > limit:
        raise InvalidInput(_REQUIRED[field], details=[{"field": field}], limit=limit)
    return text


@use_case("catalogue.amendment")
def record_amendment(
    *,
    session: Session,
    actor: Actor,
    notice: str,
    effective_date: date,
    kind: str,
    source: str,
    chemical_id: int | None = None,
    serial: int | None = None,
    name: str = "",
    cas_numbers: list[str] | None = None,
    note: str = "",
    edition: str = DEFAULT_CHEMICAL_EDITION,
) -> CatalogueAmendment:
    """Enter a notice's change to one entry (emergency management): a new name from a date, a new
    entry under a serial, or an entry removed; the notice and its source are kept with it."""
    require_oversight(actor, Area.CHEMICAL_LICENCES)
    notice = _text(notice, "notice", MAX_NOTICE)
    source = _text(source, "source", MAX_SOURCE)
    if kind not in list(AmendmentKind):
        raise InvalidInput(msg.KIND_UNKNOWN, details=[{"field": "kind"}], kinds=", ".join(AmendmentKind))
    amendment_kind = AmendmentKind(kind)
    if amendment_kind is AmendmentKind.ADD:
        if serial is None or not 1 <= serial <= 99_999:
            raise InvalidInput(msg.SERIAL_REQUIRED, details=[{"field": "serial"}])
        new_name = _text(name, "name", 300)
        numbers = []
        for value in cas_numbers or []:
            numbers.append(cat.validate_cas(value))
        if session.exec(
            select(Chemical).where(
                Chemical.edition == edition, Chemical.serial == serial, Chemical.name == new_name
            )
        ).first():
            raise Conflict(
                msg.ENTRY_EXISTS,
                details=[{"field": "name"}],
                serial=serial,
                name=new_name,
                edition=edition,
            )
        chemical = Chemical(
            edition=edition,
            serial=serial,
            name=new_name,
            cas_numbers=numbers,
            search_text=cat.chemical_search_text(new_name, [], "", numbers, serial),
        )
        session.add(chemical)
        session.flush()
        return _add(
            session,
            actor,
            notice=notice,
            effective_date=effective_date,
            kind=amendment_kind,
            chemical=chemical,
            before_name="",
            after_name=new_name,
            source=source,
            note=note,
        )
    chemical = session.get(Chemical, chemical_id) if chemical_id is not None else None
    if chemical is None:
        raise NotFound(msg.CHEMICAL_NOT_FOUND, details=[{"field": "chemical_id"}], chemical_id=chemical_id)
    after = _text(name, "name", 300) if amendment_kind is AmendmentKind.CHANGE else ""
    if session.exec(
        select(CatalogueAmendment).where(
            CatalogueAmendment.notice == notice,
            CatalogueAmendment.chemical_id == chemical.id,
            CatalogueAmendment.kind == amendment_kind.value,
        )
    ).first():
        raise Conflict(
            _ALREADY[amendment_kind], details=[{"field": "notice"}], notice=notice, serial=chemical.serial
        )
    return _add(
        session, actor, notice=notice, effective_date=effective_date, kind=amendment_kind, chemical=chemical,
        before_name=chemical.name, after_name=after, source=source, note=note,
    )  # fmt: skip


@use_case("catalogue.import", "catalogue.amendment")
def import_amendments(
    *, session: Session, actor: Actor | None, path: Path, edition: str = DEFAULT_CHEMICAL_EDITION
) -> ImportReport:
    """Load an amendments table (公告文号, 类型, 施行日期, 条目序号, 修改前, 修改后, 来源); a change applies
    only to the entry whose serial and 修改前 name it gives, and rows that amend nothing are reported."""
    table = read_table(path)
    cat.require_columns(
        table.header, ["公告文号", "类型", "施行日期", "条目序号", "修改前", "修改后"], path.name
    )
    report = ImportReport(list_name="chemical_amendments", edition=edition)
    for row, cells in table.rows:
        kind_text = cells.get("类型", "").strip()
        notice = cells.get("公告文号", "").strip()
        if kind_text.startswith(EDITION_START):
            continue
        kind = FILE_KINDS.get(kind_text)
        if kind is None:
            report.doubts.append(RowIssue(row, msg.NOT_AN_AMENDMENT(notice=notice, kind=kind_text)))
            continue
        effective = cat.parse_effective_date(cells.get("施行日期", ""))
        serial_text = cells.get("条目序号", "").strip()
        before, after = cells.get("修改前", "").strip(), cells.get("修改后", "").strip()
        if effective is None or not serial_text.isdigit() or (kind is not AmendmentKind.REMOVE and not after):
            report.doubts.append(RowIssue(row, msg.ROW_INCOMPLETE(notice=notice), after))
            continue
        query = select(Chemical).where(Chemical.edition == edition, Chemical.serial == int(serial_text))
        if before:
            query = query.where(Chemical.name == before)
        matches = list(session.exec(query))
        if len(matches) != 1:
            report.rejected.append(
                RowIssue(
                    row,
                    msg.ENTRY_MISSING(notice=notice, serial=serial_text, name=before, edition=edition),
                    before,
                )
            )
            continue
        chemical = matches[0]
        exists = session.exec(
            select(CatalogueAmendment).where(
                CatalogueAmendment.notice == notice,
                CatalogueAmendment.chemical_id == chemical.id,
                CatalogueAmendment.kind == kind.value,
            )
        ).first()
        if exists is not None:
            report.unchanged += 1
            continue
        _add(
            session,
            actor,
            notice=notice,
            effective_date=effective,
            kind=kind,
            chemical=chemical,
            before_name=chemical.name,
            after_name=after,
            source=cells.get("来源", "").strip(),
            note=cells.get("说明", "").strip(),
        )
        report.created += 1
    _finish(session, actor, report, f"chemical_amendments:{edition}", bool(report.created))
    return report
