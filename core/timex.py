"""Temporal tagger: find temporal expressions and normalise them against the publication date.

Detection is a cascade of regular-expression rules in the manner of HeidelTime: each rule
finds candidate spans and a normaliser turns a candidate into a TIMEX3 type and value
(``DATE 2022-03-29``, ``DATE 2022-W13``, ``TIME 2022-03-29T12:50``, ``DURATION P3D``,
``SET P1W``, ``DATE PAST_REF``...) or rejects it ("May" the verb, "2000 troops").  Among
the accepted candidates the longest win, so "late last year" beats "last year".  The
candidates are then normalised once more in text order, so that "the next day" or "a
year earlier" can resolve against the last date the text mentioned (its reference time).

Conventions (news):

* a bare weekday ("on Tuesday") is the most recent such day on or before the anchor,
  unless the sentence speaks of the future ("will meet on Friday"), when it is the first
  such day on or after the anchor; "last Tuesday" is strictly before, "next Tuesday"
  strictly after;
* a day and month without a year ("Feb. 24") and a bare month ("in March") take the year
  that puts them nearest before the anchor, or nearest after it in a future sentence;
* vague expressions ("in recent days", "recently", "earlier this month", "late last
  year", "in the coming weeks") get an approximate range of calendar days, from the
  windows named below, and precision ``approximate``.

Spans follow TimeML: prepositions ("on", "in") are left out, modifiers ("early", "late",
"about", "the past") are kept.  The language data (month and weekday names, number
words, units, tense cues) lives in ``data/timex/lexicon.yaml``, the rules (patterns
written with macros that expand to the lexicon's word lists, the handler of each, its
examples) in ``data/timex/rules.yaml``; the handlers here do what Python does better
than data: tense, the publication date, the reference time, ranges.
"""

from __future__ import annotations

import bisect
import calendar
import os.path
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from core.model import Article, Timex
from core.sentences import GLUED_STOP

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "timex" / "lexicon.yaml"
# The irregular past tenses (tense cues) are the parser's grammar data, listed once there.
GRAMMAR_PATH = LEXICON_PATH.parent.parent / "lexicon" / "grammar.yaml"

# --- tuned windows (days) ---------------------------------------------------------------
# "in recent days/weeks/months/years": how far back the vague stretch reaches.  "Recent
# days" in news covers about the last fortnight (reports rarely say "days" beyond two
# weeks and would say "recent weeks"); "recent weeks" about six weeks; "recent months"
# about half a year; "recent years" about five years.  The same windows serve "the past
# few days", "the coming weeks" and the like (forwards for the future).
VAGUE_WINDOW_DAYS = {"D": 14, "W": 42, "M": 183, "Q": 365, "Y": 5 * 365, "DE": 30 * 365, "CE": 200 * 365}
# "recently", "lately": a month back (the word is used for days to weeks in news).
RECENTLY_DAYS = 30
# "soon": a month ahead.  ("shortly" is left untagged: it qualifies another expression, "shortly after the blast".)
SOON_DAYS = 30
# "a few days ago", "several weeks ago": how many units back the vague count reaches
# ("a few" is read as two to seven).
FEW_RANGE = (2, 7)
# A date without a year lies ahead of the anchor only when the next occurrence is this
# many times nearer than the last one in a past-tense sentence (a quarter of a year ahead
# against three quarters behind); with no tense cue the nearer one wins.
PAST_BIAS = 3
# Where a sentence ends, for the tense window: a full stop and a space, a line break,
# or a full stop glued to the next sentence's first word ("in Belarus.On 31 March", as
# scraped pages often are), as the sentence splitter reads it.
SENTENCE_END = re.compile(r"[.?!]\s|\n|" + GLUED_STOP)
# Sentence window searched for tense cues on either side of an expression (characters).
CUE_WINDOW_BEFORE = 160
CUE_WINDOW_AFTER = 80
# A cue after the expression counts as this many characters farther than one before it
# (the verb usually comes first: "said Friday", "will meet on Monday").
RIGHT_CUE_PENALTY = 4
# How near a cue a deadline word ("by", "effective") before the expression counts as.
DEADLINE_CUE_DISTANCE = 10
# A bare four-digit number is read as a year only within these bounds (older years need
# a preposition such as "in" or "since" before them).
YEAR_MIN_BARE, YEAR_MIN, YEAR_MAX = 1900, 1000, 2099

PAST_REF, PRESENT_REF, FUTURE_REF = "PAST_REF", "PRESENT_REF", "FUTURE_REF"
PASSIVE_INFINITIVE = re.compile(r"\b(?:be|being)\s+$", re.I)
PAST_AUXILIARIES = frozenset({"was", "were", "had", "been"})
# Quotation marks (straight, curly and the corpus's ``...'' pairs); not the apostrophe.
QUOTE_MARK = re.compile(r"``|''|[\"\u201c\u201d]")

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}  # northern hemisphere
UNIT_DAYS = {"S": 0, "MIN": 0, "H": 0, "D": 1, "W": 7, "FN": 14}  # units counted in days
UNIT_MONTHS = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}  # units counted in months


# --- language data -----------------------------------------------------------------------


@cache
def lexicon() -> dict:
    """The tagger's language data, read once."""
    with open(LEXICON_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def irregular_past() -> tuple[str, ...]:
    """Irregular past tenses that are past tense cues: not those written like the present."""
    with open(GRAMMAR_PATH, encoding="utf-8") as fh:
        grammar = yaml.safe_load(fh)
    events = [w for w, mark in grammar["past_forms"].items() if mark != "present"]
    return (*events, *grammar["saying_past"].values(), *grammar["other_past_forms"])


def word_alternation(words) -> str:
    """A regex alternation of lexicon words, longest first (spaces match any whitespace)."""
    return _alt(words)


def _alt(words, abbrev: set[str] = frozenset()) -> str:
    """Regex alternation, longest first; abbreviations take an optional full stop."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        p = re.escape(w).replace(r"\ ", r"\s+")
        parts.append(p + r"\.?" if w in abbrev else p)
    return "(?:" + "|".join(parts) + ")"


def _key(word: str) -> str:
    return " ".join(word.lower().rstrip(".").split())


@dataclass(frozen=True)
class RelativeWord:
    """An entry of the lexicon's relative_words ("last", "the following")."""

    step: int  # periods from the one counted from
    from_reference: bool = False  # counted from the last date the text set, not from now
    stretch: bool = False  # "the past year": the unit up to now


def _relative_entry(value) -> RelativeWord:
    if isinstance(value, int):
        return RelativeWord(value)
    return RelativeWord(value["step"], value.get("from") == "reference", bool(value.get("stretch")))


def relative_word(word: str) -> RelativeWord | None:
    """The lexicon's reading of a relative word before a period, or None."""
    value = lexicon()["relative_words"].get(_key(word))
    return None if value is None else _relative_entry(value)


def _month(word: str) -> int:
    return lexicon()["months"][_key(word)]


def _weekday(word: str) -> int:
    w = _key(word).removesuffix("'s")
    days = lexicon()["weekdays"]
    return days[w] if w in days else days[w.removesuffix("s")]


def _number(text: str) -> float | None:
    """'two' -> 2, 'twenty-four' -> 24, '5 1/2' -> 5.5, '1,000' -> 1000; None when vague."""
    t = _key(text).replace("-", " ")
    if t in {_key(v) for v in lexicon()["vague_numbers"]}:
        return None
    words = lexicon()["numbers"]
    if t in words:
        return float(words[t])
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (\d)/(\d))?", t)
    if m:
        n = float(m.group(1).replace(",", ""))
        if m.group(2):
            n += int(m.group(2)) / int(m.group(3))
        return n
    total = 0.0
    for part in t.split():
        if part not in words:
            return None
        total += words[part]
    return total


def _unit(word: str) -> str:
    w = _key(word)
    units = lexicon()["units"]
    if w in units:
        return units[w]
    if w.endswith("ies") and w[:-3] + "y" in units:
        return units[w[:-3] + "y"]
    return units[w[:-1]] if w.endswith("s") and w[:-1] in units else units[w]


# --- periods -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Norm:
    """A normalised expression: TIMEX3 type and value, range of days, precision."""

    type: str
    value: str
    start: date | None = None
    end: date | None = None
    precision: str | None = None
    relative: bool = True  # depends on the anchor (masked when there is none)


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    m += 1
    return date(y, m, min(d.day, _last_day(y, m)))


