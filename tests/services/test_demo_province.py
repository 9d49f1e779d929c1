"""The demo province: a second park beside the demo park, a transfer between them in both parks' view,
and the province's regulators reading both parks, read-only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from hazchem.demo import data, second_park
from hazchem.demo import load as demo
from hazchem.domain.errors import Forbidden
from hazchem.models import Park
from hazchem.services import registry, waste
from hazchem.services.platform import auth


def test_the_province_holds_both_parks_and_the_transfer_shows_in_both(session):
    summary = demo.load_demo(session=session, today=date(2026, 5, 20), province=True)
    assert second_park.PARK_NAME in summary
    parks = {p.name: p.id for p in session.exec(select(Park))}
    assert set(parks) == {data.PARK_NAME, second_park.PARK_NAME}
    actors = {
        a.username: auth.authenticate(session=session, username=a.username, password=a.password)
        for a in (*demo.DEMO_ACCOUNTS, *demo.PROVINCE_ACCOUNTS)
    }
    assert len(actors) == len(data.ACCOUNTS) + len(second_park.ACCOUNTS)
    for username in ("province-eco", "province-em"):
        assert actors[username].is_regional and actors[username].park_ids == set(parks.values())
    assert actors["eco-binhai"].park_ids == {parks[second_park.PARK_NAME]}
    assert actors["eco"].park_ids == {parks[data.PARK_NAME]}
    # The one transfer across the parks is in both parks' view and the province's.
    crossing = waste.list_manifests(session=session, actor=actors["eco-binhai"])
    assert len(crossing) == 1
    number = crossing[0].number
    for username in ("eco", "province-eco", "admin", "admin-binhai"):
        assert number in {m.number for m in waste.list_manifests(session=session, actor=actors[username])}
    # Nothing else of the demo park shows in the second park.
    names = {e.name for e in registry.list_enterprises(session=session, actor=actors["admin-binhai"])}
    assert names == {e["name"] for e in second_park.ENTERPRISES}
    assert len(registry.list_enterprises(session=session, actor=actors["province-eco"])) == len(
        data.ENTERPRISES
    ) + len(second_park.ENTERPRISES)
    with pytest.raises(Forbidden):
        waste.cancel(session=session, actor=actors["province-eco"], manifest_id=crossing[0].id, reason="x")
