"""The manifest page shows a manifest's custody exceptions: the gate refusal as signed, the split-off
manifest, incidents and the weight balance, in Chinese by default."""

from __future__ import annotations

from hazchem.services import waste
from tests.conftest import PASSWORD
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.exc_world import on_the_road
from tests.web.conftest import login


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
