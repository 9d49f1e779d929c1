"""The deadline calendar built from the real chinese-calendar package and the override file: the
2026 Spring Festival and its make-up Saturdays, agreement with the package, and 2027+ fallback."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import chinese_calendar
import pytest

from hazchem.domain import deadlines as dl
from hazchem.domain.errors import InvalidInput
from hazchem.services.platform import calendar as calsvc


@pytest.fixture(scope="module")
def cal() -> dl.WorkCalendar:
    """The calendar as shipped: the package plus the (empty) override file."""
    return calsvc.work_calendar()


def test_package_covers_2004_to_2026_and_not_2027(cal):
    assert min(cal.years) == 2004
    assert max(cal.years) == 2026
    assert 2027 not in cal.years
    assert "chinese-calendar 1.11.0" in cal.source


def test_calendar_agrees_with_the_package_on_every_covered_day(cal):
    day, last = date(2004, 1, 1), date(2026, 12, 31)
    while day <= last:
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_2026_spring_festival_as_the_package_has_it(cal):
    rest = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]  # Sun 15 – Mon 23 Feb
    assert all(not cal.is_working_day(d) for d in rest)
    assert cal.is_working_day(date(2026, 2, 14))  # make-up Saturday before
    assert cal.is_working_day(date(2026, 2, 28))  # make-up Saturday after
    assert date(2026, 2, 14).weekday() == date(2026, 2, 28).weekday() == 5
    assert cal.is_working_day(date(2026, 2, 24))
    assert not cal.is_working_day(date(2026, 3, 7))  # an ordinary Saturday


def facts(anchor: date) -> dl.DeadlineFacts:
    return dl.DeadlineFacts("manifest.receipt_confirmation", anchor, subject="20260000000001")


def test_receipt_deadline_across_the_spring_festival(cal):
    # Thu 12 Feb: Fri 13, make-up Sat 14, [15–23 rest], Tue 24, Wed 25, Thu 26.
    assert dl.evaluate(facts(date(2026, 2, 12)), date(2026, 2, 13), cal).due == date(2026, 2, 26)
    ok = dl.evaluate(facts(date(2026, 2, 12)), date(2026, 2, 23), cal)
    assert (ok.status, ok.days_left) == (dl.DeadlineStatus.OK, 3)
    soon = dl.evaluate(facts(date(2026, 2, 12)), date(2026, 2, 24), cal)
    assert soon.status is dl.DeadlineStatus.DUE_SOON
    last_day = dl.evaluate(facts(date(2026, 2, 12)), date(2026, 2, 26), cal)
    assert (last_day.status, last_day.days_left) == (dl.DeadlineStatus.DUE_SOON, 0)
    late = dl.evaluate(facts(date(2026, 2, 12)), date(2026, 2, 27), cal)
    assert late.status is dl.DeadlineStatus.OVERDUE
    assert late.party is dl.Party.RECEIVER
    assert late.fallback is False


def test_receipt_deadline_across_a_make_up_saturday(cal):
    # Arrival on the last holiday: the fifth working day is make-up Saturday 28 Feb itself.
    assert dl.evaluate(facts(date(2026, 2, 23)), date(2026, 2, 24), cal).due == date(2026, 2, 28)
    # Arrival Tue 24: 25, 26, 27, Sat 28 (make-up), Mon 2 Mar.
    result = dl.evaluate(facts(date(2026, 2, 24)), date(2026, 3, 2), cal)
    assert (result.due, result.status) == (date(2026, 3, 2), dl.DeadlineStatus.DUE_SOON)
    assert dl.evaluate(facts(date(2026, 2, 24)), date(2026, 3, 3), cal).status is dl.DeadlineStatus.OVERDUE


def test_paper_backfill_across_national_day(cal):
    # 2026 National Day: 1–7 Oct rest, make-up Sat 10 Oct. Completed Wed 30 Sep:
    # 8, 9 Oct (1–2), Sat 10 Oct (3), 12–16 (4–8), 19, 20 (9–10).
    rule = dl.get_rule("manifest.paper_backfill")
    assert dl.due_date(rule, date(2026, 9, 30), cal) == dl.DueDate(date(2026, 10, 20), False)


def test_2027_uses_the_flagged_fallback(cal):
    result = dl.evaluate(facts(date(2026, 12, 30)), date(2026, 12, 31), cal)
    assert result.due == date(2027, 1, 6)  # 31 Dec, then weekdays only: 1, 4, 5, 6 Jan
    assert result.fallback is True
    later = dl.evaluate(facts(date(2027, 6, 1)), date(2027, 6, 2), cal)
    assert later.fallback is True


def test_strict_calendar_refuses_2027():
    strict = calsvc.work_calendar(strict=True)
    with pytest.raises(dl.CalendarNotCovered):
        strict.add_working_days(date(2026, 12, 30), 5)


def test_shipped_override_file_invents_no_dates():
    raw = json.loads(calsvc.EXTRA_FILE.read_text(encoding="utf-8"))
    assert raw["years"] == [] and raw["holidays"] == [] and raw["workdays"] == []
    assert any("EMPTY" in line for line in raw["header"])
    data = calsvc.override_data()
    assert not (data.holidays or data.workdays or data.years)


def write(path, **body):
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_override_file_covers_a_new_year(tmp_path):
    # Hypothetical test data, not an official 2027 arrangement.
    extra = write(
        tmp_path / "extra.json",
        source="test data",
        years=[2027],
        holidays=["2027-01-01", {"date": "2027-01-04", "name": "test"}],
        workdays=["2027-01-09"],
    )
    cal = calsvc.work_calendar(extra_file=extra)
    assert 2027 in cal.years
    assert not cal.is_working_day(date(2027, 1, 4))
    assert cal.is_working_day(date(2027, 1, 9))
    result = dl.evaluate(facts(date(2026, 12, 30)), date(2026, 12, 31), cal)
    assert result.due == date(2027, 1, 8)  # 31 Dec, then 1 and 4 Jan off: 5, 6, 7, 8 Jan
    assert result.fallback is False
    assert "test data" in cal.source


def test_override_wins_over_the_package(tmp_path):
    extra = write(tmp_path / "extra.json", workdays=["2026-02-16"])
    cal = calsvc.work_calendar(extra_file=extra)
    assert cal.is_working_day(date(2026, 2, 16))
    assert not calsvc.work_calendar().is_working_day(date(2026, 2, 16))


def test_dates_without_a_declared_year_stay_flagged(tmp_path):
    extra = write(tmp_path / "extra.json", holidays=["2027-01-01"])
    cal = calsvc.work_calendar(extra_file=extra)
    assert not cal.is_working_day(date(2027, 1, 1))
    assert 2027 not in cal.years
    assert dl.evaluate(facts(date(2026, 12, 30)), date(2026, 12, 31), cal).fallback


def test_changed_override_file_is_reread(tmp_path):
    extra = write(tmp_path / "extra.json", holidays=[])
    assert calsvc.work_calendar(extra_file=extra).is_working_day(date(2027, 1, 1))
    write(extra, holidays=["2027-01-01"])
    stat = extra.stat()
    os.utime(extra, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not calsvc.work_calendar(extra_file=extra).is_working_day(date(2027, 1, 1))


def test_missing_override_file_means_package_only(tmp_path):
    cal = calsvc.work_calendar(extra_file=tmp_path / "absent.json")
    assert max(cal.years) == 2026
    assert calsvc.work_calendar(extra_file=None).years == cal.years


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2]", "JSON object"),
        ("{not json", "not valid JSON"),
        ('{"holidays": ["2027/01/01"]}', "not a date"),
        ('{"holidays": "2027-01-01"}', "must be a list"),
        ('{"years": ["2027"]}', "list of years"),
    ],
)
def test_bad_override_files_are_refused(tmp_path, body, message):
    path = tmp_path / "bad.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        calsvc.override_data(path)


def test_override_cannot_make_a_day_both_rest_and_work(tmp_path):
    extra = write(tmp_path / "extra.json", holidays=["2027-01-09"], workdays=["2027-01-09"])
    with pytest.raises(InvalidInput, match="both a holiday"):
        calsvc.work_calendar(extra_file=extra)
