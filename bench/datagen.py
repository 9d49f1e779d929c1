"""Fast, consistent custody-chain data for the benchmarks: the demo park plus bulk containers and manifests.

`prepare()` migrates a fresh database, loads the demo park and registers waste streams and staff
through the services. `plan()` draws a deterministic history of manifests (with their containers,
transport legs and signatures) and of loose containers (stored, generated, void); `insert()` writes
any slice of that plan with bulk Core inserts, one executemany per table, and keeps the running
totals the services rely on consistent: container serial counters (per unit, code and day),
manifest number counters (per year and region), facility stock, and licence-line usage per year.
Each container gets its `container.generate` audit event, hash-chained after the last event, so
the event table has a realistic size for history lookups.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import psycopg
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from hazchem.demo import data
from hazchem.demo import load as demo
from hazchem.domain import licensing
from hazchem.domain.identifiers import make_digital_id, manifest_number
from hazchem.domain.lifecycle import ContainerStatus, ManifestStatus
from hazchem.domain.vocab import Role
from hazchem.models import (
    Container,
    Counter,
    Driver,
    Enterprise,
    Event,
    Facility,
    FacilityStock,
    LicenceLineUsage,
    Manifest,
    ManifestContainer,
    Signature,
    TransportLeg,
    User,
    Vehicle,
    WasteStream,
)
from hazchem.services import registry, waste
from hazchem.services.platform import audit

HISTORY_DAYS = 690  # every demo receiver and carrier licence used below is valid that far back
BENCH_PACKAGES = {
    "drum": ("200L钢桶", 200, 120_000, 200_000),
    "ibc": ("1000L吨桶", 1000, 600_000, 950_000),
    "bag": ("吨袋", 1000, 400_000, 900_000),
    "pail": ("25L塑料桶", 25, 12_000, 24_000),
}

# Why a stream without a class is not dangerous goods for transport.
NOT_DG_REASON = "经鉴定不符合 GB 6944 任一类别的危险货物分类标准"

# Generator streams: (waste code, name, form, dg class, tags, packaging kind).
STREAMS: dict[str, list[tuple[str, str, str, str | None, list[str], str]]] = {
    "fine_chem": [
        ("900-402-06", "废有机溶剂（甲苯、甲醇）", "liquid", "3", ["organic"], "drum"),
        ("900-013-11", "精馏残渣", "semi_solid", "9", ["organic"], "drum"),
        ("900-041-49", "沾染危化品的废包装桶", "solid", None, [], "bag"),
    ],
    "dyestuff": [
        ("900-013-11", "染料中间体蒸馏残渣", "semi_solid", "9", ["organic"], "drum"),
        ("900-300-34", "酸洗废液", "liquid", "8", ["acid"], "ibc"),
        ("900-041-49", "废滤布滤袋", "solid", None, [], "bag"),
    ],
    "pharma_int": [
        ("900-402-06", "废溶剂（丙酮、乙醇）", "liquid", "3", ["organic"], "drum"),
        ("900-039-49", "废活性炭", "solid", None, [], "bag"),
    ],
    "new_material": [
        ("900-404-06", "含乙酸乙酯废溶剂", "liquid", "3", ["organic"], "drum"),
        ("900-252-12", "废涂料渣", "semi_solid", "3", ["organic"], "drum"),
    ],
    "fluoro": [
        ("900-349-34", "含氟废酸", "liquid", "8", ["acid"], "ibc"),
        ("900-041-49", "废包装袋", "solid", None, [], "bag"),
    ],
    "chlor_alkali": [
        ("900-399-35", "废碱液", "liquid", "8", ["alkali"], "ibc"),
        ("900-041-49", "废滤芯", "solid", None, [], "bag"),
    ],
    "surfactant": [
        ("900-404-06", "废有机溶剂", "liquid", "3", ["organic"], "drum"),
        ("900-007-09", "废乳化液", "liquid", None, ["aqueous"], "ibc"),
    ],
    "coatings": [
        ("900-252-12", "废油漆渣", "semi_solid", "3", ["organic"], "drum"),
        ("900-402-06", "清洗废溶剂", "liquid", "3", ["organic"], "drum"),
    ],
    "biopharma": [
        ("900-402-06", "发酵提取废溶剂", "liquid", "3", ["organic"], "drum"),
        ("900-039-49", "废活性炭", "solid", None, [], "bag"),
    ],
    "electronic": [
        ("336-064-17", "表面处理废槽液", "liquid", "8", ["acid"], "ibc"),
        ("900-300-34", "蚀刻废酸", "liquid", "8", ["acid"], "ibc"),
    ],
    "power": [
        ("900-249-08", "废矿物油", "liquid", "9", ["organic"], "drum"),
        ("772-007-50", "废脱硝催化剂", "solid", None, [], "bag"),
    ],
    "auto_parts": [
        ("900-214-08", "废机油", "liquid", "9", ["organic"], "drum"),
        ("900-006-09", "废切削液", "liquid", None, ["aqueous"], "pail"),
        ("900-252-12", "喷漆废物", "semi_solid", "3", ["organic"], "drum"),
    ],
    "wastewater": [("900-039-49", "废活性炭（除臭）", "solid", None, [], "bag")],
}

# Where each category goes: (receiver key, receiving facility name, mode, planned method).
ROUTES: dict[str, list[tuple[str, str, str, str]]] = {
    "HW06": [
        ("disposal_centre", "危险废物焚烧处置车间", "dispose", "D10"),
        ("incin_70", "回转窑焚烧线（含3000吨贮存库）", "dispose", "D10"),
        ("incin_120", "回转窑焚烧处置线", "dispose", "D10"),
        ("recycling", "废有机溶剂精馏回收装置", "utilise", "R2"),
    ],
    "HW08": [
        ("disposal_centre", "危险废物焚烧处置车间", "dispose", "D10"),
        ("incin_120", "回转窑焚烧处置线", "dispose", "D10"),
    ],
    "HW09": [("recycling", "废碱及乳化液物化处理线", "dispose", "D9")],
    "HW11": [
        ("disposal_centre", "危险废物焚烧处置车间", "dispose", "D10"),
        ("incin_70", "回转窑焚烧线（含3000吨贮存库）", "dispose", "D10"),
        ("incin_120", "回转窑焚烧处置线", "dispose", "D10"),
    ],
    "HW12": [
        ("disposal_centre", "危险废物焚烧处置车间", "dispose", "D10"),
        ("incin_70", "回转窑焚烧线（含3000吨贮存库）", "dispose", "D10"),
        ("incin_120", "回转窑焚烧处置线", "dispose", "D10"),
    ],
    "HW17": [("disposal_centre", "危险废物安全填埋场", "dispose", "D1")],
    "HW34": [("recycling", "废酸物化处理线", "dispose", "D9")],
    "HW35": [("recycling", "废碱及乳化液物化处理线", "dispose", "D9")],
    "HW49": [
        ("disposal_centre", "危险废物焚烧处置车间", "dispose", "D10"),
        ("incin_70", "回转窑焚烧线（含3000吨贮存库）", "dispose", "D10"),
        ("incin_120", "回转窑焚烧处置线", "dispose", "D10"),
    ],
    "HW50": [("disposal_centre", "危险废物安全填埋场", "dispose", "D1")],
}
USAGE_CEILING = 0.6  # historical use of any licence line stays below this share of its annual scale


@dataclass
class World:
    """Ids of the demo park's records the generator and the benchmarks use."""

    today: date
    now: datetime
    enterprises: dict[str, Enterprise]
    stores: dict[str, int]  # generator key -> its waste store
    facilities: dict[tuple[str, str], int]  # (owner key, facility name) -> id
    streams: dict[str, list[Any]]  # generator key -> [(WasteStream, spec)]
    users: dict[str, tuple[int, str, str]]  # enterprise key -> (user id, display name, role)
    driver_user: tuple[int, str]
    licence_facts: dict[str, list[licensing.LicenceFacts]]
    carriers: list[dict[str, Any]]  # key, id, vehicles [(id, dg_classes, valid_to)], drivers [(id, valid_to)]
    hw_scales: dict[int, int]  # licence line id -> annual scale in grams


