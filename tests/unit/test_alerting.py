"""Pure alert rules: the 80 % crossing, long legs, and which department a licence's alerts go to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hazchem.domain import alerting
from hazchem.domain.oversight import Area
from hazchem.domain.vocab import AlertKind, DepartmentKind


@pytest.mark.parametrize(
    ("before", "after", "crosses"),
    [(0, 79, False), (79, 80, True), (0, 100, True), (80, 90, False), (90, 70, False), (79, 79, False)],
)
def test_crossing_80_percent_happens_once_on_the_way_up(before, after, crosses):
    assert alerting.crosses_share(before, after, 100) is crosses


def test_no_capacity_means_no_crossing():
    assert not alerting.crosses_share(0, 10, 0)
    assert alerting.share_percent(5, 0) == "0.0" and alerting.share_percent(81, 100) == "81.0"


def test_long_leg_is_strictly_longer_than_the_limit():
    start = datetime(2026, 6, 1, tzinfo=UTC)
    assert not alerting.leg_too_long(start, start + timedelta(hours=48), 48)
    assert alerting.leg_too_long(start, start + timedelta(hours=48, minutes=1), 48)
    assert alerting.leg_hours(start, start + timedelta(hours=49, minutes=30)) == "49.5"


def test_every_alert_kind_has_a_department():
    assert set(alerting.ALERT_DEPARTMENT) == set(AlertKind)
    assert alerting.ALERT_DEPARTMENT[AlertKind.LONG_TRANSPORT_LEG] is DepartmentKind.TRANSPORT
    assert alerting.ALERT_DEPARTMENT[AlertKind.MAJOR_HAZARD] is DepartmentKind.EMERGENCY_MANAGEMENT


@pytest.mark.parametrize(
    ("issuer", "area", "department"),
    [
        ("ecology_environment", Area.WASTE_LICENCES, DepartmentKind.ECOLOGY_ENVIRONMENT),
        ("emergency_management", Area.CHEMICAL_LICENCES, DepartmentKind.EMERGENCY_MANAGEMENT),
        ("public_security", Area.CONTROLLED_PERMITS, DepartmentKind.PUBLIC_SECURITY),
        ("transport", Area.CARRIERS, DepartmentKind.TRANSPORT),
        ("market_regulation", None, DepartmentKind.PARK_COMMITTEE),
        (None, None, DepartmentKind.PARK_COMMITTEE),
    ],
)
def test_a_licence_belongs_to_its_issuers_area(issuer, area, department):
    assert alerting.licence_area(issuer) == area
    assert alerting.licence_department(issuer) is department
