"""Manifest pages: drafting, each party's signing form, refusals that change nothing, slips, verification."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import select

from hazchem.models import Container, IssuedSlip, Manifest, Signature
from hazchem.services import registry as reg
from hazchem.services import waste
from tests.conftest import PASSWORD
from tests.services.conftest import chain, make_stored  # noqa: F401  (the shared custody fixture)
from tests.web.conftest import login
from tests.web.test_web_custody import form_fields, page, submit


@pytest.fixture
def web_chain(request):
    """The service tests' custody chain (streams, carrier licence, stores) for these pages."""
    return request.getfixturevalue("chain")


@pytest.fixture
def drafted(session, web_chain):
    """Two stored containers of waste oil on a draft manifest to B's incinerator."""
    stored = make_stored(session, web_chain, count=2)
    manifest = waste.create_manifest(
        session=session,
        actor=web_chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=web_chain.plant_b.id,
        legs=[web_chain.leg],
        transfer_date=date.today(),
        planned_method="D10",
    )
    return manifest, stored


def status_of(session, manifest_id: int) -> str:
    """The manifest's committed status (a fresh read)."""
    session.rollback()
    return session.exec(select(Manifest.status).where(Manifest.id == manifest_id)).one()


def act(client, manifest_id: int, action: str, data: dict | None = None):
    """Send one action form of the manifest page."""
    path = f"/manifests/{manifest_id}"
    return submit(client, path, f"{path}/{action}", data)


def advance(session, web_chain, manifest, stored, to: str) -> None:
    """Take a drafted manifest through the services up to a status."""
    steps = [
        (
            "submitted",
            lambda: waste.submit(session=session, actor=web_chain.officer, manifest_id=manifest.id),
        ),
        (
            "in_transit",
            lambda: waste.pick_up(
                session=session,
                actor=web_chain.driver,
                manifest_id=manifest.id,
                scanned=[c.digital_id for c in stored],
            ),
        ),
        (
            "delivered",
            lambda: waste.deliver(
                session=session,
                actor=web_chain.operator,
                manifest_id=manifest.id,
                scanned=[c.digital_id for c in stored],
            ),
        ),
        (
            "accepted",
            lambda: waste.record_receipt(
                session=session,
                actor=web_chain.operator,
                manifest_id=manifest.id,
                weights_kg={c.digital_id: "180.5" for c in stored},
            ),
        ),
    ]
    for status, step in steps:
        step()
        if status == to:
            return


# --- Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["officer_a", "officer_b", "operator_b", "driver", "admin", "regulator_eco"]
)
def test_parties_and_regulators_see_the_manifest(client, registry, drafted, username):
    manifest, _ = drafted
    login(client, username)
    status, html = page(client, f"/manifests/{manifest.id}")
    assert status == 200 and manifest.number in html
    assert manifest.number in page(client, "/manifests")[1]


