"""Temporal tagger speed per document against a baseline revision, in one process.

    .venv/bin/python -m benchmarks.timex_speed [--baseline REV] [--rounds N] [--corpus N]

The baseline is ``core/timex.py`` with its language data (``data/``) at git revision REV
(default ``main``), exported with ``git archive`` into a temporary folder and imported
under another module name, so both taggers run on the same machine at the same moment.
Documents: the TBAQ ``.tml`` texts (``../shared/timeml/tbaq``) and up to N real corpus
articles (``../shared/corpus/ukraine-war-news``), each tagged against its own date.
Each round times every document with both taggers, alternating which goes first; a
document's time is its median over the rounds.  Prints medians and their ratio, never
asserts; skips what is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks import timeml
from core import timex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"
DEFAULT_ROUNDS = 5
DEFAULT_CORPUS_ARTICLES = 100


def load_baseline(rev: str, into: Path):
    """The ``core.timex`` module of git revision ``rev`` (its data beside it)."""
    raw = subprocess.run(
        ["git", "archive", "--format=tar", rev, "core/timex.py", "data"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        tar.extractall(into, filter="data")
    spec = importlib.util.spec_from_file_location("timex_baseline", into / "core" / "timex.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def documents(corpus_articles: int) -> list[tuple[str, str, datetime]]:
    """(name, text, anchor) of the TBAQ texts and the first corpus articles."""
    docs = [(d.name, d.text, d.dct) for d in timeml.load_corpus(timeml.DEFAULT_CORPUS)]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt"))[:corpus_articles]:
            # corpus files are named by their publication time: 20220125T090000Z_...
            anchor = datetime.strptime(path.name[:16], "%Y%m%dT%H%M%SZ")
            docs.append((path.name, path.read_text(encoding="utf-8"), anchor))
    return docs


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="git revision of the baseline tagger")
    ap.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    ap.add_argument("--corpus", type=int, default=DEFAULT_CORPUS_ARTICLES, help="corpus articles to add")
    args = ap.parse_args(argv)
    docs = documents(args.corpus)
    if not docs:
        print("no documents (../shared absent): nothing to time")
        return 0
    with tempfile.TemporaryDirectory(prefix="timex-baseline-") as tmp:
        old = load_baseline(args.baseline, Path(tmp))
        taggers = {"baseline": old.tag, "current": timex.tag}
        for tag in taggers.values():
            tag(docs[0][1], docs[0][2])  # warm-up: data and compiled patterns load once
        times: dict[str, list[list[float]]] = {name: [[] for _ in docs] for name in taggers}
        for r in range(args.rounds):
            order = list(taggers) if r % 2 == 0 else list(reversed(taggers))
            for i, (_, text, anchor) in enumerate(docs):
                for name in order:
                    t0 = time.perf_counter()
                    taggers[name](text, anchor)
                    times[name][i].append(time.perf_counter() - t0)
    per_doc = {name: [statistics.median(ts) for ts in rows] for name, rows in times.items()}
    print(f"{len(docs)} documents, {args.rounds} rounds, baseline = {args.baseline}")
    for name, secs in per_doc.items():
        print(f"{name:<9} median {statistics.median(secs) * 1000:7.3f} ms/doc   total {sum(secs):.2f} s")
    ratios = [c / b for c, b in zip(per_doc["current"], per_doc["baseline"], strict=True) if b > 0]
    med = statistics.median(per_doc["current"]) / statistics.median(per_doc["baseline"])
    print(
        f"current / baseline: {med:.3f} (ratio of medians), "
        f"{statistics.median(ratios):.3f} (median of per-document ratios)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
