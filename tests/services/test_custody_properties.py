"""Random custody actions by random parties through the services: no manifest is ever left in a
non-terminal state that no party can move, and every manifest's weights balance."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from hazchem.domain.errors import HazchemError
from hazchem.models import CustodyRequest, Manifest
from hazchem.services import waste
from tests.services.conftest import TRANSFER_DATE, make_stored
from tests.services.exc_world import alternate, operator_of

ACTIONS = [
    "deliver",
    "refuse",
    "refuse_part",
    "redirect",
    "propose_redirect",
    "decide_redirect",
    "return",
    "receive_return",
    "change_leg",
    "incident",
    "lose_all",
    "request_cancel",
    "approve_cancel",
    "decline_cancel",
    "receipt",
    "reject_one",
    "treat",
    "close",
]
PARTIES = ["officer", "driver", "operator", "alt_operator", "eco", "em"]
STEPS = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.sampled_from(PARTIES), st.integers(min_value=0, max_value=5)),
    min_size=1,
    max_size=14,
)


def _live_ids(session, manifest_id):
    return [c.digital_id for _, c in waste.live_containers(session, manifest_id)]


def _open_request(session, manifest_id, kind):
    return session.exec(
        select(CustodyRequest).where(
            CustodyRequest.manifest_id == manifest_id,
            CustodyRequest.kind == kind,
            CustodyRequest.status == "open",
        )
    ).first()


def _act(session, world, action, actor, manifest_id):
    ids = _live_ids(session, manifest_id)
    common = {"session": session, "actor": actor, "manifest_id": manifest_id}
    if action == "deliver":
        waste.deliver(**common, scanned=ids)
    elif action == "refuse":
        waste.refuse_at_gate(**common, reason="wrong_waste")
    elif action == "refuse_part":
        waste.refuse_at_gate(**common, reason="damaged_packaging", containers=ids[:1])
    elif action == "redirect":
        waste.redirect(**common, facility_id=world["alt_store"].id, reason="改送")
    elif action == "propose_redirect":
        waste.propose_redirect(**common, facility_id=world["alt_store"].id, reason="建议改送")
    elif action == "decide_redirect":
        request = _open_request(session, manifest_id, "redirect")
        if request is not None:
            waste.decide_request(session=session, actor=actor, request_id=request.id, approve=True)
    elif action == "return":
        waste.return_to_generator(**common, reason="退回")
    elif action == "receive_return":
        waste.receive_return(**common, facility_id=world["store"].id, scanned=ids)
    elif action == "change_leg":
        waste.change_leg(**common, leg=world["leg"], scanned=ids, reason="换班")
    elif action == "incident":
        waste.report_incident(**common, kind="spill", description="泄漏", lost=ids[:1])
    elif action == "lose_all":
        waste.report_incident(**common, kind="loss", description="丢失", lost=ids)
    elif action == "request_cancel":
        waste.request_cancellation(**common, reason="误填", whereabouts="在途", facility_id=world["store"].id)
    elif action in ("approve_cancel", "decline_cancel"):
        request = _open_request(session, manifest_id, "cancel")
        if request is not None:
            waste.decide_request(
                session=session, actor=actor, request_id=request.id, approve=action == "approve_cancel"
            )
    elif action in ("receipt", "reject_one"):
        rejected = {ids[0]: "不符"} if action == "reject_one" and ids else {}
        waste.record_receipt(**common, weights_kg={i: "10" for i in ids}, rejected=rejected)
    elif action == "treat":
        waste.record_treatment(**common, method_code="D10")
    elif action == "close":
        waste.close(**common)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_no_manifest_is_stranded_and_weights_balance(session, registry, chain, steps):
    world = _world(session, registry, chain)
    start = session.exec(select(Manifest.id).order_by(col(Manifest.id).desc())).first() or 0
    containers = make_stored(session, chain, count=3, weight="10")
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    waste.pick_up(
        session=session,
        actor=chain.driver,
        manifest_id=manifest.id,
        scanned=[c.digital_id for c in containers],
    )
    for action, party, pick in steps:
        session.expire_all()
        ours = session.exec(select(Manifest.id).where(Manifest.id > start).order_by(Manifest.id)).all()
        try:
            _act(session, world, action, world["parties"][party], ours[pick % len(ours)])
        except HazchemError:
            session.rollback()  # a refusal changes nothing; the next step starts clean
    session.expire_all()
    everyone = list(world["parties"].values())
    for row in session.exec(select(Manifest).where(Manifest.id > start)).all():
        assert waste.actionable(session, row, everyone), (row.number, row.status)
        balance = waste.weight_balance(session, row)
        assert balance.balances, (row.number, row.status, balance)


def _world(session, registry, chain):
    """The alternate receiver and the parties, made once per test (examples share the database)."""
    cached = getattr(registry, "_exc_world", None)
    if cached is not None:
        return cached
    alt, alt_store = alternate(session, registry)
    world = {
        "alt_store": alt_store,
        "store": chain.store_a,
        "leg": chain.leg,
        "parties": {
            "officer": chain.officer,
            "driver": chain.driver,
            "operator": chain.operator,
            "alt_operator": operator_of(session, alt),
            "eco": registry.users["regulator_eco"],
            "em": registry.users["regulator_em"],
        },
    }
    registry._exc_world = world
    return world
