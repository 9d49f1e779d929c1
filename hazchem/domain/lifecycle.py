"""Status vocabularies and transition tables; the only place where status values are compared."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from hazchem.domain.errors import InvalidTransition


class LicenceStatus(StrEnum):
    """Recorded status of a licence; EXPIRED is also derived from the validity dates."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"


LICENCE_TRANSITIONS: dict[LicenceStatus, frozenset[LicenceStatus]] = {
    LicenceStatus.VALID: frozenset({LicenceStatus.SUSPENDED, LicenceStatus.REVOKED, LicenceStatus.EXPIRED}),
    LicenceStatus.SUSPENDED: frozenset({LicenceStatus.VALID, LicenceStatus.REVOKED}),
    LicenceStatus.REVOKED: frozenset(),
    LicenceStatus.EXPIRED: frozenset(),
}


def licence_status(value: str) -> LicenceStatus:
    """Parse a stored or submitted licence status."""
    try:
        return LicenceStatus(value)
    except ValueError:
        raise InvalidTransition("licence.status", f"unknown licence status {value!r}") from None


def check_licence_transition(current: str, target: str) -> LicenceStatus:
    """Return the target status if the licence may move there, else raise InvalidTransition."""
    src, dst = licence_status(current), licence_status(target)
    if dst not in LICENCE_TRANSITIONS[src]:
        raise InvalidTransition(
            "licence.status",
            f"a licence cannot go from {src.value} to {dst.value}",
            details=[{"from": src.value, "to": dst.value}],
        )
    return dst


def effective_licence_status(status: str, valid_from: date, valid_to: date, on: date) -> LicenceStatus:
    """Return the status that holds on `on`: a valid licence outside its dates is expired."""
    recorded = licence_status(status)
    if recorded is LicenceStatus.VALID and on > valid_to:
        return LicenceStatus.EXPIRED
    return recorded


def licence_in_force(status: str, valid_from: date, valid_to: date, on: date) -> bool:
    """Tell whether a licence authorises anything on `on` (valid status and within its dates)."""
    return (
        effective_licence_status(status, valid_from, valid_to, on) is LicenceStatus.VALID and valid_from <= on
    )


def licence_standing(status: str, valid_from: date, valid_to: date, on: date) -> tuple[str, str] | None:
    """Return None if the licence is in force on `on`, else a reason code and its explanation."""
    if licence_in_force(status, valid_from, valid_to, on):
        return None
    if on < valid_from:
        return "not_yet_valid", f"is valid only from {valid_from}"
    effective = effective_licence_status(status, valid_from, valid_to, on)
    if effective is LicenceStatus.EXPIRED:
        return effective.value, f"expired on {valid_to}"
    return effective.value, f"is {effective.value}"


def is_active_status(status: str) -> bool:
    """Tell whether a recorded licence status still needs expiry follow-up (valid or suspended)."""
    return licence_status(status) in (LicenceStatus.VALID, LicenceStatus.SUSPENDED)
