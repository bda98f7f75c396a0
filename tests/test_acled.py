"""core.acled: ACLED's precision codes and the ACLED export profile.

Records here are SYNTHETIC: invented sentences, names and counts.
"""

import io
import json

import pandas as pd
import pytest

from core import acled
from core.query import finish_frame
from tests.test_query import rec

# The columns a script written for ACLED's data reads (ACLED since March 2023), in order.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
# The dtypes such a script reads them with.
ACLED_DTYPES = {
    "event_id_cnty": "string",
    "event_date": "string",
    "year": "Int64",
    "time_precision": "Int64",
    "iso": "Int64",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "Int64",
    "fatalities": "Int64",
    "timestamp": "Int64",
}


@pytest.mark.parametrize(
    ("fields", "day", "code"),
    [
        ({"date_start": "2023-04-11", "date_end": "2023-04-11", "date_precision": "day"}, "2023-04-11", 1),
        # "last week": a span of seven days, coded at its middle
        ({"date_start": "2023-04-03", "date_end": "2023-04-09", "date_precision": "week"}, "2023-04-06", 2),
        (
            {"date_start": "2023-04-08", "date_end": "2023-04-11", "date_precision": "approximate"},
            "2023-04-09",
            2,
        ),
        ({"date_start": "2023-03-01", "date_end": "2023-03-31", "date_precision": "month"}, "2023-03-16", 3),
        ({"date_start": "2022-01-01", "date_end": "2022-12-31", "date_precision": "year"}, "2022-07-02", 3),
        # only the article's day stands in for an undated deed: near the report, not on it
        (
            {"date_start": "2023-04-12", "date_end": "2023-04-12", "date_precision": "article"},
            "2023-04-12",
            2,
        ),
        # nothing dates it: reported on a day, precision 3
        (
            {"date_start": None, "date_end": None, "date_basis": "reported", "reported_on": "2023-04-12"},
            "2023-04-12",
            3,
        ),
    ],
)
def test_time_precision_and_event_day(fields, day, code):
    got_day, got_code = acled.event_day(fields)
    assert (got_day.isoformat(), got_code) == (day, code)
    assert acled.time_precision(fields) == code


@pytest.mark.parametrize(
    ("place", "sentence", "code"),
    [
        ({"name": "Dorovka", "kind": "city"}, "A shell hit Dorovka on Monday.", 1),
        ({"name": "Dorovka", "kind": "city"}, "Troops clashed near Dorovka on Monday.", 2),
        ({"name": "Dorovka", "kind": "city"}, "Fighting raged on the outskirts of Dorovka.", 2),
        ({"name": "Dorovka", "kind": "city"}, "A drone fell 10 km from the town of Dorovka.", 2),
        ({"name": "Velmar Oblast", "kind": "region"}, "Shelling in Velmar Oblast.", 3),
        ({"name": "Ukraine", "kind": "country"}, "Strikes across Ukraine.", 3),
        (None, "Strikes somewhere.", None),
    ],
)
def test_geo_precision(place, sentence, code):
    assert acled.geo_precision(place, sentence) == code


def test_the_most_precise_place_is_where_the_event_is_coded():
    places = [
        {"name": "Ukraine", "kind": "country"},
        {"name": "Kharkiv Oblast", "kind": "region"},
        {"name": "Izium", "kind": "city"},
    ]
    assert acled.main_place(places)["name"] == "Izium"
    assert acled.main_place([]) is None


def test_acled_type_reads_the_taxonomy():
    assert acled.acled_type("shelling") == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert acled.acled_type("armed_clash") == ("Battles", "Armed clash")
    # our kinds ACLED files under Strategic developments, and a key older parsers wrote
    assert acled.acled_type("sanction") == ("Strategic developments", "Other")
    assert acled.acled_type("attack") == ("Battles", "Armed clash")
    # statements and keys the taxonomy does not know have no place in ACLED's scheme
    assert acled.acled_type("comment") == (None, None)
    assert acled.acled_type("no-such-type") == (None, None)


@pytest.fixture
def frame():
    rows = [
        rec(
            1,
            etype="shelling",
            actors=[("Russian forces", "RUS"), ("Ukrainian troops", "UKR")],
            places=[("Kharkiv", "UKR")],
            start="2023-04-11",
            sentence="Russian forces shelled Kharkiv on Tuesday, killing seven civilians.",
            summary="Russian forces shelled Kharkiv",
        )
        | {"fatalities": 7, "fatalities_text": "killing seven civilians", "reported_on": "2023-04-12"},
        rec(2, kind="statement", etype="comment", speaker=("Ana Test", "FRA"), start="2023-04-12"),
        rec(
            3,
            etype="sanction",
            actors=[("Velmaria", None)],
            start="2023-04-10",
            sentence="Velmaria imposed sanctions.",
        )
        | {"date_precision": "article", "reported_on": "2023-04-10"},
    ]
    for r, ident in zip(rows, ("e1", "s2", "e3"), strict=True):
        r |= {
            "id": ident,
            "article_id": "art1",
            "char_start": 10 * int(ident[1]),
            "char_end": 10 * int(ident[1]) + 5,
            "article_title": "A synthetic report",
            "article_outlet": "Test Wire",
            "article_source": "synthetic.txt",
            "article_published": "2023-04-12T09:15",
            "reported_by": None,
            "date_basis": "text",
        }
    # the Kharkiv place with its coordinates in the gazetteer
    rows[0]["locations"][0].update(lat=49.981, lon=36.253)
    return finish_frame(pd.DataFrame(rows))


