"""Can a facility receive a consignment: a way in, free capacity after reservations, a method it performs.

Masses are in grams, capacities in kilograms as recorded on the facility.
"""

from __future__ import annotations

from hazchem.domain import custody_messages as msg
from hazchem.domain.custody import G_PER_KG, tonnes
from hazchem.domain.errors import RuleViolation
from hazchem.domain.vocab import FacilityKind

_UTILISATION_METHODS = frozenset({f"R{n}" for n in range(1, 10)} | {"R15", "C1", "C2", "C3"})

# What each kind of facility can physically do with waste, by the method codes of the
# 利用/处置方式代码 list (catalogues/methods.csv):
# - an incinerator burns (D10); a waste-to-energy line that uses the waste as fuel is R1;
# - a landfill landfills (D1);
# - a physico-chemical line neutralises, precipitates, evaporates or dries (D9) and may
#   regenerate acids or bases (R6);
# - a utilisation plant recovers solvents, organics, metals, inorganics, acids, catalysts and oil
#   (R1–R9, R15), co-processes in cement kilns (C1), makes building materials (C2) or cleans
#   packaging (C3);
# - a waste store, tank farm, chemical warehouse or production unit only holds waste: it performs
#   no method, so it receives only what is collected or stored there (no planned method).
FACILITY_METHODS: dict[str, frozenset[str]] = {
    FacilityKind.INCINERATOR: frozenset({"D10", "R1"}),
    FacilityKind.LANDFILL: frozenset({"D1"}),
    FacilityKind.PHYSICOCHEMICAL: frozenset({"D9", "R6"}),
    FacilityKind.UTILISATION: _UTILISATION_METHODS,
    FacilityKind.WASTE_STORE: frozenset(),
    FacilityKind.TANK_FARM: frozenset(),
    FacilityKind.CHEMICAL_WAREHOUSE: frozenset(),
    FacilityKind.PRODUCTION_UNIT: frozenset(),
}


def methods_of(kind: str) -> frozenset[str]:
    """The method codes a kind of facility can perform (none for a kind that only holds waste)."""
    return FACILITY_METHODS.get(kind, frozenset())


def receiving_limit_kg(storage_capacity_kg: int | None, intake_rate_kg_per_day: int | None) -> int | None:
    """How much a facility can hold of what it received: its storage capacity, else one day's direct feed.

    A facility without storage takes waste straight into its feed, so what has arrived and waits to
    be treated may not exceed one day's declared intake. None: the facility cannot receive at all.
    """
    if storage_capacity_kg:
        return storage_capacity_kg
    if intake_rate_kg_per_day:
        return intake_rate_kg_per_day
    return None


def check_can_receive(
    facility: str, storage_capacity_kg: int | None, intake_rate_kg_per_day: int | None
) -> int:
    """Refuse a facility with neither storage capacity nor direct-feed intake; return its limit (kg)."""
    limit = receiving_limit_kg(storage_capacity_kg, intake_rate_kg_per_day)
    if limit is None:
        raise RuleViolation(
            "receiver.cannot_receive",
            msg.RECEIVER_CANNOT_RECEIVE(facility=facility),
            details=[{"facility": facility}],
        )
    return limit


def check_free_capacity(
    facility: str, limit_kg: int, stock_g: int, reserved_g: int, held_g: int, asked_g: int
) -> None:
    """Refuse when stock plus what other in-flight manifests reserved leaves less than is asked.

    `held_g` is what the asking manifest has already reserved itself: it is part of `reserved_g` and
    covers its own quantity, so it is not counted against it.
    """
    limit_g = limit_kg * G_PER_KG
    others_g = max(reserved_g - held_g, 0)
    free_g = max(limit_g - stock_g, 0)
    if stock_g + others_g + asked_g > limit_g:
        raise RuleViolation(
            "receiver.free_capacity",
            msg.RECEIVER_FREE_CAPACITY(
                facility=facility,
                free=tonnes(free_g),
                capacity=tonnes(limit_g),
                stock=tonnes(stock_g),
                reserved=tonnes(others_g),
                left=tonnes(max(free_g - others_g, 0)),
                asked=tonnes(asked_g),
            ),
            details=[
                {
                    "facility": facility,
                    "capacity_g": limit_g,
                    "stock_g": stock_g,
                    "free_g": free_g,
                    "reserved_g": others_g,
                    "asked_g": asked_g,
                }
            ],
        )


def check_method_performed(facility: str, kind: str, method: str | None) -> None:
    """Refuse a planned method the facility's kind cannot perform (a store burns nothing)."""
    if not method:
        return
    performs = methods_of(kind)
    if method not in performs:
        figures = {"facility": facility, "kind": kind, "method": method}
        if performs:
            said = msg.RECEIVER_METHOD(**figures, performs=", ".join(sorted(performs)))
        else:
            said = msg.RECEIVER_METHOD_NONE(**figures)
        raise RuleViolation(
            "receiver.method_facility",
            said,
            details=[{"facility": facility, "kind": kind, "method": method, "performs": sorted(performs)}],
        )
