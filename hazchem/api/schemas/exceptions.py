"""Request models of the custody exceptions: gate refusal, redirect, return, leg change, incident and
cancellation after pick-up (what a manifest's detail shows of them is in schemas.custody)."""

from __future__ import annotations

from pydantic import Field

from hazchem.api.schemas.base import Body
from hazchem.api.schemas.custody import MAX_BULK, LegIn
from hazchem.domain.vocab import GateRefusalReason, IncidentKind

SCANNED = Field(min_length=1, max_length=MAX_BULK, description="digital IDs or label URLs as scanned")


class RefusalIn(Body):
    """A refusal at the gate: its reason, a note, and the refused containers (all when left out)."""

    reason: GateRefusalReason
    note: str = Field(default="", max_length=2000)
    containers: list[str] | None = Field(
        default=None, min_length=1, max_length=MAX_BULK, description="refused containers; all when omitted"
    )


class RedirectIn(Body):
    """The alternate receiving facility, why, and the leg to it (the same crew when omitted)."""

    facility_id: int
    reason: str = Field(min_length=1, max_length=2000)
    leg: LegIn | None = None


class ReturnIn(Body):
    """Why the waste goes back to the generator, and the leg back (the same crew when omitted)."""

    reason: str = Field(min_length=1, max_length=2000)
    leg: LegIn | None = None


class ReturnReceiptIn(Body):
    """The generator's store the returned containers go back into, and the containers scanned."""

    facility_id: int
    scanned: list[str] = SCANNED


class LegChangeIn(Body):
    """The new carrier, vehicle and driver, why, and every container scanned onto the new vehicle."""

    leg: LegIn
    scanned: list[str] = SCANNED
    reason: str = Field(min_length=1, max_length=2000)


class IncidentIn(Body):
    """A spill, fire, accident or loss: what happened, where, the containers it touched and those lost."""

    kind: IncidentKind
    description: str = Field(min_length=1, max_length=2000)
    place: str = Field(default="", max_length=300)
    containers: list[str] | None = Field(
        default=None, min_length=1, max_length=MAX_BULK, description="affected containers; all when omitted"
    )
    lost: list[str] = Field(default=[], max_length=MAX_BULK, description="containers lost or destroyed")


class CancellationRequestIn(Body):
    """Why a picked-up manifest should be cancelled, where the containers are, and the store they go to."""

    reason: str = Field(min_length=1, max_length=2000)
    whereabouts: str = Field(min_length=1, max_length=2000)
    facility_id: int


class DecisionIn(Body):
    """The decision on a custody request: approve or decline, with a note."""

    approve: bool
    note: str = Field(default="", max_length=2000)
