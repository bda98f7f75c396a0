"""core.queries (the database answers) against core.query's pandas path on the same store,
on SQLite and PostgreSQL: the same records, counts, facets, places and dates for many
filters, with corrections, hidden and hand-added records, re-parses and deletions; and
core.derived's summary rows always equal the counts of the records a reader sees.

Records here are SYNTHETIC (invented names and sentences, built by the test)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from core import pipeline, queries, schema
from core.derived import place_key
from core.model import Article, Block, Record, article_id
from core.query import Filters, facet_values, filter_records
from tests.conftest import ROOT, SHARED

SYNTHETIC = ROOT / "tests" / "resources" / "synthetic"

ACTORS = [
    ("Ana Test", "FRA"),
    ("Borys Probnyi", "UKR"),
    ("Ivan Primer", "RUS"),
    ("İlkay Örnek", "TUR"),
    ("The 50% Group", None),
    ("Ukrainian forces", "UKR"),
]
PLACES = [
    ("Київ", "UKR", 50.45, 30.52, "city"),
    ("Kharkiv", "UKR", 49.99, 36.23, "city"),
    ("Belgorod Oblast", "RUS", 50.6, 36.6, "region"),
    ("Istanbul", "TUR", 41.01, 28.98, "city"),
    ("Nowhere_Town", None, None, None, "city"),  # no coordinates: not on the map
    ("France", "FRA", 46.6, 2.2, "country"),
]
TYPES = ["attack", "negotiation", "comment", None]
FIRST_DAY = date(2022, 2, 1)
SUMMARY_WORDS = ["ceasefire", "Shelling", "talks", "İZMİR visit", "100% sure"]


def synthetic_records(aid: str, n: int, rng: random.Random) -> list[Record]:
    out = []
    for i in range(n):
        kind = rng.choice(["event", "event", "statement"])
        actors = [
            {"name": a, "country": c, "role": None, "type": "person"}
            for a, c in rng.sample(ACTORS, rng.randrange(0, 3))
        ]
        places = [
            {"name": p, "country": c, "lat": lat, "lon": lon, "kind": k}
            for p, c, lat, lon, k in rng.sample(PLACES, rng.randrange(0, 3))
        ]
        speaker = None
        if kind == "statement" and rng.random() < 0.8:
            if actors and rng.random() < 0.5:  # the speaker is one of the actors too
                name, country = actors[0]["name"], actors[0]["country"]
            else:
                name, country = rng.choice(ACTORS)
            speaker = {"name": name, "country": country}
        reported_on = FIRST_DAY + timedelta(days=rng.randrange(0, 120))
        basis = rng.choice(["text", "text", "publication", "reported"])
        start = end = None
        if basis != "reported" and rng.random() < 0.95:
            start = reported_on - timedelta(days=rng.randrange(0, 20))
            end = start + timedelta(days=rng.choice([0, 0, 0, 3, 30])) if rng.random() < 0.9 else None
        toll = rng.choice([None, None, 0, 3, 12]) if kind == "event" else None
        out.append(
            Record(
                id=f"{aid[:8]}{i:08d}",
                article_id=aid,
                kind=kind,
                event_type=rng.choice(TYPES),
                summary=f"SYNTHETIC {rng.choice(SUMMARY_WORDS)} {i}",
                sentence=f"SYNTHETIC sentence {i} about {rng.choice(['Kyiv', 'КИЇВ', 'peace_talks'])}.",
                char_start=i,
                char_end=i + 1,
                date_start=start.isoformat() if start else None,
                date_end=end.isoformat() if end else None,
                date_precision="day" if start else "article",
                actors=actors,
                locations=places,
                speaker=speaker,
                quote=rng.choice([None, "We want PEACE now", "Ni un paso atrás"]),
                date_basis=basis,
                reported_on=reported_on.isoformat(),
                fatalities=toll,
                fatalities_text=None if toll is None else f"SYNTHETIC toll {toll}",
            )
        )
    return out


def synthetic_article(index: int) -> Article:
    text = f"SYNTHETIC TEST ARTICLE {index}.\n\nThis article was generated for software tests."
    return Article(
        id=article_id(text),
        text=text,
        title=f"SYNTHETIC {index}",
        published=datetime(2022, 3, 1),
        source=f"synthetic-{index}.txt",
        blocks=(Block(0, len(text), "body"),),
    )


def fill(store, n_articles: int = 12, per_article: int = 25, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    ids = []
    for i in range(n_articles):
        art = synthetic_article(i)
        store.add_parsed(
            pipeline.Parsed(art, [], [], [], synthetic_records(art.id, per_article, rng)), "test"
        )
        ids.append(art.id)
    return ids


def correct_some(store, seed: int = 5) -> None:
    """Corrections of every kind, on records chosen at random."""
    rng = random.Random(seed)
    ids = list(store.records_frame()["id"])
    picks = iter(rng.sample(ids, 12))
    store.correct(next(picks), "event_type", "negotiation", "Ana")
    store.correct(next(picks), "kind", "statement", "Ana")
    store.correct(next(picks), "actors", [{"name": "Hand Named", "country": "POL"}], "Ana")
    store.correct(next(picks), "actors", [], "Ana")
    lviv = {"name": "Lviv", "country": "UKR", "lat": 49.8, "lon": 24.0}
    store.correct(next(picks), "locations", [lviv, lviv], "Ana")  # named twice: counted once
    store.correct(next(picks), "speaker", {"name": "Ana Test", "country": "FRA"}, "Ana")
    store.correct(next(picks), "summary", "A Corrected SUMMARY about truce", "Ana")
    rid = next(picks)
    store.correct(rid, "date_start", "2021-12-30", "Ana")
    store.correct(rid, "date_end", "2022-02-03", "Ana")
    backwards = next(picks)  # a correction may leave a last day before the first
    store.correct(backwards, "date_start", "2022-03-15", "Ana")
    store.correct(backwards, "date_end", "2022-03-01", "Ana")
    store.correct(next(picks), "date_start", None, "Ana")
    store.hide_record(next(picks), "Ana")
    hidden_again = next(picks)
    store.hide_record(hidden_again, "Ana")
    store.unhide_record(hidden_again, "Ana")
    aid = store.articles_frame()["id"].iloc[0]
    store.add_record(
        aid,
        {
            "kind": "event",
            "summary": "Hand-made SYNTHETIC",
            "date_start": "2022-03-20",
            "actors": [{"name": "Ana Test", "country": "FRA"}],
        },
        "Ben",
    )


def text(value) -> str:
    """A value of a text column, "" for a missing one (None or NaN)."""
    return value if isinstance(value, str) else ""


def expected_counts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The summary tables as they must be, from the visible records: dated records by day
    and by week, and all of them, per lane value and kind."""
    rows = []
    for rec in frame.itertuples():
        places = [
            place_key(p["name"], p.get("country"), p["lat"], p["lon"], p.get("kind"))
            for p in rec.locations
            if p.get("lat") is not None and p.get("lon") is not None
        ]
        values = {
            "actor": rec.actor_names or [""],
            "country": rec.countries or [""],
            "location": rec.location_names,
            "place": places,
            "type": [text(rec.event_type)],
        }
        day = rec.date_start.date() if pd.notna(rec.date_start) else None
        for lane, found in values.items():
            rows += [(lane, day, v, rec.kind) for v in dict.fromkeys(found)]
    out = pd.DataFrame(rows, columns=["lane", "day", "value", "kind"])
    dated = out[out["day"].notna()]
    weeks = dated.assign(week=[d - timedelta(days=d.weekday()) for d in dated["day"]])
    return {
        "daily_counts": dated.groupby(["lane", "day", "value", "kind"]).size(),
        "weekly_counts": weeks.groupby(["lane", "week", "value", "kind"]).size(),
        "facet_counts": out.groupby(["lane", "value", "kind"]).size(),
    }


