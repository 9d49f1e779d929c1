"""Custody pages: waste streams, generating and labelling containers, the scan page, storage."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from hazchem.appctx import current_actor, db_session, download, public_base_url
from hazchem.domain import custody as rules
from hazchem.domain import errors
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.domain.lifecycle import ContainerAction, ContainerStatus, ManifestAction
from hazchem.domain.oversight import Area
from hazchem.domain.units import g_to_kg_text
from hazchem.domain.vocab import LabelLayout, PhysicalForm, Role
from hazchem.i18n import say
from hazchem.render.label_layouts import load_layout
from hazchem.render.labels import label_pdf, label_png
from hazchem.services import registry, waste
from hazchem.services.platform import Actor, KeyedResult, idempotent, may_read, park_today
from hazchem.services.waste import documents, scans
from hazchem.services.waste import messages as msg
from hazchem.services.waste import reads as custody_reads
from hazchem.web import form_status
from hazchem.web.forms import int_or_none, optional_int, required_date, required_int
from hazchem.web.refusals import explain
from hazchem.web.views import actor

bp = Blueprint("custody", __name__)

# Roles that work with containers and storage; drivers only scan at pick-up, from the manifest page.
CUSTODY_ROLES = (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR, Role.PARK_ADMIN, Role.REGULATOR)
GENERATING_ROLES = (Role.EHS_OFFICER, Role.RECEIVER_OPERATOR, Role.PARK_ADMIN)
MAX_LABELS = waste.MAX_BATCH
PAGE_SIZE = 200
# Where each manifest action is done on the manifest page (the container page links there).
MANIFEST_ANCHORS = {
    ManifestAction.SUBMIT.value: ("submit", _l("Submit and sign")),
    ManifestAction.CANCEL.value: ("cancel", _l("Cancel manifest")),
    ManifestAction.PICK_UP.value: ("pick-up", _l("Go to pick-up")),
    ManifestAction.DELIVER.value: ("arrival", _l("Go to arrival")),
    ManifestAction.ACCEPT.value: ("weighing", _l("Go to weighing")),
    ManifestAction.ACCEPT_PART.value: ("weighing", _l("Go to weighing")),
    ManifestAction.REJECT.value: ("weighing", _l("Go to weighing")),
    ManifestAction.TREAT.value: ("treatment", _l("Go to treatment")),
    ManifestAction.CLOSE.value: ("close", _l("Go to closing")),
}


# --- Shared by the custody and manifest pages ---------------------------------------------------


def require_role(me: Actor, roles: tuple[str, ...]) -> None:
    """Refuse a page that is not part of this role's work (the services re-check every action)."""
    if me.role not in roles:
        raise errors.Forbidden(_("This page is not part of your role's work."))


def new_key() -> str:
    """A fresh idempotency key for an action form (a double-tapped button then records once)."""
    return secrets.token_urlsafe(18)


def refusal(exc: errors.HazchemError) -> str:
    """The service's message, with the rule it names when it is a regulatory refusal."""
    return explain(exc)


def refused_status(exc: errors.HazchemError) -> int:
    """The HTTP status of a refused action form."""
    return 403 if isinstance(exc, errors.Forbidden) else form_status(exc)


def run_once(me: Actor, subject: str, action: str, perform: Callable[[], dict[str, Any]]) -> KeyedResult:
    """Run a form's action once per idempotency key; a replay returns the first answer."""
    sent = {k: request.form.getlist(k) for k in sorted(request.form) if k not in ("csrf_token", "idem")}
    return idempotent(
        session=db_session(),
        actor=me,
        key=request.form.get("idem") or None,
        subject=subject,
        action=action,
        perform=perform,
        request=sent,
    )


def flash_done(reply: KeyedResult, message: str) -> None:
    """Say what was recorded, or that a repeated tap changed nothing."""
    if reply.replayed:
        flash(_("Already recorded: this form was sent twice, nothing changed the second time."), "info")
    else:
        flash(message, "success")


def base_url() -> str:
    """The public base URL printed in QR codes."""
    return public_base_url()


