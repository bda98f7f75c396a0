"""Fatalities on real text, judged by hand (issue 34).

    .venv/bin/python -m benchmarks.fatalities [--seed S] [--n 50] [--split test] [--judged FILE]

Parses the articles of the real corpora (``../shared/corpus/{ukraine-war-news,world-news,
wikinews}``) of one half (``--split``: the first hex digit of sha1(file name), even = train,
odd = test, as ``../shared/judging/draw.py`` splits them; the rules were written on the train
half, so the test half judges them), keeps the event records whose sentence mentions a death
(killed, dead, died...), shuffles them with ``random.Random(seed)`` and prints the first N with
the fatalities and the phrase they were read from, to be judged by hand against the sentence
and the ones around it: right when the number is what ACLED's rules give for that event
(``core/fatalities.py``), including None for a cumulative toll or another event's toll.

``--judged FILE`` reads verdicts kept as ``{"seed", "split", "n", "verdicts": [{"article",
"char_start", "fatalities", "right", "why"}]}`` (no article text: the texts stay in
``../shared``), checks that the draw gives the same records and prints right/N.  Never asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    ROOT.parent / "shared" / "corpus" / name for name in ("ukraine-war-news", "world-news", "wikinews")
]
JUDGED = Path(__file__).resolve().parent / "fatalities_judged.json"
# The seed of the draw judged for the README (fatalities_judged.json).
DEFAULT_SEED = 6161
# A sentence that reports deaths.
DEATH_WORDS = re.compile(r"\b(?:kill(?:s|ed|ing)?|dead|died|deaths?|death toll|fatalities)\b", re.I)


def split_of(name: str) -> str:
    return "train" if int(hashlib.sha1(name.encode("utf-8")).hexdigest()[0], 16) % 2 == 0 else "test"


def draw(seed: int, n: int, split: str) -> list[dict]:
    from core import ingest, pipeline

    pool = []
    for corpus in CORPORA:
        if not corpus.is_dir():
            continue
        for path in sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md", ".html")):
            if split != "all" and split_of(path.name) != split:
                continue
            if not DEATH_WORDS.search(path.read_text(encoding="utf-8", errors="replace")):
                continue
            try:
                parsed = pipeline.parse(ingest.read_article(path))
            except Exception as error:  # noqa: BLE001 - a bad file is reported, not fatal
                print(f"skipped {path.name}: {error}", file=sys.stderr)
                continue
            for r in parsed.records:
                if r.kind == "event" and DEATH_WORDS.search(r.sentence):
                    pool.append(
                        {
                            "article": f"{corpus.name}/{path.name}",
                            "char_start": r.char_start,
                            "event_type": r.event_type,
                            "summary": r.summary,
                            "sentence": r.sentence,
                            "fatalities": r.fatalities,
                            "fatalities_text": r.fatalities_text,
                        }
                    )
    pool.sort(key=lambda e: (e["article"], e["char_start"], e["summary"]))
    random.Random(seed).shuffle(pool)
    return pool[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--split", choices=("train", "test", "all"), default="test")
    ap.add_argument("--judged", type=Path, default=None, help=f"verdicts to tally (default {JUDGED.name})")
    args = ap.parse_args(argv)
    judged_path = args.judged or (JUDGED if args.seed is None else None)
    judged = json.loads(judged_path.read_text()) if judged_path and judged_path.exists() else None
    seed = args.seed if args.seed is not None else (judged["seed"] if judged else DEFAULT_SEED)
    split = judged["split"] if judged and args.seed is None else args.split
    n = judged["n"] if judged and args.seed is None else args.n
    if not any(c.is_dir() for c in CORPORA):
        print("no corpus under ../shared/corpus: nothing to measure")
        return 0
    sample = draw(seed, n, split)
    print(f"{len(sample)} events whose sentence reports deaths, seed {seed}, {split} half")
    verdicts = {
        (v["article"], v["char_start"], v["fatalities"]): v for v in (judged or {}).get("verdicts", [])
    }
    right = judged_n = 0
    for i, e in enumerate(sample, 1):
        v = verdicts.get((e["article"], e["char_start"], e["fatalities"]))
        mark = "  " if v is None else ("ok" if v["right"] else "NO")
        if v is not None:
            judged_n += 1
            right += bool(v["right"])
        print(f"{i:>2} {mark} {e['fatalities']!s:>6}  {e['fatalities_text'] or '-'}")
        print(f"      [{e['event_type']}] {e['sentence'][:220]}")
        print(f"      {e['article']}:{e['char_start']}" + (f"  ({v['why']})" if v and v.get("why") else ""))
    if judged:
        print(
            f"\nfatalities right {right}/{judged_n} judged"
            f" (of {len(sample)} drawn; seed {seed}, {split} half)"
        )
        if judged_n < len(sample):
            print("records without a verdict: the draw changed since it was judged; judge them again")
    return 0


if __name__ == "__main__":
    sys.exit(main())
