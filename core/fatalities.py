"""Fatalities: how many people an event killed, as the text of its clause reports it.

ACLED's rules (their sources are cited in ``data/lexicon/fatalities.yaml``, which holds
every word this module reads):

* the lowest credible figure: "at least 12" and "more than 12" are 12, "10 to 15" is 10,
  and of two figures in one clause the lower;
* "dozens" is 12, "hundreds" 100, "tens" 10 (the unit itself), and a toll with no number
  ("several", "people were killed") the conservative 3 ACLED gives an attack of limited scope;
* 0 when the text says no one died ("no casualties were reported"), None when it gives no
  toll at all;
* the wounded are not the dead ("killed 3 and wounded 12" is 3; "killed or injured 100" is no
  toll), a part of those counted is not added ("12, including three children" is 12), and
  people counted together are ("two soldiers and a civilian were killed" is 3);
* a toll over a war, a campaign or a stretch of time ("since the war began", "in the past
  24 hours") is no one event's.

Pure functions over text: the same clause always gives the same reading, and the work is
a few regular-expression scans, linear in the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from text_to_num import text2num

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "fatalities.yaml"
# Most words that may name the people counted ("seven Islamic Revolutionary Guard Corps
# officers" is five); more and the count is of something the sentence says later.
MAX_VICTIM_WORDS = 6
# Longest aside between the people counted and their fate ("16 people, half of them
# children, were killed").
MAX_ASIDE_CHARS = 60
# Most words between "death toll" and its figure ("the death toll from Saturday's strike
# rose to 40").
MAX_TOLL_GAP_WORDS = 6
# How far back a superlative makes "since" a comparison ("the deadliest attack on the city
# since 2014": five words).
SUPERLATIVE_REACH_WORDS = 6
SUPERLATIVE_REACH_CHARS = 80
# Where a group of people counted together splits: "two soldiers, a medic and three civilians".
CONJUNCTS = re.compile(r"\s*(?:,\s*and\b|,|\band\b)\s*", re.I)
# A present perfect ("have been killed", "which has reportedly killed") that makes a toll
# a running total stands this close before it.
PERFECT = re.compile(r"(?<!\bto )\b(?:has|have)\b", re.I)
PERFECT_REACH_CHARS = 30
# Where a participle's toll after a clause ends: the end of its sentence or a semicolon.
SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
# What a pair noun counts ("a couple").
PAIR = 2
# A name: capitalised words, the last not a plural ("Omar Assad", not "Palestinians").
NAME = (
    r"(?-i:(?!(?:You|I|We|They|It|This|That|These|Those|There|Who|What|Which)\b)"
    r"(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]*[a-rt-z])"
)
# Years standing alone are no counts ("In 2022, a strike killed ...").
YEARS = range(1900, 2101)


@dataclass(frozen=True)
class Toll:
    """One reading: ``count`` dead, from ``text[start:end]`` of the text read."""

    count: int
    start: int
    end: int
    vague: bool = False  # "dozens", "several": a number ACLED's convention gives


def _alt(words, plural: bool = False) -> str:
    """A regular-expression alternation of the phrases, longest first, spaces flexible."""
    forms = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in forms) + ")"


@dataclass(frozen=True)
class _Grammar:
    words: dict[str, Any]
    count: re.Pattern  # one count: "at least 12", "dozens of", "twenty-five", "a soldier"
    before: re.Pattern  # counted people, then their fate: "12 people were killed"
    after: re.Pattern  # a kill, then the people: "killing at least 12 people"
    lives: re.Pattern  # "claimed 20 lives"
    toll_nouns: re.Pattern  # "12 deaths"
    toll_phrase: re.Pattern  # "the death toll rose to 40"
    zero: re.Pattern
    cumulative: re.Pattern
    injury_after: re.Pattern  # "killed or wounded"
    subset: re.Pattern
    negated: re.Pattern  # a negator right before a count ("no one", "not a single")
    unnumbered: re.Pattern  # "civilians had been killed"
    one_named: re.Pattern  # "Omar Assad died", "he was killed"
    headline_one: re.Pattern  # "Hamas deputy leader killed in Beirut blast"
    companions: re.Pattern  # "alongside her husband and two sons"
    upper: re.Pattern  # "fewer than" before a count
    subset_before: re.Pattern  # "including" right before a count
    single_event: re.Pattern  # "in an air strike", "Saturday's attack", "on Monday"
    other_deed: re.Pattern  # "after", "but": a toll past these is another deed's
    toll_participle: re.Pattern  # ", killing 12" after a deed


@cache
def _grammar() -> _Grammar:
    with WORDS_FILE.open(encoding="utf-8") as f:
        w = yaml.safe_load(f)
    irregular = w["irregular_plurals"]
    people = list(w["person_nouns"])
    plurals = [irregular.get(n, n + "s") for n in people]
    from core import timex

    lexicon = timex.lexicon()
    # the temporal tagger's number words ("one" ... "ninety"), and the scales that compound
    # them ("two hundred and fifty"); "dozen" only scales ("two dozen")
    number_words = [
        k
        for k, v in lexicon["numbers"].items()
        if k.isalpha() and isinstance(v, int) and v > 1 and k not in w["scale_words"]
    ]
    number_words += ["one"] + [s for s in w["scale_words"] if s != "dozen"]
    number_word = _alt(number_words)
    numeral = r"(?<![\w.,$£€-])\d{1,3}(?:,\d{3})+(?![\w-])|(?<![\w.,$£€-])\d+(?![\w,.-]\d|[\w-])"
    spelled = rf"\b{number_word}(?:(?:\s+and\s+|[\s-]+){number_word})*(?![\w-])"
    vague = rf"\b{_alt(w['vague_counts'])}(?:\s+of)?\b"
    qualifier = rf"(?:\b{_alt(w['qualifiers'])}\s+)?"
    measure = rf"(?!\s*{_alt(w['measure_words'])}(?![\w]))"

    def counting(named: bool, with_person: bool = True) -> str:
        """One count: a number, hedged or not, with an optional range whose lower end is
        what counts; a vague count; one person.  Named groups only where a match is read."""

        def grp(name: str, body: str) -> str:
            return f"(?P<{name}>{body})" if named else f"(?:{body})"

        # "between 10 and 15" and "10 to 15" count their lower end; a bare "and" joins
        # two groups of people instead ("two soldiers and three civilians")
        number = (
            rf"(?:between\s+{grp('low', f'{numeral}|{spelled}')}\s+and\s+(?:{numeral}|{spelled})"
            rf"|{grp('num', f'{numeral}|{spelled}')}(?:\s+{grp('scale', _alt(w['scale_words']))}\b)?"
            rf"(?:\s*(?:-|–|to)\s*(?:{numeral}|{spelled}))?)"
        )
        determiner = _alt(w["person_determiners"])
        one_person = (
            rf"\b{grp('article', determiner)}\s+(?:[\w'’-]+\s+){{0,3}}?"
            rf"(?:{_alt(people)}|{grp('pair', _alt(w['pair_nouns']))})\b"
        )
        if not with_person:
            return rf"(?:{qualifier}(?:{number}|{grp('vague', vague)}))"
        return rf"(?:{qualifier}(?:{number}|{grp('vague', vague)})|{one_person})"

    count = counting(named=False)
    # "12 deaths", "claimed 30 lives", "the death toll rose to 40": numbers only ("the child
    # deaths" are no one child's)
    figure = counting(named=False, with_person=False)
    count_re = re.compile(counting(named=True) + measure, re.I)
    # the people counted are no number, no hedge and no function word ("four Palestinians
    # over four days" counts four)
    not_victim = _alt(
        w["not_in_victims"]
        + w["measure_words"]
        + number_words
        + w["qualifiers"]
        + list(w["vague_counts"])
        + w["single_event_nouns"]
    )
    victim_words = (
        rf"(?:\s+(?:of\s+(?:the|them|those)\s+)?(?!{not_victim}\b)[A-Za-z][\w'’.-]*){{0,{MAX_VICTIM_WORDS}}}"
    )
    counted = rf"(?:{count}){measure}{victim_words}"
    group = rf"{counted}(?:\s*(?:,\s*and|,|and)\s+{counted})*"
    # an aside between the people counted and their fate: ", including 23 women, ...,",
    # ", half of them children,", " - two brothers, 22 and 23 -"
    aside = (
        rf"(?P<aside>\s*,\s*{_alt(w['subset_words'])}\b[^;]{{1,{MAX_ASIDE_CHARS}}}?,"
        rf"|\s*,[^,;]{{1,{MAX_ASIDE_CHARS}}},"
        rf"|\s+[-–—]\s[^;]{{1,{MAX_ASIDE_CHARS}}}?\s[-–—])?"
    )
    aux = rf"(?:\s+{_alt(w['auxiliaries'])}\b)*"
    fate = rf"\s+(?P<fate>{_alt(w['death_states'] + w['death_verbs'])})\b"
    # a bare "killed" after a count is a headline's passive ("Eight soldiers killed") only
    # when no object follows it ("A strike killed 5" is the strike's count, not one person)
    no_object = rf"(?!\s+(?:{count}|the|his|her|their|its|them|him)\b)"
    before = re.compile(rf"(?P<group>{group}){aside}(?P<aux>{aux}){fate}{no_object}", re.I)
    bare_plural = rf"(?P<bare>(?:[\w'’-]+\s+){{0,2}}?\b{_alt(plurals)}\b)"
    after = re.compile(
        rf"\b{_alt(w['kill_verbs'])}(?:\s+(?:also|reportedly|allegedly))?\s+"
        rf"(?P<group>{group}|{bare_plural}|(?P<named>{NAME})(?!['’]s)\b)",
        re.I,
    )
    lives = re.compile(
        rf"\b{_alt(w['life_takers'])}\s+(?P<group>{figure}){measure}\s+(?:\w+\s+)?lives\b", re.I
    )
    toll_nouns = re.compile(rf"(?P<group>{figure}){measure}\s+(?:\w+\s+)?{_alt(w['toll_nouns'])}\b", re.I)
    toll_phrase = re.compile(
        rf"\b{_alt(w['toll_phrases'])}(?:\s+[\w'’]+){{0,{MAX_TOLL_GAP_WORDS}}}?\s+{_alt(w['toll_links'])}\s+"
        rf"(?P<group>{figure}){measure}",
        re.I,
    )
    zero = re.compile(rf"\b{_alt(w['zero_phrases'])}\b", re.I)
    cumulative = re.compile(rf"\b{_alt(w['cumulative_markers'])}\b", re.I)
    injury_after = re.compile(rf"\s*(?:or|and/or|/)\s*{_alt(w['injury_words'])}\b", re.I)
    subset = re.compile(rf"^\s*{_alt(w['subset_words'])}\b", re.I)
    negated = re.compile(rf"\b{_alt(w['negators'])}[\s-]+$", re.I)
    # no number: "civilians and soldiers had been killed" (3), "he was killed" (1)
    some_aux = rf"(?:\s+{_alt(w['auxiliaries'])}\b)+"
    unnumbered = re.compile(
        rf"\b(?P<bare>{_alt(plurals)}|those\s+(?:who|whom)\b[^,;.]{{1,{MAX_ASIDE_CHARS}}}?)"
        rf"(?:\s+and\s+[^,;]{{1,{MAX_ASIDE_CHARS}}}?)?"
        rf"(?:{some_aux}{fate}|\s+{_alt(w['death_verbs'])}\b){no_object}",
        re.I,
    )
    # one person by name or pronoun: "Omar Assad, 80, died", "he was killed" (an active
    # "Israel killed civilians" is no one's death: the name must be passive or intransitive)
    adverbs = r"(?:\s+(?:reportedly|also|later|allegedly))*"
    one_named = re.compile(
        rf"\b(?:{NAME}|{_alt(w['person_pronouns'])})(?:\s*,[^,;]{{1,{MAX_ASIDE_CHARS}}},|\s*,)?"
        rf"(?:\s+(?:was|has\s+been|had\s+been)\b{adverbs}\s+{_alt(w['death_states'])}"
        rf"|{adverbs}\s+{_alt(w['death_verbs'])})\b{no_object}",
        re.I,
    )
    # a headline's one person: "Hamas deputy leader killed in Beirut blast"
    headline_one = re.compile(
        rf"(?:\b{NAME}(?:\s+[\w'’-]+){{0,2}}?\s+|\b){_alt(people)}\s+{_alt(w['death_states'])}\b{no_object}",
        re.I,
    )
    companions = re.compile(
        rf"(?:\s*,)?(?:\s+[\w'’-]+){{0,3}}?\s*,?\s+{_alt(w['companions'])}\s+(?P<list>[^.;:]+)", re.I
    )
    upper = re.compile(rf"\b{_alt(w['upper_bounds'])}\s+$", re.I)
    days = [d for d in lexicon["weekdays"] if len(d) > 3] + list(lexicon["day_words"]) + ["overnight"]
    single_event = re.compile(
        rf"(?:\b{_alt(w['single_event_determiners'])}\s+(?:[\w-]+\s+){{0,3}}?|['’]s\s+(?:[\w-]+\s+){{0,2}}?)"
        rf"{_alt(w['single_event_nouns'])}\b(?!s)|\b{_alt(days)}\b",
        re.I,
    )
    other_deed = re.compile(rf"\b{_alt(w['other_deed_words'])}\b", re.I)
    return _Grammar(
        w,
        count_re,
        before,
        after,
        lives,
        toll_nouns,
        toll_phrase,
        zero,
        cumulative,
        injury_after,
        subset,
        negated,
        unnumbered,
        one_named,
        headline_one,
        companions,
        upper,
        re.compile(rf"\b{_alt(w['subset_words'])}[\s,:]+$", re.I),
        single_event,
        other_deed,
        re.compile(
            rf"[\s,]*(?P<joined>and\s+(?:also\s+)?|(?:which|that)\s+(?:[\w'’]+\s+){{0,3}}?)?"
            rf"{_alt(w['toll_participles'])}\b",
            re.I,
        ),
    )


def _value(m: re.Match, g: _Grammar) -> int | None:
    """The number one count match stands for (its lowest credible figure)."""
    if m.group("article"):
        return PAIR if m.group("pair") else 1
    if m.group("vague"):
        key = " ".join(m.group("vague").lower().split())
        key = key.removesuffix(" of") if key not in g.words["vague_counts"] else key
        return g.words["vague_counts"].get(key)
    raw = m.group("num") or m.group("low")
    if raw is None:
        return None
    if raw[0].isdigit():
        n = int(raw.replace(",", ""))
        if "," not in raw and n in YEARS and not m.group("scale"):
            return None
    else:
        try:
            n = text2num(" ".join(raw.lower().replace("-", " ").split()), "en")
        except ValueError:
            return None
    scale = (m.group("scale") or "").lower()
    return n * g.words["scale_words"].get(scale, 1)


def _group_count(text: str, g: _Grammar) -> tuple[int, bool] | None:
    """The people counted in a group ("two soldiers and a civilian"): the sum of its
    counts, and whether any of them is vague."""
    total, found, vague = 0, False, False
    text, pos = text.strip(), 0
    while pos < len(text):
        m = g.count.match(text, pos)
        if m is None:
            return None
        sep = CONJUNCTS.search(text, m.end())
        pos = sep.end() if sep else len(text)
        n = _value(m, g)
        if n is None:
            return None  # a year or an unreadable number among them: no count of people
        total, found, vague = total + n, True, vague or bool(m.group("vague"))
    return (total, vague) if found else None


def _companions(text: str, g: _Grammar) -> int:
    """People listed as dying with those counted ("her six-month-old baby, her husband and
    her two brothers" is 4): a count where one is given, one for a singular noun, ACLED's
    3 for all its plurals together; the list ends at the first word that names no one."""
    stop = re.search(rf"\b{_alt(g.words['not_in_victims'])}\b(?<!\band)", text, re.I)
    total, unnumbered = 0, 0
    for part in CONJUNCTS.split(text[: stop.start()] if stop else text):
        words = part.split()
        if not words or len(words) > MAX_VICTIM_WORDS:
            break
        bare = re.sub(rf"^\s*{_alt(g.words['person_determiners'])}\s+", "", part, flags=re.I)
        m = g.count.match(bare) or g.count.match(part)
        if m is not None and (n := _value(m, g)) is not None:
            total += n
        elif words[-1].lower().endswith("s"):
            unnumbered = g.words["unnumbered_count"]  # "other officials and police officers": 3 in all
        else:
            total += 1
    return total + unnumbered


def _is_cumulative(text: str, g: _Grammar) -> bool:
    """Whether the clause counts over a war, a campaign or a stretch of time; "since" after
    a superlative ("the deadliest attack since 2014") dates a comparison instead."""
    superlatives = g.words["superlatives"]
    for m in g.cumulative.finditer(text):
        if m.group(0).lower() == "since":
            before = text[max(0, m.start() - SUPERLATIVE_REACH_CHARS) : m.start()].lower().split()
            if any(w.strip(",") in superlatives for w in before[-SUPERLATIVE_REACH_WORDS:]):
                continue
        return True
    return False


def tolls(text: str) -> list[Toll]:
    """Every toll the text reports, in order, cumulative ones and parts left out."""
    g = _grammar()
    found: list[Toll] = []
    taken: list[tuple[int, int]] = []

    def add(counted: tuple[int, bool] | None, start: int, end: int) -> None:
        if counted is None or any(a < end and start < b for a, b in taken):
            return
        if g.negated.search(text, 0, start):
            return  # "no one was killed": the zero phrases say so
        if g.upper.search(text, 0, start):
            return  # "fewer than 100": an upper bound, no lowest figure
        if g.subset_before.search(text, 0, start):
            return  # "45 people, including 23 women ...": a part of a count made before
        if (more := g.companions.match(text, end)) is not None and (
            extra := _companions(more.group("list"), g)
        ):
            counted, end = (counted[0] + extra, counted[1]), more.end()
        if g.injury_after.match(text, end):
            return  # "killed or wounded": the dead and the hurt counted together
        if g.subset.match(text[start:end].split(None, 1)[-1]):
            return  # "some of whom died": part of a count made before
        while end > start and text[end - 1] in ".,;:":
            end -= 1  # "killed 10 militants." ends at the word
        taken.append((start, end))
        found.append(Toll(counted[0], start, end, counted[1]))

    for m in g.before.finditer(text):
        if m.group("aside") and g.count.fullmatch(m.group("group").strip()):
            continue  # "Henderson, 33, who grew up in Penryn, died": an age, not a count
        add(_group_count(m.group("group"), g), m.start(), m.end())
    for m in g.after.finditer(text):
        if m.group("named"):
            add((1, False), m.start(), m.end())  # "it killed Saleh al-Arouri"
        elif m.group("bare"):
            add((g.words["unnumbered_count"], True), m.start(), m.end())
        else:
            add(_group_count(m.group("group"), g), m.start(), m.end())
    for pattern in (g.lives, g.toll_nouns, g.toll_phrase):
        for m in pattern.finditer(text):
            add(_group_count(m.group("group"), g), m.start(), m.end())
    for pattern in (g.one_named, g.headline_one):
        for m in pattern.finditer(text):
            add((1, False), m.start(), m.end())
    for m in g.unnumbered.finditer(text):
        add((g.words["unnumbered_count"], True), m.start(), m.end())
    return sorted(found, key=lambda t: t.start)


def _running_total(text: str, toll: Toll, g: _Grammar) -> bool:
    """A toll in the present perfect ("have been killed", "which has killed") with nothing
    in its clause that ties it to one deed or one day is a running total."""
    window = text[max(0, toll.start - PERFECT_REACH_CHARS) : toll.end]
    return bool(PERFECT.search(window)) and not g.single_event.search(text)


def read(text: str, trigger: int | None = None) -> tuple[int | None, str | None]:
    """(fatalities, the phrase they were read from) for one event's clause: the lowest
    credible toll it reports, 0 when it says no one died, (None, None) when it gives none or
    only a cumulative one.  ``trigger``: where the event's own word stands in the text; a
    toll after it past "after", "when", "but" ... is another deed's."""
    g = _grammar()
    cumulative = _is_cumulative(text, g)
    readings = [] if cumulative else tolls(text)
    readings = [t for t in readings if not _running_total(text, t, g)]
    if trigger is not None:
        readings = [
            t for t in readings if t.start < trigger or not g.other_deed.search(text, trigger, t.start)
        ]
    if readings:
        # a figure beats a vague word for the same toll ("Scores killed ... killed at
        # least 72"); of two figures, the lower
        exact = [t for t in readings if not t.vague] or readings
        low = min(exact, key=lambda t: t.count)
        return low.count, " ".join(text[low.start : low.end].split())
    if not cumulative and (z := g.zero.search(text)):
        return 0, " ".join(z.group(0).split())
    return None, None


def of_clause(
    text: str, start: int, end: int, trigger: int | None = None, after_deed: bool = True
) -> dict[str, Any]:
    """The Record fields ``fatalities`` and ``fatalities_text`` for the event read from
    ``text[start:end]`` whose own word starts at ``trigger`` (an offset in ``text``).

    A toll in a participle right after the clause ("Gunmen attacked the village, killing
    12") is the clause's deed's; so the participle's own clause, when it is read as an event
    of its own, carries none (an ACLED sum counts the dead once) when ``after_deed``: a deed
    read before it in the sentence took it."""
    g = _grammar()
    none = {"fatalities": None, "fatalities_text": None}
    if (
        after_deed
        and (opens := g.toll_participle.match(text, start))
        and (opens.group("joined") or text[:start].rstrip().endswith(","))
    ):
        return none  # ", killing 12", "and killed 12": the deed before it carries the toll
    at = trigger - start if trigger is not None and start <= trigger < end else None
    count, phrase = read(text[start:end], at)
    if count is None and (m := g.toll_participle.match(text, end)):
        stop = SENTENCE_END.search(text, m.end())
        count, phrase = read(text[end : stop.start() if stop else len(text)])
    return {"fatalities": count, "fatalities_text": phrase} if count is not None else none
