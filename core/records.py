"""Events and statements: from sentences, temporal expressions and mentions to records.

Per sentence (headlines and standfirsts that repeat a body sentence are
skipped; furniture and datelines never reach here):

* **Statements.** A speech, belief or reporting verb from the typology
  (``data/lexicon/typology.yaml``) outside quotation marks, with its speaker
  found as the actor mention right before it (across adverbs, auxiliaries and
  a parenthesis: "The Kremlin, for its part, has claimed"), right after it
  ("said Budanov"), after ``by`` in the passive ("was announced by the
  ministry"), after ``according to``, or, for "adding that"/"but warned", the
  sentence's previous speaker.  The quote is the quotation the attribution
  belongs to; a quotation with no attribution of its own (the rest of a
  paragraph, or a quote-only paragraph) goes to the speaker of its paragraph,
  else of the next paragraph when that opens with the speaker, else of the
  previous one.  Media that "reported" something, or "according to" whom it
  is, become ``reported_by`` of the sentence's other records.
* **Events.** Each clause (split at semicolons, dashes, and commas before a
  clause opener) with an event trigger yields an event, unless it is the
  content of a statement and has no date of its own.
* **Dates.** A record takes the first temporal expression that dates its own
  clause (for a statement: the attribution, "told reporters on Tuesday"), the
  story's narrative times among them (core.anchors: "since then", "the fourth day
  of the invasion"); with none, the article's day when tense and aspect put it then,
  else no date of its own (Record.date_basis "reported").
* **Doers.** An event's actors are the agents of its word as the parse reads them
  (core.doers), never its victims or the body that reports it.
"""

from __future__ import annotations

import itertools
import re
import string
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from core import anchors, attribution, doers, entities, event_judge, fatalities, syntax, taxonomy, timex
from core import gazetteer as gz
from core.frame import DocumentFrame
from core.model import Actor, Article, Location, Mention, Record, Sentence, Timex, record_id
from core.sentences import LABEL_MAX_WORDS, paragraph_labels

# Roles of the sentences that tell the article's own news in brief.
HEADLINE_ROLES = ("title", "standfirst")
# A headline or standfirst sentence whose content words are at least this
# share of one body sentence's repeats it (the seed's headline shares 10 of 12).
HEADLINE_REPEAT_SHARE = 0.6
# Summaries are cut to this many words: a timeline row, not a paragraph.
SUMMARY_MAX_WORDS = 18
# How far (tokens) after a speech verb its "that" may stand ("told reporters
# in Kyiv on Tuesday that ...").
# A trailing attribution (", the army said.") needs this much said before it.
MIN_TRAILING_CONTENT_WORDS = 4
# ...and may be followed by no more than a date ("said on Wednesday .").
MAX_TRAILING_TAIL_TOKENS = 4
# Tokens between a closing quotation mark and the verb that attributes it
# ('," the Russian foreign minister concluded': the mark, the subject's words).
MAX_ATTRIBUTION_GAP = 6
MAX_THAT_DISTANCE = 8
# How far (tokens) after a speech verb a date still belongs to the attribution
# ("said on Tuesday the talks...").
MAX_DATE_AFTER_VERB = 3
# A paragraph "opens with its speaker" when at most this many words stand
# before the speaker ("Kharkiv governor Oleh Synehubov said ...").
MAX_LEAD_WORDS = 2
# Longest generic speaker phrase ("intelligence reports") read without an actor.
MAX_GENERIC_SPEAKER_TOKENS = 4

# Confidence: how sure the reading is, by what it rests on.
CONF_NAMED_SPEAKER = 0.85  # a named actor right by its speech verb
CONF_REFERRED_SPEAKER = 0.65  # a pronoun or the sentence's previous speaker
CONF_GENERIC_SPEAKER = 0.5  # a phrase with no actor ("intelligence reports")
CONF_QUOTE_CONTINUATION = 0.6  # a quotation given to its paragraph's speaker
CONF_EVENT_WITH_ACTOR = 0.7  # a trigger and who did it
CONF_EVENT_NO_ACTOR = 0.45  # a trigger alone
DATE_FROM_TEXT_BONUS = 0.1  # the record's own clause dates it
HYPOTHETICAL_PENALTY = 0.15  # "would", "could": said to come, not done
# An event the learned judge was unsure of (its probability below the threshold chosen
# on its dev split) keeps the rules' reading at no more than this confidence: shown,
# never dropped silently, and ranked below every reading the judge or a named actor backs.
CONF_JUDGE_UNSURE = 0.3
REPORTED_DEED_PENALTY = 0.15  # an event known only from what someone said
# Statement types whose content, when it is a deed done, is also an event
# ("the ministry said peacekeepers evacuated 5,000 civilians").
# A relative clause between a speaker and the verb: ", who seized power in 2022,".
RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\b[^,]*,")
REPORTED_DEED_TYPES = frozenset({"comment", "claim", "confirmation"})
# "declared a six-month state of emergency": how far the declared event noun may stand
# from the verb and still be its object.
MAX_DECLARED_OBJECT_TOKENS = 5

# Participles whose past tense is not stem + "ed" (data/lexicon/grammar.yaml).
IRREGULAR_PAST = gz._load(gz.LEXICON / "grammar.yaml")["saying_past"]
PRECISION = {
    "day": "day",
    "time": "day",
    "week": "week",
    "month": "month",
    "quarter": "month",
    "year": "year",
    "approximate": "approximate",
}
AUXILIARIES = frozenset("is are was were has have had will would could can may might be been".split())
# How many paragraphs back a "he said" may reach for the person who spoke last.
SPEAKER_REACH_BLOCKS = 3
DETERMINERS = frozenset("the a an his her its their our this that these those my your".split())
PASSIVE_AUX = frozenset("was were been is are be being".split())
# Words that may open a speaker's noun phrase ('said one analyst', 'a Western diplomat said').
SPEAKER_DETERMINERS = frozenset("the a an one another".split())
SUBORDINATORS = frozenset(
    "although though while whereas after before when if since despite as because once".split()
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "whose"})
QUOTE_MARKS = "\"“”‘’'"


@dataclass
class _Statement:
    verb: int  # token index
    speaker: Actor | None
    speaker_name: str | None
    confidence: float
    region_start: int  # char offsets of the statement's clause
    content: tuple[int, int] | None = None  # char span of what was said (outside quotes)
    quote: str | None = None
    date_span: tuple[int, int] = (0, 0)  # where its own date may stand
    timex: Timex | None = None
    inherit: bool = False  # "adding that": same speaker and date as the one before
    media: bool = False  # "CNN reported": the source, not a speaker
    region_end: int = 0
    event_type: str = "comment"
    verb_text: str = ""
    parenthetical: bool = False
    quoted: bool = False  # what was said is the quotation itself
    paren_span: tuple[int, int] | None = None  # ", it claimed," inside what was said
    # what its record's date rests on (Record.date_basis); one read without a record of its
    # own (an outlet's report) is the report's, of the article's day
    date_basis: str = "publication"


# Dependencies of a clause whose subject and time are those of the verb it hangs on.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _shares_head_time(verb) -> bool:
    """Whether a verb is a participle clause with neither subject nor conjunction of
    its own ("..., asserting that", "..., citing officials"): its time is its head's."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBG", "VBN")
        and verb.head.i != verb.i
        and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in verb.children)
    )


def _scheduled(noun, grammar) -> bool:
    """Whether an event noun is described as planned ("meetings scheduled for May")."""
    return noun is not None and any(
        c.dep_ == "acl" and c.lower_ in grammar["plan_participles"] for c in noun.children
    )


def _participle_of(verb, head) -> bool:
    """Whether ``verb`` is a participle clause hanging on the clause of ``head``."""
    return (
        verb is not None
        and head is not None
        and _shares_head_time(verb)
        and verb.doc is head.doc
        and syntax.predicate(verb.head).i == head.i
    )


def _dates_clause(head) -> bool:
    """Whether a temporal expression headed by this token dates its clause: it is
    no noun's modifier, or the noun is the object of a preposition on a verb
    ("appealed during the Saturday conversation")."""
    noun = _modified_noun(head)
    if noun is head:
        return True
    return noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX")


# Dependencies of a date inside a noun phrase: "the 1979 revolution" (a number for a
# year), "the October 7 attack", "the Saturday conversation".
DATE_IN_NOUN_DEPS = syntax.NOUN_MODIFIER_DEPS | {"nummod"}


def _modified_noun(head):
    """The noun a date headed by this token modifies (a date inside a noun phrase
    modifies the noun, not the clause's verb); the token itself when it modifies none."""
    noun = head
    while noun.dep_ in DATE_IN_NOUN_DEPS and noun.head.i != noun.i:
        noun = noun.head
    return noun


@dataclass
class EventClause:
    """A clause the rules read for an event: where it and its trigger word stand, the
    type the trigger gives, and what the reading made of it (``outcome``: "event", or why
    it was set aside: "irrealis", "scheduled", "statement", "no_argument", or
    "judged_not_event" by the event judge), with the type of the event it became."""

    sentence_start: int
    sentence_end: int
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    rule_type: str
    outcome: str = "event"
    event_type: str | None = None
    judgement: str | None = None  # the record's judgement (Record.judgement)


@dataclass
class _Ctx:
    article: Article
    times: list[Timex]
    mentions: list[Mention]
    quotes: list[tuple[int, int]]
    records: list[Record] = field(default_factory=list)
    syntax: syntax.Syntax | None = None
    # the statements with a named speaker read so far, with their sentence: the
    # speaker a later "he said" or "the statement said" most likely continues
    speakers: list[tuple[Sentence, _Statement]] = field(default_factory=list)
    # the latest date a record was given, with its paragraph: what a later "at the
    # time" goes back to
    last_dated: tuple[int, Timex] | None = None
    # every statement read so far with a speaker phrase, named or only described ("a
    # senior State Department official"): what a later "the official said" refers back to
    described: list[tuple[Sentence, _Statement]] = field(default_factory=list)
    # (offset, outlet) of each "Source: PAP, Reuters" label: the outlet of the text
    # between the label before it and this one
    labelled_outlets: list[tuple[int, str]] = field(default_factory=list)
    # the document frame (core.frame): its theatre, and the story's time (core.anchors)
    frame: DocumentFrame = field(default_factory=DocumentFrame)
    # every clause the rules read for an event, when the caller asks for them
    clause_log: list[EventClause] | None = None
    # the learned event judge that reads each clause the rules read for an event, if any
    judge: event_judge.EventJudge | None = None

    def __post_init__(self):
        # Sorted starts (times and mentions come sorted by start) for bisect: every
        # lookup by position costs log n, so parsing stays linear in the article.
        self.time_starts = [t.start for t in self.times]
        # the furthest end among times[:i + 1]: narrative times may hold a shorter one
        self.time_reach = list(itertools.accumulate((t.end for t in self.times), max))
        self.mention_starts = [m.start for m in self.mentions]
        self.mentions_by_start = entities.MentionsByStart(self.mentions)
        self.quote_starts = [a for a, _ in self.quotes]
        # The furthest end among quotes[:i + 1]: a position is quoted when it is before
        # the furthest end of the quotes opening at or before it.
        self.quote_reach = []
        for _, b in self.quotes:
            self.quote_reach.append(max(b, self.quote_reach[-1]) if self.quote_reach else b)


def _mentions_in(ctx: _Ctx, start: int, end: int) -> list[Mention]:
    """Mentions starting in [start, end), in order."""
    return ctx.mentions[bisect_left(ctx.mention_starts, start) : bisect_left(ctx.mention_starts, end)]


def _times_in(ctx: _Ctx, start: int, end: int) -> list[Timex]:
    """Times starting in [start, end), in order."""
    return ctx.times[bisect_left(ctx.time_starts, start) : bisect_left(ctx.time_starts, end)]


def _quotes_in(ctx: _Ctx, start: int, end: int) -> list[tuple[int, int]]:
    """Quotes opening in [start, end), in order."""
    return ctx.quotes[bisect_left(ctx.quote_starts, start) : bisect_left(ctx.quote_starts, end)]


def _quotes_around(ctx: _Ctx, start: int, end: int) -> list[tuple[int, int]]:
    """Quotes opening in [start, end) or open across start, in order.  Quotes are
    disjoint, so only the last one opening before start can be open across it."""
    i = bisect_left(ctx.quote_starts, start)
    across = [ctx.quotes[i - 1]] if i > 0 and ctx.quotes[i - 1][0] < start < ctx.quotes[i - 1][1] else []
    return across + _quotes_in(ctx, start, end)


# ------------------------------------------------------------------ helpers --


_TRAILING_DETERMINER = re.compile(r"\b(?:the|a|an)\s*$", re.IGNORECASE)


def _without_determiner(text: str) -> str:
    """Text before a subject, less its article: "..., the" -> "...,"."""
    return _TRAILING_DETERMINER.sub("", text).rstrip()


# Words that may stand between a comma and a trailing speaker: ", local health
# officials said", ", Lebanon's state-run National News Agency reports".
MAX_SPEAKER_MODIFIERS = 3
_LAST_WORD = re.compile(r"\s+([\w'’.-]+)$")


_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _without_determiner_start(text: str) -> str:
    """A speaker phrase less its article: "the U.S. Embassy" -> "U.S. Embassy"."""
    return _LEADING_DETERMINER.sub("", text.strip())


def _attribution_lead(text: str) -> str:
    """Text before a trailing speaker, less the speaker's determiner and modifiers."""
    text = _without_determiner(text)
    stop = gz.grammar()["stopwords"] | gz.grammar()["clause_openers"]
    for _ in range(MAX_SPEAKER_MODIFIERS):
        if text.endswith(","):
            return text
        m = _LAST_WORD.search(text)
        if not m:
            break
        w = m.group(1)
        possessive = re.search(r"['’]s$", w) is not None
        demonym = gz.fold(w) in gz.countries().demonyms
        if not (possessive or demonym or (w.islower() and w not in stop)):
            break
        text = _without_determiner(text[: m.start()])
    return text


# A wire dateline opening the first paragraph: "KYIV, July 20 (Reuters) -",
# "KHARTOUM, Sudan (AP) —".  The agency in brackets reports, it does not act.
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.'’ -]+)?"
    r"(?:,?\s+(?:[A-Z][a-z]{2,}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,}\.?))?\s*"  # "July 20" or "20 July"
    r"\((?P<agency>[^()]{2,40})\)\s*[-–—]+\s*"
)
# An outlet's name alone before a dash opening the copy: "CNN - The US has ...",
# "(CNN) —"; read only when the name is a known outlet (actors.yaml, type media).
_OUTLET_OPENING = re.compile(r"^\(?(?P<agency>[A-Z][\w.&'’ -]{1,30}?)\)?\s+[-–—]+\s+")


