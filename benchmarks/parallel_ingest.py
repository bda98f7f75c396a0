"""Folder ingest on every core against one process, same files, same run.

    .venv/bin/python -m benchmarks.parallel_ingest [--corpus DIR] [--files N] [--rounds R]

Each round runs the command line a user runs, ``python -m core ingest FOLDER --jobs J``,
on the same N real corpus articles (``../shared/corpus/ukraine-war-news``, dated by their
file names) into an empty SQLite store on a real disk (a temporary folder beside the
project), once with ``--jobs 1`` and once with every core (``service.default_jobs``),
alternating which goes first.  Wall time is the whole command: interpreter start, model
load (once, or once per worker), reading, parsing and storing.  Prints median articles/s
and their ratio (issue 10 asks at least 1.7x on two cores), never asserts; skips when the
corpus is absent.
"""

from __future__ import annotations

import argparse
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


def ingest_seconds(folder: Path, jobs: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        command = [sys.executable, "-m", "core", "ingest", str(folder), "--quiet", "--jobs", str(jobs)]
        start = time.perf_counter()
        subprocess.run([*command, "--db", url], cwd=ROOT, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        store = Store(url=url)
        records = len(store.records_frame())
        store.close()
    return seconds, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--files", type=int, default=DEFAULT_FILES)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return
    cores = service.default_jobs()
    if cores < 2:
        print("skipped: this machine gives the process one core")
        return
    files = sorted(args.corpus.glob("*.txt"))[: args.files]
    times: dict[int, list[float]] = {1: [], cores: []}
    records: dict[int, int] = {}
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        folder = Path(tmp)
        for path in files:
            (folder / path.name).symlink_to(path.resolve())
        for r in range(args.rounds):
            for jobs in (1, cores) if r % 2 == 0 else (cores, 1):
                seconds, records[jobs] = ingest_seconds(folder, jobs)
                times[jobs].append(seconds)
    one, many = statistics.median(times[1]), statistics.median(times[cores])
    print(f"{len(files)} corpus articles, {args.rounds} round(s), {cores} cores")
    for label, jobs, seconds in (("one process", 1, one), (f"{cores} workers", cores, many)):
        rate = len(files) / seconds
        print(f"  {label:<12} {rate:5.2f} articles/s ({seconds:.1f} s, {records[jobs]:,} records)")
    print(f"  ratio: {one / many:.2f}x one process (target >= 1.7x on two cores)")


if __name__ == "__main__":
    main()
