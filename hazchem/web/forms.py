"""Parsing of submitted form fields into the values the services take (refusals are InvalidInput)."""

from __future__ import annotations

from datetime import date

from hazchem.domain.errors import InvalidInput, Term
from hazchem.domain.limits import MAX_INT
from hazchem.web import messages as msg


def optional_int(value: str | None, field: str) -> int | None:
    """A whole number from a form field, or None when blank."""
    text = (value or "").strip()
    if not text:
        return None
    # ASCII only: str.isdigit() also takes digits such as "²" that int() refuses.
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput(
            msg.NOT_A_NUMBER, field=Term("field", field), text=text, details=[{"field": field}]
        )
    if int(text) > MAX_INT:
        raise InvalidInput(
            msg.NUMBER_TOO_LARGE,
            field=Term("field", field),
            text=text,
            max=MAX_INT,
            details=[{"field": field}],
        )
    return int(text)


def required_int(value: str | None, field: str) -> int:
    """A whole number that must be given."""
    number = optional_int(value, field)
    if number is None:
        raise InvalidInput(msg.REQUIRED, field=Term("field", field), details=[{"field": field}])
    return number


def optional_date(value: str | None, field: str) -> date | None:
    """A YYYY-MM-DD date from a form field, or None when blank."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            msg.NOT_A_DATE, field=Term("field", field), text=text, details=[{"field": field}]
        ) from None


def required_date(value: str | None, field: str) -> date:
    """A date that must be given."""
    day = optional_date(value, field)
    if day is None:
        raise InvalidInput(msg.REQUIRED, field=Term("field", field), details=[{"field": field}])
    return day


def split_codes(value: str | None) -> list[str]:
    """Codes typed as a comma- or space-separated list (e.g. "D10, R4")."""
    return [part for part in (value or "").replace("，", ",").replace(",", " ").split() if part]


def int_or_none(value: str | None) -> int | None:
    """A query-string number, silently ignored when it is not one (filters never fail a page)."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) <= MAX_INT else None
