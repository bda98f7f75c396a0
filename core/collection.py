"""Collections of articles with their metadata: a CSV or JSON Lines file holding one
article a row, or a folder whose ``manifest.json`` lists its articles' files.

The fields are ``text``, ``title``, ``url``, ``published``, ``outlet`` and ``licence``
(other column names are mapped with :func:`field_map`: ``title=headline``). A manifest is
``{"articles": [{"file", "title", "url", "published", "outlet", "licence"}, ...]}``, the
form of the corpora in ``../shared/corpus/``; ``outlet`` and ``licence`` given at its top
level apply to every article that gives none ("licence": "CC BY 2.5 (Wikinews
contributors)"). The metadata wins over what the text says: an import's headline is
the article's headline, its date the publication date.

Each row or entry is read on its own into an :class:`Item`: an Article, or the reason it
cannot be one, named by its line ("feed.csv line 7: no text"). A bad row is skipped and
reported; the others are read (and each is stored in its own transaction by the caller).
"""

from __future__ import annotations

import csv
import dataclasses
import email.utils
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path

from core import ingest
from core.errors import InputError
from core.model import Article

FIELDS = ("text", "title", "url", "published", "outlet", "licence")
MANIFEST = "manifest.json"
# What a collection file is, by its suffix.
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# Fields a manifest's top level may give for every article.
MANIFEST_DEFAULTS = ("outlet", "licence")
# One CSV cell may hold a whole article (Python's csv module stops at 128 KB by default).
MAX_CELL_CHARS = ingest.MAX_INPUT_BYTES


@dataclasses.dataclass(frozen=True)
class Item:
    """One row or manifest entry: its article, or why it is none."""

    where: str  # "feed.csv line 7", "wikinews/manifest.json article 3 (file.txt)"
    article: Article | None = None
    error: str | None = None


def read_source(source: Path | Item, published: datetime | None = None, outlet: str | None = None) -> Article:
    """The article of a file or of a collection's row; InputError for a bad one."""
    if isinstance(source, Item):
        if source.article is None:
            raise InputError(source.error or f"{source.where}: not readable")
        return source.article
    return ingest.read_article(source, published=published, outlet=outlet)


def source_name(source: Path | Item) -> str:
    """How a report names a source: the file's path or the row's place in its collection."""
    return source.where if isinstance(source, Item) else str(source)


