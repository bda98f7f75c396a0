"""The learned event judge: is a clause the rules read as an event a real one, and of which type?

The rules (``core.records``) find the clause, its trigger word and its arguments (doer,
place, date); this trained spaCy text classifier (``data/models/event_judge``, trained by
``training/`` on clauses labelled by hand after ``data/training/CODEBOOK.md``) reads the
sentence with the clause and the trigger marked, together with what the rules made of
the clause (its outcome: an event, or set aside as irrealis, scheduled, a statement's
content or without arguments; and the trigger's type), and gives a probability to
``NOT_EVENT`` and to each event type the taxonomy trains
(``core.taxonomy.trained_event_classes``). Rules and model together: the rules' reading
is evidence the model weighs, not a verdict.

The model is a small pipeline of its own (a tokenizer and a ``textcat``), loaded once per
process; its input is built here, by the same function for training and for reading,
so the two never drift apart.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "event_judge"
NOT_EVENT = "NOT_EVENT"
# Setting this environment variable to "0" reads with the rules alone (for comparisons).
ENV_SWITCH = "TIMELINE_EVENT_JUDGE"
# Marks around the clause and the trigger in the model's input, spaced so that they are
# tokens of their own whatever the tokenizer does with punctuation.
CLAUSE_OPEN, CLAUSE_CLOSE = " ⟦ ", " ⟧ "
TRIGGER_OPEN, TRIGGER_CLOSE = " « ", " » "
# The rules' reading as the model sees it: two words before the sentence.
RULES_PREFIX = "rules_{outcome} type_{rule_type} "
NO_RULE = "none"  # a clause with no event trigger, which the rules never read


def judge_input(
    text: str,
    sentence_start: int,
    sentence_end: int,
    clause_start: int,
    clause_end: int,
    trigger_start: int | None = None,
    trigger_end: int | None = None,
    rule_outcome: str | None = None,
    rule_type: str | None = None,
) -> str:
    """What the model reads: the rules' outcome and type, then the sentence
    text[sentence_start:sentence_end] with the clause and the trigger marked, in lower case
    (with a few thousand labelled clauses, "Killed" and "killed" must be one feature)."""
    cuts = [(clause_start, 1, CLAUSE_OPEN), (clause_end, 0, CLAUSE_CLOSE)]
    if trigger_start is not None and trigger_end is not None:
        cuts += [(trigger_start, 2, TRIGGER_OPEN), (trigger_end, -1, TRIGGER_CLOSE)]
    out, pos = [], sentence_start
    for at, _, mark in sorted(cuts):
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:sentence_end])
    prefix = RULES_PREFIX.format(outcome=rule_outcome or NO_RULE, rule_type=rule_type or NO_RULE)
    return " ".join((prefix + "".join(out)).split()).lower()


@dataclass(frozen=True)
class Judgement:
    label: str  # NOT_EVENT or an event type of the taxonomy (its trained class)
    probability: float  # how sure: P(any event) for an event, P(NOT_EVENT) otherwise
    p_event: float  # 1 - P(NOT_EVENT)

    @property
    def is_event(self) -> bool:
        return self.label != NOT_EVENT


class EventJudge:
    def __init__(self, path: Path = MODEL_DIR):
        import spacy

        self.nlp = spacy.load(path)
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        chosen = self.meta["event_judge"]  # both chosen on the dev split by training/train.py
        self.event_cut = float(chosen["event_cut"])  # P(any event) from which a clause is one
        self.threshold = float(chosen["threshold"])  # below it the judge is unsure

    def judge(self, inputs: list[str]) -> list[Judgement]:
        return [reading(doc.cats, self.event_cut) for doc in self.nlp.pipe(inputs, batch_size=64)]


def reading(cats: dict[str, float], event_cut: float) -> Judgement:
    """The judgement from the classifier's probabilities. Event or not is decided on the
    probability of any event (1 - P(NOT_EVENT)) against the cut chosen on dev, not on the
    single most likely class: with fourteen event types sharing the mass, "no event" at
    0.4 must not beat "an event" at 0.6; the type is then the most likely event type."""
    p_event = 1.0 - cats.get(NOT_EVENT, 0.0)
    if p_event < event_cut:
        return Judgement(NOT_EVENT, 1.0 - p_event, p_event)
    label = max((k for k in cats if k != NOT_EVENT), key=cats.__getitem__)
    return Judgement(label, p_event, p_event)


@cache
def _load(path: Path) -> EventJudge:
    return EventJudge(path)


def judge_for_reading() -> EventJudge | None:
    """The installed judge, or None when it is switched off or not installed."""
    if os.environ.get(ENV_SWITCH, "1") == "0" or not (MODEL_DIR / "meta.json").is_file():
        return None
    return _load(MODEL_DIR)
