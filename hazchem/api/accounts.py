"""API resources: accounts, passwords, bearer tokens, the caller's identity and audit-chain verification."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from spectree import Response

from hazchem.api.paging import decode_cursor, encode_cursor
from hazchem.api.routes import current_api_actor, error_responses, spec
from hazchem.api.schemas.accounts import (
    ActorOut,
    AnchorOut,
    ChainReportOut,
    PasswordChange,
    PasswordSet,
    TokenList,
    TokenOut,
    TokenQuery,
    UserCreate,
    UserOut,
    VerifyQuery,
)
from hazchem.appctx import db_session
from hazchem.i18n import say
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


@bp.post("/users/<int:user_id>/deactivate")
@spec.validate(resp=Response(HTTP_200=UserOut, **error_responses(401, 403, 404)), tags=["accounts"])
def deactivate_user(user_id: int) -> Any:
    """Deactivate an account: its logins, sessions and tokens end at once (park administrators)."""
    user = auth.deactivate_user(session=db_session(), actor=current_api_actor(), user_id=user_id)
    return UserOut.model_validate(user)


@bp.put("/users/<int:user_id>/password")
@spec.validate(
    json=PasswordSet,
    resp=Response("HTTP_204", **error_responses(400, 401, 403, 404)),
    tags=["accounts"],
)
def set_password(user_id: int, json: PasswordSet) -> Any:
    """Set an account's password; its sessions and tokens end (park administrators)."""
    session, actor = db_session(), current_api_actor()
    auth.set_password(session=session, actor=actor, user_id=user_id, password=json.password)
    return "", 204


@bp.post("/me/password")
@spec.validate(json=PasswordChange, resp=Response("HTTP_204", **error_responses(400, 401)), tags=["accounts"])
def change_password(json: PasswordChange) -> Any:
    """Change the caller's password; every session and token of the account ends, this one included."""
    auth.change_password(
        session=db_session(),
        actor=current_api_actor(),
        current_password=json.current_password,
        new_password=json.new_password,
    )
    return "", 204


@bp.get("/auth/tokens")
@spec.validate(
    query=TokenQuery, resp=Response(HTTP_200=TokenList, **error_responses(400, 401)), tags=["auth"]
)
def list_tokens(query: TokenQuery) -> Any:
    """The caller's tokens (a park administrator: every token in the park); never their secrets."""
    items, next_after = auth.list_tokens(
        session=db_session(), actor=current_api_actor(), after=decode_cursor(query.cursor), limit=query.limit
    )
    next_cursor = encode_cursor(next_after) if next_after is not None else None
    return TokenList(items=[TokenOut.model_validate(t) for t in items], next_cursor=next_cursor)


@bp.delete("/auth/tokens/<int:token_id>")
@spec.validate(resp=Response("HTTP_204", **error_responses(401, 404)), tags=["auth"])
def revoke_token(token_id: int) -> Any:
    """Revoke a token by id: its owner, or a park administrator (any other token is not found)."""
    auth.revoke_token_id(session=db_session(), actor=current_api_actor(), token_id=token_id)
    return "", 204


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
        ok=report.ok,
        checked=report.checked,
        first_bad_id=report.first_bad_id,
        problem=say(report.problem) if report.problem else "",
        problem_code=report.problem.code if report.problem else "",
    )
