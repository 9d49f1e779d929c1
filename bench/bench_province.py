"""Province scale on PostgreSQL: 30 parks, 3,000 enterprises and 3,000,000 manifests.

Goals (issue "Province scale", point 4): manifest search p95 under 100 ms for a park regulator and
for a province regulator; the province dashboard and the annual summary under 1 s; a 100,000-row
register export under 10 s and 300 MB; a submission's server time at full size within 1.5× of its
time at 1,000 manifests.

One throwaway database: the demo park with 1,000 generated manifests (bench/datagen.py), where
`waste.submit` is timed on fresh drafts; then 29 more parks and the rest of the enterprises and
manifests copied in (`datagen.province`), the monthly roll-ups rebuilt (`rollups.rebuild`) and the
same submission timed again. Reads go through the services as two regulators logged in: the demo park's
ecology regulator (its park's department: one park) and the province's (a department of the province
Region holding all 30 parks, a neighbouring province's park left out, so its scope is a real limit).
HAZCHEM_BENCH_PROVINCE_MANIFESTS sets the size (3,000,000 by default), so a small run is possible.
PostgreSQL only (the generator writes with COPY): without HAZCHEM_PG_URL it
says so and skips. Not part of `make bench`'s default run (about half an hour at full size on two
cores): `python -m bench province` with HAZCHEM_PG_URL set.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from bench import bench_custody, datagen
from hazchem.db import make_engine
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.migrate import upgrade
from hazchem.models import Enterprise, Manifest, User
from hazchem.services.oversight import province, rollups, summaries
from hazchem.services.oversight import search as audit_search
from hazchem.services.platform import auth, clock, work_calendar
from hazchem.services.platform.access import Actor

BENCH_DB = "hazchem_bench_province"
MANIFESTS = int(os.environ.get("HAZCHEM_BENCH_PROVINCE_MANIFESTS", "3000000"))
PARKS, ENTERPRISES, SMALL = 30, 3000, 1_000
RUNS, READ_RUNS = 40, 5
EXPORT_ROWS = 100_000
P95_GOAL_MS, READ_GOAL_MS, EXPORT_SECONDS_GOAL, EXPORT_MB_GOAL, GROWTH_GOAL = 100.0, 1000.0, 10.0, 300.0, 1.5
REPO = Path(__file__).resolve().parents[1]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def _say(message: str) -> None:
    print(f"   {message}", flush=True)


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _login(session: Session, username: str) -> Actor:
    """The Actor a login of this account gets (its parks and their enterprises resolved by auth)."""
    user_id = session.execute(select(User.id).where(User.username == username)).scalar_one()
    actor = auth.actor_for_user_id(session=session, user_id=user_id)
    assert actor is not None
    return actor


def _regulators(session: Session, park_id: int) -> tuple[Actor, Actor]:
    """The demo park's ecology regulator (its park department) and the province ecology regulator
    (the department of the province Region holding every generated park)."""
    park, whole = _login(session, "eco"), _login(session, datagen.PROVINCE_REGULATOR)
    assert park.park_ids == frozenset({park_id}), park.park_ids
    assert whole.is_regional and whole.park_enterprise_ids is not None
    return park, whole


def _families(session: Session, today: date, park_id: int) -> dict[str, list[audit_search.ManifestFilters]]:
    """Varied filters for each common audit query (receivers of the park the bound regulator reads)."""
    rng = random.Random(11)
    receivers = list(
        session.execute(
            select(Manifest.receiver_id)
            .join(Enterprise, Enterprise.id == Manifest.receiver_id)
            .where(Enterprise.park_id == park_id)
            .distinct()
        ).scalars()
    )
    categories = sorted(set(session.execute(select(Manifest.waste_category).distinct()).scalars()) - {None})
    F = audit_search.ManifestFilters
    by_status = []
    for _ in range(RUNS):
        if rng.random() < 0.5:
            start = today - timedelta(days=rng.randint(40, 600))
            by_status.append(
                F(
                    statuses=(ManifestStatus.CLOSED,),
                    created_from=start,
                    created_to=start + timedelta(days=30),
                )
            )
        else:
            status = rng.choice([ManifestStatus.SUBMITTED, ManifestStatus.ACCEPTED, ManifestStatus.TREATED])
            by_status.append(F(statuses=(status,), created_from=today - timedelta(days=14), created_to=today))
    return {
        "newest first": [F() for _ in range(RUNS)],
        "status and date range": by_status,
        "receiver": [F(receiver_id=rng.choice(receivers)) for _ in range(RUNS)],
        "overdue": [F(overdue=True) for _ in range(RUNS)],
        "waste category": [F(category=rng.choice(categories)) for _ in range(RUNS)],
    }


def _searches(engine: Engine, today: date, park_id: int) -> dict[str, dict[str, float]]:
    """p95 (ms) of each query family's first page, for the park-bound and the province regulator."""
    cal = work_calendar()
    out: dict[str, dict[str, float]] = {}
    with Session(engine) as session:
        park, whole = _regulators(session, park_id)
        families = _families(session, today, park_id)
        for who, actor in (("park regulator", park), ("province regulator", whole)):
            for name, filters in families.items():
                timings = []
                for f in filters:
                    started = time.perf_counter()
                    audit_search.search_manifests(
                        session=session, actor=actor, filters=f, today=today, cal=cal
                    )
                    timings.append((time.perf_counter() - started) * 1000)
                    session.rollback()
                out.setdefault(who, {})[name] = _p95(timings)
    return out


