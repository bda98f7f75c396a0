"""Fixtures shared by the app and browser tests: a temporary store with the seed
article and a few hand-made records whose countries, actors and dates we know.

The hand-made records are clearly test data (summaries start with "TEST"); they make
the filter assertions independent of how many records the parser reads from the seed.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles" / "000_cde299979b26ee9c.txt"
HOSTILE = ROOT / "tests" / "resources" / "synthetic" / "hostile_article.txt"
WHO = "app-test"


def _actor(name, country, type_="country"):
    return {"name": name, "country": country, "role": None, "type": type_}


def _place(name, country, lat, lon):
    return {"name": name, "country": country, "lat": lat, "lon": lon, "kind": "city"}


HAND_MADE = [
    {
        "kind": "event",
        "event_type": "attack",
        "summary": "TEST Russian forces shell Kharkiv",
        "sentence": "TEST Russian forces shelled Kharkiv.",
        "date_start": "2022-03-01",
        "date_end": "2022-03-01",
        "date_precision": "day",
        "date_text": "on March 1",
        "actors": [_actor("Russian forces", "RUS", "collective")],
        "locations": [_place("Kharkiv", "UKR", 49.9935, 36.2304)],
        "speaker": None,
        "quote": None,
    },
    {
        "kind": "statement",
        "event_type": "statement",
        "summary": "TEST French spokesperson calls for a ceasefire",
        "sentence": "TEST A French spokesperson called for a ceasefire.",
        "date_start": "2022-03-10",
        "date_end": "2022-03-10",
        "date_precision": "day",
        "date_text": "on March 10",
        "actors": [_actor("Test Spokesperson", "FRA", "person")],
        "locations": [_place("Paris", "FRA", 48.8566, 2.3522)],
        "speaker": {"name": "Test Spokesperson", "country": "FRA"},
        "quote": "TEST We call for a ceasefire",
    },
    {
        "kind": "event",
        "event_type": "meeting",
        "summary": "TEST Turkish mediators meet in Ankara",
        "sentence": "TEST Turkish mediators met in Ankara in recent days.",
        "date_start": "2022-03-20",
        "date_end": "2022-03-27",
        "date_precision": "approximate",
        "date_text": "in recent days",
        "actors": [_actor("Turkey", "TUR")],
        "locations": [_place("Ankara", "TUR", 39.9334, 32.8597)],
        "speaker": None,
        "quote": None,
    },
]


HOSTILE_MARKUP = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
# Bare links to a hostile site, which GitHub-flavoured Markdown would make live.
HOSTILE_DOMAIN = "evil.example"
HOSTILE_LINKS = (
    f"https://{HOSTILE_DOMAIN}/a http://{HOSTILE_DOMAIN}/b www.{HOSTILE_DOMAIN}/c victim@{HOSTILE_DOMAIN}"
)
HOSTILE_RECORD = {
    "kind": "statement",
    "event_type": "statement",
    "summary": "TEST hostile markup " + HOSTILE_MARKUP + " " + HOSTILE_LINKS,
    "sentence": "TEST hostile markup " + HOSTILE_MARKUP + " " + HOSTILE_LINKS,
    "date_start": "2022-04-01",
    "date_end": "2022-04-01",
    "date_precision": "day",
    "date_text": "on Friday",
    "actors": [_actor("Mayor <img src=x onerror=alert(2)>", "UKR", "person")],
    "locations": [_place("Kharkiv", "UKR", 49.9935, 36.2304)],
    "speaker": {"name": "Mayor <img src=x onerror=alert(2)>", "country": "UKR"},
    "quote": "We will not give up " + HOSTILE_MARKUP + " " + HOSTILE_LINKS,
}


def build_store(url: str, *, hostile: bool = False):
    """A store at ``url`` holding the seed article, the hand-made records and,
    when asked, the synthetic hostile article."""
    from core.ingest import read_article
    from core.store import Store

    store = Store(url=url)
    paths = [SEED] + ([HOSTILE] if hostile else [])
    report = store.ingest_paths(paths)
    assert not report.failed, report.failed
    seed_id = read_article(SEED).id
    for record in HAND_MADE:
        store.add_record(seed_id, dict(record), WHO)
    if hostile:
        store.add_record(read_article(HOSTILE).id, dict(HOSTILE_RECORD), WHO)
    return store


def involves(frame, country: str):
    """Records whose actors, speaker or places include ``country`` (computed here, not
    by core.query, so the app's filter is checked against an independent reading)."""

    def one(row) -> bool:
        found = {a.get("country") for a in row["actors"] or ()}
        found |= {p.get("country") for p in row["locations"] or ()}
        if isinstance(row["speaker"], dict):
            found.add(row["speaker"].get("country"))
        return country in found

    return frame[frame.apply(one, axis=1)] if len(frame) else frame
