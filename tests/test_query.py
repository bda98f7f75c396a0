"""core.query: vectorised filters, facets and exports over a records frame."""

import json
from datetime import date

import pandas as pd
import pytest

from core.query import Filters, facet_values, filter_records, finish_frame, records_to_csv, records_to_json


def rec(
    i, kind="event", etype="attack", start="2022-03-01", end=None, actors=(), places=(), speaker=None, **kw
):
    return {
        "id": f"r{i}",
        "article_id": "a",
        "kind": kind,
        "event_type": etype,
        "summary": kw.get("summary", f"s{i}"),
        "sentence": kw.get("sentence", f"sentence {i}"),
        "char_start": 0,
        "char_end": 1,
        "date_start": start,
        "date_end": end or start,
        "date_precision": "day",
        "date_text": None,
        "actors": [{"name": n, "country": c, "role": None, "type": "person"} for n, c in actors],
        "locations": [{"name": n, "country": c, "lat": 0.0, "lon": 0.0, "kind": "city"} for n, c in places],
        "speaker_name": speaker[0] if speaker else None,
        "speaker_country": speaker[1] if speaker else None,
        "quote": kw.get("quote"),
    }


@pytest.fixture
def frame():
    return finish_frame(
        pd.DataFrame(
            [
                rec(1, actors=[("Russian troops", "RUS")], places=[("Kharkiv", "UKR")], start="2022-03-01"),
                rec(
                    2,
                    kind="statement",
                    etype="comment",
                    speaker=("Ana Test", "FRA"),
                    start="2022-03-10",
                    quote="Peace now",
                ),
                rec(3, actors=[("Ukraine", "UKR")], start="2022-02-20", end="2022-03-05"),  # a vague range
                rec(
                    4,
                    actors=[("Russia", "RUS"), ("Turkey", "TUR")],
                    places=[("Istanbul", "TUR")],
                    start="2022-03-29",
                    etype="negotiation",
                ),
            ]
        )
    )


def ids(f):
    return sorted(f["id"])


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), ["r1", "r2", "r3", "r4"]),
        (Filters(countries=("UKR",)), ["r1", "r3"]),  # r1 through its location
        (Filters(countries=("FRA",)), ["r2"]),  # through the speaker
        (Filters(countries=("UKR", "TUR")), ["r1", "r3", "r4"]),
        (Filters(actors=("Ana Test",)), ["r2"]),
        (Filters(locations=("Istanbul",)), ["r4"]),
        (Filters(kinds=("statement",)), ["r2"]),
        (Filters(event_types=("attack",)), ["r1", "r3"]),
        (Filters(date_from=date(2022, 3, 2), date_to=date(2022, 3, 10)), ["r2", "r3"]),  # r3's range overlaps
        (Filters(countries=("RUS",), date_to=date(2022, 3, 1)), ["r1"]),
        (Filters(text="PEACE"), ["r2"]),
        (Filters(text="russian"), ["r1"]),  # actor names are searched too
        (Filters(countries=("UK",)), []),  # no partial code matches
    ],
)
def test_filters(frame, filters, expected):
    assert ids(filter_records(frame, filters)) == expected


def test_derived_columns(frame):
    row = frame.set_index("id").loc["r4"]
    assert row["countries"] == ["RUS", "TUR"] and row["actor_names"] == ["Russia", "Turkey"]
    assert frame.set_index("id").loc["r2", "actor_names"] == ["Ana Test"]


def test_facets(frame):
    facets = facet_values(frame)
    assert facets["countries"] == ["FRA", "RUS", "TUR", "UKR"]
    assert facets["kinds"] == ["event", "statement"] and "Istanbul" in facets["locations"]


def test_exports(frame):
    rows = json.loads(records_to_json(frame))
    assert rows[0]["date_start"] == "2022-03-01" and rows[0]["actors"][0]["country"] == "RUS"
    csv = records_to_csv(frame).decode()
    header = csv.splitlines()[0].split(",")
    assert {"id", "countries", "actors", "sentence"} <= set(header)
    assert "Russian troops (RUS)" in csv and "Ana Test (FRA)" in csv


def test_hostile_text_is_exported_verbatim(frame):
    frame = finish_frame(pd.DataFrame([rec(9, sentence="<script>alert(1)</script>")]))
    assert "<script>alert(1)</script>" in json.loads(records_to_json(frame))[0]["sentence"]


def test_a_record_nothing_dates_is_kept_by_the_day_it_was_reported():
    """date_basis "reported" (no date of its own): the date filter reads reported_on; an
    undated record of another basis is never in a date window."""
    frame = finish_frame(
        pd.DataFrame(
            [
                rec(1, start="2022-03-01"),
                {**rec(2, start=None), "date_basis": "reported", "reported_on": "2022-03-10"},
                {**rec(3, start=None), "date_basis": "publication", "reported_on": "2022-03-10"},
                {**rec(4, start=None), "date_basis": "reported", "reported_on": "2022-04-10"},
            ]
        )
    )
    window = Filters(date_from=date(2022, 3, 5), date_to=date(2022, 3, 31))
    assert ids(filter_records(frame, window)) == ["r2"]
    assert ids(filter_records(frame, Filters(date_to=date(2022, 3, 31)))) == ["r1", "r2"]
    assert ids(filter_records(frame, Filters(date_from=date(2022, 4, 1)))) == ["r4"]


def test_a_record_with_no_date_of_its_own_is_filtered_and_exported_by_its_reported_day():
    undated = rec(5, start=None) | {"date_basis": "reported", "reported_on": "2022-03-05"}
    frame = finish_frame(pd.DataFrame([undated]))
    assert ids(filter_records(frame, Filters(date_from=date(2022, 3, 1), date_to=date(2022, 3, 10)))) == [
        "r5"
    ]
    assert ids(filter_records(frame, Filters(date_from=date(2022, 3, 6)))) == []
    row = json.loads(records_to_json(frame))[0]
    assert (row["date_start"], row["date_end"], row["date_basis"], row["reported_on"]) == (
        None,
        None,
        "reported",
        "2022-03-05",
    )
    assert "2022-03-05" in records_to_csv(frame).decode()
