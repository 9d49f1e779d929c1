"""Chemical stock rules: movement kinds, capacity, segregation of hazard classes, permit quantities and
the GB 18218-2018 sum Σq/Q. Quantities are integer kilograms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hazchem.domain import chemical_messages as msg
from hazchem.domain.errors import InvalidInput, RuleViolation, Said
from hazchem.domain.units import format_tonnes

DEFAULT_DISCARD_WASTE_CODE = "900-999-49"
# Σq/Q is kept in parts per billion: each term floored, so q = Q counts exactly 1.
PPB = 1_000_000_000


class MovementKind(StrEnum):
    """What a stock movement does: into a unit, out of it, or from one unit to another."""

    RECEIPT = "receipt"
    ISSUE = "issue"
    TRANSFER = "transfer"
    RETURN = "return"
    DISCARD = "discard"


# (takes stock out of `unit`, puts stock into a unit: `unit` itself or the transfer's `to_unit`)
MOVEMENT_EFFECTS: dict[MovementKind, tuple[bool, bool]] = {
    MovementKind.RECEIPT: (False, True),
    MovementKind.ISSUE: (True, False),
    MovementKind.TRANSFER: (True, True),
    MovementKind.RETURN: (False, True),
    MovementKind.DISCARD: (True, False),
}


class StorageUnitKind(StrEnum):
    """Kinds of storage unit inside a facility."""

    TANK = "tank"
    WAREHOUSE_AREA = "warehouse_area"
    CABINET = "cabinet"
    CYLINDER_STORE = "cylinder_store"


def movement_kind(value: str) -> MovementKind:
    """Parse a submitted movement kind."""
    try:
        return MovementKind(value)
    except ValueError:
        raise InvalidInput(
            msg.MOVEMENT_KIND_UNKNOWN,
            details=[{"field": "kind", "value": value}],
            kinds=", ".join(k.value for k in MovementKind),
        ) from None


def unit_kind(value: str) -> StorageUnitKind:
    """Parse a submitted storage unit kind."""
    try:
        return StorageUnitKind(value)
    except ValueError:
        raise InvalidInput(
            msg.UNIT_KIND_UNKNOWN,
            details=[{"field": "kind", "value": value}],
            kinds=", ".join(k.value for k in StorageUnitKind),
        ) from None


def takes_out(kind: MovementKind) -> bool:
    """Tell whether the movement takes stock out of its unit."""
    return MOVEMENT_EFFECTS[kind][0]


def puts_in(kind: MovementKind) -> bool:
    """Tell whether the movement puts stock into a unit."""
    return MOVEMENT_EFFECTS[kind][1]


def t(kg: int) -> str:
    """Kilograms as tonnes text for messages (e.g. 1.5 t)."""
    return f"{format_tonnes(kg)} t"


# --- Quantities ----------------------------------------------------------------------------------


def check_available(unit: str, chemical: str, stock_kg: int, taking_kg: int) -> None:
    """Refuse taking more of a chemical out of a unit than it holds."""
    if taking_kg > stock_kg:
        raise RuleViolation(
            "stock.insufficient",
            msg.STOCK_INSUFFICIENT,
            details=[{"unit": unit, "chemical": chemical, "stock_kg": stock_kg, "taking_kg": taking_kg}],
            unit=unit,
            stock=t(stock_kg),
            chemical=chemical,
            taking=t(taking_kg),
        )


def check_capacity(rule: str, place: str, capacity_kg: int | None, stock_kg: int, adding_kg: int) -> None:
    """Refuse stock beyond a recorded capacity; a store without a capacity takes nothing."""
    if capacity_kg is None:
        raise RuleViolation(
            rule,
            msg.STOCK_NO_CAPACITY,
            details=[{"place": place}],
            place=place,
        )
    if stock_kg + adding_kg > capacity_kg:
        raise RuleViolation(
            rule,
            msg.STOCK_OVER_CAPACITY,
            details=[
                {"place": place, "stock_kg": stock_kg, "adding_kg": adding_kg, "capacity_kg": capacity_kg}
            ],
            place=place,
            stock=t(stock_kg),
            adding=t(adding_kg),
            capacity=t(capacity_kg),
        )


# --- Segregation of hazard classes ---------------------------------------------------------------


@dataclass(frozen=True)
class ClassMatrix:
    """Which catalogue entries belong to which hazard class, and which classes never share a unit."""

    by_cas: Mapping[str, frozenset[str]]
    by_name: Mapping[str, frozenset[str]]
    pairs: tuple[tuple[str, str, str], ...]

    def classes_of(self, name: str, cas_numbers: Iterable[str]) -> frozenset[str]:
        """The hazard classes of a catalogue entry, by any of its CAS numbers or its exact name."""
        found = set(self.by_name.get(name, frozenset()))
        for cas in cas_numbers:
            found |= self.by_cas.get(cas, frozenset())
        return frozenset(found)


def parse_class_matrix(data: Mapping[str, Any]) -> ClassMatrix:
    """Build the matrix from catalogues/chemical-segregation.json."""
    by_cas: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    classes = data.get("classes") or {}
    for cls, spec in classes.items():
        for cas in spec.get("cas", ()):
            by_cas.setdefault(cas, set()).add(cls)
        for name in spec.get("names", ()):
            by_name.setdefault(name, set()).add(cls)
    pairs = []
    for row in data.get("pairs", ()):
        a, b = str(row["a"]), str(row["b"])
        if a not in classes or b not in classes:
            raise ValueError(f"segregation pair {a}/{b} names a class that is not defined")
        pairs.append((a, b, str(row.get("reason", ""))))
    return ClassMatrix(
        {k: frozenset(v) for k, v in by_cas.items()},
        {k: frozenset(v) for k, v in by_name.items()},
        tuple(pairs),
    )


@dataclass(frozen=True)
class Held:
    """A chemical as segregation sees it: a label and its hazard classes."""

    label: str
    classes: frozenset[str]


def check_segregation(unit: str, new: Held, present: Iterable[Held], matrix: ClassMatrix) -> None:
    """Refuse putting a chemical into a unit that holds one of an incompatible hazard class."""
    for other in present:
        for a, b, reason in matrix.pairs:
            if (a in new.classes and b in other.classes) or (b in new.classes and a in other.classes):
                raise RuleViolation(
                    "stock.segregation",
                    msg.STOCK_SEGREGATION,
                    details=[{"unit": unit, "classes": [a, b], "present": other.label, "adding": new.label}],
                    unit=unit,
                    present=other.label,
                    adding=new.label,
                    reason=reason,
                )


# --- Permits and licensed quantities ------------------------------------------------------------


@dataclass(frozen=True)
class LicenceName:
    """How a refusal names a licence type: its name and the department that issues it."""

    code: str
    name: str
    issuer: str


def missing_licence(
    rule: str, licence: LicenceName, chemical: str, why: Iterable[Said | str]
) -> RuleViolation:
    """The refusal for an action that needs a licence the enterprise does not hold in force; `why` gives
    each licence's reason, said in the reader's language."""
    reasons = [w for w in why if w]
    return RuleViolation(
        rule,
        msg.PERMIT_MISSING_BECAUSE if reasons else msg.PERMIT_MISSING,
        details=[
            {
                "licence_type": licence.code,
                "licence": licence.name,
                "issuer": licence.issuer,
                "chemical": chemical,
                "reasons": [str(w) for w in reasons],
            }
        ],
        chemical=chemical,
        licence=licence.name,
        issuer=licence.issuer,
        **({"reasons": reasons} if reasons else {}),
    )


def check_permit_quantity(
    licence: LicenceName, number: str, chemical: str, permitted_kg: int | None, used_kg: int, adding_kg: int
) -> None:
    """Refuse a receipt beyond what a purchase permit still allows (permitted − already received)."""
    if permitted_kg is not None and used_kg + adding_kg > permitted_kg:
        raise RuleViolation(
            "permit.quantity",
            msg.PERMIT_QUANTITY,
            details=[
                {
                    "licence_type": licence.code,
                    "licence": number,
                    "issuer": licence.issuer,
                    "permitted_kg": permitted_kg,
                    "used_kg": used_kg,
                    "adding_kg": adding_kg,
                }
            ],
            licence=licence.name,
            number=number,
            issuer=licence.issuer,
            permitted=t(permitted_kg),
            chemical=chemical,
            used=t(used_kg),
            adding=t(adding_kg),
        )


def check_licensed_quantity(
    licence: LicenceName, number: str, chemical: str, licensed_kg: int, stock_kg: int, adding_kg: int
) -> None:
    """Refuse holding more of a chemical across the enterprise than its licence scope allows."""
    if stock_kg + adding_kg > licensed_kg:
        raise RuleViolation(
            "licence.licensed_quantity",
            msg.PERMIT_LICENSED_QUANTITY,
            details=[
                {
                    "licence_type": licence.code,
                    "licence": number,
                    "issuer": licence.issuer,
                    "licensed_kg": licensed_kg,
                    "stock_kg": stock_kg,
                    "adding_kg": adding_kg,
                }
            ],
            licence=licence.name,
            number=number,
            issuer=licence.issuer,
            licensed=t(licensed_kg),
            chemical=chemical,
            stock=t(stock_kg),
            adding=t(adding_kg),
        )


# --- GB 18218-2018 ---------------------------------------------------------------------------------


def ratio_ppb(quantity_kg: int, critical_kg: int | None) -> int:
    """One term q/Q of the GB 18218 sum in parts per billion (0 for a substance without Q)."""
    if not critical_kg or quantity_kg <= 0:
        return 0
    return quantity_kg * PPB // critical_kg


def is_major_hazard(sum_ppb: int) -> bool:
    """Σq/Q ≥ 1 makes the unit a major hazard installation."""
    return sum_ppb >= PPB


def crossing(before_ppb: int, after_ppb: int) -> str | None:
    """Whether the sum crossed 1 upwards ("up"), downwards ("down") or not at all (None)."""
    was, now = is_major_hazard(before_ppb), is_major_hazard(after_ppb)
    if now and not was:
        return "up"
    if was and not now:
        return "down"
    return None


def ratio_text(sum_ppb: int) -> str:
    """Σq/Q as a decimal with three places, rounded down (so 0.9999 never shows as 1.000)."""
    return f"{Decimal(sum_ppb // 1_000_000) / 1000:.3f}"
