"""The one clock: every reading of the time goes through here."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from hazchem.domain.deadlines import CHINA_TIME


def now() -> datetime:
    """The current time, to the second, in UTC."""
    return datetime.now(UTC).replace(microsecond=0)


def today(zone: tzinfo = CHINA_TIME) -> date:
    """The park's calendar date now (Beijing unless another zone is given), never the server's own date."""
    return now().astimezone(zone).date()