def test_a_non_party_gets_404_and_anonymous_goes_to_login(client, registry, session, drafted):
    from hazchem.models import User
    from tests.conftest import _password_hash

    manifest, _ = drafted
    other = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="913306040000000036",
        name="丁制药有限公司",
        region_code="330604",
        roles=["waste_generator"],
    )
    session.add(
        User(username="officer_d", password_hash=_password_hash(), role="ehs_officer", enterprise_id=other.id)
    )
    session.commit()
    response = client.get(f"/manifests/{manifest.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, "officer_d", PASSWORD)
    assert client.get(f"/manifests/{manifest.id}").status_code == 404
    assert client.get(f"/manifests/{manifest.id}/slip.pdf").status_code == 404
    assert manifest.number not in page(client, "/manifests")[1]


def test_regulator_reads_without_action_forms(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "submitted")
    login(client, "regulator_eco")
    _, html = page(client, f"/manifests/{manifest.id}")
    for form in ("submit", "pick-up", "arrival", "weighing", "treatment", "close", "cancel", "revise"):
        assert f'id="{form}"' not in html, form  # no signing form for a regulator
    assert 'id="note"' in html and 'id="correction-open"' in html  # only review forms
    assert client.get("/manifests/new").status_code == 403
    assert act(client, manifest.id, "cancel", {"reason": "试"}).status_code == 403
    assert status_of(session, manifest.id) == "submitted"


def test_new_manifest_page_only_for_ehs_officers(client, registry):
    for username, expected in (("officer_a", 200), ("driver", 403), ("operator_b", 403), ("admin", 403)):
        c = client.application.test_client()
        login(c, username)
        assert c.get("/manifests/new").status_code == expected, username


# --- The whole chain through the forms ----------------------------------------------------------


def test_manifest_from_draft_to_closed_through_the_forms(client, registry, session, web_chain):
    stored = make_stored(session, web_chain, count=2)
    ids = [c.digital_id for c in stored]
    officer = client.application.test_client()
    login(officer, "officer_a")
    _, html = page(officer, "/manifests/new")
    assert ids[0] in html and "乙环保科技有限公司 · 焚烧车间" in html and "浙D12345" in html
    data = {
        **form_fields(html),
        "container_ids": [str(c.id) for c in stored],
        "receiver_facility_id": str(web_chain.plant_b.id),
        "carrier_id": str(registry.ent_c.id),
        "vehicle_id": str(registry.vehicle.id),
        "driver_id": str(registry.driver.id),
        "transfer_date": date.today().isoformat(),
        "mode": "dispose",
        "planned_method": "d10",
    }
    response = officer.post("/manifests/new", data=data)
    assert response.status_code == 302
    assert officer.post("/manifests/new", data=data).headers["Location"] == response.headers["Location"]
    session.rollback()
    manifest = session.exec(select(Manifest)).one()
    assert manifest.planned_method == "D10"
    assert act(officer, manifest.id, "submit").status_code == 302
    assert status_of(session, manifest.id) == "submitted"

    driver = client.application.test_client()
    login(driver, "driver")
    assert manifest.number in page(driver, "/manifests?status=submitted")[1]
    scanned = f"{ids[0]}\nhttps://hw.example.cn/l/{ids[1]}\n"
    assert act(driver, manifest.id, "pick-up", {"scanned": scanned}).status_code == 302
    assert status_of(session, manifest.id) == "in_transit"

    operator = client.application.test_client()
    login(operator, "operator_b")
    assert manifest.number in page(operator, "/manifests?status=in_transit")[1]
    assert act(operator, manifest.id, "arrival", {"scanned": "\n".join(ids)}).status_code == 302
    weights = {f"weight-{i}": "180.5" for i in ids}
    assert act(operator, manifest.id, "receipt", weights).status_code == 302
    assert status_of(session, manifest.id) == "accepted"
    assert act(operator, manifest.id, "treatment", {"method_code": "D10"}).status_code == 302
    assert act(operator, manifest.id, "close").status_code == 302
    assert status_of(session, manifest.id) == "closed"
    statuses = session.exec(select(Container.status)).all()
    assert statuses == ["treated", "treated"]

    _, html = page(officer, f"/manifests/{manifest.id}")
    assert "已办结" in html and "D10" in html and "361" in html
    for line in (
        "产生单位签章（提交）",
        "运输单位提运签章",
        "接收单位到货签章",
        "接收单位接收签章",
        "已登记利用处置",
    ):
        assert line in html
    assert "提运装车" in html and "到货接收" in html  # the container scans in the timeline
    assert "王师傅" in html and "浙D12345" in html
    assert len(session.exec(select(Signature)).all()) == 6


def test_submit_shows_the_annual_scale_warning(client, registry, session, web_chain):
    line = registry.hw_licence.lines[0]
    from hazchem.models import LicenceScopeLine

    row = session.get(LicenceScopeLine, line.id)
    row.annual_scale_kg = 400
    session.add(row)
    session.commit()
    stored = make_stored(session, web_chain, count=2)
    manifest = waste.create_manifest(
        session=session,
        actor=web_chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=web_chain.plant_b.id,
        legs=[web_chain.leg],
        transfer_date=date.today(),
    )
    login(client, "officer_a")
    response = act(client, manifest.id, "submit")
    assert response.status_code == 302
    html = page(client, f"/manifests/{manifest.id}")[1]
    assert "提醒" in html and "90.2 %" in html


# --- Refusals change nothing --------------------------------------------------------------------


def test_pick_up_with_a_missing_container_is_refused_naming_it(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "submitted")
    login(client, "driver")
    response = act(client, manifest.id, "pick-up", {"scanned": stored[0].digital_id})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert stored[1].digital_id in html and "pickup.container_set" in html
    assert stored[0].digital_id in html  # what was scanned stays in the box
    assert status_of(session, manifest.id) == "submitted"
    assert set(session.exec(select(Container.status)).all()) == {"stored"}
    garbage = act(client, manifest.id, "pick-up", {"scanned": "not-a-label"})
    assert garbage.status_code == 400


def test_weighing_beyond_tolerance_needs_a_note_and_rejection_needs_a_reason(
    client, registry, session, web_chain, drafted
):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "delivered")
    login(client, "operator_b")
    ids = [c.digital_id for c in stored]
    _, html = page(client, f"/manifests/{manifest.id}")
    assert f'name="weight-{ids[0]}"' in html and "5 %" in html
    heavy = {f"weight-{ids[0]}": "200", f"weight-{ids[1]}": "180.5"}
    response = act(client, manifest.id, "receipt", heavy)
    assert response.status_code == 422 and "receipt.weight_tolerance" in response.get_data(as_text=True)
    no_reason = act(
        client, manifest.id, "receipt", {**heavy, f"reject-{ids[1]}": "1", "anomaly_note": "称重"}
    )
    assert no_reason.status_code == 400
    assert status_of(session, manifest.id) == "delivered"
    ok = {**heavy, f"reject-{ids[1]}": "1", f"reason-{ids[1]}": "包装破损", "anomaly_note": "地磅复核"}
    assert act(client, manifest.id, "receipt", ok).status_code == 302
    assert status_of(session, manifest.id) == "partially_accepted"
    html = page(client, f"/manifests/{manifest.id}")[1]
    assert "部分接收" in html and "包装破损" in html and "地磅复核" in html and "重量差异超出允许范围" in html


