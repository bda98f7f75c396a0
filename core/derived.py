"""What the store derives from its records, kept in step by every write in its own transaction.

The dashboard asks the database what to show (``core/queries.py``) instead of loading every
record; for that the database holds, besides the parser's output and the corrections:

- the record as it is shown: ``records``, ``record_actors`` and ``record_locations`` hold the
  corrected values (``apply_corrections``: the last correction of each field wins, as on
  read), ``records.hidden`` whether a correction hides it, and ``records.search_text`` the
  lower-cased text the search box reads.  The parser's own value of a corrected field stays
  in that field's first correction (``previous``); a re-parse writes the parser's values and
  applies the corrections again, so they keep winning;
- ``record_facets``: the countries, actors, place names, places (name, country, coordinates,
  kind: ``place_key``, what the map counts) and event type each record is filtered, laned
  and mapped by, derived by ``record_keys`` (which ``core.query.finish_frame`` uses too, so
  the frame and the database never disagree), ``""`` for a record with no country, actor
  or type;
- ``daily_counts`` and ``weekly_counts``: visible dated records per day (their
  ``date_start``) or ISO week, lane value and kind; ``facet_counts``: visible records, dated
  or not, per lane value and kind.  Each write changes them by the net difference it makes,
  table after table and in key order (two transactions that touch the same counts lock
  them in the same order: no deadlock).

``refresh`` runs after a write of records, ``forget`` before records are deleted, both inside
the writer's transaction; ``rebuild`` derives everything from scratch (revision 0004 on a
store written before it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from core import schema

# Lanes of record_facets and daily_counts.  A record with no actor (no country, no type)
# has one "" row in that lane, so that a count by lane still counts it ("No actor").
LANES = ("actor", "country", "location", "place", "type")
LANES_WITH_EMPTY = ("actor", "country", "type")
NONE = ""
# Joins a record's texts into the one string the search reads; the same separator as
# core.query's list keys, so that a search never matches across two fields.
SEP = "\x1f"
# Record ids per statement: well under SQLite's limit of bound parameters (32,766).
CHUNK = 500

_CORRECTED_CHILDREN = {"actors": schema.record_actors, "locations": schema.record_locations}


def record_keys(
    actors: Sequence[dict], locations: Sequence[dict], speaker: str | None, speaker_country: str | None
) -> tuple[list[str], list[str], list[str]]:
    """(actor names, place names, countries) of one record: its actors and its speaker, in
    order and each once; its places; the sorted countries of actors, places and speaker."""
    names = [x["name"] for x in actors if x and x.get("name")]
    if speaker:
        names.append(speaker)
    places = [x["name"] for x in locations if x and x.get("name")]
    codes = {x["country"] for x in actors if x and x.get("country")}
    codes.update(x["country"] for x in locations if x and x.get("country"))
    if speaker_country:
        codes.add(speaker_country)
    return list(dict.fromkeys(names)), list(dict.fromkeys(places)), sorted(codes)


def place_key(name: str, country: str | None, lat: float, lon: float, kind: str | None) -> str:
    """One place as the map tells places apart, as text (JSON: floats round-trip exactly)."""
    return json.dumps([name, country, lat, lon, kind], ensure_ascii=False)


def place_from_key(key: str) -> tuple[str, str | None, float, float, str | None]:
    name, country, lat, lon, kind = json.loads(key)
    return name, country, lat, lon, kind


def week_of(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def search_text(summary: Any, sentence: Any, quote: Any, actor_names: Sequence[str]) -> str:
    """What the search box reads: summary, sentence, quote and actor names, lower-cased
    (``str.lower``, which SQLite's ``lower`` is not beyond ASCII)."""
    names = SEP + SEP.join(actor_names) + SEP if actor_names else ""
    texts = (t if isinstance(t, str) else "" for t in (summary, sentence, quote))
    return SEP.join((*texts, names)).lower()


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def as_date(value: Any) -> date | None:
    """A stored or given day as a date (a datetime, a date, an ISO string), None for none."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _article_ids(conn: sa.Connection, article_ids: Sequence[str], origin: str | None) -> list[str]:
    """The ids of these articles' records (of one origin)."""
    r, found = schema.records, []
    for chunk in _chunks(list(article_ids)):
        q = sa.select(r.c.id).where(r.c.article_id.in_(chunk))
        if origin is not None:
            q = q.where(r.c.origin == origin)
        found += conn.execute(q).scalars()
    return found


def refresh(
    conn: sa.Connection, record_ids: Iterable[str], *, new: bool = False, texts_stored: bool | None = None
) -> None:
    """After records were written (inserted, corrected): corrected values, facets, search
    text and counts for them.  ``new``: they had none before (just inserted, their search
    text with them: ``texts_stored``, by default ``new``)."""
    ids = list(dict.fromkeys(record_ids))
    texts_stored = new if texts_stored is None else texts_stored
    for chunk in _chunks(ids):
        before = Counter() if new else _contributions(conn, chunk)
        corrected = apply_corrections(conn, chunk)
        texts = corrected if texts_stored else set(chunk)
        _write_facets(conn, chunk, replace=not new, texts=texts)
        _apply_delta(conn, _contributions(conn, chunk), before)


def forget(conn: sa.Connection, record_ids: Iterable[str]) -> None:
    """Before records are deleted: take them out of the counts and drop their facets."""
    f = schema.record_facets
    for chunk in _chunks(list(dict.fromkeys(record_ids))):
        _apply_delta(conn, Counter(), _contributions(conn, chunk))
        conn.execute(sa.delete(f).where(f.c.record_id.in_(chunk)))


def refresh_article(
    conn: sa.Connection, article_id: str, origin: str | None = None, *, new: bool = False
) -> None:
    refresh(conn, _article_ids(conn, [article_id], origin), new=new)


def refresh_articles(conn: sa.Connection, article_ids: Sequence[str], *, new: bool = False) -> None:
    refresh(conn, _article_ids(conn, article_ids, None), new=new)


def forget_article(conn: sa.Connection, article_id: str, origin: str | None = None) -> None:
    forget(conn, _article_ids(conn, [article_id], origin))


def rebuild(conn: sa.Connection) -> None:
    """Everything derived, from scratch, for every record (selects only columns that exist
    since revision 0004, which calls it)."""
    for table in (schema.daily_counts, schema.weekly_counts, schema.facet_counts, schema.record_facets):
        conn.execute(sa.delete(table))
    ids = list(conn.execute(sa.select(schema.records.c.id).order_by(schema.records.c.id)).scalars())
    refresh(conn, ids, new=True, texts_stored=False)


def apply_corrections(conn: sa.Connection, record_ids: list[str]) -> set[str]:
    """Write the corrected value of every corrected field into the records' rows; the ids
    of the records it corrected."""
    c, r = schema.corrections, schema.records
    fixes = conn.execute(
        sa.select(c.c.record_id, c.c.field, c.c.value)
        .where(c.c.record_id.in_(record_ids), c.c.field != "added")
        .order_by(c.c.id)
    ).all()
    if not fixes:
        return set()
    final: dict[str, dict[str, Any]] = {}
    for rid, name, value in fixes:  # in the order they were made: the last one wins
        final.setdefault(rid, {})[name] = value
    present = set(conn.execute(sa.select(r.c.id).where(r.c.id.in_(list(final)))).scalars())
    for rid in sorted(present):  # a correction whose record a re-parse dropped waits
        values: dict[str, Any] = {}
        for name, value in final[rid].items():
            if name == "hidden":
                values["hidden"] = bool(value)
            elif name == "speaker":
                values["speaker_name"] = (value or {}).get("name")
                values["speaker_country"] = (value or {}).get("country")
            elif name in ("date_start", "date_end"):
                values[name] = as_date(value)
            elif name in _CORRECTED_CHILDREN:
                _replace_children(conn, _CORRECTED_CHILDREN[name], rid, value or [])
            else:
                values[name] = value
        if values:
            conn.execute(sa.update(r).where(r.c.id == rid).values(**values))
    return present


def _replace_children(conn: sa.Connection, table: sa.Table, rid: str, items: list[dict]) -> None:
    keys = [col.name for col in table.c if col.name not in ("record_id", "position")]
    conn.execute(sa.delete(table).where(table.c.record_id == rid))
    rows = [
        {"record_id": rid, "position": i, **{k: item.get(k) for k in keys}}
        for i, item in enumerate(items)
        if isinstance(item, dict)
    ]
    if rows:
        conn.execute(sa.insert(table), rows)


def _write_facets(conn: sa.Connection, record_ids: list[str], replace: bool, texts: set[str]) -> None:
    """Facet rows of these records (replacing theirs), and the search text of ``texts``."""
    r, ra, rl, f = schema.records, schema.record_actors, schema.record_locations, schema.record_facets
    rows = conn.execute(
        sa.select(
            r.c.id,
            r.c.event_type,
            r.c.summary,
            r.c.sentence,
            r.c.quote,
            r.c.speaker_name,
            r.c.speaker_country,
        ).where(r.c.id.in_(record_ids))
    ).all()
    children: dict[str, tuple[list, list]] = {row.id: ([], []) for row in rows}
    q = sa.select(ra.c.record_id, ra.c.name, ra.c.country).where(ra.c.record_id.in_(record_ids))
    for rid, name, country in conn.execute(q.order_by(ra.c.record_id, ra.c.position)):
        children[rid][0].append({"name": name, "country": country})
    q = sa.select(rl.c.record_id, rl.c.name, rl.c.country, rl.c.lat, rl.c.lon, rl.c.kind).where(
        rl.c.record_id.in_(record_ids)
    )
    for rid, name, country, lat, lon, kind in conn.execute(q.order_by(rl.c.record_id, rl.c.position)):
        children[rid][1].append({"name": name, "country": country, "lat": lat, "lon": lon, "kind": kind})
    facets, new_texts = [], []
    for row in rows:
        actors, places = children[row.id]
        speaker = row.speaker_name if isinstance(row.speaker_name, str) and row.speaker_name else None
        names, place_names, countries = record_keys(actors, places, speaker, row.speaker_country or None)
        mapped = [  # what the map counts: places with coordinates
            place_key(x["name"], x["country"], x["lat"], x["lon"], x["kind"])
            for x in places
            if x["lat"] is not None and x["lon"] is not None
        ]
        values = {
            "actor": names,
            "country": countries,
            "location": place_names,
            "place": mapped,
            "type": [row.event_type],
        }
        for lane in LANES:
            found = [v for v in values[lane] if v]
            if not found and lane in LANES_WITH_EMPTY:
                found = [NONE]
            facets.extend({"record_id": row.id, "lane": lane, "value": v} for v in dict.fromkeys(found))
        if row.id in texts:
            text = search_text(row.summary, row.sentence, row.quote, names)
            new_texts.append({"rid": row.id, "text": text})
    if replace:
        conn.execute(sa.delete(f).where(f.c.record_id.in_(record_ids)))
    if facets:
        conn.execute(sa.insert(f), facets)
    if new_texts:
        conn.execute(
            sa.update(r).where(r.c.id == sa.bindparam("rid")).values(search_text=sa.bindparam("text")),
            new_texts,
        )


def _contributions(conn: sa.Connection, record_ids: list[str]) -> Counter:
    """What these records add to the counts now: {(lane, first day or None, value, kind): n}."""
    r, f = schema.records, schema.record_facets
    q = (
        sa.select(f.c.lane, r.c.date_start, f.c.value, r.c.kind, sa.func.count())
        .join(r, r.c.id == f.c.record_id)
        .where(f.c.record_id.in_(record_ids), sa.not_(r.c.hidden))
        .group_by(f.c.lane, r.c.date_start, f.c.value, r.c.kind)
    )
    return Counter({(lane, day, value, kind): n for lane, day, value, kind, n in conn.execute(q)})


def _upsert(conn: sa.Connection, table: sa.Table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[c for c in table.primary_key.columns], set_={"n": table.c.n + stmt.excluded.n}
    )


def _apply_delta(conn: sa.Connection, after: Counter, before: Counter) -> None:
    delta = Counter(after)
    delta.subtract(before)
    daily, weekly, total = Counter(), Counter(), Counter()
    for (lane, day, value, kind), n in delta.items():
        if not n:
            continue
        total[lane, value, kind] += n
        if day is not None:
            daily[lane, day, value, kind] += n
            weekly[lane, week_of(day), value, kind] += n
    # Always in this order, each in key order: see the module doc.
    for table, changes in (
        (schema.daily_counts, daily),
        (schema.weekly_counts, weekly),
        (schema.facet_counts, total),
    ):
        keys = [c.name for c in table.primary_key.columns]
        rows = [dict(zip(keys, k, strict=True), n=n) for k, n in sorted(changes.items()) if n]
        if not rows:
            continue
        conn.execute(_upsert(conn, table), rows)
        emptied = [{f"k_{k}": row[k] for k in keys} for row in rows if row["n"] < 0]
        if emptied:
            match = [table.c[k] == sa.bindparam(f"k_{k}") for k in keys]
            conn.execute(sa.delete(table).where(*match, table.c.n <= 0), emptied)
