"""What each regulator department oversees: the areas of the park's records it may read."""

from __future__ import annotations

from enum import StrEnum

from hazchem.domain.vocab import DepartmentKind, FacilityKind


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
    EMERGENCY_CHEMICAL = "emergency_chemical"  # chemical-accident plans and resources
    EMERGENCY_ENVIRONMENT = "emergency_environment"  # environmental-emergency plans and resources


# Ecology and environment: waste; emergency management: chemicals; public security: the controlled
# chemicals; transport: who moves goods and how. The park committee sees every area.
AREAS: dict[str, frozenset[Area]] = {
    DepartmentKind.ECOLOGY_ENVIRONMENT: frozenset(
        {Area.WASTE_MANIFESTS, Area.WASTE_LICENCES, Area.WASTE_STORAGE, Area.EMERGENCY_ENVIRONMENT}
    ),
    DepartmentKind.EMERGENCY_MANAGEMENT: frozenset(
        {Area.CHEMICAL_LICENCES, Area.CHEMICAL_STOCK, Area.EMERGENCY_CHEMICAL}
    ),
    DepartmentKind.PUBLIC_SECURITY: frozenset({Area.CONTROLLED_PERMITS, Area.CONTROLLED_HOLDINGS}),
    DepartmentKind.TRANSPORT: frozenset({Area.CARRIERS, Area.VEHICLES, Area.DRIVERS, Area.TRANSPORT_LEGS}),
    DepartmentKind.PARK_COMMITTEE: frozenset(Area),
}


def department_oversees(department_kind: str | None, area: Area) -> bool:
    """Tell whether a department of this kind oversees the area."""
    return area in AREAS.get(department_kind or "", frozenset())


# Licence types named in the matrix; any other type falls in the area of its issuing department.
LICENCE_TYPE_AREAS: dict[str, Area] = {
    "hw_operating": Area.WASTE_LICENCES,
    "hc_production_safety": Area.CHEMICAL_LICENCES,
    "hc_safe_use": Area.CHEMICAL_LICENCES,
    "hc_operation": Area.CHEMICAL_LICENCES,
    "hc_registration": Area.CHEMICAL_LICENCES,
    "toxic_purchase": Area.CONTROLLED_PERMITS,
    "toxic_road_transport": Area.CONTROLLED_PERMITS,
    "explosive_precursor_registration": Area.CONTROLLED_PERMITS,
    "explosive_precursor_purchase": Area.CONTROLLED_PERMITS,
    "road_dg_transport": Area.CARRIERS,
    "dg_personnel_qualification": Area.CARRIERS,
}
ISSUER_AREAS: dict[str, Area] = {
    DepartmentKind.ECOLOGY_ENVIRONMENT: Area.WASTE_LICENCES,
    DepartmentKind.EMERGENCY_MANAGEMENT: Area.CHEMICAL_LICENCES,
    DepartmentKind.PUBLIC_SECURITY: Area.CONTROLLED_PERMITS,
    DepartmentKind.TRANSPORT: Area.CARRIERS,
}


def licence_area(type_code: str, issuer_kind: str) -> Area | None:
    """The area a licence type belongs to (None: no department's area, e.g. a business licence)."""
    if type_code in LICENCE_TYPE_AREAS:
        return LICENCE_TYPE_AREAS[type_code]
    if "explosive" in type_code:
        return Area.CONTROLLED_PERMITS
    return ISSUER_AREAS.get(issuer_kind)


# Facilities that hold waste are storage and treatment (ecology); the others hold chemicals.
WASTE_FACILITY_KINDS = frozenset(
    {
        FacilityKind.WASTE_STORE,
        FacilityKind.INCINERATOR,
        FacilityKind.LANDFILL,
        FacilityKind.PHYSICOCHEMICAL,
        FacilityKind.UTILISATION,
    }
)


# Areas whose records are kept in facilities (stores, plants, warehouses).
FACILITY_AREAS = (Area.WASTE_STORAGE, Area.CHEMICAL_STOCK, Area.CONTROLLED_HOLDINGS)


def facility_area(kind: str) -> Area:
    """The area a facility's kind belongs to: waste storage and treatment, or chemical stock."""
    return Area.WASTE_STORAGE if kind in WASTE_FACILITY_KINDS else Area.CHEMICAL_STOCK


def areas_of(department_kind: str | None) -> frozenset[Area]:
    """Every area a department of this kind oversees."""
    return AREAS.get(department_kind or "", frozenset())
