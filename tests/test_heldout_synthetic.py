"""Held-out style reading: SYNTHETIC articles (tests/resources/synthetic/heldout/) scored like the seed.

Each ``NN_name.txt`` there is an invented article (first line says so) in the style
of one outlet and region, with names, places and phrasings that are not in the
seed; ``NN_name.gold.json`` beside it is a hand-made reading in the format of
``../shared/seed/seed_gold.json``.  They are scored with a copy of the seed
scorer's ``check`` (so the test runs without ``../shared``); when the shared
scorer is present, a second test checks that the copy still agrees with it.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from core import pipeline

HELDOUT = Path(__file__).parent / "resources" / "synthetic" / "heldout"
SHARED_SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "score.py"
# Plain text, and one web page (.html) read through trafilatura like an upload.
FILES = {p.stem: p for p in sorted([*HELDOUT.glob("*.txt"), *HELDOUT.glob("*.html")])}
ARTICLES = sorted(FILES)

# Items the parser is known to miss, with the reason; everything else must be right.
KNOWN_MISSES: dict[str, dict[str, str]] = {
    "13_lebanon_toi": {
        "abdallah-killed": "the village of Jouaiya is not in GeoNames cities1000 (the gazetteer "
        "lists places of 1,000 people or more), so the strike has no place",
    },
    "19_un_ocha_release": {
        "nasir-strikes": "the town of Nasir (South Sudan) is not in cities1000 either",
    },
    # Until issue 11 a titled person the text gives no country took the article's
    # main country; that fallback also gave Pope Francis and Senator Mark Kelly Russia
    # in real articles, so it is gone and these speakers' countries are not in the text:
    "08_ukraine_drones": {
        "prokudin": "'the regional governor Oleksandr Prokudin': no country or region of his",
    },
    "10_syria_reuters": {
        "abu-hassan": "'Abu Hassan, a rebel commander': no country in the text",
    },
    "11_ethiopia_afp": {
        "gedion": "'Justice Minister Gedion Timothewos': a minister of no named country",
    },
    # Issue 10: an event is what the text reports as done or happening; talks that
    # mediators "are expected to resume next week" are planned, not held.
    "17_gaza_bbc": {
        "doha-talks": "'expected to resume negotiations next week': a plan, not a deed done",
    },
    "12_haiti_ap": {
        "boivert": "'Finance Minister Patrick Boivert, the acting prime minister': no country named",
        # Issue 33: doers come from the parse of the clause's first event word, here "The
        # attack on the National Penitentiary", whose doer the sentence does not name; the
        # gangs' attack on police stations is the "after" clause, read in the same record.
        "police-stations": "the record is the penitentiary attack's, whose doer the text does not name",
    },
}


# ------------------------------------------------ copy of score.py's check --


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2019", "'"), ("\u2018", "'")):
        s = s.replace(a, b)
    return " ".join(s.lower().split())


def _names(xs):
    return {norm(x.get("name")) if isinstance(x, dict) else norm(x) for x in xs or []}


def _countries(xs):
    return {(x or {}).get("country") for x in xs or [] if isinstance(x, dict)} - {None}


def _why(it, r):
    why = []
    ds, de = r.get("date_start"), r.get("date_end") or r.get("date_start")
    if "date_any" in it and ds not in it["date_any"]:
        why.append(f"date_start={ds} want {it['date_any']}")
    if "date_range" in it:
        lo, hi = it["date_range"]
        if not ds or not de or ds < lo or de > hi or ds > hi:
            why.append(f"dates {ds}..{de} not within {lo}..{hi}")
        if it.get("vague") and r.get("date_precision") in ("day", None):
            why.append(f"precision={r.get('date_precision')} for a vague date")
    if it.get("kind") and r.get("kind") != it["kind"]:
        why.append(f"kind={r.get('kind')} want {it['kind']}")
    sp = r.get("speaker") or {}
    if it.get("speaker") and norm(it["speaker"]) not in norm(sp.get("name")):
        why.append(f"speaker={sp.get('name')!r} want {it['speaker']!r}")
    if it.get("speaker_country") and sp.get("country") != it["speaker_country"]:
        why.append(f"speaker country={sp.get('country')} want {it['speaker_country']}")
    allc = _countries(r.get("actors")) | _countries(r.get("locations")) | ({sp.get("country")} - {None})
    why += [f"country {c} missing (has {sorted(allc)})" for c in it.get("countries", []) if c not in allc]
    locs = _names(r.get("locations"))
    for loc in it.get("locations", []):
        if not any(norm(loc) in x for x in locs):
            why.append(f"location {loc} missing (has {sorted(locs)})")
    loc_countries = _countries(r.get("locations"))
    why += [
        f"location country {c} missing" for c in it.get("location_countries", []) if c not in loc_countries
    ]
    why += [f"location in {c}" for c in it.get("forbidden_location_countries", []) if c in loc_countries]
    acts = _names(r.get("actors")) | ({norm(sp.get("name"))} if sp.get("name") else set())
    why += [f"actor {a} missing" for a in it.get("actors", []) if not any(norm(a) in x for x in acts)]
    if it.get("reported_by") and norm(it["reported_by"]) not in norm(
        r.get("reported_by") or r.get("attributed_to")
    ):
        why.append(f"reported_by={r.get('reported_by')!r} want {it['reported_by']}")
    return why


def check(items, forbidden, recs):
    """(items right, forbidden readings, misses) as ../shared/seed/score.py's check."""
    misses, ok = [], 0
    for it in items:
        ev = [norm(it["evidence"])] + ([norm(it["evidence_alt"])] if it.get("evidence_alt") else [])
        cands = [r for r in recs if any(e in norm(r.get("sentence")) for e in ev)]
        if not cands:
            misses.append(f"{it['id']}: no record for this sentence")
            continue
        best = min((_why(it, r) for r in cands), key=len)
        if best:
            misses.append(f"{it['id']}: " + "; ".join(best))
        else:
            ok += 1
    bad = 0
    for r in recs:
        if r.get("date_start") in forbidden.get("date_start", []):
            bad += 1
            misses.append(f"forbidden date {r.get('date_start')} from {r.get('date_text')!r}")
        for c in _countries(r.get("locations")):
            if c in forbidden.get("location_countries", []):
                bad += 1
                misses.append(f"forbidden location country {c} in {r.get('sentence', '')[:60]!r}")
        for b in forbidden.get("sentences", []):
            if norm(b) == norm(r.get("sentence")):
                bad += 1
                misses.append(f"boilerplate read as a record: {b!r}")
    return ok, bad, misses


