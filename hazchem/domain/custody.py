"""Checks at the moment of action: storage capacity, segregation, storage clock,
licensed annual scale, the pick-up container set and weighing tolerance. Masses are in grams."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hazchem.domain import custody_messages as msg
from hazchem.domain.errors import InvalidInput, RuleViolation
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.domain.vocab import StorageState

G_PER_KG = 1000
G_PER_T = 1_000_000
DEFAULT_TOLERANCE = Decimal("0.05")
# Days in a common year: the storage limit is one calendar year (see storage_limit); warnings count
# back from it by this many days less the configured warning age.
STORAGE_LIMIT_DAYS = 365
DEFAULT_STORAGE_WARNING_DAYS = 300
SCALE_WARNING_SHARE = Decimal("0.8")


def tonnes(grams: int) -> str:
    """Grams as tonnes text for messages (e.g. 1.25 t)."""
    value = (Decimal(grams) / G_PER_T).quantize(Decimal("0.001")).normalize()
    return f"{value:f} t"


# --- Storage ------------------------------------------------------------------------------------


def check_storage_capacity(
    facility: str, capacity_kg: int | None, stock_g: int, adding_g: int, reserved_g: int = 0
) -> None:
    """Refuse a put-away that would take a store past its capacity, counting what is reserved for
    manifests on their way to it (`reserved_g`), so that their waste still fits on arrival."""
    if capacity_kg is None:
        raise RuleViolation(
            "storage.capacity",
            msg.STORE_WITHOUT_CAPACITY(facility=facility),
            details=[{"facility": facility}],
        )
    capacity_g = capacity_kg * G_PER_KG
    if stock_g + reserved_g + adding_g > capacity_g:
        figures = {"facility": facility, "stock": tonnes(stock_g), "adding": tonnes(adding_g)}
        if reserved_g:
            said = msg.STORE_OVER_CAPACITY_RESERVED(
                **figures, reserved=tonnes(reserved_g), capacity=tonnes(capacity_g)
            )
        else:
            said = msg.STORE_OVER_CAPACITY(**figures, capacity=tonnes(capacity_g))
        raise RuleViolation(
            "storage.capacity",
            said,
            details=[
                {
                    "facility": facility,
                    "stock_g": stock_g,
                    "reserved_g": reserved_g,
                    "adding_g": adding_g,
                    "capacity_g": capacity_g,
                }
            ],
        )


@dataclass(frozen=True)
class WasteProfile:
    """What segregation looks at: the waste's category, characteristics and declared classes."""

    category: str
    characteristics: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    label: str = ""

    def selectors(self) -> frozenset[str]:
        """The keys this waste matches in an incompatibility matrix."""
        return frozenset(
            {f"category:{self.category}"}
            | {f"characteristic:{c}" for c in self.characteristics}
            | {f"tag:{t}" for t in self.tags}
        )


@dataclass(frozen=True)
class Incompatibility:
    """One cell of the segregation matrix: wastes matching `a` and `b` never share a store."""

    a: str
    b: str
    reason: str


def parse_matrix(rows: Iterable[Mapping[str, Any]]) -> tuple[Incompatibility, ...]:
    """Build the matrix from configuration rows {a, b, reason}."""
    return tuple(Incompatibility(str(r["a"]), str(r["b"]), str(r.get("reason", ""))) for r in rows)


def declared_classes(matrix: Iterable[Incompatibility]) -> list[str]:
    """The segregation classes a stream may declare: those the matrix names as `tag:X`, sorted."""
    return sorted({key[4:] for cell in matrix for key in (cell.a, cell.b) if key.startswith("tag:")})


def check_segregation(
    facility: str,
    new: WasteProfile,
    present: Iterable[WasteProfile],
    matrix: Iterable[Incompatibility],
) -> None:
    """Refuse a put-away that would place incompatible wastes in one storage area."""
    new_keys = new.selectors()
    pairs = list(matrix)
    for other in present:
        other_keys = other.selectors()
        for rule in pairs:
            if (rule.a in new_keys and rule.b in other_keys) or (rule.b in new_keys and rule.a in other_keys):
                raise RuleViolation(
                    "storage.segregation",
                    msg.STORE_SEGREGATION(
                        facility=facility,
                        present=other.label or other.category,
                        adding=new.label or new.category,
                        reason=rule.reason,
                    ),
                    details=[{"facility": facility, "matrix": [rule.a, rule.b], "present": other.label}],
                )


@dataclass(frozen=True)
class StorageAge:
    """How long a container has been stored and where that stands against the limit."""

    days: int
    state: StorageState
    due: date


def storage_limit(stored_on: date) -> date:
    """The last day a container stored on `stored_on` may stay: the same date a year on.

    A year is counted by calendar date, so it is 366 days across 29 February; a container stored
    on 29 February may stay until 28 February of the next year, which has no 29th.
    """
    try:
        return stored_on.replace(year=stored_on.year + 1)
    except ValueError:
        return stored_on.replace(year=stored_on.year + 1, day=28)