@dataclass
class Plan:
    """Rows to insert (ids assigned), with the running totals each slice adds."""

    containers: list[dict[str, Any]] = field(default_factory=list)
    manifests: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)  # manifest containers
    legs: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)


# --- Base park ------------------------------------------------------------------------------------


def prepare(engine: Engine, today: date) -> World:
    """Load the demo park, register the generators' waste streams and one account per party."""
    with Session(engine, expire_on_commit=False) as session:
        demo.load_demo(session=session, today=today)
        usccs = {spec["key"]: demo.demo_uscc(spec["org"]) for spec in data.ENTERPRISES}
        by_uscc = {e.uscc: e for e in session.execute(select(Enterprise)).scalars()}
        enterprises = {key: by_uscc[uscc] for key, uscc in usccs.items()}
        keys_by_id = {e.id: key for key, e in enterprises.items()}
        facilities = {
            (keys_by_id[f.enterprise_id], f.name): f.id for f in session.execute(select(Facility)).scalars()
        }
        stores = {
            key: next(
                fid
                for (owner, name), fid in facilities.items()
                if owner == key and ("贮存库" in name or "暂存库" in name)
            )
            for key in STREAMS
        }
        streams: dict[str, list[Any]] = {}
        for key, specs in STREAMS.items():
            streams[key] = []
            for spec in specs:
                code, name, form, dg, tags, packaging = spec
                stream = waste.create_stream(
                    session=session,
                    actor=None,
                    enterprise_id=enterprises[key].id,
                    waste_code=code,
                    name=name,
                    form=form,
                    tags=tags,
                    dg_class=dg,
                    not_dg_reason="" if dg else NOT_DG_REASON,
                    packaging=BENCH_PACKAGES[packaging][0],
                    main_components=name,
                    precautions="远离火源，防止泄漏",
                )
                streams[key].append((stream, spec))
        users = _staff(session, enterprises)
        # Plain snapshots: the services' own transactions expire ORM objects as they go.
        enterprises = {
            key: SimpleNamespace(id=e.id, uscc=e.uscc, region_code=e.region_code, name=e.name)
            for key, e in ((k, session.get(Enterprise, e.id)) for k, e in enterprises.items())
        }
        streams = {
            key: [
                (SimpleNamespace(id=s.id, waste_code=s.waste_code, dg_class=s.dg_class, name=s.name), spec)
                for s, spec in ((session.get(WasteStream, st.id), spec) for st, spec in pairs)
            ]
            for key, pairs in streams.items()
        }
        driver = session.execute(select(User).where(User.username == "driver")).scalar_one()
        facts = {key: registry.licence_facts(session, e.id) for key, e in enterprises.items()}
        scales = {
            line.id: (line.annual_scale_kg or 0) * 1000
            for key in facts
            for lic in facts[key]
            if lic.type_code == "hw_operating"
            for line in lic.lines
        }
        carriers = []
        for key in ("carrier_dg", "carrier_logistics", "carrier_env"):
            eid = enterprises[key].id
            vehicles = session.execute(select(Vehicle).where(Vehicle.carrier_id == eid)).scalars().all()
            drivers = session.execute(select(Driver).where(Driver.carrier_id == eid)).scalars().all()
            carriers.append(
                {
                    "key": key,
                    "id": eid,
                    "vehicles": [(v.id, set(v.dg_classes), v.valid_to) for v in vehicles],
                    "drivers": [(d.id, d.valid_to) for d in drivers],
                }
            )
        session.commit()
    now = datetime.now(UTC).replace(microsecond=0)
    return World(
        today=today,
        now=now,
        enterprises=enterprises,
        stores=stores,
        facilities=facilities,
        streams=streams,
        users=users,
        driver_user=(driver.id, driver.display_name),
        licence_facts=facts,
        carriers=carriers,
        hw_scales=scales,
    )


