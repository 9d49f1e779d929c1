"""A second park beside the registry's: its own departments, a receiver with a plant and licence, its
regulators and the receiver's users, and a province region holding both parks with a regulator of its
own. Built with the registry services, so each park has what seed_park gives a park."""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import Department, Park, Region, User
from hazchem.services import registry as reg
from hazchem.services.platform import auth
from hazchem.services.registry import seed
from tests.conftest import _password_hash


class ParkB:
    """Handles to the second park's records."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


def _user(session, username: str, role: str, **binding):
    user = User(username=username, password_hash=_password_hash(), role=role, **binding)
    session.add(user)
    session.commit()
    return auth.build_actor(session, user)


def receiver_in(session, registry, park, *, uscc_body: str, name: str, region_code: str):
    """A receiver enterprise in `park` with an incinerator licensed for HW08 by D10."""
    enterprise = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=park.id,
        uscc=uscc_body + uscc_check_char(uscc_body),
        name=name,
        region_code=region_code,
        roles=["receiver"],
    )
    plant = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=enterprise.id,
        name=f"{name}焚烧线",
        kind="incinerator",
        storage_capacity_kg=1_000_000,
        annual_capacity_kg=10_000_000,
    )
    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=enterprise.id,
        licence_type_id=registry.types["hw_operating"].id,
        number=f"危废经{uscc_body[-4:]}",
        valid_from=date(2025, 1, 1),
        valid_to=date(2029, 12, 31),
        lines=[
            reg.ScopeLineInput(
                kind="waste",
                waste_category="HW08",
                modes=["dispose"],
                method_codes=["D10"],
                annual_scale_kg=10_000_000,
            )
        ],
    )
    return enterprise, plant


@pytest.fixture(name="park_b")
def park_b_fixture(session, registry):
    """Park B (same province as the registry's park A) with a receiver, users of each side and a
    province regulator reading both parks."""
    park = seed.seed_park(
        session=session, name="上虞精细化工园区", region_code="330604", name_en="Shangyu Park"
    )
    receiver, plant = receiver_in(
        session, registry, park, uscc_body="91330604000000077", name="丁处置有限公司", region_code="330604"
    )
    province = Region(code="330000", name="浙江省", name_en="Zhejiang", level="province")
    session.add(province)
    session.flush()
    for p in (registry.park, park):
        row = session.get(Park, p.id)
        row.region_id = province.id
        session.add(row)
    regional = Department(region_id=province.id, kind="ecology_environment", name="浙江省生态环境厅")
    session.add(regional)
    session.commit()
    departments = {d.kind: d for d in reg.list_departments(session=session, actor=None, park_id=park.id)}
    users = {
        "regulator_eco_b": _user(
            session, "regulator_eco_b", "regulator", department_id=departments["ecology_environment"].id
        ),
        "regulator_pc_b": _user(
            session, "regulator_pc_b", "regulator", department_id=departments["park_committee"].id
        ),
        "officer_d": _user(session, "officer_d", "ehs_officer", enterprise_id=receiver.id),
        "operator_d": _user(session, "operator_d", "receiver_operator", enterprise_id=receiver.id),
        "province_eco": _user(session, "province_eco", "regulator", department_id=regional.id),
    }
    # The registry's actors were built before the region existed; park A's own are unchanged by it.
    session.rollback()
    return ParkB(park=park, receiver=receiver, plant=plant, departments=departments, users=users)
