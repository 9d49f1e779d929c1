"""Annual summary, dashboard and park indicators on a bulk custody history.

Builds the demo park with a generated history (bench/datagen.py; HAZCHEM_BENCH_SUMMARY_MANIFESTS
manifests, 100,000 by default, with their containers) on SQLite and, when a URL is given, on
PostgreSQL, then times each aggregate read a few times and prints the median and worst run.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from bench import datagen
from hazchem.db import make_engine
from hazchem.migrate import upgrade
from hazchem.models import Container, Manifest, User
from hazchem.services.oversight import dashboards, indicators, rollups, summaries
from hazchem.services.platform import auth

BENCH_DB = "hazchem_bench_summaries"
RUNS = 5


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _time(engine: Engine, call: Callable[[Session], Any]) -> tuple[float, float]:
    timings = []
    for _ in range(RUNS):
        with Session(engine, expire_on_commit=False) as session:
            started = time.perf_counter()
            call(session)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def _bench(url: str, label: str, count: int) -> None:
    today = date.today()
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    try:
        world = datagen.prepare(engine, today)
        planner = datagen.Planner(world, engine)
        loose = datagen.Plan()
        planner.loose(loose)
        datagen.insert(engine, datagen.merge([loose, *planner.manifests(count)]))
        with Session(engine) as session:
            rollups.rebuild(session=session)  # bulk inserts bypass the session that keeps them
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        print(
            f"   {label}: demo park + {_count(engine, Container):,} containers, {_count(engine, Manifest):,} "
            f"manifests in {time.perf_counter() - started:.1f} s"
        )
        with Session(engine) as session:
            admin = auth.build_actor(
                session, session.exec(select(User).where(User.username == "admin")).one()[0]
            )
            generator = next(iter(world.enterprises.values())).id
        year = today.year - 1
        reads = {
            f"park annual summary {year}": lambda s: summaries.annual_summary(
                session=s, actor=admin, year=year
            ),
            f"enterprise annual summary {year}": lambda s: summaries.annual_summary(
                session=s, actor=admin, year=year, enterprise_id=generator
            ),
            f"park dashboard {year}": lambda s: dashboards.dashboard(
                session=s, actor=admin, year=year, today=today
            ),
            f"park indicators {year}": lambda s: indicators.park_indicators(
                session=s, actor=admin, year=year, today=today
            ),
        }
        for name, call in reads.items():
            median, worst = _time(engine, call)
            print(f"   {label}: {name}: median {median:,.0f} ms, worst {worst:,.0f} ms ({RUNS} runs)")
    finally:
        engine.dispose()


def run(pg_url: str | None) -> None:
    """Run on a temporary SQLite file and, when `pg_url` is given, on a throwaway PostgreSQL database."""
    count = int(os.environ.get("HAZCHEM_BENCH_SUMMARY_MANIFESTS", "100000"))
    with tempfile.TemporaryDirectory() as tmp:
        _bench(f"sqlite:///{tmp}/summaries.sqlite3", "sqlite", count)
    if pg_url:
        admin = make_engine(pg_url)
        try:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
                conn.execute(text(f"CREATE DATABASE {BENCH_DB}"))
            url = make_url(pg_url).set(database=BENCH_DB).render_as_string(hide_password=False)
            _bench(url, "postgresql", count)
        finally:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"))
            admin.dispose()
