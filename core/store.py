"""The store: articles, their records and users' corrections, in SQLite or PostgreSQL.

One code path for both through SQLAlchemy 2: an embedded SQLite file by default,
PostgreSQL when ``DATABASE_URL`` says so (a hosted dashboard, several replicas).
The schema is created and upgraded by the Alembic revisions in
``core/migrations/`` when a store is opened.

Guarantees:
- one transaction per article: a killed ingest never leaves half an article;
- the article id is a content hash and the insert is conflict-safe, so the same
  article ingested twice, even by two processes at once, is stored once;
- corrections live apart from parser output and are applied on read, so a
  re-parse with a newer parser never loses human work.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from core import derived, schema
from core.errors import InputError, StaleEdit, StoreError
from core.model import Article, Block, Record, record_id

if TYPE_CHECKING:  # the store persists parser output; it never runs the parser
    from core.pipeline import Parsed
    from core.service import IngestReport

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "data" / "timeline.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Another process may hold SQLite's write lock for a whole article's transaction;
# waiting this long covers a large article on a slow disk without hanging forever.
SQLITE_BUSY_TIMEOUT_S = 30
# Hosted PostgreSQL services drop idle connections after some minutes.
POOL_RECYCLE_S = 300
# Opening the store races other processes running the migrations; retry this often.
MIGRATION_ATTEMPTS = 5
# Attempts (and the pause that grows between them) to switch a new SQLite file to WAL.
WAL_ATTEMPTS, WAL_RETRY_S = 20, 0.05

# Rows SQLite's ANALYZE samples per index (PRAGMA analysis_limit): statistics good enough
# for the planner to pick the date index for a date window, in tens of milliseconds at
# 10^6 records rather than seconds.
SQLITE_ANALYSIS_LIMIT = 1000

# A 32-bit signed INTEGER: PostgreSQL's limit, applied to SQLite too.
INT_RANGE = (-(2**31), 2**31 - 1)

# Record fields a user may correct, and how each is stored in the records table.
CORRECTABLE = (
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "kind",
    "actors",
    "locations",
    "speaker",
    "summary",
    "quote",
    "reported_by",
)
RECORD_FIELDS = tuple(Record.__dataclass_fields__)
ACTOR_KEYS = ("name", "country", "role", "type")
LOCATION_KEYS = ("name", "country", "lat", "lon", "kind")
_SCALAR_COLUMNS = (
    "kind",
    "event_type",
    "summary",
    "sentence",
    "char_start",
    "char_end",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "quote",
    "reported_by",
    "confidence",
    "date_basis",
    "fatalities",
    "fatalities_text",
    "judgement",
)


def default_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


def _make_engine(url: str) -> sa.Engine:
    if url.startswith("postgres://"):  # Heroku-style URLs name no driver
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not url.startswith("sqlite"):
        # Recycling idle connections (rather than pinging before every checkout) keeps a
        # hosted server's dropped connections out without a round trip per transaction.
        try:
            return sa.create_engine(url, pool_recycle=POOL_RECYCLE_S)
        except ImportError as error:  # the URL's driver is not installed
            raise StoreError(url, f"its driver is not installed ({error.name or error})") from None
        except sa.exc.ArgumentError as error:  # a URL no dialect reads, or no URL at all
            raise StoreError(url, str(error).splitlines()[0]) from None
    path = url.split("///", 1)[-1]
    read_only = sqlite_read_only(path)
    if read_only:
        # SQLite cannot even read a WAL file whose folder it may not write (it must make
        # the -shm file beside it); "immutable" reads it as it is, with no locks.  It
        # would not see commits still in the -wal journal (left by a writer that did not
        # close), so such a store is an error rather than an older copy of itself.
        journal = Path(path + "-wal")
        if journal.is_file() and journal.stat().st_size:
            raise StoreError(
                url,
                "it is read-only and its -wal journal holds changes not yet in the file; "
                "open it once where its file and folder can be written",
            )
        url = f"sqlite:///file:{quote(str(Path(path).resolve()))}?immutable=1&uri=true"
    elif path and path != ":memory:":
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(url, f"cannot make its folder: {error.strerror or error}") from None
        _create_sqlite_file(Path(path), url)
    if path and path != ":memory:":
        _check_sqlite_file(Path(path), url)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if read_only:
            cursor.close()
            return
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        # WAL lets the dashboard read while an ingest writes; foreign keys make
        # deleting an article delete its records.
        _set_wal(cursor)
        # In WAL mode NORMAL never corrupts the file and a killed process loses
        # nothing committed; only an OS crash may drop the last commits.  FULL
        # would sync the disk after every article.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    return engine


# The first 16 bytes of every SQLite database file (https://sqlite.org/fileformat.html).
SQLITE_HEADER = b"SQLite format 3\x00"


def _check_sqlite_file(path: Path, url: str) -> None:
    """StoreError unless ``path`` is a SQLite database: SQLite itself takes an empty file
    for a new database and would make a store of whatever the user pointed it at."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return  # never there: made below (read-only folders are refused elsewhere)
    except OSError as error:
        raise StoreError(url, f"cannot be read: {error.strerror or error}") from None
    if head != SQLITE_HEADER:
        size = path.stat().st_size
        raise StoreError(
            url,
            f"file is not a database ({size:,} bytes that are not a SQLite store); it was left as it is",
        )


