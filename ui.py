"""Shared UI code for the dashboard: store access, sidebar filters synced with the URL,
record detail, the copy-link control and the figure builders.

Pages (``pages/*.py``) only arrange what this module builds.  Everything that reads
the store goes through a cached loader keyed by ``Store.data_version()``, so a
correction or an upload is visible on the next rerun and nothing stale is served.

Article text is untrusted (it comes from the web or from a user's paste): it is only
ever shown through ``st.text``/``st.dataframe``/``st.code`` or through ``st.markdown``
after :func:`md_escape`, never with ``unsafe_allow_html``.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.query import Filters, facet_values, filter_records, records_to_csv, records_to_json
from core.store import Store

ROOT = Path(__file__).resolve().parent
SAMPLE_ARTICLES = ROOT / "data" / "articles"

# --- URL query parameters: name -> what it holds (documented in the README) ----------
# Multi-valued filters use repeated keys (?country=UKR&country=RUS).
FILTER_PARAMS = {
    "country": "countries",  # ISO 3166-1 alpha-3 of actors, speakers and locations
    "actor": "actors",
    "location": "locations",
    "kind": "kinds",  # event | statement
    "type": "event_types",
}
DATE_PARAMS = ("from", "to")  # ISO dates, inclusive
TEXT_PARAM = "q"  # free-text search
RECORD_PARAM = "record"  # selected record id (opens its detail)
LANE_PARAM = "lane"  # timeline lanes: actor | country | type
COLOR_PARAM = "color"  # map colours: country | kind
SIDES_PARAM = "side"  # statements: the countries compared side by side (repeated)
KNOWN_PARAMS = (*FILTER_PARAMS, *DATE_PARAMS, TEXT_PARAM, RECORD_PARAM, LANE_PARAM, COLOR_PARAM, SIDES_PARAM)

LANE_OPTIONS = ("actor", "country", "type")
COLOR_OPTIONS = ("country", "kind")

# Date widgets accept anything in this window; a narrower window would silently clamp
# dates in a shared link instead of restoring them.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)

# --- Figure thresholds ----------------------------------------------------------------
# SVG scatter slows down visibly (hover, zoom) past roughly a thousand markers in
# Chromium; WebGL (scattergl) stays smooth to tens of thousands.
WEBGL_THRESHOLD = 1_000
# Past this many plotted points the timeline shows counts per lane and day/week
# instead of single records: 5,000 points with hover text and ids is ~1.5 MB of
# figure JSON; 100,000 would be ~30 MB, far over the 5 MB budget for the browser.
AGGREGATE_THRESHOLD = 5_000
# Aggregate by day while the filtered period is at most this long, else by ISO week:
# keeps the number of buckets per lane in the low hundreds.
DAY_BUCKET_MAX_SPAN_DAYS = 120
# Context around the mapped places, in degrees: about a country's width, so a single
# city still shows its neighbours.
MAP_MIN_PAD_DEGREES = 6.0
# Longitude span per degree of latitude shown: the map area is about twice as wide as
# tall on a laptop screen, and degrees of longitude shrink towards the poles.
MAP_ASPECT = 2.6
# Name the places on the map itself while there are few enough not to overlap.
MAP_LABEL_MAX_PLACES = 25
# Days shown either side of the records: with a single day plotted, Plotly would
# otherwise zoom to hours.
MIN_PAD_DAYS = 5
# More lanes than this do not fit on a screen; the rest are folded into "Other".
MAX_LANES = 25
# Rows in the records table under a view; the full set is in the downloads.
RECORD_LIST_LIMIT = 500

KIND_COLORS = {"event": "#d1495b", "statement": "#2e86ab"}
NONE_LABEL = "(none)"
PLOT_CONFIG = {
    # Land and borders for the map come from ./static (served at app/static/): no CDN.
    # Relative so it also works under a server.baseUrlPath prefix.
    "topojsonURL": "app/static/",
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d"],
}


# --- Store and cached loaders -----------------------------------------------------------


def database_url() -> str | None:
    """DATABASE_URL from Streamlit secrets (Community Cloud) or the environment; None → SQLite."""
    try:
        url = st.secrets.get("DATABASE_URL")
    except Exception:  # noqa: BLE001 - no secrets.toml at all is the normal local case
        url = None
    return url or os.environ.get("DATABASE_URL") or None


@st.cache_resource(show_spinner=False)
def get_store(url: str | None) -> Store:
    return Store(url=url)


def store() -> Store:
    return get_store(database_url())


@st.cache_resource(show_spinner=False)
def reparse_outdated(url: str | None) -> tuple[int, list[tuple[str, str]]]:
    """Once per server process: articles stored by an older parser are re-read with
    this one (corrections are kept), so an upgrade shows its improvements at once."""
    st_store = get_store(url)
    n = st_store.reparse(outdated_only=True)
    return n, list(st_store.reparse_failures)


def ensure_seeded(st_store: Store) -> None:
    """On an empty store, ingest the sample articles so a newcomer sees a timeline at once;
    on a stored one, re-read what an older parser version left (see ``reparse_outdated``).

    Checked once per browser session: a store only becomes empty again by deleting.
    """
    if st.session_state.get("_seed_checked"):
        return
    st.session_state["_seed_checked"] = True
    if not st_store.is_empty():
        with st.spinner("Re-reading articles parsed by an older version of the parser…"):
            _, failures = reparse_outdated(database_url())
        if failures:
            st.warning(
                f"{len(failures)} article(s) could not be re-read by this version and keep their "
                "previous records: " + ", ".join(f"{aid} ({why})" for aid, why in failures[:5])
            )
        return
    paths = sorted(p for p in SAMPLE_ARTICLES.glob("*") if p.is_file() and not p.name.startswith("."))
    if paths:
        with st.spinner("First start: reading the sample articles…"):
            st_store.ingest_paths(paths)


# A resource, not data: st.cache_data would unpickle a fresh copy of the whole frame on
# every rerun (about 1 s for 100,000 records, see benchmarks/dashboard.py), and the frame
# is only ever read. Under pandas 3 copy-on-write, frames derived from it (filters,
# selections) can never write back into it; nothing here modifies it in place.
@st.cache_resource(show_spinner=False, max_entries=3)
def load_records(url: str | None, version: str, include_hidden: bool = False) -> pd.DataFrame:
    return get_store(url).records_frame(include_hidden=include_hidden)


@st.cache_data(show_spinner=False, max_entries=3)
def load_articles(url: str | None, version: str) -> pd.DataFrame:
    return get_store(url).articles_frame()


@st.cache_data(show_spinner=False, max_entries=200)
def load_article(url: str | None, version: str, article_id: str):
    return get_store(url).article(article_id)


@st.cache_data(show_spinner=False, max_entries=3)
def load_facets(url: str | None, version: str) -> dict[str, list[str]]:
    frame = load_records(url, version)
    return {k: sorted(str(v) for v in vals) for k, vals in facet_values(frame).items()}


# --- The current view: filters + frames, shared by the entry file and the pages ---------


@dataclass
class View:
    url: str | None
    version: str
    all_records: pd.DataFrame
    records: pd.DataFrame  # filtered
    filters: Filters
    notices: list[str] = field(default_factory=list)


ENTRY_MARK = "_entry_running"


def current_view() -> View:
    """The view the entry file computed for this run (pages call this).

    Streamlit runs a ``pages/`` script on its own, without the entry file, on the very
    first run of a server process (its legacy pages-folder mode, switched off by the
    first ``st.navigation`` call) and in every ``AppTest`` rerun. Then no sidebar or
    view exists for this run: switch the legacy mode off and rerun the same page
    through the entry file, so a cold deep link such as ``/map?country=UKR`` works.
    """
    if not st.session_state.get(ENTRY_MARK):
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["_view"]


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None


def url_notices(
    params: dict[str, list[str]], facets: dict[str, list[str]], record_ids: pd.Index
) -> list[str]:
    """Human-readable notices for every unknown or malformed value in the URL.

    Read from the raw query parameters before the widgets exist: bound widgets drop
    invalid values silently, and users who followed a link should know why.
    """
    notices = []
    for key, values in params.items():
        if key not in KNOWN_PARAMS:
            notices.append(f"Ignored unknown link parameter “{md_escape(key)}”.")
            continue
        if key in FILTER_PARAMS:
            known = set(facets.get(FILTER_PARAMS[key], ()))
            bad = [v for v in values if v and v not in known]
            if bad:
                shown = ", ".join(f"“{md_escape(v)}”" for v in bad[:5])
                notices.append(f"Ignored {key} {shown}: not in the data.")
        elif key in DATE_PARAMS:
            bad = [v for v in values if v and _parse_date(v) is None]
            if bad:
                notices.append(f"Ignored {key} “{md_escape(bad[0])}”: dates are written YYYY-MM-DD.")
        elif key == RECORD_PARAM:
            if values and values[-1] not in record_ids:
                notices.append(
                    f"The linked record “{md_escape(values[-1])}” is not in the data (deleted or hidden?)."
                )
        elif key == SIDES_PARAM:
            known = set(facets.get("countries", ()))
            bad = [v for v in values if v and v not in known]
            if bad:
                notices.append(f"Ignored side “{md_escape(bad[0])}”: not a country in the data.")
        elif key == LANE_PARAM and values and values[-1] not in LANE_OPTIONS:
            notices.append(f"Ignored lane “{md_escape(values[-1])}”: use one of {', '.join(LANE_OPTIONS)}.")
        elif key == COLOR_PARAM and values and values[-1] not in COLOR_OPTIONS:
            notices.append(f"Ignored color “{md_escape(values[-1])}”: use one of {', '.join(COLOR_OPTIONS)}.")
    return notices


def raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def sidebar_filters(url: str | None) -> View:
    """Build the shared sidebar (filters, count line, downloads) and return the view."""
    version = store_version(url)
    frame = load_records(url, version)
    facets = load_facets(url, version)

    # Only on the first run of a session: the URL is the link the user opened. Later
    # runs see the URL the widgets rewrote themselves.
    if "_url_notices" not in st.session_state:
        st.session_state["_url_notices"] = url_notices(raw_params(), facets, pd.Index(frame["id"]))
    notices = st.session_state["_url_notices"]

    with st.sidebar:
        st.markdown("### Filters")
        for key, label, help_ in (
            ("country", "Country", "ISO 3166-1 alpha-3 code (UKR = Ukraine) of an actor, speaker or place"),
            ("actor", "Actor", None),
            ("location", "Location", None),
            ("kind", "Kind", "events (something done) or statements (something said)"),
            ("type", "Event type", None),
        ):
            st.multiselect(
                label,
                facets.get(FILTER_PARAMS[key], []),
                key=key,
                bind="query-params",
                help=help_,
                placeholder="All",
            )
        left, right = st.columns(2)
        left.date_input(
            "From",
            value=None,
            min_value=MIN_DATE,
            max_value=MAX_DATE,
            key="from",
            bind="query-params",
            format="YYYY-MM-DD",
        )
        right.date_input(
            "To",
            value=None,
            min_value=MIN_DATE,
            max_value=MAX_DATE,
            key="to",
            bind="query-params",
            format="YYYY-MM-DD",
        )
        st.text_input(
            "Search", key=TEXT_PARAM, bind="query-params", placeholder="words in sentence, summary, quote"
        )

    filters = Filters(
        countries=tuple(st.session_state.get("country") or ()),
        actors=tuple(st.session_state.get("actor") or ()),
        locations=tuple(st.session_state.get("location") or ()),
        kinds=tuple(st.session_state.get("kind") or ()),
        event_types=tuple(st.session_state.get("type") or ()),
        date_from=st.session_state.get("from"),
        date_to=st.session_state.get("to"),
        text=(st.session_state.get(TEXT_PARAM) or "").strip(),
    )
    filtered = filter_records(frame, filters)
    with st.sidebar:
        st.markdown(f"**Showing {len(filtered):,} of {len(frame):,} records**")
        left, right = st.columns(2)
        left.download_button(
            "CSV",
            data=lambda: records_to_csv(filtered),
            file_name="records.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            disabled=filtered.empty,
        )
        right.download_button(
            "JSON",
            data=lambda: records_to_json(filtered),
            file_name="records.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            disabled=filtered.empty,
        )
    view = View(url, version, frame, filtered, filters, notices)
    st.session_state["_view"] = view
    return view


def store_version(url: str | None) -> str:
    return get_store(url).data_version()


def show_notices(notices: Iterable[str]) -> None:
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")


# --- Shareable link ---------------------------------------------------------------------


def share_params() -> list[tuple[str, str]]:
    """The query parameters that restore the current view, in a stable order."""
    state = st.session_state
    pairs: list[tuple[str, str]] = []
    for key in FILTER_PARAMS:
        pairs += [(key, v) for v in state.get(key) or ()]
    for key in DATE_PARAMS:
        if isinstance(state.get(key), date):
            pairs.append((key, state[key].isoformat()))
    if (state.get(TEXT_PARAM) or "").strip():
        pairs.append((TEXT_PARAM, state[TEXT_PARAM].strip()))
    if state.get(LANE_PARAM) and state.get(LANE_PARAM) != LANE_OPTIONS[0]:
        pairs.append((LANE_PARAM, state[LANE_PARAM]))
    if state.get(COLOR_PARAM) and state.get(COLOR_PARAM) != COLOR_OPTIONS[0]:
        pairs.append((COLOR_PARAM, state[COLOR_PARAM]))
    pairs += [(SIDES_PARAM, v) for v in state.get(SIDES_PARAM) or ()]
    record = st.query_params.get(RECORD_PARAM)
    if record:
        pairs.append((RECORD_PARAM, record))
    return pairs


def share_url(page_url_path: str) -> str:
    base = st.context.url
    if not base:  # no browser (AppTest, scripts): the default local address
        base = "http://localhost:8501/" + page_url_path
    query = urlencode(share_params(), quote_via=quote_plus)
    return base + ("?" + query if query else "")


def copy_link(container, page_url_path: str) -> None:
    with container:
        st.markdown("**Copy link** to this view")
        st.code(share_url(page_url_path), language=None, wrap_lines=True)


# --- Selection of a record --------------------------------------------------------------


def selected_record_id() -> str | None:
    return st.query_params.get(RECORD_PARAM) or None


def select_record(record_id: str | None) -> None:
    if record_id:
        st.query_params[RECORD_PARAM] = record_id
    elif RECORD_PARAM in st.query_params:
        del st.query_params[RECORD_PARAM]


def take_new_selection(source: str, value) -> object | None:
    """Return ``value`` when a widget's selection changed since the last run, else None.

    Chart and table selections persist across reruns; only a *change* should override
    the record that the URL (or the other widget) selected.
    """
    marker = f"_last_selection_{source}"
    changed = st.session_state.get(marker) != value
    st.session_state[marker] = value
    return value if changed and value else None


def chart_selection_ids(event) -> list:
    try:
        points = event.selection.points
    except AttributeError:
        return []
    return [p.get("customdata") for p in points if p.get("customdata") is not None]


# --- Text rendering -------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=^])")


def md_escape(text: str | None) -> str:
    """Escape every Markdown/HTML-significant character so untrusted text shows as typed.

    CommonMark allows a backslash before any ASCII punctuation; ``<`` and ``&`` escaped
    this way can never open an HTML tag or entity, and ``$``/``:`` cannot start LaTeX or
    Streamlit directives.
    """
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def clean_row(row: dict) -> dict:
    """A record row with pandas' missing markers (NaN, NaT, None) all turned into None."""

    def missing(value) -> bool:
        return value is None or (not isinstance(value, list | tuple | dict) and bool(pd.isna(value)))

    return {key: (None if missing(value) else value) for key, value in row.items()}


