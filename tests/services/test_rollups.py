"""Monthly waste roll-ups: after a varied custody lifecycle through the services they equal a
recomputation from the records; a rolled-back use case leaves them as they were."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import event
from sqlmodel import col, delete, select

from hazchem.models import Manifest, WasteMonthly
from hazchem.services import waste
from hazchem.services.oversight import rollups, summaries
from hazchem.services.platform import clock
from hazchem.services.platform.uow import UseCaseSpec, unit_of_work
from tests.services.conftest import TRANSFER_DATE, make_stored
from tests.services.exc_world import alternate, on_the_road, operator_of
from tests.services.test_custody_properties import STEPS, _act, _world


def in_step(session) -> dict:
    """The stored roll-ups, checked against a recomputation from the records."""
    session.rollback()
    stored = rollups.stored(session)
    assert stored == rollups.recompute(session)
    return stored


def at(monkeypatch, *moment: int) -> None:
    """Set the clock to a UTC moment."""
    monkeypatch.setattr(clock, "now", lambda: datetime(*moment, tzinfo=UTC))


def shipped(session, chain, count=2, weight="100"):
    containers = make_stored(session, chain, count=count, weight=weight)
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
    return manifest, containers


def test_a_varied_lifecycle_keeps_the_rollups_equal_to_a_recomputation(session, registry, chain, monkeypatch):
    ops = {"session": session}
    # Picked up on the last evening of May Beijing time (UTC still 31 May), delivered and weighed in
    # June with one container rejected, treated in July, closed.
    at(monkeypatch, 2026, 5, 31, 14)
    full, containers = shipped(session, chain, count=3)
    ids = [c.digital_id for c in containers]
    waste.pick_up(**ops, actor=chain.driver, manifest_id=full.id, scanned=ids)
    at(monkeypatch, 2026, 5, 31, 17)
    waste.deliver(**ops, actor=chain.operator, manifest_id=full.id, scanned=ids)
    in_step(session)
    waste.record_receipt(
        **ops,
        actor=chain.operator,
        manifest_id=full.id,
        weights_kg={i: "99" for i in ids},
        rejected={ids[0]: "不符"},
    )
    at(monkeypatch, 2026, 7, 2, 3)
    waste.record_treatment(**ops, actor=chain.operator, manifest_id=full.id, method_code="D10")
    waste.close(**ops, actor=chain.operator, manifest_id=full.id)
    in_step(session)

    # A partial refusal at the gate splits a container off; the rest is delivered and accepted.
    at(monkeypatch, 2026, 8, 3, 3)
    parent, road_ids = on_the_road(session, chain, count=3)
    waste.refuse_at_gate(
        **ops,
        actor=chain.operator,
        manifest_id=parent.id,
        reason="damaged_packaging",
        containers=road_ids[:1],
    )
    waste.deliver(**ops, actor=chain.operator, manifest_id=parent.id, scanned=road_ids[1:])
    waste.record_receipt(
        **ops, actor=chain.operator, manifest_id=parent.id, weights_kg={i: "100" for i in road_ids[1:]}
    )
    in_step(session)

    # A whole refusal redirected to another receiver, delivered and accepted there.
    alt, alt_store = alternate(session, registry)
    alt_operator = operator_of(session, alt)
    refused, refused_ids = on_the_road(session, chain, count=2)
    waste.refuse_at_gate(**ops, actor=chain.operator, manifest_id=refused.id, reason="over_capacity")
    at(monkeypatch, 2026, 9, 1, 3)
    waste.redirect(
        **ops, actor=chain.officer, manifest_id=refused.id, facility_id=alt_store.id, reason="改送"
    )
    waste.deliver(**ops, actor=alt_operator, manifest_id=refused.id, scanned=refused_ids)
    waste.record_receipt(
        **ops, actor=alt_operator, manifest_id=refused.id, weights_kg={i: "101" for i in refused_ids}
    )
    in_step(session)

    # A refused load returned to the generator, taken back into its store.
    back, back_ids = on_the_road(session, chain, count=2)
    waste.refuse_at_gate(**ops, actor=chain.operator, manifest_id=back.id, reason="wrong_waste")
    waste.return_to_generator(**ops, actor=chain.officer, manifest_id=back.id, reason="退回")
    waste.receive_return(
        **ops, actor=chain.officer, manifest_id=back.id, facility_id=chain.store_a.id, scanned=back_ids
    )
    # A loss on the road, a cancellation before pick-up, an approved cancellation on the road.
    lost, lost_ids = on_the_road(session, chain, count=2)
    waste.report_incident(
        **ops, actor=chain.driver, manifest_id=lost.id, kind="loss", description="丢失", lost=lost_ids[:1]
    )
    draft, _ = shipped(session, chain)
    waste.cancel(**ops, actor=chain.officer, manifest_id=draft.id, reason="改期")
    stopped, _ = on_the_road(session, chain, count=1)
    request = waste.request_cancellation(
        **ops,
        actor=chain.officer,
        manifest_id=stopped.id,
        reason="误填",
        whereabouts="在途",
        facility_id=chain.store_a.id,
    )
    waste.decide_cancellation(
        **ops, actor=registry.users["regulator_eco"], request_id=request.id, approve=True
    )
    # A correction of a signed section, and a spoiled label voided.
    waste.revise(
        **ops, actor=chain.officer, manifest_id=parent.id, field_name="note", new_value="更正", reason="笔误"
    )
    spoiled = waste.create_containers(
        **ops,
        actor=chain.officer,
        stream_id=chain.acid.id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg="30",
        gen_date=date(2026, 9, 1),
        count=2,
    )
    waste.void(**ops, actor=chain.officer, container_id=spoiled[0].id, reason="标签污损")
    stored = in_step(session)

    # The figures moved at all, in the months the events happened.
    months = {(y, m) for (_, y, m, _, _), v in stored.items() if v[rollups.FIGURES.index("treated_g")]}
    assert months == {(2026, 7)}
    received = {(y, m) for (_, y, m, _, _), v in stored.items() if v[rollups.FIGURES.index("received_g")]}
    assert (2026, 6) in received and (2026, 9) in received
    # The annual summary read from the roll-ups equals the one computed from the records.
    for owners in ([registry.ent_a.id], [registry.ent_b.id], [alt.id], None):
        assert summaries.compute(session, owners, 2026) == summaries.compute_from_records(
            session, owners, 2026
        )
    totals = summaries.compute(session, None, 2026)[0]
    assert sum(r.generated_g for r in totals) > 0 and sum(r.treated_g for r in totals) == 198_000


def test_a_rebuild_restores_rows_that_were_lost(session, registry, chain):
    on_the_road(session, chain, count=2)
    before = in_step(session)
    session.exec(delete(WasteMonthly))
    session.commit()
    assert rollups.stored(session) == {}
    assert rollups.rebuild(session=session) == len(before)
    assert in_step(session) == before


def test_a_rolled_back_use_case_leaves_the_rollups_unchanged(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=2)
    before = in_step(session)
    spec = UseCaseSpec("tests.rollups.refused", ("manifest.*", "container.*", "custody.*"))
    with pytest.raises(RuntimeError), unit_of_work(session, spec):
        waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
        session.flush()
        raise RuntimeError("refused after the delivery was written")
    assert in_step(session) == before
    # Nothing of the rolled-back transaction is carried into the next one.
    waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    assert in_step(session) != before


def test_a_commit_that_fails_takes_the_rollup_change_with_it(session, registry, chain):
    manifest, ids = on_the_road(session, chain, count=2)
    before = in_step(session)
    seen = []

    def refuse(s):
        seen.append(rollups.stored(s))
        raise RuntimeError("commit refused")

    event.listen(session, "before_commit", refuse)
    try:
        with pytest.raises(RuntimeError):
            waste.deliver(session=session, actor=chain.operator, manifest_id=manifest.id, scanned=ids)
    finally:
        event.remove(session, "before_commit", refuse)
    # The roll-ups had changed inside the transaction, and went with it.
    assert seen and seen[0] != before
    assert in_step(session) == before
    assert session.exec(select(Manifest.delivered_at).where(col(Manifest.id) == manifest.id)).one() is None


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_random_custody_actions_keep_the_rollups_equal_to_a_recomputation(session, registry, chain, steps):
    from hazchem.domain.errors import HazchemError

    world = _world(session, registry, chain)
    start = session.exec(select(Manifest.id).order_by(col(Manifest.id).desc())).first() or 0
    on_the_road(session, chain, count=3, weight="10")
    for action, party, pick in steps:
        session.expire_all()
        ours = session.exec(select(Manifest.id).where(Manifest.id > start).order_by(Manifest.id)).all()
        try:
            _act(session, world, action, world["parties"][party], ours[pick % len(ours)])
        except HazchemError:
            session.rollback()
    in_step(session)


def test_the_rebuild_command_restores_lost_rows(app, session, registry, chain):
    on_the_road(session, chain, count=2)
    before = in_step(session)
    session.exec(delete(WasteMonthly))
    session.commit()
    result = app.test_cli_runner().invoke(args=["rollups", "rebuild"])
    assert result.exit_code == 0 and f"{len(before)} roll-up rows rebuilt" in result.output
    assert in_step(session) == before