def _staff(session: Session, enterprises: dict[str, Enterprise]) -> dict[str, tuple[int, str, str]]:
    """One signing account per enterprise that has none (same password hash as the demo's `ehs`)."""
    ehs = session.execute(select(User).where(User.username == "ehs")).scalar_one()
    have = {
        u.enterprise_id: u
        for u in session.execute(select(User).where(User.enterprise_id.is_not(None))).scalars()
    }
    rows = []
    for spec in data.ENTERPRISES:
        enterprise = enterprises[spec["key"]]
        if enterprise.id in have:
            continue
        role = Role.RECEIVER_OPERATOR if "receiver" in spec["roles"] else Role.EHS_OFFICER
        rows.append(
            {
                "username": f"bench_{spec['key']}",
                "password_hash": ehs.password_hash,
                "display_name": f"{enterprise.name[:20]}经办人（基准）",
                "role": role.value,
                "enterprise_id": enterprise.id,
                "locale": "",
                "active": True,
            }
        )
    if rows:
        session.execute(User.__table__.insert(), rows)
    session.commit()
    keys_by_id = {e.id: key for key, e in enterprises.items()}
    return {
        keys_by_id[u.enterprise_id]: (u.id, u.display_name, u.role)
        for u in session.execute(
            select(User).where(User.enterprise_id.is_not(None)).order_by(User.id)
        ).scalars()
    }


# --- Planning ---------------------------------------------------------------------------------------


