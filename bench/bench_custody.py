"""Custody chain at park scale: scan lookups over HTTP and manifest submission as history grows.

Goals: scan lookup (`/l/<id>` logged in, and `POST /api/v1/scans` action "lookup")
throughput at least 0.5× the trivial `/healthz` of the same app under the same gunicorn, with
100,000 containers in the database; a manifest submission's server time grows by less than 1.5×
from 1,000 to 100,000 existing manifests.

Each database (a temporary SQLite file, and PostgreSQL when a URL is given) gets the demo park and
a bulk-generated history (bench/datagen.py). `waste.submit` is timed in-process on fresh drafts
at 1,000 existing manifests, the history is grown to 100,000, and it is timed again; then gunicorn
(2 workers × 4 threads) serves the same database on 127.0.0.1 and wrk (or a Python client) drives
each route for a bounded time after a warm-up, in interleaved rounds whose ratios are medianed.
Beside hazchem, the same gunicorn serves bench/floor_app.py, a bare Flask app on the same database,
whose ratios show what the stack itself allows for one read and for one recorded scan; the summary
also divides each hazchem scan route by the floor route doing the least it must (a logged-in read,
a read plus a recorded scan), round by round, against its own goal.
"""

from __future__ import annotations

import contextlib
import json
import random
import secrets
import statistics
import tempfile
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from bench import datagen, loadgen
from hazchem.db import make_engine
from hazchem.demo import data
from hazchem.migrate import upgrade
from hazchem.models import Container, Manifest, User
from hazchem.services import waste
from hazchem.services.platform import auth

BENCH_DB = "hazchem_bench_custody"
SMALL, LARGE = 1_000, 100_000  # existing manifests at the two submission timings
DRAFTS = 50  # submissions timed at each size
PER_DRAFT = 2  # containers per timed draft
SECONDS, WARMUP, ROUNDS = 4.0, 2.0, 3  # per route and round; warm-up once per route
SCAN_SUBJECTS = 2_000  # distinct containers cycled over by the scan load
RATIO_GOAL, GROWTH_GOAL = 0.5, 1.5
# hazchem's route, the floor route doing the least the same request must do, and the goal for their ratio.
FLOOR_GOALS = (
    ("label", "floor_session_read", "label page /l/<id> logged in ÷ floor read, logged in", 0.5),
    ("scans", "floor_record", "scans API lookup ÷ floor read + recorded scan", 0.7),
)
ROUTES = {
    "healthz": "hazchem GET /healthz",
    "label": "hazchem GET /l/<id> (logged in)",
    "scans": "hazchem POST /api/v1/scans lookup",
    "floor_healthz": "bare app GET /healthz",
    "floor_read": "bare app GET one read",
    "floor_session_read": "bare app GET one read, logged in",
    "floor_record": "bare app POST read + recorded scan",
}
FLOOR_BASE = "floor_healthz"


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _ids(world: datagen.World) -> tuple[int, int, int, int]:
    """A receiving kiln with a store (so submission's capacity check passes), and the demo carrier's first
    vehicle and driver."""
    facility = world.facilities[("incin_70", "回转窑焚烧线（含3000吨贮存库）")]
    carrier = next(c for c in world.carriers if c["key"] == "carrier_dg")
    vehicle = next(v for v, classes, _ in carrier["vehicles"] if "3" in classes)
    driver = next(d for d, valid in carrier["drivers"] if valid > world.today + timedelta(days=30))
    return facility, carrier["id"], vehicle, driver


def _time_submissions(engine: Engine, world: datagen.World, container_ids: list[int]) -> list[float]:
    """Draft DRAFTS manifests of the `ehs` officer's reserved containers, then time each submit (ms)."""
    facility, carrier, vehicle, driver = _ids(world)
    with Session(engine, expire_on_commit=False) as session:
        user = session.execute(select(User).where(User.username == "ehs")).scalar_one()
        actor = auth.actor_for_user_id(session=session, user_id=user.id)
        drafts = [
            waste.create_manifest(
                session=session,
                actor=actor,
                container_ids=container_ids[i * PER_DRAFT : (i + 1) * PER_DRAFT],
                receiver_facility_id=facility,
                legs=[waste.LegInput(carrier_id=carrier, vehicle_id=vehicle, driver_id=driver)],
                transfer_date=world.today + timedelta(days=3),
                planned_method="D10",
            ).id
            for i in range(DRAFTS)
        ]
        timings = []
        for manifest_id in drafts:
            started = time.perf_counter()
            outcome = waste.submit(session=session, actor=actor, manifest_id=manifest_id)
            timings.append((time.perf_counter() - started) * 1000)
            assert outcome.manifest.status == "submitted"
    return timings


