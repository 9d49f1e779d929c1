"""API resources: licences with their scope lines, status changes and expiry."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api import messages
from hazchem.api.paging import decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import kg_in
from hazchem.api.schemas.licences import (
    ExpiringQuery,
    LicenceCreate,
    LicenceList,
    LicenceOut,
    LicenceQuery,
    LicenceStatusChange,
    ScopeLineIn,
)
from hazchem.appctx import db_session
from hazchem.domain.errors import InvalidInput
from hazchem.services import chemicals, registry
from hazchem.services.platform import park_today
from hazchem.services.registry.messages import LINE_REFUSED

bp = Blueprint("licences", __name__, url_prefix="/api/v1")


@bp.get("/licences")
@spec.validate(
    query=LicenceQuery,
    resp=Response(HTTP_200=LicenceList, **error_responses(400, 401)),
    tags=["licences"],
)
def list_licences(query: LicenceQuery) -> Any:
    """List the licences the caller may see (own enterprise's, or the types its department handles)."""
    rows = registry.list_licences(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=query.enterprise_id,
        licence_type_id=query.licence_type_id,
        status=query.status,
        after=decode_cursor(query.cursor),
        limit=query.limit + 1,
    )
    today = park_today(current_api_actor())
    items, next_cursor = page(
        rows,
        query.limit,
        lambda v: LicenceOut.model_validate(v, context={"on": today}),
        lambda v: v.licence.id,
    )
    return LicenceList(items=items, next_cursor=next_cursor)


@bp.get("/licences/expiring")
@spec.validate(
    query=ExpiringQuery,
    resp=Response(HTTP_200=LicenceList, **error_responses(400, 401)),
    tags=["licences"],
)
def expiring_licences(query: ExpiringQuery) -> Any:
    """List licences in use that end within `within_days` of `on` (default 60 days from today)."""
    on = query.on or park_today(current_api_actor())
    rows = registry.expiring_licences(
        session=db_session(), actor=current_api_actor(), on=on, within_days=query.within_days
    )
    return LicenceList(items=[LicenceOut.model_validate(v, context={"on": on}) for v in rows])


@bp.get("/licences/<int:licence_id>")
@spec.validate(resp=Response(HTTP_200=LicenceOut, **error_responses(401, 403, 404)), tags=["licences"])
def get_licence(licence_id: int) -> Any:
    """Show a licence with its scope lines and its standing today."""
    view = registry.get_licence(session=db_session(), actor=current_api_actor(), licence_id=licence_id)
    return LicenceOut.model_validate(view, context={"on": park_today(current_api_actor())})


def scope_lines(lines: list[ScopeLineIn]) -> list[registry.ScopeLineInput]:
    """Turn submitted lines into service input: tonnes to kilograms, a CAS number to its entry."""
    result = []
    for index, line in enumerate(lines):
        try:
            chemical_id = line.chemical_id
            if line.cas is not None:
                if chemical_id is not None:
                    raise InvalidInput(messages.CHEMICAL_OR_CAS, details=[{"field": "cas"}])
                chemical_id = chemicals.chemical_for_cas(session=db_session(), cas=line.cas).id
            result.append(
                registry.ScopeLineInput(
                    kind=line.kind,
                    waste_category=line.waste_category or None,
                    waste_code=line.waste_code or None,
                    modes=tuple(line.modes),
                    method_codes=tuple(line.method_codes),
                    annual_scale_kg=kg_in(line.annual_scale_tpa, "annual_scale_tpa"),
                    chemical_id=chemical_id,
                    max_quantity_kg=kg_in(line.max_quantity_t, "max_quantity_t"),
                    dg_class=line.dg_class or None,
                )
            )
        except InvalidInput as exc:
            raise InvalidInput(
                LINE_REFUSED,
                line=index + 1,
                reason=exc.said,
                details=[{"line": index + 1, **d} for d in exc.details],
            ) from None
    return result


@bp.post("/licences")
@spec.validate(
    json=LicenceCreate,
    resp=Response(HTTP_201=LicenceOut, **error_responses(400, 401, 403, 404, 409, 422)),
    tags=["licences"],
)
def create_licence(json: LicenceCreate) -> Any:
    """Record a licence with its scope lines (park administrators, or the issuing department)."""
    view = registry.create_licence(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=json.enterprise_id,
        licence_type_id=json.licence_type_id,
        number=json.number,
        valid_from=json.valid_from,
        valid_to=json.valid_to,
        issuer_department_id=json.issuer_department_id,
        lines=scope_lines(json.lines),
        note=json.note,
        status=json.status,
    )
    return LicenceOut.model_validate(view, context={"on": park_today(current_api_actor())}), 201


@bp.post("/licences/<int:licence_id>/status")
@spec.validate(
    json=LicenceStatusChange,
    resp=Response(HTTP_200=LicenceOut, **error_responses(400, 401, 403, 404, 409)),
    tags=["licences"],
)
def change_licence_status(licence_id: int, json: LicenceStatusChange) -> Any:
    """Suspend, reinstate, revoke or expire a licence, with a reason (admins or the issuing department)."""
    view = registry.change_licence_status(
        session=db_session(),
        actor=current_api_actor(),
        licence_id=licence_id,
        status=json.status,
        reason=json.reason,
    )
    return LicenceOut.model_validate(view, context={"on": park_today(current_api_actor())})
