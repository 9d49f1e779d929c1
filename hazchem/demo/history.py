"""A year of the demo park's life, made through the services' use cases with the clock stepped back.

Every record is made by the use case a user would call, at the moment it would be called (the clock
is moved there with time-machine, as the tests pin it), so every check applies and every change is an
audit event in the hash chain. A fixed seed makes the same history on every load.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random
from typing import Any

from sqlmodel import Session, func, select

from hazchem.demo import data, history_chemicals, history_incidents, history_oversight
from hazchem.demo import history_routes as routes
from hazchem.demo.history_routes import KILN120, ROUTES, STORE, Route
from hazchem.demo.world import SEED, World, at, driver, officer, operator, regulator, year_start
from hazchem.domain.deadlines import CHINA_TIME
from hazchem.domain.identifiers import uscc_check_char
from hazchem.models import Driver, Enterprise, Facility, Manifest, Vehicle, WasteStream
from hazchem.services import registry, waste
from hazchem.services.waste import LegInput


@dataclass
class Shipment:
    """One manifest being made: its route, containers and the stage it stops at."""

    route: Route
    containers: list[int]
    digital_ids: list[str]
    fate: str
    manifest_id: int | None = None


def already_loaded(session: Session, park_id: int) -> bool:
    """Whether the demo park already has its history (any manifest of its enterprises)."""
    return bool(
        session.exec(
            select(func.count())
            .select_from(Manifest)
            .join(Enterprise, Enterprise.id == Manifest.generator_id)
            .where(Enterprise.park_id == park_id)
        ).one()
    )


def _make_streams(world: World) -> None:
    """Register the streams not in the static park (the static ones are looked up by owner and code)."""
    for route in ROUTES:
        owner = world.enterprises[route.owner]
        existing = world.session.exec(
            select(WasteStream).where(
                WasteStream.enterprise_id == owner.id, WasteStream.waste_code == route.waste_code
            )
        ).first()
        if existing is None:
            existing = waste.create_stream(
                session=world.session,
                actor=officer(world, route.owner),
                enterprise_id=owner.id,
                waste_code=route.waste_code,
                name=route.name,
                form=route.form,
                tags=list(route.tags),
                packaging=route.packaging,
                **route.dg,
            )
            world.note("streams")
        world.streams[route] = existing.id
        world.stored[route] = []


# --- The waste's life -------------------------------------------------------------------------------


def _forgotten(world: World, route: Route, day: date) -> None:
    """Two drums put away and never shipped: the store's one-year clock runs out on them."""
    ehs = officer(world, route.owner)
    for container in waste.create_containers(
        session=world.session,
        actor=ehs,
        stream_id=world.streams[route],
        packaging=route.packaging,
        volume_l=route.volume_l,
        net_weight_kg="172.5",
        gen_date=day,
        count=2,
        remarks="待鉴别：成分复杂，暂存待定处置方案",
    ):
        waste.put_away(
            session=world.session,
            actor=ehs,
            container_id=container.id,
            facility_id=world.store_of(route.owner).id,
        )
    world.note("containers", 2)


def _generate(world: World, route: Route, day: date) -> None:
    low, high = route.per_week
    count = world.rng.randint(low, high)
    if not count:
        return
    ehs = officer(world, route.owner)
    weight = world.rng.randint(*route.kg)
    made = waste.create_containers(
        session=world.session,
        actor=ehs,
        stream_id=world.streams[route],
        packaging=route.packaging,
        volume_l=route.volume_l,
        net_weight_kg=str(weight),
        gen_date=day,
        count=count,
    )
    store = world.store_of(route.owner)
    for container in made:
        waste.put_away(session=world.session, actor=ehs, container_id=container.id, facility_id=store.id)
        world.stored[route].append((container.id, container.digital_id))
    world.note("containers", count)


def _leg(world: World, route: Route) -> LegInput:
    vehicle = world.vehicles[route.crew[0]]
    return LegInput(
        carrier_id=vehicle.carrier_id, vehicle_id=vehicle.id, driver_id=world.drivers[route.crew[1]].id
    )


