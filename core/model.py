"""Plain data classes passed between the parsing stages.

The pipeline is ingest -> sentences -> timex -> entities -> records -> store.
Each stage is a pure function over these classes; only ``ingest`` and ``store``
touch the outside world.  Every offset (``start``/``end``, ``char_start``/
``char_end``) indexes ``Article.text``, so ``article.text[start:end]`` is always
exactly the text a thing was read from: that is the provenance guarantee.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

# Invisible controls that make text lie about itself: bidi embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069, the marks U+200E/U+200F and the Arabic letter
# mark U+061C) reorder what follows; zero-width space, word joiner, the invisible
# operators U+2061-U+2064, the Mongolian vowel separator U+180E, BOM, soft hyphen and the
# line and paragraph separators U+2028/U+2029 (shown as nothing, or a break, never read
# as one by the parser) hide inside a word ("Ky\u200biv" is no place, "Tues\u00adday" no
# date), as do the interlinear annotation marks U+FFF9-U+FFFB.  ZWNJ/ZWJ (U+200C/U+200D)
# stay: Persian script and emoji need them, and they cannot reorder text.
INVISIBLE_CONTROLS = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)

# What a record's date rests on; see Record.date_basis.
DATE_BASES = ("text", "publication", "reported")

# Roles a block of article text can play.  Only "body" and "standfirst" text
# yields records; the rest is kept so offsets stay true to the source.
BLOCK_ROLES = ("title", "standfirst", "dateline", "body", "furniture")


@dataclass(frozen=True)
class Block:
    """A paragraph-like run of article text: ``text[start:end]``."""

    start: int
    end: int
    role: str  # one of BLOCK_ROLES


@dataclass(frozen=True)
class Article:
    """One ingested article.

    ``text`` is what all offsets index: the decoded file itself for plain text
    and Markdown, the main text trafilatura extracts for HTML.
    """

    id: str
    text: str
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    source: str | None = None  # where the text came from: the file name, "pasted", an upload's name
    url: str | None = None
    blocks: tuple[Block, ...] = ()
    # Who published it: the page's og:site_name or JSON-LD publisher, a wire tag
    # ("(Reuters)"), or what the user gave; None when nothing says.
    outlet: str | None = None
    # The terms the text is under, with the credit they ask for ("CC BY 2.5, Wikinews
    # contributors"), when an import's metadata says; shown wherever the text is.
    licence: str | None = None
    # What reading the input noticed and the user should know (metadata and dateline
    # disagreeing...).  Not stored: reported when the article is read.
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat(timespec="minutes") if self.published else None,
            "updated": self.updated.isoformat(timespec="minutes") if self.updated else None,
            "source": self.source,
            "outlet": self.outlet,
            "url": self.url,
            "licence": self.licence,
            "text_length": len(self.text),
        }


def article_id(text: str) -> str:
    """Content hash of the normalised text: the same article read twice gets one id."""
    normalised = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # == article.text[start:end]
    block: int  # index into Article.blocks
    role: str  # the block's role


@dataclass(frozen=True)
class Timex:
    """A temporal expression, normalised TimeML TIMEX3-style.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` the TIMEX3 value
    (``2022-03-29``, ``2022-W13``, ``PAST_REF``, ``P3D``...).  ``range_start``/
    ``range_end`` give the calendar days the expression covers when it points
    at a period of time (a day, a week, a month, or a vague stretch such as
    "in recent days"); ``None`` for durations and sets.  ``precision`` is one of
    day|week|month|quarter|year|approximate|time, or None.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    range_start: date | None = None
    range_end: date | None = None
    precision: str | None = None

    @property
    def vague(self) -> bool:
        return self.precision == "approximate"

    def to_json(self) -> dict[str, Any]:
        has_range = self.range_start is not None and self.range_end is not None
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "range": [self.range_start.isoformat(), self.range_end.isoformat()] if has_range else None,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class Actor:
    name: str  # canonical name
    country: str | None = None  # ISO 3166-1 alpha-3
    role: str | None = None
    type: str = "person"  # person|organisation|collective|country|media


@dataclass(frozen=True)
class Location:
    name: str  # canonical name
    country: str | None = None  # ISO 3166-1 alpha-3
    lat: float | None = None
    lon: float | None = None
    kind: str = "city"  # city|region|country|other


@dataclass(frozen=True)
class Mention:
    """Where an actor or a place is named (or referred back to) in the text."""

    start: int
    end: int
    text: str
    actor: Actor | None = None
    location: Location | None = None
    # True when the text presents the place as where something happens or is
    # said ("in Istanbul", "around Kyiv"), False for a bare adjective or a
    # metaphor ("a 'Korean' scenario").
    is_scene: bool = False
    in_quote: bool = False


@dataclass
class Record:
    """An event or a statement, with the exact sentence it was read from."""

    id: str
    article_id: str
    kind: str  # event|statement
    event_type: str
    summary: str
    sentence: str
    char_start: int
    char_end: int
    date_start: str | None  # ISO date
    date_end: str | None
    date_precision: str  # day|week|month|year|approximate|article
    date_text: str | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)  # Actor fields
    locations: list[dict[str, Any]] = field(default_factory=list)  # Location fields
    speaker: dict[str, Any] | None = None  # {"name", "country"}
    quote: str | None = None
    reported_by: str | None = None
    confidence: float = 0.5
    # What the date rests on (DATE_BASES): "text", the record's own clause or its
    # narrative anchor dates it; "publication", tense and aspect put it on the day the
    # article appeared ("today", a present-tense "says"); "reported", nothing dates it
    # and it is only known to have been reported by ``reported_on`` (its date_start and
    # date_end are then empty: the timeline never shows it as a deed of that day).
    date_basis: str = "text"
    reported_on: str | None = None  # ISO day the article appeared, for every record
    # The number killed the text reports for this event (ACLED's rule: the lowest
    # credible figure; 0 when it says no one died; None when it gives none), and the
    # phrase it was read from.
    fatalities: int | None = None
    fatalities_text: str | None = None
    # What the learned event judge (core/event_judge.py) made of an event: "event" when
    # it was sure, "unsure" when its probability fell below its threshold and the rules'
    # reading was kept with a low confidence; None for statements or without the judge.
    judgement: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})


def record_id(article_id_: str, char_start: int, char_end: int, ordinal: int = 0) -> str:
    """Stable id: the same article parsed again gives the same ids."""
    raw = f"{article_id_}:{char_start}:{char_end}:{ordinal}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