def test_treatment_outside_the_licence_is_refused(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "accepted")
    login(client, "operator_b")
    response = act(client, manifest.id, "treatment", {"method_code": "D1"})
    assert response.status_code == 422
    assert "treatment.method_scope" in response.get_data(as_text=True)
    assert status_of(session, manifest.id) == "accepted"


def test_cancel_needs_a_reason_and_releases_the_containers(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "submitted")
    login(client, "officer_a")
    assert act(client, manifest.id, "cancel", {"reason": ""}).status_code == 400
    assert status_of(session, manifest.id) == "submitted"
    assert act(client, manifest.id, "cancel", {"reason": "车辆故障"}).status_code == 302
    assert status_of(session, manifest.id) == "cancelled"
    assert session.exec(select(Container.manifest_id)).all() == [None, None]


def test_the_driver_signs_only_its_section_and_only_in_turn(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    login(client, "driver")
    scanned = "\n".join(c.digital_id for c in stored)
    early = act(client, manifest.id, "pick-up", {"scanned": scanned})
    assert early.status_code == 409 and "manifest.status" in early.get_data(as_text=True)
    advance(session, web_chain, manifest, stored, "submitted")
    assert act(client, manifest.id, "cancel", {"reason": "x"}).status_code == 403
    assert act(client, manifest.id, "close").status_code == 403
    assert act(client, manifest.id, "nonsense").status_code == 404
    assert status_of(session, manifest.id) == "submitted"


def test_double_tapped_submit_signs_once(client, registry, session, drafted):
    manifest, _ = drafted
    login(client, "officer_a")
    _, html = page(client, f"/manifests/{manifest.id}")
    fields = form_fields(html)
    assert client.post(f"/manifests/{manifest.id}/submit", data=fields).status_code == 302
    again = client.post(f"/manifests/{manifest.id}/submit", data=fields, follow_redirects=True)
    assert again.status_code == 200 and "已记录" in again.get_data(as_text=True)
    session.rollback()
    assert len(session.exec(select(Signature)).all()) == 1


def test_action_without_csrf_is_400(client, registry, session, drafted):
    manifest, _ = drafted
    login(client, "officer_a")
    assert client.post(f"/manifests/{manifest.id}/submit").status_code == 400
    assert client.post("/manifests/new", data={"container_ids": "1"}).status_code == 400
    assert status_of(session, manifest.id) == "draft"


def test_a_refused_draft_keeps_the_choices(client, registry, session, web_chain):
    stored = make_stored(session, web_chain, count=1) + make_stored(
        session, web_chain, count=1, stream=web_chain.acid
    )
    login(client, "officer_a")
    data = {
        "container_ids": [str(c.id) for c in stored],
        "receiver_facility_id": str(web_chain.plant_b.id),
        "carrier_id": str(registry.ent_c.id),
        "vehicle_id": str(registry.vehicle.id),
        "driver_id": str(registry.driver.id),
        "transfer_date": date.today().isoformat(),
        "mode": "dispose",
    }
    response = submit(client, "/manifests/new", "/manifests/new", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "manifest.one_waste_code" in html
    assert len(re.findall(r'name="container_ids" value="\d+" checked', html)) == 2
    session.rollback()
    assert session.exec(select(Manifest)).first() is None


def test_revision_keeps_the_original_beside_the_new_value(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    advance(session, web_chain, manifest, stored, "submitted")
    login(client, "officer_a")
    data = {"field": "note", "new_value": "含少量水分", "reason": "补充说明"}
    assert act(client, manifest.id, "revise", {**data, "reason": ""}).status_code == 400
    assert act(client, manifest.id, "revise", data).status_code == 302
    html = page(client, f"/manifests/{manifest.id}")[1]
    assert "修订记录" in html and "含少量水分" in html and "补充说明" in html and "产生单位备注" in html


# --- Slips and their verification ---------------------------------------------------------------


def test_slip_pdf_bulk_print_and_public_verification(client, registry, session, web_chain, drafted):
    manifest, stored = drafted
    login(client, "officer_a")
    one = client.get(f"/manifests/{manifest.id}/slip.pdf")
    assert one.status_code == 200 and one.mimetype == "application/pdf" and one.data.startswith(b"%PDF")
    bulk = client.get(f"/manifests/slips.pdf?ids={manifest.id}&ids={manifest.id}")
    assert bulk.status_code == 200 and bulk.mimetype == "application/pdf"
    assert client.get("/manifests/slips.pdf").status_code == 400
    session.rollback()
    issued = session.exec(select(IssuedSlip).where(IssuedSlip.manifest_id == manifest.id)).all()
    assert [r.status for r in issued] == ["draft", "draft", "draft"]
    anonymous = client.application.test_client()
    draft = issued[0]
    status, html = page(anonymous, f"/v/{manifest.number}?c={draft.code}&f={draft.digest}")
    assert status == 200 and "此联单由本系统签发，与系统记录一致" in html and "草稿" in html

    # The roadside check: printed at submission, carried on the truck, read after pick-up.
    advance(session, web_chain, manifest, stored, "submitted")
    assert client.get(f"/manifests/{manifest.id}/slip.pdf").status_code == 200
    session.rollback()
    carried = session.exec(
        select(IssuedSlip).where(IssuedSlip.manifest_id == manifest.id).order_by(IssuedSlip.id.desc())
    ).first()
    assert carried.status == "submitted"
    waste.pick_up(
        session=session,
        actor=web_chain.driver,
        manifest_id=manifest.id,
        scanned=[c.digital_id for c in stored],
    )
    status, html = page(anonymous, f"/v/{manifest.number}?c={carried.code}&f={carried.digest}")
    assert status == 200 and "不一致" not in html and "并非真实" not in html
    assert "真实：此联单由本系统于" in html and "“已提交”环节签发打印" in html and "“运输中”环节" in html
    assert "打印后的变化" in html and "承运企业：运输单位提运签章" in html
    assert "甲化工" not in html and "王师傅" not in html  # the public answer names no party or person

    # A tampered code, a forged fingerprint beside a genuine code, no code, an unknown number.
    tampered = carried.code[:-1] + ("A" if carried.code[-1] != "A" else "B")
    status, html = page(anonymous, f"/v/{manifest.number}?c={tampered}&f={carried.digest}")
    assert status == 200 and "非本系统签发" in html and "打印后的变化" not in html
    status, html = page(anonymous, f"/v/{manifest.number}?c={carried.code}&f=0123456789ABCDEF")
    assert status == 200 and "非本系统签发" in html
    status, html = page(anonymous, f"/v/{manifest.number}?f={carried.digest}")
    assert status == 200 and "无法确认真伪" in html and 'name="c"' in html
    missing = anonymous.get("/v/20269999000001?c=ABCDEFGHJK")
    assert missing.status_code == 404 and "非本系统签发" in missing.get_data(as_text=True)


def test_the_manifest_page_lists_every_printed_slip(client, registry, session, web_chain, drafted):
    manifest, _ = drafted
    login(client, "officer_a")
    assert "尚未打印纸质联单" in page(client, f"/manifests/{manifest.id}")[1]
    assert client.get(f"/manifests/{manifest.id}/slip.pdf").status_code == 200
    session.rollback()
    code = session.exec(select(IssuedSlip.code).where(IssuedSlip.manifest_id == manifest.id)).one()
    html = page(client, f"/manifests/{manifest.id}")[1]
    assert "已打印的纸质联单" in html and f"{code[:5]}-{code[5:]}" in html and "打印转移联单" in html
    # The ecology-and-environment regulator audits the same register.
    regulator = client.application.test_client()
    login(regulator, "regulator_eco")
    assert f"{code[:5]}-{code[5:]}" in page(regulator, f"/manifests/{manifest.id}")[1]
