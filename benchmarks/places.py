"""Places, people and countries over a real corpus, against a baseline parser in the same run.

    .venv/bin/python -m benchmarks.places [CORPUS] [--baseline REV] [--limit N] [--countries A,B]

CORPUS defaults to ../shared/corpus/ukraine-war-news/.  The baseline is the parser at git
revision REV (default: the commit before issue 11's gazetteer, BASELINE_REV), exported with
``git archive`` into a temporary folder and run there in a subprocess over the same files.
Each article is read as the product reads it (with the syntactic backbone where the
parser has one). Prints, for each parser:

- records with a place (share of all records);
- places that are common nouns: a one-word place (not a country) whose lower-case form
  two articles or more of the corpus write as an ordinary word ("alliance", "republic");
- people with more than one country (over the corpus, by name);
- people given the article's main country without evidence: the person's country is the
  country the article names most, the actor gazetteer does not give it, and no sentence
  naming the person names that country, its people or one of its places;
- records per country for UKR, RUS, POL, USA, BLR (a record counts for a country when an
  actor, a place or the speaker has it, as the dashboard's country filter does), or for
  the corpus's own countries with ``--countries``;
- places in a country the article never names: a record's town or region whose country
  no country name, people, body or person of the article names (mostly a same-named town
  abroad: Jenin, Poland, in a story about the West Bank), with the commonest examples;
- the median time per article of the entity reader (people and places), and the time to
  load the gazetteer once, each also as CPU time (process time), which other work on a
  shared machine does not inflate.

Never asserts: the figures go in the README and the issue's closing note.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# How much of the sentence before a person's name counts as the name's own phrase.
MAX_ROLE_CHARS = 60
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"
# The last commit before the GeoNames gazetteer and evidence-based places (issue 11).
BASELINE_REV = "93871ee"
COUNTRIES = ("UKR", "RUS", "POL", "USA", "BLR")
# The countries of ../shared/corpus/world-news (BBC and Al Jazeera on the Middle East).
WORLD_COUNTRIES = ("PSE", "ISR", "LBN", "SYR", "YEM", "IRN", "USA")
COMMON_NOUN_ARTICLES = 2  # articles that must write a word in lower case to make it a common noun
_WORD = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"\S*(?:/|www\.|\.com|@)\S*")


def measure(corpus: Path, limit: int | None, countries: tuple[str, ...] = COUNTRIES) -> dict:
    """Parse every article of ``corpus`` with the ``core`` on sys.path; return the figures."""
    from core import entities, ingest, pipeline, records, sentences, timex
    from core import gazetteer as gz

    try:
        from core import syntax
    except ImportError:  # a baseline from before the syntactic backbone
        syntax = None

    t0, c0 = time.perf_counter(), time.process_time()
    gz.places()
    load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md", ".html"))[:limit]
    # lower-case words outside web addresses, by the number of articles writing them;
    # an ordinary word is written so in two articles at least (one quote's "mariupol" is not)
    lower_articles: Counter[str] = Counter()
    texts = {}
    for path in files:
        try:
            article = ingest.read_article(path)
        except Exception:  # noqa: BLE001 - a file the reader refuses is left out, as ingest does
            continue
        texts[path.name] = article
        prose = _URL.sub(" ", article.text)
        lower_articles.update({w for w in _WORD.findall(prose) if w.islower()})

    lower_words = {w for w, n in lower_articles.items() if n >= COMMON_NOUN_ARTICLES}
    total = with_place = 0
    common: Counter[str] = Counter()
    person_countries: dict[str, set[str]] = defaultdict(set)
    unsupported: Counter[str] = Counter()
    per_country: Counter[str] = Counter()
    unnamed_country: Counter[str] = Counter()  # "name (country)" of places abroad without evidence
    entity_ms: list[float] = []
    entity_cpu_ms: list[float] = []  # CPU time: what the reader costs whatever else runs
    known = gz.actors().by_alias
    for article in texts.values():
        sents = sentences.split_sentences(article)
        # read as the product reads: with the syntactic backbone where the parser has one
        parses = syntax.parse_article(article, sents) if syntax is not None else None
        t, c = time.perf_counter(), time.process_time()
        mentions = entities.find_mentions(article, sents, *([parses] if parses is not None else []))
        entity_ms.append((time.perf_counter() - t) * 1000)
        entity_cpu_ms.append((time.process_time() - c) * 1000)
        # the countries the article names other than through its towns and regions
        named = {
            c
            for m in mentions
            for c in (
                m.actor.country if m.actor else None,
                m.location.country if m.location and m.location.kind == "country" else None,
            )
            if c
        }
        recs = records.extract_records(
            article, sents, timex.tag_article(article), mentions, *([parses] if parses is not None else [])
        )
        for r in recs:
            total += 1
            with_place += bool(r.locations)
            codes = {x.get("country") for x in r.actors + r.locations if x.get("country")}
            if r.speaker and r.speaker.get("country"):
                codes.add(r.speaker["country"])
            per_country.update(c for c in codes if c in countries)
            for loc in r.locations:
                if (
                    loc.get("kind") in ("city", "region")
                    and loc.get("country")
                    and loc["country"] not in named
                ):
                    unnamed_country[f"{loc['name']} ({loc['country']})"] += 1
                if (
                    loc.get("kind") != "country"
                    and " " not in loc["name"]
                    and loc["name"].lower() in lower_words
                ):
                    common[loc["name"]] += 1
        dominant = entities._dominant_country(mentions)
        by_person: dict[str, list] = defaultdict(list)
        for m in mentions:
            if m.actor and m.actor.type == "person":
                by_person[m.actor.name].append(m)
                if m.actor.country:
                    person_countries[m.actor.name].add(m.actor.country)
        for person, ms in by_person.items():
            country = ms[-1].actor.country
            if not dominant or country != dominant:
                continue
            entry = known.get(gz.fold(person))
            if entry is not None and entry.country == country:
                continue
            # the role, the mentions and the word before each ("Kharkiv Mayor Ihor Terekhov")
            before = [article.text[max(0, m.start - 40) : m.start].split()[-1:] for m in ms]
            said = " ".join([ms[-1].actor.role or "", *(m.text for m in ms), *(w for b in before for w in b)])
            if _role_names(said, country, gz):
                continue  # "White House press secretary", "Ukraine's Defense Minister"
            spans = [s for s in sents if any(s.start <= m.start < s.end for m in ms)]
            # the words of the person's own phrase inside its sentence ("the German
            # Minister of Justice Marco Buschmann": the title is not a mention of its own)
            own = " ".join(
                article.text[s.start : m.start][-MAX_ROLE_CHARS:]
                for s in spans
                for m in ms
                if s.start <= m.start < s.end
            )
            if _role_names(own, country, gz):
                continue
            evidence = any(
                (o.actor and o.actor.type != "person" and o.actor.country == country)
                or (o.location and o.location.country == country)
                for o in mentions
                if any(s.start <= o.start < s.end for s in spans)
            )
            if not evidence:
                unsupported[person] += 1
    del pipeline  # imported so an old core's import errors show here
    multi = {p: sorted(c) for p, c in person_countries.items() if len(c) > 1}
    return {
        "articles": len(texts),
        "records": total,
        "with_place": with_place,
        "common_nouns": dict(common.most_common()),
        "multi_country_people": multi,
        "unsupported_main_country": dict(unsupported.most_common()),
        "per_country": {c: per_country[c] for c in countries},
        "unnamed_country": dict(unnamed_country.most_common()),
        "entity_ms_median": statistics.median(entity_ms) if entity_ms else 0.0,
        "entity_cpu_ms_median": statistics.median(entity_cpu_ms) if entity_cpu_ms else 0.0,
        "gazetteer_load_cpu_s": load_cpu_s,
        "gazetteer_load_s": load_s,
    }


def _bare_places(gz) -> dict:
    places = gz.places()
    return getattr(places, "bare", None) or places.by_name  # an older gazetteer has one table


def _role_names(role: str, country: str, gz) -> bool:
    """Whether a role's own words name the country (a country word or a known body of it)."""
    words = re.findall(r"[\w.]+", role)
    for k in (1, 2, 3):
        for a in range(len(words) - k + 1):
            key = gz.fold(" ".join(words[a : a + k]))
            body = gz.actors().by_alias.get(key)
            c = gz.countries()
            if country in (c.names.get(key), c.demonyms.get(key), body.country if body else None):
                return True
            if any(loc.country == country for loc, _ in _bare_places(gz).get(key, ())[:1]):
                return True  # "Kharkiv Mayor Ihor Terekhov"
    return False


