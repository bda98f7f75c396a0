"""The figures, as plain Plotly: built from a records frame, no Streamlit, so they are
unit-tested on their own (``tests/test_ui_figures.py``)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from ui import countries, fmt

# SVG scatter slows down visibly (hover, zoom) past roughly a thousand markers in
# Chromium; WebGL (scattergl) stays smooth to tens of thousands.
WEBGL_THRESHOLD = 1_000
# Past this many plotted points the timeline shows counts per lane and day/week
# instead of single records: 5,000 points with hover text and ids is ~1.5 MB of
# figure JSON; 100,000 would be ~30 MB, far over the 5 MB budget for the browser.
AGGREGATE_THRESHOLD = 5_000
# Count by day while the period shown is at most this long, by ISO week while it is at
# most WEEK_BUCKET_MAX_SPAN_DAYS, else by month: keeps the overview's bars and each lane's
# bubbles to a hundred or two across the plot.
DAY_BUCKET_MAX_SPAN_DAYS = 120
WEEK_BUCKET_MAX_SPAN_DAYS = 3 * 365
# Records of one lane are drawn one by one while they are apart; within one of this many
# equal slots of the period shown (about a marker's width on a desk screen: 60 slots of
# 12 px), more than SPREAD_MAX of them become one counted square.
LANE_SLOTS = 60
# Context around the mapped places, in degrees: about a country's width, so a single
# city still shows its neighbours.
MAP_MIN_PAD_DEGREES = 6.0
# Longitude span per degree of latitude shown: the map area is about twice as wide as
# tall on a laptop screen, and degrees of longitude shrink towards the poles.
MAP_ASPECT = 2.6
# Places whose names the map may show, the ones with most records: the page shows those
# that fit without overlapping (ui.browser), busiest first; every place is named on hover.
MAP_LABELS = 40
# Colours of the countries on the map, the busiest first: Plotly's Dark24, 24 distinct
# colours that read on the pale land and sea; more countries share OTHER_COLOR.
COUNTRY_PALETTE = tuple(qualitative.Dark24)
OTHER_COLOR = "#8d96a3"
# Marker per kind of place, so that a region or a country is not read as a city.
PLACE_SYMBOLS = {"city": "circle", "region": "square", "country": "diamond", "other": "diamond"}
# Days shown either side of the records: with a single day plotted, Plotly would
# otherwise zoom to hours.
MIN_PAD_DAYS = 5
# More lanes than this do not fit on a screen; the rest are folded into "Other".
MAX_LANES = 25
# The window the timeline opens on holds the dense span of the day-precise records:
# Tukey's "far out" fences, this many interquartile ranges beyond the quartiles (3, not
# the usual 1.5: news about a running conflict is uneven, and only background dates
# such as "in 2014" or a misread "the following years" should fall outside).
OUTLIER_IQR_FACTOR = 3.0
# The smallest interquartile range the fences are built from: with most records on one
# day (a single article), what it recalls from the weeks before ("since the invasion on
# Feb. 24", a month earlier) is no outlier; with a factor of 3, three months either side.
MIN_IQR = pd.Timedelta(days=30)
# Fewer day-precise records than this have no meaningful quartiles: all are shown.
MIN_RECORDS_FOR_FENCES = 8
# And within the fences, the share of the day-precise records left out at each end: a few
# dozen stray dates among thousands (an anniversary, a plan for next year) do not stretch
# the window; below a hundred records, none is left out this way. A tail record closer than
# CONTINUITY_GAP to the next one in is kept: a continuous record has no outliers.
TAIL_SHARE = 0.01
CONTINUITY_GAP = pd.Timedelta(days=14)
# Heights in pixels: one lane, the overview strip above the lanes, the space above the
# plot (range buttons over the date labels) and below it (the legend).
LANE_PX = 40
OVERVIEW_PX = 120
TOP_PX = 95
LEGEND_PX = 80
# Records of one lane and day drawn one by one, spread across the lane's height; past
# this many they become one marker per kind showing the count: a lane is 40 px high and
# a marker 9 px (11 with its outline), so three fit without touching.
SPREAD_MAX = 3
SPREAD_STEP = 0.27  # in lanes (about 11 px): the spread stays inside the lane's band
# Characters per line of a hover label: about 300 px of 12-px text, so that the label
# fits a 390 px wide phone screen with the marker beside it.
HOVER_LINE_CHARS = 44
# Characters of a lane label (it must fit beside a 390 px wide phone plot); the full
# name is in every point's hover.
LANE_LABEL_MAX = 16

# Precisions that place a record on one day: they set the span the timeline opens on.
DAY_PRECISE = ("day", "article")

KIND_COLORS = {"event": "#d1495b", "statement": "#2e86ab"}
# Lane names for records without an actor, a country or a type.
NO_LANE_LABEL = {"actor": "no actor named", "country": "no country", "type": "no type"}
# The lane the least busy lanes are folded into past MAX_LANES: "Other (1,521 lanes)".
OTHER_LANE_PREFIX = "Other "
# Past this many bars the overview strip shows no count above each bar (they would
# overlap); the hover still gives each bar's count.
OVERVIEW_LABEL_MAX = 36
PLOT_CONFIG = {
    # Land and borders for the map come from ./static (served at app/static/): no CDN.
    # Relative so it also works under a server.baseUrlPath prefix.
    "topojsonURL": "app/static/",
    "displaylogo": False,
    # No toolbar: on a phone it covers the range buttons; zoom by dragging (or on the
    # overview strip), double-click to reset, the range buttons for set periods.
    "displayModeBar": False,
}


@dataclass(frozen=True)
class DateWindow:
    """The period the timeline opens on, and the dated records outside it."""

    start: pd.Timestamp
    end: pd.Timestamp
    outside: pd.DataFrame  # records, sorted by date

    @property
    def has_outliers(self) -> bool:
        return not self.outside.empty


def date_window(
    frame: pd.DataFrame, period: tuple[date | None, date | None] = (None, None), today: date | None = None
) -> DateWindow | None:
    """The period the timeline opens on, and the dated records drawn outside it.

    The filter's period when one is set (either end); otherwise the dense span of the
    day-precise records (between Tukey's far-out fences, OUTLIER_IQR_FACTOR), never past
    ``today`` (nothing reported has happened later). None if nothing is dated."""
    dated = frame[frame["date_start"].notna()]
    if dated.empty:
        return None
    x = _plot_x(dated)
    day_precise = x[dated["date_precision"].isin(DAY_PRECISE)]
    basis = day_precise if len(day_precise) else x
    lo, hi = basis.min(), basis.max()
    if len(basis) >= MIN_RECORDS_FOR_FENCES:
        q1, q3 = basis.quantile(0.25), basis.quantile(0.75)
        reach = max(q3 - q1, MIN_IQR) * OUTLIER_IQR_FACTOR
        inside = basis[basis.between(q1 - reach, q3 + reach)].sort_values().tolist()
        first = int(TAIL_SHARE * (len(inside) - 1))  # 0 below a hundred records
        last = len(inside) - 1 - first
        while first > 0 and inside[first] - inside[first - 1] <= CONTINUITY_GAP:
            first -= 1
        while last < len(inside) - 1 and inside[last + 1] - inside[last] <= CONTINUITY_GAP:
            last += 1
        lo, hi = inside[first], inside[last]
    today_ts = pd.Timestamp(today or date.today())
    if lo <= today_ts:
        hi = min(hi, today_ts)
    start = pd.Timestamp(period[0]) if period[0] else lo.floor("D")
    end = pd.Timestamp(period[1]) if period[1] else hi.floor("D")
    if end < start:  # a "from" after the data's span: open on the filter's day
        start, end = min(start, end), max(start, end)
    outside = dated[(x < start) | (x >= end + pd.Timedelta(days=1))].sort_values("date_start", kind="stable")
    return DateWindow(start, end, outside)


def lane_label(name: str, lane_by: str) -> str:
    """The full lane name: countries as "Ukraine (UKR)"."""
    return countries.country_label(name) if lane_by == "country" else name


def short_label(label: str, limit: int = LANE_LABEL_MAX) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


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
        "citation",
        column,
    ]
    lanes = fmt.with_source_label(frame)[cols].rename(columns={column: "lane"})
    if lane_by != "type":
        lanes = lanes.explode("lane", ignore_index=True)
    else:
        lanes = lanes.reset_index(drop=True)
    none = NO_LANE_LABEL[lane_by]
    lanes["lane"] = lanes["lane"].fillna(none).astype(str).replace("", none)
    if lane_by == "country":
        lanes["lane"] = lanes["lane"].map(lambda c: c if c == none else countries.country_label(c))
    # Lane names become axis labels, which Plotly renders with a few HTML tags: escape.
    lanes["lane"] = lanes["lane"].map(html.escape)
    counts = lanes["lane"].value_counts()
    if len(counts) > MAX_LANES:
        keep = set(counts.index[: MAX_LANES - 1])
        other = f"{OTHER_LANE_PREFIX}({len(counts) - len(keep):,} lanes)"
        lanes["lane"] = lanes["lane"].where(lanes["lane"].isin(keep), other)
    return lanes


def _lane_order(lanes: pd.DataFrame, lane_by: str) -> list[str]:
    """Lanes by count, busiest on top; the lane of records without one ("no actor named")
    and the folded "Other" lane last, whatever their counts: they are no actor."""
    order = lanes["lane"].value_counts().index.tolist()
    last = [lane for lane in order if lane == NO_LANE_LABEL[lane_by]]
    last += [lane for lane in order if lane.startswith(OTHER_LANE_PREFIX)]
    order = [lane for lane in order if lane not in last] + last
    return order[::-1]  # drawn bottom-up: busiest lane on top


def _bucket_freq(start: pd.Timestamp, end: pd.Timestamp) -> tuple[str, str]:
    """(pandas period frequency, unit name) for counting records between two dates."""
    days = (end - start).days
    if days <= DAY_BUCKET_MAX_SPAN_DAYS:
        return "D", "day"
    return ("W-MON", "week") if days <= WEEK_BUCKET_MAX_SPAN_DAYS else ("M", "month")


def bucket_end(start: pd.Timestamp, unit: str) -> pd.Timestamp:
    """The first day after the bucket beginning at ``start``."""
    if unit == "month":
        return start + pd.DateOffset(months=1)
    return start + pd.Timedelta(days=1 if unit == "day" else 7)


def _plot_x(lanes: pd.DataFrame) -> pd.Series:
    """Where each record is drawn: its day, or the middle of its date range."""
    end = lanes["date_end"].fillna(lanes["date_start"])
    is_range = ~lanes["date_precision"].eq("article") & end.gt(lanes["date_start"])
    return lanes["date_start"].where(~is_range, lanes["date_start"] + (end - lanes["date_start"]) / 2)


def timeline_figure(
    frame: pd.DataFrame,
    lane_by: str = "actor",
    period: tuple[date | None, date | None] = (None, None),
    today: date | None = None,
) -> go.Figure:
    """Overview strip (records per day or week, stacked by kind, with their counts while
    they fit) above one lane per actor, country or type; the date axis on top. Opens on
    the filter's ``period`` or the dense span of the records (:func:`date_window`); the
    "all" button shows every date."""
    lanes = _lane_frame(frame, lane_by)
    lanes = lanes[lanes["date_start"].notna()]
    order = _lane_order(lanes, lane_by)
    position = {lane: i for i, lane in enumerate(order)}
    lanes_px = max(LANE_PX * len(order), 3 * LANE_PX)
    plot_px = OVERVIEW_PX + 24 + lanes_px
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=24 / plot_px,
        row_heights=[OVERVIEW_PX, lanes_px],
    )
    window = date_window(frame, period, today)
    if window is not None:
        _add_overview(fig, frame[frame["date_start"].notna()], window)
    if len(lanes) > AGGREGATE_THRESHOLD:
        _add_aggregated(fig, lanes, position, window)
    else:
        _add_records(fig, lanes, position, slot_days(window))
    labels = [short_label(html.unescape(lane)) for lane in order]
    fig.update_layout(
        height=TOP_PX + plot_px + LEGEND_PX,
        margin=dict(l=10, r=10, t=TOP_PX, b=LEGEND_PX),
        # Below the plot: beside it, a legend takes a third of a phone's width.
        legend=dict(
            orientation="h", yanchor="top", y=-(16 / plot_px), xanchor="left", x=0, font=dict(size=11)
        ),
        showlegend=True,
        hovermode="closest",
        dragmode="zoom",
        clickmode="event+select",
        barmode="stack",
        bargap=0.15,
        yaxis=dict(title=None, fixedrange=True, showgrid=False, rangemode="tozero"),
        yaxis2=dict(
            tickvals=list(range(len(order))),
            ticktext=[html.escape(label) for label in labels],
            range=[-0.6, max(len(order), 3) - 0.4],
            fixedrange=True,
            title=None,
            automargin=True,
            showgrid=True,
            zeroline=False,
        ),
        xaxis=dict(
            type="date",
            side="top",
            showticklabels=True,
            ticks="outside",
            rangeselector=dict(
                x=0,
                xanchor="left",
                y=1.0 + (TOP_PX - 30) / plot_px,  # above the two-line date labels
                yanchor="bottom",
                font=dict(size=11),
                buttons=[
                    dict(count=7, label="1w", step="day", stepmode="backward"),
                    dict(count=1, label="1m", step="month", stepmode="backward"),
                    dict(count=6, label="6m", step="month", stepmode="backward"),
                    dict(count=1, label="1y", step="year", stepmode="backward"),
                    dict(step="all", label="all"),
                ],
            ),
        ),
        xaxis2=dict(type="date", showticklabels=len(order) > 10),
    )
    if window is not None:  # pad the range so a single day is not a zero-width axis
        pad = max(pd.Timedelta(days=MIN_PAD_DAYS), (window.end - window.start) * 0.04)
        fig.update_xaxes(range=[window.start - pad, window.end + pad])
    return fig


def _add_overview(fig: go.Figure, dated: pd.DataFrame, window: DateWindow) -> None:
    """Row 1: records per day (or week), stacked by kind, each bar's total above it.
    A bar's id (``period|YYYY-MM-DD|unit``) lists its records when selected."""
    freq, unit = _bucket_freq(window.start, window.end)
    bucket = dated["date_start"].dt.to_period(freq).dt.start_time
    counts = dated.assign(bucket=bucket).groupby(["bucket", "kind"]).size().unstack(fill_value=0)
    totals = counts.sum(axis=1)
    ends = pd.DatetimeIndex([bucket_end(b, unit) for b in counts.index])
    width = pd.Series(ends - counts.index, index=counts.index)
    middle = counts.index + (ends - counts.index) / 2
    tokens = [f"period|{b:%Y-%m-%d}|{unit}" for b in counts.index]
    for kind in ("event", "statement"):
        if kind not in counts:
            continue
        fig.add_trace(
            go.Bar(
                x=middle,
                y=counts[kind],
                width=(width.dt.total_seconds() * 1000 * 0.85).tolist(),
                name=f"{kind}s per {unit}",
                legendgroup=kind,
                showlegend=False,
                marker=dict(color=KIND_COLORS[kind]),
                customdata=[[t, n] for t, n in zip(tokens, counts[kind], strict=True)],
                hovertemplate=f"%{{customdata[1]}} {kind}s<br>{unit} of %{{x|%-d %b %Y}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
    in_view = (ends > window.start) & (counts.index <= window.end)
    if in_view.sum() <= OVERVIEW_LABEL_MAX:
        _add_bar_totals(fig, middle, totals, unit)
    # Counts are whole numbers: no 0.5 or 1.5 ticks when the busiest bar holds a few.
    fig.update_yaxes(
        range=[0, float(totals.max()) * 1.35 + 0.5],
        tickformat=",d",
        tick0=0,
        row=1,
        col=1,
        **({"dtick": 1} if totals.max() < 5 else {}),
    )
    fig.add_annotation(
        text=f"records per {unit}",
        xref="x domain",
        yref="y domain",
        x=1,
        y=1,
        xanchor="right",
        yanchor="top",
        showarrow=False,
        font=dict(size=10, color="#5b6770"),
    )


def _add_bar_totals(fig: go.Figure, middle, totals: pd.Series, unit: str) -> None:
    """Each bar's total written above it."""
    fig.add_trace(
        go.Scatter(
            x=middle,
            y=totals,
            mode="text",
            text=[str(n) for n in totals],
            textposition="top center",
            textfont=dict(size=10, color="#1f2a36"),
            hoverinfo="skip",
            showlegend=False,
            name=f"records per {unit}",
        ),
        row=1,
        col=1,
    )


def _scatter_class(n: int):
    return go.Scattergl if n > WEBGL_THRESHOLD else go.Scatter


def slot_days(window: DateWindow | None) -> int:
    """The width in days of a lane's slots (LANE_SLOTS across the window, one day at least)."""
    if window is None:
        return 1
    return max(1, -(-((window.end - window.start).days + 1) // LANE_SLOTS))


def _slot_start(x: pd.Series, days: int) -> pd.Series:
    """The first day of each x's slot of ``days`` days (slots counted from 1 Jan 1970)."""
    day = x.dt.floor("D")
    if days == 1:
        return day
    epoch = pd.Timestamp("1970-01-01")
    return epoch + pd.to_timedelta((day - epoch).dt.days // days * days, unit="D")


def spread_cells(lanes: pd.DataFrame, position: dict[str, int], days: int = 1) -> pd.DataFrame:
    """Each (record, lane) row with its y: the lane's position, spread within the lane
    when several records share a lane and a slot of ``days`` days; ``crowded`` marks the
    rows of a lane and slot holding more than SPREAD_MAX records (one counted marker)."""
    x = _plot_x(lanes)
    day = _slot_start(x, days)
    cell = lanes.assign(x=x, day=day)
    group = cell.groupby(["lane", "day"], sort=False)["id"]
    size = group.transform("size")
    rank = group.cumcount()
    base = cell["lane"].map(position).astype(float)
    offset = (rank - (size - 1) / 2) * SPREAD_STEP
    cell["y"] = base + offset.where(size.le(SPREAD_MAX), 0.0)
    cell["crowded"] = size.gt(SPREAD_MAX)
    return cell


def cell_records(frame: pd.DataFrame, token: str, lane_by: str) -> pd.DataFrame:
    """The records behind a counted marker (``cell|lane|YYYY-MM-DD|days``)."""
    lane, day, days = token.split("|", 1)[1].rsplit("|", 2)  # lane names may contain "|"
    lanes = _lane_frame(frame, lane_by)
    lanes = lanes[lanes["date_start"].notna()]
    hit = lanes[lanes["lane"].eq(lane) & _slot_start(_plot_x(lanes), int(days)).eq(pd.Timestamp(day))]
    return frame[frame["id"].isin(hit["id"])]


def period_records(frame: pd.DataFrame, token: str) -> pd.DataFrame:
    """The records behind an overview bar (``period|YYYY-MM-DD|unit``)."""
    _, start, unit = token.split("|")
    start_ts = pd.Timestamp(start)
    stop = bucket_end(start_ts, unit)
    return frame[frame["date_start"].ge(start_ts) & frame["date_start"].lt(stop)]


def selection_records(frame: pd.DataFrame, token: str, lane_by: str) -> pd.DataFrame | None:
    """Records behind any chart token that is not a single record, else None."""
    kind = str(token).split("|", 1)[0]
    if kind == "bucket":
        return bucket_records(frame, token, lane_by)
    if kind == "cell":
        return cell_records(frame, token, lane_by)
    if kind == "period":
        return period_records(frame, token)
    return None


def _add_records(fig: go.Figure, lanes: pd.DataFrame, position: dict[str, int], days: int = 1) -> None:
    cells = spread_cells(lanes, position, days)
    single = cells[~cells["crowded"]]
    end = single["date_end"].fillna(single["date_start"])
    is_article = single["date_precision"].eq("article")
    is_range = ~is_article & end.gt(single["date_start"])
    Scatter = _scatter_class(len(single))
    # One box, no side box (<extra>): beside the main label it runs off a phone's screen.
    hover = (
        "<b>%{customdata[1]}</b><br>%{customdata[2]}<br><i>%{customdata[3]}</i>"
        "<br>%{customdata[4]}<extra></extra>"
    )
    for kind in ("event", "statement"):
        color = KIND_COLORS[kind]
        of_kind = single["kind"].eq(kind)
        # Ranges: a translucent bar from start to end (one trace, None-separated).
        rng = single[of_kind & is_range]
        if len(rng):
            xs, ys = [], []
            for s, e, y in zip(rng["date_start"], end.loc[rng.index], rng["y"], strict=True):
                xs += [s, e, None]
                ys += [y, y, None]
            fig.add_trace(
                Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=color, width=7),
                    opacity=0.3,
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=f"{kind}-range",
                ),
                row=2,
                col=1,
            )
        for label, mask, symbol in (
            (f"{kind} · exact day", of_kind & ~is_article & ~is_range, "circle"),
            (f"{kind} · date range", of_kind & is_range, "line-ns-open"),
            (f"{kind} · article date only", of_kind & is_article, "circle-open"),
        ):
            part = single[mask]
            if part.empty:
                continue
            when = [
                fmt.when_label(r)
                for r in part[["date_start", "date_end", "date_precision"]].to_dict("records")
            ]
            custom = pd.DataFrame(
                {
                    "id": part["id"],
                    "summary": fmt.hover_escape(part["summary"], HOVER_LINE_CHARS),
                    "when": fmt.hover_escape(
                        pd.Series(when, index=part.index)
                        + part["date_text"].map(lambda t: f" — “{t}”" if isinstance(t, str) and t else ""),
                        HOVER_LINE_CHARS,
                    ),
                    "source": fmt.hover_escape(part["citation"], HOVER_LINE_CHARS),
                    "lane": part["lane"],  # escaped in _lane_frame
                }
            )
            fig.add_trace(
                Scatter(
                    x=part["x"],
                    y=part["y"],
                    mode="markers",
                    name=label,
                    legendgroup=f"{kind}-range" if "range" in label else None,
                    marker=dict(
                        color=color,
                        size=9 if symbol == "circle" else 10,
                        symbol=symbol,
                        line=dict(width=2, color=color),
                    ),
                    customdata=custom.to_numpy(),
                    hovertemplate=hover,
                ),
                row=2,
                col=1,
            )
    _add_counted(fig, cells[cells["crowded"]], days)


def _add_counted(fig: go.Figure, crowded: pd.DataFrame, days: int = 1) -> None:
    """One square per crowded lane, slot and kind, showing how many records it holds."""
    if crowded.empty:
        return
    span = pd.Timedelta(days=days)
    when = "on %{x|%-d %b %Y}" if days == 1 else f"in the {days} days from %{{customdata[3]}}"
    grouped = crowded.groupby(["lane", "day", "kind", "y"], sort=False).size().rename("n").reset_index()
    both = grouped.groupby(["lane", "day"])["kind"].transform("nunique").gt(1)
    grouped["y"] = grouped["y"] + both * grouped["kind"].map({"event": 0.2, "statement": -0.2})
    for kind in ("event", "statement"):
        part = grouped[grouped["kind"].eq(kind)]
        if part.empty:
            continue
        custom = pd.DataFrame(
            {
                "id": "cell|" + part["lane"] + "|" + part["day"].dt.strftime("%Y-%m-%d") + f"|{days}",
                "n": part["n"],
                "lane": part["lane"],
                "from": part["day"].dt.strftime(fmt.DAY_FORMAT),
            }
        )
        fig.add_trace(
            go.Scatter(
                x=part["day"] + span / 2,
                y=part["y"],
                mode="markers+text",
                name=f"{kind}s · several on one day"
                if days == 1
                else f"{kind}s · several within {days} days",
                text=part["n"].astype(str),
                textfont=dict(size=10, color="white"),
                marker=dict(color=KIND_COLORS[kind], size=20, symbol="square", line=dict(width=0)),
                customdata=custom.to_numpy(),
                hovertemplate=(
                    f"<b>%{{customdata[1]}} {kind}s</b> {when}"
                    "<br>%{customdata[2]}<br>select to list them<extra></extra>"
                ),
            ),
            row=2,
            col=1,
        )


def _add_aggregated(
    fig: go.Figure, lanes: pd.DataFrame, position: dict[str, int], window: DateWindow | None
) -> None:
    lo, hi = (window.start, window.end) if window else (lanes["date_start"].min(), lanes["date_start"].max())
    freq, unit = _bucket_freq(lo, hi)
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
                "lane": part["lane"],
            }
        )
        fig.add_trace(
            go.Scattergl(
                x=part["bucket"],
                y=part["lane"].map(position) + (0.15 if kind == "event" else -0.15),
                mode="markers",
                name=f"{kind}s per {unit}",
                marker=dict(
                    color=KIND_COLORS[kind],
                    opacity=0.7,
                    sizemode="area",
                    size=part["n"],
                    sizeref=2.0 * biggest / 24**2,
                    sizemin=3,
                ),
                customdata=custom.to_numpy(),
                hovertemplate=(
                    f"%{{customdata[1]}} {kind}s<br>{unit} of %{{x|%-d %b %Y}}"
                    "<br>%{customdata[2]}<extra></extra>"
                ),
            ),
            row=2,
            col=1,
        )
    fig.add_annotation(
        text=f"{len(lanes):,} points, counted per {unit}",  # short: it must fit a phone
        xref="x2 domain",
        yref="y2 domain",
        x=0.5,
        y=1.0,
        yanchor="bottom",
        showarrow=False,
        font=dict(size=11),
    )


def bucket_records(frame: pd.DataFrame, token: str, lane_by: str) -> pd.DataFrame:
    """The records behind an aggregated bubble (``bucket|lane|YYYY-MM-DD|unit``)."""
    lane, start, unit = token.split("|", 1)[1].rsplit("|", 2)  # lane names may contain "|"
    start_ts = pd.Timestamp(start)
    stop = bucket_end(start_ts, unit)
    lanes = _lane_frame(frame, lane_by)
    hit = lanes[lanes["lane"].eq(lane) & lanes["date_start"].ge(start_ts) & lanes["date_start"].lt(stop)]
    return frame[frame["id"].isin(hit["id"])]


def location_counts(frame: pd.DataFrame, color_by: str) -> pd.DataFrame:
    cols = ["kind", "locations"]
    rows = frame[cols].explode("locations").dropna(subset=["locations"])
    if rows.empty:
        return pd.DataFrame(columns=["name", "country", "lat", "lon", "kind", "count"])
    locs = pd.json_normalize(rows["locations"].tolist())
    # A location's own "kind" (city, region, country) is not the record's kind (event, statement).
    locs = locs.rename(columns={"kind": "place_kind"})
    for col in ("name", "country", "lat", "lon", "place_kind"):
        if col not in locs:
            locs[col] = None
    locs["place_kind"] = locs["place_kind"].fillna("city")
    locs["kind"] = rows["kind"].to_numpy()
    locs = locs.dropna(subset=["lat", "lon"])
    locs["country"] = locs["country"].fillna("?")
    keys = ["name", "country", "lat", "lon", "place_kind"] + (["kind"] if color_by == "kind" else [])
    return locs.groupby(keys, dropna=False).size().rename("count").reset_index()


def country_colors(counts: pd.DataFrame) -> dict[str, str]:
    """A colour per country, distinct for the busiest ones (COUNTRY_PALETTE, by records);
    the rest, and places of no known country, grey."""
    ranked = counts[counts["country"].ne("?")].groupby("country")["count"].sum()
    ranked = ranked.sort_values(ascending=False, kind="stable").index.tolist()
    colors = {c: COUNTRY_PALETTE[i] for i, c in enumerate(ranked[: len(COUNTRY_PALETTE)])}
    return {c: colors.get(c, OTHER_COLOR) for c in counts["country"].unique()}


def map_figure(counts: pd.DataFrame, color_by: str = "country") -> go.Figure:
    """Places as markers sized by their records, coloured by country or kind; the names
    of the busiest places as one text trace, busiest first, which the page declutters
    (ui.browser: a name that would overlap one already shown is hidden, on hover still)."""
    fig = go.Figure()
    if not counts.empty:
        biggest = max(int(counts["count"].max()), 1)
        colors = KIND_COLORS if color_by == "kind" else country_colors(counts)
        order = counts.groupby(color_by)["count"].sum().sort_values(ascending=False, kind="stable").index
        for group in order:
            part = counts[counts[color_by].eq(group)]
            fig.add_trace(
                go.Scattergeo(
                    lon=part["lon"],
                    lat=part["lat"],
                    name=html.escape(countries.country_label(group) if color_by == "country" else str(group)),
                    mode="markers",
                    marker=dict(
                        size=part["count"],
                        sizemode="area",
                        sizeref=2.0 * biggest / 40**2,
                        sizemin=6,
                        color=colors.get(group, OTHER_COLOR),
                        opacity=0.8,
                        line=dict(width=1, color="white"),
                        symbol=[PLACE_SYMBOLS.get(k, PLACE_SYMBOLS["other"]) for k in part["place_kind"]],
                    ),
                    customdata=part[["name", "country", "count", "place_kind"]]
                    .assign(escaped=fmt.hover_escape(part["name"], HOVER_LINE_CHARS).to_numpy())
                    .to_numpy(),
                    hovertemplate=(
                        "<b>%{customdata[4]}</b> (%{customdata[1]}, %{customdata[3]})<br>"
                        "%{customdata[2]} records<extra></extra>"
                    ),
                )
            )
        named = (
            counts.groupby(["name", "lat", "lon"], as_index=False)["count"]
            .sum()
            .sort_values(["count", "name"], ascending=[False, True], kind="stable")
            .head(MAP_LABELS)
        )
        fig.add_trace(
            go.Scattergeo(
                lon=named["lon"],
                lat=named["lat"],
                mode="text",
                text=fmt.hover_escape(named["name"]).tolist(),
                textposition="top center",
                textfont=dict(size=11, color="#1f2a36"),
                hoverinfo="skip",
                showlegend=False,
                name="place names",
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
        # Below the map, so that on a phone the map keeps the full width.
        legend=dict(title=color_by, orientation="h", yanchor="top", y=-0.02, itemsizing="constant"),
    )
    return fig


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


def places_table(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per place (kinds summed), busiest first."""
    table = counts.groupby(["name", "country"], as_index=False)["count"].sum()
    return table.sort_values(["count", "name"], ascending=[False, True], kind="stable")
