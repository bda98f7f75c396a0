"""The figures, as plain Plotly: built from a records frame, no Streamlit, so they are
unit-tested on their own (``tests/test_ui_figures.py``)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui import countries, fmt

# SVG scatter slows down visibly (hover, zoom) past roughly a thousand markers in
# Chromium; WebGL (scattergl) stays smooth to tens of thousands.
WEBGL_THRESHOLD = 1_000
# Past this many plotted points the timeline shows counts per lane and day/week
# instead of single records: 5,000 points with hover text and ids is ~1.5 MB of
# figure JSON; 100,000 would be ~30 MB, far over the 5 MB budget for the browser.
AGGREGATE_THRESHOLD = 5_000
# Count by day while the period shown is at most this long, else by ISO week: keeps the
# number of buckets (overview bars, bubbles per lane) in the low hundreds.
DAY_BUCKET_MAX_SPAN_DAYS = 120
# Context around the mapped places, in degrees: about a country's width, so a single
# city still shows its neighbours.
MAP_MIN_PAD_DEGREES = 6.0
# Longitude span per degree of latitude shown: the map area is about twice as wide as
# tall on a laptop screen, and degrees of longitude shrink towards the poles.
MAP_ASPECT = 2.6
# Places named on the map itself, the ones with most records: around a front line, more
# names than this overlap (the seed's 12 places put 8 labels on one patch of Ukraine).
MAP_LABELS = 6
# Marker per kind of place, so that a region or a country is not read as a city.
PLACE_SYMBOLS = {"city": "circle", "region": "square", "country": "diamond", "other": "diamond"}
# Days shown either side of the records: with a single day plotted, Plotly would
# otherwise zoom to hours.
MIN_PAD_DAYS = 5
# More lanes than this do not fit on a screen; the rest are folded into "Other".
MAX_LANES = 25
# A gap longer than this between consecutive record dates splits the records into
# periods; the timeline opens on the period holding most records and lists the rest.
# Half a year: news about a running conflict has no such hole, while background dates
# ("occupied ... in 2014") sit years away from the news.
OUTLIER_GAP_DAYS = 180
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
# Characters of a lane label (it must fit beside a 390 px wide phone plot); the full
# name is in every point's hover.
LANE_LABEL_MAX = 16

KIND_COLORS = {"event": "#d1495b", "statement": "#2e86ab"}
# Lane names for records without an actor, a country or a type.
NO_LANE_LABEL = {"actor": "no actor named", "country": "no country", "type": "no type"}
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


def date_window(frame: pd.DataFrame) -> DateWindow | None:
    """The period holding most records: dates are split into periods at gaps longer than
    OUTLIER_GAP_DAYS, the busiest period wins (the latest on a tie). None if undated."""
    dated = frame[frame["date_start"].notna()]
    if dated.empty:
        return None
    starts = dated["date_start"].sort_values(kind="stable")
    period = (starts.diff() > pd.Timedelta(days=OUTLIER_GAP_DAYS)).cumsum()
    sizes = period.value_counts()
    busiest = max(sizes.index[sizes.eq(sizes.max())])
    inside = dated.loc[starts.index[period.eq(busiest).to_numpy()]]
    outside = dated.drop(index=inside.index).sort_values("date_start", kind="stable")
    end = inside["date_end"].fillna(inside["date_start"]).max()
    return DateWindow(inside["date_start"].min(), end, outside)


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
        "source_label",
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
        other = f"Other ({len(counts) - len(keep)} lanes)"
        lanes["lane"] = lanes["lane"].where(lanes["lane"].isin(keep), other)
    return lanes


def _lane_order(lanes: pd.DataFrame) -> list[str]:
    order = lanes["lane"].value_counts().index.tolist()
    return order[::-1]  # drawn bottom-up: busiest lane on top


def _bucket_freq(start: pd.Timestamp, end: pd.Timestamp) -> tuple[str, str]:
    """(pandas period frequency, unit name) for counting records between two dates."""
    return ("D", "day") if (end - start).days <= DAY_BUCKET_MAX_SPAN_DAYS else ("W-MON", "week")


def _plot_x(lanes: pd.DataFrame) -> pd.Series:
    """Where each record is drawn: its day, or the middle of its date range."""
    end = lanes["date_end"].fillna(lanes["date_start"])
    is_range = ~lanes["date_precision"].eq("article") & end.gt(lanes["date_start"])
    return lanes["date_start"].where(~is_range, lanes["date_start"] + (end - lanes["date_start"]) / 2)


def timeline_figure(frame: pd.DataFrame, lane_by: str = "actor") -> go.Figure:
    """Overview strip (records per day or week, stacked by kind, with their counts) above
    one lane per actor, country or type; the date axis on top. Opens on the period
    holding most records (:func:`date_window`); the "all" button shows every date."""
    lanes = _lane_frame(frame, lane_by)
    lanes = lanes[lanes["date_start"].notna()]
    order = _lane_order(lanes)
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
    window = date_window(frame)
    if window is not None:
        _add_overview(fig, frame[frame["date_start"].notna()], window)
    if len(lanes) > AGGREGATE_THRESHOLD:
        _add_aggregated(fig, lanes, position, window)
    else:
        _add_records(fig, lanes, position)
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
    width = pd.Timedelta(days=1 if unit == "day" else 7)
    bucket = dated["date_start"].dt.to_period(freq).dt.start_time
    counts = dated.assign(bucket=bucket).groupby(["bucket", "kind"]).size().unstack(fill_value=0)
    totals = counts.sum(axis=1)
    middle = counts.index + width / 2
    tokens = [f"period|{b:%Y-%m-%d}|{unit}" for b in counts.index]
    for kind in ("event", "statement"):
        if kind not in counts:
            continue
        fig.add_trace(
            go.Bar(
                x=middle,
                y=counts[kind],
                width=width.total_seconds() * 1000 * 0.85,
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


def _scatter_class(n: int):
    return go.Scattergl if n > WEBGL_THRESHOLD else go.Scatter


def spread_cells(lanes: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """Each (record, lane) row with its y: the lane's position, spread within the lane
    when several records share a lane and a day; ``crowded`` marks the rows of a lane
    and day holding more than SPREAD_MAX records (drawn as one counted marker)."""
    x = _plot_x(lanes)
    day = x.dt.floor("D")
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
    """The records behind a counted marker (``cell|lane|YYYY-MM-DD``)."""
    lane, day = token.split("|", 1)[1].rsplit("|", 1)  # lane names may contain "|"
    lanes = _lane_frame(frame, lane_by)
    lanes = lanes[lanes["date_start"].notna()]
    hit = lanes[lanes["lane"].eq(lane) & _plot_x(lanes).dt.floor("D").eq(pd.Timestamp(day))]
    return frame[frame["id"].isin(hit["id"])]


def period_records(frame: pd.DataFrame, token: str) -> pd.DataFrame:
    """The records behind an overview bar (``period|YYYY-MM-DD|unit``)."""
    _, start, unit = token.split("|")
    start_ts = pd.Timestamp(start)
    stop = start_ts + pd.Timedelta(days=1 if unit == "day" else 7)
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


def _add_records(fig: go.Figure, lanes: pd.DataFrame, position: dict[str, int]) -> None:
    cells = spread_cells(lanes, position)
    single = cells[~cells["crowded"]]
    end = single["date_end"].fillna(single["date_start"])
    is_article = single["date_precision"].eq("article")
    is_range = ~is_article & end.gt(single["date_start"])
    Scatter = _scatter_class(len(single))
    hover = (
        "<b>%{customdata[1]}</b><br>%{customdata[2]}<br><i>%{customdata[3]}</i>"
        "<extra>%{customdata[4]}</extra>"
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
                    "summary": fmt.hover_escape(part["summary"]),
                    "when": fmt.hover_escape(
                        pd.Series(when, index=part.index)
                        + part["date_text"].map(lambda t: f" — “{t}”" if isinstance(t, str) and t else "")
                    ),
                    "source": fmt.hover_escape(part["source_label"]),
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
    _add_counted(fig, cells[cells["crowded"]])


def _add_counted(fig: go.Figure, crowded: pd.DataFrame) -> None:
    """One square per crowded lane, day and kind, showing how many records it holds."""
    if crowded.empty:
        return
    grouped = crowded.groupby(["lane", "day", "kind", "y"], sort=False).size().rename("n").reset_index()
    both = grouped.groupby(["lane", "day"])["kind"].transform("nunique").gt(1)
    grouped["y"] = grouped["y"] + both * grouped["kind"].map({"event": 0.2, "statement": -0.2})
    for kind in ("event", "statement"):
        part = grouped[grouped["kind"].eq(kind)]
        if part.empty:
            continue
        custom = pd.DataFrame(
            {
                "id": "cell|" + part["lane"] + "|" + part["day"].dt.strftime("%Y-%m-%d"),
                "n": part["n"],
                "lane": part["lane"],
            }
        )
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["y"],
                mode="markers+text",
                name=f"{kind}s · several on one day",
                text=part["n"].astype(str),
                textfont=dict(size=10, color="white"),
                marker=dict(color=KIND_COLORS[kind], size=20, symbol="square", line=dict(width=0)),
                customdata=custom.to_numpy(),
                hovertemplate=(
                    f"<b>%{{customdata[1]}} {kind}s</b> on %{{x|%-d %b %Y}}"
                    "<br>select to list them<extra>%{customdata[2]}</extra>"
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
                    "<extra>%{customdata[2]}</extra>"
                ),
            ),
            row=2,
            col=1,
        )
    fig.add_annotation(
        text=f"{len(lanes):,} points: counts per {unit} (select a bubble to list its records)",
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
        labelled = set(
            counts.groupby("name")["count"]
            .sum()
            .sort_values(ascending=False, kind="stable")
            .index[:MAP_LABELS]
        )
        for i, (group, part) in enumerate(counts.groupby(color_by, sort=True)):
            color = (palette or {}).get(group, default_colors[i % len(default_colors)])
            fig.add_trace(
                go.Scattergeo(
                    lon=part["lon"],
                    lat=part["lat"],
                    name=html.escape(countries.country_label(group) if color_by == "country" else str(group)),
                    mode="markers+text",
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
                        symbol=[PLACE_SYMBOLS.get(k, PLACE_SYMBOLS["other"]) for k in part["place_kind"]],
                    ),
                    customdata=part[["name", "country", "count", "place_kind"]]
                    .assign(escaped=fmt.hover_escape(part["name"]).to_numpy())
                    .to_numpy(),
                    # Names on the biggest places only: more labels than that collide.
                    text=[
                        label if (name in labelled) else ""
                        for name, label in zip(part["name"], fmt.hover_escape(part["name"]), strict=True)
                    ],
                    hovertemplate=(
                        "<b>%{customdata[4]}</b> (%{customdata[1]}, %{customdata[3]})<br>"
                        "%{customdata[2]} records<extra></extra>"
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
