"""ui.figures, ui.fmt and ui.countries are plain Plotly/pandas: tested here without
Streamlit, on small frames built for one behaviour each (SYNTHETIC records)."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from app_fixtures import ROOT

from ui import countries, figures, fmt


def records(dates, *, kind="event", actors=(("A",),), ends=None, precision="day", **extra) -> pd.DataFrame:
    """SYNTHETIC records, one per date, in the columns the figures read."""
    n = len(dates)
    actor_lists = [list(actors[i % len(actors)]) for i in range(n)]
    kinds = kind if isinstance(kind, list) else [kind] * n
    frame = pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(n)],
            "article_id": ["a1"] * n,
            "kind": kinds,
            "event_type": ["attack" if k == "event" else "statement" for k in kinds],
            "summary": [f"SYNTHETIC record {i}" for i in range(n)],
            "date_text": [None] * n,
            "date_start": pd.to_datetime(pd.Series(dates)),
            "date_end": pd.to_datetime(pd.Series(ends if ends is not None else dates)),
            "date_precision": [precision] * n,
            "article_source": ["000_cde299979b26ee9c.txt"] * n,
            "article_title": ["SYNTHETIC headline"] * n,
            "article_published": pd.Timestamp("2022-03-29"),
            "actor_names": actor_lists,
            "countries": [["UKR"]] * n,
        }
    )
    for key, value in extra.items():
        frame[key] = value
    return frame


def lane_traces(fig):
    return [t for t in fig.data if t.type != "bar" and t.yaxis == "y2"]


def overview_bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def test_figures_and_formatting_do_not_import_streamlit():
    code = "import sys, ui.figures, ui.fmt, ui.countries; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_aggregation_kicks_in_past_threshold():
    n = figures.AGGREGATE_THRESHOLD + 1
    dates = pd.to_datetime("2022-01-01") + pd.to_timedelta(range(n), unit="h")
    fig = figures.timeline_figure(records(list(dates)), "actor")
    lanes = lane_traces(fig)
    assert {t.type for t in lanes} == {"scattergl"}
    assert sum(lanes[0].customdata[:, 1]) == n  # counts add up to every record
    assert sum(sum(t.y) for t in overview_bars(fig)) == n
    small = figures.timeline_figure(records(list(dates[:50])), "actor")
    assert {t.type for t in lane_traces(small)} == {"scatter"}


def test_overview_counts_records_per_day_by_kind():
    dates = ["2022-03-01"] * 3 + ["2022-03-02"] * 2 + ["2022-03-05"]
    kinds = ["event", "statement", "event", "event", "event", "statement"]
    fig = figures.timeline_figure(records(dates, kind=kinds), "actor")
    bars = {t.name: t for t in overview_bars(fig)}
    assert list(bars["events per day"].y) == [2, 2, 0]
    assert list(bars["statements per day"].y) == [1, 0, 1]
    totals = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    assert list(totals.text) == ["3", "2", "1"]  # each bar's count is written above it
    token = bars["events per day"].customdata[0][0]
    assert len(figures.period_records(records(dates, kind=kinds), token)) == 3


def test_the_overview_axis_counts_in_whole_records():
    few = figures.timeline_figure(records(["2022-03-01", "2022-03-05"]), "actor").layout.yaxis
    assert few.dtick == 1 and few.tickformat == ",d"  # busiest bar 1: ticks 0, 1 (no 0.5)
    many = figures.timeline_figure(records(["2022-03-01"] * 40), "actor").layout.yaxis
    assert many.dtick is None and many.tickformat == ",d"  # Plotly picks the step


def test_same_day_records_are_spread_within_their_lane_never_overdrawn():
    fig = figures.timeline_figure(records(["2022-03-01"] * 3 + ["2022-03-09"]), "actor")
    points = [(x, y) for t in lane_traces(fig) if t.mode == "markers" for x, y in zip(t.x, t.y, strict=True)]
    assert len(points) == 4 and len(set(points)) == 4  # no two markers on one spot
    same_day = sorted(y for x, y in points if str(x).startswith("2022-03-01"))
    assert max(same_day) - min(same_day) < 1  # still inside the lane's band


def test_a_crowded_lane_and_day_shows_its_count():
    n = figures.SPREAD_MAX + 3
    frame = records(["2022-03-01"] * n)
    fig = figures.timeline_figure(frame, "actor")
    counted = [t for t in lane_traces(fig) if t.mode == "markers+text"]
    assert len(counted) == 1 and list(counted[0].text) == [str(n)]
    assert len(figures.cell_records(frame, counted[0].customdata[0][0], "actor")) == n


def test_the_view_opens_on_the_period_with_most_records_and_lists_the_outlier():
    dates = ["2014-02-27"] + [f"2022-03-{d:02d}" for d in range(1, 21)]
    frame = records(dates)
    window = figures.date_window(frame)
    assert window.start == pd.Timestamp("2022-03-01") and window.end == pd.Timestamp("2022-03-20")
    assert window.outside["date_start"].tolist() == [pd.Timestamp("2014-02-27")]
    fig = figures.timeline_figure(frame, "actor")
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert pd.Timestamp("2022-02-20") < lo < pd.Timestamp("2022-03-01") and hi > pd.Timestamp("2022-03-20")
    assert fig.layout.xaxis.side == "top"  # the date axis is at the top


def test_no_outlier_on_a_continuous_record():
    dates = pd.date_range("2021-01-01", "2023-12-31", freq="5D")
    window = figures.date_window(records(list(dates)))
    assert window.start == dates[0] and not window.has_outliers


def test_lanes_by_country_are_named_and_labels_kept_short():
    frame = records(["2022-03-01"], actors=(("An Extremely Long Ministry Spokesperson Name",),))
    by_country = figures.timeline_figure(frame, "country")
    assert list(by_country.layout.yaxis2.ticktext) == ["Ukraine (UKR)"]
    by_actor = figures.timeline_figure(frame, "actor")
    (label,) = by_actor.layout.yaxis2.ticktext
    assert len(label) <= figures.LANE_LABEL_MAX and label.endswith("…")
    hover_lane = lane_traces(by_actor)[0].customdata[0][4]
    assert hover_lane == "An Extremely Long Ministry Spokesperson Name"  # in full in the hover


def test_records_without_a_lane_get_a_named_lane():
    frame = records(["2022-03-01"], actors=((),))
    assert list(figures.timeline_figure(frame, "actor").layout.yaxis2.ticktext) == ["no actor named"]


@pytest.mark.parametrize(
    ("outlet", "source", "title", "expected"),
    [
        (None, "000_cde299979b26ee9c.txt", "Talks resume", "Talks resume · 29 Mar 2022"),
        (None, "20220126T083000Z_PL_en_5be7729074.txt", None, "29 Mar 2022"),
        ("Reuters", "000_cde299979b26ee9c.txt", "Talks resume", "Reuters · Talks resume · 29 Mar 2022"),
        (
            None,
            "https://www.bbc.co.uk/news/world-60000000",
            "Talks resume",
            "bbc.co.uk · Talks resume · 29 Mar 2022",
        ),
        (None, "Kyiv Independent", "Talks resume", "Kyiv Independent · Talks resume · 29 Mar 2022"),
        (None, "pasted text", None, "29 Mar 2022"),
    ],
)
def test_sources_are_outlet_headline_date_never_a_file_name(outlet, source, title, expected):
    assert fmt.source_label(outlet, source, title, pd.Timestamp("2022-03-29")) == expected


def test_source_label_reads_the_outlet_column_when_the_store_has_it():
    frame = records(["2022-03-01"])
    assert fmt.with_source_label(frame)["source_label"].tolist() == ["SYNTHETIC headline · 29 Mar 2022"]
    frame["article_outlet"] = "Ukrainska Pravda"
    labels = fmt.with_source_label(frame)["source_label"].tolist()
    assert labels == ["Ukrainska Pravda · SYNTHETIC headline · 29 Mar 2022"]


def test_country_labels():
    assert countries.country_label("UKR") == "Ukraine (UKR)"
    assert countries.country_label("RUS") == "Russia (RUS)"  # data/ui/country_names.yaml
    assert countries.country_label("?") == "?"
    assert fmt.plural(1, "record") == "1 record" and fmt.plural(1200, "record") == "1,200 records"


def map_counts():
    """SYNTHETIC: eight cities with 8..1 records, one region and one country."""
    places = [
        {"name": f"City {n}", "country": "UKR", "lat": 50.0 + n / 10, "lon": 30.0, "kind": "city"}
        for n in range(8)
    ]
    places += [
        {"name": "Donbas", "country": "UKR", "lat": 48.0, "lon": 38.0, "kind": "region"},
        {"name": "Ukraine", "country": "UKR", "lat": 49.0, "lon": 32.0, "kind": "country"},
    ]
    located = [[place] for n, place in enumerate(places) for _ in range(max(8 - n, 1))]
    return figures.location_counts(records(["2022-03-01"] * len(located), locations=located), "country")


def marker_traces(fig):
    return [t for t in fig.data if t.mode == "markers"]


def test_map_regions_and_countries_are_not_drawn_as_cities():
    counts = map_counts()
    assert set(counts["place_kind"]) == {"city", "region", "country"}  # not the record's kind
    (trace,) = marker_traces(figures.map_figure(counts))
    symbols = dict(zip(trace.customdata[:, 0], trace.marker.symbol, strict=True))
    assert symbols["City 0"] == "circle" and symbols["Donbas"] != "circle" and symbols["Ukraine"] != "circle"


def test_the_map_names_the_busiest_places_first_and_every_place_on_hover():
    fig = figures.map_figure(map_counts())
    (labels,) = [t for t in fig.data if t.mode == "text"]
    assert labels.hoverinfo == "skip"  # a click on a name never selects another place
    assert list(labels.text[:3]) == ["City 0", "City 1", "City 2"]  # busiest first: kept first
    (trace,) = marker_traces(fig)
    assert all(trace.customdata[:, 4])  # every place keeps its name on hover


def test_a_record_with_no_date_of_its_own_is_labelled_by_the_day_it_was_reported():
    row = {
        "date_start": pd.NaT,
        "date_end": pd.NaT,
        "date_precision": "article",
        "date_basis": "reported",
        "reported_on": pd.Timestamp("2023-03-06"),
    }
    assert fmt.when_label(row) == "reported on 6 Mar 2023"
    dated = row | {"date_start": pd.Timestamp("2023-03-06"), "date_basis": "publication"}
    assert fmt.when_label(dated) == "6 Mar 2023 (article date)"


def test_each_visible_country_has_its_own_colour():
    places = [
        {"name": f"Town {code}", "country": code, "lat": 40.0 + i, "lon": 20.0 + i, "kind": "city"}
        for i, code in enumerate(
            ["AUS", "UKR", "JAM", "RUS", "POL", "USA", "FRA", "TUR", "ISR", "SYR", "IRQ"]
        )
    ]
    located = [[place] for place in places]
    counts = figures.location_counts(records(["2022-03-01"] * len(located), locations=located), "country")
    colours = [t.marker.color for t in marker_traces(figures.map_figure(counts))]
    assert len(colours) == len(places) == len(set(colours))


def test_lanes_are_ordered_by_count_with_other_and_no_actor_last():
    actors = [(f"Actor {i}",) for i in range(figures.MAX_LANES + 5)]
    dates = ["2022-03-01"] * 200
    # Actor 0 busiest; 40 records without an actor; the least busy folded into "Other"
    frame = records(dates, actors=[("Actor 0",)] * 60 + [()] * 40 + actors * 3)
    labels = list(figures.timeline_figure(frame, "actor").layout.yaxis2.ticktext)[::-1]  # top first
    assert labels[0] == "Actor 0"
    assert labels[-1].startswith("Other (") and labels[-2] == "no actor named"


def test_the_overview_writes_counts_only_while_they_fit():
    few = figures.timeline_figure(records(["2022-03-01", "2022-03-02"]), "actor")
    assert [t for t in few.data if t.type == "scatter" and t.mode == "text"]
    days = pd.date_range("2022-01-01", periods=figures.OVERVIEW_LABEL_MAX + 10, freq="D")
    many = figures.timeline_figure(records(list(days)), "actor")
    assert not [t for t in many.data if t.type == "scatter" and t.mode == "text"]
    assert overview_bars(many)[0].hovertemplate  # each bar still tells its count on hover


def test_hover_labels_fit_a_phone():
    frame = records(["2022-03-01"], article_url="https://example.org/" + "long-path/" * 12)
    frame["summary"] = "SYNTHETIC " + "a very long summary of what happened " * 4
    (trace,) = [t for t in lane_traces(figures.timeline_figure(frame, "actor")) if t.mode == "markers"]
    assert trace.hovertemplate.endswith("<extra></extra>")  # no side box beside the label
    for text in trace.customdata[0][1:4]:
        assert all(len(line) <= figures.HOVER_LINE_CHARS for line in text.split("<br>")), text
    assert "https://example.org/long-path/" in trace.customdata[0][3].replace("<br>", "")  # its link


def test_a_short_record_set_opens_on_all_its_dates():
    """Ten records in two clusters a year apart (Zelensky + Kyiv): none is hidden."""
    dates = [f"2022-03-0{d}" for d in range(1, 6)] + [f"2023-03-0{d}" for d in range(1, 6)]
    window = figures.date_window(records(dates))
    assert window.start == pd.Timestamp("2022-03-01") and window.end == pd.Timestamp("2023-03-05")
    assert not window.has_outliers


def test_the_window_follows_the_filter_and_never_passes_today():
    dates = [f"2022-{m:02d}-{d:02d}" for m in range(1, 7) for d in (1, 10, 20)] + ["2029-05-10", "1000-06-01"]
    frame = records(dates)
    window = figures.date_window(frame, today=pd.Timestamp("2026-12-08").date())
    assert window.start == pd.Timestamp("2022-01-01") and window.end == pd.Timestamp("2022-06-20")
    assert [d.year for d in window.outside["date_start"]] == [1000, 2029]
    filtered = figures.date_window(
        frame, (pd.Timestamp("2022-02-24").date(), pd.Timestamp("2022-03-31").date())
    )
    assert (filtered.start, filtered.end) == (pd.Timestamp("2022-02-24"), pd.Timestamp("2022-03-31"))
    ahead = figures.date_window(
        records(["2026-12-01"] * 9 + ["2026-12-20"]), today=pd.Timestamp("2026-12-08").date()
    )
    assert ahead.end == pd.Timestamp("2026-12-08")  # nothing reported has happened later


def test_records_close_together_on_a_long_period_are_counted_not_overdrawn():
    dates = [f"20{y:02d}-03-0{d}" for y in range(5, 18) for d in range(1, 6)]  # 13 years, 5 a year
    frame = records(dates)
    fig = figures.timeline_figure(frame, "actor")
    counted = [t for t in lane_traces(fig) if t.mode == "markers+text"]
    singles = sum(len(t.x) for t in lane_traces(fig) if t.mode == "markers")
    assert counted and sum(int(n) for t in counted for n in t.text) + singles == len(dates)
    assert singles < len(dates) / 2  # most are counted, not drawn over each other
    token = counted[0].customdata[0][0]
    assert len(figures.cell_records(frame, token, "actor")) == 5


def test_a_few_stray_days_among_many_do_not_stretch_the_window():
    """Stray day-precise dates within the fences (an anniversary, last year's talks) are
    listed outside once there are hundreds of records; a continuous record keeps them all."""
    days = list(pd.date_range("2022-01-01", periods=300, freq="D"))
    stray = [pd.Timestamp("2021-03-01"), pd.Timestamp("2021-06-01")]
    window = figures.date_window(records(stray + days))
    assert window.start == pd.Timestamp("2022-01-01") and window.end == days[-1]
    assert window.outside["date_start"].tolist() == stray
