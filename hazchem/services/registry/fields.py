"""Field checks and paging shared by the registry's use cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from hazchem.domain.errors import Conflict, InvalidInput, Message, Said, Term
from hazchem.services.platform import audit
from hazchem.services.platform.access import (
    Actor,
)
from hazchem.services.registry import messages as msg

DEFAULT_PAGE = 50


MAX_PAGE = 500


def page(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_PAGE
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInput(msg.LIMIT_RANGE, max=MAX_PAGE, details=[{"field": "limit"}])
    return limit


def require_text(value: str | None, field_name: str, max_len: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(msg.REQUIRED, field=Term("field", field_name), details=[{"field": field_name}])
    if len(text) > max_len:
        raise InvalidInput(
            msg.TOO_LONG, field=Term("field", field_name), max=max_len, details=[{"field": field_name}]
        )
    return text


def enum_value(enum: type, value: str, field_name: str) -> str:
    try:
        return enum(value).value
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidInput(
            msg.NOT_ONE_OF,
            field=Term("field", field_name),
            value=str(value),
            allowed=allowed,
            details=[{"field": field_name, "value": value}],
        ) from None


def non_negative(value: int | None, field_name: str) -> int | None:
    if value is not None and value < 0:
        raise InvalidInput(msg.NEGATIVE, field=Term("field", field_name), details=[{"field": field_name}])
    return value


def flush_or_conflict(session: Session, what: Message | Said) -> None:
    """Write the pending rows now, so a duplicate is refused as a Conflict naming what already exists."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(msg.ALREADY_EXISTS, what=what) from None


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def flush_with_event(
    session: Session,
    actor: Actor | None,
    action: str,
    obj: Any,
    fields: Sequence[str],
    *,
    what: Message | Said,
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
