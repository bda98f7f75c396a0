"""Store benchmark: ingest throughput against parse-only, and loading and filtering
100,000 records.

    python -m benchmarks.store [--corpus DIR | --synthetic 200] [--records 100000]
                               [--rounds 3] [--pg URL]

Targets (issues 4 and 15): ingest within 1.5x of parse-only time per article on the real
corpus (``../shared/corpus/ukraine-war-news/``, 443 published articles, by default), the
store on a real disk (a temporary folder beside the project, not a RAM disk); a country +
date-range filter over 100,000 records under 100 ms.  ``--synthetic N`` ingests N generated
articles instead (when the corpus is absent, 200 of them).  PostgreSQL is measured when
--pg or TEST_DATABASE_URL gives a server (scripts/pg-temp.sh start prints one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from benchmarks.generate import fill_store, generate_articles
from core import pipeline, service
from core.query import Filters, filter_records
from core.store import Store

FILTER_RUNS = 15
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"


def parse_only(files) -> float:
    start = time.perf_counter()
    for path in files:
        pipeline.parse_file(path)
    return time.perf_counter() - start


def ingest(url: str, folder: Path) -> float:
    """The CLI's path: read, parse and store every file of a folder, into an empty store."""
    if url.startswith("postgresql"):
        reset_pg(url)
    store = Store(url=url)
    start = time.perf_counter()
    report = service.ingest_paths(store, [folder], jobs=1)  # store overhead, one process
    seconds = time.perf_counter() - start
    assert not report.failed, report.failed
    store.close()
    return seconds


def load_records(store: Store, n: int, parser_version: str = "bench") -> None:
    """Generated records put straight into the store's tables (``benchmarks.generate``),
    under synthetic articles stamped ``parser_version`` (pass the current one so a dashboard
    does not re-read them)."""
    fill_store(store, n, parser_version=parser_version)


def bench_filter(label: str, url: str, n_records: int) -> None:
    store = Store(url=url)
    t0 = time.perf_counter()
    load_records(store, n_records)
    t1 = time.perf_counter()
    frame = store.records_frame()
    t2 = time.perf_counter()
    filters = Filters(countries=("UKR",), date_from=date(2022, 6, 1), date_to=date(2022, 12, 31))
    times = []
    for _ in range(FILTER_RUNS):
        s = time.perf_counter()
        out = filter_records(frame, filters)
        times.append(time.perf_counter() - s)
    # The same question asked of the database itself, for comparison.
    q = sa.text(
        "SELECT COUNT(DISTINCT r.id) FROM records r LEFT JOIN record_actors a ON a.record_id = r.id "
        "LEFT JOIN record_locations l ON l.record_id = r.id "
        "WHERE (a.country = 'UKR' OR l.country = 'UKR' OR r.speaker_country = 'UKR') "
        "AND r.date_end >= :f AND r.date_start <= :t"
    )
    sql_times = []
    with store.engine.connect() as conn:
        for _ in range(5):
            s = time.perf_counter()
            n_sql = conn.execute(q, {"f": date(2022, 6, 1), "t": date(2022, 12, 31)}).scalar_one()
            sql_times.append(time.perf_counter() - s)
    print(
        f"{label:<11} {n_records:,} records: insert {t1 - t0:5.1f} s, load frame {t2 - t1:5.2f} s; "
        f"country+date filter median {statistics.median(times) * 1000:6.1f} ms (target < 100 ms), "
        f"{len(out):,} rows; same query in SQL median {statistics.median(sql_times) * 1000:6.1f} ms "
        f"({n_sql:,} rows)"
    )
    store.close()


def reset_pg(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, help=f"folder of real articles (default {CORPUS})")
    source.add_argument("--synthetic", type=int, metavar="N", help="N generated articles instead")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="ingest rounds; medians are printed")
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()

    corpus = args.corpus or (CORPUS if args.synthetic is None and CORPUS.is_dir() else None)
    # On the project's own disk: /tmp may be a RAM disk, where fsync costs nothing.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-store-") as tmp:
        if corpus is not None:
            folder = corpus  # read in place: parse-only and ingest see the same files
            print(f"ingest: {corpus} (real articles)")
        else:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            for name, text in generate_articles(args.synthetic or 200, seed=1):
                (folder / name).write_text(text, encoding="utf-8")
            print("ingest: generated articles (synthetic)")
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in service.ARTICLE_SUFFIXES)
        parse_only(files[:5])  # warm the gazetteers
        backends = {"SQLite": lambda: f"sqlite:///{Path(tempfile.mkdtemp(dir=tmp)) / 'ingest.sqlite'}"}
        if args.pg:
            backends["PostgreSQL"] = lambda: args.pg
        # Rounds alternate parse-only and each backend so that load from other
        # processes on a shared machine hits them alike; medians are reported.
        timings: dict[str, list[float]] = {"parse-only": [], **{k: [] for k in backends}}
        for _ in range(args.rounds):
            timings["parse-only"].append(parse_only(files))
            for label, url in backends.items():
                timings[label].append(ingest(url(), folder))
        base = statistics.median(timings["parse-only"])
        for label, runs in timings.items():
            seconds = statistics.median(runs)
            ratio = (
                "(baseline, same run)"
                if label == "parse-only"
                else f"{seconds / base:5.2f}x parse-only (target <= 1.5x)"
            )
            print(
                f"{label:<11} {len(files) / seconds:8.1f} articles/s  "
                f"{seconds / len(files) * 1000:7.1f} ms/article   {ratio}"
            )
        if not args.pg:
            print("PostgreSQL  skipped: give --pg URL or TEST_DATABASE_URL (scripts/pg-temp.sh start)")
        bench_filter("SQLite", f"sqlite:///{Path(tmp) / 'filter.sqlite'}", args.records)
        if args.pg:
            reset_pg(args.pg)
            bench_filter("PostgreSQL", args.pg, args.records)


if __name__ == "__main__":
    main()
