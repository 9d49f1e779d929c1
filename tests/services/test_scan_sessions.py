"""Scan sessions in the services: the tally of scans, and putting a session's containers away together."""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.domain.custody import ScanVerdict, tally_scans
from hazchem.domain.errors import InvalidInput, InvalidTransition, RuleViolation
from hazchem.domain.lifecycle import ManifestAction
from hazchem.services import waste
from tests.services.conftest import make_stored

ID = "913306040000000010900249082026050100{}"


def test_tally_marks_each_scan_once_in_order():
    want = [ID.format(1), ID.format(2)]
    first = tally_scans(want, [], want[1])
    assert first.latest == (want[1], ScanVerdict.EXPECTED) and first.missing == (want[0],)
    again = tally_scans(want, [c for c, _ in first.entries], f"https://x.example/l/{want[1]}")
    assert again.latest == (want[1], ScanVerdict.DUPLICATE) and len(again.entries) == 1
    stray = tally_scans(want, [want[1]], ID.format(9))
    assert stray.latest[1] is ScanVerdict.NOT_EXPECTED and not stray.complete
    garbage = tally_scans(want, [want[1], "junk"], "junk")
    assert garbage.latest == ("junk", ScanVerdict.UNREADABLE) and [c for c, _ in garbage.entries] == [want[1]]
    done = tally_scans(want, [want[1], ID.format(9)], want[0])
    assert done.complete and done.matched == [want[1], want[0]]
    assert not tally_scans([], [], None).complete


def test_handover_session_only_for_the_party_that_signs(session, chain):
    stored = make_stored(session, chain, count=1)
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[stored[0].id],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=date.today(),
        planned_method="D10",
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    scan = waste.handover_session(
        session=session, actor=chain.driver, manifest_id=manifest.id, step=ManifestAction.PICK_UP
    )
    assert scan.expected == (stored[0].digital_id,)
    with pytest.raises(InvalidTransition):
        waste.handover_session(
            session=session, actor=chain.operator, manifest_id=manifest.id, step=ManifestAction.DELIVER
        )
    with pytest.raises(InvalidInput):
        waste.handover_session(
            session=session, actor=chain.driver, manifest_id=manifest.id, step=ManifestAction.TREAT
        )


def _generated(session, chain, *weights):
    return [
        waste.create_containers(
            session=session,
            actor=chain.officer,
            stream_id=chain.oil.id,
            packaging="钢桶",
            volume_l=200,
            net_weight_kg=w,
            gen_date=date.today(),
        )[0]
        for w in weights
    ]


def test_put_away_all_is_all_or_nothing(session, chain):
    light, heavy = _generated(session, chain, "100", "250000")
    with pytest.raises(RuleViolation):
        waste.put_away_all(
            session=session,
            actor=chain.officer,
            scanned=[light.digital_id, heavy.digital_id],
            facility_id=chain.store_a.id,
        )
    session.rollback()
    assert waste.stock_g(session, chain.store_a.id) == 0
    done = waste.put_away_all(
        session=session, actor=chain.officer, scanned=[light.digital_id], facility_id=chain.store_a.id
    )
    assert [c.status for c in done] == ["stored"] and waste.stock_g(session, chain.store_a.id) == 100_000


def test_put_away_all_refuses_unseen_repeated_and_empty_scans(session, chain, registry):
    (theirs,) = _generated(session, chain, "100")
    with pytest.raises(InvalidInput):
        waste.put_away_all(
            session=session,
            actor=registry.users["officer_b"],
            scanned=[theirs.digital_id],
            facility_id=chain.store_b.id,
        )
    with pytest.raises(InvalidInput):
        waste.put_away_all(
            session=session,
            actor=chain.officer,
            scanned=[theirs.digital_id, theirs.digital_id],
            facility_id=chain.store_a.id,
        )
    with pytest.raises(InvalidInput):
        waste.put_away_all(session=session, actor=chain.officer, scanned=[], facility_id=chain.store_a.id)