# -------------------------------------------------------------------- runs --


@cache
def reading(name: str) -> tuple[dict, dict, list[dict]]:
    """(gold, article json, record dicts) for one held-out article."""
    gold = json.loads((HELDOUT / f"{name}.gold.json").read_text(encoding="utf-8"))
    parsed = pipeline.parse_file(FILES[name])
    return gold, parsed.article.to_json(), [r.to_json() for r in parsed.records]


def score(name: str):
    gold, _, recs = reading(name)
    forbidden = dict(gold["forbidden"], sentences=gold["article"].get("boilerplate_not_events", []))
    return check(gold["items"], forbidden, recs)


def test_every_heldout_article_is_synthetic_and_has_a_gold_reading():
    assert len(ARTICLES) >= 6
    for name in ARTICLES:
        text = FILES[name].read_text(encoding="utf-8")
        if FILES[name].suffix == ".html":
            assert "SYNTHETIC TEST ARTICLE - not real news" in text  # in its headline
        else:
            assert text.startswith("SYNTHETIC TEST ARTICLE - not real news")
        gold = json.loads((HELDOUT / f"{name}.gold.json").read_text(encoding="utf-8"))
        assert 5 <= len(gold["items"]) <= 10
        for it in gold["items"]:
            assert norm(it["evidence"]) in norm(text), it["id"]


@pytest.mark.parametrize("name", ARTICLES)
def test_publication_date_read_from_the_article(name):
    gold, art, _ = reading(name)
    assert str(art["published"]).startswith(gold["article"]["published"])


@pytest.mark.parametrize("name", ARTICLES)
def test_no_forbidden_reading(name):
    _, bad, misses = score(name)
    assert bad == 0, misses


@pytest.mark.parametrize(
    "name, item_id",
    [(n, it["id"]) for n in ARTICLES for it in json.loads((HELDOUT / f"{n}.gold.json").read_text())["items"]],
)
def test_gold_item_read_right(name, item_id):
    gold, _, recs = reading(name)
    item = next(it for it in gold["items"] if it["id"] == item_id)
    ok, _, misses = check([item], {}, recs)
    reason = KNOWN_MISSES.get(name, {}).get(item_id)
    if reason:
        # strict: a known miss that starts passing is reported, so its entry goes
        assert ok == 0, f"{name}/{item_id} is read right now: remove it from KNOWN_MISSES"
        pytest.xfail(reason)
    assert ok == 1, misses


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared/seed/score.py is absent")
def test_scoring_copy_agrees_with_the_shared_scorer():
    spec = importlib.util.spec_from_file_location("seed_score", SHARED_SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    for name in ARTICLES:
        gold, _, recs = reading(name)
        forbidden = dict(gold["forbidden"], sentences=[])
        assert shared.check(gold["items"], forbidden, recs)[:2] == check(gold["items"], forbidden, recs)[:2]
