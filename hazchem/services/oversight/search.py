"""Manifest audit: search and filter manifests, sorted and keyset-paged, scoped like the list.

Every filter is a SQL condition, including "overdue": the deadline engine gives the latest delivery
date whose receipt confirmation is already late today, and the query compares against that bound."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, false, not_, or_, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from hazchem.domain.deadlines import (
    CHINA_TIME,
    RECEIPT_CONFIRMATION,
    DeadlineFacts,
    DeadlineStatus,
    WorkCalendar,
    evaluate,
)
from hazchem.domain.errors import InvalidInput
from hazchem.domain.identifiers import validate_waste_code
from hazchem.domain.lifecycle import INCOMING_STATUSES, ManifestStatus
from hazchem.domain.limits import MAX_ID
from hazchem.domain.oversight import Area
from hazchem.domain.units import tonnes_to_kg
from hazchem.models import Enterprise, Manifest, TransportLeg
from hazchem.services.oversight import messages as m
from hazchem.services.platform.access import Actor, custody_scope, park_today, reads_by_park, require_read
from hazchem.services.platform.calendar import park_calendar, work_calendar

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# The status in which the receiver's confirmation (acceptance or rejection) is awaited.
AWAITING_RECEIPT = ManifestStatus.DELIVERED
_CATEGORY_RE = re.compile(r"^HW(\d{2})$")

# Sort keys offered to callers: the column and how a cursor value of it is read back.
SORT_KEYS: dict[str, Any] = {
    "created_at": Manifest.created_at,
    "transfer_date": Manifest.transfer_date,
    "declared": Manifest.declared_g,
    "number": Manifest.number,
}
DEFAULT_SORT = "-created_at"


@dataclass(frozen=True)
class ManifestFilters:
    """What an auditor asks for; every field is optional and all given ones must hold (AND)."""

    statuses: tuple[ManifestStatus, ...] = ()
    created_from: date | None = None
    created_to: date | None = None
    shipped_from: date | None = None
    shipped_to: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    treated_from: date | None = None
    treated_to: date | None = None
    generator_id: int | None = None
    carrier_id: int | None = None
    receiver_id: int | None = None
    waste_code: str | None = None
    category: str | None = None
    declared_min_g: int | None = None
    declared_max_g: int | None = None
    anomaly: bool | None = None
    overdue: bool | None = None
    cross_province: bool | None = None
    # Generator's or receiver's park (a regional regulator's choice; a park it does not read finds nothing).
    park_id: int | None = None
    # Loads coming from another park and not yet arrived, to the receiver's park (or the actor's).
    incoming: bool | None = None
    sort: str = DEFAULT_SORT

    def __post_init__(self) -> None:
        """Refuse ranges that end before they start and sort keys that do not exist."""
        for name in ("created", "shipped", "received", "treated"):
            low, high = getattr(self, f"{name}_from"), getattr(self, f"{name}_to")
            if low is not None and high is not None and low > high:
                raise InvalidInput(
                    m.SEARCH_DATE_RANGE,
                    details=[{"field": f"{name}_to", "value": high.isoformat()}],
                    name=name,
                )
        if (
            self.declared_min_g is not None
            and self.declared_max_g is not None
            and self.declared_min_g > self.declared_max_g
        ):
            raise InvalidInput(m.SEARCH_QUANTITY_RANGE, details=[{"field": "max_t"}])
        sort_key(self.sort)

    def as_query(self) -> dict[str, str]:
        """The filters as query-string parameters (for paging and export links)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == () or (f.name == "sort" and value == DEFAULT_SORT):
                continue
            if f.name == "statuses":
                out["status"] = ",".join(s.value for s in value)
            elif f.name in ("declared_min_g", "declared_max_g"):
                out["min_t" if f.name == "declared_min_g" else "max_t"] = _g_to_tonnes_text(value)
            elif isinstance(value, bool):
                out[f.name] = "true" if value else "false"
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            else:
                out[f.name] = str(value)
        return out


@dataclass(frozen=True)
class SearchPage:
    """One page of results and the opaque cursor of the next page (None on the last)."""

    items: list[Manifest]
    next_after: str | None


def _g_to_tonnes_text(grams: int) -> str:
    return format(Decimal(grams) / 1_000_000, "f")


