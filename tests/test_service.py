"""core.service: ingest and re-parse between reading (ingest, pipeline) and the store.
Articles written here are SYNTHETIC, one behaviour each."""

from datetime import datetime
from pathlib import Path

import pytest

from core import service
from core.ingest import file_name_time

UNDATED = (
    "SYNTHETIC TEST ARTICLE - not real news\n\n"
    "Officials said the border crossing had been closed on Tuesday after shelling.\n"
)


@pytest.mark.parametrize(
    "name, when",
    [
        ("20220126T083000Z_PL_en_5be7729074.txt", datetime(2022, 1, 26, 8, 30)),
        ("2022-01-26_border.txt", datetime(2022, 1, 26)),
        ("2022-01-26T08:30 border.md", datetime(2022, 1, 26, 8, 30)),
    ],
)
def test_a_file_name_time_dates_an_article_whose_text_has_none(store, tmp_path, name, when):
    (tmp_path / name).write_text(UNDATED, encoding="utf-8")
    report = service.ingest_paths(store, [tmp_path])
    assert report.added == 1 and report.undated == []
    assert store.article(report.article_ids[0]).published == when
    # "on Tuesday" now resolves against the file name's date
    assert store.records_frame()["date_start"].notna().all()


@pytest.mark.parametrize("name", ["2022-13-45_border.txt", "000_cde299979b26ee9c.txt", "20220126.txt"])
def test_names_that_are_not_times_give_none(name):
    assert file_name_time(name) is None


def test_the_text_s_own_dateline_wins_over_the_file_name(store, tmp_path):
    text = UNDATED.replace("\n\n", "\n\nMarch 3, 2023\n\n", 1)
    (tmp_path / "2022-01-26_border.txt").write_text(text, encoding="utf-8")
    report = service.ingest_paths(store, [tmp_path])
    assert store.article(report.article_ids[0]).published == datetime(2023, 3, 3)


def test_an_article_with_no_date_anywhere_is_stored_and_counted(store, tmp_path):
    (tmp_path / "border.txt").write_text(UNDATED, encoding="utf-8")
    report = service.ingest_paths(store, [tmp_path])
    assert report.added == 1 and report.undated == ["border.txt"]
    assert "1 article has no publication date: their relative dates are unresolved" in str(report)
    assert store.article(report.article_ids[0]).published is None  # NULL published is the flag
    assert not store.records_frame().empty


def test_the_outlet_the_user_gives_wins(store, tmp_path):
    (tmp_path / "border.txt").write_text(UNDATED, encoding="utf-8")
    report = service.ingest_paths(store, [tmp_path], outlet="Example Wire")
    assert store.article(report.article_ids[0]).outlet == "Example Wire"


def test_reparse_dates_an_article_stored_undated_by_its_file_name(store, tmp_path):
    import sqlalchemy as sa

    from core import schema

    path = tmp_path / "20220126T083000Z_PL_en_5be7729074.txt"
    path.write_text(UNDATED, encoding="utf-8")
    aid = service.ingest_paths(store, [path]).article_ids[0]
    with store.engine.begin() as conn:  # as an older parser stored it
        conn.execute(sa.update(schema.articles).values(published=None, parser_version="0.0.1"))
    done, failures = service.reparse(store, outdated_only=True)
    assert (done, failures) == (1, [])
    assert store.article(aid).published == datetime(2022, 1, 26, 8, 30)
    assert store.records_frame()["date_start"].notna().all()


def test_reparse_drops_a_title_that_the_text_s_furniture_or_dateline_gave(store, tmp_path):
    import sqlalchemy as sa

    from core import schema

    (tmp_path / "cnn.txt").write_text("Moscow CNN —\n\n" + UNDATED, encoding="utf-8")
    (tmp_path / "titled.txt").write_text("Border closed\n\n" + UNDATED, encoding="utf-8")
    ids = service.ingest_paths(store, [tmp_path]).article_ids
    with store.engine.begin() as conn:  # as an older reader titled them, the dateline included
        conn.execute(sa.update(schema.articles).values(parser_version="0.0.1"))
        conn.execute(
            sa.update(schema.articles).where(schema.articles.c.id == ids[0]).values(title="Moscow CNN —")
        )
    service.reparse(store, outdated_only=True)
    assert store.article(ids[0]).title is None
    assert store.article(ids[1]).title == "Border closed"  # a true headline stays


def test_reparse_keeps_offsets_true_in_text_stored_with_characters_ingest_now_drops(store):
    """Text stored before ingest dropped U+2028 still holds it: a re-parse must not lay
    blocks read from the cleaned text over it (every record slices its own sentence)."""
    import dataclasses

    from core import ingest, pipeline

    text = UNDATED.replace("TEST ARTICLE", "TEST\u2028ARTICLE")
    cleaned = ingest.article_from_text(text, source="synthetic", published=datetime(2022, 1, 26))
    # as an older version stored it: the text kept whole, its blocks read from it
    old = dataclasses.replace(
        cleaned, text=text, blocks=ingest._assign_roles(text, ingest._split_blocks(text), None)[0]
    )
    store.add_parsed(pipeline.Parsed(old, [], [], [], []), "0.0.1")
    assert service.reparse(store, outdated_only=True) == (1, [])
    assert store.article(old.id).blocks == old.blocks  # not blocks of another text
    sentence = "Officials said the border crossing had been closed on Tuesday after shelling."
    assert set(store.records_frame()["sentence"]) == {sentence}  # whole, not shifted


HELDOUT = Path(__file__).parent / "resources" / "synthetic" / "heldout"


