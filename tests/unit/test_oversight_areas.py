"""The department-to-area matrix, cell by cell."""

from __future__ import annotations

import pytest

from hazchem.domain.oversight import AREAS, Area, department_oversees
from hazchem.domain.vocab import DepartmentKind

EXPECTED = {
    DepartmentKind.ECOLOGY_ENVIRONMENT: {
        Area.WASTE_MANIFESTS,
        Area.WASTE_LICENCES,
        Area.WASTE_STORAGE,
        Area.EMERGENCY_ENVIRONMENT,
    },
    DepartmentKind.EMERGENCY_MANAGEMENT: {
        Area.CHEMICAL_LICENCES,
        Area.CHEMICAL_STOCK,
        Area.EMERGENCY_CHEMICAL,
    },
    DepartmentKind.PUBLIC_SECURITY: {Area.CONTROLLED_PERMITS, Area.CONTROLLED_HOLDINGS},
    DepartmentKind.TRANSPORT: {Area.CARRIERS, Area.VEHICLES, Area.DRIVERS, Area.TRANSPORT_LEGS},
    DepartmentKind.PARK_COMMITTEE: set(Area),
    DepartmentKind.MARKET_REGULATION: set(),
    DepartmentKind.HEALTH: set(),
    DepartmentKind.POSTAL: set(),
}


@pytest.mark.parametrize("kind", list(DepartmentKind))
@pytest.mark.parametrize("area", list(Area))
def test_each_department_oversees_exactly_its_areas(kind, area):
    assert department_oversees(kind, area) is (area in EXPECTED[kind])


def test_unknown_or_missing_department_oversees_nothing():
    assert not any(department_oversees(None, a) or department_oversees("customs", a) for a in Area)
    assert set(AREAS) <= set(DepartmentKind)
