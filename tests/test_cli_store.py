"""python -m core ingest / export / reparse, and the store under concurrent and killed ingests
(those two on SQLite and PostgreSQL, through the db_url fixture)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from benchmarks.generate import generate_articles
from core import pipeline
from core.ingest import read_article
from tests.conftest import ROOT


def core_cli(*args, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "core", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def run(*args):
    proc = core_cli(*args)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    for name, text in generate_articles(12, seed=7):
        (d / name).write_text(text, encoding="utf-8")
    return d


def stored_counts(url):
    """({article id: source}, {article id: record count}) as stored, read with a fresh
    connection.  A SQLite file is opened without creating it (``mode=rw``): a reader must not
    make an empty file first, which the ingest would then refuse as no store, rightly.  Not
    ``mode=ro``: a read-only connection cannot remove the WAL files when it closes last."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        url = f"sqlite:///file:{path}?mode=rw&uri=true"
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            arts = dict(conn.execute(sa.text("SELECT id, source FROM articles")).all())
            counts = dict(
                conn.execute(sa.text("SELECT article_id, COUNT(*) FROM records GROUP BY article_id")).all()
            )
    finally:
        engine.dispose()
    return arts, counts


def test_ingest_export_reparse(tmp_path, folder, seed_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    (folder / "empty.txt").write_bytes(b"")
    code, out, err = run("ingest", folder, seed_path, "--db", db, "--quiet")
    assert code == 0
    assert "13 added, 0 unchanged, 1 failed" in out and "empty.txt: empty file" in err
    code, out, _ = run("ingest", seed_path, "--db", db, "--quiet")
    assert "0 added, 1 unchanged" in out
    code, out, _ = run("export", "--db", db, "--format", "json", "--country", "TUR", "--from", "2022-03-29")
    rows = json.loads(out)
    assert rows and all(r["date_end"] >= "2022-03-29" for r in rows)
    assert all(
        "TUR" in {x["country"] for x in r["actors"] + r["locations"]} | {(r["speaker"] or {}).get("country")}
        for r in rows
    )
    code, out, _ = run("export", "--db", db, "--format", "csv", "-o", tmp_path / "out.csv")
    assert code == 0 and (tmp_path / "out.csv").read_text().startswith("id,article_id,kind")
    code, out, _ = run("reparse", "--db", db)
    assert code == 0 and "re-parsed 13 articles" in out
    code, out, _ = run("reparse", "--outdated", "--quiet", "--db", db)
    assert code == 0 and "re-parsed 0 articles, 0 failed" in out  # all read by this version already


def test_ingest_of_only_bad_files_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run("ingest", tmp_path / "empty.txt", "--db", f"sqlite:///{tmp_path / 's.sqlite'}")
    assert code == 2 and "empty file" in err


# Processes ingesting one folder at once in the concurrency test (issue 15's probe).
CONCURRENT_INGESTS = 4


def test_concurrent_ingests_of_one_folder_store_each_article_once_silently(db_url, folder):
    procs = [core_cli("ingest", folder, "--db", db_url, "--quiet") for _ in range(CONCURRENT_INGESTS)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * CONCURRENT_INGESTS, outs
    assert [err for _, err in outs] == [""] * CONCURRENT_INGESTS  # no "pipeline aborted", no warning
    arts, counts = stored_counts(db_url)
    assert len(arts) == 12  # primary key on the content hash: never twice
    added = sum(int(out.split(" added")[0].split()[-1]) for out, _ in outs)
    assert added == 12  # each article added by exactly one of them
    for article_id, source in arts.items():
        assert counts.get(article_id, 0) == len(pipeline.parse(read_article(folder / source)).records)


def test_killed_ingest_leaves_no_half_stored_article(db_url, folder):
    for name, text in generate_articles(60, seed=8):
        (folder / name).write_text(text, encoding="utf-8")
    proc = core_cli("ingest", folder, "--db", db_url, "--quiet")
    deadline = time.time() + 120
    while time.time() < deadline:  # wait until some, not all, articles are in
        time.sleep(0.05)
        try:
            if 3 <= len(stored_counts(db_url)[0]) < 72:
                break
        except sa.exc.DBAPIError:  # tables not created yet
            pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    arts, counts = stored_counts(db_url)
    assert 0 < len(arts) < 72, "the kill should land mid-ingest"
    for article_id, source in arts.items():  # every stored article has all its records
        expected = len(pipeline.parse(read_article(folder / source)).records)
        assert counts.get(article_id, 0) == expected, source
    # And the store opens and takes the rest afterwards.
    code, out, _ = run("ingest", folder, "--db", db_url, "--quiet")
    assert code == 0 and len(stored_counts(db_url)[0]) == 72


def test_ingest_lists_undated_articles_and_takes_an_outlet(tmp_path):
    """SYNTHETIC article with no date anywhere: stored, and the summary says so."""
    (tmp_path / "border.txt").write_text(
        "SYNTHETIC TEST ARTICLE - not real news\n\nOfficials said the crossing closed on Tuesday.\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, out, err = run("ingest", tmp_path / "border.txt", "--db", db, "--outlet", "Example Wire", "--quiet")
    assert code == 0, err
    assert "1 added" in out
    assert "1 article has no publication date: their relative dates are unresolved" in out
    code, out, _ = run("export", "--format", "json", "--db", db)
    assert {row["article_outlet"] for row in json.loads(out)} == {"Example Wire"}


def test_a_store_failure_mid_ingest_says_how_many_were_added(tmp_path, folder, monkeypatch, capsys):
    from core import service
    from core.cli import main

    real_add = service.add_article
    calls = []

    def add_until_the_disk_is_full(store, article, report, known=None, **options):
        calls.append(article.id)
        if len(calls) > 3:  # as SQLite reports a full disk
            raise sa.exc.OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real_add(store, article, report, known, **options)

    monkeypatch.setattr(service, "add_article", add_until_the_disk_is_full)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["ingest", "--quiet", "--db", url, str(folder)]) == 3
    out, err = capsys.readouterr()
    assert out.strip() == "3 added, 0 unchanged, 0 failed before the store failed"
    assert err.strip() == f"error: the store at {url}: database or disk is full"
    assert len(stored_counts(url)[0]) == 3  # what the line says is what is stored


def _as_visitor_command():
    """Root may write any folder; run as 'nobody' so the permissions apply."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to drop privileges")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_store_in_a_read_only_folder_is_exported_and_refuses_ingest_in_one_line(seed_path):
    """Issue 15 (3e): such a store used to fail even `export`, after 11 s of retries."""
    prefix = _as_visitor_command()
    # Under /tmp rather than tmp_path, whose parents only their owner may enter.
    folder = Path(tempfile.mkdtemp(prefix="read-only-store-"))
    try:
        url = f"sqlite:///{folder / 'store.sqlite'}"
        assert run("ingest", "--db", url, "--quiet", seed_path)[0] == 0
        expected = sorted(stored_counts(url)[1].items())
        (folder / "store.sqlite").chmod(0o444)
        folder.chmod(0o555)
        before = (folder / "store.sqlite").read_bytes()

        def as_visitor(*args):
            proc = subprocess.run(
                [*prefix, sys.executable, "-m", "core", *map(str, args)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            out, err = proc.stdout, proc.stderr
            return proc.returncode, out, err

        code, out, err = as_visitor("export", "--db", url, "--format", "json")
        assert code == 0, err
        exported = json.loads(out)
        assert sorted({r["article_id"] for r in exported}) == [aid for aid, _ in expected]
        assert len(exported) == expected[0][1]
        for command in (("ingest", "--quiet", seed_path), ("reparse", "--quiet")):
            code, out, err = as_visitor(command[0], "--db", url, *command[1:])
            assert code == 3, (command, err)
            assert "read-only" in err and len(err.strip().splitlines()) == 1, err
        assert (folder / "store.sqlite").read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["store.sqlite"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_acled_export_reads_back_with_acleds_dtypes_and_keeps_provenance(tmp_path, folder):
    import pandas as pd

    from core import acled

    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert run("ingest", folder, "--db", db, "--quiet")[0] == 0
    code, _, err = run("export", "--db", db, "--format", "acled", "-o", tmp_path / "events.csv")
    assert code == 0 and "records written" in err
    out = pd.read_csv(tmp_path / "events.csv", dtype=acled.dtypes())
    assert list(out.columns) == list(acled.dtypes()) and len(out) > 0
    assert set(out["time_precision"].dropna()) <= {1, 2, 3} and (out["fatalities"] >= 0).all()
    # every row is an event whose offsets give back its sentence in its (SYNTHETIC) article
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    for row in out.itertuples(index=False):
        assert texts[row.article_source][row.char_start : row.char_end] == row.sentence
    code, raw, _ = run("export", "--db", db, "--format", "acled-json")
    rows = json.loads(raw)
    assert [r["record_id"] for r in rows] == out["record_id"].tolist()
    code, raw, _ = run("export", "--db", db, "--format", "json", "--kind", "event")
    assert {r["id"] for r in json.loads(raw)} == set(out["record_id"])


def children_of(pid: int) -> set[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_a_stopped_ingest_leaves_no_worker_behind(tmp_path, sig):
    """Issue 37, finding 12: a killed ingest orphaned its workers (2 x ~340 MB, alive 90 s
    later).  SIGTERM and SIGINT stop the workers and say what was stored; after SIGKILL
    the workers see their parent gone and exit."""
    from core import worker

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in generate_articles(40, seed=9):  # 2 workers: at least 16 files
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    proc = core_cli("ingest", folder, "--db", url, "--quiet", "--jobs", "2")
    deadline = time.time() + 300
    workers: set[int] = set()
    while time.time() < deadline and len(workers) < 2:  # both workers started
        time.sleep(0.2)
        workers = {c for c in children_of(proc.pid) if "spawn" in Path(f"/proc/{c}/cmdline").read_text()}
    assert len(workers) >= 2, "the ingest should run two workers"
    os.kill(proc.pid, sig)
    out, err = proc.communicate(timeout=60)
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig and "before it was stopped" in out, (out, err)
        assert "Traceback" not in err
    deadline = time.time() + 10 * worker.PARENT_CHECK_S
    while time.time() < deadline and any(alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(alive(w) for w in workers)
