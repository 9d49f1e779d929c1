"""What every API model shares: base classes, paging limits and how quantities travel.

Quantities travel in tonnes: responses carry decimal strings ("30000", "1.5"), requests accept
numbers or strings; field names end in _t (stored), _tpa (per year) or _tpd (per day).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from hazchem.domain.limits import MAX_INT, MAX_QUANTITY, MIN_INT, QUANTITY_DECIMALS
from hazchem.domain.units import g_to_kg_text, kg_to_tonnes, tonnes_to_kg


def _quantity_in_range(value: str | int | float) -> str | int | float:
    """Refuse a figure above MAX_QUANTITY before any arithmetic on it.

    Text that is no number, negative or infinite figures and figures finer than QUANTITY_DECIMALS
    are refused by domain.units, whose messages say what a figure of that unit must look like.
    """
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return value
    if number.is_finite() and number > MAX_QUANTITY:
        raise ValueError(f"must be a number from 0 to {MAX_QUANTITY}")
    return value


# A quantity as submitted (tonnes, or kilograms where the field says so): a JSON number or a decimal
# string, bounded here so that no figure reaches domain.units' arithmetic or a 64-bit column out of
# range; domain.units then converts it to whole kilograms or grams.
QuantityIn = Annotated[
    StrictStr | StrictInt | StrictFloat,
    AfterValidator(_quantity_in_range),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": MAX_QUANTITY},
                {
                    "type": "string",
                    "pattern": rf"^[0-9][0-9,]*(\.[0-9]{{1,{QUANTITY_DECIMALS}}})?$",
                    "maxLength": 32,
                },
            ],
            "description": f"0 to {MAX_QUANTITY}, at most {QUANTITY_DECIMALS} decimal places",
        }
    ),
]
TonnesIn = QuantityIn

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def tonnes_out(kg: int | None) -> str | None:
    """Kilograms as a plain decimal string of tonnes (never exponent notation)."""
    tonnes = kg_to_tonnes(kg)
    return None if tonnes is None else format(tonnes, "f")


def kg_in(value: TonnesIn | None, field: str) -> int | None:
    """A submitted tonnes figure in whole kilograms (refuses junk, negatives and sub-kilogram digits)."""
    return tonnes_to_kg(value, field)


def _outside_int_columns(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return not MIN_INT <= value <= MAX_INT
    if isinstance(value, list | tuple | set):
        return any(_outside_int_columns(v) for v in value)
    if isinstance(value, dict):
        return any(_outside_int_columns(v) for v in value.values())
    return False


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_date(annotation: Any) -> bool:
    # A date field, optional or not; datetime (a date subclass) is not one.
    if annotation is date:
        return True
    return get_origin(annotation) in (Union, UnionType) and date in get_args(annotation)


def _document_int_range(schema: dict[str, Any]) -> None:
    # Integers the model does not bound itself are documented with the range every input model enforces.
    if schema.get("type") == "integer":
        if "minimum" not in schema and "exclusiveMinimum" not in schema:
            schema["minimum"] = MIN_INT
        if "maximum" not in schema and "exclusiveMaximum" not in schema:
            schema["maximum"] = MAX_INT
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for part in schema.get(key, ()):
            _document_int_range(part)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _document_int_range(schema[key])
    for part in schema.get("properties", {}).values():
        _document_int_range(part)


class Input(BaseModel):
    """Base of request models: every integer fits the database's integer columns (ids, years, counts).

    An integer beyond PostgreSQL's `integer` range would otherwise reach a query and fail there as a
    server error; here it is a 400 naming the field, on every body and query model at once.
    """

    model_config = ConfigDict(json_schema_extra=_document_int_range)

    @field_validator("*", mode="before")
    @classmethod
    def _dates_as_iso_text(cls, value: Any, info: ValidationInfo) -> Any:
        # pydantic would read 0 or "0" as 1970-01-01 (a Unix time); a date is only ever YYYY-MM-DD.
        text = value.strip() if isinstance(value, str) else None
        malformed = isinstance(value, int | float) or (text and not ISO_DATE.fullmatch(text))
        if malformed and _is_date(cls.model_fields[info.field_name].annotation):
            raise ValueError("a date is written YYYY-MM-DD")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _integers_fit_columns(cls, value: Any) -> Any:
        if _outside_int_columns(value):
            raise ValueError(f"integers must be from {MIN_INT} to {MAX_INT}")
        return value


class Body(Input):
    """Base of every JSON request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Query(Input):
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