def _settle(engine: Engine) -> None:
    """Refresh planner statistics and write out the bulk load, so a timing pays for neither."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
            # A role without the right to checkpoint times with the bulk load still being written out.
            with contextlib.suppress(DBAPIError):
                conn.execute(text("CHECKPOINT"))
        else:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _stats(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def _scan_subjects(engine: Engine, world: datagen.World) -> list[str]:
    """Random digital IDs of containers the `ehs` officer's enterprise generated (every state)."""
    with engine.connect() as conn:
        ids = list(
            conn.execute(
                select(Container.digital_id).where(
                    Container.enterprise_id == world.enterprises["fine_chem"].id
                )
            ).scalars()
        )
    random.Random(7).shuffle(ids)
    return ids[:SCAN_SUBJECTS]


def _median_ratio(results: dict[str, list[Any]], key: str, base: str) -> float:
    """The median over rounds of a route's requests/s divided by its trivial route's in that round."""
    return statistics.median(r.ok_rps / b.ok_rps for r, b in zip(results[key], results[base], strict=True))


def _targets(port: int, subjects: list[str]) -> dict[str, loadgen.Target | str]:
    """hazchem's routes to drive, each probed once first; a route that does not answer right is a string."""
    targets: dict[str, loadgen.Target | str] = {
        "healthz": loadgen.Target("healthz", "GET", ["/healthz"], {}),
    }
    cookie = loadgen.login(port, "ehs", data.DEMO_PASSWORD)
    status, _, body = loadgen.request(port, "GET", f"/l/{subjects[0]}", headers={"Cookie": cookie})
    if status == 200 and b'class="timeline"' in body:
        targets["label"] = loadgen.Target("label", "GET", [f"/l/{s}" for s in subjects], {"Cookie": cookie})
    else:
        targets["label"] = f"not available (GET /l/<id> answered {status} without the logged-in page)"
    token = loadgen.api_token(port, "ehs", data.DEMO_PASSWORD)
    scan_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    probe = json.dumps({"scanned": subjects[0], "action": "lookup"}).encode()
    status, _, body = loadgen.request(
        port, "POST", "/api/v1/scans", body=probe, headers={**scan_headers, "Idempotency-Key": "probe-1"}
    )
    if status == 200:
        targets["scans"] = loadgen.Target(
            "scans",
            "POST",
            ["/api/v1/scans"],
            scan_headers,
            body_template='{"scanned": "{subject}", "action": "lookup"}',
            subjects=subjects,
            idempotency=True,
        )
    else:
        targets["scans"] = f"not available (POST /api/v1/scans answered {status}: {body[:120]!r})"
    return targets


def _floor_targets(port: int, subjects: list[str]) -> dict[str, loadgen.Target]:
    """The bare app's routes: trivial, one read (anonymous and logged in), a read plus a recorded scan."""
    status, headers, _ = loadgen.request(port, "GET", "/session")
    cookie = {"Cookie": headers.get("set-cookie", "").split(";", 1)[0]}
    probes = (
        (f"/read/{subjects[0]}", "GET", {}),
        (f"/me/read/{subjects[0]}", "GET", cookie),
        (f"/record/{subjects[0]}", "POST", {}),
    )
    for path, method, headers in probes:
        status, _, body = loadgen.request(port, method, path, headers=headers)
        if status != 200:
            raise RuntimeError(f"floor app {method} {path} answered {status}: {body[:200]!r}")
    return {
        "floor_healthz": loadgen.Target("floor_healthz", "GET", ["/healthz"], {}),
        "floor_read": loadgen.Target("floor_read", "GET", [f"/read/{s}" for s in subjects], {}),
        "floor_session_read": loadgen.Target(
            "floor_session_read", "GET", [f"/me/read/{s}" for s in subjects], cookie
        ),
        "floor_record": loadgen.Target("floor_record", "POST", [f"/record/{s}" for s in subjects], {}),
    }


