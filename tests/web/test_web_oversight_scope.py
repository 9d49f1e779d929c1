"""Department-scoped oversight on the web: each department × each guarded page, and its navigation."""

from __future__ import annotations

import re

import pytest

from hazchem.domain.oversight import Area
from tests.services.conftest import chain  # noqa: F401
from tests.services.oversight_world import DEPARTMENT_USERS, READS, World, build_world, oversees, path_of
from tests.web.conftest import login

WEB_READS = sorted(name for name, (_, _, web_path) in READS.items() if web_path)
# Navigation links and the areas that show them.
NAV = {
    "/manifests": {"waste_manifests"},
    "/oversight/manifests": {"waste_manifests"},
    "/containers": {"waste_storage"},
    "/storage": {"waste_storage"},
    "/facilities": {"waste_storage", "chemical_stock", "controlled_holdings"},
    "/vehicles": {"vehicles"},
    "/drivers": {"drivers"},
    "/oversight/transport-legs": {"transport_legs"},
}


@pytest.fixture
def world(session, registry, chain) -> World:  # noqa: F811
    """One record in every area."""
    return build_world(session, registry, chain)


def nav_links(html: str) -> set[str]:
    """The paths linked from the main navigation."""
    nav = html.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    return {href.split("?")[0] for href in re.findall(r'href="([^"]+)"', nav)}


@pytest.mark.parametrize("username", DEPARTMENT_USERS)
def test_each_department_opens_its_pages_and_gets_403_elsewhere(client, world, username):
    assert login(client, username).status_code == 302
    for read in WEB_READS:
        areas, _, template = READS[read]
        resp = client.get(path_of(template, world))
        if oversees(username, areas):
            assert resp.status_code == 200, (read, resp.status_code)
        else:
            assert resp.status_code == 403, (read, resp.status_code)
            assert "贵部门不负责监管" in resp.get_data(as_text=True), read
    links = nav_links(client.get("/").get_data(as_text=True))
    for path, areas in NAV.items():
        assert (path in links) is oversees(username, frozenset(Area(a) for a in areas)), (path, links)


def test_the_refusal_page_says_what_is_not_overseen(client, world):
    login(client, "regulator_tr")
    page = client.get(f"/manifests/{world.manifest.id}")
    assert page.status_code == 403
    assert "贵部门不负责监管危险废物转移联单" in page.get_data(as_text=True)


def test_a_label_shows_only_its_printed_fields_to_a_department_outside_waste(client, world):
    login(client, "regulator_tr")
    page = client.get(f"/l/{world.container.digital_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert world.container.digital_id in html
    assert "历史" not in html  # the history is staff-only
    eco = client.application.test_client()
    login(eco, "regulator_eco")
    assert "历史" in eco.get(f"/l/{world.container.digital_id}").get_data(as_text=True)