def baseline(rev: str, corpus: Path, limit: int | None, countries: tuple[str, ...] = COUNTRIES) -> dict:
    """The figures of the parser at ``rev``, run from a ``git archive`` export."""
    from benchmarks import revision  # not at the top: this file also runs beside an old core

    return revision.measure_at(rev, Path(__file__), corpus, limit, countries)


def report(label: str, f: dict) -> None:
    share = f["with_place"] / f["records"] if f["records"] else 0.0
    print(f"\n== {label}: {f['articles']} articles, {f['records']} records")
    print(f"records with a place: {f['with_place']} ({share:.1%})")
    common = f["common_nouns"]
    print(
        f"places that are common nouns: {sum(common.values())} records, {len(common)} names",
        list(common)[:12],
    )
    multi = f["multi_country_people"]
    print(f"people with more than one country: {len(multi)} {list(multi.items())[:8]}")
    unsup = f["unsupported_main_country"]
    print(f"people given the article's main country without evidence: {len(unsup)} {list(unsup)[:10]}")
    print("records per country: " + ", ".join(f"{c} {n}" for c, n in f["per_country"].items()))
    unnamed = f.get("unnamed_country", {})
    print(
        f"places in a country the article never names: {sum(unnamed.values())} records, "
        f"{len(unnamed)} places",
        list(unnamed.items())[:12],
    )
    print(
        f"entity reader: median {f['entity_ms_median']:.1f} ms per article",
        f"({f.get('entity_cpu_ms_median', 0.0):.1f} ms of CPU);",
        f"gazetteer load {f['gazetteer_load_s']:.2f} s ({f.get('gazetteer_load_cpu_s', 0.0):.2f} s of CPU)",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("--baseline", default=BASELINE_REV, help="git revision to compare with ('' for none)")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N files")
    ap.add_argument(
        "--countries",
        default=None,
        help="comma-separated alpha-3 codes to count records for (default: the Ukraine corpus's, "
        "or the Middle East's for a corpus folder named world-news)",
    )
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    if args.countries:
        countries = tuple(c.strip().upper() for c in args.countries.split(",") if c.strip())
    else:
        countries = WORLD_COUNTRIES if args.corpus.resolve().name == "world-news" else COUNTRIES
    if args.baseline:
        # the baseline runs in its own folder: a relative corpus path must not change meaning
        report(
            f"baseline {args.baseline}", baseline(args.baseline, args.corpus.resolve(), args.limit, countries)
        )
    report("this checkout", measure(args.corpus, args.limit, countries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
