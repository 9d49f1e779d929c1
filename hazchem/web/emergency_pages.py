"""Emergency plans and emergency resources: lists, detail pages and the forms of those who keep them."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from hazchem.appctx import db_session, download
from hazchem.domain.emergency import Grade, PlanKind, ResourceKind
from hazchem.domain.errors import Forbidden, HazchemError, InvalidInput, NotFound, Term
from hazchem.domain.vocab import Role
from hazchem.services import emergency, registry
from hazchem.services.platform import Actor, park_today
from hazchem.web import messages as web_msg
from hazchem.web.forms import int_or_none, optional_date, optional_int, required_date, required_int
from hazchem.web.views import actor

bp = Blueprint("emergency", __name__)

GRADES = [g.value for g in Grade]


def emergency_nav(me: Actor) -> list[tuple[str, str, dict[str, Any]]]:
    """Navigation entries for the emergency plans and resources (everyone but drivers)."""
    if me.role == Role.DRIVER:
        return []
    return [
        ("web.emergency.plans", _("Emergency plans"), {}),
        ("web.emergency.resources", _("Emergency resources"), {}),
    ]


def _filter(value: str | None, vocabulary: Any) -> str | None:
    """A filter's value when it is one of the vocabulary's, else none (filters never fail a page)."""
    return value if value in {v.value for v in vocabulary} else None


def _refused(exc: HazchemError) -> tuple[str, int]:
    from hazchem.web import form_status
    from hazchem.web.refusals import explain

    db_session().rollback()
    return explain(exc), form_status(exc)


def _enterprises(ids: Any) -> dict[int, Any]:
    return registry.enterprise_names(session=db_session(), ids={i for i in ids if i is not None})


def _grades_from(form: Any) -> list[dict[str, str]]:
    return [
        {"grade": g, "criteria": form.get(f"grade_{g}", "").strip()}
        for g in GRADES
        if form.get(f"grade_{g}", "").strip()
    ]


def _keeps_park(me: Actor) -> bool:
    return emergency.keeps_park(session=db_session(), actor=me)


# --- Plans -----------------------------------------------------------------------------------------


def _plans_page(form: Any = None, error: str = "", status: int = 200) -> Any:
    me = actor()
    db = db_session()
    all_versions = request.args.get("all") == "1"
    plans = emergency.list_plans(
        session=db,
        actor=me,
        kind=_filter(request.args.get("kind"), PlanKind),
        enterprise_id=int_or_none(request.args.get("enterprise_id")),
        all_versions=all_versions,
    )
    return render_template(
        "emergency/plans.html",
        plans=plans,
        enterprises=_enterprises(p.enterprise_id for p in plans),
        all_versions=all_versions,
        args=request.args,
        keeps_park=_keeps_park(me),
        own_enterprises=emergency.kept_enterprises(session=db, actor=me),
        grades=GRADES,
        form=form or {},
        error=error,
    ), status


@bp.get("/emergency/plans", endpoint="plans")
@login_required
def plans() -> Any:
    """The plans the user reads (the park's first), with the form to start one for those who keep plans."""
    return _plans_page()


@bp.post("/emergency/plans", endpoint="create_plan")
@login_required
def create_plan() -> Any:
    """Start a plan as draft version 1; a refusal re-renders the list with the form and the reason."""
    form = request.form
    try:
        plan = emergency.create_plan(
            session=db_session(),
            actor=actor(),
            kind=form.get("kind", ""),
            title=form.get("title", ""),
            enterprise_id=optional_int(form.get("enterprise_id"), "enterprise_id"),
            scope=form.get("scope", ""),
            grades=_grades_from(form),
            next_review_due=optional_date(form.get("next_review_due"), "next_review_due"),
            next_drill_due=optional_date(form.get("next_drill_due"), "next_drill_due"),
        )
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        return _plans_page(form, *_refused(exc))
    flash(_("The plan is started as a draft."), "info")
    return redirect(url_for("web.emergency.plan", plan_id=plan.id))


def _plan_page(plan_id: int, error: str = "", status: int = 200) -> Any:
    me = actor()
    db = db_session()
    view = emergency.plan_view(session=db, actor=me, plan_id=plan_id)
    departments = emergency.park_departments(session=db, park_id=view.plan.park_id)
    enterprise_ids = {view.plan.enterprise_id, *(c.enterprise_id for c in view.contacts)}
    latest = view.versions[0]
    return render_template(
        "emergency/plan.html",
        view=view,
        plan=view.plan,
        contacts={c.id: c for c in view.contacts},
        departments=departments,
        enterprises=_enterprises(enterprise_ids),
        grades=GRADES,
        rules_by_grade={g: [r for r in view.rules if r.grade == g] for g in GRADES},
        may_revise=view.editable
        and latest.id == view.plan.id
        and not any(v.status == "draft" for v in view.versions),
        today=park_today(me),
        error=error,
    ), status


@bp.get("/emergency/plans/<int:plan_id>", endpoint="plan")
@login_required
def plan(plan_id: int) -> Any:
    """A plan version: scope, grades, organisation, notification tree, file, dates and versions."""
    return _plan_page(plan_id)


@bp.get("/emergency/plans/<int:plan_id>/file.pdf", endpoint="plan_file")
@login_required
def plan_file(plan_id: int) -> Any:
    """The plan version's attached PDF."""
    stored = emergency.plan_file(session=db_session(), actor=actor(), plan_id=plan_id)
    return download(stored.content, f"emergency-plan-{plan_id}.pdf", inline=True, no_store=True)


def _plan_action(plan_id: int, done: str, run: Any, *, to_result: bool = False) -> Any:
    """Run one plan use case from a form; a refusal re-renders the plan page with the reason.

    `to_result`: the use case made another version, whose page the user goes on to."""
    try:
        result = run(db_session(), actor(), request.form)
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        return _plan_page(plan_id, *_refused(exc))
    flash(done, "info")
    target = result.id if to_result else plan_id
    return redirect(url_for("web.emergency.plan", plan_id=target))


@bp.post("/emergency/plans/<int:plan_id>/update", endpoint="update_plan")
@login_required
def update_plan(plan_id: int) -> Any:
    """Change a draft's title, scope, grades or due dates."""
    return _plan_action(
        plan_id,
        _("The draft is saved."),
        lambda s, me, f: emergency.update_plan(
            session=s,
            actor=me,
            plan_id=plan_id,
            title=f.get("title"),
            scope=f.get("scope"),
            grades=_grades_from(f),
            next_review_due=optional_date(f.get("next_review_due"), "next_review_due"),
            next_drill_due=optional_date(f.get("next_drill_due"), "next_drill_due"),
        ),
    )


@bp.post("/emergency/plans/<int:plan_id>/in-force", endpoint="put_in_force")
@login_required
def put_in_force(plan_id: int) -> Any:
    """Put a draft in force; the version in force before is superseded."""
    return _plan_action(
        plan_id,
        _("The version is in force."),
        lambda s, me, f: emergency.put_in_force(
            session=s,
            actor=me,
            plan_id=plan_id,
            effective_from=optional_date(f.get("effective_from"), "effective_date"),
        ),
    )


@bp.post("/emergency/plans/<int:plan_id>/versions", endpoint="revise_plan")
@login_required
def revise_plan(plan_id: int) -> Any:
    """Make the next version of the plan as a draft."""
    return _plan_action(
        plan_id,
        _("A new draft version is made."),
        lambda s, me, f: emergency.revise_plan(session=s, actor=me, plan_id=plan_id),
        to_result=True,
    )


@bp.post("/emergency/plans/<int:plan_id>/file", endpoint="attach_file")
@login_required
def attach_file(plan_id: int) -> Any:
    """Attach the plan's PDF (multipart upload)."""

    def run(s: Any, me: Actor, f: Any) -> Any:
        upload = request.files.get("file")
        content = upload.read() if upload else b""
        name = (upload.filename if upload else "") or "plan.pdf"
        return emergency.attach_file(session=s, actor=me, plan_id=plan_id, file_name=name, content=content)

    return _plan_action(plan_id, _("The plan file is attached."), run)


@bp.post("/emergency/plans/<int:plan_id>/contacts", endpoint="add_contact")
@login_required
def add_contact(plan_id: int) -> Any:
    """Name a person in a unit of the plan's organisation."""
    return _plan_action(
        plan_id,
        _("The contact is added."),
        lambda s, me, f: emergency.add_contact(
            session=s,
            actor=me,
            plan_id=plan_id,
            unit=f.get("unit", ""),
            name=f.get("name", ""),
            role=f.get("role", ""),
            phone=f.get("phone", ""),
            department_id=optional_int(f.get("department_id"), "department_id"),
        ),
    )


@bp.post("/emergency/plans/<int:plan_id>/rules", endpoint="add_rule")
@login_required
def add_rule(plan_id: int) -> Any:
    """Add an edge of the notification tree."""
    return _plan_action(
        plan_id,
        _("The notification rule is added."),
        lambda s, me, f: emergency.add_notification_rule(
            session=s,
            actor=me,
            plan_id=plan_id,
            grade=f.get("grade", ""),
            notifier=f.get("notifier", ""),
            within_minutes=required_int(f.get("within_minutes"), "within_minutes"),
            notified_department_id=optional_int(f.get("notified_department_id"), "department_id"),
            notified_contact_id=optional_int(f.get("notified_contact_id"), "notified_unit"),
            notified_unit=f.get("notified_unit", ""),
        ),
    )


@bp.post("/emergency/plans/<int:plan_id>/drills", endpoint="record_drill")
@login_required
def record_drill(plan_id: int) -> Any:
    """Record a drill and the next one's due date."""
    return _plan_action(
        plan_id,
        _("The drill is recorded."),
        lambda s, me, f: emergency.record_drill(
            session=s,
            actor=me,
            plan_id=plan_id,
            held_on=required_date(f.get("held_on"), "held_on"),
            next_drill_due=required_date(f.get("next_drill_due"), "next_drill_due"),
        ),
    )


@bp.post("/emergency/plans/<int:plan_id>/reviews", endpoint="record_review")
@login_required
def record_review(plan_id: int) -> Any:
    """Record a periodic review and the next one's due date."""
    return _plan_action(
        plan_id,
        _("The review is recorded."),
        lambda s, me, f: emergency.record_review(
            session=s,
            actor=me,
            plan_id=plan_id,
            reviewed_on=required_date(f.get("reviewed_on"), "reviewed_on"),
            next_review_due=required_date(f.get("next_review_due"), "next_review_due"),
        ),
    )


# --- Resources -------------------------------------------------------------------------------------


def _resource_fields(form: Any) -> dict[str, Any]:
    def number(name: str) -> float | None:
        text = (form.get(name) or "").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise InvalidInput(
                web_msg.NOT_A_NUMBER, field=Term("field", name), text=text, details=[{"field": name}]
            )
        return value

    return {
        "facility_id": optional_int(form.get("facility_id"), "facility_id"),
        "location": form.get("location", ""),
        "latitude": number("latitude"),
        "longitude": number("longitude"),
        "quantity": optional_int(form.get("quantity"), "quantity") or 0,
        "unit": form.get("unit", ""),
        "capacity_m3": optional_int(form.get("capacity_m3"), "capacity_m3"),
        "minimum_quantity": optional_int(form.get("minimum_quantity"), "minimum_quantity"),
        "plan_id": optional_int(form.get("plan_id"), "plan_id"),
        "next_inspection_due": optional_date(form.get("next_inspection_due"), "next_inspection_due"),
        "expires_on": optional_date(form.get("expires_on"), "expires_on"),
        "contact_name": form.get("contact_name", ""),
        "contact_phone": form.get("contact_phone", ""),
        "note": form.get("note", ""),
    }


def _form_choices(me: Actor) -> dict[str, Any]:
    choices = emergency.form_choices(session=db_session(), actor=me)
    return {
        "owners": choices.owners,
        "keeps_park": choices.keeps_park,
        "facilities": choices.facilities,
        "plan_choices": choices.plan_choices,
    }


def _resources_page(error: str = "", status: int = 200) -> Any:
    me = actor()
    db = db_session()
    rows = emergency.list_resources(
        session=db,
        actor=me,
        kind=_filter(request.args.get("kind"), ResourceKind),
        facility_id=int_or_none(request.args.get("facility_id")),
    )
    today = park_today(me)
    return render_template(
        "emergency/resources.html",
        resources=rows,
        states={r.id: emergency.resource_state(r, today) for r in rows},
        enterprises=_enterprises(r.owner_enterprise_id for r in rows),
        facilities=emergency.facilities_by_id(session=db, ids=(r.facility_id for r in rows)),
        args=request.args,
        may_create=_keeps_park(me) or bool(emergency.kept_enterprises(session=db, actor=me)),
        error=error,
    ), status


@bp.get("/emergency/resources", endpoint="resources")
@login_required
def resources() -> Any:
    """The resources the user reads, filtered by kind or facility, with what is wrong with each today."""
    return _resources_page()


def _new_resource_page(form: Any = None, error: str = "", status: int = 200) -> Any:
    me = actor()
    return render_template(
        "emergency/resource_form.html", form=form or {}, resource=None, error=error, **_form_choices(me)
    ), status


@bp.get("/emergency/resources/new", endpoint="new_resource")
@login_required
def new_resource() -> Any:
    """The form to register a resource (those who keep the park's or their enterprise's resources)."""
    return _new_resource_page()


@bp.post("/emergency/resources", endpoint="create_resource")
@login_required
def create_resource() -> Any:
    """Register a resource; a refusal re-renders the form with the input and the reason."""
    form = request.form
    try:
        resource = emergency.create_resource(
            session=db_session(),
            actor=actor(),
            kind=form.get("kind", ""),
            name=form.get("name", ""),
            owner_enterprise_id=optional_int(form.get("owner_enterprise_id"), "enterprise_id"),
            **_resource_fields(form),
        )
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        return _new_resource_page(form, *_refused(exc))
    flash(_("The resource is registered."), "info")
    return redirect(url_for("web.emergency.resource", resource_id=resource.id))


def _resource_page(resource_id: int, error: str = "", status: int = 200) -> Any:
    me = actor()
    db = db_session()
    resource = emergency.get_resource(session=db, actor=me, resource_id=resource_id)
    today = park_today(me)
    editable = emergency.may_edit_resource(me, resource)
    plan = None
    if resource.plan_id is not None:
        try:
            plan = emergency.get_plan(session=db, actor=me, plan_id=resource.plan_id)
        except NotFound:
            plan = None
    return render_template(
        "emergency/resource.html",
        resource=resource,
        state=emergency.resource_state(resource, today),
        owner=_enterprises([resource.owner_enterprise_id]).get(resource.owner_enterprise_id or 0),
        facility=emergency.facilities_by_id(session=db, ids=[resource.facility_id]).get(
            resource.facility_id or 0
        ),
        plan=plan,
        editable=editable,
        today=today,
        form={},
        error=error,
        **(_form_choices(me) if editable else {}),
    ), status


@bp.get("/emergency/resources/<int:resource_id>", endpoint="resource")
@login_required
def resource(resource_id: int) -> Any:
    """A resource: where, how many, inspection and expiry, with the forms of its keeper."""
    return _resource_page(resource_id)


@bp.post("/emergency/resources/<int:resource_id>", endpoint="update_resource")
@login_required
def update_resource(resource_id: int) -> Any:
    """Change a resource's fields (blank optional fields are emptied)."""
    form = request.form
    try:
        fields = _resource_fields(form)
        clear = frozenset(name for name, value in fields.items() if value is None)
        emergency.update_resource(
            session=db_session(),
            actor=actor(),
            resource_id=resource_id,
            changes={"name": form.get("name"), **fields},
            clear=clear,
        )
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        return _resource_page(resource_id, *_refused(exc))
    flash(_("The resource is saved."), "info")
    return redirect(url_for("web.emergency.resource", resource_id=resource_id))


@bp.post("/emergency/resources/<int:resource_id>/inspections", endpoint="inspect_resource")
@login_required
def inspect_resource(resource_id: int) -> Any:
    """Record an inspection: the day, the next due date and the stock counted."""
    form = request.form
    try:
        emergency.record_inspection(
            session=db_session(),
            actor=actor(),
            resource_id=resource_id,
            inspected_on=required_date(form.get("inspected_on"), "inspected_on"),
            next_inspection_due=required_date(form.get("next_inspection_due"), "next_inspection_due"),
            quantity=optional_int(form.get("quantity"), "quantity"),
            expires_on=optional_date(form.get("expires_on"), "expires_on"),
            note=form.get("note", ""),
        )
    except (Forbidden, NotFound):
        raise
    except HazchemError as exc:
        return _resource_page(resource_id, *_refused(exc))
    flash(_("The inspection is recorded."), "info")
    return redirect(url_for("web.emergency.resource", resource_id=resource_id))
