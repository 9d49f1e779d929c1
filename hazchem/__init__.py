"""hazchem: a park registry of hazardous chemicals, licences and hazardous-waste manifests."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, database, i18n, auth, web pages, API and CLI."""
    from hazchem import api, appctx, cli, web

    app = Flask(__name__)
    appctx.configure(app, overrides)
    appctx.init_database(app)
    appctx.init_i18n(app)
    appctx.init_auth(app)
    appctx.init_security_headers(app)
    web.register(app)
    api.register(app)
    cli.register(app)
    return app
