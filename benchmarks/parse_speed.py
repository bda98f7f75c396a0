"""Parsing speed: the seed article warm, and articles per second on one core.

    .venv/bin/python -m benchmarks.parse_speed [--articles N]

Prints medians, never asserts.  Generated articles come from
``benchmarks/generate.py`` when it exists, else from the small SYNTHETIC
generator below (news-length text: invented sentences, not real news).
The temporal tagger alone is timed over the same articles in the same run,
as the baseline the full parse is compared with.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import datetime
from pathlib import Path

from core import ingest, pipeline, timex

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles" / "000_cde299979b26ee9c.txt"
# News articles run 400-1,200 words; this many sentences gives ~700 words.
SENTENCES_PER_ARTICLE = 30
WARM_RUNS = 30  # seed parses timed after one warm-up
DEFAULT_ARTICLES = 200
TARGET_SEED_MS = 50  # the target for one warm seed parse

_PEOPLE = [
    "Finnish Foreign Minister Elina Valtonen",
    "Polish President Andrzej Duda",
    "Georgian Defence Minister Levan Mamaladze",
    "Moldovan presidential adviser Ion Rusu",
    "Russian Deputy Defense Minister Pavel Orlov",
    "Ukrainian Brig. Gen. Oleh Kravets",
]
_GROUPS = [
    "Ukrainian officials",
    "Russian troops",
    "U.S. officials",
    "Belarusian forces",
    "the Pentagon",
    "the Kremlin",
    "Turkish diplomats",
]
_PLACES = ["Kharkiv", "Odesa", "Sumy", "Vilnius", "Chisinau", "Gomel", "Istanbul", "Kherson", "Warsaw"]
_WHEN = ["on Monday", "on Tuesday", "last week", "in recent days", "on Feb. 24", "earlier this month", ""]
_TEMPLATES = [
    "{who} said {when} that {group} had withdrawn from {place}.",
    '"We will not give up {place}," said {who}.',
    "{group} shelled {place} {when}, Reuters reported.",
    "{group} met {when} for talks in {place}, according to {who}.",
    "Heavy fighting continued around {place} {when}, and {group} warned of new attacks.",
    "{who} told reporters {when} that the talks in {place} were constructive.",
    "Drones struck targets near {place} overnight, {group} said.",
    "The ceasefire around {place} was announced by {group} {when}.",
]


def synthetic_article(rng: random.Random, n: int = SENTENCES_PER_ARTICLE) -> str:
    lines = ["SYNTHETIC BENCHMARK ARTICLE - not real news", "", "March 29, 2022 12:50pm", ""]
    for _ in range(n):
        t = rng.choice(_TEMPLATES)
        s = (
            t.format(
                who=rng.choice(_PEOPLE),
                group=rng.choice(_GROUPS),
                place=rng.choice(_PLACES),
                when=rng.choice(_WHEN),
            )
            .replace("  ", " ")
            .replace(" ,", ",")
            .replace(" .", ".")
        )
        lines.append(s[0].upper() + s[1:])
        lines.append("")
    return "\n".join(lines)


def generated_articles(count: int) -> list[str]:
    try:
        from benchmarks import generate  # the store's generator, when it has landed

        texts = generate.articles(count)  # type: ignore[attr-defined]
        return [t if isinstance(t, str) else t.text for t in texts]
    except Exception:  # noqa: BLE001 - fall back to the local generator
        rng = random.Random(20220329)
        return [synthetic_article(rng) for _ in range(count)]


def per_second(fn, items) -> float:
    t0 = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    args = ap.parse_args()

    t0 = time.perf_counter()
    seed = ingest.read_article(SEED)
    pipeline.parse(seed)  # loads the gazetteers once
    cold = time.perf_counter() - t0
    times = []
    for _ in range(WARM_RUNS):
        t = time.perf_counter()
        pipeline.parse(seed)
        times.append(time.perf_counter() - t)
    seed_ms = statistics.median(times) * 1000
    read_times = []
    for _ in range(WARM_RUNS):
        t = time.perf_counter()
        pipeline.parse(ingest.read_article(SEED))
        read_times.append(time.perf_counter() - t)

    texts = generated_articles(args.articles)
    published = datetime(2022, 3, 29, 12, 50)
    articles = [
        ingest.article_from_text(t, source=f"gen{i}", published=published) for i, t in enumerate(texts)
    ]
    words = statistics.median(len(t.split()) for t in texts)
    tag_rate = per_second(timex.tag_article, articles)
    parse_rate = per_second(pipeline.parse, articles)

    print(f"first parse incl. loading gazetteers: {cold * 1000:8.1f} ms")
    print(f"seed parse, warm (median of {WARM_RUNS}):   {seed_ms:8.1f} ms   (target < {TARGET_SEED_MS} ms)")
    print(f"seed read + parse, warm (median):     {statistics.median(read_times) * 1000:8.1f} ms")
    print(f"generated articles: {len(articles)}, median {words:.0f} words")
    print(f"full parse, one core:    {parse_rate:8.1f} articles/s")
    print(
        f"temporal tagger alone:   {tag_rate:8.1f} articles/s   (parse/tagger time ratio "
        f"{tag_rate / parse_rate:.2f})"
    )


if __name__ == "__main__":
    main()
