"""Registers and exports: the department's manifest register and each enterprise's
ledgers (台账) in the sections of HJ 1259-2022, written as CSV or XLSX and streamed in constant memory.

Rows are read with a server-side cursor (`yield_per`) and written in chunks, so a 100,000-row export
never holds more than one chunk of rows; related names are looked up once per chunk.

Column headers: the generation section uses the field names HJ 1259-2022 lists for the generation
record (产生批次编码 … 去向, checked against published summaries of the guideline). The storage, transfer,
receipt and utilisation/disposal headers follow the same naming but were not checked word for word
against the standard's tables; they name the data plainly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from hazchem.domain.deadlines import CHINA_TIME, WorkCalendar
from hazchem.domain.errors import InvalidInput, NotFound
from hazchem.domain.lifecycle import ContainerAction
from hazchem.domain.oversight import Area
from hazchem.models import (
    Container,
    Enterprise,
    Event,
    Facility,
    Manifest,
    Park,
    TransportLeg,
    User,
    WasteStream,
)
from hazchem.render.sheets import CHUNK_ROWS, Sheet
from hazchem.services.oversight import messages as om
from hazchem.services.oversight.search import (
    ManifestFilters,
    base_query,
    batched,
    overdue_condition,
    utc_start,
)
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor, can_read_enterprise, park_today, require_read
from hazchem.services.platform.calendar import park_calendar

YES, NO = "是", "否"
_CHINA_OFFSET = CHINA_TIME.utcoffset(None)
_CHINA_FIXED = timezone(_CHINA_OFFSET)
_ONE_DAY = timedelta(days=1)

MANIFEST_REGISTER_COLUMNS = (
    "联单编号",
    "联单状态",
    "创建时间",
    "计划转移日期",
    "起运时间",
    "运抵时间",
    "接收确认时间",
    "利用/处置时间",
    "移出人",
    "承运人",
    "接受人",
    "废物代码",
    "废物类别",
    "申报量(kg)",
    "实收量(kg)",
    "接受量(kg)",
    "利用/处置方式",
    "数量异常",
    "逾期未确认接收",
    # A transfer between parks shows in both; a regional regulator's register spans several.
    "移出人所在园区",
    "接受人所在园区",
)

# HJ 1259-2022 ledger sections (台账), each with its column headers.
GENERATION_COLUMNS = (
    "产生批次编码",
    "产生时间",
    "危险废物名称",
    "危险废物类别",
    "危险废物代码",
    "产生量",
    "计量单位",
    "容器/包装编码",
    "容器/包装类型",
    "容器/包装数量",
    "产生危险废物设施编码",
    "产生部门经办人",
    "去向",
)
STORAGE_IN_COLUMNS = (
    "入库批次编码",
    "入库时间",
    "危险废物名称",
    "危险废物类别",
    "危险废物代码",
    "入库量",
    "计量单位",
    "容器/包装编码",
    "容器/包装类型",
    "贮存设施",
    "贮存部门经办人",
)
STORAGE_OUT_COLUMNS = (
    "出库批次编码",
    "出库时间",
    "危险废物名称",
    "危险废物类别",
    "危险废物代码",
    "出库量",
    "计量单位",
    "容器/包装编码",
    "转移联单编号",
    "去向",
    "出库经办人",
)
TRANSFER_OUT_COLUMNS = (
    "转移联单编号",
    "转移时间",
    "危险废物名称",
    "危险废物类别",
    "危险废物代码",
    "转移量",
    "计量单位",
    "承运单位",
    "接收单位",
    "拟利用/处置方式",
    "联单状态",
)
RECEIPT_COLUMNS = (
    "转移联单编号",
    "接收时间",
    "移出单位",
    "危险废物类别",
    "危险废物代码",
    "申报量",
    "实收量",
    "接受量",
    "计量单位",
    "接收设施",
    "差异说明",
)
DISPOSAL_COLUMNS = (
    "转移联单编号",
    "利用/处置时间",
    "移出单位",
    "危险废物类别",
    "危险废物代码",
    "利用/处置量",
    "计量单位",
    "利用/处置方式",
    "利用/处置设施",
)


@dataclass(frozen=True)
class LedgerSection:
    """One section of an enterprise ledger: its key, sheet title and header row."""

    key: str
    title: str
    columns: tuple[str, ...]


LEDGER_SECTIONS: dict[str, LedgerSection] = {
    s.key: s
    for s in (
        LedgerSection("generation", "产生", GENERATION_COLUMNS),
        LedgerSection("storage_in", "入库", STORAGE_IN_COLUMNS),
        LedgerSection("storage_out", "出库", STORAGE_OUT_COLUMNS),
        LedgerSection("transfer_out", "转移", TRANSFER_OUT_COLUMNS),
        LedgerSection("receipt", "接收", RECEIPT_COLUMNS),
        LedgerSection("disposal", "利用处置", DISPOSAL_COLUMNS),
    )
}


# --- Cell values ----------------------------------------------------------------------------------


def kg(grams: int | None) -> Decimal | None:
    """Grams as exact kilograms (a number in XLSX, plain text in CSV)."""
    return None if grams is None else (Decimal(grams) / 1000).normalize() + 0


def _beijing(value: datetime | None) -> str:
    """A stored (UTC) moment as Beijing local time (UTC+8 all year), minute precision."""
    if value is None:
        return ""
    # A fixed offset and isoformat: exports format millions of these, strftime is several times slower.
    if value.tzinfo is not None:
        return value.astimezone(_CHINA_FIXED).isoformat(" ", "minutes")[:16]
    return (value + _CHINA_OFFSET).isoformat(" ", "minutes")


def _aware(value: datetime) -> datetime:
    """SQLite hands stored moments back naive; they are UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def category_of(code: str) -> str:
    """HWxx from a waste code (its last two digits)."""
    return f"HW{code[-2:]}" if code else ""


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(
        session.exec(select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(wanted))).all()
    )


