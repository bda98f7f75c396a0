"""Train the event judge and install it in data/models/event_judge.

    .venv/bin/python -m training.train [--shared ../shared] [--keep-output]

1. rebuilds the DocBins from data/training/labels.jsonl and ../shared (training.build);
2. runs ``spacy train training/config.cfg`` (fixed seed in the config);
3. chooses on the DEV split the cut on P(any event) from which a clause is an event (the
   best event F1 of the model alone) and the judge's threshold: below it the model is
   unsure and the rules' own reading stands (with a low confidence that says so); the
   threshold is the lowest at which the model's event-or-not verdicts on dev are right
   at least SURE_ACCURACY of the time (a sure "no event" drops a record for good);
4. measures the TEST split (figures of training.evaluate) and writes the figures, the
   threshold, the label counts and the seed into the model's meta.json;
5. copies the model (at most MAX_MODEL_MB) to data/models/event_judge.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from core import event_judge
from training import build, evaluate

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "training" / "config.cfg"
WORK = ROOT / "training" / "output"
MAX_MODEL_MB = 25  # the bound on what the repository ships
# Cuts on P(any event) and thresholds on the judge's probability tried on dev.
EVENT_CUTS = [round(0.20 + 0.05 * i, 2) for i in range(9)]
THRESHOLDS = [round(0.50 + 0.05 * i, 2) for i in range(10)]
# How often the judge's sure verdicts must be right on dev. A sure "no event" drops the
# record, which no one then sees to correct, while an unsure one stays on the timeline
# marked as such: a drop should be wrong about once in thirty times, not once in ten.
SURE_ACCURACY = 0.97


def predict(nlp, exs: list[dict], event_cut: float) -> list[event_judge.Judgement]:
    return [event_judge.reading(doc.cats, event_cut) for doc in nlp.pipe([e["input"] for e in exs])]


def combined(judgements, exs, threshold: float) -> list[str]:
    """The pipeline's decision: the model's label when it is sure, else the rules' (their
    type when they kept the clause as an event, NOT_EVENT otherwise)."""
    out = []
    for j, e in zip(judgements, exs, strict=True):
        if j.probability >= threshold:
            out.append(j.label)
        elif e.get("rule_outcome") == "event":  # kept, marked unsure; the judge's type if it reads one
            out.append(j.label if j.is_event else build.trained_label(e["rule_type"]))
        else:
            out.append(event_judge.NOT_EVENT)
    return out


def _best(candidates):
    """The candidate with the best event F1; the first (lowest) on a tie."""
    best = None
    for value, s in candidates:
        if best is None or s["event_f1"] > best[1]["event_f1"]:
            best = (value, s)
    return best


def choose_on_dev(nlp, dev: list[dict]) -> tuple[float, float, dict, dict]:
    """(event cut, threshold, dev figures of the model alone, dev figures combined)."""
    gold = [e["class"] for e in dev]
    cut, model_scores = _best(
        (c, evaluate.scores(gold, [j.label for j in predict(nlp, dev, c)])) for c in EVENT_CUTS
    )
    judged = predict(nlp, dev, cut)
    threshold = next(
        (t for t in THRESHOLDS if evaluate.sure_accuracy(gold, judged, t) >= SURE_ACCURACY), THRESHOLDS[-1]
    )
    return cut, threshold, model_scores, evaluate.scores(gold, combined(judged, dev, threshold))


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=build.SHARED)
    ap.add_argument("--keep-output", action="store_true", help="keep training/output for inspection")
    args = ap.parse_args(argv)
    exs = build.examples(build.read_labels(), args.shared)
    counts = build.write_docbins(exs)
    for split in build.SPLITS:
        print(f"{split}: {sum(counts[split].values())} clauses", flush=True)
    if WORK.exists():
        shutil.rmtree(WORK)
    subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(WORK)],
        check=True,
        cwd=ROOT,
    )
    best = WORK / "model-best"
    import spacy

    nlp = spacy.load(best)
    dev = [e for e in exs if e["split"] == "dev"]
    test = [e for e in exs if e["split"] == "test"]
    cut, threshold, dev_model, dev_combined = choose_on_dev(nlp, dev)
    test_pred = predict(nlp, test, cut)
    test_model = evaluate.scores([e["class"] for e in test], [j.label for j in test_pred])
    test_combined = evaluate.scores([e["class"] for e in test], combined(test_pred, test, threshold))
    meta_path = best / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["name"] = "event_judge"
    meta["description"] = (
        "Is a clause a real conflict event, and of which type: trained on clauses of the train half "
        "of ../shared/corpus labelled after data/training/CODEBOOK.md (issue 34)"
    )
    meta["event_judge"] = {
        "event_cut": cut,
        "threshold": threshold,
        "seed": 34,
        "labelled_clauses": {split: dict(counts[split]) for split in build.SPLITS},
        "dev_model": dev_model,
        "dev_combined": dev_combined,
        "test_model": test_model,
        "test_combined": test_combined,
        "test_ids": sorted(e["id"] for e in test),
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    size = directory_mb(best)
    if size > MAX_MODEL_MB:
        print(f"the model is {size:.1f} MB, over {MAX_MODEL_MB} MB: not installed", file=sys.stderr)
        return 1
    if event_judge.MODEL_DIR.exists():
        shutil.rmtree(event_judge.MODEL_DIR)
    shutil.copytree(best, event_judge.MODEL_DIR)
    if not args.keep_output:
        shutil.rmtree(WORK)
    where = event_judge.MODEL_DIR.relative_to(ROOT)
    print(f"installed {where} ({size:.1f} MB), event cut {cut}, threshold {threshold}")
    print(f"test, model alone: {json.dumps({k: v for k, v in test_model.items() if k != 'type_f1'})}")
    print(f"test, combined:    {json.dumps({k: v for k, v in test_combined.items() if k != 'type_f1'})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
