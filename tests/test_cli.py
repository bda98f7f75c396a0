"""python -m core: bad input gives one line on stderr and exit status 2, never a traceback."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def make_bad(tmp_path, kind):
    path = tmp_path / f"{kind}.txt"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 40)
    elif kind == "latin1":
        path.write_bytes("Les troupes ont quitté la ville mardi.".encode("latin-1"))
    elif kind == "huge":  # 20 MB of real-looking text
        line = b"SYNTHETIC filler sentence about nothing in particular, repeated to make a huge file.\n"
        path.write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    return path


@pytest.mark.parametrize("command", ["times", "parse"])
@pytest.mark.parametrize("kind", ["empty", "binary", "latin1", "huge"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, command, kind):
    result = run(command, make_bad(tmp_path, kind))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: ")


def test_missing_file(tmp_path):
    result = run("parse", tmp_path / "nope.txt")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_bad_published_is_a_usage_error(seed_path):
    result = run("parse", seed_path, "--published", "not-a-date")
    assert result.returncode == 2 and "not an ISO date" in result.stderr


def test_parse_json_shape(seed_path):
    result = run("parse", seed_path, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc["article"]) >= {"id", "title", "published", "updated", "source", "text_length"}
    assert doc["article"]["published"].startswith("2022-03-29T12:50")
    assert isinstance(doc["records"], list)


def test_times_help_says_what_offsets_index():
    assert "trafilatura" in run("times", "--help").stdout


def test_an_unreachable_store_is_a_one_line_error_not_a_traceback():
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "core", "export", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3
    assert proc.stderr.startswith("error: the store at ") and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "url_for, reason",
    [
        # a file where the store's folder should be: the folder cannot be made
        (lambda tmp: f"sqlite:///{tmp / 'a-file' / 'sub' / 'store.db'}", "cannot make its folder"),
        # a database whose driver is not installed (MySQLdb is no requirement)
        (lambda tmp: "mysql://nobody@127.0.0.1/none", "driver is not installed"),
        (lambda tmp: "nosuchdialect://x/y", "Can't load plugin"),
        (lambda tmp: "not-a-url", "Could not parse"),
    ],
)
def test_a_store_that_cannot_be_opened_is_one_line_and_status_3(tmp_path, capsys, url_for, reason):
    from core.cli import main

    (tmp_path / "a-file").write_text("SYNTHETIC: not a folder")
    url = url_for(tmp_path)
    assert main(["export", "--db", url]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: the store at {url}: ") and reason in err
    assert len(err.strip().splitlines()) == 1


def test_a_corrupt_store_is_reported_and_left_as_it_was(tmp_path, capsys):
    from core.cli import main

    path = tmp_path / "store.db"
    garbage = b"SYNTHETIC garbage, not a SQLite file " * 200
    path.write_bytes(garbage)
    assert main(["export", "--db", f"sqlite:///{path}"]) == 3
    err = capsys.readouterr().err
    assert "file is not a database" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == garbage  # never replaced by a new empty store


def test_parse_shows_a_record_with_no_date_of_its_own_as_reported_on_its_articles_day(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Russian troops shelled the village of Dovhe.\n", encoding="utf-8")  # SYNTHETIC
    result = run("parse", path, "--published", "2023-04-12")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "Dovhe" in x)
    assert line.startswith("reported 2023-04-12")


@pytest.mark.parametrize(
    "content", [b"", b"SYNTHETIC", b"\x00" * 4096], ids=["0 bytes", "9 bytes", "4 KB of NUL"]
)
def test_a_file_that_is_no_store_is_never_made_one_whatever_its_size(tmp_path, capsys, content):
    """Issue 37, finding 2: a 0-byte file silently became a new, empty store."""
    from core.cli import main

    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    for command in (["export"], ["reparse", "--quiet"]):
        assert main([*command, "--db", f"sqlite:///{path}"]) == 3
        err = capsys.readouterr().err
        assert "is not a database" in err and "left as it is" in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no -wal, -shm, no temporary


def test_a_new_store_is_made_whole_before_anyone_sees_it(tmp_path):
    """Two processes opening a new store at once: neither may see an empty file (which is
    refused as not a database); the store is made under a temporary name and linked."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'new' / 'store.sqlite'}"
    code = "import sys; from core.store import Store; Store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert [p.name for p in (tmp_path / "new").iterdir() if p.name.endswith(".new")] == []
    assert (tmp_path / "new" / "store.sqlite").read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg2://app:S3CRET-PW@127.0.0.1:1/timeline",  # a driver that is not installed
        "mysql://app:S3CRET-PW@127.0.0.1/timeline",
        "postgresql://app:S3CRET-PW@127.0.0.1:1/timeline",  # installed driver, nothing listening
    ],
)
def test_a_store_url_is_shown_with_its_password_masked(url, capsys, monkeypatch):
    """Issue 37, finding 4: the database password was shown with the driver error."""
    from core.cli import main

    assert main(["export", "--db", url]) == 3
    err = capsys.readouterr().err
    assert "S3CRET-PW" not in err and "app:***@127.0.0.1" in err
    monkeypatch.setenv("DATABASE_URL", url)  # the same through the environment
    assert main(["export"]) == 3
    err = capsys.readouterr().err
    assert "S3CRET-PW" not in err and len(err.strip().splitlines()) == 1