def _fmt_day(value) -> str:
    if value is None or pd.isna(value):
        return "?"
    return pd.Timestamp(value).strftime("%-d %b %Y")


def when_label(row) -> str:
    start, end, precision = row.get("date_start"), row.get("date_end"), row.get("date_precision")
    if precision == "article":
        return f"{_fmt_day(start)} (article date)"
    if start is None or pd.isna(start):
        return "undated"
    if end is not None and not pd.isna(end) and pd.Timestamp(end) != pd.Timestamp(start):
        return f"{_fmt_day(start)} – {_fmt_day(end)} ({precision})"
    return _fmt_day(start)


def paragraph_around(article, char_start: int, char_end: int) -> tuple[str, str, str]:
    """(before, sentence, after) inside the paragraph(s) holding the sentence."""
    text = article.text
    blocks = [b for b in (article.blocks or ()) if b.end > char_start and b.start < char_end]
    if blocks:
        start, end = min(b.start for b in blocks), max(b.end for b in blocks)
    else:  # no block structure: a window of context
        start = max(0, text.rfind("\n\n", 0, char_start) + 1)
        nxt = text.find("\n\n", char_end)
        end = len(text) if nxt < 0 else nxt
    start, end = min(start, char_start), max(end, char_end)
    return text[start:char_start], text[char_start:char_end], text[char_end:end]