class Planner:
    """Draws containers and manifests with ids, serials and numbers that never collide."""

    def __init__(self, world: World, engine: Engine, seed: int = 2026, stuck_share: float = 0.0) -> None:
        self.world = world
        self.rng = random.Random(seed)
        # Share of older manifests left delivered but never confirmed (the overdue ones audits look for).
        self.stuck_share = stuck_share
        with engine.connect() as conn:
            self.next_container = (conn.execute(select(func.max(Container.id))).scalar() or 0) + 1
            self.next_manifest = (conn.execute(select(func.max(Manifest.id))).scalar() or 0) + 1
            self.next_link = (conn.execute(select(func.max(ManifestContainer.id))).scalar() or 0) + 1
            self.next_leg = (conn.execute(select(func.max(TransportLeg.id))).scalar() or 0) + 1
            self.next_signature = (conn.execute(select(func.max(Signature.id))).scalar() or 0) + 1
            counters = dict(conn.execute(select(Counter.name, Counter.value)).all())
            usage = conn.execute(
                select(
                    LicenceLineUsage.line_id,
                    LicenceLineUsage.year,
                    LicenceLineUsage.accepted_g,
                    LicenceLineUsage.in_flight_g,
                )
            ).all()
            stock = dict(conn.execute(select(FacilityStock.facility_id, FacilityStock.stock_g)).all())
        self.serials: dict[str, int] = defaultdict(int, counters)
        # (line, year) -> grams already used or in flight; facility -> grams in stock.
        self.usage: dict[tuple[int, int], int] = defaultdict(int, {(r[0], r[1]): r[2] + r[3] for r in usage})
        self.stock: dict[int, int] = defaultdict(int, stock)
        self._lines: dict[tuple, int | None] = {}
        self._carriers: dict[tuple, list[tuple[int, list[int], list[int]]]] = {}

    # Containers -------------------------------------------------------------------------------

    def container(
        self, key: str, stream: Any, spec: tuple, gen_date: date, status: str, facility_id: int | None
    ) -> dict[str, Any]:
        """One container row with the next serial of its unit, code and day."""
        enterprise = self.world.enterprises[key]
        counter = f"cid:{enterprise.uscc}:{stream.waste_code}:{gen_date:%Y%m%d}"
        self.serials[counter] += 1
        digital = make_digital_id(enterprise.uscc, stream.waste_code, gen_date, self.serials[counter])
        packaging, volume, low, high = BENCH_PACKAGES[spec[5]]
        created = datetime.combine(gen_date, time(8), tzinfo=UTC) + timedelta(minutes=self.rng.randrange(600))
        row = {
            "id": self.next_container,
            "digital_id": str(digital),
            "unit_code": digital.unit_code,
            "waste_digits": digital.waste_digits,
            "gen_date": gen_date,
            "serial": digital.serial,
            "stream_id": stream.id,
            "enterprise_id": enterprise.id,
            "generating_facility_id": None,
            "packaging": packaging,
            "volume_l": volume,
            "net_weight_g": self.rng.randrange(low, high, 100),
            "status": status,
            "facility_id": facility_id,
            "stored_at": min(created + timedelta(hours=2), self.world.now) if status != "generated" else None,
            "manifest_id": None,
            "remarks": "",
            "created_at": min(created, self.world.now),
            "created_by": self.world.users[key][0],
        }
        self.next_container += 1
        return row

    def loose(self, plan: Plan, stored_share: float = 0.35) -> None:
        """Containers not on any manifest: stored (within a share of capacity), generated, void."""
        world = self.world
        for key, streams in world.streams.items():
            store = world.stores[key]
            capacity = _capacity_g(world, store)
            budget = int(capacity * stored_share) - self.stock[store]
            for _ in range(400):
                stream, spec = self.rng.choice(streams)
                gen = world.today - timedelta(days=self.rng.randrange(1, 200))
                row = self.container(key, stream, spec, gen, ContainerStatus.STORED.value, store)
                if row["net_weight_g"] > budget:
                    self.next_container -= 1
                    self.serials[f"cid:{world.enterprises[key].uscc}:{stream.waste_code}:{gen:%Y%m%d}"] -= 1
                    break
                budget -= row["net_weight_g"]
                self.stock[store] += row["net_weight_g"]
                plan.containers.append(row)
            for status, count, age in (("generated", 25, 3), ("void", 8, 300)):
                for _ in range(count):
                    stream, spec = self.rng.choice(streams)
                    gen = world.today - timedelta(days=self.rng.randrange(0, age))
                    plan.containers.append(self.container(key, stream, spec, gen, status, None))

    def reserved(self, plan: Plan, key: str, count: int) -> list[int]:
        """Stored containers of the generator's first stream, kept for drafts the benchmark submits."""
        store = self.world.stores[key]
        stream, spec = self.world.streams[key][0]
        ids = []
        for i in range(count):
            gen = self.world.today - timedelta(days=1 + i % 20)
            row = self.container(key, stream, spec, gen, ContainerStatus.STORED.value, store)
            self.stock[store] += row["net_weight_g"]
            plan.containers.append(row)
            ids.append(row["id"])
        return ids

    # Manifests --------------------------------------------------------------------------------

    def manifests(self, count: int) -> list[Plan]:
        """`count` manifests over the last HISTORY_DAYS days (newest ones still open), date order."""
        world = self.world
        days = sorted(self.rng.randint(-HISTORY_DAYS, 5) for _ in range(count))
        pool = [(key, stream, spec) for key, streams in world.streams.items() for stream, spec in streams]
        plans = []
        for offset in days:
            transfer = world.today + timedelta(days=offset)
            for _ in range(20):
                key, stream, spec = self.rng.choice(pool)
                route = self._route(stream, spec, transfer)
                carrier = self._carrier(stream.dg_class, transfer)
                if route and carrier:
                    break
            else:
                raise RuntimeError(f"no receiver or carrier for a manifest on {transfer}")
            plans.append(self._manifest(key, stream, spec, transfer, offset, route, carrier))
        return plans

    def _route(self, stream: Any, spec: tuple, on: date) -> tuple | None:
        category = "HW" + stream.waste_code[-2:]
        options = []
        for receiver, facility_name, mode, method in ROUTES[category]:
            key = (receiver, stream.waste_code, mode, method, on)
            if key not in self._lines:
                coverage = licensing.check_coverage(
                    self.world.licence_facts[receiver],
                    "hw_operating",
                    on,
                    licensing.WasteSubject(stream.waste_code, mode, method),
                )
                self._lines[key] = coverage.line.id if coverage else None
            line_id = self._lines[key]
            if line_id is None:
                continue
            used = self.usage[(line_id, on.year)] / max(self.world.hw_scales[line_id], 1)
            if used < USAGE_CEILING:
                options.append((used, receiver, facility_name, mode, method, line_id))
        if not options:
            return None
        return self.rng.choice(options)[1:]

    def _carrier(self, dg_class: str | None, on: date) -> tuple[int, int, int] | None:
        key = (dg_class, on)
        if key not in self._carriers:
            self._carriers[key] = self._carrier_options(dg_class, on)
        options = [(c, self.rng.choice(v), self.rng.choice(d)) for c, v, d in self._carriers[key]]
        return self.rng.choice(options) if options else None

    def _carrier_options(self, dg_class: str | None, on: date) -> list[tuple[int, list[int], list[int]]]:
        subject = licensing.TransportSubject(dg_class) if dg_class else None
        options = []
        for carrier in self.world.carriers:
            if not licensing.check_coverage(
                self.world.licence_facts[carrier["key"]], "road_dg_transport", on, subject
            ):
                continue
            vehicles = [
                v
                for v, classes, valid in carrier["vehicles"]
                if valid >= on and (not dg_class or dg_class in classes)
            ]
            drivers = [d for d, valid in carrier["drivers"] if valid >= on]
            if vehicles and drivers:
                options.append((carrier["id"], vehicles, drivers))
        return options

    def _status(self, offset: int) -> str:
        if self.stuck_share and offset < -7 and self.rng.random() < self.stuck_share:
            return "delivered"
        r = self.rng.random()
        if offset > 0:
            return "draft" if r < 0.3 else "submitted"
        if offset == 0:
            return "in_transit" if r < 0.5 else "submitted"
        if offset >= -2:
            return "delivered" if r < 0.3 else "accepted"
        if offset >= -7:
            return "treated" if r < 0.5 else "closed"
        if offset >= -30 and r < 0.005:
            return "cancelled"
        return "closed"

    def _manifest(
        self, key: str, stream: Any, spec: tuple, transfer: date, offset: int, route: tuple, carrier: tuple
    ) -> Plan:
        world, rng = self.world, self.rng
        receiver, facility_name, mode, method, line_id = route
        status = self._status(offset)
        plan = Plan()
        manifest_id = self.next_manifest
        self.next_manifest += 1
        count = 2 if rng.random() < 0.03 else 1
        store = world.stores[key]
        receiver_facility = world.facilities[(receiver, facility_name)]
        # Containers: generated 5–120 days before the transfer (never in the future), stored at once.
        container_status = {
            "draft": "stored",
            "submitted": "stored",
            "cancelled": "stored",
            "in_transit": "in_transit",
            "delivered": "received",
            "accepted": "received",
        }.get(status, "treated")
        rows = []
        for _ in range(count):
            gen = min(transfer - timedelta(days=rng.randrange(5, 120)), world.today)
            at = {"stored": store, "received": receiver_facility}.get(container_status)
            row = self.container(key, stream, spec, gen, container_status, at)
            row["manifest_id"] = None if status == "cancelled" else manifest_id
            rows.append(row)
        # A few two-container deliveries have one container rejected at the gate.
        rejected = (
            {rows[1]["id"]}
            if count == 2 and status in ("closed", "treated") and rng.random() < 0.1
            else set()
        )
        weighed_statuses = ("accepted", "treated", "closed")
        weights = {}
        for row in rows:
            if row["id"] in rejected:
                row["status"], row["facility_id"] = ContainerStatus.REJECTED.value, None
            if status in weighed_statuses:
                weights[row["id"]] = row["net_weight_g"] + rng.randrange(-2, 3) * row["net_weight_g"] // 100
        declared = sum(r["net_weight_g"] for r in rows)
        accepted = sum(w for cid, w in weights.items() if cid not in rejected)
        status_signed = "accept_part" if rejected else "accept"
        created = min(
            datetime.combine(transfer - timedelta(days=2), time(9), tzinfo=UTC),
            world.now - timedelta(hours=6),
        )
        stamps = {
            "submitted_at": created + timedelta(hours=1),
            "picked_up_at": datetime.combine(transfer, time(10), tzinfo=UTC),
            "delivered_at": datetime.combine(transfer, time(14), tzinfo=UTC),
            "accepted_at": datetime.combine(transfer, time(16), tzinfo=UTC),
            "treated_at": datetime.combine(transfer + timedelta(days=3), time(11), tzinfo=UTC),
            "closed_at": datetime.combine(transfer + timedelta(days=4), time(9), tzinfo=UTC),
            "cancelled_at": created + timedelta(hours=3),
        }
        stamps = {name: min(at, world.now) for name, at in stamps.items()}
        reached = {
            "draft": [],
            "cancelled": ["cancelled_at"],
            "submitted": ["submitted_at"],
            "in_transit": ["submitted_at", "picked_up_at"],
            "delivered": ["submitted_at", "picked_up_at", "delivered_at"],
            "accepted": ["submitted_at", "picked_up_at", "delivered_at", "accepted_at"],
            "treated": ["submitted_at", "picked_up_at", "delivered_at", "accepted_at", "treated_at"],
            "closed": [
                "submitted_at",
                "picked_up_at",
                "delivered_at",
                "accepted_at",
                "treated_at",
                "closed_at",
            ],
        }[status]
        in_flight = status in ("submitted", "in_transit", "delivered")
        weighed = status in weighed_statuses
        signed = status not in ("draft", "cancelled")
        if signed:
            self.usage[(line_id, transfer.year)] += declared
        generator = world.enterprises[key]
        number_counter = f"manifest:{created.year}:{generator.region_code[:4]}"
        self.serials[number_counter] += 1
        plan.manifests.append(
            {
                "id": manifest_id,
                "number": manifest_number(created.year, generator.region_code, self.serials[number_counter]),
                "status": status,
                "waste_code": stream.waste_code,
                "stream_id": stream.id,
                "generator_id": generator.id,
                "origin_facility_id": store,
                "receiver_id": world.enterprises[receiver].id,
                "receiver_facility_id": receiver_facility,
                "mode": mode,
                "planned_method": method,
                "treatment_method": method if status in ("treated", "closed") else None,
                "transfer_date": transfer,
                "declared_g": declared,
                "received_g": sum(weights.values()) if weighed else None,
                "accepted_g": accepted if weighed else None,
                "licence_line_id": line_id if signed else None,
                "reserved_year": transfer.year if signed else None,
                "reserved_g": declared if in_flight else 0,
                "cross_province": False,
                "approval_id": None,
                "anomaly": False,
                "anomaly_note": "",
                "note": "",
                "created_at": created,
                "created_by": world.users[key][0],
                **{name: (stamps[name] if name in reached else None) for name in stamps},
            }
        )
        plan.containers.extend(rows)
        for row in rows:
            plan.links.append(
                {
                    "id": self.next_link,
                    "manifest_id": manifest_id,
                    "container_id": row["id"],
                    "declared_g": row["net_weight_g"],
                    "weighed_g": weights.get(row["id"]),
                    "accepted": (row["id"] not in rejected) if weighed else None,
                    "note": "包装破损，退回" if row["id"] in rejected else "",
                }
            )
            self.next_link += 1
        carrier_id, vehicle_id, driver_id = carrier
        plan.legs.append(
            {
                "id": self.next_leg,
                "manifest_id": manifest_id,
                "seq": 1,
                "carrier_id": carrier_id,
                "vehicle_id": vehicle_id,
                "driver_id": driver_id,
                "picked_up_at": stamps["picked_up_at"] if "picked_up_at" in reached else None,
                "delivered_at": stamps["delivered_at"] if "delivered_at" in reached else None,
            }
        )
        self.next_leg += 1
        carrier_key = next(c["key"] for c in world.carriers if c["id"] == carrier_id)
        signers = {
            "generator": world.users[key],
            "carrier": (*world.driver_user, Role.DRIVER.value)
            if carrier_key == "carrier_dg"
            else world.users[carrier_key],
            "receiver": world.users[receiver],
            "treatment": world.users[receiver],
        }
        actions = [
            ("submit", "generator", "submitted_at"),
            ("pick_up", "carrier", "picked_up_at"),
            ("deliver", "receiver", "delivered_at"),
            (status_signed, "receiver", "accepted_at"),
            ("treat", "treatment", "treated_at"),
            ("close", "treatment", "closed_at"),
            ("cancel", "generator", "cancelled_at"),
        ]
        for action, section, stamp in actions:
            if stamp not in reached:
                continue
            user_id, name, role = signers[section]
            plan.signatures.append(
                {
                    "id": self.next_signature,
                    "manifest_id": manifest_id,
                    "section": section,
                    "action": action,
                    "user_id": user_id,
                    "name": name,
                    "role": role,
                    "at": stamps[stamp],
                }
            )
            self.next_signature += 1
        return plan


