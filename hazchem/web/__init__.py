"""Server-rendered pages (Chinese by default, English available)."""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from hazchem.domain import errors
from hazchem.web.refusals import explain


def init(app: Flask) -> None:
    """Set up what every page shares: template helpers, the login prompt and the page error handlers."""
    from flask_babel import lazy_gettext

    from hazchem.appctx import login_manager
    from hazchem.web import templating

    templating.init(app)
    login_manager.login_message = lazy_gettext("Please log in to see this page.")
    login_manager.login_message_category = "info"
    app.register_error_handler(404, _not_found)
    app.register_error_handler(403, _forbidden)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(405, _method_not_allowed)
    app.register_error_handler(413, _too_large)


def _not_found(exc: Exception) -> Any:
    # One app-level 404: URLs under /api/ answer in the API's error shape, pages in HTML.
    if request.path.startswith("/api/"):
        from hazchem.api.routes import not_found_response

        return not_found_response()
    return error_page(404)


def _forbidden(exc: Exception) -> Any:
    if request.path.startswith("/api/"):
        return exc
    return error_page(403)


def _method_not_allowed(exc: HTTPException) -> Any:
    from hazchem.api.routes import allow_header, method_not_allowed_response

    if request.path.startswith("/api/"):
        return method_not_allowed_response(exc)
    return (*error_page(405), allow_header(exc))


def _too_large(exc: HTTPException) -> Any:
    # Bodies beyond MAX_CONTENT_LENGTH: the API's error shape under /api/, the error page elsewhere.
    if request.path.startswith("/api/"):
        from hazchem.api.routes import too_large_response

        return too_large_response()
    return error_page(413)


def _csrf_failed(exc: CSRFError) -> Any:
    return error_page(400, csrf=True)


def error_page(status: int, message: str = "", *, csrf: bool = False) -> tuple[str, int]:
    """Render the one error page for a status code."""
    return render_template("error.html", status=status, message=message, csrf=csrf), status


def handle_hazchem_error(exc: errors.HazchemError) -> Any:
    """Map a refusal that no form caught to a page: 404, 403, the login page, or 400/409/422."""
    from hazchem.appctx import db_session

    db_session().rollback()
    if isinstance(exc, errors.NotAuthenticated):
        return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
    if isinstance(exc, errors.NotFound):
        return error_page(404)
    if isinstance(exc, errors.Forbidden):
        return error_page(403, explain(exc))
    return error_page(form_status(exc), explain(exc))


def form_status(exc: errors.HazchemError) -> int:
    """The status of a refused form: 400 bad input, 409 conflict or transition, 422 rule."""
    if isinstance(exc, errors.Conflict | errors.InvalidTransition):
        return 409
    if isinstance(exc, errors.RuleViolation):
        return 422
    return 400
