"""Store access and cached loaders.

Everything that reads the store goes through a cached loader keyed by
``Store.data_version()``, so a correction or an upload is visible on the next rerun and
nothing stale is served.  The version is read from the database on every rerun, so a
write made through another server process on the same database shows up alike.

``ask`` answers the questions of the SQL layer (``core.queries``: counts, pages, lanes,
facets, places, the date extent) once per data version and normalised question, for
every session of the server process: twenty viewers of one view cost one query.
"""

from __future__ import annotations

import hashlib
import os
import threading
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core import queries, service, worker
from core.errors import CoreError, StoreError
from core.query import Filters
from core.store import Store
from ui import fmt

ROOT = Path(__file__).resolve().parent.parent  # the repository
SAMPLE_ARTICLES = ROOT / "data" / "articles"


def database_url() -> str | None:
    """DATABASE_URL from Streamlit secrets (Community Cloud) or the environment; None → SQLite."""
    try:
        url = st.secrets.get("DATABASE_URL")
    except Exception:  # noqa: BLE001 - no secrets.toml at all is the normal local case
        url = None
    return url or os.environ.get("DATABASE_URL") or None


@st.cache_resource(show_spinner=False)
def get_store(url: str | None) -> Store:
    return Store(url=url)


def store() -> Store:
    return get_store(database_url())


# What a store call can raise when the store, not the code, is at fault: the core's own
# errors (StoreError, InputError, a refused value), the driver's, and the disk's.
STORE_FAILURES = (CoreError, SQLAlchemyError, OSError)


