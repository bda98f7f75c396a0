"""The temporal tagger's rules and words as data (data/timex/rules.yaml, lexicon.yaml).

Every rule's examples tag as the rule file declares; every entry of the lexicon's word
lists is found and normalised in a SYNTHETIC sentence of its own, so a word added to the
data either works or fails here; words added to a copy of the lexicon are read without
touching code, and values the handlers cannot read fail at load time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import yaml

from core import timex

# Tuesday 29 March 2022, 12:50: the seed article's publication time (the rule file's default).
SEED = datetime(2022, 3, 29, 12, 50)
LX = timex.lexicon()


def found(sentence: str, anchor=SEED) -> list[tuple[str, str, str, str]]:
    return [(t.text, t.type, t.value, rule) for t, rule in timex.tag_with_rules(sentence, anchor)]


# ------------------------------------------------------------------ rule examples --


@pytest.mark.parametrize("rule", timex.load_rules(), ids=lambda r: r.name)
def test_rule_examples_tag_as_declared(rule):
    assert rule.examples, f"rule {rule.name} has no examples"
    for sentence, *expected in rule.examples:
        if not expected:  # a sentence the rule must leave alone
            assert found(sentence) == [], sentence
            continue
        text, typ, value, *anchor = expected
        at = datetime.fromisoformat(anchor[0]) if anchor else SEED
        assert [f for f in found(sentence, at) if f[0] == text] == [(text, typ, value, rule.name)], sentence


def test_rule_names_are_unique_and_every_handler_is_used():
    rules = timex.load_rules()
    assert len({r.name for r in rules}) == len(rules)
    assert {r.handler for r in rules} == set(timex.HANDLERS.values())


# ---------------------------------------------------------- every lexicon entry --


def cap(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


def on_or_before(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.isoweekday() - weekday) % 7)


def cases():
    """(id, sentence, expression, type, value) for every entry of the word lists."""
    a = SEED.date()
    for word, mo in LX["months"].items():
        yield (
            f"month:{word}",
            f"It was signed on 14 {cap(word)} 2021.",
            f"14 {cap(word)} 2021",
            "DATE",
            f"2021-{mo:02d}-14",
        )
    for word, wd in LX["weekdays"].items():
        if word not in LX["weekday_abbreviations"]:
            day = on_or_before(a, wd).isoformat()
            yield f"weekday:{word}", f"The talks ended on {cap(word)}.", cap(word), "DATE", day
    for word, code in LX["parts_of_day"].items():
        yield (
            f"part_of_day:{word}",
            f"Blasts came on Monday {word}.",
            f"Monday {word}",
            "TIME",
            f"2022-03-28T{code}",
        )
    for word, n in LX["numbers"].items():
        unit, code = ("hour", "H") if word.endswith("an") else ("days", "D")
        if word in ("a", "half a"):
            unit = "day"
        text = f"{word} {unit}"
        yield f"number:{word}", f"The siege lasted {text}.", text, "DURATION", timex.duration_value(n, code)
    for word in LX["vague_numbers"]:
        yield f"vague_number:{word}", f"The siege lasted {word} days.", f"{word} days", "DURATION", "PXD"
    for word, n in LX["ordinals"].items():
        if n <= 4:  # a part of a year
            text = f"the {word} quarter of 2021"
            yield f"ordinal:{word}", f"Output fell in {text}.", text, "DATE", f"2021-Q{n}"
        else:
            yield (
                f"ordinal:{word}",
                f"It was built in the {word} century.",
                f"{word} century",
                "DATE",
                f"{n - 1:02d}",
            )
    for word, code in LX["units"].items():
        plural = timex._plural(word)
        value = timex.duration_value(3, code)
        yield f"unit:{word}", f"The siege lasted three {plural}.", f"three {plural}", "DURATION", value
    for word, code in LX["seasons"].items():
        yield f"season:{word}", f"The offensive began in {word} 2021.", f"{word} 2021", "DATE", f"2021-{code}"
    for name in [*LX["holidays"], *LX["movable_holidays"]]:
        day = timex.holiday_on(name, 2021).isoformat()
        yield f"holiday:{name}", f"The truce held on {cap(name)} 2021.", f"{cap(name)} 2021", "DATE", day
    for word in LX["day_words"]:
        offset, part = timex.day_word(word)
        day = (a + timedelta(days=offset)).isoformat()
        typ, value = ("TIME", f"{day}T{LX['parts_of_day'][part]}") if part else ("DATE", day)
        yield f"day_word:{word}", f"The talks ended {word}.", word, typ, value
    for phrase, offset in LX["reference_days"].items():
        day = (date(2022, 2, 24) + timedelta(days=offset)).isoformat()
        yield (
            f"reference_day:{phrase}",
            f"On Feb. 24 troops crossed; {phrase} they shelled Kharkiv.",
            phrase,
            "DATE",
            day,
        )
    for phrase, value in LX["reference_words"].items():
        yield (
            f"reference_word:{phrase}",
            f"Officials said the {phrase} plan would hold.",
            phrase,
            "DATE",
            value,
        )
    for phrase in LX["relative_words"]:
        entry = timex.relative_word(phrase)
        base = date(2022, 2, 1) if entry.from_reference else date(2022, 3, 1)  # Feb. 24 / publication
        month = (base.month - 1 + entry.step) % 12 + 1
        year = base.year + (base.month - 1 + entry.step) // 12
        typ, value = ("DURATION", "P1M") if entry.stretch else ("DATE", f"{year}-{month:02d}")
        yield (
            f"relative_word:{phrase}",
            f"Troops crossed on Feb. 24; {phrase} month they shelled Kharkiv.",
            f"{phrase} month",
            typ,
            value,
        )
    for word, value in LX["frequency_words"].items():
        yield f"frequency_word:{word}", f"Convoys leave {word}.", word, "SET", value
    for word, d in LX["decade_words"].items():
        yield (
            f"decade_word:{word}",
            f"It was a hit in the {word}.",
            f"the {word}",
            "DATE",
            f"{(202 if d <= 2 else 19) * 10 + d}"[:3],
        )


CASES = list(cases())


@pytest.mark.parametrize(
    ("sentence", "text", "typ", "value"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_lexicon_entry_is_found_and_normalised(sentence, text, typ, value):
    got = [(t, ty, v) for t, ty, v, _ in found(sentence)]
    assert (text, typ, value) in got, got


@pytest.mark.parametrize("modifier", list(LX["modifiers"]))
def test_every_modifier_narrows_the_period(modifier):
    (t,) = timex.tag(f"Fighting eased {modifier} this year.", SEED)
    assert (t.text, t.value, t.precision) == (f"{modifier} this year", "2022", "approximate")
    assert date(2022, 1, 1) <= t.range_start <= t.range_end <= date(2022, 12, 31)
    assert (t.range_start, t.range_end) != (date(2022, 1, 1), date(2022, 12, 31))


def test_movable_holidays_fall_on_their_day():
    assert {name: timex.holiday_on(name, 2021).isoformat() for name in LX["movable_holidays"]} == {
        "thanksgiving": "2021-11-25",
        "thanksgiving day": "2021-11-25",
        "labor day": "2021-09-06",
        "memorial day": "2021-05-31",
        "easter": "2021-04-04",
        "easter sunday": "2021-04-04",
        "easter monday": "2021-04-05",
        "good friday": "2021-04-02",
        "orthodox easter": "2021-05-02",
    }


@pytest.mark.parametrize("noun", LX["count_nouns"])
def test_a_number_before_a_count_noun_is_no_year(noun):
    # ("2000 hours" is a duration, and that is right)
    assert [t.text for t in timex.tag(f"It sent 2000 {noun} there.", SEED) if t.value == "2000"] == []


# ------------------------------------------------------- words added to the data --


@pytest.fixture
def lexicon_copy(tmp_path, monkeypatch):
    """Edit a copy of the lexicon: ``edit(fn)`` changes it and reloads the tagger's data."""
    path = tmp_path / "lexicon.yaml"

    def edit(change):
        data = yaml.safe_load(timex.LEXICON_PATH.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setattr(timex, "LEXICON_PATH", path)
        reload()

    def reload():
        for cached in (timex.lexicon, timex._patterns, timex._count_nouns):
            cached.cache_clear()

    yield edit
    monkeypatch.undo()
    reload()


def test_a_holiday_added_to_the_lexicon_is_tagged(lexicon_copy):
    sentence = "Veterans laid wreaths on Armistice Day 2021."
    assert found(sentence) == [("2021", "DATE", "2021", "year")]
    lexicon_copy(lambda lx: lx["holidays"].update({"armistice day": "11-11"}))
    assert found(sentence) == [("Armistice Day 2021", "DATE", "2021-11-11", "holiday")]


def test_a_unit_added_to_the_lexicon_is_tagged(lexicon_copy):
    sentence = "The strike lasted three working weeks."
    lexicon_copy(lambda lx: lx["units"].update({"working week": "W"}))
    assert found(sentence) == [("three working weeks", "DURATION", "P3W", "duration")]
    assert found("They talk every working week.") == [("every working week", "SET", "P1W", "set")]


def test_a_relative_word_added_to_the_lexicon_is_tagged(lexicon_copy):
    sentence = "Troops crossed on Feb. 24; the ensuing week they shelled Kharkiv."
    assert [f for f in found(sentence) if "week" in f[0]] == []
    lexicon_copy(lambda lx: lx["relative_words"].update({"the ensuing": {"step": 1, "from": "reference"}}))
    assert found(sentence)[-1] == ("the ensuing week", "DATE", "2022-W09", "unit_rel")


def test_a_relative_word_the_handlers_cannot_count_fails_at_load(lexicon_copy):
    lexicon_copy(lambda lx: lx["relative_words"].update({"yonder": "far"}))
    with pytest.raises(timex.RuleError, match="yonder"):
        timex.tag("They met yonder week.", SEED)


def test_a_unit_the_handlers_cannot_count_fails_at_load(lexicon_copy):
    lexicon_copy(lambda lx: lx["units"].update({"semester": "SEM"}))
    with pytest.raises(timex.RuleError, match="semester"):
        timex.tag("The course lasted two semesters.", SEED)


def test_a_holiday_with_a_bad_date_fails_at_load(lexicon_copy):
    lexicon_copy(lambda lx: lx["movable_holidays"].update({"founders day": "5 1 someday"}))
    with pytest.raises(timex.RuleError, match="founders day"):
        timex.tag("They met on Founders Day.", SEED)


def test_a_rule_with_an_unknown_macro_or_handler_fails_at_load(tmp_path):
    good = {"name": "x", "pattern": "{MONTH}", "handler": "month"}
    for rule, message in (
        ({**good, "pattern": "{MONTHS}"}, r"unknown macro \{MONTHS\}"),
        ({**good, "handler": "nope"}, "no handler 'nope'"),
        ({**good, "pattern": "{MONTH:D}"}, "only unit macros take codes"),
        ({**good, "pattern": "{UNIT:ZZ}"}, "no unit in the lexicon"),
    ):
        path = tmp_path / "rules.yaml"
        path.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
        with pytest.raises(timex.RuleError, match=message):
            timex.load_rules(path)


def test_unit_macros_take_the_lexicon_units_by_code():
    units = timex.unit_macro(LX, "UNITS", "D")
    assert set(units.strip("(?:)").split("|")) == {
        "days",
        r"trading\s+days",
        r"business\s+days",
        r"working\s+days",
    }
    assert timex.unit_macro(LX, "UNIT_STEM", "CE") == "(?:centur)"
