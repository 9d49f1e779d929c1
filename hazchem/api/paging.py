"""Opaque keyset cursors: a page ends with the id of its last row, encoded."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hazchem.api.messages import BAD_CURSOR
from hazchem.domain.errors import InvalidInput

T = TypeVar("T")
_PREFIX = "id:"


def encode_cursor(last_id: int) -> str:
    """The cursor that continues after the row with `last_id`."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The id a cursor continues after (None for the first page); a malformed cursor is invalid input."""
    if cursor is None or cursor == "":
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        value = int(text[len(_PREFIX) :])
        if value < 0 or not text[len(_PREFIX) :].isdigit():
            raise ValueError(text)
        return value
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput(BAD_CURSOR, details=[{"field": "cursor", "value": cursor}]) from None


def page(
    rows: Sequence[T], limit: int, render: Callable[[T], Any], key: Callable[[T], int]
) -> tuple[list[Any], str | None]:
    """Render up to `limit` rows; a next cursor only when the service returned one row more."""
    shown = list(rows[:limit])
    next_cursor = encode_cursor(key(shown[-1])) if len(rows) > limit and shown else None
    return [render(r) for r in shown], next_cursor


def after_in_memory(rows: Sequence[T], after: int | None, limit: int, key: Callable[[T], int]) -> list[T]:
    """Keyset-slice an id-ordered list a service returned whole (one row beyond `limit`)."""
    start = [r for r in rows if after is None or key(r) > after]
    return start[: limit + 1]
