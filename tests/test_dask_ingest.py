"""Ingest on a Dask cluster (core.dask_ingest, ``ingest --backend dask``): the same store as
one process, each article once, also when a worker or the whole run is killed mid-run.

The articles are SYNTHETIC (tests/resources/synthetic and benchmarks.generate's)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import service
from tests.conftest import ROOT

pytest.importorskip("distributed")

HELDOUT = ROOT / "tests" / "resources" / "synthetic" / "heldout"
# Articles for the runs that are killed: enough that parsing them outlasts the kill.
KILL_RUN_ARTICLES = 96
# Seconds a run of the command may take on a busy machine before the test gives up.
RUN_TIMEOUT_S = 900


def stored_reading(store) -> list[tuple]:
    frame = store.records_frame()
    cols = ["article_id", "char_start", "char_end", "kind", "event_type", "date_start", "date_end"]
    cols += ["summary", "speaker", "actors", "locations"]
    return sorted(map(tuple, frame[cols].astype(str).itertuples(index=False)))


def article_count(url: str) -> int:
    """Articles stored so far, read without ever creating the SQLite file (``mode=rw``): an
    empty file made by this reader would be refused by the ingest as no store, rightly."""
    import sqlalchemy as sa

    if url.startswith("sqlite:///"):
        url = f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=rw&uri=true"
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT COUNT(*) FROM articles")).scalar_one()
    except sa.exc.OperationalError:  # not created yet
        return 0
    finally:
        engine.dispose()


def test_the_dask_backend_stores_what_one_process_stores(tmp_path, db_url):
    from core.store import Store

    folder = tmp_path / "articles"
    folder.mkdir()
    files = sorted(p for p in HELDOUT.glob("*.txt"))[:12]
    for path in files:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "copy.txt").write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    one = Store(url=f"sqlite:///{tmp_path / 'one.sqlite'}")
    expected = service.ingest_paths(one, [folder], jobs=1)
    store = Store(url=db_url)
    try:
        report = service.ingest_paths(store, [folder], jobs=2, backend="dask")
        assert (report.added, report.unchanged) == (expected.added, expected.unchanged) == (12, 1)
        assert [path for path, _ in report.failed] == [path for path, _ in expected.failed]
        assert stored_reading(store) == stored_reading(one)
        again = service.ingest_paths(store, [folder], jobs=2, backend="dask")
        assert (again.added, again.unchanged) == (0, 13)
        assert stored_reading(store) == stored_reading(one)
    finally:
        store.close()
        one.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A folder of generated articles and what one process stores from it."""
    from benchmarks.generate import generate_articles
    from core.store import Store

    folder = tmp_path_factory.mktemp("generated")
    for name, text in generate_articles(KILL_RUN_ARTICLES, seed=36):
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{folder.parent / 'reference.sqlite'}"
    reference = Store(url=url)
    service.ingest_paths(reference, [folder], jobs=1)
    reading = stored_reading(reference)
    reference.close()
    return folder, reading


def start_ingest(folder: Path, url: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "core", "ingest", str(folder), "--db", url, "--quiet"]
    command += ["--backend", "dask", "--jobs", "2"]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def wait_for_first_articles(proc: subprocess.Popen, url: str) -> int:
    """Wait until the run has stored some articles (it is parsing); how many."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline and proc.poll() is None:
        stored = article_count(url)
        if stored:
            return stored
        time.sleep(0.05)
    pytest.fail(f"the run stored nothing (exit {proc.poll()}): {proc.stderr.read() if proc.stderr else ''}")


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, generated):
    import psutil

    from core.store import Store

    folder, reference = generated
    url = f"sqlite:///{tmp_path / 'killed-worker.sqlite'}"
    proc = start_ingest(folder, url)
    stored = wait_for_first_articles(proc, url)
    workers = [
        child
        for child in psutil.Process(proc.pid).children()
        if "spawn_main" in " ".join(child.cmdline()) and "resource_tracker" not in " ".join(child.cmdline())
    ]
    assert workers, "no worker process found"
    os.kill(workers[0].pid, signal.SIGKILL)
    assert stored < KILL_RUN_ARTICLES and proc.poll() is None  # killed mid-run
    out, err = proc.communicate(timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, err
    assert f"{KILL_RUN_ARTICLES} added, 0 unchanged, 0 failed" in out
    store = Store(url=url)
    try:
        assert stored_reading(store) == reference  # every article once, whole
    finally:
        store.close()


def test_a_run_killed_and_started_again_stores_each_article_once(tmp_path, generated):
    from core.store import Store

    folder, reference = generated
    url = f"sqlite:///{tmp_path / 'killed-run.sqlite'}"
    proc = start_ingest(folder, url)
    wait_for_first_articles(proc, url)
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, at once
    proc.communicate(timeout=60)
    stored = article_count(url)
    assert 0 < stored < KILL_RUN_ARTICLES
    again = start_ingest(folder, url)
    out, err = again.communicate(timeout=RUN_TIMEOUT_S)
    assert again.returncode == 0, err
    assert f"{KILL_RUN_ARTICLES - stored} added, {stored} unchanged, 0 failed" in out
    store = Store(url=url)
    try:
        assert stored_reading(store) == reference
    finally:
        store.close()
