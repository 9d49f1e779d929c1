"""API plumbing: the blueprint, bearer-token auth, error mapping and the OpenAPI document."""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, request
from pydantic import BaseModel, Field
from spectree import Response, SpecTree
from spectree.models import SecurityScheme, SecuritySchemeData

from hazchem.appctx import db_session, login_throttle, refuse_nul_text
from hazchem.domain import errors
from hazchem.services.platform import Actor, auth

bp = Blueprint("api", __name__, url_prefix="/api/v1")

HTTP_STATUS: dict[type[errors.HazchemError], int] = {
    errors.InvalidInput: 400,
    errors.NotAuthenticated: 401,
    errors.TooManyAttempts: 429,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.InvalidTransition: 409,
    errors.RuleViolation: 422,
}


def status_for(exc: errors.HazchemError) -> int:
    """The HTTP status of a hazchem error: the most specific class listed wins."""
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 400


FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _before_validation(
    req: Any, resp: Any, req_validation_error: Any, instance: Any, adapter: Any = None
) -> None:
    # spectree skips JSON validation for form-encoded bodies; the API only takes JSON.
    if req.method in ("POST", "PUT", "PATCH") and req.mimetype in FORM_MIMETYPES:
        raise errors.InvalidInput("send the request body as JSON (Content-Type: application/json)")
    # Request-shape errors become the same InvalidInput every other refusal uses.
    if req_validation_error is not None:
        details = [
            {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in req_validation_error.errors()
        ]
        raise errors.InvalidInput("request does not match the schema", details=details)


spec = SpecTree(
    "flask",
    title="hazchem API",
    version="v1",
    # spectree's own viewer pages load scripts from CDNs; hazchem serves its own (api/docs.py).
    path="api/v1/docs",
    filename="openapi.json",
    page_templates={},
    mode="strict",
    before=_before_validation,
    annotations=True,
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))],
    security={"bearer": []},
)


class ErrorBody(BaseModel):
    """The error shape of every refusal."""

    error: str = Field(description="stable error code, e.g. invalid_input, rule_violation")
    message: str
    details: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    rule: str | None = None


def error_responses(*codes: int) -> dict[str, type[BaseModel]]:
    """Response declarations for the given error statuses, for spectree's Response()."""
    return {f"HTTP_{code}": ErrorBody for code in codes}


def current_api_actor() -> Actor:
    """The actor of this API request (set by the bearer-token check)."""
    return g.api_actor


bp.before_request(refuse_nul_text)


@bp.before_request
def _authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS or request.method == "OPTIONS":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise errors.NotAuthenticated("send Authorization: Bearer <token> (POST /api/v1/auth/token)")
    g.api_actor = auth.actor_for_token(session=db_session(), token=token.strip())


@bp.errorhandler(errors.HazchemError)
def _hazchem_error(exc: errors.HazchemError):
    if isinstance(exc, errors.TooManyAttempts):
        return jsonify(exc.as_dict()), status_for(exc), {"Retry-After": str(exc.retry_after)}
    return jsonify(exc.as_dict()), status_for(exc)


def not_found_response() -> Any:
    """The API's answer to an unknown URL under /api/ (the app-level 404 handler calls this)."""
    return jsonify(errors.NotFound("no such API resource").as_dict()), 404


def method_not_allowed_response() -> Any:
    """The API's answer to a known URL under /api/ with the wrong method (for the app-level 405 handler)."""
    body = {"error": "method_not_allowed", "message": "method not allowed here", "details": []}
    return jsonify(body), 405


@bp.errorhandler(405)
def _method_not_allowed(_exc: Exception):
    return method_not_allowed_response()


class TokenRequest(BaseModel):
    """Credentials for a bearer token."""

    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class TokenResponse(BaseModel):
    """A bearer token and when it expires."""

    token: str
    token_type: str = "bearer"
    expires_at: str


@bp.post("/auth/token")
@spec.validate(
    json=TokenRequest,
    resp=Response(HTTP_200=TokenResponse, **error_responses(400, 401, 429)),
    tags=["auth"],
    security={},
)
def issue_token(json: TokenRequest) -> Any:
    """Exchange a username and password for a bearer token."""
    session = db_session()
    actor = auth.authenticate(
        session=session,
        username=json.username,
        password=json.password,
        remote_addr=request.remote_addr or "",
        throttle=login_throttle(),
    )
    token, expires = auth.issue_token(
        session=session, actor=actor, ttl_hours=current_app.config["TOKEN_TTL_HOURS"]
    )
    return TokenResponse(token=token, expires_at=expires.isoformat())


@bp.delete("/auth/token")
@spec.validate(resp=Response("HTTP_204", **error_responses(401)), tags=["auth"])
def revoke_token() -> Any:
    """Revoke the bearer token presented with this request."""
    token = request.headers.get("Authorization", "").partition(" ")[2].strip()
    auth.revoke_token(session=db_session(), token=token)
    return "", 204


# spectree leaves DELETE bodies out of the document; these paths take the body their PUT declares.
DELETE_WITH_BODY = ("/api/v1/responsibilities",)


def openapi() -> dict[str, Any]:
    """The OpenAPI document generated from the validated routes (needs an app context)."""
    document = copy.deepcopy(spec.spec)
    for path in DELETE_WITH_BODY:
        operations = document["paths"].get(path, {})
        if "delete" in operations and "requestBody" in operations.get("put", {}):
            operations["delete"]["requestBody"] = operations["put"]["requestBody"]
    return document


@bp.get("/openapi.json")
def openapi_document() -> Any:
    """The OpenAPI document generated from the validated routes."""
    return jsonify(openapi())


# Endpoints answered without a bearer token: signing in, the API description, slip verification
# by whoever holds a printed slip, and the park catalogue the public may consult.
PUBLIC_ENDPOINTS = {
    "api.issue_token",
    "api.openapi_document",
    "api.documents.verify_slip",
    "api.cheminfo.get_park_catalogue",
    "api.cheminfo.export_park_catalogue",
    "api.cheminfo.list_park_catalogue_revisions",
}


def publish(app: Flask) -> None:
    """Publish the OpenAPI document and its viewer once every API blueprint is registered."""
    from hazchem.api import docs

    spec.register(app)
    app.register_blueprint(docs.bp)
    # The generated document and its viewer are public, like any published API description.
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint.startswith("openapi"):
            PUBLIC_ENDPOINTS.add(rule.endpoint)
