"""Regulator audit at park scale: common manifest searches and the register export over 1M manifests.

Goals: with 1,000,000 manifests, the common audit queries (by status and date range, by
receiver, overdue, by waste category) answer with p95 under 100 ms, and a 100,000-row CSV export of
the manifest register finishes in under 10 s with peak memory under 300 MB.

Each database (a temporary SQLite file, and PostgreSQL when a URL is given) gets the demo park and
a bulk-generated history (bench/datagen.py) written in slices, with a small share of older
manifests left delivered but unconfirmed so "overdue" has something to find. Queries go through
`audit_search.search_manifests` as the park administrator (first page of 50, newest first, the
same path the page and the API take), each family with varied parameters. The export runs the
register service and CSV writer in a fresh process, which reports its own peak resident memory.
"""

from __future__ import annotations

import json
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

from bench import datagen
from hazchem.db import make_engine
from hazchem.domain.lifecycle import ManifestStatus
from hazchem.migrate import upgrade
from hazchem.models import Enterprise, Manifest, User
from hazchem.services.oversight import search as audit_search
from hazchem.services.platform import auth, work_calendar

BENCH_DB = "hazchem_bench_oversight"
MANIFESTS = 1_000_000
SLICE = 50_000  # manifests generated and written per transaction, to keep the generator's memory flat
STUCK_SHARE = 0.002  # older manifests never confirmed after delivery
RUNS = 40  # timed searches per query family
EXPORT_ROWS = 100_000
P95_GOAL_MS, EXPORT_SECONDS_GOAL, EXPORT_MB_GOAL = 100.0, 10.0, 300.0
REPO = Path(__file__).resolve().parents[1]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def _grow(engine: Engine, world: datagen.World, label: str) -> None:
    """Write MANIFESTS manifests (with containers, legs, signatures and events) slice by slice."""
    # The read benchmark does not exercise capacity checks: give receivers room for a million trips.
    world.hw_scales.update({line: scale * 200 for line, scale in world.hw_scales.items()})
    started = time.perf_counter()
    written = 0
    seed = 4000
    while written < MANIFESTS:
        n = min(SLICE, MANIFESTS - written)
        planner = datagen.Planner(world, engine, seed=seed, stuck_share=STUCK_SHARE)
        datagen.insert(engine, datagen.merge(planner.manifests(n)))
        written += n
        seed += 1
        if written % 200_000 == 0 or written == MANIFESTS:
            elapsed = time.perf_counter() - started
            print(f"   {label}: {written:,} manifests written ({elapsed:.0f} s)", flush=True)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def _families(session: Session, today: date) -> dict[str, list[audit_search.ManifestFilters]]:
    """Varied filters for each common audit query."""
    rng = random.Random(11)
    receivers = list(session.execute(select(Manifest.receiver_id).distinct()).scalars())
    categories = sorted(set(session.execute(select(Manifest.waste_category).distinct()).scalars()) - {None})
    F = audit_search.ManifestFilters
    by_status = []
    for _ in range(RUNS):
        # Closed manifests over a month of history, or the open ones of the last fortnight.
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
        "status and date range": by_status,
        "receiver": [F(receiver_id=rng.choice(receivers)) for _ in range(RUNS)],
        "overdue": [F(overdue=True) for _ in range(RUNS)],
        "waste category": [F(category=rng.choice(categories)) for _ in range(RUNS)],
    }


def _time_queries(engine: Engine, today: date) -> dict[str, tuple[float, float, float]]:
    """Median and p95 (ms) of each query family's first page, with the mean rows on it."""
    cal = work_calendar()
    out: dict[str, tuple[float, float, float]] = {}
    with Session(engine) as session:
        admin = session.execute(select(User).where(User.username == "admin")).scalar_one()
        actor = auth.actor_for_user_id(session=session, user_id=admin.id)
        for name, filters in _families(session, today).items():
            timings: list[float] = []
            rows = []
            for f in filters:
                started = time.perf_counter()
                page = audit_search.search_manifests(
                    session=session, actor=actor, filters=f, today=today, cal=cal
                )
                timings.append((time.perf_counter() - started) * 1000)
                rows.append(len(page.items))
                session.rollback()  # a fresh read each time, as each request has
            out[name] = (statistics.median(timings), _p95(timings), statistics.mean(rows))
    return out


