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
