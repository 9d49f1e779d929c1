"""API resources: the chemicals catalogue, the waste list, method codes and catalogue editions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.catalogues import (
    AmendmentIn,
    AmendmentList,
    AmendmentOut,
    CatalogueEditionList,
    CatalogueEditionOut,
    ChemicalDetail,
    ChemicalList,
    ChemicalOut,
    ChemicalSearchQuery,
    EditionQuery,
    ListedEntryList,
    ListedEntryOut,
    ListedOnQuery,
    TreatmentMethodList,
    TreatmentMethodOut,
    WasteCategoryList,
    WasteCategoryOut,
    WasteCodeDetail,
    WasteCodeList,
    WasteCodeOut,
    WasteCodeQuery,
)
from hazchem.api.schemas.facilities import FacilityOut
from hazchem.api.schemas.licences import LicenceOut
from hazchem.appctx import db_session
from hazchem.services import lists
from hazchem.services.chemicals import catalogue
from hazchem.services.platform import park_today

bp = Blueprint("catalogue", __name__, url_prefix="/api/v1")


@bp.get("/chemicals")
@spec.validate(
    query=ChemicalSearchQuery,
    resp=Response(HTTP_200=ChemicalList, **error_responses(400, 401)),
    tags=["catalogue"],
)
def search_chemicals(query: ChemicalSearchQuery) -> Any:
    """Search the hazardous-chemicals catalogue by name, alias, English name or CAS number."""
    rows = catalogue.search_chemicals(
        session=db_session(), q=query.q, edition=query.edition or None, limit=query.limit
    )
    return ChemicalList(items=[ChemicalOut.model_validate(c) for c in rows])


@bp.get("/chemicals/<int:chemical_id>")
@spec.validate(resp=Response(HTTP_200=ChemicalDetail, **error_responses(401, 404)), tags=["catalogue"])
def get_chemical(chemical_id: int) -> Any:
    """Show a catalogue entry with the licences and facilities (visible to the caller) referring to it."""
    view = catalogue.get_chemical(session=db_session(), actor=current_api_actor(), chemical_id=chemical_id)
    today = park_today(current_api_actor())
    return ChemicalDetail(
        **ChemicalOut.model_validate(view.chemical).model_dump(),
        licences=[LicenceOut.model_validate(v, context={"on": today}) for v in view.licences],
        facilities=[FacilityOut.model_validate(f) for f in view.facilities],
    )


@bp.get("/waste-codes")
@spec.validate(
    query=WasteCodeQuery,
    resp=Response(HTTP_200=WasteCodeList, **error_responses(400, 401)),
    tags=["catalogue"],
)
def search_waste_codes(query: WasteCodeQuery) -> Any:
    """Search the National Hazardous Waste List by code or description, by edition and category."""
    rows = catalogue.search_waste_codes(
        session=db_session(),
        q=query.q,
        edition=query.edition or None,
        category=query.category or None,
        limit=query.limit,
    )
    return WasteCodeList(items=[WasteCodeOut.model_validate(w) for w in rows])


@bp.get("/waste-codes/<int:waste_code_id>")
@spec.validate(resp=Response(HTTP_200=WasteCodeDetail, **error_responses(401, 404)), tags=["catalogue"])
def get_waste_code(waste_code_id: int) -> Any:
    """Show a waste code with its category and the licences (visible to the caller) covering it."""
    view = catalogue.get_waste_code(
        session=db_session(), actor=current_api_actor(), waste_code_id=waste_code_id
    )
    today = park_today(current_api_actor())
    return WasteCodeDetail(
        **WasteCodeOut.model_validate(view.waste_code).model_dump(),
        waste_category=None if view.category is None else WasteCategoryOut.model_validate(view.category),
        licences=[LicenceOut.model_validate(v, context={"on": today}) for v in view.licences],
    )


@bp.get("/waste-categories")
@spec.validate(
    query=EditionQuery,
    resp=Response(HTTP_200=WasteCategoryList, **error_responses(400, 401)),
    tags=["catalogue"],
)
def list_waste_categories(query: EditionQuery) -> Any:
    """List the HW categories of the waste list (one edition, or all)."""
    rows = catalogue.list_waste_categories(session=db_session(), edition=query.edition or None)
    return WasteCategoryList(items=[WasteCategoryOut.model_validate(c) for c in rows])


@bp.get("/treatment-methods")
@spec.validate(resp=Response(HTTP_200=TreatmentMethodList, **error_responses(401)), tags=["catalogue"])
def list_treatment_methods() -> Any:
    """List the utilisation and disposal method codes (R, D, C)."""
    rows = catalogue.list_methods(session=db_session())
    return TreatmentMethodList(items=[TreatmentMethodOut.model_validate(m) for m in rows])


@bp.get("/catalogue-editions")
@spec.validate(resp=Response(HTTP_200=CatalogueEditionList, **error_responses(401)), tags=["catalogue"])
def list_catalogue_editions() -> Any:
    """List the catalogue editions loaded and when they took effect."""
    rows = catalogue.list_editions(session=db_session())
    return CatalogueEditionList(items=[CatalogueEditionOut.model_validate(e) for e in rows])


@bp.get("/chemicals/serial/<int:serial>")
@spec.validate(
    query=ListedOnQuery,
    resp=Response(HTTP_200=ListedEntryList, **error_responses(400, 401)),
    tags=["catalogue"],
)
def chemicals_listed_on(serial: int, query: ListedOnQuery) -> Any:
    """The entries under a serial as the catalogue, amended by the notices in force, listed them on a day."""
    on = query.on or park_today(current_api_actor())
    rows = lists.entries_on(session=db_session(), serial=serial, on=on, edition=query.edition)
    return ListedEntryList(on=on, items=[ListedEntryOut.model_validate(r) for r in rows])


@bp.get("/catalogue-amendments")
@spec.validate(
    query=EditionQuery,
    resp=Response(HTTP_200=AmendmentList, **error_responses(400, 401)),
    tags=["catalogue"],
)
def list_catalogue_amendments(query: EditionQuery) -> Any:
    """Every recorded amendment of a catalogue edition, by effective date."""
    rows = lists.list_amendments(session=db_session(), edition=query.edition or "2015")
    return AmendmentList(items=[AmendmentOut.model_validate(r) for r in rows])


@bp.post("/catalogue-amendments")
@spec.validate(
    json=AmendmentIn,
    resp=Response(HTTP_201=AmendmentOut, **error_responses(400, 401, 403, 404, 409)),
    tags=["catalogue"],
)
def create_catalogue_amendment(json: AmendmentIn) -> Any:
    """Record a notice's change, addition or removal of an entry, with its source (emergency management)."""
    row = lists.record_amendment(session=db_session(), actor=current_api_actor(), **json.model_dump())
    return AmendmentOut.model_validate(row), 201
