"""Sentence segmentation with character offsets into the article text.

A rule-based splitter in the manner of Punkt with a known-abbreviation list:
news prose is full of ``Brig. Gen.``, ``U.S.``, ``Feb. 24`` and initials, which a
naive split on full stops cuts apart.  Sentences never cross blocks, and page
furniture and datelines are skipped.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from core.model import Article, Sentence

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "ingest"
# Roles whose blocks are read as prose.
PROSE_ROLES = ("title", "standfirst", "body")
# The longest sentence read: the longest of the 31,328 sentences of the three real corpora
# is 784 characters, so five times that is no sentence but a paste with no full stop (a
# list, a table, an attack), whose parse needs memory in proportion (a 900 KB one took
# 3 GB).  Longer ones are skipped, and reported (``overlong``), never cut into pieces
# that would read as sentences the article does not have.
MAX_SENTENCE_CHARS = 4000

# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# whitespace, then something that can open a sentence.
# Or glued text, where extraction lost the space ("... in Poland.He said", "... the
# ZNPP.The head", a caption run into the next sentence): a word ending in two
# lower-case letters or digits or in three capitals (not "U.S."), the stop, then at
# once a capitalised word.  Split there, never by editing text.
GLUED_STOP = r"(?:(?<=[a-z0-9]{2})|(?<=[A-Z]{3}))[.!?]+[”’)\]]*(?=[\"“‘]?[A-Z][a-z])"
_BOUNDARY = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])|" + GLUED_STOP
)


@cache
def paragraph_labels() -> dict[str, tuple[str, ...]]:
    """data/ingest/labels.txt by section: {"source": ("Source", ...), "quote": ..., "other": ...}."""
    sections: dict[str, list[str]] = {}
    current = sections.setdefault("other", [])
    for raw in (DATA_DIR / "labels.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        current.append(line)
    return {k: tuple(v) for k, v in sections.items()}


# At most this many words between a glued label and its colon ("Quote from Grizlov:").
LABEL_MAX_WORDS = 3


@cache
def _boundary() -> re.Pattern:
    """The candidate boundaries of _BOUNDARY, plus the start of a paragraph label glued to
    the text before it (data/ingest/labels.txt): "... TV channelQuote from Grizlov: ..."."""
    labels = [w for words in paragraph_labels().values() for w in words]
    glued_label = (
        r"(?<=[a-z.!?\"”’)\]])(?=(?:" + "|".join(map(re.escape, labels)) + r")"
        r"(?:\s+[\w’'-]+){0," + str(LABEL_MAX_WORDS) + r"}:\s)"
    )
    return re.compile(_BOUNDARY.pattern + "|" + glued_label)


_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]?([\w'’-]+)")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")  # U.S, U.K, a.m, D.C
_INITIAL = re.compile(r"^[A-Z]$")
# Characters before a full stop in which its word is looked for first (widened when
# the word is longer): enough for any real word, so the look-back is constant.
WORD_WINDOW = 64


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(abbreviations that never end a sentence, ones that do only before a
    sentence starter, common sentence-starting words)."""
    sections: dict[str, set[str]] = {}
    current = None
    for raw in (DATA_DIR / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
            continue
        current.update(w.lower() for w in line.split())
    return (
        frozenset(sections["titles"]),
        frozenset(sections["ambiguous"]),
        frozenset(sections["starters"]),
    )


def _word_before(text: str, end: int) -> str:
    """The word right before text[end] (``_WORD_BEFORE`` searched in text[:end]), read
    from a window that widens until the word starts inside it: the search costs the
    word's length, not the text's before it."""
    size = WORD_WINDOW
    while True:
        lo = max(0, end - size)
        m = _WORD_BEFORE.search(text, lo, end)
        if lo == 0 or m is None or m.start() > lo:
            return m.group(1) if m else ""
        size *= 2


def _is_boundary(text: str, dot_end: int, punct_start: int) -> bool:
    """Whether the punctuation at text[punct_start:dot_end] ends a sentence."""
    if text[punct_start] != ".":
        return True  # ! ? … always end a sentence when followed by a capital
    if dot_end - punct_start > 1 and text[punct_start:dot_end].startswith("..."):
        return True
    titles, ambiguous, starters = _lexicon()
    word = _word_before(text, punct_start)
    nxt = _NEXT_WORD.match(text, dot_end)
    next_word = nxt.group(1) if nxt else ""
    key = word.lower().rstrip(".")
    if key in titles:  # "Brig. Gen. Kyrylo", "Dr. Smith", "St. Petersburg"
        return False
    if _INITIAL.match(word):  # "John F. Kennedy"; a lone capital is an initial
        return False
    if key in ambiguous or _ACRONYM.match(word.rstrip(".")):
        # "Feb. 24", "U.S. officials": a boundary only before a word that
        # typically opens a sentence ("... in the U.S. The talks ...").
        if next_word[:1].isdigit():
            return False
        return next_word.lower() in starters
    return True


def split_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans = []
    cur = start
    for m in _boundary().finditer(text, start, end):
        punct_start = m.start()
        if _is_boundary(text, m.end(), punct_start):
            spans.append((cur, m.end()))
            cur = m.end()
    spans.append((cur, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and out and not any(ch.isalnum() for ch in text[s:e]):
            out[-1] = (out[-1][0], e)  # a closing quote cut off by the next boundary: 'war."Details:'
        elif s < e:
            out.append((s, e))
    return out


def split_sentences(article: Article, overlong: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """The article's prose sentences, in order.  A sentence over ``MAX_SENTENCE_CHARS`` is
    left out, its span added to ``overlong`` when given (to be reported)."""
    text = article.text
    out = []
    for index, block in enumerate(article.blocks):
        if block.role not in PROSE_ROLES:
            continue
        for s, e in split_text(text, block.start, block.end):
            if e - s > MAX_SENTENCE_CHARS:
                if overlong is not None:
                    overlong.append((s, e))
                continue
            out.append(Sentence(s, e, text[s:e], index, block.role))
    return out


def overlong_note(article: Article, spans: list[tuple[int, int]]) -> str:
    """One line saying which sentences were too long to read."""
    longest = max(e - s for s, e in spans)
    n = len(spans)
    return (
        f"{article.source or article.id}: {n} sentence{'s' if n != 1 else ''} over "
        f"{MAX_SENTENCE_CHARS:,} characters (the longest {longest:,}) {'were' if n != 1 else 'was'} "
        "skipped: nothing is read from text with no sentence end"
    )
