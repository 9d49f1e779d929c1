"""API resources: storage units, stock movements (with discards), major hazards, controlled holdings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.paging import after_in_memory, decode_cursor, encode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import kg_in, tonnes_out
from hazchem.api.schemas.chemicals import (
    CriticalQuantityIn,
    CriticalQuantityOut,
    ExposedPeopleIn,
    ExposedPeopleOut,
    FacilityStatusOut,
    HoldingList,
    HoldingOut,
    MajorHazardList,
    MajorHazardOut,
    MajorHazardQuery,
    MovementCreate,
    MovementList,
    MovementOut,
    MovementQuery,
    MovementResultOut,
    StockLineOut,
    StorageUnitCreate,
    StorageUnitList,
    StorageUnitOut,
    StorageUnitQuery,
    UnitStockOut,
    UnknownQuantityOut,
)
from hazchem.appctx import db_session
from hazchem.domain import chemicals as rules
from hazchem.domain.errors import InvalidInput
from hazchem.services import chemicals
from hazchem.services.chemicals import messages as msg

bp = Blueprint("chemicals", __name__, url_prefix="/api/v1")


@bp.get("/storage-units")
@spec.validate(
    query=StorageUnitQuery,
    resp=Response(HTTP_200=StorageUnitList, **error_responses(400, 401, 403)),
    tags=["chemical stock"],
)
def list_storage_units(query: StorageUnitQuery) -> Any:
    """List the storage units whose stock the caller may read."""
    rows = chemicals.list_units(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=query.enterprise_id,
        facility_id=query.facility_id,
    )
    rows = after_in_memory(
        sorted(rows, key=lambda u: u.id), decode_cursor(query.cursor), query.limit, lambda u: u.id
    )
    items, next_cursor = page(rows, query.limit, StorageUnitOut.model_validate, lambda u: u.id)
    return StorageUnitList(items=items, next_cursor=next_cursor)


@bp.post("/storage-units")
@spec.validate(
    json=StorageUnitCreate,
    resp=Response(HTTP_201=StorageUnitOut, **error_responses(400, 401, 403, 409)),
    tags=["chemical stock"],
)
def create_storage_unit(json: StorageUnitCreate) -> Any:
    """Add a tank or warehouse area to one of the enterprise's facilities (its EHS officers)."""
    unit = chemicals.create_storage_unit(
        session=db_session(),
        actor=current_api_actor(),
        facility_id=json.facility_id,
        name=json.name,
        kind=json.kind,
        capacity_kg=kg_in(json.capacity_t, "capacity_t"),
    )
    return StorageUnitOut.model_validate(unit), 201


@bp.get("/storage-units/<int:unit_id>/stock")
@spec.validate(
    resp=Response(HTTP_200=UnitStockOut, **error_responses(401, 403, 404)), tags=["chemical stock"]
)
def get_unit_stock(unit_id: int) -> Any:
    """What a storage unit holds now, by chemical."""
    session, actor = db_session(), current_api_actor()
    unit = chemicals.get_unit(session=session, actor=actor, unit_id=unit_id)
    lines = chemicals.unit_stock(session=session, actor=actor, unit_id=unit_id)
    return UnitStockOut(
        unit=StorageUnitOut.model_validate(unit),
        items=[
            StockLineOut(
                chemical_id=x.chemical.id,
                chemical=x.chemical.name,
                quantity_t=tonnes_out(x.quantity_kg) or "0",
            )
            for x in lines
        ],
    )


@bp.get("/stock-movements")
@spec.validate(
    query=MovementQuery,
    resp=Response(HTTP_200=MovementList, **error_responses(400, 401, 403)),
    tags=["chemical stock"],
)
def list_stock_movements(query: MovementQuery) -> Any:
    """The stock ledger, newest first, paged by cursor."""
    result = chemicals.list_movements(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=query.enterprise_id,
        unit_id=query.unit_id,
        chemical_id=query.chemical_id,
        before=decode_cursor(query.cursor),
        limit=query.limit,
    )
    return MovementList(
        items=[MovementOut.model_validate(m) for m in result.items],
        next_cursor=encode_cursor(result.next_before) if result.next_before else None,
    )