def _capacity_g(world: World, facility_id: int) -> int:
    spec_by_name = {(s["owner"], s["name"]): s for s in data.FACILITIES}
    for (owner, name), fid in world.facilities.items():
        if fid == facility_id:
            return int(spec_by_name[(owner, name)].get("storage_t") or 0) * 1_000_000
    return 0


def merge(plans: Iterable[Plan]) -> Plan:
    """One plan holding the rows of many."""
    out = Plan()
    for p in plans:
        out.containers.extend(p.containers)
        out.manifests.extend(p.manifests)
        out.links.extend(p.links)
        out.legs.extend(p.legs)
        out.signatures.extend(p.signatures)
    return out


# --- Writing ------------------------------------------------------------------------------------------

STOCK_STATUSES = (ContainerStatus.STORED.value, ContainerStatus.RECEIVED.value)
RESERVING = (ManifestStatus.SUBMITTED.value, ManifestStatus.IN_TRANSIT.value, ManifestStatus.DELIVERED.value)


def insert(engine: Engine, plan: Plan) -> dict[str, int]:
    """Write a plan in one transaction and add its totals to the running-total rows; return row counts."""
    with engine.begin() as conn:
        for model, rows in (
            (Manifest, plan.manifests),
            (Container, plan.containers),
            (ManifestContainer, plan.links),
            (TransportLeg, plan.legs),
            (Signature, plan.signatures),
        ):
            for chunk in _chunks(rows, 20_000):
                conn.execute(model.__table__.insert(), chunk)
        events = _events(conn, plan.containers)
        for chunk in _chunks(events, 20_000):
            conn.execute(Event.__table__.insert(), chunk)
        _add_counters(conn, plan)
        _add_stock(conn, plan)
        _add_usage(conn, plan)
        _fix_sequences(conn)
    return {
        "containers": len(plan.containers),
        "manifests": len(plan.manifests),
        "signatures": len(plan.signatures),
        "events": len(events),
    }


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)


