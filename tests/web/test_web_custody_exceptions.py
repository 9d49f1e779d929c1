"""The manifest page shows a manifest's custody exceptions: the gate refusal as signed, the split-off
manifest, incidents and the weight balance, in Chinese by default."""

from __future__ import annotations

from sqlmodel import select

from hazchem.models import CustodyRequest
from hazchem.services import waste
from tests.conftest import PASSWORD
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.exc_world import alternate, on_the_road
from tests.web.conftest import login
from tests.web.test_web_custody import submit


def test_the_manifest_page_shows_refusal_split_and_incident(app, client, session, registry, chain):  # noqa: F811
    manifest, ids = on_the_road(session, chain, count=2, weight="100")
    waste.refuse_at_gate(
        session=session,
        actor=chain.operator,
        manifest_id=manifest.id,
        reason="damaged_packaging",
        note="桶盖破损",
        containers=[ids[0]],
    )
    waste.report_incident(
        session=session, actor=chain.driver, manifest_id=manifest.id, kind="spill", description="少量渗漏"
    )
    login(client, "officer_a", PASSWORD)
    html = client.get(f"/manifests/{manifest.id}").get_data(as_text=True)
    assert "转移异常" in html and "包装破损: 桶盖破损" in html and ids[0] in html
    assert "拒收容器转入联单" in html and "泄漏" in html and "少量渗漏" in html
    assert "重量平衡" in html
    carrier = app.test_client()
    login(carrier, "driver", PASSWORD)
    assert "转移异常" in carrier.get(f"/manifests/{manifest.id}").get_data(as_text=True)


def _client(app, username):
    browser = app.test_client()
    login(browser, username, PASSWORD)
    return browser


def test_gate_refusal_and_redirect_from_the_manifest_page(app, session, registry, chain):  # noqa: F811
    manifest, _ = on_the_road(session, chain, count=2, weight="100")
    _, alt_store = alternate(session, registry)
    url = f"/manifests/{manifest.id}"
    receiver, generator = _client(app, "operator_b"), _client(app, "officer_a")
    assert 'id="refusal"' in receiver.get(url).get_data(as_text=True)
    assert 'id="refusal"' not in generator.get(url).get_data(as_text=True)
    # The generator's post is refused by the service: the page says why, nothing changes.
    refused = submit(generator, url, f"{url}/refusal", {"reason": "wrong_waste"})
    assert refused.status_code == 403
    done = submit(receiver, url, f"{url}/refusal", {"reason": "over_capacity", "note": "库满"})
    assert done.status_code == 302
    html = generator.get(url).get_data(as_text=True)
    assert 'id="redirect"' in html and 'id="return"' in html and alt_store.name in html
    wrong = submit(generator, url, f"{url}/redirect", {"facility_id": str(chain.plant_b.id), "reason": "x"})
    assert wrong.status_code == 422 and "不能改送至拒收该废物的设施" in wrong.get_data(as_text=True)
    moved = submit(generator, url, f"{url}/redirect", {"facility_id": str(alt_store.id), "reason": "改送"})
    assert moved.status_code == 302
    session.rollback()  # end the read snapshot taken before the pages wrote
    assert session.get(type(manifest), manifest.id).receiver_facility_id == alt_store.id


def test_cancellation_decided_by_ecology_from_the_manifest_page(app, session, registry, chain):  # noqa: F811
    manifest, _ = on_the_road(session, chain, count=1, weight="100")
    url = f"/manifests/{manifest.id}"
    generator = _client(app, "officer_a")
    asked = submit(
        generator,
        url,
        f"{url}/cancellation-request",
        {"reason": "误填", "whereabouts": "已返厂", "facility_id": str(chain.store_a.id)},
    )
    assert asked.status_code == 302
    session.rollback()  # end the read snapshot taken before the pages wrote
    request_id = str(session.exec(select(CustodyRequest.id)).one())
    em = _client(app, "regulator_em")
    assert "decision" not in em.get(url).get_data(as_text=True)
    assert (
        submit(
            em, url, f"{url}/request-decision", {"request_id": request_id, "decision": "approve"}
        ).status_code
        == 403
    )
    eco = _client(app, "regulator_eco")
    assert 'name="decision"' in eco.get(url).get_data(as_text=True)
    approved = submit(eco, url, f"{url}/request-decision", {"request_id": request_id, "decision": "approve"})
    assert approved.status_code == 302
    session.rollback()  # end the read snapshot taken before the pages wrote
    assert session.get(type(manifest), manifest.id).status == "cancelled"
