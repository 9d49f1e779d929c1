"""The home page opens on the reader's work list, in its language, each line a link to where it is done."""

from __future__ import annotations

import html
import re

import pytest

from hazchem.services import waste
from hazchem.services.oversight import deadlines, review
from hazchem.services.platform import clock
from tests.services.conftest import TRANSFER_DATE, make_stored
from tests.services.conftest import chain as chain  # the shared custody fixture
from tests.web.conftest import login, post

WORKLIST = re.compile(r'<section class="card worklist" id="worklist".*?</section>', re.S)
LINK = re.compile(r'<a href="([^"]+)">\s*<span class="work-title">(.*?)</span>', re.S)


def manifest_of(session, chain, *, submit=False, pick_up=False):
    """A manifest of one stored container of A to B's plant, drafted, submitted or picked up."""
    [stored] = make_stored(session, chain, count=1, weight="100")
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[stored.id],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    if submit or pick_up:
        waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    if pick_up:
        waste.pick_up(
            session=session, actor=chain.driver, manifest_id=manifest.id, scanned=[stored.digital_id]
        )
    return manifest


@pytest.fixture
def world(session, registry, chain):
    """A draft, a submitted and a picked-up manifest, and an ecology correction request on the draft;
    A's annual filings are made, so its drafts lead its list whatever the date."""
    for kind in ("management_plan", "declaration"):
        deadlines.record_filing(
            session=session,
            actor=chain.officer,
            enterprise_id=registry.ent_a.id,
            kind=kind,
            year=clock.today().year,
        )
    drafted = manifest_of(session, chain)
    submitted = manifest_of(session, chain, submit=True)
    on_road = manifest_of(session, chain, pick_up=True)
    request = review.open_correction(
        session=session,
        actor=registry.users["regulator_eco"],
        manifest_id=drafted.id,
        section="generator",
        text="核对废物名称",
    )
    return {"draft": drafted, "submitted": submitted, "on_road": on_road, "request": request}


def worklist(client) -> tuple[str, list[tuple[str, str]]]:
    """The home page's work list section and its (href, title) lines; the list comes right under the h1."""
    page = client.get("/").get_data(as_text=True)
    found = WORKLIST.search(page)
    assert found, "no work list on the home page"
    assert page.index("</h1>") < found.start() < page.index('<section class="card">')
    return found.group(0), [(html.unescape(h), html.unescape(t)) for h, t in LINK.findall(found.group(0))]


def expected(world) -> dict[str, tuple[str, str, str]]:
    """Per account: the first line's link, and its title in Chinese and in English."""
    draft, submitted, on_road = world["draft"], world["submitted"], world["on_road"]
    return {
        "officer_a": (
            f"/manifests/{draft.id}#submit",
            f"提交联单草稿 {draft.number}",
            f"Submit draft manifest {draft.number}",
        ),
        "driver": (
            f"/manifests/{submitted.id}/scan/pick-up",
            f"提运联单 {submitted.number}",
            f"Pick up manifest {submitted.number}",
        ),
        "operator_b": (
            f"/manifests/{on_road.id}/scan/arrival",
            f"联单 {on_road.number} 在途：到达时扫码接收",
            f"Manifest {on_road.number} is on the way: scan it in on arrival",
        ),
        "regulator_eco": (
            f"/manifests/{draft.id}#correction-{world['request'].id}",
            f"联单 {draft.number} 的更正要求待当事方答复",
            f"Correction request on manifest {draft.number} awaits the party's answer",
        ),
        "admin": (
            f"/manifests/{draft.id}#correction-{world['request'].id}",
            f"联单 {draft.number} 的更正要求待当事方答复",
            f"Correction request on manifest {draft.number} awaits the party's answer",
        ),
    }


@pytest.mark.parametrize("username", ["officer_a", "driver", "operator_b", "regulator_eco", "admin"])
def test_each_role_sees_its_first_work_item_in_both_languages_and_can_open_it(client, world, username):
    href, chinese, english = expected(world)[username]
    login(client, username)
    _, lines = worklist(client)
    assert lines and lines[0] == (href, chinese), lines
    assert client.get(href.split("#")[0]).status_code == 200
    post(client, "/lang", {"locale": "en"})
    _, lines = worklist(client)
    assert lines[0] == (href, english)


def test_the_generator_is_also_asked_to_answer_and_others_see_nothing_of_it(app, client, world):
    login(client, "officer_a")
    section, lines = worklist(client)
    assert f"/manifests/{world['draft'].id}#correction-{world['request'].id}" in {h for h, _ in lines}
    assert "work-urgent" in section  # the draft's transfer date has passed
    other = app.test_client()
    login(other, "officer_b")
    _, lines = worklist(other)
    assert not any(str(world["draft"].number) in title for _, title in lines)


def test_a_department_with_nothing_to_do_says_so(client, world):
    login(client, "regulator_ps")
    section, lines = worklist(client)
    assert lines == [] and "目前没有待办事项。" in section
    post(client, "/lang", {"locale": "en"})
    section, _ = worklist(client)
    assert "Nothing to do now." in section
