"""Parks across a transfer: which park each enterprise belongs to, each park's "today" and working-day
calendar, and the park choices of a regulator reading several parks.

A manifest from a generator in one park to a receiver in another owes some obligations in the
generator's park and others in the receiver's; each is counted on its own park's calendar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session, col, select

from hazchem.domain.deadlines import Deadline, DeadlineFacts, DeadlineRule, WorkCalendar, evaluate
from hazchem.models import Enterprise, HolidayArrangement, Park
from hazchem.services.platform import clock
from hazchem.services.platform.access import Actor
from hazchem.services.platform.calendar import park_calendar


@dataclass(frozen=True)
class ParkDay:
    """A park's calendar date and the working-day calendar its deadlines are counted on."""

    today: date
    cal: WorkCalendar


def park_days(
    session: Session,
    *,
    today: date | None = None,
    cal: WorkCalendar | None = None,
    now: datetime | None = None,
) -> dict[int | None, ParkDay]:
    """Every park's day at `now` (default: the clock's), keyed by park id (None: the default zone, for
    items of no park). A given `today` or `cal` holds for every park (a caller fixing them for all)."""
    zones: dict[int | None, str] = {None: clock.DEFAULT_ZONE}
    zones.update(dict(session.exec(select(Park.id, Park.timezone)).all()))
    moment = now or clock.now()
    # A park may keep its own holiday arrangements, so calendars are keyed by park and date; parks
    # with none of their own on one date share the deployment's, read once.
    own = set(session.exec(select(HolidayArrangement.park_id).distinct()).all())
    calendars: dict[tuple[int | None, date], WorkCalendar] = {}
    days: dict[int | None, ParkDay] = {}
    for park_id, zone in zones.items():
        day = today or moment.astimezone(clock.zone_named(zone or clock.DEFAULT_ZONE)).date()
        key = (park_id if park_id in own else None, day)
        if key not in calendars:
            calendars[key] = cal or park_calendar(session, today=day, park_id=key[0])
        days[park_id] = ParkDay(day, calendars[key])
    return days


def enterprise_parks(session: Session, ids: Iterable[int | None]) -> dict[int, int]:
    """The park of each enterprise among `ids`."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.exec(select(Enterprise.id, Enterprise.park_id).where(col(Enterprise.id).in_(wanted)))
    return {e: p for e, p in rows.all() if e is not None}


def parks_by_id(session: Session, ids: Iterable[int | None] | None = None) -> dict[int, Park]:
    """Parks by id (every park when `ids` is None), for labelling park columns and filters."""
    query = select(Park).order_by(col(Park.id))
    if ids is not None:
        query = query.where(col(Park.id).in_(sorted({i for i in ids if i is not None}) or [-1]))
    return {p.id: p for p in session.exec(query) if p.id is not None}


def readable_parks(session: Session, actor: Actor) -> dict[int, Park]:
    """The parks the actor reads: the park filter's choices (every park for actors bound to none)."""
    return parks_by_id(session, None if actor.park_ids is None else actor.park_ids)


def park_of(parks: Mapping[int, int], enterprise_id: int | None) -> int | None:
    """An enterprise's park from a map built by enterprise_parks (None when unknown)."""
    return None if enterprise_id is None else parks.get(enterprise_id)


def evaluate_in_parks(
    session: Session,
    facts: Iterable[DeadlineFacts],
    days: Mapping[int | None, ParkDay],
    rules: Mapping[str, DeadlineRule],
    *,
    default_park: int | None = None,
) -> list[Deadline]:
    """The open items among `facts`, each judged on the day and calendar of its responsible party's
    park (a park's own item: that park's; else `default_park`'s), its park kept in `extra["park_id"]`."""
    facts = list(facts)
    parks = enterprise_parks(session, (f.party_id for f in facts))
    found = []
    for item in facts:
        park = parks.get(item.party_id) if item.party_id is not None else item.extra.get("park_id")
        if park not in days:
            park = default_park if default_park in days else None
        day = days[park]
        judged = evaluate(replace(item, extra={**item.extra, "park_id": park}), day.today, day.cal, rules)
        if judged.is_open_alert:
            found.append(judged)
    return found
