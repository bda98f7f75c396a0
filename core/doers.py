"""Who did it: the doers of an event, read from the parse of its trigger (issue 33).

The doer is the agent of the event's word, never whoever else the clause names:

* a verb's active subject ("Moscow captured Avdiivka"), with the subjects coordinated
  with it ("Russia and Belarus began drills") and the subject a coordinated verb, a
  participle or a complement takes from the verb it hangs on ("Ukrainian forces
  repelled ... and killed 5,000 Russian troops": the forces killed); a relative
  clause's noun ("the junta, which seized power");
* a passive verb's ``by`` phrase ("were killed by Hamas"), and nothing else: its
  subject is what the deed befell ("15 Israelis were killed");
* a deed noun's possessor or actor modifier ("Russia's invasion", "Israeli strikes"),
  its ``by`` phrase ("attacks by Russian forces", "the conflict waged by Russia"), or
  the subject of the light verb whose object it is ("Russia launched an attack");
* a deed noun or a weapon as a subject stands for whoever it belongs to ("Russian
  attacks destroyed a TV tower": Russia);
* for a meeting or an agreement, the other party too ("met with Macron").

Objects, the subject of a verb that says the deed befell it (``undergoer_verbs``:
"died"), and the body that reports the deed (the subject of the speech verb) are never
doers; when the parse gives no agent, the event has none: an empty doer beats a guessed
one.  Words are data: ``data/lexicon/doers.yaml`` and the typology.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from core import anchors, syntax
from core import gazetteer as gz
from core.model import Actor, Mention

# How far up the tree a subject is looked for through coordinated verbs, participles
# and complements: the depth of any real sentence's verb chain.
MAX_CHAIN = 8
# Dependencies that join a second doer to the first ("Russia and Belarus").
CONJUNCT_DEPS = frozenset({"conj", "appos"})
# Parts of speech of a doer's phrase head.
NOMINALS = ("NOUN", "PROPN", "PRON")
# Dependencies of a deed noun's modifiers that may name its doer ("Israeli strikes",
# "Hamas attacks", "U.S. and British warplanes").
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
# spaCy entity labels of a subject no mention covers that still names a doer ("Congress").
NAMED_DOER_LABELS = {"ORG": "organisation", "NORP": "collective", "PERSON": "person"}
# spaCy entity labels of places: the object of "visited" is where, not whom.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@cache
def lexicon() -> dict:
    raw = gz._load(gz.LEXICON / "doers.yaml")
    words = {key: frozenset(values) for key, values in raw.items()}
    words["anchor_deeds"] = frozenset(anchors.lexicon()["anchor_deeds"])  # deeds the story dates
    return words


def _passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _with_conjuncts(tok) -> list:
    """A doer's phrase head with those coordinated with it ("Russia and Belarus", "U.S.
    and British warplanes")."""
    kinds = ("NOUN", "PROPN", "PRON", "ADJ") if tok.pos_ == "ADJ" or tok.dep_ in MODIFIER_DEPS else NOMINALS
    out, todo = [], [tok]
    while todo and len(out) <= MAX_CHAIN:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ in CONJUNCT_DEPS and c.pos_ in kinds]
    return sorted(out, key=lambda t: t.i)


