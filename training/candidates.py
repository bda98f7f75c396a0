"""Draw candidate clauses for labelling from the TRAIN half of the real corpora.

Run from the project root:

    .venv/bin/python -m training.candidates [--out /work/labels] [--batches 14] [--seed 34]

Reads every article of ../shared/corpus/{ukraine-war-news,world-news,wikinews} whose
file name's sha1 starts with an even hex digit (the train half, as
../shared/judging/draw.py --split train selects; never ../shared/devset, and any
corpus file whose text is a devset article is left out too), parses it with the
project's parser and collects:

* ``rule_event``: clauses the rules read as events (trigger word marked);
* ``rule_set_aside``: clauses with an event trigger the rules set aside (negated,
  modal, future, planned, a statement's content, no one and nowhere): the hard cases
  of the codebook;
* ``hard_cue``: rule events whose clause holds a cue of the codebook's hard cases
  (a poll, a plan, a forecast, a condition, a question, a document, a negation);
* ``random``: sentences with no event trigger at all, drawn at random.

With --more it adds batches after the existing ones (none of their candidates drawn
before): rule events weighted by 1/frequency of their rule type, so the rare types
get examples, and clauses the rules set aside.

Rule events are drawn with weights 1/sqrt(frequency of their rule type), so rare
types are not swamped by the common ones. Candidates are shuffled (corpora mixed)
and written in batches of BATCH_SIZE to OUT/batch_NN.jsonl, without what the rules
made of them (the labeller judges the text, not the parser). The draw itself (which
candidate came from which source, with its offsets) is written to
data/training/candidates.jsonl so it can be analysed and repeated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from core import entities, ingest, records, sentences, syntax, timex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ("ukraine-war-news", "world-news", "wikinews")
BATCH_SIZE = 200
# How the candidates divide among the sources (shares of the whole draw): most are
# what the rules call events, since the judge must tell those apart; a good share are
# the rules' own hard cases; a sixth are clauses with no trigger, so the judge sees
# plain narrative that is no event and the events the trigger list misses.
SOURCE_SHARES = {"rule_event": 0.50, "hard_cue": 0.10, "rule_set_aside": 0.24, "random": 0.16}
# A later draw (--more) adds batches rich in events of the rare types: rule events weighted
# by 1/frequency of their rule type, and clauses the rules set aside, nothing at random.
MORE_SHARES = {"rule_event": 0.75, "hard_cue": 0.0, "rule_set_aside": 0.25, "random": 0.0}
# The codebook's hard cases, as words a clause holds (lower case, whole words).
HARD_CUES = re.compile(
    r"\b(?:poll|polls|survey|plan|plans|planned|planning|would|could|might|may|will|if|unless|whether"
    r"|threat|threaten|threatens|not|never|no|without|proposal|proposed|draft|resolution|bill|law"
    r"|report|reports|document|documents|expected|likely|possible|aims?|intend|intends|ready)\b|\?"
)
# Longest context shown before the sentence (characters).
CONTEXT_CHARS = 300


def split_of(name: str) -> str:
    """As ../shared/judging/draw.py: even first hex digit of sha1(file name) = train."""
    return "train" if int(hashlib.sha1(name.encode("utf-8")).hexdigest()[0], 16) % 2 == 0 else "test"


def _norm(text: str) -> str:
    return " ".join(text.split())


def devset_texts(shared: Path) -> set[str]:
    folder = shared / "devset" / "articles"
    return {_norm(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt")} if folder.is_dir() else set()


def train_files(shared: Path, split: str = "train") -> list[tuple[str, Path]]:
    banned = devset_texts(shared)
    out = []
    for corpus in CORPORA:
        for path in sorted((shared / "corpus" / corpus).glob("*.txt")):
            if path.name == "README.md" or split_of(path.name) != split:
                continue
            if _norm(path.read_text(encoding="utf-8", errors="replace")) in banned:
                continue
            out.append((corpus, path))
    return out


def candidate_id(corpus: str, name: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{corpus}/{name}:{start}:{end}".encode()).hexdigest()[:12]


def read(corpus: str, path: Path) -> tuple[str, list[dict]]:
    """The article's text and its candidate clauses (every trigger clause, and one
    record per prose sentence with no trigger clause)."""
    article = ingest.read_article(path)
    sents = sentences.split_sentences(article)
    parses = syntax.parse_article(article, sents)
    times = timex.tag_article(article)
    mentions = entities.find_mentions(article, sents, parses)
    log: list[records.EventClause] = []
    records.extract_records(article, sents, times, mentions, parses, clause_log=log, judge=None)
    out = []
    with_trigger = set()
    for c in log:
        with_trigger.add(c.sentence_start)
        clause = article.text[c.start : c.end]
        source = "rule_event" if c.outcome == "event" else "rule_set_aside"
        out.append(
            {
                "corpus": corpus,
                "file": path.name,
                "sentence_start": c.sentence_start,
                "sentence_end": c.sentence_end,
                "clause_start": c.start,
                "clause_end": c.end,
                "trigger_start": c.trigger_start,
                "trigger_end": c.trigger_end,
                "source": source,
                "hard_cue": bool(HARD_CUES.search(clause.lower())),
                "rule_type": c.rule_type,
                "rule_outcome": c.outcome,
            }
        )
    for s in sents:
        if s.role != "body" or s.start in with_trigger or len(s.text.split()) < 5:
            continue
        out.append(
            {
                "corpus": corpus,
                "file": path.name,
                "sentence_start": s.start,
                "sentence_end": s.end,
                "clause_start": s.start,
                "clause_end": s.end,
                "trigger_start": None,
                "trigger_end": None,
                "source": "random",
                "hard_cue": False,
                "rule_type": None,
                "rule_outcome": None,
            }
        )
    return article.text, out


def marked(text: str, c: dict) -> str:
    """The sentence with the clause in ⟦ ⟧ and the trigger word in « »."""
    s, e = c["sentence_start"], c["sentence_end"]
    cuts = [(c["clause_start"], "⟦"), (c["clause_end"], "⟧")]
    if c["trigger_start"] is not None:
        cuts += [(c["trigger_start"], "«"), (c["trigger_end"], "»")]
    # closing marks before opening ones at the same position
    cuts.sort(key=lambda x: (x[0], x[1] in "⟦«"))
    out, pos = [], s
    for at, mark in cuts:
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:e])
    return _norm("".join(out))


def draw(
    pool: list[dict], n: int, rng: random.Random, shares=SOURCE_SHARES, rarity: float = 0.5
) -> list[dict]:
    """n candidates by source shares; rule events weighted 1/frequency**rarity of their type."""
    by_source: dict[str, list[dict]] = {}
    for c in pool:
        by_source.setdefault(c["source"], []).append(c)
    chosen: list[dict] = []
    taken: set[str] = set()

    def take(cands: list[dict], k: int, weights: list[float] | None = None) -> None:
        cands = [c for c in cands if c["id"] not in taken]
        if weights is None:
            picked = rng.sample(cands, min(k, len(cands)))
        else:
            w = {c["id"]: weights[i] for i, c in enumerate(cands)}
            # weighted sampling without replacement (Efraimidis-Spirakis keys)
            picked = sorted(cands, key=lambda c: rng.random() ** (1.0 / w[c["id"]]), reverse=True)[:k]
        for c in picked:
            taken.add(c["id"])
            chosen.append(c)

    events = by_source.get("rule_event", [])
    freq = Counter(c["rule_type"] for c in events)
    hard = [c for c in events if c["hard_cue"]]
    take(hard, round(n * shares["hard_cue"]))
    rest = [c for c in events if c["id"] not in taken]
    take(rest, round(n * shares["rule_event"]), [freq[c["rule_type"]] ** -rarity for c in rest])
    aside = by_source.get("rule_set_aside", [])
    take(aside, round(n * shares["rule_set_aside"]) if shares["random"] else n - len(chosen))
    take(by_source.get("random", []), n - len(chosen))
    rng.shuffle(chosen)
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=Path("/work/labels"))
    ap.add_argument("--batches", type=int, default=14)
    ap.add_argument("--seed", type=int, default=34)
    ap.add_argument("--limit", type=int, default=0, help="read only the first N articles (a quick look)")
    ap.add_argument(
        "--more",
        action="store_true",
        help="add batches after the existing ones, rich in rare event types, none drawn before",
    )
    ap.add_argument("--pool", type=Path, help="cache of the parsed pool (read if there, else written)")
    args = ap.parse_args(argv)
    meta_path = ROOT / "data" / "training" / "candidates.jsonl"
    drawn_before = []
    if args.more:
        with meta_path.open(encoding="utf-8") as f:
            drawn_before = [json.loads(line) for line in f]
    files = train_files(args.shared)
    if args.limit:
        files = files[: args.limit]
    pool: list[dict] = []
    texts: dict[tuple[str, str], str] = {}
    seen_texts: set[str] = set()
    if args.pool and args.pool.is_file():
        cached = json.loads(args.pool.read_text(encoding="utf-8"))
        pool = cached["pool"]
        texts = {tuple(k.split("/", 1)): v for k, v in cached["texts"].items()}
        files = []
    for i, (corpus, path) in enumerate(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        if _norm(text) in seen_texts:
            continue  # the corpus holds exact duplicates: one copy is enough
        seen_texts.add(_norm(text))
        try:
            text, cands = read(corpus, path)
        except Exception as error:  # noqa: BLE001 - a bad file is reported and skipped
            print(f"skipped {corpus}/{path.name}: {error}", file=sys.stderr)
            continue
        texts[(corpus, path.name)] = text
        for c in cands:
            c["id"] = candidate_id(corpus, path.name, c["clause_start"], c["clause_end"])
        pool.extend(cands)
        if i % 50 == 0:
            print(f"{i}/{len(files)} articles, {len(pool)} candidates", file=sys.stderr)
    if args.pool and not args.pool.is_file():
        args.pool.write_text(
            json.dumps({"pool": pool, "texts": {f"{k[0]}/{k[1]}": v for k, v in texts.items()}}),
            encoding="utf-8",
        )
    rng = random.Random(args.seed + (1 if args.more else 0))
    if args.more:
        before = {c["id"] for c in drawn_before}
        first = max(c["batch"] for c in drawn_before) + 1
        chosen = draw(
            [c for c in pool if c["id"] not in before], args.batches * BATCH_SIZE, rng, MORE_SHARES, 1.0
        )
    else:
        first = 0
        chosen = draw(pool, args.batches * BATCH_SIZE, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    meta_path.parent.mkdir(parents=True, exist_ok=True)
    with meta_path.open("a" if args.more else "w", encoding="utf-8") as meta:
        for b in range(first, first + args.batches):
            rows = chosen[(b - first) * BATCH_SIZE : (b - first + 1) * BATCH_SIZE]
            with (args.out / f"batch_{b:02d}.jsonl").open("w", encoding="utf-8") as f:
                for c in rows:
                    text = texts[(c["corpus"], c["file"])]
                    before = _norm(text[max(0, c["sentence_start"] - CONTEXT_CHARS) : c["sentence_start"]])
                    row = {
                        "id": c["id"],
                        "corpus": c["corpus"],
                        "file": c["file"],
                        "clause_start": c["clause_start"],
                        "clause_end": c["clause_end"],
                        "trigger_start": c["trigger_start"],
                        "trigger_end": c["trigger_end"],
                        "before": ("…" + before[-CONTEXT_CHARS:]) if before else "",
                        "marked": marked(text, c),
                        "clause": _norm(text[c["clause_start"] : c["clause_end"]]),
                        "trigger": text[c["trigger_start"] : c["trigger_end"]]
                        if c["trigger_start"] is not None
                        else None,
                        "label": None,
                        "note": "",
                    }
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
                    meta.write(json.dumps({"batch": b, **c}, ensure_ascii=False) + "\n")
    counts = Counter(c["source"] for c in chosen)
    print(f"{len(pool)} candidates in {len(texts)} articles; drew {len(chosen)}: {dict(counts)}")
    print(f"by corpus: {dict(Counter(c['corpus'] for c in chosen))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
