"""The manifest page's review: notes, correction requests and answers; the audit-chain indicator."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import select

from hazchem.models import CorrectionRequest, Event, Manifest, ReviewNote
from tests.conftest import tamper
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import login, post
from tests.web.test_web_custody import page
from tests.web.test_web_manifests import act, advance, drafted, web_chain  # noqa: F401


def requests(session) -> list[CorrectionRequest]:
    session.rollback()
    return list(session.exec(select(CorrectionRequest).order_by(CorrectionRequest.id)))


def test_regulator_requests_a_correction_and_the_generator_answers_with_a_revision(
    client,
    session,
    web_chain,  # noqa: F811
    drafted,  # noqa: F811
):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "submitted")
    login(client, "regulator_eco")
    assert act(client, manifest.id, "note", {"text": "重量核对中"}).status_code == 302
    opened = act(
        client, manifest.id, "correction-open", {"section": "generator", "text": "请补充运输注意事项"}
    )
    assert opened.status_code == 302
    [request] = requests(session)
    assert request.status == "open" and request.enterprise_id == manifest.generator_id
    _, html = page(client, f"/manifests/{manifest.id}")
    assert "重量核对中" in html and "请补充运输注意事项" in html

    officer = client.application.test_client()
    login(officer, "officer_a")
    _, home = page(officer, "/")
    assert 'id="open-corrections"' in home and manifest.number in home
    assert "correction-due" in page(officer, "/manifests")[1]
    receiver = client.application.test_client()
    login(receiver, "operator_b")
    assert 'id="open-corrections"' not in page(receiver, "/")[1]
    assert "correction-due" not in page(receiver, "/manifests")[1]
    _, html = page(officer, f"/manifests/{manifest.id}")
    assert "重量核对中" not in html  # review notes stay with the regulators
    assert 'name="reply"' in html
    answered = act(
        officer,
        manifest.id,
        "correction-answer",
        {"request_id": request.id, "reply": "已补充", "field": "note", "new_value": "防雨防晒"},
    )
    assert answered.status_code == 302
    [request] = requests(session)
    assert request.status == "answered" and request.answer_kind == "revision"
    assert session.get(Manifest, manifest.id).note == "防雨防晒"
    assert 'id="open-corrections"' not in page(officer, "/")[1]
    assert "correction-due" not in page(officer, "/manifests")[1]
    twice = act(officer, manifest.id, "correction-answer", {"request_id": request.id, "reply": "再答"})
    assert twice.status_code == 409

    closed = act(client, manifest.id, "correction-close", {"request_id": request.id, "note": "同意"})
    assert closed.status_code == 302
    assert requests(session)[0].status == "closed"
    _, html = page(officer, f"/manifests/{manifest.id}")
    assert "请补充运输注意事项" in html and "已补充" in html and "同意" in html


def test_refusals_on_the_page(client, session, web_chain, drafted):  # noqa: F811
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "submitted")
    login(client, "regulator_eco")
    empty = act(client, manifest.id, "note", {"text": "  "})
    assert empty.status_code == 400
    bad = act(client, manifest.id, "correction-open", {"section": "treatment", "text": "x"})
    assert bad.status_code == 400
    act(client, manifest.id, "correction-open", {"section": "receiver", "text": "核对接收"})
    [request] = requests(session)

    wrong = client.application.test_client()
    login(wrong, "officer_a")  # the generator, not the receiver
    refused = act(wrong, manifest.id, "correction-answer", {"request_id": request.id, "reply": "x"})
    assert refused.status_code == 403
    assert act(wrong, manifest.id, "note", {"text": "x"}).status_code == 403

    em = client.application.test_client()
    login(em, "regulator_em")
    sent = post(em, f"/manifests/{manifest.id}/note", {"text": "x"})
    assert sent.status_code == 403
    # Without the CSRF token nothing is recorded.
    assert client.post(f"/manifests/{manifest.id}/note", data={"text": "x"}).status_code == 400
    session.rollback()
    assert session.exec(select(ReviewNote)).all() == []
    assert requests(session)[0].status == "open"


def test_pages_say_whether_the_audit_chain_is_intact(client, session, web_chain, drafted):  # noqa: F811
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "accepted")
    login(client, "regulator_eco")
    _, html = page(client, f"/manifests/{manifest.id}")
    assert "chain-ok" in html and "chain-broken" not in html
    _, container_html = page(client, f"/l/{stored[0].digital_id}")
    assert "chain-ok" in container_html
    assert manifest.number in container_html and "180.5" in container_html  # weighed on the manifest
    # Someone edits a recorded scan behind the application's back.
    event = session.exec(
        select(Event)
        .where(Event.entity == "container", Event.entity_id == stored[0].digital_id)
        .order_by(Event.id)
    ).first()
    tamper(session, update(Event).where(Event.id == event.id).values(actor_role="park_admin"))
    _, html = page(client, f"/manifests/{manifest.id}")
    assert "chain-broken" in html and f"{event.id}" in html
    assert "chain-broken" in page(client, f"/l/{stored[0].digital_id}")[1]
    other = make_stored(session, web_chain, count=1)[0]
    assert "chain-ok" in page(client, f"/l/{other.digital_id}")[1]  # its own events are untouched
