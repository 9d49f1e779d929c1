"""Scan sessions: containers scanned one after another at pick-up, arrival and put-away, each answered
at once (wanted here, not wanted here, already scanned), then signed together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from hazchem.domain import custody as rules
from hazchem.domain.errors import InvalidInput, InvalidTransition
from hazchem.domain.identifiers import digital_id_from_scan
from hazchem.domain.lifecycle import ContainerAction, ManifestAction
from hazchem.models import Container, Manifest
from hazchem.services.platform.access import Actor
from hazchem.services.platform.uow import use_case
from hazchem.services.waste import container_messages as msg
from hazchem.services.waste.containers import available_actions, can_see_container, put_away
from hazchem.services.waste.manifests import get_manifest, manifest_actions_for, manifest_containers

# The hand-overs a scan session can prepare: the carrier loading, the receiver unloading.
HANDOVER_STEPS = (ManifestAction.PICK_UP, ManifestAction.DELIVER)
# A put-away session holds at most this many containers, like one generation batch.
MAX_SESSION = 500


@dataclass(frozen=True)
class HandoverSession:
    """A manifest's hand-over being scanned: what is wanted, what was scanned, what is missing."""

    manifest: Manifest
    step: ManifestAction
    tally: rules.ScanTally
    expected: tuple[str, ...]


def _bounded(kept: Sequence[str]) -> list[str]:
    if len(kept) > MAX_SESSION:
        raise InvalidInput(
            msg.SESSION_TOO_LARGE, details=[{"field": "scanned", "limit": MAX_SESSION}], limit=MAX_SESSION
        )
    return list(kept)


def handover_session(
    *,
    session: Session,
    actor: Actor,
    manifest_id: int,
    step: ManifestAction,
    kept: Sequence[str] = (),
    new: str | None = None,
) -> HandoverSession:
    """Sort a hand-over's scans against the manifest's containers; only the party who signs it may scan."""
    if step not in HANDOVER_STEPS:
        raise InvalidInput(msg.NO_SESSION_FOR_STEP, details=[{"field": "step"}], step=step.value)
    manifest = get_manifest(session=session, actor=actor, manifest_id=manifest_id)
    if step.value not in manifest_actions_for(session, actor, manifest.id):
        raise InvalidTransition(
            "manifest.status",
            msg.CANNOT_SIGN_NOW,
            details=[{"status": manifest.status, "action": step.value}],
            number=manifest.number,
            status=manifest.status,
            action=step.value,
        )
    expected = tuple(c.digital_id for _, c in manifest_containers(session, manifest.id))
    return HandoverSession(manifest, step, rules.tally_scans(expected, _bounded(kept), new), expected)


@dataclass(frozen=True)
class PutAwaySession:
    """Containers being scanned into a store: those this user may put away now are wanted here."""

    tally: rules.ScanTally


def put_away_session(
    *, session: Session, actor: Actor, kept: Sequence[str] = (), new: str | None = None
) -> PutAwaySession:
    """Sort put-away scans: a container is wanted if this user may put it away now."""
    scanned = _bounded(kept) + ([new] if new and new.strip() else [])
    ids = set()
    for raw in scanned:
        try:
            ids.add(str(digital_id_from_scan(raw)))
        except InvalidInput:
            continue
    ready = []
    if ids:
        for container in session.exec(select(Container).where(col(Container.digital_id).in_(ids))):
            if can_see_container(session, actor, container) and ContainerAction.PUT_AWAY.value in (
                available_actions(session, actor, container)
            ):
                ready.append(container.digital_id)
    return PutAwaySession(rules.tally_scans(ready, _bounded(kept), new))


@use_case("container.*")
def put_away_all(
    *,
    session: Session,
    actor: Actor,
    scanned: Sequence[str],
    facility_id: int,
    matrix: Sequence[rules.Incompatibility] | None = None,
) -> list[Container]:
    """Put every scanned container into one store in one transaction: all go in, or none do."""
    ids = [str(digital_id_from_scan(s)) for s in _bounded(scanned)]
    if not ids:
        raise InvalidInput(msg.NOTHING_TO_PUT_AWAY, details=[{"field": "scanned"}])
    if len(set(ids)) != len(ids):
        raise InvalidInput(msg.SCANNED_TWICE, details=[{"field": "scanned"}])
    found = session.exec(select(Container).where(col(Container.digital_id).in_(ids)))
    rows = {c.digital_id: c for c in found}
    unknown = [cid for cid in ids if cid not in rows or not can_see_container(session, actor, rows[cid])]
    if unknown:
        raise InvalidInput(
            msg.CANNOT_PUT_AWAY,
            details=[{"field": "scanned", "unknown": unknown}],
            digital_ids=", ".join(unknown),
        )
    return [
        put_away(
            session=session, actor=actor, container_id=rows[cid].id, facility_id=facility_id, matrix=matrix
        )
        for cid in ids
    ]
