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

Counts over whole days come from ``daily_counts`` when the filters are a date window and
kinds only (a first visit, a zoom): a few thousand summary rows instead of every record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from core import schema
from core.derived import NONE
from core.query import Filters

LANES = ("actor", "country", "type")  # the timeline's lanes
UNITS = ("day", "week")
# Columns a page of records may be sorted by; ties go by record id, undated records last.
PAGE_ORDERS = ("date_start", "date_end", "reported_on", "kind", "event_type", "confidence")
DEFAULT_PAGE_SIZE = 50
# Facet keys as core.query.facet_values names them, and their lane in record_facets.
FACET_LANES = {"countries": "country", "actors": "actor", "locations": "location", "event_types": "type"}

_r, _f, _d = schema.records, schema.record_facets, schema.daily_counts


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


def count(store, filters: Filters) -> int:
    q = sa.select(sa.func.count()).select_from(_r).where(*conditions(filters))
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


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
    key = (column.desc() if descending else column.asc()).nulls_last()
    q = (
        sa.select(_r.c.id)
        .where(*conditions(filters))
        .order_by(key, _r.c.id)
        .limit(max(int(limit), 0))
        .offset(max(int(offset), 0))
    )
    with store.engine.connect() as conn:
        return list(conn.execute(q).scalars())


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
    """Whether daily_counts holds the answer: filters of dates and kinds only."""
    return not (
        filters.countries or filters.actors or filters.locations or filters.event_types or filters.text
    )


def _counts_frame(rows: Sequence, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(row) for row in rows], columns=columns)
    if frame.empty:
        return frame.astype(
            {"n": "int64", "bucket": "datetime64[s]"} if "bucket" in columns else {"n": "int64"}
        )
    frame["n"] = frame["n"].astype("int64")
    if "bucket" in frame:
        frame["bucket"] = pd.to_datetime(frame["bucket"])
    keys = [c for c in columns if c != "n"]
    return frame.groupby(keys, as_index=False, sort=True)["n"].sum()


def _lane_rows(conn, filters: Filters, lane: str, unit: str, by_value: bool) -> list:
    """(value?, bucket, kind, n) rows of dated matching records by lane value."""
    keys = [_f.c.value] if by_value else []
    if not _summary_answers(filters):
        bucket = _bucket(_r.c.date_start, unit)
        q = (
            sa.select(*keys, bucket, _r.c.kind, sa.func.count())
            .select_from(_r.join(_f, _f.c.record_id == _r.c.id))
            .where(_f.c.lane == lane, _r.c.date_start.is_not(None), *conditions(filters))
            .group_by(*keys, bucket, _r.c.kind)
        )
        return list(conn.execute(q))
    # daily_counts holds dated visible records by their first day, so it answers "first day
    # within [from, to]"; the filter means "[first, last] overlaps [from, to]".  The two
    # differ by the records that began before the window and reach into it (added) and, if
    # a correction gave a record a last day before its first, those that end before the
    # window (taken out): both are asked of the records, over an index on the dates.
    dkeys = [_d.c.value] if by_value else []
    bucket = _bucket(_d.c.day, unit)
    q = sa.select(*dkeys, bucket, _d.c.kind, sa.func.sum(_d.c.n)).where(_d.c.lane == lane)
    if filters.date_from:
        q = q.where(_d.c.day >= filters.date_from)
    if filters.date_to:
        q = q.where(_d.c.day <= filters.date_to)
    if filters.kinds:
        q = q.where(_d.c.kind.in_(sorted(set(filters.kinds))))
    rows = list(conn.execute(q.group_by(*dkeys, bucket, _d.c.kind)))
    if filters.date_from:
        rbucket = _bucket(_r.c.date_start, unit)
        base = (
            sa.select(*keys, rbucket, _r.c.kind, sa.func.count())
            .select_from(_r.join(_f, _f.c.record_id == _r.c.id))
            .where(_f.c.lane == lane)
            .group_by(*keys, rbucket, _r.c.kind)
        )
        began_before = base.where(_r.c.date_start < filters.date_from, *conditions(filters))
        rows += list(conn.execute(began_before))
        window = replace(filters, date_from=None)  # dates and kinds, without the overlap test
        ends_before = base.where(
            _r.c.date_start >= filters.date_from, _r.c.date_end < filters.date_from, *conditions(window)
        )
        rows += [(*row[:-1], -row[-1]) for row in conn.execute(ends_before)]
    return rows