def sort_key(sort: str) -> tuple[str, bool]:
    """Parse a sort such as "-created_at" into (key, descending); unknown keys are invalid input."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        raise InvalidInput(
            m.SEARCH_BAD_SORT,
            details=[{"field": "sort", "value": sort, "allowed": sorted(SORT_KEYS)}],
            sort=sort,
        )
    return key, descending


# --- Parsing plain query parameters ---------------------------------------------------------------


def _values(args: Mapping[str, Any], name: str) -> list[str]:
    raw = args.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _one(args: Mapping[str, Any], name: str) -> str | None:
    values = _values(args, name)
    if len(values) > 1:
        raise InvalidInput(m.SEARCH_ONCE, details=[{"field": name}], name=name)
    return values[0] if values else None


def _date(args: Mapping[str, Any], name: str) -> date | None:
    text = _one(args, name)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(m.SEARCH_NOT_A_DATE, details=[{"field": name, "value": text}], name=name) from None


def _int(args: Mapping[str, Any], name: str) -> int | None:
    text = _one(args, name)
    if text is None:
        return None
    # ASCII digits within the id columns: "²" passes isdigit() but not int(), 2^31 fails PostgreSQL.
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise InvalidInput(m.SEARCH_NOT_AN_ID, details=[{"field": name, "value": text}], name=name)
    return int(text)


def _bool(args: Mapping[str, Any], name: str) -> bool | None:
    text = _one(args, name)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise InvalidInput(m.SEARCH_NOT_BOOL, details=[{"field": name, "value": text}], name=name)


def _grams(args: Mapping[str, Any], name: str) -> int | None:
    text = _one(args, name)
    if text is None:
        return None
    kg = tonnes_to_kg(text, name)
    return None if kg is None else kg * 1000


def parse_statuses(values: Iterable[str]) -> tuple[ManifestStatus, ...]:
    """Statuses by their stored names; an unknown name is invalid input."""
    out = []
    for value in values:
        try:
            status = ManifestStatus(value)
        except ValueError:
            raise InvalidInput(
                m.SEARCH_UNKNOWN_STATUS,
                details=[{"field": "status", "value": value, "allowed": [s.value for s in ManifestStatus]}],
                value=value,
            ) from None
        if status not in out:
            out.append(status)
    return tuple(out)


def parse_category(value: str | None) -> str | None:
    """A waste category as HWxx (upper case); anything else is invalid input."""
    if value is None:
        return None
    text = value.strip().upper()
    if not _CATEGORY_RE.match(text):
        raise InvalidInput(m.SEARCH_BAD_CATEGORY, details=[{"field": "category", "value": value}])
    return text


FILTER_PARAMS = (
    "status",
    "created_from",
    "created_to",
    "shipped_from",
    "shipped_to",
    "received_from",
    "received_to",
    "treated_from",
    "treated_to",
    "generator_id",
    "carrier_id",
    "receiver_id",
    "waste_code",
    "category",
    "min_t",
    "max_t",
    "anomaly",
    "overdue",
    "cross_province",
    "park_id",
    "incoming",
    "sort",
)


def parse_filters(args: Mapping[str, Any]) -> ManifestFilters:
    """Filters from query-string text (single values, lists or comma-separated); bad input is refused."""
    waste_code = _one(args, "waste_code")
    return ManifestFilters(
        statuses=parse_statuses(_values(args, "status")),
        created_from=_date(args, "created_from"),
        created_to=_date(args, "created_to"),
        shipped_from=_date(args, "shipped_from"),
        shipped_to=_date(args, "shipped_to"),
        received_from=_date(args, "received_from"),
        received_to=_date(args, "received_to"),
        treated_from=_date(args, "treated_from"),
        treated_to=_date(args, "treated_to"),
        generator_id=_int(args, "generator_id"),
        carrier_id=_int(args, "carrier_id"),
        receiver_id=_int(args, "receiver_id"),
        waste_code=validate_waste_code(waste_code) if waste_code else None,
        category=parse_category(_one(args, "category")),
        declared_min_g=_grams(args, "min_t"),
        declared_max_g=_grams(args, "max_t"),
        anomaly=_bool(args, "anomaly"),
        overdue=_bool(args, "overdue"),
        cross_province=_bool(args, "cross_province"),
        park_id=_int(args, "park_id"),
        incoming=_bool(args, "incoming"),
        sort=_one(args, "sort") or DEFAULT_SORT,
    )


# --- The query ------------------------------------------------------------------------------------


def utc_start(day: date) -> datetime:
    """The stored (UTC) moment at which a Beijing calendar day begins."""
    return datetime.combine(day, time(), CHINA_TIME).astimezone(UTC)


def overdue_delivery_bound(today: date, cal: WorkCalendar) -> date:
    """The latest Beijing delivery date whose receipt confirmation is overdue on `today`.

    Due dates never move earlier when the delivery date moves later, so stepping back from today
    until the engine says "overdue" finds the bound; every earlier delivery is overdue too."""
    day = today
    while True:
        facts = DeadlineFacts(rule=RECEIPT_CONFIRMATION.code, anchor=day)
        if evaluate(facts, today, cal).status is DeadlineStatus.OVERDUE:
            return day
        day -= timedelta(days=1)


def overdue_condition(today: date, cal: WorkCalendar) -> ColumnElement[bool]:
    """Delivered, still awaiting the receiver's confirmation, and past the 5-working-day deadline."""
    bound = utc_start(overdue_delivery_bound(today, cal) + timedelta(days=1))
    return and_(
        col(Manifest.status) == AWAITING_RECEIPT.value,
        col(Manifest.delivered_at).is_not(None),
        col(Manifest.accepted_at).is_(None),
        col(Manifest.delivered_at) < bound,
    )