def _ship(world: World, route: Route, day: date, fate: str) -> None:
    """Draft a manifest of the route's stored containers and schedule its way to the fate's stage."""
    load = world.stored[route][:24]
    if not load:
        return
    del world.stored[route][: len(load)]
    facility = world.facilities[route.receiver]
    ehs = officer(world, route.owner)
    manifest = waste.create_manifest(
        session=world.session,
        actor=ehs,
        container_ids=[cid for cid, _ in load],
        receiver_facility_id=facility.id,
        legs=[_leg(world, route)],
        transfer_date=day + timedelta(days=1),
        mode=route.mode,
        planned_method=route.treat if route.planned else None,
    )
    world.note("manifests")
    world.manifests.append((manifest.id, route.owner, fate, day))
    ship = Shipment(route, [cid for cid, _ in load], [d for _, d in load], fate, manifest.id)
    if fate == "draft":
        return
    if fate == "cancelled":
        world.later(at(day, 16), lambda: _cancel(world, ship))
        return
    world.later(at(day, 10), lambda: _submit(world, ship, day))


def _cancel(world: World, ship: Shipment) -> None:
    waste.cancel(
        session=world.session,
        actor=officer(world, ship.route.owner),
        manifest_id=ship.manifest_id,
        reason="接收单位临时停炉检修，改期转移",
    )
    world.stored[ship.route].extend(zip(ship.containers, ship.digital_ids, strict=True))


def _submit(world: World, ship: Shipment, day: date) -> None:
    waste.submit(session=world.session, actor=officer(world, ship.route.owner), manifest_id=ship.manifest_id)
    if ship.fate != "submitted":
        world.later(
            at(day + timedelta(days=1), 8, 30), lambda: _pick_up(world, ship, day + timedelta(days=1))
        )


def _pick_up(world: World, ship: Shipment, day: date) -> None:
    waste.pick_up(
        session=world.session,
        actor=driver(world, ship.route.crew[1]),
        manifest_id=ship.manifest_id,
        scanned=ship.digital_ids,
    )
    if ship.fate == "in_transit":
        return
    arrive = at(day, 11, world.rng.randint(0, 59))
    if ship.fate in ("refused", "returning", "returned", "redirected"):
        world.later(arrive, lambda: _refuse(world, ship, day))
    else:
        world.later(arrive, lambda: _deliver(world, ship, day))


def _deliver(world: World, ship: Shipment, day: date) -> None:
    receiver = operator(world, ship.route.receiver[0])
    waste.deliver(
        session=world.session, actor=receiver, manifest_id=ship.manifest_id, scanned=ship.digital_ids
    )
    if ship.fate == "delivered":
        return
    world.later(at(day + timedelta(days=1), 9, 30), lambda: _receipt(world, ship, day + timedelta(days=1)))


def _receipt(world: World, ship: Shipment, day: date) -> None:
    receiver = operator(world, ship.route.receiver[0])
    manifest = world.session.get(Manifest, ship.manifest_id)
    rows = waste.manifest_containers(world.session, manifest.id)
    weights: dict[str, str] = {}
    for mc, container in rows:
        declared = mc.declared_g / 1000
        drift = 1 + world.rng.uniform(-0.02, 0.02)
        if ship.fate == "anomaly":
            drift = 0.9 if container.digital_id == rows[0][1].digital_id else drift
        weights[container.digital_id] = f"{declared * drift:.1f}"
    rejected: dict[str, str] = {}
    if ship.fate.startswith("rejected"):
        rejected = {d: "包装破损渗漏，成分与申报不符" for d in weights}
    elif ship.fate.startswith("partially_accepted") and len(weights) > 1:
        rejected = {rows[-1][1].digital_id: "桶体严重锈蚀、渗漏，拒收"}
    note = "磅差超过5%：首桶液位不足，已拍照留存并通知产生单位" if ship.fate == "anomaly" else ""
    waste.record_receipt(
        session=world.session,
        actor=receiver,
        manifest_id=ship.manifest_id,
        weights_kg=weights,
        rejected=rejected,
        anomaly_note=note,
    )
    world.note("anomalies", int(ship.fate == "anomaly"))
    if ship.fate in ("accepted", "partially_accepted", "rejected"):
        return
    if ship.fate == "rejected_close":
        world.later(at(day, 16), lambda: _close(world, ship))
        return
    treat = at(day + timedelta(days=world.rng.randint(2, 6)), 15)
    if ship.fate == "treated":
        # A load meant to be on show as treated is treated by the time the year is loaded, whatever the day.
        treat = min(treat, world.until)
    world.later(treat, lambda: _treat(world, ship))


