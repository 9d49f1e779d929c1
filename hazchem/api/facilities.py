"""API resources: facilities with their capacities, and carriers' vehicles and drivers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.paging import after_in_memory, decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.base import kg_in
from hazchem.api.schemas.carriers import (
    CarrierQuery,
    DriverCreate,
    DriverList,
    DriverOut,
    VehicleCreate,
    VehicleList,
    VehicleOut,
)
from hazchem.api.schemas.facilities import (
    FacilityChemicalIn,
    FacilityChemicalOut,
    FacilityCreate,
    FacilityDetail,
    FacilityList,
    FacilityOut,
    FacilityQuery,
)
from hazchem.appctx import db_session
from hazchem.services import registry

bp = Blueprint("facilities", __name__, url_prefix="/api/v1")


@bp.get("/facilities")
@spec.validate(
    query=FacilityQuery,
    resp=Response(HTTP_200=FacilityList, **error_responses(400, 401, 403)),
    tags=["facilities"],
)
def list_facilities(query: FacilityQuery) -> Any:
    """List the facilities the caller may see."""
    rows = registry.list_facilities(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=query.enterprise_id,
        kind=query.kind,
        after=decode_cursor(query.cursor),
        limit=query.limit + 1,
    )
    items, next_cursor = page(rows, query.limit, FacilityOut.model_validate, lambda f: f.id)
    return FacilityList(items=items, next_cursor=next_cursor)


@bp.get("/facilities/<int:facility_id>")
@spec.validate(resp=Response(HTTP_200=FacilityDetail, **error_responses(401, 403, 404)), tags=["facilities"])
def get_facility(facility_id: int) -> Any:
    """Show a facility with its capacities and the catalogue entries it holds."""
    session, actor = db_session(), current_api_actor()
    facility = registry.get_facility(session=session, actor=actor, facility_id=facility_id)
    links = registry.facility_chemicals(session=session, actor=actor, facility_id=facility_id)
    return FacilityDetail(
        **FacilityOut.model_validate(facility).model_dump(),
        chemicals=[FacilityChemicalOut.model_validate(link) for link, _chemical in links],
    )


@bp.post("/facilities")
@spec.validate(
    json=FacilityCreate,
    resp=Response(HTTP_201=FacilityOut, **error_responses(400, 401, 403)),
    tags=["facilities"],
)
def create_facility(json: FacilityCreate) -> Any:
    """Register a facility with capacities in tonnes (administrators or the owner's EHS officer)."""
    facility = registry.create_facility(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=json.enterprise_id,
        name=json.name,
        kind=json.kind,
        location=json.location,
        storage_capacity_kg=kg_in(json.storage_capacity_t, "storage_capacity_t"),
        annual_capacity_kg=kg_in(json.annual_capacity_tpa, "annual_capacity_tpa"),
        daily_capacity_kg=kg_in(json.daily_capacity_tpd, "daily_capacity_tpd"),
        intake_rate_kg_per_day=kg_in(json.intake_rate_tpd, "intake_rate_tpd"),
    )
    return FacilityOut.model_validate(facility), 201


@bp.post("/facilities/<int:facility_id>/chemicals")
@spec.validate(
    json=FacilityChemicalIn,
    resp=Response(HTTP_201=FacilityChemicalOut, **error_responses(400, 401, 403, 404, 409)),
    tags=["facilities"],
)
def add_facility_chemical(facility_id: int, json: FacilityChemicalIn) -> Any:
    """Declare that a facility holds a catalogue entry, up to a maximum quantity in tonnes."""
    link = registry.add_facility_chemical(
        session=db_session(),
        actor=current_api_actor(),
        facility_id=facility_id,
        chemical_id=json.chemical_id,
        max_quantity_kg=kg_in(json.max_quantity_t, "max_quantity_t"),
    )
    return FacilityChemicalOut.model_validate(link), 201


@bp.get("/vehicles")
@spec.validate(
    query=CarrierQuery,
    resp=Response(HTTP_200=VehicleList, **error_responses(400, 401, 403)),
    tags=["carriers"],
)
def list_vehicles(query: CarrierQuery) -> Any:
    """List the dangerous-goods vehicles the caller may see."""
    rows = registry.list_vehicles(
        session=db_session(), actor=current_api_actor(), carrier_id=query.carrier_id
    )
    rows = after_in_memory(rows, decode_cursor(query.cursor), query.limit, lambda v: v.id)
    items, next_cursor = page(rows, query.limit, VehicleOut.model_validate, lambda v: v.id)
    return VehicleList(items=items, next_cursor=next_cursor)


@bp.post("/vehicles")
@spec.validate(
    json=VehicleCreate,
    resp=Response(HTTP_201=VehicleOut, **error_responses(400, 401, 403, 409)),
    tags=["carriers"],
)
def create_vehicle(json: VehicleCreate) -> Any:
    """Register a carrier's dangerous-goods vehicle (administrators or the carrier's EHS officer)."""
    vehicle = registry.create_vehicle(session=db_session(), actor=current_api_actor(), **json.model_dump())
    return VehicleOut.model_validate(vehicle), 201


@bp.get("/drivers")
@spec.validate(
    query=CarrierQuery,
    resp=Response(HTTP_200=DriverList, **error_responses(400, 401, 403)),
    tags=["carriers"],
)
def list_drivers(query: CarrierQuery) -> Any:
    """List the qualified drivers the caller may see."""
    rows = registry.list_drivers(session=db_session(), actor=current_api_actor(), carrier_id=query.carrier_id)
    rows = after_in_memory(rows, decode_cursor(query.cursor), query.limit, lambda d: d.id)
    items, next_cursor = page(rows, query.limit, DriverOut.model_validate, lambda d: d.id)
    return DriverList(items=items, next_cursor=next_cursor)


@bp.post("/drivers")
@spec.validate(
    json=DriverCreate,
    resp=Response(HTTP_201=DriverOut, **error_responses(400, 401, 403, 409)),
    tags=["carriers"],
)
def create_driver(json: DriverCreate) -> Any:
    """Register a carrier's qualified driver (administrators or the carrier's EHS officer)."""
    driver = registry.create_driver(session=db_session(), actor=current_api_actor(), **json.model_dump())
    return DriverOut.model_validate(driver), 201