def _date_range(column: Any, low: date | None, high: date | None) -> list[ColumnElement[bool]]:
    conds = []
    if low is not None:
        conds.append(column >= utc_start(low))
    if high is not None:
        conds.append(column < utc_start(high + timedelta(days=1)))
    return conds


def scope_condition(actor: Actor) -> ColumnElement[bool] | None:
    """Manifests the actor is party to (the rule of manifests.list_manifests); None means all."""
    scope = custody_scope(actor)
    return None if scope is None else scope.manifest_condition()


def conditions(
    filters: ManifestFilters, actor: Actor, *, today: date, cal: WorkCalendar
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a search: scope first, then every given filter."""
    conds: list[ColumnElement[bool]] = []
    scope = scope_condition(actor)
    if scope is not None:
        conds.append(scope)
    f = filters
    if f.statuses:
        conds.append(col(Manifest.status).in_([s.value for s in f.statuses]))
    conds += _date_range(col(Manifest.created_at), f.created_from, f.created_to)
    conds += _date_range(col(Manifest.picked_up_at), f.shipped_from, f.shipped_to)
    conds += _date_range(col(Manifest.accepted_at), f.received_from, f.received_to)
    conds += _date_range(col(Manifest.treated_at), f.treated_from, f.treated_to)
    if f.generator_id is not None:
        conds.append(col(Manifest.generator_id) == f.generator_id)
    if f.receiver_id is not None:
        conds.append(col(Manifest.receiver_id) == f.receiver_id)
    if f.carrier_id is not None:
        legs = select(TransportLeg.manifest_id).where(TransportLeg.carrier_id == f.carrier_id)
        conds.append(col(Manifest.id).in_(legs))
    if f.waste_code is not None:
        conds.append(col(Manifest.waste_code) == f.waste_code)
    if f.category is not None:
        conds.append(col(Manifest.waste_category) == f.category)
    if f.declared_min_g is not None:
        conds.append(col(Manifest.declared_g) >= f.declared_min_g)
    if f.declared_max_g is not None:
        conds.append(col(Manifest.declared_g) <= f.declared_max_g)
    if f.anomaly is not None:
        conds.append(col(Manifest.anomaly) == f.anomaly)
    if f.cross_province is not None:
        conds.append(col(Manifest.cross_province) == f.cross_province)
    if f.overdue is not None:
        late = overdue_condition(today, cal)
        conds.append(late if f.overdue else not_(late))
    if f.park_id is not None:
        conds.append(park_condition(actor, f.park_id))
    if f.incoming is not None:
        coming = incoming_condition(actor, f.park_id)
        conds.append(coming if f.incoming else not_(coming))
    return conds


def _in_parks(column: Any, parks: Iterable[int]) -> ColumnElement[bool]:
    return col(column).in_(select(Enterprise.id).where(col(Enterprise.park_id).in_(sorted(parks) or [-1])))


def _park_of(column: Any) -> Any:
    return select(Enterprise.park_id).where(Enterprise.id == column).scalar_subquery()


def park_condition(actor: Actor, park_id: int) -> ColumnElement[bool]:
    """Manifests with their generator or receiver in the park; none for a park the actor does not read."""
    if actor.park_ids is not None and park_id not in actor.park_ids:
        return false()
    return or_(_in_parks(Manifest.generator_id, [park_id]), _in_parks(Manifest.receiver_id, [park_id]))


def incoming_condition(actor: Actor, park_id: int | None = None) -> ColumnElement[bool]:
    """Loads on their way (submitted or on the road) from a generator in another park to a receiver in
    `park_id`, else in the actor's parks, else (an enterprise user) to the actor's own enterprises."""
    conds = [
        col(Manifest.status).in_(INCOMING_STATUSES),
        _park_of(Manifest.generator_id) != _park_of(Manifest.receiver_id),
    ]
    parks = [park_id] if park_id is not None else actor.park_ids
    if parks is not None:
        conds.append(_in_parks(Manifest.receiver_id, parks))
    if not reads_by_park(actor) and custody_scope(actor) is not None:
        conds.append(col(Manifest.receiver_id).in_(sorted(actor.enterprise_ids) or [-1]))
    return and_(*conds)


def base_query(
    *,
    actor: Actor,
    filters: ManifestFilters,
    today: date | None = None,
    cal: WorkCalendar | None = None,
    columns: Sequence[Any] = (),
) -> Any:
    """The filtered, scoped and sorted query (no paging), shared by search and the register export.

    It selects whole manifests, or only `columns` when given (exports read plain rows, faster)."""
    require_read(actor, Area.WASTE_MANIFESTS)
    today = today or park_today(actor)
    cal = cal or work_calendar()
    key, descending = sort_key(filters.sort)
    column = SORT_KEYS[key]
    order = (col(column).desc(), col(Manifest.id).desc()) if descending else (col(column), col(Manifest.id))
    query = select(*columns) if columns else select(Manifest)
    return query.where(*conditions(filters, actor, today=today, cal=cal)).order_by(*order)


# --- Cursors --------------------------------------------------------------------------------------


def _cursor_value(manifest: Manifest, key: str) -> Any:
    value = getattr(manifest, SORT_KEYS[key].key)
    return value.isoformat() if isinstance(value, date | datetime) else value


def encode_after(manifest: Manifest, sort: str) -> str:
    """The opaque cursor continuing after `manifest` in the given sort."""
    key, _ = sort_key(sort)
    raw = json.dumps([sort, _cursor_value(manifest, key), manifest.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_after(cursor: str, sort: str) -> tuple[Any, int]:
    """The sort value and id a cursor continues after; a foreign or stale cursor is invalid input."""
    bad = InvalidInput(m.SEARCH_BAD_CURSOR, details=[{"field": "cursor", "value": cursor}])
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        cursor_sort, value, last_id = raw
        if cursor_sort != sort or not isinstance(last_id, int) or isinstance(last_id, bool):
            raise bad
        key, _ = sort_key(sort)
        if key == "created_at":
            value = datetime.fromisoformat(value)
        elif key == "transfer_date":
            value = date.fromisoformat(value)
        elif key == "declared":
            if not isinstance(value, int) or isinstance(value, bool):
                raise bad
        elif not isinstance(value, str):
            raise bad
        return value, last_id
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise bad from None


def search_manifests(
    *,
    session: Session,
    actor: Actor,
    filters: ManifestFilters,
    after: str | None = None,
    limit: int = DEFAULT_LIMIT,
    today: date | None = None,
    cal: WorkCalendar | None = None,
) -> SearchPage:
    """One page of the manifests the actor may see that match every filter, in the chosen order."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(m.SEARCH_BAD_LIMIT, details=[{"field": "limit", "value": limit}], max=MAX_LIMIT)
    cal = cal or park_calendar(session, park_id=actor.park_id)
    query = base_query(actor=actor, filters=filters, today=today, cal=cal)
    if after:
        value, last_id = decode_after(after, filters.sort)
        key, descending = sort_key(filters.sort)
        pair = tuple_(col(SORT_KEYS[key]), col(Manifest.id))
        query = query.where(pair < (value, last_id) if descending else pair > (value, last_id))
    rows = list(session.exec(query.limit(limit + 1)))
    items = rows[:limit]
    next_after = encode_after(items[-1], filters.sort) if len(rows) > limit else None
    return SearchPage(items=items, next_after=next_after)


def batched(rows: Iterable[Any], size: int) -> Iterator[Sequence[Any]]:
    """Group an iterable into lists of `size` (the last may be shorter)."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