def _chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _events(conn: Connection, containers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A `container.generate` event per container, chained after the last event as audit.record does."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
    last = conn.execute(select(Event.hash).order_by(Event.id.desc()).limit(1)).scalar()
    prev = last or audit.GENESIS
    rows = []
    for c in sorted(containers, key=lambda r: r["created_at"]):
        event = SimpleNamespace(
            at=c["created_at"].replace(tzinfo=UTC),
            actor_id=c["created_by"],
            actor_role=Role.EHS_OFFICER.value,
            action="container.generate",
            entity="container",
            entity_id=c["digital_id"],
            before=None,
            after={
                "status": "generated",
                "facility_id": None,
                "manifest_id": None,
                "net_weight_g": c["net_weight_g"],
            },
            prev_hash=prev,
        )
        event.hash = audit.event_hash(event)
        prev = event.hash
        rows.append(vars(event))
    return rows


def _upsert_add(
    conn: Connection, model: type, key_cols: Sequence[str], deltas: dict[tuple, dict[str, int]], mode: str
) -> None:
    """Add (or, mode="max", raise to) values of running-total rows, inserting missing ones."""
    table = model.__table__
    existing = {
        tuple(row[: len(key_cols)]): row[len(key_cols) :]
        for row in conn.execute(
            select(*(table.c[k] for k in key_cols), *(table.c[v] for v in _value_cols(deltas)))
        )
    }
    inserts, updates = [], []
    cols = _value_cols(deltas)
    for key, values in deltas.items():
        if key in existing:
            current = dict(zip(cols, existing[key], strict=True))
            new = {c: (max(current[c], values[c]) if mode == "max" else current[c] + values[c]) for c in cols}
            updates.append(
                {
                    **{f"k_{k}": v for k, v in zip(key_cols, key, strict=True)},
                    **{f"v_{c}": new[c] for c in cols},
                }
            )
        else:
            inserts.append({**dict(zip(key_cols, key, strict=True)), **values})
    if inserts:
        conn.execute(table.insert(), inserts)
    if updates:
        stmt = update(table).values({c: _bind(f"v_{c}") for c in cols})
        for k in key_cols:
            stmt = stmt.where(table.c[k] == _bind(f"k_{k}"))
        conn.execute(stmt, updates)


def _value_cols(deltas: dict[tuple, dict[str, int]]) -> list[str]:
    return sorted(next(iter(deltas.values())).keys()) if deltas else []


def _add_counters(conn: Connection, plan: Plan) -> None:
    values: dict[tuple, dict[str, int]] = {}
    for c in plan.containers:
        unit, digits = c["unit_code"], c["waste_digits"]
        code = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        key = (f"cid:{unit}:{code}:{c['gen_date']:%Y%m%d}",)
        values[key] = {"value": max(values.get(key, {"value": 0})["value"], c["serial"])}
    for m in plan.manifests:
        key = (f"manifest:{m['number'][:4]}:{m['number'][4:8]}",)
        values[key] = {"value": max(values.get(key, {"value": 0})["value"], int(m["number"][8:]))}
    if values:
        _upsert_add(conn, Counter, ["name"], values, mode="max")


def _add_stock(conn: Connection, plan: Plan) -> None:
    weighed = {
        link["container_id"]: link["weighed_g"] for link in plan.links if link["weighed_g"] is not None
    }
    deltas: dict[tuple, dict[str, int]] = defaultdict(lambda: {"stock_g": 0})
    for c in plan.containers:
        if c["status"] in STOCK_STATUSES and c["facility_id"] is not None:
            deltas[(c["facility_id"],)]["stock_g"] += weighed.get(c["id"], c["net_weight_g"])
    if deltas:
        _upsert_add(conn, FacilityStock, ["facility_id"], dict(deltas), mode="add")


def _add_usage(conn: Connection, plan: Plan) -> None:
    deltas: dict[tuple, dict[str, int]] = defaultdict(lambda: {"accepted_g": 0, "in_flight_g": 0})
    for m in plan.manifests:
        if m["licence_line_id"] is None:
            continue
        row = deltas[(m["licence_line_id"], m["reserved_year"])]
        if m["status"] in RESERVING:
            row["in_flight_g"] += m["declared_g"]
        else:
            row["accepted_g"] += m["accepted_g"] or 0
    if deltas:
        _upsert_add(conn, LicenceLineUsage, ["line_id", "year"], dict(deltas), mode="add")


def _fix_sequences(conn: Connection) -> None:
    """PostgreSQL: move each id sequence past the explicit ids written."""
    if conn.dialect.name != "postgresql":
        return
    for model in (Container, Manifest, ManifestContainer, TransportLeg, Signature):
        table = model.__table__.name
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


# --- Province ---------------------------------------------------------------------------------------

# Waste codes the province's generators produce (planned method D10 or R-codes by category).
PROVINCE_CODES = (
    ("900-402-06", "D10"),
    ("900-013-11", "D10"),
    ("900-041-49", "D10"),
    ("900-300-34", "D9"),
    ("900-249-08", "R9"),
    ("900-039-49", "D10"),
    ("900-252-12", "D10"),
    ("900-399-35", "D9"),
)
COPY_BATCH = 100_000
BULK_TABLES = ("manifest", "container", "manifestcontainer", "transportleg")


PROVINCE_CODE, NEIGHBOUR_CODE, PROVINCE_REGULATOR = "330000", "320000", "province_eco"


@dataclass
class Province:
    """What `province()` wrote: park ids (the demo park first) and row counts."""

    park_ids: list[int]
    enterprises: int
    manifests: int
    seconds: float
    # The province Region holding every one of `park_ids`, and a regulator account of its department.
    region_id: int = 0
    province_user: str = PROVINCE_REGULATOR


def province(
    engine: Engine,
    world: World,
    *,
    parks: int = 30,
    enterprises: int = 3000,
    manifests: int = 3_000_000,
    seed: int = 2030,
    history_days: int = 730,
    progress: Any = None,
) -> Province:
    """PostgreSQL: add parks and enterprises around the demo park and COPY a history of manifests.

    Each new park gets generators (one waste stream each) and receivers (one incinerator with storage
    and annual capacity); manifests carry one container and one transport leg of the demo carrier,
    and one in ten goes to a receiver in another park. Every park lies in one province Region whose
    ecology department has a regulator account (PROVINCE_REGULATOR); one more park, empty, lies in a
    neighbouring province, so that regulator's scope is a real limit and not "every park". Manifests
    older than a month are closed; newer
    ones sit at every stage. The secondary indexes of the bulk tables are dropped during the load and
    rebuilt after it; signatures and audit events are not written (the reads measured do not use
    them). The caller refreshes the roll-ups (`rollups.rebuild`) afterwards."""
    if engine.dialect.name != "postgresql":
        raise RuntimeError("the province generator writes with COPY: PostgreSQL only")
    started = _perf()
    rng = random.Random(seed)
    with Session(engine) as session:
        demo_park = session.execute(select(func.min(Enterprise.park_id))).scalar_one()
        existing = session.execute(select(func.count()).select_from(Enterprise)).scalar_one()
    carrier = next(c for c in world.carriers if c["key"] == "carrier_dg")
    vehicle, driver = carrier["vehicles"][0][0], carrier["drivers"][0][0]
    park_ids, gens, recs = _province_registry(engine, demo_park, parks, max(0, enterprises - existing), rng)
    region_id = _province_region(engine, park_ids)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT coalesce(max(id), 0) FROM manifest")
        next_m = cur.fetchone()[0] + 1
        cur.execute("SELECT coalesce(max(id), 0) FROM container")
        next_c = cur.fetchone()[0] + 1
        cur.execute("SELECT coalesce(max(id), 0) FROM manifestcontainer")
        next_mc = cur.fetchone()[0] + 1
        cur.execute("SELECT coalesce(max(id), 0) FROM transportleg")
        next_l = cur.fetchone()[0] + 1
        indexes = _drop_indexes(cur)
        raw.commit()
        # The rows reference records just written: skip the per-row foreign-key triggers (superuser only).
        try:
            cur.execute("SET session_replication_role = replica")
        except psycopg.errors.InsufficientPrivilege:  # such a role loads with the checks on
            raw.rollback()
        now = world.now
        written = 0
        while written < manifests:
            n = min(COPY_BATCH, manifests - written)
            blocks: dict[str, list[str]] = {t: [] for t in BULK_TABLES}
            for i in range(n):
                park = rng.randrange(len(park_ids))
                gen_id, stream_id, unit, code, method = rng.choice(gens[park])
                there = park if rng.random() < 0.9 else rng.randrange(len(park_ids))
                rec_id, facility_id = rng.choice(recs[there])
                created = now - timedelta(seconds=rng.randrange(history_days * 86400))
                grams = rng.randrange(50_000, 950_000)
                _province_rows(
                    blocks, next_m + i, next_c + i, next_mc + i, next_l + i, written + i, created, now,
                    gen_id, stream_id, unit, code, method, rec_id, facility_id, grams, carrier["id"],
                    vehicle, driver, rng,
                )  # fmt: skip
            for table, lines in blocks.items():
                with cur.copy(f"COPY {table} ({', '.join(_COPY_COLUMNS[table])}) FROM STDIN") as copy:
                    copy.write("".join(lines))
            raw.commit()
            next_m, next_c, next_mc, next_l = next_m + n, next_c + n, next_mc + n, next_l + n
            written += n
            if progress is not None and (written % 500_000 == 0 or written == manifests):
                progress(f"{written:,} manifests copied ({_perf() - started:.0f} s)")
        cur.execute("RESET session_replication_role")
        for sql in indexes:
            cur.execute(sql)
        raw.commit()
        if progress is not None:
            progress(f"indexes rebuilt ({_perf() - started:.0f} s)")
        for table in BULK_TABLES:
            top = f"(SELECT max(id) FROM {table})"
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {top})")
        raw.commit()
    finally:
        raw.close()
    with Session(engine) as session:
        total = session.execute(select(func.count()).select_from(Enterprise)).scalar_one()
    return Province(park_ids, total, manifests, _perf() - started, region_id)


