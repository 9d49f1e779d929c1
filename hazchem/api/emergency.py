"""API resources: emergency plans (versions, organisation, notification tree, the PDF) and emergency
resources (with inspections and the nearest ones to a place)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.paging import after_in_memory, decode_cursor, page
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.emergency import (
    ContactIn,
    ContactList,
    ContactOut,
    DrillIn,
    FileIn,
    InspectionIn,
    NearbyList,
    NearbyOut,
    NearestQuery,
    PlanCreate,
    PlanDetail,
    PlanList,
    PlanOut,
    PlanQuery,
    PlanRevise,
    PlanUpdate,
    PutInForce,
    ResourceCreate,
    ResourceDetail,
    ResourceList,
    ResourceOut,
    ResourceQuery,
    ResourceUpdate,
    ReviewIn,
    RuleIn,
    RuleList,
    RuleOut,
    RuleQuery,
)
from hazchem.appctx import db_session, download
from hazchem.domain.errors import InvalidInput
from hazchem.services import emergency
from hazchem.services.emergency import messages as msg
from hazchem.services.platform import park_today
from hazchem.services.registry.parks import resolve_park

bp = Blueprint("emergency", __name__, url_prefix="/api/v1")

PLANS = ["emergency-plans"]
RESOURCES = ["emergency-resources"]


def _detail(plan_id: int) -> PlanDetail:
    view = emergency.plan_view(session=db_session(), actor=current_api_actor(), plan_id=plan_id)
    return PlanDetail(
        **PlanOut.model_validate(view.plan).model_dump(),
        contacts=[ContactOut.model_validate(c) for c in view.contacts],
        rules=[RuleOut.model_validate(r) for r in view.rules],
        versions=[p.id for p in view.versions],
        editable=view.editable,
    )


def _grades(items: list[Any] | None) -> list[dict[str, str]] | None:
    return None if items is None else [{"grade": g.grade.value, "criteria": g.criteria} for g in items]


@bp.get("/emergency-plans")
@spec.validate(
    query=PlanQuery, resp=Response(HTTP_200=PlanList, **error_responses(400, 401, 403)), tags=PLANS
)
def list_plans(query: PlanQuery) -> Any:
    """Emergency plans the caller reads: the park's, its own enterprise's, or its department's area."""
    rows = emergency.list_plans(
        session=db_session(),
        actor=current_api_actor(),
        enterprise_id=query.enterprise_id,
        park_only=query.park_only,
        kind=query.kind.value if query.kind else None,
        all_versions=query.all_versions,
    )
    rows = after_in_memory(
        sorted(rows, key=lambda p: p.id), decode_cursor(query.cursor), query.limit, lambda p: p.id
    )
    items, next_cursor = page(rows, query.limit, PlanOut.model_validate, lambda p: p.id)
    return PlanList(items=items, next_cursor=next_cursor)


@bp.get("/emergency-plans/<int:plan_id>")
@spec.validate(resp=Response(HTTP_200=PlanDetail, **error_responses(401, 403, 404)), tags=PLANS)
def get_plan(plan_id: int) -> Any:
    """One plan version with its organisation, notification tree and other versions."""
    return _detail(plan_id)


@bp.post("/emergency-plans")
@spec.validate(
    json=PlanCreate, resp=Response(HTTP_201=PlanDetail, **error_responses(400, 401, 403, 409)), tags=PLANS
)
def create_plan(json: PlanCreate) -> Any:
    """Start a plan as draft version 1 (the park's: administrator or emergency management; an
    enterprise's: its EHS officer)."""
    plan = emergency.create_plan(
        session=db_session(),
        actor=current_api_actor(),
        kind=json.kind.value,
        title=json.title,
        enterprise_id=json.enterprise_id,
        scope=json.scope,
        grades=_grades(json.grades) or [],
        next_review_due=json.next_review_due,
        next_drill_due=json.next_drill_due,
        last_drill_on=json.last_drill_on,
    )
    return _detail(plan.id), 201


