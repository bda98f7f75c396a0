"""core.worker: parsing under a wall-clock budget in a worker process."""

import pytest

from core import ingest, pipeline, worker
from core.store import Store

# SYNTHETIC: one dated event.
TEXT = "Ukrainian forces shelled the town of Izium on Tuesday, the army said.\n"


@pytest.fixture(scope="module")
def parse_worker():
    w = worker.ParseWorker()
    yield w
    w.stop()


def article(text=TEXT, source="synthetic.txt"):
    return ingest.article_from_text(text, source=source)


def test_parse_in_worker_equals_parse_in_process(parse_worker):
    a = article()
    assert parse_worker.parse(a).records == pipeline.parse(a).records


def test_expired_budget_stops_the_parse_and_stores_nothing(parse_worker, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    # the whole article cannot be parsed in a microsecond
    long = article(TEXT * 200, source="long.txt")
    with pytest.raises(worker.ParseTimeout, match=r"long\.txt: parsing took longer than 1e-06 s"):
        store.add_parsed(parse_worker.parse(long, budget_s=1e-6))
    assert store.article_ids() == set()
    # the next call gets a fresh worker and succeeds
    assert parse_worker.parse(article(), budget_s=worker.WORKER_START_S).records


def test_the_worker_ends_quietly_when_its_parent_goes():
    """A server that shuts down closes its end of the pipe: the worker ends with status 0,
    no EOFError traceback in the server's log."""
    w = worker.ParseWorker()
    w.parse(article(), budget_s=worker.WORKER_START_S)  # started and serving
    proc, conn = w._proc, w._conn
    conn.close()  # as the parent's exit closes it
    proc.join(timeout=30)
    assert proc.exitcode == 0
    w._proc = w._conn = None


def test_the_worker_can_be_started_ahead_of_the_first_parse(monkeypatch):
    """The dashboard starts the shared worker in the background when it opens, so the
    first paste finds it running (benchmarks.walk times the paste)."""
    fresh = worker.ParseWorker()
    monkeypatch.setattr(worker, "_default", fresh)
    try:
        worker.warm_up_in_background().join(timeout=worker.WORKER_START_S)
        proc = fresh._proc
        assert proc is not None and proc.is_alive()
        assert fresh.parse(article(), budget_s=worker.WORKER_START_S).records
        assert fresh._proc is proc  # the same process served it
    finally:
        fresh.stop()
