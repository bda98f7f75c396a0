"""Command-line interface: parses arguments and calls the library, nothing more.

Bad input prints one line on stderr and exits with status 2, a store that cannot be
opened or written status 3; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime

from core.errors import CoreError, StoreError, masked_url

EXIT_BAD_INPUT = 2
EXIT_STORE = 3  # the database could not be opened or written
EXIT_SIGNAL_BASE = 128  # stopped by signal N: status 128 + N, as a shell reports it


def _iso_datetime(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or date-time: {value!r}") from None


def _add_published(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--published",
        type=_iso_datetime,
        help="publication date-time (ISO 8601) that relative dates resolve against; "
        "overrides what the article says",
    )


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def cmd_times(args) -> int:
    from core import ingest, timex

    article = ingest.read_article(args.file, published=args.published)
    found = timex.tag_article(article)
    if args.json:
        _print_json({"article": article.to_json(), "times": [t.to_json() for t in found]})
        return 0
    print(f"{len(found)} temporal expressions, relative to {article.published or 'no publication date'}")
    for t in found:
        rng = f"{t.range_start}..{t.range_end}" if t.range_start else ""
        print(f"{t.start:>6}-{t.end:<6} {t.type:<8} {t.value:<16} {rng:<24} {t.text!r}")
    return 0


def cmd_parse(args) -> int:
    from core import pipeline

    parsed = pipeline.parse_file(args.file, published=args.published)
    if args.json:
        _print_json(
            {
                "article": parsed.article.to_json(),
                "records": [r.to_json() for r in parsed.records],
            }
        )
        return 0
    art = parsed.article
    print(f"{art.title or art.source}  (published {art.published or 'unknown'})")
    for r in sorted(parsed.records, key=lambda r: (r.date_start or r.reported_on or "", r.char_start)):
        when = r.date_start if r.date_end in (None, r.date_start) else f"{r.date_start}..{r.date_end}"
        if r.date_start is None:
            when = f"reported {r.reported_on or '?'}"  # no date of its own: never a deed of that day
        who = (r.speaker or {}).get("name") or ", ".join(a["name"] for a in r.actors[:2]) or "-"
        print(f"{when or '?':<23} {r.kind:<9} {r.event_type:<14} {who:<28} {r.summary}")
    return 0


def _store(args):
    from core.store import Store

    return Store(url=args.db)


class Stopped(Exception):
    """SIGTERM or SIGINT: the command stops, its workers with it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop_on(signum: int, _frame) -> None:
    raise Stopped(signum)


