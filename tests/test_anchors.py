"""What a record's date rests on (Record.date_basis) and the story's time (core.anchors):
the time a record's own clause or its narrative anchor gives, the article's day only when
tense and aspect put the deed then, and otherwise no date of its own ("reported").

Every sentence here is SYNTHETIC: invented names and phrasings.  The articles appear on
Wednesday 12 April 2023 (tests.test_records.PUBLISHED) unless a test says otherwise.
"""

from datetime import datetime

import pytest

from tests.test_records import one, parse_text


def dates(r):
    return r.date_start, r.date_end, r.date_basis


def test_an_undated_deed_in_the_simple_past_is_only_reported():
    r = one(parse_text("Russian troops shelled the village of Dovhe."), "Dovhe", "event")
    assert dates(r) == (None, None, "reported")
    assert (r.reported_on, r.date_precision, r.date_text) == ("2023-04-12", "article", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian drones have struck the port of Izmail.",  # a fresh present-perfect report
        "Russian artillery is shelling the outskirts of Dovhe.",  # present progressive
        "Rebels attack the town of Garo.",  # a headline's present
        "Kishida has made a surprise trip to Kyiv to meet Zelensky.",  # an infinitive's time is its verb's
    ],
)
def test_tense_and_aspect_put_an_undated_deed_on_the_articles_day(sentence):
    r = one(parse_text(sentence), sentence[:12], "event")
    assert dates(r) == ("2023-04-12", "2023-04-12", "publication")


def test_today_is_the_articles_day_by_the_words_that_point_at_it():
    r = one(parse_text("Russian forces shelled Kherson today."), "Kherson", "event")
    assert dates(r) == ("2023-04-12", "2023-04-12", "publication")
    assert r.date_text == "today"


def test_an_undated_saying_is_the_reports_own_unless_told_as_earlier():
    recs = parse_text(
        "Moldovan officials say the border at Giurgiulesti is closed. "
        "Serbian officials confirmed that the border at Horgos remained closed. "
        "Croatian officials had warned that the border at Bajakovo would close."
    )
    # a present "says" and the simple past a news report gives what was said for it
    assert dates(one(recs, "Giurgiulesti", "statement")) == ("2023-04-12", "2023-04-12", "publication")
    assert dates(one(recs, "Horgos", "statement")) == ("2023-04-12", "2023-04-12", "publication")
    # the past perfect puts it before the time the text speaks of
    assert dates(one(recs, "Bajakovo", "statement")) == (None, None, "reported")


def test_since_a_month_runs_from_it_to_the_articles_day():
    r = one(
        parse_text("Since October, more than 300 civilians have been killed in the region of Sumy."),
        "Sumy",
        "event",
    )
    assert dates(r) == ("2022-10-01", "2023-04-12", "text")
    assert r.date_text == "Since October" and r.date_precision == "approximate"


def test_since_then_runs_from_the_last_date_told():
    recs = parse_text(
        "In March 2021 the militia seized the town of Garo. "
        "Since then, the militia has attacked Garo 40 times."
    )
    r = one(recs, "40 times", "event")
    assert dates(r) == ("2021-03-01", "2023-04-12", "text")


def test_since_then_is_before_the_sentence_not_its_own_saying():
    recs = parse_text(
        "Militants attacked the town of Garo on 7 October. "
        "The health ministry said on Monday that 300 people had been killed "
        "in air strikes on Garo since then."
    )
    r = one(recs, "since then", "event")
    assert (r.date_start, r.date_end) == ("2022-10-07", "2023-04-12")


def test_since_a_deed_began_runs_from_its_date():
    r = one(
        parse_text(
            "Russian drones have struck the port of Izmail 40 times since the war began in February 2022."
        ),
        "Izmail",
        "event",
    )
    assert dates(r) == ("2022-02-01", "2023-04-12", "text")


def test_the_fourth_day_of_the_invasion_is_its_day_plus_three():
    recs = parse_text(
        "Russia's invasion of Ukraine began on 24 February 2022. "
        "On the fourth day of the invasion, Russian troops entered Bucha."
    )
    r = one(recs, "Bucha", "event")
    assert dates(r) == ("2022-02-27", "2022-02-27", "text")
    assert r.date_text == "the fourth day of the invasion"


def test_on_the_day_of_the_attack_is_the_day_the_story_gives_the_attack():
    recs = parse_text(
        "Fighters killed 1,200 people in the October 7 attack on the border towns. "
        "Militants abducted 240 people from Kfar Lavan on the day of the attack.",
        published=datetime(2024, 1, 15, 10, 0),
    )
    r = one(recs, "abducted", "event")
    assert dates(r) == ("2023-10-07", "2023-10-07", "text")


def test_the_day_he_died_is_the_day_given_for_his_death():
    recs = parse_text(
        "Colonel Ivan Petrenko died on 3 March in Avdiivka. "
        "On the day he died, Russian forces shelled Avdiivka."
    )
    r = one(recs, "On the day he died", "event")
    assert dates(r) == ("2023-03-03", "2023-03-03", "text")
    assert r.event_type == "shelling"  # the death is the time, not the deed


def test_an_anchor_the_article_does_not_date_dates_nothing():
    r = one(parse_text("Militants abducted 240 people from Kfar Lavan on the day of the attack."), "abducted")
    assert dates(r) == (None, None, "reported")


def test_a_year_that_names_a_noun_does_not_date_the_clause():
    r = one(parse_text("Protesters marking the 1979 revolution gathered in Tehran."), "Tehran", "event")
    assert dates(r) == (None, None, "reported")


def test_a_deed_told_as_before_its_saying_is_not_dated_by_the_saying():
    recs = parse_text("The governor said on Tuesday that Russian troops had shelled the village of Dovhe.")
    assert dates(one(recs, "Dovhe", "statement")) == ("2023-04-11", "2023-04-11", "text")
    assert dates(one(recs, "Dovhe", "event")) == (None, None, "reported")


def test_an_undated_deed_goes_on_in_the_time_its_paragraph_gave():
    recs = parse_text(
        "On 20 February 2014, armed men seized the parliament in Simferopol. "
        "Russian troops then captured the airport of Sevastopol.\n\n"
        "Russian troops shelled the village of Dovhe."
    )
    assert dates(one(recs, "Sevastopol", "event")) == ("2014-02-20", "2014-02-20", "text")
    # a new paragraph: no time of its own
    assert dates(one(recs, "Dovhe", "event")) == (None, None, "reported")


def test_a_headline_tells_the_articles_news():
    recs = parse_text(
        "Militias shell Garo as truce talks stall\n\nMilitias shelled the town of Garo, residents said."
    )
    r = next(r for r in recs if r.kind == "event" and r.sentence.startswith("Militias shell Garo"))
    assert dates(r) == ("2023-04-12", "2023-04-12", "publication")


def test_a_deed_a_saying_of_the_articles_day_reports_was_done_by_then():
    r = one(
        parse_text("Armenian volunteers evacuated 400 civilians from Martuni, the regional governor said."),
        "Martuni",
        "event",
    )
    assert dates(r) == ("2023-04-12", "2023-04-12", "publication")


def test_the_deed_the_story_dated_keeps_its_date_when_named_again():
    recs = parse_text(
        "Iran launched 300 drones at Israel in an attack on Saturday night. "
        "Biden called Netanyahu just after the attack.\n\n"
        "The attack wounded a girl in the Negev. The war has displaced thousands."
    )
    assert one(recs, "wounded a girl", "event").date_start == "2023-04-08"