def day(d: date, relative: bool = True) -> Norm:
    return Norm("DATE", d.isoformat(), d, d, "day", relative)


def week(d: date) -> Norm:
    y, w, wd = d.isocalendar()
    monday = d - timedelta(days=wd - 1)
    return Norm("DATE", f"{y}-W{w:02d}", monday, monday + timedelta(days=6), "week")


def weekend(d: date) -> Norm:
    y, w, wd = d.isocalendar()
    saturday = d + timedelta(days=6 - wd)
    return Norm("DATE", f"{y}-W{w:02d}-WE", saturday, saturday + timedelta(days=1), "approximate")


def month(y: int, m: int, relative: bool = True) -> Norm:
    return Norm("DATE", f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, _last_day(y, m)), "month", relative)


def quarter(y: int, q: int, relative: bool = True) -> Norm:
    return Norm(
        "DATE",
        f"{y:04d}-Q{q}",
        date(y, 3 * q - 2, 1),
        date(y, 3 * q, _last_day(y, 3 * q)),
        "quarter",
        relative,
    )


def half(y: int, h: int, relative: bool = True) -> Norm:
    return Norm(
        "DATE", f"{y:04d}-H{h}", date(y, 6 * h - 5, 1), date(y, 6 * h, 30 + (h == 2)), "approximate", relative
    )


