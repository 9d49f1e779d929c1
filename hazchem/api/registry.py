"""API resources: departments, licence types, the responsibility matrix, enterprises and coverage."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from pydantic import ValidationError
from spectree import Response

from hazchem.api import messages
from hazchem.api.paging import decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import kg_in
from hazchem.api.schemas.registry import (
    CellChange,
    CellIn,
    CellOut,
    CoverageOut,
    CoverageQuery,
    DepartmentCreate,
    DepartmentList,
    DepartmentOut,
    DepartmentUpdate,
    DutyOut,
    EnterpriseCreate,
    EnterpriseList,
    EnterpriseOut,
    EnterpriseQuery,
    EnterpriseUpdate,
    LicenceTypeCreate,
    LicenceTypeDetail,
    LicenceTypeList,
    LicenceTypeOut,
    MatrixOut,
)
from hazchem.appctx import db_session
from hazchem.domain import licensing
from hazchem.domain.errors import InvalidInput
from hazchem.domain.identifiers import validate_waste_code
from hazchem.services import registry
from hazchem.services.platform import park_today

bp = Blueprint("registry", __name__, url_prefix="/api/v1")

# --- Departments ---------------------------------------------------------------------------------


@bp.get("/departments")
@spec.validate(resp=Response(HTTP_200=DepartmentList, **error_responses(401)), tags=["departments"])
def list_departments() -> Any:
    """List the park's regulator departments."""
    rows = registry.list_departments(session=db_session(), actor=current_api_actor())
    return DepartmentList(items=[DepartmentOut.model_validate(d) for d in rows])


@bp.post("/departments")
@spec.validate(
    json=DepartmentCreate,
    resp=Response(HTTP_201=DepartmentOut, **error_responses(400, 401, 403, 409)),
    tags=["departments"],
)
def create_department(json: DepartmentCreate) -> Any:
    """Add a regulator department (park administrators)."""
    session, actor = db_session(), current_api_actor()
    park_id = registry.resolve_park(session, actor, json.park_id).id
    department = registry.create_department(
        session=session, actor=actor, park_id=park_id, kind=json.kind, name=json.name, name_en=json.name_en
    )
    return DepartmentOut.model_validate(department), 201


@bp.patch("/departments/<int:department_id>")
@spec.validate(
    json=DepartmentUpdate,
    resp=Response(HTTP_200=DepartmentOut, **error_responses(400, 401, 403, 404, 409)),
    tags=["departments"],
)
def update_department(department_id: int, json: DepartmentUpdate) -> Any:
    """Rename a department (park administrators)."""
    session, actor = db_session(), current_api_actor()
    current = registry.get_department(session=session, actor=actor, department_id=department_id)
    department = registry.update_department(
        session=session,
        actor=actor,
        department_id=department_id,
        name=json.name if json.name is not None else current.name,
        name_en=json.name_en if json.name_en is not None else current.name_en,
    )
    return DepartmentOut.model_validate(department)


# --- Licence types and the responsibility matrix -------------------------------------------------


@bp.get("/licence-types")
@spec.validate(resp=Response(HTTP_200=LicenceTypeList, **error_responses(401)), tags=["licence-types"])
def list_licence_types() -> Any:
    """List the licence types with issuing department kind, legal basis and scope kind."""
    rows = registry.list_licence_types(session=db_session(), actor=current_api_actor())
    return LicenceTypeList(items=[LicenceTypeOut.model_validate(t) for t in rows])


@bp.get("/licence-types/<int:licence_type_id>")
@spec.validate(resp=Response(HTTP_200=LicenceTypeDetail, **error_responses(401, 404)), tags=["licence-types"])
def get_licence_type(licence_type_id: int) -> Any:
    """Show a licence type and the departments that issue or supervise it."""
    session, actor = db_session(), current_api_actor()
    licence_type = registry.get_licence_type(session=session, actor=actor, licence_type_id=licence_type_id)
    matrix = registry.responsibility_matrix(session=session, actor=actor)
    duties = [
        DutyOut(department_id=d, duty=duty) for d, t, duty in sorted(matrix.cells) if t == licence_type_id
    ]
    return LicenceTypeDetail(
        **LicenceTypeOut.model_validate(licence_type).model_dump(), responsibilities=duties
    )


@bp.post("/licence-types")
@spec.validate(
    json=LicenceTypeCreate,
    resp=Response(HTTP_201=LicenceTypeOut, **error_responses(400, 401, 403, 409)),
    tags=["licence-types"],
)
def create_licence_type(json: LicenceTypeCreate) -> Any:
    """Define a licence type (park administrators)."""
    licence_type = registry.create_licence_type(
        session=db_session(), actor=current_api_actor(), **json.model_dump()
    )
    return LicenceTypeOut.model_validate(licence_type), 201


@bp.get("/responsibilities")
@spec.validate(resp=Response(HTTP_200=MatrixOut, **error_responses(401)), tags=["responsibilities"])
def get_responsibilities() -> Any:
    """Show the responsibility matrix: which department issues or supervises which licence type."""
    matrix = registry.responsibility_matrix(session=db_session(), actor=current_api_actor())
    return MatrixOut(
        departments=[DepartmentOut.model_validate(d) for d in matrix.departments],
        licence_types=[LicenceTypeOut.model_validate(t) for t in matrix.licence_types],
        cells=[CellOut(department_id=d, licence_type_id=t, duty=duty) for d, t, duty in sorted(matrix.cells)],
    )


def _set_cell(cell: CellIn, assigned: bool) -> CellChange:
    changed = registry.set_responsibility(
        session=db_session(),
        actor=current_api_actor(),
        department_id=cell.department_id,
        licence_type_id=cell.licence_type_id,
        duty=cell.duty,
        assigned=assigned,
    )
    return CellChange(**cell.model_dump(), assigned=assigned, changed=changed)


