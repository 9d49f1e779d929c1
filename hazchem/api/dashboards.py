"""API resources for the annual summary, the dashboards, the park indicators and output figures.

Quantities are exact kilogram figures as strings (e.g. "180.5"), like the manifests' declared_kg."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from spectree import Response as SpecResponse

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.dashboards import (
    CapacityRowOut,
    CapacityUseOut,
    CertificateOut,
    CompliantFacilityOut,
    DashboardOut,
    DashboardQuery,
    ExpiringLicenceOut,
    FlowOut,
    IndicatorsOut,
    OutputFigureIn,
    OutputFigureList,
    OutputFigureOut,
    OutputFigureQuery,
    ProvinceOut,
    ProvinceParkOut,
    RatioOut,
    SummaryCategoryOut,
    SummaryExportQuery,
    SummaryMethodOut,
    SummaryOut,
    SummaryQuery,
    kg_text,
)
from hazchem.appctx import db_session, download, read_session
from hazchem.render import sheets
from hazchem.services.oversight import dashboards, indicators, province, registers, summaries

bp = Blueprint("dashboards", __name__, url_prefix="/api/v1")


# --- Annual summary -------------------------------------------------------------------------------


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
        session=read_session(), actor=current_api_actor(), year=year, enterprise_id=query.enterprise
    )
    return SummaryOut(
        year=summary.year,
        park_id=summary.park_id,
        enterprise_id=summary.enterprise_id,
        name=summary.name,
        categories=[SummaryCategoryOut.model_validate(r) for r in summary.categories],
        total=SummaryCategoryOut.model_validate(summary.total),
        methods=[SummaryMethodOut.model_validate(r) for r in summary.methods],
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
        session=read_session(), actor=current_api_actor(), year=year, enterprise_id=query.enterprise
    )
    stem = f"summary-{year}" + (f"-{query.enterprise}" if query.enterprise else "")
    if query.format == "csv":
        (sheet,) = summaries.summary_sheets(summary, [query.section])
        return download(sheets.csv_chunks(sheet), registers.export_filename(f"{stem}-{query.section}", "csv"))
    return download(
        sheets.xlsx_chunks(summaries.summary_sheets(summary)), registers.export_filename(stem, "xlsx")
    )


# --- Dashboard ------------------------------------------------------------------------------------


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
        session=read_session(),
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


@bp.get("/province-dashboard")
@spec.validate(
    query=DashboardQuery,
    resp=SpecResponse(HTTP_200=ProvinceOut, **error_responses(400, 401, 403)),
    tags=["oversight"],
)
def province_dashboard(query: DashboardQuery) -> Any:
    """The parks the caller reads side by side: waste flows by category, follow-ups, capacities."""
    b = province.province_dashboard(session=read_session(), actor=current_api_actor(), year=query.year)
    return ProvinceOut(
        year=b.year,
        today=b.today.isoformat(),
        licence_window_days=b.within_days,
        categories=b.categories,
        parks=[
            ProvinceParkOut(
                park_id=p.park_id,
                name=p.name,
                generated={c: kg_text(g) for c, g in sorted(p.flows["generated"].items())},
                transferred={c: kg_text(g) for c, g in sorted(p.flows["transferred"].items())},
                treated={c: kg_text(g) for c, g in sorted(p.flows["treated"].items())},
                overdue=p.overdue,
                stock_kg=p.stock_kg,
                storage_capacity_kg=p.storage_capacity_kg,
                storage_share=round(p.storage_share, 4),
                received_kg=p.received_kg,
                receiving_capacity_kg=p.receiving_capacity_kg,
                receiving_share=round(p.receiving_share, 4),
                major_hazards=p.major_hazards,
                expiring_licences=p.expiring_licences,
            )
            for p in b.parks
        ],
    )


# --- Indicators and output figures ----------------------------------------------------------------


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@bp.get("/indicators/<int:year>")
@spec.validate(
    resp=SpecResponse(HTTP_200=IndicatorsOut, **error_responses(400, 401, 403)), tags=["oversight"]
)
def park_indicators(year: int) -> Any:
    """Park indicators with their formulas: disposal rate, waste per output, capacity, item 9."""
    ind = indicators.park_indicators(session=read_session(), actor=current_api_actor(), year=year)
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
        no_major_accident=ind.no_major_accident,
        major_accident_ids=[a.incident_id for a in ind.major_accidents],
    )


@bp.get("/output-figures")
@spec.validate(
    query=OutputFigureQuery,
    resp=SpecResponse(HTTP_200=OutputFigureList, **error_responses(400, 401)),
    tags=["oversight"],
)
def list_output_figures(query: OutputFigureQuery) -> Any:
    """Output figures the caller may read (its own enterprise's; all for admins and waste regulators)."""
    rows = indicators.list_output_figures(session=read_session(), actor=current_api_actor(), year=query.year)
    return OutputFigureList(items=[OutputFigureOut.model_validate(f) for f in rows])


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
    return OutputFigureOut.model_validate(figure)