def stored_counts(store, table: sa.Table) -> pd.Series:
    keys = [c.name for c in table.primary_key.columns]
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(*(table.c[k] for k in keys), table.c.n)).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[*keys, "n"])
    return frame.set_index(keys)["n"]


def assert_summary_in_step(store) -> None:
    for name, expected in expected_counts(store.records_frame()).items():
        stored = stored_counts(store, schema.metadata.tables[name])
        pd.testing.assert_series_equal(
            stored.astype("int64").sort_index(),
            expected.astype("int64").sort_index(),
            check_names=False,
            obj=name,
        )


def week_monday(day: pd.Series) -> pd.Series:
    return day - pd.to_timedelta(day.dt.day_of_week, unit="D")


def pandas_lane_counts(filtered: pd.DataFrame, lane: str, unit: str) -> pd.DataFrame:
    column = {"actor": "actor_names", "country": "countries", "type": "event_type"}[lane]
    dated = filtered[filtered["date_start"].notna()]
    values = dated[column] if lane != "type" else dated[column].map(lambda v: [v])
    rows = dated.assign(value=values.map(lambda v: [text(x) for x in v] or [""])).explode("value")
    bucket = rows["date_start"] if unit == "day" else week_monday(rows["date_start"])
    out = rows.assign(bucket=bucket).groupby(["value", "bucket", "kind"]).size().rename("n").reset_index()
    return out.sort_values(["value", "bucket", "kind"], ignore_index=True)


