"""Flask glue shared by the entry points: config, engine per app, session per request, locale, login."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, current_app, g, request, session, stream_with_context
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from sqlalchemy.engine import Engine
from sqlmodel import Session
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, ValidationError

from hazchem.config import load_config
from hazchem.db import make_engine
from hazchem.domain.limits import MAX_ID, MAX_JSON_DEPTH
from hazchem.render import sheets
from hazchem.services.platform import Actor

if TYPE_CHECKING:
    from hazchem.services.platform import LoginThrottle

SUPPORTED_LOCALES = ("zh_Hans_CN", "en")
# The session key holding the account's session version at login (see auth.actor_for_user_id).
SESSION_VERSION_KEY = "session_version"
csrf = CSRFProtect()
login_manager = LoginManager()


def configure(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Load defaults, HAZCHEM_* variables and overrides; the secret lives in the instance folder."""
    config = load_config(overrides)
    app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        from hazchem.config import instance_secret

        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path) / "secret_key")
    # Flask defines both keys (SameSite as None), so they are set, not defaulted.
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind nginx every request comes from 127.0.0.1; login throttling needs the client's address.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    from hazchem.render.label_layouts import load_layout

    # A malformed layout file stops start-up with its message, not the first label print.
    load_layout(app.config["LABEL_LAYOUT_FILE"])
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LOCALE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).parent / "translations")


