"""Web pages of drivers and dispatchers: a driver sees its own legs only; a dispatcher sees its carrier's
legs and assigns a leg's vehicle and driver from the manifest page, refusals said in Chinese."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from hazchem.models import TransportLeg
from tests.services.conftest import chain  # noqa: F401  (the shared custody fixture)
from tests.services.fleet_world import fleet_fixture, load_on  # noqa: F401  (the `fleet` fixture)
from tests.web.conftest import login
from tests.web.test_web_custody import page, submit


@pytest.fixture
def loads(request, session):
    """Submitted manifests on driver A's leg, driver B's leg (carrier C) and carrier D's leg."""
    crew = request.getfixturevalue("fleet")
    custody = request.getfixturevalue("chain")
    return {key: load_on(session, custody, getattr(crew, f"leg_{key}")) for key in ("a", "b", "d")}


def reads(client, manifest, containers) -> dict[str, int]:
    """The status of each page of one manifest and its first container."""
    cid = containers[0].id
    return {
        "manifest": client.get(f"/manifests/{manifest.id}").status_code,
        "slip": client.get(f"/manifests/{manifest.id}/slip.pdf").status_code,
        "slips": client.get(f"/manifests/slips.pdf?ids={manifest.id}").status_code,
        "labels": client.get(f"/containers/labels?ids={cid}").status_code,
        "label_pdf": client.get(f"/containers/labels.pdf?ids={cid}").status_code,
    }


SEEN = dict.fromkeys(("manifest", "slip", "slips", "labels", "label_pdf"), 200)
HIDDEN = dict.fromkeys(SEEN, 404)


def nav_links(html: str) -> list[str]:
    """The links of the main navigation."""
    nav = html.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


def test_a_driver_sees_only_its_own_legs(client, loads):
    (mine, mine_c), (theirs, theirs_c), (other, other_c) = loads["a"], loads["b"], loads["d"]
    login(client, "driver")
    assert reads(client, mine, mine_c) == SEEN
    assert reads(client, theirs, theirs_c) == HIDDEN
    assert reads(client, other, other_c) == HIDDEN
    status, listing = page(client, "/manifests")
    assert status == 200 and mine.number in listing
    assert theirs.number not in listing and other.number not in listing
    assert "车辆和驾驶员" in listing and "浙D12345 · 王师傅" in listing
    # Scanning another driver's container shows what its label prints, not its manifest or history.
    status, scanned = page(client, f"/l/{theirs_c[0].digital_id}")
    assert status == 200 and theirs_c[0].digital_id in scanned and theirs.number not in scanned
    status, own = page(client, f"/l/{mine_c[0].digital_id}")
    assert status == 200 and mine.number in own
    home = page(client, "/")[1]
    assert 'id="my-legs"' in home and mine.number in home and theirs.number not in home
    # No dispatching for drivers.
    assert 'id="assign-leg-1"' not in page(client, f"/manifests/{mine.id}")[1]


def test_a_dispatcher_sees_and_assigns_its_carriers_legs(client, session, loads, fleet):
    (mine, mine_c), (theirs, theirs_c), (other, other_c) = loads["a"], loads["b"], loads["d"]
    login(client, "dispatcher_c")
    status, home = page(client, "/")
    assert status == 200 and "运输调度员" in home
    assert 'id="my-legs"' in home and mine.number in home and theirs.number in home
    assert other.number not in home
    for href in nav_links(home):
        assert client.get(href).status_code == 200, href
    assert reads(client, mine, mine_c) == SEEN and reads(client, theirs, theirs_c) == SEEN
    assert reads(client, other, other_c) == HIDDEN
    listing = page(client, "/manifests")[1]
    assert mine.number in listing and theirs.number in listing and other.number not in listing
    assert "浙D54321 · 李师傅" in listing
    legs = page(client, "/oversight/transport-legs")[1]
    assert mine.number in legs and theirs.number in legs and other.number not in legs

    path = f"/manifests/{theirs.id}"
    detail = page(client, path)[1]
    assert 'id="assign-leg-1"' in detail and "指派车辆和驾驶员" in detail
    answer = submit(
        client,
        path,
        f"{path}/assign-leg",
        {"leg_seq": "1", "vehicle_id": str(fleet.vehicle_a.id), "driver_id": str(fleet.driver_a.id)},
    )
    assert answer.status_code == 302
    shown = page(client, path)[1]
    assert "已为该运输段指派车辆和驾驶员。" in shown and "已指派车辆和驾驶员" in shown
    session.rollback()
    leg = session.exec(select(TransportLeg).where(TransportLeg.manifest_id == theirs.id)).one()
    assert (leg.vehicle_id, leg.driver_id) == (fleet.vehicle_a.id, fleet.driver_a.id)


@pytest.mark.parametrize(
    ("vehicle", "driver", "headline"),
    [
        ("vehicle_d", "driver_a", "车辆和驾驶员必须属于该运输段的运输单位"),
        ("vehicle_a", "lapsed_driver", "驾驶员的从业资格证在转移日期前已失效"),
        ("lapsed_vehicle", "driver_a", "车辆的道路运输证在转移日期前已失效"),
    ],
)
def test_assignment_refusals_are_said_in_chinese(client, session, loads, fleet, vehicle, driver, headline):
    theirs = loads["b"][0]
    login(client, "dispatcher_c")
    path = f"/manifests/{theirs.id}"
    form = {
        "leg_seq": "1",
        "vehicle_id": str(getattr(fleet, vehicle).id),
        "driver_id": str(getattr(fleet, driver).id),
    }
    answer = submit(client, path, f"{path}/assign-leg", form)
    assert answer.status_code == 422
    assert headline in answer.get_data(as_text=True)
    session.rollback()
    leg = session.exec(select(TransportLeg).where(TransportLeg.manifest_id == theirs.id)).one()
    assert (leg.vehicle_id, leg.driver_id) == (fleet.vehicle_b.id, fleet.driver_b.id)


def test_another_carriers_dispatcher_neither_sees_nor_assigns(client, loads, fleet):
    theirs = loads["b"][0]
    login(client, "dispatcher_d")
    assert client.get(f"/manifests/{theirs.id}").status_code == 404
    form = {"leg_seq": "1", "vehicle_id": str(fleet.vehicle_d.id), "driver_id": str(fleet.driver_d.id)}
    assert submit(client, "/", f"/manifests/{theirs.id}/assign-leg", form).status_code == 404


def test_the_generators_officer_reads_the_legs_but_does_not_dispatch(client, loads, fleet):
    theirs = loads["b"][0]
    login(client, "officer_a")
    path = f"/manifests/{theirs.id}"
    assert 'id="assign-leg-1"' not in page(client, path)[1]
    form = {"leg_seq": "1", "vehicle_id": str(fleet.vehicle_a.id), "driver_id": str(fleet.driver_a.id)}
    assert submit(client, path, f"{path}/assign-leg", form).status_code == 403
