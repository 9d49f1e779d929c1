"""API resources: accident incidents from report to closure, and the proposal the record makes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.incidents import (
    AfterActionIn,
    CorrectiveOut,
    GradeIn,
    IncidentDetail,
    IncidentIn,
    IncidentList,
    IncidentOut,
    IncidentQuery,
    NotificationIn,
    NotificationOut,
    ProposalOut,
    ProposalQuery,
    ReadingIn,
    ReadingOut,
    StepIn,
    StepOut,
    TerminateIn,
)
from hazchem.appctx import db_session
from hazchem.services import emergency_incidents as inc

bp = Blueprint("incidents", __name__, url_prefix="/api/v1")

TAGS = ["incidents"]
READ_ERRORS = error_responses(400, 401, 403, 404)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)
DETAIL = Response(HTTP_200=IncidentDetail, **WRITE_ERRORS)


def detail(incident_id: int) -> IncidentDetail:
    """An incident's whole record as the caller sees it."""
    view = inc.incident_view(session=db_session(), actor=current_api_actor(), incident_id=incident_id)
    base = IncidentOut.model_validate(view.incident).model_dump()
    return IncidentDetail(
        **base,
        assessment=view.incident.assessment,
        cause=view.incident.cause,
        responsibility=view.incident.responsibility,
        substances=[
            {
                "chemical_id": s.row.chemical_id,
                "chemical": s.chemical.name if s.chemical else None,
                "waste_code": s.row.waste_code,
                "quantity_kg": s.row.quantity_kg,
                "container_ids": list(s.row.container_ids or []),
                "manifest": s.manifest_number,
            }
            for s in view.substances
        ],
        notifications=[
            NotificationOut.model_validate(n.row).model_copy(
                update={"department": n.department, "overdue": n.overdue}
            )
            for n in view.notifications
        ],
        steps=[StepOut.model_validate(s) for s in view.steps],
        readings=[ReadingOut.model_validate(r) for r in view.readings],
        corrective_actions=[CorrectiveOut.model_validate(c) for c in view.corrective_actions],
        actions=sorted(view.actions),
    )


@bp.get("/incidents")
@spec.validate(query=IncidentQuery, resp=Response(HTTP_200=IncidentList, **READ_ERRORS), tags=TAGS)
def list_incidents(query: IncidentQuery) -> Any:
    """Incidents in the caller's scope: its enterprise's, a regulator's park's, the administrator's all."""
    rows = inc.list_incidents(
        session=db_session(), actor=current_api_actor(), enterprise_id=query.enterprise_id
    )
    return IncidentList(items=[IncidentOut.model_validate(r.incident) for r in rows])


@bp.post("/incidents")
@spec.validate(json=IncidentIn, resp=Response(HTTP_201=IncidentDetail, **WRITE_ERRORS), tags=TAGS)
def report(json: IncidentIn) -> Any:
    """Report an accident (an enterprise's own users, regulators, the park)."""
    incident = inc.report_incident(
        session=db_session(),
        actor=current_api_actor(),
        description=json.description,
        place=json.place,
        occurred_at=json.occurred_at,
        facility_id=json.facility_id,
        enterprise_id=json.enterprise_id,
        custody_incident_id=json.custody_incident_id,
        latitude=json.latitude,
        longitude=json.longitude,
        substances=[inc.SubstanceInput(**s.model_dump()) for s in json.substances],
    )
    return detail(incident.id), 201


@bp.get("/incidents/<int:incident_id>")
@spec.validate(resp=Response(HTTP_200=IncidentDetail, **READ_ERRORS), tags=TAGS)
def get_incident(incident_id: int) -> Any:
    """One incident's record: substances, notifications (overdue flagged), steps, readings, actions."""
    return detail(incident_id)


