"""API resources for the annual summary, the dashboards, the park indicators and output figures.

Quantities are exact kilogram figures as strings (e.g. "180.5"), like the manifests' declared_kg."""

from __future__ import annotations

from typing import Any, Literal

from flask import Blueprint, current_app
from pydantic import BaseModel, Field
from spectree import Response as SpecResponse

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import Body, Query
from hazchem.appctx import db_session, download
from hazchem.domain.units import g_to_kg_text
from hazchem.render import sheets
from hazchem.services.oversight import dashboards, indicators, registers, summaries

bp = Blueprint("dashboards", __name__, url_prefix="/api/v1")


def kg_text(grams: int) -> str:
    """Grams as an exact kilogram figure (0 as "0")."""
    return g_to_kg_text(grams) or "0"


# --- Annual summary -------------------------------------------------------------------------------


class SummaryQuery(Query):
    """Which enterprise; none means the park."""

    enterprise: int | None = Field(default=None, description="enterprise id; omit for the park")


class SummaryExportQuery(SummaryQuery):
    """The export form: a CSV holds one table (section), an XLSX workbook both."""

    format: Literal["csv", "xlsx"] = "xlsx"
    section: Literal["categories", "methods"] = Field(
        default="categories", description="the table a CSV holds"
    )


class SummaryCategoryOut(BaseModel):
    """A category's quantities in the year (kg) and its stock at year end."""

    category: str
    generated_kg: str
    transferred_kg: str
    received_kg: str
    treated_kg: str
    stock_kg: str

    @classmethod
    def of(cls, r: summaries.CategoryRow) -> SummaryCategoryOut:
        """Build from a summary row."""
        return cls(
            category=r.category or "total",
            generated_kg=kg_text(r.generated_g),
            transferred_kg=kg_text(r.transferred_g),
            received_kg=kg_text(r.received_g),
            treated_kg=kg_text(r.treated_g),
            stock_kg=kg_text(r.stock_g),
        )


class SummaryMethodOut(BaseModel):
    """Transferred and received by planned method, treated by recorded method (kg)."""

    category: str
    method: str
    transferred_kg: str
    received_kg: str
    treated_kg: str


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


SUMMARY_DATES = {
    "generated": "container generation date (voided containers excluded), net weight",
    "transferred": "carrier pick-up, declared quantity, planned method",
    "received": "receiver acceptance, accepted (weighed) quantity, planned method",
    "treated": "recorded treatment, accepted quantity, recorded method",
    "stock": "held at the end of 31 December, Beijing time",
}


@bp.get("/summaries/<int:year>")
@spec.validate(
    query=SummaryQuery,
    resp=SpecResponse(HTTP_200=SummaryOut, **error_responses(400, 401, 403, 404)),
    tags=["registers"],
)
def annual_summary(year: int, query: SummaryQuery) -> Any:
    """Annual summary per enterprise (enterprise=ID) or for the park, by category and method."""
    summary = summaries.annual_summary(
        session=db_session(), actor=current_api_actor(), year=year, enterprise_id=query.enterprise
    )
    return SummaryOut(
        year=summary.year,
        park_id=summary.park_id,
        enterprise_id=summary.enterprise_id,
        name=summary.name,
        categories=[SummaryCategoryOut.of(r) for r in summary.categories],
        total=SummaryCategoryOut.of(summary.total),
        methods=[
            SummaryMethodOut(
                category=r.category,
                method=r.method,
                transferred_kg=kg_text(r.transferred_g),
                received_kg=kg_text(r.received_g),
                treated_kg=kg_text(r.treated_g),
            )
            for r in summary.methods
        ],
        dates=SUMMARY_DATES,
    )


@bp.get("/summaries/<int:year>/export")
@spec.validate(
    query=SummaryExportQuery,
    resp=SpecResponse("HTTP_200", **error_responses(400, 401, 403, 404)),
    tags=["registers"],
)
def annual_summary_export(year: int, query: SummaryExportQuery) -> Any:
    """The annual summary as a CSV table (section=categories or methods) or an XLSX workbook."""
    summary = summaries.annual_summary(
        session=db_session(), actor=current_api_actor(), year=year, enterprise_id=query.enterprise
    )
    stem = f"summary-{year}" + (f"-{query.enterprise}" if query.enterprise else "")
    if query.format == "csv":
        (sheet,) = summaries.summary_sheets(summary, [query.section])
        return download(sheets.csv_chunks(sheet), registers.export_filename(f"{stem}-{query.section}", "csv"))
    return download(
        sheets.xlsx_chunks(summaries.summary_sheets(summary)), registers.export_filename(stem, "xlsx")
    )


# --- Dashboard ------------------------------------------------------------------------------------


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


def _uses(rows: list[dashboards.CapacityUse] | None) -> list[CapacityUseOut] | None:
    if rows is None:
        return None
    return [
        CapacityUseOut(
            facility_id=u.facility_id,
            facility=u.facility,
            enterprise=u.enterprise,
            used_kg=u.used_kg,
            capacity_kg=u.capacity_kg,
            share=round(u.share, 4),
        )
        for u in rows
    ]


