"""Reading articles into the store: ingest and re-parse, the orchestration between
``core.ingest`` / ``core.pipeline`` (reading) and ``core.store`` (persisting).

The store only persists what it is given; this module decides what to read, parses
it, and reports what happened (stored, unchanged, failed, undated) in an
``IngestReport`` for the command line and the dashboard to show.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core import collection, ingest, pipeline
from core.errors import CoreError, StoreError
from core.model import Article

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
# What a folder walk reads: articles, and collections of them (CSV, JSON Lines).
READ_SUFFIXES = ARTICLE_SUFFIXES | set(collection.TABLE_SUFFIXES)
# A worker process loads the language model (a few seconds) before its first article;
# with fewer files than this per worker, one process is done sooner.
MIN_FILES_PER_WORKER = 8
# How a folder is parsed: worker processes on this machine, or a Dask cluster.
BACKENDS = ("process", "dask")
# Files a worker takes at a time: enough to keep it busy between hand-overs, few enough
# that the last ones are shared out evenly.
WORKER_CHUNK = 2


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    article_ids: list[str] = field(default_factory=list)
    # Articles read in this batch with no publication date anywhere (text, page, file
    # name, --published): their relative dates ("on Tuesday") cannot be resolved.
    undated: list[str] = field(default_factory=list)  # their source (file name)
    notes: list[str] = field(default_factory=list)  # what reading noticed (Article.notes)

    def __str__(self) -> str:
        lines = [f"{self.added} added, {self.unchanged} unchanged, {len(self.failed)} failed"]
        if self.undated:
            n = len(self.undated)
            lines.append(
                f"{n} article{'s' if n != 1 else ''} {'have' if n != 1 else 'has'} no publication date: "
                "their relative dates are unresolved"
            )
        return "\n".join(lines)


def expand_paths(paths: Iterable[str | Path], unreadable: list[tuple[str, str]] | None = None) -> list[Path]:
    """The article files and collections (:func:`core.collection.is_collection`: CSV,
    JSON Lines, a folder with a manifest) named or inside the folders named, in order; a
    folder that cannot be listed is added to ``unreadable`` as (path, reason), not skipped
    silently. A folder with a manifest is read through it, never file by file."""
    out: list[Path] = []

    def report(error: OSError) -> None:
        if unreadable is not None:
            where = error.filename or "?"
            unreadable.append((str(where), f"{where}: folder not readable ({ingest._os_reason(error)})"))

    for p in map(Path, paths):
        if p.is_dir() and not collection.is_collection(p):
            found = []
            for folder, dirs, names in os.walk(p, onerror=report, followlinks=False):
                dirs.sort()
                manifests = [d for d in dirs if collection.is_collection(Path(folder) / d)]
                dirs[:] = [d for d in dirs if d not in manifests]  # read through their manifest
                found += [Path(folder) / d for d in manifests]
                found += [Path(folder) / n for n in names if Path(n).suffix.lower() in READ_SUFFIXES]
            out.extend(sorted(f for f in found if f.is_file() or f.is_dir()))
        else:
            out.append(p)
    return out


def _sources(
    paths: list[Path], fields: Mapping[str, str] | None, published, outlet
) -> list[Path | collection.Item]:
    """Each article to read: a file's path, or a collection's row read with its metadata."""
    out: list[Path | collection.Item] = []
    for path in paths:
        if collection.is_collection(path):
            out.extend(collection.read_collection(path, fields, published=published, outlet=outlet))
        else:
            out.append(path)
    return out


def add_article(
    store, article: Article, report: IngestReport, known: set[str] | None = None, parse=None
) -> None:
    """Parse and store an article unless it is stored already.  ``known`` holds ids
    read at the start of a batch, saving a query per article.  ``parse`` is
    ``pipeline.parse`` or the dashboard's ``worker.parse_within`` (a wall-clock budget):
    the article is stored only once it is parsed whole."""
    _store_article(store, article, report, known, lambda: (parse or pipeline.parse)(article))


def _store_article(
    store, article: Article, report: IngestReport, known: set[str] | None, parsed: Callable
) -> None:
    """Count ``article`` in ``report`` and store what ``parsed()`` gives unless the
    store has the article already (then ``parsed`` is never called)."""
    _note_article(report, article)
    stored = article.id in known if known is not None else store.has_article(article.id)
    result = None if stored else parsed()
    if result is not None:
        report.notes.extend(result.notes)  # text parsing skipped (a sentence with no end)
    if result is not None and store.add_parsed(result, pipeline.PARSER_VERSION):
        report.added += 1
    else:
        report.unchanged += 1
    if known is not None:
        known.add(article.id)


def _note_article(report: IngestReport, article: Article) -> None:
    report.article_ids.append(article.id)
    report.notes.extend(article.notes)
    if article.published is None:
        report.undated.append(article.source or article.id)


def count_article(report: IngestReport, article: Article, added: bool) -> None:
    """Count an article stored (``added``) or found stored already by another path (Dask)."""
    _note_article(report, article)
    if added:
        report.added += 1
    else:
        report.unchanged += 1


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity where the platform says)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


# In a worker process: the ids stored before the batch began (set once, by _start_worker).
_worker_known: frozenset[str] = frozenset()


def _start_worker(known: frozenset[str], parent: int) -> None:
    """Load the model before the first article, so every article's time is parsing.  A
    worker exits when the ingest that started it dies (``worker.exit_with_parent``) and
    leaves Ctrl-C to it: the ingest stops its workers itself."""
    global _worker_known
    import signal

    from core import syntax, worker

    worker.exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_known = known
    syntax.load()


def _read_and_parse(task: tuple[Path | collection.Item, datetime | None, str | None]) -> tuple[str, object]:
    """In a worker: ("parsed", Parsed without its spaCy docs), ("known", Article) for an
    article stored already, or ("failed", reason).  Storing stays with the caller, the
    store's one writer."""
    path, published, outlet = task
    try:
        article = collection.read_source(path, published, outlet)
        if article.id in _worker_known:
            return "known", article
        return "parsed", dataclasses.replace(pipeline.parse(article), syntax=None)
    except CoreError as error:
        return "failed", str(error)