def _timed(engine: Engine, call: Callable[[Session], Any]) -> tuple[float, float]:
    timings = []
    for _ in range(READ_RUNS):
        with Session(engine, expire_on_commit=False) as session:
            started = time.perf_counter()
            call(session)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


EXPORT_SCRIPT = """
import json, sys, time
from datetime import date
from sqlmodel import Session, select
from hazchem.db import make_engine
from hazchem.models import User
from hazchem.render.sheets import csv_chunks
from hazchem.services.oversight import registers, search
from hazchem.services.platform import auth
url, created_from, out_path, username = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
engine = make_engine(url)
started = time.perf_counter()
rows = -1  # the header row is not counted
size = 0
with Session(engine) as session, open(out_path, "wb") as out:
    reader = session.exec(select(User).where(User.username == username)).one()
    actor = auth.actor_for_user_id(session=session, user_id=reader.id)
    filters = search.ManifestFilters(created_from=date.fromisoformat(created_from))
    sheet = registers.manifest_register_sheet(session=session, actor=actor, filters=filters)
    for chunk in csv_chunks(sheet):
        out.write(chunk)
        size += len(chunk)
        rows += chunk.count(b"\\r\\n")
seconds = time.perf_counter() - started
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_kb / 1024, "bytes": size}))
"""


