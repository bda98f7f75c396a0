"""core.ingest: reading files into Articles, metadata, blocks, bad input."""

from datetime import datetime
from pathlib import Path

import pytest

from core.errors import InputError
from core.ingest import MAX_INPUT_BYTES, article_from_text, read_article
from tests.conftest import SHARED

RESOURCES = Path(__file__).parent / "resources" / "synthetic"


def roles(article):
    return [(b.role, article.text[b.start : b.end]) for b in article.blocks]


def test_seed_metadata_and_furniture(seed_path):
    article = read_article(seed_path)
    assert article.text == seed_path.read_text(encoding="utf-8")  # offsets index the raw file
    assert article.title.startswith("Russia promises to 'drastically reduce'")
    assert article.published == datetime(2022, 3, 29, 12, 50)
    assert article.updated == datetime(2022, 3, 29, 12, 53)
    by_role = roles(article)
    assert ("furniture", "Skip to main content") in by_role
    assert ("furniture", "Related Topics") in by_role
    assert by_role[2][0] == "standfirst"
    assert all(role != "body" or "Skip to" not in text for role, text in by_role)


def test_published_override_wins(seed_path):
    article = read_article(seed_path, published=datetime(2022, 4, 1, 8, 0))
    assert article.published == datetime(2022, 4, 1, 8, 0)


def test_same_text_same_id():
    a = article_from_text("SYNTHETIC. Troops   moved on Monday.\n", source="a")
    b = article_from_text("SYNTHETIC. Troops moved on Monday.", source="b")
    assert a.id == b.id


@pytest.mark.parametrize(
    "dateline, published",
    [
        ("March 29, 2022 12:50pm", datetime(2022, 3, 29, 12, 50)),
        ("Published: 4 May 2023", datetime(2023, 5, 4)),
        ("Posted on 2021-11-02T07:15", datetime(2021, 11, 2, 7, 15)),
        ("10:02 AM EST, Tue March 29, 2022", datetime(2022, 3, 29, 10, 2)),
        ("Thu 16 May 2024 14.20 BST", datetime(2024, 5, 16, 14, 20)),  # the Guardian's style
        ("October 3, 2023 10:12 AM GMT+3", datetime(2023, 10, 3, 10, 12)),  # Reuters' style
        # AP prints only "Updated", with the time first; Al Jazeera repeats the date
        ("Updated 6:45 PM GMT+2, Sunday, August 25, 2024", datetime(2024, 8, 25, 18, 45)),
        ("Published On 10 Jul 2024, 10 Jul 2024", datetime(2024, 7, 10)),
    ],
)
def test_datelines(dateline, published):
    body = "Soldiers crossed the river on Monday, officials said."
    text = f"SYNTHETIC headline for a test\n\n{dateline}\n\n{body}"
    article = article_from_text(text)
    assert article.published == published
    assert article.title == "SYNTHETIC headline for a test"


def test_prose_mentioning_a_date_is_not_a_dateline():
    text = "SYNTHETIC TEST\n\nThe war began on February 24, 2022, and has not stopped since then.\n"
    article = article_from_text(text)
    assert article.published is None
    assert [b.role for b in article.blocks][-1] == "body"


def test_one_paragraph_per_line_and_hard_wrapped_prose():
    text = (
        "SYNTHETIC wire copy\n"
        "The first paragraph ends here.\n"
        "The second paragraph is hard-wrapped at a narrow width, so its lines\n"
        "continue one another and belong to the same block of text.\n"
    )
    article = article_from_text(text)
    bodies = [t for r, t in roles(article) if r == "body"]
    assert bodies[0] == "The first paragraph ends here."
    assert bodies[1].startswith("The second paragraph") and bodies[1].endswith("same block of text.")


def test_html_uses_trafilatura_text_and_metadata():
    article = read_article(RESOURCES / "minimal_page.html")
    assert "Delegations from two neighbouring states met in Geneva" in article.text
    assert "<p>" not in article.text and "Skip to main content" not in article.text
    assert article.published == datetime(2023, 5, 4, 9, 30)
    assert article.source == "minimal_page.html"  # the file; the outlet is apart
    assert article.outlet == "Example Wire"
    assert article.title == "SYNTHETIC TEST PAGE - Talks resume in Geneva"
    for block in article.blocks:
        assert article.text[block.start : block.end].strip() == article.text[block.start : block.end]


def test_malformed_html_is_read_or_refused_cleanly():
    html = "<html><body><p>SYNTHETIC: Shelling hit the port on Sunday, the mayor said.<div><p>Unclosed"
    article = article_from_text(html, is_html=True, source="broken.html")
    assert "Shelling hit the port" in article.text


def test_html_without_text_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        article_from_text("<html><body><nav>Home</nav></body></html>", is_html=True, source="x.html")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Café à Kyiv".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(path)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)
    with pytest.raises(InputError, match="too large"):
        read_article(path)