def year(y: int, relative: bool = True) -> Norm:
    return Norm("DATE", f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year", relative)


def season(y: int, code: str, relative: bool = True) -> Norm:
    first, last = SEASON_MONTHS[code]
    end_year = y + 1 if last < first else y
    return Norm(
        "DATE",
        f"{y:04d}-{code}",
        date(y, first, 1),
        date(end_year, last, _last_day(end_year, last)),
        "approximate",
        relative,
    )


def decade(d3: int, relative: bool = False) -> Norm:
    return Norm("DATE", f"{d3:03d}", date(d3 * 10, 1, 1), date(d3 * 10 + 9, 12, 31), "approximate", relative)


def century(c: int) -> Norm:
    """``c`` is the TIMEX3 century value: the 20th century is ``19`` (1900-1999)."""
    return Norm(
        "DATE", f"{c:02d}", date(max(c * 100, 1), 1, 1), date(c * 100 + 99, 12, 31), "approximate", False
    )


def ref(value: str, start: date | None = None, end: date | None = None) -> Norm:
    return Norm("DATE", value, start, end, "approximate" if start else None)


def with_mod(n: Norm, mod: str | None, anchor: date) -> Norm:
    """Narrow a period to its early/mid/late part ("late last year"), approximately."""
    if not mod or n.start is None:
        return n
    mod = lexicon()["modifiers"][_key(mod)]
    s, e = n.start, n.end
    span = (e - s).days + 1
    third = max(span // 3, 1)
    if mod == "early":
        s, e = s, s + timedelta(days=third - 1)
    elif mod == "mid":
        s, e = s + timedelta(days=third), e - timedelta(days=third)
    elif mod == "late":
        s, e = e - timedelta(days=third - 1), e
    elif mod == "earlier":
        e = min(anchor, e) if s <= anchor else s + timedelta(days=span // 2)
    elif mod == "later":
        s = max(anchor, s) if anchor <= e else s + timedelta(days=span // 2)
    elif mod == "rest":
        s = max(anchor, s)
    if e < s:
        s, e = e, s
    return Norm(n.type, n.value, s, e, "approximate", n.relative)


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: (2, 'D') -> P2D, (None, 'W') -> PXW, (1.5, 'H') -> PT1H30M."""
    time_unit = unit in ("H", "MIN", "S")
    letter = {"MIN": "M", "FN": "W", "DE": "Y", "CE": "Y"}.get(unit, unit)
    if n is None:
        letter = {"DE": "E", "CE": "C"}.get(unit, letter)
        return ("PT" if time_unit else "P") + "X" + letter
    n *= {"FN": 2, "DE": 10, "CE": 100}.get(unit, 1)
    whole, frac = int(n), n - int(n)
    if frac and unit in ("Y", "H", "MIN", "D"):
        sub, sub_letter, t = {
            "Y": (12, "M", ""),
            "H": (60, "M", ""),
            "MIN": (60, "S", ""),
            "D": (24, "H", "T"),
        }[unit]
        body = (f"{whole}{letter}" if whole else "") + t + f"{round(frac * sub)}{sub_letter}"
        return ("PT" if time_unit else "P") + body
    num = f"{whole}" if not frac else f"{n:g}"
    return ("PT" if time_unit else "P") + num + letter


def shift(d: date, n: int, unit: str) -> date:
    if unit in UNIT_DAYS:
        return d + timedelta(days=n * UNIT_DAYS[unit])
    return add_months(d, n * UNIT_MONTHS[unit])


def period_of(d: date, unit: str) -> Norm:
    """The calendar period of ``unit`` containing ``d`` (day for units shorter than a week)."""
    if unit == "W":
        return week(d)
    if unit == "M":
        return month(d.year, d.month)
    if unit == "Q":
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if unit in ("Y", "DE", "CE"):
        return year(d.year)
    return day(d)


# --- context ----------------------------------------------------------------------------


@dataclass
class Ctx:
    text: str
    anchor: date
    anchor_time: datetime | None
    ref: date  # reference time: the last specific day mentioned, else the anchor
    ref_norm: Norm | None = None  # the last DATE mentioned (for its granularity)
    ref_at: int = -1  # where the expression that set ``ref`` ends (-1: the anchor)
    # False while candidate spans are collected (no reference time is known yet), True
    # while the chosen ones are resolved in text order against the reference time.
    resolving: bool = False

    def ref_in_sentence(self, start: int) -> bool:
        """Whether ``ref`` was set earlier in the sentence that ``start`` is in."""
        return self.ref_at >= 0 and not SENTENCE_END.search(self.text[self.ref_at : start])

    def tense(self, start: int, end: int) -> str | None:
        """'future' or 'past' from the cue word nearest the span in its clause, or None;
        'deadline' when that cue is "by" or "effective" right before it (ahead, but a
        deadline just passed is still news).

        The window is the sentence, cut at quotation marks: "said" outside a quote
        dates the speaking, not what the quote speaks of.  A past auxiliary right
        before a future cue ("were planning", "was expected to") is a plan, so future.
        """
        left = self.text[max(0, start - CUE_WINDOW_BEFORE) : start]
        ends = [m.end() for m in SENTENCE_END.finditer(left)]
        left = left[ends[-1] :] if ends else left
        quotes = list(QUOTE_MARK.finditer(left))
        if quotes:
            left = left[quotes[-1].end() :]
        right = self.text[end : end + CUE_WINDOW_AFTER]
        m = SENTENCE_END.search(right)
        right = right[: m.start()] if m else right
        m = QUOTE_MARK.search(right)
        right = right[: m.start()] if m else right
        pats = _patterns()
        if pats.future.search(left) or pats.past.search(left):
            # a verb before the expression governs it; what follows its clause's comma is
            # most often an attribution (", Peskov told reporters") dating the speaking
            comma = right.find(",")
            right = right[:comma] if comma >= 0 else right
        cues: list[tuple[int, str]] = []  # (distance, kind)
        for side, text in (("left", left), ("right", right)):
            futures = [(f.start(), f.end()) for f in pats.future.finditer(text)]
            future_starts = {a for a, _ in futures}
            for a, b in futures:
                cues.append((len(text) - b if side == "left" else a + RIGHT_CUE_PENALTY, "future"))
            for p in pats.past.finditer(text):
                if PASSIVE_INFINITIVE.search(text, 0, p.start()):
                    continue  # "must be returned", "will be held": a passive infinitive, not the past
                after = len(text) - len(text[p.end() :].lstrip())
                if after > p.end() and after in future_starts and p.group().lower() in PAST_AUXILIARIES:
                    continue  # "were planning": the future cue speaks (not "announced plans")
                cues.append(
                    (len(text) - p.end() if side == "left" else p.start() + RIGHT_CUE_PENALTY, "past")
                )
        if self.word_before(start) in lexicon()["deadline_words"]:
            # "by Jan. 14", "effective Feb. 1": a deadline, usually ahead; a nearer past
            # cue still wins ("had filed reports by Wednesday")
            cues.append((DEADLINE_CUE_DISTANCE, "deadline"))
        return min(cues)[1] if cues else None

    def word_before(self, start: int) -> str:
        m = _patterns().word_before.search(self.text, max(0, start - 30), start)
        return m.group(1).lower() if m else ""


# --- rules ---------------------------------------------------------------------------------

Handler = Callable[[re.Match, Ctx], Norm | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Handler
    uses_ref: bool = False
    trigger: re.Pattern | None = None  # a cheap pattern every match contains (where to look)
    # False for rules whose results are themselves read off the reference time; they do
    # not move it (two "year-earlier"s in a row both mean the year before the period
    # under discussion)
    sets_ref: bool = True
    examples: tuple[tuple, ...] = ()  # (sentence, expression, type, value[, anchor]) from the rule file


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _pick_year(ctx: Ctx, first_day: date | None, start: int, end: int, make: Callable[[int], date]) -> int:
    """Year for a date or month written without one.

    The occurrence on or before the anchor, unless the sentence speaks of the future, or
    the next occurrence after the anchor is much nearer than the last one before it
    (PAST_BIAS: "payable Dec. 15" in October is this December, not last December).
    """
    a = ctx.anchor
    before_y = a.year if make(a.year) <= a else a.year - 1
    after_y = a.year if make(a.year) >= a else a.year + 1
    if before_y == after_y:
        return a.year
    if ctx.word_before(start) == "since":
        return before_y  # "since October 7": a start in the past, however near the next one is
    tense = ctx.tense(start, end)
    back = (a - _period_end(make, before_y)).days
    ahead = (make(after_y) - a).days
    if tense == "future":
        return after_y
    if tense == "deadline":
        return before_y if back * PAST_BIAS < ahead else after_y
    bias = PAST_BIAS if tense == "past" else 1
    return after_y if ahead * bias < back else before_y


def _period_end(make: Callable[[int], date], y: int) -> date:
    return getattr(make, "end", make)(y)


def _resolve_month_day(ctx: Ctx, mo: int, d: int, start: int, end: int) -> date | None:
    """A day and month given without a year (see ``_pick_year``)."""
    if mo == 2 and d == 29:
        return None
    return date(_pick_year(ctx, None, start, end, lambda y: date(y, mo, d)), mo, d)


def _resolve_month(ctx: Ctx, mo: int, rel: str | None, start: int, end: int) -> int:
    a = ctx.anchor
    rel = _key(rel) if rel else None
    if rel == "last":
        return a.year if mo < a.month else a.year - 1
    if rel == "next":
        return a.year if mo > a.month else a.year + 1
    if rel == "this":
        return a.year
    if mo == a.month:
        return a.year

    def first(y: int) -> date:
        return date(y, mo, 1)

    first.end = lambda y: date(y, mo, _last_day(y, mo))  # type: ignore[attr-defined]
    return _pick_year(ctx, None, start, end, first)


def _resolve_weekday(ctx: Ctx, wd: int, rel: str | None, start: int, end: int) -> date:
    a = ctx.anchor
    rel = _key(rel) if rel else None
    back = (a.isoweekday() - wd) % 7
    ahead = (wd - a.isoweekday()) % 7
    if rel == "last" or rel == "past":
        return a - timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return a + timedelta(days=ahead or 7)
    tense = ctx.tense(start, end)
    if tense == "future" or (tense == "deadline" and ahead < back * PAST_BIAS):
        return a + timedelta(days=ahead)
    return a - timedelta(days=back)


def _time_on(d: date, h: int, mi: int, ap: str | None) -> tuple[str, bool]:
    ap = (ap or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    return f"{d.isoformat()}T{h:02d}:{mi:02d}", True


def day_word(word: str) -> tuple[int, str | None] | None:
    """(days after the publication day, part of the day or None) of a lexicon day word
    ("yesterday" -> (-1, None), "last night" -> (-1, "night")), or None."""
    value = lexicon()["day_words"].get(_key(word))
    if value is None:
        return None
    return (value, None) if isinstance(value, int) else (value["days"], value.get("part"))


def _day_word(ctx: Ctx, word: str, start: int, end: int) -> date | None:
    """A day word ("yesterday", "tonight"), "this morning" or a weekday -> the day it names."""
    w = _key(word)
    a = ctx.anchor
    entry = day_word(w)
    if entry is not None:
        return a + timedelta(days=entry[0])
    if w.startswith("this "):  # "this morning"
        return a
    if w in lexicon()["weekdays"]:
        return _resolve_weekday(ctx, _weekday(w), None, start, end)
    return None


# Handlers ---------------------------------------------------------------------------------


def h_iso(m: re.Match, ctx: Ctx) -> Norm | None:
    try:
        d = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    except ValueError:
        return None
    if m["h"]:
        if int(m["h"]) > 23 or int(m["mi"]) > 59:
            return None
        return Norm("TIME", f"{d.isoformat()}T{int(m['h']):02d}:{m['mi']}", d, d, "time", False)
    return day(d, relative=False)


def h_numeric(m: re.Match, ctx: Ctx) -> Norm | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        y += 2000 if y <= (ctx.anchor.year % 100) + 1 else 1900
    mo, d = (a, b) if a <= 12 else (b, a)  # month first (US) unless the first cannot be a month
    try:
        return day(date(y, mo, d), relative=False)
    except ValueError:
        return None


def _clock(m: re.Match, on: date, prefix: str = "") -> Norm | None:
    h = _g(m, prefix + "h")
    if h is None and _g(m, prefix + "hp"):
        # "4 in the morning" is a.m.; "in the afternoon/evening" and "at night" are p.m.
        # ("at night" before six is the small hours: "2 at night")
        hi, mi = int(_g(m, prefix + "hp")), int(_g(m, prefix + "mip") or 0)
        pm = _g(m, prefix + "pod_ap") in ("afternoon", "evening") or (
            _g(m, prefix + "night_ap") is not None and hi >= 6
        )
        if not 1 <= hi <= 12 or mi > 59:
            return None
        value, _ = _time_on(on, hi, mi, "pm" if pm else "am")
        return Norm("TIME", value, on, on, "time")
    if h is None:
        word = _key(_g(m, prefix + "noon") or "")
        if not word:
            return None
        hh = 12 if word in ("noon", "midday") else 24
        value = f"{on.isoformat()}T{hh:02d}:00" if hh != 24 else f"{on.isoformat()}T24:00"
        return Norm("TIME", value, on, on, "time")
    hi, mi = int(h), int(_g(m, prefix + "mi") or 0)
    ap = _g(m, prefix + "ap")
    if hi > 23 or mi > 59 or (ap and hi > 12) or (ap and hi == 0):
        return None
    value, _ = _time_on(on, hi, mi, ap)
    return Norm("TIME", value, on, on, "time")


def h_month_day(m: re.Match, ctx: Ctx) -> Norm | None:
    mo = _month(m["m"])
    if not _capitalised(m["m"]):
        return None
    d = int(m["d"])
    if m["y"]:
        y = int(m["y"])
        if not YEAR_MIN <= y <= YEAR_MAX:
            return None
        try:
            on = date(y, mo, d)
        except ValueError:
            return None
        relative = False
    else:
        on = _resolve_month_day(ctx, mo, d, m.start(), m.end())
        relative = True
        if on is None:
            return None
    if _g(m, "h") or _g(m, "noon"):
        n = _clock(m, on)
        return Norm(n.type, n.value, n.start, n.end, n.precision, relative) if n else day(on, relative)
    return day(on, relative)


def h_month(m: re.Match, ctx: Ctx) -> Norm | None:
    word = m["m"]
    if not _capitalised(word):
        return None
    mo = _month(word)
    mod, rel, y = _g(m, "mod"), _g(m, "rel"), _year_group(m)
    ry = _g(m, "ry")
    if not (mod or rel or y or ry):
        before = ctx.word_before(m.start())
        ambiguous = _key(word) in lexicon()["ambiguous_months"]
        after = ctx.text[m.end() : m.end() + 2]
        if before not in lexicon()["month_context"]:
            if ambiguous:
                return None
            nxt = re.match(r"\s+([A-Z][a-z]+)", ctx.text[m.end() : m.end() + 20])
            if nxt and _key(nxt.group(1)) not in lexicon()["months"] and after[:1] != ",":
                return None  # "April Smith": a name
        if (
            len(word.rstrip(".")) <= 4
            and word.lower() not in ("may", "june", "july")
            and not word.endswith(".")
        ):
            return None  # a bare abbreviation ("Jan") is too often something else
    if y:
        yy = y
        if not YEAR_MIN <= yy <= YEAR_MAX:
            return None
        return with_mod(month(yy, mo, relative=False), mod, ctx.anchor)
    if ry:
        yy = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[_key(ry)]
        return with_mod(month(yy, mo), mod, ctx.anchor)
    return with_mod(month(_resolve_month(ctx, mo, rel, m.start(), m.end()), mo), mod, ctx.anchor)


def h_weekday(m: re.Match, ctx: Ctx) -> Norm | None:
    word = m["wd"]
    if not _capitalised(word):
        return None
    wd = _weekday(word)
    if m["plural"]:
        pod = lexicon()["parts_of_day"].get(_key(m["pod"] or ""), "")
        return Norm("SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""))
    rel = _g(m, "rel")
    on = _resolve_weekday(
        ctx, wd, rel if rel and _key(rel) not in ("early", "late") else None, m.start(), m.end()
    )
    if _g(m, "h") or _g(m, "noon"):
        n = _clock(m, on)
        if n:
            return n
    if m["pod"]:
        code = lexicon()["parts_of_day"][_key(m["pod"])]
        return Norm("TIME", f"{on.isoformat()}T{code}", on, on, "day")
    return day(on)


def h_relative_day(m: re.Match, ctx: Ctx) -> Norm | None:
    w = _key(m["w"])
    on = _day_word(ctx, w, m.start(), m.end())
    if on is None:
        return None
    if _g(m, "h") or _g(m, "noon"):
        n = _clock(m, on)
        if n:
            return n
    pod = _g(m, "pod")
    entry = day_word(w)
    if entry is not None and entry[1]:
        pod = entry[1]  # "tonight", "last night"
    if w.startswith("this "):
        pod = w.split()[1]
    if pod:
        code = lexicon()["parts_of_day"][_key(pod)]
        return Norm("TIME", f"{on.isoformat()}T{code}", on, on, "day")
    return day(on)


def h_clock(m: re.Match, ctx: Ctx) -> Norm | None:
    on = ctx.ref
    dw = _g(m, "dw") or _g(m, "dw0")
    if dw:
        on = _day_word(ctx, dw, m.start(), m.end()) or on
    elif _g(m, "cm"):  # "5 p.m. EST, Nov. 6"
        if not _capitalised(m["cm"]):
            return None
        mo, d = _month(m["cm"]), int(m["cd"])
        try:
            on = date(int(m["cy"]), mo, d) if m["cy"] else _resolve_month_day(ctx, mo, d, m.start(), m.end())
        except ValueError:
            return None
        if on is None:
            return None
    return _clock(m, on)


def _this_unit(ctx: Ctx, rel: str, unit_word: str, base: date) -> Norm | None:
    """'this week', 'last month', 'next year', 'the previous quarter', 'last summer'..."""
    relative = relative_word(_key(rel))
    if relative is None:
        return None
    step = relative.step
    u = _key(unit_word)
    seasons = lexicon()["seasons"]
    if u in seasons:
        code = seasons[u]
        # y0: the year of the occurrence of the season in the base's year ("this winter"
        # in February is the winter that began the December before)
        y0 = base.year - 1 if code == "WI" and base.month <= 2 else base.year
        cur = season(y0, code)
        if step == -1:
            return season(y0 if cur.end < base else y0 - 1, code)
        if step == 1:
            return season(y0 if cur.start > base else y0 + 1, code)
        return cur
    if u == "weekend":
        d = base + timedelta(weeks=step)
        if step == -1:
            d = (
                base - timedelta(days=base.isoweekday())
                if base.isoweekday() < 6
                else base - timedelta(weeks=1)
            )
        return weekend(d)
    unit = lexicon()["units"].get(u)
    if unit is None or unit in ("S", "MIN", "H"):
        return None
    if unit == "D":
        return day(base + timedelta(days=step))
    if unit == "FN":
        return None
    return (
        period_of(shift(base, step, unit), unit)
        if unit not in ("DE", "CE")
        else (
            decade(shift(base, step, unit).year // 10, True)
            if unit == "DE"
            else century(shift(base, step, unit).year // 100)
        )
    )


def h_unit_rel(m: re.Match, ctx: Ctx) -> Norm | None:
    rel, u, mod = m["rel"], m["u"], _g(m, "mod")
    krel = _key(rel)
    unit = lexicon()["units"].get(_key(u))
    if u[:1].isupper() and rel[:1].isupper():
        return None  # a title: ABC's "This Week"
    if krel == "the":
        if not mod:
            return None  # "the year" alone: see h_the_year
        rel = krel = "this"
    relative = relative_word(krel)
    if relative is None:
        return None
    if relative.stretch and unit and unit not in ("S", "MIN", "H"):
        # "the past year": a stretch of one unit up to the anchor
        value = duration_value(1, unit)
        start = shift(ctx.anchor, -1, unit)
        return Norm("DURATION", value, start, ctx.anchor, "approximate")
    base = ctx.ref if relative.from_reference else ctx.anchor
    n = _this_unit(ctx, rel, u, base)
    if n is None:
        return None
    return with_mod(n, mod, ctx.anchor)


def h_year(m: re.Match, ctx: Ctx) -> Norm | None:
    y = int(m["y"])
    before = ctx.word_before(m.start())
    if not (YEAR_MIN <= y <= YEAR_MAX):
        return None
    if y < YEAR_MIN_BARE and before not in lexicon()["month_context"] and not _g(m, "fy"):
        return None
    if y < YEAR_MIN_BARE and _patterns().plural_after.match(ctx.text, m.end()):
        # A number before a plural noun counts ("a sample of 1000 Ukrainians"). Only for
        # years news rarely names bare: "its 1991 borders", "the 2008 Games" are years.
        return None
    nxt = re.match(r"\s+([a-zA-Z]+)", ctx.text[m.end() : m.end() + 20])
    if nxt and nxt.group(1).lower() in _count_nouns() and not _g(m, "mod"):
        return None
    if re.search(r"[$€£#]$|\d-$", ctx.text[max(0, m.start("y") - 2) : m.start("y")]):
        return None  # money, numbers, phone numbers
    return with_mod(year(y, relative=False), _g(m, "mod"), ctx.anchor)


def h_century(m: re.Match, ctx: Ctx) -> Norm | None:
    n = int(m["n"]) if m["n"] else int(_number(m["nw"]) or lexicon()["ordinals"].get(_key(m["nw"]), 0))
    if not n:
        return None
    return with_mod(century(n - 1), _g(m, "mod"), ctx.anchor)


def h_quarter(m: re.Match, ctx: Ctx) -> Norm | None:
    a = ctx.anchor
    kind = _key(m["kind"])
    ordw = _g(m, "ord")
    rel = _key(_g(m, "rel") or "")
    yw = _g(m, "yr") or _g(m, "y2")
    cur_q = (a.month - 1) // 3 + 1
    n_parts = 4 if kind.startswith("quarter") else 2
    if ordw:
        k = lexicon()["ordinals"][_key(ordw)]
        k = n_parts if _key(ordw) in ("final", "last") else k
        if k > n_parts:
            return None
    else:
        k = None
    if yw:
        ky = _key(yw).removesuffix("'s")
        y = int(ky) if ky.isdigit() else a.year + {"last year": -1, "this year": 0, "next year": 1}.get(ky, 0)
    elif rel in ("the year-earlier", "the year-ago", "year-earlier", "year-ago"):
        y = a.year - 1
    else:
        y = a.year
    if m["kind"].lower().endswith("s") and not yw:
        return None
    if k is None:
        # "this quarter", "last quarter", "the quarter", "the latest quarter"
        if kind.startswith("half"):
            return None
        q = cur_q
        if rel in (
            "last",
            "the last",
            "the latest",
            "the most recent",
            "the previous",
            "the past",
            "the quarter",
            "the",
            "its",
        ):
            q -= 1
        elif rel in ("next", "the next", "the coming"):
            q += 1
        elif rel in ("the year-earlier", "the year-ago", "year-earlier", "year-ago"):
            q -= 1
        elif rel not in ("this", "the current"):
            return None
        yy = y + (q - 1) // 4
        q = (q - 1) % 4 + 1
        return quarter(yy, q)
    n = quarter(y, k) if n_parts == 4 else half(y, k)
    return Norm(n.type, n.value, n.start, n.end, n.precision, relative=not (yw and _key(yw).isdigit()))


def h_q(m: re.Match, ctx: Ctx) -> Norm | None:
    y = int(m["y"]) if m["y"] else ctx.anchor.year
    return quarter(y, int(m["q"]), relative=not m["y"])


def h_season(m: re.Match, ctx: Ctx) -> Norm | None:
    code = lexicon()["seasons"][_key(m["s"])]
    y = _year_group(m)
    if y:
        return with_mod(season(y, code, relative=False), _g(m, "mod"), ctx.anchor)
    # "in the summer", "this fall" handled by h_unit_rel; here "in summer"/"the summer": nearest before
    a = ctx.anchor
    first, _ = SEASON_MONTHS[code]
    yy = a.year if first <= a.month else a.year - 1
    if ctx.tense(m.start(), m.end()) in ("future", "deadline"):
        yy = a.year if first >= a.month or code == "WI" else a.year + 1
    return with_mod(season(yy, code), _g(m, "mod"), ctx.anchor)


def holiday_on(name: str, y: int, lx: dict | None = None) -> date:
    """The day a holiday named in the lexicon falls on in year ``y``."""
    lx = lx if lx is not None else lexicon()
    if name in lx["holidays"]:
        mo, d = (int(x) for x in lx["holidays"][name].split("-"))
        return date(y, mo, d)
    spec = lx["movable_holidays"][name].split()
    offset = int(spec[-1]) if spec[-1][0] in "+-" else 0
    if spec[0] == "easter":
        return easter(y, EASTER_WESTERN) + timedelta(days=offset)
    if spec[:2] == ["orthodox", "easter"]:
        return easter(y, EASTER_ORTHODOX) + timedelta(days=offset)
    mo, nth, wd = int(spec[0]), int(spec[1]), lx["weekdays"][spec[2]]
    if nth > 0:
        first = date(y, mo, 1)
        d = first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
    else:
        last = date(y, mo, _last_day(y, mo))
        d = last - timedelta(days=(last.isoweekday() - wd) % 7 + 7 * (-nth - 1))
    return d + timedelta(days=offset)


def h_holiday(m: re.Match, ctx: Ctx) -> Norm | None:
    if not _capitalised(m["hol"]):
        return None
    name = " ".join(_key(m["hol"]).replace("’", "'").split())
    if _g(m, "y"):
        return day(holiday_on(name, int(m["y"])), relative=False)
    a, rel = ctx.anchor, _key(m["rel"]) if _g(m, "rel") else None
    if rel in ("last", "next", "this"):
        y = a.year
        if rel == "last":
            y = a.year if holiday_on(name, a.year) < a else a.year - 1
        elif rel == "next":
            y = a.year if holiday_on(name, a.year) > a else a.year + 1
        return day(holiday_on(name, y))
    y = _pick_year(ctx, None, m.start(), m.end(), lambda y: holiday_on(name, y))
    return day(holiday_on(name, y))


def _vague_range(anchor: date, unit: str, future: bool) -> tuple[date, date]:
    window = timedelta(days=VAGUE_WINDOW_DAYS.get(unit, 30))
    return (anchor, anchor + window) if future else (anchor - window, anchor)


def h_duration(m: re.Match, ctx: Ctx) -> Norm | None:
    num_text, unit_word = m["num"], m["unit"]
    unit = _unit(unit_word)
    n = _number(num_text)
    knum = _key(num_text)
    if unit == "S" and knum in ("a", "an", "one"):
        return None  # "a second", "one second" are ordinals far more often than durations
    if unit == "Q" and knum in ("a", "an"):
        return None  # "a quarter of the population"
    if (
        unit == "D"
        and knum in ("a", "an", "one")
        and not (m["dir"] or m["rel"] or m["pre"])
        and _key(unit_word) == "day"
    ):
        before = ctx.word_before(m.start())
        if before in ("one",) or ctx.text[m.end() : m.end() + 1] == ",":
            return None
    if n is not None and m["half"]:
        n += 0.5
    if re.match(r"\s+old\b", ctx.text[m.end() : m.end() + 5]) and not m["rel"]:
        return None  # "37 years old": an age
    if unit == "Q" and (m["sep"] == "-" or re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4])):
        return None  # "three-quarters of": a fraction
    if knum in ("a", "an") and unit_word[:1].isupper() and not num_text[:1].isupper():
        return None  # "Sandra Day O'Connor"
    rel = _key(m["rel"] or "")
    direction = _key(m["dir"] or "")
    a = ctx.anchor
    # quantity + "a"/"per" + unit is a frequency ("twice a week", "$5 a year")
    if knum in ("a", "an") and not rel and not direction:
        before = ctx.text[max(0, m.start() - 40) : m.start()]
        if _patterns().frequency.search(before):
            return Norm("SET", duration_value(1, unit))
    if direction in ("ago", "earlier", "later", "from now"):
        base = a if direction in ("ago", "from now") else ctx.ref
        if direction in ("earlier", "later") and unit in ("Y", "DE", "CE", "Q", "M"):
            # "In 2004, NATO added ... Four years later": from the last date the text set,
            # a year or a month too, not only a day ("Eight years ago ... Eight years later").
            r = ctx.ref_norm
            if r is not None and r.start is not None:
                base = r.start
            elif direction == "later" and ctx.resolving:
                return None  # later than nothing the text dated: not the publication's future
        sign = 1 if direction in ("later", "from now") else -1
        if n is None:
            lo, hi = FEW_RANGE
            s = shift(base, sign * lo, unit) if unit not in ("S", "MIN", "H") else base
            e = shift(base, sign * hi, unit) if unit not in ("S", "MIN", "H") else base
            s, e = min(s, e), max(s, e)
            return Norm("DATE", FUTURE_REF if sign > 0 else PAST_REF, s, e, "approximate")
        if unit in ("S", "MIN", "H"):
            return day(base)
        if n != int(n):
            n = round(n)
        d = shift(base, sign * int(n), unit)
        if unit in ("Y", "DE", "CE"):
            if ctx.ref_norm is not None and ctx.ref_norm.precision == "quarter" and unit == "Y":
                q = int(ctx.ref_norm.value[-1])
                return quarter(int(ctx.ref_norm.value[:4]) + sign * int(n), q)
            return year(d.year)
        if unit == "Q":
            return period_of(d, "Q")
        if unit == "M":
            return month(d.year, d.month)
        return day(d)
    value = duration_value(n, unit)
    if rel in ("past", "last", "previous", "recent", "the past", "the last", "the previous", "few"):
        start = shift(a, -int(n), unit) if n is not None and unit not in ("S", "MIN", "H") else None
        if n is None:
            start, _ = _vague_range(a, unit, False)
        if n is not None and n != int(n):
            start = None
        return Norm("DURATION", value, start, a if start else None, "approximate" if start else None)
    if rel in ("next", "coming", "following", "the next", "the coming", "the following"):
        end = (
            shift(a, int(n), unit)
            if n is not None and n == int(n) and unit not in ("S", "MIN", "H")
            else None
        )
        if n is None:
            _, end = _vague_range(a, unit, True)
        return Norm("DURATION", value, a if end else None, end, "approximate" if end else None)
    return Norm("DURATION", value)


def h_bare_units(m: re.Match, ctx: Ctx) -> Norm | None:
    unit = _unit(m["unit"])
    return Norm("DURATION", duration_value(None, unit))


def h_vague_period(m: re.Match, ctx: Ctx) -> Norm | None:
    """'recent days', 'the coming weeks', 'the past months': a vague stretch before or after the anchor."""
    rel = _key(m["rel"])
    unit = _unit(m["unit"])
    future = rel in ("coming", "next", "following", "upcoming")
    s, e = _vague_range(ctx.anchor, unit, future)
    # TimeML calls these durations of unknown length ("recent days" = PXD); the range
    # still places them on the calendar, ending (or starting) at the anchor.
    return Norm("DURATION", duration_value(None, unit), s, e, "approximate")


def h_ref_word(m: re.Match, ctx: Ctx) -> Norm | None:
    w = _key(m["w"])
    value = lexicon()["reference_words"][w]
    a = ctx.anchor
    if w == "soon" and (
        ctx.word_before(m.start()) == "as" or re.match(r"\s+(?:after|as)\b", ctx.text[m.end() : m.end() + 8])
    ):
        return None  # "as soon as", "soon after": relative to an event, not to the anchor
    if w == "current":
        # the adjective before a noun ("its current position"; time units are whole
        # expressions of their own: "the current quarter"), not "current account"
        nxt = re.match(r"\s+([a-z]+)", ctx.text[m.end() : m.end() + 30])
        if nxt is None or nxt.group(1) in lexicon()["not_time_after_current"]:
            return None
    if value == PRESENT_REF:
        return ref(value, a, a)
    if w in ("recently", "lately"):
        return ref(value, a - timedelta(days=RECENTLY_DAYS), a)
    if w == "soon":
        return ref(value, a, a + timedelta(days=SOON_DAYS))
    return ref(value)


def h_set(m: re.Match, ctx: Ctx) -> Norm | None:
    w = _key(m["w"])
    fixed = lexicon()["frequency_words"]
    if w in fixed:
        return Norm("SET", fixed[w])
    u = _key(m["u"])
    n = _number(m["n"]) if _g(m, "n") else 1
    if u in lexicon()["weekdays"] or u.rstrip("s") in lexicon()["weekdays"]:
        return Norm("SET", f"XXXX-WXX-{_weekday(u)}")
    if u in lexicon()["months"]:
        return Norm("SET", f"XXXX-{_month(u):02d}")
    if u in lexicon()["parts_of_day"]:
        return Norm("SET", f"XXXX-XX-XXT{lexicon()['parts_of_day'][u]}")
    if u in lexicon()["seasons"]:
        return Norm("SET", f"XXXX-{lexicon()['seasons'][u]}")
    if _key(m["w"]).startswith("every other"):
        n = 2
    return Norm("SET", duration_value(n or 1, _unit(u)))


def h_ref_day(m: re.Match, ctx: Ctx) -> Norm | None:
    w = _key(m["w"])
    return day(ctx.ref + timedelta(days=lexicon()["reference_days"][w]))


def h_the_year(m: re.Match, ctx: Ctx) -> Norm | None:
    """'the year', 'the full year', 'the fiscal year': this year; a stretch when it ends ('the year ended June 30')."""
    if re.match(r"\s+(?:ended|ending|to|through)\b", ctx.text[m.end() : m.end() + 10]):
        return Norm("DURATION", "P1Y")
    return year(ctx.anchor.year)


def h_year_end(m: re.Match, ctx: Ctx) -> Norm | None:
    """'year-end', "by year's end": the end of this year."""
    return with_mod(year(ctx.anchor.year), "late", ctx.anchor)


def h_year_ago(m: re.Match, ctx: Ctx) -> Norm | None:
    """'year-earlier', 'the year-ago period': the same period a year before the one last mentioned."""
    r = ctx.ref_norm
    if r is not None and r.precision == "quarter":
        return quarter(int(r.value[:4]) - 1, int(r.value[-1]))
    return year(ctx.ref.year - 1)


def _overnight(m: re.Match, ctx: Ctx) -> Norm:
    """The night before the day named earlier in the same sentence ("on Sunday ...
    overnight"), else the night before publication: news calls last night "overnight"."""
    day_after = ctx.ref if ctx.ref_in_sentence(m.start()) else ctx.anchor
    on = day_after - timedelta(days=1)
    return Norm("TIME", f"{on.isoformat()}TNI", on, day_after, "day")


def h_part_of_day(m: re.Match, ctx: Ctx) -> Norm | None:
    """'the morning', 'mid-afternoon', 'overnight': a part of the day last mentioned."""
    w = _key(m["pod"])
    if w == "overnight":
        return _overnight(m, ctx)
    on = ctx.ref
    return Norm("TIME", f"{on.isoformat()}T{lexicon()['parts_of_day'][w]}", on, on, "day")


def h_ahead(m: re.Match, ctx: Ctx) -> Norm | None:
    unit = _unit(m["unit"])
    s, e = _vague_range(ctx.anchor, unit, True)
    return Norm("DURATION", duration_value(None, unit), s, e, "approximate")


def h_units_ago(m: re.Match, ctx: Ctx) -> Norm | None:
    """'months ago', 'years ago': a vague stretch back from the anchor."""
    unit = _unit(m["unit"])
    lo, hi = FEW_RANGE
    return Norm("DATE", PAST_REF, shift(ctx.anchor, -hi, unit), shift(ctx.anchor, -lo, unit), "approximate")


def _spoken_year(text: str) -> int | None:
    t = _key(text).replace("-", " ").replace(" and", "").split()
    words = lexicon()["numbers"]
    if t[:2] == ["two", "thousand"]:
        return 2000 + sum(words[w] for w in t[2:])
    century = words.get(t[0])
    rest = t[1:]
    if rest and rest[0] == "o":
        rest = rest[1:]
    if century not in (19, 20) or not all(w in words for w in rest):
        return None
    return century * 100 + int(sum(words[w] for w in rest))


def _year_group(m: re.Match) -> int | None:
    """The year written after a month or season: digits (group y) or spoken (group sy)."""
    if _g(m, "y"):
        return int(m["y"])
    if _g(m, "sy"):
        return _spoken_year(m["sy"])
    return None


def h_spoken_year(m: re.Match, ctx: Ctx) -> Norm | None:
    y = _spoken_year(m["y"])
    return year(y, relative=False) if y else None


# --- patterns ------------------------------------------------------------------------------


RULES_PATH = LEXICON_PATH.with_name("rules.yaml")
# "{MONTH}" in a rule's pattern, "{UNITS:D,W}" with a choice of TIMEX3 unit codes; a
# regex count ("\d{4}", "{1,3}") never has capitals
MACRO = re.compile(r"\{([A-Z][A-Z_]*)(?::([A-Z,]+))?\}")
RULE_KEYS = {"name", "pattern", "trigger", "handler", "uses_ref", "sets_ref", "case_sensitive", "examples"}


class RuleError(ValueError):
    """The rule file or the lexicon cannot make a rule; the message names the rule."""


def lexicon_word_lists(lx: dict) -> dict[str, list[str]]:
    """The lexicon's word lists that rules refer to as {NAME}."""
    numbers = lx["numbers"]
    single = {w: v for w, v in numbers.items() if " " not in w and w not in ("a", "an")}
    return {
        "MONTH": list(lx["months"]),
        "WEEKDAY": [w for w in lx["weekdays"] if w not in lx["weekday_abbreviations"]],
        "NUMBER_WORD": list(single),
        "NUMBER_PHRASE": [w for w in numbers if " " in w],
        "VAGUE_NUMBER": list(lx["vague_numbers"]),
        "DIGIT_WORD": [w for w, v in single.items() if 1 <= v <= 9],
        "TEEN_WORD": [w for w, v in single.items() if 10 <= v <= 19],
        "TENS_WORD": [w for w, v in single.items() if v in range(20, 100, 10)],
        "PART_OF_DAY": list(lx["parts_of_day"]),
        "ORDINAL": list(lx["ordinals"]),
        "DECADE_WORD": list(lx["decade_words"]),
        "HOLIDAY": [*lx["holidays"], *lx["movable_holidays"]],
        "SEASON": list(lx["seasons"]),
        "DAY_WORD": list(lx["day_words"]),
        "REFERENCE_DAY": list(lx["reference_days"]),
        "REFERENCE_WORD": list(lx["reference_words"]),
        "RELATIVE_WORD": list(lx["relative_words"]),
        "FREQUENCY_WORD": list(lx["frequency_words"]),
        "MODIFIER": list(lx["modifiers"]),
        "NOT_PLURAL": list(lx["not_plurals"]),
    }


def _word_alt(name: str, words: list[str]) -> str:
    if name == "MONTH":  # abbreviations ("Feb.", "Sept.": a longer name begins so) take a full stop
        return _alt(words, abbrev={w for w in words if any(o != w and o.startswith(w) for o in words)})
    if name == "HOLIDAY":  # written with a straight or a curly apostrophe ("New Year’s Day")
        return _alt(words).replace("'", "['’]")
    return _alt(words)


# "{HOLIDAY:FIRST}", "{REFERENCE_WORD:LAST}": the first or last word of each entry (none
# that contains another), a cheaper trigger than the whole alternation
KEY_WORD = {"FIRST": 0, "LAST": -1}


def key_words(phrases: list[str], which: str) -> list[str]:
    words = {p.split()[KEY_WORD[which]] for p in phrases}
    return [w for w in words if not any(o != w and o in w for o in words)]


MODIFIER_PARTS = {"early", "mid", "late", "earlier", "later", "rest"}  # what with_mod can narrow to
PART_OF_DAY_CODES = {"MO", "AF", "EV", "NI"}  # TIMEX3


def check_lexicon(lx: dict) -> None:
    """RuleError naming the entry when a lexicon value is one the handlers cannot read,
    so a word added to the data works or fails at load time, never gives a wrong value."""
    known = {
        "units": set(UNIT_DAYS) | set(UNIT_MONTHS),
        "seasons": set(SEASON_MONTHS),
        "parts_of_day": PART_OF_DAY_CODES,
        "reference_words": {PAST_REF, PRESENT_REF, FUTURE_REF},
        "modifiers": MODIFIER_PARTS,
    }
    for key, values in known.items():
        for word, value in lx[key].items():
            if value not in values:
                raise RuleError(f"lexicon {key}: {word!r}: {value!r} is not one of {sorted(values)}")
    for word, value in lx["day_words"].items():
        ok = isinstance(value, int) or (
            isinstance(value, dict)
            and isinstance(value.get("days"), int)
            and value.get("part") in (None, *lx["parts_of_day"])
        )
        if not ok:
            raise RuleError(f"lexicon day_words: {word!r}: {value!r} is not a day count or {{days, part}}")
    for word, value in lx["relative_words"].items():
        ok = isinstance(value, int) or (
            isinstance(value, dict)
            and isinstance(value.get("step"), int)
            and set(value) <= {"step", "from", "stretch"}
            and value.get("from", "reference") == "reference"
        )
        if not ok:
            raise RuleError(
                f"lexicon relative_words: {word!r}: {value!r} is not a step or {{step, from, stretch}}"
            )
    for word, value in lx["frequency_words"].items():
        if not re.fullmatch(r"PT?\d+[A-Z]", value):
            raise RuleError(f"lexicon frequency_words: {word!r}: {value!r} is not a TIMEX3 period")
    for name in [*lx["holidays"], *lx["movable_holidays"]]:
        try:
            holiday_on(name, 2000, lx)
        except (ValueError, KeyError, IndexError) as error:
            raise RuleError(f"lexicon holidays: {name!r}: cannot date it ({error})") from None


def lexicon_macros(lx: dict) -> dict[str, str]:
    """The alternations rules refer to as {NAME}, each built from one word list of the lexicon."""
    return {name: _word_alt(name, words) for name, words in lexicon_word_lists(lx).items()}


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


# The unit macros, each optionally narrowed to some TIMEX3 unit codes ("{UNITS:D,W}"):
# UNIT singular or plural, UNITS plural, UNIT_SINGULAR singular, UNIT_STEM the part a
# unit's singular and plural share ("centur", "day"; for triggers).
UNIT_FORMS: dict[str, Callable[[str], list[str]]] = {
    "UNIT": lambda w: [w, _plural(w)],
    "UNITS": lambda w: [_plural(w)],
    "UNIT_SINGULAR": lambda w: [w],
    "UNIT_STEM": lambda w: [os.path.commonprefix([w.split()[-1], _plural(w.split()[-1])])],
}


def unit_macro(lx: dict, form: str, codes: str | None) -> str:
    wanted = set(codes.split(",")) if codes else None
    words = {f for w, c in lx["units"].items() if wanted is None or c in wanted for f in UNIT_FORMS[form](w)}
    if not words:
        raise RuleError(f"{{{form}:{codes}}}: no unit in the lexicon has these codes")
    return _alt(words)


def _joined(src) -> str:
    """A pattern written as one string or as a list of pieces."""
    return "".join(src) if isinstance(src, list) else src


def expand(src: str, macros: dict[str, str], where: str, lx: dict, _stack: tuple[str, ...] = ()) -> str:
    """``src`` with every {NAME} replaced by its macro, macros within macros too."""

    def one(m: re.Match) -> str:
        name = m[1]
        if name in UNIT_FORMS:
            return unit_macro(lx, name, m[2])
        if m[2]:
            words = lexicon_word_lists(lx).get(name)
            if words is None or m[2] not in KEY_WORD:
                raise RuleError(f"{where}: {m[0]}: only unit macros take codes, word lists FIRST or LAST")
            return _word_alt(name, key_words(words, m[2]))
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{name}}}")
        if name in _stack:
            raise RuleError(f"{where}: macro {{{name}}} refers to itself")
        return expand(macros[name], macros, where, lx, (*_stack, name))

    return MACRO.sub(one, src)


def load_rules(path: Path = RULES_PATH, lx: dict | None = None) -> tuple[Rule, ...]:
    """The rules of ``path`` with their macros expanded from the lexicon, compiled."""
    with open(path, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    lx = lx if lx is not None else lexicon()
    check_lexicon(lx)
    macros = lexicon_macros(lx)
    for name, src in (spec.get("macros") or {}).items():
        if name in macros:
            raise RuleError(f"{path.name}: macro {{{name}}} is built from the lexicon already")
        macros[name] = _joined(src)
    rules: list[Rule] = []
    for entry in spec["rules"]:
        name = entry.get("name")
        missing = {"name", "pattern", "handler"} - set(entry)
        unknown = set(entry) - RULE_KEYS
        if missing or unknown:
            raise RuleError(f"{path.name}: rule {name}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        if any(r.name == name for r in rules):
            raise RuleError(f"{path.name}: rule {name} is defined twice")
        if entry["handler"] not in HANDLERS:
            raise RuleError(f"{path.name}: rule {name}: no handler {entry['handler']!r} in core/timex.py")
        pattern = expand(_joined(entry["pattern"]), macros, f"rule {name}", lx)
        if not pattern.startswith("(?<"):
            pattern = r"(?<![\w'])" + pattern  # expressions start at a word
        try:
            compiled = re.compile(pattern, 0 if entry.get("case_sensitive") else re.IGNORECASE)
            trigger = (
                re.compile(expand(_joined(entry["trigger"]), macros, f"rule {name}", lx), re.IGNORECASE)
                if entry.get("trigger")
                else None
            )
        except re.error as error:
            raise RuleError(f"{path.name}: rule {name}: {error}") from None
        rules.append(
            Rule(
                name,
                compiled,
                HANDLERS[entry["handler"]],
                bool(entry.get("uses_ref", False)),
                trigger,
                bool(entry.get("sets_ref", True)),
                tuple(tuple(e) for e in entry.get("examples") or ()),
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class Patterns:
    rules: tuple[Rule, ...]
    future: re.Pattern
    past: re.Pattern
    word_before: re.Pattern
    frequency: re.Pattern
    plural_after: re.Pattern  # a plural noun right after a position: " Ukrainians", " homes"


@cache
def _count_nouns() -> frozenset[str]:
    return frozenset(lexicon()["count_nouns"])


@cache
def _patterns() -> Patterns:
    lx = lexicon()
    rules = load_rules()
    future = re.compile(
        r"(?<![\w'])(?:"
        + "|".join(
            re.escape(c).replace(r"\ ", r"\s+") for c in sorted(lx["future_cues"], key=len, reverse=True)
        )
        + r")(?!\w)"
        # not a modal perfect ("could have emerged" looks back; "would have to" still ahead)
        + r"(?!(?:"
        + "|".join(f"(?<={w})" for w in lx["perfect_modals"])
        + r")\s+have(?!\s+to\b))",
        re.I,
    )
    past = re.compile(
        r"(?<![\w'])(?:"
        + "|".join(re.escape(c) for c in [*lx["past_cues"], *irregular_past()])
        + "|(?:"
        + "|".join(lx["perfect_modals"])
        + r")\s+have(?!\s+to\b)"
        # a lower-case past participle; not a name ("United", "Ahmed") nor "need", "hundred"
        + r"|(?-i:(?!(?:"
        + "|".join(lx["not_past_forms"])
        + r")(?!\w))[a-z]{2,}[a-df-z]ed))(?!\w)",
        re.I,
    )
    # "twice a week", "$5 a year", "700 seats a week": a count or an amount just before "a <unit>"
    frequency = re.compile(
        r"(?:\b(?:once|twice|thrice|times)|(?<![\w,.])(?:[$€£]\s?)?\d[\d,.]*(?:\s?(?:%|percent|million|billion|cents?|dollars?|euros?))?"
        r"(?:\s+(?!(?:for|in|within|over|after|about|than|of)\b)[a-z]+){0,2})\s*$",
        re.I,
    )
    plural_after = re.compile(
        r"\s+(?!(?:" + lexicon_macros(lx)["NOT_PLURAL"] + r")\b)[A-Za-z]*[a-rt-z]s\b", re.IGNORECASE
    )
    return Patterns(rules, future, past, re.compile(r"([A-Za-z]+)[\s-]*$"), frequency, plural_after)


def h_part_of_day_any(m: re.Match, ctx: Ctx) -> Norm | None:
    if m["pod2"]:
        return _overnight(m, ctx)
    return h_part_of_day(m, ctx)


def h_decade_any(m: re.Match, ctx: Ctx) -> Norm | None:
    if _g(m, "d2") is not None or _g(m, "dw") is not None:
        # "'90s", "the nineties": the latest such decade begun by the anchor
        d = int(m["d2"]) if _g(m, "d2") is not None else lexicon()["decade_words"][_key(m["dw"])]
        base = ctx.anchor.year // 100 * 10
        c3 = base + d if (base + d) * 10 <= ctx.anchor.year else base - 10 + d
        return with_mod(decade(c3, True), _g(m, "mod"), ctx.anchor)
    return with_mod(decade(int(m["c"]) * 10 + int(m["d"])), _g(m, "mod"), ctx.anchor)


def h_season_span(m: re.Match, ctx: Ctx) -> Norm | None:
    """'in the summer', 'summer 2021', 'early spring': needs a preposition, a modifier or a year."""
    if not (m["pre"] or m["y"] or m["sy"] or m["mod"]):
        return None
    if _key(m["s"]) == "fall" and not m["y"] and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "the fall of Kabul"
    return h_season(m, ctx)


def h_the_weekend(m: re.Match, ctx: Ctx) -> Norm | None:
    """'the weekend': the last one begun by the anchor."""
    a = ctx.anchor
    return weekend(a - timedelta(days=a.isoweekday())) if a.isoweekday() < 6 else weekend(a)


# The handlers rules name in data/timex/rules.yaml.
HANDLERS: dict[str, Handler] = {
    "iso": h_iso,
    "numeric": h_numeric,
    "month_day": h_month_day,
    "month": h_month,
    "weekday": h_weekday,
    "clock": h_clock,
    "relative_day": h_relative_day,
    "unit_rel": h_unit_rel,
    "the_year": h_the_year,
    "year_end": h_year_end,
    "year_ago": h_year_ago,
    "part_of_day": h_part_of_day_any,
    "ahead": h_ahead,
    "units_ago": h_units_ago,
    "spoken_year": h_spoken_year,
    "the_weekend": h_the_weekend,
    "quarter": h_quarter,
    "q": h_q,
    "decade": h_decade_any,
    "century": h_century,
    "year": h_year,
    "season": h_season_span,
    "holiday": h_holiday,
    "duration": h_duration,
    "bare_units": h_bare_units,
    "vague_period": h_vague_period,
    "ref_word": h_ref_word,
    "set": h_set,
    "ref_day": h_ref_day,
}


# --- the cascade ---------------------------------------------------------------------------


def _span(rule: Rule, m: re.Match) -> tuple[int, int]:
    """The expression itself: group ``x`` when the rule matched context around it."""
    if "x" in rule.pattern.groupindex and m.group("x") is not None:
        return m.span("x")
    return m.span()


def _as_date(anchor: datetime | date | None) -> tuple[date | None, datetime | None]:
    if anchor is None:
        return None, None
    if isinstance(anchor, datetime):
        return anchor.date(), anchor
    return anchor, None


_PLACEHOLDER_ANCHOR = date(2000, 1, 1)  # used to detect relative expressions when there is no anchor


def _mask(n: Norm) -> Norm:
    """Without an anchor, relative values keep their shape with unknown digits (``XXXX-XX-XX``)."""
    if not n.relative or n.type in ("DURATION", "SET"):
        return n
    value = n.value if n.value.endswith("_REF") else re.sub(r"\d", "X", n.value)
    return Norm(n.type, value, None, None, None, True)


# How far around a trigger a rule's full pattern is tried (characters): longer than any
# expression's part before its trigger ("no more than the past twenty-") or after it.
WINDOW_BEFORE, WINDOW_AFTER = 80, 80
_SPACE = re.compile(r"\s")


def _find(rule: Rule, text: str):
    """The rule's matches, looked for only in windows around its trigger."""
    if rule.trigger is None:
        yield from rule.pattern.finditer(text)
        return
    windows: list[list[int]] = []
    for t in rule.trigger.finditer(text):
        start = max(0, t.start() - WINDOW_BEFORE)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], t.end())
        else:
            windows.append([start, t.end()])
    for start, end in windows:
        space = _SPACE.search(text, min(end + WINDOW_AFTER, len(text)))
        yield from rule.pattern.finditer(text, start, space.start() if space else len(text))


def tag(text: str, anchor: datetime | date | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, normalised against ``anchor`` (the publication date).

    Spans are sorted, never overlap, and ``text[t.start:t.end] == t.text``.
    """
    return [t for t, _ in tag_with_rules(text, anchor)]


def tag_with_rules(text: str, anchor: datetime | date | None = None) -> list[tuple[Timex, str]]:
    """``tag`` with the name of the rule that found each expression."""
    if not text:
        return []
    anchor_day, anchor_time = _as_date(anchor)
    base = anchor_day or _PLACEHOLDER_ANCHOR
    ctx = Ctx(text, base, anchor_time, base)
    pats = _patterns()
    candidates: list[tuple[int, int, int, Rule, re.Match]] = []
    for order, rule in enumerate(pats.rules):
        for m in _find(rule, text):
            start, end = _span(rule, m)
            if end <= start:
                continue
            try:
                n = rule.handler(m, ctx)
            except (ValueError, KeyError, OverflowError):
                n = None
            if n is not None:
                candidates.append((start, end, order, rule, m))
    # longest candidates first; ties go to the earlier rule in the cascade
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, Rule, re.Match]] = []
    # Taken spans are disjoint, so sorted by start they are sorted by end too: a new
    # span overlaps one iff the last taken span starting before its end ends after its
    # start (a bisect, not a scan of every span).
    occupied_starts: list[int] = []
    occupied_ends: list[int] = []
    for start, end, _, rule, m in candidates:
        i = bisect.bisect_left(occupied_starts, end)
        if i > 0 and occupied_ends[i - 1] > start:
            continue
        occupied_starts.insert(i, start)
        occupied_ends.insert(i, end)
        taken.append((start, end, rule, m))
    taken.sort(key=lambda t: t[0])
    out: list[tuple[Timex, str]] = []
    ctx.resolving = True
    for start, end, rule, m in taken:
        try:
            n = rule.handler(m, ctx)
        except (ValueError, KeyError, OverflowError):
            n = None
        if n is None:
            continue
        # A duration sets no reference time, but "eight years ago" is a date the text set.
        counts_back = m.groupdict().get("dir") is not None and _key(m["dir"]) == "ago"
        if n.type in ("DATE", "TIME") and n.start is not None and (rule.sets_ref or counts_back):
            if n.start == n.end:
                ctx.ref, ctx.ref_at = n.start, end
            ctx.ref_norm = n
        if anchor_day is None:
            n = _mask(n)
        out.append(
            (Timex(start, end, text[start:end], n.type, n.value, n.start, n.end, n.precision), rule.name)
        )
    return out


def tag_article(article: Article) -> list[Timex]:
    """Tag the article's text against its publication date, leaving out page furniture."""
    found = tag(article.text, article.published)
    furniture = [(b.start, b.end) for b in article.blocks if b.role == "furniture"]
    if not furniture:
        return found
    return [t for t in found if not any(s <= t.start and t.end <= e for s, e in furniture)]
