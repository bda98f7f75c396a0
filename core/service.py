"""Reading articles into the store: ingest and re-parse, the orchestration between
``core.ingest`` / ``core.pipeline`` (reading) and ``core.store`` (persisting).

The store only persists what it is given; this module decides what to read, parses
it, and reports what happened (stored, unchanged, failed, undated) in an
``IngestReport`` for the command line and the dashboard to show.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core import ingest, pipeline
from core.errors import CoreError, StoreError
from core.model import Article

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


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
    """The article files named or inside the folders named, in order; a folder that
    cannot be listed is added to ``unreadable`` as (path, reason), not skipped silently."""
    out: list[Path] = []

    def report(error: OSError) -> None:
        if unreadable is not None:
            where = error.filename or "?"
            unreadable.append((str(where), f"{where}: folder not readable ({ingest._os_reason(error)})"))

    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for folder, dirs, names in os.walk(p, onerror=report, followlinks=False):
                dirs.sort()
                found += [Path(folder) / n for n in names if Path(n).suffix.lower() in ARTICLE_SUFFIXES]
            out.extend(sorted(f for f in found if f.is_file()))
        else:
            out.append(p)
    return out


def add_article(
    store, article: Article, report: IngestReport, known: set[str] | None = None, parse=None
) -> None:
    """Parse and store an article unless it is stored already.  ``known`` holds ids
    read at the start of a batch, saving a query per article.  ``parse`` is
    ``pipeline.parse`` or the dashboard's ``worker.parse_within`` (a wall-clock budget):
    the article is stored only once it is parsed whole."""
    report.article_ids.append(article.id)
    report.notes.extend(article.notes)
    if article.published is None:
        report.undated.append(article.source or article.id)
    stored = article.id in known if known is not None else store.has_article(article.id)
    if not stored and store.add_parsed((parse or pipeline.parse)(article), pipeline.PARSER_VERSION):
        report.added += 1
    else:
        report.unchanged += 1
    if known is not None:
        known.add(article.id)


def ingest_paths(
    store,
    paths,
    published: datetime | None = None,
    progress: bool = False,
    outlet: str | None = None,
    report: IngestReport | None = None,
    parse=None,
) -> IngestReport:
    """Ingest files and folders; a file that fails is reported and skipped.  A store
    failure (a full disk, a lost server) ends the run; a ``report`` passed in then
    still counts what was stored before it."""
    store.check_writable()
    report = report if report is not None else IngestReport()
    files = expand_paths(paths, report.failed)
    iterator = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, unit="article", disable=len(files) < 2)
    # Stored before this batch began; one written meanwhile by another process
    # is caught by the conflict-safe insert and counted as unchanged.
    known = store.article_ids() if len(files) > 1 else None
    for path in iterator:
        try:
            article = ingest.read_article(path, published=published, outlet=outlet)
            add_article(store, article, report, known, parse=parse)
        except StoreError:  # the store, not this file: the run ends
            raise
        except CoreError as error:
            report.failed.append((str(path), str(error)))
    return report


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
        try:
            done += reparse_one(store, aid, parse=parse)
        except StoreError:
            raise
        except CoreError as error:
            failures.append((aid, str(error)))
    return done, failures


def reparse_one(store, aid: str, parse=None) -> bool:
    """One article (read one at a time: a corpus may not fit in memory)."""
    stored = store.article(aid)
    if stored is None:  # deleted meanwhile
        return False
    # An article stored undated may be dated by its file name (read by an older parser).
    published = stored.published or ingest.file_name_time(stored.source or "")
    # Re-derive blocks with the current ingest rules, keeping stored metadata.
    fresh = ingest.article_from_text(stored.text, source=stored.source, published=published)
    article = dataclasses.replace(
        stored, title=stored.title or fresh.title, published=published, blocks=fresh.blocks
    )
    parsed = (parse or pipeline.parse)(article)  # looked up per call: tests swap it
    return store.replace_parsed(parsed, pipeline.PARSER_VERSION)