def test_acled_csv_reads_back_with_acleds_columns_and_dtypes(frame):
    data = acled.acled_to_csv(frame)
    out = pd.read_csv(io.BytesIO(data), dtype=acled.dtypes())
    assert list(out.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    typed = pd.read_csv(io.BytesIO(data), dtype=ACLED_DTYPES, usecols=ACLED_COLUMNS)
    assert len(typed) == 2  # events only: the statement is no ACLED event
    shelling = out.set_index("record_id").loc["e1"]
    assert shelling["event_id_cnty"] == "UKRe1"
    assert (shelling["event_date"], shelling["year"], shelling["time_precision"]) == ("2023-04-11", 2023, 1)
    assert (shelling["event_type"], shelling["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert shelling["disorder_type"] == "Political violence"
    assert (shelling["actor1"], shelling["actor2"]) == ("Russian forces", "Ukrainian troops")
    assert (shelling["iso"], shelling["country"], shelling["admin1"]) == (804, "Ukraine", "Kharkiv")
    assert (shelling["location"], shelling["geo_precision"]) == ("Kharkiv", 1)
    assert (shelling["fatalities"], shelling["fatalities_text"]) == (7, "killing seven civilians")
    assert shelling["source"] == "Test Wire"
    assert shelling["article_citation"] == '"A synthetic report" (Test Wire, 2023-04-12)'
    assert pd.isna(shelling["inter1"]) and pd.isna(shelling["region"]) and pd.isna(shelling["tags"])
    sanction = out.set_index("record_id").loc["e3"]
    assert (sanction["disorder_type"], sanction["event_type"], sanction["sub_event_type"]) == (
        "Strategic developments",
        "Strategic developments",
        "Other",
    )
    # no place, no toll: empty cells, fatalities 0 as ACLED counts them
    assert pd.isna(sanction["iso"]) and pd.isna(sanction["geo_precision"])
    assert (sanction["fatalities"], sanction["time_precision"]) == (0, 2)
    assert sanction["event_id_cnty"] == "XXXe3"


def test_acled_export_keeps_every_records_provenance(frame):
    events = frame[frame["kind"] == "event"]
    back = pd.read_csv(io.BytesIO(acled.acled_to_csv(frame)), dtype=acled.dtypes())
    got = {
        (r.record_id, r.article_id, r.char_start, r.char_end, r.sentence)
        for r in back.itertuples(index=False)
    }
    want = {
        (r.id, r.article_id, r.char_start, r.char_end, r.sentence) for r in events.itertuples(index=False)
    }
    assert got == want


def test_acled_json_has_the_same_rows_with_nulls(frame):
    rows = json.loads(acled.acled_to_json(frame))
    assert [r["record_id"] for r in rows] == ["e1", "e3"]
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert rows[0]["iso"] == 804 and rows[0]["fatalities"] == 7 and rows[1]["iso"] is None


def test_acled_csv_has_no_formula_cell(frame):
    frame = frame.copy()
    frame.loc[frame["id"] == "e1", "summary"] = "=HYPERLINK(1)"  # SYNTHETIC hostile text
    out = pd.read_csv(io.BytesIO(acled.acled_to_csv(frame)), dtype=acled.dtypes())
    assert out.set_index("record_id").loc["e1", "notes"] == "'=HYPERLINK(1)"


def test_an_empty_frame_exports_the_header_only(frame):
    out = pd.read_csv(io.BytesIO(acled.acled_to_csv(frame.iloc[0:0])), dtype=acled.dtypes())
    assert out.empty and list(out.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS


def test_a_line_break_in_a_cell_keeps_its_row(frame):
    """Issue 37, finding 6: every export goes through core.export.frame_to_csv."""
    frame = frame.copy()
    frame.loc[frame["id"] == "e1", "summary"] = "report\r=1+1.txt"  # SYNTHETIC hostile text
    out = pd.read_csv(io.BytesIO(acled.acled_to_csv(frame)), dtype=acled.dtypes())
    assert list(out["record_id"]) == ["e1", "e3"]
    assert out.set_index("record_id").loc["e1", "notes"] == "report\r=1+1.txt"