@bp.get("/dashboard")
@spec.validate(
    query=DashboardQuery,
    resp=SpecResponse(HTTP_200=DashboardOut, **error_responses(400, 401, 403)),
    tags=["oversight"],
)
def dashboard(query: DashboardQuery) -> Any:
    """The numbers behind the park's or the caller's department's dashboard."""
    b = dashboards.dashboard(
        session=db_session(),
        actor=current_api_actor(),
        year=query.year,
        within_days=current_app.config.get("EXPIRY_WARNING_DAYS", 60),
    )
    return DashboardOut(
        year=b.year,
        today=b.today.isoformat(),
        park_id=b.park_id,
        parts=list(b.parts),
        flows=(
            {
                kind: FlowOut(by_category={c: [kg_text(g) for g in t.by_category[c]] for c in t.categories})
                for kind, t in b.flows.items()
            }
            if b.flows is not None
            else None
        ),
        statuses=b.statuses,
        anomalies=b.anomalies,
        overdue=b.overdue,
        storage=_uses(b.storage),
        receiving=_uses(b.receiving),
        in_transit=b.in_transit,
        certificates=(
            [
                CertificateOut(kind=c.kind, name=c.name, carrier=c.carrier, valid_to=c.valid_to.isoformat())
                for c in b.certificates
            ]
            if b.certificates is not None
            else None
        ),
        licences=(
            [
                ExpiringLicenceOut(
                    id=v.licence.id,
                    number=v.licence.number,
                    type=v.licence_type.code,
                    holder=v.holder.name,
                    valid_to=v.licence.valid_to.isoformat(),
                )
                for v in b.licences
            ]
            if b.licences is not None
            else None
        ),
    )


# --- Indicators and output figures ----------------------------------------------------------------


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


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@bp.get("/indicators/<int:year>")
@spec.validate(
    resp=SpecResponse(HTTP_200=IndicatorsOut, **error_responses(400, 401, 403)), tags=["oversight"]
)
def park_indicators(year: int) -> Any:
    """Park indicators with their formulas: disposal rate, waste per output, capacity, item 9."""
    ind = indicators.park_indicators(session=db_session(), actor=current_api_actor(), year=year)
    f = indicators.FORMULAS
    return IndicatorsOut(
        year=ind.year,
        evaluated_on=ind.on.isoformat(),
        disposal_rate=RatioOut(
            formula=f["disposal_rate"],
            numerator=kg_text(ind.disposal_rate.numerator),
            denominator=kg_text(ind.disposal_rate.denominator),
            value=_text(ind.disposal_rate.value),
            unit="%",
        ),
        intensity=RatioOut(
            formula=f["intensity"],
            numerator=kg_text(ind.intensity.numerator),
            denominator=str(indicators.wan_yuan(ind.intensity.denominator)),
            value=_text(ind.intensity.value),
            unit="t/万元",
        ),
        missing_output_figures=[r.enterprise_id for r in ind.intensity_rows if r.output_yuan is None],
        capacity=[
            CapacityRowOut(
                category=r.category,
                capacity_kg=r.capacity_kg,
                generated_kg=kg_text(r.generated_g),
                ratio=_text(r.ratio),
            )
            for r in ind.capacity
        ],
        item9_points=ind.item9_points,
        item9_max_points=indicators.ITEM9_MAX_POINTS,
        item9_formula=f["item9"],
        compliant_facilities=[
            CompliantFacilityOut(
                facility_id=c.facility_id,
                name=c.name,
                enterprise=c.enterprise,
                kind=c.kind,
                licence=c.licence_number,
            )
            for c in ind.compliant
        ],
    )


class OutputFigureIn(Body):
    """An enterprise's output value for a year, in 万元 (up to four decimals)."""

    enterprise_id: int
    year: int
    value_wan_yuan: str = Field(
        min_length=1, max_length=30, description='e.g. "12345.67": above 0, at most 10000000000, 4 decimals'
    )
    note: str = Field(default="", max_length=500)


class OutputFigureOut(BaseModel):
    """A stored output figure."""

    id: int
    enterprise_id: int
    year: int
    value_wan_yuan: str
    note: str
    entered_at: str

    @classmethod
    def of(cls, f: Any) -> OutputFigureOut:
        """Build from the table row."""
        return cls(
            id=f.id,
            enterprise_id=f.enterprise_id,
            year=f.year,
            value_wan_yuan=str(indicators.wan_yuan(f.value_yuan)),
            note=f.note,
            entered_at=f.entered_at.isoformat(),
        )


class OutputFigureList(BaseModel):
    """Output figures, newest year first (one per enterprise and year, so the list stays short)."""

    items: list[OutputFigureOut]


class OutputFigureQuery(Query):
    """Optionally one year."""

    year: int | None = None


@bp.get("/output-figures")
@spec.validate(
    query=OutputFigureQuery,
    resp=SpecResponse(HTTP_200=OutputFigureList, **error_responses(400, 401)),
    tags=["oversight"],
)
def list_output_figures(query: OutputFigureQuery) -> Any:
    """Output figures the caller may read (its own enterprise's; all for admins and waste regulators)."""
    rows = indicators.list_output_figures(session=db_session(), actor=current_api_actor(), year=query.year)
    return OutputFigureList(items=[OutputFigureOut.of(f) for f in rows])


@bp.post("/output-figures")
@spec.validate(
    json=OutputFigureIn,
    resp=SpecResponse(HTTP_200=OutputFigureOut, **error_responses(400, 401, 403, 404)),
    tags=["oversight"],
)
def set_output_figure(json: OutputFigureIn) -> Any:
    """Enter or correct an output figure (administrators, or the enterprise's EHS officer)."""
    figure = indicators.set_output_figure(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=json.enterprise_id,
        year=json.year,
        value_wan_yuan=json.value_wan_yuan,
        note=json.note,
    )
    return OutputFigureOut.of(figure)
