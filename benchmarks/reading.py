"""Reading sanity figures over a real corpus (issue 10): speakers, people's countries,
dates after publication and events that the text does not report as done.

    .venv/bin/python -m benchmarks.reading [CORPUS] [--limit N] [--examples K] [--baseline REV]

CORPUS defaults to ../shared/corpus/ukraine-war-news/ (publication time from each file's
name).  With ``--baseline REV`` the parser at git revision REV is run first over the same
files (exported with ``git archive`` into a temporary folder, measured by this checkout's
code), so that every figure is printed before and after in one run.  Prints, with up to K
examples of each:

- statements whose speaker is not a name, an office or an organisation: the speaker is no
  actor the entity reader found, and its phrase has no capitalised word and no noun that can
  speak (``core.gazetteer.can_speak``: offices and roles, groups, institutions, documents,
  ``speaking_nouns``) - "clearly", "Monday" or a stray common noun (target 0);
- bare-role speakers: statements whose speaker names nobody and no body's owner, only a
  role, a pronoun or a kind of body ("the minister", "head", "I", "the Ministry"), by
  the word lists of this checkout's data/ (``bare_role``) (target: at most 40 on the
  Ukraine corpus); and statements by an outlet with no reported_by and those with one;
- people with more than one country in one article, and over the corpus (target 0 and few);
- records dated after their article's publication day (each one listed, to be explained);
- events whose sentence's main predicate the parse reads as negated, modal (would, will,
  could: hypothetical or future), conditional or a question (target 0): the sentence-level
  view of what the record reader checks on the event's own verb;
- what records' dates rest on (Record.date_basis), events and statements apart: the
  text ("text"), the article's day by tense ("publication": the date is only the
  article's), or nothing ("reported": no date of its own), with examples of each;
- articles per second for the full parse.

With ``--baseline REV`` the same figures come first for the parser at git revision REV,
measured by this code in the same run (``benchmarks.revision``); a revision from before
``date_basis`` counts a record dated by its article (precision ``article``) as
"publication".

Never asserts: the figures go in the README and the issue's closing note.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASES = ("text", "publication", "reported")
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"
# Words that open a noun phrase without naming anything ("the", "his", "one").
_DETERMINERS = frozenset(
    "the a an his her its their our this that these those my your one another of".split()
)


@cache
def _bare_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(pronouns, role heads, role modifiers, body heads) from this checkout's data, so
    that a baseline parser is measured by the same lists."""
    titles = yaml.safe_load((ROOT / "data" / "gazetteer" / "titles.yaml").read_text(encoding="utf-8"))
    grammar = yaml.safe_load((ROOT / "data" / "lexicon" / "grammar.yaml").read_text(encoding="utf-8"))
    pronouns = {w for words in titles["pronouns"].values() for w in words}
    pronouns |= set(grammar.get("first_person", ())) | set(grammar["clause_subjects"]) - {"there"}
    return (
        frozenset(pronouns),
        frozenset(w.lower() for w in titles["role_heads"]),
        frozenset(w.lower() for w in titles["role_modifiers"]),
        frozenset(w.lower() for w in titles["organisation_heads"]),
    )