def event_head(tok):
    """The word of a multi-word trigger that the parse heads it by: "air strike" -> strike."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def agent_heads(trigger, event_type: str | None = None) -> list:
    """The head tokens of the phrases that name who did the deed ``trigger`` names."""
    lx = lexicon()
    tok = event_head(trigger)
    heads = _verb_agents(tok, lx) if tok.pos_ in ("VERB", "AUX") else _noun_agents(tok, lx, 0)
    if event_type in lx["joint_event_types"]:
        heads += _partners(tok)
    seen, out = set(), []
    for h in heads:
        if h.i not in seen:
            seen.add(h.i)
            out.append(h)
    return out


def _partners(tok) -> list:
    """The other party of a meeting or an agreement: "met (with) Macron"."""
    out = []
    for c in tok.children:
        if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN"):
            # "met Macron"; not a country or a place visited ("visited Ukraine")
            out += [x for x in _with_conjuncts(c) if x.ent_type_ not in PLACE_LABELS]
        elif c.dep_ == "prep" and c.lower_ == "with":
            out += [x for p in c.children if p.dep_ == "pobj" for x in _with_conjuncts(p)]
    return out


def _verb_agents(verb, lx: dict) -> list:
    for _ in range(MAX_CHAIN):
        if _passive(verb):
            return _stand_ins(_by_phrase(verb), lx) or _means(verb, lx)
        subject = _subject_of(verb)
        if subject is not None:
            if verb.lemma_.lower() in lx["undergoer_verbs"]:
                return _means(verb, lx)  # "15 Israelis died": the victims, not the doers
            if subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return _stand_ins(_with_conjuncts(verb.head), lx)
            return _stand_ins(_with_leaders(_with_conjuncts(subject), lx), lx)
        if verb.dep_ == "relcl":
            return _stand_ins(_with_conjuncts(verb.head), lx)
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            if verb.tag_ == "VBG":
                return _stand_ins(_with_conjuncts(verb.head), lx)  # "troops fighting in Bakhmut"
            if verb.tag_ == "VBD":
                # a finite verb the model hung on a noun ("when Syrians fleeing the war
                # gathered at the border"): it is the clause of that noun's verb
                verb = syntax.predicate(verb.head)
                continue
            # "the regions annexed by Moscow": its agent; "the attacks attributed to ...":
            # the noun is what it befell
            return _stand_ins(_by_phrase(verb), lx)
        controller = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if verb.dep_ == "xcomp" and controller is not None:
            # "forcing Russian troops to retreat", "ordered the army to attack": the object
            # does the complement's deed
            return _stand_ins(_with_conjuncts(controller), lx)
        if verb.dep_ in syntax.INHERITS_SUBJECT and verb.head.i != verb.i:
            # "responded by striking", "had some success in shooting down": the verb the
            # preposition's phrase hangs on
            verb = syntax.predicate(verb.head)
            continue
        return []
    return []


def _by_phrase(word) -> list:
    """The heads of a passive's or a participle's "by" phrase ("annexed by Moscow"), or
    of a noun's ("attacks by Russian forces"), with their conjuncts."""
    phrases = [c for c in word.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
    return [x for c in phrases for p in c.children if p.dep_ == "pobj" for x in _with_conjuncts(p)]


def _with_leaders(heads: list, lx: dict) -> list:
    """Doers with whoever leads them: "gangs led by Jimmy Cherizier", "rebels led by
    Hayat Tahrir al-Sham"."""
    out = list(heads)
    for h in heads:
        for acl in h.children:
            if acl.dep_ == "acl" and acl.lemma_.lower() in lx["leading_participles"]:
                out += _by_phrase(acl)
    return out


def _subject_of(verb):
    """A verb's active subject; of two, the nearest before it (a dateline "KHARTOUM, Sudan
    (AP) -" is read as a subject by the model too)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else next(iter(subjects), None)


def _means(verb, lx: dict) -> list:
    """Who did what befell the subject, by the deed it befell it in: "were killed in an
    Israeli air strike", "died in Russian shelling" (the strike's doer; no one for "in
    Gaza" or "in fighting")."""
    out = []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in lx["means_prepositions"]):
        for noun in (p for p in prep.children if p.dep_ == "pobj"):
            if _deed_noun(noun, lx):
                out += _noun_agents(noun, lx, 1)
    return out


def _deed_noun(noun, lx: dict) -> bool:
    """Whether a noun names a deed: an event trigger of the typology, an anchor deed, one
    of ``deed_nouns``."""
    typ = gz.typology()
    lemma = noun.lemma_.lower()
    named = typ.triggers.get(lemma) or typ.triggers.get(noun.lower_)
    return noun.pos_ == "NOUN" and (
        lemma in lx["anchor_deeds"]
        or lemma in lx["deed_nouns"]
        or (named is not None and typ.types[named].kind == "event")
    )