EXPORT_SCRIPT = """
import json, sys, time
from datetime import datetime
from sqlmodel import Session, select
from hazchem.db import make_engine
from hazchem.models import User
from hazchem.services import audit_search, auth, registers
url, created_from, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
engine = make_engine(url)
started = time.perf_counter()
rows = -1  # the header row is not counted
size = 0
with Session(engine) as session, open(out_path, "wb") as out:
    admin = session.exec(select(User).where(User.username == "admin")).one()
    actor = auth.actor_for_user_id(session=session, user_id=admin.id)
    filters = audit_search.ManifestFilters(created_from=datetime.fromisoformat(created_from).date())
    sheet = registers.manifest_register_sheet(session=session, actor=actor, filters=filters)
    for chunk in registers.csv_chunks(sheet):
        out.write(chunk)
        size += len(chunk)
        rows += chunk.count(b"\\r\\n")
seconds = time.perf_counter() - started
# VmHWM is this process image's own peak (ru_maxrss would include the parent's, kept across exec).
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
peak_mb = peak_kb / 1024
print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb, "bytes": size}))
"""


def _export(url: str, engine: Engine, workdir: str) -> dict[str, Any]:
    """Export the newest ~EXPORT_ROWS manifests' register as CSV in a fresh process."""
    with engine.connect() as conn:
        nth = conn.execute(
            select(Manifest.created_at).order_by(Manifest.created_at.desc()).offset(EXPORT_ROWS).limit(1)
        ).scalar_one()
    # Whole days (Beijing time) from the day of the 100,000th newest: at least EXPORT_ROWS rows.
    created_from = (nth + timedelta(hours=8)).date()
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_SCRIPT, url, created_from.isoformat(), f"{workdir}/register.csv"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _bench(url: str, label: str, workdir: str) -> dict[str, Any]:
    today = date.today()
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    try:
        world = datagen.prepare(engine, today)
        _grow(engine, world, label)
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(Manifest)).scalar_one()
            parties = conn.execute(select(func.count()).select_from(Enterprise)).scalar_one()
        built = time.perf_counter() - started
        print(f"   {label}: {total:,} manifests, {parties} enterprises, built in {built:.0f} s")
        queries = _time_queries(engine, today)
        for name, (median, p95, rows) in queries.items():
            verdict = "met" if p95 < P95_GOAL_MS else "NOT met"
            print(
                f"   {label}: {name:22} median {median:6.1f} ms, p95 {p95:6.1f} ms "
                f"({rows:.0f} rows on the page on average; goal p95 < {P95_GOAL_MS:.0f} ms: {verdict})"
            )
        export = _export(url, engine, workdir)
        ok = export["seconds"] < EXPORT_SECONDS_GOAL and export["peak_mb"] < EXPORT_MB_GOAL
        print(
            f"   {label}: CSV register export of {export['rows']:,} rows ({export['bytes'] / 1e6:.1f} MB) in "
            f"{export['seconds']:.1f} s, peak memory {export['peak_mb']:.0f} MB "
            f"(goal < {EXPORT_SECONDS_GOAL:.0f} s and < {EXPORT_MB_GOAL:.0f} MB: "
            f"{'met' if ok else 'NOT met'})"
        )
    finally:
        engine.dispose()
    return {"total": total, "queries": queries, "export": export}


def _on_postgres(pg_url: str, workdir: str, body: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    admin = make_engine(pg_url)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
            conn.execute(text(f"CREATE DATABASE {BENCH_DB}"))
        return body(make_url(pg_url).set(database=BENCH_DB).render_as_string(hide_password=False))
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"))
        admin.dispose()


def run(pg_url: str | None) -> None:
    """Run on a temporary SQLite file and, when `pg_url` is given, on a throwaway PostgreSQL database."""
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = _bench(f"sqlite:///{tmp}/oversight.sqlite3", "sqlite", tmp)
        if pg_url:
            results["postgresql"] = _on_postgres(pg_url, tmp, lambda url: _bench(url, "postgresql", tmp))
    print("   summary (p95 of the first page; goal < 100 ms; export goal < 10 s and < 300 MB):")
    for label, res in results.items():
        worst = max(p95 for _, p95, _ in res["queries"].values())
        e = res["export"]
        print(
            f"     {label:10} worst query family p95 {worst:.1f} ms; export {e['rows']:,} rows "
            f"in {e['seconds']:.1f} s, {e['peak_mb']:.0f} MB"
        )