def segregation() -> Any:
    """The configured incompatibility matrix."""
    return waste.segregation_matrix(Path(current_app.config["SEGREGATION_FILE"]))


@bp.app_template_filter("kg")
def kg_filter(grams: int | None) -> str:
    """Grams shown as a kilogram figure (blank when unknown)."""
    return g_to_kg_text(grams)


@bp.app_template_filter("g_t")
def tonnes_filter(grams: int | None) -> str:
    """Grams shown as tonnes (e.g. 1.25 t)."""
    return rules.tonnes(grams or 0)


@bp.app_template_filter("local_time")
def local_time_filter(moment: Any) -> str:
    """A stored UTC time shown in Beijing time, as the printed documents show it."""
    return documents.local_time(moment)


# What a container's history line adds after its action, in this order, when the event recorded it.
EVENT_FACTS = ("facility", "manifest", "vehicle", "method", "reason", "where")


@bp.app_template_filter("event_facts")
def event_facts_filter(after: dict[str, Any]) -> list[tuple[str, Any]]:
    """The facts an audit event recorded that its history line shows, as (key, value), in EVENT_FACTS order.

    Picked here rather than by looking up each key in the template: a page shows every event of the
    container, and each lookup through the template costs more than the whole selection does here.
    """
    return [(key, after[key]) for key in EVENT_FACTS if after.get(key)]


def custody_nav(me: Actor) -> list[tuple[str, str, dict[str, Any]]]:
    """Navigation entries for each role's custody-chain work."""
    items: list[tuple[str, str, dict[str, Any]]] = []
    if me.role == Role.DRIVER:
        items.append(("web.manifests.manifests", _("My pick-ups"), {"status": "submitted"}))
        items.append(("web.custody.scan", _("Scan"), {}))
        return items
    if me.role == Role.CARRIER_DISPATCHER:
        items.append(("web.manifests.manifests", _("Legs to dispatch"), {"status": "submitted"}))
        items.append(("web.manifests.manifests", _("Manifests"), {}))
        items.append(("web.oversight.oversight_transport_legs", _("Transport legs"), {}))
        return items
    if me.role == Role.RECEIVER_OPERATOR:
        items.append(("web.manifests.manifests", _("Arrivals"), {"status": "in_transit"}))
    if me.role in (Role.EHS_OFFICER, Role.PARK_ADMIN):
        items.append(("web.custody.streams", _("Waste streams"), {}))
        items.append(("web.custody.containers_new", _("Generate and label"), {}))
    if me.role in CUSTODY_ROLES and may_read(me, Area.WASTE_STORAGE):
        items.append(("web.custody.containers", _("Containers"), {}))
        items.append(("web.custody.storage", _("Storage"), {}))
    if may_read(me, Area.WASTE_MANIFESTS):
        items.append(("web.manifests.manifests", _("Manifests"), {}))
        if me.is_admin or me.is_regulator:
            items.append(("web.oversight.oversight_manifests", _("Manifest audit"), {}))
    if me.role != Role.REGULATOR:
        items.append(("web.custody.scan", _("Scan"), {}))
    return items


# --- Waste streams ------------------------------------------------------------------------------

STREAM_FIELDS = (
    "waste_code",
    "name",
    "form",
    "main_components",
    "harmful_components",
    "precautions",
    "packaging",
    "dg_class",
    "un_number",
    "packing_group",
    "not_dg_reason",
)
TRANSPORT_FIELDS = ("dg_class", "un_number", "packing_group", "not_dg_reason")


def _streams_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    streams = waste.list_streams(session=db, actor=me)
    owners = registry_names([s.enterprise_id for s in streams])
    extra.setdefault("form", {})
    page = render_template(
        "custody/streams.html",
        streams=streams,
        owners=owners,
        forms=list(PhysicalForm),
        segregation_classes=rules.declared_classes(segregation()),
        can_create=me.role in GENERATING_ROLES,
        enterprises=registry.list_enterprises(session=db, actor=me, limit=500) if me.is_admin else [],
        **extra,
    )
    return page, status


