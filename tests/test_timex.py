"""The temporal tagger: table of (text, anchor) -> expected TIMEX3, negatives, properties."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import timeml
from core import timex

# Tuesday 29 March 2022, 12:50: the seed article's publication time.
SEED = datetime(2022, 3, 29, 12, 50)
D = date.fromisoformat


def only(text: str, anchor=SEED) -> timex.Timex:
    found = timex.tag(text, anchor)
    assert len(found) == 1, found
    return found[0]


# (text, anchor, expected text, type, value, range or None)
CASES = [
    # the seed's expressions
    (
        "Russia announced on Tuesday that it would reduce operations.",
        SEED,
        "Tuesday",
        "DATE",
        "2022-03-29",
        ("2022-03-29", "2022-03-29"),
    ),
    (
        "his “special military operation” on Feb. 24, heavy resistance",
        SEED,
        "Feb. 24",
        "DATE",
        "2022-02-24",
        ("2022-02-24", "2022-02-24"),
    ),
    (
        "March 29, 2022 12:50pm",
        SEED,
        "March 29, 2022 12:50pm",
        "TIME",
        "2022-03-29T12:50",
        ("2022-03-29", "2022-03-29"),
    ),
    # weekdays: on or before the anchor; strictly before with "last"; forward in the future
    ("The talks ended Monday.", SEED, "Monday", "DATE", "2022-03-28", None),
    ("The talks ended Wednesday.", SEED, "Wednesday", "DATE", "2022-03-23", None),
    ("They met last Tuesday.", SEED, "last Tuesday", "DATE", "2022-03-22", None),
    ("The delegations will meet again on Friday.", SEED, "Friday", "DATE", "2022-04-01", None),
    ("They meet next Tuesday.", SEED, "next Tuesday", "DATE", "2022-04-05", None),
    # relative days, weeks, months, years
    ("Shelling resumed yesterday.", SEED, "yesterday", "DATE", "2022-03-28", None),
    ("The mayor spoke today.", SEED, "today", "DATE", "2022-03-29", None),
    ("They will talk tomorrow.", SEED, "tomorrow", "DATE", "2022-03-30", None),
    ("Sirens sounded tonight.", SEED, "tonight", "TIME", "2022-03-29TNI", None),
    ("Fighting eased this week.", SEED, "this week", "DATE", "2022-W13", ("2022-03-28", "2022-04-03")),
    ("Fighting eased last month.", SEED, "last month", "DATE", "2022-02", ("2022-02-01", "2022-02-28")),
    ("The deal was signed last year.", SEED, "last year", "DATE", "2021", ("2021-01-01", "2021-12-31")),
    ("Two days ago the convoy left.", SEED, "Two days ago", "DATE", "2022-03-27", None),
    (
        "The strike came in the first quarter.",
        SEED,
        "the first quarter",
        "DATE",
        "2022-Q1",
        ("2022-01-01", "2022-03-31"),
    ),
    # explicit dates
    ("Troops crossed the border in 2014.", SEED, "2014", "DATE", "2014", ("2014-01-01", "2014-12-31")),
    ("It was filed on 2022-03-01.", SEED, "2022-03-01", "DATE", "2022-03-01", None),
    ("It was filed on 3/29/2022.", SEED, "3/29/2022", "DATE", "2022-03-29", None),
    ("It was signed on 29 March 2022.", SEED, "29 March 2022", "DATE", "2022-03-29", None),
    ("Prices rose in March 2022.", SEED, "March 2022", "DATE", "2022-03", ("2022-03-01", "2022-03-31")),
    ("He arrived in the 1990s.", SEED, "1990s", "DATE", "199", ("1990-01-01", "1999-12-31")),
    ("The fighting of mid-March was fierce.", SEED, "mid-March", "DATE", "2022-03", None),
    # durations and sets
    ("The siege lasted three days.", SEED, "three days", "DURATION", "P3D", None),
    ("a two-hour meeting", SEED, "two-hour", "DURATION", "PT2H", None),
    ("The ceasefire held for a month.", SEED, "a month", "DURATION", "P1M", None),
    ("Inspectors report weekly.", SEED, "weekly", "SET", "P1W", None),
    ("Convoys leave every day.", SEED, "every day", "SET", "P1D", None),
    # vague references
    ("The mission is now over.", SEED, "now", "DATE", "PRESENT_REF", None),
]


@pytest.mark.parametrize("text,anchor,span,kind,value,rng", CASES, ids=[c[0][:40] for c in CASES])
def test_table(text, anchor, span, kind, value, rng):
    t = only(text, anchor)
    assert (t.text, t.type, t.value) == (span, kind, value)
    if rng is not None:
        assert (t.range_start, t.range_end) == (D(rng[0]), D(rng[1]))


def test_in_recent_days_is_an_approximate_range_ending_at_publication():
    t = only("In recent days, intelligence reports have suggested a counterattack.")
    assert t.text == "recent days" and (t.type, t.value) == ("DURATION", "PXD")
    assert t.precision == "approximate" and t.vague
    assert t.range_end == D("2022-03-29")
    assert D("2022-03-08") <= t.range_start < D("2022-03-29")


@pytest.mark.parametrize(
    "text,lo,hi",
    [
        ("Recently, officials said so.", "2022-02-01", "2022-03-29"),
        ("They met earlier this month.", "2022-03-01", "2022-03-29"),
        ("The plan was drafted late last year.", "2021-09-01", "2021-12-31"),
        ("Aid will arrive in the coming weeks.", "2022-03-29", "2022-06-01"),
        ("It has rained in the last few weeks.", "2022-02-01", "2022-03-29"),
    ],
)
def test_vague_expressions_get_approximate_ranges(text, lo, hi):
    t = only(text)
    assert t.precision == "approximate"
    assert D(lo) <= t.range_start <= t.range_end <= D(hi)


def test_weekday_in_a_monday_article_is_the_day_before():
    # Monday 28 March 2022: "on Tuesday" in a past-tense sentence is the 22nd
    assert only("Russia announced on Tuesday a pull-back.", datetime(2022, 3, 28)).value == "2022-03-22"


def test_date_without_year_takes_the_nearest_past_year():
    assert only("The offensive began on Dec. 24.", SEED).value == "2021-12-24"


def test_reference_time_for_the_next_day():
    found = timex.tag("The shelling began on March 3. The next day, the mayor fled.", SEED)
    assert [t.value for t in found] == ["2022-03-03", "2022-03-04"]


@pytest.mark.parametrize(
    "text",
    [
        "talks with continue online 24/7 and more",
        "Officials may meet an envoy.",
        "He came second in the vote.",
        "Protesters march on the capital.",
        "Mike March said the troops would March on.",
        "The fund raised 100M dollars.",
        "The count was 73 20 at the end.",
        "Call 555-1234 or +1 202 555 0147.",
        "The final score was 3-1.",
        "A second convoy arrived.",
        "He is 37 years old.",
        "Some 2000 troops were deployed.",
        "They interviewed a representative sample of 1000 Ukrainians.",  # a count before a plural
        "A poll of 1200 Britons found support.",
    ],
)
def test_no_false_dates(text):
    assert timex.tag(text, SEED) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ukraine will restore its 1991 borders.", "1991"),  # a year before a plural noun
        ("They boycotted the 2008 Games.", "2008"),
        ("The war of 1812 was long.", "1812"),  # "was" is no plural
        ("Troops crossed the border in 2014.", "2014"),
    ],
)
def test_a_year_before_a_noun_stays_a_year(text, value):
    assert [t.value for t in timex.tag(text, SEED)] == [value]


def test_dateline_time_is_read_whole():
    found = timex.tag("March 29, 2022 12:50pm\n\nUpdated: March 29, 2022 12:53pm", SEED)
    assert [(t.type, t.value) for t in found] == [("TIME", "2022-03-29T12:50"), ("TIME", "2022-03-29T12:53")]


def test_without_anchor_relative_values_are_masked():
    found = timex.tag("It happened yesterday, on 2022-03-01.", None)
    assert [(t.text, t.value) for t in found] == [("yesterday", "XXXX-XX-XX"), ("2022-03-01", "2022-03-01")]
    assert found[0].range_start is None


def test_seed_article(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    found = timex.tag(text, SEED)
    values = {t.text: t.value for t in found}
    assert values["Feb. 24"] == "2022-02-24"
    assert values["Tuesday"] == "2022-03-29"
    assert not any("24/7" in t.text for t in found)


def test_lexicon_is_well_formed():
    lx = timex.lexicon()
    assert sorted(set(lx["months"].values())) == list(range(1, 13))
    assert sorted(set(lx["weekdays"].values())) == list(range(1, 8))
    assert set(lx["ambiguous_months"]) <= set(lx["months"])
    assert set(lx["weekday_abbreviations"]) <= set(lx["weekdays"])
    assert all(isinstance(v, (int, float)) for v in lx["numbers"].values())
    assert set(lx["units"].values()) <= {"S", "MIN", "H", "D", "W", "FN", "M", "Q", "Y", "DE", "CE"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_spans_are_exact(text):
    found = timex.tag(text, SEED)
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "on Tuesday",
                "Feb. 24",
                "in 2014",
                "last week",
                "now",
                "May",
                "24/7",
                " ",
                ", ",
                "three days",
                "12:50pm",
                "the next day",
                "x",
                "recent days",
                "-",
                "2022-03-29",
                "March",
            ]
        ),
        max_size=20,
    )
)
def test_never_raises_on_temporal_soup(parts):
    text = " ".join(parts)
    found = timex.tag(text, SEED)
    assert all(text[t.start : t.end] == t.text for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# --- the benchmark's scorer -----------------------------------------------------------------


def test_timeml_parser_and_scorer_on_a_tiny_document():
    raw = (
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13">19980213</TIMEX3></DCT><TEXT>'
        'Talks ended <TIMEX3 tid="t1" type="DATE" value="1998-02-12">Thursday</TIMEX3> after '
        '<TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.</TEXT></TimeML>'
    )
    doc = timeml.parse_tml(raw)
    assert doc.text == "Talks ended Thursday after three days."
    assert [(g.text, g.value) for g in doc.gold] == [("Thursday", "1998-02-12"), ("three days", "P3D")]
    assert doc.dct == datetime(1998, 2, 13)
    system = [
        timeml.Span(12, 20, "DATE", "1998-02-12"),  # exact, right value
        timeml.Span(27, 32, "DURATION", "P2D"),  # overlaps "three days", wrong value
        timeml.Span(0, 5, "DATE", "PRESENT_REF"),  # false positive
    ]
    counts = timeml.count(list(doc.gold), system)
    s = timeml.scores(counts["ALL"])
    assert (s.precision, s.recall) == (2 / 3, 1.0)
    assert s.value_accuracy == 0.5
    assert s.value_f1 == pytest.approx(0.8 * 0.5)
    assert timeml.scores(counts["DURATION"]).value_accuracy == 0.0
    assert timeml.scores(counts["DATE"]).precision == 0.5


@pytest.mark.parametrize(
    "text, value",
    [
        # a plan or a possibility points forward (article of Tuesday 2022-03-29)
        ("The delegation planned to leave for Geneva on Thursday.", "2022-03-31"),
        ("The convoy could reach the city as early as Friday.", "2022-04-01"),
        # a report of the past points back
        ("The convoy reached the city on Friday.", "2022-03-25"),
    ],
)
def test_plans_and_possibilities_point_forward(text, value):
    t = only(text)
    assert t.value == value


# Wednesday 5 April 2000 and Thursday 16 August 1990: anchors for the cues below.
WED = datetime(2000, 4, 5)
THU = datetime(1990, 8, 16)


@pytest.mark.parametrize(
    "text, anchor, value",
    [
        # a capitalised "-ed" word is a name, not a past verb
        ("He announced that the father would be traveling to the United States Thursday.", WED, "2000-04-06"),
        # "said" outside the quotation dates the speaking, not what the quote speaks of
        ('"The father will leave on Thursday," Castro said.', WED, "2000-04-06"),
        # a past auxiliary before a plan is still a plan
        ("Exiles held a vigil and were planning a march on Saturday.", WED, "2000-04-08"),
        # a deadline: ahead, unless it only just passed or a past verb is nearer
        ("The boy must be returned by Friday.", WED, "2000-04-07"),
        ("Only two members had filed reports by Wednesday.", THU, "1990-08-15"),
        # a passive infinitive ("will be held") is no past verb
        ("The summit will be held in Vilnius on Friday.", WED, "2000-04-07"),
        ("Elections are set for Sunday.", WED, "2000-04-09"),
        # a trailing attribution dates the speaking, not the plan before it
        ("Putin will chair a meeting on Friday, spokesman Dmitry Peskov told reporters.", WED, "2000-04-07"),
    ],
)
def test_tense_cues_for_a_bare_weekday(text, anchor, value):
    assert only(text, anchor).value == value


@pytest.mark.parametrize(
    "text, anchor, value",
    [
        ("The bank plans to repay the loan by February.", datetime(1989, 10, 30), "1990-02"),
        ("The new office of the chairman is effective Feb. 1.", datetime(1989, 10, 26), "1990-02-01"),
        # a deadline that passed yesterday is not next year's
        ("The agency ordered the child returned by Jan. 14.", datetime(2000, 1, 15), "2000-01-14"),
        # "since" a date is always behind, however near its next occurrence is
        ("At least 38,000 people have been killed since October 7.", datetime(2024, 7, 10), "2023-10-07"),
        # "since" reports the past
        ("The carrier has been on patrol since March and will return.", datetime(1990, 8, 13), "1990-03"),
    ],
)
def test_deadlines_and_since_choose_the_year(text, anchor, value):
    assert only(text, anchor).value == value


@pytest.mark.parametrize(
    "text, anchor, span, kind, value",
    [
        (
            "The offer expires at 5 p.m. EST, Nov. 6.",
            datetime(1989, 10, 30),
            "5 p.m. EST, Nov. 6",
            "TIME",
            "1989-11-06T17:00",
        ),
        ("He will leave at 4 in the morning.", WED, "4 in the morning", "TIME", "2000-04-05T04:00"),
        ("Shelling resumed at 10 at night.", WED, "10 at night", "TIME", "2000-04-05T22:00"),
        # movable holidays, resolved like any date without a year
        (
            "They gathered on Thanksgiving Day.",
            datetime(2000, 1, 7),
            "Thanksgiving Day",
            "DATE",
            "1999-11-25",
        ),
        ("Services were held on Orthodox Easter 2023.", SEED, "Orthodox Easter 2023", "DATE", "2023-04-16"),
        ("Services for Orthodox Christmas were held.", SEED, "Orthodox Christmas", "DATE", "2022-01-07"),
        ("The truce began on Good Friday.", datetime(2022, 5, 1), "Good Friday", "DATE", "2022-04-15"),
        # years spoken in broadcast transcripts
        ("January nineteen ninety-seven.", SEED, "January nineteen ninety-seven", "DATE", "1997-01"),
        (
            "Prices fell in the winter of nineteen ninety-four.",
            SEED,
            "winter of nineteen ninety-four",
            "DATE",
            "1994-WI",
        ),
        ("The year two thousand has arrived.", SEED, "The year two thousand", "DATE", "2000"),
        # "current" before a noun is the present
        ("The current offensive is the largest.", SEED, "current", "DATE", "PRESENT_REF"),
    ],
)
def test_more_expressions(text, anchor, span, kind, value):
    t = only(text, anchor)
    assert (t.text, t.type, t.value) == (span, kind, value)


@pytest.mark.parametrize(
    "text",
    [
        "The country's current account deficit widened.",
        "Two thousand troops crossed the border.",
        # July 4 in US news, August 24 in Ukrainian: no single date to give
        "Ukraine marked Independence Day with a parade.",
    ],
)
def test_not_times(text):
    assert timex.tag(text, SEED) == []


def test_shortly_qualifies_another_expression_and_is_not_tagged_alone():
    assert [t.text for t in timex.tag("Shortly after the blast, sirens sounded on Monday.", SEED)] == [
        "Monday"
    ]


def test_overnight_is_the_night_before_publication_unless_its_sentence_names_a_day():
    monday = datetime(2025, 1, 27, 11, 40)
    found = timex.tag("The minister spoke on Sunday.\n\nFighting continued overnight.", monday)
    night = found[-1]
    assert (night.text, night.value) == ("overnight", "2025-01-26TNI")
    assert (night.range_start, night.range_end) == (D("2025-01-26"), D("2025-01-27"))
    found = timex.tag("On Friday, after shelling overnight, the rebels withdrew.", monday)
    assert [t.value for t in found] == ["2025-01-24", "2025-01-23TNI"]


@pytest.mark.parametrize(
    "text, anchor, span, value",
    [
        # a modal perfect looks back; "would have to" still looks ahead
        (
            "On April 8, investigators, wondering how he could have escaped, searched.",
            WED,
            "April 8",
            "2000-04-08",
        ),
        ("He would have to leave on Friday.", WED, "Friday", "2000-04-07"),
        # an irregular past verb is a past cue ("set on Aug. 6" half a year away is last August)
        (
            "The index rose to a record high on Aug. 6.",
            datetime(1998, 2, 6),
            "Aug. 6",
            "1997-08-06",
        ),
        # decades in words after "the"
        ("Numbers dropped through the nineties.", datetime(1998, 3, 3), "the nineties", "199"),
        ("In the late eighties, the war began.", datetime(1998, 3, 3), "the late eighties", "198"),
        # a spoken year before a capitalised name
        ("In nineteen ninety-one Charles Keating was convicted.", SEED, "nineteen ninety-one", "1991"),
        ("We do not expect a ceasefire in the near term.", SEED, "the near term", "FUTURE_REF"),
    ],
)
def test_modals_past_forms_decades_and_terms(text, anchor, span, value):
    t = only(text, anchor)
    assert (t.text, t.value) == (span, value)


def test_ages_are_not_decades():
    assert timex.tag("She is in her forties.", SEED) == []


def test_a_glued_sentence_boundary_ends_the_tense_window():
    # Scraped pages glue sentences ("in Belarus.On 31 March"): the future of the sentence
    # before must not push a bare date into next year.
    text = "Putin said Russia will deploy its weapons in Belarus.On 31 March, Lukashenko said so too."
    found = [t for t in timex.tag(text, datetime(2023, 4, 2, 12)) if t.text == "31 March"]
    assert [t.value for t in found] == ["2023-03-31"]


def test_years_later_count_from_the_last_year_the_text_set():
    text = "In 2004 the alliance took in three republics. Four years later it made an offer."
    found = timex.tag(text, SEED)
    assert [(t.text, t.value) for t in found] == [("2004", "2004"), ("Four years later", "2008")]
    # "ago" is a date the text set: eight years after it is not 2030
    text = "Eight years ago, Ukrainians made their choice. Eight years later, they still wait."
    assert [t.value for t in timex.tag(text, SEED)] == ["2014", "2022"]
    # later than nothing the text dated is no date after the publication (was 2026)
    assert timex.tag("Four years later it made an offer.", SEED) == []
    # "earlier" without a date in the text still counts back from the publication
    assert [t.value for t in timex.tag("Two years earlier it had made an offer.", SEED)] == ["2020"]