def pandas_place_counts(filtered: pd.DataFrame, by_kind: bool) -> pd.DataFrame:
    """The map's counts: records per place with coordinates (once per record)."""
    rows = []
    for places, kind in zip(filtered["locations"], filtered["kind"], strict=True):
        keys = {
            (p["name"], p.get("country"), p.get("lat"), p.get("lon"), p.get("kind"))
            for p in places
            if p.get("lat") is not None and p.get("lon") is not None
        }
        rows += [(name, c or "?", lat, lon, k or "city", kind) for name, c, lat, lon, k in keys]
    cols = ["name", "country", "lat", "lon", "place_kind"] + (["kind"] if by_kind else [])
    frame = pd.DataFrame(rows, columns=["name", "country", "lat", "lon", "place_kind", "kind"])
    return frame.groupby(cols).size().rename("count").reset_index().sort_values(cols, ignore_index=True)


def filter_cases(frame: pd.DataFrame, n_random: int = 12, seed: int = 11) -> list[Filters]:
    facets = facet_values(frame)
    cases = [
        Filters(),
        Filters(countries=("UKR",)),
        Filters(countries=("UKR", "TUR")),
        Filters(actors=("Ana Test",)),
        Filters(locations=("Київ",)),
        Filters(kinds=("statement",)),
        Filters(event_types=("attack", "comment")),
        Filters(date_from=date(2022, 3, 1)),
        Filters(date_to=date(2022, 3, 1)),
        Filters(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31)),
        Filters(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31), kinds=("event",)),
        Filters(text="peace"),
        Filters(text="київ"),
        Filters(text="İZMİR"),  # str.lower, not SQLite's ASCII lower
        Filters(text="100%"),
        Filters(text="peace_"),
        Filters(countries=("",)),
        Filters(countries=("XXX",)),
    ]
    rng = random.Random(seed)

    def some(values, most):
        return tuple(rng.sample(values, min(rng.randrange(0, most + 1), len(values))))

    for _ in range(n_random):
        start = FIRST_DAY + timedelta(days=rng.randrange(-10, 130))
        cases.append(
            Filters(
                countries=some(facets["countries"], 1),
                actors=some(facets["actors"], 1) if rng.random() < 0.3 else (),
                locations=some(facets["locations"], 1) if rng.random() < 0.2 else (),
                kinds=tuple(rng.sample(["event", "statement"], 1)) if rng.random() < 0.3 else (),
                event_types=("attack",) if rng.random() < 0.2 else (),
                date_from=start if rng.random() < 0.6 else None,
                date_to=start + timedelta(days=rng.randrange(0, 40)) if rng.random() < 0.6 else None,
                text=rng.choice(["", "", "", "synthetic", "talks"]),
            )
        )
    return cases