def _people(items, *, keys=("name", "country", "role")) -> str:
    out = []
    for item in items or ():
        if not isinstance(item, dict):
            continue
        extra = ", ".join(str(item[k]) for k in keys[1:] if item.get(k))
        out.append(md_escape(item.get("name", "?")) + (f" ({md_escape(extra)})" if extra else ""))
    return "; ".join(out) or "—"


def record_detail(view: View, record_id: str) -> None:
    """Render one record: its sentence highlighted in its paragraph, and its fields."""
    rows = view.all_records[view.all_records["id"] == record_id]
    if rows.empty:
        st.info("That record is not in the data any more (deleted or hidden).")
        return
    row = clean_row(rows.iloc[0].to_dict())
    article = load_article(view.url, view.version, row["article_id"])
    with st.container(border=True):
        kind = row.get("kind") or "record"
        st.markdown(
            f":{'red' if kind == 'event' else 'blue'}-badge[{md_escape(kind)}] "
            + (f":gray-badge[{md_escape(row.get('event_type'))}] " if row.get("event_type") != kind else "")
            + f"{':orange-badge[corrected]' if row.get('corrected') else ''}"
        )
        st.markdown(f"#### {md_escape(row.get('summary')) or '(no summary)'}")
        st.markdown(
            f"**When:** {md_escape(when_label(row))}"
            + (f" — “{md_escape(row.get('date_text'))}”" if row.get("date_text") else "")
        )
        start, end = int(row.get("char_start") or 0), int(row.get("char_end") or 0)
        # Offsets are trusted only where they give back the record's sentence: a record
        # added by hand may carry a sentence that is not located in the article.
        located = (
            article is not None
            and end > start
            and (not row.get("sentence") or article.text[start:end] == row["sentence"])
        )
        if located:
            before, sentence, after = paragraph_around(article, start, end)
            st.markdown(
                f"{md_escape(before)}:orange-background[{md_escape(sentence)}]{md_escape(after)}",
                help="The source sentence, highlighted in its paragraph.",
            )
        elif row.get("sentence"):  # added by hand: no offsets into the article
            st.markdown(
                f":orange-background[{md_escape(row['sentence'])}]",
                help="Added by hand; this sentence is not located in the article text.",
            )
        st.markdown(f"**Actors:** {_people(row.get('actors'))}")
        st.markdown(f"**Locations:** {_people(row.get('locations'), keys=('name', 'country'))}")
        speaker = row.get("speaker")
        if isinstance(speaker, dict) and speaker.get("name"):
            st.markdown(f"**Speaker:** {_people([speaker], keys=('name', 'country'))}")
        if row.get("quote"):
            st.markdown(f"> {md_escape(row['quote'])}")
        source_bits = [
            md_escape(row.get("article_title") or (article.title if article else "") or "untitled"),
            md_escape(_fmt_day(row.get("article_published"))),
            md_escape(row.get("article_source") or ""),
        ]
        if row.get("reported_by"):
            source_bits.append("reported by " + md_escape(row["reported_by"]))
        st.caption(
            "Source: "
            + " · ".join(b for b in source_bits if b)
            + f" · confidence {float(row.get('confidence') or 0):.2f} · id `{md_escape(record_id)}`"
        )
        st.page_link(
            "pages/articles.py",
            label="Correct or hide this record",
            icon=":material/edit:",
            query_params={RECORD_PARAM: record_id},
        )


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
    return take_new_selection(key, chosen)


