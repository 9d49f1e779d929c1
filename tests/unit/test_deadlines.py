"""The deadline engine on small hand-made calendars: working-day arithmetic, every rule from both
sides of its due date, the boundaries, and the weekends-only fallback flag."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from hazchem.domain import deadlines as dl
from hazchem.domain.custody import storage_age, stored_past_limit_before
from hazchem.domain.errors import InvalidInput, NotFound

# A 2026-like Spring Festival: rest 15–23 Feb, make-up working Saturdays 14 Feb and 28 Feb.
SPRING_FESTIVAL = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
MAKE_UP = [date(2026, 2, 14), date(2026, 2, 28)]


@pytest.fixture
def cal() -> dl.WorkCalendar:
    """Holiday data for 2025 (weekends only) and 2026 (with the Spring Festival above)."""
    return dl.WorkCalendar.from_data(holidays=SPRING_FESTIVAL, workdays=MAKE_UP, years=[2025, 2026])


def status_on(code: str, anchor: date, today: date, cal: dl.WorkCalendar) -> dl.Deadline:
    return dl.evaluate(dl.DeadlineFacts(code, anchor, subject="item"), today, cal)


# --- Calendar -----------------------------------------------------------------------------------


def test_working_day_kinds(cal):
    assert cal.is_working_day(date(2026, 2, 12))  # an ordinary Thursday
    assert not cal.is_working_day(date(2026, 3, 7))  # an ordinary Saturday
    assert cal.is_working_day(date(2026, 2, 14))  # make-up Saturday
    assert not cal.is_working_day(date(2026, 2, 16))  # a Monday inside the holiday
    assert not cal.is_working_day(date(2026, 2, 22))  # a Sunday inside the holiday


def test_counting_starts_the_day_after(cal):
    assert cal.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 6)  # Thu + 1 = Fri
    assert cal.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri + 1 = Mon
    assert cal.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # from a Saturday
    assert cal.add_working_days(date(2026, 3, 5), 0) == date(2026, 3, 5)


def test_five_working_days_across_the_spring_festival(cal):
    # Thu 12 Feb: Fri 13 (1), make-up Sat 14 (2), 15–23 rest, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    assert cal.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_deadline_lands_on_a_make_up_saturday(cal):
    # Arrival on the last holiday (Mon 23): 24, 25, 26, 27 and make-up Saturday 28 Feb.
    assert cal.add_working_days(date(2026, 2, 23), 5) == date(2026, 2, 28)
    # Across it: Tue 24 + 5 = 25, 26, 27, Sat 28, Mon 2 Mar; without the make-up day it would be 3 Mar.
    assert cal.add_working_days(date(2026, 2, 24), 5) == date(2026, 3, 2)
    plain = dl.WorkCalendar.from_data(holidays=SPRING_FESTIVAL, years=[2026])
    assert plain.add_working_days(date(2026, 2, 24), 5) == date(2026, 3, 3)


def test_subtract_mirrors_add(cal):
    assert cal.subtract_working_days(date(2026, 2, 26), 5) == date(2026, 2, 12)
    assert cal.subtract_working_days(date(2026, 3, 9), 1) == date(2026, 3, 6)
    assert cal.add_working_days(date(2026, 3, 9), -1) == date(2026, 3, 6)
    assert cal.working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5
    assert cal.working_days_between(date(2026, 2, 26), date(2026, 2, 12)) == 0


def test_next_working_day(cal):
    assert cal.next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)
    assert cal.next_working_day(date(2026, 2, 14)) == date(2026, 2, 14)


def test_from_data_accepts_iso_text_and_refuses_garbage():
    cal = dl.WorkCalendar.from_data(holidays=["2026-02-16"], workdays=["2026-02-14"], years=[2026])
    assert not cal.is_working_day(date(2026, 2, 16))
    with pytest.raises(InvalidInput):
        dl.WorkCalendar.from_data(holidays=["16/02/2026"])


def test_a_day_cannot_be_both_holiday_and_make_up_day():
    with pytest.raises(InvalidInput, match="both a holiday and a make-up"):
        dl.WorkCalendar.from_data(holidays=["2026-02-14"], workdays=["2026-02-14"])


# --- Fallback for years without data ------------------------------------------------------------


def test_uncovered_year_falls_back_to_weekends_and_says_so(cal):
    # 2027 is not covered: weekends only, plus any date given for it.
    assert cal.is_working_day(date(2027, 1, 1))  # a Friday; no 2027 holidays are known here
    assert not cal.is_working_day(date(2027, 1, 2))
    assert cal.uses_fallback(date(2026, 12, 30), date(2027, 1, 4))
    assert not cal.uses_fallback(date(2026, 1, 1), date(2026, 12, 31))

    result = status_on("manifest.receipt_confirmation", date(2026, 12, 28), date(2026, 12, 29), cal)
    assert result.due == date(2027, 1, 4)
    assert result.fallback is True
    assert result.as_dict()["fallback"] is True

    inside = status_on("manifest.receipt_confirmation", date(2026, 12, 1), date(2026, 12, 2), cal)
    assert inside.fallback is False


def test_dates_given_for_an_uncovered_year_are_still_used_but_flagged():
    cal = dl.WorkCalendar.from_data(holidays=["2027-01-01"], years=[2026])
    assert not cal.is_working_day(date(2027, 1, 1))
    result = status_on("manifest.receipt_confirmation", date(2026, 12, 31), date(2027, 1, 1), cal)
    assert result.due == date(2027, 1, 8)  # Jan 1 rest: 4, 5, 6, 7, 8
    assert result.fallback


def test_calendar_day_rules_need_no_calendar_and_are_not_flagged(cal):
    result = status_on("licence.expiry", date(2028, 6, 30), date(2028, 1, 1), cal)
    assert result.due == date(2028, 6, 30)
    assert result.fallback is False


def test_strict_calendar_refuses_uncovered_years():
    strict = dl.WorkCalendar.from_data(years=[2026], strict=True)
    assert strict.is_working_day(date(2026, 12, 31))
    with pytest.raises(dl.CalendarNotCovered, match="2027") as caught:
        strict.add_working_days(date(2026, 12, 31), 1)
    assert caught.value.as_dict()["error"] == "calendar_not_covered"


# --- Each rule from both sides ------------------------------------------------------------------

# (rule, anchor, due, a day that is ok, first due_soon day)
CASES = [
    (
        "manifest.receipt_confirmation",
        date(2026, 2, 12),
        date(2026, 2, 26),
        date(2026, 2, 23),
        date(2026, 2, 24),
    ),
    ("manifest.paper_backfill", date(2026, 2, 24), date(2026, 3, 9), date(2026, 3, 5), date(2026, 3, 6)),
    ("storage.one_year", date(2025, 6, 1), date(2026, 6, 1), date(2026, 3, 27), date(2026, 3, 28)),
    ("licence.expiry", date(2026, 12, 31), date(2026, 12, 31), date(2026, 10, 31), date(2026, 11, 1)),
    ("licence.renewal", date(2026, 12, 31), date(2026, 12, 1), date(2026, 10, 31), date(2026, 11, 1)),
    (
        "licence.renewal.hw_operating",
        date(2025, 7, 31),
        date(2025, 6, 19),
        date(2025, 5, 19),
        date(2025, 5, 20),
    ),
    (
        "licence.renewal.safety_production",
        date(2026, 5, 31),
        date(2026, 2, 28),
        date(2026, 1, 28),
        date(2026, 1, 29),
    ),
    ("annual.management_plan", date(2026, 1, 1), date(2026, 3, 31), date(2026, 2, 28), date(2026, 3, 1)),
    ("annual.declaration", date(2026, 7, 1), date(2026, 3, 31), date(2026, 2, 28), date(2026, 3, 1)),
    ("transfer_approval.expiry", date(2026, 9, 30), date(2026, 9, 30), date(2026, 8, 30), date(2026, 8, 31)),
]


@pytest.mark.parametrize(("code", "anchor", "due", "ok_day", "soon_day"), CASES, ids=[c[0] for c in CASES])
def test_rule_from_both_sides(cal, code, anchor, due, ok_day, soon_day):
    rule = dl.get_rule(code)
    assert (due - soon_day).days == rule.warn_days

    ok = status_on(code, anchor, ok_day, cal)
    assert (ok.due, ok.status) == (due, dl.DeadlineStatus.OK)
    assert ok.days_left == rule.warn_days + 1

    soon = status_on(code, anchor, soon_day, cal)
    assert soon.status is dl.DeadlineStatus.DUE_SOON

    on_the_day = status_on(code, anchor, due, cal)
    assert on_the_day.status is dl.DeadlineStatus.DUE_SOON  # the deadline day itself is not overdue
    assert on_the_day.days_left == 0

    late = status_on(code, anchor, due + timedelta(days=1), cal)
    assert late.status is dl.DeadlineStatus.OVERDUE
    assert late.days_left == -1
    assert late.party is rule.party
    assert late.rule is rule


def test_hw_operating_renewal_counts_thirty_working_days_back(cal):
    due = dl.due_date(dl.get_rule("licence.renewal.hw_operating"), date(2025, 7, 31), cal).due
    assert cal.working_days_between(due - timedelta(days=1), date(2025, 7, 30)) == 30
    # Across the Spring Festival the window reaches further back than six calendar weeks.
    across = dl.due_date(dl.get_rule("licence.renewal.hw_operating"), date(2026, 3, 13), cal).due
    assert across == date(2026, 1, 26)
    assert cal.working_days_between(across - timedelta(days=1), date(2026, 3, 12)) == 30


def test_storage_rule_agrees_with_the_storage_clock():
    stored = date(2025, 6, 1)
    cal = dl.WorkCalendar()
    for today in (date(2026, 3, 27), date(2026, 3, 28), date(2026, 6, 1), date(2026, 6, 2)):
        clock = storage_age(stored, today)
        deadline = status_on("storage.one_year", stored, today, cal)
        assert deadline.due == clock.due
        assert (deadline.status is dl.DeadlineStatus.OVERDUE) == (clock.state == "breach")
        assert (deadline.status is dl.DeadlineStatus.DUE_SOON) == (clock.state == "warning")


def test_arrival_time_is_taken_in_beijing_time(cal):
    # Stored as naive UTC: 20:00 UTC on Fri 13 Feb is 04:00 on make-up Saturday 14 Feb in Beijing.
    arrived = datetime(2026, 2, 13, 20, 0)
    assert dl.china_date(arrived) == date(2026, 2, 14)
    result = status_on("manifest.receipt_confirmation", arrived, date(2026, 2, 27), cal)
    assert result.anchor == date(2026, 2, 14)
    assert result.due == date(2026, 2, 28)  # 24, 25, 26, 27 and make-up Saturday 28


# --- Configuration and lookup -------------------------------------------------------------------


def test_rules_are_named_visible_and_frozen():
    codes = [rule.code for rule in dl.RULES.values()]
    assert len(codes) == len(set(codes))
    for rule in dl.RULES.values():
        assert rule.name_zh and rule.name_en and rule.basis and rule.describe()
        assert rule.as_dict()["computation"] == rule.describe()
    with pytest.raises(dataclasses.FrozenInstanceError):
        dl.RECEIPT_CONFIRMATION.offset = 3  # type: ignore[misc]
    assert dl.get_rule("manifest.receipt_confirmation").describe() == "5 working days after the arrival"


def test_unknown_rule_is_not_found(cal):
    with pytest.raises(NotFound):
        dl.get_rule("nope")
    with pytest.raises(NotFound):
        status_on("nope", date(2026, 1, 1), date(2026, 1, 1), cal)


def test_renewal_rule_per_licence_type():
    assert dl.renewal_rule("hw_operating").unit is dl.Unit.WORKING_DAYS
    assert dl.renewal_rule("hc_production_safety").unit is dl.Unit.MONTHS
    assert dl.renewal_rule("pollutant_discharge") is dl.LICENCE_RENEWAL


def test_configure_the_renewal_window(cal):
    rules = dl.configure_rules({"licence.renewal": {"offset": -60, "warn_days": 14}})
    result = dl.evaluate(
        dl.DeadlineFacts("licence.renewal", date(2026, 12, 31)), date(2026, 11, 1), cal, rules
    )
    assert result.due == date(2026, 11, 1)
    assert result.status is dl.DeadlineStatus.DUE_SOON
    assert dl.RULES["licence.renewal"].offset == -30  # the defaults are untouched

    working = dl.configure_rules({"licence.renewal": {"offset": -30, "unit": "working_days"}})
    assert dl.due_date(working["licence.renewal"], date(2025, 7, 31), cal).due == date(2025, 6, 19)


def test_configuration_refuses_unknown_rules_and_fields():
    with pytest.raises(InvalidInput, match="no deadline rule"):
        dl.configure_rules({"licence.renewl": {"offset": -10}})
    with pytest.raises(InvalidInput, match="cannot configure"):
        dl.configure_rules({"licence.renewal": {"basis": "made up"}})
    with pytest.raises(InvalidInput):
        dl.configure_rules({"annual.management_plan": {"month_day": [2, 30]}})


def test_roll_moves_a_rest_day_deadline_only_where_the_rule_says_so():
    cal = dl.WorkCalendar.from_data(years=[2024])  # 31 March 2024 is a Sunday
    plain = dl.due_date(dl.MANAGEMENT_PLAN, date(2024, 1, 1), cal)
    assert plain.due == date(2024, 3, 31)
    rolled = dl.configure_rules({"annual.management_plan": {"roll": True}})["annual.management_plan"]
    assert dl.due_date(rolled, date(2024, 1, 1), cal).due == date(2024, 4, 1)
    assert "next working day" in rolled.describe()


def test_roll_into_an_uncovered_year_is_flagged():
    cal = dl.WorkCalendar.from_data(years=[2026])  # 2027-01-02 is a Saturday
    rule = dataclasses.replace(dl.LICENCE_EXPIRY, roll=True)
    result = dl.due_date(rule, date(2027, 1, 2), cal)
    assert result == dl.DueDate(date(2027, 1, 4), True)


def test_month_offsets_clamp_to_the_month_end():
    cal = dl.WorkCalendar()
    assert dl.due_date(dl.LICENCE_RENEWAL_SAFETY_PRODUCTION, date(2024, 5, 31), cal).due == date(2024, 2, 29)
    assert dl.due_date(dl.LICENCE_RENEWAL_SAFETY_PRODUCTION, date(2026, 1, 15), cal).due == date(2025, 10, 15)


def test_evaluate_all_sorts_and_filters(cal):
    items = [
        dl.DeadlineFacts("licence.expiry", date(2026, 12, 31), subject="L1", party_id=7, party_name="B"),
        dl.DeadlineFacts("manifest.receipt_confirmation", date(2026, 2, 12), subject="M1", party_id=3),
        dl.DeadlineFacts("storage.one_year", date(2025, 6, 1), subject="C1"),
    ]
    everything = dl.evaluate_all(items, date(2026, 2, 27), cal)
    assert [d.subject for d in everything] == ["M1", "C1", "L1"]
    assert [d.status for d in everything] == [
        dl.DeadlineStatus.OVERDUE,
        dl.DeadlineStatus.OK,
        dl.DeadlineStatus.OK,
    ]
    alerts = dl.evaluate_all(items, date(2026, 2, 27), cal, open_only=True)
    assert [(d.subject, d.party, d.party_id) for d in alerts] == [("M1", dl.Party.RECEIVER, 3)]
    body = alerts[0].as_dict()
    assert body["rule"] == "manifest.receipt_confirmation"
    assert body["due"] == "2026-02-26"
    assert body["status"] == "overdue"
    assert body["party_zh"] == "接受人"
    assert "五个工作日" in body["basis"]


# --- Storage limit by calendar date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "limit"),
    [
        (date(2025, 6, 1), date(2026, 6, 1)),  # 365 days
        (date(2023, 6, 1), date(2024, 6, 1)),  # 366 days: 29 February 2024 lies between
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February in 2025
        (date(2023, 3, 1), date(2024, 3, 1)),
    ],
)
def test_the_storage_limit_is_the_same_date_a_year_on(stored, limit):
    assert storage_age(stored, limit).state == "warning"  # the limit day itself is still allowed
    assert storage_age(stored, limit + timedelta(days=1)).state == "breach"
    assert storage_age(stored, limit).due == limit


def test_a_year_across_29_february_is_not_cut_one_day_short():
    # Counted as 365 days, a container stored on 1 June 2023 was in breach on 1 June 2024.
    age = storage_age(date(2023, 6, 1), date(2024, 6, 1))
    assert age.days == 366 and age.state == "warning"


def test_storage_rule_and_clock_agree_across_leap_years():
    cal = dl.WorkCalendar()
    for stored in (date(2023, 6, 1), date(2024, 2, 29), date(2023, 2, 28), date(2023, 3, 1)):
        limit = storage_age(stored, stored).due
        for today in (
            limit - timedelta(days=66),
            limit - timedelta(days=65),
            limit,
            limit + timedelta(days=1),
        ):
            clock = storage_age(stored, today)
            deadline = status_on("storage.one_year", stored, today, cal)
            assert deadline.due == clock.due
            assert (deadline.status is dl.DeadlineStatus.OVERDUE) == (clock.state == "breach")
            assert (deadline.status is dl.DeadlineStatus.DUE_SOON) == (clock.state == "warning")


def test_the_sql_cutoff_matches_the_clock_on_every_day():
    # stored_past_limit_before feeds SQL filters: it must agree with the clock day by day.
    start = date(2022, 1, 1)
    for t in range(0, 3 * 366, 7):
        today = start + timedelta(days=400 + t)
        cutoff = stored_past_limit_before(today)
        for back in range(360, 372):
            stored = today - timedelta(days=back)
            assert (storage_age(stored, today).state == "breach") == (stored < cutoff), (stored, today)
    for today in (date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28), date(2025, 3, 1)):
        cutoff = stored_past_limit_before(today)
        for back in range(360, 372):
            stored = today - timedelta(days=back)
            assert (storage_age(stored, today).state == "breach") == (stored < cutoff), (stored, today)


def test_the_storage_rule_quotes_article_81_with_its_scope():
    basis = dl.get_rule("storage.one_year").basis
    assert "第八十一条" in basis
    assert "从事收集、贮存、利用、处置危险废物经营活动的单位，贮存危险废物不得超过一年" in basis
    assert "法律、行政法规另有规定的除外" in basis


def test_every_rule_has_a_message_for_its_name_and_window():
    from hazchem.domain.oversight_messages import ANCHORS, RULE_NAMES

    for rule in dl.RULES.values():
        assert RULE_NAMES[rule.code].template == rule.name_en and rule.name.code
        # Every part of the window has a code, so no English is left for another language.
        assert rule.window().code and rule.anchor in ANCHORS
        assert str(rule.window()) == rule.describe()