def _province_region(engine: Engine, park_ids: list[int]) -> int:
    """Place the parks in one province with an ecology department and its regulator; add a neighbour."""
    from hazchem.domain.vocab import DepartmentKind, RegionLevel
    from hazchem.models import Park, User
    from hazchem.services.registry import regions

    with Session(engine, expire_on_commit=False) as session:
        province = regions.create_region(
            session=session, actor=None, code=PROVINCE_CODE, name="浙江省", level=RegionLevel.PROVINCE
        )
        regions.create_region(
            session=session, actor=None, code=NEIGHBOUR_CODE, name="江苏省", level=RegionLevel.PROVINCE
        )
        department = regions.create_regional_department(
            session=session,
            actor=None,
            region_code=PROVINCE_CODE,
            kind=DepartmentKind.ECOLOGY_ENVIRONMENT,
            name="浙江省生态环境厅",
        )
        neighbour = Park(name="邻省化工园区", region_code="320500")
        session.add(neighbour)
        session.flush()
        session.execute(update(Park).where(Park.id.in_(park_ids)).values(region_id=province.id))
        session.add(
            User(
                username=PROVINCE_REGULATOR,
                password_hash="!",
                display_name="省生态环境厅监管员",
                role=Role.REGULATOR,
                department_id=department.id,
            )
        )
        session.commit()
        regions.set_park_region(session=session, actor=None, park_id=neighbour.id, region_code=NEIGHBOUR_CODE)
        return province.id


def _perf() -> float:
    import time as _time

    return _time.perf_counter()


