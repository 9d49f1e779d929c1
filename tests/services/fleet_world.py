"""A second driver and vehicle of carrier C, lapsed ones, a second carrier D, and each carrier's dispatcher.

Built on the shared `registry` and `chain` fixtures: manifests of carrier C go to driver A (the
registry's `driver`) or driver B; carrier D carries with its own fleet.
"""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import User
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.platform import auth
from hazchem.services.waste import LegInput
from tests.conftest import _password_hash
from tests.services.conftest import TRANSFER_DATE, make_stored


class Fleet:
    """Handles to the fleet fixture's records and actors."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


def _user(session, username: str, role: str, **binding: int):
    user = User(username=username, password_hash=_password_hash(), role=role, **binding)
    session.add(user)
    session.commit()
    return auth.build_actor(session, user)


@pytest.fixture(name="fleet")
def fleet_fixture(session, registry, chain) -> Fleet:
    """Carrier C's second driver and vehicle, its lapsed ones, carrier D, and users for each."""
    carrier_c = registry.ent_c
    driver_b = reg.create_driver(
        session=session,
        actor=None,
        carrier_id=carrier_c.id,
        name="李师傅",
        certificate_no="330600000000000002",
        valid_to=date(2029, 6, 30),
    )
    vehicle_b = reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=carrier_c.id,
        plate="浙D54321",
        certificate_no="浙交运管许可绍字330600000002号",
        dg_classes=["3", "8", "9"],
        valid_to=date(2028, 6, 30),
    )
    lapsed_driver = reg.create_driver(
        session=session,
        actor=None,
        carrier_id=carrier_c.id,
        name="赵师傅",
        certificate_no="330600000000000003",
        valid_to=date(2026, 1, 31),
    )
    lapsed_vehicle = reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=carrier_c.id,
        plate="浙D00001",
        certificate_no="浙交运管许可绍字330600000003号",
        dg_classes=["3"],
        valid_to=date(2026, 3, 31),
    )
    narrow_vehicle = reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=carrier_c.id,
        plate="浙D20002",
        certificate_no="浙交运管许可绍字330600000004号",
        dg_classes=["2"],
        valid_to=date(2028, 6, 30),
    )
    carrier_d = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="91330604000000004" + uscc_check_char("91330604000000004"),
        name="丁物流有限公司",
        region_code="330604",
        roles=["carrier"],
    )
    driver_d = reg.create_driver(
        session=session,
        actor=None,
        carrier_id=carrier_d.id,
        name="孙师傅",
        certificate_no="330600000000000009",
        valid_to=date(2029, 6, 30),
    )
    vehicle_d = reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=carrier_d.id,
        plate="浙D99999",
        certificate_no="浙交运管许可绍字330600000009号",
        dg_classes=["3", "8", "9"],
        valid_to=date(2028, 6, 30),
    )
    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=carrier_d.id,
        licence_type_id=registry.types["road_dg_transport"].id,
        number="浙交运管许可绍字330600000009号",
        valid_from=date(2024, 1, 1),
        valid_to=date(2028, 12, 31),
        lines=[reg.ScopeLineInput(kind="transport", dg_class=c) for c in ("3", "8", "9")],
    )
    actors = {
        "driver_b": _user(session, "driver_b", "driver", driver_id=driver_b.id),
        "dispatcher_c": _user(session, "dispatcher_c", "carrier_dispatcher", enterprise_id=carrier_c.id),
        "dispatcher_d": _user(session, "dispatcher_d", "carrier_dispatcher", enterprise_id=carrier_d.id),
        "driver_d": _user(session, "driver_d", "driver", driver_id=driver_d.id),
    }
    session.rollback()
    return Fleet(
        carrier_c=carrier_c,
        carrier_d=carrier_d,
        driver_a=registry.driver,
        vehicle_a=registry.vehicle,
        driver_b=driver_b,
        vehicle_b=vehicle_b,
        lapsed_driver=lapsed_driver,
        lapsed_vehicle=lapsed_vehicle,
        narrow_vehicle=narrow_vehicle,
        driver_d=driver_d,
        vehicle_d=vehicle_d,
        leg_a=chain.leg,
        leg_b=LegInput(carrier_id=carrier_c.id, vehicle_id=vehicle_b.id, driver_id=driver_b.id),
        leg_d=LegInput(carrier_id=carrier_d.id, vehicle_id=vehicle_d.id, driver_id=driver_d.id),
        actors=actors,
    )


def load_on(session, chain, leg: LegInput, *, submit: bool = True, count: int = 1):
    """A manifest of freshly stored containers carried on `leg` (submitted unless told otherwise)."""
    stored = make_stored(session, chain, count=count, weight="100")
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in stored],
        receiver_facility_id=chain.plant_b.id,
        legs=[leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    if submit:
        manifest = waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id).manifest
    return manifest, stored
