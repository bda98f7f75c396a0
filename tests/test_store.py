"""core.store on SQLite and PostgreSQL (the same tests, parametrised by the db_url fixture)."""

import json
from datetime import date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from core import pipeline
from core.errors import InputError
from core.ingest import article_from_text, read_article
from core.model import Record
from tests.conftest import ROOT

SYNTHETIC = ROOT / "tests" / "resources" / "synthetic"


def test_ingest_seed_stores_article_and_records(store, seed_path):
    assert store.is_empty()
    report = store.ingest_paths([seed_path])
    assert (report.added, report.unchanged, report.failed) == (1, 0, [])
    parsed = pipeline.parse_file(seed_path)
    frame = store.records_frame()
    assert sorted(frame["id"]) == sorted(r.id for r in parsed.records)
    stored = store.article(parsed.article.id)
    assert stored.text == parsed.article.text and stored.blocks == parsed.article.blocks
    assert stored.published == datetime(2022, 3, 29, 12, 50)
    # Provenance: every stored record still slices its sentence out of the stored text.
    for row in frame.itertuples():
        assert stored.text[row.char_start : row.char_end] == row.sentence
    arts = store.articles_frame()
    assert arts.loc[0, "n_records"] == len(parsed.records)
    assert arts.loc[0, "parser_version"] == pipeline.PARSER_VERSION


def test_ingest_twice_stores_once(store, seed_path):
    v0 = store.data_version()
    store.ingest_paths([seed_path])
    v1 = store.data_version()
    report = store.ingest_paths([seed_path, seed_path])
    assert (report.added, report.unchanged) == (0, 2)
    assert len(store.articles_frame()) == 1
    assert v0 != v1 == store.data_version()  # nothing written, version unchanged


