"""Tenancy by park: a park's administrators and regulators read their park only, a region's regulators
every park of the region and nothing else, one park resolver, and regional regulators write nothing."""

from __future__ import annotations

import importlib

import pytest
from sqlmodel import select

from hazchem.domain.errors import Forbidden, InvalidInput, NotFound
from hazchem.models import User
from hazchem.services import registry as reg
from hazchem.services.platform import auth, uow
from hazchem.services.platform.access import REGIONAL_WRITES
from hazchem.services.registry import regions, seed
from tests.conftest import PASSWORD, _password_hash


def _actor(session, username, role, **binding):
    user = User(username=username, password_hash=_password_hash(), role=role, **binding)
    session.add(user)
    session.commit()
    actor = auth.build_actor(session, user)
    session.rollback()
    return actor


@pytest.fixture
def two_parks(session, registry):
    """The registry's park in a province with a second park outside it (in another province)."""
    regions.create_region(session=session, actor=None, code="330000", name="浙江省", level="province")
    regions.create_region(session=session, actor=None, code="320000", name="江苏省", level="province")
    regions.create_region(
        session=session, actor=None, code="320500", name="苏州市", level="city", parent_code="320000"
    )
    regions.set_park_region(session=session, actor=None, park_id=registry.park.id, region_code="330000")
    other = seed.seed_park(session=session, name="另一化工园区", region_code="320505")
    regions.set_park_region(session=session, actor=None, park_id=other.id, region_code="320500")
    outsider = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=other.id,
        uscc="913205050000000015",
        name="苏州外园化工有限公司",
        region_code="320505",
        roles=["waste_generator"],
    )
    eco = {}
    for code in ("330000", "320000"):
        department = regions.create_regional_department(
            session=session,
            actor=None,
            region_code=code,
            kind="ecology_environment",
            name=f"{code}生态环境厅",
        )
        eco[code] = _actor(session, f"eco-{code}", "regulator", department_id=department.id)
    other_eco = next(
        d
        for d in reg.list_departments(session=session, actor=None, park_id=other.id)
        if d.kind == "ecology_environment"
    )
    return {
        "other": other,
        "outsider": outsider,
        "province": eco["330000"],
        "jiangsu": eco["320000"],
        "admin": _actor(session, "admin-a", "park_admin", park_id=registry.park.id),
        "other_admin": _actor(session, "admin-b", "park_admin", park_id=other.id),
        "other_eco": _actor(session, "eco-b", "regulator", department_id=other_eco.id),
    }


def test_each_actor_reads_the_enterprises_of_its_parks_only(session, registry, two_parks):
    mine = {registry.ent_a.id, registry.ent_b.id, registry.ent_c.id}
    outsider = two_parks["outsider"].id
    for who in ("admin", "province"):
        actor = two_parks[who]
        listed = {e.id for e in reg.list_enterprises(session=session, actor=actor)}
        assert listed == mine, who
        with pytest.raises(NotFound):
            reg.get_enterprise(session=session, actor=actor, enterprise_id=outsider)
    # The other side: the other park's own readers, and the province around it, do read it.
    for who in ("other_admin", "other_eco", "jiangsu"):
        listed = {e.id for e in reg.list_enterprises(session=session, actor=two_parks[who])}
        assert listed == {outsider}, who
        reg.get_enterprise(session=session, actor=two_parks[who], enterprise_id=outsider)
    assert two_parks["jiangsu"].park_ids == {two_parks["other"].id}  # a province reads its cities' parks
    assert two_parks["province"].is_regional and two_parks["province"].park_ids == {registry.park.id}