def _facility_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(Facility.id, Facility.name).where(col(Facility.id).in_(wanted))).all())


def _user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(User.id, User.display_name, User.username).where(col(User.id).in_(wanted)))
    return {uid: display or username for uid, display, username in rows}


def _carriers(session: Session, manifest_ids: Sequence[int]) -> dict[int, list[int]]:
    legs = session.exec(
        select(TransportLeg.manifest_id, TransportLeg.carrier_id)
        .where(col(TransportLeg.manifest_id).in_(list(manifest_ids)))
        .order_by(TransportLeg.manifest_id, TransportLeg.seq)
    )
    out: dict[int, list[int]] = {}
    for manifest_id, carrier_id in legs:
        out.setdefault(manifest_id, []).append(carrier_id)
    return out


# --- The manifest register ------------------------------------------------------------------------


_REGISTER_SELECT = (
    Manifest.id,
    Manifest.number,
    Manifest.status,
    Manifest.created_at,
    Manifest.transfer_date,
    Manifest.picked_up_at,
    Manifest.delivered_at,
    Manifest.accepted_at,
    Manifest.treated_at,
    Manifest.generator_id,
    Manifest.receiver_id,
    Manifest.waste_code,
    Manifest.waste_category,
    Manifest.declared_g,
    Manifest.received_g,
    Manifest.accepted_g,
    Manifest.treatment_method,
    Manifest.planned_method,
    Manifest.anomaly,
)


