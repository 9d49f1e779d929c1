"""API models of carriers' vehicles and drivers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from hazchem.api.schemas.base import (
    AS_LIST,
    Body,
    Out,
    Page,
    PageQuery,
)

# --- Carriers ------------------------------------------------------------------------------------


class CarrierQuery(PageQuery):
    """Filter by carrier."""

    carrier_id: int | None = None


class VehicleOut(Out):
    """A dangerous-goods vehicle of a carrier."""

    id: int
    carrier_id: int
    plate: str
    certificate_no: str
    dg_classes: Annotated[list[str], AS_LIST]
    valid_to: date


class VehicleList(Page):
    """Vehicles."""

    items: list[VehicleOut]


class VehicleCreate(Body):
    """A new vehicle."""

    carrier_id: int
    plate: str = Field(min_length=1, max_length=20)
    certificate_no: str = Field(min_length=1, max_length=60)
    dg_classes: list[str] = Field(min_length=1, max_length=20)
    valid_to: date


class DriverOut(Out):
    """A qualified driver of a carrier."""

    id: int
    carrier_id: int
    name: str
    certificate_no: str
    valid_to: date


class DriverList(Page):
    """Drivers."""

    items: list[DriverOut]


class DriverCreate(Body):
    """A new driver."""

    carrier_id: int
    name: str = Field(min_length=1, max_length=60)
    certificate_no: str = Field(min_length=1, max_length=60)
    valid_to: date