@bp.patch("/emergency-plans/<int:plan_id>")
@spec.validate(
    json=PlanUpdate,
    resp=Response(HTTP_200=PlanDetail, **error_responses(400, 401, 403, 404, 409)),
    tags=PLANS,
)
def update_plan(plan_id: int, json: PlanUpdate) -> Any:
    """Change a draft version's text, grades or due dates."""
    emergency.update_plan(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        title=json.title,
        scope=json.scope,
        grades=_grades(json.grades),
        next_review_due=json.next_review_due,
        next_drill_due=json.next_drill_due,
    )
    return _detail(plan_id)


@bp.post("/emergency-plans/<int:plan_id>/versions")
@spec.validate(
    json=PlanRevise,
    resp=Response(HTTP_201=PlanDetail, **error_responses(400, 401, 403, 404, 409)),
    tags=PLANS,
)
def revise_plan(plan_id: int, json: PlanRevise) -> Any:
    """Make the next version of a plan as a draft, carrying over its organisation and notification tree."""
    plan = emergency.revise_plan(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        title=json.title,
        scope=json.scope,
        grades=_grades(json.grades),
    )
    return _detail(plan.id), 201


@bp.post("/emergency-plans/<int:plan_id>/in-force")
@spec.validate(
    json=PutInForce,
    resp=Response(HTTP_200=PlanDetail, **error_responses(400, 401, 403, 404, 409)),
    tags=PLANS,
)
def put_in_force(plan_id: int, json: PutInForce) -> Any:
    """Put a draft in force; the version in force before is superseded and kept."""
    emergency.put_in_force(
        session=db_session(), actor=current_api_actor(), plan_id=plan_id, effective_from=json.effective_from
    )
    return _detail(plan_id)


