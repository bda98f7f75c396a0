"""The view's state: URL query parameters, the shared sidebar filters, the selected
record and the shareable link.

Every filter, the page and the selected record live in the address bar, in both
directions (see the README's "Links that restore a view").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote_plus, urlencode, urlsplit

import pandas as pd
import streamlit as st

from core import acled
from core.query import Filters, filter_records, records_to_csv, records_to_json
from ui import countries, data, fmt, legacy_pages

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


PLACE_PARAM = "place"  # map: the places selected on the map (repeated)


KNOWN_PARAMS = (
    *FILTER_PARAMS,
    *DATE_PARAMS,
    TEXT_PARAM,
    RECORD_PARAM,
    LANE_PARAM,
    COLOR_PARAM,
    SIDES_PARAM,
    PLACE_PARAM,
)


LANE_OPTIONS = ("actor", "country", "type")


COLOR_OPTIONS = ("country", "kind")


# Date widgets never go beyond this window (see date_bounds for the one they offer).
MIN_DATE = date(1900, 1, 1)


MAX_DATE = date(2100, 12, 31)


@dataclass
class View:
    url: str | None
    version: str
    all_records: pd.DataFrame
    records: pd.DataFrame  # filtered
    filters: Filters
    notices: list[str] = field(default_factory=list)


def current_view() -> View:
    """The view the entry file computed for this run (pages call this).

    A page script that runs alone (Streamlit's legacy pages-folder mode, see
    :mod:`ui.legacy_pages`) is rerun through the entry file first.
    """
    legacy_pages.require_entry_file()
    return st.session_state["_view"]


# Unknown parameter names quoted in the notice; the rest are counted.
UNKNOWN_SHOWN = 5


def url_notices(
    params: dict[str, list[str]], facets: dict[str, list[str]], record_ids: pd.Index
) -> list[str]:
    """Human-readable notices for every unknown or malformed value in the URL.

    Read from the raw query parameters before the widgets exist: bound widgets drop
    invalid values silently, and users who followed a link should know why.
    """
    notices = []
    unknown = [key for key in params if key not in KNOWN_PARAMS]
    if unknown:  # one notice, however many: a mangled link can carry hundreds
        names = ", ".join(f"“{fmt.md_escape(key)}”" for key in unknown[:UNKNOWN_SHOWN])
        more = f" and {len(unknown) - UNKNOWN_SHOWN:,} more" if len(unknown) > UNKNOWN_SHOWN else ""
        noun = "parameter" if len(unknown) == 1 else f"{len(unknown):,} parameters"
        notices.append(f"Ignored unknown link {noun} {names}{more}.")
    for key, values in params.items():
        if key not in KNOWN_PARAMS:
            continue
        if key in FILTER_PARAMS:
            known = set(facets.get(FILTER_PARAMS[key], ()))
            bad = [v for v in values if v and v not in known]
            if bad:
                shown = ", ".join(f"“{fmt.md_escape(v)}”" for v in bad[:5])
                notices.append(f"Ignored {key} {shown}: not in the data.")
        elif key in DATE_PARAMS:
            bad = [v for v in values if v and fmt.parse_date(v) is None]
            if bad:
                notices.append(f"Ignored {key} “{fmt.md_escape(bad[0])}”: dates are written YYYY-MM-DD.")
            outside = [v for v in values if v and (d := fmt.parse_date(v)) and not MIN_DATE <= d <= MAX_DATE]
            if outside:  # a valid date the pickers cannot hold would vanish without a word
                notices.append(
                    f"Ignored {key} “{fmt.md_escape(outside[0])}”: dates run from "
                    f"{MIN_DATE:%Y-%m-%d} to {MAX_DATE:%Y-%m-%d}."
                )
        elif key == RECORD_PARAM:
            if values and values[-1] not in record_ids:
                notices.append(
                    f"The linked record “{fmt.md_escape(values[-1])}” is not in the data "
                    "(deleted or hidden?)."
                )
        elif key == SIDES_PARAM:
            known = set(facets.get("countries", ()))
            bad = [v for v in values if v and v not in known]
            if bad:
                notices.append(f"Ignored side “{fmt.md_escape(bad[0])}”: not a country in the data.")
        elif key == PLACE_PARAM:
            known = set(facets.get("locations", ()))
            bad = [v for v in values if v and v not in known]
            if bad:
                notices.append(f"Ignored place “{fmt.md_escape(bad[0])}”: not a place in the data.")
        elif key == LANE_PARAM and values and values[-1] not in LANE_OPTIONS:
            notices.append(
                f"Ignored lane “{fmt.md_escape(values[-1])}”: use one of {', '.join(LANE_OPTIONS)}."
            )
        elif key == COLOR_PARAM and values and values[-1] not in COLOR_OPTIONS:
            notices.append(
                f"Ignored color “{fmt.md_escape(values[-1])}”: use one of {', '.join(COLOR_OPTIONS)}."
            )
    return notices


def date_bounds(frame: pd.DataFrame, params: dict[str, list[str]]) -> tuple[date, date]:
    """The window the From and To pickers offer: the data's period, so that the calendar
    opens on the records rather than on today, widened to any date the link gives, which
    a narrower window would silently clamp instead of restoring."""
    days = [fmt.parse_date(v) for key in DATE_PARAMS for v in params.get(key, ())]
    if not frame.empty:
        days += [fmt.to_day(frame["date_start"].min()), fmt.to_day(frame["date_end"].max())]
    days = [d for d in days if d is not None]
    if not days:
        return MIN_DATE, MAX_DATE
    # Clamped, never dropped: a record read as the year 1000 must not leave the pickers
    # with its other end alone (a window of one day, every other date refused).
    low, high = (min(max(d, MIN_DATE), MAX_DATE) for d in (min(days), max(days)))
    return low, high


def raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def sidebar_filters(url: str | None) -> View:
    """Build the shared sidebar (filters, count line, downloads) and return the view."""
    version = data.store_version(url)
    frame = data.load_records(url, version)
    facets = data.load_facets(url, version)

    # Only on the first run of a session: the URL is the link the user opened. Later
    # runs see the URL the widgets rewrote themselves.
    if "_url_notices" not in st.session_state:
        st.session_state["_url_notices"] = url_notices(raw_params(), facets, pd.Index(frame["id"]))

    with st.sidebar:
        st.markdown("### Filters")
        for key, label, help_ in (
            ("country", "Country", "an actor's, speaker's or place's country: type its name or ISO code"),
            ("actor", "Actor", None),
            ("location", "Location", None),
            ("kind", "Kind", "events (something done) or statements (something said)"),
            ("type", "Event type", None),
        ):
            if key == "country":
                country_multiselect(label, facets.get(FILTER_PARAMS[key], []), key=key, help=help_)
                continue
            st.multiselect(
                label,
                facets.get(FILTER_PARAMS[key], []),
                key=key,
                bind="query-params",
                help=help_,
                placeholder="All",
            )
        # One under the other: side by side in the sidebar they are too narrow to show a date.
        low, high = date_bounds(frame, raw_params())
        for key, label in (("from", "From"), ("to", "To")):
            st.date_input(
                label,
                value=None,
                min_value=low,
                max_value=high,
                key=key,
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
        st.markdown(f"**Showing {len(filtered):,} of {fmt.plural(len(frame), 'record')}**")
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
        events = filtered[filtered["kind"] == "event"]
        st.download_button(
            "ACLED CSV (events)",
            data=lambda: acled.acled_to_csv(events),
            file_name="events_acled.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            disabled=events.empty,
            help="The events in ACLED's columns (event_type, time_precision, geo_precision, "
            "fatalities...), with the article and offsets each was read from",
        )
    # The notices are about the link as opened: gone at the user's first change.
    now = tuple(share_params())
    opened = st.session_state.setdefault("_url_notices_view", now)
    notices = st.session_state["_url_notices"] if now == opened else []
    view = View(url, version, frame, filtered, filters, notices)
    st.session_state["_view"] = view
    return view


def country_multiselect(
    label: str, options: list[str], *, key: str, default: list[str] | None = None, **kwargs
) -> list[str]:
    """A multiselect of ISO codes shown and searched as "Ukraine (UKR)", kept in the URL
    as codes (``country=UKR``) in both directions; the default stays out of the URL.

    Not ``bind="query-params"``: a bound multiselect writes its *formatted* options to
    the URL (checked in Streamlit 1.67's MultiSelectSerde), which would turn
    ``country=UKR`` links into ``country=Ukraine+(UKR)`` and break every shared link.
    """
    default = list(default or [])
    known = set(options)
    previous_default = st.session_state.get(f"_default_{key}")
    st.session_state[f"_default_{key}"] = default
    if key not in st.session_state:  # the widget's first run in this session: from the link
        linked = [v for v in st.query_params.get_all(key) if v in known]
        st.session_state[key] = linked or default
    elif list(st.session_state[key]) == previous_default:  # not chosen: follows the data
        st.session_state[key] = default
    else:  # chosen: keeps what the data still holds
        st.session_state[key] = [v for v in st.session_state[key] if v in known]
    value = list(
        st.multiselect(
            label, options, key=key, format_func=countries.country_label, placeholder="All", **kwargs
        )
    )
    in_url = [] if value == default else value
    if st.query_params.get_all(key) != in_url:
        if in_url:
            st.query_params[key] = in_url
        elif key in st.query_params:
            del st.query_params[key]
    return value


def show_notices(notices: Iterable[str]) -> None:
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")


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
    # The sides the reader chose (in the URL); the default ones follow the filters.
    pairs += [(SIDES_PARAM, v) for v in st.query_params.get_all(SIDES_PARAM)]
    pairs += [(PLACE_PARAM, v) for v in st.query_params.get_all(PLACE_PARAM)]
    record = st.query_params.get(RECORD_PARAM)
    if record:
        pairs.append((RECORD_PARAM, record))
    return pairs


def page_address(browser_url: str | None, base_url_path: str, page_url_path: str) -> str:
    """The address of the page that runs, built from the browser's scheme and host.

    The browser's own path is not reused: Streamlit shows the default page for an unknown
    path (``/nonsense``, ``/map/extra``) while the browser keeps it, so a link copied from
    there would carry the bad path on.
    """
    origin = "http://localhost:8501"  # no browser (AppTest, scripts): the default local address
    if browser_url:
        parts = urlsplit(browser_url)
        if parts.scheme and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
    segments = [s for s in (base_url_path.strip("/"), page_url_path.strip("/")) if s]
    return origin + "/" + "/".join(segments)


def share_url(page_url_path: str) -> str:
    base_url_path = st.get_option("server.baseUrlPath") or ""
    base = page_address(st.context.url, base_url_path, page_url_path)
    query = urlencode(share_params(), quote_via=quote_plus)
    return base + ("?" + query if query else "")


def copy_link(container, page_url_path: str) -> None:
    with container:
        st.markdown("**Copy link** to this view")
        st.code(share_url(page_url_path), language=None, wrap_lines=True)


def selected_record_id() -> str | None:
    return st.query_params.get(RECORD_PARAM) or None


# Session key: set when the reader selects a record, read (once) by the detail, which
# then brings itself into view.
SCROLL_FLAG = "_scroll_to_detail"


def select_record(record_id: str | None) -> None:
    """Select a record (its detail opens and scrolls into view), or none."""
    if record_id:
        st.query_params[RECORD_PARAM] = record_id
        st.session_state[SCROLL_FLAG] = st.session_state.get(SCROLL_FLAG, 0) + 1
    elif RECORD_PARAM in st.query_params:
        del st.query_params[RECORD_PARAM]


def take_scroll_request() -> int | None:
    """The pending request to bring the detail into view (a count), once."""
    return st.session_state.pop(SCROLL_FLAG, None)


def selected_places(chart_places: Iterable[str], known: Iterable[str]) -> list[str]:
    """The places selected on the map, kept in the URL (``?place=Kyiv``) so that a link
    restores the list of their records.

    A change of the chart's selection (a click, a box, a double-click that clears it)
    rewrites the URL; otherwise the URL stands, as opened from a link, where the chart
    itself has nothing selected. Places the view does not hold are dropped.
    """
    marker = "_last_selection_map_places"
    current = tuple(chart_places)
    if st.session_state.get(marker, ()) != current:
        st.session_state[marker] = current
        set_places(current)
    known = set(known)
    return [p for p in dict.fromkeys(st.query_params.get_all(PLACE_PARAM)) if p in known]


def set_places(places: Iterable[str]) -> None:
    places = list(places)
    if places:
        st.query_params[PLACE_PARAM] = places
    elif PLACE_PARAM in st.query_params:
        del st.query_params[PLACE_PARAM]


def take_new_selection(source: str, value) -> object | None:
    """Return ``value`` when a widget's selection changed since the last run, else None.

    Chart and table selections persist across reruns; only a *change* should override
    the record that the URL (or the other widget) selected.
    """
    marker = f"_last_selection_{source}"
    changed = st.session_state.get(marker) != value
    st.session_state[marker] = value
    return value if changed and value else None


def chart_group(event, records: pd.DataFrame, lane_by: str) -> tuple[str | None, pd.DataFrame | None, bool]:
    """What the timeline chart has selected: (its first token, the records behind it when
    it stands for several (a bubble, a counted square, an overview bar), whether the
    selection is new since the last run).

    The records behind a bubble follow the chart's selection on every run, not only the
    run it changed on: a click in their table reruns the page, and the table must still
    list them (else the row number lands on another list).
    """
    from ui import figures

    current = tuple(chart_selection_ids(event))
    is_new = take_new_selection("timeline_chart", current) is not None
    if not current:
        return None, None, is_new
    first = current[0][0] if isinstance(current[0], list | tuple) else current[0]
    return str(first), figures.selection_records(records, str(first), lane_by), is_new


def chart_selection_ids(event) -> list:
    try:
        points = event.selection.points
    except AttributeError:
        return []
    return [p.get("customdata") for p in points if p.get("customdata") is not None]