def _parsed_in_workers(files: list, published, outlet, known: set[str], jobs: int):
    """(path, outcome) per file in order, read and parsed by ``jobs`` worker processes.
    Leaving the generator early (a store failure, Ctrl-C) cancels the files not begun."""
    context = multiprocessing.get_context("spawn")  # safe under threads (Streamlit, tests)
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(frozenset(known), os.getpid()),
    )
    finished = False
    try:
        # A file with the same bytes as one before it in the batch is the same article
        # (the id hashes the text): it is never sent to be parsed, only counted.
        first_with: dict[str, Path] = {}
        copies: dict[int, Path] = {}  # by position: a collection's rows are read already
        for i, path in enumerate(files):
            digest = _file_digest(path)
            if digest is not None and digest in first_with:
                copies[i] = first_with[digest]
            elif digest is not None:
                first_with[digest] = path
        tasks = [(path, published, outlet) for i, path in enumerate(files) if i not in copies]
        outcomes = pool.map(_read_and_parse, tasks, chunksize=WORKER_CHUNK)
        for i, path in enumerate(files):
            yield path, ("copy", copies[i]) if i in copies else next(outcomes)
        finished = True
    finally:
        if not finished:  # stopped early (a store failure, Ctrl-C, SIGTERM): no parse is awaited
            _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _file_digest(path: Path | collection.Item) -> str | None:
    """SHA-256 of a file's bytes, or None for a collection's row (read already), a file
    that cannot be read here or is over the size limit (the worker reads it and reports
    why)."""
    if not isinstance(path, Path):
        return None
    try:
        if path.stat().st_size > ingest.MAX_INPUT_BYTES:
            return None
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes now.  ProcessPoolExecutor has no public way to:
    its ``_processes`` (pid -> process, CPython 3.8-3.13) is read defensively."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()


