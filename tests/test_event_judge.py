"""The learned event judge: its input, its place in the reading, and the committed model's figures.

Sentences here are SYNTHETIC (invented names and places); the figures test reads the
labelled clauses' texts from ../shared and skips without it.
"""

import json
from datetime import datetime

import pytest

from core import event_judge, ingest, pipeline, records
from core.event_judge import NOT_EVENT, Judgement

PUBLISHED = datetime(2023, 4, 12, 9, 15)


def test_judge_input_marks_clause_and_trigger_and_says_what_the_rules_made_of_it():
    text = "Intro. Kelvar forces shelled Dovra overnight, the governor said. Next."
    s, e = 7, 64
    clause_end = text.index(", the governor")
    trig = text.index("shelled")
    got = event_judge.judge_input(text, s, e, s, clause_end, trig, trig + 7, "irrealis", "shelling")
    assert got == (
        "rules_irrealis type_shelling ⟦ kelvar forces « shelled » dovra overnight ⟧ , the governor said."
    )
    untriggered = event_judge.judge_input(text, s, e, s, e)
    assert untriggered == "rules_none type_none ⟦ kelvar forces shelled dovra overnight, the governor said. ⟧"


class FixedJudge:
    """A stand-in for the trained model: the same reading for every clause."""

    def __init__(self, label, probability, threshold=0.7):
        self.reading = Judgement(label, probability, probability if label != NOT_EVENT else 1 - probability)
        self.threshold = threshold
        self.inputs = []

    def judge(self, inputs):
        self.inputs.extend(inputs)
        return [self.reading for _ in inputs]


def events(text, judge):
    article = ingest.article_from_text(text, source="synthetic", published=PUBLISHED)
    return [r for r in pipeline.parse(article, judge=judge).records if r.kind == "event"]


SHELLING = "Rebel fighters shelled Goma on Monday."  # SYNTHETIC


def test_rules_alone_read_the_event_without_a_judgement():
    (ev,) = events(SHELLING, None)
    assert ev.event_type == "shelling" and ev.judgement is None and ev.confidence > records.CONF_JUDGE_UNSURE


def test_a_sure_not_event_is_dropped():
    assert events(SHELLING, FixedJudge(NOT_EVENT, 0.95)) == []


def test_an_unsure_judge_keeps_the_rules_reading_with_low_confidence_and_says_so():
    judge = FixedJudge(NOT_EVENT, 0.55)
    (ev,) = events(SHELLING, judge)
    assert ev.event_type == "shelling"
    assert ev.judgement == "unsure" and ev.confidence <= records.CONF_JUDGE_UNSURE
    assert judge.inputs == ["rules_event type_shelling ⟦ rebel fighters « shelled » goma on monday. ⟧"]


def test_a_sure_event_takes_the_judges_type_and_overrides_the_rules_mood():
    (ev,) = events(SHELLING, FixedJudge("air_strike", 0.9))
    assert (ev.event_type, ev.judgement) == ("air_strike", "event")
    # the rules read "would" as no deed done; a judge sure of a deed keeps it
    hypothetical = "Rebel fighters would shell Goma on Monday."  # SYNTHETIC
    assert events(hypothetical, None) == []
    assert [e.event_type for e in events(hypothetical, FixedJudge("shelling", 0.9))] == ["shelling"]


def test_a_finer_trigger_type_refines_the_judges_class():
    text = "A suicide bomber killed four people in Bunia on Monday."  # SYNTHETIC
    (ev,) = events(text, FixedJudge("explosion", 0.9))
    assert ev.event_type == "suicide_bombing"


# --- the committed model -----------------------------------------------------------

needs_model = pytest.mark.skipif(
    not (event_judge.MODEL_DIR / "meta.json").is_file(), reason="no event judge installed"
)


@needs_model
def test_the_installed_model_has_its_threshold_and_stays_small():
    judge = event_judge.EventJudge()
    assert 0.0 < judge.threshold < 1.0
    size = sum(f.stat().st_size for f in event_judge.MODEL_DIR.rglob("*") if f.is_file())
    assert size <= 25e6


@needs_model
def test_the_committed_model_reproduces_its_test_figures():
    from training import build, evaluate

    if not (build.SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not here")
    meta = json.loads((event_judge.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))["event_judge"]
    test = [e for e in build.examples(build.read_labels()) if e["split"] == "test"]
    assert sorted(e["id"] for e in test) == meta["test_ids"]
    got = evaluate.scores(
        [e["class"] for e in test],
        [j.label for j in event_judge.EventJudge().judge([e["input"] for e in test])],
    )
    for figure in ("event_precision", "event_recall", "event_f1", "type_macro_f1"):
        assert got[figure] == pytest.approx(meta["test_model"][figure], abs=0.01), figure


def test_figures_count_missed_events_against_their_type_and_read_acled_types():
    from training import evaluate

    gold = [NOT_EVENT, "shelling", "air_strike", "protest"]
    pred = [NOT_EVENT, "air_strike", "air_strike", NOT_EVENT]
    s = evaluate.scores(gold, pred)
    assert (s["event_precision"], s["event_recall"]) == (1.0, round(2 / 3, 4))
    assert s["type_f1"] == {"air_strike": round(2 / 3, 4), "protest": 0.0, "shelling": 0.0}
    # shelling and air strikes are both Explosions/Remote violence: right at ACLED's level
    assert s["acled_macro_f1"] == 0.5 and s["type_accuracy_on_found"] == 0.5


def test_sure_accuracy_counts_only_verdicts_at_or_above_the_threshold():
    from training import evaluate

    judged = [
        Judgement(NOT_EVENT, 0.95, 0.05),
        Judgement("shelling", 0.6, 0.6),
        Judgement(NOT_EVENT, 0.92, 0.08),
    ]
    gold = [NOT_EVENT, NOT_EVENT, "shelling"]
    assert evaluate.sure_accuracy(gold, judged, 0.9) == 0.5
    assert evaluate.sure_accuracy(gold, judged, 0.99) == 1.0
