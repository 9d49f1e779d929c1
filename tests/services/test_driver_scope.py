"""Drivers read only their own legs' manifests; a carrier dispatcher reads and assigns its carrier's legs."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from hazchem.models import Event, TransportLeg
from hazchem.services import waste
from hazchem.services.oversight import review
from hazchem.services.oversight import search as audit_search
from hazchem.services.platform import auth
from hazchem.services.waste import documents, scans
from hazchem.services.waste import reads as custody_reads
from tests.conftest import PASSWORD
from tests.services.fleet_world import fleet_fixture, load_on  # noqa: F401  (the `fleet` fixture)

BASE = "https://hazchem.example"


def digital(containers) -> list[str]:
    """The digital IDs a scanner reads off these containers."""
    return [c.digital_id for c in containers]


@pytest.fixture
def loads(session, chain, fleet):
    """Three submitted manifests: one on driver A's leg, one on driver B's (both carrier C), one on D's."""
    return {
        "a": load_on(session, chain, fleet.leg_a),
        "b": load_on(session, chain, fleet.leg_b),
        "d": load_on(session, chain, fleet.leg_d),
    }


def reads_of(session, actor, manifest, containers) -> dict[str, bool]:
    """Which custody reads of one manifest and its containers the actor gets (True) or is refused."""

    def allowed(read) -> bool:
        try:
            read()
        except NotFound:
            return False
        return True

    cid = containers[0].id
    mid = manifest.id
    return {
        "manifest": allowed(lambda: waste.get_manifest(session=session, actor=actor, manifest_id=mid)),
        "slip": allowed(
            lambda: documents.issue_slips(session=session, actor=actor, manifest_ids=[mid], base_url=BASE)
        ),
        "container": allowed(lambda: waste.get_container(session=session, actor=actor, container_id=cid)),
        "label": allowed(
            lambda: documents.labels_for(session=session, actor=actor, container_ids=[cid], base_url=BASE)
        ),
        "lookup": allowed(
            lambda: scans.lookup(session=session, actor=actor, scanned=containers[0].digital_id)
        ),
        "scan_page": scans.scan_page(
            session=session, actor=actor, scanned=containers[0].digital_id, base_url=BASE
        ).container
        is not None,
    }


ALL = {"manifest": True, "slip": True, "container": True, "label": True, "lookup": True, "scan_page": True}
NONE = dict.fromkeys(ALL, False)


def listed(session, actor) -> dict[str, set[int]]:
    """The manifest ids each list of the actor shows."""
    manifests = {m.id for m in waste.list_manifests(session=session, actor=actor)}
    containers = {
        c.manifest_id
        for c in custody_reads.list_containers(
            session, actor, status=None, facility_id=None, enterprise_id=None, after=None, limit=500
        )
    }
    legs = {r.manifest.id for r in custody_reads.list_transport_legs(session, actor)}
    filters = audit_search.ManifestFilters()
    found = {m.id for m in audit_search.search_manifests(session=session, actor=actor, filters=filters).items}
    return {"manifests": manifests, "containers": containers, "legs": legs, "search": found}


def everywhere(ids: set[int]) -> dict[str, set[int]]:
    """What `listed` gives when every list shows exactly these manifests."""
    return {key: ids for key in ("manifests", "containers", "legs", "search")}


def test_a_driver_reads_only_the_manifests_of_its_own_legs(session, chain, fleet, loads):
    driver_a, driver_b = chain.driver, fleet.actors["driver_b"]
    (mine, mine_c), (theirs, theirs_c), (other, other_c) = loads["a"], loads["b"], loads["d"]
    assert reads_of(session, driver_a, mine, mine_c) == ALL
    assert reads_of(session, driver_a, theirs, theirs_c) == NONE
    assert reads_of(session, driver_a, other, other_c) == NONE
    assert reads_of(session, driver_b, theirs, theirs_c) == ALL
    assert reads_of(session, driver_b, mine, mine_c) == NONE
    for actor, own in ((driver_a, mine.id), (driver_b, theirs.id), (fleet.actors["driver_d"], other.id)):
        assert listed(session, actor) == everywhere({own})
    # The generator's officer still sees every manifest it is party to, whoever drives.
    assert listed(session, chain.officer)["manifests"] == {mine.id, theirs.id, other.id}


def test_a_driver_signs_only_its_own_leg(session, chain, fleet, loads):
    (mine, mine_c), (theirs, theirs_c) = loads["a"], loads["b"]
    with pytest.raises(NotFound):
        waste.pick_up(session=session, actor=chain.driver, manifest_id=theirs.id, scanned=digital(theirs_c))
    done = waste.pick_up(session=session, actor=chain.driver, manifest_id=mine.id, scanned=digital(mine_c))
    assert done.manifest.picked_up_at is not None


