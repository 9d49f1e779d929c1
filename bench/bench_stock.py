"""Chemical stock at park scale: one stock movement with every check and the Σq/Q update.

Goal: a stock movement with all checks (permits, licensed quantity, capacity,
segregation) and the GB 18218 Σq/Q update takes under 20 ms server time with 10,000 storage units
and 1,000,000 past movements.

Each database (a temporary SQLite file, and PostgreSQL when a URL is given) gets the demo park,
then 1,000 chemical warehouses with ten storage units each spread over the demo enterprises, and a
history of 1,000,000 receipts and issues of flammable liquids written with bulk inserts (COPY on
PostgreSQL) together with the running totals the service keeps (unit, facility×chemical, facility
Σq/Q, enterprise). The history has no audit events: the service reads only the last event. Then
`chemicals.record_movement` is timed in-process, in its own committed transaction each time, for
three kinds of movement of the demo's 剧毒 and 易制爆 user (上虞示例医药中间体): a receipt of
sodium cyanide (purchase permit consumed, licensed quantity, capacity, segregation, Σq/Q), a
receipt of nitric acid (易制爆 registration), and an issue of methanol (stock, Σq/Q).
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session

from hazchem.db import make_engine
from hazchem.demo import load as demo
from hazchem.domain.chemicals import PPB, ratio_ppb
from hazchem.migrate import upgrade
from hazchem.models import (
    Chemical,
    Enterprise,
    EnterpriseChemicalStock,
    Facility,
    FacilityChemicalStock,
    FacilityHazard,
    LicenceType,
    StockMovement,
    StorageUnit,
    UnitStock,
    User,
)
from hazchem.services import chemicals
from hazchem.services import registry as reg
from hazchem.services.platform import auth

BENCH_DB = "hazchem_bench_stock"
FACILITIES, UNITS_PER_FACILITY = 1_000, 10
HISTORY = 1_000_000
TIMED = 100  # movements timed per kind
GOAL_MS = 20.0
# Flammable liquids of the shipped catalogue: they may share units, so the history is consistent.
HISTORY_CAS = ["67-56-1", "108-88-3", "71-43-2", "67-64-1", "64-17-5", "141-78-6"]
MOVEMENT_COLUMNS = (
    "id",
    "kind",
    "enterprise_id",
    "chemical_id",
    "quantity_kg",
    "unit_id",
    "facility_id",
    "to_unit_id",
    "balance_kg",
    "to_balance_kg",
    "supplier",
    "permit_line_id",
    "container_id",
    "note",
    "at",
    "created_by",
)


def _next_id(conn: Connection, model: type) -> int:
    return (conn.execute(select(func.coalesce(func.max(model.id), 0))).scalar_one() or 0) + 1


def _chemicals_by_cas(conn: Connection) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chem in conn.execute(select(Chemical.id, Chemical.cas_numbers, Chemical.critical_quantity_kg)):
        for cas in chem.cas_numbers or ():
            found.setdefault(cas, chem)
    return found


def _generate(engine: Engine, today: date) -> dict[str, int]:
    """Write the facilities, units, movement history and running totals in one transaction."""
    rnd = random.Random(2026)
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    with engine.begin() as conn:
        enterprises = list(conn.execute(select(Enterprise.id)).scalars())
        chems = _chemicals_by_cas(conn)
        history = [chems[cas] for cas in HISTORY_CAS]
        first_facility, first_unit = _next_id(conn, Facility), _next_id(conn, StorageUnit)
        facilities, units = [], []
        for i in range(FACILITIES):
            fid = first_facility + i
            owner = enterprises[i % len(enterprises)]
            facilities.append(
                {
                    "id": fid,
                    "enterprise_id": owner,
                    "name": f"基准测试甲类仓库{i:04d}",
                    "kind": "chemical_warehouse",
                    "location": "",
                    "storage_capacity_kg": 20_000_000,
                    "annual_capacity_kg": None,
                    "daily_capacity_kg": None,
                }
            )
            for j in range(UNITS_PER_FACILITY):
                units.append(
                    {
                        "id": first_unit + i * UNITS_PER_FACILITY + j,
                        "facility_id": fid,
                        "enterprise_id": owner,
                        "name": f"{j + 1:02d}区",
                        "kind": "warehouse_area",
                        "capacity_kg": None,
                        "active": True,
                        "created_at": stamp - timedelta(days=800),
                    }
                )
        conn.execute(Facility.__table__.insert(), facilities)
        conn.execute(StorageUnit.__table__.insert(), units)

        balances: dict[tuple[int, int], int] = defaultdict(int)
        first_movement = _next_id(conn, StockMovement)
        rows = []
        start = stamp - timedelta(days=730)
        step = timedelta(days=730) / HISTORY
        for n in range(HISTORY):
            unit = units[rnd.randrange(len(units))]
            chem = history[rnd.randrange(len(history))]
            key = (unit["id"], chem.id)
            qty = rnd.randrange(50, 1_000)
            kind = "issue" if balances[key] >= qty and rnd.random() < 0.45 else "receipt"
            balances[key] += qty if kind == "receipt" else -qty
            rows.append(
                (
                    first_movement + n,
                    kind,
                    unit["enterprise_id"],
                    chem.id,
                    qty,
                    unit["id"],
                    unit["facility_id"],
                    None,
                    balances[key],
                    None,
                    "基准供应商" if kind == "receipt" else "",
                    None,
                    None,
                    "",
                    start + step * n,
                    None,
                )
            )
        _bulk_movements(conn, rows)

        unit_facility = {u["id"]: (u["facility_id"], u["enterprise_id"]) for u in units}
        critical = {c.id: c.critical_quantity_kg for c in history}
        per_facility: dict[tuple[int, int], int] = defaultdict(int)
        per_enterprise: dict[tuple[int, int], int] = defaultdict(int)
        for (unit_id, chem_id), qty in balances.items():
            fid, eid = unit_facility[unit_id]
            per_facility[(fid, chem_id)] += qty
            per_enterprise[(eid, chem_id)] += qty
        conn.execute(
            UnitStock.__table__.insert(),
            [{"unit_id": u, "chemical_id": c, "quantity_kg": q} for (u, c), q in balances.items()],
        )
        hazards: dict[int, dict[str, Any]] = {
            f["id"]: {"facility_id": f["id"], "stock_kg": 0, "ratio_ppb": 0, "crossings": 0}
            for f in facilities
        }
        fcs = []
        for (fid, chem_id), qty in per_facility.items():
            term = ratio_ppb(qty, critical[chem_id])
            fcs.append({"facility_id": fid, "chemical_id": chem_id, "quantity_kg": qty, "ratio_ppb": term})
            hazards[fid]["stock_kg"] += qty
            hazards[fid]["ratio_ppb"] += term
        for h in hazards.values():
            h["major_hazard"] = h["ratio_ppb"] >= PPB
            h["crossings"] = int(h["major_hazard"])
            h["changed_at"] = stamp if h["major_hazard"] else None
        conn.execute(FacilityChemicalStock.__table__.insert(), fcs)
        conn.execute(FacilityHazard.__table__.insert(), list(hazards.values()))
        conn.execute(
            EnterpriseChemicalStock.__table__.insert(),
            [
                {"enterprise_id": e, "chemical_id": c, "quantity_kg": q}
                for (e, c), q in per_enterprise.items()
            ],
        )
        if conn.dialect.name == "postgresql":
            for table in ("facility", "storageunit", "stockmovement"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
                )
    return {"facilities": len(facilities), "units": len(units), "movements": len(rows)}


def _bulk_movements(conn: Connection, rows: list[tuple]) -> None:
    """COPY on PostgreSQL, chunked executemany on SQLite."""
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY stockmovement ({', '.join(MOVEMENT_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    table = StockMovement.__table__
    for start in range(0, len(rows), 50_000):
        conn.execute(
            table.insert(),
            [dict(zip(MOVEMENT_COLUMNS, row, strict=True)) for row in rows[start : start + 50_000]],
        )


def _timed_setup(engine: Engine, today: date) -> tuple[Any, dict[str, Any]]:
    """The 剧毒/易制爆 user's officer, its registration, a warehouse with three units, opening stock."""
    with Session(engine, expire_on_commit=False) as session:
        pharma = (
            session.execute(select(Enterprise).where(Enterprise.name.like("%医药中间体%"))).scalars().first()
        )
        chems = _chemicals_by_cas(session.connection())
        cyanide, nitric, methanol = (
            session.get(Chemical, chems[c].id) for c in ("143-33-9", "7697-37-2", "67-56-1")
        )
        # Synthetic Q for sodium cyanide, so its receipts also move Σq/Q (not a GB 18218 value).
        cyanide.critical_quantity_kg = 50_000
        session.add(cyanide)
        ids = {"cyanide": cyanide.id, "nitric": nitric.id, "methanol": methanol.id}
        pharma_id = pharma.id
        user = User(username="bench_pharma", password_hash="-", role="ehs_officer", enterprise_id=pharma_id)
        session.add(user)
        session.commit()
        actor = auth.build_actor(session, user)
        registration = (
            session.execute(select(LicenceType).where(LicenceType.code == chemicals.EXPLOSIVE_REGISTRATION))
            .scalars()
            .one()
        )
        reg.create_licence(
            session=session,
            actor=None,
            enterprise_id=pharma_id,
            licence_type_id=registration.id,
            number="绍公（虞）易制爆备〔2026〕0001",
            valid_from=today - timedelta(days=30),
            valid_to=today + timedelta(days=700),
            lines=[reg.ScopeLineInput(kind="chemical", chemical_id=ids["nitric"])],
        )
        warehouse = reg.create_facility(
            session=session,
            actor=None,
            enterprise_id=pharma_id,
            name="基准测试剧毒品库",
            kind="chemical_warehouse",
            storage_capacity_kg=1_000_000,
        )
        warehouse_id = warehouse.id
        units = {
            name: chemicals.create_storage_unit(
                session=session, actor=actor, facility_id=warehouse_id, name=name, kind="cabinet"
            ).id
            for name in ("剧毒品柜", "氧化剂柜", "醇类区")
        }
        chemicals.record_movement(
            session=session,
            actor=actor,
            kind="receipt",
            unit_id=units["醇类区"],
            chemical_id=ids["methanol"],
            quantity_kg=50_000,
            supplier="基准供应商",
        )
    return actor, {"units": units, **ids}


