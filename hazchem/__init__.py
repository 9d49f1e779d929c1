"""hazchem: a park registry of hazardous chemicals, licences and hazardous-waste manifests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, database, i18n, auth, then each area's pages and API."""
    from hazchem import appctx, cli, web
    from hazchem.api import (
        accounts,
        alerts,
        catalogue,
        chemicals,
        cheminfo,
        custody,
        dashboards,
        deadlines,
        documents,
        emergency,
        exceptions,
        facilities,
        incidents,
        licences,
        manifests,
        oversight,
        registry,
        review,
        routes,
    )
    from hazchem.web import (
        alert_pages,
        catalogue_pages,
        chemical_pages,
        cheminfo_pages,
        custody_pages,
        dashboard_pages,
        deadline_pages,
        emergency_pages,
        incident_pages,
        manifest_pages,
        offline_pages,
        oversight_pages,
        registry_pages,
        scan_pages,
        views,
    )

    app = Flask(__name__)
    appctx.configure(app, overrides)
    appctx.init_input_limits(app)
    appctx.init_database(app)
    appctx.init_i18n(app)
    appctx.init_auth(app)
    appctx.init_security_headers(app)

    web.init(app)
    register_areas(
        app,
        views.bp,  # web: login, language, home
        [
            registry_pages.bp,  # web.registry
            catalogue_pages.bp,  # web.catalogue
            custody_pages.bp,  # web.custody
            manifest_pages.bp,  # web.manifests
            scan_pages.bp,  # web.scans: scan sessions at pick-up, arrival and put-away
            chemical_pages.bp,  # web.chemicals
            cheminfo_pages.bp,  # web.cheminfo
            oversight_pages.bp,  # web.oversight
            dashboard_pages.bp,  # web.dashboards
            deadline_pages.bp,  # web.deadlines
            alert_pages.bp,  # web.alerts
            emergency_pages.bp,  # web.emergency: emergency plans and resources
            offline_pages.bp,  # web.offline: the service worker and put-away scans queued offline
            incident_pages.bp,  # web.incidents: accident incidents and the responders' page
        ],
    )

    api_areas = [
        accounts.bp,
        registry.bp,
        licences.bp,
        facilities.bp,
        catalogue.bp,
        custody.bp,
        manifests.bp,
        exceptions.bp,
        documents.bp,
        review.bp,
        chemicals.bp,
        cheminfo.bp,
        oversight.bp,
        dashboards.bp,
        deadlines.bp,
        alerts.bp,
        emergency.bp,
        incidents.bp,
    ]
    register_areas(app, routes.bp, api_areas)  # api: tokens and the OpenAPI document; api.<area>
    # Bearer tokens, no cookies: the API takes no CSRF token.
    for blueprint in (routes.bp, *api_areas):
        appctx.csrf.exempt(blueprint)
    routes.publish(app)

    cli.register(app)
    return app


def register_areas(app: Flask, parent: Blueprint, areas: Iterable[Blueprint]) -> None:
    """Register a parent blueprint and each area under its name, so endpoints read parent.area.view.

    Under the parent's name an area shares the parent's URL prefix, request hooks and error handlers;
    registering per app (not nesting the module-level blueprints) lets tests build many apps.
    """
    app.register_blueprint(parent)
    for area in areas:
        app.register_blueprint(area, name_prefix=parent.name, url_prefix=parent.url_prefix)
