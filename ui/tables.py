"""Tables of records, places, speakers and articles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import taxonomy
from ui import countries, fmt, state

# Rows in the records table under a view; the full set is in the downloads.
RECORD_LIST_LIMIT = 500


# Background of the selected record's row (the detail's colour family, readable text).
SELECTED_ROW_STYLE = "background-color: #fde8c8; font-weight: 600"


def records_frame_for_table(
    frame: pd.DataFrame, limit: int = RECORD_LIST_LIMIT, by: str = "date_start"
) -> pd.DataFrame:
    """The records shown in a table (by date, undated last), at most ``limit``."""
    return frame.sort_values(by, kind="stable", na_position="last").head(limit)


def article_links(frame: pd.DataFrame) -> pd.Series:
    """Each record's article URL when it is an http(s) address, else None."""
    urls = frame["article_url"] if "article_url" in frame else pd.Series(None, index=frame.index)
    return urls.map(fmt.safe_url)


def records_display(shown: pd.DataFrame, reported: bool = False) -> pd.DataFrame:
    """The columns of the records table: countries by name, the source cited as outlet ·
    headline · date and its link. ``reported``: dated by the day their article reported
    them (records with no date of their own)."""
    shown = fmt.with_source_label(shown)
    day = shown["reported_on"] if reported else shown["date_start"]
    return pd.DataFrame(
        {
            "reported on" if reported else "date": day.dt.date,
            "countries": shown["countries"].map(
                lambda v: (
                    ", ".join(countries.country_label(c) for c in v) if isinstance(v, list | tuple) else ""
                )
            ),
            "kind": shown["kind"],
            "type": shown["event_type"].map(taxonomy.label),
            "summary": shown["summary"],
            "actors": shown["actor_names"].map(lambda v: "; ".join(v) if isinstance(v, list | tuple) else ""),
            "source": shown["source_label"],
            "link": article_links(shown),
        }
    )


def records_table(
    frame: pd.DataFrame,
    *,
    key: str,
    limit: int = RECORD_LIST_LIMIT,
    selected: str | None = None,
    reported: bool = False,
) -> str | None:
    """A compact, sortable table of records, the ``selected`` record's row highlighted;
    returns the id of a newly selected row. ``reported``: records listed by the day their
    article reported them (see ``records_display``)."""
    shown = records_frame_for_table(frame, limit, by="reported_on" if reported else "date_start")
    table = records_display(shown, reported=reported)
    if len(frame) > limit:
        st.caption(f"First {limit:,} of {len(frame):,} records by date; the downloads hold all of them.")
    data = table
    if selected is not None and selected in set(shown["id"]):
        position = int((shown["id"] == selected).to_numpy().argmax())
        data = table.style.apply(
            lambda row: [SELECTED_ROW_STYLE if row.name == table.index[position] else ""] * len(row), axis=1
        )
    event = st.dataframe(
        data,
        key=key,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "date": st.column_config.DateColumn(format=fmt.DAY_FORMAT_JS, width="small"),
            "reported on": st.column_config.DateColumn(format=fmt.DAY_FORMAT_JS, width="small"),
            "link": st.column_config.LinkColumn(width="small", display_text="article"),
            "summary": st.column_config.TextColumn(width="large"),
            "countries": st.column_config.TextColumn(width="small"),
            # a bounded width so the source column stays on a desk screen: the grid draws only
            # the columns in view, and a long actor list would push the source out of it
            "actors": st.column_config.TextColumn(width="medium"),
        },
    )
    rows = list(event.selection.rows) if event is not None else []
    chosen = shown["id"].iloc[rows[0]] if rows else None
    return state.take_new_selection(key, chosen)


def place_columns(table: pd.DataFrame) -> dict:
    biggest = int(table["count"].max()) if len(table) else 1
    return {
        "name": st.column_config.TextColumn("Place", width="medium"),
        "country": st.column_config.TextColumn("Country", width="small"),
        "count": st.column_config.ProgressColumn("Records", format="%d", min_value=0, max_value=biggest),
    }


