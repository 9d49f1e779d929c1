"""Web pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__)


@bp.get("/healthz")
def healthz() -> tuple[str, int]:
    """Liveness probe for the reverse proxy."""
    return "ok", 200