def test_non_english_text_is_read():
    article = article_from_text("SYNTHETIC\n\nВійська відійшли від Києва у вівторок, заявили посадовці.")
    assert "Києва" in article.text


def test_only_furniture_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        article_from_text("Skip to main content\n\nAdvertisement\n")


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("By Staff Reporter", True),
        ("By Jane Doe and John Roe, Reuters", True),
        ("By Tuesday the troops had left the city.", False),
    ],
)
def test_bylines_are_furniture(line, furniture):
    text = f"SYNTHETIC headline for a test\n\n{line}\n\nSoldiers crossed the river on Monday, officials said."
    article = article_from_text(text)
    roles = {article.text[b.start : b.end]: b.role for b in article.blocks}
    assert (roles[line] == "furniture") is furniture


# SYNTHETIC: one short article.
SHORT = "Kyiv was shelled on Monday, officials said.\n"


def test_utf16_with_a_byte_order_mark_is_read_as_text(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(SHORT.encode("utf-16"))
    assert read_article(path).text == SHORT


def test_utf16_without_a_byte_order_mark_is_named_not_called_binary(tmp_path):
    path = tmp_path / "bare.txt"
    path.write_bytes(SHORT.encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 text without a byte-order mark"):
        read_article(path)


def test_a_symlink_loop_is_named(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(InputError, match=r"a\.txt: symbolic link loop$"):
        read_article(tmp_path / "a.txt")


def test_an_unreadable_file_is_one_input_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(SHORT, encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # root reads any file: simulate the denial
    with pytest.raises(InputError, match=r"locked\.txt: permission denied$"):
        read_article(path)


def test_a_first_line_that_is_a_sentence_is_body_not_a_headline():
    # SYNTHETIC: no headline, the article opens with its lead sentence.
    text = "Soldiers crossed the river near the border on Monday, officials said.\n\nThe army confirmed it."
    article = article_from_text(text)
    assert article.title is None
    lead = "Soldiers crossed the river near the border on Monday, officials said."
    assert roles(article)[0] == ("body", lead)


def test_a_wire_dateline_opening_the_first_sentence_is_cut_off_and_names_the_outlet():
    # SYNTHETIC: a wire dispatch whose dateline is glued to its first sentence.
    text = (
        "SYNTHETIC border report\n\n"
        "KYIV, May 3 (Reuters) - Russian forces shelled the town in April, officials said."
    )
    article = article_from_text(text)
    assert ("dateline", "KYIV, May 3 (Reuters) -") in roles(article)
    assert ("body", "Russian forces shelled the town in April, officials said.") in roles(article)
    assert article.outlet == "Reuters"
    # a given outlet wins over the wire tag
    assert article_from_text(text, outlet="Example Wire").outlet == "Example Wire"


@pytest.mark.parametrize(
    "line",
    [
        "By submitting your email, you agree to our Terms and Privacy Notice.",
        "Enter your email address to get the morning briefing.",
        "Sign up for our daily newsletter to get the news first.",
        "Get our free daily newsletter every morning.",
        "skip past newsletter promotion",
        "Read the report of tvn24.pl: the army moved north.",
        "Read more: the army moved north on Monday.",
        "View image in fullscreen",
    ],
)
def test_lead_furniture_shapes(line):
    # SYNTHETIC: one furniture block between two prose paragraphs.
    text = f"SYNTHETIC headline\n\nSoldiers crossed the river on Monday.\n\n{line}\n\nThey left on Tuesday."
    article = article_from_text(text)
    assert ("furniture", line) in roles(article)
    assert ("body", "They left on Tuesday.") in roles(article)


def test_a_photo_credit_glued_to_a_paragraph_is_cut_off():
    # SYNTHETIC: a caption's credit glued to the end of the paragraph.
    text = "SYNTHETIC headline\n\nSoldiers crossed the river on Monday. Photograph: Jane Doe/AP\n\nThey left."
    article = article_from_text(text)
    assert ("body", "Soldiers crossed the river on Monday.") in roles(article)
    assert ("furniture", "Photograph: Jane Doe/AP") in roles(article)
    for block in article.blocks:  # offsets still index the untouched text
        assert article.text[block.start : block.end].strip() == article.text[block.start : block.end]


def test_prose_that_starts_like_furniture_but_is_long_stays_body():
    # SYNTHETIC: a long paragraph opening with "Read more" is prose, not a pointer.
    line = "Read more than a hundred reports of shelling, officials said, " + "and the list grew. " * 25
    text = f"SYNTHETIC headline for a test\n\nSoldiers crossed the river on Monday.\n\n{line.strip()}"
    article = article_from_text(text)
    assert ("body", line.strip()) in roles(article)


def test_invisible_characters_hide_no_place_or_date_and_make_no_second_article():
    from core import pipeline

    plain = "Troops shelled Kyiv on Tuesday, the governor said."
    hidden = "Troops shelled Ky\u200biv on Tues\u00adday, the gover\u2060nor said.\ufeff"
    published = datetime(2023, 4, 12)
    a = article_from_text(hidden, source="synthetic", published=published)
    b = article_from_text(plain, source="synthetic", published=published)
    assert a.text == plain and a.id == b.id  # one article, however it was disguised
    records = pipeline.parse(a).records
    assert "Tuesday" in {r.date_text for r in records}
    assert "2023-04-11" in {r.date_start for r in records}
    assert "Kyiv" in {loc["name"] for r in records for loc in r.locations}
    with pytest.raises(InputError, match="only invisible characters"):
        article_from_text("\u200b\u200b\ufeff", source="synthetic")


@pytest.mark.parametrize(
    ("opening", "role"),
    [
        ("Moscow CNN —", "dateline"),  # an outlet's dateline cut off from its paragraph
        ("NEW You can now listen to Fox News articles!", "furniture"),
        ("You can track information about the war around the clock in our live coverage", "furniture"),
        ("VIEW VIDEO", "furniture"),
        ("16:14", "body"),  # a time alone: no headline
    ],
)
def test_a_headline_never_comes_from_furniture_or_a_dateline(opening, role):
    # SYNTHETIC: the article's first line is page furniture or a dateline, not its headline.
    text = f"{opening}\n\nSoldiers crossed the river near the border on Monday.\n\nThe army confirmed it."
    article = article_from_text(text)
    assert article.title is None
    assert roles(article)[0] == (role, opening)


@pytest.mark.parametrize("mark", ["\u061c", "\u2028", "\u2029", "\u180e", "\u2062", "\ufffa"])
def test_arabic_letter_mark_and_line_separator_hide_no_place(mark):
    """Issue 37, finding 14: U+061C and U+2028 survived ingest and hid "Kyiv" and "Kharkiv"."""
    plain = "SYNTHETIC. Troops shelled Kyiv and Kharkiv on Tuesday."
    hidden = f"SYNTHETIC. Troops shelled Ky{mark}iv and Khar{mark}kiv on Tuesday.{mark}"
    a, b = article_from_text(hidden, source="synthetic"), article_from_text(plain, source="synthetic")
    assert a.text == plain and a.id == b.id


# SYNTHETIC prose around a "See also:" pointer, as an outlet sets it inside an article.
SEE_ALSO_ARTICLE = """SYNTHETIC headline of a test article

Soldiers crossed the river on Monday, officials said.

See also: Another story the outlet links to

The army said on Tuesday that it had moved two brigades north of the city.

A spokesman added that more troops would follow, the ministry said.

Related Topics

Another headline of another story

World
"""


def test_a_see_also_line_is_furniture_and_the_prose_after_it_stays_the_article():
    """Issue 37, finding 3: a "See also:" line made the rest of the article furniture."""
    article = article_from_text(SEE_ALSO_ARTICLE, source="synthetic")
    found = roles(article)
    assert ("furniture", "See also: Another story the outlet links to") in found
    assert ("body", "The army said on Tuesday that it had moved two brigades north of the city.") in found
    assert ("body", "A spokesman added that more troops would follow, the ministry said.") in found
    # a trailing link list still is one: its items are no article text
    assert ("furniture", "Related Topics") in found
    assert ("furniture", "Another headline of another story") in found and ("furniture", "World") in found


REAL_SEE_ALSO = SHARED / "corpus" / "ukraine-war-news" / "20220218T233000Z_PL_en_4a22414b5d.txt"


@pytest.mark.skipif(not REAL_SEE_ALSO.is_file(), reason="../shared/corpus is absent")
def test_a_real_articles_see_also_line_cuts_none_of_its_body():
    """The real article (Onet via the corpus) whose body was lost after 'See also: Wars break
    out at dawn': every prose paragraph after that line is body again."""
    article = read_article(REAL_SEE_ALSO)
    found = roles(article)
    see_also = [i for i, (_, text) in enumerate(found) if text.startswith("See also:")]
    assert len(see_also) == 1 and found[see_also[0]][0] == "furniture"
    after = found[see_also[0] + 1 :]
    prose = [
        (role, text) for role, text in after if text.startswith(("According to", "On Thursday and Friday"))
    ]
    assert len(prose) == 2 and all(role == "body" for role, _ in prose)


def test_a_nul_byte_anywhere_is_refused_before_any_parsing(tmp_path):
    """Issue 37, finding 14: a NUL past the first 64 KB was parsed for 10 s, then refused."""
    prose = "SYNTHETIC. Soldiers crossed the river on Monday, officials said.\n\n" * 4000  # 260 KB
    path = tmp_path / "late-nul.txt"
    path.write_bytes(prose.encode() + b"\x00" + b"more text\n")
    with pytest.raises(InputError, match=r"late-nul\.txt: binary data \(a NUL byte at offset 264,000\)"):
        read_article(path)
    with pytest.raises(InputError, match="binary data"):  # pasted or uploaded text alike
        article_from_text(prose + "\x00", source="pasted")