def _create_sqlite_file(path: Path, url: str) -> None:
    """Make a new, empty SQLite database at ``path`` unless a file is there: written
    whole under a temporary name, then linked into place, which fails if the name was
    taken meanwhile.  So no process ever sees a half-made store (an empty file, which
    it would have to refuse as not a database), however many open a new store at once."""
    import secrets
    import sqlite3

    if os.path.lexists(path):
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode=WAL")  # writes the file's first page
        finally:
            connection.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: theirs is the store
        except OSError:
            # A file system without hard links: SQLite makes the file itself on first use.
            pass
    except (OSError, sqlite3.Error) as error:
        raise StoreError(url, f"cannot be created: {getattr(error, 'strerror', None) or error}") from None
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)


def sqlite_read_only(path: str) -> bool:
    """True for an existing SQLite file this process may read but not write, or whose
    folder it may not write (WAL keeps its -wal and -shm files beside the store)."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return False
    file = Path(path)
    return (
        file.is_file()
        and os.access(file, os.R_OK)
        and not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK | os.X_OK))
    )


def _set_wal(cursor) -> None:
    """Switch a SQLite file to WAL once (the mode is stored in the file).  Switching
    needs the file to itself and does not wait for the busy timeout, so two processes
    opening a new store at once retry; whichever wins has switched it for both."""
    import sqlite3
    import time

    for attempt in range(WAL_ATTEMPTS):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            time.sleep(WAL_RETRY_S * (attempt + 1))
    # Still locked: the other process is switching it; this connection works either way.


def _migrate(engine: sa.Engine, read_only: bool = False) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    for attempt in range(MIGRATION_ATTEMPTS):
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            if revision == head:
                return
        if read_only:
            raise StoreError(
                str(engine.url),
                "it is read-only and "
                + ("holds no store" if revision is None else "was written by an older version")
                + "; open it once where its file and folder can be written",
            )
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # one migrator at a time
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))
                config.attributes["connection"] = conn
                if MigrationContext.configure(conn).get_current_revision() != head:
                    command.upgrade(config, "head")
            return
        except (OperationalError, IntegrityError, sa.exc.ProgrammingError):
            # Another process created the tables first; look again.
            if attempt == MIGRATION_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def check_row(table: sa.Table, row: dict) -> None:
    """InputError (one line) unless every value fits its column: the limits of the
    schema, checked here so that SQLite, which stores an over-long string silently,
    and PostgreSQL, which raises a DataError, refuse the same rows with the same words."""
    for col in table.columns:
        if col.name not in row:
            continue
        value = row[col.name]
        where = f"{table.name}.{col.name}"
        if value is None:
            if not col.nullable and not col.primary_key:
                raise InputError(f"{where}: a value is required")
            continue
        kind = col.type
        if isinstance(kind, sa.String):
            if not isinstance(value, str):
                raise InputError(f"{where}: text expected, got {type(value).__name__}")
            limit = kind.length if kind.length is not None else col.info.get("max_chars")
            if limit is not None and len(value) > limit:
                raise InputError(f"{where}: at most {limit} characters, got {len(value)}")
            if "\x00" in value:
                raise InputError(f"{where}: contains a NUL character")  # PostgreSQL refuses them
        elif isinstance(kind, sa.Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(f"{where}: a whole number expected, got {value!r}"[:200])
            if not INT_RANGE[0] <= value <= INT_RANGE[1]:
                raise InputError(f"{where}: out of range: {value}")
        elif isinstance(kind, sa.Float):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise InputError(f"{where}: a finite number expected, got {value!r}"[:200])
        elif isinstance(kind, sa.DateTime):
            if not isinstance(value, datetime):
                raise InputError(f"{where}: a date-time expected, got {value!r}"[:200])
        elif isinstance(kind, sa.Date) and not isinstance(value, date):
            raise InputError(f"{where}: a date expected, got {value!r}"[:200])


def _check_correction(field_name: str, value: Any) -> None:
    """A corrected value must fit where a parsed one is stored (the same limits)."""
    if field_name in ("actors", "locations"):
        table, keys = (
            (schema.record_actors, ACTOR_KEYS)
            if field_name == "actors"
            else (schema.record_locations, LOCATION_KEYS)
        )
        if not isinstance(value, list | tuple) or not all(isinstance(x, dict) for x in value):
            raise InputError(f"{field_name}: a list of {{name, country, ...}} entries expected")
        for x in value:
            check_row(table, {"name": x.get("name"), **{k: x[k] for k in keys if k in x}})
    elif field_name == "speaker":
        if value is not None and not isinstance(value, dict):
            raise InputError("speaker: {name, country} expected")
        value = value or {}
        check_row(
            schema.records, {"speaker_name": value.get("name"), "speaker_country": value.get("country")}
        )
    elif field_name in ("date_start", "date_end"):
        return  # already parsed as a date
    else:
        check_row(schema.records, {field_name: value})


def _insert_if_new(conn: sa.Connection, table: sa.Table):
    """INSERT that does nothing when the primary key is already there.  Whether it
    inserted is read from its RETURNING row, not the rowcount, which psycopg reports
    as -1 for ON CONFLICT DO NOTHING."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # plain INSERT; add_parsed treats the IntegrityError as "already stored"
        return sa.insert(table)
    return insert(table).on_conflict_do_nothing()