@bp.put("/responsibilities")
@spec.validate(
    json=CellIn,
    resp=Response(HTTP_200=CellChange, **error_responses(400, 401, 403, 404)),
    tags=["responsibilities"],
)
def assign_responsibility(json: CellIn) -> Any:
    """Assign a duty to a department for a licence type (park administrators; idempotent)."""
    return _set_cell(json, assigned=True)


@bp.delete("/responsibilities")
@spec.validate(
    json=CellIn,
    resp=Response(HTTP_200=CellChange, **error_responses(400, 401, 403, 404)),
    tags=["responsibilities"],
)
def remove_responsibility(json: CellIn) -> Any:
    """Remove a duty of a department for a licence type (park administrators; idempotent)."""
    # spectree does not read bodies of DELETE requests, so this one is validated here.
    return _set_cell(json or parse_body(CellIn), assigned=False)


def parse_body(model: type[Any]) -> Any:
    """Validate the JSON body against `model` where spectree does not (DELETE requests)."""
    try:
        return model.model_validate(request.get_json(silent=True) or {})
    except ValidationError as exc:
        raise InvalidInput(
            messages.SCHEMA_MISMATCH,
            details=[
                {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                for e in exc.errors()
            ],
        ) from None


# --- Enterprises ---------------------------------------------------------------------------------


@bp.get("/enterprises")
@spec.validate(
    query=EnterpriseQuery,
    resp=Response(HTTP_200=EnterpriseList, **error_responses(400, 401)),
    tags=["enterprises"],
)
def list_enterprises(query: EnterpriseQuery) -> Any:
    """List the enterprises the caller may see, by name/USCC text and role."""
    rows = registry.list_enterprises(
        session=db_session(),
        actor=current_api_actor(),
        q=query.q or None,
        role=query.role,
        after=decode_cursor(query.cursor),
        limit=query.limit + 1,
    )
    items, next_cursor = page(rows, query.limit, EnterpriseOut.model_validate, lambda e: e.id)
    return EnterpriseList(items=items, next_cursor=next_cursor)


@bp.get("/enterprises/<int:enterprise_id>")
@spec.validate(resp=Response(HTTP_200=EnterpriseOut, **error_responses(401, 404)), tags=["enterprises"])
def get_enterprise(enterprise_id: int) -> Any:
    """Show an enterprise the caller may see."""
    enterprise = registry.get_enterprise(
        session=db_session(), actor=current_api_actor(), enterprise_id=enterprise_id
    )
    return EnterpriseOut.model_validate(enterprise)


@bp.post("/enterprises")
@spec.validate(
    json=EnterpriseCreate,
    resp=Response(HTTP_201=EnterpriseOut, **error_responses(400, 401, 403, 409)),
    tags=["enterprises"],
)
def create_enterprise(json: EnterpriseCreate) -> Any:
    """Register an enterprise with a validated USCC (park administrators)."""
    session, actor = db_session(), current_api_actor()
    data = json.model_dump(exclude={"park_id"})
    park_id = registry.resolve_park(session, actor, json.park_id).id
    enterprise = registry.create_enterprise(session=session, actor=actor, park_id=park_id, **data)
    return EnterpriseOut.model_validate(enterprise), 201


@bp.patch("/enterprises/<int:enterprise_id>")
@spec.validate(
    json=EnterpriseUpdate,
    resp=Response(HTTP_200=EnterpriseOut, **error_responses(400, 401, 403, 404, 409)),
    tags=["enterprises"],
)
def update_enterprise(enterprise_id: int, json: EnterpriseUpdate) -> Any:
    """Change an enterprise (administrators anything; its own EHS officer only the contact fields)."""
    enterprise = registry.update_enterprise(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=enterprise_id,
        **json.model_dump(exclude_unset=True),
    )
    return EnterpriseOut.model_validate(enterprise)


def coverage_subject(query: CoverageQuery) -> licensing.Subject:
    """The one subject a coverage query names (waste code, chemical or DG class), or None."""
    given = [
        name for name in ("waste_code", "chemical_id", "dg_class") if getattr(query, name) not in (None, "")
    ]
    if len(given) > 1:
        raise InvalidInput(
            messages.ONE_SUBJECT,
            details=[{"field": name} for name in given],
        )
    if query.waste_code:
        return licensing.WasteSubject(
            waste_code=validate_waste_code(query.waste_code),
            mode=query.mode,
            method_code=(query.method or "").upper() or None,
        )
    if query.mode or query.method:
        raise InvalidInput(messages.MODE_NEEDS_WASTE_CODE, details=[{"field": "waste_code"}])
    if query.chemical_id is not None:
        return licensing.ChemicalSubject(
            chemical_id=query.chemical_id, quantity_kg=kg_in(query.quantity_t, "quantity_t")
        )
    if query.quantity_t:
        raise InvalidInput(messages.QUANTITY_NEEDS_CHEMICAL, details=[{"field": "chemical_id"}])
    if query.dg_class:
        return licensing.TransportSubject(dg_class=query.dg_class)
    return None


@bp.get("/enterprises/<int:enterprise_id>/coverage")
@spec.validate(
    query=CoverageQuery,
    resp=Response(HTTP_200=CoverageOut, **error_responses(400, 401, 404)),
    tags=["enterprises", "licences"],
)
def enterprise_coverage(enterprise_id: int, query: CoverageQuery) -> Any:
    """Tell whether the enterprise holds a valid licence of a type covering a subject on a date."""
    coverage = registry.coverage_for(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=enterprise_id,
        type_code=query.type,
        on=query.on or park_today(current_api_actor()),
        subject=coverage_subject(query),
    )
    return CoverageOut.model_validate(coverage)
