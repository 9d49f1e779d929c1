"""All database tables, one module per area; import them from here so Alembic sees every table.

Quantities are integers in kilograms (grams for container weights) so sums are exact on every database.
"""

from hazchem.models.accounts import ApiToken, Event, IdempotencyRecord, LoginFailure, User
from hazchem.models.alerts import Alert, ComplianceFiling
from hazchem.models.calendar import HolidayArrangement
from hazchem.models.catalogue import (
    CatalogueAmendment,
    CatalogueEdition,
    Chemical,
    TreatmentMethod,
    WasteCategory,
    WasteCode,
)
from hazchem.models.chemicals import (
    EnterpriseChemicalStock,
    FacilityChemicalStock,
    FacilityHazard,
    PermitUsage,
    StockMovement,
    StorageUnit,
    UnitStock,
)
from hazchem.models.custody import (
    Container,
    Counter,
    CustodyRequest,
    FacilityStock,
    GateRefusal,
    Incident,
    LicenceLineUsage,
    Manifest,
    ManifestContainer,
    Revision,
    Signature,
    TransferApproval,
    TransportLeg,
    WasteStream,
)
from hazchem.models.indicators import OutputFigure
from hazchem.models.park_catalogue import (
    ChemicalSafetyNote,
    GradeOverride,
    ParkCatalogueLine,
    ParkCatalogueRevision,
)
from hazchem.models.registry import (
    Department,
    Driver,
    Enterprise,
    Facility,
    FacilityChemical,
    Licence,
    LicenceScopeLine,
    LicenceType,
    Park,
    Responsibility,
    Vehicle,
)
from hazchem.models.review import CorrectionRequest, ReviewNote

__all__ = [
    "Alert",
    "ApiToken",
    "CatalogueAmendment",
    "CatalogueEdition",
    "Chemical",
    "ChemicalSafetyNote",
    "ComplianceFiling",
    "Container",
    "CorrectionRequest",
    "Counter",
    "CustodyRequest",
    "Department",
    "Driver",
    "Enterprise",
    "EnterpriseChemicalStock",
    "Event",
    "Facility",
    "FacilityChemical",
    "FacilityChemicalStock",
    "FacilityHazard",
    "FacilityStock",
    "GateRefusal",
    "GradeOverride",
    "HolidayArrangement",
    "IdempotencyRecord",
    "Incident",
    "Licence",
    "LicenceLineUsage",
    "LicenceScopeLine",
    "LicenceType",
    "LoginFailure",
    "Manifest",
    "ManifestContainer",
    "OutputFigure",
    "Park",
    "ParkCatalogueLine",
    "ParkCatalogueRevision",
    "PermitUsage",
    "Responsibility",
    "ReviewNote",
    "Revision",
    "Signature",
    "StockMovement",
    "StorageUnit",
    "TransferApproval",
    "TransportLeg",
    "TreatmentMethod",
    "UnitStock",
    "User",
    "Vehicle",
    "WasteCategory",
    "WasteCode",
    "WasteStream",
]
