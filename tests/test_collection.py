"""core.collection and its import through core.service / the CLI (issue 35): CSV, JSON
Lines and manifest folders of real Wikinews articles (``../shared/corpus/wikinews``, CC BY
2.5, Wikinews contributors) keep their titles, outlets, URLs, dates and licence; a bad row
is reported by its line and skipped, and nothing of it is stored."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

from core import collection, service
from core.errors import InputError
from tests.conftest import ROOT, SHARED

WIKINEWS = SHARED / "corpus" / "wikinews"
LICENCE = "CC BY 2.5 (Wikinews contributors)"

pytestmark = pytest.mark.skipif(not (WIKINEWS / "manifest.json").exists(), reason=f"{WIKINEWS} is absent")


def real_articles(n: int = 2) -> list[dict]:
    """The first ``n`` Wikinews articles of the manifest, with their text."""
    manifest = json.loads((WIKINEWS / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for entry in manifest["articles"][:n]:
        text = (WIKINEWS / entry["file"]).read_text(encoding="utf-8")
        out.append({**entry, "text": text})
    return out


def stored(store) -> dict[str, dict]:
    frame = store.articles_frame()
    return {row["url"]: row for row in frame.to_dict("records")}


def check_metadata(store, articles, outlet="Wikinews", licence=LICENCE):
    found = stored(store)
    assert set(found) == {a["url"] for a in articles}
    for a in articles:
        row = found[a["url"]]
        assert row["title"] == a["title"]
        assert row["outlet"] == outlet
        assert row["published"] == datetime.fromisoformat(a["published"])
        assert store.article(row["id"]).licence == licence
    records = store.records_frame()
    assert set(records["article_url"]) == {a["url"] for a in articles}  # every record cites its article


def test_a_csv_with_metadata_and_bad_rows(store, tmp_path):
    articles = real_articles()
    path = tmp_path / "feed.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["headline", "text", "url", "published", "outlet", "licence"])
        for a in articles:  # the texts span many lines: quoted cells
            out.writerow([a["title"], a["text"], a["url"], a["published"], "Wikinews", LICENCE])
        out.writerow(["No text", "", "https://example.org/a", "2020-01-01", "X", ""])  # 2nd data row's line?
        out.writerow(["Bad date", articles[0]["text"] + " More.", "https://example.org/b", "soon", "X", ""])
        out.writerow(["Too many", "text", "u", "2020-01-01", "X", "", "extra"])
    report = service.ingest_paths(store, [path], fields={"title": "headline"})
    assert report.added == 2
    reasons = [reason for _, reason in report.failed]
    assert len(reasons) == 3, reasons
    lines = [r.split(":")[0] for r in reasons]
    assert all(line.startswith("feed.csv line ") for line in lines)
    assert "no text" in reasons[0] and "'soon' is not a date" in reasons[1] and "7 cells" in reasons[2]
    # each bad row is named by the line it starts on in the file
    starts = [
        i + 1
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines())
        if line[:3] in ("No ", "Bad", "Too")
    ]
    assert lines == [f"feed.csv line {n}" for n in starts]
    check_metadata(store, articles)
    assert "example.org" not in " ".join(stored(store))  # nothing of a bad row is stored


def test_json_lines_with_metadata_and_bad_lines(store, tmp_path):
    articles = real_articles()
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({k: a[k] for k in ("text", "title", "url", "published")} | {"source_name": "Wikinews"})
        for a in articles
    ]
    lines.insert(1, "{not json")
    lines.append(json.dumps(["a", "list"]))
    lines.append(json.dumps({"title": "no text here", "url": "https://example.org/c"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = service.ingest_paths(store, [path], fields={"outlet": "source_name"})
    assert report.added == 2
    assert [r.split(":")[0] for _, r in report.failed] == [
        "feed.jsonl line 2",
        "feed.jsonl line 4",
        "feed.jsonl line 5",
    ]
    check_metadata(store, articles, licence=None)


def test_a_manifest_folder_and_its_defaults(store, tmp_path):
    articles = real_articles(3)
    folder = tmp_path / "corpus" / "wikinews"
    folder.mkdir(parents=True)
    entries = []
    for a in articles:
        shutil.copy(WIKINEWS / a["file"], folder / a["file"])
        entries.append({k: a[k] for k in ("file", "title", "url", "published")})
    entries.append({"file": "missing.txt", "title": "Gone"})
    entries.append({"file": "../../outside.txt", "title": "Elsewhere"})
    (tmp_path / "outside.txt").write_text("SYNTHETIC outside text.\n", encoding="utf-8")
    (folder / "README.md").write_text("# Not an article\n\nThis folder's README.\n", encoding="utf-8")
    spec = {"outlet": "Wikinews", "licence": LICENCE, "articles": entries}
    (folder / "manifest.json").write_text(json.dumps(spec), encoding="utf-8")
    # found inside a folder walk, read through its manifest (its README is no article)
    report = service.ingest_paths(store, [tmp_path / "corpus"])
    assert report.added == 3, report.failed
    reasons = " ".join(r for _, r in report.failed)
    assert "article 4 (missing.txt): no such file" in reasons and "is outside the folder" in reasons
    check_metadata(store, articles)


def test_publication_times_as_feeds_write_them():
    assert collection.publication_time("2022-03-29", "x") == datetime(2022, 3, 29)
    assert collection.publication_time("2022-03-29T12:50:00Z", "x") == datetime(2022, 3, 29, 12, 50)
    assert collection.publication_time("Tue, 29 Mar 2022 12:50:00 GMT", "x") == datetime(2022, 3, 29, 12, 50)
    assert collection.publication_time("", "x") is None
    with pytest.raises(InputError, match="feed.csv line 3: published 'yesterday' is not a date"):
        collection.publication_time("yesterday", "feed.csv line 3")


def test_field_names_are_checked():
    assert collection.field_map(["title=headline"]) == {"title": "headline"}
    with pytest.raises(InputError, match="'body' is not one of text"):
        collection.field_map(["body=text"])
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        collection.field_map(["title"])


def test_the_command_line_imports_a_csv_and_names_bad_rows(tmp_path):
    (article,) = real_articles(1)
    path = tmp_path / "feed.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["body", "title", "url", "published"])
        out.writerow([article["text"], article["title"], article["url"], article["published"]])
        out.writerow(["", "empty", "", ""])
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    run = subprocess.run(
        [sys.executable, "-m", "core", "ingest", str(path), "--field", "text=body", "--db", db, "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "1 added, 0 unchanged, 1 failed" in run.stdout
    line = 1 + path.read_text(encoding="utf-8").splitlines().index(",empty,,")  # the text spans lines
    assert f"failed: feed.csv line {line}: no text" in run.stderr
    from core.store import Store

    (row,) = Store(url=db).articles_frame().to_dict("records")
    assert (row["title"], row["url"]) == (article["title"], article["url"])


def test_a_collection_and_copied_files_parsed_in_worker_processes(store, tmp_path, monkeypatch):
    """A batch read by worker processes looks for files with the same bytes (parsed once,
    counted twice); a collection's rows are no files and are parsed as they are."""
    monkeypatch.setattr(service, "MIN_FILES_PER_WORKER", 1)  # a pool for a small batch
    articles = real_articles(3)
    feed = tmp_path / "feed.csv"
    with feed.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "text", "url", "published", "outlet", "licence"])
        for a in articles[:2]:
            out.writerow([a["title"], a["text"], a["url"], a["published"], "Wikinews", LICENCE])
    first, copy = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, copy):
        path.write_text(articles[2]["text"], encoding="utf-8")
    report = service.ingest_paths(
        store, [feed, first, copy], published=datetime(2020, 1, 1), fields=None, jobs=2
    )
    assert report.failed == []
    assert (report.added, report.unchanged) == (3, 1)  # the copy: counted, not stored again
    assert len(store.articles_frame()) == 3
