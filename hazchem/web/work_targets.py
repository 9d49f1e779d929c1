"""Where each work item of the home page is acted on: its target, as data, turned into a URL."""

from __future__ import annotations

from typing import Any

from flask import url_for

from hazchem.services.work import Target
from hazchem.services.work.worklist import TargetKind

# Target kind -> endpoint and how its arguments come from the target's id and key.
ENDPOINTS: dict[TargetKind, tuple[str, Any]] = {
    TargetKind.CONTAINER: ("web.custody.container_page", lambda t: {"digital_id": t.key}),
    TargetKind.PUT_AWAY: ("web.scans.put_away", lambda t: {}),
    TargetKind.MANIFEST: (
        "web.manifests.manifest",
        lambda t: {"manifest_id": t.id, **({"_anchor": t.key} if t.key else {})},
    ),
    TargetKind.PICK_UP: ("web.scans.handover", lambda t: {"manifest_id": t.id, "step": "pick-up"}),
    TargetKind.ARRIVAL: ("web.scans.handover", lambda t: {"manifest_id": t.id, "step": "arrival"}),
    TargetKind.LICENCE: ("web.registry.licence", lambda t: {"licence_id": t.id}),
    TargetKind.ALERT: (
        "web.alerts.oversight_alerts",
        lambda t: {**({"kind": t.key} if t.key else {}), **({"_anchor": f"alert-{t.id}"} if t.id else {})},
    ),
    TargetKind.DEADLINES: ("web.deadlines.oversight_deadlines", lambda t: {"rule": t.key} if t.key else {}),
    TargetKind.MANIFESTS: ("web.manifests.manifests", lambda t: {"status": t.key} if t.key else {}),
    TargetKind.OVERDUE_MANIFESTS: ("web.oversight.oversight_manifests", lambda t: {"overdue": "1"}),
    TargetKind.STORAGE: ("web.custody.storage", lambda t: {}),
    TargetKind.CORRECTIONS: ("web.oversight.oversight_manifests", lambda t: {}),
    TargetKind.INCOMING_MANIFESTS: ("web.oversight.oversight_manifests", lambda t: {"incoming": "true"}),
}


def work_url(target: Target) -> str:
    """The page where a work item is acted on."""
    endpoint, args = ENDPOINTS[target.kind]
    return url_for(endpoint, **args(target))
