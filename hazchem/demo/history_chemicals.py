"""The demo park's chemical stock over the year: storage units, receipts, issues and discards.

Stock levels are chosen so that the park shows one major-hazard installation (the power plant's
denitration ammonia tanks, Σq/Q 2.5) and one close to the threshold (the fluorochemical plant's
ammonia tanks, 0.82 to 0.94), with 剧毒 sodium cyanide bought under the purchase permit and 易制爆 nitric
acid and ammonium nitrate held by registered units. Liquid chlorine (剧毒 too) is not stocked: every
purchase of it would need its own permit, which the static park does not issue.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from hazchem.demo import data
from hazchem.demo.world import World, at, officer
from hazchem.models import LicenceType
from hazchem.services import chemicals, registry

# Tonnes each unit is kept at, by (enterprise, CAS); others are kept at a quarter of the designed maximum.
LEVELS_T: dict[tuple[str, str], float] = {
    ("power", "7664-41-7"): 25,  # Q = 10 t: the park's major-hazard installation
    ("fluoro", "7664-41-7"): 9.4,  # Q = 10 t: close to the threshold
    ("surfactant", "75-21-8"): 3,
    ("pharma_int", "71-43-2"): 8,
    ("pharma_int", "143-33-9"): 0.6,
    ("trading", "6484-52-2"): 1.2,
}
# Units turned over slowly (a fraction of the level issued at a time), so they stay near their level.
STEADY = {("fluoro", "7664-41-7"), ("power", "7664-41-7")}
UNSTOCKED = {"7782-50-5"}
SUPPLIERS = ["浙江示例化工贸易有限公司", "绍兴示例化学品供应有限公司", "宁波示例石化销售有限公司"]
# 易制爆 holders register with public security before they receive those chemicals.
REGISTERED = {"dyestuff": "7697-37-2", "electronic": "7697-37-2", "trading": "6484-52-2"}
# The 剧毒 purchase permit of the static park starts 20 days before today.
TOXIC_FROM_DAYS = 15
DISCARDS = [
    ("fine_chem", "67-56-1"),
    ("trading", "67-64-1"),
    ("pharma_int", "64-17-5"),
    ("coatings", "108-88-3"),
]


def _unit_kind(spec: dict) -> str:
    if "钢瓶" in spec["name"]:
        return "cylinder_store"
    if spec["kind"] == "tank_farm":
        return "tank"
    return "cabinet" if "剧毒" in spec["name"] else "warehouse_area"


def _register(world: World, start: date) -> None:
    """The public-security registrations of the park's 易制爆 holders, made when the history begins."""
    types = {t.code: t for t in world.session.exec(select(LicenceType))}
    police = next(
        d
        for d in registry.list_departments(session=world.session, actor=None, park_id=_park_id(world))
        if d.kind == "public_security"
    )
    for index, (key, cas) in enumerate(sorted(REGISTERED.items()), start=1):
        registry.create_licence(
            session=world.session,
            actor=None,
            enterprise_id=world.enterprises[key].id,
            licence_type_id=types["explosive_precursor_registration"].id,
            number=f"绍公（虞）易爆备字〔{start.year}〕{index:04d}",
            valid_from=start,
            valid_to=start + timedelta(days=3 * 365),
            issuer_department_id=police.id,
            lines=[registry.ScopeLineInput(kind="chemical", chemical_id=world.chemicals[cas])],
            note="演示：易制爆危险化学品从业单位备案",
        )
        world.note("registrations")


def _park_id(world: World) -> int:
    return next(iter(world.enterprises.values())).park_id


def plan(world: World, start: date) -> None:
    """Schedule the units, the first receipts and a movement round every two weeks for the year."""
    world.later(at(start, 7, 30), lambda: _register(world, start))
    links: list[tuple[str, dict, str, int]] = []
    for spec in data.FACILITIES:
        for cas, max_t in spec.get("chemicals", {}).items():
            if cas in UNSTOCKED:
                continue
            level_kg = round(LEVELS_T.get((spec["owner"], cas), max_t / 4) * 1000)
            links.append((spec["owner"], spec, cas, level_kg))
    units: dict[str, int] = {}

    def open_units() -> None:
        # One unit per chemical, so incompatible ones (acids, alkalis) never share a unit.
        for owner, spec, cas, _level in links:
            kind = _unit_kind(spec)
            unit = chemicals.create_storage_unit(
                session=world.session,
                actor=officer(world, owner),
                facility_id=world.facilities[(owner, spec["name"])].id,
                name=data.CHEMICALS[cas] + ("储罐" if kind == "tank" else "储存区"),
                kind=kind,
            )
            units[owner + spec["name"] + cas] = unit.id
            world.note("storage units")

    world.later(at(start, 7, 40), open_units)
    levels: dict[tuple[str, str, str], int] = {}
    for index, (owner, spec, cas, level_kg) in enumerate(links):
        first = start + timedelta(days=1 + index % 5)
        if cas == "143-33-9":
            first = world.today - timedelta(days=TOXIC_FROM_DAYS)
        day = first
        while day <= world.today:
            world.later(
                at(day, 10, index % 60),
                lambda o=owner, s=spec, c=cas, lv=level_kg, d=day: _round(
                    world, units, levels, o, s, c, lv, d
                ),
            )
            day += timedelta(days=14 if cas != "143-33-9" else 4)
    for turn, (owner, cas) in enumerate(DISCARDS):
        spec = next(s for s in data.FACILITIES if s["owner"] == owner and cas in s.get("chemicals", {}))
        day = start + timedelta(days=60 + 75 * turn)
        world.later(at(day, 15), lambda o=owner, s=spec, c=cas: _discard(world, units, o, s, c))


def _round(
    world: World,
    units: dict[str, int],
    levels: dict[tuple[str, str, str], int],
    owner: str,
    spec: dict,
    cas: str,
    level_kg: int,
    day: date,
) -> None:
    """Issue what the plant used since the last round, then top the unit up when it runs low."""
    key = (owner, spec["name"], cas)
    unit_id = units[owner + spec["name"] + cas]
    actor = officer(world, owner)
    held = levels.get(key, 0)
    chemical_id = world.chemicals[cas]
    if held:
        steady = (owner, cas) in STEADY
        share = world.rng.uniform(0.03, 0.06) if steady else world.rng.uniform(0.2, 0.45)
        used = max(1, min(held, round(level_kg * share)))
        chemicals.record_movement(
            session=world.session,
            actor=actor,
            kind="issue",
            unit_id=unit_id,
            chemical_id=chemical_id,
            quantity_kg=used,
            note="生产领用",
        )
        held -= used
        world.note("stock movements")
    if held < level_kg * (0.93 if (owner, cas) in STEADY else 0.6):
        chemicals.record_movement(
            session=world.session,
            actor=actor,
            kind="receipt",
            unit_id=unit_id,
            chemical_id=chemical_id,
            quantity_kg=level_kg - held,
            supplier=world.rng.choice(SUPPLIERS),
            note="采购入库",
        )
        held = level_kg
        world.note("stock movements")
    levels[key] = held


def _discard(world: World, units: dict[str, int], owner: str, spec: dict, cas: str) -> None:
    """An off-specification lot taken out of stock as hazardous waste, in one labelled drum."""
    chemicals.discard(
        session=world.session,
        actor=officer(world, owner),
        unit_id=units[owner + spec["name"] + cas],
        chemical_id=world.chemicals[cas],
        quantity_kg=world.rng.randint(40, 160),
        packaging="200L钢桶",
        volume_l=200,
        note="过期、变质原料报废，按危险废物管理",
    )
    world.note("discards")
