"""API models of oversight (requests and responses)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AliasPath, Field

from hazchem.api.schemas.base import MAX_LIMIT, Out, Page, PageQuery, Query
from hazchem.api.schemas.custody import PartyOut
from hazchem.services.oversight import search as audit_search

ExportFormat = Literal["csv", "xlsx"]


class ManifestSearchQuery(Query):
    """Audit filters; dates are Beijing calendar days (YYYY-MM-DD), quantities in tonnes."""

    status: str | None = Field(default=None, description="one status or several, comma-separated")
    created_from: date | None = None
    created_to: date | None = None
    shipped_from: date | None = None
    shipped_to: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    treated_from: date | None = None
    treated_to: date | None = None
    generator_id: int | None = None
    carrier_id: int | None = None
    receiver_id: int | None = None
    waste_code: str | None = Field(default=None, description="xxx-xxx-xx")
    category: str | None = Field(default=None, description="HWxx")
    min_t: str | None = Field(default=None, description="declared quantity at least, tonnes")
    max_t: str | None = Field(default=None, description="declared quantity at most, tonnes")
    anomaly: bool | None = None
    overdue: bool | None = Field(default=None, description="receipt not confirmed within 5 working days")
    cross_province: bool | None = None
    park_id: int | None = Field(default=None, description="generator's or receiver's park (of those read)")
    incoming: bool | None = Field(
        default=None, description="on its way from another park to the receiver's park, not yet arrived"
    )
    sort: str = Field(
        default=audit_search.DEFAULT_SORT,
        description="created_at, transfer_date, declared, number; - for descending",
    )
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class RegisterQuery(ManifestSearchQuery):
    """The register takes the search filters and a format."""

    format: ExportFormat = "csv"


class LedgerQuery(Query):
    """Which ledger sections (CSV: exactly one), the period and the format."""

    section: str | None = Field(
        default=None, description="generation, storage_in, storage_out, transfer_out, receipt, disposal"
    )
    start: date | None = None
    end: date | None = None
    format: ExportFormat = "xlsx"


class TransportLegQuery(PageQuery):
    """Transport legs, optionally of one carrier."""

    carrier_id: int | None = None


class TransportLegOut(Out):
    """One leg of a transfer: its manifest, carrier, vehicle, driver and times."""

    id: int = Field(validation_alias=AliasPath("leg", "id"))
    manifest_id: int = Field(validation_alias=AliasPath("manifest", "id"))
    manifest_number: str = Field(validation_alias=AliasPath("manifest", "number"))
    manifest_status: str = Field(validation_alias=AliasPath("manifest", "status"))
    seq: int = Field(validation_alias=AliasPath("leg", "seq"))
    carrier: PartyOut
    vehicle_plate: str = Field(validation_alias=AliasPath("vehicle", "plate"))
    driver_name: str = Field(validation_alias=AliasPath("driver", "name"))
    picked_up_at: datetime | None = Field(validation_alias=AliasPath("leg", "picked_up_at"))
    delivered_at: datetime | None = Field(validation_alias=AliasPath("leg", "delivered_at"))


class TransportLegList(Page):
    """Transport legs, newest first."""

    items: list[TransportLegOut]