# What the Articles page uploads: articles, collections (CSV, JSON Lines) and a manifest.
UPLOAD_TYPES = ("txt", "md", "html", "htm", "csv", "jsonl", "ndjson", "json")


def field_inputs() -> dict[str, str]:
    """Text inputs for a collection's own field names (core.collection.FIELDS); returns
    the ones changed, as {field: name}."""
    from core.collection import FIELDS

    names = {}
    for column, field in zip(st.columns(3) * 2, FIELDS, strict=False):
        name = column.text_input(field, value=field, key=f"field_{field}").strip()
        if name and name != field:
            names[field] = name
    return names


UNKNOWN_SPEAKER = "(unattributed)"


# Statements listed per side; the downloads hold all of them.
SIDE_LIMIT = 60


SPEAKER_COLUMNS = {
    "speaker": st.column_config.TextColumn("Speaker", width="medium"),
    "country": st.column_config.TextColumn("Country", width="medium"),
    "statements": st.column_config.NumberColumn("Statements", width="small"),
    "first": st.column_config.DateColumn("First", format=fmt.DAY_FORMAT_JS),
    "last": st.column_config.DateColumn("Last", format=fmt.DAY_FORMAT_JS),
    "latest": st.column_config.TextColumn("Latest claim", width="large"),
    "outlets": st.column_config.TextColumn("Reported by"),
}


def statements(frame: pd.DataFrame) -> pd.DataFrame:
    said = fmt.with_source_label(frame[frame["kind"].eq("statement")]).copy()
    said["speaker_name"] = said["speaker_name"].fillna(UNKNOWN_SPEAKER).replace("", UNKNOWN_SPEAKER)
    said["speaker_country"] = said["speaker_country"].fillna("?").replace("", "?")
    # Who reported it: the outlet the sentence names ("told Reuters"), else the article.
    said["outlet"] = said["reported_by"].fillna(said["source_label"]).fillna("")
    said["claim"] = said["quote"].fillna(said["summary"]).fillna("")
    return said.sort_values("date_start", ascending=False, kind="stable", na_position="last")  # newest first


def speaker_summary(said: pd.DataFrame) -> pd.DataFrame:
    grouped = said.groupby(["speaker_country", "speaker_name"], sort=False)
    out = (
        grouped.agg(
            statements=("id", "size"),
            first=("date_start", "min"),
            last=("date_start", "max"),
            latest=("claim", "first"),  # the statements come newest first
            outlets=("outlet", lambda s: ", ".join(sorted({str(v) for v in s if v}))),
        )
        .reset_index()
        .rename(columns={"speaker_country": "country", "speaker_name": "speaker"})
    )
    out["country"] = out["country"].map(countries.country_label)
    out = out[["speaker", "country", "statements", "first", "last", "latest", "outlets"]]
    return out.sort_values(["statements", "last"], ascending=[False, False], kind="stable")


def side_options(said: pd.DataFrame) -> list[str]:
    """The speakers' countries, most statements first; "?" (no country) is no side."""
    counts = said["speaker_country"].value_counts()
    return [c for c in counts.index.tolist() if c != "?"]


def side_column(said: pd.DataFrame, country: str) -> None:
    mine = said[said["speaker_country"].eq(country)]
    st.markdown(
        f"##### {fmt.md_escape(countries.country_label(country))} · {fmt.plural(len(mine), 'statement')}"
    )
    for row in map(fmt.clean_row, mine.head(SIDE_LIMIT).to_dict("records")):
        with st.container(border=True):
            st.markdown(f"**{fmt.md_escape(row['speaker_name'])}** · {fmt.md_escape(fmt.when_label(row))}")
            quote = row.get("quote")
            st.markdown(("> " if quote else "") + fmt.md_escape(row["claim"]))
            cited = fmt.md_citation(row["source_label"], row.get("article_url"))
            by = row.get("reported_by")
            st.caption(f"reported by {fmt.md_escape(by)} · {cited}" if by else cited)
    if len(mine) > SIDE_LIMIT:
        st.caption(f"First {SIDE_LIMIT} of {len(mine):,}; the downloads hold all of them.")


