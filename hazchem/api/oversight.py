"""API resources for regulators' oversight: manifest search with audit filters, the manifest register
and enterprise ledgers (台账) as streamed CSV or XLSX downloads."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from spectree import Response as SpecResponse

from hazchem.api.paging import decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.custody import ManifestSearchList, ManifestSearchOut
from hazchem.api.schemas.oversight import (
    LedgerQuery,
    ManifestSearchQuery,
    RegisterQuery,
    TransportLegList,
    TransportLegOut,
    TransportLegQuery,
)
from hazchem.appctx import download, read_session
from hazchem.domain.errors import InvalidInput
from hazchem.render import sheets
from hazchem.services.oversight import messages as m
from hazchem.services.oversight import registers
from hazchem.services.oversight import search as audit_search
from hazchem.services.oversight.parks import enterprise_parks
from hazchem.services.waste import reads as custody_reads

bp = Blueprint("oversight", __name__, url_prefix="/api/v1")


def filters_from_request() -> audit_search.ManifestFilters:
    """The audit filters of this request (raw query text, so repeated status= works too)."""
    args = {name: request.args.getlist(name) for name in audit_search.FILTER_PARAMS if name in request.args}
    return audit_search.parse_filters(args)


@bp.get("/manifests/search")
@spec.validate(
    query=ManifestSearchQuery,
    resp=SpecResponse(HTTP_200=ManifestSearchList, **error_responses(400, 401, 403)),
    tags=["manifests"],
)
def search_manifests(query: ManifestSearchQuery) -> Any:
    """Search manifests by status, dates, parties, waste, quantity, anomaly, overdue, cross-province,
    park and loads incoming from other parks; each with its generator's and receiver's park."""
    db = read_session()
    result = audit_search.search_manifests(
        session=db,
        actor=current_api_actor(),
        filters=filters_from_request(),
        after=query.cursor or None,
        limit=query.limit,
    )
    parks = enterprise_parks(db, (e for m in result.items for e in (m.generator_id, m.receiver_id)))
    items = [
        ManifestSearchOut.model_validate(m).model_copy(
            update={
                "generator_park_id": parks.get(m.generator_id),
                "receiver_park_id": parks.get(m.receiver_id),
            }
        )
        for m in result.items
    ]
    return ManifestSearchList(items=items, next_cursor=result.next_after)


def register_download(actor: Any, filters: audit_search.ManifestFilters, fmt: str) -> Response:
    """The manifest register for these filters as a streamed CSV or XLSX download."""
    sheet = registers.manifest_register_sheet(session=read_session(), actor=actor, filters=filters)
    chunks = sheets.csv_chunks(sheet) if fmt == "csv" else sheets.xlsx_chunks([sheet])
    return download(chunks, registers.export_filename("manifest-register", fmt))


def ledger_download(actor: Any, enterprise_id: int, section: str | None, start, end, fmt: str) -> Response:
    """An enterprise's ledger as a streamed download (CSV: one section; XLSX: one sheet per section)."""
    sections = [section] if section else None
    tables = registers.ledger_sheets(
        session=read_session(),
        actor=actor,
        enterprise_id=enterprise_id,
        sections=sections,
        start=start,
        end=end,
    )
    if fmt == "csv":
        if len(tables) != 1:
            raise InvalidInput(m.REGISTER_CSV_ONE_SECTION, details=[{"field": "section"}])
        return download(
            sheets.csv_chunks(tables[0]), registers.export_filename(f"ledger-{enterprise_id}-{section}", fmt)
        )
    return download(sheets.xlsx_chunks(tables), registers.export_filename(f"ledger-{enterprise_id}", fmt))


@bp.get("/registers/manifests")
@spec.validate(
    query=RegisterQuery, resp=SpecResponse("HTTP_200", **error_responses(400, 401, 403)), tags=["registers"]
)
def manifest_register(query: RegisterQuery) -> Any:
    """The manifest register (one row per manifest) for the search filters, as CSV or XLSX."""
    return register_download(current_api_actor(), filters_from_request(), query.format)


@bp.get("/enterprises/<int:enterprise_id>/ledger")
@spec.validate(
    query=LedgerQuery,
    resp=SpecResponse("HTTP_200", **error_responses(400, 401, 403, 404)),
    tags=["registers"],
)
def enterprise_ledger(enterprise_id: int, query: LedgerQuery) -> Any:
    """An enterprise's hazardous-waste ledger (HJ 1259 sections) as CSV or XLSX."""
    return ledger_download(
        current_api_actor(), enterprise_id, query.section, query.start, query.end, query.format
    )


@bp.get("/transport-legs")
@spec.validate(
    query=TransportLegQuery,
    resp=SpecResponse(HTTP_200=TransportLegList, **error_responses(400, 401, 403)),
    tags=["transport-legs"],
)
def transport_legs(query: TransportLegQuery) -> Any:
    """Transport legs the caller may see (the transport department and the park committee: all)."""
    rows = custody_reads.list_transport_legs(
        read_session(),
        current_api_actor(),
        carrier_id=query.carrier_id,
        after=decode_cursor(query.cursor),
        limit=query.limit + 1,
    )
    items, next_cursor = page(rows, query.limit, TransportLegOut.model_validate, lambda r: r.leg.id)
    return TransportLegList(items=items, next_cursor=next_cursor)
