"""Field checks and paging shared by the registry's use cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from hazchem.domain.errors import Conflict, InvalidInput
from hazchem.services.platform import audit
from hazchem.services.platform.access import (
    Actor,
)

DEFAULT_PAGE = 50


MAX_PAGE = 500


def page(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_PAGE
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}", details=[{"field": "limit"}])
    return limit


def require_text(value: str | None, field_name: str, max_len: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{field_name} is required", details=[{"field": field_name}])
    if len(text) > max_len:
        raise InvalidInput(
            f"{field_name} is longer than {max_len} characters", details=[{"field": field_name}]
        )
    return text


def enum_value(enum: type, value: str, field_name: str) -> str:
    try:
        return enum(value).value
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidInput(
            f"{field_name} {value!r} is not one of: {allowed}",
            details=[{"field": field_name, "value": value}],
        ) from None


def non_negative(value: int | None, field_name: str) -> int | None:
    if value is not None and value < 0:
        raise InvalidInput(f"{field_name} must not be negative", details=[{"field": field_name}])
    return value


def flush_or_conflict(session: Session, what: str) -> None:
    """Write the pending rows now, so a duplicate is refused as a Conflict naming what already exists."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"{what} already exists") from None


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def flush_with_event(
    session: Session, actor: Actor | None, action: str, obj: Any, fields: Sequence[str], *, what: str
) -> None:
    """Write a new row (a duplicate is a Conflict) and record its creation with the fields given."""
    flush_or_conflict(session, what)
    audit.record(
        session,
        actor=actor,
        action=action,
        entity=type(obj).__name__.lower(),
        entity_id=obj.id,
        after=snapshot(obj, fields),
    )
