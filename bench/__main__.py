"""Run every benchmark module (bench/bench_*.py) in turn; each prints its own figures.

`python -m bench [name ...]` runs only the named ones (e.g. `python -m bench search`).
PostgreSQL figures are included when HAZCHEM_PG_URL is set (`make bench` starts a server).
The long ones in OPT_IN run only when named (`python -m bench province`).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

# Benchmarks too long for the default run (the province one loads 3,000,000 manifests).
OPT_IN = {"province"}


def main(argv: list[str]) -> int:
    """Run the selected benchmarks and return a process exit code."""
    names = sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = argv or [n for n in names if n not in OPT_IN]
    unknown = set(chosen) - set(names)
    if unknown:
        print(f"unknown benchmarks: {', '.join(sorted(unknown))}; have: {', '.join(names)}")
        return 2
    pg_url = os.environ.get("HAZCHEM_PG_URL")
    for name in chosen:
        print(f"== {name}")
        started = time.perf_counter()
        importlib.import_module(f"bench.bench_{name}").run(pg_url=pg_url)
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
