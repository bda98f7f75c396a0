"""Who said it: offices and their holders, referring descriptions, and the outlets that
carry what was said (issue 33).

Helpers of the record reader (core/records.py), plain Python; their words are data:
``office_equivalents`` in data/gazetteer/titles.yaml, ``first_person`` and the outlet
shapes in data/lexicon/grammar.yaml, the outlets themselves in data/gazetteer/actors.yaml
(``type: media``).
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache

from core import gazetteer as gz
from core import syntax

_WORD = re.compile(r"[\w.’'-]+")


@cache
def _equivalents() -> tuple[tuple[str, str], ...]:
    """(office phrase, token of its post), longest phrase first, so that "minister of
    foreign affairs" is read whole before "minister"."""
    raw = gz._load(gz.GAZETTEER / "titles.yaml").get("office_equivalents") or []
    pairs = [(" ".join(p.lower().split()), f"#office{k}") for k, group in enumerate(raw) for p in group]
    return tuple(sorted(pairs, key=lambda x: -len(x[0])))


@lru_cache(maxsize=4096)  # asked for every person a backward scan passes
def office_words(text: str) -> frozenset[str]:
    """The words of an office, lower case, each phrase of ``office_equivalents`` read as
    the one token of its post: "head of state" and "President" share one."""
    folded = " " + " ".join(_WORD.findall(text.lower())) + " "
    for phrase, token in _equivalents():
        folded = folded.replace(f" {phrase} ", f" {token} ")
    return frozenset(folded.split())


def holds(role: str | None, office: frozenset[str]) -> bool:
    """Whether a person with this role holds the office (``office_words``): every word of
    the office is in the role, read word by word or as its post ("the minister" and
    "the foreign minister" both hold for "Minister of Foreign Affairs")."""
    if not office or not role:
        return False
    plain = frozenset(_WORD.findall(role.lower()))
    return office <= plain | office_words(role)


def first_person(word: str) -> bool:
    """ "I", "we": outside quotation marks, the voice of whoever is being quoted."""
    return word.lower() in gz.grammar().get("first_person", frozenset())


def complement_end(head, end: int) -> int:
    """The end offset of a described speaker's name with the phrases that belong to it:
    "the head" + "of the German government", "a spokesman" + "for the State Department",
    "officials" + "in Gaza" (``speaker_complements``; "in"/"from" after ``local_people``).
    Stops at a comma, a quotation or a clause; ``end`` when nothing follows."""
    grammar = gz.grammar()
    preps = grammar["speaker_complements"]
    if head.lower_ in grammar["local_people"]:
        preps = preps | {"in", "from"}
    for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ in preps):
        last = prep.i
        for tok in head.doc[prep.i : prep.right_edge.i + 1]:
            if (
                tok.is_punct
                or tok.is_quote
                or tok.dep_ in ("relcl", "acl", "appos")
                or tok.pos_ == "VERB"
                or tok.ent_type_ == "PERSON"  # "... Security Council Oleksy Danilov": the holder
            ):
                break
            last = tok.i
        if last > prep.i:
            tok = head.doc[last]
            end = max(end, syntax.offset(tok) + len(tok.text))
        break  # the first such phrase only: "head of X for Y" keeps "of X"
    return end


def is_outlet(actor) -> bool:
    """An outlet (actors.yaml type media) or a group of them ("state media", "Israeli
    media": grammar.yaml media_nouns): what it says it reports, it does not say."""
    if actor is None:
        return False
    if actor.type == "media":
        return True
    words = actor.name.lower().split()
    return actor.type == "collective" and bool(words) and words[-1] in gz.grammar()["media_nouns"]


GIVEN_NAMES_FILE = gz.GAZETTEER / "given_names.tsv.gz"


@cache
def _given_names() -> dict[str, str]:
    """Given name (lower case) -> "m" | "f", for names whose bearers are clearly one."""
    with gzip.open(GIVEN_NAMES_FILE, "rt", encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t") for line in f if "\t" in line)


@cache
def _gendered_words() -> dict[str, str]:
    raw = gz._load(gz.GAZETTEER / "titles.yaml")
    words = {w.lower(): g for g, ws in (raw.get("gendered_words") or {}).items() for w in ws}
    return words | {p.lower(): g for p, g in (raw.get("pronoun_genders") or {}).items()}


@cache
def _pronoun_genders() -> dict[str, str]:
    # Read once: the reader asks for every pronoun it resolves, and parsing the YAML
    # each time cost more than the rest of the parse together.
    return {
        p.lower(): g for p, g in (gz._load(gz.GAZETTEER / "titles.yaml").get("pronoun_genders") or {}).items()
    }


def pronoun_gender(word: str) -> str | None:
    """ "m" for "he", "f" for "she", None for "they", "it"."""
    return _pronoun_genders().get(word.lower())


def gender(name: str, role: str | None = None, text: str = "") -> str | None:
    """A person's gender as the text gives it: a gendered word in the title or role ("Mrs
    Truss", "spokeswoman") or mention, else the given name when its bearers are clearly of
    one gender; None when nothing says."""
    words = _gendered_words()
    for w in _WORD.findall(f"{text} {role or ''}".lower()):
        if w in words:
            return words[w]
    first = name.split()[0] if name.split() else ""
    return _given_names().get(gz.fold(first).lower()) if " " in name.strip() else None


def agrees(pronoun: str, name: str, role: str | None = None, text: str = "") -> bool:
    """Whether a pronoun may refer to this person: no gender against the pronoun's."""
    want = pronoun_gender(pronoun)
    have = gender(name, role, text) if want else None
    return want is None or have is None or have == want


@cache
def body_roles() -> frozenset[str]:
    """Roles that only ever speak for a body ("a spokesperson"), lower case."""
    raw = gz._load(gz.GAZETTEER / "titles.yaml").get("body_roles") or []
    return frozenset(w.lower() for w in raw)