def empty_state(view: View) -> bool:
    """Friendly notice when there is nothing to show; True if the caller should stop."""
    if view.all_records.empty:
        st.info(
            "No records yet. Add articles on the **Articles** page (paste text or upload "
            "`.txt`/`.html` files); their events and statements appear here.",
            icon=":material/inbox:",
        )
        return True
    if view.records.empty:
        st.info(
            "No records match these filters. Clear some filters in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        return True
    return False


# --- Figures ----------------------------------------------------------------------------


def _lane_frame(frame: pd.DataFrame, lane_by: str) -> pd.DataFrame:
    """One row per (record, lane): a record with two actors sits in both actors' lanes."""
    column = {"actor": "actor_names", "country": "countries", "type": "event_type"}[lane_by]
    cols = [
        "id",
        "kind",
        "summary",
        "date_text",
        "date_start",
        "date_end",
        "date_precision",
        "article_source",
        column,
    ]
    lanes = frame[cols].rename(columns={column: "lane"})
    if lane_by != "type":
        lanes = lanes.explode("lane", ignore_index=True)
    else:
        lanes = lanes.reset_index(drop=True)
    lanes["lane"] = lanes["lane"].fillna(NONE_LABEL).astype(str).replace("", NONE_LABEL)
    # Lane names become axis labels, which Plotly renders with a few HTML tags: escape.
    lanes["lane"] = lanes["lane"].map(html.escape)
    counts = lanes["lane"].value_counts()
    if len(counts) > MAX_LANES:
        keep = set(counts.index[: MAX_LANES - 1])
        other = f"Other ({len(counts) - len(keep)} lanes)"
        lanes["lane"] = lanes["lane"].where(lanes["lane"].isin(keep), other)
    return lanes


def _hover_escape(series: pd.Series, width: int = 90) -> pd.Series:
    """Plotly hover labels understand a few HTML tags: escape, and wrap long lines."""

    def one(value) -> str:
        value = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        value = html.escape(value[:300])
        return "<br>".join(value[i : i + width] for i in range(0, len(value), width)) or "—"

    return series.map(one)


def _lane_order(lanes: pd.DataFrame) -> list[str]:
    order = lanes["lane"].value_counts().index.tolist()
    return order[::-1]  # plotly draws categories bottom-up: busiest lane on top


def timeline_figure(frame: pd.DataFrame, lane_by: str = "actor") -> go.Figure:
    lanes = _lane_frame(frame, lane_by)
    lanes = lanes[lanes["date_start"].notna()]
    fig = go.Figure()
    if len(lanes) > AGGREGATE_THRESHOLD:
        _add_aggregated(fig, lanes)
    else:
        _add_records(fig, lanes)
    order = _lane_order(lanes)
    fig.update_layout(
        height=max(360, 34 * len(order) + 200),
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.01, font=dict(size=11)),
        showlegend=True,
        hovermode="closest",
        dragmode="zoom",
        clickmode="event+select",
        yaxis=dict(categoryorder="array", categoryarray=order, title=None, automargin=True),
        xaxis=dict(
            type="date",
            title=None,
            rangeslider=dict(visible=True, thickness=0.08),
            rangeselector=dict(
                x=0,
                xanchor="left",
                y=1.02,
                yanchor="bottom",
                buttons=[
                    dict(count=7, label="1w", step="day", stepmode="backward"),
                    dict(count=1, label="1m", step="month", stepmode="backward"),
                    dict(count=6, label="6m", step="month", stepmode="backward"),
                    dict(count=1, label="1y", step="year", stepmode="backward"),
                    dict(step="all", label="all"),
                ],
            ),
        ),
    )
    if len(lanes):  # pad the x range so a single day is not a zero-width axis
        lo, hi = lanes["date_start"].min(), lanes["date_end"].fillna(lanes["date_start"]).max()
        pad = max(pd.Timedelta(days=MIN_PAD_DAYS), (hi - lo) * 0.04)
        fig.update_xaxes(range=[lo - pad, hi + pad])
    return fig