def manifest_register_rows(
    *,
    session: Session,
    actor: Actor,
    filters: ManifestFilters,
    today: date | None = None,
    cal: WorkCalendar | None = None,
    chunk: int = CHUNK_ROWS,
) -> Iterator[list[Any]]:
    """One row per manifest the actor may see matching the filters, in MANIFEST_REGISTER_COLUMNS order.

    Plain column rows, not manifest objects, and "overdue" is the search's own SQL condition, so a
    100,000-row export stays well inside its time budget and agrees with the overdue filter."""
    today = today or park_today(actor)
    cal = cal or park_calendar(session, park_id=actor.park_id)
    late = overdue_condition(today, cal).label("overdue")
    query = base_query(actor=actor, filters=filters, today=today, cal=cal, columns=(*_REGISTER_SELECT, late))
    # Every enterprise's name at once: a park has thousands at most, far fewer than manifests.
    enterprises = session.exec(select(Enterprise.id, Enterprise.name, Enterprise.park_id)).all()
    names = {e: name for e, name, _ in enterprises}
    park_of = {e: park for e, _, park in enterprises}
    park_names = dict(session.exec(select(Park.id, Park.name)).all())
    stream = session.exec(query.execution_options(yield_per=chunk))
    for batch in batched(stream, chunk):
        carriers = _carriers(session, [m[0] for m in batch])
        # Unpacked by position (the order of _REGISTER_SELECT): cheaper than named access per cell.
        for (mid, number, status, created_at, transfer_date, picked_up_at, delivered_at, accepted_at,
             treated_at, generator_id, receiver_id, waste_code, waste_category, declared_g, received_g,
             accepted_g, treatment_method, planned_method, anomaly, overdue) in batch:  # fmt: skip
            yield [
                number,
                status,
                _beijing(created_at),
                transfer_date.isoformat(),
                _beijing(picked_up_at),
                _beijing(delivered_at),
                _beijing(accepted_at),
                _beijing(treated_at),
                names.get(generator_id, ""),
                "、".join(names.get(c, "") for c in carriers.get(mid, ())),
                names.get(receiver_id, ""),
                waste_code,
                waste_category,
                kg(declared_g),
                kg(received_g),
                kg(accepted_g),
                treatment_method or planned_method or "",
                YES if anomaly else NO,
                YES if overdue else NO,
                park_names.get(park_of.get(generator_id), ""),
                park_names.get(park_of.get(receiver_id), ""),
            ]


# --- Enterprise ledgers (HJ 1259) -----------------------------------------------------------------


def _require_enterprise(session: Session, actor: Actor, enterprise_id: int) -> Enterprise:
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not can_read_enterprise(actor, enterprise_id):
        raise NotFound(om.REGISTER_ENTERPRISE_NOT_FOUND, enterprise_id=enterprise_id)
    return enterprise


def _period(query: Any, column: Any, start: date | None, end: date | None) -> Any:
    if start is not None:
        query = query.where(column >= utc_start(start))
    if end is not None:
        query = query.where(column < utc_start(end + _ONE_DAY))
    return query


def _generation_rows(session: Session, enterprise_id: int, start: date | None, end: date | None, chunk: int):
    query = (
        select(Container, WasteStream.name)
        .join(WasteStream, col(WasteStream.id) == Container.stream_id)
        .where(Container.enterprise_id == enterprise_id)
        .order_by(col(Container.created_at), col(Container.id))
    )
    query = _period(query, col(Container.created_at), start, end)
    for batch in batched(session.exec(query.execution_options(yield_per=chunk)), chunk):
        facilities = _facility_names(
            session, [c.generating_facility_id for c, _ in batch] + [c.facility_id for c, _ in batch]
        )
        users = _user_names(session, [c.created_by for c, _ in batch])
        numbers = _manifest_numbers(session, [c.manifest_id for c, _ in batch])
        for c, stream_name in batch:
            code = _code_of(c.waste_digits)
            if c.manifest_id is not None:
                destination = f"转移 {numbers.get(c.manifest_id, '')}"
            elif c.facility_id is not None:
                destination = f"贮存 {facilities.get(c.facility_id, '')}"
            else:
                destination = ""
            yield [
                c.digital_id,
                c.gen_date.isoformat(),
                stream_name,
                category_of(code),
                code,
                kg(c.net_weight_g),
                "kg",
                c.digital_id,
                c.packaging,
                1,
                facilities.get(c.generating_facility_id, "") if c.generating_facility_id else "",
                users.get(c.created_by, "") if c.created_by else "",
                destination,
            ]


def _code_of(waste_digits: str) -> str:
    """xxx-xxx-xx from the 8 digits of a digital ID's waste code segment."""
    d = waste_digits or ""
    return f"{d[:3]}-{d[3:6]}-{d[6:8]}" if len(d) == 8 else d


