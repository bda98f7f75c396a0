"""Correcting a record and adding one by hand: the form inputs and the changes they
make, in the store's correction vocabulary."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import pandas as pd
import streamlit as st

from ui import data, fmt, state

PRECISIONS = ("day", "week", "month", "year", "approximate", "article")


KINDS = ("event", "statement")


ACTOR_COLUMNS = ("name", "country", "role", "type")


LOCATION_COLUMNS = ("name", "country", "lat", "lon", "kind")


def table_rows(value, columns: tuple[str, ...]) -> pd.DataFrame:
    rows = [{c: (item or {}).get(c) for c in columns} for item in fmt.as_list(value)]
    return pd.DataFrame(rows, columns=list(columns))


def rows_to_items(edited: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    """Edited table rows back to actor/location dicts; blank names dropped."""
    items = []
    for row in edited.to_dict("records"):
        name = str(row.get("name") or "").strip()
        if not name:
            continue
        item = {}
        for c in columns:
            v = row.get(c)
            if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
                v = None
            if c in ("lat", "lon") and v is not None:
                v = float(v)
            item[c] = v.strip() if isinstance(v, str) else v
        item["name"] = name
        if item.get("country"):
            item["country"] = str(item["country"]).upper()
        items.append(item)
    return items


def record_changes(row: dict, edited: dict) -> dict:
    """Only the fields the user changed, in the store's correction vocabulary."""
    current = {
        "date_start": fmt.to_day(row.get("date_start")),
        "date_end": fmt.to_day(row.get("date_end")),
        "date_precision": row.get("date_precision"),
        "event_type": row.get("event_type"),
        "kind": row.get("kind"),
        "summary": row.get("summary"),
        "actors": [{c: a.get(c) for c in ACTOR_COLUMNS} for a in fmt.as_list(row.get("actors"))],
        "locations": [{c: loc.get(c) for c in LOCATION_COLUMNS} for loc in fmt.as_list(row.get("locations"))],
        "speaker": row.get("speaker") if isinstance(row.get("speaker"), dict) else None,
    }
    changes = {}
    for key, value in edited.items():
        old = current.get(key)
        if key == "speaker" and old is not None:
            old = {"name": old.get("name"), "country": old.get("country")}
        if value != old:
            changes[key] = value.isoformat() if isinstance(value, date) else value
    return changes


def speaker_value(name: str, country: str) -> dict | None:
    name = (name or "").strip()
    return {"name": name, "country": (country or "").strip().upper() or None} if name else None


def preselect_linked_record(view: state.View) -> None:
    """Open the article and correction form of the record in the link (``?record=``),
    once per newly linked record, before the pickers are drawn."""
    record_id = state.selected_record_id()
    if not record_id or st.session_state.get("_preselected") == record_id:
        return
    st.session_state["_preselected"] = record_id
    frame = data.load_records(view.url, view.version, include_hidden=True)
    rows = frame[frame["id"].eq(record_id)]
    if not rows.empty:
        st.session_state["article_pick"] = rows["article_id"].iloc[0]
        st.session_state["record_pick"] = record_id


def _known(frame: pd.DataFrame, column: str, extra: Iterable[str] = ()) -> list[str]:
    return sorted({str(v) for v in frame[column].dropna().unique()} | set(extra))


def correction_inputs(row: dict, all_records: pd.DataFrame) -> dict:
    """Inputs for one record's correctable fields, inside the caller's form."""
    c1, c2, c3 = st.columns(3)
    start = c1.date_input(
        "Date from",
        value=fmt.to_day(row.get("date_start")),
        min_value=state.MIN_DATE,
        max_value=state.MAX_DATE,
    )
    end = c2.date_input(
        "Date to", value=fmt.to_day(row.get("date_end")), min_value=state.MIN_DATE, max_value=state.MAX_DATE
    )
    precision = c3.selectbox(
        "Precision",
        PRECISIONS,
        index=PRECISIONS.index(row["date_precision"]) if row.get("date_precision") in PRECISIONS else 0,
    )
    k1, k2 = st.columns(2)
    kind = k1.selectbox("Kind", KINDS, index=KINDS.index(row["kind"]) if row.get("kind") in KINDS else 0)
    types = _known(all_records, "event_type", [row.get("event_type") or "other"])
    event_type = k2.selectbox(
        "Event type", types, index=types.index(row.get("event_type") or "other"), accept_new_options=True
    )
    summary = st.text_input("Summary", value=row.get("summary") or "")
    st.markdown("Actors")
    actors = st.data_editor(
        table_rows(row.get("actors"), ACTOR_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        key=f"actors_{row['id']}",
        width="stretch",
    )
    st.markdown("Locations")
    locations = st.data_editor(
        table_rows(row.get("locations"), LOCATION_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        key=f"locations_{row['id']}",
        width="stretch",
        column_config={
            "lat": st.column_config.NumberColumn(format="%.4f"),
            "lon": st.column_config.NumberColumn(format="%.4f"),
        },
    )
    speaker = row.get("speaker") if isinstance(row.get("speaker"), dict) else {}
    s1, s2 = st.columns([3, 1])
    speaker_name = s1.text_input("Speaker", value=speaker.get("name") or "")
    speaker_country = s2.text_input(
        "Speaker's country (ISO3)", value=speaker.get("country") or "", max_chars=3
    )
    return {
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "kind": kind,
        "event_type": event_type,
        "summary": summary,
        "actors": rows_to_items(actors, ACTOR_COLUMNS),
        "locations": rows_to_items(locations, LOCATION_COLUMNS),
        "speaker": speaker_value(speaker_name, speaker_country),
    }


def new_record_inputs(all_records: pd.DataFrame) -> dict:
    """Inputs for a hand-made record, inside the caller's form."""
    blank = {"id": "new", "kind": "event", "event_type": "other", "date_precision": "day"}
    values = correction_inputs(blank, all_records)
    sentence = st.text_area("Source sentence (optional)", height=80)
    quote = st.text_input("Quote (optional)")
    record = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
    if record["date_end"] is None:
        record["date_end"] = record["date_start"]
    record.update(sentence=sentence.strip(), quote=quote.strip() or None)
    return record
