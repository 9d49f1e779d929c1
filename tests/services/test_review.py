"""Regulators read and write on the record, never in a section: review notes and correction requests."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import Forbidden, InvalidInput, InvalidTransition, NotFound, RuleViolation
from hazchem.models import CorrectionRequest, Event, Manifest, ReviewNote, Revision, Signature, User
from hazchem.services import waste
from hazchem.services.oversight import review
from hazchem.services.platform import auth
from tests.services.conftest import TRANSFER_DATE, far_receiver, make_stored

REVIEWERS = ("regulator_eco", "regulator_pc", "admin")
NOT_REVIEWERS = ("regulator_em", "regulator_ps", "regulator_tr")


def draft(session, chain, count=1):
    containers = make_stored(session, chain, count=count, weight="200")
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    return manifest, containers


def submitted(session, chain):
    manifest, containers = draft(session, chain)
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    return manifest, containers


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def events(session, action: str) -> int:
    return session.exec(select(func.count()).select_from(Event).where(Event.action == action)).one()


# --- Regulators never sign ------------------------------------------------------------------------


def test_no_regulator_or_administrator_signs_any_section(session, registry, chain):
    """Walk a manifest from draft to closed; at every step each regulator and the admin is refused first."""
    manifest, containers = draft(session, chain, count=1)
    ids = [c.digital_id for c in containers]
    outsiders = [registry.users[u] for u in (*REVIEWERS, *NOT_REVIEWERS)]
    steps = [
        (
            "submit",
            chain.officer,
            lambda a: waste.submit(session=session, actor=a, manifest_id=manifest.id),
        ),
        (
            "pick_up",
            chain.driver,
            lambda a: waste.pick_up(session=session, actor=a, manifest_id=manifest.id, scanned=ids),
        ),
        (
            "deliver",
            chain.operator,
            lambda a: waste.deliver(session=session, actor=a, manifest_id=manifest.id, scanned=ids),
        ),
        (
            "receipt",
            chain.operator,
            lambda a: waste.record_receipt(
                session=session, actor=a, manifest_id=manifest.id, weights_kg={ids[0]: "200"}
            ),
        ),
        (
            "revise",
            chain.operator,
            lambda a: waste.revise(
                session=session,
                actor=a,
                manifest_id=manifest.id,
                field_name="anomaly_note",
                new_value="x",
                reason="y",
            ),
        ),
        (
            "treat",
            chain.operator,
            lambda a: waste.record_treatment(
                session=session, actor=a, manifest_id=manifest.id, method_code="D10"
            ),
        ),
        (
            "close",
            chain.operator,
            lambda a: waste.close(session=session, actor=a, manifest_id=manifest.id),
        ),
    ]
    for name, party, act in steps:
        for outsider in outsiders:
            signatures = count(session, Signature)
            with pytest.raises(Forbidden):
                act(outsider)
            session.rollback()
            assert count(session, Signature) == signatures, (name, outsider.username)
        act(party)
    assert session.get(Manifest, manifest.id).status == "closed"
    signers = {s.user_id for s in session.exec(select(Signature).where(Signature.manifest_id == manifest.id))}
    assert signers == {chain.officer.user_id, chain.driver.user_id, chain.operator.user_id}


@pytest.mark.parametrize("username", (*REVIEWERS, *NOT_REVIEWERS))
def test_no_regulator_cancels_or_drafts(session, registry, chain, username):
    manifest, containers = draft(session, chain)
    actor = registry.users[username]
    with pytest.raises(Forbidden):
        waste.cancel(session=session, actor=actor, manifest_id=manifest.id, reason="x")
    session.rollback()
    with pytest.raises(Forbidden):
        waste.create_manifest(
            session=session,
            actor=actor,
            container_ids=[containers[0].id],
            receiver_facility_id=chain.plant_b.id,
            legs=[chain.leg],
            transfer_date=TRANSFER_DATE,
        )


# --- Review notes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", REVIEWERS)
def test_overseeing_regulators_and_the_admin_attach_notes(session, registry, chain, username):
    manifest, _ = draft(session, chain)
    note = review.add_note(
        session=session, actor=registry.users[username], manifest_id=manifest.id, text=" 核对重量 "
    )
    assert note.text == "核对重量" and note.author_id == registry.users[username].user_id
    assert [
        n.id
        for n in review.list_notes(
            session=session, actor=registry.users["regulator_eco"], manifest_id=manifest.id
        )
    ] == [note.id]
    assert events(session, "manifest.review_note") == 1


@pytest.mark.parametrize("username", (*NOT_REVIEWERS, "officer_a", "operator_b", "driver"))
def test_others_may_not_attach_notes(session, registry, chain, username):
    manifest, _ = draft(session, chain)
    with pytest.raises(Forbidden):
        review.add_note(session=session, actor=registry.users[username], manifest_id=manifest.id, text="x")
    session.rollback()
    assert count(session, ReviewNote) == 0
    with pytest.raises(Forbidden):
        review.list_notes(session=session, actor=registry.users[username], manifest_id=manifest.id)


@pytest.mark.parametrize("text", ["", "   ", "x" * 4001])
def test_a_note_needs_a_text_of_sensible_length(session, registry, chain, text):
    manifest, _ = draft(session, chain)
    with pytest.raises(InvalidInput):
        review.add_note(
            session=session, actor=registry.users["regulator_eco"], manifest_id=manifest.id, text=text
        )
    assert count(session, ReviewNote) == 0


def test_a_note_on_a_missing_manifest(session, registry):
    with pytest.raises(NotFound):
        review.add_note(session=session, actor=registry.users["regulator_eco"], manifest_id=999, text="x")


# --- Correction requests --------------------------------------------------------------------------


def open_request(session, registry, manifest, section="generator", user="regulator_eco", text="请补充备注"):
    return review.open_correction(
        session=session, actor=registry.users[user], manifest_id=manifest.id, section=section, text=text
    )


@pytest.mark.parametrize(
    ("section", "party"), [("generator", "ent_a"), ("carrier", "ent_c"), ("receiver", "ent_b")]
)
def test_a_request_is_addressed_to_the_sections_party(session, registry, chain, section, party):
    manifest, _ = draft(session, chain)
    request = open_request(session, registry, manifest, section=section)
    assert request.status == "open" and request.enterprise_id == getattr(registry, party).id
    assert events(session, "correction.open") == 1


@pytest.mark.parametrize("username", (*NOT_REVIEWERS, "officer_a", "driver"))
def test_a_department_that_does_not_oversee_manifests_cannot_open_one(session, registry, chain, username):
    manifest, _ = draft(session, chain)
    with pytest.raises(Forbidden):
        open_request(session, registry, manifest, user=username)
    session.rollback()
    assert count(session, CorrectionRequest) == 0


@pytest.mark.parametrize(("section", "text"), [("treatment", "x"), ("driver", "x"), ("generator", " ")])
def test_a_request_needs_a_party_section_and_a_text(session, registry, chain, section, text):
    manifest, _ = draft(session, chain)
    with pytest.raises(InvalidInput):
        open_request(session, registry, manifest, section=section, text=text)
    assert count(session, CorrectionRequest) == 0


def test_the_generator_answers_with_a_revision_linked_to_the_request(session, registry, chain):
    manifest, _ = submitted(session, chain)
    request = open_request(session, registry, manifest)
    assert [v.request.id for v in review.open_for_me(session=session, actor=chain.officer)] == [request.id]
    assert review.open_for_me(session=session, actor=registry.users["officer_b"]) == []
    answered = review.answer_correction(
        session=session,
        actor=chain.officer,
        request_id=request.id,
        reply="补充了运输要求",
        field_name="note",
        new_value="防雨",
    )
    assert answered.status == "answered" and answered.answer_kind == "revision"
    revision = session.get(Revision, answered.revision_id)
    assert (revision.field, revision.old_value, revision.new_value) == ("note", "", "防雨")
    assert revision.reason == "补充了运输要求"
    assert session.get(Manifest, manifest.id).note == "防雨"
    assert review.open_for_me(session=session, actor=chain.officer) == []
    assert events(session, "correction.answer") == 1 and events(session, "manifest.revise") == 1
    closed = review.close_correction(
        session=session, actor=registry.users["regulator_pc"], request_id=request.id
    )
    assert closed.status == "closed"
    # Everything stays on the record.
    [view] = review.list_corrections(session=session, actor=chain.officer, manifest_id=manifest.id)
    assert view.request.text == "请补充备注" and view.request.answer_text == "补充了运输要求"


def test_the_carrier_answers_with_a_reply(session, registry, chain):
    manifest, _ = submitted(session, chain)
    request = open_request(session, registry, manifest, section="carrier", text="车辆证件核对")
    with pytest.raises(RuleViolation) as refused:
        review.answer_correction(
            session=session,
            actor=chain.driver,
            request_id=request.id,
            reply="x",
            field_name="note",
            new_value="y",
        )
    assert refused.value.rule == "correction.revision_section"
    session.rollback()
    answered = review.answer_correction(
        session=session, actor=chain.driver, request_id=request.id, reply="证件已更新"
    )
    assert answered.status == "answered" and answered.answer_kind == "reply" and answered.revision_id is None


@pytest.mark.parametrize("username", ["officer_a", "driver", "regulator_eco", "admin"])
def test_only_the_addressed_party_answers(session, registry, chain, username):
    manifest, _ = submitted(session, chain)
    request = open_request(session, registry, manifest, section="receiver")
    with pytest.raises(Forbidden):
        review.answer_correction(
            session=session, actor=registry.users[username], request_id=request.id, reply="x"
        )
    session.rollback()
    assert session.get(CorrectionRequest, request.id).status == "open"


def test_an_unrelated_enterprise_does_not_even_see_the_request(session, registry, chain):
    far, _ = far_receiver(session, registry)
    user = User(username="stranger", password_hash="x", role="ehs_officer", enterprise_id=far.id)
    session.add(user)
    session.commit()
    stranger = auth.build_actor(session, user)
    manifest, _ = submitted(session, chain)
    request = open_request(session, registry, manifest, section="receiver")
    with pytest.raises(NotFound):
        review.answer_correction(session=session, actor=stranger, request_id=request.id, reply="x")
    session.rollback()
    with pytest.raises(NotFound):
        review.list_corrections(session=session, actor=stranger, manifest_id=manifest.id)
    assert review.open_for_me(session=session, actor=stranger) == []


def test_answering_twice_or_empty_is_refused(session, registry, chain):
    manifest, _ = submitted(session, chain)
    request = open_request(session, registry, manifest, section="receiver")
    with pytest.raises(InvalidInput):
        review.answer_correction(session=session, actor=chain.operator, request_id=request.id, reply="  ")
    review.answer_correction(session=session, actor=chain.operator, request_id=request.id, reply="已核实")
    with pytest.raises(InvalidTransition):
        review.answer_correction(session=session, actor=chain.operator, request_id=request.id, reply="再答")
    session.rollback()
    assert session.get(CorrectionRequest, request.id).answer_text == "已核实"


def test_a_revision_of_an_unsealed_section_is_refused_and_nothing_is_answered(session, registry, chain):
    manifest, _ = submitted(session, chain)
    request = open_request(session, registry, manifest, section="receiver")
    with pytest.raises(RuleViolation) as refused:
        review.answer_correction(
            session=session,
            actor=chain.operator,
            request_id=request.id,
            reply="r",
            field_name="anomaly_note",
            new_value="v",
        )
    assert refused.value.rule == "revision.section_not_sealed"
    session.rollback()
    assert session.get(CorrectionRequest, request.id).status == "open"
    assert count(session, Revision) == 0


def test_the_regulator_withdraws_an_open_request_and_closes_only_answered_ones(session, registry, chain):
    manifest, _ = submitted(session, chain)
    first = open_request(session, registry, manifest)
    with pytest.raises(InvalidTransition):
        review.close_correction(session=session, actor=registry.users["regulator_eco"], request_id=first.id)
    session.rollback()
    with pytest.raises(Forbidden):
        review.withdraw_correction(session=session, actor=chain.officer, request_id=first.id)
    session.rollback()
    with pytest.raises(Forbidden):
        review.withdraw_correction(session=session, actor=registry.users["regulator_tr"], request_id=first.id)
    session.rollback()
    done = review.withdraw_correction(
        session=session, actor=registry.users["regulator_eco"], request_id=first.id, note="已电话沟通"
    )
    assert done.status == "withdrawn" and done.close_note == "已电话沟通"
    with pytest.raises(InvalidTransition):
        review.answer_correction(session=session, actor=chain.officer, request_id=first.id, reply="x")
    session.rollback()
    with pytest.raises(NotFound):
        review.withdraw_correction(session=session, actor=registry.users["regulator_eco"], request_id=999)
    assert count(session, CorrectionRequest) == 1  # never deleted