def ingest_paths(
    store,
    paths,
    published: datetime | None = None,
    progress: bool = False,
    outlet: str | None = None,
    report: IngestReport | None = None,
    parse=None,
    jobs: int | None = None,
    backend: str = "process",
    scheduler: str | None = None,
    fields: Mapping[str, str] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; a file that fails is reported and skipped.  A store
    failure (a full disk, a lost server) ends the run; a ``report`` passed in then
    still counts what was stored before it.

    ``jobs`` worker processes read and parse (default: every core this process may
    use) while this one stores, in the files' order; a batch too small to repay
    loading the model in each worker, or a custom ``parse``, runs here in one.
    ``backend="dask"`` parses on a Dask cluster instead (``core.dask_ingest``): a
    ``LocalCluster`` of ``jobs`` workers, or the one at ``scheduler``.

    CSV, JSON Lines and manifest folders are read with their metadata (``fields`` maps
    field names to their own, see :mod:`core.collection`); a bad row is reported by its
    line and skipped. ``on_progress(done, total)`` is called after each article."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    store.check_writable()
    report = report if report is not None else IngestReport()
    files = _sources(expand_paths(paths, report.failed), fields, published, outlet)
    if backend == "dask" or scheduler:
        from core import dask_ingest

        dask_ingest.ingest_files(
            store,
            files,
            report,
            published=published,
            outlet=outlet,
            jobs=jobs or default_jobs(),
            scheduler=scheduler,
            progress=progress,
        )
        if report.added:
            store.optimize()
        return report
    # Stored before this batch began; one written meanwhile by another process
    # is caught by the conflict-safe insert and counted as unchanged.
    known = store.article_ids() if len(files) > 1 else None
    jobs = min(jobs or default_jobs(), len(files) // MIN_FILES_PER_WORKER)
    if jobs > 1 and parse is None:
        in_workers = _parsed_in_workers(files, published, outlet, known, jobs)
    else:
        in_workers = None
    outcomes = in_workers or ((path, None) for path in files)
    if on_progress is not None:
        outcomes = _counted(outcomes, len(files), on_progress)
    if progress:
        from tqdm import tqdm

        outcomes = tqdm(outcomes, total=len(files), unit="article", disable=len(files) < 2)
    try:
        _store_outcomes(store, outcomes, report, known, published, outlet, parse)
    finally:
        if in_workers is not None:
            in_workers.close()  # stops the workers now, also when the store failed
    if report.added:
        store.optimize()
    return report


def _counted(outcomes, total: int, on_progress: Callable[[int, int], None]):
    for done, outcome in enumerate(outcomes, start=1):
        yield outcome
        on_progress(done, total)


def _store_outcomes(store, outcomes, report, known, published, outlet, parse) -> None:
    # Articles read in workers by their source's name, for a file's copies later in the batch.
    read: dict[str, Article] = {}
    for path, outcome in outcomes:
        try:
            if outcome is None:  # read and parse here
                article = collection.read_source(path, published, outlet)
                add_article(store, article, report, known, parse=parse)
                continue
            kind, value = outcome
            if kind == "failed":
                report.failed.append((collection.source_name(path), value))
            elif kind == "copy":  # the same bytes as a file before it: the same article
                if str(value) in read:
                    _store_article(store, read[str(value)], report, known, parsed=None)
                else:  # the first copy could not be read: nor can this one
                    report.failed.append(
                        (collection.source_name(path), f"{path}: the same bytes as {value}, which failed")
                    )
            elif kind == "known":
                read[collection.source_name(path)] = value
                _store_article(store, value, report, known, parsed=None)
            else:
                read[collection.source_name(path)] = value.article
                _store_article(store, value.article, report, known, parsed=lambda value=value: value)
        except StoreError:  # the store, not this file: the run ends
            raise
        except CoreError as error:
            report.failed.append((collection.source_name(path), str(error)))


def ingest_text(
    store,
    text: str,
    *,
    source: str,
    published: datetime | None = None,
    is_html: bool = False,
    outlet: str | None = None,
    parse=None,
) -> tuple[str, bool]:
    """Ingest pasted or uploaded text; InputError for bad input, nothing stored then."""
    store.check_writable()
    article = ingest.article_from_text(
        text, source=source, published=published, is_html=is_html, outlet=outlet
    )
    report = IngestReport()
    add_article(store, article, report, parse=parse)
    return article.id, report.added == 1


def reparse(
    store,
    article_ids: Sequence[str] | None = None,
    outdated_only: bool = False,
    progress: bool = False,
    parse=None,
) -> tuple[int, list[tuple[str, str]]]:
    """Re-read stored articles with the current parser: (how many, failures).

    Corrections are kept (they are applied on read) and records added by hand stay.
    ``outdated_only`` skips articles already parsed by this parser version.  An
    article the current parser fails on keeps its old records and is listed as
    (article id, reason); the others go on.  ``parse`` is as for ``add_article``: the
    dashboard passes its wall-clock budget, so a re-parse cannot hold the server either.
    """
    ids = store.article_ids_to_reparse(
        article_ids, other_than_version=pipeline.PARSER_VERSION if outdated_only else None
    )
    if ids:
        store.check_writable()
    failures: list[tuple[str, str]] = []
    iterator = ids
    if progress:
        from tqdm import tqdm

        iterator = tqdm(ids, unit="article", disable=len(ids) < 2)
    done = 0
    for aid in iterator:
        current = pipeline.PARSER_VERSION
        if outdated_only and not store.article_ids_to_reparse([aid], other_than_version=current):
            continue  # another server process on the same store re-read it meanwhile
        try:
            done += reparse_one(store, aid, parse=parse)
        except StoreError:
            raise
        except CoreError as error:
            failures.append((aid, str(error)))
    if done:
        store.optimize()
    return done, failures


def _kept_title(stored: str | None, fresh: Article) -> str | None:
    """The stored title (it may come from a page's metadata or an import), unless it is a
    block of the text that the current rules read as furniture or a dateline ("CNN —"):
    then the title the text gives now."""
    if not stored:
        return fresh.title
    for block in fresh.blocks:
        if block.role in ("furniture", "dateline") and fresh.text[block.start : block.end].strip() == stored:
            return fresh.title
    return stored


def reparse_one(store, aid: str, parse=None) -> bool:
    """One article (read one at a time: a corpus may not fit in memory)."""
    stored = store.article(aid)
    if stored is None:  # deleted meanwhile
        return False
    # An article stored undated may be dated by its file name (read by an older parser).
    published = stored.published or ingest.file_name_time(stored.source or "")
    # Re-derive blocks with the current ingest rules, keeping stored metadata.
    fresh = ingest.article_from_text(stored.text, source=stored.source, published=published)
    # Text stored before ingest dropped some invisible character still holds it: blocks
    # read from the cleaned text would not index the stored one, so its own blocks stay.
    blocks = fresh.blocks if fresh.text == stored.text else stored.blocks
    article = dataclasses.replace(
        stored, title=_kept_title(stored.title, fresh), published=published, blocks=blocks
    )
    parsed = (parse or pipeline.parse)(article)  # looked up per call: tests swap it
    return store.replace_parsed(parsed, pipeline.PARSER_VERSION)
