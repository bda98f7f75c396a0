"""TimeML benchmark: our temporal tagger against dateparser's ``search_dates``.

Run: ``.venv/bin/python -m benchmarks.timeml [CORPUS_DIR]`` (default ``../shared/timeml/tbaq``).

Each ``.tml`` file's ``<TEXT>`` is stripped of its tags; the tagger gets the plain text
and the document creation time (DCT) as anchor; what it finds is compared with the gold
TIMEX3 annotations (TempEval-3 style):

* relaxed match: a system span overlapping a gold span (one-to-one, greedy by position);
* precision / recall / F1 over relaxed matches;
* value accuracy: share of matched pairs whose TIMEX3 value is equal (exact string);
* value F1 = relaxed F1 x value accuracy (the TempEval-3 ranking score).

Per type: precision counts system expressions of that type, recall and value accuracy
gold expressions of that type.  The sub-folders are reported apart (``TimeBank`` is the
development set the rules were tuned on, ``AQUAINT`` the check against over-fitting)
and together.  Figures are printed, never asserted.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "timeml" / "tbaq"
TYPES = ("DATE", "TIME", "DURATION", "SET")

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<DCT>.*?value=\"([^\"]+)\"", re.S)


@dataclass(frozen=True)
class Span:
    """An annotated (gold) or found (system) temporal expression."""

    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass(frozen=True)
class Document:
    name: str
    split: str
    text: str
    dct: datetime
    gold: tuple[Span, ...]


def parse_tml(raw: str, name: str = "", split: str = "") -> Document:
    """Plain text of ``<TEXT>`` and its gold TIMEX3 spans (offsets into that text)."""
    dct = datetime.fromisoformat(_DCT.search(raw).group(1))
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    gold: list[Span] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = body[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2), m.group(3)
        if tag != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, a = open_timex
            gold.append(Span(start, length, a.get("type", ""), a.get("value", "")))
            open_timex = None
    out.append(body[pos:])
    text = "".join(out)
    gold = [Span(g.start, g.end, g.type, g.value, text[g.start : g.end]) for g in gold]
    return Document(name, split, text, dct, tuple(gold))


def load_corpus(root: Path) -> list[Document]:
    docs = []
    for path in sorted(root.rglob("*.tml")):
        split = path.parent.name
        docs.append(parse_tml(path.read_text(encoding="utf-8"), path.stem, split))
    return docs


@dataclass
class Counts:
    """Tallies for one type (or all): turned into P/R/F1/value accuracy by ``scores``."""

    system: int = 0
    gold: int = 0
    sys_matched: int = 0
    gold_matched: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        self.system += other.system
        self.gold += other.gold
        self.sys_matched += other.sys_matched
        self.gold_matched += other.gold_matched
        self.value_ok += other.value_ok


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    value_accuracy: float
    value_f1: float
    gold: int
    system: int


def scores(c: Counts) -> Scores:
    p = c.sys_matched / c.system if c.system else 0.0
    r = c.gold_matched / c.gold if c.gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = c.value_ok / c.gold_matched if c.gold_matched else 0.0
    return Scores(p, r, f1, acc, f1 * acc, c.gold, c.system)


def match(gold: Iterable[Span], system: Iterable[Span]) -> list[tuple[Span, Span]]:
    """One-to-one relaxed matching: each gold span takes the first free overlapping system span."""
    free = sorted(system, key=lambda s: (s.start, s.end))
    used = [False] * len(free)
    pairs = []
    for g in sorted(gold, key=lambda s: (s.start, s.end)):
        for i, s in enumerate(free):
            if used[i] or s.end <= g.start:
                continue
            if s.start >= g.end:
                break
            used[i] = True
            pairs.append((g, s))
            break
    return pairs


def count(gold: list[Span], system: list[Span]) -> dict[str, Counts]:
    """Per-type and overall (key ``ALL``) tallies for one document."""
    tallies = {t: Counts() for t in (*TYPES, "ALL")}
    for g in gold:
        tallies.setdefault(g.type, Counts()).gold += 1
        tallies["ALL"].gold += 1
    for s in system:
        tallies.setdefault(s.type, Counts()).system += 1
        tallies["ALL"].system += 1
    for g, s in match(gold, system):
        for key, tally in ((s.type, "sys"), (g.type, "gold"), ("ALL", "both")):
            c = tallies.setdefault(key, Counts())
            if tally in ("sys", "both"):
                c.sys_matched += 1
            if tally in ("gold", "both"):
                c.gold_matched += 1
                c.value_ok += g.value == s.value
    return tallies


# --- the two systems -------------------------------------------------------------


def ours(doc: Document) -> list[Span]:
    from core import timex

    return [Span(t.start, t.end, t.type, t.value, t.text) for t in timex.tag(doc.text, doc.dct)]


def _dateparser_value(d: datetime) -> tuple[str, str]:
    if d.hour or d.minute:
        return "TIME", d.strftime("%Y-%m-%dT%H:%M")
    return "DATE", d.strftime("%Y-%m-%d")


def search_dates_baseline(doc: Document) -> list[Span]:
    """``search_dates`` with the DCT as RELATIVE_BASE; its strings located left to right."""
    from dateparser.search import search_dates

    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": doc.dct}) or []
    spans, pos = [], 0
    for text, when in found:
        at = doc.text.find(text, pos)
        if at < 0:
            at = doc.text.find(text)
            if at < 0:
                continue
        pos = at + len(text)
        kind, value = _dateparser_value(when)
        spans.append(Span(at, at + len(text), kind, value, text))
    return spans


@dataclass
class Run:
    name: str
    per_split: dict[str, dict[str, Counts]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)


def evaluate(name: str, system: Callable[[Document], list[Span]], docs: list[Document]) -> Run:
    run = Run(name)
    for doc in docs:
        t0 = time.perf_counter()
        found = system(doc)
        run.seconds.append(time.perf_counter() - t0)
        for split in (doc.split, "all"):
            target = run.per_split.setdefault(split, {t: Counts() for t in (*TYPES, "ALL")})
            for key, c in count(list(doc.gold), found).items():
                target.setdefault(key, Counts()).add(c)
    return run


def print_table(runs: list[Run], splits: list[str]) -> None:
    header = (
        f"{'system':<14} {'split':<9} {'type':<9} {'gold':>5} {'sys':>5} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'valAcc':>7} {'valF1':>6}"
    )
    print(header)
    print("-" * len(header))
    for split in splits:
        for run in runs:
            for key in (*TYPES, "ALL"):
                s = scores(run.per_split[split][key])
                print(
                    f"{run.name:<14} {split:<9} {key:<9} {s.gold:>5} {s.system:>5} {s.precision:>6.3f} "
                    f"{s.recall:>6.3f} {s.f1:>6.3f} {s.value_accuracy:>7.3f} {s.value_f1:>6.3f}"
                )
        print()


def main(argv: list[str]) -> int:
    positional = [a for a in argv if not a.startswith("--")]
    root = Path(positional[0]) if positional else DEFAULT_CORPUS
    docs = load_corpus(root)
    if not docs:
        print(f"no .tml files under {root}", file=sys.stderr)
        return 2
    splits = sorted({d.split for d in docs}) + ["all"]
    ours(docs[0])  # warm-up: data files and compiled patterns load once, outside the timing
    runs = [evaluate("timex", ours, docs)]
    if "--no-baseline" not in argv:
        search_dates_baseline(docs[0])
        runs.append(evaluate("search_dates", search_dates_baseline, docs))
    print(f"{len(docs)} documents, {sum(len(d.gold) for d in docs)} gold TIMEX3 under {root}\n")
    print_table(runs, splits)
    medians = {r.name: statistics.median(r.seconds) * 1000 for r in runs}
    for run in runs:
        print(f"{run.name:<14} median {medians[run.name]:8.2f} ms/doc   total {sum(run.seconds):.2f} s")
    if len(runs) > 1:
        ratio = medians["search_dates"] / medians["timex"]
        print(f"speed ratio: timex is {ratio:.1f}x faster per document (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
