"""Tables of records, places, speakers and articles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import fmt, state

# Rows in the records table under a view; the full set is in the downloads.
RECORD_LIST_LIMIT = 500


def records_table(frame: pd.DataFrame, *, key: str, limit: int = RECORD_LIST_LIMIT) -> str | None:
    """A compact, sortable table of records; returns the id of a newly selected row."""
    shown = frame.sort_values("date_start", kind="stable").head(limit)
    table = pd.DataFrame(
        {
            "date": shown["date_start"].dt.strftime("%Y-%m-%d"),
            "countries": shown["countries"].map(
                lambda v: ", ".join(v) if isinstance(v, list | tuple) else ""
            ),
            "kind": shown["kind"],
            "type": shown["event_type"],
            "summary": shown["summary"],
            "actors": shown["actor_names"].map(lambda v: "; ".join(v) if isinstance(v, list | tuple) else ""),
            "source": shown["article_source"],
        }
    )
    if len(frame) > limit:
        st.caption(f"First {limit:,} of {len(frame):,} records by date; the downloads hold all of them.")
    event = st.dataframe(
        table,
        key=key,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "summary": st.column_config.TextColumn(width="large"),
            "countries": st.column_config.TextColumn(width="small"),
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


UNKNOWN_SPEAKER = "(unattributed)"


# Statements listed per side; the downloads hold all of them.
SIDE_LIMIT = 60


SPEAKER_COLUMNS = {
    "speaker": st.column_config.TextColumn("Speaker", width="medium"),
    "country": st.column_config.TextColumn("Country", width="small"),
    "statements": st.column_config.NumberColumn("Statements", width="small"),
    "first": st.column_config.DateColumn("First", format="YYYY-MM-DD"),
    "last": st.column_config.DateColumn("Last", format="YYYY-MM-DD"),
    "latest": st.column_config.TextColumn("Latest claim", width="large"),
    "outlets": st.column_config.TextColumn("Reported by"),
}


def statements(frame: pd.DataFrame) -> pd.DataFrame:
    said = frame[frame["kind"].eq("statement")].copy()
    said["speaker_name"] = said["speaker_name"].fillna(UNKNOWN_SPEAKER).replace("", UNKNOWN_SPEAKER)
    said["speaker_country"] = said["speaker_country"].fillna("?").replace("", "?")
    said["outlet"] = said["reported_by"].fillna(said["article_source"]).fillna("")
    said["claim"] = said["quote"].fillna(said["summary"]).fillna("")
    return said.sort_values("date_start", kind="stable")


def speaker_summary(said: pd.DataFrame) -> pd.DataFrame:
    grouped = said.groupby(["speaker_country", "speaker_name"], sort=False)
    out = (
        grouped.agg(
            statements=("id", "size"),
            first=("date_start", "min"),
            last=("date_start", "max"),
            latest=("claim", "last"),
            outlets=("outlet", lambda s: ", ".join(sorted({str(v) for v in s if v}))),
        )
        .reset_index()
        .rename(columns={"speaker_country": "country", "speaker_name": "speaker"})
    )
    out = out[["speaker", "country", "statements", "first", "last", "latest", "outlets"]]
    return out.sort_values(["statements", "last"], ascending=[False, False], kind="stable")


def side_options(said: pd.DataFrame) -> list[str]:
    return said["speaker_country"].value_counts().index.tolist()


def side_column(said: pd.DataFrame, country: str) -> None:
    mine = said[said["speaker_country"].eq(country)]
    st.markdown(f"##### {fmt.md_escape(country)} · {len(mine):,} statement{'' if len(mine) == 1 else 's'}")
    for row in map(fmt.clean_row, mine.head(SIDE_LIMIT).to_dict("records")):
        with st.container(border=True):
            st.markdown(f"**{fmt.md_escape(row['speaker_name'])}** · {fmt.md_escape(fmt.when_label(row))}")
            quote = row.get("quote")
            st.markdown(("> " if quote else "") + fmt.md_escape(row["claim"]))
            st.caption(fmt.md_escape(row["outlet"]))
    if len(mine) > SIDE_LIMIT:
        st.caption(f"First {SIDE_LIMIT} of {len(mine):,}; the downloads hold all of them.")


ARTICLE_COLUMNS = {
    "title": st.column_config.TextColumn("Title", width="large"),
    "source": st.column_config.TextColumn("Source"),
    "published": st.column_config.DatetimeColumn("Published", format="YYYY-MM-DD HH:mm"),
    "records": st.column_config.NumberColumn("Records", width="small"),
    "added": st.column_config.DatetimeColumn("Added", format="YYYY-MM-DD HH:mm"),
    "id": st.column_config.TextColumn("Id", width="small"),
}


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": articles["title"].fillna("(untitled)"),
            "source": articles["source"],
            "published": articles["published"],
            "records": articles["n_records"],
            "added": articles["added_at"],
            "id": articles["id"],
        }
    )


def article_labels(articles: pd.DataFrame) -> list[str]:
    dates = pd.to_datetime(articles["published"]).dt.strftime("%Y-%m-%d").fillna("undated")
    titles = articles["title"].fillna(articles["source"]).fillna(articles["id"]).astype(str).str.slice(0, 90)
    return (dates + " · " + titles).tolist()


def article_records_table(records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "when": [
                fmt.when_label(r)
                for r in records[["date_start", "date_end", "date_precision"]].to_dict("records")
            ],
            "kind": records["kind"],
            "type": records["event_type"],
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
        + records["summary"].fillna("").astype(str).str.slice(0, 90)
        + hidden
    ).tolist()
