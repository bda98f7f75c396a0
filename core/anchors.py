"""The story's time: the dates an article hangs its undated and relative times on.

Computed once per article, before its records are read (issue 33), from the temporal
tagger's expressions and the parse:

* **anchor deeds**: deeds the story dates once and then refers back to ("the October 7
  attack", "Russia's invasion of Ukraine on 24 February 2022", "the war began in
  February 2022", "he died on 11 May"), keyed by the deed's noun
  (``data/lexicon/anchors.yaml`` ``anchor_deeds``);
* **narrative times**: expressions the tagger cannot resolve alone, added as ``Timex``
  objects so that every reader dates by them as by any other: "since October" (October
  to the publication day), "since then" (the last date told, to the publication day),
  "since the invasion", "since the war began in 2022"; "the fourth day of the invasion"
  (the invasion's day + 3), "on the day of the attack", "the eve of the invasion", "the
  day he died". An anchor the article does not date gives nothing: a record is never
  dated by a guess;
* the **tense** of a verb: whether it puts a deed or a saying at the time of writing
  ("says", "is shelling", "has struck", "have been killed"), in the past ("struck"), or
  before the time told ("had struck").

The result is the time part of the document frame (``core.frame.TimeFrame``), whose
other part, the theatre, the places' reader uses.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache

from core import gazetteer as gz
from core import syntax, timex
from core.frame import TimeFrame
from core.model import Article, Timex

# Precisions of a date that can anchor a count of days ("the fourth day of ...").
DAY_PRECISIONS = ("day", "time")
# What a stretch that runs up to the publication day is ("since October").
ONWARD_PRECISION = "approximate"
# Tags of a finite verb in the present (spaCy's Penn tags): "says", "attack".
PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# Dependencies of a verb that takes its time from the verb it hangs on: a participle or
# an infinitive ("..., killing three", "a trip to meet"), a complement ("began to
# shell"), a coordinated verb with no auxiliary of its own ("struck and killed").
TIME_SHARING_DEPS = frozenset({"advcl", "acl", "xcomp", "conj"})
# Verb forms with no tense of their own: participles and the infinitive.
NONFINITE_TAGS = frozenset({"VBG", "VBN", "VB"})


@cache
def lexicon() -> dict:
    raw = gz._load(gz.LEXICON / "anchors.yaml")
    deeds = raw["anchor_deeds"]
    return {
        "anchor_deeds": deeds,
        # the deed a verb names: "invaded" -> invasion, "died" -> death
        "deed_of_verb": {verb: noun for noun, verb in deeds.items() if verb},
        "onset_nouns": frozenset(raw["onset_nouns"]),
        "onset_verbs": frozenset(raw["onset_verbs"]),
        "onward_words": frozenset(raw["onward_words"]),
        "earlier_time_words": frozenset(raw["earlier_time_words"]),
        "anchor_days": dict(raw["anchor_days"]),
        "lasting_deeds": frozenset(raw["lasting_deeds"]),
    }


def deed_told_before(frame: TimeFrame, noun) -> Timex | None:
    """The date of the deed a definite deed noun refers back to ("a conversation took
    place just after the attack": the attack the story dated), or None: not an anchor
    deed, one that lasts ("the war"), or one the story does not date."""
    lx = lexicon()
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or lemma not in lx["anchor_deeds"] or lemma in lx["lasting_deeds"]:
        return None
    if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in noun.children):
        return None  # "an attack": a new one
    return frame.deed_date(lemma, syntax.offset(noun))


def publication_day(article: Article) -> date | None:
    return article.published.date() if article.published else None


def as_day(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def year_left_out(t: Timex) -> bool:
    """Whether an expression names a month (and day) with no year and no relative word:
    "in July", "on Feb. 10" (the tagger chose the year), not "next July" or "July 2024"."""
    words = re.findall(r"[a-z]+", t.text.lower())
    months = timex.lexicon()["months"]
    return (
        t.precision in ("day", "month")
        and not re.search(r"\d{4}", t.text)
        and any(w in months for w in words)
        and not any(timex.relative_word(w) for w in words)
    )


def year_before(t: Timex) -> Timex | None:
    """The same month or day a year earlier ("in July" said in May of a deed done: last
    July); None for 29 February."""
    start, end = t.range_start, t.range_end
    try:
        start, end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    except ValueError:
        return None
    return replace(t, value=f"{start.year:04d}{t.value[4:]}", range_start=start, range_end=end)


def _dated(t: Timex) -> bool:
    """A date that can anchor something: a day, a month, a year, a time (no duration,
    no set, no vague stretch, no "the past")."""
    return (
        t.type in ("DATE", "TIME")
        and t.range_start is not None
        and t.range_end is not None
        and not t.value.endswith("_REF")
        and t.precision not in (None, "approximate")
    )


def _deed_dated_by(head, lx: dict) -> str | None:
    """The anchor deed a date headed by token ``head`` dates, or None: the noun it
    modifies ("the October 7 attack", "the invasion of 24 February"), or the deed of the
    clause it dates ("Russia invaded on 24 February", "the war began in 2022")."""
    deeds = lx["anchor_deeds"]
    noun = head
    while noun.dep_ in syntax.NOUN_MODIFIER_DEPS and noun.head.i != noun.i:
        noun = noun.head
    if noun is not head:
        return noun.lemma_.lower() if noun.lemma_.lower() in deeds else None
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN":
        owner = head.head.head.lemma_.lower()
        if owner in deeds:
            return owner  # "the attack on October 7"
    verb = syntax.predicate(head)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return _deed_of_clause(verb, lx)


def _deed_of_clause(verb, lx: dict) -> str | None:
    """The anchor deed a clause tells: its verb's ("invaded" -> invasion), or the deed
    noun its onset verb starts ("the war began", "launched its invasion")."""
    lemma = verb.lemma_.lower()
    if lemma in lx["deed_of_verb"]:
        return lx["deed_of_verb"][lemma]
    if lemma in lx["onset_verbs"]:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in lx["anchor_deeds"]:
                return c.lemma_.lower()
    return None


def _anchor_deeds(times: list[Timex], syn, published: date | None, lx: dict) -> dict:
    """deed noun -> [(position, date)] for every date the article gives a deed."""
    out: dict[str, list[tuple[int, Timex]]] = {}
    for t in times:
        if not _dated(t):
            continue
        head = syn.head_of(t.start, t.end)
        deed = _deed_dated_by(head, lx) if head is not None else None
        if deed is None:
            continue
        if published is not None and as_day(t.range_start) > published:
            # an anchor is a deed told as done: a year-less month after the article is last year's
            t = year_before(t) if year_left_out(t) else None
            if t is None:
                continue
        out.setdefault(deed, []).append((t.start, t))
    return out


def _ordinal(tok) -> int | None:
    """The number an ordinal modifier says ("fourth" 4, "100th" 100), or None."""
    word = tok.lower_
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    if m:
        return int(m.group(1))
    if tok.like_num:  # the model's own test keeps "last" and "final" out
        return timex.lexicon()["ordinals"].get(word)
    return None


def _subtree_end(tok) -> int:
    return syntax.span_offsets(tok.subtree)[1]


def _derived(article: Article, start: int, end: int, first: date, last: date, precision: str) -> Timex:
    text = article.text[start:end]
    return Timex(start, end, text, "DATE", first.isoformat(), first, last, precision)


def _onward(article, syn, since, frame: TimeFrame, times, starts, lx) -> tuple[Timex, Timex | None] | None:
    """("since ..." as a stretch up to the publication day, the expression it replaces)."""
    published = frame.published
    if published is None:
        return None
    start = syntax.offset(since)
    if since.dep_ == "prep":
        obj = next((c for c in since.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        end = _subtree_end(obj)
        inner = [t for t in times[bisect_left(starts, start) : bisect_left(starts, end)] if t.end <= end]
        dated = next((t for t in inner if _dated(t)), None)
        if dated is not None and not inner[0].start < dated.start:
            # "since October", "since 2014": the tagger's date, running on to today
            if as_day(dated.range_start) > published:
                return None
            first = as_day(dated.range_start)
            return _derived(article, start, dated.end, first, published, ONWARD_PRECISION), dated
        if obj.lower_ in lx["earlier_time_words"]:
            # "since then": from the last date the text gave before this sentence (a date
            # in it belongs to its own saying: "said on Monday that ... since then")
            sentence_start = syntax.offset(since.sent[0])
            before = [t for t in times[: bisect_left(starts, sentence_start)] if _dated(t)]
            told = next((t for t in reversed(before) if as_day(t.range_start) <= published), None)
            if told is None:
                return None
            return _derived(article, start, end, as_day(told.range_start), published, ONWARD_PRECISION), None
        noun = obj
        if obj.lemma_.lower() in lx["onset_nouns"]:
            # "since the start of the war"
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if noun is None or noun.lemma_.lower() not in lx["anchor_deeds"]:
            return None
        deed = noun.lemma_.lower()
    elif since.dep_ == "mark":
        # "since the war began (in February 2022)", "since Russia invaded"
        verb = since.head
        end = _subtree_end(verb)
        own = [
            t
            for t in times[bisect_left(starts, start) : bisect_left(starts, end)]
            if _dated(t)
            and (h := syn.head_of(t.start, t.end)) is not None
            and syntax.predicate(h).i == verb.i
        ]
        if own:
            first = as_day(own[0].range_start)
            return (
                (_derived(article, start, end, first, published, ONWARD_PRECISION), None)
                if first <= published
                else None
            )
        deed = _deed_of_clause(verb, lx)
        if deed is None:
            return None
    else:
        return None
    anchor = frame.deed_date(deed, start)
    if anchor is None:
        return None
    return _derived(article, start, end, as_day(anchor.range_start), published, ONWARD_PRECISION), None


def _anchored_day(article, day, frame: TimeFrame, lx) -> Timex | None:
    """ "the fourth day of the invasion", "on the day of the attack", "the eve of the
    invasion", "the day he died": the anchor deed's day, offset."""
    offset = lx["anchor_days"].get(day.lemma_.lower())
    if offset is None or day.pos_ != "NOUN":
        return None
    deed = None
    of = next((c for c in day.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        noun = next((c for c in of.children if c.dep_ == "pobj"), None)
        if noun is not None and noun.lemma_.lower() in lx["anchor_deeds"]:
            deed = noun.lemma_.lower()
    if deed is None:
        clause = next((c for c in day.children if c.dep_ in ("relcl", "acl")), None)
        deed = _deed_of_clause(clause, lx) if clause is not None else None
    if deed is None:
        return None
    start = syntax.offset(day)
    anchor = frame.deed_date(deed, start)
    if anchor is None or anchor.precision not in DAY_PRECISIONS:
        return None
    for c in day.children:
        if c.dep_ in ("amod", "nummod") and (n := _ordinal(c)) is not None:
            offset += n - 1  # the first day is the day itself
    first = next((c for c in day.lefts if c.dep_ in ("det", "amod", "nummod")), None)
    if first is not None:
        start = syntax.offset(first)
    when = as_day(anchor.range_start) + timedelta(days=offset)
    return _derived(article, start, _subtree_end(day), when, when, "day")


def time_frame(article: Article, times: list[Timex], syn) -> tuple[TimeFrame, list[Timex]]:
    """The article's time frame, and its times with the narrative ones added (each
    replacing what it covers: "since October" stands for "October")."""
    frame = TimeFrame(publication_day(article))
    times = sorted(times, key=lambda t: t.start)
    if syn is None:
        return frame, times
    lx = lexicon()
    frame.deeds = _anchor_deeds(times, syn, frame.published, lx)
    starts = [t.start for t in times]
    added: list[Timex] = []
    replaced: set[int] = set()
    for tok in syn._toks:
        word = tok.lower_
        if word in lx["onward_words"]:
            found = _onward(article, syn, tok, frame, times, starts, lx)
            if found is not None:
                added.append(found[0])
                if found[1] is not None:
                    replaced.add(id(found[1]))
        elif word in lx["anchor_days"]:
            t = _anchored_day(article, tok, frame, lx)
            if t is not None:
                added.append(t)
    if added:
        spans = [(t.start, t.end) for t in added]
        kept = [
            t
            for t in times
            if id(t) not in replaced and not any(a <= t.start and t.end <= b for a, b in spans)
        ]
        times = sorted(kept + added, key=lambda t: t.start)
    return frame, times


def tense(verb) -> str:
    """When a verb puts what it tells against the time of writing: "present" for the
    present or present perfect ("says", "are shelling", "are being evacuated", "has
    struck", "have been killed"), "earlier" for the past perfect, told as before the
    time the text speaks of ("said Russia's invasion had failed"), else "past". A
    participle, a complement or a coordinated verb with no auxiliary of its own takes
    the tense of the verb it hangs on ("struck and killed", "..., killing three")."""
    seen = 0
    while seen < len(verb.doc):
        # "to" marks an infinitive, which has no tense of its own ("a trip to meet Zelensky")
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"]
        own_subject = any(c.dep_ in syntax.SUBJECT_DEPS for c in verb.children)
        if (
            not auxiliaries
            and verb.dep_ in TIME_SHARING_DEPS
            and verb.head.i != verb.i
            and (verb.dep_ in ("xcomp", "conj") or verb.tag_ in NONFINITE_TAGS)
            and not own_subject
        ):
            verb, seen = syntax.predicate(verb.head), seen + 1
            continue
        finite = min(auxiliaries, key=lambda c: c.i) if auxiliaries else verb
        if finite.tag_ in PRESENT_TAGS:
            return "present"
        if any(c.lemma_ == "have" and c.tag_ == "VBD" for c in auxiliaries):
            return "earlier"
        return "past"
    return "past"
