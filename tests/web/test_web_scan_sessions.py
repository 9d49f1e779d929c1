"""Scan sessions: pick-up, arrival and put-away scanned one container at a time, answered in Chinese."""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.services import waste
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import csrf_token, login
from tests.web.test_web_custody import container_status, form_fields, page
from tests.web.test_web_manifests import advance, status_of


@pytest.fixture
def web_chain(request):
    """The service tests' custody chain (streams, carrier licence, stores) for these pages."""
    return request.getfixturevalue("chain")


@pytest.fixture
def submitted(session, web_chain):
    """Two stored containers on a submitted manifest, and one stored container on none."""
    stored = make_stored(session, web_chain, count=3)
    manifest = waste.create_manifest(
        session=session,
        actor=web_chain.officer,
        container_ids=[c.id for c in stored[:2]],
        receiver_facility_id=web_chain.plant_b.id,
        legs=[web_chain.leg],
        transfer_date=date.today(),
        planned_method="D10",
    )
    advance(session, web_chain, manifest, stored[:2], "submitted")
    return manifest, stored[:2], stored[2]


def scan(client, path: str, html: str, code: str = "", **extra: str):
    """Send one scan (or another button) from a session page, carrying the page's hidden list."""
    kept = "\n".join(line for line in _hidden(html, "scanned").splitlines() if line)
    data = {"csrf_token": csrf_token(html), "scanned": kept, "code": code, "do": "scan", **extra}
    if extra.get("do") == "sign":
        data.update(form_fields(html))
    return client.post(path, data=data)


def _hidden(html: str, name: str) -> str:
    import re

    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1).replace("&#10;", "\n") if match else ""


def test_label_scan_opens_the_pick_up_session_with_that_container_in_it(client, registry, session, submitted):
    manifest, on_it, _ = submitted
    login(client, "driver")
    _, label = page(client, f"/l/{on_it[0].digital_id}")
    path = f"/manifests/{manifest.id}/scan/pick-up"
    assert f"{path}?c={on_it[0].digital_id}" in label
    status, html = page(client, f"{path}?c={on_it[0].digital_id}")
    assert status == 200
    assert "1 / 2" in html
    assert on_it[0].digital_id in html and "在本联单上" in html
    assert 'value="sign" disabled' in html


def test_each_scan_is_answered_and_only_a_complete_session_signs(client, registry, session, submitted):
    manifest, on_it, elsewhere = submitted
    login(client, "driver")
    path = f"/manifests/{manifest.id}/scan/pick-up"
    _, html = page(client, f"{path}?c={on_it[0].digital_id}")
    html = scan(client, path, html, elsewhere.digital_id).get_data(as_text=True)
    assert "✘" in html and "不在本联单上" in html
    html = scan(client, path, html, f"https://park.example/l/{on_it[0].digital_id}").get_data(as_text=True)
    assert "已扫描过" in html
    response = scan(client, path, html, "not a label at all")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "不是容器标签" in html
    # Signing before every container is scanned is refused by the service, not only by the button.
    response = scan(client, path, html, do="sign")
    assert response.status_code == 422 and status_of(session, manifest.id) == "submitted"
    html = scan(client, path, html, on_it[1].digital_id).get_data(as_text=True)
    assert 'value="sign" disabled' not in html
    # A wrong scan taken out again does not travel with the signature.
    html = scan(client, path, html, drop=elsewhere.digital_id).get_data(as_text=True)
    assert elsewhere.digital_id not in html
    response = scan(client, path, html, do="sign")
    assert response.status_code == 302 and status_of(session, manifest.id) == "in_transit"
    assert container_status(session, elsewhere.id) == "stored"


def test_wrong_scans_stay_out_of_the_signature(client, registry, session, submitted):
    manifest, on_it, elsewhere = submitted
    login(client, "driver")
    path = f"/manifests/{manifest.id}/scan/pick-up"
    _, html = page(client, f"{path}?c={on_it[0].digital_id}")
    for code in (elsewhere.digital_id, on_it[1].digital_id):
        html = scan(client, path, html, code).get_data(as_text=True)
    response = scan(client, path, html, do="sign")
    assert response.status_code == 302 and status_of(session, manifest.id) == "in_transit"
    assert container_status(session, elsewhere.id) == "stored"


