"""Memory of a hostile paste (issue 37, finding 10): the dashboard's path, measured.

    .venv/bin/python -m benchmarks.paste_memory [--cases sentence200,sentence900,html]

Each case is handed to the shared worker as the dashboard hands a paste
(``core.worker.read_within`` then ``parse_within``, with their budgets): one sentence of
200 KB and of 900 KB with no full stop (the probe's pastes: 867 MB and 3.06 GB before),
and 9.3 MB of ``<p>`` paragraphs as HTML (75 s of extraction in the server before).
Prints, per case, what came of it, the seconds taken, this process's resident memory
(the server's part) before and after, and the worker's peak resident memory (VmHWM).
The texts are SYNTHETIC (generated here, never stored); figures are printed, never
asserted (not a unit test).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from core import worker
from core.errors import CoreError

CASES = ("sentence200", "sentence900", "html")
KB = 1024
SAMPLE_S = 0.2  # how often the worker's peak memory is read


def _status_kb(pid: int | str, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return float("nan")


def one_sentence(size_kb: int) -> str:
    """SYNTHETIC: a paste of ``size_kb`` KB with no sentence end."""
    words, i = ["Officials said that"], 0
    while sum(map(len, words)) + len(words) < size_kb * KB:
        words.append(f"troops moved past village {i},")
        i += 1
    return " ".join(words)


def paragraphs_html(size_kb: int) -> str:
    """SYNTHETIC: ``size_kb`` KB of <p> paragraphs in a page."""
    parts, total, i = [], 0, 0
    while total < size_kb * KB:
        part = f"<p>Officials said on Tuesday that troops moved past village {i}.</p>"
        parts.append(part)
        total += len(part)
        i += 1
    return "<html><body><article>" + "".join(parts) + "</article></body></html>"


class PeakSampler(threading.Thread):
    """The worker's peak resident memory (VmHWM), read every SAMPLE_S while a case runs:
    a worker stopped over its budget is gone before it could be asked afterwards."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            proc = worker._default._proc
            try:
                if proc is not None:
                    self.peak_kb = max(self.peak_kb, _status_kb(proc.pid, "VmHWM"))
            except (OSError, ValueError):
                pass  # stopped between the two reads


def measure(name: str, text: str, is_html: bool) -> str:
    worker.parse_within(worker.read_within("Troops moved on Monday.", source="warm"))  # a ready worker
    server_before = _status_kb("self", "VmRSS") / KB
    sampler = PeakSampler()
    sampler.start()
    started = time.monotonic()
    try:
        article = worker.read_within(text, source=name, is_html=is_html)
        parsed = worker.parse_within(article)
        outcome = f"{len(parsed.records)} records" + (f"; {parsed.notes[0]}" if parsed.notes else "")
    except CoreError as error:
        outcome = f"refused: {error}"
    seconds = time.monotonic() - started
    sampler.done.set()
    sampler.join()
    server_after = _status_kb("self", "VmRSS") / KB
    worker._default.stop()  # each case in a fresh worker, so each peak is its own
    return (
        f"{name}: {len(text) / KB:,.0f} KB in {seconds:.1f} s: {outcome}\n"
        f"    this process (the server) {server_before:.0f} -> {server_after:.0f} MB; "
        f"worker peak {sampler.peak_kb / KB:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=",".join(CASES))
    args = ap.parse_args(argv)
    texts = {
        "sentence200": (lambda: one_sentence(200), False),
        "sentence900": (lambda: one_sentence(900), False),
        "html": (lambda: paragraphs_html(9_300), True),
    }
    print(
        f"worker budget {worker.PARSE_BUDGET_S:g} s per step; memory headroom "
        f"{worker.WORKER_MEMORY_HEADROOM_BYTES / 2**30:.1f} GB beyond the ready worker"
    )
    for name in args.cases.split(","):
        make, is_html = texts[name]
        print(measure(name, make(), is_html), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