def _scatter_class(n: int):
    return go.Scattergl if n > WEBGL_THRESHOLD else go.Scatter


def _add_records(fig: go.Figure, lanes: pd.DataFrame) -> None:
    end = lanes["date_end"].fillna(lanes["date_start"])
    is_article = lanes["date_precision"].eq("article")
    is_range = ~is_article & end.gt(lanes["date_start"])
    Scatter = _scatter_class(len(lanes))
    hover = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br><i>%{customdata[3]}</i><extra>%{y}</extra>"
    for kind in ("event", "statement"):
        color = KIND_COLORS[kind]
        of_kind = lanes["kind"].eq(kind)
        # Ranges: a translucent bar from start to end (one trace, None-separated).
        rng = lanes[of_kind & is_range]
        if len(rng):
            xs, ys = [], []
            for s, e, y in zip(rng["date_start"], end.loc[rng.index], rng["lane"], strict=True):
                xs += [s, e, None]
                ys += [y, y, None]
            fig.add_trace(
                Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=color, width=9),
                    opacity=0.3,
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=f"{kind}-range",
                )
            )
        for label, mask, symbol, x in (
            (f"{kind} · exact day", of_kind & ~is_article & ~is_range, "circle", lanes["date_start"]),
            (
                f"{kind} · date range",
                of_kind & is_range,
                "line-ns-open",
                lanes["date_start"] + (end - lanes["date_start"]) / 2,
            ),
            (f"{kind} · article date only", of_kind & is_article, "circle-open", lanes["date_start"]),
        ):
            part = lanes[mask]
            if part.empty:
                continue
            when = [
                when_label(r) for r in part[["date_start", "date_end", "date_precision"]].to_dict("records")
            ]
            custom = pd.DataFrame(
                {
                    "id": part["id"],
                    "summary": _hover_escape(part["summary"]),
                    "when": _hover_escape(
                        pd.Series(when, index=part.index)
                        + part["date_text"].map(lambda t: f" — “{t}”" if isinstance(t, str) and t else "")
                    ),
                    "source": _hover_escape(part["article_source"]),
                }
            )
            fig.add_trace(
                Scatter(
                    x=x[mask],
                    y=part["lane"],
                    mode="markers",
                    name=label,
                    legendgroup=f"{kind}-range" if "range" in label else None,
                    marker=dict(
                        color=color,
                        size=11 if symbol == "circle" else 12,
                        symbol=symbol,
                        line=dict(width=2, color=color),
                    ),
                    customdata=custom.to_numpy(),
                    hovertemplate=hover,
                )
            )