def registry_names(ids: list[int]) -> dict[int, Any]:
    """Enterprises by id, for owner columns."""

    return registry.enterprise_names(session=db_session(), ids=ids)


@bp.route("/streams", methods=["GET", "POST"])
@login_required
def streams() -> Any:
    """My enterprise's waste streams (废物档案), and the form to register one."""
    me = actor()
    require_role(me, CUSTODY_ROLES)
    if request.method == "GET":
        return _streams_page()
    require_role(me, GENERATING_ROLES)
    form: dict[str, Any] = {key: request.form.get(key, "") for key in STREAM_FIELDS}
    chars = request.form.getlist("characteristics")
    form["tags"] = request.form.getlist("tags")
    enterprise_id = me.enterprise_id or int_or_none(request.form.get("enterprise_id"))
    db = db_session()
    try:
        if enterprise_id is None:
            raise errors.InvalidInput(_("Choose the enterprise that produces this waste."))
        created = waste.create_stream(
            session=db,
            actor=me,
            enterprise_id=enterprise_id,
            waste_code=form["waste_code"],
            name=form["name"],
            form=form["form"],
            main_components=form["main_components"],
            harmful_components=form["harmful_components"],
            characteristics=chars or None,
            tags=form["tags"],
            precautions=form["precautions"],
            packaging=form["packaging"],
            dg_class=form["dg_class"].strip() or None,
            un_number=form["un_number"],
            packing_group=form["packing_group"],
            not_dg_reason=form["not_dg_reason"],
        )
    except errors.HazchemError as exc:
        db.rollback()
        return _streams_page(refused_status(exc), form={**form, "characteristics": chars}, error=refusal(exc))
    flash(_("Waste stream %(name)s registered.", name=created.name), "success")
    return redirect(url_for("web.custody.streams"))


@bp.post("/streams/<int:stream_id>/transport")
@login_required
def stream_transport(stream_id: int) -> Any:
    """Record or correct a stream's dangerous-goods transport data (class, UN number, packing group)."""
    me = actor()
    require_role(me, GENERATING_ROLES)
    form = {key: request.form.get(key, "") for key in TRANSPORT_FIELDS}
    db = db_session()
    try:
        changed = waste.set_stream_transport(session=db, actor=me, stream_id=stream_id, **form)
    except errors.HazchemError as exc:
        db.rollback()
        return _streams_page(refused_status(exc), error=refusal(exc))
    flash(_("Transport data of %(name)s saved.", name=changed.name), "success")
    return redirect(url_for("web.custody.streams"))


# --- Generate and label -------------------------------------------------------------------------

CONTAINER_FIELDS = ("stream_id", "packaging", "volume_l", "net_weight_kg", "gen_date", "count", "facility_id")


def _generate_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    me = actor()
    db = db_session()
    streams = waste.list_streams(session=db, actor=me)
    facilities = registry.list_facilities(session=db, actor=me, limit=500) if me.enterprise_ids else []
    extra.setdefault("form", {"gen_date": park_today(me).isoformat(), "count": "1"})
    page = render_template(
        "custody/generate.html",
        streams=[s for s in streams if s.active],
        facilities=facilities,
        idem=new_key(),
        max_count=MAX_LABELS,
        **extra,
    )
    return page, status


@bp.route("/containers/new", methods=["GET", "POST"])
@login_required
def containers_new() -> Any:
    """Create labelled containers at generation, then print their labels."""
    me = actor()
    require_role(me, GENERATING_ROLES)
    if request.method == "GET":
        return _generate_page()
    form = {key: request.form.get(key, "") for key in CONTAINER_FIELDS}
    db = db_session()

    def perform() -> dict[str, Any]:
        made = waste.create_containers(
            session=db,
            actor=me,
            stream_id=required_int(form["stream_id"], "stream"),
            packaging=form["packaging"],
            volume_l=required_int(form["volume_l"], "volume_l"),
            net_weight_kg=form["net_weight_kg"],
            gen_date=required_date(form["gen_date"], "gen_date"),
            count=required_int(form["count"], "count"),
            facility_id=optional_int(form["facility_id"], "facility"),
        )
        return {"ids": [c.id for c in made]}

    try:
        reply = run_once(me, f"stream:{form['stream_id']}", "generate", perform)
    except errors.HazchemError as exc:
        db.rollback()
        return _generate_page(refused_status(exc), form=form, error=refusal(exc))
    ids = reply.body["ids"]
    flash_done(reply, _("%(count)s container(s) created. Print their labels.", count=len(ids)))
    return redirect(url_for("web.custody.container_labels", ids=",".join(str(i) for i in ids)))


