"""ui.data's loaders: answers of the SQL layer shared across sessions, keyed by the data
version and the normalised question; facets and an article's records without the whole
frame.  The store holds the SYNTHETIC records of tests/test_queries.py."""

from __future__ import annotations

import pytest
import streamlit as st

from core import queries
from core.query import Filters, facet_values
from tests.test_queries import fill


@pytest.fixture
def url(tmp_path):
    from core.store import Store

    url = f"sqlite:///{tmp_path / 'ui-data.sqlite'}"
    store = Store(url=url)
    fill(store, n_articles=3)
    store.close()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


def test_one_question_is_answered_once_per_data_version(url, monkeypatch):
    from ui import data

    asked = []
    real_count = queries.count

    def counting(store, filters):
        asked.append(filters)
        return real_count(store, filters)

    monkeypatch.setitem(data.QUESTIONS, "count", counting)
    version = data.store_version(url)
    one = data.ask("count", url, version, Filters(countries=("UKR", "RUS"), kinds=("event",)))
    same = data.ask("count", url, version, Filters(countries=("RUS", "UKR", "UKR"), kinds=("event",)))
    assert one == same and len(asked) == 1  # the same question, written another way
    store = data.get_store(url)
    rid = queries.page_ids(store, Filters(countries=("UKR",), kinds=("event",)), limit=1)[0]
    store.hide_record(rid, "Ana")  # as another server process would: a new data version
    newer = data.store_version(url)
    assert newer != version
    assert data.ask("count", url, newer, Filters(countries=("UKR", "RUS"), kinds=("event",))) == one - 1
    assert len(asked) == 2
    with pytest.raises(ValueError):
        data.ask("drop", url, newer, Filters())


def test_facets_and_an_articles_records_come_from_the_database(url):
    from ui import data

    version = data.store_version(url)
    store = data.get_store(url)
    frame = store.records_frame()
    assert data.load_facets(url, version) == {k: sorted(map(str, v)) for k, v in facet_values(frame).items()}
    aid = frame["article_id"].iloc[0]
    whole = store.records_frame(include_hidden=True)
    expected = whole[whole["article_id"].eq(aid)].sort_values(["char_start", "id"])
    got = data.article_records(url, version, aid)
    assert list(got.sort_values(["char_start", "id"])["id"]) == list(expected["id"])
    assert list(got["char_start"]) == sorted(got["char_start"])


def test_uploads_mix_single_articles_and_a_collection(tmp_path):
    """Single articles are read in the parse worker and added one by one, a CSV as a
    collection whose rows carry their own dates; an undated article is held back by its
    upload's name, a failure names the upload (never its temporary copy), and progress
    counts every article once, in order."""
    import csv
    import io

    from core import worker
    from core.store import Store
    from ui import data

    class Upload:
        def __init__(self, name: str, content: bytes) -> None:
            self.name, self.content = name, content

        def getvalue(self) -> bytes:
            return self.content

    body = "Polish officials said on Sunday that aid convoys reached Lviv."
    feed = io.StringIO()
    rows = csv.writer(feed)
    rows.writerow(["title", "text", "published"])
    rows.writerow(["SYNTHETIC row one", f"SYNTHETIC TEST ARTICLE - not real news. {body}", "2022-04-03"])
    rows.writerow(
        ["SYNTHETIC row two", f"SYNTHETIC TEST ARTICLE - not real news, again. {body}", "2022-04-04"]
    )
    files = [
        Upload("dated.txt", f"SYNTHETIC TEST ARTICLE - not real news\n\nApril 3, 2022\n\n{body}\n".encode()),
        Upload("undated.txt", f"SYNTHETIC TEST ARTICLE - not real news, undated\n\n{body}\n".encode()),
        Upload("bad.txt", b"\x00\x01\xff" * 50),
        Upload("feed.csv", feed.getvalue().encode()),
    ]
    store = Store(url=f"sqlite:///{tmp_path / 'uploads.sqlite'}")
    progress = []
    try:
        report, failed, undated = data.ingest_uploads(
            store, files, None, on_progress=lambda done, total: progress.append((done, total))
        )
    finally:
        worker._default.stop()
        store.close()
    assert report.added == 3  # the two rows and the dated article
    assert undated == ["undated.txt"]
    assert [name for name, _ in failed] == ["bad.txt"] and "upload-" not in failed[0][1]
    assert progress == [(n, 5) for n in range(1, 6)]