@bp.post("/stock-movements")
@spec.validate(
    json=MovementCreate,
    resp=Response(HTTP_201=MovementResultOut, **error_responses(400, 401, 403, 422)),
    tags=["chemical stock"],
)
def create_stock_movement(json: MovementCreate) -> Any:
    """Record a movement after the permit, licence, capacity and segregation checks; a discard
    creates the labelled waste container (its digital ID is returned)."""
    quantity = kg_in(json.quantity_t, "quantity_t")
    if not quantity:
        raise InvalidInput(msg.QUANTITY_T_POSITIVE, details=[{"field": "quantity_t"}])
    discard = None
    if json.kind == rules.MovementKind.DISCARD.value:
        discard = chemicals.DiscardInput(
            packaging=json.packaging, volume_l=json.volume_l or 0, form=json.form, waste_code=json.waste_code
        )
    result = chemicals.record_movement(
        session=db_session(),
        actor=current_api_actor(),
        kind=json.kind,
        unit_id=json.unit_id,
        chemical_id=json.chemical_id,
        quantity_kg=quantity,
        to_unit_id=json.to_unit_id,
        supplier=json.supplier,
        note=json.note,
        discard=discard,
    )
    return (
        MovementResultOut(
            movement=MovementOut.model_validate(result.movement),
            facilities=[
                FacilityStatusOut(
                    facility_id=h.facility_id,
                    stock_t=tonnes_out(h.stock_kg) or "0",
                    ratio=rules.ratio_text(h.ratio_ppb),
                    major_hazard=h.major_hazard,
                )
                for h in result.hazards
            ],
            container_digital_id=result.container.digital_id if result.container else None,
            crossings=[{"facility_id": f, "direction": c} for f, c in result.crossings],
        ),
        201,
    )


@bp.get("/major-hazards")
@spec.validate(
    query=MajorHazardQuery,
    resp=Response(HTTP_200=MajorHazardList, **error_responses(400, 401, 403)),
    tags=["chemical stock"],
)
def list_major_hazards(query: MajorHazardQuery) -> Any:
    """Facilities by GB 18218 Σq/Q with contributing substances and open alerts (emergency management)."""
    session, actor = db_session(), current_api_actor()
    views = chemicals.major_hazards(session=session, actor=actor, only_major=query.only_major)
    return MajorHazardList(
        items=[MajorHazardOut.model_validate(v) for v in views],
        unknown_quantities=[
            UnknownQuantityOut.model_validate(u)
            for u in chemicals.unknown_quantities(session=session, actor=actor)
        ],
    )


@bp.put("/chemicals/<int:chemical_id>/critical-quantity")
@spec.validate(
    json=CriticalQuantityIn,
    resp=Response(HTTP_200=CriticalQuantityOut, **error_responses(400, 401, 403, 404)),
    tags=["chemical stock"],
)
def put_critical_quantity(chemical_id: int, json: CriticalQuantityIn) -> Any:
    """Enter or correct a GB 18218 critical quantity with its source; holding facilities are recounted."""
    chemical = chemicals.set_critical_quantity(
        session=db_session(),
        actor=current_api_actor(),
        chemical_id=chemical_id,
        critical_quantity_kg=kg_in(json.critical_quantity_t, "critical_quantity_t"),
        source=json.source,
        categories=json.categories,
    )
    return CriticalQuantityOut.model_validate(chemical)


@bp.put("/facilities/<int:facility_id>/exposed-people")
@spec.validate(
    json=ExposedPeopleIn,
    resp=Response(HTTP_200=ExposedPeopleOut, **error_responses(400, 401, 403, 404)),
    tags=["chemical stock"],
)
def put_exposed_people(facility_id: int, json: ExposedPeopleIn) -> Any:
    """Enter the people outside the plant within 500 m a facility may expose (GB 18218 α)."""
    facility = chemicals.set_exposed_people(
        session=db_session(), actor=current_api_actor(), facility_id=facility_id, people=json.people
    )
    return ExposedPeopleOut.model_validate(facility)


@bp.get("/controlled-holdings")
@spec.validate(resp=Response(HTTP_200=HoldingList, **error_responses(401, 403)), tags=["chemical stock"])
def list_controlled_holdings() -> Any:
    """Every enterprise's 剧毒 and 易制爆 stock (public security)."""
    rows = chemicals.controlled_holdings(session=db_session(), actor=current_api_actor())
    return HoldingList(
        items=[
            HoldingOut(
                enterprise_id=h.enterprise.id,
                enterprise=h.enterprise.name,
                chemical_id=h.chemical.id,
                chemical=h.chemical.name,
                highly_toxic=h.chemical.highly_toxic,
                explosive_precursor=h.chemical.explosive_precursor,
                quantity_t=tonnes_out(h.quantity_kg) or "0",
            )
            for h in rows
        ]
    )