def _treat(world: World, ship: Shipment) -> None:
    receiver = operator(world, ship.route.receiver[0])
    waste.record_treatment(
        session=world.session, actor=receiver, manifest_id=ship.manifest_id, method_code=ship.route.treat
    )
    if ship.fate == "treated":
        return
    moment = world.session.get(Manifest, ship.manifest_id).treated_at
    world.later(moment.replace(tzinfo=UTC) + timedelta(hours=2), lambda: _close(world, ship))


def _close(world: World, ship: Shipment) -> None:
    waste.close(
        session=world.session, actor=operator(world, ship.route.receiver[0]), manifest_id=ship.manifest_id
    )


# --- Refusals at the gate, a redirect, returns -------------------------------------------------------


def _refuse(world: World, ship: Shipment, day: date) -> None:
    receiver = operator(world, ship.route.receiver[0])
    reason = "over_capacity" if ship.fate == "redirected" else "damaged_packaging"
    note = "焚烧线检修，贮存库已满" if ship.fate == "redirected" else "多只包装桶外壁渗漏，不予接收"
    waste.refuse_at_gate(
        session=world.session, actor=receiver, manifest_id=ship.manifest_id, reason=reason, note=note
    )
    world.note("refusals")
    ehs = officer(world, ship.route.owner)
    if ship.fate == "redirected":
        alternate = world.facilities[KILN120]

        def redirect() -> None:
            waste.redirect(
                session=world.session,
                actor=ehs,
                manifest_id=ship.manifest_id,
                facility_id=alternate.id,
                reason="原接收单位贮存库已满，改送园区另一家持证焚烧单位",
            )
            alt_route = Route(**{**ship.route.__dict__, "receiver": _key_of(world, alternate)})
            moved = Shipment(alt_route, ship.containers, ship.digital_ids, "closed", ship.manifest_id)
            world.later(at(day, 16), lambda: _deliver(world, moved, day))

        world.later(at(day, 13), redirect)
    elif ship.fate in ("returning", "returned"):

        def back() -> None:
            waste.return_to_generator(
                session=world.session,
                actor=ehs,
                manifest_id=ship.manifest_id,
                reason="包装整改后重新申报转移",
            )
            if ship.fate == "returned":
                world.later(at(day, 17), receive)

        def receive() -> None:
            waste.receive_return(
                session=world.session,
                actor=ehs,
                manifest_id=ship.manifest_id,
                facility_id=world.store_of(ship.route.owner).id,
                scanned=ship.digital_ids,
            )
            world.stored[ship.route].extend(zip(ship.containers, ship.digital_ids, strict=True))

        world.later(at(day, 14), back)


def _key_of(world: World, facility: Facility) -> tuple[str, str]:
    return next(key for key, f in world.facilities.items() if f.id == facility.id)


# --- The year ---------------------------------------------------------------------------------------

# The fates of the last manifests, so that every status is on show today; older ones end closed,
# cancelled or returned (a few with their exceptions on record).
_RECENT_FATES = [
    "draft",
    "submitted",
    "in_transit",
    "delivered",
    "accepted",
    "partially_accepted",
    "rejected",
    "treated",
    "refused",
    "returning",
    "draft",
    "submitted",
    "delivered",
    "accepted",
    "treated",
]


def _fate(world: World, day: date) -> str:
    age = (world.today - day).days
    if age <= 3:
        return world.rng.choice(["draft", "submitted", "submitted"])
    if age <= 18:
        # In turn, so that every status is on show whatever the draw.
        taken = world.counts.get("recent", 0)
        world.note("recent")
        return _RECENT_FATES[taken % len(_RECENT_FATES)]
    roll = world.rng.random()
    if roll < 0.05:
        return "partially_accepted_close"
    if roll < 0.08:
        return "anomaly"
    if roll < 0.10:
        return "cancelled"
    if roll < 0.115:
        return "returned"
    if roll < 0.125:
        return "rejected_close"
    if roll < 0.13:
        return "redirected"
    return "closed"


