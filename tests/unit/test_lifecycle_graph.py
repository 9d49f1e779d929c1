"""The manifest lifecycle as a graph: no state any action can reach is a dead end."""

from __future__ import annotations

from collections import deque

import pytest

from hazchem.domain.lifecycle import (
    ACTION_SECTION,
    CONTAINER_TRANSITIONS,
    MANIFEST_TRANSITIONS,
    TERMINAL_MANIFEST_STATUSES,
    ContainerStatus,
    ManifestAction,
    ManifestStatus,
    manifest_actions,
    manifest_is_terminal,
    signing_section,
)


def _reachable(start, edges):
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _edges(table):
    edges: dict = {}
    for (src, _), dst in table.items():
        edges.setdefault(src, set()).add(dst)
    return edges


REACHABLE = _reachable(ManifestStatus.DRAFT, _edges(MANIFEST_TRANSITIONS))


def test_every_status_is_reachable_from_a_draft():
    assert set(ManifestStatus) == REACHABLE


@pytest.mark.parametrize("status", sorted(REACHABLE), ids=str)
def test_a_terminal_status_is_reachable_from_every_reachable_status(status):
    assert _reachable(status, _edges(MANIFEST_TRANSITIONS)) & TERMINAL_MANIFEST_STATUSES


@pytest.mark.parametrize("status", sorted(REACHABLE), ids=str)
def test_only_terminal_statuses_have_no_action(status):
    assert bool(manifest_actions(status.value)) is not manifest_is_terminal(status.value)


def test_terminal_statuses_are_closed_cancelled_and_returned():
    assert {s.value for s in TERMINAL_MANIFEST_STATUSES} == {"closed", "cancelled", "returned"}
    assert all(not manifest_actions(s.value) for s in TERMINAL_MANIFEST_STATUSES)


def test_waste_on_a_vehicle_has_a_way_back_a_way_on_and_a_way_out():
    for status in (ManifestStatus.IN_TRANSIT, ManifestStatus.REFUSED, ManifestStatus.RETURNING):
        actions = set(manifest_actions(status.value))
        ways = {ManifestAction.CHANGE_LEG, ManifestAction.REPORT_INCIDENT, ManifestAction.REQUEST_CANCEL}
        assert ways <= actions
        assert MANIFEST_TRANSITIONS[(status, ManifestAction.APPROVE_CANCEL)] is ManifestStatus.CANCELLED
    refused = set(manifest_actions("refused"))
    assert {ManifestAction.REDIRECT, ManifestAction.RETURN, ManifestAction.PROPOSE_REDIRECT} <= refused


def test_every_action_signs_a_section():
    assert set(ACTION_SECTION) == set(ManifestAction)
    assert signing_section(ManifestAction.REPORT_INCIDENT, "in_transit").value == "carrier"
    assert signing_section(ManifestAction.REPORT_INCIDENT, "delivered").value == "receiver"
    assert signing_section(ManifestAction.APPROVE_CANCEL, "refused").value == "oversight"


def test_a_container_on_the_road_can_go_back_to_store_or_be_written_off():
    assert CONTAINER_TRANSITIONS[(ContainerStatus.IN_TRANSIT, "return")] is ContainerStatus.STORED
    assert CONTAINER_TRANSITIONS[(ContainerStatus.IN_TRANSIT, "lose")] is ContainerStatus.LOST
    lost_exits = [k for k in CONTAINER_TRANSITIONS if k[0] is ContainerStatus.LOST]
    assert lost_exits == []
