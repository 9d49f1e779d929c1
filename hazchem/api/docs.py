"""A browsable view of the OpenAPI document, served entirely from this server.

Swagger UI's files come from the pinned flask-swagger-ui package, so the page works on a park
intranet without internet access and under the same-origin Content-Security-Policy as every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flask_swagger_ui
from flask import Blueprint, abort, render_template, send_from_directory, url_for

SWAGGER_DIST = Path(flask_swagger_ui.__file__).parent / "dist"
ASSETS = frozenset(
    (
        "swagger-ui.css",
        "index.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "favicon-32x32.png",
    )
)

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1/docs")


@bp.get("/")
def viewer() -> str:
    """The Swagger UI page for /api/v1/openapi.json (public, like the document itself)."""
    return render_template("api/docs.html", spec_url=url_for("api.openapi_document"))


@bp.get("/assets/<name>")
def asset(name: str) -> Any:
    """One of Swagger UI's own files; anything else is 404."""
    if name not in ASSETS:
        abort(404)
    return send_from_directory(SWAGGER_DIST, name, max_age=86400)
