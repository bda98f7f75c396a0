"""The document frame (core.frame): the countries an article is about, strongest first.

The sightings and the article here are SYNTHETIC.
"""

from datetime import datetime

from core import frame, ingest, sentences

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
