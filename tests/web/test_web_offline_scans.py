"""Put-away scans queued offline on a phone: the page, the service worker and the sync endpoint that
checks each scan as it arrives, records it once per Idempotency-Key and keeps both times."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from hazchem.models import Event, IdempotencyRecord
from hazchem.services.platform import clock
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.test_queued_put_aways import generated
from tests.web.conftest import login
from tests.web.test_every_page_language import foreign_text, read_page
from tests.web.test_web_custody import container_status, page

SYNC = "/scan/put-away/sync"


@pytest.fixture
def web_chain(request):
    """The service tests' custody chain (streams, stores) for these pages."""
    return request.getfixturevalue("chain")


def state(client) -> dict:
    response = client.get("/scan/put-away/state")
    assert response.status_code == 200
    return response.get_json()


def send(client, container, facility_id, *, key="k-1", token=None, user_id=None, scanned_at=None):
    """POST one queued scan as the page's script does: JSON, the CSRF token and the key in headers."""
    me = state(client)
    headers = {"X-CSRFToken": token if token is not None else me["csrf_token"], "Idempotency-Key": key}
    body = {
        "scanned": container.digital_id,
        "facility_id": facility_id,
        "scanned_at": scanned_at or (clock.now() - timedelta(hours=1)).isoformat(),
        "user_id": user_id if user_id is not None else me["user_id"],
    }
    return client.post(SYNC, data=json.dumps(body), content_type="application/json", headers=headers)


def put_aways(session, container) -> int:
    session.rollback()
    return len(
        session.exec(
            select(Event).where(Event.entity_id == container.digital_id, Event.action == "container.put_away")
        ).all()
    )


def test_the_page_lists_the_stores_and_loads_the_queue_script(client, registry, web_chain):
    login(client, "officer_a")
    status, html = page(client, "/scan/put-away")
    assert status == 200
    assert "逐个扫描" in html and "等待发送" in html and web_chain.store_a.name in html
    assert "/static/offline-queue.js" in html and "/static/vendor/idb-keyval.umd.js" in html
    assert 'rel="manifest"' in html and "/static/offline.js" in html
    client.post("/lang", data={"locale": "en", "csrf_token": state(client)["csrf_token"]})
    _, english = page(client, "/scan/put-away")
    assert "one by one" in english and "waiting to send" in english


@pytest.mark.parametrize("language", ["zh_Hans_CN", "en"])
def test_the_page_speaks_one_language(client, registry, session, web_chain, language):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    send(client, container, web_chain.store_a.id)
    with client.session_transaction() as browser:
        browser["locale"] = language
    for path in ("/scan/put-away", "/containers/put-away", f"/l/{container.digital_id}"):
        _, html = page(client, path)
        assert foreign_text(read_page(html), language) == [], path


