"""Build the working-day calendar for deadlines, per year from the first source that has the year:
the arrangement the park administrator entered (the holidayarrangement table), else the maintained
`chinese-calendar` package (plus an optional JSON override file), else China's statutory holidays
computed by the `holidays` package (lunar ones included, make-up working days unknown), which leaves
the year flagged as provisional.

Both packages are imported here and nowhere else, so the domain stays pure. The years chinese-calendar
covers are read from its data at run time, so upgrading it (a new year of holidays) is one pinned line
in requirements.txt and no code change."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import chinese_calendar
import holidays as holidays_package
from sqlmodel import Session, col, or_, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain.deadlines import WorkCalendar, YearArrangement, compose_calendar
from hazchem.domain.errors import InvalidInput
from hazchem.models import HolidayArrangement
from hazchem.services.platform import audit, clock
from hazchem.services.platform import messages as msg
from hazchem.services.platform.access import Actor, require_admin
from hazchem.services.platform.uow import use_case

EXTRA_FILE = PROJECT_ROOT / "catalogues" / "workdays-extra.json"


@dataclass(frozen=True)
class CalendarData:
    """Holidays, make-up working days and the fully covered years, as plain data from one source."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int]
    source: str


def package_data() -> CalendarData:
    """The official dates shipped by `chinese-calendar`; its covered years are those it has holidays for."""
    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    # Every covered year has at least its New Year's Day holiday, so this is exactly the package's range.
    years = frozenset(d.year for d in holidays)
    version = getattr(chinese_calendar, "__version__", "?")
    return CalendarData(holidays, workdays, years, f"chinese-calendar {version}")


def _dates(values: Any, key: str, path: Path) -> frozenset[date]:
    """Parse a list of ISO dates (or {"date": …, "name": …} objects) from the override file."""
    if not isinstance(values, list):
        raise InvalidInput(
            msg.CALENDAR_NOT_A_LIST, file=path.name, key=key, details=[{"file": str(path), "key": key}]
        )
    parsed = set()
    for value in values:
        text = value.get("date") if isinstance(value, Mapping) else value
        try:
            parsed.add(date.fromisoformat(str(text)))
        except ValueError:
            raise InvalidInput(
                msg.CALENDAR_NOT_A_DATE,
                file=path.name,
                key=key,
                value=str(text),
                details=[{"file": str(path), "key": key, "value": str(text)}],
            ) from None
    return frozenset(parsed)


