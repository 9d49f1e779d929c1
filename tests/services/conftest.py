"""A custody-chain fixture on top of the shared registry: streams, a carrier licence, stores."""

from __future__ import annotations

from datetime import date

import pytest

from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import WasteCode
from hazchem.services import registry as reg
from hazchem.services import waste
from hazchem.services.waste import LegInput


class Chain:
    """Handles to the custody fixture's records."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


TRANSFER_DATE = date(2026, 6, 1)


@pytest.fixture
def chain(session, registry):
    """Enterprise A generates waste oil into its store; B receives it; C carries it."""
    session.add_all(
        [
            WasteCode(
                edition="2021",
                code="900-300-34",
                category="HW34",
                description="使用酸进行清洗产生的废酸液",
                characteristics=["C"],
            ),
            WasteCode(
                edition="2021", code="900-399-35", category="HW35", description="废碱", characteristics=["C"]
            ),
        ]
    )
    session.commit()
    officer = registry.users["officer_a"]
    oil = waste.create_stream(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        waste_code="900-249-08",
        name="废矿物油",
        form="liquid",
        main_components="矿物油",
        harmful_components="多环芳烃",
        precautions="远离火源",
        packaging="200L钢桶",
        tags=["organic"],
        dg_class="3",
        un_number="1993",
        packing_group="III",
    )
    acid = waste.create_stream(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        waste_code="900-300-34",
        name="废酸液",
        form="liquid",
        tags=["acid"],
        dg_class="8",
        un_number="3264",
        packing_group="II",
    )
    alkali = waste.create_stream(
        session=session,
        actor=officer,
        enterprise_id=registry.ent_a.id,
        waste_code="900-399-35",
        name="废碱液",
        form="liquid",
        tags=["alkali"],
        dg_class="8",
        un_number="3266",
        packing_group="II",
    )
    transport = reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=registry.ent_c.id,
        licence_type_id=registry.types["road_dg_transport"].id,
        number="浙交运管许可绍字330600000001号",
        valid_from=date(2024, 1, 1),
        valid_to=date(2028, 12, 31),
        lines=[reg.ScopeLineInput(kind="transport", dg_class=c) for c in ("3", "8", "9")],
    )
    store_b = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=registry.ent_b.id,
        name="乙公司危废库",
        kind="waste_store",
        storage_capacity_kg=500_000,
    )
    leg = LegInput(carrier_id=registry.ent_c.id, vehicle_id=registry.vehicle.id, driver_id=registry.driver.id)
    return Chain(
        oil=oil,
        acid=acid,
        alkali=alkali,
        transport=transport,
        store_a=registry.facility_a,
        plant_b=registry.facility_b,
        store_b=store_b,
        leg=leg,
        officer=officer,
        operator=registry.users["operator_b"],
        driver=registry.users["driver"],
    )


def make_stored(session, chain, count=2, weight="180.5", stream=None):
    """Containers generated and put away into enterprise A's store."""
    made = waste.create_containers(
        session=session,
        actor=chain.officer,
        stream_id=(stream or chain.oil).id,
        packaging="钢桶",
        volume_l=200,
        net_weight_kg=weight,
        gen_date=date(2026, 5, 1),
        count=count,
    )
    return [
        waste.put_away(
            session=session, actor=chain.officer, container_id=c.id, facility_id=chain.store_a.id
        )
        for c in made
    ]


def far_receiver(session, registry):
    """A receiver in Jiangsu (320000), so transfers from Zhejiang cross a provincial border."""
    far = reg.create_enterprise(
        session=session,
        actor=None,
        park_id=registry.park.id,
        uscc="91320500000000001" + uscc_check_char("91320500000000001"),
        name="江苏示例处置有限公司",
        region_code="320500",
        roles=["receiver"],
    )
    plant = reg.create_facility(
        session=session,
        actor=None,
        enterprise_id=far.id,
        name="焚烧线",
        kind="incinerator",
        storage_capacity_kg=1_000_000,
        annual_capacity_kg=10_000_000,
    )
    reg.create_licence(
        session=session,
        actor=None,
        enterprise_id=far.id,
        licence_type_id=registry.types["hw_operating"].id,
        number="苏危废经1",
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
    return far, plant