@bp.get("/incidents/<int:incident_id>/proposal")
@spec.validate(query=ProposalQuery, resp=Response(HTTP_200=ProposalOut, **READ_ERRORS), tags=TAGS)
def proposal(incident_id: int, query: ProposalQuery) -> Any:
    """What the record knows: holdings and sheets, Σq/Q, containers, resources, departments, plan rules."""
    p = inc.proposal(
        session=db_session(), actor=current_api_actor(), incident_id=incident_id, grade=query.grade
    )
    return ProposalOut(
        incident_id=p.incident.id,
        holdings=[h.__dict__ for h in p.holdings],
        sheets=[
            {
                "chemical_id": s.chemical.id,
                "name": s.chemical.name,
                "cas_numbers": list(s.chemical.cas_numbers or []),
                "highly_toxic": bool(s.chemical.highly_toxic),
                "explosive_precursor": bool(s.chemical.explosive_precursor),
                "protection": s.protection,
                "emergency": s.emergency,
                "source": s.source,
                "involved": s.involved,
            }
            for s in p.sheets
        ],
        ratio=p.ratio,
        major_hazard=p.major_hazard,
        manifests=p.manifests,
        containers=p.containers,
        resources=[
            {
                "id": r.resource.id,
                "kind": r.resource.kind,
                "name": r.resource.name,
                "location": r.resource.location,
                "quantity": r.resource.quantity,
                "unit": r.resource.unit,
                "contact_name": r.resource.contact_name,
                "contact_phone": r.resource.contact_phone,
                "distance_km": r.distance_km,
                "same_facility": r.same_facility,
            }
            for r in p.resources
        ],
        departments=[
            {
                "id": d.department.id,
                "kind": d.department.kind,
                "name": d.department.name,
                "licence_types": list(d.licence_types),
                "chemicals": list(d.chemicals),
            }
            for d in p.departments
        ],
        grade=p.grade,
        notifications=[
            {
                "rule_id": n.rule_id,
                "plan_title": n.plan_title,
                "notifier": n.notifier,
                "department_id": n.department_id,
                "department": n.department_name,
                "contact_name": n.contact_name,
                "unit": n.unit,
                "within_minutes": n.within_minutes,
            }
            for n in p.notifications
        ],
    )


@bp.post("/incidents/<int:incident_id>/grade")
@spec.validate(json=GradeIn, resp=DETAIL, tags=TAGS)
def grade(incident_id: int, json: GradeIn) -> Any:
    """The emergency office sets the grade; the plan's notifications become due."""
    inc.grade_incident(
        session=db_session(),
        actor=current_api_actor(),
        incident_id=incident_id,
        grade=json.grade,
        note=json.note,
    )
    return detail(incident_id)


@bp.post("/incidents/<int:incident_id>/notifications")
@spec.validate(json=NotificationIn, resp=DETAIL, tags=TAGS)
def notify(incident_id: int, json: NotificationIn) -> Any:
    """Record who was told and when (a due notification by id, or a department or person)."""
    inc.record_notification(
        session=db_session(), actor=current_api_actor(), incident_id=incident_id, **json.model_dump()
    )
    return detail(incident_id)


@bp.post("/incidents/<int:incident_id>/steps")
@spec.validate(json=StepIn, resp=DETAIL, tags=TAGS)
def add_step(incident_id: int, json: StepIn) -> Any:
    """Record a response step; the first one starts the response."""
    inc.add_step(
        session=db_session(), actor=current_api_actor(), incident_id=incident_id, **json.model_dump()
    )
    return detail(incident_id)


@bp.post("/incidents/<int:incident_id>/readings")
@spec.validate(json=ReadingIn, resp=DETAIL, tags=TAGS)
def add_reading(incident_id: int, json: ReadingIn) -> Any:
    """Record a monitoring reading."""
    inc.add_reading(
        session=db_session(), actor=current_api_actor(), incident_id=incident_id, **json.model_dump()
    )
    return detail(incident_id)


@bp.post("/incidents/<int:incident_id>/terminate")
@spec.validate(json=TerminateIn, resp=DETAIL, tags=TAGS)
def terminate(incident_id: int, json: TerminateIn) -> Any:
    """End the response."""
    inc.terminate(
        session=db_session(), actor=current_api_actor(), incident_id=incident_id, **json.model_dump()
    )
    return detail(incident_id)


@bp.post("/incidents/<int:incident_id>/after-action")
@spec.validate(json=AfterActionIn, resp=DETAIL, tags=TAGS)
def after_action(incident_id: int, json: AfterActionIn) -> Any:
    """Record the after-action review and add its corrective actions (owners and due dates)."""
    session, actor = db_session(), current_api_actor()
    inc.record_after_action(
        session=session,
        actor=actor,
        incident_id=incident_id,
        assessment=json.assessment,
        cause=json.cause,
        responsibility=json.responsibility,
    )
    for item in json.corrective_actions:
        inc.add_corrective_action(session=session, actor=actor, incident_id=incident_id, **item.model_dump())
    return detail(incident_id)


@bp.post("/incidents/<int:incident_id>/close")
@spec.validate(resp=DETAIL, tags=TAGS)
def close(incident_id: int) -> Any:
    """Close the incident once its after-action record is complete."""
    inc.close_incident(session=db_session(), actor=current_api_actor(), incident_id=incident_id)
    return detail(incident_id)
