"""core.webpage: a saved page's headline, outlet and publication time from its own
metadata.  Every page here is SYNTHETIC, written for one behaviour each."""

from datetime import datetime
from pathlib import Path

import pytest

from core import webpage
from core.ingest import article_from_text

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "pages"
BODY = (
    "<p>SYNTHETIC: Delegations from two neighbouring states met in Geneva on Thursday to "
    "resume talks on a border dispute, a spokesperson said.</p>"
    "<p>The foreign minister told reporters that a second round would follow next week if "
    "the ceasefire held, and that observers from several countries would attend.</p>"
)


def page(head: str, h1: str | None = None, body: str = BODY) -> str:
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return f"<!doctype html><html><head>{head}</head><body><article>{heading}{body}</article></body></html>"


def test_site_name_and_section_are_stripped_from_the_title():
    html = page(
        '<title>Talks resume in Geneva | World | Example Herald</title><meta property="og:site_name" '
        'content="The Example Herald">'
    )
    assert webpage.read_page(html).title == "Talks resume in Geneva"


def test_site_name_at_the_start_and_with_its_domain():
    html = page("<title>Example-Herald.com - Talks resume in Geneva</title>")
    assert webpage.read_page(html).title == "Talks resume in Geneva"


def test_a_headline_repeated_with_an_extra_piece_is_the_shorter_one():
    # og:title adds a section and a byline that the <h1> and JSON-LD do not have
    ld = '{"@type": "NewsArticle", "headline": "Talks resume in Geneva"}'
    html = page(
        f'<meta property="og:title" content="Talks resume in Geneva - Geneva News | by Jo Bloggs">'
        f'<script type="application/ld+json">{ld}</script>',
        h1="Talks resume in Geneva",
    )
    assert webpage.read_page(html).title == "Talks resume in Geneva"


def test_most_sources_agreeing_win_over_one():
    ld = '{"@type": "NewsArticle", "headline": "Talks resume in Geneva after a month"}'
    html = page(
        '<meta property="og:title" content="Talks resume in Geneva">'
        f'<script type="application/ld+json">{ld}</script>'
        "<title>Talks resume in Geneva after a month</title>",
        h1="Talks resume in Geneva after a month",
    )
    assert webpage.read_page(html).title == "Talks resume in Geneva after a month"


def test_a_cut_short_title_gives_way_to_the_full_headline():
    full = "Delegations from two neighbouring states resume talks on the border in Geneva"
    html = page(f"<title>{full[:60]}</title>", h1=full)
    assert webpage.read_page(html).title == full


def test_json_ld_date_with_its_offset_comes_before_meta_tags():
    ld = (
        '{"@graph": [{"@type": "NewsArticle", "datePublished": "2023-08-30T16:45:00+01:00", '
        '"publisher": {"@type": "Organization", "name": "Example Herald"}}]}'
    )
    html = page(
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="article:published_time" content="2019-01-01T00:00:00Z">'
    )
    meta = webpage.read_page(html)
    assert meta.published == webpage.PageTime(datetime(2023, 8, 30, 16, 45), "+01:00")
    assert meta.outlet == "Example Herald"


@pytest.mark.parametrize(
    "head, body, when",
    [
        (
            '<meta property="article:published_time" content="2024-02-03T07:05:00Z">',
            BODY,
            datetime(2024, 2, 3, 7, 5),
        ),
        ("", '<time datetime="2024-02-03T07:05">3 Feb</time>' + BODY, datetime(2024, 2, 3, 7, 5)),
    ],
)
def test_published_from_meta_tag_or_time_element(head, body, when):
    assert webpage.read_page(page(head, body=body)).published.local == when


def test_metadata_and_dateline_more_than_a_day_apart_is_reported():
    body = "<p>SYNTHETIC headline for a test</p><p>3 May 2021</p>" + BODY
    html = page('<meta property="article:published_time" content="2023-05-04T09:30:00Z">', body=body)
    article = article_from_text(html, is_html=True, source="page.html")
    assert article.published == datetime(2023, 5, 4, 9, 30)  # the metadata wins
    assert len(article.notes) == 1 and "2021-05-03" in article.notes[0] and "page.html" in article.notes[0]


def test_metadata_and_dateline_within_a_day_agree_silently():
    body = "<p>SYNTHETIC headline for a test</p><p>4 May 2023</p>" + BODY
    html = page('<meta property="article:published_time" content="2023-05-04T09:30:00Z">', body=body)
    assert article_from_text(html, is_html=True, source="page.html").notes == ()


def test_real_pages_score(tmp_path):
    """The saved real pages (../shared/pages) keep their measured figures."""
    if not (PAGES / "score.py").exists():
        pytest.skip("../shared/pages is not available")
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(PAGES / "score.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    last = out.strip().splitlines()[-1]
    titles = int(last.split("title ")[1].split("/")[0])
    days = int(last.split("publication day ")[1].split("/")[0])
    assert titles >= 65 and days == 77, last