class IdConverter(IntegerConverter):
    """`<int:…>` URL parts limited to 1..MAX_ID: an id no row can have is a 404, never a database error."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int = 1, max: int = MAX_ID) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)

    def to_python(self, value: str) -> int:
        """The id, or 404 when out of range (werkzeug's refusal would be a 405 if other methods match)."""
        try:
            return super().to_python(value)
        except ValidationError:
            raise NotFound() from None


def _depth(value: Any) -> int:
    # Iterative, so that measuring a hostile document cannot itself exhaust the stack.
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class BoundedJSONProvider(DefaultJSONProvider):
    """JSON that reads hostile documents as malformed input: too deep is a ValueError, not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse JSON, refusing nesting beyond MAX_JSON_DEPTH the way any unparseable document is."""
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        if _depth(value) > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return value


def init_input_limits(app: Flask) -> None:
    """Bound what a request can carry before any route reads it: id range in URLs and JSON depth.

    Call before any blueprint is registered: URL rules pick their converters when added.
    """
    app.url_map.converters["int"] = IdConverter
    app.json = BoundedJSONProvider(app)


def init_database(app: Flask) -> None:
    """Create the app's engines (the primary, and the read replica when one is set) and close each
    request's sessions at teardown."""
    primary = make_engine(app.config["DATABASE_URL"])
    app.extensions["hazchem.engine"] = primary
    replica_url = app.config.get("READ_DATABASE_URL")
    app.extensions["hazchem.read_engine"] = make_engine(replica_url) if replica_url else primary

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        for key in ("db_session", "read_session"):
            db = g.pop(key, None)
            if db is not None:
                db.close()


def engine() -> Engine:
    """Return the current app's engine."""
    return current_app.extensions["hazchem.engine"]


def read_engine() -> Engine:
    """Return the engine oversight reads use: the replica when configured, else the primary."""
    return current_app.extensions["hazchem.read_engine"]


def db_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def read_session() -> Session:
    """Return this request's session for oversight reads (searches, dashboards, summaries, exports).

    It reads from the replica when one is configured, so a regulator's search never loads the primary;
    nothing read through it may decide a write, and writing through it fails on a hot standby. Who is
    asking is still loaded from the primary, so an account just disabled is refused at once.
    """
    if read_engine() is engine():
        return db_session()
    if "read_session" not in g:
        g.read_session = Session(read_engine(), expire_on_commit=False)
    return g.read_session


def select_locale() -> str:
    """Pick the language: the session's or ?lang= choice, an API caller's Accept-Language, else Chinese."""
    chosen = session.get("locale") or request.args.get("lang")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    if request.path.startswith("/api/"):
        asked = request.accept_languages.best_match(["zh", "en"])
        if asked is not None:
            return "en" if asked == "en" else "zh_Hans_CN"
    return current_app.config["DEFAULT_LOCALE"]


# Same-origin everything: hazchem's pages have no inline scripts or styles and no third-party assets.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles on its widgets; its scripts still come only from this server.
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; style-src 'self' 'unsafe-inline'"


def init_security_headers(app: Flask) -> None:
    """Send the browser hardening headers on every response (no framing, no sniffing, same origin)."""

    @app.after_request
    def _harden(response: Any) -> Any:
        headers = response.headers
        policy = DOCS_CONTENT_SECURITY_POLICY if request.blueprint == "api_docs" else CONTENT_SECURITY_POLICY
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _nul_in(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul_in(k) or _nul_in(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_nul_in(item) for item in value)
    return False


def _may_hold_nul(body: bytes) -> bool:
    """Whether a JSON body can decode to text with a NUL: only through a raw zero byte or a \\u0000 escape.

    A UTF-16 or UTF-32 body has zero bytes in its every ASCII character, so it is always decoded and
    walked; most bodies hold neither, and then are not decoded twice (validation decodes them again).
    """
    return b"\x00" in body or b"\\u0000" in body


def refuse_nul_text() -> None:
    """Refuse a request whose path, query, form, JSON or key carries a NUL character, before any use.

    No field of a park record may hold one, and PostgreSQL cannot store one: without this check such
    input would be an error on PostgreSQL and a stored oddity on SQLite, rather than a clear 400.
    """
    from hazchem.api.messages import NUL_TEXT
    from hazchem.domain.errors import InvalidInput

    parts: dict[str, Any] = {
        "path": request.path,
        "query": list(request.args.items(multi=True)),
        "form": list(request.form.items(multi=True)) if request.form else [],
        "Idempotency-Key": request.headers.get("Idempotency-Key", ""),
    }
    if request.is_json and _may_hold_nul(request.get_data(cache=True)):
        parts["body"] = request.get_json(silent=True)
    for where, value in parts.items():
        if _nul_in(value):
            raise InvalidInput(NUL_TEXT, details=[{"field": where}])


def init_i18n(app: Flask) -> None:
    """Chinese by default, English on request."""
    Babel(app, locale_selector=select_locale)


def init_auth(app: Flask) -> None:
    """Session login for pages (with CSRF on every form); API routes use bearer tokens instead."""
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "web.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(user_id: str) -> Actor | None:
        from hazchem.services.platform import auth

        # A session without a version (signed before versions existed, or forged) matches no account.
        version = session.get(SESSION_VERSION_KEY)
        if not isinstance(version, int):
            version = -1
        return auth.actor_for_user_id(session=db_session(), user_id=int(user_id), session_version=version)


def start_session(actor: Actor) -> None:
    """Log the actor in on this browser session, bound to the account's current session version."""
    import flask_login

    flask_login.login_user(actor)
    session[SESSION_VERSION_KEY] = actor.session_version


def keep_session(version: int) -> None:
    """Keep this browser's session alive after its own action moved the account's session version on."""
    session[SESSION_VERSION_KEY] = version


def login_throttle() -> LoginThrottle:
    """The configured limits on failed logins, for the login form and the token endpoint."""
    from hazchem.services.platform import LoginThrottle

    config = current_app.config
    return LoginThrottle(
        per_account=config["LOGIN_FAILURES_PER_ACCOUNT"],
        per_address=config["LOGIN_FAILURES_PER_ADDRESS"],
        window_minutes=config["LOGIN_WINDOW_MINUTES"],
        retention_days=config["LOGIN_FAILURE_RETENTION_DAYS"],
    )


def current_actor() -> Actor | None:
    """The logged-in actor of this request (web session or API token), or None."""
    actor = g.get("api_actor")
    if actor is not None:
        return actor
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def streamed(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Stream chunks read through this request's session, releasing that session when the stream ends.

    A download outlives its request: the request's teardown has already closed the session by the
    time the body is read, so the reads reopen it and only the end of the stream may close it again.
    """
    session = db_session()

    def body() -> Iterator[bytes]:
        try:
            yield from chunks
        finally:
            session.close()

    return stream_with_context(body())


# The file types hazchem hands out, by the extension of the file's name.
FILE_TYPES = {"csv": sheets.CSV_TYPE, "xlsx": sheets.XLSX_TYPE, "pdf": "application/pdf", "png": "image/png"}


def public_base_url() -> str:
    """The address printed in label and slip QR codes: BASE_URL, else the one this request reached.

    Unset, a demo served on a laptop prints codes for the address the browser used (its LAN address
    when a phone opened it), so labels work on first run; a production site sets BASE_URL.
    """
    return (current_app.config["BASE_URL"] or request.host_url).rstrip("/")


def download(
    body: bytes | Iterable[bytes], filename: str, *, inline: bool = False, no_store: bool = False
) -> Response:
    """The one file answer of pages and API: typed by the name's extension, streamed unless bytes.

    `inline` shows the file in the browser (labels, slips) instead of saving it; `no_store` keeps
    documents with personal and consignment details out of shared caches.
    """
    mimetype = FILE_TYPES[filename.rpartition(".")[2]]
    response = Response(body if isinstance(body, bytes) else streamed(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    if no_store:
        response.headers["Cache-Control"] = "private, no-store"
    return response
