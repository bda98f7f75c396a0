"""Events in ACLED's terms: precision codes and the ACLED-compatible export profile.

ACLED's codebook gives every event a ``time_precision`` and a ``geo_precision``; both are
read here from what a record already has, by pure functions:

* ``time_precision``: 1 when the record has a day (its own, or its article's day that tense
  puts it on: "today", "overnight"); 2 when it has a span of a week or less ("last week",
  "in recent days") or only the article's day stands in for it (date precision "article": a
  news report's undated deed is close to the report, not known to be on its day); 3 for a
  month or longer, a vague stretch over a week, or a record with no date of its own
  (date_basis "reported": dated by the day it was reported, ``reported_on``, with precision 3).
  A span is coded at its middle day, as the timeline marks it.
* ``geo_precision``: 1 for a town named as the place; 2 for a town the sentence puts the
  event near ("near Kherson", "on the outskirts of Kyiv": ``near_words`` in
  ``data/export/acled.yaml``); 3 for a region, a country, a sea.

The export writes ACLED's columns in ACLED's order (``data/export/acled.yaml``), events
only (statements are no ACLED events), then our provenance columns.  ACLED's event type
and sub-event type come from the record's own type through ``acled_type``, which reads the
taxonomy (``core.taxonomy``, one mapping).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from core import export, taxonomy
from core import gazetteer as gz
from core.countries import country_name, country_number

PROFILE_FILE = Path(__file__).resolve().parent.parent / "data" / "export" / "acled.yaml"
# ACLED's time precision codes.
DAY, WEEK, MONTH = 1, 2, 3
# A span of at most this many days is "a week or a few days" (ACLED's code 2).
WEEK_DAYS = 7
# ACLED's spatial precision codes.
TOWN, NEAR_TOWN, REGION = 1, 2, 3
# How places rank as where an event happened: the most precise first.
PLACE_RANK = {"city": 0, "region": 1, "country": 2, "other": 3}
# How far before a town's name a "near" word may end ("near the town of Izium").
NEAR_REACH_CHARS = 20


@cache
def profile() -> dict[str, Any]:
    with PROFILE_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def columns() -> list[str]:
    """ACLED's columns, in ACLED's order."""
    return list(profile()["columns"])


def dtypes() -> dict[str, str]:
    """pandas dtypes of every exported column, ACLED's and ours: what a reader passes to
    ``pd.read_csv(..., dtype=...)``."""
    return {**profile()["columns"], **profile()["provenance"]}


def acled_type(event_type: str | None) -> tuple[str | None, str | None]:
    """(ACLED event type, sub-event type) of one of our event types; (None, None) for a
    statement or a key the taxonomy does not know.  The mapping is the taxonomy's
    (data/lexicon/taxonomy.yaml through core.taxonomy), the one place our types meet ACLED's;
    a key an older parser wrote reads as the key that replaced it."""
    return taxonomy.acled_event_type(event_type), taxonomy.acled_sub_event_type(event_type)


def _day(value: Any) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def event_day(rec: dict[str, Any]) -> tuple[date | None, int]:
    """(the day ACLED's event_date holds, its time_precision) for one record's fields."""
    if rec.get("date_basis") == "reported" or _day(rec.get("date_start")) is None:
        return _day(rec.get("reported_on")), MONTH
    start = _day(rec["date_start"])
    end = _day(rec.get("date_end")) or start
    middle = start + (end - start) / 2
    span = (end - start).days + 1
    precision = rec.get("date_precision")
    if precision == "article":
        return start, WEEK
    if span == 1:
        return start, DAY
    if span <= WEEK_DAYS:
        return middle, WEEK
    return middle, MONTH


def time_precision(rec: dict[str, Any]) -> int:
    """ACLED's time_precision (1 day, 2 a week or a few days, 3 a month or more, or undated)."""
    return event_day(rec)[1]


def main_place(locations: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """The place an event is coded at: its most precise one, the first of equals."""
    places = [x for x in locations or [] if x and x.get("name")]
    if not places:
        return None
    return min(places, key=lambda x: PLACE_RANK.get(x.get("kind") or "other", len(PLACE_RANK)))


def geo_precision(place: dict[str, Any] | None, sentence: str = "") -> int | None:
    """ACLED's geo_precision for a record coded at ``place`` (1 the town, 2 near a town,
    3 a region or a country); None with no place."""
    if place is None:
        return None
    if place.get("kind") != "city":
        return REGION
    name = place["name"]
    low = sentence.lower()
    at = low.find(name.lower())
    if at > 0:
        before = low[max(0, at - NEAR_REACH_CHARS - 1) : at].rstrip()
        before = before.removesuffix("the town of").removesuffix("the city of").removesuffix("the village of")
        before = " " + " ".join(before.split())
        if any(before.endswith(" " + w) for w in profile()["near_words"]):
            return NEAR_TOWN
    return TOWN


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    return str(value) if str(value) else None


def _citation(rec: dict[str, Any]) -> str | None:
    """ "Title" (Outlet, 2022-03-29): how the article is cited."""
    title, outlet = _text(rec.get("article_title")), _text(rec.get("article_outlet"))
    published = _day(rec.get("article_published"))
    parts = ", ".join(x for x in (outlet, published.isoformat() if published else None) if x)
    if not title and not parts:
        return _text(rec.get("article_source"))
    return f'"{title or _text(rec.get("article_source")) or rec.get("article_id")}"' + (
        f" ({parts})" if parts else ""
    )


def acled_row(rec: dict[str, Any]) -> dict[str, Any]:
    """One event record (a row of the records frame) in ACLED's columns and ours."""
    day, t_precision = event_day(rec)
    place = main_place(rec.get("locations"))
    code = (place or {}).get("country")
    main, sub = acled_type(rec.get("event_type"))
    actors = [a["name"] for a in rec.get("actors") or [] if a and a.get("name")]
    admin1 = None
    if place is not None:
        admin1 = place["name"] if place.get("kind") == "region" else None
        if place.get("kind") == "city":
            admin1 = gz.admin1(place["name"], code, place.get("lat"), place.get("lon"))
    published = rec.get("article_published")
    fatalities = rec.get("fatalities")
    row = {
        "event_id_cnty": f"{code or 'XXX'}{rec['id']}",
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": t_precision if day else None,
        "disorder_type": profile()["disorder_types"].get(main) if main else None,
        "event_type": main,
        "sub_event_type": sub,
        "actor1": actors[0] if actors else None,
        "actor2": actors[1] if len(actors) > 1 else None,
        "iso": country_number(code),
        "country": country_name(code),
        "admin1": admin1,
        "location": (place or {}).get("name"),
        "latitude": (place or {}).get("lat"),
        "longitude": (place or {}).get("lon"),
        "geo_precision": geo_precision(place, rec.get("sentence") or ""),
        "source": _text(rec.get("reported_by")) or _text(rec.get("article_outlet")),
        "notes": _text(rec.get("summary")),
        # ACLED's fatalities are a count, 0 where none are reported; whether the text said
        # so stays in fatalities_text
        "fatalities": 0 if fatalities is None or pd.isna(fatalities) else int(fatalities),
        "record_id": rec["id"],
        "article_id": rec.get("article_id"),
        "char_start": rec.get("char_start"),
        "char_end": rec.get("char_end"),
        "sentence": rec.get("sentence"),
        "fatalities_text": _text(rec.get("fatalities_text")),
        "date_text": _text(rec.get("date_text")),
        "date_basis": _text(rec.get("date_basis")),
        "reported_on": _day(rec.get("reported_on")).isoformat() if _day(rec.get("reported_on")) else None,
        "article_title": _text(rec.get("article_title")),
        "article_outlet": _text(rec.get("article_outlet")),
        "article_source": _text(rec.get("article_source")),
        "article_published": (
            pd.Timestamp(published).strftime("%Y-%m-%dT%H:%M") if _day(published) is not None else None
        ),
        "article_citation": _citation(rec),
    }
    return row


def acled_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The events of a records frame (``core.query.finish_frame``) as ACLED rows, every
    ACLED column present (empty where we have nothing), in ACLED's dtypes."""
    events = frame[frame["kind"] == "event"] if len(frame) else frame
    rows = [acled_row(rec) for rec in events.to_dict("records")]
    out = pd.DataFrame(rows, columns=list(dtypes()))
    return out.astype(dtypes())


def acled_to_csv(frame: pd.DataFrame) -> bytes:
    """The ACLED profile as CSV through the project's one CSV writer: no cell a
    spreadsheet would read as a formula, none that could end its row."""
    return export.frame_to_csv(acled_frame(frame))


def acled_to_json(frame: pd.DataFrame) -> bytes:
    """The ACLED profile as a JSON list of rows (empty cells are null)."""
    out = acled_frame(frame).astype(object)
    rows = out.where(out.notna(), None).to_dict("records")
    return json.dumps(rows, ensure_ascii=False, indent=1, default=str).encode("utf-8")