def test_the_page_needs_a_login(client, registry):
    response = client.get("/scan/put-away")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert b"/scan/put-away" in response.data
    manifest = client.get("/static/manifest.webmanifest")
    assert manifest.headers["Content-Type"].startswith("application/manifest+json")
    assert json.loads(manifest.data)["display"] == "standalone"
    for icon in json.loads(manifest.data)["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_a_queued_scan_is_put_away_with_both_times(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    scanned_at = (clock.now() - timedelta(hours=2)).replace(microsecond=0)
    response = send(client, container, web_chain.store_a.id, scanned_at=scanned_at.isoformat())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["outcome"] == "done" and response.get_json()["message"] == "已放入贮存。"
    assert container_status(session, container.id) == "stored"
    record = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.idempotency_key == "k-1")).one()
    assert record.device_scanned_at.replace(tzinfo=None) == scanned_at.replace(tzinfo=None)
    assert record.at > record.device_scanned_at
    event = session.exec(select(Event).where(Event.action == "container.put_away")).all()[-1]
    assert event.after["device_scanned_at"] == scanned_at.isoformat()
    _, history = page(client, f"/l/{container.digital_id}")
    shown = (scanned_at + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert f"手机扫描时间 {shown}，之后发送" in history


def test_a_replay_of_the_same_key_records_once(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    when = (clock.now() - timedelta(minutes=5)).isoformat()
    first = send(client, container, web_chain.store_a.id, scanned_at=when)
    again = send(client, container, web_chain.store_a.id, scanned_at=when)
    assert first.get_json()["outcome"] == again.get_json()["outcome"] == "done"
    assert again.get_json()["replayed"] is True and "已记录" in again.get_json()["message"]
    assert put_aways(session, container) == 1


def test_a_full_store_refuses_the_scan_and_says_why_in_the_page_language(client, session, web_chain):
    (heavy,) = generated(session, web_chain, weight="250000")
    login(client, "officer_a")
    response = send(client, heavy, web_chain.store_a.id)
    assert response.status_code == 422
    body = response.get_json()
    assert body["outcome"] == "refused" and "容量" in body["message"]
    assert put_aways(session, heavy) == 0
    client.post("/lang", data={"locale": "en", "csrf_token": state(client)["csrf_token"]})
    english = send(client, heavy, web_chain.store_a.id, key="k-3")
    assert "capacity" in english.get_json()["message"]


def test_a_device_clock_far_ahead_is_refused(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    ahead = (clock.now() + timedelta(days=2)).isoformat()
    response = send(client, container, web_chain.store_a.id, scanned_at=ahead)
    assert response.status_code == 400 and "晚于服务器时间" in response.get_json()["message"]
    assert container_status(session, container.id) == "generated"


def test_without_a_login_nothing_is_recorded_and_the_scan_stays_queued(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    assert client.get("/scan/put-away/state").status_code == 401
    login(client, "officer_a")
    token = state(client)["csrf_token"]
    client.post("/logout", data={"csrf_token": token})
    response = client.post(
        SYNC,
        data=json.dumps({"scanned": container.digital_id, "facility_id": web_chain.store_a.id}),
        content_type="application/json",
        headers={"Idempotency-Key": "x"},
    )
    assert response.status_code in (400, 401)
    assert (response.get_json(silent=True) or {}).get("outcome") is None
    assert container_status(session, container.id) == "generated"


def test_without_the_csrf_token_nothing_is_recorded(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    response = send(client, container, web_chain.store_a.id, token="")
    assert response.status_code == 400
    assert (response.get_json(silent=True) or {}).get("outcome") is None
    assert container_status(session, container.id) == "generated"


def test_another_enterprises_container_is_refused_as_not_found(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "operator_b")
    response = send(client, container, web_chain.store_b.id)
    assert response.status_code == 404 and response.get_json()["outcome"] == "refused"
    assert container_status(session, container.id) == "generated"


def test_another_enterprises_store_is_refused(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    response = send(client, container, web_chain.store_b.id)
    assert response.status_code == 403 and response.get_json()["outcome"] == "refused"
    assert container_status(session, container.id) == "generated"


def test_a_scan_queued_under_another_account_is_not_sent_under_this_one(client, registry, session, web_chain):
    (container,) = generated(session, web_chain)
    login(client, "officer_a")
    other = registry.users["operator_b"].user_id
    response = send(client, container, web_chain.store_a.id, user_id=other)
    assert response.status_code == 403 and "另一账号" in response.get_json()["message"]
    assert container_status(session, container.id) == "generated"


@pytest.mark.parametrize(
    "body", ["[]", "not json", '{"scanned": "x", "facility_id": "a", "user_id": ME}', '{"user_id": ME}']
)
def test_a_malformed_body_is_refused_not_an_error(client, registry, body):
    login(client, "officer_a")
    me = state(client)
    body = body.replace("ME", str(me["user_id"]))
    headers = {"X-CSRFToken": me["csrf_token"], "Idempotency-Key": "m"}
    response = client.post(SYNC, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 400 and response.get_json()["outcome"] == "refused"