def _add_aggregated(fig: go.Figure, lanes: pd.DataFrame) -> None:
    span = (lanes["date_start"].max() - lanes["date_start"].min()).days
    freq = "D" if span <= DAY_BUCKET_MAX_SPAN_DAYS else "W-MON"
    unit = "day" if freq == "D" else "week"
    bucket = lanes["date_start"].dt.to_period(freq).dt.start_time
    grouped = (
        lanes.assign(bucket=bucket)
        .groupby(["lane", "bucket", "kind"], observed=True)
        .size()
        .rename("n")
        .reset_index()
    )
    biggest = max(int(grouped["n"].max()), 1)
    for kind in ("event", "statement"):
        part = grouped[grouped["kind"].eq(kind)]
        if part.empty:
            continue
        custom = pd.DataFrame(
            {
                "id": "bucket|" + part["lane"] + "|" + part["bucket"].dt.strftime("%Y-%m-%d") + "|" + unit,
                "n": part["n"],
            }
        )
        fig.add_trace(
            go.Scattergl(
                x=part["bucket"],
                y=part["lane"],
                mode="markers",
                name=f"{kind}s per {unit}",
                marker=dict(
                    color=KIND_COLORS[kind],
                    opacity=0.7,
                    sizemode="area",
                    size=part["n"],
                    sizeref=2.0 * biggest / 28**2,
                    sizemin=3,
                ),
                customdata=custom.to_numpy(),
                hovertemplate=f"%{{customdata[1]}} {kind}s<br>{unit} of %{{x|%d %b %Y}}<extra>%{{y}}</extra>",
            )
        )
    fig.add_annotation(
        text=f"{len(lanes):,} points: counts per {unit} (select a bubble to list its records)",
        xref="paper",
        yref="paper",
        x=0.5,
        y=1.02,
        yanchor="bottom",
        showarrow=False,
        font=dict(size=11),
    )