def test_a_dispatcher_reads_every_leg_of_its_carrier_and_none_of_another(session, chain, fleet, loads):
    dispatcher_c, dispatcher_d = fleet.actors["dispatcher_c"], fleet.actors["dispatcher_d"]
    (mine, mine_c), (theirs, theirs_c), (other, other_c) = loads["a"], loads["b"], loads["d"]
    for manifest, containers in ((mine, mine_c), (theirs, theirs_c)):
        assert reads_of(session, dispatcher_c, manifest, containers) == ALL
        assert reads_of(session, dispatcher_d, manifest, containers) == NONE
    assert reads_of(session, dispatcher_d, other, other_c) == ALL
    assert reads_of(session, dispatcher_c, other, other_c) == NONE
    both = {mine.id, theirs.id}
    assert listed(session, dispatcher_c) == everywhere(both)
    assert listed(session, dispatcher_d)["manifests"] == {other.id}
    # A dispatcher reads; it never signs a section.
    assert waste.manifest_actions_for(session, dispatcher_c, mine.id) == []


def test_correction_requests_reach_only_the_driver_of_the_leg(session, chain, fleet, loads, registry):
    theirs = loads["b"][0]
    review.open_correction(
        session=session,
        actor=registry.users["regulator_eco"],
        manifest_id=theirs.id,
        section="carrier",
        text="请补充押运员信息",
    )
    to_answer = {
        name: [v.request.manifest_id for v in review.open_for_me(session=session, actor=actor)]
        for name, actor in (
            ("driver_a", chain.driver),
            ("driver_b", fleet.actors["driver_b"]),
            ("dispatcher_c", fleet.actors["dispatcher_c"]),
            ("dispatcher_d", fleet.actors["dispatcher_d"]),
        )
    }
    assert to_answer == {
        "driver_a": [],
        "driver_b": [theirs.id],
        "dispatcher_c": [theirs.id],
        "dispatcher_d": [],
    }


# --- Assignment -----------------------------------------------------------------------------------


def leg_of(session, manifest_id: int) -> tuple[int, int]:
    """The committed (vehicle, driver) of a manifest's first leg."""
    session.rollback()
    leg = session.exec(select(TransportLeg).where(TransportLeg.manifest_id == manifest_id)).one()
    return leg.vehicle_id, leg.driver_id


def assignments(session) -> list[Event]:
    session.rollback()
    query = select(Event).where(Event.action == "manifest.assign_leg").order_by(col(Event.id))
    return list(session.exec(query))


def test_the_dispatcher_moves_a_load_to_another_driver(session, chain, fleet, loads):
    theirs, theirs_c = loads["b"]
    dispatcher = fleet.actors["dispatcher_c"]
    waste.assign_leg(
        session=session,
        actor=dispatcher,
        manifest_id=theirs.id,
        leg_seq=1,
        vehicle_id=fleet.vehicle_a.id,
        driver_id=fleet.driver_a.id,
    )
    assert leg_of(session, theirs.id) == (fleet.vehicle_a.id, fleet.driver_a.id)
    # Driver A now carries it and driver B no longer sees it.
    assert reads_of(session, chain.driver, theirs, theirs_c) == ALL
    assert reads_of(session, fleet.actors["driver_b"], theirs, theirs_c) == NONE
    [event] = assignments(session)
    assert (event.entity_id, event.actor_role) == (theirs.number, "carrier_dispatcher")
    assert event.before == {"leg": 1, "vehicle": "浙D54321", "driver": "李师傅"}
    assert event.after == {"leg": 1, "vehicle": "浙D12345", "driver": "王师傅"}
    # The timeline shows it; the pick-up by the newly assigned driver goes through.
    shown = waste.timeline(session, theirs, digital(theirs_c))
    assert "manifest.assign_leg" in [e.action for e in shown]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=theirs.id, scanned=digital(theirs_c))
    # Drafts are dispatched too.
    draft, _ = load_on(session, chain, fleet.leg_a, submit=False)
    waste.assign_leg(
        session=session, actor=dispatcher, manifest_id=draft.id, leg_seq=1,
        vehicle_id=fleet.vehicle_b.id, driver_id=fleet.driver_b.id,
    )  # fmt: skip
    assert leg_of(session, draft.id) == (fleet.vehicle_b.id, fleet.driver_b.id)


