"""The calendar's sources per year (entered arrangement > official data > statutory holidays computed
ahead, provisional), the checks on an entered arrangement, and the periodic declaration rules."""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.domain import deadlines as dl
from hazchem.domain.errors import InvalidInput

# Hypothetical test data throughout, not any year's official arrangement.
OFFICIAL = dl.WorkCalendar.from_data(
    holidays=["2026-01-01", "2026-10-01"], workdays=["2026-09-27"], years=[2026], source="official"
)
STATUTORY = [date(2026, 10, 2), date(2027, 1, 1), date(2027, 2, 8)]


def receipt(anchor: date, today: date, cal: dl.WorkCalendar) -> dl.Deadline:
    return dl.evaluate(dl.DeadlineFacts("manifest.receipt_confirmation", anchor), today, cal)


def test_statutory_holidays_fill_only_uncovered_years_and_stay_provisional():
    cal = dl.compose_calendar(OFFICIAL, statutory=STATUTORY)
    assert cal.is_working_day(date(2026, 10, 2))  # the official year keeps its own data
    assert not cal.is_working_day(date(2027, 1, 1))
    assert 2027 not in cal.years
    result = receipt(date(2026, 12, 28), date(2026, 12, 29), cal)
    # 29, 30, 31 Dec, 1 Jan rest, 4, 5 Jan.
    assert (result.due, result.fallback, result.provisional_years) == (date(2027, 1, 5), True, (2027,))
    assert dl.provisional_years([result]) == [2027]


def test_an_entered_arrangement_replaces_its_year_and_is_published():
    arranged = dl.YearArrangement.parse(2027, ["2027-01-01"], ["2027-01-02"])
    cal = dl.compose_calendar(OFFICIAL, statutory=STATUTORY, arrangements=[arranged])
    assert 2027 in cal.years and cal.is_working_day(date(2027, 1, 2))
    assert cal.is_working_day(date(2027, 2, 8))  # the computed holiday is not in the arrangement
    result = receipt(date(2026, 12, 28), date(2026, 12, 29), cal)
    # 29, 30, 31 Dec, 1 Jan rest, make-up Sat 2 Jan, Mon 4 Jan.
    assert (result.due, result.fallback, result.provisional_years) == (date(2027, 1, 4), False, ())


def test_an_arrangement_outranks_the_official_data_of_its_year():
    arranged = dl.YearArrangement.parse(2026, ["2026-10-02"])
    cal = dl.compose_calendar(OFFICIAL, arrangements=[arranged])
    assert cal.is_working_day(date(2026, 10, 1)) and not cal.is_working_day(date(2026, 10, 2))
    assert not cal.is_working_day(date(2026, 9, 27))  # the official make-up Sunday is gone too


@pytest.mark.parametrize(
    ("holidays", "workdays", "problem", "value"),
    [
        (["2027-02-30"], [], "calendar.not_a_date", "2027-02-30"),
        (["1 Jan"], [], "calendar.not_a_date", "1 Jan"),
        (["2028-01-01"], [], "calendar.outside_year", "2028-01-01"),
        (["2027-01-01", "2027-01-01"], [], "calendar.duplicate", "2027-01-01"),
        (["2027-01-01"], ["2027-01-01"], "calendar.both", "2027-01-01"),
        ([], ["2027-01-02"], "calendar.no_holidays", ""),
    ],
)
def test_bad_arrangements_name_each_problem(holidays, workdays, problem, value):
    with pytest.raises(InvalidInput) as caught:
        dl.YearArrangement.parse(2027, holidays, workdays)
    assert {"problem": problem, "value": value} in [
        {k: d[k] for k in ("problem", "value")} for d in caught.value.details
    ]


def test_an_arrangement_year_out_of_range_is_refused():
    with pytest.raises(InvalidInput) as caught:
        dl.YearArrangement.parse(1999, ["1999-01-01"])
    assert caught.value.details[0]["problem"] == "calendar.year_range"


# --- Monthly and quarterly declarations -----------------------------------------------------------


def test_declaration_periods_follow_the_management_class():
    today = date(2027, 5, 3)
    monthly = dl.declaration_periods("key", today)
    assert [p for _, p, _ in monthly] == ["2026-12", "2027-01", "2027-02", "2027-03", "2027-04"]
    assert {code for code, _, _ in monthly} == {"declaration.monthly"}
    assert monthly[-1][2] == date(2027, 5, 1)
    quarterly = dl.declaration_periods("simplified", today)
    assert [(p, a) for _, p, a in quarterly] == [("2026-Q4", date(2027, 1, 1)), ("2027-Q1", date(2027, 4, 1))]
    assert dl.declaration_periods("registration", today) == []
    assert dl.declaration_periods("", today) == []


def test_monthly_declaration_due_on_the_15th_rolled_to_a_working_day():
    cal = dl.WorkCalendar.from_data(years=[2026, 2027])
    rule = dl.get_rule("declaration.monthly")
    assert dl.due_date(rule, date(2027, 4, 1), cal).due == date(2027, 4, 15)  # a Thursday
    assert dl.due_date(rule, date(2027, 5, 1), cal).due == date(2027, 5, 17)  # Sat 15 → Mon 17
    soon = dl.evaluate(dl.DeadlineFacts(rule.code, date(2027, 4, 1)), date(2027, 4, 5), cal)
    assert soon.status is dl.DeadlineStatus.DUE_SOON
    late = dl.evaluate(dl.DeadlineFacts(rule.code, date(2027, 4, 1)), date(2027, 4, 16), cal)
    assert late.status is dl.DeadlineStatus.OVERDUE
    assert "by day 15 of the month after the declared month" in rule.describe()


def test_the_due_day_is_a_configurable_rule_parameter():
    rules = dl.configure_rules({"declaration.quarterly": {"day_of_month": 20, "roll": False}})
    cal = dl.WorkCalendar.from_data(years=[2027])
    assert dl.due_date(rules["declaration.quarterly"], date(2027, 4, 1), cal).due == date(2027, 4, 20)
    with pytest.raises(InvalidInput):
        dl.configure_rules({"declaration.monthly": {"day_of_month": 31}})