def _scan_throughput(url: str, workdir: str, subjects: list[str], user_id: int) -> dict[str, Any]:
    """Requests/s of hazchem's routes and the bare floor app's, interleaved over ROUNDS rounds.

    Both servers run at once (an idle one costs nothing), and every round drives each route in turn,
    so a slow spell of this shared machine falls on all routes alike rather than on one of them.
    """
    server = loadgen.Server(url, workdir)
    floor = loadgen.Server(
        url,
        workdir,
        app="bench.floor_app:app",
        extra_env={"FLOOR_USER_ID": str(user_id), "FLOOR_SECRET": secrets.token_hex(32)},
    )
    results: dict[str, Any] = {}
    try:
        server.wait()
        floor.wait()
        targets = {
            **{k: (server.port, t) for k, t in _targets(server.port, subjects).items()},
            **{k: (floor.port, t) for k, t in _floor_targets(floor.port, subjects).items()},
        }
        for key, (port, target) in targets.items():
            if isinstance(target, str):
                results[key] = target
                continue
            loadgen.measure(port, target, WARMUP, 0)  # the warm-up, not counted
            results[key] = []
        for _ in range(ROUNDS):
            for key, (port, target) in targets.items():
                if not isinstance(target, str):
                    results[key].append(loadgen.measure(port, target, SECONDS, 0))
    finally:
        server.stop()
        floor.stop()
    return results


def _bench(url: str, label: str, workdir: str) -> dict[str, Any]:
    today = date.today()
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    out: dict[str, Any] = {}
    try:
        world = datagen.prepare(engine, today)
        planner = datagen.Planner(world, engine)
        loose = datagen.Plan()
        reserved = planner.reserved(loose, "fine_chem", 2 * DRAFTS * PER_DRAFT)
        planner.loose(loose, stored_share=0.25)
        datagen.insert(engine, datagen.merge([loose, *planner.manifests(SMALL)]))
        print(
            f"   {label}: generated demo park + {_count(engine, Container):,} containers, "
            f"{_count(engine, Manifest):,} manifests in {time.perf_counter() - started:.1f} s"
        )
        _settle(engine)
        small = _count(engine, Manifest)
        timings_small = _time_submissions(engine, world, reserved[: DRAFTS * PER_DRAFT])

        started = time.perf_counter()
        grow = LARGE - _count(engine, Manifest)
        stats = datagen.insert(
            engine, datagen.merge(datagen.Planner(world, engine, seed=2027).manifests(grow))
        )
        _settle(engine)
        containers = _count(engine, Container)
        print(
            f"   {label}: grew by {stats['manifests']:,} manifests, {stats['containers']:,} containers, "
            f"{stats['signatures']:,} signatures, {stats['events']:,} events "
            f"in {time.perf_counter() - started:.1f} s (now {containers:,} containers)"
        )
        large = _count(engine, Manifest)
        timings_large = _time_submissions(engine, world, reserved[DRAFTS * PER_DRAFT :])
        (med_s, p95_s), (med_l, p95_l) = _stats(timings_small), _stats(timings_large)
        out["submit"] = (small, med_s, p95_s, large, med_l, p95_l)
        print(
            f"   {label}: waste.submit at {small:,} manifests: median {med_s:.1f} ms, "
            f"p95 {p95_s:.1f} ms; at {large:,}: median {med_l:.1f} ms, p95 {p95_l:.1f} ms; "
            f"growth {med_l / med_s:.2f}× "
            f"(goal < {GROWTH_GOAL}×: {'met' if med_l / med_s < GROWTH_GOAL else 'NOT met'})"
        )
        subjects = _scan_subjects(engine, world)
        with Session(engine) as session:
            ehs_id = session.execute(select(User.id).where(User.username == "ehs")).scalar_one()
    finally:
        engine.dispose()
    out["containers"] = containers
    scans = _scan_throughput(url, workdir, subjects, ehs_id)
    out["scans"] = scans
    print(
        f"   {label}: {ROUNDS} rounds, each driving every route in turn for {SECONDS:.0f} s "
        f"({loadgen.tool_name()}, {loadgen.CONNECTIONS} connections, gunicorn 2 workers × 4 threads)"
    )
    for key, name in ROUTES.items():
        result = scans[key]
        if isinstance(result, str):
            print(f"   {label}: {name}: {result}")
            continue
        rates = ", ".join(f"{r.ok_rps:,.0f}" for r in result)
        bad = sum(r.bad for r in result)
        example = next((r.first_bad_status for r in result if r.bad), 0)
        failed = f"; {bad:,} not 200 (e.g. {example})" if bad else ""
        base = FLOOR_BASE if key.startswith("floor_") else "healthz"
        ratio = "" if key == base else f"; median ratio {_median_ratio(scans, key, base):.2f}"
        print(f"   {label}: {name:34} req/s per round {rates}{failed}{ratio}")
    return out