def _noun_agents(noun, lx: dict, depth: int) -> list:
    """Who did the deed a noun names: its possessor or actor modifiers, its "by" phrase,
    the subject of the light verb whose object it is; with its other party ("clashes
    with the M23", "the war between the army and the RSF")."""
    own, parties, pronoun = _by_phrase(noun), [], False
    for c in noun.children:
        pronoun = pronoun or (c.dep_ == "poss" and c.pos_ == "PRON")
        if (c.dep_ == "poss" and c.pos_ != "PRON") or (
            c.dep_ in MODIFIER_DEPS and (c.pos_ == "PROPN" or c.ent_type_)
        ):
            # "Russia's invasion", "Israeli strikes", "Hamas attacks"; not "urgent aid", and
            # "its invasion" is the subject's ("Russia began its invasion")
            own += _with_conjuncts(c)
        elif c.dep_ == "prep" and c.lower_ in lx["party_prepositions"]:
            parties += [x for p in c.children if p.dep_ == "pobj" for x in _with_conjuncts(p)]
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            own += _by_phrase(c)  # "the conflict waged by Russia"
    if own or depth:
        return own + parties
    return _governing_agents(noun, lx, depth, pronoun) + parties


def _governing_agents(noun, lx: dict, depth: int, pronoun: bool) -> list:
    """Who did a deed noun with no doer of its own, by the verb or noun it hangs on."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in lx["deed_light_verbs"]:
        return _verb_agents(head, lx)  # "Russia launched an attack"
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
        return _noun_agents(noun.head, lx, depth)  # "strikes and raids by Israel"
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        # "months of attacks on the agency by Netanyahu", "Israel launched a wave of strikes"
        return _noun_agents(head.head, lx, depth)
    if (
        noun.dep_ == "pobj"
        and head.lower_ in lx["manner_prepositions"]
        and head.head.pos_ == "VERB"
        and not _passive(head.head)
        and head.head.lemma_.lower() not in lx["undergoer_verbs"]
    ):
        # "Gantz quit the cabinet in protest", "the army responded with air strikes"
        return _verb_agents(head.head, lx)
    if pronoun:
        # "In his phone call with Putin, Biden warned ...": his is the clause's subject
        verb = syntax.predicate(noun)
        return _verb_agents(verb, lx) if verb.pos_ in ("VERB", "AUX") else []
    return []


def _stand_ins(heads: list, lx: dict) -> list:
    """A deed or a weapon as a subject stands for whoever it belongs to: "Russian attacks
    destroyed a tower", "a Russian missile hit Kharkiv"."""
    weapons = gz.grammar()["weapon_nouns"]
    out = []
    for h in heads:
        if _deed_noun(h, lx) or (h.pos_ == "NOUN" and (h.lower_ in weapons or h.lemma_.lower() in weapons)):
            out += _noun_agents(h, lx, 1)
        else:
            out.append(h)
    return out


def doers(heads: list, mentions: list[Mention], mention_starts: list[int]) -> list[Actor]:
    """The actors the agent phrases headed by ``heads`` name: the mention at the head (a
    capital for its government: "Moscow captured"), else the last actor named in its
    phrase ("Putin's armies"), else a phrase the model reads as a named body or a group
    that no mention covers ("Congress", "seven African leaders"); nothing for a phrase
    that names no one ("the explosion")."""
    out: list[Actor] = []
    for h in heads:
        a, b = syntax.phrase(h)
        covering = _mention_at(mentions, mention_starts, syntax.offset(h))
        named = _named_in(mentions, mention_starts, a, b)
        if covering is not None:
            actor = _actor_of(covering, h.dep_ in syntax.SUBJECT_DEPS or h.head.dep_ == "agent")
            if actor is not None and _bare_group(actor) and any(x is not actor for x in named):
                actor = next(x for x in reversed(named) if x is not actor)  # "Hamas gunmen": Hamas
            if actor is not None:
                out.append(actor)
            continue
        if named:
            out.append(named[-1])
            continue
        phrase = _named_phrase(h) if h.pos_ in ("NOUN", "PROPN") else None
        if phrase is None:
            # whose the phrase is: "the war office of Prime Minister Netanyahu", "the
            # patriot battery of the American army"
            owner = next(
                (
                    p
                    for c in h.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children
                    if p.dep_ == "pobj"
                ),
                None,
            )
            at = _mention_at(mentions, mention_starts, syntax.offset(owner)) if owner is not None else None
            phrase = _actor_of(at) if at is not None else None
        if phrase is not None:
            out.append(phrase)
    return out


