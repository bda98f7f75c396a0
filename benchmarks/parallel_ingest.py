"""Folder ingest on every core against one process, same files, same run: the process
pool and the Dask backend.

    .venv/bin/python -m benchmarks.parallel_ingest [--corpus DIR] [--files N] [--rounds R]
                                                   [--no-dask]

Each round runs the command line a user runs, ``python -m core ingest FOLDER --jobs J``,
on the same N real corpus articles (``../shared/corpus/ukraine-war-news``, dated by their
file names) into an empty SQLite store on a real disk (a temporary folder beside the
project): with ``--jobs 1`` (one process), with every core (``service.default_jobs``, the
process pool) and with ``--backend dask`` on as many workers (a ``LocalCluster``), in an
order that turns each round.  Wall time is the whole command: interpreter start, cluster
start, model load (once, or once per worker), reading, parsing and storing.  Prints median
articles/s and their ratio to one process (issues 10 and 36 ask at least 1.7x on two
cores), never asserts; skips when the corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core import service
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"
DEFAULT_FILES = 443  # the whole corpus


def ingest_seconds(folder: Path, jobs: int, backend: str = "process") -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the command and its workers, records stored)."""
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        command = [sys.executable, "-m", "core", "ingest", str(folder), "--quiet", "--jobs", str(jobs)]
        command += ["--backend", backend]
        start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([*command, "--db", url], cwd=ROOT, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        store = Store(url=url)
        records = len(store.records_frame())
        store.close()
    return seconds, cpu, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--files", type=int, default=DEFAULT_FILES)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-dask", action="store_true", help="only one process and the process pool")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return
    cores = service.default_jobs()
    if cores < 2:
        print("skipped: this machine gives the process one core")
        return
    files = sorted(args.corpus.glob("*.txt"))[: args.files]
    runs = {"one process": (1, "process"), f"process pool, {cores} workers": (cores, "process")}
    if not args.no_dask:
        runs[f"Dask LocalCluster, {cores} workers"] = (cores, "dask")
    times: dict[str, list[float]] = {label: [] for label in runs}
    cpus: dict[str, list[float]] = {label: [] for label in runs}
    records: dict[str, int] = {}
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        folder = Path(tmp)
        for path in files:
            (folder / path.name).symlink_to(path.resolve())
        labels = list(runs)
        for r in range(args.rounds):
            for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
                seconds, cpu, records[label] = ingest_seconds(folder, *runs[label])
                times[label].append(seconds)
                cpus[label].append(cpu)
    one = statistics.median(times["one process"])
    print(
        f"{len(files)} corpus articles, {args.rounds} round(s), {cores} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for label in runs:
        seconds = statistics.median(times[label])
        rate = len(files) / seconds
        ratio = "" if label == "one process" else f"  {one / seconds:.2f}x one process (target >= 1.7x)"
        cpu = statistics.median(cpus[label]) / len(files) * 1000
        print(
            f"  {label:<30} {rate:5.2f} articles/s ({seconds:.1f} s, {records[label]:,} records; "
            f"{cpu:.0f} CPU ms per article){ratio}"
        )
    print(
        "  (wall-clock ratios hold on an otherwise idle machine; CPU ms per article shows what each "
        "way costs whatever the load)"
    )


if __name__ == "__main__":
    main()
