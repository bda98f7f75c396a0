"""core.pipeline: the stages together.

The work test counts the Python lines the parser's own code executes (``sys.settrace``
restricted to ``core/``), which is exact and the same on every machine, unlike a timing.
It catches the quadratic shapes of issue 15 (a scan of every mention per sentence, of
every span per overlap check): on the parser before that fix, four times the text cost
9.1 times the lines; a linear reader costs 4.
"""

import sys
from datetime import datetime

from app_fixtures import ROOT, SEED

from core import ingest, pipeline

CORE = str(ROOT / "core")
GROWTH = 4  # the long article is this many times the short one
# Linear is 4.0x (the repeated text adds nothing the parser could share); quadratic 16x.
MAX_WORK_RATIO = 5.0


def repeated_seed(copies: int) -> ingest.Article:
    """SYNTHETIC: the seed's body paragraphs repeated ``copies`` times under a dateline."""
    seed = ingest.read_article(SEED)
    body = "\n\n".join(seed.text[b.start : b.end] for b in seed.blocks if b.role == "body")
    return ingest.article_from_text(
        "SYNTHETIC repeated seed\n\nMarch 29, 2022\n\n" + "\n\n".join([body] * copies),
        source="synthetic-repeat.txt",
    )


def lines_executed(article: ingest.Article) -> tuple[int, pipeline.Parsed]:
    """(Python lines run in core/ while parsing ``article``, the result)."""
    count = 0

    def in_core(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return in_core

    def tracer(frame, event, arg):
        return in_core if frame.f_code.co_filename.startswith(CORE) else None

    sys.settrace(tracer)
    try:
        parsed = pipeline.parse(article)
    finally:
        sys.settrace(None)
    return count, parsed


def test_parsing_work_grows_linearly_with_the_article():
    short, long = repeated_seed(4), repeated_seed(4 * GROWTH)
    pipeline.parse(short)  # loads the model and gazetteers outside the count
    short_lines, short_parsed = lines_executed(short)
    long_lines, long_parsed = lines_executed(long)
    # the long article is read as fully as the short one...
    assert len(long_parsed.records) == GROWTH * len(short_parsed.records) > 0
    # ...for proportionally as much work
    ratio = long_lines / short_lines
    assert ratio <= MAX_WORK_RATIO, f"{GROWTH}x the text ran {ratio:.1f}x the lines in core/"


def test_a_sentence_longer_than_any_real_one_is_skipped_with_a_notice():
    """Issue 37, finding 10: a 900 KB single-sentence paste reached 3 GB in the parser.
    A sentence over MAX_SENTENCE_CHARS (five times the longest of 31,328 real ones) is
    not read, never cut into invented sentences, and the report says so."""
    from core import service
    from core.ingest import article_from_text
    from core.sentences import MAX_SENTENCE_CHARS

    endless = "Officials said that " + ", ".join(f"troops moved past village {i}" for i in range(400))
    text = f"SYNTHETIC headline\n\nTroops shelled Kyiv on Tuesday, officials said.\n\n{endless}\n"
    article = article_from_text(text, source="endless.txt", published=datetime(2022, 3, 29))
    assert len(endless) > MAX_SENTENCE_CHARS
    parsed = pipeline.parse(article)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in parsed.sentences)
    assert any("Kyiv" in r.sentence for r in parsed.records)  # the rest is read as before
    assert not any("village" in r.sentence for r in parsed.records)
    assert parsed.notes == (
        f"endless.txt: 1 sentence over {MAX_SENTENCE_CHARS:,} characters (the longest {len(endless):,}) "
        "was skipped: nothing is read from text with no sentence end",
    )
    report = service.IngestReport()
    service.add_article(_MemoryStore(), article, report)
    assert report.notes == list(parsed.notes)


class _MemoryStore:
    """Just enough of a store for service.add_article: nothing stored yet, anything taken."""

    def has_article(self, article_id):
        return False

    def add_parsed(self, parsed, parser_version):
        return True