def _time(engine: Engine, actor: Any, ids: dict[str, Any]) -> dict[str, list[tuple[float, float]]]:
    """Wall-clock and this process's CPU milliseconds of each timed movement, by kind."""
    units = ids["units"]
    plans = {
        "receipt 剧毒 (permit, licence, capacity, segregation, Σq/Q)": dict(
            kind="receipt",
            unit_id=units["剧毒品柜"],
            chemical_id=ids["cyanide"],
            quantity_kg=10,
            supplier="基准供应商",
        ),
        "receipt 易制爆 (registration, capacity, segregation, Σq/Q)": dict(
            kind="receipt",
            unit_id=units["氧化剂柜"],
            chemical_id=ids["nitric"],
            quantity_kg=10,
            supplier="基准供应商",
        ),
        "issue (stock, Σq/Q)": dict(
            kind="issue", unit_id=units["醇类区"], chemical_id=ids["methanol"], quantity_kg=10
        ),
    }
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in plans}
    with Session(engine, expire_on_commit=False) as session:
        for _ in range(TIMED):
            for name, kwargs in plans.items():
                started, cpu = time.perf_counter(), time.process_time()
                chemicals.record_movement(session=session, actor=actor, **kwargs)
                timings[name].append(
                    ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
                )
    return timings


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def _bench(url: str, label: str) -> tuple[float, float]:
    today = date.today()
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            demo.load_demo(session=session, today=today)
        counts = _generate(engine, today)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        print(
            f"   {label}: demo park + {counts['facilities']:,} warehouses, "
            f"{counts['units']:,} storage units, "
            f"{counts['movements']:,} past movements in {time.perf_counter() - started:.1f} s"
        )
        actor, ids = _timed_setup(engine, today)
        gc.collect()  # drop the generator's million rows now, not during a timed movement
        timings = _time(engine, actor, ids)
    finally:
        engine.dispose()
    # On a shared machine the wall time includes waiting for a CPU; the application's own CPU time
    # (the whole server time on SQLite, the Python side on PostgreSQL) is shown beside it.
    load = os.getloadavg()[0]
    everything: list[tuple[float, float]] = []
    for name, values in timings.items():
        med, p95 = _stats([w for w, _ in values])
        cpu, _ = _stats([c for _, c in values])
        everything += values
        print(
            f"   {label}: {name}: median {med:.1f} ms, p95 {p95:.1f} ms, application CPU median "
            f"{cpu:.1f} ms ({len(values)} movements)"
        )
    med, p95 = _stats([w for w, _ in everything])
    cpu, cpu95 = _stats([c for _, c in everything])
    verdict = "met" if p95 < GOAL_MS else ("median met, p95 NOT met" if med < GOAL_MS else "NOT met")
    print(
        f"   {label}: all {len(everything)} movements: median {med:.1f} ms, p95 {p95:.1f} ms "
        f"(goal < {GOAL_MS:.0f} ms: {verdict}); application CPU median {cpu:.1f} ms, p95 {cpu95:.1f} ms; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    return med, p95


def run(pg_url: str | None) -> None:
    """Run on a temporary SQLite file and, when `pg_url` is given, on a throwaway PostgreSQL database."""
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = _bench(f"sqlite:///{tmp}/stock.sqlite3", "sqlite")
    if pg_url:
        admin = make_engine(pg_url)
        try:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
                conn.execute(text(f"CREATE DATABASE {BENCH_DB}"))
            url = make_url(pg_url).set(database=BENCH_DB).render_as_string(hide_password=False)
            results["postgresql"] = _bench(url, "postgresql")
        finally:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
            admin.dispose()
    print("   summary (goal: a movement with all checks and the Σq/Q update under 20 ms):")
    for label, (med, p95) in results.items():
        print(
            f"     {label:10} median {med:5.1f} ms  p95 {p95:5.1f} ms   "
            f"{'met' if p95 < GOAL_MS else 'NOT met'}"
        )
