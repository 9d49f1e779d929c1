"""API resources: the alert list (swept on every read) and acknowledgement with a note."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from spectree import Response

from hazchem.api.paging import decode_cursor, encode_cursor
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.alerts import (
    AcknowledgeIn,
    AlertList,
    AlertOut,
    AlertQuery,
)
from hazchem.appctx import db_session
from hazchem.services.oversight import alerts

bp = Blueprint("alerts", __name__, url_prefix="/api/v1")


@bp.get("/alerts")
@spec.validate(
    query=AlertQuery, resp=Response(HTTP_200=AlertList, **error_responses(400, 401, 403)), tags=["alerts"]
)
def list_alerts(query: AlertQuery) -> Any:
    """Alerts the caller may see (sweeping the time-based conditions first), filtered and cursor-paged."""
    session, actor = db_session(), current_api_actor()
    filters = alerts.AlertFilters(
        query.department_kind, query.enterprise_id, query.kind, query.state, query.park_id
    )
    if query.cursor is None:
        alerts.sweep(session=session, settings=alerts.SweepSettings.from_config(current_app.config))
    page = alerts.list_alerts(
        session=session, actor=actor, filters=filters, after=decode_cursor(query.cursor), limit=query.limit
    )
    next_cursor = encode_cursor(page.next_after) if page.next_after is not None else None
    return AlertList(items=[AlertOut.model_validate(a) for a in page.items], next_cursor=next_cursor)


@bp.get("/alerts/<int:alert_id>")
@spec.validate(resp=Response(HTTP_200=AlertOut, **error_responses(401, 403, 404)), tags=["alerts"])
def get_alert(alert_id: int) -> Any:
    """One alert the caller may see."""
    return AlertOut.model_validate(
        alerts.get_alert(session=db_session(), actor=current_api_actor(), alert_id=alert_id)
    )


@bp.post("/alerts/<int:alert_id>/acknowledge")
@spec.validate(
    json=AcknowledgeIn,
    resp=Response(HTTP_200=AlertOut, **error_responses(400, 401, 403, 404, 409)),
    tags=["alerts"],
)
def acknowledge_alert(alert_id: int, json: AcknowledgeIn) -> Any:
    """Acknowledge an alert with a note (the park, or a regulator of the alert's department)."""
    done = alerts.acknowledge(
        session=db_session(), actor=current_api_actor(), alert_id=alert_id, note=json.note
    )
    return AlertOut.model_validate(done)
