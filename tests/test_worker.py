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