def lane_counts(store, filters: Filters, lane: str, unit: str = "day") -> pd.DataFrame:
    """Dated matching records per lane value, day or week (its Monday) of their first day,
    and kind: columns value ("" for a record with no actor, country or type), bucket, kind,
    n.  A record with two actors counts in both actors' lanes."""
    if lane not in LANES:
        raise ValueError(f"lane must be one of {', '.join(LANES)}, not {lane!r}")
    with store.engine.connect() as conn:
        rows = _lane_rows(conn, filters, lane, unit, by_value=True)
    frame = _counts_frame(rows, ["value", "bucket", "kind", "n"])
    return frame[frame["n"] > 0].reset_index(drop=True)


def period_counts(store, filters: Filters, unit: str = "day") -> pd.DataFrame:
    """Dated matching records per day or week of their first day and kind: bucket, kind, n."""
    with store.engine.connect() as conn:
        # Every dated record has exactly one type row (its type or ""), so its lane counts
        # each record once.
        rows = _lane_rows(conn, filters, "type", unit, by_value=False)
    frame = _counts_frame(rows, ["bucket", "kind", "n"])
    return frame[frame["n"] > 0].reset_index(drop=True)


def facets(store, filters: Filters | None = None) -> dict[str, pd.DataFrame]:
    """The values each filter can take among the matching records (all records without
    ``filters``), each with how many records have it: {"countries", "actors", "locations",
    "event_types", "kinds"} -> frame of value, n, sorted by value."""
    filters = filters or Filters()
    found: list[tuple[str, str, int]] = []
    with store.engine.connect() as conn:
        if filters == Filters():
            # Dated records from the summary, undated ones (few) from the records.
            found += conn.execute(
                sa.select(_d.c.lane, _d.c.value, sa.func.sum(_d.c.n))
                .where(_d.c.value != NONE, _d.c.lane.in_(list(FACET_LANES.values())))
                .group_by(_d.c.lane, _d.c.value)
            ).all()
            found += [
                ("kind", kind, n)
                for kind, n in conn.execute(
                    sa.select(_d.c.kind, sa.func.sum(_d.c.n)).where(_d.c.lane == "type").group_by(_d.c.kind)
                )
            ]
            where = [sa.not_(_r.c.hidden), _r.c.date_start.is_(None)]
        else:
            where = conditions(filters)
        found += conn.execute(
            sa.select(_f.c.lane, _f.c.value, sa.func.count())
            .select_from(_r.join(_f, _f.c.record_id == _r.c.id))
            .where(_f.c.value != NONE, *where)
            .group_by(_f.c.lane, _f.c.value)
        ).all()
        found += [
            ("kind", kind, n)
            for kind, n in conn.execute(
                sa.select(_r.c.kind, sa.func.count()).where(*where).group_by(_r.c.kind)
            )
        ]
    names = {lane: key for key, lane in FACET_LANES.items()} | {"kind": "kinds"}
    frame = pd.DataFrame(found, columns=["lane", "value", "n"])
    out = {}
    for lane, key in names.items():
        part = frame[frame["lane"].eq(lane)]
        out[key] = (
            part.groupby("value", as_index=False, sort=True)["n"]
            .sum()
            .astype({"n": "int64"})
            .query("n > 0")
            .reset_index(drop=True)
        )
    return out


def place_counts(store, filters: Filters, by_kind: bool = False) -> pd.DataFrame:
    """Matching records' places with coordinates, as the map counts them (one per place
    a record names): name, country ("?" when unknown), lat, lon, place_kind, [kind], count."""
    loc = schema.record_locations
    keys = [
        loc.c.name,
        sa.func.coalesce(loc.c.country, "?").label("country"),
        loc.c.lat,
        loc.c.lon,
        sa.func.coalesce(loc.c.kind, "city").label("place_kind"),
    ] + ([_r.c.kind] if by_kind else [])
    q = (
        sa.select(*keys, sa.func.count().label("count"))
        .select_from(_r.join(loc, loc.c.record_id == _r.c.id))
        .where(loc.c.lat.is_not(None), loc.c.lon.is_not(None), *conditions(filters))
        .group_by(*keys)
    )
    columns = ["name", "country", "lat", "lon", "place_kind"] + (["kind"] if by_kind else []) + ["count"]
    with store.engine.connect() as conn:
        frame = pd.DataFrame([tuple(row) for row in conn.execute(q)], columns=columns)
    return frame.astype({"count": "int64"}).sort_values(columns[:-1], ignore_index=True)


def date_extent(store, filters: Filters | None = None) -> tuple[date, date] | None:
    """The first day and the last day of the matching dated records; None without any."""
    end = sa.func.coalesce(_r.c.date_end, _r.c.date_start)
    q = sa.select(sa.func.min(_r.c.date_start), sa.func.max(end)).where(
        _r.c.date_start.is_not(None), *conditions(filters or Filters())
    )
    with store.engine.connect() as conn:
        first, last = conn.execute(q).one()
    if first is None:
        return None
    return _day(first), _day(last)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
