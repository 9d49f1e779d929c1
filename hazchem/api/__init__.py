"""JSON API under /api/v1 with bearer tokens and a generated OpenAPI document."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the API blueprint."""
    from hazchem.api.routes import register as register_routes

    register_routes(app)
