"""Chemical inventories: storage units, append-only stock movements and their running totals.

Every running-total table is updated in the transaction of the movement that changes it, under row
locks, so reads never scan the movement history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class StorageUnit(SQLModel, table=True):
    """A tank, warehouse area or cabinet of a facility where chemicals are kept."""

    __table_args__ = (UniqueConstraint("facility_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=30)
    capacity_kg: int | None = Field(default=None, sa_type=BigInteger)
    active: bool = True
    created_at: datetime


class StockMovement(SQLModel, table=True):
    """One stock movement (receipt, issue, transfer, return, discard); never changed once written."""

    __table_args__ = (
        Index("ix_stockmovement_unit_chemical", "unit_id", "chemical_id", "id"),
        Index("ix_stockmovement_enterprise_id", "enterprise_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    enterprise_id: int = Field(foreign_key="enterprise.id")
    chemical_id: int = Field(foreign_key="chemical.id", index=True)
    quantity_kg: int = Field(sa_type=BigInteger)
    # The unit stock leaves or enters; a transfer also names the unit it goes to.
    unit_id: int = Field(foreign_key="storageunit.id")
    facility_id: int = Field(foreign_key="facility.id", index=True)
    to_unit_id: int | None = Field(default=None, foreign_key="storageunit.id", index=True)
    # Unit×chemical stock after the movement, for the ledger without summing history.
    balance_kg: int = Field(sa_type=BigInteger)
    to_balance_kg: int | None = Field(default=None, sa_type=BigInteger)
    supplier: str = Field(default="", max_length=200)
    permit_line_id: int | None = Field(default=None, foreign_key="licencescopeline.id", index=True)
    container_id: int | None = Field(default=None, foreign_key="container.id")
    note: str = Field(default="", sa_type=Text)
    at: datetime
    created_by: int | None = Field(default=None, foreign_key="user.id")


class UnitStock(SQLModel, table=True):
    """Running stock of one chemical in one storage unit."""

    unit_id: int = Field(foreign_key="storageunit.id", primary_key=True)
    chemical_id: int = Field(foreign_key="chemical.id", primary_key=True)
    quantity_kg: int = Field(default=0, sa_type=BigInteger)


class FacilityChemicalStock(SQLModel, table=True):
    """Running stock of one chemical in one facility, with its term of the GB 18218 sum."""

    facility_id: int = Field(foreign_key="facility.id", primary_key=True)
    chemical_id: int = Field(foreign_key="chemical.id", primary_key=True)
    quantity_kg: int = Field(default=0, sa_type=BigInteger)
    # q/Q in parts per billion as last counted into the facility's sum, so the sum stays exact.
    ratio_ppb: int = Field(default=0, sa_type=BigInteger)


class EnterpriseChemicalStock(SQLModel, table=True):
    """Running stock of one chemical across an enterprise, checked against its licensed quantity."""

    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True)
    chemical_id: int = Field(foreign_key="chemical.id", primary_key=True)
    quantity_kg: int = Field(default=0, sa_type=BigInteger)


class FacilityHazard(SQLModel, table=True):
    """A facility's chemical stock and GB 18218 Σq/Q, with its major-hazard status."""

    facility_id: int = Field(foreign_key="facility.id", primary_key=True)
    stock_kg: int = Field(default=0, sa_type=BigInteger)
    ratio_ppb: int = Field(default=0, sa_type=BigInteger)
    major_hazard: bool = Field(default=False, index=True)
    # Times the sum crossed 1 upwards; each crossing raises its own alert.
    crossings: int = 0
    changed_at: datetime | None = None


class PermitUsage(SQLModel, table=True):
    """Quantity received so far under one purchase-permit scope line."""

    line_id: int = Field(foreign_key="licencescopeline.id", primary_key=True)
    used_kg: int = Field(default=0, sa_type=BigInteger)
