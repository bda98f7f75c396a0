"""Gather the labellers' files into data/training/labels.jsonl (the committed labels).

    .venv/bin/python -m training.collect [--labels /work/labels]

Reads every LABELS/batch_NN.labels.jsonl, checks each row against the draw
(data/training/candidates.jsonl: same id, corpus, file and offsets) and against the
text in ../shared (a sha1 of the clause is kept, so a changed corpus file is caught
later by training/build.py), and writes one line per labelled clause with what
training needs: where the clause is, the label, the note, the batch, and what the rules
made of it when it was drawn (for choosing the judge's threshold). No article text is
copied: the texts stay in ../shared.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from training import build

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = ROOT / "data" / "training" / "candidates.jsonl"
LABEL_FILE = re.compile(r"batch_(\d+)\.labels\.jsonl$")
ALLOWED_EXTRA = {build.SKIP}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=Path("/work/labels"))
    ap.add_argument("--shared", type=Path, default=build.SHARED)
    args = ap.parse_args(argv)
    drawn = {}
    with CANDIDATES.open(encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            drawn[c["id"]] = c
    texts: dict[tuple[str, str], str] = {}
    out, problems = [], []
    for path in sorted(args.labels.glob("batch_*.labels.jsonl")):
        batch = int(LABEL_FILE.search(path.name).group(1))
        with path.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        for row in rows:
            c = drawn.get(row.get("id"))
            where = f"{path.name} {row.get('id')}"
            if c is None or (row["clause_start"], row["clause_end"]) != (c["clause_start"], c["clause_end"]):
                problems.append(f"{where}: not a drawn candidate")
                continue
            label = (row.get("label") or "").strip()
            try:
                build.trained_label(label)
            except build.LabelError:
                problems.append(f"{where}: unknown label {label!r}")
                continue
            key = (c["corpus"], c["file"])
            if key not in texts:
                texts[key] = build._article_text(args.shared / "corpus" / c["corpus"] / c["file"])
            out.append(
                {
                    "id": c["id"],
                    "corpus": c["corpus"],
                    "file": c["file"],
                    "sentence_start": c["sentence_start"],
                    "sentence_end": c["sentence_end"],
                    "clause_start": c["clause_start"],
                    "clause_end": c["clause_end"],
                    "trigger_start": c["trigger_start"],
                    "trigger_end": c["trigger_end"],
                    "clause_sha1": build.clause_digest(texts[key][c["clause_start"] : c["clause_end"]]),
                    "label": label,
                    "note": row.get("note") or "",
                    "batch": batch,
                    "source": c["source"],
                    "rule_type": c["rule_type"],
                    "rule_outcome": c["rule_outcome"],
                }
            )
    seen = Counter(r["id"] for r in out)
    twice = [i for i, n in seen.items() if n > 1]
    if twice:
        problems.append(f"labelled more than once: {twice[:5]}")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    build.LABELS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} labelled clauses from {len({r['batch'] for r in out})} batches")
    print(dict(Counter(r["label"] for r in out).most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
