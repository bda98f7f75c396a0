"""core.service: ingest and re-parse between reading (ingest, pipeline) and the store.
Articles written here are SYNTHETIC, one behaviour each."""

from datetime import datetime

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
