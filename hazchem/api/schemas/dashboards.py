"""API models of dashboards (requests and responses)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field

from hazchem.api.schemas.base import Body, Out, Query
from hazchem.domain.units import g_to_kg_text
from hazchem.services.oversight import indicators


def kg_text(grams: int) -> str:
    """Grams as an exact kilogram figure (0 as "0")."""
    return g_to_kg_text(grams) or "0"


class SummaryQuery(Query):
    """Which enterprise; none means the park."""

    enterprise: int | None = Field(default=None, description="enterprise id; omit for the park")


class SummaryExportQuery(SummaryQuery):
    """The export form: a CSV holds one table (section), an XLSX workbook both."""

    format: Literal["csv", "xlsx"] = "xlsx"
    section: Literal["categories", "methods"] = Field(
        default="categories", description="the table a CSV holds"
    )


# Rows carry whole grams; a figure already rendered (built by field name) passes through.
KG_OR_ZERO = BeforeValidator(lambda g: kg_text(g) if isinstance(g, int) else g)


class SummaryCategoryOut(Out):
    """A category's quantities in the year (kg) and its stock at year end."""

    category: Annotated[str, BeforeValidator(lambda c: c or "total")]
    generated_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="generated_g")
    transferred_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="transferred_g")
    received_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="received_g")
    treated_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="treated_g")
    stock_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="stock_g")


class SummaryMethodOut(Out):
    """Transferred and received by planned method, treated by recorded method (kg)."""

    category: str
    method: str
    transferred_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="transferred_g")
    received_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="received_g")
    treated_kg: Annotated[str, KG_OR_ZERO] = Field(validation_alias="treated_g")


class SummaryOut(BaseModel):
    """The annual summary of an enterprise or of the park."""

    year: int
    park_id: int
    enterprise_id: int | None
    name: str
    categories: list[SummaryCategoryOut]
    total: SummaryCategoryOut
    methods: list[SummaryMethodOut]
    dates: dict[str, str] = Field(description="which date puts each quantity in the year")


class DashboardQuery(Query):
    """The year of the flows and counts."""

    year: int | None = Field(default=None, description="Beijing calendar year; this year when omitted")


class FlowOut(BaseModel):
    """Kilograms by category, one figure per month (January first)."""

    by_category: dict[str, list[str]]


class CapacityUseOut(BaseModel):
    """A facility's use against its capacity (kg)."""

    facility_id: int
    facility: str
    enterprise: str
    used_kg: int
    capacity_kg: int
    share: float


class CertificateOut(BaseModel):
    """A vehicle's or driver's certificate ending soon."""

    kind: str
    name: str
    carrier: str
    valid_to: str


class ExpiringLicenceOut(BaseModel):
    """A licence ending within the warning window."""

    id: int
    number: str
    type: str
    holder: str
    valid_to: str


class ProvinceParkOut(BaseModel):
    """One park on the province dashboard: flows by category (kg), follow-ups and capacities."""

    park_id: int
    name: str
    generated: dict[str, str]
    transferred: dict[str, str]
    treated: dict[str, str]
    overdue: int
    stock_kg: int
    storage_capacity_kg: int
    storage_share: float
    received_kg: int
    receiving_capacity_kg: int
    receiving_share: float
    major_hazards: int
    expiring_licences: int


class ProvinceOut(BaseModel):
    """The parks the caller reads, compared for a year."""

    year: int
    today: str
    licence_window_days: int
    categories: list[str]
    parks: list[ProvinceParkOut]


class DashboardOut(BaseModel):
    """The parts of the dashboard the caller oversees; the others are null."""

    year: int
    today: str
    park_id: int
    parts: list[str]
    flows: dict[str, FlowOut] | None = None
    statuses: dict[str, int] | None = None
    anomalies: int | None = None
    overdue: int | None = None
    storage: list[CapacityUseOut] | None = None
    receiving: list[CapacityUseOut] | None = None
    in_transit: int | None = None
    certificates: list[CertificateOut] | None = None
    licences: list[ExpiringLicenceOut] | None = None


class RatioOut(BaseModel):
    """An indicator: its formula, inputs and value (null when undefined)."""

    formula: str
    numerator: str
    denominator: str
    value: str | None
    unit: str


class CapacityRowOut(BaseModel):
    """Licensed receiving capacity against generation for a category."""

    category: str
    capacity_kg: int
    generated_kg: str
    ratio: str | None


class CompliantFacilityOut(BaseModel):
    """A facility counted for green park item 9."""

    facility_id: int
    name: str
    enterprise: str
    kind: str
    licence: str


class IndicatorsOut(BaseModel):
    """The park indicators of a year, evaluated on a date."""

    year: int
    evaluated_on: str
    disposal_rate: RatioOut
    intensity: RatioOut
    missing_output_figures: list[int] = Field(description="generating enterprises without an output figure")
    capacity: list[CapacityRowOut]
    item9_points: int
    item9_max_points: int
    item9_formula: str
    compliant_facilities: list[CompliantFacilityOut]
    no_major_accident: bool = Field(
        description="no accident graded I or II in the three years up to evaluated_on"
    )
    major_accident_ids: list[int] = Field(description="incidents graded I or II in those three years")


class OutputFigureIn(Body):
    """An enterprise's output value for a year, in 万元 (up to four decimals)."""

    enterprise_id: int
    year: int
    value_wan_yuan: str = Field(
        min_length=1, max_length=30, description='e.g. "12345.67": above 0, at most 10000000000, 4 decimals'
    )
    note: str = Field(default="", max_length=500)


class OutputFigureOut(Out):
    """A stored output figure."""

    id: int
    enterprise_id: int
    year: int
    value_wan_yuan: Annotated[str, BeforeValidator(lambda y: str(indicators.wan_yuan(y)))] = Field(
        validation_alias="value_yuan"
    )
    note: str
    entered_at: Annotated[str, BeforeValidator(lambda at: at.isoformat())]


class OutputFigureList(BaseModel):
    """Output figures, newest year first (one per enterprise and year, so the list stays short)."""

    items: list[OutputFigureOut]


class OutputFigureQuery(Query):
    """Optionally one year."""

    year: int | None = None