def _label_ids() -> list[int]:
    """Container ids from the ids query argument (comma-separated or repeated)."""
    raw = ",".join(request.args.getlist("ids"))
    ids = list(dict.fromkeys(i for i in (int_or_none(part) for part in raw.split(",")) if i is not None))
    if not ids:
        raise errors.NotFound(msg.NO_CONTAINERS_CHOSEN)
    return ids[:MAX_LABELS]


@bp.get("/containers/labels")
@login_required
def container_labels() -> str:
    """A batch of containers with label previews and the PDF print links."""
    me = actor()
    ids = _label_ids()
    db = db_session()
    containers = [waste.get_container(session=db, actor=me, container_id=i) for i in ids]
    streams = waste.streams_by_id(db, {c.stream_id for c in containers})
    design = load_layout(current_app.config["LABEL_LAYOUT_FILE"])
    return render_template(
        "custody/labels.html",
        containers=containers,
        streams=streams,
        ids=",".join(str(c.id) for c in containers),
        copies_over_l=design.copies_over_volume_l,
        copies=design.copies,
    )


@bp.get("/containers/labels.pdf")
@login_required
def container_labels_pdf() -> Response:
    """The labels of chosen containers in one PDF: one per page (roll printers) or tiled on A4."""
    layout = LabelLayout.A4 if request.args.get("layout") == LabelLayout.A4 else LabelLayout.ROLL
    labels = documents.labels_for(
        session=db_session(), actor=actor(), container_ids=_label_ids(), base_url=base_url()
    )
    pdf = label_pdf(labels, layout=layout, template=current_app.config["LABEL_LAYOUT_FILE"])
    name = f"labels-{labels[0].digital_id}-{len(labels)}-{layout}.pdf"
    return download(pdf, name, inline=True, no_store=True)


@bp.get("/containers/<int:container_id>/label.png")
@login_required
def container_label_png(container_id: int) -> Response:
    """A PNG preview of one container's label for the screen."""
    labels = documents.labels_for(
        session=db_session(), actor=actor(), container_ids=[container_id], base_url=base_url()
    )
    png = label_png(labels[0], template=current_app.config["LABEL_LAYOUT_FILE"])
    return download(png, f"{labels[0].digital_id}.png", inline=True, no_store=True)


# --- Containers ---------------------------------------------------------------------------------


@bp.get("/containers")
@login_required
def containers() -> str:
    """Containers I may see (mine, in my stores, on my manifests), filtered by status, a page at a time."""
    me = actor()
    require_role(me, CUSTODY_ROLES)
    status = request.args.get("status", "")
    status = status if status in set(ContainerStatus) else ""
    after = int_or_none(request.args.get("after"))
    db = db_session()
    rows = custody_reads.list_containers(
        db, me, status=status or None, facility_id=None, enterprise_id=None, after=after, limit=PAGE_SIZE
    )
    return render_template(
        "custody/containers.html",
        containers=rows,
        streams=waste.streams_by_id(db, {c.stream_id for c in rows}),
        facilities=waste.facilities_by_id(db, {c.facility_id for c in rows}),
        status=status,
        statuses=list(ContainerStatus),
        next_after=rows[-1].id if len(rows) == PAGE_SIZE else None,
    )