ARTICLE_COLUMNS = {
    "title": st.column_config.TextColumn("Title", width="large"),
    "outlet": st.column_config.TextColumn("Outlet"),
    "published": st.column_config.DatetimeColumn("Published", format=fmt.DATETIME_FORMAT_JS),
    "link": st.column_config.LinkColumn("Link", display_text="article", width="small"),
    "licence": st.column_config.TextColumn("Licence"),
    "records": st.column_config.NumberColumn("Records", width="small"),
    "added": st.column_config.DatetimeColumn("Added", format=fmt.DATETIME_FORMAT_JS),
    "id": st.column_config.TextColumn("Id", width="small"),
}


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": articles["title"].fillna("(untitled)"),
            # Never the file name: the outlet, from the store's outlet when it has one.
            "outlet": [
                fmt.outlet_of(o, s)
                for o, s in zip(
                    articles["outlet"] if "outlet" in articles else [None] * len(articles),
                    articles["source"],
                    strict=True,
                )
            ],
            "published": articles["published"],
            "link": (articles["url"] if "url" in articles else pd.Series(None, index=articles.index)).map(
                fmt.safe_url
            ),
            "licence": articles["licence"] if "licence" in articles else None,
            "records": articles["n_records"],
            "added": articles["added_at"],
            "id": articles["id"],
        }
    )


# A record's correction history, who and when first: on a narrow screen the grid shows
# its first columns, and the ids are the same on every row.
HISTORY_COLUMNS = {
    "who": st.column_config.TextColumn("Who", width="small"),
    "at": st.column_config.DatetimeColumn("When", format=fmt.DATETIME_FORMAT_JS, width="small"),
    "field": st.column_config.TextColumn("Field", width="small"),
    "previous": st.column_config.JsonColumn("Before"),
    "value": st.column_config.JsonColumn("After"),
}


def correction_history(history: pd.DataFrame) -> pd.DataFrame:
    """The corrections of one record, newest first, in HISTORY_COLUMNS' order."""
    return history.sort_values("at", ascending=False, kind="stable")[list(HISTORY_COLUMNS)]


def article_labels(articles: pd.DataFrame) -> list[str]:
    dates = pd.to_datetime(articles["published"]).dt.strftime(fmt.DAY_FORMAT).fillna("undated")
    titles = articles["title"].fillna("untitled article").astype(str).map(fmt.visible).str.slice(0, 90)
    return (dates + " · " + titles).tolist()


# What a record's "when" is read from (fmt.when_label).
WHEN_COLUMNS = ("date_start", "date_end", "date_precision", "date_basis", "reported_on")


def article_records_table(records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "when": [
                fmt.when_label(r)
                for r in records[[c for c in WHEN_COLUMNS if c in records]].to_dict("records")
            ],
            "kind": records["kind"],
            "type": records["event_type"].map(taxonomy.label),
            "summary": records["summary"],
            "actors": records["actor_names"].map(lambda v: "; ".join(fmt.as_list(v))),
            "places": records["location_names"].map(lambda v: "; ".join(fmt.as_list(v))),
            "speaker": records["speaker_name"],
            "hidden": records["hidden"].astype(bool),
            "corrected": records["corrected"].astype(bool),
        }
    )


def record_labels(records: pd.DataFrame) -> list[str]:
    hidden = records["hidden"].map(lambda h: " [hidden]" if h else "")
    return (
        records["kind"].astype(str)
        + " · "
        + records["summary"].fillna("").astype(str).map(fmt.visible).str.slice(0, 90)
        + hidden
    ).tolist()
