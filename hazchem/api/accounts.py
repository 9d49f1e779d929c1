"""API resources: accounts, the caller's identity and audit-chain verification."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.accounts import ActorOut, AnchorOut, ChainReportOut, UserCreate, UserOut, VerifyQuery
from hazchem.appctx import db_session
from hazchem.services.platform import audit, auth

bp = Blueprint("accounts", __name__, url_prefix="/api/v1")


@bp.post("/users")
@spec.validate(
    json=UserCreate,
    resp=Response(HTTP_201=UserOut, **error_responses(400, 401, 403, 409)),
    tags=["accounts"],
)
def create_user(json: UserCreate) -> Any:
    """Create an account bound to a department, enterprise or driver (park administrators)."""
    user = auth.create_user(session=db_session(), actor=current_api_actor(), **json.model_dump())
    return UserOut.model_validate(user), 201


@bp.get("/me")
@spec.validate(resp=Response(HTTP_200=ActorOut, **error_responses(401)), tags=["accounts"])
def me() -> Any:
    """Show who the bearer token acts as."""
    return ActorOut.model_validate(current_api_actor())


@bp.get("/audit/anchor")
@spec.validate(resp=Response(HTTP_200=AnchorOut, **error_responses(401, 403)), tags=["audit"])
def audit_anchor() -> Any:
    """The chain head as an anchor to keep outside hazchem (park administrators and regulators)."""
    anchor = audit.chain_head_for(session=db_session(), actor=current_api_actor())
    return AnchorOut(event_id=anchor.event_id, hash=anchor.hash, anchor=str(anchor))


@bp.get("/audit/verify")
@spec.validate(
    query=VerifyQuery,
    resp=Response(HTTP_200=ChainReportOut, **error_responses(400, 401, 403)),
    tags=["audit"],
)
def verify_audit(query: VerifyQuery) -> Any:
    """Verify the audit hash chain, and any anchors given (park administrators and regulators)."""
    anchors = [audit.parse_anchor(a) for a in query.anchor]
    report = audit.verify_chain_for(session=db_session(), actor=current_api_actor(), anchors=anchors)
    return ChainReportOut(
        ok=report.ok, checked=report.checked, first_bad_id=report.first_bad_id, problem=report.problem
    )