def assert_same_answers(store) -> None:
    frame = store.records_frame()
    assert_summary_in_step(store)
    for i, filters in enumerate(filter_cases(frame)):
        filtered = filter_records(frame, filters)
        message = f"filters {filters}"
        assert queries.count(store, filters) == len(filtered), message
        ids = queries.page_ids(store, filters, limit=len(frame) + 1)
        expected = filtered.assign(_undated=filtered["date_start"].isna()).sort_values(
            ["_undated", "date_start", "id"]
        )
        assert ids == list(expected["id"]), message
        unit = queries.UNITS[i % 2]  # days and weeks by turns: the pandas side is slow
        for lane in queries.LANES:
            got = queries.lane_counts(store, filters, lane, unit)
            want = pandas_lane_counts(filtered, lane, unit)
            pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=f"{message}, {lane}/{unit}")
        periods = queries.period_counts(store, filters, unit)
        want = (
            pandas_lane_counts(filtered, "type", unit).groupby(["bucket", "kind"], as_index=False)["n"].sum()
        )
        pd.testing.assert_frame_equal(periods, want, check_dtype=False, obj=message)
        by_kind = i % 3 == 0
        got = queries.place_counts(store, filters, by_kind)
        pd.testing.assert_frame_equal(
            got, pandas_place_counts(filtered, by_kind), check_dtype=False, obj=message
        )
        dated = filtered[filtered["date_start"].notna()]
        extent = queries.date_extent(store, filters)
        assert extent == (
            (dated["date_start"].min().date(), dated["date_end"].max().date()) if len(dated) else None
        ), message
    # Facets: the values core.query.facet_values lists, with how many records have each.
    got = queries.facets(store)
    values = facet_values(frame)
    for key in ("countries", "actors", "locations", "event_types", "kinds"):
        assert list(got[key]["value"]) == values[key], key
    column = {"countries": "countries", "actors": "actor_names", "locations": "location_names"}
    for key, col in column.items():
        counts = frame[col].explode().dropna().value_counts()
        assert dict(zip(got[key]["value"], got[key]["n"], strict=True)) == counts.to_dict(), key
    assert (
        dict(zip(got["kinds"]["value"], got["kinds"]["n"], strict=True))
        == frame["kind"].value_counts().to_dict()
    )
    filtered_facets = queries.facets(store, Filters(countries=("UKR",)))
    sub = filter_records(frame, Filters(countries=("UKR",)))
    assert list(filtered_facets["actors"]["value"]) == facet_values(sub)["actors"]


def test_the_database_answers_as_the_frame_does(store):
    fill(store)
    assert_same_answers(store)
    correct_some(store)
    assert_same_answers(store)


def test_summary_and_facets_stay_in_step_with_reparse_and_delete(store):
    aids = fill(store, n_articles=4)
    correct_some(store)
    assert_summary_in_step(store)
    # A re-parse that changes the records: corrections apply again to the new rows.
    frame = store.records_frame(include_hidden=True)
    aid = frame[frame["corrected"] & frame["origin"].eq("parser")]["article_id"].iloc[0]
    article = store.article(aid)
    rng = random.Random(99)
    kept = [r for r in synthetic_records(aid, 25, rng)]
    assert store.replace_parsed(pipeline.Parsed(article, [], [], [], kept), "test-2")
    assert_summary_in_step(store)
    assert_same_answers(store)
    store.delete_article(aids[1])
    assert_summary_in_step(store)
    assert queries.count(store, Filters()) == len(store.records_frame())


def test_a_corrected_value_is_what_the_database_filters_on(store):
    fill(store, n_articles=2)
    frame = store.records_frame()
    rid = frame[frame["event_type"].eq("attack")]["id"].iloc[0]
    before = queries.count(store, Filters(event_types=("negotiation",)))
    store.correct(rid, "event_type", "negotiation", "Ana")
    assert queries.count(store, Filters(event_types=("negotiation",))) == before + 1
    assert rid in queries.page_ids(store, Filters(event_types=("negotiation",)), limit=1000)
    store.hide_record(rid, "Ana")
    assert rid not in queries.page_ids(store, Filters(), limit=1000)
    assert queries.count(store, Filters(event_types=("negotiation",))) == before


