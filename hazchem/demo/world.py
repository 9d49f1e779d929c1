"""The demo history's shared state: the park's records, the actors who sign, and the stepped clock.

The history's actions are kept in time order on a queue and each one runs with the clock moved to
its moment (time-machine, as the tests pin the clock), so the use cases stamp their records and
audit events with historical times; the real time comes back when the history is done.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random
from typing import Any

import time_machine
from sqlmodel import Session, select

from hazchem.demo import data
from hazchem.domain.deadlines import CHINA_TIME
from hazchem.models import Driver, Enterprise, Facility, User, Vehicle
from hazchem.services.platform import auth
from hazchem.services.platform.access import Actor

SEED = 2026
DAYS = 364
# Signing accounts the history adds beside the documented demo accounts (same password).
STAFF_PREFIX = {"ehs_officer": "ehs-", "receiver_operator": "receiver-", "driver": "driver-"}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A park-local wall-clock moment as the UTC instant the clock gives."""
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA_TIME).astimezone(UTC)


@dataclass
class World:
    """The demo park's records and the actors that sign in the history."""

    session: Session
    today: date
    until: datetime
    rng: Random
    enterprises: dict[str, Enterprise]
    facilities: dict[tuple[str, str], Facility]
    vehicles: dict[str, Vehicle]
    drivers: dict[str, Driver]
    chemicals: dict[str, int] = field(default_factory=dict)
    # Each manifest made: its id, generator key, intended fate and the day it was drafted.
    manifests: list[tuple[int, str, str, date]] = field(default_factory=list)
    actors: dict[tuple[str, str], Actor] = field(default_factory=dict)
    streams: dict[Any, int] = field(default_factory=dict)
    stored: dict[Any, list[tuple[int, str]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    queue: list[tuple[datetime, int, Callable[[], None]]] = field(default_factory=list)
    seq: Iterator[int] = field(default_factory=itertools.count)

    def later(self, moment: datetime, action: Callable[[], None]) -> None:
        """Schedule an action at a moment (only moments up to now happen)."""
        if moment <= self.until:
            heapq.heappush(self.queue, (moment, next(self.seq), action))

    def note(self, what: str, n: int = 1) -> None:
        """Count what was made, for the summary."""
        self.counts[what] = self.counts.get(what, 0) + n

    def store_of(self, key: str) -> Facility:
        """An enterprise's own waste store."""
        return next(
            f for (owner, _), f in self.facilities.items() if owner == key and f.kind == "waste_store"
        )


def staff(world: World, username: str, role: str, name: str, **binding: int) -> Actor:
    """The actor of a signing account, created with the demo password unless it exists."""
    user = world.session.exec(select(User).where(User.username == username)).first()
    if user is None:
        user = auth.create_user(
            session=world.session,
            actor=None,
            username=username,
            password=data.DEMO_PASSWORD,
            role=role,
            display_name=name,
            **binding,
        )
    return auth.build_actor(world.session, user)


@contextmanager
def stepped_clock(start: datetime) -> Iterator[Any]:
    """Hold the clock at `start` and give the traveller that moves it; real time comes back after."""
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def year_start(today: date) -> datetime:
    """The moment the history begins: the park opens its records a year before today."""
    return at(today - timedelta(days=DAYS), 7)


def _account(world: World, key: str, role: str, binding: dict[str, int], job: str, name: str) -> Actor:
    if (role, key) in world.actors:
        return world.actors[(role, key)]
    documented = next(
        (a for a in data.ACCOUNTS if a["role"] == role and key in (a.get("enterprise"), a.get("driver"))),
        None,
    )
    if documented is not None:
        username, display = documented["username"], documented["display_name"]
    else:
        username, display = STAFF_PREFIX[role] + key.replace("_", "-"), f"{name}（{job}，演示）"
    world.actors[(role, key)] = staff(world, username, role, display, **binding)
    return world.actors[(role, key)]


def _short(world: World, key: str) -> str:
    name = world.enterprises[key].name.partition("（")[0]
    return name.removeprefix("上虞示例").removesuffix("有限公司")


def officer(world: World, key: str) -> Actor:
    """The EHS officer who signs for an enterprise (the `ehs` account for its own enterprise)."""
    return _account(
        world, key, "ehs_officer", {"enterprise_id": world.enterprises[key].id}, "环安", _short(world, key)
    )


def operator(world: World, key: str) -> Actor:
    """The receiving-facility operator of a receiver (the `receiver` account for its own)."""
    binding = {"enterprise_id": world.enterprises[key].id}
    return _account(world, key, "receiver_operator", binding, "接收", _short(world, key))


def driver(world: World, key: str) -> Actor:
    """A driver's own account (the `driver` account for 王建国)."""
    person = world.drivers[key]
    return _account(world, key, "driver", {"driver_id": person.id}, "驾驶员", person.name)


def regulator(world: World, username: str) -> Actor:
    """A documented regulator or administrator account."""
    if ("account", username) not in world.actors:
        user = world.session.exec(select(User).where(User.username == username)).one()
        world.actors[("account", username)] = auth.build_actor(world.session, user)
    return world.actors[("account", username)]