def _manifest_numbers(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(Manifest.id, Manifest.number).where(col(Manifest.id).in_(wanted))).all())


def _receivers_by_number(session: Session, numbers: Iterable[str | None]) -> dict[str, str]:
    """Receiver names of manifests by number (where loaded containers went)."""
    wanted = {n for n in numbers if n}
    if not wanted:
        return {}
    rows = list(
        session.exec(select(Manifest.number, Manifest.receiver_id).where(col(Manifest.number).in_(wanted)))
    )
    names = _names(session, [r for _, r in rows])
    return {number: names.get(receiver, "") for number, receiver in rows}


def _movement_rows(
    session: Session,
    enterprise_id: int,
    action: ContainerAction,
    start: date | None,
    end: date | None,
    chunk: int,
    storing: bool,
):
    """Put-away (storage in) or load (storage out) events of the enterprise's own containers."""
    query = (
        select(Event, Container, WasteStream.name)
        .join(Container, col(Container.digital_id) == Event.entity_id)
        .join(WasteStream, col(WasteStream.id) == Container.stream_id)
        .where(
            Event.entity == "container",
            Event.action == f"container.{action.value}",
            Container.enterprise_id == enterprise_id,
        )
        .order_by(col(Event.at), col(Event.id))
    )
    query = _period(query, col(Event.at), start, end)
    for batch in batched(session.exec(query.execution_options(yield_per=chunk)), chunk):
        users = _user_names(session, [e.actor_id for e, _, _ in batch])
        receivers = (
            {}
            if storing
            else _receivers_by_number(session, [(e.after or {}).get("manifest") for e, _, _ in batch])
        )
        for event, c, stream_name in batch:
            code = _code_of(c.waste_digits)
            after = event.after or {}
            weight = after.get("net_weight_g", c.net_weight_g)
            common = [
                c.digital_id,
                _beijing(event.at),
                stream_name,
                category_of(code),
                code,
                kg(weight),
                "kg",
            ]
            who = users.get(event.actor_id, "") if event.actor_id else ""
            if storing:
                yield [*common, c.digital_id, c.packaging, str(after.get("facility", "")), who]
            else:
                number = str(after.get("manifest", ""))
                yield [*common, c.digital_id, number, receivers.get(number, ""), who]


def _manifest_ledger_rows(
    session: Session,
    *,
    side: str,
    enterprise_id: int,
    moment_column: Any,
    start: date | None,
    end: date | None,
    chunk: int,
):
    party = Manifest.generator_id if side == "generator" else Manifest.receiver_id
    query = (
        select(Manifest, WasteStream.name)
        .join(WasteStream, col(WasteStream.id) == Manifest.stream_id)
        .where(party == enterprise_id, col(moment_column).is_not(None))
        .order_by(col(moment_column), col(Manifest.id))
    )
    query = _period(query, col(moment_column), start, end)
    for batch in batched(session.exec(query.execution_options(yield_per=chunk)), chunk):
        carriers = _carriers(session, [m.id for m, _ in batch])
        names = _names(
            session, [e for m, _ in batch for e in (m.generator_id, m.receiver_id, *carriers.get(m.id, []))]
        )
        facilities = _facility_names(session, [m.receiver_facility_id for m, _ in batch])
        yield from ((m, stream, carriers, names, facilities) for m, stream in batch)


def _transfer_rows(session, enterprise_id, start, end, chunk):
    for m, stream, carriers, names, _ in _manifest_ledger_rows(
        session,
        side="generator",
        enterprise_id=enterprise_id,
        moment_column=Manifest.picked_up_at,
        start=start,
        end=end,
        chunk=chunk,
    ):
        yield [
            m.number,
            _beijing(m.picked_up_at),
            stream,
            category_of(m.waste_code),
            m.waste_code,
            kg(m.declared_g),
            "kg",
            "、".join(names.get(c, "") for c in carriers.get(m.id, [])),
            names.get(m.receiver_id, ""),
            m.planned_method or "",
            m.status,
        ]


