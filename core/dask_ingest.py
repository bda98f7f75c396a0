"""Ingest on a Dask cluster (``python -m core ingest --backend dask``): parsing on as many
machines as the cluster has, storing by one writer.

- This process reads each file into an ``Article`` (cheap next to parsing) and asks the
  store, a window of articles at a time, which it holds already (by the content hash): those
  are counted unchanged and never sent.  Workers need no access to the files.
- Each worker loads the language model once, when it joins (``LoadModel``, a worker plugin,
  also for workers that join or are restarted later), and parses the articles it is given.
- Results stream back as they finish (``as_completed``) to this process, which stores them
  in batches: a batch of whole articles per transaction (``Store.add_parsed_many``), each
  article with all its records or none, and once only (the insert keyed by the hash does
  nothing for an article stored meanwhile by anyone).
- A worker that dies (killed, out of memory) loses only the articles it was parsing: the
  scheduler gives them to another worker.  An article that kills ``allowed-failures``
  workers in turn is reported as failed, and the run goes on.  A run that is itself killed
  loses the batch it had not yet written; run it again and it parses only what is missing.

By default a ``LocalCluster`` of ``jobs`` worker processes on this machine; ``scheduler``
(``tcp://host:8786``) uses a running cluster instead, whose workers must run this project's
code and requirements (``dask worker tcp://host:8786`` from the project folder).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from core import collection, pipeline
from core.errors import CoreError, InputError, StoreError
from core.model import Article

# Articles stored per transaction: a commit (a disk sync on PostgreSQL) per 16 articles
# rather than per article, while a killed run loses at most this many parses.
BATCH_ARTICLES = 16
# A batch not yet full is written after this long, so that a slow stream still shows up
# in the store (and a killed run loses little).
BATCH_WAIT_S = 5.0
# Articles handed to the cluster per worker ahead of its results: enough that no worker
# waits for the next while this process stores, few enough that memory stays bounded.
IN_FLIGHT_PER_WORKER = 4
# Articles read ahead and checked against the store in one query.
READ_WINDOW = 64
PLUGIN_NAME = "conflict-timeline-model"
# Seconds to wait for the first worker of a cluster (a LocalCluster's start in seconds).
WORKER_WAIT_S = 120


try:  # the plugin base class only exists where distributed is installed
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - the process-pool path needs no Dask
    WorkerPlugin = object


class LoadModel(WorkerPlugin):
    """Load the language model once per worker, before its first article."""

    name = PLUGIN_NAME
    idempotent = True

    def setup(self, worker) -> None:
        from core import syntax

        syntax.load()


def parse_article(article: Article) -> tuple[str, object]:
    """On a worker: ("parsed", Parsed without its spaCy documents) or ("failed", reason)."""
    try:
        return "parsed", dataclasses.replace(pipeline.parse(article), syntax=None)
    except CoreError as error:
        return "failed", str(error)


def _client(jobs: int, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    # One thread per worker process: parsing holds the GIL, so threads would not help.
    cluster = LocalCluster(
        n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    return Client(cluster), cluster


def _read(files: list[Path | collection.Item], published, outlet, report) -> Iterator[tuple[str, Article]]:
    """(name, article) per file or collection row; a bad one is reported and skipped."""
    for source in files:
        try:
            yield collection.source_name(source), collection.read_source(source, published, outlet)
        except CoreError as error:
            report.failed.append((collection.source_name(source), str(error)))


def ingest_files(
    store,
    files: list[Path | collection.Item],
    report,
    *,
    published=None,
    outlet=None,
    jobs: int = 2,
    scheduler=None,
    progress=False,
) -> None:
    """Read, parse on the cluster and store ``files``, counting into ``report`` (see the
    module doc).  A store failure ends the run (what was stored before stays).  The cluster
    is started only once an article needs parsing: a run over stored articles starts none."""
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="article", disable=len(files) < 2)
    run = _Run(store, report, jobs, scheduler, bar)
    try:
        run.feed(_read(files, published, outlet, report))
    finally:
        run.close()
        if bar is not None:
            bar.close()


class _Run:
    """One ingest: articles handed to the cluster, results streamed to the writer."""

    def __init__(self, store, report, jobs: int, scheduler: str | None, bar) -> None:
        self.store, self.report, self.jobs, self.scheduler, self.bar = store, report, jobs, scheduler, bar
        self.client = self.cluster = self.finished = None
        self.limit = jobs * IN_FLIGHT_PER_WORKER  # until the cluster says how many workers it has
        self.pending: dict[object, str] = {}
        self.seen: set[str] = set()
        self.batch: list = []
        self.batch_began = time.monotonic()

    def _start(self) -> None:
        from distributed import as_completed

        self.client, self.cluster = _client(self.jobs, self.scheduler)
        self.client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        self.client.register_plugin(LoadModel())
        self.limit = max(len(self.client.nthreads()), 1) * IN_FLIGHT_PER_WORKER
        self.finished = as_completed()

    def _tick(self) -> None:
        if self.bar is not None:
            self.bar.update()

    def _hand_out(self, articles: Iterator[tuple[str, Article]]) -> None:
        """Hand out articles until ``limit`` are in flight (or none are left), a window read
        at a time; those stored already (or twice in this run) are counted unchanged."""
        from core.service import count_article

        while len(self.pending) < self.limit:
            window = list(islice(articles, READ_WINDOW))
            if not window:
                return
            stored = self.store.stored_ids([a.id for _, a in window])
            for path, article in window:
                if article.id in stored or article.id in self.seen:
                    count_article(self.report, article, added=False)
                    self._tick()
                    continue
                self.seen.add(article.id)
                if self.client is None:
                    self._start()
                future = self.client.submit(parse_article, article, pure=False)
                self.pending[future] = path
                self.finished.add(future)

    def feed(self, articles: Iterator[tuple[str, Article]]) -> None:
        self._hand_out(articles)
        while self.pending:
            future = next(self.finished)
            path = self.pending.pop(future)
            try:
                kind, value = future.result()
            except Exception as error:  # noqa: BLE001 - the workers parsing it died too often (KilledWorker)
                kind, value = "failed", f"{path}: the workers parsing it stopped ({type(error).__name__})"
            if kind == "failed":
                self.report.failed.append((str(path), value))
            else:
                self.batch.append(value)
            self._tick()
            waited = time.monotonic() - self.batch_began
            if len(self.batch) >= BATCH_ARTICLES or (self.batch and waited > BATCH_WAIT_S):
                self._write()
            self._hand_out(articles)
        if self.batch:
            self._write()

    def _write(self) -> None:
        _store_batch(self.store, self.batch, self.report)
        self.batch, self.batch_began = [], time.monotonic()

    def close(self) -> None:
        for future in self.pending:
            future.cancel()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _store_batch(store, parsed: list, report) -> None:
    """Store whole articles in one transaction; if one of them cannot be stored (a value
    that does not fit), store them one by one so that only that one is reported."""
    from core.service import count_article

    try:
        added = store.add_parsed_many(parsed, pipeline.PARSER_VERSION)
    except StoreError:
        raise
    except InputError:
        added = []
        for item in parsed:
            try:
                added.append(store.add_parsed(item, pipeline.PARSER_VERSION))
            except StoreError:
                raise
            except InputError as error:
                report.failed.append((item.article.source or item.article.id, str(error)))
                added.append(None)
    for item, was_added in zip(parsed, added, strict=True):
        if was_added is not None:
            count_article(report, item.article, added=was_added)