def bare_role(name: str) -> str | None:
    """What a speaker that names nobody is: "pronoun" ("I", "he"), "role" (role words
    only: "head", "the minister", "former president"; a modifier counts only in lower
    case, so "White House" is a name), "body" (a kind of body alone: "the Ministry");
    None for a name, or a role with its owner ("head of the German government")."""
    pronouns, heads, modifiers, bodies = _bare_words()
    words = [w.strip(".,'’\"()") for w in name.split()]
    words = [w for w in words if w and w.lower() not in _DETERMINERS]
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in pronouns:
        return "pronoun"
    if words[-1].lower() in heads and all(
        w.lower() in heads or (w.islower() and w in modifiers) for w in words
    ):
        return "role"
    if len(words) == 1 and words[0].lower() in bodies:
        return "body"
    return None


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
    bare: list[tuple[str, str, str]] = []
    bare_kinds: Counter[str] = Counter()
    outlet_speakers = outlet_reported = 0
    after: list[tuple[str, str, str, str, str]] = []
    irrealis: Counter[str] = Counter()
    irrealis_examples: list[tuple[str, str]] = []
    corpus_countries: dict[str, set[str]] = defaultdict(set)
    per_article_multi: list[tuple[str, str, list[str]]] = []
    n_articles = n_records = n_statements = n_events = 0
    bases: dict[str, Counter[str]] = defaultdict(Counter)  # kind -> basis -> records
    dated_by: Counter[str] = Counter()  # "text", "article" (its day only), "none"
    basis_examples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
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
        media_names = {m.actor.name for m in parsed.mentions if m.actor and m.actor.type == "media"}
        for name, codes in people.items():
            corpus_countries[name] |= codes
            if len(codes) > 1:
                per_article_multi.append((path.name, name, sorted(codes)))
        for record in parsed.records:
            basis = date_basis(record)
            bases[record.kind][basis] += 1
            basis_examples[basis].append((path.name, record.kind, record.sentence[:140]))
            dated_by[date_source(record)] += 1
            if published and record.date_start and date.fromisoformat(record.date_start[:10]) > published:
                after.append(
                    (path.name, record.kind, record.date_start, record.date_text or "", record.sentence[:140])
                )
            if record.kind == "statement":
                n_statements += 1
                name = (record.speaker or {}).get("name")
                if name and speaker_is_nameless(name, actor_names, gz):
                    nameless.append((path.name, name, record.sentence[:140]))
                kind = bare_role(name or "")
                if kind:
                    bare_kinds[kind] += 1
                    bare.append((path.name, name, record.sentence[:140]))
                outlet_reported += bool(record.reported_by)
                outlet_speakers += name in media_names
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
        "bare": bare,
        "bare_kinds": dict(bare_kinds),
        "outlet_speakers": outlet_speakers,
        "outlet_reported": outlet_reported,
        "multi_in_article": per_article_multi,
        "multi_in_corpus": {p: sorted(c) for p, c in corpus_countries.items() if len(c) > 1},
        "after_publication": after,
        "irrealis": dict(irrealis),
        "irrealis_examples": irrealis_examples,
        "articles_per_s": n_articles / seconds if seconds else 0.0,
        "date_bases": {kind: dict(c) for kind, c in bases.items()},
        "dated_by": dict(dated_by),
        "date_basis_examples": dict(basis_examples),
    }


def date_source(record) -> str:
    """Where a record's date comes from: an expression of its text ("text"), only the
    article's day ("article"), or nowhere: no date of its own ("none")."""
    if record.date_start is None:
        return "none"
    return "text" if record.date_text else "article"


def date_basis(record) -> str:
    """What a record's date rests on; "publication" for a revision from before date_basis
    that dated a record by its article (precision "article")."""
    basis = getattr(record, "date_basis", None)
    if basis is None:
        return "publication" if record.date_precision == "article" else "text"
    return basis


def report(f: dict, examples: int) -> None:
    print(
        f"{f['articles']} articles, {f['records']} records "
        f"({f['events']} events, {f['statements']} statements)"
    )
    print(f"statements whose speaker is not a name, office or organisation: {len(f['nameless'])}")
    for item in f["nameless"][:examples]:
        print("   ", *item, sep=" | ")
    print(f"bare-role speakers: {len(f['bare'])} of {f['statements']} statements {f['bare_kinds']}")
    for item in f["bare"][:examples]:
        print("   ", *item, sep=" | ")
    print(
        f"statements with a reported_by: {f['outlet_reported']}; "
        f"statements whose speaker is an outlet: {f['outlet_speakers']}"
    )
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
    bases = f["date_bases"]
    for kind, n in (("event", f["events"]), ("statement", f["statements"])):
        counts = bases.get(kind, {})
        shares = ", ".join(f"{b} {counts.get(b, 0)} ({counts.get(b, 0) / n:.1%})" for b in BASES if n)
        print(f"{kind}s' dates rest on: {shares}")
    dated_by = f["dated_by"]
    n = f["records"] or 1
    print(
        "records dated by their text {text} ({t:.1%}); whose date is only the article's {article} "
        "({a:.1%}); with no date of their own {none} ({o:.1%})".format(
            text=dated_by.get("text", 0),
            article=dated_by.get("article", 0),
            none=dated_by.get("none", 0),
            t=dated_by.get("text", 0) / n,
            a=dated_by.get("article", 0) / n,
            o=dated_by.get("none", 0) / n,
        )
    )
    for basis in ("publication", "reported"):
        for item in f["date_basis_examples"].get(basis, [])[:examples]:
            print(f"    {basis}", *item, sep=" | ")
    print(f"full parse: {f['articles_per_s']:.1f} articles/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="read only the first N files")
    ap.add_argument("--examples", type=int, default=8, help="examples printed per figure")
    ap.add_argument("--baseline", default="", help="git revision to measure first, in the same run")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    if args.baseline:
        from benchmarks import revision  # not at the top: this file also runs beside an old core

        print(f"== baseline {args.baseline}")
        report(revision.measure_at(args.baseline, Path(__file__), args.corpus, args.limit), args.examples)
        print("== this checkout")
    report(measure(args.corpus, args.limit), args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
