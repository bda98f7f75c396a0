"""The event judge's figures, one definition for training, the test and benchmarks.events.

* event precision / recall / F1: a clause is an event when its label is not NOT_EVENT;
* type macro-F1: the mean over the event types present in the gold labels of each type's
  F1 over all clauses (a missed or wrongly kept event counts against its type);
* type accuracy on found events: of the clauses both gold and prediction call events,
  the share whose type agrees;
* ACLED macro-F1: type macro-F1 with each type read as its ACLED event type (Battles,
  Explosions/Remote violence, ...), the six classes analysts filter by.
"""

from __future__ import annotations

from core import taxonomy
from core.event_judge import NOT_EVENT


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _macro_f1(gold: list[str], pred: list[str]) -> tuple[float, dict[str, float]]:
    per_type = {}
    for t in sorted({g for g in gold if g != NOT_EVENT}):
        t_tp = sum(g == t and p == t for g, p in zip(gold, pred, strict=True))
        t_pred = sum(p == t for p in pred)
        t_gold = sum(g == t for g in gold)
        per_type[t] = round(_f1(t_tp / t_pred if t_pred else 0.0, t_tp / t_gold if t_gold else 0.0), 4)
    return (round(sum(per_type.values()) / len(per_type), 4) if per_type else 0.0), per_type


def _acled(label: str) -> str:
    return NOT_EVENT if label == NOT_EVENT else (taxonomy.acled_event_type(label) or label)


def scores(gold: list[str], pred: list[str]) -> dict:
    if len(gold) != len(pred):
        raise ValueError("gold and prediction differ in length")
    tp = sum(g != NOT_EVENT and p != NOT_EVENT for g, p in zip(gold, pred, strict=True))
    n_pred = sum(p != NOT_EVENT for p in pred)
    n_gold = sum(g != NOT_EVENT for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    macro, per_type = _macro_f1(gold, pred)
    acled_macro, _ = _macro_f1([_acled(g) for g in gold], [_acled(p) for p in pred])
    both = [(g, p) for g, p in zip(gold, pred, strict=True) if g != NOT_EVENT and p != NOT_EVENT]
    return {
        "n": len(gold),
        "events": n_gold,
        "event_precision": round(precision, 4),
        "event_recall": round(recall, 4),
        "event_f1": round(_f1(precision, recall), 4),
        "type_macro_f1": macro,
        "acled_macro_f1": acled_macro,
        "type_accuracy_on_found": round(sum(g == p for g, p in both) / len(both), 4) if both else 0.0,
        "type_f1": per_type,
    }


def sure_accuracy(gold: list[str], judgements, threshold: float) -> float:
    """Of the judge's verdicts at or above the threshold, the share right about event or
    not (1.0 when there are none)."""
    sure = [(g, j) for g, j in zip(gold, judgements, strict=True) if j.probability >= threshold]
    if not sure:
        return 1.0
    return sum((g == NOT_EVENT) == (not j.is_event) for g, j in sure) / len(sure)