def stored_past_limit_before(today: date) -> date:
    """Containers stored before this day are past the one-year limit on `today` (for SQL filters)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        # Today is 29 February: a container stored on 28 February a year ago reached its limit yesterday.
        return date(today.year - 1, 3, 1)


def storage_age(
    stored_on: date,
    today: date,
    warning_days: int = DEFAULT_STORAGE_WARNING_DAYS,
) -> StorageAge:
    """Age of a stored container: a warning `STORAGE_LIMIT_DAYS - warning_days` days before its limit,
    a breach after the limit date."""
    from datetime import timedelta

    due = storage_limit(stored_on)
    if today > due:
        state = StorageState.BREACH
    elif today >= due - timedelta(days=STORAGE_LIMIT_DAYS - warning_days):
        state = StorageState.WARNING
    else:
        state = StorageState.OK
    return StorageAge((today - stored_on).days, state, due)


# --- Manifests ----------------------------------------------------------------------------------------------


def check_annual_scale(
    licence_number: str, line_label: str, scale_kg: int, accepted_g: int, in_flight_g: int, adding_g: int
) -> dict[str, Any] | None:
    """Refuse beyond 100 % of the licensed annual scale; return a warning from 80 %."""
    scale_g = scale_kg * G_PER_KG
    used = accepted_g + in_flight_g + adding_g
    figures = {
        "licence": licence_number,
        "line": line_label,
        "scale_g": scale_g,
        "accepted_g": accepted_g,
        "in_flight_g": in_flight_g,
        "adding_g": adding_g,
    }
    if used > scale_g:
        raise RuleViolation(
            "licence.annual_scale",
            msg.ANNUAL_SCALE_EXCEEDED(
                licence=licence_number,
                line=line_label,
                accepted=tonnes(accepted_g),
                in_flight=tonnes(in_flight_g),
                adding=tonnes(adding_g),
                scale=tonnes(scale_g),
            ),
            details=[figures],
        )
    if scale_g and Decimal(used) >= SCALE_WARNING_SHARE * scale_g:
        share = (Decimal(used) * 100 / scale_g).quantize(Decimal("0.1"))
        nearly = msg.ANNUAL_SCALE_NEARLY_USED(licence=licence_number, line=line_label, share=str(share))
        return {
            "rule": "licence.annual_scale",
            "share_percent": str(share),
            "message": str(nearly),
            **nearly.as_dict(),
            **figures,
        }
    return None


def check_container_set(expected: Iterable[str], scanned: Iterable[str]) -> None:
    """Refuse a pick-up whose scanned containers are not exactly the manifest's, naming the IDs."""
    want, got = set(expected), set(scanned)
    missing, extra = sorted(want - got), sorted(got - want)
    if missing or extra:
        if missing and extra:
            said = msg.CONTAINER_SET_DIFFERS(missing=", ".join(missing), extra=", ".join(extra))
        elif missing:
            said = msg.CONTAINERS_NOT_SCANNED(missing=", ".join(missing))
        else:
            said = msg.CONTAINERS_NOT_ON_MANIFEST(extra=", ".join(extra))
        raise RuleViolation("pickup.container_set", said, details=[{"missing": missing, "extra": extra}])


class ScanVerdict(StrEnum):
    """What one scan in a scan session found: wanted here, not wanted here, a repeat, or no label."""

    EXPECTED = "expected"
    NOT_EXPECTED = "not_expected"
    DUPLICATE = "duplicate"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class ScanTally:
    """A scan session: each distinct container once, in scan order, with what the latest scan found."""

    entries: tuple[tuple[str, ScanVerdict], ...]
    latest: tuple[str, ScanVerdict] | None
    missing: tuple[str, ...]

    @property
    def matched(self) -> list[str]:
        """The scanned containers that are wanted here, in scan order (what a signature sends)."""
        return [cid for cid, verdict in self.entries if verdict is ScanVerdict.EXPECTED]

    @property
    def complete(self) -> bool:
        """Every wanted container has been scanned."""
        return not self.missing and bool(self.matched)


def tally_scans(expected: Collection[str], kept: Sequence[str], new: str | None = None) -> ScanTally:
    """Add one scan to a session's kept IDs and sort every entry against the containers wanted here.

    Kept IDs are what the session already holds; unreadable kept entries are dropped silently because
    only the latest scan is answered (the session never stores what it could not read).
    """
    wanted = set(expected)
    order: list[str] = []
    for raw in kept:
        try:
            cid = str(digital_id_from_scan(raw))
        except InvalidInput:
            continue
        if cid not in order:
            order.append(cid)
    latest: tuple[str, ScanVerdict] | None = None
    if new is not None and new.strip():
        try:
            cid = str(digital_id_from_scan(new))
        except InvalidInput:
            latest = (new.strip()[:200], ScanVerdict.UNREADABLE)
        else:
            if cid in order:
                latest = (cid, ScanVerdict.DUPLICATE)
            else:
                order.append(cid)
                latest = (cid, ScanVerdict.EXPECTED if cid in wanted else ScanVerdict.NOT_EXPECTED)
    entries = tuple(
        (cid, ScanVerdict.EXPECTED if cid in wanted else ScanVerdict.NOT_EXPECTED) for cid in order
    )
    missing = tuple(sorted(wanted - set(order)))
    return ScanTally(entries=entries, latest=latest, missing=missing)


def weight_deviation(declared_g: int, weighed_g: int) -> Decimal:
    """Relative difference of the weighed from the declared mass (0.05 is 5 %)."""
    if declared_g <= 0:
        return Decimal(1) if weighed_g else Decimal(0)
    return abs(Decimal(weighed_g - declared_g)) / Decimal(declared_g)


def is_weight_anomaly(declared_g: int, weighed_g: int, tolerance: Decimal = DEFAULT_TOLERANCE) -> bool:
    """A difference beyond the tolerance is an anomaly that needs a note."""
    return weight_deviation(declared_g, weighed_g) > tolerance


def check_qualified(kind: str, name: str, valid_to: date, on: date) -> None:
    """Refuse a vehicle or driver whose certificate has lapsed on the transfer date."""
    if valid_to < on:
        raise RuleViolation(
            f"pickup.{kind}_qualification",
            msg.QUALIFICATION_LAPSED(
                kind=msg.QUALIFIED_KINDS.get(kind, kind), name=name, valid_to=str(valid_to), on=str(on)
            ),
            details=[{kind: name, "valid_to": str(valid_to), "on": str(on)}],
        )