def bucket_records(frame: pd.DataFrame, token: str, lane_by: str) -> pd.DataFrame:
    """The records behind an aggregated bubble (``bucket|lane|YYYY-MM-DD|unit``)."""
    lane, start, unit = token.split("|", 1)[1].rsplit("|", 2)  # lane names may contain "|"
    start_ts = pd.Timestamp(start)
    stop = start_ts + pd.Timedelta(days=1 if unit == "day" else 7)
    lanes = _lane_frame(frame, lane_by)
    hit = lanes[lanes["lane"].eq(lane) & lanes["date_start"].ge(start_ts) & lanes["date_start"].lt(stop)]
    return frame[frame["id"].isin(hit["id"])]


def location_counts(frame: pd.DataFrame, color_by: str) -> pd.DataFrame:
    cols = ["kind", "locations"]
    rows = frame[cols].explode("locations").dropna(subset=["locations"])
    if rows.empty:
        return pd.DataFrame(columns=["name", "country", "lat", "lon", "kind", "count"])
    locs = pd.json_normalize(rows["locations"].tolist())
    for col in ("name", "country", "lat", "lon"):
        if col not in locs:
            locs[col] = None
    locs["kind"] = rows["kind"].to_numpy()
    locs = locs.dropna(subset=["lat", "lon"])
    locs["country"] = locs["country"].fillna("?")
    keys = ["name", "country", "lat", "lon"] + (["kind"] if color_by == "kind" else [])
    return locs.groupby(keys, dropna=False).size().rename("count").reset_index()


def map_figure(counts: pd.DataFrame, color_by: str = "country") -> go.Figure:
    fig = go.Figure()
    if not counts.empty:
        biggest = max(int(counts["count"].max()), 1)
        palette = KIND_COLORS if color_by == "kind" else None
        default_colors = [
            "#d1495b",
            "#2e86ab",
            "#edae49",
            "#00798c",
            "#66a182",
            "#8d96a3",
            "#a05195",
            "#f95d6a",
            "#003d5b",
            "#30638e",
        ]
        for i, (group, part) in enumerate(counts.groupby(color_by, sort=True)):
            color = (palette or {}).get(group, default_colors[i % len(default_colors)])
            fig.add_trace(
                go.Scattergeo(
                    lon=part["lon"],
                    lat=part["lat"],
                    name=html.escape(str(group)),
                    mode="markers+text" if len(counts) <= MAP_LABEL_MAX_PLACES else "markers",
                    textposition="top center",
                    textfont=dict(size=11, color="#1f2a36"),
                    marker=dict(
                        size=part["count"],
                        sizemode="area",
                        sizeref=2.0 * biggest / 40**2,
                        sizemin=6,
                        color=color,
                        opacity=0.75,
                        line=dict(width=1, color="white"),
                    ),
                    customdata=part[["name", "country", "count"]].to_numpy(),
                    text=_hover_escape(part["name"]),
                    hovertemplate=(
                        "<b>%{text}</b> (%{customdata[1]})<br>%{customdata[2]} records<extra></extra>"
                    ),
                )
            )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#9aa5b1",
        showland=True,
        landcolor="#eef0f2",
        showocean=True,
        oceancolor="#dcecf7",
        showlakes=False,
        showframe=False,
        coastlinecolor="#9aa5b1",
        resolution=110,
    )
    if not counts.empty:
        fig.update_geos(**_geo_window(counts))
    fig.update_layout(
        height=560,
        margin=dict(l=0, r=0, t=10, b=0),
        legend=dict(title=color_by, orientation="v", itemsizing="constant"),
    )
    return fig


