"""The figures, as plain Plotly: built from a records frame, no Streamlit, so they are
unit-tested on their own (``tests/test_ui_figures.py``)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ui import fmt

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


KIND_COLORS = {"event": "#d1495b", "statement": "#2e86ab"}


NONE_LABEL = "(none)"


PLOT_CONFIG = {
    # Land and borders for the map come from ./static (served at app/static/): no CDN.
    # Relative so it also works under a server.baseUrlPath prefix.
    "topojsonURL": "app/static/",
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d"],
}


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
                    "source": fmt.hover_escape(part["article_source"]),
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
                    text=fmt.hover_escape(part["name"]),
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