def _container_page(digital_id: str, status: int = 200, **extra: Any) -> tuple[str, int]:
    """The label fields for anyone; for a user who may see the container, its history and actions."""
    me = current_actor()
    page = scans.scan_page(session=db_session(), actor=me, scanned=digital_id, base_url=base_url())
    if page.container is None:
        return render_template("custody/label_public.html", label=page.label), status
    links = []
    for action in page.actions:
        target = MANIFEST_ANCHORS.get(action)
        if target and page.manifest is not None and target not in links:
            links.append(target)
    html = render_template(
        "custody/container.html",
        chain=page.chain,
        travels=page.travels,
        label=page.label,
        container=page.container,
        manifest=page.manifest,
        facility=page.facility,
        history=page.history,
        names=page.names,
        can_put_away=ContainerAction.PUT_AWAY.value in page.actions,
        can_void=ContainerAction.VOID.value in page.actions,
        stores=page.stores,
        manifest_links=[(anchor, str(text)) for anchor, text in links],
        idem=new_key(),
        **extra,
    )
    return html, status


@bp.get("/l/<digital_id>")
def container_page(digital_id: str) -> Any:
    """What a scanned QR label opens: the label without login; history and actions for staff."""
    return _container_page(digital_id)


@bp.post("/l/<digital_id>/put-away")
@login_required
def container_put_away(digital_id: str) -> Any:
    """Put the container into one of my storage facilities (capacity and segregation checked)."""
    me = actor()
    db = db_session()
    container = waste.get_container(session=db, actor=me, scanned=digital_id)

    def perform() -> dict[str, Any]:
        facility_id = required_int(request.form.get("facility_id"), "facility")
        done = waste.put_away(
            session=db, actor=me, container_id=container.id, facility_id=facility_id, matrix=segregation()
        )
        return {"status": done.status}

    try:
        reply = run_once(me, container.digital_id, ContainerAction.PUT_AWAY.value, perform)
    except errors.HazchemError as exc:
        db.rollback()
        return _container_page(digital_id, refused_status(exc), error=refusal(exc))
    flash_done(reply, _("Container put away."))
    return redirect(url_for("web.custody.container_page", digital_id=container.digital_id))


@bp.post("/l/<digital_id>/void")
@login_required
def container_void(digital_id: str) -> Any:
    """Void a container whose label was spoiled before storage (with a reason)."""
    me = actor()
    db = db_session()
    container = waste.get_container(session=db, actor=me, scanned=digital_id)
    reason = request.form.get("reason", "")

    def perform() -> dict[str, Any]:
        done = waste.void(session=db, actor=me, container_id=container.id, reason=reason)
        return {"status": done.status}

    try:
        reply = run_once(me, container.digital_id, ContainerAction.VOID.value, perform)
    except errors.HazchemError as exc:
        db.rollback()
        return _container_page(digital_id, refused_status(exc), error=refusal(exc), reason=reason)
    flash_done(reply, _("Container voided."))
    return redirect(url_for("web.custody.container_page", digital_id=container.digital_id))


# --- Scan box -----------------------------------------------------------------------------------


@bp.get("/scan")
def scan() -> Any:
    """One input for a keyboard-wedge scanner (a bare digital ID or the label URL, then Enter)."""
    code = request.args.get("code", "").strip()
    if not code:
        return render_template("custody/scan.html", code="")
    try:
        digital = digital_id_from_scan(code)
    except errors.InvalidInput as exc:
        message = _("Not a container label: %(reason)s", reason=say(exc.said))
        return render_template("custody/scan.html", code=code[:200], error=message), 400
    return redirect(url_for("web.custody.container_page", digital_id=str(digital)))


# --- Storage ------------------------------------------------------------------------------------


@bp.get("/storage")
@login_required
def storage() -> str:
    """Occupancy of my storage facilities and the containers near or over the one-year limit."""
    me = actor()
    require_role(me, CUSTODY_ROLES)
    db = db_session()
    warning_days = int(current_app.config.get("STORAGE_WARNING_DAYS", 300))
    return render_template(
        "custody/storage.html",
        occupancy=waste.occupancy(session=db, actor=me),
        due=waste.storage_ages(session=db, actor=me, warning_days=warning_days, only_due=True),
        warning_days=warning_days,
    )


def weight_tolerance() -> Decimal:
    """The weighing tolerance from the configuration (0.05 is 5 %)."""
    return current_app.config["WEIGHT_TOLERANCE"]
