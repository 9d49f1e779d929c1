"""Dangerous-goods transport data of a waste stream, and whether a vehicle's classes cover it.

Classes and divisions follow GB 6944-2012 (the UN Model Regulations' numbering): classes 1, 2, 4, 5
and 6 are always shipped as one of their divisions (1.1–1.6, 2.1–2.3, 4.1–4.3, 5.1–5.2, 6.1–6.2),
classes 3, 7, 8 and 9 have no divisions, so "3.1" is not a class (the old 3.1/3.2/3.3 split by
flash point was dropped; the flash point now sets the packing group).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hazchem.domain import messages as msg
from hazchem.domain.errors import InvalidInput, RuleViolation

DG_DIVISIONS = (
    "1.1", "1.2", "1.3", "1.4", "1.5", "1.6",
    "2.1", "2.2", "2.3",
    "3",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
    "6.1", "6.2",
    "7",
    "8",
    "9",
)  # fmt: skip
PACKING_GROUPS = ("I", "II", "III")
# Goods of these classes and divisions are never assigned a packing group (UN Model Regulations 2.0.1.3).
NO_PACKING_GROUP = frozenset({"1", "2", "5.2", "6.2", "7"})
_UN_RE = re.compile(r"^(?:UN)?\s*(\d{4})$", re.I)


@dataclass(frozen=True)
class TransportData:
    """A stream's transport classification: class with optional UN number and packing group, or not DG."""

    dg_class: str | None = None
    un_number: str | None = None
    packing_group: str | None = None
    not_dg_reason: str = ""

    @property
    def recorded(self) -> bool:
        """Whether either a class or the reason it is not dangerous goods is on record."""
        return bool(self.dg_class or self.not_dg_reason)


def _without_packing_group(dg_class: str) -> bool:
    return dg_class in NO_PACKING_GROUP or dg_class.split(".")[0] in NO_PACKING_GROUP


def validate_transport(
    dg_class: str | None, un_number: str | None, packing_group: str | None, not_dg_reason: str | None
) -> TransportData:
    """Normalise and check a stream's transport data: a class (UN number, packing group) or a reason."""
    dg_class = (dg_class or "").strip() or None
    un_number = (un_number or "").strip() or None
    packing_group = (packing_group or "").strip().upper() or None
    reason = (not_dg_reason or "").strip()
    if dg_class and reason:
        raise InvalidInput(
            msg.DG_CLASS_AND_REASON,
            details=[{"field": "not_dg_reason"}],
        )
    if not dg_class and not reason:
        raise InvalidInput(
            msg.DG_CLASS_OR_REASON,
            details=[{"field": "dg_class"}],
        )
    if reason:
        if un_number or packing_group:
            raise InvalidInput(
                msg.DG_NOT_DG_HAS_NO_UN,
                details=[{"field": "un_number" if un_number else "packing_group"}],
            )
        return TransportData(not_dg_reason=reason)
    assert dg_class is not None
    if dg_class not in DG_DIVISIONS:
        raise InvalidInput(
            msg.DG_CLASS_3_DIVISION if dg_class.startswith("3.") else msg.DG_CLASS_UNKNOWN,
            dg_class=repr(dg_class),
            divisions=", ".join(DG_DIVISIONS),
            details=[{"field": "dg_class", "value": dg_class}],
        )
    if un_number is not None:
        match = _UN_RE.match(un_number)
        if not match:
            raise InvalidInput(
                msg.DG_UN_NUMBER_FORM, un_number=repr(un_number), details=[{"field": "un_number"}]
            )
        un_number = match.group(1)
    if packing_group is not None:
        if packing_group not in PACKING_GROUPS:
            raise InvalidInput(
                msg.DG_PACKING_GROUP_FORM,
                packing_group=repr(packing_group),
                details=[{"field": "packing_group"}],
            )
        if _without_packing_group(dg_class):
            raise InvalidInput(
                msg.DG_NO_PACKING_GROUP, dg_class=dg_class, details=[{"field": "packing_group"}]
            )
    return TransportData(dg_class=dg_class, un_number=un_number, packing_group=packing_group)


def vehicle_covers(vehicle_classes: Iterable[str], dg_class: str) -> bool:
    """Whether a vehicle's classes cover a stream's class or division.

    An entry naming a division covers that division only ("6.1" covers 6.1, not 6.2); an entry naming
    a whole class covers the class and each of its divisions ("6" covers 6.1 and 6.2), as a licence's
    class line does. Classes without divisions ("3", "8") match only themselves.
    """
    classes = {c.strip() for c in vehicle_classes}
    return dg_class in classes or dg_class.split(".")[0] in classes


def check_vehicle_classes(
    plate: str, vehicle_classes: Iterable[str], stream: str, data: TransportData
) -> None:
    """Refuse a load whose stream has no transport data, or whose class the vehicle is not approved for."""
    classes = sorted({c.strip() for c in vehicle_classes})
    if not data.recorded:
        raise RuleViolation(
            "transport.stream_unclassified",
            msg.DG_STREAM_UNCLASSIFIED,
            stream=stream,
            details=[{"stream": stream}],
        )
    if data.dg_class is None or vehicle_covers(classes, data.dg_class):
        return
    raise RuleViolation(
        "transport.vehicle_dg_class",
        msg.DG_VEHICLE_CLASS_UN if data.un_number else msg.DG_VEHICLE_CLASS,
        plate=plate,
        classes=", ".join(classes) or msg.DG_NO_CLASSES(),
        dg_class=data.dg_class,
        un_number=data.un_number,
        stream=stream,
        details=[{"vehicle": plate, "vehicle_classes": classes, "dg_class": data.dg_class, "stream": stream}],
    )
