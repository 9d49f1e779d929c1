"""Server-rendered pages (Chinese by default, English available)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the web blueprint."""
    from hazchem.web.views import bp

    app.register_blueprint(bp)
    app.register_error_handler(404, _not_found)


def _not_found(exc: Exception):
    # One app-level 404: URLs under /api/ answer in the API's error shape, pages in HTML.
    from flask import request

    if request.path.startswith("/api/"):
        from hazchem.api.routes import not_found_response

        return not_found_response()
    return exc