# The agency of a wire dateline that ingest has cut off as a block of its own.
_DATELINE_AGENCY = re.compile(r"\((?P<agency>[^()]{2,40})\)\s*[-–—]*\s*$")


def _dateline_before(ctx: _Ctx, s: Sentence) -> str | None:
    """The text of the dateline block right before sentence s, when s opens the
    paragraph after it ("KYIV, May 3 (Reuters) -" + the lead)."""
    blocks, text = ctx.article.blocks, ctx.article.text
    if not 0 < s.block < len(blocks) or s.start != blocks[s.block].start:
        return None
    before = blocks[s.block - 1]
    if before.role != "dateline" or text[before.end : s.start].strip():
        return None
    return text[before.start : before.end]


def _wire_agency(ctx: _Ctx, s: Sentence) -> str | None:
    """The agency whose wire dateline opens this sentence ("MINSK, 20 June (BelTA) -",
    "CNN -"): in its text, or in the dateline block right before it."""
    m = _WIRE_DATELINE.match(s.text)
    if m:
        a, b = s.start + m.start("agency"), s.start + m.end("agency")
        agency = next((x for x in _mentions_in(ctx, a, b) if x.actor and x.actor.type == "media"), None)
        return agency.actor.name if agency else _outlet_named(m.group("agency"))
    m = _OUTLET_OPENING.match(s.text)
    if m and _outlet_named(m.group("agency")):
        return _outlet_named(m.group("agency"))
    dateline = _dateline_before(ctx, s)
    m = dateline and _DATELINE_AGENCY.search(dateline)
    return _outlet_named(m.group("agency")) if m else None


def _outlet_named(text: str) -> str | None:
    """The canonical name of the outlet this text names exactly, or None."""
    actor = gz.actors().by_alias.get(gz.fold(text.strip()))
    return actor.name if actor is not None and actor.type == "media" else None


def _dateline_place(ctx: _Ctx, s: Sentence) -> dict | None:
    """The place a wire dateline opening sentence s was filed from ("CAPRI, Italy (AP) -"),
    read in the gazetteer with the country the dateline names, if any."""
    m = _WIRE_DATELINE.match(s.text)
    dateline = s.text[: m.start("agency")] if m else _dateline_before(ctx, s)
    if not dateline:
        return None
    parts = [p.strip(" .") for p in dateline.split("(", 1)[0].split(",")]
    if not parts[0] or not parts[0].isupper():
        return None
    country = gz.countries().names.get(gz.fold(parts[1])) if len(parts) > 1 else None
    loc = gz.place_named(string.capwords(parts[0]), country)
    return _location_dict(loc) if loc is not None else None