def test_records_page_is_a_sorted_page_of_the_frame(store):
    fill(store, n_articles=3)
    frame = filter_records(store.records_frame(), Filters(countries=("UKR",)))
    page = queries.records_page(
        store, Filters(countries=("UKR",)), order="date_start", descending=True, limit=7, offset=3
    )
    want = frame.assign(_undated=frame["date_start"].isna())
    want = want.sort_values(["_undated", "date_start", "id"], ascending=[True, False, True]).iloc[3:10]
    assert list(page["id"]) == list(want["id"])
    assert set(page.columns) >= set(frame.columns) - {"_undated"}
    # what the timeline and the ACLED export show of each record comes with the page
    shown = ["id", "date_basis", "reported_on", "fatalities", "fatalities_text"]
    assert page[shown].equals(want[shown].reset_index(drop=True))
    assert page["fatalities"].notna().any() or want["fatalities"].isna().all()
    with pytest.raises(ValueError):
        queries.page_ids(store, Filters(), order="summary; DROP TABLE records")


def test_normalised_filters_are_one_cache_key():
    a = Filters(countries=("UKR", "RUS", "UKR"), kinds=("statement", "event"))
    b = Filters(countries=("RUS", "UKR"), kinds=("event", "statement"))
    assert queries.normalised(a) == queries.normalised(b) and hash(queries.normalised(a)) == hash(
        queries.normalised(b)
    )


def test_an_older_store_gets_its_derived_rows_when_upgraded(db_url, seed_path):
    """Revision 0004 derives facets, counts and corrected values for a store written before it."""
    from alembic import command
    from alembic.config import Config

    from core.store import MIGRATIONS, Store, _make_engine

    engine = _make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    engine.dispose()
    # Written by the code of revision 0003: records and a correction, no derived rows.
    art = synthetic_article(1)
    recs = synthetic_records(art.id, 30, random.Random(1))
    engine = _make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO articles (id, title, source, text, blocks, added_at, parser_version) "
                "VALUES (:id, 'SYNTHETIC', 's.txt', :text, '[]', '2026-01-01 00:00:00', '0.0.1')"
            ),
            {"id": art.id, "text": art.text},
        )
        for rec in recs:
            conn.execute(
                sa.text(
                    "INSERT INTO records (id, article_id, origin, kind, event_type, summary, sentence, "
                    "date_start, date_end, speaker_name, speaker_country, date_basis, reported_on) VALUES "
                    "(:id, :a, 'parser', :kind, :etype, :summary, :sentence, :ds, :de, :sn, :sc, :basis, :ro)"
                ),
                dict(
                    id=rec.id,
                    a=art.id,
                    kind=rec.kind,
                    etype=rec.event_type,
                    summary=rec.summary,
                    sentence=rec.sentence,
                    ds=rec.date_start,
                    de=rec.date_end,
                    sn=(rec.speaker or {}).get("name"),
                    sc=(rec.speaker or {}).get("country"),
                    basis=rec.date_basis,
                    ro=rec.reported_on,
                ),
            )
            for i, a in enumerate(rec.actors):
                conn.execute(
                    sa.text(
                        "INSERT INTO record_actors (record_id, position, name, country) "
                        "VALUES (:r, :p, :n, :c)"
                    ),
                    dict(r=rec.id, p=i, n=a["name"], c=a["country"]),
                )
        conn.execute(
            sa.text(
                "INSERT INTO corrections (record_id, article_id, field, previous, value, who, at) "
                "VALUES (:r, :a, 'event_type', '\"attack\"', '\"negotiation\"', 'Ana', '2026-01-01 00:00:00')"
            ),
            dict(r=recs[0].id, a=art.id),
        )
    engine.dispose()
    store = Store(url=db_url)
    try:
        assert (
            queries.count(store, Filters(event_types=("negotiation",)))
            == len(filter_records(store.records_frame(), Filters(event_types=("negotiation",))))
            > 0
        )
        assert_same_answers(store)
    finally:
        store.close()


@pytest.mark.skipif(
    not (SHARED / "corpus" / "ukraine-war-news").is_dir(), reason="../shared corpus is absent"
)
def test_the_database_answers_as_the_frame_does_on_real_articles(store):
    """Real corpus articles, as the parser reads them (30 of them: the parse takes a while)."""
    files = sorted((SHARED / "corpus" / "ukraine-war-news").glob("*.txt"))[::15][:30]
    store.ingest_paths(files + [SYNTHETIC / "records_article.txt"])
    assert len(store.records_frame()) > 200
    correct_some(store)
    assert_same_answers(store)
