"""What every API model shares: base classes, paging limits and how quantities travel.

Quantities travel in tonnes: responses carry decimal strings ("30000", "1.5"), requests accept
numbers or strings; field names end in _t (stored), _tpa (per year) or _tpd (per day).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from hazchem.domain.units import g_to_kg_text, kg_to_tonnes, tonnes_to_kg

# A quantity in tonnes as submitted: a JSON number or a decimal string, parsed by domain.units.
TonnesIn = StrictStr | StrictInt | StrictFloat

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def tonnes_out(kg: int | None) -> str | None:
    """Kilograms as a plain decimal string of tonnes (never exponent notation)."""
    tonnes = kg_to_tonnes(kg)
    return None if tonnes is None else format(tonnes, "f")


def kg_in(value: TonnesIn | None, field: str) -> int | None:
    """A submitted tonnes figure in whole kilograms (refuses junk, negatives and sub-kilogram digits)."""
    return tonnes_to_kg(value, field)


class Body(BaseModel):
    """Base of every JSON request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Query(BaseModel):
    """Base of query-string models: empty parameters count as absent."""

    model_config = ConfigDict(str_strip_whitespace=True, populate_by_name=True)


class PageQuery(Query):
    """Keyset pagination parameters."""

    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, description="opaque cursor from a previous next_cursor")


class Page(BaseModel):
    """A page of a list: its items and the cursor of the next page (null on the last)."""

    next_cursor: str | None = None


class Empty(BaseModel):
    """No content."""


class Out(BaseModel):
    """Base of response models read from rows and views by attribute: `Model.model_validate(row)`."""

    # populate_by_name: a detail model is also built from its summary's dump, keyed by field name.
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


def _as_list(value: Any) -> Any:
    # JSON columns may hold NULL for an empty list.
    return [] if value is None else list(value)


def _as_dict(value: Any) -> Any:
    # JSON columns may hold NULL for an empty mapping.
    return {} if value is None else dict(value)


def _tonnes_text(value: Any) -> Any:
    # Rows carry whole kilograms; a figure already rendered (built by field name) passes through.
    return tonnes_out(value) if isinstance(value, int) else value


def _kg_text(value: Any) -> Any:
    # Rows carry whole grams; a figure already rendered (built by field name) passes through.
    return g_to_kg_text(value) if isinstance(value, int) else value


# Validators of response fields that render what the row stores (read via validation_alias), used
# as Annotated[<type>, TONNES_FROM_KG] so the documented type stays the field's own.
AS_LIST = BeforeValidator(_as_list)
AS_DICT = BeforeValidator(_as_dict)
TONNES_FROM_KG = BeforeValidator(_tonnes_text)
KG_FROM_G = BeforeValidator(_kg_text)
