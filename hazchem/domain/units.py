"""Quantities: stored as integer kilograms, entered and shown in tonnes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from hazchem.domain import messages as msg
from hazchem.domain.errors import InvalidInput
from hazchem.domain.limits import MAX_QUANTITY

KG_PER_T = 1000


def tonnes_to_kg(value: str | int | float | Decimal | None, field: str = "quantity") -> int | None:
    """Parse a tonnes figure into whole kilograms; refuse negatives, junk and sub-kilogram digits."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        tonnes = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(
            msg.UNIT_NOT_TONNES,
            field=field,
            value=repr(value),
            details=[{"field": field, "value": str(value)}],
        ) from None
    if not tonnes.is_finite() or tonnes < 0:
        raise InvalidInput(
            msg.UNIT_NEGATIVE_TONNES,
            field=field,
            details=[{"field": field, "value": str(value)}],
        )
    if tonnes > MAX_QUANTITY:
        raise InvalidInput(
            msg.UNIT_TOO_MANY_TONNES,
            field=field,
            max=MAX_QUANTITY,
            details=[{"field": field, "value": str(value)}],
        )
    kg = tonnes * KG_PER_T
    if kg != kg.to_integral_value():
        raise InvalidInput(
            msg.UNIT_BELOW_KILOGRAM, field=field, details=[{"field": field, "value": str(value)}]
        )
    return int(kg)


def kg_to_tonnes(kg: int | None) -> Decimal | None:
    """Show kilograms as tonnes without float rounding."""
    if kg is None:
        return None
    return (Decimal(kg) / KG_PER_T).normalize()


def format_tonnes(kg: int | None) -> str:
    """Tonnes as text with thousands separators, e.g. 30,000 or 1.5."""
    tonnes = kg_to_tonnes(kg)
    if tonnes is None:
        return ""
    return f"{tonnes:,f}"


G_PER_KG = 1000


def kg_to_g(value: str | int | float | Decimal | None, field: str = "weight") -> int | None:
    """Parse a kilogram figure (up to three decimals) into whole grams; refuse negatives and junk."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        kg = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(
            msg.UNIT_NOT_KILOGRAMS,
            field=field,
            value=repr(value),
            details=[{"field": field, "value": str(value)}],
        ) from None
    if not kg.is_finite() or kg < 0:
        raise InvalidInput(
            msg.UNIT_NEGATIVE_KILOGRAMS,
            field=field,
            details=[{"field": field, "value": str(value)}],
        )
    if kg > MAX_QUANTITY:
        raise InvalidInput(
            msg.UNIT_TOO_MANY_KILOGRAMS,
            field=field,
            max=MAX_QUANTITY,
            details=[{"field": field, "value": str(value)}],
        )
    grams = kg * G_PER_KG
    if grams != grams.to_integral_value():
        raise InvalidInput(msg.UNIT_BELOW_GRAM, field=field, details=[{"field": field, "value": str(value)}])
    return int(grams)


def g_to_kg_text(grams: int | None) -> str:
    """Grams as a kilogram figure without float rounding (e.g. 180.5)."""
    if grams is None:
        return ""
    return f"{(Decimal(grams) / G_PER_KG).normalize():f}"