def test_one_park_resolver_never_falls_back_to_another_park(session, registry, two_parks):
    admin, province, other = two_parks["admin"], two_parks["province"], two_parks["other"]
    assert reg.resolve_park(session, admin).id == registry.park.id
    assert reg.resolve_park(session, admin, registry.park.id).id == registry.park.id
    with pytest.raises(NotFound):
        reg.resolve_park(session, admin, other.id)
    with pytest.raises(NotFound):
        reg.resolve_park(session, province, other.id)
    assert reg.resolve_park(session, province).id == registry.park.id
    assert reg.resolve_park(session, two_parks["jiangsu"]).id == other.id
    assert reg.resolve_park(session, None, other.id).id == other.id  # the command line reads any park
    with pytest.raises(NotFound):
        reg.get_department(session=session, actor=admin, department_id=two_parks["other_eco"].department_id)
    names = {d.name for d in reg.list_departments(session=session, actor=province)}
    assert "330000生态环境厅" in names and "320000生态环境厅" not in names


def _use_case(name: str):
    module, _, qualname = name.rpartition(".")
    return getattr(importlib.import_module(module), qualname)


def test_every_write_use_case_refuses_a_regional_regulator(session, registry, two_parks):
    importlib.import_module("hazchem.services")
    writers = [spec for spec in uow.REGISTRY.values() if spec.audited]
    assert len(writers) > 50
    regional, park_regulator = two_parks["province"], registry.users["regulator_eco"]
    for spec in writers:
        func = _use_case(spec.name)
        if set(spec.actions) <= REGIONAL_WRITES:
            continue
        with pytest.raises(Forbidden) as refused:
            func(session=session, actor=regional)
        assert refused.value.message_code == "access.regional_read_only", spec.name
        # The other side: a park's regulator passes the guard (and mostly fails later, on missing input).
        try:
            func(session=session, actor=park_regulator)
        except Exception as exc:  # any refusal but the regional one
            assert getattr(exc, "message_code", "") != "access.regional_read_only", spec.name
        session.rollback()


def test_a_regional_regulator_keeps_its_own_account(session, registry, two_parks):
    regional = two_parks["province"]
    auth.change_password(
        session=session, actor=regional, current_password=PASSWORD, new_password="a-new-password-1"
    )
    token, _ = auth.issue_token(session=session, actor=regional, ttl_hours=1)
    assert auth.actor_for_token(session=session, token=token).is_regional
    row = session.exec(select(User).where(User.username == "eco-330000")).one()
    assert row.session_version == 1


def test_an_administrator_keeps_its_own_parks_departments_and_matrix(session, registry, two_parks):
    admin, other = two_parks["admin"], two_parks["other"]
    other_department = two_parks["other_eco"].department_id
    licence_type = reg.list_licence_types(session=session)[0]
    with pytest.raises(NotFound):
        reg.set_cell(
            session=session,
            actor=admin,
            department_id=other_department,
            licence_type_id=licence_type.id,
            duties=[],
        )
    with pytest.raises(InvalidInput):
        reg.create_department(session=session, actor=admin, park_id=other.id, kind="transport", name="交通局")
    # The other side: the other park's administrator does both.
    reg.set_cell(
        session=session,
        actor=two_parks["other_admin"],
        department_id=other_department,
        licence_type_id=licence_type.id,
        duties=[],
    )
    reg.create_department(
        session=session, actor=two_parks["other_admin"], park_id=other.id, kind="transport", name="新交通局"
    )


def test_a_park_administrator_manages_its_own_parks_accounts_only(session, registry, two_parks):
    admin, regional = two_parks["admin"], two_parks["province"]
    other_eco = two_parks["other_eco"]
    theirs = auth.issue_token(session=session, actor=regional, ttl_hours=1)
    session.commit()
    for outside in (regional.user_id, other_eco.user_id):
        with pytest.raises(Forbidden):
            auth.set_password(session=session, actor=admin, user_id=outside, password="a-new-password-2")
        session.rollback()
    listed, _ = auth.list_tokens(session=session, actor=admin)
    assert auth.actor_for_token(session=session, token=theirs[0]).user_id not in {t.user_id for t in listed}
    # Its own park's accounts, and its own, it does manage.
    auth.set_password(session=session, actor=admin, user_id=admin.user_id, password="a-new-password-3")
    other_admin = two_parks["other_admin"]
    auth.set_password(session=session, actor=other_admin, user_id=other_eco.user_id, password="a-new-pw-4")