def _far_receiver(world: World, start: date, route: Route) -> None:
    """Register the Jiangsu receiver with its licence, and the approval for the fine-chemical plant's
    distillation residue to go there; that route then shares the residue's stream and store."""
    from hazchem.demo.load import org_code  # the loader imports this module first

    first17 = "91" + routes.FAR_REGION + org_code(routes.FAR_ORG)
    far = registry.create_enterprise(
        session=world.session,
        actor=None,
        park_id=world.enterprises[route.owner].park_id,
        uscc=first17 + uscc_check_char(first17),
        name=routes.FAR_NAME,
        region_code=routes.FAR_REGION,
        roles=["receiver"],
        address="江苏省苏州市吴中区示例路1号",
        contact_name="钱建华",
        contact_phone="0512-60000901",
    )
    world.enterprises[routes.FAR_KEY] = far
    facility = registry.create_facility(
        session=world.session,
        actor=None,
        enterprise_id=far.id,
        name=routes.FAR_FACILITY[1],
        kind="incinerator",
        location=far.address,
        storage_capacity_kg=2_000_000,
        annual_capacity_kg=30_000_000,
    )
    world.facilities[routes.FAR_FACILITY] = facility
    types = {t.code: t for t in registry.list_licence_types(session=world.session)}
    registry.create_licence(
        session=world.session,
        actor=None,
        enterprise_id=far.id,
        licence_type_id=types["hw_operating"].id,
        number="JS3205060901",
        valid_from=start - timedelta(days=500),
        valid_to=start + timedelta(days=1500),
        lines=[
            registry.ScopeLineInput(
                kind="waste",
                waste_category="HW11",
                modes=["store", "dispose"],
                method_codes=["D10"],
                annual_scale_kg=10_000_000,
            )
        ],
    )
    waste.create_approval(
        session=world.session,
        actor=regulator(world, "eco"),
        number=f"浙环危废跨省审〔{start.year}〕演示001号",
        generator_id=world.enterprises[route.owner].id,
        receiver_id=far.id,
        waste_code=route.waste_code,
        quota_t="80",
        valid_from=start + timedelta(days=20),
        valid_to=world.today + timedelta(days=200),
        authority="浙江省生态环境厅",
    )
    world.note("approvals")


def _plan_year(world: World, start: date) -> None:
    """Schedule each route's weekly generation and its shipments every few weeks."""
    world.later(
        at(start + timedelta(days=3), 15), lambda: _forgotten(world, ROUTES[1], start + timedelta(days=3))
    )
    for index, route in enumerate(ROUTES):
        weekday = index % 5
        first = start + timedelta(days=(weekday - start.weekday()) % 7)
        week = 0
        day = first
        while day <= world.today:
            if route.from_day is None or (world.today - day).days <= route.from_day + 30:
                world.later(at(day, 8, index), lambda r=route, d=day: _generate(world, r, d))
            age = (world.today - day).days
            ship_day = day + timedelta(days=1)
            covered = route.from_day is None or age < route.from_day
            if week % route.ship_every == route.ship_every - 1 and covered and ship_day <= world.today:
                world.later(at(ship_day, 9, index), lambda r=route, d=ship_day: _dispatch(world, r, d))
            week += 1
            day += timedelta(days=7)
    # Every six weeks from the second month, a load of distillation residue goes to Jiangsu.
    residue = ROUTES[1]
    far = Route(**{**residue.__dict__, "receiver": routes.FAR_FACILITY, "planned": True})
    world.later(at(start, 7, 50), lambda: _far_receiver(world, start, residue))
    world.later(at(start, 7, 55), lambda: _share_stream(world, residue, far))
    day = start + timedelta(days=45)
    while day <= world.today:
        world.later(at(day, 9, 45), lambda d=day: _dispatch(world, far, d))
        day += timedelta(days=42)


def _share_stream(world: World, route: Route, other: Route) -> None:
    world.streams[other] = world.streams[route]
    world.stored[other] = world.stored[route]


