"""Closed vocabularies shared by every layer (department kinds, roles, modes, facility kinds)."""

from __future__ import annotations

from enum import StrEnum


class DepartmentKind(StrEnum):
    """Kinds of regulator department (DESIGN.md §2)."""

    EMERGENCY_MANAGEMENT = "emergency_management"
    ECOLOGY_ENVIRONMENT = "ecology_environment"
    PUBLIC_SECURITY = "public_security"
    TRANSPORT = "transport"
    MARKET_REGULATION = "market_regulation"
    HEALTH = "health"
    POSTAL = "postal"
    PARK_COMMITTEE = "park_committee"


class Role(StrEnum):
    """Account roles; each binds the user to a department, an enterprise or a driver record."""

    PARK_ADMIN = "park_admin"
    REGULATOR = "regulator"
    EHS_OFFICER = "ehs_officer"
    DRIVER = "driver"
    RECEIVER_OPERATOR = "receiver_operator"


class EnterpriseRole(StrEnum):
    """What an enterprise does with hazardous chemicals or waste."""

    WASTE_GENERATOR = "waste_generator"
    CHEMICAL_USER = "chemical_user"
    CARRIER = "carrier"
    COLLECTOR = "collector"
    RECEIVER = "receiver"


class ScopeKind(StrEnum):
    """What the scope lines of a licence type list."""

    WASTE = "waste"
    CHEMICAL = "chemical"
    TRANSPORT = "transport"
    NONE = "none"


class WasteMode(StrEnum):
    """Operating modes of a hazardous-waste operating licence (收集/贮存/利用/处置)."""

    COLLECT = "collect"
    STORE = "store"
    UTILISE = "utilise"
    DISPOSE = "dispose"


class Duty(StrEnum):
    """A department's duty towards a licence type in the responsibility matrix."""

    ISSUES = "issues"
    SUPERVISES = "supervises"


class FacilityKind(StrEnum):
    """Kinds of facility; capacities carry explicit units on the facility itself."""

    WASTE_STORE = "waste_store"
    TANK_FARM = "tank_farm"
    CHEMICAL_WAREHOUSE = "chemical_warehouse"
    INCINERATOR = "incinerator"
    LANDFILL = "landfill"
    PHYSICOCHEMICAL = "physicochemical"
    UTILISATION = "utilisation"
    PRODUCTION_UNIT = "production_unit"


HAZARD_CHARACTERISTICS = ("T", "C", "I", "R", "In")
