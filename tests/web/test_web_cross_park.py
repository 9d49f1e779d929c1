"""Web across parks: the audit page shows each side's park and offers a park filter to a reader of
several parks; a transfer between parks shows in both, and the receiver park's home lists it coming."""

from __future__ import annotations

from hazchem.domain.lifecycle import ManifestStatus
from tests.services.conftest import chain  # noqa: F401
from tests.services.crosspark_world import park_b_fixture  # noqa: F401  (the `park_b` fixture)
from tests.services.test_audit_search import add_manifest
from tests.web.conftest import login


def seed(session, registry, chain, park_b):  # noqa: F811
    to_b = {"receiver_id": park_b.receiver.id, "receiver_facility_id": park_b.plant.id}
    add_manifest(session, registry, chain, 1, status=ManifestStatus.SUBMITTED.value, **to_b)
    add_manifest(session, registry, chain, 2, status=ManifestStatus.SUBMITTED.value)


def test_a_province_reader_gets_park_columns_and_filter(client, session, registry, chain, park_b):  # noqa: F811
    seed(session, registry, chain, park_b)
    login(client, "province_eco")
    page = client.get("/oversight/manifests").get_data(as_text=True)
    assert 'name="park_id"' in page and "移出人所在园区" in page and "上虞精细化工园区" in page
    page = client.get(f"/oversight/manifests?park_id={park_b.park.id}").get_data(as_text=True)
    assert "20263306000001" in page and "20263306000002" not in page
    english = client.get(f"/oversight/manifests?park_id={park_b.park.id}&lang=en")
    assert "Receiver park" in english.get_data(as_text=True)


def test_a_park_regulator_sees_the_transfer_and_no_other_park(client, session, registry, chain, park_b):  # noqa: F811
    seed(session, registry, chain, park_b)
    login(client, "regulator_eco_b")
    page = client.get("/oversight/manifests").get_data(as_text=True)
    # One park read: no park filter, but the transfer from park A names both parks.
    assert 'name="park_id"' not in page and "20263306000001" in page and "测试化工园区" in page
    page = client.get(f"/oversight/manifests?park_id={registry.park.id}").get_data(as_text=True)
    assert "20263306000001" not in page and "20263306000002" not in page
    incoming = client.get("/oversight/manifests?incoming=true").get_data(as_text=True)
    assert "20263306000001" in incoming and "20263306000002" not in incoming
    home = client.get("/").get_data(as_text=True)
    assert "自测试化工园区转入" in home