def test_arrival_session_by_the_receiver(client, registry, session, web_chain, submitted):
    manifest, on_it, _ = submitted
    ids = [c.digital_id for c in on_it]
    waste.pick_up(session=session, actor=web_chain.driver, manifest_id=manifest.id, scanned=ids)
    login(client, "operator_b")
    path = f"/manifests/{manifest.id}/scan/arrival"
    _, html = page(client, f"{path}?c={on_it[1].digital_id}")
    html = scan(client, path, html, on_it[0].digital_id).get_data(as_text=True)
    response = scan(client, path, html, do="sign")
    assert response.status_code == 302 and status_of(session, manifest.id) == "delivered"


@pytest.mark.parametrize(
    ("username", "expected"), [("officer_a", 409), ("operator_b", 409), ("regulator_eco", 409)]
)
def test_only_the_signing_party_opens_a_session(client, registry, session, submitted, username, expected):
    manifest, on_it, _ = submitted
    login(client, username)
    response = client.get(f"/manifests/{manifest.id}/scan/pick-up?c={on_it[0].digital_id}")
    assert response.status_code == expected
    assert client.get(f"/manifests/{manifest.id}/scan/treatment").status_code == 404


def test_session_in_english(client, registry, session, submitted):
    manifest, on_it, elsewhere = submitted
    login(client, "driver")
    client.post("/lang", data={"csrf_token": csrf_token(page(client, "/")[1]), "locale": "en"})
    path = f"/manifests/{manifest.id}/scan/pick-up"
    _, html = page(client, f"{path}?c={on_it[0].digital_id}")
    html = scan(client, path, html, elsewhere.digital_id).get_data(as_text=True)
    assert "not on this manifest" in html


def _generated(session, web_chain, weights):
    return [
        waste.create_containers(
            session=session,
            actor=web_chain.officer,
            stream_id=web_chain.oil.id,
            packaging="钢桶",
            volume_l=200,
            net_weight_kg=weight,
            gen_date=date.today(),
        )[0]
        for weight in weights
    ]


def test_put_away_session_puts_all_away_together(client, registry, session, web_chain):
    first, second = _generated(session, web_chain, ("150", "120"))
    login(client, "officer_a")
    path = "/containers/put-away"
    _, html = page(client, f"{path}?c={first.digital_id}")
    assert first.digital_id in html and "可入库" in html
    html = scan(client, path, html, second.digital_id).get_data(as_text=True)
    response = scan(client, path, html, do="sign", facility_id=str(web_chain.store_a.id))
    assert response.status_code == 302
    assert container_status(session, first.id) == container_status(session, second.id) == "stored"
    assert waste.stock_g(session, web_chain.store_a.id) == 270_000


def test_put_away_session_refusal_puts_none_away(client, registry, session, web_chain):
    light, heavy = _generated(session, web_chain, ("150", "250000"))
    login(client, "officer_a")
    path = "/containers/put-away"
    _, html = page(client, f"{path}?c={light.digital_id}")
    html = scan(client, path, html, heavy.digital_id).get_data(as_text=True)
    response = scan(client, path, html, do="sign", facility_id=str(web_chain.store_a.id))
    assert response.status_code == 422
    assert container_status(session, light.id) == container_status(session, heavy.id) == "generated"
    assert waste.stock_g(session, web_chain.store_a.id) == 0


def test_put_away_session_refuses_another_enterprises_container(client, registry, session, web_chain):
    (theirs,) = _generated(session, web_chain, ("100",))
    login(client, "officer_b")
    path = "/containers/put-away"
    _, html = page(client, f"{path}?c={theirs.digital_id}")
    assert "您不能将此容器入库" in html
    response = scan(client, path, html, do="sign", facility_id=str(web_chain.store_b.id))
    assert response.status_code == 400 and container_status(session, theirs.id) == "generated"


def test_put_away_session_marks_a_stored_container(client, registry, session, web_chain):
    stored = make_stored(session, web_chain, count=1)[0]
    path = "/containers/put-away"
    login(client, "officer_a")
    _, html = page(client, f"{path}?c={stored.digital_id}")
    assert "✘" in html
    response = scan(client, path, html, do="sign", facility_id=str(web_chain.store_a.id))
    assert response.status_code == 400 and container_status(session, stored.id) == "stored"
