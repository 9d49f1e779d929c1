"""What each regulator department oversees: the areas of the park's records it may read."""

from __future__ import annotations

from enum import StrEnum

from hazchem.domain.vocab import DepartmentKind


class Area(StrEnum):
    """An area of records a department oversees."""

    WASTE_MANIFESTS = "waste_manifests"
    WASTE_LICENCES = "waste_licences"
    WASTE_STORAGE = "waste_storage"
    CHEMICAL_LICENCES = "chemical_licences"
    CHEMICAL_STOCK = "chemical_stock"
    CONTROLLED_PERMITS = "controlled_permits"  # 剧毒 and 易制爆 permits and registrations
    CONTROLLED_HOLDINGS = "controlled_holdings"
    CARRIERS = "carriers"
    VEHICLES = "vehicles"
    DRIVERS = "drivers"
    TRANSPORT_LEGS = "transport_legs"


# Ecology and environment: waste; emergency management: chemicals; public security: the controlled
# chemicals; transport: who moves goods and how. The park committee sees every area.
AREAS: dict[str, frozenset[Area]] = {
    DepartmentKind.ECOLOGY_ENVIRONMENT: frozenset(
        {Area.WASTE_MANIFESTS, Area.WASTE_LICENCES, Area.WASTE_STORAGE}
    ),
    DepartmentKind.EMERGENCY_MANAGEMENT: frozenset({Area.CHEMICAL_LICENCES, Area.CHEMICAL_STOCK}),
    DepartmentKind.PUBLIC_SECURITY: frozenset({Area.CONTROLLED_PERMITS, Area.CONTROLLED_HOLDINGS}),
    DepartmentKind.TRANSPORT: frozenset({Area.CARRIERS, Area.VEHICLES, Area.DRIVERS, Area.TRANSPORT_LEGS}),
    DepartmentKind.PARK_COMMITTEE: frozenset(Area),
}


def department_oversees(department_kind: str | None, area: Area) -> bool:
    """Tell whether a department of this kind oversees the area."""
    return area in AREAS.get(department_kind or "", frozenset())
