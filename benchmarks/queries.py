"""The SQL layer (core.queries) at 10^4, 10^5 and 10^6 records, on SQLite and PostgreSQL:
what a view of the dashboard asks the store, timed in a fresh process, and that process's
memory.

    .venv/bin/python -m benchmarks.queries [--sizes 10000 100000 1000000] [--pg URL] [--repeat 5]
                                           [--keep DIR] [--backends sqlite postgresql]

Each size is filled with SYNTHETIC records (``benchmarks.generate.fill_store``: 10 countries,
60 actors, ~45 places over ~3 years, one record in 30 undated) into an empty store (SQLite
on the project's disk; PostgreSQL when ``--pg`` or ``TEST_DATABASE_URL`` names a server,
whose schema is wiped first), then a new process measures, as phase 2 of issue 36 will
ask them:

- first view: the facets, count, date extent, records per week and per actor lane and week,
  and the first page of 50 records, on a process that has asked nothing yet (cold);
- filter change: the same without facets for a country and a date window, a new filter
  each time (median of ``--repeat``);
- map: records per place under a country filter; statements: a page, the count and the
  country lanes of statements; facets alone (medians);
- the process's resident memory after all of it (RSS), against the same process before its
  first query (interpreter, pandas, SQLAlchemy) as the baseline.

``--keep DIR`` keeps the SQLite stores there and reuses one of the same size (filling 10^6
records takes several minutes).  Figures are printed, never asserted; the targets of issue
36 are first view <= 2 s, filter change <= 1 s, map and statements <= 2 s, RSS <= 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"first view": 2.0, "filter change": 1.0, "map": 2.0, "statements": 2.0}
TARGET_RSS_MB = 500
UNDATED_EVERY = 30  # one record in 30 known only by its article's day
COUNTRIES = ("UKR", "RUS", "SDN", "ISR", "SYR", "ARM", "AZE", "COD", "YEM", "MLI")
PAGE = 50


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def measure(url: str, repeat: int) -> dict:
    """In a fresh process: every figure of one store (see the module doc)."""
    began = time.perf_counter()
    from core import queries
    from core.query import Filters
    from core.store import Store

    store = Store(url=url)
    opened = time.perf_counter() - began
    baseline_rss = _rss_mb()

    def view(filters, with_facets: bool) -> None:
        store.data_version()
        if with_facets:
            queries.facets(store)
        queries.count(store, filters)
        queries.date_extent(store, filters)
        queries.period_counts(store, filters, "week")
        queries.lane_counts(store, filters, "actor", "week")
        queries.records_page(store, filters, limit=PAGE)

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    out = {"open": opened, "first view": timed(lambda: view(Filters(), True))}
    windows = [
        Filters(
            countries=(COUNTRIES[i % len(COUNTRIES)],),
            date_from=date(2022, 3, 1) + timedelta(days=37 * i),
            date_to=date(2022, 3, 1) + timedelta(days=37 * i + 180),
        )
        for i in range(repeat)
    ]
    out["filter change"] = statistics.median(timed(lambda f=f: view(f, False)) for f in windows)
    out["zoom (dates only)"] = statistics.median(
        timed(lambda f=f: view(Filters(date_from=f.date_from, date_to=f.date_to), False)) for f in windows
    )
    out["map"] = statistics.median(
        timed(lambda f=f: (queries.count(store, f), queries.place_counts(store, f)))
        for f in (Filters(countries=(c,)) for c in COUNTRIES[:repeat])
    )
    out["map, all records"] = timed(lambda: queries.place_counts(store, Filters()))

    def statements(f) -> None:
        queries.count(store, f)
        queries.records_page(store, f, limit=PAGE)
        queries.lane_counts(store, f, "country", "week")

    out["statements"] = statistics.median(
        timed(lambda f=f: statements(Filters(kinds=("statement",), date_from=f.date_from))) for f in windows
    )
    out["facets"] = statistics.median(timed(lambda: queries.facets(store)) for _ in range(repeat))
    out["text search"] = timed(lambda: queries.count(store, Filters(text="kharkiv")))
    out["records"] = queries.count(store, Filters())
    out["rss_mb"], out["baseline_rss_mb"] = _rss_mb(), baseline_rss
    store.close()
    return out


def fill(url: str, n: int) -> float:
    from benchmarks.generate import fill_store
    from core.pipeline import PARSER_VERSION
    from core.store import Store

    store = Store(url=url)
    start = time.perf_counter()
    fill_store(store, n, parser_version=PARSER_VERSION, undated_every=UNDATED_EVERY)
    seconds = time.perf_counter() - start
    store.close()
    return seconds


def reset_pg(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def run_measure(url: str, repeat: int) -> dict:
    """``measure`` in a new interpreter: a fresh server process's figures."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.queries", "--measure", url, "--repeat", str(repeat)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(label: str, n: int, fill_s: float | None, figures: dict) -> None:
    filled = f"filled in {fill_s:.0f} s" if fill_s is not None else "reused"
    print(
        f"{label} {n:,} records ({figures['records']:,} visible; {filled}; "
        f"store opened in {figures['open']:.2f} s)"
    )
    for name in (
        "first view",
        "filter change",
        "zoom (dates only)",
        "map",
        "map, all records",
        "statements",
        "facets",
        "text search",
    ):
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else f"  (target <= {target:g} s: {'ok' if figures[name] <= target else 'OVER'})"
        )
        print(f"  {name:<18} {figures[name] * 1000:9.0f} ms{verdict}")
    rss = figures["rss_mb"]
    print(
        f"  {'process RSS':<18} {rss:9.0f} MB (before the first query {figures['baseline_rss_mb']:.0f} MB; "
        f"target <= {TARGET_RSS_MB} MB: {'ok' if rss <= TARGET_RSS_MB else 'OVER'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the SQLite stores in this folder")
    parser.add_argument(
        "--backends", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (figures are wall-clock)")
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-queries-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            if "sqlite" in args.backends:
                path = folder / f"queries-{n}.sqlite"
                url = f"sqlite:///{path}"
                fill_s = None if path.exists() else fill(url, n)
                report("SQLite    ", n, fill_s, run_measure(url, args.repeat))
            if args.pg and "postgresql" in args.backends:
                reset_pg(args.pg)
                fill_s = fill(args.pg, n)
                report("PostgreSQL", n, fill_s, run_measure(args.pg, args.repeat))
        if not args.pg:
            print("PostgreSQL skipped: give --pg URL or TEST_DATABASE_URL (scripts/pg-temp.sh start)")


if __name__ == "__main__":
    main()
