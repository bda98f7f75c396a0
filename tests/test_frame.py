"""The document frame (core.frame): the countries an article is about, strongest first.

The sightings and the article here are SYNTHETIC.
"""

from datetime import date, datetime

from core import frame, ingest, sentences
from core.model import Timex

PUBLISHED = datetime(2024, 5, 20, 9, 0)


def test_a_passing_mention_is_no_theatre():
    built = frame.build_frame(
        [
            frame.Sighting("headline", "UKR"),
            *[frame.Sighting("body", "UKR")] * 10,
            frame.Sighting("body", "FRA"),
        ]
    )
    assert built.theatre == ("UKR",) and "FRA" not in built and built.rank("UKR") == 0


def test_who_acts_weighs_less_than_where():
    built = frame.build_frame([frame.Sighting("lead", "RUS", actor=True), frame.Sighting("lead", "UKR")])
    assert built.theatre == ("UKR", "RUS")


def test_the_lead_is_the_first_body_sentences():
    article = ingest.article_from_text(
        "One. Two. Three. Four. Five.", source="synthetic", published=PUBLISHED
    )
    parts = frame.sentence_parts(sentences.split_sentences(article))
    assert parts[: frame.LEAD_SENTENCES] == ["lead"] * frame.LEAD_SENTENCES and parts[-1] == "body"


def test_the_story_time_gives_the_deed_the_text_refers_back_to():
    """The frame's time part (core.anchors fills it): "the attack" is the attack told last
    before it, or the first one told after it when none was told before."""

    def day(d: int, at: int) -> Timex:
        when = datetime(2023, 10, d)
        return Timex(at, at + 5, f"{d} Oct", "DATE", f"2023-10-{d:02d}", when, when, "day")

    time = frame.TimeFrame(date(2023, 10, 20), {"attack": [(100, day(7, 100)), (900, day(14, 900))]})
    built = frame.DocumentFrame(("ISR",), time)
    assert built.time.deed_date("attack", 500).value == "2023-10-07"
    assert built.time.deed_date("attack", 1000).value == "2023-10-14"
    assert built.time.deed_date("attack", 50).value == "2023-10-07"
    assert built.time.deed_date("invasion", 500) is None