@bp.put("/emergency-plans/<int:plan_id>/file")
@spec.validate(
    json=FileIn, resp=Response(HTTP_200=PlanDetail, **error_responses(400, 401, 403, 404, 409)), tags=PLANS
)
def attach_file(plan_id: int, json: FileIn) -> Any:
    """Attach the plan's PDF (base64); its SHA-256 is kept. A version in force keeps its first file."""
    try:
        content = base64.b64decode(json.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(msg.FILE_NOT_BASE64, details=[{"field": "content_base64"}]) from None
    emergency.attach_file(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        file_name=json.file_name,
        content=content,
    )
    return _detail(plan_id)


@bp.get("/emergency-plans/<int:plan_id>/file")
@spec.validate(
    resp=Response(HTTP_200=(None, "the plan's PDF as application/pdf"), **error_responses(401, 403, 404)),
    tags=PLANS,
)
def get_file(plan_id: int) -> Any:
    """The plan version's attached PDF."""
    stored = emergency.plan_file(session=db_session(), actor=current_api_actor(), plan_id=plan_id)
    response = download(stored.content, f"emergency-plan-{plan_id}.pdf", no_store=True)
    response.headers["X-Content-SHA256"] = stored.sha256
    return response


@bp.get("/emergency-plans/<int:plan_id>/contacts")
@spec.validate(resp=Response(HTTP_200=ContactList, **error_responses(401, 403, 404)), tags=PLANS)
def list_contacts(plan_id: int) -> Any:
    """The named people of the plan's organisation."""
    rows = emergency.plan_contacts(session=db_session(), actor=current_api_actor(), plan_id=plan_id)
    return ContactList(items=[ContactOut.model_validate(c) for c in rows])


@bp.post("/emergency-plans/<int:plan_id>/contacts")
@spec.validate(
    json=ContactIn, resp=Response(HTTP_201=ContactOut, **error_responses(400, 401, 403, 404, 409)), tags=PLANS
)
def add_contact(plan_id: int, json: ContactIn) -> Any:
    """Name a person in a unit of the plan's organisation."""
    contact = emergency.add_contact(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        unit=json.unit.value,
        name=json.name,
        role=json.role,
        phone=json.phone,
        department_id=json.department_id,
        enterprise_id=json.enterprise_id,
    )
    return ContactOut.model_validate(contact), 201


@bp.get("/emergency-plans/<int:plan_id>/notification-rules")
@spec.validate(
    query=RuleQuery, resp=Response(HTTP_200=RuleList, **error_responses(400, 401, 403, 404)), tags=PLANS
)
def list_rules(plan_id: int, query: RuleQuery) -> Any:
    """The plan's notification tree, or one grade's part of it."""
    session, actor = db_session(), current_api_actor()
    if query.grade is None:
        rows = emergency.plan_rules(session=session, actor=actor, plan_id=plan_id)
    else:
        plan = emergency.get_plan(session=session, actor=actor, plan_id=plan_id)
        rows = emergency.notification_rules_for(session, plan, query.grade.value)
    return RuleList(items=[RuleOut.model_validate(r) for r in rows])


@bp.post("/emergency-plans/<int:plan_id>/notification-rules")
@spec.validate(
    json=RuleIn, resp=Response(HTTP_201=RuleOut, **error_responses(400, 401, 403, 404, 409)), tags=PLANS
)
def add_rule(plan_id: int, json: RuleIn) -> Any:
    """Add an edge of the notification tree."""
    rule = emergency.add_notification_rule(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        grade=json.grade.value,
        notifier=json.notifier,
        within_minutes=json.within_minutes,
        notified_department_id=json.notified_department_id,
        notified_contact_id=json.notified_contact_id,
        notified_unit=json.notified_unit.value if json.notified_unit else "",
    )
    return RuleOut.model_validate(rule), 201


@bp.post("/emergency-plans/<int:plan_id>/drills")
@spec.validate(
    json=DrillIn, resp=Response(HTTP_200=PlanDetail, **error_responses(400, 401, 403, 404, 409)), tags=PLANS
)
def record_drill(plan_id: int, json: DrillIn) -> Any:
    """Record a drill held and when the next one is due."""
    emergency.record_drill(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        held_on=json.held_on,
        next_drill_due=json.next_drill_due,
    )
    return _detail(plan_id)


@bp.post("/emergency-plans/<int:plan_id>/reviews")
@spec.validate(
    json=ReviewIn, resp=Response(HTTP_200=PlanDetail, **error_responses(400, 401, 403, 404, 409)), tags=PLANS
)
def record_review(plan_id: int, json: ReviewIn) -> Any:
    """Record a periodic review and when the next one is due."""
    emergency.record_review(
        session=db_session(),
        actor=current_api_actor(),
        plan_id=plan_id,
        reviewed_on=json.reviewed_on,
        next_review_due=json.next_review_due,
    )
    return _detail(plan_id)


# --- Resources -------------------------------------------------------------------------------------


def _resource_detail(resource_id: int) -> ResourceDetail:
    session, actor = db_session(), current_api_actor()
    resource = emergency.get_resource(session=session, actor=actor, resource_id=resource_id)
    state = emergency.resource_state(resource, park_today(actor))
    return ResourceDetail(
        **ResourceOut.model_validate(resource).model_dump(),
        inspection_overdue_days=state.inspection_overdue_days,
        expired_days=state.expired_days,
        below_minimum=state.below_minimum,
        editable=emergency.may_edit_resource(actor, resource),
    )


@bp.get("/emergency-resources")
@spec.validate(
    query=ResourceQuery,
    resp=Response(HTTP_200=ResourceList, **error_responses(400, 401, 403)),
    tags=RESOURCES,
)
def list_resources(query: ResourceQuery) -> Any:
    """Emergency resources the caller reads, filtered by kind, facility or owner."""
    rows = emergency.list_resources(
        session=db_session(),
        actor=current_api_actor(),
        kind=query.kind.value if query.kind else None,
        facility_id=query.facility_id,
        enterprise_id=query.enterprise_id,
        park_only=query.park_only,
    )
    rows = after_in_memory(
        sorted(rows, key=lambda r: r.id), decode_cursor(query.cursor), query.limit, lambda r: r.id
    )
    items, next_cursor = page(rows, query.limit, ResourceOut.model_validate, lambda r: r.id)
    return ResourceList(items=items, next_cursor=next_cursor)


@bp.get("/emergency-resources/nearest")
@spec.validate(
    query=NearestQuery, resp=Response(HTTP_200=NearbyList, **error_responses(400, 401, 403)), tags=RESOURCES
)
def nearest_resources(query: NearestQuery) -> Any:
    """The caller's park's usable resources nearest a facility or a point."""
    session, actor = db_session(), current_api_actor()
    found = emergency.nearest_resources(
        session=session,
        park_id=resolve_park(session, actor).id,
        facility_id=query.facility_id,
        latitude=query.latitude,
        longitude=query.longitude,
        kind=query.kind.value if query.kind else None,
        limit=query.limit,
        actor=actor,
    )
    return NearbyList(
        items=[
            NearbyOut(
                resource=ResourceOut.model_validate(n.resource),
                distance_km=round(n.distance_km, 3) if n.distance_km is not None else None,
                same_facility=n.same_facility,
            )
            for n in found
        ]
    )


@bp.get("/emergency-resources/<int:resource_id>")
@spec.validate(resp=Response(HTTP_200=ResourceDetail, **error_responses(401, 403, 404)), tags=RESOURCES)
def get_resource(resource_id: int) -> Any:
    """One resource with what is wrong with it today (inspection overdue, expired, below minimum)."""
    return _resource_detail(resource_id)


@bp.post("/emergency-resources")
@spec.validate(
    json=ResourceCreate,
    resp=Response(HTTP_201=ResourceDetail, **error_responses(400, 401, 403, 409)),
    tags=RESOURCES,
)
def create_resource(json: ResourceCreate) -> Any:
    """Register a resource (the park's: administrator or emergency management; an enterprise's: its EHS
    officer)."""
    fields = json.model_dump(exclude={"kind", "name", "owner_enterprise_id"}, exclude_none=True)
    resource = emergency.create_resource(
        session=db_session(),
        actor=current_api_actor(),
        kind=json.kind.value,
        name=json.name,
        owner_enterprise_id=json.owner_enterprise_id,
        **fields,
    )
    return _resource_detail(resource.id), 201


@bp.patch("/emergency-resources/<int:resource_id>")
@spec.validate(
    json=ResourceUpdate,
    resp=Response(HTTP_200=ResourceDetail, **error_responses(400, 401, 403, 404, 409)),
    tags=RESOURCES,
)
def update_resource(resource_id: int, json: ResourceUpdate) -> Any:
    """Change a resource's fields; `clear` empties optional ones."""
    changes = json.model_dump(exclude={"clear"}, exclude_none=True)
    if "kind" in changes:
        changes["kind"] = json.kind.value if json.kind else None
    emergency.update_resource(
        session=db_session(),
        actor=current_api_actor(),
        resource_id=resource_id,
        changes=changes,
        clear=frozenset(json.clear),
    )
    return _resource_detail(resource_id)


@bp.post("/emergency-resources/<int:resource_id>/inspections")
@spec.validate(
    json=InspectionIn,
    resp=Response(HTTP_200=ResourceDetail, **error_responses(400, 401, 403, 404)),
    tags=RESOURCES,
)
def record_inspection(resource_id: int, json: InspectionIn) -> Any:
    """Record an inspection: the day, the next due date, the stock counted."""
    emergency.record_inspection(
        session=db_session(),
        actor=current_api_actor(),
        resource_id=resource_id,
        inspected_on=json.inspected_on,
        next_inspection_due=json.next_inspection_due,
        quantity=json.quantity,
        expires_on=json.expires_on,
        note=json.note,
    )
    return _resource_detail(resource_id)
