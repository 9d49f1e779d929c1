"""The park catalogue as a sequence of revisions: line validation and the replay that yields a version.

Each revision line carries the entry's whole state after the change, so a version is, per chemical,
the latest line up to that revision; a removal line ends the entry's presence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from hazchem.domain import messages as msg
from hazchem.domain.errors import InvalidInput, RuleViolation


class LineAction(StrEnum):
    """What a revision line does to an entry of the park catalogue."""

    ADD = "add"
    CHANGE = "change"
    REMOVE = "remove"


class ParkFlag(StrEnum):
    """The park's own classification of an entry (禁止/限制/控制 lists and local key supervision)."""

    PROHIBITED = "prohibited"
    RESTRICTED = "restricted"
    CONTROLLED = "controlled"
    KEY_SUPERVISED = "key_supervised"


MAX_REASON = 2000


@dataclass(frozen=True)
class LineInput:
    """One requested change: the chemical, the action and (for add/change) the new state."""

    chemical_id: int
    action: str
    flags: tuple[str, ...] = ()
    max_holding_kg: int | None = None
    reporting_kg: int | None = None


@dataclass(frozen=True)
class EntryState:
    """An entry as it stands in a version of the park catalogue."""

    chemical_id: int
    flags: tuple[str, ...]
    max_holding_kg: int | None
    reporting_kg: int | None
    revision: int


def clean_reason(reason: str) -> str:
    """The reason of a revision, required and bounded."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(msg.PARK_CATALOGUE_REASON_REQUIRED, details=[{"field": "reason"}])
    if len(text) > MAX_REASON:
        raise InvalidInput(msg.PARK_CATALOGUE_REASON_TOO_LONG, max=MAX_REASON, details=[{"field": "reason"}])
    return text


def clean_line(line: LineInput, index: int = 0) -> LineInput:
    """Check one line's action, flags and thresholds; removals carry no state."""
    where = {"line": index}
    try:
        action = LineAction(line.action)
    except ValueError:
        raise InvalidInput(
            msg.PARK_CATALOGUE_UNKNOWN_ACTION,
            action=repr(line.action),
            details=[{**where, "field": "action", "allowed": [a.value for a in LineAction]}],
        ) from None
    if action is LineAction.REMOVE:
        return LineInput(line.chemical_id, action.value)
    flags: list[str] = []
    for flag in line.flags:
        if flag not in ParkFlag.__members__.values():
            raise InvalidInput(
                msg.PARK_CATALOGUE_UNKNOWN_FLAG,
                flag=repr(flag),
                details=[{**where, "field": "flags", "allowed": [f.value for f in ParkFlag]}],
            )
        if flag not in flags:
            flags.append(flag)
    if ParkFlag.PROHIBITED in flags and ParkFlag.RESTRICTED in flags:
        raise InvalidInput(msg.PARK_CATALOGUE_PROHIBITED_AND_RESTRICTED, details=[where])
    for name in ("max_holding_kg", "reporting_kg"):
        value = getattr(line, name)
        if value is not None and value <= 0:
            raise InvalidInput(
                msg.PARK_CATALOGUE_THRESHOLD_NOT_POSITIVE, field=name, details=[{**where, "field": name}]
            )
    if (
        line.max_holding_kg is not None
        and line.reporting_kg is not None
        and line.reporting_kg > line.max_holding_kg
    ):
        raise InvalidInput(
            msg.PARK_CATALOGUE_REPORTING_ABOVE_MAXIMUM,
            details=[{**where, "field": "reporting_kg"}],
        )
    ordered = tuple(f.value for f in ParkFlag if f.value in flags)
    return LineInput(line.chemical_id, action.value, ordered, line.max_holding_kg, line.reporting_kg)


def check_lines(lines: Iterable[LineInput], present: Mapping[int, EntryState]) -> list[LineInput]:
    """Validate a revision's lines against the current version (add only absent, change or remove present)."""
    cleaned: list[LineInput] = []
    seen: set[int] = set()
    for index, raw in enumerate(lines):
        line = clean_line(raw, index)
        if line.chemical_id in seen:
            raise InvalidInput(
                msg.PARK_CATALOGUE_CHEMICAL_TWICE,
                chemical_id=line.chemical_id,
                details=[{"line": index, "field": "chemical_id"}],
            )
        seen.add(line.chemical_id)
        current = present.get(line.chemical_id)
        if line.action == LineAction.ADD and current is not None:
            raise RuleViolation(
                "park_catalogue.already_present",
                msg.PARK_CATALOGUE_ALREADY_PRESENT,
                chemical_id=line.chemical_id,
                details=[{"line": index, "field": "chemical_id"}],
            )
        if line.action != LineAction.ADD and current is None:
            raise RuleViolation(
                "park_catalogue.not_present",
                msg.PARK_CATALOGUE_NOT_PRESENT,
                chemical_id=line.chemical_id,
                details=[{"line": index, "field": "chemical_id"}],
            )
        if line.action == LineAction.CHANGE and current is not None and _same(current, line):
            raise InvalidInput(
                msg.PARK_CATALOGUE_CHANGES_NOTHING, chemical_id=line.chemical_id, details=[{"line": index}]
            )
        cleaned.append(line)
    if not cleaned:
        raise InvalidInput(msg.PARK_CATALOGUE_NO_LINES, details=[{"field": "lines"}])
    return cleaned


def _same(state: EntryState, line: LineInput) -> bool:
    return (state.flags, state.max_holding_kg, state.reporting_kg) == (
        line.flags,
        line.max_holding_kg,
        line.reporting_kg,
    )


@dataclass(frozen=True)
class StoredLine:
    """A line as stored: the revision number it belongs to and the state it sets."""

    revision: int
    chemical_id: int
    action: str
    flags: tuple[str, ...]
    max_holding_kg: int | None
    reporting_kg: int | None


def replay(lines: Iterable[StoredLine], version: int | None = None) -> dict[int, EntryState]:
    """The entries present after revision `version` (all revisions when None), by chemical id."""
    latest: dict[int, StoredLine] = {}
    for line in sorted(lines, key=lambda s: s.revision):
        if version is not None and line.revision > version:
            continue
        latest[line.chemical_id] = line
    return {
        cid: EntryState(cid, tuple(s.flags), s.max_holding_kg, s.reporting_kg, s.revision)
        for cid, s in latest.items()
        if s.action != LineAction.REMOVE
    }


def is_removal(action: str) -> bool:
    """Tell whether a stored line removes its entry."""
    return action == LineAction.REMOVE
