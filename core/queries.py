"""The dashboard's questions, answered by the database: SQLAlchemy Core over indexed columns,
the same statements on SQLite and PostgreSQL, never the whole store in one process.

Every function takes a ``Store`` and a ``core.query.Filters`` and returns a small result:
how many records match (``count``), a sorted page of them in the shape
``Store.records_frame`` gives (``records_page``), records per lane and day or week
(``lane_counts``) or per day or week (``period_counts``), the values each filter can
take with their counts (``facets``), records per place for the map (``place_counts``) and
the dates they span (``date_extent``).  On the same store each equals what
``core.query``'s pandas path computes from ``Store.records_frame()`` (tests/test_queries.py):
the database holds the corrected records and their facets (``core.derived``).

When the filters are a date window and kinds only (a first visit, a zoom), counts come
from the summary tables (``daily_counts``, ``weekly_counts``, ``facet_counts``): a few
thousand rows instead of every record.  The map counts records per place: a record counts
once at each place it names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from core import schema
from core.derived import CHUNK, NONE, place_from_key, week_of
from core.query import Filters

LANES = ("actor", "country", "type")  # the timeline's lanes
UNITS = ("day", "week")
# Columns a page of records may be sorted by; ties go by record id, undated records last.
PAGE_ORDERS = ("date_start", "date_end", "reported_on", "kind", "event_type", "confidence")
DEFAULT_PAGE_SIZE = 50
# Facet keys as core.query.facet_values names them, and their lane in record_facets.
FACET_LANES = {"countries": "country", "actors": "actor", "locations": "location", "event_types": "type"}
FACET_KEYS = ("countries", "actors", "locations", "kinds", "event_types")  # core.query.facet_values' keys

_r, _f = schema.records, schema.record_facets
_d, _w, _t = schema.daily_counts, schema.weekly_counts, schema.facet_counts
ONE_DAY = timedelta(days=1)


class week_start(FunctionElement):  # noqa: N801 - a SQL function, named as one
    """The Monday of an ISO week holding a date (a DATE on both databases)."""

    type = sa.Date()
    inherit_cache = True


@compiles(week_start, "postgresql")
def _week_start_postgresql(element, compiler, **kw):
    return f"CAST(date_trunc('week', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(week_start, "sqlite")
def _week_start_sqlite(element, compiler, **kw):
    # The next Sunday on or after the day, less six days: that week's Monday.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


def normalised(filters: Filters) -> Filters:
    """The same question written one way (each value list deduplicated and sorted), so that
    equal questions share one cache entry."""
    return replace(
        filters,
        countries=tuple(sorted(set(filters.countries))),
        actors=tuple(sorted(set(filters.actors))),
        locations=tuple(sorted(set(filters.locations))),
        kinds=tuple(sorted(set(filters.kinds))),
        event_types=tuple(sorted(set(filters.event_types))),
    )


def conditions(filters: Filters, include_hidden: bool = False) -> list[sa.ColumnElement]:
    """WHERE conditions on ``records`` for the filters (core.query.filter_records's meaning)."""
    where: list[sa.ColumnElement] = [] if include_hidden else [sa.not_(_r.c.hidden)]
    for lane, values in (
        ("country", filters.countries),
        ("actor", filters.actors),
        ("location", filters.locations),
    ):
        if values:
            wanted = sorted({v for v in values if v})  # "" marks a record with none: no value
            where.append(
                _r.c.id.in_(sa.select(_f.c.record_id).where(_f.c.lane == lane, _f.c.value.in_(wanted)))
                if wanted
                else sa.false()
            )
    if filters.kinds:
        where.append(_r.c.kind.in_(sorted(set(filters.kinds))))
    if filters.event_types:
        where.append(_r.c.event_type.in_(sorted(set(filters.event_types))))
    if filters.date_from or filters.date_to:
        dated = [_r.c.date_start.is_not(None)]
        reported = [_r.c.date_start.is_(None), _r.c.date_basis == "reported", _r.c.reported_on.is_not(None)]
        if filters.date_from:
            dated.append(sa.func.coalesce(_r.c.date_end, _r.c.date_start) >= filters.date_from)
            reported.append(_r.c.reported_on >= filters.date_from)
        if filters.date_to:
            dated.append(_r.c.date_start <= filters.date_to)
            reported.append(_r.c.reported_on <= filters.date_to)
        where.append(sa.or_(sa.and_(*dated), sa.and_(*reported)))
    if filters.text:
        where.append(_r.c.search_text.contains(filters.text.lower(), autoescape=True))
    return where


def page_ids(
    store,
    filters: Filters,
    *,
    order: str = "date_start",
    descending: bool = False,
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
) -> list[str]:
    """Ids of one page of matching records, sorted by ``order`` (records without a value
    last), then by id."""
    if order not in PAGE_ORDERS:
        raise ValueError(f"cannot sort records by {order!r}; by one of {', '.join(PAGE_ORDERS)}")
    column = _r.c[order]
    limit, offset = max(int(limit), 0), max(int(offset), 0)
    where = conditions(filters)
    # Records with a value first, then those without: two queries, so that each can read
    # an index in its order (one ORDER BY ... NULLS LAST would sort every matching record).
    with_value = (
        sa.select(_r.c.id)
        .where(column.is_not(None), *where)
        .order_by(column.desc() if descending else column.asc(), _r.c.id)
    )
    with store.engine.connect() as conn:
        ids = list(conn.execute(with_value.limit(limit).offset(offset)).scalars())
        if len(ids) < limit:
            before = 0
            if offset:
                q = sa.select(sa.func.count()).select_from(_r).where(column.is_not(None), *where)
                before = conn.execute(q).scalar_one()
            without = sa.select(_r.c.id).where(column.is_(None), *where).order_by(_r.c.id)
            ids += conn.execute(without.limit(limit - len(ids)).offset(max(offset - before, 0))).scalars()
    return ids


def records_page(store, filters: Filters, **page) -> pd.DataFrame:
    """One page of matching records (``page_ids``'s arguments), in the shape and with the
    corrections of ``Store.records_frame``, in page order."""
    ids = page_ids(store, filters, **page)
    frame = store.records_frame(record_ids=ids)
    if frame.empty:
        return frame
    position = {rid: i for i, rid in enumerate(ids)}
    return frame.sort_values("id", key=lambda s: s.map(position)).reset_index(drop=True)


def article_record_ids(store, article_id: str) -> list[str]:
    """Every record of one article, hidden ones too, in text order."""
    q = sa.select(_r.c.id).where(_r.c.article_id == article_id).order_by(_r.c.char_start, _r.c.id)
    with store.engine.connect() as conn:
        return list(conn.execute(q).scalars())


def _bucket(day: sa.ColumnElement, unit: str) -> sa.ColumnElement:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    return (day if unit == "day" else week_start(day)).label("bucket")


def _summary_answers(filters: Filters) -> bool:
    """Whether the summary tables hold the answer: filters of dates and kinds only."""
    return not (
        filters.countries or filters.actors or filters.locations or filters.event_types or filters.text
    )


def _rows(conn, q, with_bucket: bool) -> list[tuple]:
    """(value, bucket or None, kind, n) from a query selecting value, [bucket], kind, n."""
    if with_bucket:
        return [tuple(row) for row in conn.execute(q)]
    return [(value, None, kind, n) for value, kind, n in conn.execute(q)]


def _record_rows(conn, where: list, lane: str, unit: str | None, dated_only: bool) -> list[tuple]:
    """Matching records per lane value, [bucket of their first day,] and kind, from the records."""
    bucket = [_bucket(_r.c.date_start, unit)] if unit else []
    keys = [_f.c.value, *bucket, _r.c.kind]
    q = (
        sa.select(*keys, sa.func.count())
        .select_from(_r.join(_f, _f.c.record_id == _r.c.id))
        .where(_f.c.lane == lane, *where, *([_r.c.date_start.is_not(None)] if dated_only else []))
        .group_by(*keys)
    )
    return _rows(conn, q, bool(unit))


def _few_records_rows(conn, where: list, lane: str, unit: str | None) -> list[tuple]:
    """As ``_record_rows``, for conditions that few records meet (the edges of a date
    window, undated records): the records first, over their own indexes, then their facets
    by record id; a single join would let the planner start from every facet of the lane."""
    found = conn.execute(sa.select(_r.c.id, _r.c.date_start, _r.c.kind).where(*where)).all()
    meta = {rid: (start, kind) for rid, start, kind in found}
    counts: Counter = Counter()
    ids = list(meta)
    for i in range(0, len(ids), CHUNK):
        q = sa.select(_f.c.record_id, _f.c.value).where(
            _f.c.lane == lane, _f.c.record_id.in_(ids[i : i + CHUNK])
        )
        for rid, value in conn.execute(q):
            start, kind = meta[rid]
            day = _day(start) if start is not None else None
            bucket = None if unit is None or day is None else day if unit == "day" else week_of(day)
            counts[value, bucket, kind] += 1
    return [(value, bucket, kind, n) for (value, bucket, kind), n in counts.items()]


def _summary_rows(conn, table: sa.Table, lane: str, kinds, first, last, unit: str | None) -> list[tuple]:
    """Rows of daily_counts or weekly_counts with their day or week in [first, last]."""
    period = table.c.day if table is _d else table.c.week
    bucket = (
        []
        if unit is None
        else [period.label("bucket") if table is _w or unit == "day" else _bucket(period, unit)]
    )
    keys = [table.c.value, *bucket, table.c.kind]
    q = sa.select(*keys, sa.func.sum(table.c.n)).where(table.c.lane == lane)
    if first is not None:
        q = q.where(period >= first)
    if last is not None:
        q = q.where(period <= last)
    if kinds:
        q = q.where(table.c.kind.in_(sorted(set(kinds))))
    return _rows(conn, q.group_by(*keys), unit is not None)


def _dated_rows(conn, filters: Filters, lane: str, unit: str | None) -> list[tuple]:
    """Dated matching records per lane value, [bucket,] and kind (see ``lane_counts``)."""
    if not _summary_answers(filters):
        return _record_rows(conn, conditions(filters), lane, unit, dated_only=True)
    lo, hi = filters.date_from, filters.date_to
    if unit == "day":
        rows = _summary_rows(conn, _d, lane, filters.kinds, lo, hi, unit)
    else:
        # Whole weeks inside the window from weekly_counts, the days at its edges from
        # daily_counts (a week is its Monday).
        first_week = None if lo is None else lo + timedelta(days=(7 - lo.weekday()) % 7)
        last_week = None if hi is None else week_of(hi - timedelta(days=6))
        if first_week is not None and last_week is not None and first_week > last_week:
            rows = _summary_rows(conn, _d, lane, filters.kinds, lo, hi, unit)
        else:
            rows = _summary_rows(conn, _w, lane, filters.kinds, first_week, last_week, unit)
            if lo is not None and lo < first_week:
                rows += _summary_rows(conn, _d, lane, filters.kinds, lo, first_week - ONE_DAY, unit)
            if hi is not None and last_week + timedelta(days=6) < hi:
                rows += _summary_rows(conn, _d, lane, filters.kinds, last_week + timedelta(days=7), hi, unit)
    if lo is not None:
        # The summaries count a record on its first day, which answers "first day within
        # [from, to]"; the filter means "[first, last] overlaps [from, to]".  They differ by
        # the records that began before the window and reach into it (added) and, if a
        # correction gave a record a last day before its first, those that end before the
        # window (taken out): both asked of the records, over the index on their dates.
        began_before = [_r.c.date_start < lo, *conditions(filters)]
        rows += _few_records_rows(conn, began_before, lane, unit)
        window = replace(filters, date_from=None)  # dates and kinds, without the overlap test
        ends_before = [_r.c.date_start >= lo, _r.c.date_end < lo, *conditions(window)]
        rows += [(*row[:-1], -row[-1]) for row in _few_records_rows(conn, ends_before, lane, unit)]
    return rows


def _total_rows(conn, filters: Filters, lane: str) -> list[tuple]:
    """Every matching record, dated or not, per lane value and kind: (value, None, kind, n)."""
    if not _summary_answers(filters):
        return _record_rows(conn, conditions(filters), lane, None, dated_only=False)
    if filters.date_from is None and filters.date_to is None:
        q = sa.select(_t.c.value, _t.c.kind, sa.func.sum(_t.c.n)).where(_t.c.lane == lane)
        if filters.kinds:
            q = q.where(_t.c.kind.in_(sorted(set(filters.kinds))))
        return _rows(conn, q.group_by(_t.c.value, _t.c.kind), False)
    # Dated ones from the summaries; undated ones (reported within the window) are few.
    undated = [_r.c.date_start.is_(None), *conditions(filters)]
    return _dated_rows(conn, filters, lane, None) + _few_records_rows(conn, undated, lane, None)


def _counts_frame(rows: Sequence[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows (value, bucket, kind, n) summed by ``columns`` (less n), sorted, counts > 0."""
    frame = pd.DataFrame(rows, columns=["value", "bucket", "kind", "n"])[columns]
    keys = [c for c in columns if c != "n"]
    if "bucket" in keys:
        frame["bucket"] = pd.to_datetime(frame["bucket"])
    frame = frame.astype({"n": "int64"}).groupby(keys, as_index=False, sort=True)["n"].sum()
    return frame[frame["n"] > 0].reset_index(drop=True)


def lane_counts(store, filters: Filters, lane: str, unit: str = "day") -> pd.DataFrame:
    """Dated matching records per lane value, day or week (its Monday) of their first day,
    and kind: columns value ("" for a record with no actor, country or type), bucket, kind,
    n.  A record with two actors counts in both actors' lanes."""
    if lane not in LANES:
        raise ValueError(f"lane must be one of {', '.join(LANES)}, not {lane!r}")
    _bucket(_r.c.date_start, unit)  # checks the unit
    with store.engine.connect() as conn:
        rows = _dated_rows(conn, filters, lane, unit)
    return _counts_frame(rows, ["value", "bucket", "kind", "n"])


def period_counts(store, filters: Filters, unit: str = "day") -> pd.DataFrame:
    """Dated matching records per day or week of their first day and kind: bucket, kind, n."""
    _bucket(_r.c.date_start, unit)
    with store.engine.connect() as conn:
        # Every record has exactly one type row (its type or ""): it counts each record once.
        rows = _dated_rows(conn, filters, "type", unit)
    return _counts_frame(rows, ["bucket", "kind", "n"])


def count(store, filters: Filters) -> int:
    if filters == Filters():
        q = sa.select(sa.func.coalesce(sa.func.sum(_t.c.n), 0)).where(_t.c.lane == "type")
    else:
        q = sa.select(sa.func.count()).select_from(_r).where(*conditions(filters))
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def facets(store, filters: Filters | None = None) -> dict[str, pd.DataFrame]:
    """The values each filter can take among the matching records (all records without
    ``filters``), each with how many records have it: {"countries", "actors", "locations",
    "event_types", "kinds"} -> frame of value, n, sorted by value."""
    filters = filters or Filters()
    out = {}
    with store.engine.connect() as conn:
        for key, lane in FACET_LANES.items():
            rows = _total_rows(conn, filters, lane)
            out[key] = _counts_frame([row for row in rows if row[0] != NONE], ["value", "n"])
            if lane == "type":  # every record has one type row: by kind, they count records
                out["kinds"] = _counts_frame(
                    [(kind, None, None, n) for _, _, kind, n in rows], ["value", "n"]
                )
    return out


def place_counts(store, filters: Filters, by_kind: bool = False) -> pd.DataFrame:
    """Matching records per place with coordinates, as the map shows them: name, country
    ("?" when unknown), lat, lon, place_kind ("city" when unknown), [kind], count.  A record
    counts once at each place it names."""
    with store.engine.connect() as conn:
        rows = _total_rows(conn, filters, "place")
    places = []
    for key, _, kind, n in rows:
        name, country, lat, lon, place_kind = place_from_key(key)
        places.append((name, country or "?", lat, lon, place_kind or "city", kind, n))
    columns = ["name", "country", "lat", "lon", "place_kind"] + (["kind"] if by_kind else [])
    frame = pd.DataFrame(places, columns=["name", "country", "lat", "lon", "place_kind", "kind", "count"])
    frame = frame.astype({"count": "int64"}).groupby(columns, as_index=False, sort=True)["count"].sum()
    return frame[frame["count"] > 0].reset_index(drop=True)


def date_extent(store, filters: Filters | None = None) -> tuple[date, date] | None:
    """The first day and the last day of the matching dated records; None without any."""
    filters = filters or Filters()
    where = [_r.c.date_start.is_not(None), *conditions(filters)]

    def first_of(column, *more) -> date | None:
        # ORDER BY ... LIMIT 1 walks an index in order and stops at the first match
        # (min()/max() under a WHERE may read them all).
        q = sa.select(column).where(column.is_not(None), *where, *more).order_by(column).limit(1)
        return conn.execute(q).scalar()

    def last_of(column, *more) -> date | None:
        q = sa.select(column).where(column.is_not(None), *where, *more).order_by(column.desc()).limit(1)
        return conn.execute(q).scalar()

    with store.engine.connect() as conn:
        first = first_of(_r.c.date_start)
        if first is None:
            return None
        # The latest of the last days and of the first days of records without a last day:
        # max(coalesce(date_end, date_start)) from two indexes.
        ends = [last_of(_r.c.date_end), last_of(_r.c.date_start, _r.c.date_end.is_(None))]
    return _day(first), max(_day(d) for d in ends if d is not None)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
