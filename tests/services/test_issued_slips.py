"""Issued transfer slips: the register of printed slips and the roadside check that reads it.

A slip printed at submission and carried on the truck stays genuine after pick-up (it names the stage
it was printed at and what was signed since); a code or fingerprint this system never issued does not.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, NotFound
from hazchem.models import Event, IssuedSlip
from hazchem.services import waste
from hazchem.services.waste import SlipVerdict, documents
from tests.services.conftest import TRANSFER_DATE, make_stored

BASE = "https://hazchem.example"


@pytest.fixture
def drafted(session, chain):
    stored = make_stored(session, chain, count=2, weight="180.5")
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    return manifest, stored


def printed(session, actor, manifest):
    """Print one slip as `actor`; return the slip and the code and fingerprint its QR carries."""
    [slip] = waste.issue_slips(session=session, actor=actor, manifest_ids=[manifest.id], base_url=BASE)
    query = parse_qs(urlsplit(slip.verify_url).query)
    return slip, query["c"][0], query["f"][0]


def check(session, manifest, code, fingerprint=""):
    session.expire_all()
    return documents.verify_slip(
        session=session, number=manifest.number, printed_fingerprint=fingerprint, code=code
    )


def test_a_slip_printed_at_submission_stays_genuine_on_the_road(session, registry, chain, drafted):
    manifest, stored = drafted
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    slip, code, fp = printed(session, chain.officer, manifest)
    assert slip.verify_url == f"{BASE}/v/{manifest.number}?c={code}&f={fp}"
    assert slip.verify_code == f"{code[:5]}-{code[5:]}" and not slip.draft

    at_print = check(session, manifest, code, fp)
    assert at_print.verdict is SlipVerdict.CURRENT and at_print.matches and at_print.genuine
    assert at_print.printed_status == "submitted" and at_print.changes == ()

    # The driver picks up: the record moves on, the slip on the truck is still the system's own.
    waste.pick_up(
        session=session, actor=chain.driver, manifest_id=manifest.id, scanned=[c.digital_id for c in stored]
    )
    roadside = check(session, manifest, code, fp)
    assert roadside.verdict is SlipVerdict.EARLIER and roadside.genuine and not roadside.matches
    assert (roadside.printed_status, roadside.status) == ("submitted", "in_transit")
    assert roadside.printed_at == slip.printed_at
    assert [(c.section, c.action) for c in roadside.changes] == [("carrier", "pick_up")]
    assert roadside.printed_fingerprint == fp != roadside.current_fingerprint

    # Delivered: both later signatures are listed, in order; the code is typed in by hand in any case.
    waste.deliver(
        session=session, actor=chain.operator, manifest_id=manifest.id, scanned=[c.digital_id for c in stored]
    )
    typed = check(session, manifest, f" {code[:5].lower()}-{code[5:]} ")
    assert typed.verdict is SlipVerdict.EARLIER
    assert [(c.section, c.action) for c in typed.changes] == [("carrier", "pick_up"), ("receiver", "deliver")]


def test_a_revision_after_printing_is_listed_as_a_change(session, chain, drafted):
    manifest, _ = drafted
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    _, code, fp = printed(session, chain.officer, manifest)
    waste.revise(
        session=session,
        actor=chain.officer,
        manifest_id=manifest.id,
        field_name="note",
        new_value="含少量水分",
        reason="补充说明",
    )
    after = check(session, manifest, code, fp)
    assert after.verdict is SlipVerdict.EARLIER
    assert [(c.section, c.action) for c in after.changes] == [("generator", "revise")]


def test_printing_enters_the_register_and_the_audit_chain(session, registry, chain, drafted):
    manifest, _ = drafted
    _, code, fp = printed(session, chain.officer, manifest)
    _, again, _ = printed(session, registry.users["regulator_eco"], manifest)
    assert code != again
    rows = session.exec(select(IssuedSlip).where(IssuedSlip.manifest_id == manifest.id)).all()
    assert [(r.code, r.status, r.digest) for r in rows] == [(code, "draft", fp), (again, "draft", fp)]
    assert [r.printed_by for r in rows] == [
        registry.users["officer_a"].user_id,
        registry.users["regulator_eco"].user_id,
    ]
    events = session.exec(
        select(Event).where(Event.entity == "manifest", Event.action == "manifest.print_slip")
    ).all()
    assert [e.entity_id for e in events] == [manifest.number, manifest.number]
    assert [e.after["code"] for e in events] == [code, again]


def test_printing_is_refused_to_whoever_may_not_see_the_manifest(session, registry, chain, drafted):
    manifest, _ = drafted
    # Emergency management does not oversee waste manifests.
    with pytest.raises(Forbidden):
        waste.issue_slips(
            session=session, actor=registry.users["regulator_em"], manifest_ids=[manifest.id], base_url=BASE
        )
    with pytest.raises(NotFound):
        waste.issue_slips(
            session=session, actor=chain.officer, manifest_ids=[manifest.id + 1000], base_url=BASE
        )
    assert session.exec(select(IssuedSlip)).all() == []


def test_a_code_this_system_never_issued_is_not_its_slip(session, chain, drafted):
    manifest, _ = drafted
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    _, code, fp = printed(session, chain.officer, manifest)
    forged = check(session, manifest, "ABCDEFGHJK", fp)
    assert forged.verdict is SlipVerdict.NOT_ISSUED and forged.not_issued and not forged.genuine
    assert forged.printed_status is None and forged.changes == ()
    # One character changed in a genuine code.
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert check(session, manifest, tampered, fp).verdict is SlipVerdict.NOT_ISSUED
    # The genuine code beside a fingerprint other than the one issued under it.
    assert check(session, manifest, code, "0123456789ABCDEF").verdict is SlipVerdict.NOT_ISSUED
    # The genuine code with its own fingerprint, for the contrast.
    assert check(session, manifest, code, fp).verdict is SlipVerdict.CURRENT


def test_a_genuine_code_on_another_manifests_slip_is_not_issued(session, chain, drafted):
    manifest, _ = drafted
    other = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in make_stored(session, chain, count=1)],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    _, code, _ = printed(session, chain.officer, other)
    assert check(session, manifest, code).verdict is SlipVerdict.NOT_ISSUED
    assert check(session, other, code).verdict is SlipVerdict.CURRENT


def test_without_a_code_the_slip_is_unconfirmed_and_an_unknown_number_is_not_found(session, chain, drafted):
    manifest, _ = drafted
    _, _, fp = printed(session, chain.officer, manifest)
    # The record's fingerprint is public, so a fingerprint alone vouches for nothing.
    bare = check(session, manifest, "", fp)
    assert bare.verdict is SlipVerdict.UNCONFIRMED and not bare.genuine and not bare.not_issued
    with pytest.raises(NotFound):
        documents.verify_slip(session=session, number="20269999000001", printed_fingerprint="", code="X")


def test_the_slip_carries_licences_facilities_route_class_and_the_draft_mark(session, chain, drafted):
    manifest, _ = drafted
    draft_slip, _, _ = printed(session, chain.officer, manifest)
    assert draft_slip.draft
    assert draft_slip.receiver.licence == "浙危废经第3306000001号"
    assert draft_slip.legs[0].carrier_licence == "浙交运管许可绍字330600000001号"
    assert draft_slip.dg_class == "3"
    assert draft_slip.generator.facility.startswith("危废贮存库")
    assert draft_slip.origin.startswith("危废贮存库")
    assert draft_slip.receiver.facility.startswith("焚烧车间")
    assert draft_slip.destination.startswith("焚烧车间")
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    submitted, _, _ = printed(session, chain.officer, manifest)
    assert not submitted.draft
    assert [(s.section, s.action) for s in submitted.signatures] == [("产生单位", "提交")]