def test_bad_file_in_a_batch_is_reported_and_the_rest_stored(store, seed_path, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    report = store.ingest_paths([tmp_path / "empty.txt", seed_path, tmp_path / "binary.txt"])
    assert report.added == 1
    assert [p for p, _ in report.failed] == [str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt")]
    assert "empty" in report.failed[0][1] and "binary" in report.failed[1][1]


def test_ingest_text_bad_input_loses_nothing(store, seed_path):
    store.ingest_paths([seed_path])
    before = len(store.records_frame())
    with pytest.raises(InputError):
        store.ingest_text("   ", source="paste")
    assert len(store.records_frame()) == before and len(store.articles_frame()) == 1


def test_actors_and_locations_are_rows_in_the_database(store, seed_path):
    store.ingest_paths([seed_path])
    with store.engine.connect() as conn:
        kyiv = conn.execute(
            sa.text("SELECT DISTINCT country, lat, lon FROM record_locations WHERE name = 'Kyiv'")
        ).all()
        fomin = conn.execute(
            sa.text("SELECT DISTINCT country FROM record_actors WHERE name = 'Alexander Fomin'")
        ).all()
    assert [(c, round(la, 1), round(lo, 1)) for c, la, lo in kyiv] == [("UKR", 50.5, 30.5)]
    assert fomin == [("RUS",)]


def test_corrections_apply_and_keep_who_when_and_previous(store, seed_path):
    store.ingest_paths([seed_path])
    frame = store.records_frame()
    rid = frame.loc[frame["date_precision"] == "day", "id"].iloc[0]
    old = frame.set_index("id").loc[rid, "date_start"].date().isoformat()
    store.correct(rid, "date_start", date(2022, 3, 1), "Ana")
    store.correct(rid, "event_type", "negotiation", "Ben")
    store.correct(rid, "speaker", {"name": "Someone Else", "country": "FRA"}, "Ana")
    row = store.records_frame().set_index("id").loc[rid]
    assert row["date_start"] == pd.Timestamp("2022-03-01") and row["event_type"] == "negotiation"
    assert row["speaker_country"] == "FRA" and "FRA" in row["countries"] and row["corrected"]
    history = store.corrections(rid)
    assert list(history["who"]) == ["Ana", "Ben", "Ana"]
    assert history.iloc[0]["previous"] == old and history.iloc[0]["value"] == "2022-03-01"
    assert history["at"].notna().all()


# A process that corrects one record's summary again and again, as an editor would.
CORRECTING_PROCESS = """
import sys, time
from pathlib import Path
from core.store import Store
url, rid, tag, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
store = Store(url)
while not go.exists():  # every process starts correcting at once
    time.sleep(0.01)
for i in range(n):
    store.correct(rid, "summary", f"{tag}-{i}", tag)
store.close()
"""
# Processes and corrections each: enough to interleave on two cores in a few seconds.
CONCURRENT_EDITORS, CORRECTIONS_EACH = 4, 25


def hand_made_record(store) -> str:
    """A record added by hand to a SYNTHETIC article stored without parsing (no model load)."""
    article = article_from_text(
        "SYNTHETIC test article.\n\nTroops shelled the town on Monday.", source="synthetic"
    )
    store.add_parsed(pipeline.Parsed(article, [], [], [], []))
    return store.add_record(
        article.id, {"summary": "Troops shelled the town", "date_start": "2022-03-28"}, "setup"
    )


def test_concurrent_corrections_record_the_value_each_one_replaced(store, db_url, tmp_path):
    """Issue 37, finding 1: 6 processes x 80 corrections stored every correction, but most
    "previous" values were not the value actually replaced."""
    import subprocess
    import sys

    rid = hand_made_record(store)
    original = "Troops shelled the town"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CORRECTING_PROCESS, db_url, rid, f"p{k}", str(CORRECTIONS_EACH), str(go)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(CONCURRENT_EDITORS)
    ]
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    history = store.corrections(rid)  # in the order they were stored
    history = history[history["field"].eq("summary")]
    assert len(history) == CONCURRENT_EDITORS * CORRECTIONS_EACH
    # Each correction replaced the one stored just before it: a true audit trail.
    assert list(history["previous"]) == [original, *history["value"].iloc[:-1]]
    assert store.records_frame().set_index("id").loc[rid, "summary"] == history["value"].iloc[-1]


def test_a_correction_made_on_a_stale_view_is_refused(store):
    from core.errors import StaleEdit

    rid = hand_made_record(store)
    seen = "Troops shelled the town"
    store.correct(rid, "summary", "Ana's summary", "Ana", expected=seen)
    with pytest.raises(StaleEdit, match="changed by someone else"):  # Ben still sees the old one
        store.correct_fields(
            rid, {"summary": "Ben's", "event_type": "attack"}, "Ben", expected={"summary": seen}
        )
    assert list(store.corrections(rid)["who"]) == ["setup", "Ana"]  # nothing of Ben's, not even event_type
    store.correct(rid, "summary", "Ben's", "Ben", expected="Ana's summary")
    day = store.records_frame().set_index("id").loc[rid, "date_start"]
    seen_end = None if pd.isna(day) else day.date().isoformat()  # an open end reads as the start
    store.correct(rid, "date_end", "2022-03-30", "Ben", expected=seen_end)
    with pytest.raises(StaleEdit):
        store.hide_record(rid, "Ana", expected=True)  # she saw it hidden; it is not
    store.hide_record(rid, "Ana", expected=False)
    assert list(store.corrections(rid)["previous"])[1:] == [seen, "Ana's summary", seen_end, False]


def test_hide_and_unhide(store, seed_path):
    store.ingest_paths([seed_path])
    rid = store.records_frame()["id"].iloc[0]
    store.hide_record(rid, "Ana")
    assert rid not in set(store.records_frame()["id"])
    assert store.records_frame(include_hidden=True).set_index("id").loc[rid, "hidden"]
    store.unhide_record(rid, "Ana")
    assert rid in set(store.records_frame()["id"])


def test_correction_needs_a_name_and_a_known_field(store, seed_path):
    store.ingest_paths([seed_path])
    rid = store.records_frame()["id"].iloc[0]
    with pytest.raises(InputError):
        store.correct(rid, "event_type", "attack", "  ")
    with pytest.raises(InputError):
        store.correct(rid, "sentence", "rewritten", "Ana")  # provenance is not editable
    with pytest.raises(InputError):
        store.correct("nope", "event_type", "attack", "Ana")


def test_corrections_survive_a_reparse_with_a_newer_parser(store, seed_path, monkeypatch):
    store.ingest_paths([seed_path])
    frame = store.records_frame()
    fixed, hidden = frame["id"].iloc[0], frame["id"].iloc[1]
    store.correct(fixed, "event_type", "negotiation", "Ana")
    store.hide_record(hidden, "Ana")
    article_id = frame["article_id"].iloc[0]
    added = store.add_record(
        article_id, {"kind": "event", "summary": "Hand-made", "date_start": "2022-03-20"}, "Ben"
    )

    real_parse = pipeline.parse
    # The record dropped is named by id: the frame's row order is the store's, not the parser's.
    dropped = frame["id"].iloc[3]

    def newer_parse(article):  # a "newer parser" that drops one record and adds one
        parsed = real_parse(article)
        extra = Record.from_json({**parsed.records[2].to_json(), "id": "newrecord000001", "summary": "new"})
        return pipeline.Parsed(
            parsed.article,
            parsed.sentences,
            parsed.times,
            parsed.mentions,
            [r for r in parsed.records if r.id != dropped] + [extra],
        )

    # The record the newer parser drops (not by position: a database returns rows in any order).
    dropped = frame["id"].iloc[3]
    monkeypatch.setattr(pipeline, "PARSER_VERSION", "99.0")
    monkeypatch.setattr(pipeline, "parse", newer_parse)
    store.correct(dropped, "summary", "corrected before the reparse", "Cy")
    assert store.reparse() == 1
    after = store.records_frame().set_index("id")
    assert after.loc[fixed, "event_type"] == "negotiation"
    assert hidden not in after.index and added in after.index and "newrecord000001" in after.index
    assert dropped not in after.index
    assert list(store.orphaned_corrections()["record_id"]) == [dropped]  # kept, reported
    assert store.articles_frame().loc[0, "parser_version"] == "99.0"


def test_delete_article_removes_records_and_corrections(store, seed_path):
    store.ingest_paths([seed_path])
    frame = store.records_frame()
    store.correct(frame["id"].iloc[0], "event_type", "attack", "Ana")
    store.delete_article(frame["article_id"].iloc[0])
    assert store.is_empty() and store.records_frame().empty and store.corrections().empty


def test_add_record_to_unknown_article_fails(store):
    with pytest.raises(InputError):
        store.add_record("nope", {"summary": "x"}, "Ana")


def test_html_article_round_trip(store):
    report = store.ingest_paths([SYNTHETIC / "minimal_page.html"])
    assert report.added == 1, report.failed
    article = store.article(report.article_ids[0])
    assert article.source == "minimal_page.html" and "<p>" not in article.text
    assert article.outlet == "Example Wire"
    assert store.articles_frame()["outlet"].tolist() == ["Example Wire"]
    assert set(store.records_frame()["article_outlet"]) == {"Example Wire"}
    from core.query import records_to_csv, records_to_json

    exported = json.loads(records_to_json(store.records_frame()))
    assert exported and {row["article_outlet"] for row in exported} == {"Example Wire"}
    assert "article_outlet" in records_to_csv(store.records_frame()).decode().splitlines()[0]


def test_schema_matches_the_migrations(store):
    """The tables in core/schema.py and the Alembic revisions describe the same database."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from core.schema import metadata

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_empty_store_frame_has_all_columns(store):
    frame = store.records_frame()
    assert frame.empty and {"countries", "actor_names", "date_start", "speaker"} <= set(frame.columns)


def test_article_from_text_records_are_dated(store):
    text = (
        "SYNTHETIC TEST ARTICLE - not real news\n\nMarch 3, 2023\n\n"
        "Shelling hit the port on Sunday, officials said."
    )
    article_id, added = store.ingest_text(text, source="paste")
    assert added and article_id == article_from_text(text).id
    assert store.records_frame()["date_start"].notna().all()


def test_reading_the_seed_twice_gives_the_same_ids(seed_path):
    a = [r.id for r in pipeline.parse(read_article(seed_path)).records]
    b = [r.id for r in pipeline.parse(read_article(seed_path)).records]
    assert a == b and len(set(a)) == len(a)


def test_hand_added_record_points_at_its_sentence(store, seed_path):
    store.ingest_paths([seed_path])
    article = read_article(seed_path)
    sentence = "Russian presidential aide Vladimir Medinsky"
    rid = store.add_record(article.id, {"summary": "x", "sentence": sentence}, "Ana")
    row = store.records_frame().set_index("id").loc[rid]
    assert article.text[row["char_start"] : row["char_end"]] == sentence
    other = store.add_record(article.id, {"summary": "y", "sentence": "Not in the article."}, "Ana")
    row = store.records_frame().set_index("id").loc[other]
    assert (row["char_start"], row["char_end"]) == (0, 0)


def test_add_parsed_twice_and_a_repeated_record(store, seed_path):
    parsed = pipeline.parse_file(seed_path)
    doubled = pipeline.Parsed(
        parsed.article, parsed.sentences, parsed.times, parsed.mentions, parsed.records + parsed.records[:1]
    )
    assert store.add_parsed(doubled) is True
    assert store.add_parsed(parsed) is False  # conflict-safe: no error, nothing written
    assert len(store.records_frame()) == len(parsed.records)


def test_an_article_without_records_is_added_once(store):
    # SYNTHETIC: prose with no event, statement or date
    article = article_from_text("The weather was mild and the shops were open.\n", source="calm.txt")
    parsed = pipeline.parse(article)
    assert parsed.records == []
    assert store.add_parsed(parsed) is True
    assert store.add_parsed(parsed) is False  # PostgreSQL's rowcount -1 once read as "added"
    assert store.ingest_text(article.text, source="calm.txt") == (article.id, False)


def test_one_article_under_two_names_in_one_batch(store, seed_path, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_path.read_bytes())
    report = store.ingest_paths([seed_path, copy])
    assert (report.added, report.unchanged) == (1, 1)
    assert report.article_ids[0] == report.article_ids[1]


def test_correcting_actors_and_locations_updates_the_derived_columns(store, seed_path):
    store.ingest_paths([seed_path])
    rid = store.records_frame()["id"].iloc[0]
    actors = [{"name": "Jane Roe", "country": "NOR", "role": "envoy", "type": "person"}]
    places = [{"name": "Oslo", "country": "NOR", "lat": 59.9, "lon": 10.7, "kind": "city"}]
    store.correct(rid, "actors", actors, "Ana")
    store.correct(rid, "locations", places, "Ana")
    store.correct(rid, "speaker", None, "Ana")
    row = store.records_frame().set_index("id").loc[rid]
    assert row["actors"] == actors and row["locations"] == places and row["speaker"] is None
    assert row["actor_names"] == ["Jane Roe"] and row["location_names"] == ["Oslo"]
    assert row["countries"] == ["NOR"]
    from core.query import Filters, filter_records

    found = filter_records(store.records_frame(), Filters(countries=("NOR",), locations=("Oslo",)))
    assert list(found["id"]) == [rid]


def test_reparse_skips_an_article_the_parser_fails_on_and_only_outdated(store, seed_path, monkeypatch):
    from core.errors import StageError

    store.ingest_paths([seed_path])
    other_id, _ = store.ingest_text(
        "SYNTHETIC TEST ARTICLE - not real news\n\nMarch 3, 2023\n\n"
        "Shelling hit the port on Sunday, officials said.",
        source="paste",
    )
    before = store.records_frame().groupby("article_id").size().to_dict()
    assert store.reparse(outdated_only=True) == 0  # both parsed by the current version

    real_parse = pipeline.parse

    def failing_parse(article):
        if article.id == other_id:
            raise StageError("records", article.source, ValueError("boom"))
        return real_parse(article)

    monkeypatch.setattr(pipeline, "PARSER_VERSION", "99.0")
    monkeypatch.setattr(pipeline, "parse", failing_parse)
    assert store.reparse(outdated_only=True) == 1
    assert [aid for aid, _ in store.reparse_failures] == [other_id]
    assert "boom" in store.reparse_failures[0][1]
    assert store.records_frame().groupby("article_id").size().to_dict() == before  # old records kept
    versions = store.articles_frame().set_index("id")["parser_version"]
    assert versions[other_id] != "99.0" and versions.drop(other_id).tolist() == ["99.0"]
    monkeypatch.setattr(pipeline, "parse", real_parse)
    assert store.reparse(outdated_only=True) == 1 and store.reparse_failures == []


def test_values_that_do_not_fit_are_refused_alike_on_every_backend(store, seed_path):
    store.ingest_paths([seed_path])
    article_id = next(iter(store.article_ids()))
    before = (len(store.records_frame(include_hidden=True)), len(store.corrections()))
    rid = store.records_frame().iloc[0]["id"]
    with pytest.raises(InputError, match=r"^records\.event_type: at most 64 characters, got 70$"):
        store.add_record(article_id, {"summary": "x", "event_type": "e" * 70}, "Ana")
    with pytest.raises(InputError, match=r"^record_actors\.country: at most 3 characters, got 7$"):
        store.add_record(
            article_id, {"summary": "x", "actors": [{"name": "Kyiv", "country": "Ukraine"}]}, "Ana"
        )
    with pytest.raises(InputError, match=r"^records\.event_type: at most 64 characters"):
        store.correct(rid, "event_type", "e" * 70, "Ana")
    with pytest.raises(InputError, match=r"^records\.kind: a value is required$"):
        store.correct(rid, "kind", None, "Ana")
    with pytest.raises(InputError, match=r"^records\.confidence: a finite number expected"):
        store.add_record(article_id, {"summary": "x", "confidence": float("nan")}, "Ana")
    with pytest.raises(InputError, match=r"^date_start: not an ISO date"):
        store.correct(rid, "date_start", "tomorrow", "Ana")
    assert (
        len(store.records_frame(include_hidden=True)),
        len(store.corrections()),
    ) == before  # nothing written


def test_names_and_summaries_have_the_same_limits_on_every_backend(store):
    """Issue 37, finding 13: PostgreSQL refused actor names over ~2.7 KB (its btree index
    row limit) that SQLite stored; both now refuse them, before writing, in one line."""
    from core.schema import NAME_MAX_CHARS, SUMMARY_MAX_CHARS

    rid = hand_made_record(store)
    article_id = store.records_frame()["article_id"].iloc[0]
    long_name = "A" * 3000
    name_refused = rf"^record_(actors|locations)\.name: at most {NAME_MAX_CHARS} characters, got 3000$"
    before = (len(store.records_frame(include_hidden=True)), len(store.corrections()))
    with pytest.raises(InputError, match=name_refused):
        store.add_record(article_id, {"summary": "x", "actors": [{"name": long_name}]}, "Ana")
    with pytest.raises(InputError, match=name_refused):
        store.correct(rid, "actors", [{"name": long_name, "country": "UKR"}], "Ana")
    with pytest.raises(InputError, match=name_refused):
        store.correct(rid, "locations", [{"name": long_name}], "Ana")
    with pytest.raises(InputError, match=rf"^records\.speaker_name: at most {NAME_MAX_CHARS} characters"):
        store.correct(rid, "speaker", {"name": long_name}, "Ana")
    with pytest.raises(InputError, match=rf"^records\.summary: at most {SUMMARY_MAX_CHARS} characters"):
        store.correct(rid, "summary", "word " * 500, "Ana")
    # Parser output is held to the same limits: the article is refused whole, nothing stored.
    article = article_from_text("SYNTHETIC. Shelling hit the town on Monday.", source="synthetic-2")
    record = Record(
        id="longname00000001",
        article_id=article.id,
        kind="event",
        event_type="attack",
        summary="Shelling hit the town",
        sentence="SYNTHETIC",
        char_start=0,
        char_end=9,
        date_start=None,
        date_end=None,
        date_precision="article",
        actors=[{"name": long_name}],
    )
    with pytest.raises(InputError, match=name_refused):
        store.add_parsed(pipeline.Parsed(article, [], [], [], [record]))
    assert not store.has_article(article.id)
    assert (len(store.records_frame(include_hidden=True)), len(store.corrections())) == before
    # At the limit, in four-byte characters (2,000 bytes), both backends store it.
    widest = "\U0001d538" * NAME_MAX_CHARS
    store.correct(rid, "actors", [{"name": widest}], "Ana")
    store.correct(rid, "summary", "s" * SUMMARY_MAX_CHARS, "Ana")
    row = store.records_frame().set_index("id").loc[rid]
    assert row["actor_names"] == [widest] and len(row["summary"]) == SUMMARY_MAX_CHARS
    added = store.add_record(article_id, {"summary": "x", "actors": [{"name": widest}]}, "Ana")
    assert store.records_frame().set_index("id").loc[added, "actor_names"] == [widest]  # in the index


def test_unreadable_file_and_folder_are_reported_and_skipped(store, tmp_path, seed_path, monkeypatch):
    import os
    from pathlib import Path

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "x.txt").write_text("Kyiv was shelled on Monday.\n", encoding="utf-8")
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    (folder / "denied.txt").write_text("Kyiv was shelled on Monday.\n", encoding="utf-8")
    real_scandir, real_read = os.scandir, Path.read_bytes

    def scandir(path="."):  # root lists any folder: simulate the denials
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self):
        if self.name == "denied.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = store.ingest_paths([folder])
    assert report.added == 1
    reasons = sorted(reason for _, reason in report.failed)
    assert reasons == [
        f"{folder / 'denied.txt'}: permission denied",
        f"{folder / 'locked'}: folder not readable (permission denied)",
    ]


def test_a_store_made_before_outlets_is_upgraded_keeping_its_articles(db_url, seed_path):
    """Revision 0002 adds articles.outlet to an existing store; its rows stay."""
    from alembic import command
    from alembic.config import Config

    from core.store import MIGRATIONS, Store, _make_engine

    engine = _make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            sa.text(
                "INSERT INTO articles (id, title, source, text, blocks, added_at, parser_version) "
                "VALUES ('old1', 'SYNTHETIC old article', 'old.txt', 'SYNTHETIC text.', '[]', "
                "'2026-01-01 00:00:00', '0.0.1')"
            )
        )
    engine.dispose()
    store = Store(url=db_url)
    try:
        old = store.article("old1")
        assert old.title == "SYNTHETIC old article" and old.source == "old.txt" and old.outlet is None
        store.ingest_paths([SYNTHETIC / "minimal_page.html"])
        assert sorted(store.articles_frame()["outlet"].fillna("-")) == ["-", "Example Wire"]
    finally:
        store.close()


def test_a_sqlite_store_writes_ahead_and_syncs_at_checkpoints(tmp_path):
    """Finding 7 of issue 15: one fsync per article made ingest 2.6x the parse time on a
    disk; WAL with synchronous=NORMAL syncs at checkpoints (README: what a power cut costs)."""
    from core.store import Store

    store = Store(url=f"sqlite:///{tmp_path / 'wal.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL (FULL is 2)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_a_store_this_process_cannot_write_is_read_and_never_written(tmp_path, seed_path, monkeypatch):
    """Issue 15 (3e): a store in a read-only folder used to retry for 11 s and then fail
    even to read.  Here the check of the folder's permissions is faked, since root may
    write anywhere; tests/test_cli_store.py runs the real thing as an unprivileged user."""
    from core import store as store_module
    from core.errors import StoreError
    from core.store import Store

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    writable = Store(url)
    writable.ingest_paths([seed_path])
    expected = writable.records_frame()
    writable.close()
    before = (tmp_path / "store.sqlite").read_bytes()

    monkeypatch.setattr(store_module, "sqlite_read_only", lambda path: True)
    read_only = Store(url)
    assert read_only.read_only
    assert sorted(read_only.records_frame()["id"]) == sorted(expected["id"])
    record_id = expected["id"].iloc[0]
    for write in (
        lambda: read_only.ingest_paths([seed_path]),
        lambda: read_only.reparse(),
        lambda: read_only.hide_record(record_id, who="someone"),
        lambda: read_only.delete_article(expected["article_id"].iloc[0]),
    ):
        with pytest.raises(StoreError, match="read-only"):
            write()
    read_only.close()
    assert (tmp_path / "store.sqlite").read_bytes() == before


def test_a_read_only_file_that_holds_no_store_is_a_clear_error(tmp_path, monkeypatch):
    import sqlite3

    from core import store as store_module
    from core.errors import StoreError
    from core.store import Store

    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    monkeypatch.setattr(store_module, "sqlite_read_only", lambda p: True)
    with pytest.raises(StoreError, match="is not a database"):  # an empty file is no database
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == b""
    with sqlite3.connect(path) as db:  # a SQLite database, but no store in it
        db.execute("CREATE TABLE other (x)")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="read-only and holds no store"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_read_only_store_with_commits_left_in_its_journal_is_a_clear_error(tmp_path, monkeypatch):
    """Reading it "immutable" would silently show the store as it was before those commits."""
    import sqlite3

    from core import store as store_module
    from core.errors import StoreError
    from core.store import Store

    path = tmp_path / "store.sqlite"
    Store(f"sqlite:///{path}").close()
    writer = sqlite3.connect(path)  # a writer that has not closed: its commits are in -wal
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE later (x)")
    writer.commit()
    assert (tmp_path / "store.sqlite-wal").stat().st_size > 0
    monkeypatch.setattr(store_module, "sqlite_read_only", lambda p: True)
    with pytest.raises(StoreError, match="-wal journal holds changes"):
        Store(f"sqlite:///{path}")
    writer.close()


def test_date_basis_reported_on_and_fatalities_round_trip(store):
    """Revision 0003's fields are stored and read back as the parser gave them."""
    article = article_from_text(
        "Officials in the province of Verdania said the bridge was repaired.",  # SYNTHETIC
        source="synthetic",
        published=datetime(2023, 4, 12, 9, 15),
    )
    parsed = pipeline.parse(article)
    assert parsed.records, "the synthetic sentence gives a record"
    rec = parsed.records[0]
    rec.date_basis, rec.date_start, rec.date_end = "reported", None, None
    rec.fatalities, rec.fatalities_text = 3, "three people were killed"
    assert store.add_parsed(parsed)
    row = store.records_frame().set_index("id").loc[rec.id]
    assert row["date_basis"] == "reported" and pd.isna(row["date_start"])
    assert row["reported_on"] == pd.Timestamp(2023, 4, 12)
    assert (row["fatalities"], row["fatalities_text"]) == (3, "three people were killed")
