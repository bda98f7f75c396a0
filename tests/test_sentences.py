"""core.sentences: segmentation that survives abbreviations, initials and quotes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.ingest import article_from_text, read_article
from core.sentences import split_sentences, split_text


def sentences(text):
    return [text[s:e] for s, e in split_text(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Similarly, Brig. Gen. Kyrylo Budanov said the invasion had failed. Officials agreed.",
            ["Similarly, Brig. Gen. Kyrylo Budanov said the invasion had failed.", "Officials agreed."],
        ),
        ("U.S. officials also believe it. They warned.", ["U.S. officials also believe it.", "They warned."]),
        (
            "It began on Feb. 24 with strikes. Then it stalled.",
            ["It began on Feb. 24 with strikes.", "Then it stalled."],
        ),
        ("Dr. Amina Yusuf arrived. She spoke.", ["Dr. Amina Yusuf arrived.", "She spoke."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("Aid reached the U.S. The talks resumed.", ["Aid reached the U.S.", "The talks resumed."]),
        (
            '"There is reason to believe it," said Budanov. "That is the plan."',
            ['"There is reason to believe it," said Budanov.', '"That is the plan."'],
        ),
        ("“Is it over?” she asked. Nobody knew.", ["“Is it over?” she asked.", "Nobody knew."]),
        ("Troops left at 5 a.m. on Monday.", ["Troops left at 5 a.m. on Monday."]),
        ("He lives in St. Petersburg. It is cold.", ["He lives in St. Petersburg.", "It is cold."]),
        # glued text: extraction lost the space between two sentences
        ("Troops reached Velmora.On Friday they left.", ["Troops reached Velmora.", "On Friday they left."]),
        ("The mayor spoke.“We stay,” she said.", ["The mayor spoke.", "“We stay,” she said."]),
        ("It ended in 2019.Talks resumed.", ["It ended in 2019.", "Talks resumed."]),
        ("They hold the ZNPP.The head of it spoke.", ["They hold the ZNPP.", "The head of it spoke."]),
        # ... but not titles, acronyms or web addresses
        ("He met Gen.Tarrow there.", ["He met Gen.Tarrow there."]),
        ("The U.S.Army moved.", ["The U.S.Army moved."]),
        ("Read more at example.org today.", ["Read more at example.org today."]),
    ],
)
def test_split_table(text, expected):
    assert sentences(text) == expected


def test_seed_sentences_slice_the_text_and_skip_furniture(seed_path):
    article = read_article(seed_path)
    found = split_sentences(article)
    for s in found:
        assert article.text[s.start : s.end] == s.text
    texts = [s.text for s in found]
    assert not any("Skip to main content" in t or t == "Related Topics" for t in texts)
    assert not any("12:50pm" in t for t in texts)
    assert any(t.startswith("Similarly, Brig. Gen. Kyrylo Budanov") for t in texts)
    assert any(t.startswith("U.S. officials also believe") for t in texts)


def test_sentences_do_not_cross_paragraphs():
    article = article_from_text("SYNTHETIC title\n\nFirst paragraph without a stop\n\nSecond one.")
    assert [s.text for s in split_sentences(article)][-2:] == [
        "First paragraph without a stop",
        "Second one.",
    ]


@given(st.text(max_size=400))
def test_spans_always_slice_text(text):
    last = 0
    for s, e in split_text(text):
        assert 0 <= s < e <= len(text) and s >= last
        assert text[s:e] == text[s:e].strip()
        last = e


@pytest.mark.parametrize(
    "text, starts",
    [
        # SYNTHETIC: a paragraph label glued to the text before it still opens a sentence
        (
            'Source: Velmoran radio, citing Arlo Venn, on a TV channelQuote from Venn: "We hold."',
            ["Source", "Quote"],
        ),
        ('He spoke of "a long war."Details: According to Venn, talks stalled.', ["He", "Details"]),
        # a capitalised word with no colon after it, or a colon far after, is no label
        ("The channelSource of the leak was never found: nobody knew.", ["The"]),
    ],
)
def test_a_glued_paragraph_label_opens_a_sentence(text, starts):
    assert [text[a:b].split()[0].rstrip(":") for a, b in split_text(text)] == starts
