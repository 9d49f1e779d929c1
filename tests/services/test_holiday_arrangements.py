"""The park's calendar across 2026-12-28 → 2027-01 with and without an entered 2027 arrangement,
who may enter one, how bad input is refused, and the declarations each management class owes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import chinese_calendar
import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.models import Event, HolidayArrangement
from hazchem.services import registry as reg
from hazchem.services.oversight import deadlines
from hazchem.services.oversight.deadlines import DeadlineFilters
from hazchem.services.platform import calendar as calsvc
from tests.services.test_audit_search import add_manifest

# Hypothetical test data, not the official 2027 arrangement: 1 Jan off, Saturday 2 Jan a make-up day.
TEST_2027 = {"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-02"], "source": "test data"}


def arrange(session, actor, **changes):
    return calsvc.set_arrangement(session=session, actor=actor, **{**TEST_2027, **changes})


def receipts(session, actor, today):
    only = DeadlineFilters(rule="manifest.receipt_confirmation")
    return deadlines.list_deadlines(session=session, actor=actor, filters=only, today=today)


@pytest.fixture
def delivered(session, registry, chain):
    """Delivered Mon 28 Dec 2026, 10:00 in Beijing, not yet confirmed."""
    return add_manifest(
        session,
        registry,
        chain,
        1,
        status=ManifestStatus.DELIVERED.value,
        delivered_at=datetime(2026, 12, 28, 2, tzinfo=UTC),
    )


def test_without_an_arrangement_2027_new_year_is_a_provisional_holiday(session, registry, delivered):
    cal = calsvc.park_calendar(session, today=date(2026, 12, 28))
    assert not cal.is_working_day(date(2027, 1, 1)) and 2027 not in cal.years
    assert "holidays" in cal.source and "provisional" in cal.source
    [item] = receipts(session, registry.users["admin"], date(2027, 1, 4))
    # 29, 30, 31 Dec, 1 Jan statutory holiday, 4, 5 Jan.
    assert (item.due, item.fallback, item.provisional_years) == (date(2027, 1, 5), True, (2027,))


def test_an_entered_arrangement_with_a_make_up_day_moves_the_due_date(session, registry, delivered):
    arrange(session, registry.users["admin"])
    cal = calsvc.park_calendar(session, today=date(2026, 12, 28))
    assert not cal.is_working_day(date(2027, 1, 1)) and cal.is_working_day(date(2027, 1, 2))
    assert 2027 in cal.years and "park arrangements 2027" in cal.source
    [item] = receipts(session, registry.users["admin"], date(2027, 1, 4))
    # 29, 30, 31 Dec, 1 Jan rest, make-up Sat 2 Jan, Mon 4 Jan.
    assert (item.due, item.fallback, item.provisional_years) == (date(2027, 1, 4), False, ())


def test_the_covered_years_of_chinese_calendar_are_read_at_run_time(monkeypatch):
    # As if an upgraded package shipped 2027: its year counts as published with no code change.
    monkeypatch.setitem(chinese_calendar.holidays, date(2027, 1, 1), "New Year's Day")
    data = calsvc.package_data()
    assert 2027 in data.years
    cal = calsvc.calendar_from([data])
    assert not cal.uses_fallback(date(2027, 1, 1), date(2027, 12, 31))


def test_admin_enters_and_replaces_an_arrangement_with_audit(session, registry):
    admin = registry.users["admin"]
    first = arrange(session, admin)
    assert (first.year, first.holidays, first.workdays) == (2027, ["2027-01-01"], ["2027-01-02"])
    again = arrange(session, admin, holidays="2027-01-01\n2027-02-06, 2027-02-07", workdays="", source="")
    assert again.id == first.id and again.holidays == ["2027-01-01", "2027-02-06", "2027-02-07"]
    assert again.workdays == []
    assert len(session.exec(select(HolidayArrangement)).all()) == 1
    events = session.exec(select(Event).where(Event.action == "calendar.arrange").order_by(Event.id)).all()
    assert [e.before is None for e in events] == [True, False]
    assert calsvc.list_arrangements(session=session)[0].year == 2027


@pytest.mark.parametrize("user", ["regulator_eco", "officer_a", "operator_b", "driver"])
def test_others_may_not_enter_an_arrangement(session, registry, user):
    with pytest.raises(Forbidden):
        arrange(session, registry.users[user])
    assert session.exec(select(HolidayArrangement)).all() == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"holidays": ["2027-13-01"]}, "calendar.not_a_date"),
        ({"holidays": ["2028-01-01"]}, "calendar.outside_year"),
        ({"holidays": ["2027-01-01", "2027-01-01"]}, "calendar.duplicate"),
        ({"workdays": ["2027-01-01"]}, "calendar.both"),
        ({"holidays": []}, "calendar.no_holidays"),
        ({"year": 3000}, "calendar.year_range"),
    ],
)
def test_bad_arrangements_are_refused_and_nothing_is_written(session, registry, changes, problem):
    with pytest.raises(InvalidInput) as caught:
        arrange(session, registry.users["admin"], **changes)
    assert problem in {d.get("problem") for d in caught.value.details}
    session.rollback()
    assert session.exec(select(HolidayArrangement)).all() == []


# --- Monthly and quarterly declarations by management class -------------------------------------------


def declarations(session, actor, today):
    return [
        d
        for d in deadlines.list_deadlines(session=session, actor=actor, today=today)
        if d.rule.code.startswith("declaration.")
    ]


def classify(session, registry, management_class):
    reg.update_enterprise(
        session=session,
        actor=registry.users["admin"],
        enterprise_id=registry.ent_a.id,
        management_class=management_class,
    )


def test_a_key_unit_owes_monthly_declarations(session, registry):
    admin = registry.users["admin"]
    assert declarations(session, admin, date(2027, 5, 10)) == []  # no class recorded yet
    classify(session, registry, "key")
    found = declarations(session, admin, date(2027, 5, 10))
    assert {d.rule.code for d in found} == {"declaration.monthly"}
    assert {d.party_id for d in found} == {registry.ent_a.id}
    latest = next(d for d in found if d.extra["period"] == "2027-04")
    # Sat 15 May 2027 rolls to Mon 17 May.
    assert (latest.due, latest.status.value) == (date(2027, 5, 17), "due_soon")
    assert next(d for d in found if d.extra["period"] == "2027-03").status.value == "overdue"
    # A receiver is no generator: it owes none even with a class.
    reg.update_enterprise(
        session=session, actor=admin, enterprise_id=registry.ent_b.id, management_class="key"
    )
    assert all(d.party_id == registry.ent_a.id for d in declarations(session, admin, date(2027, 5, 10)))


def test_filing_a_month_takes_it_off_the_list(session, registry, time_machine):
    time_machine.move_to(datetime(2027, 5, 10, 2, tzinfo=UTC), tick=False)
    classify(session, registry, "key")
    admin = registry.users["admin"]
    deadlines.record_filing(
        session=session,
        actor=registry.users["officer_a"],
        enterprise_id=registry.ent_a.id,
        kind="monthly_declaration",
        period="2027-04",
    )
    periods = {d.extra["period"] for d in declarations(session, admin, date(2027, 5, 10))}
    assert "2027-04" not in periods and "2027-03" in periods
    for bad in ("2027-13", "April", "", "2027-05"):  # not a month, garbage, missing, not ended yet
        with pytest.raises(InvalidInput):
            deadlines.record_filing(
                session=session,
                actor=registry.users["officer_a"],
                enterprise_id=registry.ent_a.id,
                kind="monthly_declaration",
                period=bad,
            )


def test_a_simplified_unit_owes_quarterly_declarations_and_a_registered_one_none(session, registry):
    admin = registry.users["admin"]
    classify(session, registry, "simplified")
    found = declarations(session, admin, date(2027, 4, 6))
    assert [(d.rule.code, d.extra["period"], d.due) for d in found] == [
        ("declaration.quarterly", "2026-Q4", date(2027, 1, 15)),
        ("declaration.quarterly", "2027-Q1", date(2027, 4, 15)),
    ]
    classify(session, registry, "registration")
    assert declarations(session, admin, date(2027, 4, 6)) == []
    with pytest.raises(InvalidInput):
        classify(session, registry, "huge")
    with pytest.raises(Forbidden):
        reg.update_enterprise(
            session=session,
            actor=registry.users["officer_a"],
            enterprise_id=registry.ent_a.id,
            management_class="key",
        )
