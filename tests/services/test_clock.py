"""The one clock: the park's date is the Beijing date at any hour, containers dated that day are
accepted and the next day refused, and nothing in hazchem reads the time except the clock."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine

from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.errors import InvalidInput
from hazchem.services import waste
from hazchem.services.platform import clock

# 00:30 Beijing is 16:30 UTC on the previous UTC day; 23:30 Beijing is 15:30 UTC on the same day.
JUST_AFTER_MIDNIGHT = datetime(2026, 7, 1, 0, 30, tzinfo=CHINA_TIME)
JUST_BEFORE_MIDNIGHT = datetime(2026, 7, 1, 23, 30, tzinfo=CHINA_TIME)
BEIJING_DAY = date(2026, 7, 1)
HAZCHEM = Path(__file__).resolve().parents[2] / "hazchem"


@pytest.mark.parametrize("moment", [JUST_AFTER_MIDNIGHT, JUST_BEFORE_MIDNIGHT])
def test_today_is_the_beijing_date_at_both_ends_of_the_day(moment):
    with time_machine.travel(moment, tick=False):
        assert clock.now() == moment.astimezone(UTC) and clock.now().tzinfo is UTC
        assert clock.today() == BEIJING_DAY
    assert JUST_AFTER_MIDNIGHT.astimezone(UTC).date() == BEIJING_DAY - timedelta(days=1)


def test_today_in_another_zone():
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        assert clock.today(timezone(timedelta(hours=5))) == BEIJING_DAY - timedelta(days=1)


def _generate(session, chain, day: date):
    return waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=chain.oil.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="10",
        gen_date=day,
    )


def test_container_dated_the_beijing_day_is_accepted_just_after_midnight(session, chain):
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        made = _generate(session, chain, BEIJING_DAY)
    assert [c.gen_date for c in made] == [BEIJING_DAY]


def test_container_dated_tomorrow_is_refused_just_before_midnight(session, chain):
    with time_machine.travel(JUST_BEFORE_MIDNIGHT, tick=False):
        with pytest.raises(InvalidInput, match="in the future"):
            _generate(session, chain, BEIJING_DAY + timedelta(days=1))
        session.rollback()
        assert [c.gen_date for c in _generate(session, chain, BEIJING_DAY)] == [BEIJING_DAY]


def test_container_dated_tomorrow_is_refused_just_after_midnight(session, chain):
    with (
        time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False),
        pytest.raises(InvalidInput, match="in the future"),
    ):
        _generate(session, chain, BEIJING_DAY + timedelta(days=1))


# --- A park in another time zone ----------------------------------------------------------------


def _officer_in_zone(session, chain, zone: str):
    from sqlalchemy import update

    from hazchem.models import Park
    from hazchem.services.platform import auth

    session.execute(update(Park).values(timezone=zone))
    session.commit()
    return auth.actor_for_user_id(session=session, user_id=chain.officer.user_id)


def test_a_park_keeps_its_own_calendar_date(session, chain):
    # 00:30 in Beijing is still 22:30 of the day before in Urumqi (UTC+6).
    officer = _officer_in_zone(session, chain, "Asia/Urumqi")
    assert officer.timezone == "Asia/Urumqi"
    args = {"stream_id": chain.oil.id, "packaging": "钢桶", "volume_l": 200, "net_weight_kg": "10"}
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        assert clock.today(officer.timezone) == BEIJING_DAY - timedelta(days=1)
        with pytest.raises(InvalidInput, match="in the future"):
            waste.create_containers(session=session, actor=officer, gen_date=BEIJING_DAY, **args)
        session.rollback()
        made = waste.create_containers(
            session=session, actor=officer, gen_date=BEIJING_DAY - timedelta(days=1), **args
        )
    assert [c.gen_date for c in made] == [BEIJING_DAY - timedelta(days=1)]
    with time_machine.travel(JUST_BEFORE_MIDNIGHT, tick=False):
        assert [
            c.gen_date
            for c in waste.create_containers(session=session, actor=officer, gen_date=BEIJING_DAY, **args)
        ] == [BEIJING_DAY]


def test_a_park_in_beijing_time_is_the_default(session, chain):
    assert chain.officer.timezone == "Asia/Shanghai"
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        assert _generate(session, chain, BEIJING_DAY)


def test_an_unknown_time_zone_is_refused(session):
    from hazchem.services import registry

    with pytest.raises(InvalidInput, match="unknown time zone"):
        registry.create_park(
            session=session, actor=None, name="某园区", region_code="330604", timezone="Mars/Base"
        )
    with pytest.raises(InvalidInput):
        clock.today("Not/AZone")


# Wall-clock readings; monotonic timers (waiting, benchmarks) are not listed and stay allowed.
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
}


def test_only_the_clock_reads_the_time():
    readings = []
    for path in sorted(HAZCHEM.rglob("*.py")):
        if path == HAZCHEM / "services" / "platform" / "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in WALL_CLOCK
            ):
                readings.append(f"{path.relative_to(HAZCHEM)}:{node.lineno} {node.value.id}.{node.attr}")
    assert readings == []
