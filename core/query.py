"""Filtering and exporting a frame of records, vectorised.

The dashboard keeps one cached frame per store version and filters it on every
rerun, so filtering must never loop over rows in Python: list columns (countries,
actor and location names) get a delimited text key once, when the frame is built,
and every filter is a handful of vectorised string or comparison operations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core import derived, export
from core.model import Record

RECORD_COLUMNS = list(Record.__dataclass_fields__) + [
    "article_title",
    "article_source",
    "article_outlet",
    "article_published",
    "article_url",
    "article_licence",
    "speaker_name",
    "speaker_country",
    "hidden",
    "corrected",
    "origin",
]
# Joins the values of a list column into one searchable key: "|RUS|UKR|".
SEP = derived.SEP
LIST_KEYS = {"countries": "_countries_key", "actor_names": "_actors_key", "location_names": "_locations_key"}


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def finish_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns (countries, names, search keys) to a records frame."""
    frame = frame.copy()
    for col in RECORD_COLUMNS:
        if col not in frame:
            frame[col] = None
    for col in ("actors", "locations"):
        frame[col] = [v if isinstance(v, list) else [] for v in frame[col]]
    for col in ("date_start", "date_end", "reported_on", "article_published"):
        frame[col] = pd.to_datetime(frame[col], errors="coerce")
    frame["date_end"] = frame["date_end"].fillna(frame["date_start"])
    # .tolist() first: iterating a pandas string column element by element is slow.
    speakers = [s if isinstance(s, str) and s else None for s in frame["speaker_name"].tolist()]
    speaker_countries = [c if isinstance(c, str) and c else None for c in frame["speaker_country"].tolist()]
    frame["speaker"] = [
        sp if isinstance(sp, dict) else ({"name": name, "country": c} if name else None)
        for sp, name, c in zip(frame["speaker"].tolist(), speakers, speaker_countries, strict=True)
    ]
    # One pass over the rows, when the frame is built (once per store version), so
    # that filtering afterwards is only vectorised string and comparison work.
    # The same derivation the store writes into record_facets and search_text
    # (core.derived), so that the frame and the database filter alike.
    actor_names, location_names, countries, texts = [], [], [], []
    for acts, locs, speaker, speaker_country, summary, sentence, quote in zip(
        frame["actors"].tolist(),
        frame["locations"].tolist(),
        speakers,
        speaker_countries,
        frame["summary"].tolist(),
        frame["sentence"].tolist(),
        frame["quote"].tolist(),
        strict=True,
    ):
        names, places, codes = derived.record_keys(acts, locs, speaker, speaker_country)
        actor_names.append(names)
        location_names.append(places)
        countries.append(codes)
        texts.append(derived.search_text(summary, sentence, quote, names))
    frame["actor_names"] = actor_names
    frame["location_names"] = location_names
    frame["countries"] = countries
    for col, key in LIST_KEYS.items():
        frame[key] = pd.Series(
            [SEP + SEP.join(v) + SEP if v else "" for v in frame[col].tolist()], index=frame.index, dtype=str
        )
    frame["_text_key"] = pd.Series(texts, index=frame.index, dtype=str)
    frame["hidden"] = frame["hidden"].fillna(False).astype(bool)
    frame["corrected"] = frame["corrected"].fillna(False).astype(bool)
    frame["origin"] = frame["origin"].fillna("parser")
    return frame


def _any_of(keys: pd.Series, values: tuple[str, ...]) -> pd.Series:
    mask = pd.Series(False, index=keys.index)
    for v in values:
        mask |= keys.str.contains(SEP + v + SEP, regex=False)
    return mask


def filter_records(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Records matching every given filter; within one filter any value matches.
    The date filter keeps records whose [date_start, date_end] overlaps [from, to], and
    records that nothing dates (date_basis "reported", no date_start) whose article
    appeared (reported_on) within [from, to]."""
    mask = pd.Series(True, index=frame.index)
    if filters.countries:
        mask &= _any_of(frame["_countries_key"], filters.countries)
    if filters.actors:
        mask &= _any_of(frame["_actors_key"], filters.actors)
    if filters.locations:
        mask &= _any_of(frame["_locations_key"], filters.locations)
    if filters.kinds:
        mask &= frame["kind"].isin(filters.kinds)
    if filters.event_types:
        mask &= frame["event_type"].isin(filters.event_types)
    if filters.date_from or filters.date_to:
        dated = frame["date_start"].notna()
        reported = ~dated & frame["date_basis"].eq("reported") & frame["reported_on"].notna()
        if filters.date_from:
            start = pd.Timestamp(filters.date_from)
            dated &= frame["date_end"] >= start
            reported &= frame["reported_on"] >= start
        if filters.date_to:
            end = pd.Timestamp(filters.date_to)
            dated &= frame["date_start"] <= end
            reported &= frame["reported_on"] <= end
        mask &= dated | reported
    if filters.text:
        mask &= frame["_text_key"].str.contains(filters.text.lower(), regex=False)
    return frame[mask]


def facet_values(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The values each sidebar filter can take, from the whole frame."""

    def exploded(col):
        return sorted(frame[col].explode().dropna().unique().tolist()) if len(frame) else []

    return {
        "countries": exploded("countries"),
        "actors": exploded("actor_names"),
        "locations": exploded("location_names"),
        "kinds": sorted(frame["kind"].dropna().unique().tolist()),
        "event_types": sorted(frame["event_type"].dropna().unique().tolist()),
    }


# An exported record cites its article: outlet, headline, date, link (and the licence
# its text is under, when known).
EXPORT_COLUMNS = list(Record.__dataclass_fields__) + [
    "article_title",
    "article_source",
    "article_outlet",
    "article_published",
    "article_url",
    "article_licence",
]


def _export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[[c for c in EXPORT_COLUMNS if c in frame]].copy()
    for col in ("date_start", "date_end", "reported_on"):
        out[col] = out[col].dt.strftime("%Y-%m-%d")
    out["article_published"] = out["article_published"].dt.strftime("%Y-%m-%dT%H:%M")
    return out


def records_to_json(frame: pd.DataFrame) -> bytes:
    out = _export_frame(frame)
    rows = out.astype(object).where(out.notna(), None).to_dict("records")
    return json.dumps(rows, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def records_to_csv(frame: pd.DataFrame) -> bytes:
    """CSV with list fields flattened: names joined by "; ", countries alongside; no
    cell a spreadsheet would read as a formula (``core.export.csv_safe``)."""
    out = _export_frame(frame)
    out["actors"] = ["; ".join(f"{a['name']} ({a.get('country') or '?'})" for a in v) for v in out["actors"]]
    out["locations"] = [
        "; ".join(f"{x['name']} ({x.get('country') or '?'})" for x in v) for v in out["locations"]
    ]
    out["speaker"] = [
        f"{s['name']} ({s.get('country') or '?'})" if isinstance(s, dict) and s.get("name") else ""
        for s in out["speaker"]
    ]
    out.insert(out.columns.get_loc("actors"), "countries", ["; ".join(c) for c in frame["countries"]])
    return export.frame_to_csv(out)
