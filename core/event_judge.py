"""The learned event judge: is a clause the rules read as an event a real one, and of which type?

The rules (``core.records``) find the clause, its trigger word and its arguments (doer,
place, date); this trained spaCy text classifier (``data/models/event_judge``, trained by
``training/`` on clauses labelled by hand after ``data/training/CODEBOOK.md``) reads the
sentence with the clause and the trigger marked and gives a probability to ``NOT_EVENT``
and to each event type the taxonomy trains (``core.taxonomy.trained_event_classes``).

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


def judge_input(
    text: str,
    sentence_start: int,
    sentence_end: int,
    clause_start: int,
    clause_end: int,
    trigger_start: int | None = None,
    trigger_end: int | None = None,
) -> str:
    """The sentence text[sentence_start:sentence_end] with the clause and the trigger marked."""
    cuts = [(clause_start, 1, CLAUSE_OPEN), (clause_end, 0, CLAUSE_CLOSE)]
    if trigger_start is not None and trigger_end is not None:
        cuts += [(trigger_start, 2, TRIGGER_OPEN), (trigger_end, -1, TRIGGER_CLOSE)]
    out, pos = [], sentence_start
    for at, _, mark in sorted(cuts):
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:sentence_end])
    return " ".join("".join(out).split())


@dataclass(frozen=True)
class Judgement:
    label: str  # NOT_EVENT or an event type of the taxonomy
    probability: float  # the model's probability of that label
    p_event: float  # 1 - P(NOT_EVENT)

    @property
    def is_event(self) -> bool:
        return self.label != NOT_EVENT


class EventJudge:
    def __init__(self, path: Path = MODEL_DIR):
        import spacy

        self.nlp = spacy.load(path)
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        # chosen on the dev split (training/train.py): below it the judge is unsure
        self.threshold = float(self.meta["event_judge"]["threshold"])

    def judge(self, inputs: list[str]) -> list[Judgement]:
        out = []
        for doc in self.nlp.pipe(inputs, batch_size=64):
            label, p = max(doc.cats.items(), key=lambda kv: kv[1])
            out.append(Judgement(label, p, 1.0 - doc.cats.get(NOT_EVENT, 0.0)))
        return out


@cache
def _load(path: Path) -> EventJudge:
    return EventJudge(path)


def judge_for_reading() -> EventJudge | None:
    """The installed judge, or None when it is switched off or not installed."""
    if os.environ.get(ENV_SWITCH, "1") == "0" or not (MODEL_DIR / "meta.json").is_file():
        return None
    return _load(MODEL_DIR)
