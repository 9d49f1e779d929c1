"""Web pages: the blueprint, login and logout, the language switch and the dashboard."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import flask_login
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from hazchem.appctx import (
    SESSION_VERSION_KEY,
    SUPPORTED_LOCALES,
    current_actor,
    db_session,
    keep_session,
    login_throttle,
    refuse_nul_text,
    start_session,
)
from hazchem.domain import errors
from hazchem.domain.vocab import Role
from hazchem.i18n import say
from hazchem.services import registry, waste, work
from hazchem.services.oversight import dashboards, review
from hazchem.services.platform import Actor, auth, park_today
from hazchem.web import messages
from hazchem.web.refusals import explain
from hazchem.web.work_targets import work_url

bp = Blueprint("web", __name__)
bp.before_request(refuse_nul_text)

HOME_LEGS = 20  # transport legs a driver's or dispatcher's home lists


@bp.errorhandler(errors.HazchemError)
def _hazchem_error(exc: errors.HazchemError) -> Any:
    from hazchem.web import handle_hazchem_error

    return handle_hazchem_error(exc)


def actor() -> Actor:
    """The logged-in actor (pages are behind login_required, so there is one)."""
    found = current_actor()
    if found is None:
        raise errors.NotAuthenticated(messages.PLEASE_LOG_IN)
    return found


def safe_next(target: str | None, default: str = "web.dashboard") -> str:
    """A local path to go to after a form, never another site (else the default page)."""
    target = (target or "").strip()
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not parts.scheme
        and not parts.netloc
    ):
        return target
    return url_for(default)


@bp.get("/healthz")
def healthz() -> tuple[str, int]:
    """Liveness probe for the reverse proxy."""
    return "ok", 200


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the login form; on POST check the password and log the user in."""
    next_url = request.values.get("next", "")
    if request.method == "GET":
        if current_actor() is not None:
            return redirect(safe_next(next_url))
        return render_template("login.html", next=next_url, username="")
    username = request.form.get("username", "")
    try:
        found = auth.authenticate(
            session=db_session(),
            username=username,
            password=request.form.get("password", ""),
            remote_addr=request.remote_addr or "",
            throttle=login_throttle(),
        )
    except errors.TooManyAttempts as exc:
        minutes = -(-exc.retry_after // 60)
        error = _(
            "Too many failed logins from this address. Try again in %(minutes)s minutes.", minutes=minutes
        )
        page = render_template("login.html", next=next_url, username=username, error=error)
        return page, 429, {"Retry-After": str(exc.retry_after)}
    except errors.NotAuthenticated as exc:
        error = say(exc.said)
        return render_template("login.html", next=next_url, username=username, error=error), 401
    start_session(found)
    return redirect(safe_next(next_url))


@bp.post("/logout")
def logout() -> Any:
    """Log out (POST with the CSRF token) everywhere, and keep the language choice.

    The account's session version moves on, so a copy of this session's cookie, or the account's
    sessions on other devices, stop working too.
    """
    locale = session.get("locale")
    me = current_actor()
    if me is not None:
        auth.end_sessions(session=db_session(), actor=me)
    flask_login.logout_user()
    session.pop(SESSION_VERSION_KEY, None)
    if locale:
        session["locale"] = locale
    flash(_("You have logged out."), "info")
    return redirect(url_for("web.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@flask_login.login_required
def change_password() -> Any:
    """Change one's own password; this session stays, every other session and API token ends."""
    page = {"min_length": auth.MIN_PASSWORD_LENGTH}
    if request.method == "GET":
        return render_template("account_password.html", **page)
    new = request.form.get("new_password", "")
    if new != request.form.get("new_password_again", ""):
        error = _("The two new passwords differ.")
        return render_template("account_password.html", error=error, **page), 400
    try:
        version = auth.change_password(
            session=db_session(),
            actor=actor(),
            current_password=request.form.get("current_password", ""),
            new_password=new,
        )
    except errors.InvalidInput as exc:
        fields = {d.get("field") for d in exc.details}
        if "current_password" in fields:
            error = _("The current password is wrong.")
        elif "password" in fields:
            error = _("The new password needs at least %(count)s characters.", count=auth.MIN_PASSWORD_LENGTH)
        else:
            error = explain(exc)
        return render_template("account_password.html", error=error, **page), 400
    keep_session(version)
    flash(_("Your password has changed; your other sessions and API tokens have ended."), "info")
    return redirect(url_for("web.dashboard"))


@bp.post("/lang")
def set_language() -> Any:
    """Store the chosen UI language in the session and go back."""
    chosen = request.form.get("locale", "")
    if chosen in SUPPORTED_LOCALES:
        session["locale"] = chosen
    return redirect(safe_next(request.form.get("next"), default="web.dashboard"))


@bp.get("/")
@flask_login.login_required
def dashboard() -> str:
    """What I have to do now, most urgent first; then who I am, licences expiring soon that concern me,
    counts of what I see and links to my work."""
    me = actor()
    db = db_session()
    work_list = work.work_items(session=db, actor=me, today=park_today(me))
    department = (
        registry.get_department(session=db, actor=me, department_id=me.department_id)
        if me.department_id
        else None
    )
    enterprises = registry.enterprise_names(session=db, ids=me.enterprise_ids)
    days = current_app.config.get("EXPIRY_WARNING_DAYS", 60)
    expiring = registry.expiring_licences(session=db, actor=me, on=park_today(me), within_days=days)
    counts = dashboards.dashboard_counts(session=db, actor=me)
    corrections = review.open_for_me(session=db, actor=me)
    # Drivers and dispatchers work by leg: their home lists the latest legs they see.
    legs = (
        waste.list_transport_legs(db, me, limit=HOME_LEGS)
        if me.role in (Role.DRIVER, Role.CARRIER_DISPATCHER)
        else []
    )
    return render_template(
        "dashboard.html",
        legs=legs,
        department=department,
        enterprises=list(enterprises.values()),
        expiring=expiring,
        days=days,
        counts=counts,
        corrections=corrections,
        work=work_list,
        work_url=work_url,
    )
