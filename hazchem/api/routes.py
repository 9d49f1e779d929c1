"""API plumbing: the blueprint, bearer-token auth, error mapping and the OpenAPI document."""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, request
from pydantic import BaseModel, Field
from spectree import Response, SpecTree
from spectree.models import SecurityScheme, SecuritySchemeData
from werkzeug.exceptions import BadRequest, HTTPException

from hazchem.api import messages
from hazchem.appctx import db_session, login_throttle, refuse_nul_text
from hazchem.domain import errors
from hazchem.domain.limits import MAX_ID
from hazchem.i18n import error_body, say
from hazchem.services.platform import Actor, auth

bp = Blueprint("api", __name__, url_prefix="/api/v1")

HTTP_STATUS: dict[type[errors.HazchemError], int] = {
    errors.InvalidInput: 400,
    errors.TooLarge: 413,
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


BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def refuse_malformed_body(req: Any) -> None:
    """Refuse a body that is not a JSON object, since spectree reads any other body as `{}`.

    Without this a PATCH with a text or array body would pass as an empty change and answer 200.
    """
    if req.method not in BODY_METHODS:
        return
    body = [{"field": "body"}]
    # Form bodies are checked first: reading the form has already consumed their raw data.
    if req.mimetype in FORM_MIMETYPES or (req.get_data(cache=True) and not req.is_json):
        raise errors.InvalidInput(messages.BODY_NOT_JSON, details=body)
    if not req.get_data(cache=True):
        return
    try:
        value = req.get_json()
    except BadRequest:
        raise errors.InvalidInput(messages.BODY_INVALID_JSON, details=body) from None
    if not isinstance(value, dict):
        raise errors.InvalidInput(messages.BODY_NOT_OBJECT, details=body)


def _before_validation(
    req: Any, resp: Any, req_validation_error: Any, instance: Any, adapter: Any = None
) -> None:
    # spectree skips JSON validation for form-encoded and other non-JSON bodies; the API only takes JSON.
    refuse_malformed_body(req)
    # Request-shape errors become the same InvalidInput every other refusal uses.
    if req_validation_error is not None:
        details = [
            {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in req_validation_error.errors()
        ]
        raise errors.InvalidInput(messages.SCHEMA_MISMATCH, details=details)


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
    message: str = Field(description="the message in the requested language (Accept-Language, else Chinese)")
    message_code: str | None = Field(None, description="stable code of the message, e.g. manifest.not_found")
    params: dict[str, Any] = Field({}, description="the message's parameters")
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
        raise errors.NotAuthenticated(messages.BEARER_NEEDED)
    g.api_actor = auth.actor_for_token(session=db_session(), token=token.strip())


@bp.errorhandler(errors.HazchemError)
def _hazchem_error(exc: errors.HazchemError):
    if isinstance(exc, errors.TooManyAttempts):
        return jsonify(error_body(exc)), status_for(exc), {"Retry-After": str(exc.retry_after)}
    return jsonify(error_body(exc)), status_for(exc)


def not_found_response() -> Any:
    """The API's answer to an unknown URL under /api/ (the app-level 404 handler calls this)."""
    return jsonify(error_body(errors.NotFound(messages.NO_SUCH_RESOURCE))), 404


def method_not_allowed_response(exc: HTTPException) -> Any:
    """The API's answer to a known URL under /api/ with the wrong method (for the app-level 405 handler).

    The `Allow` header of werkzeug's exception names the methods the URL does take, as HTTP requires.
    """
    said = messages.METHOD_NOT_ALLOWED()
    body = {"error": "method_not_allowed", "message": say(said), "details": [], **said.as_dict()}
    return jsonify(body), 405, allow_header(exc)


def allow_header(exc: HTTPException) -> dict[str, str]:
    """The `Allow` header of a 405 (empty when the exception does not know the URL's methods)."""
    return {k: v for k, v in exc.get_headers() if k == "Allow"}


def too_large_response() -> Any:
    """The API's answer to a body beyond MAX_CONTENT_LENGTH (for the app-level 413 handler)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    exc = errors.TooLarge(messages.BODY_TOO_LARGE, limit=limit, details=[{"field": "body"}])
    return jsonify(error_body(exc)), status_for(exc)


@bp.errorhandler(405)
def _method_not_allowed(exc: HTTPException):
    return method_not_allowed_response(exc)


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
    _document_input_refusals(document)
    return document


def _document_input_refusals(document: dict[str, Any]) -> None:
    """Document the answers every operation gives to input it cannot use, whatever its route declares.

    Path ids outside 1..MAX_ID match no URL (404, as an unknown id does), an id named in a query or
    body may name no record (404), and a body beyond MAX_CONTENT_LENGTH is refused (413).
    """
    error = {"content": {"application/json": {"schema": {"$ref": _error_body_ref(document)}}}}
    for operations in document["paths"].values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].update(minimum=1, maximum=MAX_ID)
            responses = operation["responses"]
            if parameters or "requestBody" in operation:
                responses.setdefault("404", {**error, "description": "Not Found"})
            if "requestBody" in operation:
                responses.setdefault("413", {**error, "description": "Content Too Large"})


def _error_body_ref(document: dict[str, Any]) -> str:
    # spectree names the component with a hash suffix; every declared error response refers to it.
    for name in document["components"]["schemas"]:
        if name.split(".")[0] == "ErrorBody":
            return f"#/components/schemas/{name}"
    raise LookupError("ErrorBody is not in the OpenAPI document")


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
