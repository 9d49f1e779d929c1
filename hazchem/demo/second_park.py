"""The demo province: Zhejiang above the demo park and a second, small park whose fine-chemicals plant
ships waste to the demo park's disposal centre, with the province's two regulators.

The second park keeps its own departments, enterprises and accounts; the transfer between the parks is
in both parks' view, and the province's regulators read both parks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, select

from hazchem.demo import data
from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import Driver, Enterprise, Facility, Park, User, Vehicle
from hazchem.services import registry, waste
from hazchem.services.platform import auth, clock
from hazchem.services.registry import regions, seed
from hazchem.services.waste.manifests import LegInput

PROVINCE_CODE = "330000"
PROVINCE_NAME = "浙江省（演示）"
PARK_NAME = "绍兴滨海新区化工园区（演示）"
PARK_NAME_EN = "Shaoxing Binhai New Area Chemical Park (demo)"
REGION_CODE = "330603"  # 浙江省绍兴市柯桥区
ADDRESS_PREFIX = "浙江省绍兴市柯桥区滨海新区化工园区"

# The province's departments (厅): a regulator of each reads every park of the province, read-only.
PROVINCE_DEPARTMENTS = [
    {"kind": "ecology_environment", "name": "浙江省生态环境厅（演示）", "name_en": "Zhejiang Ecology Dept."},
    {"kind": "emergency_management", "name": "浙江省应急管理厅（演示）", "name_en": "Zhejiang EM Dept."},
]
ENTERPRISES = [
    {
        "key": "binhai_fine",
        "org": "BH000101",
        "name": "滨海示例精细化工有限公司",
        "name_en": "Binhai Example Fine Chemicals Co., Ltd.",
        "address": "滨海大道8号",
        "roles": ["waste_generator", "chemical_user"],
        "contact_name": "钱海峰",
        "contact_phone": "0575-81000101",
    },
    {
        "key": "binhai_materials",
        "org": "BH000102",
        "name": "滨海示例新材料股份有限公司",
        "name_en": "Binhai Example New Materials Co., Ltd.",
        "address": "滨海大道16号",
        "roles": ["waste_generator"],
        "contact_name": "孙丽娟",
        "contact_phone": "0575-81000102",
    },
]
STORE_NAME = "危废暂存库（滨海精细化工）"
STREAM = {
    "waste_code": "900-402-06",
    "name": "废有机溶剂（乙酸乙酯）",
    "form": "liquid",
    "tags": ["organic"],
    "packaging": "200L钢桶",
    "dg_class": "3",
    "un_number": "1993",
    "packing_group": "II",
}
# `department`: a department kind of the second park; `province`: of the province; `enterprise`: a key.
ACCOUNTS: list[dict[str, Any]] = [
    {"username": "admin-binhai", "role": "park_admin", "display_name": "滨海园区管理员（演示）"},
    {
        "username": "eco-binhai",
        "role": "regulator",
        "display_name": "滨海园区生态环境分局监管员（演示）",
        "department": "ecology_environment",
    },
    {
        "username": "ehs-binhai",
        "role": "ehs_officer",
        "display_name": "钱海峰（EHS，滨海，演示）",
        "enterprise": "binhai_fine",
    },
    {
        "username": "province-eco",
        "role": "regulator",
        "display_name": "浙江省生态环境厅监管员（演示）",
        "province": "ecology_environment",
    },
    {
        "username": "province-em",
        "role": "regulator",
        "display_name": "浙江省应急管理厅监管员（演示）",
        "province": "emergency_management",
    },
]


def uscc(org_body: str) -> str:
    """A USCC of the second park's region (91 + region code + organisation code + check character)."""
    from hazchem.demo.load import org_code

    first17 = "91" + REGION_CODE + org_code(org_body)
    return first17 + uscc_check_char(first17)


