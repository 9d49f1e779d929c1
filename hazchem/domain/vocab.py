"""Closed vocabularies shared by every layer (department kinds, roles, modes, facility kinds)."""

from __future__ import annotations

from enum import StrEnum


class DepartmentKind(StrEnum):
    """Kinds of regulator department."""

    EMERGENCY_MANAGEMENT = "emergency_management"
    ECOLOGY_ENVIRONMENT = "ecology_environment"
    PUBLIC_SECURITY = "public_security"
    TRANSPORT = "transport"
    MARKET_REGULATION = "market_regulation"
    HEALTH = "health"
    POSTAL = "postal"
    PARK_COMMITTEE = "park_committee"


class RegionLevel(StrEnum):
    """Tiers above parks whose regulators read every park within them."""

    CITY = "city"
    PROVINCE = "province"


class Role(StrEnum):
    """Account roles; each binds the user to a department, an enterprise or a driver record."""

    PARK_ADMIN = "park_admin"
    REGULATOR = "regulator"
    EHS_OFFICER = "ehs_officer"
    DRIVER = "driver"
    RECEIVER_OPERATOR = "receiver_operator"
    CARRIER_DISPATCHER = "carrier_dispatcher"


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


class AlertKind(StrEnum):
    """Kinds of alert: custody and oversight conditions, and major hazards of chemical stock."""

    WEIGHT_DISCREPANCY = "weight_discrepancy"
    OVERDUE_CONFIRMATION = "overdue_confirmation"
    STORAGE_AGE = "storage_age"
    CAPACITY_USE = "capacity_use"
    LICENCE_EXPIRY = "licence_expiry"
    COMPLIANCE_REFUSAL = "compliance_refusal"
    LONG_TRANSPORT_LEG = "long_transport_leg"
    MAJOR_HAZARD = "major_hazard"
    INCIDENT = "incident"
    EMERGENCY_PLAN_REVIEW = "emergency_plan_review"
    EMERGENCY_DRILL = "emergency_drill"
    RESOURCE_INSPECTION = "resource_inspection"
    RESOURCE_EXPIRED = "resource_expired"
    RESOURCE_BELOW_MINIMUM = "resource_below_minimum"
    # A notification due under the emergency plan for an accident incident, not recorded in time.
    INCIDENT_NOTIFICATION_OVERDUE = "incident_notification_overdue"


class StorageState(StrEnum):
    """Where a stored container stands against the one-year storage limit."""

    OK = "ok"
    WARNING = "warning"
    BREACH = "breach"


class AmendmentKind(StrEnum):
    """What an amendment notice does to one entry of a catalogue edition."""

    CHANGE = "change"
    ADD = "add"
    REMOVE = "remove"


class LabelLayout(StrEnum):
    """How label PDFs are laid out: one label per page for label printers, or tiled on A4 sheets."""

    ROLL = "roll"
    A4 = "a4"


class AlertSeverity(StrEnum):
    """How pressing an alert is: a warning before a limit, a breach past it."""

    WARNING = "warning"
    BREACH = "breach"


HAZARD_CHARACTERISTICS = ("T", "C", "I", "R", "In")


class PhysicalForm(StrEnum):
    """The physical form of a waste stream or a discarded chemical, as manifests and labels record it."""

    SOLID = "solid"
    SEMI_SOLID = "semi_solid"
    LIQUID = "liquid"
    GAS = "gas"

    @classmethod
    def printed(cls, value: str) -> str:
        """The form as printed on slips and labels, which are Chinese whatever the reader's language."""
        return _PRINTED_FORMS.get(value, value)


_PRINTED_FORMS: dict[str, str] = {
    PhysicalForm.SOLID: "固态",
    PhysicalForm.SEMI_SOLID: "半固态",
    PhysicalForm.LIQUID: "液态",
    PhysicalForm.GAS: "气态",
}


class FilingKind(StrEnum):
    """Filings the deadline rules ask enterprises for (annual plan and declarations, paper backfill)."""

    MANAGEMENT_PLAN = "management_plan"
    DECLARATION = "declaration"
    PAPER_BACKFILL = "paper_backfill"
    MONTHLY_DECLARATION = "monthly_declaration"
    QUARTERLY_DECLARATION = "quarterly_declaration"


class ManagementClass(StrEnum):
    """A waste generator's management class, which decides how often it declares its waste.

    Key supervised units (重点监管单位) declare monthly, simplified-management units (简化管理单位)
    quarterly, registration-management units (登记管理单位) only once a year."""

    KEY = "key"
    SIMPLIFIED = "simplified"
    REGISTRATION = "registration"


class GateRefusalReason(StrEnum):
    """Why a receiver refuses waste at its gate."""

    WRONG_WASTE = "wrong_waste"
    OVER_CAPACITY = "over_capacity"
    DAMAGED_PACKAGING = "damaged_packaging"
    NO_LICENCE_COVER = "no_licence_cover"


class IncidentKind(StrEnum):
    """What happened to waste in transit or at a facility."""

    SPILL = "spill"
    FIRE = "fire"
    ACCIDENT = "accident"
    LOSS = "loss"
