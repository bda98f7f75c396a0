"""The event judge's figures, one definition for training, the test and benchmarks.events.

* event precision / recall / F1: a clause is an event when its label is not NOT_EVENT;
* type macro-F1: the mean over the event types present in the gold labels of each type's
  F1 over all clauses (a missed or wrongly kept event counts against its type);
* type accuracy on found events: of the clauses both gold and prediction call events,
  the share whose type agrees.
"""

from __future__ import annotations

from core.event_judge import NOT_EVENT


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(gold: list[str], pred: list[str]) -> dict:
    if len(gold) != len(pred):
        raise ValueError("gold and prediction differ in length")
    tp = sum(g != NOT_EVENT and p != NOT_EVENT for g, p in zip(gold, pred, strict=True))
    n_pred = sum(p != NOT_EVENT for p in pred)
    n_gold = sum(g != NOT_EVENT for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    types = sorted({g for g in gold if g != NOT_EVENT})
    per_type = {}
    for t in types:
        t_tp = sum(g == t and p == t for g, p in zip(gold, pred, strict=True))
        t_pred = sum(p == t for p in pred)
        t_gold = sum(g == t for g in gold)
        per_type[t] = round(_f1(t_tp / t_pred if t_pred else 0.0, t_tp / t_gold if t_gold else 0.0), 4)
    both = [(g, p) for g, p in zip(gold, pred, strict=True) if g != NOT_EVENT and p != NOT_EVENT]
    return {
        "n": len(gold),
        "events": n_gold,
        "event_precision": round(precision, 4),
        "event_recall": round(recall, 4),
        "event_f1": round(_f1(precision, recall), 4),
        "type_macro_f1": round(sum(per_type.values()) / len(per_type), 4) if per_type else 0.0,
        "type_accuracy_on_found": round(sum(g == p for g, p in both) / len(both), 4) if both else 0.0,
        "type_f1": per_type,
    }
