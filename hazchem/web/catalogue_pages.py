"""Catalogue pages: one search box over chemicals and waste codes, and an entry page for each."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template, request
from flask_login import login_required

from hazchem.appctx import db_session
from hazchem.domain import errors
from hazchem.i18n import say
from hazchem.services import registry
from hazchem.services.chemicals import catalogue
from hazchem.web.views import actor

bp = Blueprint("catalogue", __name__)

RESULT_LIMIT = 50
_CATEGORY_RE = re.compile(r"^HW\d{2}$")


@bp.get("/catalogue")
@login_required
def catalogue_search() -> Any:
    """Search the chemicals catalogue and the waste list by name, alias, CAS number or code."""
    db = db_session()
    q = request.args.get("q", "").strip()[:100]
    category = request.args.get("category", "").strip().upper()
    category = category if _CATEGORY_RE.match(category) else ""
    context: dict[str, Any] = {"q": q, "category": category, "limit": RESULT_LIMIT}
    try:
        context["chemicals"] = catalogue.search_chemicals(session=db, q=q, limit=RESULT_LIMIT) if q else []
        context["waste_codes"] = (
            catalogue.search_waste_codes(session=db, q=q, category=category or None, limit=RESULT_LIMIT)
            if q or category
            else []
        )
    except errors.InvalidInput as exc:
        context.update(chemicals=[], waste_codes=[], categories=[], error=say(exc.said))
        return render_template("catalogue/search.html", **context), 400
    context["categories"] = [] if q or category else catalogue.list_waste_categories(session=db)
    return render_template("catalogue/search.html", **context)


@bp.get("/catalogue/chemicals/<int:chemical_id>")
@login_required
def chemical(chemical_id: int) -> str:
    """One catalogue entry with its flags and the licences and facilities that refer to it."""
    db = db_session()
    view = catalogue.get_chemical(session=db, actor=actor(), chemical_id=chemical_id)
    owners = registry.enterprise_names(session=db, ids=[f.enterprise_id for f in view.facilities])
    return render_template("catalogue/chemical.html", view=view, owners=owners)


@bp.get("/catalogue/waste-codes/<int:waste_code_id>")
@login_required
def waste_code(waste_code_id: int) -> str:
    """One waste code with its category and the licences whose scope covers it."""
    view = catalogue.get_waste_code(session=db_session(), actor=actor(), waste_code_id=waste_code_id)
    return render_template("catalogue/waste_code.html", view=view)