def field_map(pairs: Iterable[str]) -> dict[str, str]:
    """``["title=headline", "published=date"]`` as {field: column}; InputError for a
    field that is not one of FIELDS or a pair without "="."""
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise InputError(f"--field {pair!r}: write FIELD=COLUMN, e.g. title=headline")
        if field not in FIELDS:
            raise InputError(f"--field {pair!r}: {field!r} is not one of {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def is_collection(path: Path) -> bool:
    """A CSV or JSON Lines file, or a folder holding a manifest."""
    if path.is_dir():
        return (path / MANIFEST).is_file()
    return path.suffix.lower() in TABLE_SUFFIXES


def read_collection(
    path: str | Path,
    fields: Mapping[str, str] | None = None,
    published: datetime | None = None,
    outlet: str | None = None,
) -> Iterator[Item]:
    """The articles of a collection, in its order. ``published`` and ``outlet``, when
    given, override the metadata (as for single files); ``fields`` maps field names to
    the collection's own names. A file that cannot be read at all is one failed Item."""
    path = Path(path)
    columns = {field: (fields or {}).get(field, field) for field in FIELDS}
    try:
        if path.is_dir():
            yield from _manifest_items(path, columns, published, outlet)
        elif TABLE_SUFFIXES.get(path.suffix.lower()) == "csv":
            yield from _csv_items(path, columns, published, outlet)
        else:
            yield from _jsonl_items(path, columns, published, outlet)
    except OSError as error:
        yield Item(str(path), error=f"{path}: {ingest._os_reason(error)}")
    except UnicodeDecodeError as error:
        yield Item(str(path), error=f"{path}: not UTF-8 text (invalid byte at offset {error.start})")
    except (csv.Error, InputError) as error:
        yield Item(str(path), error=f"{path}: {error}")


def _text_value(value) -> str | None:
    """A metadata value as text: numbers as written, blanks and nulls as None."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def publication_time(value, where: str) -> datetime | None:
    """ISO 8601 (``2022-03-29``, ``2022-03-29T12:50:00Z``) or RFC 2822 (``Tue, 29 Mar 2022
    12:50:00 GMT``, as feeds write it), as the wall-clock time it gives (the day the
    article's "today" means); None when blank; InputError naming ``where`` otherwise."""
    text = _text_value(value)
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise InputError(
                f"{where}: published {text!r} is not a date (write 2022-03-29 or 2022-03-29T12:50)"
            ) from None
    return when.replace(tzinfo=None)


def _with_metadata(article: Article, values: Mapping[str, str | None]) -> Article:
    return dataclasses.replace(
        article,
        title=values.get("title") or article.title,
        url=values.get("url") or article.url,
        licence=values.get("licence") or article.licence,
    )


def _row_article(
    row: Mapping, columns: Mapping[str, str], where: str, source: str, published, outlet
) -> Article:
    values = {field: _text_value(row.get(column)) for field, column in columns.items()}
    text = row.get(columns["text"])
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no text (field {columns['text']!r} is empty or missing)")
    when = published or publication_time(values["published"], where)
    try:
        article = ingest.article_from_text(
            text,
            source=source,
            published=when,
            is_html=ingest._looks_like_html(text),
            url=values["url"],
            outlet=outlet or values["outlet"],
        )
    except InputError as error:  # names the source; say the line instead
        raise InputError(f"{where}: {str(error).removeprefix(source + ': ')}") from None
    return _with_metadata(article, values)


def _csv_items(path: Path, columns, published, outlet) -> Iterator[Item]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        if columns["text"] not in header:
            raise InputError(
                f"no column {columns['text']!r} for the article text "
                f"(columns: {', '.join(header) or 'none'}); name it with --field text=COLUMN"
            )
        while True:
            line = reader.line_num + 1  # where the row starts (a quoted cell may span lines)
            try:
                row = next(reader)
            except StopIteration:
                return
            where = f"{path.name} line {line}"
            if None in row:  # more cells than the header has names
                yield Item(
                    where,
                    error=f"{where}: {len(header) + len(row[None])} cells, the header names {len(header)}",
                )
                continue
            yield _item(row, columns, where, f"{path.name}:{line}", published, outlet)


def _jsonl_items(path: Path, columns, published, outlet) -> Iterator[Item]:
    with path.open(encoding="utf-8-sig") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as error:
                yield Item(where, error=f"{where}: not JSON ({error.msg} at column {error.colno})")
                continue
            if not isinstance(row, dict):
                yield Item(where, error=f"{where}: not a JSON object")
                continue
            yield _item(row, columns, where, f"{path.name}:{number}", published, outlet)


def _item(row, columns, where, source, published, outlet) -> Item:
    try:
        return Item(where, article=_row_article(row, columns, where, source, published, outlet))
    except InputError as error:
        return Item(where, error=str(error))


def _manifest_items(folder: Path, columns, published, outlet) -> Iterator[Item]:
    manifest = folder / MANIFEST
    try:
        spec = json.loads(manifest.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise InputError(f"{MANIFEST} is not JSON ({error.msg}, line {error.lineno})") from None
    entries = spec.get("articles") if isinstance(spec, dict) else spec
    if not isinstance(entries, list):
        raise InputError(f'{MANIFEST} lists no articles (expected {{"articles": [{{"file": ...}}, ...]}})')
    defaults = (
        {key: _text_value(spec.get(columns[key])) for key in MANIFEST_DEFAULTS}
        if isinstance(spec, dict)
        else {}
    )
    root = folder.resolve()
    for number, entry in enumerate(entries, start=1):
        name = entry.get("file") if isinstance(entry, dict) else None
        where = f"{folder.name}/{MANIFEST} article {number}" + (f" ({name})" if name else "")
        if not isinstance(name, str) or not name.strip():
            yield Item(where, error=f"{where}: no file named")
            continue
        target = (folder / name).resolve()
        if not target.is_relative_to(root):  # a manifest names files of its own folder only
            yield Item(where, error=f"{where}: {name!r} is outside the folder")
            continue
        values = {field: _text_value(entry.get(column)) for field, column in columns.items()}
        for key, value in defaults.items():
            values[key] = values[key] or value
        try:
            when = published or publication_time(values["published"], where)
            article = ingest.read_article(target, published=when, outlet=outlet or values["outlet"])
        except InputError as error:
            yield Item(where, error=f"{where}: {str(error).removeprefix(str(target) + ': ')}")
            continue
        yield Item(where, article=_with_metadata(article, values))