def override_data(path: Path | str | None = EXTRA_FILE) -> CalendarData:
    """Dates from the JSON override file; a missing file means no overrides."""
    if path is None:
        return CalendarData(frozenset(), frozenset(), frozenset(), "")
    path = Path(path)
    if not path.exists():
        return CalendarData(frozenset(), frozenset(), frozenset(), "")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            msg.CALENDAR_NOT_JSON, file=path.name, error=str(exc), details=[{"file": str(path)}]
        ) from None
    if not isinstance(raw, dict):
        raise InvalidInput(msg.CALENDAR_NOT_OBJECT, file=path.name, details=[{"file": str(path)}])
    years = raw.get("years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
        raise InvalidInput(msg.CALENDAR_YEARS_NOT_A_LIST, file=path.name, details=[{"file": str(path)}])
    holidays = _dates(raw.get("holidays", []), "holidays", path)
    workdays = _dates(raw.get("workdays", []), "workdays", path)
    source = str(raw.get("source") or path.name) if (holidays or workdays or years) else ""
    return CalendarData(holidays, workdays, frozenset(years), source)


def merge(base: CalendarData, extra: CalendarData) -> CalendarData:
    """Package data with the override file on top: a date the file lists wins over the package's."""
    holidays = (base.holidays - extra.workdays) | extra.holidays
    workdays = (base.workdays - extra.holidays) | extra.workdays
    sources = [s for s in (base.source, extra.source) if s]
    return CalendarData(holidays, workdays, base.years | extra.years, " + ".join(sources))


def calendar_from(sources: Iterable[CalendarData], *, strict: bool = False) -> WorkCalendar:
    """Fold several data sources (later ones win) into the domain's WorkCalendar."""
    data = CalendarData(frozenset(), frozenset(), frozenset(), "")
    for source in sources:
        data = merge(data, source)
    return WorkCalendar(
        holidays=data.holidays, workdays=data.workdays, years=data.years, strict=strict, source=data.source
    )


@lru_cache(maxsize=8)
def _cached(path: str | None, mtime_ns: int, strict: bool) -> WorkCalendar:
    """One calendar per override file version (the file's mtime is part of the key)."""
    return calendar_from([package_data(), override_data(path)], strict=strict)


def work_calendar(*, extra_file: Path | str | None = EXTRA_FILE, strict: bool = False) -> WorkCalendar:
    """The calendar deadlines use: chinese-calendar's dates plus the override file, rebuilt when it changes.

    With `strict=False` (the default) a year covered by neither source falls back to weekends only and
    the answers say so; with `strict=True` such a year is refused."""
    path = None if extra_file is None else str(Path(extra_file))
    mtime = Path(path).stat().st_mtime_ns if path and Path(path).exists() else 0
    return _cached(path, mtime, strict)


# --- Statutory holidays computed ahead, and the park's entered arrangements -------------------------

# How many years past the current one statutory holidays are computed for (licence renewals look
# months ahead; nothing counts working days further).
STATUTORY_YEARS_AHEAD = 5


@lru_cache(maxsize=8)
def statutory_holidays(years: tuple[int, ...]) -> frozenset[date]:
    """China's statutory rest days for `years` as the `holidays` package computes them (no make-up days)."""
    if not years:
        return frozenset()
    return frozenset(holidays_package.country_holidays("CN", years=years))


def _statutory_source() -> str:
    return f"holidays {getattr(holidays_package, '__version__', '?')} (provisional)"


@lru_cache(maxsize=16)
def _composed(official: WorkCalendar, arranged: tuple[YearArrangement, ...], this_year: int) -> WorkCalendar:
    """The park's calendar for one set of entered arrangements (rebuilt only when they change)."""
    covered = official.years | {a.year for a in arranged}
    first = min(covered, default=this_year)
    wanted = tuple(y for y in range(first, this_year + STATUTORY_YEARS_AHEAD + 1) if y not in covered)
    sources = [official.source]
    if wanted:
        sources.append(_statutory_source())
    if arranged:
        sources.append("park arrangements " + ", ".join(str(a.year) for a in arranged))
    return compose_calendar(
        official,
        statutory=statutory_holidays(wanted),
        arrangements=arranged,
        source=" + ".join(s for s in sources if s),
    )


def arrangement_of(row: HolidayArrangement) -> YearArrangement:
    """The domain's arrangement from a stored row."""
    return YearArrangement(
        row.year,
        frozenset(date.fromisoformat(d) for d in row.holidays),
        frozenset(date.fromisoformat(d) for d in row.workdays),
    )


def park_calendar(
    session: Session,
    *,
    extra_file: Path | str | None = EXTRA_FILE,
    today: date | None = None,
    park_id: int | None = None,
) -> WorkCalendar:
    """The calendar a park's deadlines use: its entered arrangements (a park's own outranking the
    deployment's for a year), then the packaged official data, then computed statutory holidays; a
    year without an entered or packaged arrangement stays uncovered."""
    arranged = tuple(arrangement_of(r) for r in _in_force(session, park_id))
    return _composed(work_calendar(extra_file=extra_file), arranged, (today or clock.today()).year)


def _in_force(session: Session, park_id: int | None) -> list[HolidayArrangement]:
    """Per year, the park's own arrangement if it entered one, else the deployment's."""
    shared = col(HolidayArrangement.park_id).is_(None)
    where = shared if park_id is None else or_(shared, HolidayArrangement.park_id == park_id)
    by_year: dict[int, HolidayArrangement] = {}
    for row in session.exec(select(HolidayArrangement).where(where)):
        if row.year not in by_year or row.park_id is not None:
            by_year[row.year] = row
    return [by_year[y] for y in sorted(by_year)]


def list_arrangements(*, session: Session, park_id: int | None = None) -> list[HolidayArrangement]:
    """The arrangements in force for a park, latest year first (public facts: anyone may read them)."""
    return list(reversed(_in_force(session, park_id)))


def _date_list(values: Iterable[date | str] | str) -> list[str]:
    """Dates from a list, or from text with one date per line (commas and spaces separate too)."""
    if isinstance(values, str):
        return [v for v in values.replace(",", " ").replace("，", " ").split() if v]
    return [v.isoformat() if isinstance(v, date) else str(v) for v in values]


@use_case("calendar.arrange")
def set_arrangement(
    *,
    session: Session,
    actor: Actor,
    year: int,
    holidays: Iterable[date | str] | str,
    workdays: Iterable[date | str] | str = (),
    source: str = "",
    note: str = "",
) -> HolidayArrangement:
    """Enter or replace a year's official arrangement (park administrators): every rest day and
    make-up working day of the year, which then outranks every packaged source for that year."""
    require_admin(actor, msg.ENTER_HOLIDAYS)
    arrangement = YearArrangement.parse(year, _date_list(holidays), _date_list(workdays))
    source = (source or "").strip()
    if len(source) > 200:
        raise InvalidInput(msg.CALENDAR_SOURCE_TOO_LONG, max=200, details=[{"field": "source"}])
    # An administrator enters its own park's arrangement; other parks keep theirs.
    park_id = actor.park_id
    same_park = col(HolidayArrangement.park_id).is_not_distinct_from(park_id)
    row = session.exec(
        select(HolidayArrangement).where(HolidayArrangement.year == arrangement.year, same_park)
    ).first()
    before = None
    if row is None:
        row = HolidayArrangement(park_id=park_id, year=arrangement.year, entered_at=clock.now())
    else:
        before = {"holidays": row.holidays, "workdays": row.workdays, "source": row.source}
    row.holidays = sorted(d.isoformat() for d in arrangement.holidays)
    row.workdays = sorted(d.isoformat() for d in arrangement.workdays)
    row.source = source
    row.note = (note or "").strip()
    row.entered_by = actor.user_id
    row.entered_at = clock.now()
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="calendar.arrange",
        entity="holidayarrangement",
        entity_id=row.year,
        before=before,
        after={"holidays": row.holidays, "workdays": row.workdays, "source": row.source},
    )
    return row
