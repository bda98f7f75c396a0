"""The document frame: what an article is about, computed once and read by every reader.

The frame has two parts:

* the article's **theatre**, the countries its headline, dateline, lead and most of its
  mentions name, strongest first (``build_frame``, from the entity reader's sightings).
  Place resolution reads it: of the towns that share a name, the one in the theatre is
  meant ("Jenin" in a story about the West Bank, "Arad" in a story about southern Israel);
  a same-named town abroad needs evidence of its own (its country named nearby, or no
  candidate in the theatre at all);
* the story's **time** (``TimeFrame``: the article's day and the deeds it dates and then
  refers back to, "the October 7 attack", "the invasion"), filled by ``core.anchors``
  before the records are read; the record reader dates by it.

The frame is plain data so that other stages can add what they know of the whole story
without the readers changing shape.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from core.model import Sentence, Timex

# How much one naming of a country weighs by where it stands: a headline or dateline names
# the story's subject, the lead its scene, the rest of the body also its background.
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# A country named only through who acts ("Russian troops", "Israeli officials") weighs this
# share of a place or a country named as such: armies and envoys act abroad.
ACTOR_FACTOR = 0.5
# The lead: the first body sentences (news writing puts who, what and where there).
LEAD_SENTENCES = 3
# A country is in the theatre when it weighs at least this share of the strongest one:
# a story about Gaza that names Israel, Egypt and Qatar often has all four; one mention of
# France in passing (1 against 20) is background.
THEATRE_SHARE = 0.2
# Roles of the blocks that say what the whole article is about (core.model.BLOCK_ROLES).
HEADLINE_ROLES = frozenset({"title", "standfirst", "dateline"})


def sentence_parts(sentences: Iterable[Sentence]) -> list[str]:
    """Each sentence's part of the article: "headline" (title, standfirst, dateline),
    "lead" (the first LEAD_SENTENCES body sentences) or "body"."""
    parts, body = [], 0
    for s in sentences:
        if s.role in HEADLINE_ROLES:
            parts.append("headline")
        else:
            parts.append("lead" if body < LEAD_SENTENCES else "body")
            body += 1
    return parts


_WEIGHTS = {"headline": HEADLINE_WEIGHT, "lead": LEAD_WEIGHT, "body": BODY_WEIGHT}


@dataclass(frozen=True)
class Sighting:
    """A country the text names unambiguously (a country, a people, a known body, a place
    of one country) and the part of the article it stands in (``sentence_parts``)."""

    part: str
    country: str
    actor: bool = False  # named by who acts ("Israeli troops"), not by a place or a country


@dataclass
class TimeFrame:
    """The story's time: the article's day and its anchor deeds (core.anchors)."""

    published: date | None
    # deed noun -> [(position, its date)] in text order
    deeds: dict[str, list[tuple[int, Timex]]] = field(default_factory=dict)

    def deed_date(self, noun: str, at: int) -> Timex | None:
        """The date of the deed ``noun`` nearest before position ``at`` (the one the text
        refers back to), else the first one given after it."""
        told = self.deeds.get(noun)
        if not told:
            return None
        i = bisect_left([p for p, _ in told], at)
        return told[i - 1][1] if i else told[0][1]


@dataclass(frozen=True)
class DocumentFrame:
    """What an article is about, for the readers of its sentences."""

    theatre: tuple[str, ...] = ()  # ISO 3166-1 alpha-3, strongest first
    time: TimeFrame | None = None  # the story's time, once core.anchors has read it

    def __contains__(self, country: object) -> bool:
        return country in self.theatre

    def rank(self, country: str | None) -> int | None:
        """0 for the strongest theatre country, 1 for the next...; None outside the theatre."""
        return self.theatre.index(country) if country in self.theatre else None


def build_frame(sightings: Iterable[Sighting]) -> DocumentFrame:
    """The frame of an article from the countries its sentences name."""
    weight: Counter[str] = Counter()
    for s in sightings:
        weight[s.country] += _WEIGHTS[s.part] * (ACTOR_FACTOR if s.actor else 1.0)
    if not weight:
        return DocumentFrame()
    top = max(weight.values())
    ranked = sorted(weight, key=lambda c: (-weight[c], c))
    return DocumentFrame(tuple(c for c in ranked if weight[c] >= THEATRE_SHARE * top))
