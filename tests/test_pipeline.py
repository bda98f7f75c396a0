"""core.pipeline: the stages together.

The work test counts the Python lines the parser's own code executes (``sys.settrace``
restricted to ``core/``), which is exact and the same on every machine, unlike a timing.
It catches the quadratic shapes of issue 15 (a scan of every mention per sentence, of
every span per overlap check): on the parser before that fix, four times the text cost
9.1 times the lines; a linear reader costs 4.
"""

import sys

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