def places_table(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per place (kinds summed), busiest first."""
    table = counts.groupby(["name", "country"], as_index=False)["count"].sum()
    return table.sort_values(["count", "name"], ascending=[False, True], kind="stable")


def place_columns(table: pd.DataFrame) -> dict:
    biggest = int(table["count"].max()) if len(table) else 1
    return {
        "name": st.column_config.TextColumn("Place", width="medium"),
        "country": st.column_config.TextColumn("Country", width="small"),
        "count": st.column_config.ProgressColumn("Records", format="%d", min_value=0, max_value=biggest),
    }


def _geo_window(counts: pd.DataFrame) -> dict:
    """Longitude/latitude ranges around the points, with a margin of context.

    Plotly's ``fitbounds`` hugs the outermost points (a place on the edge is cut in
    half) and zooms without limit on a single place.
    """
    lat_lo, lat_hi = float(counts["lat"].min()), float(counts["lat"].max())
    lon_lo, lon_hi = float(counts["lon"].min()), float(counts["lon"].max())
    lat_pad = max(MAP_MIN_PAD_DEGREES, (lat_hi - lat_lo) * 0.3)
    lon_pad = max(MAP_MIN_PAD_DEGREES * 1.5, (lon_hi - lon_lo) * 0.3)
    # Widen to the figure's landscape shape, else the map is a narrow column.
    lat_span = lat_hi - lat_lo + 2 * lat_pad
    lon_pad = max(lon_pad, (MAP_ASPECT * lat_span - (lon_hi - lon_lo)) / 2)
    return dict(
        lataxis_range=[max(-90.0, lat_lo - lat_pad), min(90.0, lat_hi + lat_pad)],
        lonaxis_range=[max(-180.0, lon_lo - lon_pad), min(180.0, lon_hi + lon_pad)],
    )


# --- Statements -------------------------------------------------------------------------

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
    st.markdown(f"##### {md_escape(country)} · {len(mine):,} statement{'' if len(mine) == 1 else 's'}")
    for row in map(clean_row, mine.head(SIDE_LIMIT).to_dict("records")):
        with st.container(border=True):
            st.markdown(f"**{md_escape(row['speaker_name'])}** · {md_escape(when_label(row))}")
            quote = row.get("quote")
            st.markdown(("> " if quote else "") + md_escape(row["claim"]))
            st.caption(md_escape(row["outlet"]))
    if len(mine) > SIDE_LIMIT:
        st.caption(f"First {SIDE_LIMIT} of {len(mine):,}; the downloads hold all of them.")


# --- Articles: adding, correcting ---------------------------------------------------------

PRECISIONS = ("day", "week", "month", "year", "approximate", "article")
KINDS = ("event", "statement")
ACTOR_COLUMNS = ("name", "country", "role", "type")
LOCATION_COLUMNS = ("name", "country", "lat", "lon", "kind")


def _published(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def ingest_uploads(st_store: Store, files, published: date | None):
    """Write the uploaded files to a temporary folder and ingest them as a batch.

    Returns the store's IngestReport; failures (empty, binary, too large...) are in
    ``report.failed`` with the store's reason, and the rest of the batch is kept.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths = []
        for i, upload in enumerate(files):
            name = Path(upload.name).name or f"upload-{i}.txt"
            path = Path(tmp) / f"{i:03d}" / name  # one folder each: same-named files do not clash
            path.parent.mkdir()
            path.write_bytes(upload.getvalue())
            paths.append(path)
        report = st_store.ingest_paths(paths, published=_published(published))
        names = {str(p): p.name for p in paths}
        failed = []
        for path, reason in report.failed:
            name = names.get(str(path), Path(path).name)
            reason = str(reason).replace(f"{path}: ", "").replace(str(path), name)  # no temp paths
            failed.append((name, reason))
    return report, failed


def ingest_pasted(st_store: Store, text: str, source: str, published: date | None, is_html: bool):
    """(article_id, added); raises core.errors.InputError for text that is not an article."""
    return st_store.ingest_text(
        text, source=source.strip() or "pasted text", published=_published(published), is_html=is_html
    )


def _as_list(value) -> list:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def table_rows(value, columns: tuple[str, ...]) -> pd.DataFrame:
    rows = [{c: (item or {}).get(c) for c in columns} for item in _as_list(value)]
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


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def record_changes(row: dict, edited: dict) -> dict:
    """Only the fields the user changed, in the store's correction vocabulary."""
    current = {
        "date_start": _day(row.get("date_start")),
        "date_end": _day(row.get("date_end")),
        "date_precision": row.get("date_precision"),
        "event_type": row.get("event_type"),
        "kind": row.get("kind"),
        "summary": row.get("summary"),
        "actors": [{c: a.get(c) for c in ACTOR_COLUMNS} for a in _as_list(row.get("actors"))],
        "locations": [{c: loc.get(c) for c in LOCATION_COLUMNS} for loc in _as_list(row.get("locations"))],
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


@st.cache_data(show_spinner=False, max_entries=20)
def article_records(url: str | None, version: str, article_id: str) -> pd.DataFrame:
    frame = load_records(url, version, include_hidden=True)
    return frame[frame["article_id"].eq(article_id)].sort_values("char_start", kind="stable")


def article_records_table(records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "when": [
                when_label(r)
                for r in records[["date_start", "date_end", "date_precision"]].to_dict("records")
            ],
            "kind": records["kind"],
            "type": records["event_type"],
            "summary": records["summary"],
            "actors": records["actor_names"].map(lambda v: "; ".join(_as_list(v))),
            "places": records["location_names"].map(lambda v: "; ".join(_as_list(v))),
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


def preselect_linked_record(view: View) -> None:
    """Open the article and correction form of the record in the link (``?record=``),
    once per newly linked record, before the pickers are drawn."""
    record_id = selected_record_id()
    if not record_id or st.session_state.get("_preselected") == record_id:
        return
    st.session_state["_preselected"] = record_id
    frame = load_records(view.url, view.version, include_hidden=True)
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
        "Date from", value=_day(row.get("date_start")), min_value=MIN_DATE, max_value=MAX_DATE
    )
    end = c2.date_input("Date to", value=_day(row.get("date_end")), min_value=MIN_DATE, max_value=MAX_DATE)
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