def _bare_group(actor: Actor) -> bool:
    """A group named by a common noun alone ("gunmen", "militants"), with no country."""
    return actor.type == "collective" and actor.country is None and actor.name.islower()


def _mention_at(mentions: list[Mention], mention_starts: list[int], pos: int) -> Mention | None:
    """The mention covering article offset pos (mentions do not nest: the last two that
    start at or before it are all that can)."""
    i = bisect_left(mention_starts, pos + 1)
    return next((m for m in mentions[max(0, i - 2) : i] if m.start <= pos < m.end), None)


def _named_in(mentions: list[Mention], mention_starts: list[int], a: int, b: int) -> list[Actor]:
    """The actors mentions in [a, b) name, with a country's own name for its government
    ("Ukraine's air defenses"); not a country named in a quotation."""
    out = []
    for m in mentions[bisect_left(mention_starts, a) : bisect_left(mention_starts, b)]:
        if m.actor is not None and not (m.in_quote and m.actor.type == "country"):
            out.append(m.actor)
        elif m.location is not None and m.location.kind == "country" and not m.is_scene:
            out.append(Actor(m.location.name, m.location.country, None, "country"))
    return out


def _actor_of(m: Mention, subject: bool = False) -> Actor | None:
    """The actor a mention names; a city only as a verb's subject or agent, for its
    government ("Moscow captured", "annexed by Moscow")."""
    if m.actor is not None:
        # a country named inside a quotation is talked about, not acting
        return None if m.in_quote and m.actor.type == "country" else m.actor
    if subject and m.location is not None and m.location.kind == "city" and not m.is_scene:
        # a capital for its government: "Moscow captured", "Kyiv struck"
        return Actor(m.location.name, m.location.country, "government", "organisation")
    return None


def _named_phrase(head) -> Actor | None:
    """A doer no mention covers: a named body the model finds ("Congress"), or a group or
    office ("seven African leaders", "local officials"), less its article and number."""
    kind = NAMED_DOER_LABELS.get(head.ent_type_) if head.pos_ == "PROPN" else None
    t = gz.titles()
    word = head.lower_
    group = head.pos_ == "NOUN" and (
        word in t.role_heads or word in t.collective_nouns or word in t.bare_collectives
    )
    if kind is None and not group:
        return None
    a, _ = syntax.phrase(head)
    words = [
        x.text
        for x in head.doc[head.left_edge.i : head.i + 1]
        if syntax.offset(x) >= a and x.dep_ not in ("det", "nummod", "predet") and not x.like_num
    ]
    name = " ".join(words).strip(" ,")
    return Actor(name, None, None, kind or "collective") if name else None


def deed_places(trigger, mentions: list[Mention], mention_starts: list[int]) -> list:
    """The places a deed noun names as its object or modifier: "the invasion of Ukraine",
    "the shelling of Kherson", "the Vuhledar battle" happen there."""
    noun = event_head(trigger)
    if noun.pos_ != "NOUN":
        return []
    heads = [c for c in noun.children if c.dep_ in ("compound", "nmod")]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            heads += [x for p in c.children if p.dep_ == "pobj" for x in _with_conjuncts(p)]
    out = []
    for x in heads:
        a, b = syntax.phrase(x)
        out += [
            m.location
            for m in mentions[bisect_left(mention_starts, a) : bisect_left(mention_starts, b)]
            if m.location is not None and m.end <= b
        ]
    return out