def failure_line(error: BaseException) -> str:
    """One plain line for a failure: a driver error's own first line, never its SQL or
    parameters (SQLAlchemy appends them on later lines)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(error).__name__


@contextmanager
def store_errors(action: str, *, stop: bool = False):
    """Show a store failure inside the block as one ``st.error`` line, no traceback;
    ``stop`` ends the run (nothing can be shown without the store).  Streamlit's
    rerun/stop signals are BaseExceptions and pass through."""
    try:
        yield
    except STORE_FAILURES as error:
        st.error(f"Could not {action}: {fmt.md_escape(failure_line(error))}", icon=":material/error:")
        if stop:
            st.stop()


def parse_article(article):
    """The dashboard's parse: in the worker process, stopped after ``worker.PARSE_BUDGET_S``
    (read at call time) so one huge paste cannot hold the server; nothing half-stored."""
    return worker.parse_within(article, worker.PARSE_BUDGET_S)


@st.cache_resource(show_spinner=False)
def warm_parse_worker() -> bool:
    """Once per server process: the parse worker starts and loads its model in the
    background, so a paste on a warm server only waits for its own parse."""
    worker.warm_up_in_background()
    return True


@st.cache_resource(show_spinner=False)
def reparse_outdated(url: str | None) -> tuple[int, list[tuple[str, str]]]:
    """Once per server process: articles stored by an older parser are re-read with
    this one (corrections are kept), so an upgrade shows its improvements at once."""
    st_store = get_store(url)
    n = st_store.reparse(outdated_only=True, parse=parse_article)
    return n, list(st_store.reparse_failures)


def ensure_seeded(st_store: Store) -> None:
    """On an empty store, ingest the sample articles (``data/articles/``, real news with
    their credits, read through its manifest) so a newcomer sees a timeline at once;
    on a stored one, re-read what an older parser version left (see ``reparse_outdated``).

    Checked once per browser session: a store only becomes empty again by deleting.
    """
    if st.session_state.get("_seed_checked"):
        return
    st.session_state["_seed_checked"] = True
    if st_store.read_only:  # shown as it is: nothing can be added or re-read
        return
    if not st_store.is_empty():
        with st.spinner("Re-reading articles parsed by an older version of the parser…"):
            _, failures = reparse_outdated(database_url())
        if failures:
            st.warning(
                f"{len(failures)} article(s) could not be re-read by this version and keep their "
                "previous records: "
                + ", ".join(f"{fmt.md_escape(aid)} ({fmt.md_escape(why)})" for aid, why in failures[:5])
            )
    elif SAMPLE_ARTICLES.is_dir():
        seed_sample_articles(st_store)
    warm_parse_worker()


def seed_sample_articles(st_store: Store) -> None:
    """Read data/articles/ through its manifest (titles, links, dates, credits), by a
    worker process per core, with a progress bar."""
    bar = st.progress(0.0, text="First start: reading the sample articles…")
    service.ingest_paths(
        st_store,
        [SAMPLE_ARTICLES],
        on_progress=lambda done, total: bar.progress(
            done / total, text=f"First start: reading the sample articles ({done} of {total})…"
        ),
    )
    bar.empty()


# A resource, not data: st.cache_data would unpickle a fresh copy of the whole frame on
# every rerun (about 1 s for 100,000 records, see benchmarks/dashboard.py), and the frame
# is only ever read. Under pandas 3 copy-on-write, frames derived from it (filters,
# selections) can never write back into it; nothing here modifies it in place.
@st.cache_resource(show_spinner=False, max_entries=3)
def load_records(url: str | None, version: str, include_hidden: bool = False) -> pd.DataFrame:
    return get_store(url).records_frame(include_hidden=include_hidden)


@st.cache_data(show_spinner=False, max_entries=3)
def load_articles(url: str | None, version: str) -> pd.DataFrame:
    return get_store(url).articles_frame()


@st.cache_data(show_spinner=False, max_entries=200)
def load_article(url: str | None, version: str, article_id: str):
    return get_store(url).article(article_id)


# The questions ``ask`` answers: core.queries' functions by name.
QUESTIONS = {
    "count": queries.count,
    "page": queries.records_page,
    "lanes": queries.lane_counts,
    "periods": queries.period_counts,
    "facets": queries.facets,
    "places": queries.place_counts,
    "extent": queries.date_extent,
}
# Answers kept per server process: every view and filter in use at once by many viewers,
# each a few KB (a page of 50 records, counts per lane and week), so a few MB in all.
QUERY_CACHE_ENTRIES = 512
# An answer no rerun asked for again within this long goes, whatever its version: answers
# of older versions are never asked for again (each write makes a new version).
QUERY_CACHE_TTL_S = 15 * 60


@st.cache_data(show_spinner=False, max_entries=QUERY_CACHE_ENTRIES, ttl=QUERY_CACHE_TTL_S)
def _answer(url: str | None, version: str, question: str, filters: Filters, options: tuple):
    return QUESTIONS[question](get_store(url), filters, **dict(options))


def ask(question: str, url: str | None, version: str, filters: Filters, **options):
    """The answer of ``core.queries.<question>`` (a key of QUESTIONS) for these filters and
    keyword options, computed once per store, data version and normalised question and
    shared by every session of this process."""
    if question not in QUESTIONS:
        raise ValueError(f"unknown question {question!r}; one of {', '.join(QUESTIONS)}")
    return _answer(url, version, question, queries.normalised(filters), tuple(sorted(options.items())))


def load_facets(url: str | None, version: str) -> dict[str, list[str]]:
    """The values each sidebar filter can take (core.query.facet_values' lists), asked of the
    database rather than of the whole frame."""
    found = ask("facets", url, version, Filters())
    return {key: sorted(str(v) for v in found[key]["value"]) for key in queries.FACET_KEYS}


def store_version(url: str | None) -> str:
    return get_store(url).data_version()


@st.cache_data(show_spinner=False, max_entries=20)
def article_records(url: str | None, version: str, article_id: str) -> pd.DataFrame:
    """One article's records, hidden ones too, in text order (read by their ids, not from
    the whole frame)."""
    st_store = get_store(url)
    frame = st_store.records_frame(
        include_hidden=True, record_ids=queries.article_record_ids(st_store, article_id)
    )
    return frame.sort_values("char_start", kind="stable")


def as_published(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def _is_undated(read) -> bool:
    """True when an article read without a given date has no publication date; an
    article that cannot be read at all is left for the store to report."""
    try:
        return read().published is None
    except CoreError:
        return False


def ingest_uploads(
    st_store: Store, files, published: date | None, fields: dict[str, str] | None = None, on_progress=None
):
    """Write the uploaded files to a temporary folder and ingest them as a batch.

    Articles (.txt, .md, .html) are read one by one, each read and parsed in the worker
    process (``core.worker``: its time and memory budgets; a web page's extraction never
    runs in the server); CSV and JSON Lines files as collections with their metadata
    (``fields`` maps field names, see core.collection); a ``manifest.json`` among the
    files makes them one manifest folder.  ``on_progress(done, total)`` is called after
    each article.

    Returns (the store's IngestReport, failures as (file name, reason), the names of
    files held back because neither they nor the form give a publication date: without
    one, the reader cannot place their undated records on a day).
    """
    import tempfile

    from core import collection

    st_store.check_writable()
    report = service.IngestReport()
    undated = []
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths, names = [], {}
        manifest = any(Path(upload.name).name == collection.MANIFEST for upload in files)
        folder = Path(tmp) / "articles"
        if manifest:  # the manifest names its files: they go in one folder, by their names
            folder.mkdir()
            paths.append(folder)
            names[str(folder)] = collection.MANIFEST
        for i, upload in enumerate(files):
            name = Path(upload.name).name or f"upload-{i}.txt"
            if manifest and Path(name).suffix.lower() not in collection.TABLE_SUFFIXES:
                (folder / name).write_bytes(upload.getvalue())
                continue
            path = Path(tmp) / f"{i:03d}" / name  # one folder each: same-named files do not clash
            path.parent.mkdir()
            path.write_bytes(upload.getvalue())
            paths.append(path)
            names[str(path)] = name
        collections = [p for p in paths if collection.is_collection(p)]
        articles = [p for p in paths if p not in collections]
        # Collections first: their count is known once they are read, and the articles'
        # progress then continues from it.
        in_collections = [0]

        def collection_progress(done: int, total: int) -> None:
            in_collections[0] = total
            on_progress(done, total + len(articles))

        if collections:  # a collection's rows carry their own dates (or are reported undated)
            service.ingest_paths(
                st_store,
                collections,
                published=as_published(published),
                report=report,
                parse=parse_article,
                fields=fields,
                on_progress=collection_progress if on_progress is not None else None,
            )
        known = st_store.article_ids() if len(articles) > 1 else None
        for done, path in enumerate(articles, start=1):
            try:
                article = worker.read_file_within(
                    path, published=as_published(published), budget_s=worker.PARSE_BUDGET_S
                )
                if published is None and article.published is None:
                    undated.append(names[str(path)])
                else:
                    service.add_article(st_store, article, report, known, parse=parse_article)
            except StoreError:  # the store, not this file: the batch ends
                raise
            except CoreError as error:
                report.failed.append((str(path), str(error)))
            if on_progress is not None:
                on_progress(in_collections[0] + done, in_collections[0] + len(articles))
        failed = []
        for path, reason in report.failed:
            name = names.get(str(path), Path(path).name)
            reason = str(reason).replace(f"{path}: ", "").replace(str(path), name)  # no temp paths
            failed.append((name, reason.removeprefix(f"{name}: ").replace(tmp, "")))
        report.failed[:] = failed
    return report, failed, undated


def pasted_source(source: str) -> str:
    return source.strip() or fmt.PASTED_SOURCE


# The paste last read in the worker, by its text's hash and options: the form reads a
# paste to see whether it is dated, then adds it; the worker reads it once.
_PASTE_READ: dict[tuple, object] = {}
_PASTE_LOCK = threading.Lock()


def read_pasted(text: str, source: str, is_html: bool, published: date | None = None):
    """The pasted text as an Article, read in the worker process (its time and memory
    budgets apply to a web page's extraction); InputError or ParseTimeout when it cannot be."""
    key = (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), source, is_html, published)
    with _PASTE_LOCK:
        if key in _PASTE_READ:
            return _PASTE_READ[key]
    article = worker.read_within(
        text,
        source=pasted_source(source),
        published=as_published(published),
        is_html=is_html,
        budget_s=worker.PARSE_BUDGET_S,
    )
    with _PASTE_LOCK:
        _PASTE_READ.clear()
        _PASTE_READ[key] = article
    return article


def pasted_is_undated(text: str, source: str, is_html: bool) -> bool:
    """True when pasted text carries no publication date (no dateline, no page metadata)."""
    return _is_undated(lambda: read_pasted(text, source, is_html))


def ingest_pasted(st_store: Store, text: str, source: str, published: date | None, is_html: bool):
    """(article_id, added, notes); raises core.errors.InputError for text that is not an
    article (or needs more memory than the worker has) and core.worker.ParseTimeout for
    one too long to read or parse within the budget.  Nothing is stored then."""
    st_store.check_writable()
    article = read_pasted(text, source, is_html, published)
    report = service.IngestReport()
    service.add_article(st_store, article, report, parse=parse_article)
    return article.id, report.added == 1, list(report.notes)