def _receipt_rows(session, enterprise_id, start, end, chunk):
    for m, _stream, _carriers, names, facilities in _manifest_ledger_rows(
        session,
        side="receiver",
        enterprise_id=enterprise_id,
        moment_column=Manifest.accepted_at,
        start=start,
        end=end,
        chunk=chunk,
    ):
        yield [
            m.number,
            _beijing(m.accepted_at),
            names.get(m.generator_id, ""),
            category_of(m.waste_code),
            m.waste_code,
            kg(m.declared_g),
            kg(m.received_g),
            kg(m.accepted_g),
            "kg",
            facilities.get(m.receiver_facility_id, ""),
            m.anomaly_note,
        ]


def _disposal_rows(session, enterprise_id, start, end, chunk):
    for m, _stream, _carriers, names, facilities in _manifest_ledger_rows(
        session,
        side="receiver",
        enterprise_id=enterprise_id,
        moment_column=Manifest.treated_at,
        start=start,
        end=end,
        chunk=chunk,
    ):
        yield [
            m.number,
            _beijing(m.treated_at),
            names.get(m.generator_id, ""),
            category_of(m.waste_code),
            m.waste_code,
            kg(m.accepted_g),
            "kg",
            m.treatment_method or "",
            facilities.get(m.receiver_facility_id, ""),
        ]


def ledger_sheets(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    sections: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    chunk: int = CHUNK_ROWS,
) -> list[Sheet]:
    """An enterprise's ledger sections (all by default) as lazy sheets, if the actor may read it."""
    require_read(actor, Area.WASTE_STORAGE)
    _require_enterprise(session, actor, enterprise_id)
    if start is not None and end is not None and start > end:
        raise InvalidInput(om.REGISTER_PERIOD_ORDER, details=[{"field": "end"}])
    keys = list(sections or LEDGER_SECTIONS)
    unknown = [k for k in keys if k not in LEDGER_SECTIONS]
    if unknown:
        raise InvalidInput(
            om.REGISTER_UNKNOWN_SECTION,
            details=[{"field": "section", "value": unknown[0], "allowed": list(LEDGER_SECTIONS)}],
            section=unknown[0],
        )
    makers = {
        "generation": lambda: _generation_rows(session, enterprise_id, start, end, chunk),
        "storage_in": lambda: _movement_rows(
            session, enterprise_id, ContainerAction.PUT_AWAY, start, end, chunk, storing=True
        ),
        "storage_out": lambda: _movement_rows(
            session, enterprise_id, ContainerAction.LOAD, start, end, chunk, storing=False
        ),
        "transfer_out": lambda: _transfer_rows(session, enterprise_id, start, end, chunk),
        "receipt": lambda: _receipt_rows(session, enterprise_id, start, end, chunk),
        "disposal": lambda: _disposal_rows(session, enterprise_id, start, end, chunk),
    }
    return [Sheet(LEDGER_SECTIONS[k].title, LEDGER_SECTIONS[k].columns, _Lazy(makers[k])) for k in keys]


class _Lazy:
    """An iterable that starts its query only when iterated (so sheets are read one after another)."""

    def __init__(self, make: Any) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return iter(self._make())


def manifest_register_sheet(
    *,
    session: Session,
    actor: Actor,
    filters: ManifestFilters,
    today: date | None = None,
    cal: WorkCalendar | None = None,
    chunk: int = CHUNK_ROWS,
) -> Sheet:
    """The manifest register as a lazy sheet (refused up front, before any row streams)."""
    require_read(actor, Area.WASTE_MANIFESTS)
    return Sheet(
        "转移联单登记簿",
        MANIFEST_REGISTER_COLUMNS,
        _Lazy(
            lambda: manifest_register_rows(
                session=session, actor=actor, filters=filters, today=today, cal=cal, chunk=chunk
            )
        ),
    )


def export_filename(stem: str, fmt: str, today: date | None = None) -> str:
    """A download name such as manifest-register-20260601.csv."""
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(om.REGISTER_BAD_FORMAT, details=[{"field": "format", "value": fmt}])
    day = today or clock.today()
    return f"{stem}-{day:%Y%m%d}.{fmt}"