def _dispatch(world: World, route: Route, day: date) -> None:
    fate = _fate(world, day)
    incinerable = route.receiver == STORE and route.treat == "D10"
    age = (world.today - day).days
    # One refusal in spring always ends in a redirect and one in summer in a return, whatever the draw.
    for wanted, ages in (("redirected", (150, 220)), ("returned", (90, 150))):
        if (
            not world.counts.get(wanted)
            and ages[0] <= age <= ages[1]
            and (incinerable or wanted == "returned")
        ):
            fate = wanted
    if fate == "redirected" and not incinerable:
        # Only the disposal centre's incinerable wastes have another licensed kiln to go to.
        fate = "returned"
    # The receiver account always has a load on its way, whatever the draw: a fate already on show gives way.
    if (
        route.receiver == STORE
        and 4 <= age <= 18
        and not world.counts.get("on the way to the store")
        and world.counts.get(f"shown {fate}")
    ):
        fate = "in_transit"
    if fate == "in_transit" and route.receiver == STORE:
        world.counts["on the way to the store"] = 1
    if fate.startswith("partially_accepted") and len(world.stored[route]) < 2:
        # A part is rejected only from a load of two or more; the next load takes this turn.
        fate = "accepted" if age <= 18 else "closed"
        world.counts["recent"] = world.counts.get("recent", 1) - (age <= 18)
    if fate in ("redirected", "returned"):
        world.note(fate)
    world.counts[f"shown {fate}"] = 1
    _ship(world, route, day, fate)


def run(world: World, traveller: Any) -> None:
    """Play the scheduled year in time order, each action at its own moment on the clock."""
    start = year_start(world.today)
    traveller.move_to(start)
    _make_streams(world)
    _plan_year(world, start.astimezone(CHINA_TIME).date())
    history_chemicals.plan(world, start.astimezone(CHINA_TIME).date())
    history_oversight.plan(world, start.astimezone(CHINA_TIME).date(), world.manifests)
    history_incidents.plan(world, start.astimezone(CHINA_TIME).date())
    while world.queue:
        moment, _, action = heapq.heappop(world.queue)
        traveller.move_to(moment)
        action()


def _world(session: Session, today: date, until: datetime, chemical_ids: dict[str, int]) -> World:
    keys = {e["name"]: e["key"] for e in data.ENTERPRISES}
    enterprises = {
        keys[e.name]: e
        for e in session.exec(select(Enterprise).where(Enterprise.name.in_(keys)))  # type: ignore[attr-defined]
    }
    by_id = {e.id: key for key, e in enterprises.items()}
    facilities = {
        (by_id[f.enterprise_id], f.name): f
        for f in session.exec(select(Facility))
        if f.enterprise_id in by_id
    }
    plates = {v["plate"] for v in data.VEHICLES}
    vehicles = {v.plate: v for v in session.exec(select(Vehicle)) if v.plate in plates}
    certificates = {d["certificate_no"]: d["key"] for d in data.DRIVERS}
    drivers = {
        certificates[d.certificate_no]: d
        for d in session.exec(select(Driver))
        if d.certificate_no in certificates
    }
    return World(
        session,
        today,
        until,
        Random(SEED),
        enterprises,
        facilities,
        vehicles,
        drivers,
        chemicals=chemical_ids,
    )


def load_history(
    *, session: Session, today: date, until: datetime, traveller: Any, chemical_ids: dict[str, int]
) -> list[str]:
    """Generate the year up to `until` (the real time now; `today` is the park's date then) through
    the use cases, moving the clock with `traveller`; returns summary lines."""
    world = _world(session, today, until, chemical_ids)
    start_day = year_start(today).astimezone(CHINA_TIME).date()
    run(world, traveller)
    statuses = dict(
        session.exec(select(Manifest.status, func.count()).group_by(Manifest.status)).all()  # type: ignore[arg-type]
    )
    counts = world.counts
    return [
        f"  a year of history from {start_day}: {counts.get('streams', 0)} more waste streams, "
        f"{counts.get('containers', 0)} containers, {counts.get('manifests', 0)} manifests ("
        + ", ".join(f"{status} {n}" for status, n in sorted(statuses.items()))
        + f"), {counts.get('refusals', 0)} refusals at the gate ({counts.get('redirected', 0)} redirected, "
        f"{counts.get('returned', 0)} returned), {counts.get('anomalies', 0)} weight anomalies",
        f"  {counts.get('storage units', 0)} chemical storage units, "
        f"{counts.get('stock movements', 0)} stock movements and {counts.get('discards', 0)} discards, "
        f"{counts.get('registrations', 0)} 易制爆 registrations",
        f"  {counts.get('acknowledgements', 0)} alerts acknowledged, {counts.get('filings', 0)} filings, "
        f"{counts.get('correction requests', 0)} correction requests, {counts.get('grades', 0)} supervision "
        f"grades; {len(world.actors)} signing accounts (new ones: ehs-*, receiver-*, driver-*, "
        f"password {data.DEMO_PASSWORD})",
    ]
