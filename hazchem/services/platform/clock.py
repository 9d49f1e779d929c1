"""The one clock: every reading of the time goes through here."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.errors import InvalidInput
from hazchem.services.platform.messages import UNKNOWN_ZONE

DEFAULT_ZONE = "Asia/Shanghai"


def now() -> datetime:
    """The current time, to the second, in UTC."""
    return datetime.now(UTC).replace(microsecond=0)


@functools.cache
def zone_named(name: str) -> tzinfo:
    """The time zone of an IANA name such as Asia/Shanghai; an unknown name is refused."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            UNKNOWN_ZONE,
            name=name,
            details=[{"field": "timezone"}],
        ) from None


def today(zone: tzinfo | str = CHINA_TIME) -> date:
    """The park's calendar date now (Beijing unless the park's zone is given), never the server's own date."""
    return now().astimezone(zone_named(zone) if isinstance(zone, str) else zone).date()