def _export(url: str, engine: Engine, workdir: str) -> dict[str, Any]:
    """The province regulator's CSV register of the newest ~EXPORT_ROWS manifests, in a fresh process
    (its own peak memory)."""
    with engine.connect() as conn:
        nth = conn.execute(
            select(Manifest.created_at).order_by(Manifest.created_at.desc()).offset(EXPORT_ROWS).limit(1)
        ).scalar()
    created_from = ((nth + timedelta(hours=8)).date() + timedelta(days=1)) if nth else date(2000, 1, 1)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            EXPORT_SCRIPT,
            url,
            created_from.isoformat(),
            f"{workdir}/register.csv",
            datagen.PROVINCE_REGULATOR,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _bench(url: str, workdir: str) -> None:
    today = clock.today()
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    try:
        world = datagen.prepare(engine, today)
        planner = datagen.Planner(world, engine)
        loose = datagen.Plan()
        drafts = bench_custody.DRAFTS * bench_custody.PER_DRAFT
        reserved = planner.reserved(loose, "fine_chem", 2 * drafts)
        datagen.insert(engine, datagen.merge([loose, *planner.manifests(SMALL)]))
        bench_custody._settle(engine)
        small = _count(engine, Manifest)
        _say(f"demo park + {small:,} manifests in {time.perf_counter() - started:.0f} s")
        submit_small = bench_custody._stats(bench_custody._time_submissions(engine, world, reserved[:drafts]))

        grown = datagen.province(
            engine, world, parks=PARKS, enterprises=ENTERPRISES, manifests=MANIFESTS, progress=_say
        )
        built = time.perf_counter()
        with Session(engine) as session:
            rows = rollups.rebuild(session=session)
        _say(f"roll-ups rebuilt: {rows:,} rows in {time.perf_counter() - built:.0f} s")
        bench_custody._settle(engine)
        large = _count(engine, Manifest)
        _say(
            f"{len(grown.park_ids)} parks, {grown.enterprises:,} enterprises, {large:,} manifests; "
            f"copied in {grown.seconds:.0f} s, everything built in {time.perf_counter() - started:.0f} s"
        )
        submit_large = bench_custody._stats(bench_custody._time_submissions(engine, world, reserved[drafts:]))
        growth = submit_large[0] / submit_small[0]
        _say(
            f"waste.submit: median {submit_small[0]:.1f} ms at {small:,} manifests, "
            f"{submit_large[0]:.1f} ms at {large:,}: {growth:.2f}× "
            f"(goal < {GROWTH_GOAL}×: {_verdict(growth < GROWTH_GOAL)})"
        )

        demo_park = grown.park_ids[0]
        for who, families in _searches(engine, today, demo_park).items():
            for name, p95 in families.items():
                _say(
                    f"search as {who:18} {name:22} p95 {p95:6.1f} ms "
                    f"(goal < {P95_GOAL_MS:.0f} ms: {_verdict(p95 < P95_GOAL_MS)})"
                )
        with Session(engine) as session:
            _, whole = _regulators(session, demo_park)
            admin = auth.actor_for_user_id(
                session=session,
                user_id=session.execute(select(User.id).where(User.username == "admin")).scalar_one(),
            )
        year = today.year - 1
        reads = {
            f"province dashboard {year} ({len(grown.park_ids)} parks)": lambda s: province.province_dashboard(
                session=s, actor=whole, year=year, today=today
            ),
            f"park annual summary {year}": lambda s: summaries.annual_summary(
                session=s, actor=admin, year=year
            ),
            f"province annual figures {year} (every enterprise)": lambda s: summaries.compute(s, None, year),
        }
        for name, call in reads.items():
            median, worst = _timed(engine, call)
            _say(
                f"{name}: median {median:,.0f} ms, worst {worst:,.0f} ms "
                f"(goal < {READ_GOAL_MS:.0f} ms: {_verdict(worst < READ_GOAL_MS)})"
            )
        export = _export(url, engine, workdir)
        ok = export["seconds"] < EXPORT_SECONDS_GOAL and export["peak_mb"] < EXPORT_MB_GOAL
        _say(
            f"CSV register export of {export['rows']:,} rows ({export['bytes'] / 1e6:.1f} MB) in "
            f"{export['seconds']:.1f} s, peak memory {export['peak_mb']:.0f} MB "
            f"(goal < {EXPORT_SECONDS_GOAL:.0f} s and < {EXPORT_MB_GOAL:.0f} MB: {_verdict(ok)})"
        )
    finally:
        engine.dispose()


def run(pg_url: str | None) -> None:
    """Run on a throwaway PostgreSQL database; say why and skip without one."""
    if not pg_url:
        print(
            "   skipped: the province benchmark needs PostgreSQL "
            "(set HAZCHEM_PG_URL; it bulk-loads with COPY)"
        )
        return
    admin = make_engine(pg_url)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
            conn.execute(text(f"CREATE DATABASE {BENCH_DB}"))
        url = make_url(pg_url).set(database=BENCH_DB).render_as_string(hide_password=False)
        with tempfile.TemporaryDirectory() as tmp:
            _bench(url, tmp)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"))
        admin.dispose()