def _summary(results: dict[str, dict[str, Any]]) -> None:
    print("   summary (goals; ratio = median over rounds of route req/s ÷ that round's /healthz):")
    for label, out in results.items():
        scans = out["scans"]
        for key, name in (("label", "/l/<id> logged in"), ("scans", "API scan lookup")):
            if isinstance(scans[key], str):
                print(f"     {label:10} {name:22} not available")
                continue
            ratio = _median_ratio(scans, key, "healthz")
            verdict = "met" if ratio >= RATIO_GOAL else "NOT met"
            print(
                f"     {label:10} {name:22} {ratio:5.2f}× /healthz "
                f"({statistics.median(r.ok_rps for r in scans[key]):,.0f} vs "
                f"{statistics.median(r.ok_rps for r in scans['healthz']):,.0f} req/s, "
                f"{out['containers']:,} containers)   goal ≥ {RATIO_GOAL}×  {verdict}"
            )
        floors = (
            ("floor_read", "floor: one read"),
            ("floor_session_read", "floor: read, logged in"),
            ("floor_record", "floor: read + record"),
        )
        for key, name in floors:
            print(
                f"     {label:10} {name:22} {_median_ratio(scans, key, FLOOR_BASE):5.2f}× the bare "
                "app's trivial route (what Flask, gunicorn and the database allow)"
            )
        for key, floor_key, name, goal in FLOOR_GOALS:
            if isinstance(scans[key], str):
                print(f"     {label:10} {name}: not available")
                continue
            ratio = _median_ratio(scans, key, floor_key)
            print(
                f"     {label:10} {name}: {ratio:5.2f}×   goal ≥ {goal}×  "
                f"{'met' if ratio >= goal else 'NOT met'}"
            )
        small, med_s, _, large, med_l, _ = out["submit"]
        growth = med_l / med_s
        print(
            f"     {label:10} {'submit growth':22} {growth:5.2f}× ({med_s:.1f} ms at {small:,} → "
            f"{med_l:.1f} ms at {large:,} manifests)   goal < {GROWTH_GOAL}×  "
            f"{'met' if growth < GROWTH_GOAL else 'NOT met'}"
        )
    print("     labels/s for a 500-label bulk PDF: see the `labels` benchmark (goal ≥ 100/s)")


def run(pg_url: str | None) -> None:
    """Run on a temporary SQLite file and, when `pg_url` is given, on a throwaway PostgreSQL database."""
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = _bench(f"sqlite:///{tmp}/custody.sqlite3", "sqlite", tmp)
        if pg_url:
            admin = make_engine(pg_url)
            try:
                with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
                    conn.execute(text(f"CREATE DATABASE {BENCH_DB}"))
                url = make_url(pg_url).set(database=BENCH_DB).render_as_string(hide_password=False)
                results["postgresql"] = _bench(url, "postgresql", tmp)
            finally:
                with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"))
                admin.dispose()
    _summary(results)
