"""Train the event judge and install it in data/models/event_judge.

    .venv/bin/python -m training.train [--shared ../shared] [--keep-output]

1. rebuilds the DocBins from data/training/labels.jsonl and ../shared (training.build);
2. runs ``spacy train training/config.cfg`` (fixed seed in the config);
3. chooses the judge's threshold on the DEV split: below it the model is unsure and the
   rules' own reading stands (with a low confidence that says so); the threshold is the
   one whose combined decision (model when sure, rules otherwise) has the best event F1
   on dev, the lowest such on a tie;
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
# Thresholds tried on dev (probability of the model's best label).
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(14)]


def predict(judge: event_judge.EventJudge, exs: list[dict]) -> list[event_judge.Judgement]:
    return judge.judge([e["input"] for e in exs])


def combined(judgements, exs, threshold: float) -> list[str]:
    """The pipeline's decision: the model's label when it is sure, else the rules' (their
    type when they kept the clause as an event, NOT_EVENT otherwise)."""
    out = []
    for j, e in zip(judgements, exs, strict=True):
        if j.probability >= threshold:
            out.append(j.label)
        elif e.get("rule_outcome") == "event":
            out.append(build.trained_label(e["rule_type"]) or event_judge.NOT_EVENT)
        else:
            out.append(event_judge.NOT_EVENT)
    return out


def choose_threshold(judgements, exs) -> tuple[float, dict]:
    gold = [e["class"] for e in exs]
    best = None
    for t in THRESHOLDS:
        s = evaluate.scores(gold, combined(judgements, exs, t))
        if best is None or s["event_f1"] > best[1]["event_f1"]:
            best = (t, s)
    return best


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
    judge = event_judge.EventJudge.__new__(event_judge.EventJudge)
    import spacy

    judge.nlp = spacy.load(best)
    dev = [e for e in exs if e["split"] == "dev"]
    test = [e for e in exs if e["split"] == "test"]
    threshold, dev_scores = choose_threshold(predict(judge, dev), dev)
    test_pred = predict(judge, test)
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
        "threshold": threshold,
        "seed": 34,
        "labelled_clauses": {split: dict(counts[split]) for split in build.SPLITS},
        "dev_combined": dev_scores,
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
    print(f"installed {event_judge.MODEL_DIR.relative_to(ROOT)} ({size:.1f} MB), threshold {threshold}")
    print(f"test, model alone: {json.dumps({k: v for k, v in test_model.items() if k != 'type_f1'})}")
    print(f"test, combined:    {json.dumps({k: v for k, v in test_combined.items() if k != 'type_f1'})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