def _blocks_json(blocks: Sequence[Block]) -> list[list]:
    return [[b.start, b.end, b.role] for b in blocks]


# "No expected value given" for Store.correct (None is a value a field may hold).
NOT_GIVEN = object()


def _jsonable(value: Any) -> Any:
    """The value as the corrections table stores it (JSON: dates as ISO text)."""
    return json.loads(json.dumps(value, default=str))


def _same_value(field_name: str, seen: Any, stored: Any) -> bool:
    """Whether what an editor saw is what the store holds, compared as stored (JSON),
    actors, places and the speaker by the keys a correction form shows."""
    seen, stored = _jsonable(seen), _jsonable(stored)
    keys = {"actors": ACTOR_KEYS, "locations": LOCATION_KEYS, "speaker": ("name", "country")}.get(field_name)
    if keys is None:
        return seen == stored

    def shown(item):
        return {k: item.get(k) for k in keys} if isinstance(item, dict) else item

    if isinstance(seen, list) and isinstance(stored, list):
        return [shown(x) for x in seen] == [shown(x) for x in stored]
    return shown(seen) == shown(stored)


class Store:
    """Articles, records and corrections behind one small API (see module doc)."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine = _make_engine(self.url)
        # A SQLite file in a folder this process cannot write: readable, never written.
        self.read_only = self.engine.url.query.get("immutable") == "1"
        self.reparse_failures: list[tuple[str, str]] = []  # from the last reparse()
        _migrate(self.engine, self.read_only)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def check_writable(self) -> None:
        """StoreError (one line, before any work) if this store cannot be written."""
        if self.read_only:
            raise StoreError(
                self.url,
                "it is read-only (its file or its folder cannot be written), so nothing can be changed",
            )

    def _begin(self):
        """A write transaction, refused at once on a read-only store."""
        self.check_writable()
        return self.engine.begin()

    # --- writing -----------------------------------------------------------------

    @staticmethod
    def _bump(conn: sa.Connection) -> None:
        conn.execute(sa.update(schema.store_meta).values(version=schema.store_meta.c.version + 1))

    def _insert_records(self, conn, article_id: str, records: Iterable[Record | dict], origin: str) -> None:
        rows, actors, places = [], [], []
        seen: set[str] = set()
        for rec in records:
            # Shallow: Record.to_json (dataclasses.asdict) deep-copies every actor and
            # place, which cost more than the inserts; nothing here modifies them.
            data = {k: getattr(rec, k) for k in RECORD_FIELDS} if isinstance(rec, Record) else dict(rec)
            if data["id"] in seen:  # one row per id, even if a parser repeats a record
                continue
            seen.add(data["id"])
            speaker = data.get("speaker") or {}
            names = derived.record_keys(data.get("actors") or [], (), speaker.get("name"), None)[0]
            extra = {k: v for k, v in data.items() if k not in RECORD_FIELDS}
            row = {k: data.get(k) for k in _SCALAR_COLUMNS}
            row.update(
                id=data["id"],
                article_id=article_id,
                origin=origin,
                date_start=derived.as_date(data.get("date_start")),
                date_end=derived.as_date(data.get("date_end")),
                reported_on=derived.as_date(data.get("reported_on")),
                speaker_name=speaker.get("name"),
                speaker_country=speaker.get("country"),
                search_text=derived.search_text(
                    data.get("summary"), data.get("sentence"), data.get("quote"), names
                ),
                extra=extra or None,
            )
            rows.append(row)
            for i, a in enumerate(data.get("actors") or []):
                actors.append(
                    dict(
                        record_id=data["id"],
                        position=i,
                        name=a["name"],
                        country=a.get("country"),
                        role=a.get("role"),
                        type=a.get("type"),
                    )
                )
            for i, loc in enumerate(data.get("locations") or []):
                places.append(
                    dict(
                        record_id=data["id"],
                        position=i,
                        name=loc["name"],
                        country=loc.get("country"),
                        lat=loc.get("lat"),
                        lon=loc.get("lon"),
                        kind=loc.get("kind"),
                    )
                )
        for table, batch in (
            (schema.records, rows),
            (schema.record_actors, actors),
            (schema.record_locations, places),
        ):
            for row in batch:
                check_row(table, row)
        if rows:
            conn.execute(sa.insert(schema.records), rows)
        if actors:
            conn.execute(sa.insert(schema.record_actors), actors)
        if places:
            conn.execute(sa.insert(schema.record_locations), places)

    @staticmethod
    def _article_row(parsed: Parsed, parser_version: str | None) -> dict:
        art = parsed.article
        values = dict(
            id=art.id,
            title=art.title,
            source=art.source,
            outlet=art.outlet,
            url=art.url,
            licence=art.licence,
            published=art.published,
            updated=art.updated,
            text=art.text,
            blocks=_blocks_json(art.blocks),
            added_at=datetime.now().replace(microsecond=0),
            parser_version=parser_version or parsed.parser_version,
        )
        check_row(schema.articles, values)
        return values

    def add_parsed(self, parsed: Parsed, parser_version: str | None = None) -> bool:
        """Store an article and its records in one transaction; False if already stored.
        ``parser_version`` (default: the one ``parsed`` carries) is recorded with it."""
        art = parsed.article
        values = self._article_row(parsed, parser_version)
        try:
            with self._begin() as conn:
                # The insert comes first so that SQLite takes its write lock at once
                # (no read-then-upgrade deadlock between two ingesting processes).
                result = conn.execute(
                    _insert_if_new(conn, schema.articles).values(**values).returning(schema.articles.c.id)
                )
                if result.first() is None:  # another process (or an earlier call) stored it
                    return False
                self._insert_records(conn, art.id, parsed.records, "parser")
                derived.refresh_article(conn, art.id, new=True)
                self._bump(conn)
        except IntegrityError:
            if self.has_article(art.id):  # a database without ON CONFLICT lost the race
                return False
            raise
        return True

    def add_parsed_many(self, parsed: Sequence[Parsed], parser_version: str | None = None) -> list[bool]:
        """Store whole articles in one transaction, as ``add_parsed`` stores one: for each,
        True if stored, False if it was stored already (by anyone).  An article whose values
        do not fit stores none of them (InputError): store them one at a time to find it."""
        rows = [self._article_row(p, parser_version) for p in parsed]
        added: list[bool] = []
        try:
            with self._begin() as conn:
                for item, values in zip(parsed, rows, strict=True):
                    result = conn.execute(
                        _insert_if_new(conn, schema.articles).values(**values).returning(schema.articles.c.id)
                    )
                    added.append(result.first() is not None)
                    if added[-1]:
                        self._insert_records(conn, item.article.id, item.records, "parser")
                new = [item.article.id for item, was_added in zip(parsed, added, strict=True) if was_added]
                derived.refresh_articles(conn, new, new=True)
                if new:
                    self._bump(conn)
        except IntegrityError:  # a database without ON CONFLICT lost a race: one at a time
            return [self.add_parsed(item, parser_version) for item in parsed]
        return added

    def stored_ids(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these articles the store holds."""
        found: set[str] = set()
        ids = list(article_ids)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), derived.CHUNK):
                q = sa.select(schema.articles.c.id).where(
                    schema.articles.c.id.in_(ids[i : i + derived.CHUNK])
                )
                found.update(conn.execute(q).scalars())
        return found

    def optimize(self) -> None:
        """Refresh the query planner's statistics after many rows changed (an ingest, a
        re-parse).  Without them SQLite reads a date window through the wrong index (0.9 s
        instead of 26 ms at 10^5 records, benchmarks/queries.py); PostgreSQL's autovacuum
        gathers them too, but only some time later."""
        if self.read_only:
            return
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            conn.exec_driver_sql("ANALYZE")

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            q = sa.select(schema.articles.c.id).where(schema.articles.c.id == article_id)
            return conn.execute(q).first() is not None

    def article_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(schema.articles.c.id)).scalars())

    def article_ids_to_reparse(
        self, article_ids: Sequence[str] | None = None, other_than_version: str | None = None
    ) -> list[str]:
        """Stored article ids in the order they were added: all, those given, or those
        parsed by a parser version other than ``other_than_version``."""
        a = schema.articles
        q = sa.select(a.c.id).order_by(a.c.added_at, a.c.id)
        if article_ids is not None:
            q = q.where(a.c.id.in_(list(article_ids)))
        if other_than_version is not None:
            q = q.where(a.c.parser_version != other_than_version)
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    # Kept for callers not yet moved to core.service (ui.py, pages/): the work is
    # done there; these only hand it on.
    def ingest_paths(self, paths, published: datetime | None = None, progress: bool = False) -> IngestReport:
        from core import service

        return service.ingest_paths(self, paths, published=published, progress=progress)

    def ingest_text(
        self, text: str, *, source: str, published: datetime | None = None, is_html: bool = False
    ) -> tuple[str, bool]:
        from core import service

        return service.ingest_text(self, text, source=source, published=published, is_html=is_html)

    def reparse(
        self,
        article_ids: Sequence[str] | None = None,
        outdated_only: bool = False,
        progress: bool = False,
        **options,
    ) -> int:
        from core import service

        done, self.reparse_failures = service.reparse(
            self, article_ids, outdated_only=outdated_only, progress=progress, **options
        )
        return done

    def delete_article(self, article_id: str) -> None:
        with self._begin() as conn:
            derived.forget_article(conn, article_id)
            ids = sa.select(schema.records.c.id).where(schema.records.c.article_id == article_id)
            conn.execute(sa.delete(schema.record_actors).where(schema.record_actors.c.record_id.in_(ids)))
            conn.execute(
                sa.delete(schema.record_locations).where(schema.record_locations.c.record_id.in_(ids))
            )
            conn.execute(sa.delete(schema.records).where(schema.records.c.article_id == article_id))
            conn.execute(sa.delete(schema.corrections).where(schema.corrections.c.article_id == article_id))
            conn.execute(sa.delete(schema.articles).where(schema.articles.c.id == article_id))
            self._bump(conn)

    def replace_parsed(self, parsed: Parsed, parser_version: str | None = None) -> bool:
        """Replace a stored article's parser records, blocks, title, publication time and
        parser version with a new parse, in one transaction; False if the article is gone.
        Records added by hand and all corrections stay."""
        article = parsed.article
        aid = article.id
        r = schema.records
        with self._begin() as conn:
            updated = conn.execute(
                sa.update(schema.articles)
                .where(schema.articles.c.id == aid)
                .values(
                    parser_version=parser_version or parsed.parser_version,
                    blocks=_blocks_json(article.blocks),
                    title=article.title,
                    published=article.published,
                )
            )
            if updated.rowcount == 0:  # deleted meanwhile
                return False
            derived.forget_article(conn, aid, origin="parser")
            old = sa.select(r.c.id).where((r.c.article_id == aid) & (r.c.origin == "parser"))
            conn.execute(sa.delete(schema.record_actors).where(schema.record_actors.c.record_id.in_(old)))
            conn.execute(
                sa.delete(schema.record_locations).where(schema.record_locations.c.record_id.in_(old))
            )
            conn.execute(sa.delete(r).where((r.c.article_id == aid) & (r.c.origin == "parser")))
            self._insert_records(conn, aid, parsed.records, "parser")
            derived.refresh_article(conn, aid, origin="parser", new=True)  # corrections again
            self._bump(conn)
        return True

    # --- corrections -------------------------------------------------------------

    def _lock_record(self, conn: sa.Connection, rid: str) -> dict:
        """The record's row, locked against other corrections until this transaction
        ends: a row lock on PostgreSQL; on SQLite the write lock of the whole file, taken
        before the first read (BEGIN IMMEDIATE), so no other writer slips in between
        reading the value a correction replaces and writing the correction."""
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        q = sa.select(schema.records).where(schema.records.c.id == rid)
        if conn.dialect.name != "sqlite":
            q = q.with_for_update()
        row = conn.execute(q).mappings().first()
        if row is None:
            raise InputError(f"no record {rid!r}")
        return dict(row)

    @staticmethod
    def _stored_value(conn: sa.Connection, row: dict, field_name: str) -> Any:
        """A field's value as readers see it (``records_frame``): the latest correction
        of the field, else the parser's value; read in the caller's transaction."""
        rid = row["id"]
        c = schema.corrections
        latest = conn.execute(
            sa.select(c.c.value)
            .where((c.c.record_id == rid) & (c.c.field == field_name))
            .order_by(c.c.id.desc())
            .limit(1)
        ).first()
        if latest is not None:
            value = latest[0]
        elif field_name == "hidden":
            value = False
        elif field_name in ("actors", "locations"):
            table, keys = (
                (schema.record_actors, ACTOR_KEYS)
                if field_name == "actors"
                else (schema.record_locations, LOCATION_KEYS)
            )
            children = conn.execute(
                sa.select(*(table.c[k] for k in keys))
                .where(table.c.record_id == rid)
                .order_by(table.c.position)
            ).all()
            value = [dict(zip(keys, child, strict=True)) for child in children]
        elif field_name == "speaker":
            name = row["speaker_name"]
            value = {"name": name, "country": row["speaker_country"]} if name else None
        else:
            value = row[field_name]
        if field_name == "date_end" and value in (None, ""):
            # Readers show an open end as the start (core.query.finish_frame).
            return Store._stored_value(conn, row, "date_start")
        if isinstance(value, date):
            return derived.as_date(value).isoformat()
        return value

    def _add_corrections(
        self, rid: str, values: dict[str, Any], who: str, expected: dict[str, Any] | None = None
    ) -> None:
        """Store one correction per field, all in one transaction, each with the value it
        replaces as that transaction read it (never an earlier read: concurrent editors
        get a true history).  A field in ``expected`` whose stored value is no longer
        what the editor saw is refused (``StaleEdit``) and nothing is written."""
        if not who or not str(who).strip():
            raise InputError("a correction needs the name of who made it")
        expected = expected or {}
        with self._begin() as conn:
            row = self._lock_record(conn, rid)
            previous = {name: self._stored_value(conn, row, name) for name in values}
            for name, seen in expected.items():
                if name in previous and not _same_value(name, seen, previous[name]):
                    raise StaleEdit(
                        f"this record's {name.replace('_', ' ')} was changed by someone else "
                        "since you opened it; nothing was saved: reload the page to see the "
                        "current values, then correct again"
                    )
            at = datetime.now().replace(microsecond=0)
            conn.execute(
                sa.insert(schema.corrections),
                [
                    dict(
                        record_id=rid,
                        article_id=row["article_id"],
                        field=name,
                        previous=_jsonable(previous[name]),
                        value=_jsonable(value),
                        who=str(who).strip(),
                        at=at,
                    )
                    for name, value in values.items()
                ],
            )
            derived.refresh(conn, [rid])
            self._bump(conn)

    def correct_fields(
        self, record_id_: str, values: dict[str, Any], who: str, expected: dict[str, Any] | None = None
    ) -> None:
        """Correct several fields of a record at once (all or none).  ``expected`` holds,
        per field, the value the editor saw when they made the change: if the store holds
        another by now (someone else corrected it meanwhile), nothing is saved and
        ``StaleEdit`` says so; without it the correction applies whatever is stored."""
        checked = {}
        for field_name, value in values.items():
            if field_name not in CORRECTABLE:
                raise InputError(f"cannot correct {field_name!r}; correctable: {', '.join(CORRECTABLE)}")
            if field_name in ("date_start", "date_end") and value is not None:
                try:
                    value = derived.as_date(value).isoformat()
                except (TypeError, ValueError):
                    raise InputError(f"{field_name}: not an ISO date: {str(value)[:40]!r}") from None
            _check_correction(field_name, value)
            checked[field_name] = value
        if checked:
            self._add_corrections(record_id_, checked, who, expected)

    def correct(
        self, record_id_: str, field_name: str, value: Any, who: str, expected: Any = NOT_GIVEN
    ) -> None:
        """Correct one field; ``expected`` as for ``correct_fields``."""
        self.correct_fields(
            record_id_,
            {field_name: value},
            who,
            None if expected is NOT_GIVEN else {field_name: expected},
        )

    def hide_record(self, record_id_: str, who: str, expected: bool | None = None) -> None:
        """Hide a record from every view; ``expected``: whether the editor saw it hidden."""
        self._add_corrections(
            record_id_, {"hidden": True}, who, None if expected is None else {"hidden": expected}
        )

    def unhide_record(self, record_id_: str, who: str, expected: bool | None = None) -> None:
        self._add_corrections(
            record_id_, {"hidden": False}, who, None if expected is None else {"hidden": expected}
        )

    def add_record(self, article_id: str, record: dict, who: str) -> str:
        """Add a record by hand; it survives re-parses (origin "user")."""
        if not who or not str(who).strip():
            raise InputError("a record added by hand needs the name of who added it")
        data = {k: record.get(k) for k in RECORD_FIELDS if k in record}
        for key in ("date_start", "date_end"):
            if data.get(key) not in (None, ""):
                try:
                    data[key] = derived.as_date(data[key]).isoformat()
                except (TypeError, ValueError):
                    raise InputError(f"{key}: not an ISO date: {str(data[key])[:40]!r}") from None
        article = self.article(article_id)
        if article is None:
            raise InputError(f"no article {article_id!r}")
        # Provenance: a hand-added record points at its sentence in the article when
        # the text is there; otherwise at an empty span (0, 0), never at wrong text.
        sentence = (data.get("sentence") or "").strip()
        found = article.text.find(sentence) if sentence else -1
        start, end = (found, found + len(sentence)) if found >= 0 else (0, 0)
        stamp = f"user:{who}:{datetime.now().isoformat()}:{data.get('summary')}"
        rid = record_id(article_id, start, end, int(hashlib.sha256(stamp.encode()).hexdigest()[:8], 16))
        data.update(id=rid, article_id=article_id, char_start=start, char_end=end)
        data.setdefault("kind", "event")
        data.setdefault("event_type", "other")
        data.setdefault("date_precision", "day" if data.get("date_start") else "article")
        data.setdefault("confidence", 1.0)
        with self._begin() as conn:
            if not conn.execute(
                sa.select(schema.articles.c.id).where(schema.articles.c.id == article_id)
            ).first():
                raise InputError(f"no article {article_id!r}")
            self._insert_records(conn, article_id, [data], "user")
            derived.refresh(conn, [rid], new=True)
            conn.execute(
                sa.insert(schema.corrections).values(
                    record_id=rid,
                    article_id=article_id,
                    field="added",
                    previous=None,
                    value=json.loads(json.dumps(data, default=str)),
                    who=str(who).strip(),
                    at=datetime.now().replace(microsecond=0),
                )
            )
            self._bump(conn)
        return rid

    def corrections(self, record_id: str | None = None) -> pd.DataFrame:
        q = sa.select(schema.corrections).order_by(schema.corrections.c.id)
        if record_id is not None:
            q = q.where(schema.corrections.c.record_id == record_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        cols = ["id", "record_id", "article_id", "field", "previous", "value", "who", "at"]
        return pd.DataFrame([dict(r) for r in rows], columns=cols)

    def orphaned_corrections(self) -> pd.DataFrame:
        """Corrections whose record a re-parse no longer produces (kept, never dropped)."""
        frame = self.corrections()
        with self.engine.connect() as conn:
            ids = set(conn.execute(sa.select(schema.records.c.id)).scalars())
        return frame[~frame["record_id"].isin(ids)]

    # --- reading -----------------------------------------------------------------

    def data_version(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(sa.select(schema.store_meta.c.version)).scalar_one())

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(schema.articles.c.id).limit(1)).first() is None

    def articles_frame(self) -> pd.DataFrame:
        a, r = schema.articles, schema.records
        counts = (
            sa.select(r.c.article_id, sa.func.count().label("n_records")).group_by(r.c.article_id).subquery()
        )
        q = (
            sa.select(
                a.c.id,
                a.c.title,
                a.c.source,
                a.c.outlet,
                a.c.url,
                a.c.licence,
                a.c.published,
                a.c.updated,
                a.c.added_at,
                a.c.parser_version,
                sa.func.coalesce(counts.c.n_records, 0).label("n_records"),
            )
            .outerjoin(counts, counts.c.article_id == a.c.id)
            .order_by(a.c.published.desc(), a.c.added_at.desc())
        )
        with self.engine.connect() as conn:
            return pd.read_sql(q, conn)

    @staticmethod
    def _article_from_row(row) -> Article:
        blocks = tuple(Block(int(s), int(e), str(role)) for s, e, role in (row["blocks"] or []))
        return Article(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            published=row["published"],
            updated=row["updated"],
            source=row["source"],
            url=row["url"],
            blocks=blocks,
            outlet=row["outlet"],
            licence=row["licence"],
        )

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(schema.articles).where(schema.articles.c.id == article_id))
                .mappings()
                .first()
            )
        return self._article_from_row(row) if row else None

    def records_frame(
        self, include_hidden: bool = False, record_ids: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Effective records: parser output and hand-added records with corrections applied."""
        from core.query import RECORD_COLUMNS, finish_frame

        r, a = schema.records, schema.articles
        # Not shown (extra: skips decoding JSON per row; hidden is computed below)
        columns = [c for c in r.c if c.name not in ("extra", "hidden", "search_text")]
        q = sa.select(
            *columns,
            a.c.title.label("article_title"),
            a.c.source.label("article_source"),
            a.c.outlet.label("article_outlet"),
            a.c.published.label("article_published"),
            a.c.url.label("article_url"),
            a.c.licence.label("article_licence"),
        ).join(a, a.c.id == r.c.article_id)
        ra, rl = schema.record_actors, schema.record_locations
        # Child rows come back as plain tuples (no DataFrame per table): nesting them
        # is the costliest part of loading 100,000 records.
        qa = sa.select(ra.c.record_id, *(ra.c[k] for k in ACTOR_KEYS)).order_by(ra.c.record_id, ra.c.position)
        ql = sa.select(rl.c.record_id, *(rl.c[k] for k in LOCATION_KEYS)).order_by(
            rl.c.record_id, rl.c.position
        )
        qc = (
            sa.select(schema.corrections)
            .where(schema.corrections.c.field != "added")
            .order_by(schema.corrections.c.id)
        )
        if record_ids is not None:
            ids = list(record_ids)
            q = q.where(r.c.id.in_(ids))
            qa = qa.where(ra.c.record_id.in_(ids))
            ql = ql.where(rl.c.record_id.in_(ids))
            qc = qc.where(schema.corrections.c.record_id.in_(ids))
        with self.engine.connect() as conn:
            frame = pd.read_sql(q, conn)
            actors = conn.execute(qa).all()
            places = conn.execute(ql).all()
            fixes = conn.execute(qc).mappings().all()
        if frame.empty:
            return finish_frame(pd.DataFrame(columns=RECORD_COLUMNS))
        frame = frame.set_index("id", drop=False)
        frame["actors"] = _nest(actors, frame.index, ACTOR_KEYS)
        frame["locations"] = _nest(places, frame.index, LOCATION_KEYS)
        frame["speaker"] = None  # built from speaker_name/country by finish_frame
        frame["hidden"] = False
        frame["corrected"] = frame["origin"] == "user"
        for fix in fixes:  # few, applied in the order they were made
            rid = fix["record_id"]
            if rid not in frame.index:
                continue
            name, value = fix["field"], fix["value"]
            frame.at[rid, "corrected"] = True
            if name == "hidden":
                frame.at[rid, "hidden"] = bool(value)
            elif name == "speaker":
                frame.at[rid, "speaker"] = value or None
                frame.at[rid, "speaker_name"] = (value or {}).get("name")
                frame.at[rid, "speaker_country"] = (value or {}).get("country")
            else:
                frame.at[rid, name] = value
        if not include_hidden:
            frame = frame[~frame["hidden"]]
        return finish_frame(frame.reset_index(drop=True))


def _nest(rows: Sequence[Sequence], index: pd.Index, keys: Sequence[str]) -> pd.Series:
    """Child rows ``(record_id, *values)`` as a list of dicts per record id, in order."""
    grouped: dict[str, list] = {}
    for rid, *values in rows:
        item = dict(zip(keys, values, strict=False))  # the query selects exactly these columns
        found = grouped.get(rid)
        if found is None:
            grouped[rid] = [item]
        else:
            found.append(item)
    return pd.Series([grouped.get(rid, []) for rid in index.tolist()], index=index, dtype=object)
