"""The event judge on its held-out test split: event or not, and of which type.

    .venv/bin/python -m benchmarks.events [--shared ../shared]

The test split is the labelled clauses (data/training/labels.jsonl) of the articles
training/build.py puts in "test" (10%, by article: no article of it was trained on).
On exactly those clauses, in the same run, it scores three readers:

* rules: the parser with no judge (core.pipeline.parse(..., judge=None)); a clause is
  an event when the rules made an event of it, of the type of its trigger;
* model: the trained classifier alone on each clause (also on the clauses that hold no
  trigger, which the reading never shows it);
* rules + model: the parser as shipped, the judge deciding wherever the rules read a
  clause with an event trigger (and the rules' reading, kept as "unsure", below the
  threshold).

For each: event precision, recall and F1, type macro-F1 (per type F1 over all clauses,
averaged over the types in the gold labels) and the share of right types among the
events both call events (training/evaluate.py). Issue 34's targets: precision >= 0.90,
recall >= 0.85, type macro-F1 >= 0.75. Prints figures, never asserts.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from core import entities, event_judge, ingest, records, sentences, syntax, timex
from core.event_judge import NOT_EVENT
from training import build, evaluate

TARGETS = {"event_precision": 0.90, "event_recall": 0.85, "type_macro_f1": 0.75}


def read_articles(path: Path, judges: dict) -> dict[str, dict[tuple[int, int], str]]:
    """For each reader: (clause start, end) -> the trained class of the event it made of
    the clause. The article is parsed once; the records stage runs once per reader."""
    article = ingest.read_article(path)
    sents = sentences.split_sentences(article)
    parses = syntax.parse_article(article, sents)
    times = timex.tag_article(article)
    mentions = entities.find_mentions(article, sents, parses)
    out = {}
    for name, judge in judges.items():
        log: list[records.EventClause] = []
        records.extract_records(article, sents, times, mentions, parses, clause_log=log, judge=judge)
        kept = {(c.start, c.end): c for c in log if c.outcome == "event"}
        out[name] = {k: build.trained_label(c.event_type) or NOT_EVENT for k, c in kept.items()}
        if judge is not None:
            sure = {k: c for k, c in kept.items() if c.judgement == "event"}
            out[name + " (sure)"] = {
                k: build.trained_label(c.event_type) or NOT_EVENT for k, c in sure.items()
            }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=build.SHARED)
    args = ap.parse_args(argv)
    if not (args.shared / "corpus").is_dir() or not build.LABELS.is_file():
        print(f"skipped: no corpora under {args.shared} or no labels")
        return 0
    judge = event_judge.judge_for_reading()
    if judge is None:
        print("skipped: no event judge installed (or switched off)")
        return 0
    test = [e for e in build.examples(build.read_labels(), args.shared) if e["split"] == "test"]
    gold = [e["class"] for e in test]
    by_article = defaultdict(list)
    for i, e in enumerate(test):
        by_article[(e["corpus"], e["file"])].append(i)
    readers = ("rules", "model", "rules + model (sure)", "rules + model")
    preds = {name: [NOT_EVENT] * len(test) for name in readers}
    for (corpus, file), idx in by_article.items():
        read = read_articles(args.shared / "corpus" / corpus / file, {"rules": None, "rules + model": judge})
        for name, clauses in read.items():
            for i in idx:
                preds[name][i] = clauses.get((test[i]["clause_start"], test[i]["clause_end"]), NOT_EVENT)
    preds["model"] = [j.label for j in judge.judge([e["input"] for e in test])]
    n_events = sum(g != NOT_EVENT for g in gold)
    print(
        f"test split: {len(test)} labelled clauses ({n_events} events) in {len(by_article)} articles "
        f"no training saw; judge threshold {judge.threshold}"
    )
    head = f"{'reader':<22} {'P':>6} {'R':>6} {'F1':>6} {'type macro-F1':>14} {'ACLED macro-F1':>15}"
    print(head + f" {'type acc.':>10}")
    results = {}
    for name in readers:
        s = results[name] = evaluate.scores(gold, preds[name])
        print(
            f"{name:<22} {s['event_precision']:>6.3f} {s['event_recall']:>6.3f} {s['event_f1']:>6.3f} "
            f"{s['type_macro_f1']:>14.3f} {s['acled_macro_f1']:>15.3f} {s['type_accuracy_on_found']:>10.3f}"
        )
    print("targets: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()))
    for name in readers[1:]:
        met = [k for k, v in TARGETS.items() if results[name][k] >= v]
        print(f"{name}: {len(met)} of {len(TARGETS)} targets met ({', '.join(met) or 'none'})")
    print(
        "per type F1 (rules + model): "
        + ", ".join(f"{t} {f:.2f}" for t, f in results["rules + model"]["type_f1"].items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
