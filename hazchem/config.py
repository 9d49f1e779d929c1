"""Configuration from built-in defaults overridden by HAZCHEM_* environment variables."""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": f"sqlite:///{PROJECT_ROOT / 'instance' / 'hazchem.sqlite3'}",
    # A PostgreSQL streaming replica for oversight reads (searches, dashboards, summaries, exports);
    # empty means every read goes to DATABASE_URL.
    "READ_DATABASE_URL": "",
    "SECRET_KEY": None,
    # Unset: QR codes carry the address each request reached (see appctx.public_base_url).
    "BASE_URL": None,
    # The label layout file: a name in labels/ (a provincial variant is a new file there) or a path.
    "LABEL_LAYOUT_FILE": "hj1276-2022",
    "DEFAULT_LOCALE": "zh_Hans_CN",
    # API bearer tokens last a working day with overtime, then their holder asks for a new one.
    "TOKEN_TTL_HOURS": 12,
    "EXPIRY_WARNING_DAYS": 60,
    "SESSION_COOKIE_SECURE": False,
    # Custody-chain checks: storage-clock warning, weighing tolerance, segregation matrix.
    "STORAGE_WARNING_DAYS": 300,
    "WEIGHT_TOLERANCE": "0.05",
    "SEGREGATION_FILE": str(PROJECT_ROOT / "catalogues" / "segregation.json"),
    # Alerts: a transport leg longer than this many hours from pick-up to delivery is reported.
    "LONG_LEG_HOURS": 48,
    # Login throttling: failed logins one address may make within the window, per account and in all.
    "LOGIN_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_FAILURES_PER_ADDRESS": 30,
    "LOGIN_WINDOW_MINUTES": 15,
    # Failed logins are kept this many days for security review, then purged.
    "LOGIN_FAILURE_RETENTION_DAYS": 90,
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none).
    "PROXY_HOPS": 0,
    # Bytes a request body may carry (Flask answers 413 beyond it); no form or JSON body comes near.
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
}

_INT_KEYS = {
    "TOKEN_TTL_HOURS",
    "EXPIRY_WARNING_DAYS",
    "STORAGE_WARNING_DAYS",
    "LONG_LEG_HOURS",
    "LOGIN_FAILURES_PER_ACCOUNT",
    "LOGIN_FAILURES_PER_ADDRESS",
    "LOGIN_WINDOW_MINUTES",
    "LOGIN_FAILURE_RETENTION_DAYS",
    "PROXY_HOPS",
    "MAX_CONTENT_LENGTH",
}
_BOOL_KEYS = {"SESSION_COOKIE_SECURE"}


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge defaults, HAZCHEM_* environment variables and explicit overrides (in that order)."""
    config = dict(DEFAULTS)
    for key in DEFAULTS:
        raw = os.environ.get(f"HAZCHEM_{key}")
        if raw is None:
            continue
        if key in _INT_KEYS:
            try:
                config[key] = int(raw)
            except ValueError:
                raise ValueError(f"HAZCHEM_{key} must be a whole number, not {raw!r}") from None
        elif key in _BOOL_KEYS:
            config[key] = raw.strip().lower() in {"1", "true", "yes", "on"}
        else:
            config[key] = raw
    config.update(overrides or {})
    config["WEIGHT_TOLERANCE"] = _tolerance(config["WEIGHT_TOLERANCE"])
    _check_login_limits(config)
    return config


def _check_login_limits(config: dict[str, Any]) -> None:
    """Throttling and token lifetime settings must be positive; failures are kept as long as they count."""
    for key in (
        "TOKEN_TTL_HOURS",
        "LOGIN_FAILURES_PER_ACCOUNT",
        "LOGIN_FAILURES_PER_ADDRESS",
        "LOGIN_WINDOW_MINUTES",
        "LOGIN_FAILURE_RETENTION_DAYS",
    ):
        if int(config[key]) < 1:
            raise ValueError(f"HAZCHEM_{key} must be at least 1, not {config[key]!r}")
    if int(config["LOGIN_FAILURE_RETENTION_DAYS"]) * 24 * 60 < int(config["LOGIN_WINDOW_MINUTES"]):
        raise ValueError("HAZCHEM_LOGIN_FAILURE_RETENTION_DAYS must cover HAZCHEM_LOGIN_WINDOW_MINUTES")


def _tolerance(value: Any) -> Decimal:
    """The weighing tolerance as an exact fraction; a bad setting stops start-up with a clear message."""
    try:
        tolerance = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"HAZCHEM_WEIGHT_TOLERANCE must be a fraction like 0.05, not {value!r}") from None
    if not (0 <= tolerance < 1):
        raise ValueError(f"HAZCHEM_WEIGHT_TOLERANCE must be between 0 and 1, not {value!r}")
    return tolerance


def instance_secret(path: Path) -> str:
    """Return the secret key kept in the instance folder, creating it once (never in the repo)."""
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