def cmd_ingest(args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from core import collection, service

    report = service.IngestReport()
    # SIGTERM (a supervisor, kill) and SIGINT (Ctrl-C) unwind the run like an error, so
    # that the worker processes are stopped rather than left behind; each article is its
    # own transaction, so what is counted is stored and nothing is half-stored.
    in_main_thread = threading.current_thread() is threading.main_thread()  # where handlers go
    signals = (signal.SIGTERM, signal.SIGINT) if in_main_thread else ()
    previous = {sig: signal.signal(sig, _stop_on) for sig in signals}
    try:
        service.ingest_paths(
            _store(args),
            args.paths,
            published=args.published,
            progress=not args.quiet,
            outlet=args.outlet,
            report=report,
            jobs=args.jobs,
            backend=args.backend,
            scheduler=args.scheduler,
            fields=collection.field_map(args.field or ()),
        )
    except SQLAlchemyError:
        # Each article is its own transaction: what is counted here is stored.
        print(f"{report} before the store failed")
        raise
    except Stopped as stop:
        print(f"{report} before it was stopped ({stop})")
        return EXIT_SIGNAL_BASE + stop.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for path, reason in report.failed:
        print(f"failed: {reason}" if path in reason else f"failed: {path}: {reason}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(report)
    processed = report.added + report.unchanged
    return 0 if processed or not report.failed else EXIT_BAD_INPUT


def cmd_export(args) -> int:
    from core.query import Filters, filter_records, records_to_csv, records_to_json

    filters = Filters(
        countries=tuple(args.country or ()),
        actors=tuple(args.actor or ()),
        locations=tuple(args.location or ()),
        kinds=tuple(args.kind or ()),
        event_types=tuple(args.type or ()),
        date_from=args.date_from.date() if args.date_from else None,
        date_to=args.date_to.date() if args.date_to else None,
        text=args.q or "",
    )
    frame = filter_records(_store(args).records_frame(), filters)
    if args.format.startswith("acled"):
        from core import acled

        frame = frame[frame["kind"] == "event"]  # statements are no ACLED events
        data = acled.acled_to_csv(frame) if args.format == "acled" else acled.acled_to_json(frame)
    else:
        data = records_to_csv(frame) if args.format == "csv" else records_to_json(frame)
    if args.output:
        with open(args.output, "wb") as f:
            f.write(data)
        print(f"{len(frame)} records written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_reparse(args) -> int:
    from core import service

    store = _store(args)
    n, failures = service.reparse(store, outdated_only=args.outdated, progress=not args.quiet)
    for article_id, reason in failures:
        print(f"failed: {article_id}: {reason}", file=sys.stderr)
    orphans = store.orphaned_corrections()
    print(
        f"re-parsed {n} articles, {len(failures)} failed (kept their old records); "
        f"corrections kept ({len(orphans)} no longer match a record)"
    )
    return EXIT_BAD_INPUT if failures and not n else 0


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: $DATABASE_URL, else the SQLite file data/timeline.sqlite)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "times",
        help="find and normalise the temporal expressions in an article",
        description="Offsets index the article text: the raw file for .txt/.md, "
        "the main text extracted by trafilatura for .html/.htm.",
    )
    p.add_argument("file")
    _add_published(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_times)

    p = sub.add_parser(
        "parse",
        help="read an article into event and statement records",
        description="Offsets index the article text: the raw file for .txt/.md, "
        "the main text extracted by trafilatura for .html/.htm.",
    )
    p.add_argument("file")
    _add_published(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a timeline")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser(
        "ingest",
        help="parse files or folders of articles into the store",
        description="A CSV or JSON Lines file holds one article a row with its metadata (fields "
        "text, title, url, published, outlet, licence); a folder with a manifest.json is read "
        "through it ({'articles': [{file, title, url, published, outlet, licence}, ...]}). "
        "Rows that cannot be read are reported by line and skipped.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".txt, .md, .html or .htm files, .csv or .jsonl collections, or folders of them",
    )
    p.add_argument(
        "--field",
        action="append",
        metavar="FIELD=COLUMN",
        help="a collection's own name for a field (repeatable), e.g. --field title=headline",
    )
    _add_published(p)
    p.add_argument(
        "--outlet",
        help="who published the articles (e.g. Reuters); overrides what the page or a wire tag says",
    )
    _add_db(p)
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes that read and parse (default: one per core; small batches use one); "
        "with --backend dask, the workers of the local cluster",
    )
    p.add_argument(
        "--backend",
        choices=("process", "dask"),
        default="process",
        help="parse in worker processes on this machine (default) or on a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="URL",
        help="a running Dask scheduler (tcp://host:8786) to parse on; implies --backend dask",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("export", help="write the stored records, filtered, as CSV or JSON")
    p.add_argument(
        "--format",
        choices=("csv", "json", "acled", "acled-json"),
        default="csv",
        help="acled: the events in ACLED's columns (CSV), with our provenance columns; "
        "acled-json: the same as JSON",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--country", action="append", help="ISO 3166-1 alpha-3 code (repeatable)")
    p.add_argument("--actor", action="append", help="canonical actor name (repeatable)")
    p.add_argument("--location", action="append", help="canonical place name (repeatable)")
    p.add_argument("--kind", action="append", choices=("event", "statement"))
    p.add_argument("--type", action="append", help="event type (repeatable)")
    p.add_argument("--from", dest="date_from", type=_iso_datetime, help="first date (ISO)")
    p.add_argument("--to", dest="date_to", type=_iso_datetime, help="last date (ISO)")
    p.add_argument("--q", help="text to search for in sentences, summaries, quotes and actors")
    _add_db(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "reparse", help="re-read every stored article with the current parser, keeping corrections"
    )
    p.add_argument("--outdated", action="store_true", help="only articles parsed by an older parser version")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_db(p)
    p.set_defaults(func=cmd_reparse)

    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_STORE
    except CoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - a database that cannot be reached or written
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError):
            raise
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        where = getattr(args, "db", None)
        print(
            f"error: the store at {masked_url(where) if where else 'the default location'}: {reason}",
            file=sys.stderr,
        )
        return EXIT_STORE
