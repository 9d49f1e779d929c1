"""Shared set-up of the custody-exception tests: an alternate receiver and loads on the road."""

from __future__ import annotations

from datetime import date

from hazchem.domain.identifiers import uscc_check_char
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.waste import LegInput
from tests.services.conftest import TRANSFER_DATE, make_stored

ALT_USCC = "91330604000000009"


def alternate(
    session, registry, *, licensed=True, capacity_kg=500_000, uscc=ALT_USCC, name="丁环境服务有限公司"
):
    """A second receiver in the same park with a store; licensed for HW08 unless told otherwise."""
    ent = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc=uscc + uscc_check_char(uscc),
        name=name,
        region_code="330604",
        roles=["receiver"],
    )
    store = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=ent.id,
        name=f"{name}焚烧线",
        kind="incinerator",
        storage_capacity_kg=capacity_kg,
        annual_capacity_kg=10_000_000,
    )
    if licensed:
        reg.create_licence(
            session=session,
            actor=None,
            enterprise_id=ent.id,
            licence_type_id=registry.types["hw_operating"].id,
            number=f"浙危废经{uscc[-4:]}",
            valid_from=date(2024, 1, 1),
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
    return ent, store


def on_the_road(session, chain, count=2, weight="100"):
    """A manifest picked up by the chain's driver; returns it with its containers' digital IDs."""
    containers = make_stored(session, chain, count=count, weight=weight)
    manifest = waste.create_manifest(
        session=session,
        actor=chain.officer,
        container_ids=[c.id for c in containers],
        receiver_facility_id=chain.plant_b.id,
        legs=[chain.leg],
        transfer_date=TRANSFER_DATE,
        planned_method="D10",
    )
    waste.submit(session=session, actor=chain.officer, manifest_id=manifest.id)
    ids = [c.digital_id for c in containers]
    waste.pick_up(session=session, actor=chain.driver, manifest_id=manifest.id, scanned=ids)
    return manifest, ids


def refused(session, chain, count=2, weight="100", reason="over_capacity"):
    """A manifest the receiver refused whole at its gate."""
    manifest, ids = on_the_road(session, chain, count=count, weight=weight)
    waste.refuse_at_gate(session=session, actor=chain.operator, manifest_id=manifest.id, reason=reason)
    return manifest, ids


def operator_of(session, enterprise, username="operator_d"):
    """A receiving-facility operator account of `enterprise`, as the services see it."""
    from hazchem.models import User
    from hazchem.services.platform import auth
    from tests.conftest import _password_hash

    user = User(
        username=username,
        password_hash=_password_hash(),
        role="receiver_operator",
        enterprise_id=enterprise.id,
    )
    session.add(user)
    session.commit()
    actor = auth.build_actor(session, user)
    session.rollback()
    return actor


def second_crew(session, registry, driver_valid_to=date(2029, 6, 30), dg_classes=("3",)):
    """A second driver and vehicle of the chain's carrier, to take a load over on the road."""
    driver = reg.create_driver(
        session=session,
        actor=None,
        carrier_id=registry.ent_c.id,
        name="李师傅",
        certificate_no="330600000000000002",
        valid_to=driver_valid_to,
    )
    vehicle = reg.create_vehicle(
        session=session,
        actor=None,
        carrier_id=registry.ent_c.id,
        plate="浙D54321",
        certificate_no="浙交运管许可绍字330600000002号",
        dg_classes=list(dg_classes),
        valid_to=date(2028, 6, 30),
    )
    return LegInput(carrier_id=registry.ent_c.id, vehicle_id=vehicle.id, driver_id=driver.id)