def _province_registry(
    engine: Engine, demo_park: int, parks: int, new_enterprises: int, rng: random.Random
) -> tuple[list[int], list[list[tuple]], list[list[tuple]]]:
    """New parks with generators and receivers; returns park ids and, per park, generators and receivers."""
    from hazchem.models import Park

    with Session(engine, expire_on_commit=False) as session:
        park_rows = [Park(name=f"省级化工园区{i:02d}", region_code=f"33{i:02d}00") for i in range(1, parks)]
        session.add_all(park_rows)
        session.flush()
        # Spread the remainder too, so the province reaches exactly the enterprises asked for.
        per_park, extra = divmod(new_enterprises, max(1, parks - 1))
        ent_rows: list[Enterprise] = []
        for n, p in enumerate(park_rows):
            for j in range(max(2, per_park + (n < extra))):
                role = "receiver" if j % 10 == 0 else "waste_generator"
                uscc = f"91P{p.id:05d}{j:010d}"[:18]
                name = f"{p.name}企业{j:04d}"
                ent_rows.append(
                    Enterprise(park_id=p.id, uscc=uscc, name=name, region_code=p.region_code, roles=[role])
                )
        session.add_all(ent_rows)
        session.flush()
        streams: list[WasteStream] = []
        facilities: list[Facility] = []
        for e in ent_rows:
            if "receiver" in e.roles:
                facilities.append(
                    Facility(enterprise_id=e.id, name=f"{e.name}焚烧线", kind="incinerator",
                             storage_capacity_kg=5_000_000, annual_capacity_kg=50_000_000)
                )  # fmt: skip
            else:
                code, _ = PROVINCE_CODES[rng.randrange(len(PROVINCE_CODES))]
                streams.append(
                    WasteStream(enterprise_id=e.id, waste_code=code, edition="2021", name="生产废物",
                                form="liquid", packaging="200L钢桶", not_dg_reason=NOT_DG_REASON)
                )  # fmt: skip
        session.add_all([*streams, *facilities])
        session.flush()
        methods = dict(PROVINCE_CODES)
        by_ent = {e.id: e for e in ent_rows}
        gens: dict[int, list[tuple]] = defaultdict(list)
        recs: dict[int, list[tuple]] = defaultdict(list)
        for s in streams:
            e = by_ent[s.enterprise_id]
            gens[e.park_id].append((e.id, s.id, e.uscc, s.waste_code, methods[s.waste_code]))
        for f in facilities:
            recs[by_ent[f.enterprise_id].park_id].append((f.enterprise_id, f.id))
        # The demo park's own generators and receivers take part too.
        demo_streams = session.execute(
            select(WasteStream.enterprise_id, WasteStream.id, Enterprise.uscc, WasteStream.waste_code)
            .join(Enterprise, Enterprise.id == WasteStream.enterprise_id)
            .where(Enterprise.park_id == demo_park)
        ).all()
        gens[demo_park] = [(e, s, u, c, methods.get(c, "D10")) for e, s, u, c in demo_streams]
        demo_kilns = session.execute(
            select(Facility.enterprise_id, Facility.id)
            .join(Enterprise, Enterprise.id == Facility.enterprise_id)
            .where(Enterprise.park_id == demo_park, Facility.kind == "incinerator")
        ).all()
        recs[demo_park] = [tuple(r) for r in demo_kilns] or [recs[park_rows[0].id][0]]
        session.commit()
        ids = [demo_park, *(p.id for p in park_rows)]
    return ids, [gens[i] for i in ids], [recs[i] for i in ids]


_COPY_COLUMNS = {
    "manifest": (
        "id", "number", "status", "waste_code", "stream_id", "generator_id", "receiver_id",
        "receiver_facility_id", "mode", "planned_method", "treatment_method", "transfer_date", "declared_g",
        "received_g", "accepted_g", "reserved_g", "facility_reserved_g", "cross_province", "anomaly",
        "anomaly_note", "note", "created_at", "submitted_at", "picked_up_at", "delivered_at", "accepted_at",
        "treated_at", "closed_at",
    ),
    "container": (
        "id", "digital_id", "unit_code", "waste_digits", "gen_date", "serial", "stream_id", "enterprise_id",
        "packaging", "volume_l", "net_weight_g", "status", "manifest_id", "remarks", "created_at",
    ),
    "manifestcontainer": ("id", "manifest_id", "container_id", "declared_g", "weighed_g", "accepted", "note"),
    "transportleg": (
        "id", "manifest_id", "seq", "carrier_id", "vehicle_id", "driver_id", "picked_up_at", "delivered_at",
    ),
}  # fmt: skip

# Stages of a manifest younger than a month: (status, container status, steps reached).
_OPEN_STAGES = (
    ("submitted", "stored", 1),
    ("in_transit", "in_transit", 2),
    ("delivered", "in_transit", 3),
    ("accepted", "received", 4),
    ("treated", "treated", 5),
)


def _ts(moment: datetime | None) -> str:
    return "\\N" if moment is None else moment.isoformat(sep=" ")


def _province_rows(
    blocks: dict[str, list[str]], mid: int, cid: int, mcid: int, lid: int, serial: int, created: datetime,
    now: datetime, gen_id: int, stream_id: int, unit: str, code: str, method: str, rec_id: int,
    facility_id: int, grams: int, carrier: int, vehicle: int, driver: int, rng: random.Random,
) -> None:  # fmt: skip
    """Append one manifest's rows (manifest, container, link, leg) as COPY text lines."""
    age = now - created
    if age > timedelta(days=30):
        status, c_status, reached = "closed", "treated", 6
    else:
        status, c_status, reached = _OPEN_STAGES[rng.randrange(len(_OPEN_STAGES))]
    hour = timedelta(hours=1)
    submitted = created + hour
    picked = created + 20 * hour if reached >= 2 else None
    delivered = created + 26 * hour if reached >= 3 else None
    accepted = created + 30 * hour if reached >= 4 else None
    treated = created + 7 * 24 * hour if reached >= 5 else None
    closed = created + 8 * 24 * hour if reached >= 6 else None
    weighed = grams - rng.randrange(0, 2000) if accepted else None
    done = method if treated else None
    n = "\\N"
    weight = n if weighed is None else weighed
    blocks["manifest"].append(
        f"{mid}\tP{mid:013d}\t{status}\t{code}\t{stream_id}\t{gen_id}\t{rec_id}\t{facility_id}\tdispose\t"
        f"{method}\t{done or n}\t{created.date().isoformat()}\t{grams}\t{weight}\t"
        f"{weight}\t0\t0\tf\tf\t\t\t{_ts(created)}\t{_ts(submitted)}\t"
        f"{_ts(picked)}\t{_ts(delivered)}\t{_ts(accepted)}\t{_ts(treated)}\t{_ts(closed)}\n"
    )
    gen_day = (created - timedelta(days=3)).date()
    digits = code.replace("-", "")
    blocks["container"].append(
        f"{cid}\tX{cid:036d}\t{unit}\t{digits}\t{gen_day.isoformat()}\t{serial}\t{stream_id}\t{gen_id}\t"
        f"200L钢桶\t200\t{grams}\t{c_status}\t{mid}\t\t{_ts(created - timedelta(days=3))}\n"
    )
    blocks["manifestcontainer"].append(
        f"{mcid}\t{mid}\t{cid}\t{grams}\t{weight}\t{'t' if weighed is not None else n}\t\n"
    )
    blocks["transportleg"].append(
        f"{lid}\t{mid}\t1\t{carrier}\t{vehicle}\t{driver}\t{_ts(picked)}\t{_ts(delivered)}\n"
    )


def _drop_indexes(cur: Any) -> list[str]:
    """Drop the secondary indexes of the bulk tables (not those behind constraints); return their DDL."""
    cur.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid::regclass::text = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        (list(BULK_TABLES),),
    )
    found = cur.fetchall()
    for name, _ in found:
        cur.execute(f"DROP INDEX {name}")
    return [ddl for _, ddl in found]
