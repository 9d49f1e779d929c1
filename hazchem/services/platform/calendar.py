"""Build the working-day calendar for deadlines from the maintained `chinese-calendar` package plus an
optional JSON file of official dates for years the package does not cover yet.

The package is imported here and nowhere else, so the domain stays pure and an upgrade of the
package (a new year of holidays) is one pinned line in requirements.txt."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import chinese_calendar

from hazchem.config import PROJECT_ROOT
from hazchem.domain.deadlines import WorkCalendar
from hazchem.domain.errors import InvalidInput

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
        raise InvalidInput(f"{path.name}: '{key}' must be a list", details=[{"file": str(path), "key": key}])
    parsed = set()
    for value in values:
        text = value.get("date") if isinstance(value, Mapping) else value
        try:
            parsed.add(date.fromisoformat(str(text)))
        except ValueError:
            raise InvalidInput(
                f"{path.name}: '{key}' holds {text!r}, not a date (YYYY-MM-DD)",
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
        raise InvalidInput(f"{path.name} is not valid JSON: {exc}", details=[{"file": str(path)}]) from None
    if not isinstance(raw, dict):
        raise InvalidInput(f"{path.name} must hold a JSON object", details=[{"file": str(path)}])
    years = raw.get("years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
        raise InvalidInput(f"{path.name}: 'years' must be a list of years", details=[{"file": str(path)}])
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
