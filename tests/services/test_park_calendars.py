"""Each park keeps its own holiday arrangements: one park's entry moves its own deadlines and no other
park's, the deployment's entry holds for every park without one, and each park lists what is in force."""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.domain.lifecycle import ManifestStatus
from hazchem.services.oversight.deadlines import DeadlineFilters, list_deadlines
from hazchem.services.oversight.parks import park_days
from hazchem.services.platform import calendar as calsvc
from tests.services.crosspark_world import _user, park_b_fixture  # noqa: F401  (the `park_b` fixture)
from tests.services.test_cross_park import beijing_morning, to_b

RECEIPT = DeadlineFilters(rule="manifest.receipt_confirmation")
# Hypothetical test data: a local rest day for park B on Wednesday 3 June 2026.
LOCAL_2026 = {"year": 2026, "holidays": ["2026-06-03"], "workdays": [], "source": "test data"}
WEDNESDAY = date(2026, 6, 3)


@pytest.fixture
def admin_b(session, park_b):
    return _user(session, "admin_b", "park_admin", park_id=park_b.park.id)


def _receipt_due(session, actor) -> date:
    [item] = list_deadlines(session=session, actor=actor, filters=RECEIPT, today=date(2026, 6, 10))
    return item.due


def test_a_parks_arrangement_moves_its_own_deadlines_only(session, registry, chain, park_b, admin_b):
    to_b(
        session,
        registry,
        chain,
        park_b,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=beijing_morning(date(2026, 6, 1)),
    )
    eco_b = park_b.users["regulator_eco_b"]
    before = _receipt_due(session, eco_b)
    calsvc.set_arrangement(session=session, actor=admin_b, **LOCAL_2026)
    session.commit()
    # Park B rests on Wednesday, so its receipt deadline moves one working day later.
    assert _receipt_due(session, eco_b) == date.fromordinal(before.toordinal() + 1)
    days = park_days(session, today=date(2026, 6, 1))
    assert not days[park_b.park.id].cal.is_working_day(WEDNESDAY)
    assert days[registry.park.id].cal.is_working_day(WEDNESDAY)
    assert not calsvc.park_calendar(session, park_id=park_b.park.id).is_working_day(WEDNESDAY)
    assert calsvc.park_calendar(session, park_id=registry.park.id).is_working_day(WEDNESDAY)
    assert [a.year for a in calsvc.list_arrangements(session=session, park_id=park_b.park.id)] == [2026]
    assert calsvc.list_arrangements(session=session, park_id=registry.park.id) == []


def test_the_deployments_arrangement_holds_where_a_park_has_none(session, registry, park_b, admin_b):
    unbound = registry.users["admin"]
    assert unbound.park_id is None
    calsvc.set_arrangement(session=session, actor=unbound, **{**LOCAL_2026, "holidays": ["2026-06-04"]})
    session.commit()
    thursday = date(2026, 6, 4)
    for park in (registry.park.id, park_b.park.id):
        assert not calsvc.park_calendar(session, park_id=park).is_working_day(thursday)
    # Park B's own entry for the year outranks the deployment's there, and only there.
    calsvc.set_arrangement(session=session, actor=admin_b, **LOCAL_2026)
    session.commit()
    b = calsvc.park_calendar(session, park_id=park_b.park.id)
    assert b.is_working_day(thursday) and not b.is_working_day(WEDNESDAY)
    a = calsvc.park_calendar(session, park_id=registry.park.id)
    assert not a.is_working_day(thursday) and a.is_working_day(WEDNESDAY)
    assert [r.park_id for r in calsvc.list_arrangements(session=session, park_id=park_b.park.id)] == [
        park_b.park.id
    ]
    # Entering again replaces the park's own row rather than adding one.
    calsvc.set_arrangement(session=session, actor=admin_b, **LOCAL_2026)
    session.commit()
    assert len(calsvc.list_arrangements(session=session, park_id=park_b.park.id)) == 1