@pytest.mark.parametrize(
    ("who", "change", "refusal", "rule"),
    [
        ("dispatcher_d", {}, NotFound, None),
        ("driver_a", {}, NotFound, None),
        ("driver_b", {}, Forbidden, None),
        ("officer_a", {}, Forbidden, None),
        ("admin", {}, Forbidden, None),
        ("dispatcher_c", {"leg_seq": 2}, InvalidInput, None),
        ("dispatcher_c", {"vehicle_id": -1}, InvalidInput, None),
        ("dispatcher_c", {"driver_id": -1}, InvalidInput, None),
        ("dispatcher_c", {"vehicle": "vehicle_d"}, RuleViolation, "dispatch.carrier_fleet"),
        ("dispatcher_c", {"driver": "driver_d"}, RuleViolation, "dispatch.carrier_fleet"),
        ("dispatcher_c", {"vehicle": "lapsed_vehicle"}, RuleViolation, "dispatch.vehicle_qualification"),
        ("dispatcher_c", {"driver": "lapsed_driver"}, RuleViolation, "dispatch.driver_qualification"),
        ("dispatcher_c", {"vehicle": "narrow_vehicle"}, RuleViolation, "transport.vehicle_dg_class"),
    ],
)
def test_assignment_refusals_change_nothing(
    session, chain, fleet, loads, registry, who, change, refusal, rule
):
    theirs = loads["b"][0]
    actor = {
        **fleet.actors,
        "driver_a": chain.driver,
        "officer_a": chain.officer,
        "admin": registry.users["admin"],
    }[who]
    args = {
        "manifest_id": theirs.id,
        "leg_seq": change.get("leg_seq", 1),
        "vehicle_id": change.get("vehicle_id", getattr(fleet, change.get("vehicle", "vehicle_a")).id),
        "driver_id": change.get("driver_id", getattr(fleet, change.get("driver", "driver_a")).id),
    }
    with pytest.raises(refusal) as raised:
        waste.assign_leg(session=session, actor=actor, **args)
    if rule is not None:
        assert raised.value.rule == rule
    if rule == "dispatch.driver_qualification":
        assert "赵师傅" in raised.value.message and "2026-01-31" in raised.value.message
    assert leg_of(session, theirs.id) == (fleet.vehicle_b.id, fleet.driver_b.id)
    assert assignments(session) == []


def test_a_leg_picked_up_or_cancelled_is_not_reassigned(session, chain, fleet, loads):
    dispatcher = fleet.actors["dispatcher_c"]
    mine, mine_c = loads["a"]
    theirs = loads["b"][0]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=mine.id, scanned=digital(mine_c))
    waste.cancel(session=session, actor=chain.officer, manifest_id=theirs.id, reason="改期")
    for manifest in (mine, theirs):
        with pytest.raises(RuleViolation) as raised:
            waste.assign_leg(
                session=session, actor=dispatcher, manifest_id=manifest.id, leg_seq=1,
                vehicle_id=fleet.vehicle_b.id, driver_id=fleet.driver_b.id,
            )  # fmt: skip
        assert raised.value.rule == "dispatch.picked_up"
    assert assignments(session) == []
    # The manifest page offers the form only where an assignment can succeed.
    assert waste.assignable_legs(session, dispatcher, mine) == {}
    fresh = load_on(session, chain, fleet.leg_b)[0]
    offered = waste.assignable_legs(session, dispatcher, fresh)
    assert list(offered) == [1]
    assert {d.name for d in offered[1].drivers} == {"王师傅", "李师傅", "赵师傅"}
    assert waste.assignable_legs(session, fleet.actors["dispatcher_d"], fresh) == {}
    assert waste.assignable_legs(session, fleet.actors["driver_b"], fresh) == {}


# --- Accounts -------------------------------------------------------------------------------------


def test_a_dispatcher_account_is_bound_to_a_carrier(session, registry, fleet):
    for binding in ({}, {"enterprise_id": registry.ent_a.id}, {"driver_id": registry.driver.id}):
        with pytest.raises(InvalidInput):
            auth.create_user(
                session=session,
                actor=None,
                username="dispatch-x",
                password=PASSWORD,
                role="carrier_dispatcher",
                **binding,
            )
    user = auth.create_user(
        session=session,
        actor=registry.users["admin"],
        username="dispatch-c2",
        password=PASSWORD,
        role="carrier_dispatcher",
        enterprise_id=registry.ent_c.id,
    )
    actor = auth.authenticate(session=session, username=user.username, password=PASSWORD)
    assert actor.role == "carrier_dispatcher" and actor.enterprise_ids == {registry.ent_c.id}
    assert actor.driver_id is None
