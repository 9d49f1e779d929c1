"""The one clock: every reading of the time goes through here."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current time, to the second, in UTC."""
    return datetime.now(UTC).replace(microsecond=0)
