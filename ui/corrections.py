"""Correcting a record and adding one by hand: the form inputs and the changes they
make, in the store's correction vocabulary."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import date

import pandas as pd
import streamlit as st

from core.errors import InputError
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


def shown_values(row: dict) -> dict:
    """A record's correctable fields as the correction form shows them."""
    return {
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


def parse_day(text, label: str) -> date | None:
    """A day typed as YYYY-MM-DD (any year, so a record dated 1000 or 2150 can be
    corrected too), None for an empty field; InputError for anything else."""
    if text is None or isinstance(text, date):
        return text
    text = str(text).strip()
    if not text:
        return None
    day = fmt.parse_date(text)
    if day is None:
        raise InputError(f"{label}: not a date in the form YYYY-MM-DD: {text[:40]!r}")
    return day


def record_changes(row: dict, edited: dict) -> dict:
    """Only the fields the user changed from ``row`` (what the form showed), in the
    store's correction vocabulary."""
    current = shown_values(row)
    edited = {
        **edited,
        "date_start": parse_day(edited.get("date_start"), "Date from"),
        "date_end": parse_day(edited.get("date_end"), "Date to"),
    }
    changes = {}
    for key, value in edited.items():
        if key not in current:
            continue
        old = current.get(key)
        if key == "speaker" and old is not None:
            old = {"name": old.get("name"), "country": old.get("country")}
        if value != old:
            changes[key] = value.isoformat() if isinstance(value, date) else value
    return changes


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """A record's corrections for display: previous and new values as one line of JSON
    each (they are text, dates, lists or true/false, which one table column cannot hold
    as they are: Arrow refuses the mix and Streamlit logs a traceback)."""

    def as_text(value) -> str:
        return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)

    return history.assign(previous=history["previous"].map(as_text), value=history["value"].map(as_text))[
        ["at", "who", "field", "previous", "value"]
    ]


def _seen_key(record_id: str) -> str:
    return f"_correction_form_showed_{record_id}"


def save_corrections(store, row: dict, edited: dict, who: str) -> dict:
    """Save what the editor changed, all or nothing, as a compare-and-set against what the
    form showed them (kept by ``correction_inputs`` from the run that drew it): a field
    someone else corrected meanwhile is refused (core.errors.StaleEdit).  Returns the changes."""
    showed = st.session_state.get(_seen_key(row["id"])) or shown_values(row)
    # A field is the editor's change when it differs from what the form showed and from
    # what is stored now: an untouched input may come back with either (Streamlit gives a
    # keyless input whose default changed its new default).
    now = record_changes(row, edited)
    changes = {k: v for k, v in record_changes(showed, edited).items() if k in now}
    if changes:
        expected = {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in showed.items() if k in changes
        }
        store.correct_fields(row["id"], changes, who, expected=expected)
    st.session_state.pop(_seen_key(row["id"]), None)
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
    """Inputs for one record's correctable fields, inside the caller's form.

    The inputs are keyed by the record: they keep what they first showed (and what the
    editor typed) however the store changes meanwhile, and that first view is kept for
    the submit (``save_corrections``), which refuses to overwrite what someone else
    corrected since.  Dates are typed (YYYY-MM-DD), not picked: a record may be dated in
    any year (the corpus has 1000 and 1700), which a date picker's range refuses."""
    rid = row["id"]
    if rid != "new":
        st.session_state.setdefault(_seen_key(rid), shown_values(row))
    c1, c2, c3 = st.columns(3)
    start_day, end_day = fmt.to_day(row.get("date_start")), fmt.to_day(row.get("date_end"))
    start = c1.text_input(
        "Date from",
        value=start_day.isoformat() if start_day else "",
        placeholder="YYYY-MM-DD",
        key=f"date_start_{rid}",
    )
    end = c2.text_input(
        "Date to",
        value=end_day.isoformat() if end_day else "",
        placeholder="YYYY-MM-DD",
        key=f"date_end_{rid}",
    )
    precision = c3.selectbox(
        "Precision",
        PRECISIONS,
        index=PRECISIONS.index(row["date_precision"]) if row.get("date_precision") in PRECISIONS else 0,
        key=f"date_precision_{rid}",
    )
    k1, k2 = st.columns(2)
    kind = k1.selectbox(
        "Kind", KINDS, index=KINDS.index(row["kind"]) if row.get("kind") in KINDS else 0, key=f"kind_{rid}"
    )
    types = _known(all_records, "event_type", [row.get("event_type") or "other"])
    event_type = k2.selectbox(
        "Event type",
        types,
        index=types.index(row.get("event_type") or "other"),
        accept_new_options=True,
        key=f"event_type_{rid}",
    )
    summary = st.text_input("Summary", value=row.get("summary") or "", key=f"summary_{rid}")
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
    speaker_name = s1.text_input("Speaker", value=speaker.get("name") or "", key=f"speaker_{rid}")
    speaker_country = s2.text_input(
        "Speaker's country (ISO3)",
        value=speaker.get("country") or "",
        max_chars=3,
        key=f"speaker_country_{rid}",
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
    # Typed dates go to the store as typed: it refuses one that is no ISO date in one line.
    record = {
        k: (v.strip() or None) if isinstance(v, str) and k.startswith("date_") else v
        for k, v in values.items()
    }
    if record["date_end"] is None:
        record["date_end"] = record["date_start"]
    record.update(sentence=sentence.strip(), quote=quote.strip() or None)
    return record
