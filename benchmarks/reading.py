"""Reading sanity figures over a real corpus (issue 10): speakers, people's countries,
dates after publication and events that the text does not report as done.

    .venv/bin/python -m benchmarks.reading [CORPUS] [--limit N] [--examples K]

CORPUS defaults to ../shared/corpus/ukraine-war-news/ (publication time from each file's
name).  Prints, with up to K examples of each:

- statements whose speaker is not a name, an office or an organisation: the speaker is no
  actor the entity reader found, and its phrase has no capitalised word and no noun that can
  speak (``core.gazetteer.can_speak``: offices and roles, groups, institutions, documents,
  ``speaking_nouns``) - "clearly", "Monday" or a stray common noun (target 0);
- people with more than one country in one article, and over the corpus (target 0 and few);
- records dated after their article's publication day (each one listed, to be explained);
- events whose sentence's main predicate the parse reads as negated, modal (would, will,
  could: hypothetical or future), conditional or a question (target 0): the sentence-level
  view of what the record reader checks on the event's own verb;
- articles per second for the full parse.

Never asserts: the figures go in the README and the issue's closing note.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"


def speaker_is_nameless(name: str, actor_names: set[str], gz) -> bool:
    """True when a statement's speaker is neither an actor the article names nor a phrase
    that reads as a name, an office, a group, an institution or a document."""
    if name in actor_names:
        return False
    words = [w.strip(".,'’\"()") for w in name.split()]
    if any(w[:1].isupper() for w in words if w):
        return False
    return not any(gz.can_speak(w) for w in words if w)


def measure(corpus: Path, limit: int | None) -> dict:
    from core import gazetteer as gz
    from core import pipeline, syntax

    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md", ".html"))[:limit]
    nameless: list[tuple[str, str, str]] = []
    after: list[tuple[str, str, str, str, str]] = []
    irrealis: Counter[str] = Counter()
    irrealis_examples: list[tuple[str, str]] = []
    corpus_countries: dict[str, set[str]] = defaultdict(set)
    per_article_multi: list[tuple[str, str, list[str]]] = []
    n_articles = n_records = n_statements = n_events = 0
    start = time.perf_counter()
    for path in files:
        try:
            parsed = pipeline.parse_file(path)
        except Exception:  # noqa: BLE001 - a file the reader refuses is left out, as ingest does
            continue
        n_articles += 1
        article = parsed.article
        published = article.published.date() if article.published else None
        people: dict[str, set[str]] = defaultdict(set)
        for m in parsed.mentions:
            if m.actor and m.actor.type == "person" and m.actor.country:
                people[m.actor.name].add(m.actor.country)
        for record in parsed.records:
            n_records += 1
            for actor in record.actors:
                if actor.get("type") == "person" and actor.get("country"):
                    people[actor["name"]].add(actor["country"])
            if record.speaker and record.speaker.get("country") and record.speaker.get("name") in people:
                people[record.speaker["name"]].add(record.speaker["country"])
        actor_names = {m.actor.name for m in parsed.mentions if m.actor}
        for name, codes in people.items():
            corpus_countries[name] |= codes
            if len(codes) > 1:
                per_article_multi.append((path.name, name, sorted(codes)))
        for record in parsed.records:
            if published and record.date_start and date.fromisoformat(record.date_start[:10]) > published:
                after.append(
                    (path.name, record.kind, record.date_start, record.date_text or "", record.sentence[:140])
                )
            if record.kind == "statement":
                n_statements += 1
                name = (record.speaker or {}).get("name")
                if name and speaker_is_nameless(name, actor_names, gz):
                    nameless.append((path.name, name, record.sentence[:140]))
                continue
            n_events += 1
            tok = parsed.syntax.token_at(record.char_start) if parsed.syntax else None
            if tok is None:
                continue
            why = syntax.irrealis(syntax.predicate(tok.sent.root))
            if why:
                irrealis[why] += 1
                irrealis_examples.append((why, record.sentence[:140]))
    seconds = time.perf_counter() - start
    return {
        "articles": n_articles,
        "records": n_records,
        "statements": n_statements,
        "events": n_events,
        "nameless": nameless,
        "multi_in_article": per_article_multi,
        "multi_in_corpus": {p: sorted(c) for p, c in corpus_countries.items() if len(c) > 1},
        "after_publication": after,
        "irrealis": dict(irrealis),
        "irrealis_examples": irrealis_examples,
        "articles_per_s": n_articles / seconds if seconds else 0.0,
    }


def report(f: dict, examples: int) -> None:
    print(
        f"{f['articles']} articles, {f['records']} records "
        f"({f['events']} events, {f['statements']} statements)"
    )
    print(f"statements whose speaker is not a name, office or organisation: {len(f['nameless'])}")
    for item in f["nameless"][:examples]:
        print("   ", *item, sep=" | ")
    print(f"people with more than one country in one article: {len(f['multi_in_article'])}")
    for item in f["multi_in_article"][:examples]:
        print("   ", *item, sep=" | ")
    multi = f["multi_in_corpus"]
    print(f"people with more than one country over the corpus: {len(multi)} {list(multi.items())[:examples]}")
    print(f"records dated after their article's publication day: {len(f['after_publication'])}")
    for item in f["after_publication"][:examples]:
        print("   ", *item, sep=" | ")
    total = sum(f["irrealis"].values())
    share = total / f["events"] if f["events"] else 0.0
    print(f"events whose sentence's main predicate is not realis: {total} ({share:.1%}) {f['irrealis']}")
    for item in f["irrealis_examples"][:examples]:
        print("   ", *item, sep=" | ")
    print(f"full parse: {f['articles_per_s']:.1f} articles/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="read only the first N files")
    ap.add_argument("--examples", type=int, default=8, help="examples printed per figure")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    report(measure(args.corpus, args.limit), args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