def load_second_park(*, session: Session, demo_park: Park, receiver: Enterprise) -> list[str]:
    """Create the province, the second park with its accounts, and one transfer to `receiver`."""
    regions.create_region(
        session=session, actor=None, code=PROVINCE_CODE, name=PROVINCE_NAME, level="province"
    )
    province = {
        d["kind"]: regions.create_regional_department(
            session=session, actor=None, region_code=PROVINCE_CODE, **d
        )
        for d in PROVINCE_DEPARTMENTS
    }
    park = seed.seed_park(session=session, name=PARK_NAME, region_code=REGION_CODE, name_en=PARK_NAME_EN)
    for each in (demo_park, park):
        regions.set_park_region(session=session, actor=None, park_id=each.id, region_code=PROVINCE_CODE)
    departments = {d.kind: d for d in registry.list_departments(session=session, actor=None, park_id=park.id)}
    enterprises = {
        spec["key"]: registry.create_enterprise(
            session=session,
            actor=None,
            park_id=park.id,
            uscc=uscc(spec["org"]),
            address=ADDRESS_PREFIX + spec["address"],
            region_code=REGION_CODE,
            **{k: v for k, v in spec.items() if k not in ("key", "org", "address")},
        )
        for spec in ENTERPRISES
    }
    plant = enterprises["binhai_fine"]
    store = registry.create_facility(
        session=session,
        actor=None,
        enterprise_id=plant.id,
        name=STORE_NAME,
        kind="waste_store",
        storage_capacity_kg=50_000,
    )
    stream = waste.create_stream(session=session, actor=None, enterprise_id=plant.id, **STREAM)
    for spec in ACCOUNTS:
        auth.create_user(
            session=session,
            actor=None,
            username=spec["username"],
            password=data.DEMO_PASSWORD,
            role=spec["role"],
            display_name=spec["display_name"],
            department_id=(
                departments[spec["department"]].id
                if "department" in spec
                else province[spec["province"]].id
                if "province" in spec
                else None
            ),
            enterprise_id=enterprises[spec["enterprise"]].id if "enterprise" in spec else None,
            park_id=park.id if spec["role"] == "park_admin" else None,
        )
    number = _transfer(session, plant, stream.id, store.id, receiver)
    return [
        f"  the province {PROVINCE_NAME} ({PROVINCE_CODE}) over the demo park and a second park {PARK_NAME} "
        f"({len(departments)} departments, {len(enterprises)} enterprises, {len(ACCOUNTS)} accounts incl. "
        f"the province's two regulators), and a transfer {number} from {plant.name} to {receiver.name}",
    ]


def _transfer(
    session: Session, plant: Enterprise, stream_id: int, store_id: int, receiver: Enterprise
) -> str:
    """Two drums from the second park's plant, submitted for the demo park's disposal centre (dated by the
    clock, which a demo with its history has set a year back)."""
    today = clock.today()
    officer = auth.build_actor(session, session.exec(select(User).where(User.username == "ehs-binhai")).one())
    drums = waste.create_containers(
        session=session,
        actor=officer,
        stream_id=stream_id,
        packaging=STREAM["packaging"],
        volume_l=200,
        net_weight_kg="168",
        gen_date=today - timedelta(days=3),
        count=2,
    )
    for drum in drums:
        waste.put_away(session=session, actor=officer, container_id=drum.id, facility_id=store_id)
    intake = session.exec(
        select(Facility).where(Facility.enterprise_id == receiver.id, Facility.kind == "waste_store")
    ).one()
    # The demo park's dangerous-goods carrier fetches the load (its first vehicle and driver).
    vehicle = session.exec(select(Vehicle).where(Vehicle.plate == data.VEHICLES[0]["plate"])).one()
    driver = session.exec(
        select(Driver).where(Driver.certificate_no == data.DRIVERS[0]["certificate_no"])
    ).one()
    manifest = waste.create_manifest(
        session=session,
        actor=officer,
        container_ids=[d.id for d in drums],
        receiver_facility_id=intake.id,
        legs=[LegInput(carrier_id=vehicle.carrier_id, vehicle_id=vehicle.id, driver_id=driver.id)],
        transfer_date=today + timedelta(days=1),
    )
    waste.submit(session=session, actor=officer, manifest_id=manifest.id)
    return manifest.number
