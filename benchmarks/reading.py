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
- articles per second for the full parse.

Never asserts: the figures go in the README and the issue's closing note.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
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
    }


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
    print(f"full parse: {f['articles_per_s']:.1f} articles/s")


def baseline(rev: str, corpus: Path, limit: int | None) -> dict:
    """The figures of the parser at ``rev``, run from a ``git archive`` export with this
    checkout's measuring code (and its word lists, see ``_bare_words``)."""
    with tempfile.TemporaryDirectory(prefix="reading-baseline-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "core", "data"],
            check=True,
            capture_output=True,
        ).stdout
        tar_path = Path(tmp) / "tree.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        (Path(tmp) / "benchmarks_reading_measure.py").write_text(Path(__file__).read_text(encoding="utf-8"))
        code = (
            "import json, sys; from pathlib import Path; "
            f"sys.path.insert(0, {tmp!r}); "
            "import benchmarks_reading_measure as b; "
            f"b.ROOT = Path({str(ROOT)!r}); "
            f"print(json.dumps(b.measure(Path({str(corpus)!r}), {limit!r})))"
        )
        run = [sys.executable, "-c", code]
        out = subprocess.run(run, check=True, capture_output=True, text=True, cwd=tmp)
        return json.loads(out.stdout.strip().splitlines()[-1])


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
        # the baseline runs in its own folder: a relative corpus path must not change meaning
        print(f"== baseline {args.baseline}")
        report(baseline(args.baseline, args.corpus.resolve(), args.limit), args.examples)
        print("== this checkout")
    report(measure(args.corpus, args.limit), args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
