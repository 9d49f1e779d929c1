"""The manifest page shows a manifest's custody exceptions: the gate refusal as signed, the split-off
manifest, incidents and the weight balance, in Chinese by default."""

from __future__ import annotations

from sqlmodel import select

from hazchem.models import CustodyRequest
from hazchem.services import waste
from tests.conftest import PASSWORD
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.exc_world import alternate, on_the_road, refused, second_crew
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


def test_a_driver_changes_vehicle_from_the_manifest_page(app, session, registry, chain):  # noqa: F811
    manifest, ids = on_the_road(session, chain, count=2, weight="100")
    crew = second_crew(session, registry)
    session.commit()
    url = f"/manifests/{manifest.id}"
    driver, generator = _client(app, "driver"), _client(app, "officer_a")
    assert 'id="leg-change"' in driver.get(url).get_data(as_text=True)
    assert 'id="leg-change"' not in generator.get(url).get_data(as_text=True)
    form = {"vehicle_id": str(crew.vehicle_id), "driver_id": str(crew.driver_id), "reason": "抛锚"}
    assert submit(generator, url, f"{url}/leg-change", {**form, "scanned": "\n".join(ids)}).status_code == 403
    short = submit(driver, url, f"{url}/leg-change", {**form, "scanned": ids[0]})
    assert short.status_code == 422
    assert "转移到新车辆的容器与联单所列容器不一致" in short.get_data(as_text=True)
    done = submit(driver, url, f"{url}/leg-change", {**form, "scanned": "\n".join(ids)})
    assert done.status_code == 302
    session.rollback()  # end the read snapshot taken before the pages wrote
    legs = waste.manifest_legs(session, manifest.id)
    assert [(leg.seq, leg.vehicle_id) for leg in legs] == [(1, registry.vehicle.id), (2, crew.vehicle_id)]


def test_a_carrier_proposes_a_redirect_the_generator_confirms(app, session, registry, chain):  # noqa: F811
    manifest, _ = refused(session, chain)
    _, alt_store = alternate(session, registry)
    session.commit()
    url = f"/manifests/{manifest.id}"
    driver, generator = _client(app, "driver"), _client(app, "officer_a")
    assert 'id="redirect-proposal"' in driver.get(url).get_data(as_text=True)
    assert 'id="redirect-proposal"' not in generator.get(url).get_data(as_text=True)
    body = {"facility_id": str(alt_store.id), "reason": "就近改送"}
    assert submit(generator, url, f"{url}/redirect-proposal", body).status_code == 403
    assert submit(driver, url, f"{url}/redirect-proposal", body).status_code == 302
    again = submit(driver, url, f"{url}/redirect-proposal", body)
    assert again.status_code == 422 and "已有改送建议等待产生单位决定" in again.get_data(as_text=True)
    session.rollback()
    request_id = str(session.exec(select(CustodyRequest.id)).one())
    assert 'name="decision"' not in driver.get(url).get_data(as_text=True)
    page = generator.get(url).get_data(as_text=True)
    assert 'name="decision"' in page and "就近改送" in page
    decision = {"request_id": request_id, "decision": "approve"}
    done = submit(generator, url, f"{url}/request-decision", decision)
    assert done.status_code == 302
    session.rollback()
    moved = session.get(type(manifest), manifest.id)
    assert (moved.status, moved.receiver_facility_id) == ("in_transit", alt_store.id)


def test_return_and_its_receipt_from_the_manifest_page(app, session, registry, chain):  # noqa: F811
    manifest, ids = refused(session, chain)
    session.commit()
    url = f"/manifests/{manifest.id}"
    driver, generator = _client(app, "driver"), _client(app, "officer_a")
    assert submit(driver, url, f"{url}/return", {"reason": "退回"}).status_code == 403
    assert submit(generator, url, f"{url}/return", {"reason": "退回厂内"}).status_code == 302
    page = generator.get(url).get_data(as_text=True)
    assert 'id="return-receipt"' in page and chain.store_a.name in page
    receipt = {"facility_id": str(chain.store_a.id)}
    short = submit(generator, url, f"{url}/return-receipt", {**receipt, "scanned": ids[0]})
    assert short.status_code == 422 and "退回扫描的容器与联单所列容器不一致" in short.get_data(as_text=True)
    done = submit(generator, url, f"{url}/return-receipt", {**receipt, "scanned": "\n".join(ids)})
    assert done.status_code == 302
    session.rollback()
    assert session.get(type(manifest), manifest.id).status == "returned"


def test_a_driver_reports_an_incident_from_the_manifest_page(app, session, registry, chain):  # noqa: F811
    manifest, ids = on_the_road(session, chain, count=2, weight="100")
    session.commit()
    url = f"/manifests/{manifest.id}"
    driver, generator = _client(app, "driver"), _client(app, "officer_a")
    assert 'id="incident"' in driver.get(url).get_data(as_text=True)
    assert 'id="incident"' not in generator.get(url).get_data(as_text=True)
    body = {"kind": "spill", "description": "桶体渗漏", "place": "G60 杭金衢段", "lost": ids[0]}
    assert submit(generator, url, f"{url}/incident", body).status_code == 403
    bad = submit(driver, url, f"{url}/incident", {**body, "kind": "meteor"})
    assert bad.status_code == 400
    done = submit(driver, url, f"{url}/incident", body)
    assert done.status_code == 302
    page = driver.get(done.headers["Location"]).get_data(as_text=True)
    assert "突发事件已记录" in page and "桶体渗漏" in page
    session.rollback()
    assert [i.lost for i in waste.custody_record(session, manifest).incidents] == [[ids[0]]]