def _outlet_of(reader, st) -> str | None:
    """The outlet a speaker spoke in or to, named on the speech verb: "assessed in the
    'Guardian' daily that", "said in an interview with the BBC", "told Reuters"."""
    verb = reader.parsed(st.verb)
    if verb is None:
        return None
    phrases = [c for c in verb.children if c.dep_ == "dobj"]
    prepositions = reader.grammar["outlet_prepositions"]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in prepositions):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            phrases.append(obj)
            # "in an interview with the BBC": the outlet one preposition further down
            phrases += [g for p in obj.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    for phrase in phrases:
        a, b = syntax.phrase(phrase)  # "Fox News Digital": compounds of compounds
        hit = next((m for m in _mentions_in(reader.ctx, a, b) if m.actor and m.actor.type == "media"), None)
        if hit is not None:
            return hit.actor.name
    return None


def _fallback_date(article: Article) -> str | None:
    day = anchors.publication_day(article)
    return day.isoformat() if day else None


_DURATION = re.compile(r"P(\d+)([DW])")


def _duration_days(value: str) -> int | None:
    """Days in a TIMEX3 duration of days or weeks ("P1D", "P2W"), else None."""
    m = _DURATION.fullmatch(value)
    if m is None:
        return None
    return int(m.group(1)) * (7 if m.group(2) == "W" else 1)


def _after_publication(ctx: _Ctx, t: Timex | None) -> bool:
    """Whether a date starts after the article's publication day."""
    published = anchors.publication_day(ctx.article)
    if t is None or t.range_start is None or published is None:
        return False
    return anchors.as_day(t.range_start) > published


def _deed_date(ctx: _Ctx, t: Timex, verb) -> Timex | None:
    """The date of a deed reported done whose expression lies after its article: a deed
    is done by the time it is reported.  A month or day without a year on the deed's own
    past-tense verb is the last such one ("imposed sanctions on him in July" in May is
    last July); any other date belongs to something still to come in the sentence ("has
    begun mobilising ahead of exercises scheduled for Feb. 10"): None, undated."""
    if verb is not None and verb.tag_ == "VBD" and anchors.year_left_out(t):
        return anchors.year_before(t)
    return None


def _datable(ctx: _Ctx, t: Timex, unquoted: bool) -> bool:
    """Whether an expression can date a record: a date, a time or a vague stretch ("in
    recent days" is a TimeML duration with a range), outside quotes when ``unquoted``."""
    return (
        t.range_start is not None
        and t.range_end is not None
        and not (unquoted and _in_quote(ctx, t.start))
        and (t.type in ("DATE", "TIME") or t.precision == "approximate")
    )


def _first_specific(found: list[Timex]) -> Timex | None:
    """The first expression, a specific one before a reference word ("Russia now says it
    struck Kyiv on Monday" is Monday)."""
    specific = [t for t in found if not t.value.endswith("_REF")]
    return (specific or found or [None])[0]


def _timex_in(ctx: _Ctx, start: int, end: int, unquoted: bool = False) -> Timex | None:
    """The first expression in [start, end) that dates something.  ``unquoted``: none
    inside a quotation ("'This year, ...,' said X" was not said this whole year)."""
    return _first_specific([t for t in _times_in(ctx, start, end) if _datable(ctx, t, unquoted)])


def _clause_timex(ctx: _Ctx, start: int, end: int, noun) -> Timex | None:
    """The first expression in [start, end) that dates the clause, not a noun in it:
    "the 1979 revolution", "the 2024 Olympics" date their nouns, unless that noun is the
    event's own word ("the October 7 attack killed ..." is the attack's date)."""
    syn = ctx.syntax

    def dates_clause(t: Timex) -> bool:
        head = syn.head_of(t.start, t.end) if syn is not None else None
        if head is None or _dates_clause(head):
            return True
        modified = _modified_noun(head)
        return noun is not None and modified.i == noun.i and modified.doc is noun.doc

    found = [t for t in _times_in(ctx, start, end) if _datable(ctx, t, False) and dates_clause(t)]
    return _first_specific(found)


def _told_as_today(ctx: _Ctx, t: Timex) -> bool:
    """Whether an expression puts its record on the article's own day by words that
    point at it ("today", "this morning", "on Tuesday" in Tuesday's paper), not by a
    calendar date."""
    published = anchors.publication_day(ctx.article)
    return (
        published is not None
        and t.range_start is not None
        and anchors.as_day(t.range_start) == published
        and anchors.as_day(t.range_end) == published
        and not re.search(r"\d", t.text)
        and not any(w in timex.lexicon()["months"] for w in re.findall(r"[a-z]+", t.text.lower()))
    )


def _date_fields(ctx: _Ctx, t: Timex | None, now: bool) -> dict:
    """A record's date and what it rests on (Record.date_basis): the expression ``t`` that
    its clause or its narrative anchor gives ("text"; "publication" when it points at the
    article's day); with none, the article's day when ``now`` (tense and aspect put it
    then: "says", "has struck"), else no date of its own ("reported")."""
    if t is None:
        published = _fallback_date(ctx.article)
        if now and published:
            return dict(
                date_start=published,
                date_end=published,
                date_precision="article",
                date_text=None,
                date_basis="publication",
            )
        return dict(
            date_start=None, date_end=None, date_precision="article", date_text=None, date_basis="reported"
        )

    def iso(x):
        return x.isoformat() if isinstance(x, (date, datetime)) else str(x)

    return dict(
        date_start=iso(t.range_start),
        date_end=iso(t.range_end),
        date_precision=PRECISION.get(t.precision or "", "day"),
        date_text=t.text,
        date_basis="publication" if _told_as_today(ctx, t) else "text",
    )


def _in_time(ctx: _Ctx, pos: int) -> bool:
    """Whether pos is inside a temporal expression."""
    i = bisect_right(ctx.time_starts, pos)
    return i > 0 and ctx.time_reach[i - 1] > pos


def _in_quote(ctx: _Ctx, pos: int, strict: bool = False) -> bool:
    """Whether pos is inside a quote (``strict``: after its first character)."""
    i = (bisect_left if strict else bisect_right)(ctx.quote_starts, pos)
    return i > 0 and ctx.quote_reach[i - 1] > pos


def _content_words(text: str) -> set[str]:
    stop = gz.grammar()["stopwords"]
    return {w for w in re.findall(r"\w+", text.lower()) if w not in stop}


def _repeats_body(s: Sentence, body_words: list[set[str]]) -> bool:
    words = _content_words(s.text)
    if not words:
        return True
    return any(len(words & b) >= HEADLINE_REPEAT_SHARE * len(words) for b in body_words)


def _clean(text: str) -> str:
    text = re.sub(r"[\"“”]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:–—-")
    return text


def _cut(text: str, limit: int = SUMMARY_MAX_WORDS) -> str:
    words = _clean(text).split()
    openers = gz.grammar()["clause_openers"]
    while words and words[-1].lower().strip(",;") in openers:
        words.pop()
    if len(words) <= limit:
        return " ".join(words).rstrip(".")
    return " ".join(words[:limit]).rstrip(",.;:") + "…"


def _actor_dict(a: Actor) -> dict:
    return {"name": a.name, "country": a.country, "role": a.role, "type": a.type}


def _location_dict(loc: Location) -> dict:
    return {"name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon, "kind": loc.kind}


def _loc_dict(m: Mention) -> dict:
    return _location_dict(m.location)


def _participants(ctx: _Ctx, start: int, end: int, exclude: set[str]) -> tuple[list[dict], list[dict]]:
    actors, locations, seen_a, seen_l = [], [], set(exclude), set()
    for m in _mentions_in(ctx, start, end):
        if m.location is not None and m.is_scene:
            if m.location.name not in seen_l:
                seen_l.add(m.location.name)
                locations.append(_loc_dict(m))
            continue
        if m.actor is not None and m.actor.type == "country" and m.in_quote:
            # a country named inside a quotation is talked about, not acting:
            # "a 'Korean' scenario for Ukraine", "create North and South Korea"
            continue
        if m.actor is not None and m.actor.name not in seen_a:
            seen_a.add(m.actor.name)
            actors.append(_actor_dict(m.actor))
    return actors, locations


# --------------------------------------------------------------- statements --


class _SentenceReader:
    def __init__(self, ctx: _Ctx, s: Sentence):
        self.ctx, self.s = ctx, s
        self.toks = entities.tokenize(s.text, s.start)
        self.typ = gz.typology()
        self.grammar = gz.grammar()
        self.ms = _mentions_in(ctx, s.start, s.end)
        self.by_end = {m.end: m for m in self.ms if m.actor is not None}
        self.by_start = {m.start: m for m in self.ms if m.actor is not None}

    def tok_quoted(self, k: int) -> bool:
        return _in_quote(self.ctx, self.toks[k].start)

    # ---------------------------------------------------- from the parse --

    def parsed(self, k: int):
        """The spaCy token at rule token k, or None without a parse."""
        syn = self.ctx.syntax
        return syn.token_at(self.toks[k].start) if syn is not None and 0 <= k < len(self.toks) else None

    def _actor_at(self, a: int, b: int, types=("person", "organisation", "media", "collective", "country")):
        return next(
            (m for m in self.ms if a <= m.start < b and m.actor is not None and m.actor.type in types), None
        )

    def parse_speaker(
        self, v: int
    ) -> tuple[Mention | None, str, int, tuple[int, int], tuple[int, int]] | None:
        """The speaker of speech verb k as the parse sees it: (mention or None, name,
        start of the subject phrase, subject span, span of the subject's own phrase), or
        None when the verb has no subject the parse can give (no parse, a pronoun it
        cannot resolve, a quote)."""
        verb = self.parsed(v)
        if verb is None:
            return None
        head, inherited = syntax.subject(verb)
        if head is None or _in_quote(self.ctx, syntax.offset(head)):
            return None
        if head.is_upper and len(head.text) > 1 and head.i == head.sent.start:
            return None  # a dateline city read as a subject: "MOSCOW, Oct 3 (Reuters) -"
        a, b = syntax.phrase(head)
        sub_a, sub_b = syntax.span_offsets(head.subtree)
        # the mention at the subject's head, then one in its phrase ("Russian Security
        # Council deputy chairman Boris Grizlov"), then one in an apposition or an
        # of-phrase when the head is an office or a number ("one of IDF
        # representatives Peter Lerner", "the spokeswoman of NATO Farah Dakhlallah")
        m = next((x for x in self.ms if x.actor is not None and x.start <= syntax.offset(head) < x.end), None)
        if (
            m is not None
            and m.actor.type == "collective"
            and not m.actor.country
            and attribution.complement_end(head, b) > b
        ):
            m = None  # "Officials in Gaza", "residents of Kharkiv": the group with its place
        if m is None:
            m = self._actor_at(a, b, ("person",))
        if m is None and head.lower_ not in gz.titles().role_heads:
            # "the Pentagon spokesman" is no speech of the Pentagon's: the role of its body
            m = self._actor_at(a, b, ("organisation", "media"))
        office = head.lower_ in gz.titles().role_heads or head.pos_ == "NUM" or head.lower_ == "one"
        if m is None and office:
            m = self._actor_at(b, sub_b, ("person",))
        if m is None and head.pos_ == "PRON":
            return None  # an unresolved pronoun: the rules' previous-speaker reading decides
        # a subject taken from the verb it hangs on opens no clause of its own there:
        # the clause is the verb's ("The Houthis have attacked ..., saying they act")
        start = syntax.offset(verb) if inherited else None
        if m is not None:
            return m, m.actor.name, start or min(a, m.start), (sub_a, sub_b), (a, b)
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        if head.text.islower() and not gz.can_speak(head.text):
            return None  # "rain said" (a machine-translated name), "the exercises": no speaker
        if attribution.first_person(head.text):
            return None  # "- I think ... - he said": the one quoted (_attribute)
        b = self._complement_end(head, b)  # "the head of the German government"
        name = _without_determiner_start(self.ctx.article.text[a:b])
        return None, " ".join(name.split()), start or a, (sub_a, sub_b), (a, b)

    def _complement_end(self, head, end: int) -> int:
        """The end of a described speaker's name with its complement
        (``attribution.complement_end``), cut after the last body or place it names when
        only capitalised words follow: the holder's name the parse glued on ("the
        secretary of the National Security Council Oleksy Danilov")."""
        full = attribution.complement_end(head, end)
        inside = [x for x in self.ms if end <= x.start < full and (x.actor or x.location)]
        if inside:
            tail = self.ctx.article.text[inside[-1].end : full].split()
            if tail and all(w[:1].isupper() for w in tail):
                return inside[-1].end
        return full

    def attached_timex(self, verb) -> Timex | None:
        """The temporal expression whose clause is this verb's ("told reporters on
        Tuesday", "Last month, Japan pledged"), outside quotes; a date of a document
        the verb issued counts too ("In a statement released Tuesday, X said")."""
        syn = self.ctx.syntax
        if syn is None or verb is None:
            return None
        own = []
        ctx = self.ctx
        for t in _times_in(ctx, self.s.start, self.s.end):
            if _in_quote(ctx, t.start):
                continue
            if t.range_start is None or t.range_end is None:
                continue
            if not (t.type in ("DATE", "TIME") or t.precision == "approximate"):
                continue
            head = syn.head_of(t.start, t.end)
            if head is None or not _dates_clause(head):
                continue  # "the current chief", "the 2024 Olympics": it dates a noun
            p = syntax.predicate(head)
            if p.dep_ == "acl" and p.head.lower_ in self.grammar["documents"]:
                p = syntax.predicate(p.head)
            if p.i == verb.i and p.doc is verb.doc:
                own.append(t)
        specific = [t for t in own if not t.value.endswith("_REF")]
        found = (specific or own or [None])[0]
        if found is None and verb.dep_ == "advcl" and verb.head.i != verb.i:
            found = self._offset_timex(verb)
        if found is None and verb.dep_ == "acl" and verb.head.i != verb.i:
            # "when Syrians fleeing the war gathered at the border": a verb on a noun
            # happens when the clause of that noun does (each step climbs the tree)
            return self.attached_timex(syntax.predicate(verb.head))
        if found is None and _shares_head_time(verb):
            # "In May, Munir highlighted the issue, asserting that ...": a participle
            # with no subject of its own happens when the verb it hangs on does.
            return self.attached_timex(syntax.predicate(verb.head))
        if found is None and verb.dep_ in ("advcl", "relcl") and verb.head.i != verb.i:
            if any(
                c.dep_ == "advmod" and c.lower_ in self.grammar["time_clause_openers"] for c in verb.children
            ):
                # "On Monday, when troops shelled Kherson, ...", "began in February 2022,
                # when troops crossed": the clause happens at the time of what it modifies.
                return self.attached_timex(syntax.predicate(verb.head))
        return found

    def _offset_timex(self, verb) -> Timex | None:
        """The date of a clause set a measured time from the clause it modifies: "comes
        one day after Joe Biden said" dates the saying a day before the coming (the
        publication day when the coming has no date of its own)."""
        mark = next((c for c in verb.children if c.dep_ == "mark"), None)
        if mark is None:
            return None
        if mark.lower_ in self.grammar["earlier_clause_marks"]:
            sign = -1
        elif mark.lower_ in self.grammar["later_clause_marks"]:
            sign = 1
        else:
            return None
        gap = next(
            (
                t
                for t in _times_in(self.ctx, self.s.start, self.s.end)
                if t.type == "DURATION" and t.end <= syntax.offset(mark) and self._modifies(t, mark)
            ),
            None,
        )
        days = _duration_days(gap.value) if gap is not None else None
        if days is None:
            return None
        main = syntax.predicate(verb.head)
        anchor = self.attached_timex(main) if main.i != verb.i else None
        if anchor is not None and anchor.range_start != anchor.range_end:
            return None  # "in May, a week after ...": no day to count from
        day = anchor.range_start if anchor is not None else anchors.publication_day(self.ctx.article)
        if day is None:
            return None
        when = anchors.as_day(day) + timedelta(days=sign * days)
        end = syntax.offset(mark) + len(mark.text)
        text = self.ctx.article.text[gap.start : end]
        return Timex(gap.start, end, text, "DATE", when.isoformat(), when, when, "day")

    def _modifies(self, t: Timex, mark) -> bool:
        """Whether a duration measures the clause's offset: it stands right before the
        conjunction ("one day after", "two weeks before"), whichever verb the parse
        hangs it on."""
        return not self.ctx.article.text[t.end : syntax.offset(mark)].strip()

    def subject_country(self, v: int) -> str | None:
        """The country a speaker with no actor is described by, as the parse reads the
        subject's phrase: "a Syrian refugee", "representatives of the Ukrainian Special
        Forces" (its own modifiers and complements; not "officials in London")."""
        verb = self.parsed(v)
        if verb is None:
            return None
        verb = syntax.predicate(verb)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return None
        for tok in entities.role_phrase(subject, set()):
            country = entities.country_of_token(self.ctx.syntax, tok, self.ctx.mentions_by_start)
            if country:
                return country
        return None

    def predicate_of(self, k: int):
        """The parsed verb whose clause rule token k belongs to, or None without a parse."""
        tok = self.parsed(k)
        return syntax.predicate(tok) if tok is not None else None

    def mention_ending(self, k: int) -> Mention | None:
        return self.by_end.get(self.toks[k].end) if 0 <= k < len(self.toks) else None

    def mention_starting(self, k: int) -> Mention | None:
        if k < len(self.toks) and self.toks[k].lower in SPEAKER_DETERMINERS:
            k += 1
        return self.by_start.get(self.toks[k].start) if k < len(self.toks) else None

    def mention_in_phrase(self, k: int) -> Mention | None:
        """The first actor named in the noun phrase from token k ("according to the
        region's human rights ombudsman, Gegham Stepanyan"): up to a verb or the
        clause's end, over one apposition comma."""
        commas = 0
        for j in range(k, min(len(self.toks), k + entities.MAX_APPOSITION_TOKENS)):
            t = self.toks[j]
            m = self.by_start.get(t.start)
            if m is not None and not (
                m.actor
                and m.actor.type == "country"
                and j + 1 < len(self.toks)
                and entities.POSSESSIVE.match(self.toks[j + 1].text)
            ):
                return m
            if t.text == ",":
                commas += 1
                if commas > 1:
                    break
            elif t.text in (".", ";") or t.lower in self.typ.triggers or t.lower in ("that", "who", "which"):
                break
        return None

    def speech_verbs(self) -> list[tuple[int, int, str]]:
        """(first token, end token, type) of speech verbs outside quotes."""
        out, toks, n = [], self.toks, len(self.toks)
        for k in range(n):
            if self.tok_quoted(k) or not toks[k].text.islower():
                continue
            for width in (2, 1):
                if k + width > n:
                    continue
                form = " ".join(t.lower for t in toks[k : k + width])
                if form in self.typ.statement_forms:
                    if self._noun_use(k, k + width) or self._negated(k):
                        break
                    out.append((k, k + width, self.typ.triggers[form]))
                    break
        return out

    def _negated(self, k: int) -> bool:
        """'did not comment', 'declined to comment': no statement was made."""
        before = [t.lower for t in self.toks[max(0, k - 2) : k]]
        return bool(self.grammar["negations"] & set(before)) or (
            len(before) == 2 and before[1] == "to" and before[0] in self.grammar["refusals"]
        )

    def _noun_use(self, k: int, end: int) -> bool:
        toks = self.toks
        prev = toks[k - 1].lower if k else ""
        nxt = toks[end].lower if end < len(toks) else ""
        parsed = self.parsed(k)
        # "the report of", "a statement of" are nouns; "he said of the remarks" is the verb
        of_noun = (
            nxt == "of" and (parsed is None or parsed.pos_ != "VERB") and not self._absolute_participle(k)
        )
        if prev in DETERMINERS or of_noun:
            return True
        if toks[k].lower.endswith("s") and nxt in AUXILIARIES:
            return True  # "intelligence reports have ..."
        if self.typ.triggers[" ".join(t.lower for t in toks[k:end])] == "assessment":
            # "believe the Kremlin is ...": a belief verb needs a clause after it, or a
            # quotation it attributes ('... a dear country," the president concluded.')
            window = [t.lower for t in toks[end : end + 6]]
            attributes = any(t.text in QUOTE_MARKS for t in toks[max(0, k - MAX_ATTRIBUTION_GAP) : k])
            # the parse finds the clause past a phrase in between ("assessed in the
            # Guardian daily that ...")
            clause = parsed is not None and any(c.dep_ == "ccomp" for c in parsed.children)
            follows = window[:1] == ["that"] or any(w in AUXILIARIES for w in window)
            return not (follows or attributes or clause)
        return False

    def _absolute_participle(self, k: int) -> bool:
        """ "with Foreign Minister Ayman Safadi warning of ...": an -ing word right after a
        named speaker in a "with" phrase is that speaker's verb, whatever the parse says."""
        if not self.toks[k].lower.endswith("ing"):
            return False
        m = self.mention_ending(k - 1)
        if m is None or m.actor.type not in ("person", "organisation", "country"):
            return False
        j = k - 1
        while j >= 0 and self.toks[j].start >= m.start:
            j -= 1
        return j >= 0 and self.toks[j].lower == "with"

    def skip_back(self, k: int) -> int:
        fillers = self.grammar["verb_fillers"]
        while k >= 0 and self.toks[k].lower in fillers:
            k -= 1
        return k

    def subject(self, v: int) -> tuple[Mention | None, bool]:
        """The actor mention ending right before the verb (over fillers and one
        parenthesis); (mention, via_parenthesis)."""
        k = self.skip_back(v - 1)
        if k < 0:
            return None, False
        if k >= 2 and self.toks[k].text == ")" and self.toks[k - 2].text == "(":
            k = self.skip_back(k - 3)  # "The Israel Defense Forces (IDF) said": over the acronym
            if k < 0:
                return None, False
        m = self.mention_ending(k)
        if m is not None:
            return m, False
        place = next((p for p in self.ms if p.location is not None and p.end == self.toks[k].end), None)
        if place is not None and not place.is_scene and place.location.kind == "city":
            # a capital for its government: "Moscow warned", "Kyiv says"
            actor = Actor(place.location.name, place.location.country, "government", "organisation")
            return Mention(place.start, place.end, place.text, actor=actor), False
        if self.toks[k].text in (",", "–", "—", "--", "-"):
            closer = self.toks[k].text
            inner = self.mention_ending(k - 1)
            for j in range(k - 1, max(-1, k - 2 - entities.MAX_APPOSITION_TOKENS), -1):
                t = self.toks[j].text
                if t in QUOTE_MARKS:
                    break
                if t == closer or (closer != "," and t in entities.DASHES) or (closer == "," and t == ","):
                    if (
                        inner is not None
                        and j + 1 < len(self.toks)
                        and inner.start == self.toks[j + 1].start
                        and inner.actor.type in ("person", "organisation", "media")
                    ):
                        # "the UN's humanitarian agency, OCHA, said": the name between the commas
                        return inner, True
                    e = j - 1
                    if e >= 0 and self.toks[e].text == ")":
                        # "The Karen National Union (KNU), one of ..., said"
                        while e >= 0 and self.toks[e].text != "(":
                            e -= 1
                        e -= 1
                    m = self.mention_ending(e)
                    return (m, True) if m is not None else (None, False)
        return None, False

    def generic_subject(self, v: int) -> tuple[int, str, Actor | None] | None:
        """(start, text, owner) of a short noun phrase before the verb that no actor covers
        ("intelligence reports"); owner is a possessive actor before it ("Israel's")."""
        k = self.skip_back(v - 1)
        words = []
        stop = (
            self.grammar["clause_openers"]
            | self.grammar["scene_prepositions"]
            | DETERMINERS
            | {"it", "which", "who"}
        )
        while k >= 0 and len(words) < MAX_GENERIC_SPEAKER_TOKENS:
            t = self.toks[k]
            if not t.text[:1].isalpha() or t.lower in stop:
                break
            words.append(k)
            k -= 1
        if not words or self.toks[words[0]].lower in gz.titles().pronouns:
            return None
        if attribution.first_person(self.toks[words[0]].text):
            return None
        head = self.toks[words[0]].text
        if head.islower() and not gz.can_speak(head):
            return None  # "rain said", "came amid", "prompting": no noun that speaks
        first, owner = words[-1], None
        if k >= 1 and entities.POSSESSIVE.match(self.toks[k].text):
            m = self.mention_ending(k) or self.mention_ending(k - 1)  # "Israel's" or "Israel" "'s"
            if m is not None and m.actor.country:
                # "Israel's rescue service said": the owner's name and country come along
                owner, first = m.actor, k - 1
                while first > 0 and self.toks[first].start > m.start:
                    first -= 1
        text = self.s.text[self.toks[first].start - self.s.start : self.toks[words[0]].end - self.s.start]
        return self.toks[first].start, " ".join(text.split()), owner

    def generic_object(self, k: int) -> tuple[int, str] | None:
        """(end offset, text) of a short noun phrase from token k that no actor covers,
        up to punctuation or a verb-like word ("the regional governor", "local officials")."""
        toks = self.toks
        if k < len(toks) and toks[k].lower in SPEAKER_DETERMINERS:
            k += 1
        words = []
        stop = (
            self.grammar["clause_openers"]
            | self.grammar["scene_prepositions"]
            | self.grammar["stopwords"]
            | {"who", "which", "that"}
        )
        while k < len(toks) and len(words) < MAX_GENERIC_SPEAKER_TOKENS:
            t = toks[k]
            if not t.text[:1].isalpha() or t.lower in stop or self.tok_quoted(k) or t.lower.endswith("ed"):
                break
            words.append(t)
            k += 1
        if not words or words[-1].lower in self.grammar["documents"]:
            return None  # "according to figures released ...": a document, not a source
        if words[-1].text.islower() and not gz.can_speak(words[-1].text):
            return None  # "according to the assumptions": no noun that speaks
        return words[-1].end, " ".join(t.text for t in words)

    def statements(self) -> list[_Statement]:
        toks, s = self.toks, self.s
        out: list[_Statement] = []
        verbs = self.speech_verbs()
        media_heads = self.grammar["reporting_verbs"] | self.grammar["outlet_speech_verbs"]
        for v, vend, etype in verbs:
            st = self._attribute(v, vend, etype, out)
            if st is None:
                continue
            if st.speaker is not None and attribution.is_outlet(st.speaker) and toks[v].lower in media_heads:
                st.media = True
            out.append(st)
        # "according to X", "BelTA learned from X"
        sources = self.grammar["source_phrases"]
        for k in range(len(toks) - 2):
            phrase = f"{toks[k].lower} {toks[k + 1].lower}"
            if phrase not in sources or self.tok_quoted(k):
                continue
            role = self._role_object(k + 1)
            m = None if role else self.mention_starting(k + 2) or self.mention_in_phrase(k + 2)
            if role is not None:
                # "according to a senior State Department official": the role of its body
                name, start, span, own = role
                found = self._phrase_statement(k, name, start, span, "comment", phrase, own)
                st = _Statement(
                    k, found.speaker, found.speaker_name, found.confidence, s.start, verb_text=phrase
                )
                source_end = own[1]
            elif m is not None:
                st = _Statement(k, m.actor, m.actor.name, CONF_NAMED_SPEAKER, s.start, verb_text=phrase)
                st.media = attribution.is_outlet(m.actor)
                source_end = m.end
            else:
                found = self.generic_object(k + 2)  # "according to the regional governor"
                if found is None:
                    continue
                source_end, name = found
                st = _Statement(k, None, name, CONF_GENERIC_SPEAKER, s.start, verb_text=phrase)
                group = Actor(name, None, None, "collective")
                if attribution.is_outlet(group):  # "according to state media"
                    st.speaker, st.media = group, True
            said_end = toks[k].start
            learner = self.mention_ending(k - 1) if k else None
            if learner is not None and learner.actor.type == "media":
                # "..., BelTA learned from X": the outlet that learned it reports it
                said_end = learner.start
                relay = _Statement(k, learner.actor, learner.actor.name, CONF_NAMED_SPEAKER, s.start)
                relay.verb_text, relay.content, relay.media = phrase, (s.start, s.start), True
                out.append(relay)
            st.content = (s.start, said_end) if k > 2 else (source_end, s.end)
            st.date_span = (toks[k].start, source_end)
            st.parenthetical = True
            out.append(st)
        out += self._labelled_sources()
        out += self._owned_documents(out)
        for st in out:
            if st.speaker is None and st.speaker_name.lower() in self.grammar["documents"]:
                self._document_source(st)
        out.sort(key=lambda st: toks[st.verb].start if st.verb < len(toks) else s.end)
        self._regions(out)
        return out

    def _role_object(self, k: int) -> tuple[str, int, tuple[int, int], tuple[int, int]] | None:
        """The object of preposition token k when the parse reads it as a role that no
        person's name covers ("according to a senior State Department official", "the
        head of the regional administration"): (name, start, subtree span, own span)."""
        prep = self.parsed(k)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is None or obj.lower_ not in gz.titles().role_heads or _in_quote(self.ctx, syntax.offset(obj)):
            return None
        a, b = syntax.phrase(obj)
        b = self._complement_end(obj, b)
        sub = syntax.span_offsets(obj.subtree)
        # "according to Foreign Minister Dmytro Kuleba", and the holder named in an
        # apposition ("according to the region's ombudsman, Gegham Stepanyan"): the person
        if any(
            x.actor is not None and x.actor.type == "person"
            for x in _mentions_in(self.ctx, a, max(b, sub[1]))
        ):
            return None
        name = " ".join(_without_determiner_start(self.ctx.article.text[a:b]).split())
        return name, a, sub, (a, b)

    def _owned_documents(self, found: list[_Statement]) -> list[_Statement]:
        """A document someone put out, as the subject of the sentence's main verb: what it
        says is its owner's statement, dated by the document's own date ("The British
        Ministry of Defence update on Feb. 13 focuses on ...", "the Institute for the Study
        of War's Feb. 12 assessment covers ..."). Only a document with a named owner."""
        syn, toks = self.ctx.syntax, self.toks
        if syn is None or found:
            return []
        doc = syn.doc(self.s.start)
        root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
        if root is None or root.pos_ != "VERB" or syntax.irrealis(root):
            return []
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in self.grammar["documents"]:
            return []
        a, b = syntax.span_offsets(subject.subtree)
        owner = next(
            (
                m
                for m in self.ms
                if a <= m.start < syntax.offset(subject)
                and m.actor is not None
                and m.actor.type in ("organisation", "media", "country", "person")
                and not self.tok_quoted(self._tok_at(m.start))
            ),
            None,
        )
        v = self._tok_at(syntax.offset(root))
        if owner is None or v is None:
            return []
        st = _Statement(v, owner.actor, owner.actor.name, CONF_NAMED_SPEAKER, a, verb_text=toks[v].text)
        st.content, st.date_span = (toks[v].end, self.s.end), (a, b)
        return [st]

    def _tok_at(self, pos: int) -> int | None:
        """The rule token starting at char offset pos, or None."""
        return next((k for k, t in enumerate(self.toks) if t.start == pos), None)

    def _labelled_sources(self) -> list[_Statement]:
        """Statements a paragraph label makes (data/ingest/labels.txt): "Quote from X:"
        gives the quotation after it to X; "Source: A, citing X" says that X, reported by
        A, is the source of what the article just said (the record is this sentence)."""
        toks, s = self.toks, self.s
        labels = paragraph_labels()
        colon = next((k for k, t in enumerate(toks[: LABEL_MAX_WORDS + 2]) if t.text == ":"), None)
        if not toks or colon is None or self.tok_quoted(0):
            return []
        first, after = toks[0].text, toks[colon].end
        if first in labels.get("quote", ()):
            m = next((m for k in range(1, colon) if (m := self.mention_starting(k))), None)
            if m is None or m.actor is None:
                return []
            st = _Statement(0, m.actor, m.actor.name, CONF_NAMED_SPEAKER, s.start, verb_text="quote from")
            st.content, st.date_span, st.quoted = (after, s.end), (s.start, after), True
            return [st]
        if first not in labels.get("source", ()):
            return []
        found = [m for m in _mentions_in(self.ctx, after, s.end) if m.actor is not None]
        if not found:
            return []
        source = found[0]
        relays = self.grammar["citing_words"]
        citing = next((k for k, t in enumerate(toks) if t.start >= source.end and t.lower in relays), None)
        cited = next((m for m in found if citing is not None and m.start >= toks[citing].end), None)
        if source.actor.type == "media":
            # "Source: PAP, Reuters": the outlet of what the article said since the label
            # before (extract_records); with no one it cites, the label says nothing itself
            self.ctx.labelled_outlets.append((s.start, source.actor.name))
            if cited is None:
                return []
        reporter = _Statement(colon, source.actor, source.actor.name, CONF_NAMED_SPEAKER, s.start)
        reporter.verb_text, reporter.content = "source", (s.start, s.start)
        reporter.media = cited is not None
        if cited is None:
            return [reporter]
        name = cited.actor.name
        st = _Statement(citing, cited.actor, name, CONF_NAMED_SPEAKER, s.start, verb_text=toks[citing].lower)
        st.content, st.date_span, st.parenthetical = (cited.start, s.end), (s.start, s.end), True
        return [reporter, st]

    def _attribute(self, v: int, vend: int, etype: str, earlier: list[_Statement]) -> _Statement | None:
        toks, s = self.toks, self.s
        verb_text = " ".join(t.text for t in toks[v:vend])
        prev = toks[v - 1].lower if v else ""
        # continuation: ", adding that", "but warned that"
        if earlier and (prev in ("and", "but") or (toks[v].lower.endswith("ing") and prev == ",")):
            base = next((e for e in reversed(earlier) if not e.media), None)
            if base is not None:
                return _Statement(
                    v,
                    base.speaker,
                    base.speaker_name,
                    base.confidence,
                    toks[v].start,
                    inherit=True,
                    event_type=etype,
                    verb_text=verb_text,
                )
        if not earlier and prev in ("and", "but"):
            # "Gallant visited troops on the border and said Israel was ready": the
            # sentence's subject speaks; its clause starts at the verb, the deed before
            # it stays an event of its own
            head = self.mention_starting(0)
            if (
                head is not None
                and not entities.is_pronoun(head)
                and head.actor.type != "media"
                and not self.tok_quoted(0)
                and not any(t.text in (";", ":") for t in toks[:v])
            ):
                return _Statement(
                    v,
                    head.actor,
                    head.actor.name,
                    CONF_NAMED_SPEAKER,
                    toks[v].start,
                    event_type=etype,
                    verb_text=verb_text,
                )
        m, paren = None, False
        conf = CONF_NAMED_SPEAKER
        start = None
        # passive: "it was announced by the ministry"
        if prev in PASSIVE_AUX and vend < len(toks) and toks[vend].lower == "by":
            m = self.mention_starting(vend + 1)
            if m is not None:
                start = toks[max(0, self.skip_back(v - 1))].start
        if m is None:
            m, paren = self.subject(v)
            start = m.start if m is not None else None
        if m is None:
            # inverted: '"...," said Budanov.'
            inverts = toks[v].lower not in self.grammar["no_inversion"]
            if inverts and (v and (toks[v - 1].text in (",", *QUOTE_MARKS)) or v == 0):
                m = self.mention_starting(vend)
                if m is not None:
                    start = toks[v].start
        parsed = self.parse_speaker(v)
        if parsed is not None:
            pm, pname, pstart, (sa, sb), own_span = parsed
            # a person at the subject's head beats a name in its apposition after it
            # ("Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, told")
            head_person = (
                m is not None
                and pm is not None
                and pm.actor.type == "person"
                and m.start >= pm.end
                and not entities.is_pronoun(pm)
            )
            # a place or a country inside a described subject is where or whose it is,
            # not who spoke ("Officials in Gaza say", "the head of the German government")
            modifier = (
                m is not None and pm is None and not paren and m.actor.type != "person" and sa <= m.start < sb
            )
            if m is None or not (sa <= m.start < sb) or head_person or modifier:
                # the parse's subject wins over a name that merely stands near the verb
                # ("Interfax, citing Boris Grizlov, Russia's ambassador" is no speech of
                # Russia's; '... said Maria Engqvist, an analyst')
                if pm is None:
                    return self._phrase_statement(v, pname, pstart, (sa, sb), etype, verb_text, own_span)
                if pstart > pm.end and not entities.is_pronoun(pm):
                    # the subject of the verb this one hangs on: the clause starts at the verb
                    return _Statement(
                        v,
                        pm.actor,
                        pm.actor.name,
                        CONF_NAMED_SPEAKER,
                        pstart,
                        event_type=etype,
                        verb_text=verb_text,
                    )
                m, start, paren = pm, pstart, False
        if m is not None and entities.is_pronoun(m):
            # a pronoun subject is most often the sentence's earlier speaker
            same = next((e for e in reversed(earlier) if e.speaker and not e.media), None)
            if same is not None and (same.speaker.type == m.actor.type or m.text.lower() in ("they", "it")):
                return _Statement(
                    v,
                    same.speaker,
                    same.speaker_name,
                    CONF_REFERRED_SPEAKER,
                    m.start,
                    event_type=etype,
                    verb_text=verb_text,
                )
            conf = CONF_REFERRED_SPEAKER
            speaker = self._continued_speaker(m)
            if speaker is not None:
                return _Statement(
                    v,
                    speaker.speaker,
                    speaker.speaker_name,
                    conf,
                    m.start,
                    event_type=etype,
                    verb_text=verb_text,
                )
        if m is not None:
            st = _Statement(
                v, m.actor, m.actor.name, conf, min(start, m.start), event_type=etype, verb_text=verb_text
            )
            st.parenthetical = paren and False
            if (
                v >= 2
                and toks[v - 1].lower != ","
                and m.start > s.start
                and self.s.text[m.start - s.start - 2 : m.start - s.start].strip() == ","
            ):
                # ", it claimed," in the middle of the sentence
                after = toks[vend].text if vend < len(toks) else ""
                st.parenthetical = after == ","
            return st
        k = self.skip_back(v - 1)
        if k >= 0 and attribution.first_person(toks[k].text) and not self.tok_quoted(k):
            # "- I think they were surprised - he commented": a quotation marked by dashes
            # (translated copy); "I" is the one quoted, the person who spoke last
            voice = (
                next((e for e in reversed(earlier) if e.speaker and not e.media), None) or self._last_person()
            )
            if voice is None:
                return None
            return _Statement(
                v,
                voice.speaker,
                voice.speaker_name,
                CONF_REFERRED_SPEAKER,
                toks[k].start,
                event_type=etype,
                verb_text=verb_text,
            )
        # a phrase that is no known actor, when what follows is clearly what was said
        nxt = [t.lower for t in toks[vend : vend + 2]]
        g = self.generic_subject(v)
        # ", the regional governor said on Wednesday." closing the sentence
        addressee = self.mention_starting(vend)
        tail = len(toks) - vend - (len(entities.tokenize(addressee.text)) if addressee else 0)
        trailing = (
            g is not None
            and tail <= MAX_TRAILING_TAIL_TOKENS
            and _without_determiner(s.text[: g[0] - s.start]).rstrip("\"”’'").endswith(",")
        )
        # "said on Sunday it would pause ...": a clause of its own after the verb and its date
        k = vend
        while k < len(toks) and (toks[k].lower == "on" or _timex_in(self.ctx, toks[k].start, toks[k].end)):
            k += 1
        clause_follows = (
            k < len(toks) and toks[k].text.islower() and toks[k].lower in self.grammar["clause_subjects"]
        )
        if nxt[:1] in (["that"], [":"]) or (nxt and nxt[0] in QUOTE_MARKS) or trailing or clause_follows:
            if g:
                g_start, name, owner = g
                speaker = Actor(name, owner.country, None, "collective") if owner is not None else None
                return _Statement(
                    v, speaker, name, CONF_GENERIC_SPEAKER, g_start, event_type=etype, verb_text=verb_text
                )
        return None

    def _continued_speaker(self, m: Mention) -> _Statement | None:
        """The person a "he"/"she" speaking goes back to: the latest person who spoke in the
        paragraphs just before, when the text names someone else after them
        ("Zelenskyy has warned ... officials agreed, saying Putin will try ... 'It is
        complicated,' he said": Zelenskyy, not Putin); None keeps the latest person."""
        if gz.titles().pronouns.get(m.text.lower()) != "person":
            return None
        last = self._last_person(m.text)
        if last is None or last.speaker_name == m.actor.name:
            return None
        if self._main_subject(self._antecedent(m)):
            return None  # "Kuleba underlined ... He thanked Germany": the one the text goes on about
        return last

    def _last_person(self, pronoun: str = "") -> _Statement | None:
        """The latest statement of a person (or a described office) in the paragraphs just
        before, of a gender the pronoun agrees with ("she" is no Zbigniew); a backward
        scan that stops at the reach."""
        recent = itertools.takewhile(
            lambda x: self.s.block - x[0].block <= SPEAKER_REACH_BLOCKS, reversed(self.ctx.speakers)
        )
        return next(
            (
                st
                for _, st in recent
                if _person_like(st.speaker) and attribution.agrees(pronoun, st.speaker.name, st.speaker.role)
            ),
            None,
        )

    def _document_source(self, st: _Statement) -> None:
        """ "the statement said": the one who spoke in that document in the paragraphs
        just before ("the US military said in a statement ... the statement said")."""
        noun = st.speaker_name.lower()
        for s, earlier in reversed(self.ctx.speakers):
            if self.s.block - s.block > SPEAKER_REACH_BLOCKS:
                return
            if noun in {t.lower for t in entities.tokenize(s.text, s.start)}:
                st.speaker, st.speaker_name = earlier.speaker, earlier.speaker_name
                st.confidence = CONF_REFERRED_SPEAKER
                return

    def _antecedent(self, m: Mention) -> Mention | None:
        """The latest mention before pronoun m of the actor it was resolved to."""
        ms, at = self.ctx.mentions, bisect_left(self.ctx.mention_starts, m.start)
        return next(
            (
                x
                for x in map(ms.__getitem__, range(at - 1, -1, -1))
                if x.actor is m.actor and x.text != m.text
            ),
            None,
        )

    def _main_subject(self, m: Mention | None) -> bool:
        """Whether mention m is the subject of its sentence's main verb (or of a verb
        coordinated with it), not a name inside a clause or phrase."""
        syn = self.ctx.syntax
        head = syn.head_of(m.start, m.end) if m is not None and syn is not None else None
        if head is None or head.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = head.head
        while verb.dep_ == "conj":
            verb = verb.head
        return verb.dep_ == "ROOT"

    def _phrase_statement(
        self,
        v: int,
        name: str,
        start: int,
        span: tuple[int, int],
        etype: str,
        verb_text: str,
        own: tuple[int, int] | None = None,
    ) -> _Statement:
        """A speaker the parse found that no actor mention covers (``own``: its phrase's
        span, ``span``: the whole subject's).  An office resolves to the nearest person
        named earlier in that office ("the president" -> the president named before;
        "the head of state" -> the president, titles.yaml office_equivalents); a kind of
        body alone ("the Ministry") to the latest body of that kind; a definite role no
        one holds to the one described so before ("a senior official said ... the
        official said").  Otherwise the phrase itself, with the country its own words
        name ("the U.S. Embassy", "the Russian foreign minister", "officials in Gaza")."""
        own = own or span
        words = name.lower().split()
        in_name = [x for x in self.ms if own[0] <= x.start < own[1]]
        country = next(
            (
                (x.actor and x.actor.country) or (x.location and x.location.country)
                for x in in_name
                if (x.actor and x.actor.country) or (x.location and x.location.country)
            ),
            None,
        )
        nations = gz.countries()
        by_word = {
            w.lower(): nations.demonyms.get(gz.fold(w)) or nations.names.get(gz.fold(w)) for w in name.split()
        }
        country = country or next((c for c in by_word.values() if c), None)
        complements = self.grammar["speaker_complements"] | {"in", "from"}
        cut = next((k for k, w in enumerate(words) if k and w in complements), len(words))
        head = words[cut - 1] if cut else ""
        definite = self.ctx.article.text[start : start + 4].lower() == "the "
        if head in gz.titles().role_heads:
            # the office's own words must all be in the person's role: "the foreign
            # minister" is not the defence minister named before; the country in the
            # phrase ("the Russian president") must be the person's
            named = {w.lower() for x in in_name if x.actor or x.location for w in x.text.split()}
            office = [
                w
                for w in words
                if w not in DETERMINERS and w not in named and not by_word[w] and not w.endswith(("'s", "’s"))
            ]
            while office and office[-1] in complements:
                office.pop()  # "spokesman of [the US State Department]": the body is named
            post = attribution.office_words(" ".join(office))
            # the nearest such person before start: a backward scan from start
            ms, at = self.ctx.mentions, bisect_left(self.ctx.mention_starts, start)
            person = next(
                (
                    x.actor
                    for x in map(ms.__getitem__, range(at - 1, -1, -1))
                    if x.actor is not None
                    and x.actor.type == "person"
                    and not x.in_quote  # '"... as Putin put it," the president said' is not Putin
                    and attribution.holds(x.actor.role, post)
                    and (country is None or x.actor.country == country)
                ),
                None,
            )
            if person is not None:
                return _Statement(
                    v,
                    person,
                    person.name,
                    CONF_REFERRED_SPEAKER,
                    start,
                    event_type=etype,
                    verb_text=verb_text,
                )
            described = self._described_before(head, post) if definite else None
            if described is None and definite:
                described = self._topic_holder(post, country, " ".join(office))
            if described is None and not definite and country is None and cut == len(words):
                body = self._body_spoken(" ".join(w for w in words if w not in DETERMINERS))
                if body is not None:  # "Lufthansa said ... A spokesperson said"
                    name = f"{name} for {body.name}"
                    return _Statement(
                        v,
                        Actor(name, body.country, None, "collective"),
                        name,
                        CONF_GENERIC_SPEAKER,
                        start,
                        event_type=etype,
                        verb_text=verb_text,
                    )
            if described is not None:
                return _Statement(
                    v,
                    described.speaker,
                    described.speaker_name,
                    CONF_REFERRED_SPEAKER,
                    start,
                    event_type=etype,
                    verb_text=verb_text,
                )
        elif definite and cut == 1 and name.capitalize() in gz.titles().organisation_heads | {name}:
            body = self._body_before(name, start)  # "As the Ministry notes", "the group said"
            if body is not None:
                return _Statement(
                    v, body, body.name, CONF_REFERRED_SPEAKER, start, event_type=etype, verb_text=verb_text
                )
        # an office is described, not named ("the Russian foreign minister"): a
        # collective speaker with the office's country, which a later "he" may continue
        # (_person_like); other phrases ("the U.S. Embassy in Moscow") speak for a body
        if head in gz.titles().role_heads and country is None:
            country = self.subject_country(v)
        speaker = Actor(name, country, None, "collective") if country else None
        return _Statement(
            v, speaker, name, CONF_GENERIC_SPEAKER, start, event_type=etype, verb_text=verb_text
        )

    def _described_before(self, head: str, post: frozenset[str]) -> _Statement | None:
        """The speaker a definite role goes back to when no named person holds it: the
        latest one described with the same head noun and all the office's words, in the
        paragraphs just before ("according to a senior State Department official ...
        the official said")."""
        for s, earlier in reversed(self.ctx.described):
            if self.s.block - s.block > SPEAKER_REACH_BLOCKS:
                return None
            said = earlier.speaker_name.lower().split()
            if head in said and post <= attribution.office_words(earlier.speaker_name) | set(said):
                if earlier.speaker is None or earlier.speaker.type != "person":
                    return earlier
        return None

    def _topic_holder(self, post: frozenset[str], country: str | None, office: str) -> _Statement | None:
        """The person a definite office no one named holds goes back to: the latest person
        who spoke in the paragraphs just before, when nothing known of them says otherwise
        (their role, unknown or that office; their country; their gender against the
        office's: "spokeswoman") - "... Markarova said. The ambassador said" is Markarova."""
        last = self._last_person()
        if last is None or last.speaker.type != "person":
            return None
        person = last.speaker
        if person.role is not None and not attribution.holds(person.role, post):
            return None
        if country is not None and person.country not in (None, country):
            return None
        said = attribution.gender("", office, office)
        if said is not None and attribution.gender(person.name, person.role) not in (None, said):
            return None
        return last

    def _body_spoken(self, role: str) -> Actor | None:
        """The body an unattached spokesperson speaks for (titles.yaml body_roles): the
        latest speaker, when a body, in this paragraph or the one before."""
        if role not in attribution.body_roles():
            return None
        for s, earlier in reversed(self.ctx.described):
            if self.s.block - s.block > 1:
                return None
            if earlier.speaker is not None and earlier.speaker.type in ("organisation", "media"):
                return earlier.speaker
            return None  # a person or a group spoke last: whose spokesperson is unclear
        return None

    def _body_before(self, head: str, start: int) -> Actor | None:
        """The latest body named before ``start`` whose name or kind has this head ("the
        UK's Ministry of Defence ... the Ministry said"; "Hamas", an armed group, ... "the
        group said"; "IRNA", a state news agency, ... "the agency reported")."""
        ms, at = self.ctx.mentions, bisect_left(self.ctx.mention_starts, start)
        head = head.lower()
        return next(
            (
                x.actor
                for x in map(ms.__getitem__, range(at - 1, -1, -1))
                if x.actor is not None
                and x.actor.type in ("organisation", "media")
                and not x.in_quote
                and head in f"{x.actor.name} {x.actor.role or ''}".lower().split()
            ),
            None,
        )

    def _regions(self, sts: list[_Statement]) -> None:
        """Each statement's clause, content, date span and quote."""
        toks, s, ctx = self.toks, self.s, self.ctx
        for i, st in enumerate(sts):
            nxt_start = s.end
            for later in sts[i + 1 :]:
                if later.region_start > st.region_start:
                    nxt_start = later.region_start
                    break
            st.region_end = nxt_start
            if st.verb_text in self.grammar["source_phrases"]:
                continue
            v = st.verb
            vend = v + len(st.verb_text.split())
            verb_end = toks[vend - 1].end
            # where the content starts: after "that" near the verb, else right after the verb
            that = next(
                (
                    k
                    for k in range(vend, min(len(toks), vend + MAX_THAT_DISTANCE))
                    if toks[k].lower == "that" and not self.tok_quoted(k) and toks[k].start < st.region_end
                ),
                None,
            )
            if that is not None and vend < len(toks) and toks[vend].lower in self.grammar["clause_subjects"]:
                # "said it was studying a proposal that mediators presented": the clause
                # starts at once; the later "that" is a relative pronoun
                that = None
            speaker_after = (
                st.speaker is not None
                and st.region_start < toks[v].start
                and any(m.start >= verb_end and m.actor == st.speaker for m in self.ms)
            )
            quotes_before = [
                (a, b) for a, b in _quotes_in(ctx, s.start, s.end) if b <= st.region_start + 2 and b <= s.end
            ]
            date_end = verb_end
            for k in range(vend, min(len(toks), vend + MAX_DATE_AFTER_VERB + 1)):
                t = _timex_in(ctx, toks[k].start, toks[k].end)
                if t is not None:
                    date_end = t.end
                    break
            rest = (toks[that].end if that is not None else verb_end, st.region_end)
            rest_text = ctx.article.text[rest[0] : rest[1]].strip(' .,"”')
            # '"...," said Anita Gbeho, the UN coordinator in South Sudan.': the speaker
            # and an apposition after the verb are no reported clause
            inverted = st.speaker is not None and any(
                m.actor == st.speaker and verb_end <= m.start <= verb_end + 1 for m in self.ms
            )
            if quotes_before and that is None and (len(rest_text.split()) <= MAX_THAT_DISTANCE or inverted):
                # '"...," Fomin told reporters on Tuesday.'
                st.content = (quotes_before[0][0], quotes_before[-1][1])
                st.quote = " ".join(ctx.article.text[a:b] for a, b in quotes_before)
                st.quoted = True
                date_end = st.region_end
                if i == 0:
                    st.region_start = s.start
            else:
                st.content = rest
                zero_that = (
                    vend < len(toks)
                    and toks[vend].text.islower()
                    and toks[vend].lower in self.grammar["clause_subjects"]
                    and not self.tok_quoted(vend)
                )
                if that is not None:
                    date_end = toks[that].start
                elif zero_that:
                    date_end = verb_end  # "Hezbollah said it fired ... on Wednesday": the date is the deed's
                else:
                    # "confirmed the closure on Tuesday": an object, not a reported clause,
                    # so a date up to the clause's end is the statement's own
                    comma = next(
                        (
                            k
                            for k in range(vend, len(toks))
                            if toks[k].text in (",", ";") or toks[k].start >= st.region_end
                        ),
                        len(toks),
                    )
                    if not any(t.lower in AUXILIARIES for t in toks[vend:comma]):
                        date_end = toks[comma - 1].end if comma > vend else date_end
            if speaker_after:
                # passive: "was announced by the Turkish Defence Ministry on Monday"
                m_end = max(m.end for m in self.ms if m.start >= verb_end and m.actor == st.speaker)
                k0 = next((k for k, t in enumerate(toks) if t.start >= m_end), len(toks))
                for k in range(k0, min(len(toks), k0 + MAX_DATE_AFTER_VERB)):
                    t = _timex_in(ctx, toks[k].start, toks[k].end)
                    if t is not None:
                        date_end = max(date_end, t.end)
                        break
                inner = _quotes_in(ctx, rest[0], rest[1])
                if inner:
                    st.quote = " … ".join(ctx.article.text[a : min(b, s.end)] for a, b in inner)
            date_start = st.region_start
            # a date right before the speaker ("On Tuesday, the minister said")
            t = _timex_in(ctx, s.start, st.region_start)
            if t is not None and not ctx.article.text[t.end : st.region_start].strip(" ,"):
                date_start = t.start
            for rel in RELATIVE_CLAUSE.finditer(ctx.article.text, date_start, toks[v].start):
                # "Traore, who seized power in September 2022, has vowed": that date is the
                # relative clause's, not the vow's
                date_start = rel.end()
            st.date_span = (date_start, date_end)
            if that is not None and toks[that].start > verb_end and not speaker_after:
                st.verb_text = ctx.article.text[toks[v].start : toks[that].start].strip()  # "told reporters"
            before = _attribution_lead(ctx.article.text[s.start : st.region_start])
            rest_words = rest_text.split()
            # ", residents said, and gunfire ...": the attribution closes a clause mid-sentence
            mid_sentence = (
                bool(rest_words)
                and rest_words[0].lower() in self.grammar["clause_openers"]
                and (ctx.article.text[verb_end : rest[1]].lstrip().startswith(","))
            )
            if (
                not st.quoted
                and that is None
                and (len(rest_words) <= MAX_THAT_DISTANCE or mid_sentence)
                and before.endswith(",")
                and len(before.split()) >= MIN_TRAILING_CONTENT_WORDS
                and not _in_quote(ctx, st.region_start, strict=True)
            ):
                # "Rebels took the town on Friday, the army said.": what was said comes
                # first; its date is the event's, the statement keeps the verb's own
                st.parenthetical = True
                st.region_start = s.start + len(before)  # from the comma, "the" included
                st.date_span = (st.region_start, date_end)
            if st.parenthetical:
                st.content = (s.start, s.end)
                st.paren_span = (st.region_start, verb_end)
            if st.quote:
                st.quote = st.quote.strip().rstrip(",").strip()


# ------------------------------------------------------------------ clauses --


def _clauses(reader: _SentenceReader) -> list[tuple[int, int]]:
    """Char spans of the sentence's clauses (outside quotes)."""
    toks, s = reader.toks, reader.s
    openers = reader.grammar["clause_openers"]
    cuts = [s.start]
    clause_first = 0
    for k, t in enumerate(toks):
        if reader.tok_quoted(k):
            continue
        boundary = False
        if t.text in (";", "–", "—", "--"):
            boundary = True
        elif t.lower in ("and", "but") and k > clause_first and _coordinated_deed(reader, k + 1):
            # "Petro suspended peace talks on Friday and declared a state of emergency":
            # two deeds, two clauses
            cuts.append(t.start)
            clause_first = k
            continue
        elif t.text == "," and k + 1 < len(toks):
            nxt = toks[k + 1].lower
            after = toks[k + 2].lower if k + 2 < len(toks) else ""
            if nxt in ("and", "or") and after in reader.grammar["scene_prepositions"]:
                continue  # "in the capital, Sanaa, and in the port city of Hodeidah": one clause
            if nxt in openers or nxt in RELATIVE_PRONOUNS:
                boundary = True
            elif toks[clause_first].lower in SUBORDINATORS | RELATIVE_PRONOUNS and k - clause_first >= 3:
                boundary = True  # the comma that closes ", who seized power in 2022,"
        if boundary:
            cuts.append(t.end)
            clause_first = k + 1
    cuts.append(s.end)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _coordinated_deed(reader: _SentenceReader, k: int) -> bool:
    """Whether token k starts a second verb phrase of the same subject that names a
    deed or a statement of its own: a past verb that is a trigger ("and declared")."""
    toks = reader.toks
    if k >= len(toks) or not toks[k].text.islower() or reader.tok_quoted(k):
        return False
    w = toks[k].lower
    if not (w.endswith("ed") or w in reader.grammar["past_forms"]):
        return False
    return _trigger_at(reader, k, len(toks), kind=None) is not None


def _trigger_at(
    reader: _SentenceReader, k: int, stop: int, kind: str | None = "event"
) -> tuple[str, int] | None:
    """(type, width) of the longest trigger starting at token k and ending before token
    ``stop`` ("set fire", "pulling back", "struck"); only of ``kind`` when given."""
    typ = reader.typ
    for width in range(min(typ.max_words, stop - k), 0, -1):
        name = typ.triggers.get(" ".join(t.lower for t in reader.toks[k : k + width]))
        if name and (kind is None or typ.types[name].kind == kind):
            return name, width
    # a verb-and-object trigger with words between them: "fired three dozen missiles"
    # is "fire missiles", "opened heavy fire" is "open fire"
    verb = reader.parsed(k)
    if verb is not None and verb.pos_ == "VERB":
        for obj in verb.children:
            if obj.dep_ != "dobj":
                continue
            name = typ.triggers.get(f"{reader.toks[k].lower} {obj.lower_}")
            if name and (kind is None or typ.types[name].kind == kind):
                return name, 1
    return None


def _trigger(reader: _SentenceReader, start: int, end: int) -> tuple[str, int] | None:
    """(event type, token index) of the first event trigger in a char span, outside quotes."""
    ks = [k for k, t in enumerate(reader.toks) if start <= t.start < end]
    stop = ks[-1] + 1 if ks else 0
    for k in ks:
        t = reader.toks[k]
        if reader.tok_quoted(k) or not t.text[:1].isalpha() or _proper_use(reader, k):
            continue
        if _in_time(reader.ctx, t.start):
            continue  # "on the day of the attack", "since the war began": a time, not a deed
        hit = _trigger_at(reader, k, stop)
        if hit is None:
            continue
        parsed = reader.parsed(k)
        if parsed is not None and parsed.dep_ == "amod" and parsed.tag_ == "VBN":
            continue  # "in occupied Crimea", "the besieged city": a state the noun is in, no deed
        name, width = hit
        after = reader.toks[k + width].lower if k + width < stop else ""
        if after in reader.grammar["non_event_heads"]:
            continue  # "a ceasefire proposal": a proposal, not a ceasefire
        return name, k
    return None


def _reports_deed(reader: _SentenceReader, st: _Statement, a: int, b: int) -> bool:
    """Whether what a statement says in text[a:b] is a deed done (an event verb
    in the past or perfect: "evacuated", "have captured", "were pulling back"),
    not a plan, a threat or an opinion."""
    toks, typ, grammar = reader.toks, reader.typ, reader.grammar
    start = max(a, st.content[0]) if st.content else a
    if st.event_type == "announcement" and _past_verb(st.verb_text, grammar):
        # "declared a state of emergency", "imposed a curfew": the declaring is the deed
        trig = _trigger(reader, start, b)
        if trig is not None and 0 < trig[1] - st.verb <= MAX_DECLARED_OBJECT_TOKENS:
            # its object, not a clause after it ("declared that it would ...")
            clause = {"that", "to", ","} | set(grammar["clause_subjects"])
            if not any(t.lower in clause for t in toks[st.verb + 1 : trig[1]]):
                return True
    if st.event_type not in REPORTED_DEED_TYPES:
        return False
    for k, t in enumerate(toks):
        if not (start <= t.start < b) or reader.tok_quoted(k) or not t.text.islower():
            continue
        hit = _trigger_at(reader, k, len(toks), kind=None)  # "set fire (to)" as well as "struck"
        name = hit[0] if hit else None
        if name is None or typ.types[name].kind != "event":
            continue
        if _hypothetical(reader.ctx.article.text[start : t.start]):
            return False
        before = {x.lower for x in toks[max(0, k - 2) : k]}
        if (
            t.lower.endswith("ed")
            or t.lower in grammar["past_forms"]
            or before & grammar["perfect_auxiliaries"]
        ):
            return True
    return False


def _relative_antecedent(reader: _SentenceReader, a: int) -> Actor | None:
    """The actor a relative clause starting at char a refers to:
    "Mali's ruling junta, which seized power" -> the junta."""
    toks = reader.toks
    k = next((j for j, t in enumerate(toks) if t.start >= a), None)
    if k is None or k < 2 or toks[k].lower not in ("which", "who") or toks[k - 1].text != ",":
        return None
    m = reader.mention_ending(k - 2)
    return m.actor if m is not None and m.actor.type not in ("pronoun",) else None


def _proper_use(reader: _SentenceReader, k: int) -> bool:
    """A capitalised trigger that names rather than acts: "In March", "Operation
    Storm", "Resistance fighters" (a modifier of a group noun at the sentence start)."""
    toks = reader.toks
    if not toks[k].text[:1].isupper():
        return False
    if k > 0:
        return True
    nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
    t = gz.titles()
    return nxt in t.collective_nouns or nxt in t.bare_collectives


def _without_source(text: str, source: str | None) -> str:
    """The clause without its ", Reuters reported" / "according to Reuters"."""
    if not source:
        return text
    name = re.escape(source.split()[0])
    return re.sub(
        r",?\s*(?:(?i:according to)\s+)?(?:(?i:the)\s+)?"
        + name
        + r"[\w\s]*?(?:\s+(?:reported|reports|said|says))?(?=[.,;]|$)",
        "",
        text,
    ).lstrip(" ,")


def _event_summary(text: str) -> str:
    openers = gz.grammar()["clause_openers"] | SUBORDINATORS
    words = _clean(text).split()
    while words and words[0].lower().strip(",") in openers:
        words.pop(0)
    return _cut(" ".join(words))


def _quote_core(quote: str) -> str:
    """The part of a long quotation worth a timeline row: its last clause with an event trigger."""
    parts = [p.strip() for p in re.split(r",\s+", _clean(quote)) if len(p.split()) >= 4]
    typ = gz.typology()
    for part in reversed(parts):
        words = part.lower().split()
        if any(w in typ.triggers and typ.types[typ.triggers[w]].kind == "event" for w in words):
            return _cut(part)
    return _cut(quote)


# ----------------------------------------------------------------- building --


def _make(ctx: _Ctx, s_start: int, s_end: int, ordinal: int, **fields) -> Record:
    text = ctx.article.text
    return Record(
        id=record_id(ctx.article.id, s_start, s_end, ordinal),
        article_id=ctx.article.id,
        sentence=text[s_start:s_end],
        char_start=s_start,
        char_end=s_end,
        **fields,
    )


def _finite(verb: str) -> str:
    """'adding' -> 'added': a participle attribution read as a finite verb for summaries."""
    first, _, rest = verb.partition(" ")
    if first.endswith("ing") and len(first) > 5:
        first = IRREGULAR_PAST.get(first, first[:-3] + "ed")
    return f"{first} {rest}".strip()


def _past_verb(verb_text: str, grammar) -> bool:
    last = verb_text.split()[-1].lower() if verb_text else ""
    return last.endswith("ed") or last in grammar["past_forms"]


def _hypothetical(text: str) -> bool:
    modals = gz.grammar()["modals"]
    return any(w in modals for w in re.findall(r"\w+", text.lower()))


def _opening_scenes(ctx: _Ctx, reader: _SentenceReader, st: _Statement, seen: set[str]) -> list[dict]:
    """Places named before the statement's region that the parse hangs on its speech
    verb: "During his visit to New Delhi on Monday, Kishida announced ..." was said
    in New Delhi."""
    verb = reader.parsed(st.verb)
    syn = ctx.syntax
    if verb is None or syn is None:
        return []
    out = []
    for m in _mentions_in(ctx, reader.s.start, st.region_start):
        if m.location is None or not m.is_scene or m.location.name in seen:
            continue
        head = syn.head_of(m.start, m.end)
        if head is not None and head.doc is verb.doc and syntax.predicate(head).i == verb.i:
            seen.add(m.location.name)
            out.append(_loc_dict(m))
    return out


def _statement_record(
    ctx: _Ctx, reader: _SentenceReader, st: _Statement, reported_by: str | None, ordinal: int
) -> Record:
    text = ctx.article.text
    s = reader.s
    country = st.speaker.country if st.speaker else None
    if country is None and (st.speaker is None or st.speaker.type != "person"):
        # a person's country is settled once per article (core.entities); a group or
        # an unnamed source is described where it speaks ("a Syrian refugee said")
        country = reader.subject_country(st.verb)
    if _after_publication(ctx, st.timex):
        # "officials are warning ... next week": no one has said anything after the
        # article was written; the date is what the statement is about
        st.timex = None
    own_date = st.timex is not None
    # with no date of its own, a saying in the present or the simple past is the news
    # report's own (the tense a report gives what was said for it: "..., the minister
    # said"); one told as earlier ("had warned") is only reported
    dated = _date_fields(ctx, st.timex, _said_tense(reader, st) != "earlier")
    st.date_basis = dated["date_basis"]
    published = _fallback_date(ctx.article)
    if published and dated["date_start"] and dated["date_start"] <= published < dated["date_end"]:
        dated["date_end"] = published  # "in November" said in an article of 18 November: by the 18th
    exclude = {r for r in [reported_by] if r}
    actors, locations = _participants(ctx, st.region_start, st.region_end, exclude)
    if st.parenthetical or st.verb_text in reader.grammar["source_phrases"]:
        actors, locations = _participants(ctx, s.start, s.end, exclude)
    else:
        locations += _opening_scenes(ctx, reader, st, {x["name"] for x in locations})
    if st.speaker is not None and st.speaker.name not in {a["name"] for a in actors}:
        actors.insert(0, _actor_dict(st.speaker))
    name = st.speaker_name or "unknown source"
    if st.quote and st.quoted:
        summary = f"{name}: {_quote_core(st.quote)}"
    else:
        a, b = st.content or (s.start, s.end)
        said = text[a:b]
        if st.paren_span:
            p0, p1 = st.paren_span
            said = text[a:p0].rstrip(" ,") + " " + text[p1:b].lstrip(" ,")
        said = " ".join(said.split()).strip(" ,")
        if st.verb_text in reader.grammar["source_phrases"]:  # not "X accorded to ..."
            summary = _cut(f"According to {name}, {said}")
        else:
            summary = _cut(f"{name} {_finite(st.verb_text)} {said}")
    conf = st.confidence + (DATE_FROM_TEXT_BONUS if own_date else 0.0)
    return _make(
        ctx,
        s.start,
        s.end,
        ordinal,
        kind="statement",
        event_type=st.event_type,
        summary=summary,
        **dated,
        actors=actors,
        locations=locations,
        speaker={"name": name, "country": country},
        quote=st.quote,
        reported_by=reported_by,
        confidence=round(min(conf, 1.0), 2),
    )


def _said_tense(reader: _SentenceReader, st: _Statement) -> str:
    """The tense of a statement's speech verb (core.anchors.tense); a source phrase
    ("according to X") stands as the article is written: "present"."""
    if st.verb_text in reader.grammar["source_phrases"]:
        return "present"
    verb = reader.parsed(st.verb)
    return anchors.tense(syntax.predicate(verb)) if verb is not None else "past"


def _person_like(a: Actor) -> bool:
    """A person, named or described by an office ("the Russian foreign minister")."""
    words = a.name.lower().split()
    return a.type == "person" or (
        a.type == "collective" and bool(words) and words[-1] in gz.titles().role_heads
    )


def _time_referred_to(reader: _SentenceReader) -> Timex | None:
    """The date "at the time" (grammar.yaml time_references) goes back to: the latest
    date a record was given in the paragraphs just before ("Last month, ... Japan
    pledged $5.5 billion ... 'It is a challenge,' Kishida said at the time")."""
    toks, phrases = reader.toks, reader.grammar["time_references"]
    words = [t.lower for t in toks]
    said = any(
        " ".join(words[k : k + n]) in phrases and not reader.tok_quoted(k)
        for n in {len(p.split()) for p in phrases}
        for k in range(len(words) - n + 1)
    )
    if not said:
        return None
    last = reader.ctx.last_dated
    if last is None or reader.s.block - last[0] > SPEAKER_REACH_BLOCKS:
        return None
    return last[1]


def _earlier_occasion(reader: _SentenceReader, st: _Statement) -> Timex | None:
    """The date of the speaker's dated statement in the paragraphs just before, for an
    undated one in the simple past: the same occasion told on ("the move announced on
    Monday by Mike Pompeo ... Pompeo said that ..."). None when nothing that near."""
    ctx, s, verb = reader.ctx, reader.s, reader.parsed(st.verb)
    if st.speaker is None or verb is None or verb.tag_ != "VBD":
        return None
    for earlier_s, earlier in reversed(ctx.speakers):
        if s.block - earlier_s.block > SPEAKER_REACH_BLOCKS:
            return None
        if earlier.speaker.name == st.speaker.name and earlier.timex is not None:
            return earlier.timex
    return None


def _sentence_records(ctx: _Ctx, s: Sentence, ordinal_base: int = 0) -> tuple[list[Record], list[_Statement]]:
    reader = _SentenceReader(ctx, s)
    sts = reader.statements()
    own = [st for st in sts if not st.media]
    reported_by = (
        next((st.speaker.name for st in sts if st.media and st.speaker), None)
        or next((o for st in own if (o := _outlet_of(reader, st))), None)
        or _wire_agency(ctx, s)
    )
    # "The Journal reported last week that Xi planned to speak ...": what a report
    # carries is dated by the report when it has no date of its own.
    report_timex = next(
        (t for st in sts if st.media and (t := reader.attached_timex(reader.parsed(st.verb)))), None
    )
    out: list[Record] = []
    prev = None
    for st in own:
        if st.inherit and prev is not None:
            st.timex = prev.timex
        else:
            st.timex = (
                reader.attached_timex(reader.parsed(st.verb))
                or _timex_in(ctx, *st.date_span, unquoted=True)
                or report_timex
                or _time_referred_to(reader)
                or _earlier_occasion(reader, st)
            )
        prev = st
        out.append(_statement_record(ctx, reader, st, reported_by, len(out)))
        if st.timex is not None:
            ctx.last_dated = (s.block, st.timex)
    # the wire dateline says where the lead's statements were made ("CAPRI, Italy (AP) -
    # officials urged ..."), and where its deeds happened when they have no place of their own
    filed_from = _dateline_place(ctx, s)
    for r in out if filed_from else ():
        if filed_from["name"] not in {x["name"] for x in r.locations}:
            r.locations.append(filed_from)
    # events
    for a, b in _clauses(reader):
        trig = _trigger(reader, a, b)
        if trig is None:
            continue
        trigger_tok = reader.toks[trig[1]]
        seen = EventClause(s.start, s.end, a, b, trigger_tok.start, trigger_tok.end, trig[0])
        if ctx.clause_log is not None:
            ctx.clause_log.append(seen)
        # The judge is asked once per clause, where the rules' reading of it is known (it
        # reads that reading too); sure of a deed, it overrides the rules' mood and
        # statement checks, sure of no deed it drops the clause.
        judged: event_judge.Judgement | None = None
        inner = next((st for st in own if a < st.region_start < b and not st.parenthetical), None)
        if inner is not None and _trigger(reader, a, inner.region_start):
            # "Russia launched drones overnight, in what officials described as ...":
            # the clause before the statement is not what it says
            b = inner.region_start
            trig = _trigger(reader, a, b)
            # ... unless an earlier statement says it: "Guterres condemned the attack
            # and called for a ceasefire"
            covering = next(
                (st for st in own if st is not inner and st.region_start <= a < st.region_end), None
            )
        else:
            covering = next(
                (st for st in own if st.region_start <= a < st.region_end or a <= st.region_start < b), None
            )
            if (
                covering is not None
                and covering.content
                and not covering.parenthetical
                and b <= covering.content[0]
                and reader.toks[covering.verb].start >= b
                and ctx.article.text[a:b].lstrip(" ,").split(" ", 1)[0].lower() in RELATIVE_PRONOUNS
            ):
                covering = None  # "Traore, who seized power in 2022, has vowed": not what he vowed
        trigger_verb = reader.predicate_of(trig[1])
        if trigger_verb is not None and syntax.irrealis(trigger_verb):
            judged = _ask(ctx, seen, "irrealis")
            if not _sure_event(ctx, judged):
                seen.outcome = _set_aside(ctx, judged, "irrealis")
                continue  # negated, hypothetical, future, planned or asked: not a deed done
        if judged is None and _scheduled(reader.parsed(trig[1]), reader.grammar):
            judged = _ask(ctx, seen, "scheduled")
            if not _sure_event(ctx, judged):
                seen.outcome = _set_aside(ctx, judged, "scheduled")
                continue  # "with further meetings scheduled on Tuesday": on the calendar
        if covering is not None and _participle_of(reader.parsed(covering.verb), trigger_verb):
            covering = None  # "protesters gathered in Yerevan, demanding ...": the deed, then what it says
        attached = reader.attached_timex(trigger_verb)
        event_word = reader.parsed(trig[1])
        t = attached or _clause_timex(
            ctx, max(a, covering.content[0]) if covering and covering.content else a, b, event_word
        )
        if _after_publication(ctx, t):
            t = _deed_date(ctx, t, trigger_verb if t is attached else None)
        reported = False
        tense = anchors.tense(trigger_verb) if trigger_verb is not None else "past"
        if covering is not None and (t is None or t == covering.timex):
            if judged is None and not _reports_deed(reader, covering, a, b):
                judged = _ask(ctx, seen, "statement")
                if not _sure_event(ctx, judged):
                    seen.outcome = _set_aside(ctx, judged, "statement")
                    continue  # what the statement says, with no date of its own
            # "Russian peacekeepers evacuated ..., the ministry said": the saying's date, unless
            # the deed is told as before it ("said Russia's invasion had failed")
            reported = True
            t = None if tense == "earlier" else covering.timex
        if t is None and tense != "present" and event_word is not None and ctx.frame.time is not None:
            # "just after the attack": the attack the story dated
            t = anchors.deed_told_before(ctx.frame.time, doers.event_head(event_word))
        if t is None and tense == "past" and ctx.last_dated is not None and ctx.last_dated[0] == s.block:
            # an undated deed in the simple past goes on in the time its paragraph last
            # gave ("On February 20, 2014, Russia committed ... Russian troops began occupying")
            t = ctx.last_dated[1]
        # the article's day: a headline or standfirst tells its news in the headline's
        # present; a deed a saying of that day reports was done by then
        now = (
            tense == "present"
            or s.role in HEADLINE_ROLES
            or (reported and covering.date_basis == "publication" and tense != "earlier")
        )
        dated = _date_fields(ctx, t, now)
        exclude = {reported_by} if reported_by else set()
        if covering is not None and covering.content:
            a = max(a, covering.content[0])  # the event the statement reports, with its own date
        named, locations = _participants(ctx, a, b, exclude)
        if event_word is not None:
            # "the invasion of Ukraine", "the shelling of Kherson": where the deed was done
            placed = {x["name"] for x in locations}
            for place in doers.deed_places(event_word, ctx.mentions, ctx.mention_starts):
                if place.name not in placed:
                    placed.add(place.name)
                    locations.append(_location_dict(place))
        actors = _event_doers(ctx, reader, trig, exclude)
        if actors is None:
            actors = named  # no parse: every actor the clause names
        # "Mali's ruling junta, which seized power": the parse's doers have it already
        antecedent = _relative_antecedent(reader, a) if ctx.syntax is None else None
        if reported and covering.event_type == "announcement" and covering.speaker is not None:
            antecedent = covering.speaker  # "the government declared a state of emergency": it acted
        if antecedent is not None and antecedent.name not in {x["name"] for x in actors}:
            actors.insert(0, _actor_dict(antecedent))  # "Mali's ruling junta, which seized power"
        if not named and not actors and not locations and covering is None:
            seen.outcome = "no_argument"
            continue  # no one and nowhere: "the outcome of the talks is still unclear"
        if judged is None:
            judged = _ask(ctx, seen, "event")
        sure = judged is not None and judged.probability >= ctx.judge.threshold
        if sure and not judged.is_event:
            seen.outcome = "judged_not_event"
            continue  # the judge is sure it is no event: a plan, a poll, a topic, a tally
        clause = ctx.article.text[a:b]
        conf = (CONF_EVENT_WITH_ACTOR if actors else CONF_EVENT_NO_ACTOR) + (
            DATE_FROM_TEXT_BONUS if t else 0.0
        )
        if reported:
            conf -= REPORTED_DEED_PENALTY
        if _hypothetical(clause):
            conf -= HYPOTHETICAL_PENALTY
        if judged is not None and not sure:
            conf = min(conf, CONF_JUDGE_UNSURE)
        if t is not None:
            ctx.last_dated = (s.block, t)
        if filed_from and not locations:
            locations.append(filed_from)
        seen.event_type = _judged_type(trig[0], judged)
        seen.judgement = None if judged is None else ("event" if sure else "unsure")
        out.append(
            _make(
                ctx,
                s.start,
                s.end,
                len(out),
                kind="event",
                event_type=seen.event_type,
                summary=_event_summary(_without_source(clause, reported_by)),
                **dated,
                actors=actors,
                locations=locations,
                speaker=None,
                quote=None,
                reported_by=reported_by,
                confidence=round(min(conf, 1.0), 2),
                judgement=seen.judgement,
                **fatalities.of_clause(ctx.article.text, a, b, reader.toks[trig[1]].start, _after_deed(out)),
            )
        )
    if not out and any(st.media for st in sts):
        # an outlet's own report of no deed we read ("TOI has reported that the government
        # tested its firewall once in July", "Israeli media reported that the cabinet
        # approved the deal"): the outlet reports it, dated by the report or, undated, by
        # what it reports
        st = next(st for st in sts if st.media)
        st.media = False
        reported = _timex_in(ctx, *st.content, unquoted=True) if st.content else None
        st.timex = _timex_in(ctx, *st.date_span) or (None if _after_publication(ctx, reported) else reported)
        out.append(_statement_record(ctx, reader, st, st.speaker.name if st.speaker else None, len(out)))
    return out, own


def _after_deed(records: list[Record]) -> bool:
    """Whether the sentence's records so far end with an event: a toll that opens the next
    clause (", killing 12") is that event's."""
    return bool(records) and records[-1].kind == "event"


def _event_doers(
    ctx: _Ctx, reader: _SentenceReader, trig: tuple[str, int], exclude: set[str]
) -> list[dict] | None:
    """Who did the event whose trigger is ``trig``, as the parse reads it (core.doers); None
    without a parse."""
    word = reader.parsed(trig[1])
    if word is None:
        return None
    out, seen = [], set(exclude)
    for actor in doers.doers(doers.agent_heads(word, trig[0]), ctx.mentions, ctx.mention_starts):
        if actor.name not in seen:
            seen.add(actor.name)
            out.append(_actor_dict(actor))
    return out


def _judged_type(rule_type: str, judged: event_judge.Judgement | None) -> str:
    """The record's type: the judge's, when it reads an event, refined by the trigger when
    the trigger names a finer type of the same class ("suicide bomber" in a clause the
    judge reads as an explosion); the trigger's otherwise."""
    if judged is None or not judged.is_event:
        return rule_type
    t = taxonomy.record_type(rule_type)
    return rule_type if t is not None and t.trained_as == judged.label else judged.label


def _ask(ctx: _Ctx, seen: EventClause, rule_outcome: str) -> event_judge.Judgement | None:
    """The judge's reading of a clause, given what the rules made of it (None without a judge)."""
    if ctx.judge is None:
        return None
    text = event_judge.judge_input(
        ctx.article.text,
        seen.sentence_start,
        seen.sentence_end,
        seen.start,
        seen.end,
        seen.trigger_start,
        seen.trigger_end,
        rule_outcome,
        seen.rule_type,
    )
    return ctx.judge.judge([text])[0]


def _sure_event(ctx: _Ctx, judged: event_judge.Judgement | None) -> bool:
    return judged is not None and judged.is_event and judged.probability >= ctx.judge.threshold


def _set_aside(ctx: _Ctx, judged: event_judge.Judgement | None, rule_outcome: str) -> str:
    """Why a clause makes no record: the judge's sure "no event", else the rules' reason."""
    sure_not = judged is not None and not judged.is_event and judged.probability >= ctx.judge.threshold
    return "judged_not_event" if sure_not else rule_outcome


def _quote_only(ctx: _Ctx, s: Sentence) -> bool:
    """Whether the sentence is (nearly) all inside a quotation."""
    inside = sum(1 for i in range(s.start, s.end) if _in_quote(ctx, i) and not s.text[i - s.start].isspace())
    letters = sum(1 for ch in s.text if not ch.isspace())
    return letters > 0 and inside >= 0.8 * letters


def extract_records(
    article: Article,
    sentences: list[Sentence],
    times: list[Timex],
    mentions: list[Mention],
    parses: syntax.Syntax | None = None,
    frame: DocumentFrame | None = None,
    clause_log: list[EventClause] | None = None,
    judge: event_judge.EventJudge | None | str = "installed",
) -> list[Record]:
    """The article's records; ``frame`` is its document frame (core.frame) as the entity
    reader built it, to which the story's time is added here (core.anchors), after the
    dates of wire datelines are set aside; ``clause_log``, when given, receives every
    clause the rules read for an event (kept or set aside), in text order. ``judge``: the
    learned event judge that decides whether each clause is an event and of which type
    (by default the installed one, see event_judge.judge_for_reading); None reads with
    the rules alone."""
    if judge == "installed":
        judge = event_judge.judge_for_reading()
    text = article.text
    prose = [s for s in sentences if s.role in ("title", "standfirst", "body")]
    body_words = [_content_words(s.text) for s in prose if s.role == "body"]
    keep = [s for s in prose if s.role == "body" or not _repeats_body(s, body_words)]
    quotes = [
        q
        for b in article.blocks
        if b.role in ("title", "standfirst", "body")
        for q in entities.quote_spans(text, b.start, b.end)
    ]
    # The date in a wire dateline ("KYIV, July 20 (Reuters) -") says when the copy was
    # filed, not when its first sentence's events happened.
    wire = [(s.start, s.start + m.end()) for s in keep if (m := _WIRE_DATELINE.match(s.text))]
    wire_starts = [a for a, _ in wire]  # sorted and disjoint, like the sentences
    times = [t for t in times if not ((i := bisect_right(wire_starts, t.start)) and t.start < wire[i - 1][1])]
    story_time, times = anchors.time_frame(article, times, parses)
    frame = replace(frame or DocumentFrame(), time=story_time)
    ctx = _Ctx(
        article,
        times,
        sorted(mentions, key=lambda m: m.start),
        quotes,
        syntax=parses,
        frame=frame,
        clause_log=clause_log,
        judge=judge,
    )

    per_sentence: list[tuple[Sentence, list[Record], list[_Statement]]] = []
    for s in keep:
        recs, sts = _sentence_records(ctx, s)
        per_sentence.append((s, recs, sts))
        ctx.speakers.extend((s, st) for st in sts if st.speaker is not None and not st.media)
        ctx.described.extend((s, st) for st in sts if st.speaker_name and not st.media)

    # Quotations without an attribution of their own go to the paragraph's speaker.
    speakers_by_block: dict[int, list[_Statement]] = {}
    for s, _, sts in per_sentence:
        speakers_by_block.setdefault(s.block, []).extend(st for st in sts if st.speaker_name)
    out: list[Record] = []
    pending: list[Sentence] = []

    open_blocks = {
        i
        for i, b in enumerate(article.blocks)
        if any(y == b.end for _, y in entities.quote_spans(text, b.start, b.end))
    }

    def flush(next_block_first: _Statement | None) -> None:
        if not pending:
            return
        block = pending[0].block
        same = [st for st in speakers_by_block.get(block, []) if st.region_start < pending[0].start]
        continued = _previous_prose_block(block) in open_blocks  # the quote goes on from the paragraph before
        source = (
            (same[-1] if same else None)
            or (_previous_speaker(block) if continued else None)
            or (next_block_first or _previous_speaker(block))
        )
        if source is not None:
            a, b = pending[0].start, pending[-1].end
            quote = _clean(" ".join(ctx.article.text[x:y] for x, y in _quotes_around(ctx, a, b)))
            dated = _date_fields(ctx, source.timex, source.date_basis == "publication")
            actors, locations = _participants(ctx, a, b, set())
            if source.speaker is not None and source.speaker.name not in {x["name"] for x in actors}:
                actors.insert(0, _actor_dict(source.speaker))
            out.append(
                _make(
                    ctx,
                    a,
                    b,
                    0,
                    kind="statement",
                    event_type="comment",
                    summary=f"{source.speaker_name}: {_quote_core(quote)}",
                    **dated,
                    actors=actors,
                    locations=locations,
                    speaker={
                        "name": source.speaker_name,
                        "country": source.speaker.country if source.speaker else None,
                    },
                    quote=quote,
                    reported_by=None,
                    confidence=CONF_QUOTE_CONTINUATION,
                )
            )
        pending.clear()

    # Sentences come in block order: the last block or speaker before one is a bisect.
    keep_blocks = [s.block for s in keep]
    speaker_blocks = [b for b, sts in speakers_by_block.items() if sts]
    last_speakers = [speakers_by_block[b][-1] for b in speaker_blocks]

    def _previous_prose_block(block: int) -> int | None:
        i = bisect_left(keep_blocks, block)
        return keep_blocks[i - 1] if i else None

    def _previous_speaker(block: int) -> _Statement | None:
        i = bisect_left(speaker_blocks, block)
        return last_speakers[i - 1] if i else None

    for s, recs, sts in per_sentence:
        if not sts and _quote_only(ctx, s):
            if pending and pending[-1].block != s.block:
                flush(None)
            pending.append(s)
            continue
        if pending:
            nxt = None
            lead = text[s.start : sts[0].region_start].split() if sts else []
            if (
                s.block != pending[-1].block
                and sts
                and len(lead) <= MAX_LEAD_WORDS
                and sts[0].speaker is not None
                and sts[0].speaker.type != "pronoun"
                and sts[0].confidence >= CONF_NAMED_SPEAKER
            ):
                nxt = sts[0]  # next paragraph opens with its speaker: 'Podolyak said ...'
            flush(nxt)
        out.extend(recs)
    flush(None)
    # a "Source:" label names the outlet of the text before it (back to the label before),
    # a wire dateline opening the body ("MINSK, 20 June (BelTA) -") the outlet of the
    # whole article: each carries the records no outlet of their own carries
    first_body = next((s for s in keep if s.role == "body"), None)
    wire = _wire_agency(ctx, first_body) if first_body else None
    labels = [at for at, _ in ctx.labelled_outlets]
    for r in out:
        i = bisect_left(labels, r.char_start)
        r.reported_by = r.reported_by or (ctx.labelled_outlets[i][1] if i < len(labels) else wire)
    return _with_reported_on(_dedupe(out), article)


def _with_reported_on(records: list[Record], article: Article) -> list[Record]:
    """Every record carries its article's day."""
    reported_on = _fallback_date(article)
    for r in records:
        r.reported_on = reported_on
    return records


def _dedupe(records: list[Record]) -> list[Record]:
    seen, out = set(), []
    for r in records:
        key = (r.kind, r.char_start, r.event_type, (r.speaker or {}).get("name"), r.date_start, r.summary)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