def _stored_reading(store) -> list[tuple]:
    frame = store.records_frame()
    cols = ["article_id", "char_start", "char_end", "kind", "event_type", "date_start", "date_end"]
    cols += ["summary", "speaker", "actors", "locations"]
    return sorted(map(tuple, frame[cols].astype(str).itertuples(index=False)))


def test_worker_processes_store_what_one_process_stores(tmp_path, monkeypatch):
    """A folder read by two worker processes gives the same articles and records, in
    the same order, as one process; a file that fails is reported the same way and an
    article stored before is counted unchanged without being parsed again."""
    from core.store import Store

    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(HELDOUT.glob("*.txt"))[:5]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "00_empty.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(service, "MIN_FILES_PER_WORKER", 1)
    results = {}
    for jobs in (1, 2):
        store = Store(url=f"sqlite:///{tmp_path / f'jobs{jobs}.sqlite'}")
        service.ingest_paths(store, [folder / "01_sudan_ap.txt"])  # stored before the batch
        report = service.ingest_paths(store, [folder], jobs=jobs)
        counts = (report.added, report.unchanged, report.failed, report.article_ids)
        results[jobs] = (*counts, _stored_reading(store))
        store.close()
    assert results[2] == results[1]
    added, unchanged, failed, ids, stored = results[2]
    assert (added, unchanged, len(failed)) == (4, 1, 1)
    assert failed[0][0].endswith("00_empty.txt") and stored


def test_small_batches_and_custom_parsers_stay_in_this_process(store, tmp_path, monkeypatch):
    def no_workers(*args, **kwargs):
        raise AssertionError("worker processes started")

    monkeypatch.setattr(service, "_parsed_in_workers", no_workers)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(UNDATED.replace("Tuesday", f"Tuesday ({i})"), encoding="utf-8")
    assert service.ingest_paths(store, [tmp_path], jobs=2).added == 3  # 3 files < 2 x MIN_FILES_PER_WORKER
    monkeypatch.setattr(service, "MIN_FILES_PER_WORKER", 1)
    calls = []

    def parse(article):
        calls.append(article.id)
        return service.pipeline.parse(article)

    (tmp_path / "3.txt").write_text(UNDATED.replace("Tuesday", "Wednesday"), encoding="utf-8")
    assert service.ingest_paths(store, [tmp_path], jobs=2, parse=parse).added == 1 and len(calls) == 1


def test_a_store_failure_ends_a_run_in_workers_and_keeps_what_was_stored(tmp_path, monkeypatch):
    from core.errors import StoreError
    from core.store import Store

    for path in sorted(HELDOUT.glob("*.txt"))[:4]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(service, "MIN_FILES_PER_WORKER", 1)
    store = Store(url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    real_add = store.add_parsed
    calls = []

    def add_then_fail(parsed, version):
        calls.append(parsed.article.id)
        if len(calls) == 2:
            raise StoreError("sqlite:///test", "disk full")
        return real_add(parsed, version)

    monkeypatch.setattr(store, "add_parsed", add_then_fail)
    report = service.IngestReport()
    with pytest.raises(StoreError, match="disk full"):
        service.ingest_paths(store, [tmp_path], jobs=2, report=report)
    assert report.added == 1 and len(calls) == 2  # nothing after the failure was stored
    assert len(store.article_ids()) == 1
    store.close()


def test_outdated_articles_another_process_reread_meanwhile_are_skipped(store, tmp_path, monkeypatch):
    """Several server processes on one store each re-read outdated articles when they start:
    an article one of them re-read meanwhile is not parsed again by another."""
    import sqlalchemy as sa

    from core import pipeline, schema

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(UNDATED.replace("border", f"{name} border"), encoding="utf-8")
    assert service.ingest_paths(store, [tmp_path], published=datetime(2022, 1, 26)).added == 2
    with store.engine.begin() as conn:
        conn.execute(sa.update(schema.articles).values(parser_version="0.0.1"))
    parsed = []

    def parse_while_another_process_rereads_the_rest(article):
        parsed.append(article.id)
        with store.engine.begin() as conn:  # the other process finished every article
            conn.execute(sa.update(schema.articles).values(parser_version=pipeline.PARSER_VERSION))
        return pipeline.parse(article)

    done, failures = service.reparse(
        store, outdated_only=True, parse=parse_while_another_process_rereads_the_rest
    )
    assert (done, failures, len(parsed)) == (1, [], 1)


def test_copies_within_a_batch_are_never_parsed(tmp_path):
    """Issue 37, finding 14: duplicates within one batch were parsed before being found
    duplicate.  A file with the bytes of one before it is not sent to a worker."""
    import shutil

    from benchmarks.generate import generate_articles
    from core.store import Store

    folder = tmp_path / "batch"
    folder.mkdir()
    names = []
    for name, text in generate_articles(16, seed=11):
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    for name in names[:4]:  # the corpus has 25 exact copies under other names
        shutil.copy(folder / name, folder / f"zz-copy-of-{name}")
    files = service.expand_paths([folder])
    outcomes = dict(service._parsed_in_workers(files, None, None, set(), 2))
    copies = {p for p in files if p.name.startswith("zz-copy-of-")}
    assert {p for p, (kind, _) in outcomes.items() if kind == "copy"} == copies
    assert all(kind == "parsed" for p, (kind, _) in outcomes.items() if p not in copies)
    report = service.ingest_paths(Store(f"sqlite:///{tmp_path / 's.sqlite'}"), [folder], jobs=2)
    assert (report.added, report.unchanged, report.failed) == (16, 4, [])
