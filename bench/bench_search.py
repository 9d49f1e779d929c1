"""Catalogue search latency at the full 2015 catalogue size (target: p95 under 10 ms per query).

Imports the shared official table into a fresh database (SQLite, and PostgreSQL when a URL is
given), then times a fixed list of realistic queries: names, aliases, CAS numbers, serials,
partial names and English words.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from hazchem.db import make_engine
from hazchem.migrate import upgrade
from hazchem.services.chemicals import catalogue
from hazchem.services.lists import importers

SHARED_FILE = Path(__file__).resolve().parents[2] / "shared" / "data" / "hazardous-chemicals-2015.csv"
BENCH_DB = "hazchem_bench_search"

NAMES = [
    "氨",
    "氯",
    "甲醇",
    "苯",
    "甲苯",
    "硫酸",
    "盐酸",
    "硝酸",
    "丙酮",
    "乙醇",
    "乙酸乙酯",
    "环氧乙烷",
    "氯乙烯",
    "碳酰氯",
    "氰化钠",
    "硝酸铵",
    "液化石油气",
    "甲烷",
    "氢",
    "乙炔",
    "乙烯",
    "丙烯",
    "二氯甲烷",
    "三氯甲烷",
    "四氢呋喃",
    "正丁醇",
    "甲醛溶液",
    "苯酚",
    "氢氟酸",
    "硫化氢",
    "一氧化碳",
    "汽油",
    "乙醚",
    "高锰酸钾",
    "溴",
    "环己烷",
    "正己烷",
    "二硫化碳",
    "乙腈",
    "2-丁酮",
    "氰化氢",
    "过氧化氢溶液",
    "氢氧化钠",
    "氢氧化钾",
    "次氯酸钠溶液",
    "发烟硫酸",
    "氯化氢",
    "天然气",
    "柴油",
    "硫磺",
]
ALIASES = [
    "液氨",
    "氨气",
    "液氯",
    "氯气",
    "木精",
    "木醇",
    "纯苯",
    "甲基苯",
    "二甲基酮",
    "无水酒精",
    "醋酸乙酯",
    "氧化乙烯",
    "乙烯基氯",
    "光气",
    "山奈",
    "苛性钠",
    "烧碱",
    "氢气",
    "电石气",
    "氯仿",
    "异丙醇",
    "醋酸",
    "福尔马林溶液",
    "石炭酸",
    "乙烯苯",
    "丙烯腈",
    "苛性钾",
    "甲乙酮",
    "二乙基醚",
    "灰锰氧",
    "溴素",
    "六氢化苯",
    "甲基氰",
    "焦硫酸",
    "沼气",
    "鸦片",
    "威菌磷",
    "米尔法兰",
    "硫酸甲酯",
    "甲基氯",
]
CAS = [
    "7664-41-7",
    "7782-50-5",
    "67-56-1",
    "71-43-2",
    "108-88-3",
    "1330-20-7",
    "7664-93-9",
    "7647-01-0",
    "1310-73-2",
    "7697-37-2",
    "67-64-1",
    "64-17-5",
    "141-78-6",
    "7722-84-1",
    "75-21-8",
    "75-01-4",
    "75-44-5",
    "143-33-9",
    "6484-52-2",
    "68476-85-7",
    "74-82-8",
    "1333-74-0",
    "74-86-2",
    "74-85-1",
    "115-07-1",
    "75-09-2",
    "67-66-3",
    "109-99-9",
    "67-63-0",
    "71-36-3",
    "64-19-7",
    "50-00-0",
    "108-95-2",
    "100-42-5",
    "107-13-1",
    "7664-39-3",
    "7681-52-9",
    "1310-58-3",
    "7783-06-4",
    "630-08-0",
]
SERIALS = [
    str(n)
    for n in (
        1,
        2,
        49,
        60,
        96,
        111,
        137,
        140,
        358,
        460,
        541,
        557,
        723,
        813,
        903,
        953,
        981,
        1014,
        1022,
        1173,
        1188,
        1289,
        1302,
        1381,
        1475,
        1519,
        1561,
        1630,
        1648,
        1669,
        1688,
        1693,
        1852,
        2071,
        2115,
        2123,
        2285,
        2286,
        2507,
        2548,
        2568,
        2622,
        2651,
        2662,
        2828,
    )
]
PARTIAL = [
    "氯化",
    "硝酸",
    "氰",
    "过氧化",
    "甲基",
    "乙酯",
    "溶液",
    "二甲",
    "苯胺",
    "丙烯酸",
    "氢氧化",
    "异氰酸",
    "7664",
    "64-1",
    "-17-",
    "含量",
    "稳定的",
    "铬酸",
    "农药",
    "有机",
]
ENGLISH = [
    "ammonia",
    "chlorine",
    "methanol",
    "benzene",
    "toluene",
    "acid",
    "oxide",
    "xylene",
    "hydrogen",
    "gas",
]
QUERIES = NAMES + ALIASES + CAS + SERIALS + PARTIAL + ENGLISH


def _time_queries(url: str, label: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            report = importers.import_chemicals(session=session, actor=None, path=SHARED_FILE)
            print(f"   {label}: {report.summary()}")
            for q in QUERIES[:20]:  # warm caches and the connection pool
                catalogue.search_chemicals(session=session, q=q)
            timings = []
            for q in QUERIES:
                started = time.perf_counter()
                catalogue.search_chemicals(session=session, q=q)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"   {label}: {len(timings)} queries, mean {statistics.mean(timings):.2f} ms, "
            f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
        )
    finally:
        engine.dispose()


def run(pg_url: str | None) -> None:
    """Time the search on SQLite and, when `pg_url` is given, on a throwaway PostgreSQL database."""
    with tempfile.TemporaryDirectory() as tmp:
        _time_queries(f"sqlite:///{tmp}/bench.sqlite3", "sqlite")
    if not pg_url:
        return
    admin = make_engine(pg_url)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
            conn.execute(text(f"CREATE DATABASE {BENCH_DB}"))
        _time_queries(
            make_url(pg_url).set(database=BENCH_DB).render_as_string(hide_password=False), "postgresql"
        )
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
        admin.dispose()
