"""Generate SYNTHETIC news-length articles and records for benchmarks and tests.

Nothing here is real news: every article's headline starts with
"SYNTHETIC TEST ARTICLE" and its first paragraph says so.  The names are a mix
of real office-holders and invented people, places and phrasings vary so the
parser does real work, and the output is deterministic for a given seed.

    python -m benchmarks.generate N OUTDIR [--seed S]        # N article files
    python -m benchmarks.generate N --db URL [--seed S]      # N records into a store

Records go straight into the store's tables (no parsing), under synthetic articles
titled SYNTHETIC, with their derived rows (``core.derived``), in batches of
``FILL_BATCH`` records per transaction; they are for benchmarks only, never for a store
anyone reads as news.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path

# Records per transaction when filling a store: big enough that commits cost nothing,
# small enough that a batch's rows stay a few tens of MB in memory.
FILL_BATCH = 20_000
RECORDS_PER_ARTICLE = 20

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# (country adjective, country name, ISO3, cities)
SIDES = [
    ("Ukrainian", "Ukraine", "UKR", ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Chernihiv", "Mykolaiv"]),
    ("Russian", "Russia", "RUS", ["Moscow", "Belgorod", "Kursk", "Rostov-on-Don", "Bryansk"]),
    ("Sudanese", "Sudan", "SDN", ["Khartoum", "Omdurman", "El Fasher", "Port Sudan"]),
    ("Israeli", "Israel", "ISR", ["Jerusalem", "Tel Aviv", "Haifa"]),
    ("Syrian", "Syria", "SYR", ["Damascus", "Aleppo", "Idlib", "Homs"]),
    ("Armenian", "Armenia", "ARM", ["Yerevan", "Gyumri"]),
    ("Azerbaijani", "Azerbaijan", "AZE", ["Baku", "Ganja"]),
    ("Congolese", "Democratic Republic of the Congo", "COD", ["Goma", "Kinshasa", "Bukavu"]),
    ("Yemeni", "Yemen", "YEM", ["Sanaa", "Aden", "Hodeidah"]),
    ("Malian", "Mali", "MLI", ["Bamako", "Timbuktu", "Gao"]),
]
FIRST = [
    "Amina",
    "Oleksandr",
    "Dmitri",
    "Sara",
    "Tomas",
    "Leila",
    "Pavel",
    "Nadia",
    "Yusuf",
    "Irina",
    "Karim",
    "Elena",
    "Moses",
    "Hana",
    "Viktor",
    "Aisha",
]
LAST = [
    "Kovalenko",
    "Petrov",
    "Haddad",
    "Mensah",
    "Novak",
    "Rahimi",
    "Sokolov",
    "Diallo",
    "Levin",
    "Aliyev",
    "Bondar",
    "Kamara",
    "Shapiro",
    "Grigoryan",
    "Osei",
    "Tkachenko",
]
TITLES = [
    "Defence Minister",
    "Foreign Minister",
    "military spokesperson",
    "presidential adviser",
    "regional governor",
    "army chief of staff",
    "deputy foreign minister",
    "interior minister",
]
OUTLETS = ["Reuters", "the Associated Press", "AFP", "the BBC", "Al Jazeera", "CNN"]
SPEECH = ["said", "told reporters", "warned", "claimed", "insisted", "announced"]
EVENTS = [
    "{adj} forces shelled {city} {when}, killing at least {n} civilians",
    "{adj} troops withdrew from positions near {city} {when}",
    "drones struck an energy facility outside {city} {when}",
    "delegations from {name} and {name2} met in {neutral} {when} for a new round of talks",
    "{adj} air defences shot down {n} missiles over {city} {when}",
    "protesters gathered in {city} {when} to demand an end to the fighting",
    "{adj} forces launched a counteroffensive around {city} {when}",
    "a convoy carrying humanitarian aid reached {city} {when}",
]
QUOTES = [
    "We will not accept any agreement that ignores our security",
    "The situation around {city} remains extremely difficult",
    "Our forces are holding their positions and the enemy has suffered heavy losses",
    "There can be no talks while the shelling continues",
    "We are ready to discuss a ceasefire if the other side is serious",
]
NEUTRAL = ["Istanbul", "Geneva", "Doha", "Vienna", "Riyadh", "Addis Ababa"]


def _when(rng: random.Random, published: datetime) -> str:
    choice = rng.randrange(7)
    if choice == 0:
        return "on " + WEEKDAYS[(published.weekday() - rng.randrange(0, 6)) % 7]
    if choice == 1:
        d = published - timedelta(days=rng.randrange(1, 40))
        return f"on {MONTHS[d.month - 1]} {d.day}"
    if choice == 2:
        return "in recent days"
    if choice == 3:
        return "last week"
    if choice == 4:
        return "earlier this month"
    if choice == 5:
        return "overnight"
    return "yesterday"


def generate_article(index: int, seed: int = 0) -> tuple[str, str]:
    """One synthetic article: (file name, text with headline and dateline)."""
    rng = random.Random(seed * 1_000_003 + index)
    published = datetime(2022, 1, 1, 9, 0) + timedelta(
        days=rng.randrange(0, 900), minutes=rng.randrange(0, 600)
    )
    (adj, name, _, cities), (adj2, name2, _, cities2) = rng.sample(SIDES, 2)
    people = [
        (f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(TITLES), side)
        for side in ((adj, name), (adj2, name2))
        for _ in range(2)
    ]
    headline = f"SYNTHETIC TEST ARTICLE - {adj} and {adj2} officials trade claims over {rng.choice(cities)}"
    paragraphs = [
        headline,
        f"{published:%B} {published.day}, {published:%Y} {published:%I:%M%p}".replace(" 0", " ")
        .lower()
        .replace(published.strftime("%B").lower(), published.strftime("%B")),
        "This article was generated for software tests; it is not real news.",
    ]
    for _ in range(rng.randrange(8, 14)):
        ctx = dict(
            adj=rng.choice([adj, adj2]),
            city=rng.choice(cities + cities2),
            when=_when(rng, published),
            n=rng.randrange(2, 30),
            name=name,
            name2=name2,
            neutral=rng.choice(NEUTRAL),
        )
        event = rng.choice(EVENTS).format(**ctx)
        person, title, (padj, _) = rng.choice(people)
        surname = person.split()[-1]
        style = rng.randrange(5)
        if style == 0:
            text = f"{event[0].upper()}{event[1:]}, according to {rng.choice(OUTLETS)}."
        elif style == 1:
            quote = rng.choice(QUOTES).format(**ctx)
            text = (
                f"\u201c{quote},\u201d {padj} {title} {person} {rng.choice(SPEECH)} {_when(rng, published)}."
            )
        elif style == 2:
            text = f"{padj} {title} {person} {rng.choice(SPEECH)} that {event}."
        elif style == 3:
            text = f"{event[0].upper()}{event[1:]}, {surname} said, adding that more attacks were expected."
        else:
            text = f"{event[0].upper()}{event[1:]}. Officials in {name} did not comment."
        paragraphs.append(text)
    paragraphs.append("Related Topics")
    return f"synthetic_{seed}_{index:05d}.txt", "\n\n".join(paragraphs) + "\n"


def generate_articles(n: int, seed: int = 0) -> list[tuple[str, str]]:
    return [generate_article(i, seed) for i in range(n)]


def generate_records(n: int, seed: int = 0, undated_every: int = 0) -> list[dict]:
    """n record dicts in the store's schema, for load and filter benchmarks that
    do not need parsing (spread over ~3 years, 10 countries, 60 actors)."""
    return list(iter_records(n, seed, undated_every))


def iter_records(n: int, seed: int = 0, undated_every: int = 0) -> Iterator[dict]:
    """``generate_records`` one at a time; every ``undated_every``-th record (0: none) is
    one that nothing dates (date_basis "reported": known only by its article's day)."""
    rng = random.Random(seed)
    actors = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", iso) for _, _, iso, _ in SIDES for _ in range(6)]
    start = date(2022, 1, 1)
    for i in range(n):
        (_, cname, iso, cities) = rng.choice(SIDES)
        actor, actor_iso = rng.choice(actors)
        city = rng.choice(cities)
        d = start + timedelta(days=rng.randrange(0, 1000))
        vague = rng.random() < 0.1
        kind = "statement" if rng.random() < 0.4 else "event"
        end = d + timedelta(days=14 if vague else 0)
        undated = bool(undated_every) and i % undated_every == undated_every - 1
        yield (
            {
                "id": f"g{seed}_{i:07d}",
                "article_id": f"synthetic{i // RECORDS_PER_ARTICLE:06d}",
                "kind": kind,
                "event_type": rng.choice(
                    ["attack", "negotiation", "retreat", "comment", "claim", "announcement"]
                ),
                "summary": f"SYNTHETIC {actor} in {city}",
                "sentence": f"SYNTHETIC sentence {i} about {city}.",
                "char_start": 0,
                "char_end": 40,
                "date_start": None if undated else d.isoformat(),
                "date_end": None if undated else end.isoformat(),
                "date_precision": "article" if undated else "approximate" if vague else "day",
                "date_basis": "reported" if undated else "text",
                "reported_on": end.isoformat(),
                "date_text": None,
                "actors": [{"name": actor, "country": actor_iso, "role": None, "type": "person"}],
                "locations": [{"name": city, "country": iso, "lat": 0.0, "lon": 0.0, "kind": "city"}],
                "speaker": {"name": actor, "country": actor_iso} if kind == "statement" else None,
                "quote": None,
                "reported_by": None,
                "confidence": 0.5,
                "country_name": cname,
            }
        )


def fill_store(
    store,
    n: int,
    seed: int = 0,
    parser_version: str = "bench",
    undated_every: int = 0,
    progress: bool = False,
) -> None:
    """Put ``n`` generated records into the store's tables with their derived rows, under
    synthetic articles stamped ``parser_version`` (pass the current one so that a dashboard
    does not re-read them)."""
    import sqlalchemy as sa

    from core import derived, schema

    records = iter_records(n, seed, undated_every)
    done, began = 0, time.perf_counter()
    while batch := list(islice(records, FILL_BATCH)):
        by_article: dict[str, list[dict]] = {}
        for r in batch:
            by_article.setdefault(r["article_id"], []).append(r)
        with store.engine.begin() as conn:
            known = set(
                conn.execute(
                    sa.select(schema.articles.c.id).where(schema.articles.c.id.in_(list(by_article)))
                ).scalars()
            )
            articles = [aid for aid in by_article if aid not in known]
            if articles:
                conn.execute(
                    sa.insert(schema.articles),
                    [
                        dict(
                            id=aid,
                            title="SYNTHETIC",
                            source="generated",
                            url=None,
                            published=datetime(2022, 1, 1),
                            updated=None,
                            text="SYNTHETIC",
                            blocks=[],
                            added_at=datetime.now(),
                            parser_version=parser_version,
                        )
                        for aid in articles
                    ],
                )
            for aid, recs in by_article.items():
                store._insert_records(conn, aid, recs, "parser")  # noqa: SLF001 - the bulk path
            derived.refresh(conn, [r["id"] for r in batch], new=True)
            store._bump(conn)  # noqa: SLF001
        done += len(batch)
        if progress:
            rate = done / (time.perf_counter() - began)
            print(f"\r{done:,} of {n:,} records ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    store.optimize()
    if progress:
        print(file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("outdir", type=Path, nargs="?")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", metavar="URL", help="fill this store with N generated records instead")
    parser.add_argument("--undated-every", type=int, default=0, metavar="K", help="every K-th record undated")
    args = parser.parse_args(argv)
    if args.db:
        from core.store import Store

        store = Store(url=args.db)
        began = time.perf_counter()
        fill_store(store, args.n, args.seed, undated_every=args.undated_every, progress=True)
        print(f"{args.n:,} SYNTHETIC records in {store!r} in {time.perf_counter() - began:.1f} s")
        store.close()
        return
    if args.outdir is None:
        parser.error("give OUTDIR (article files) or --db URL (records)")
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, text in generate_articles(args.n, args.seed):
        (args.outdir / name).write_text(text, encoding="utf-8")
    print(f"{args.n} synthetic articles in {args.outdir}")


if __name__ == "__main__":
    main()
