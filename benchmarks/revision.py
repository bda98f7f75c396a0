"""Run a benchmark's measuring function with the parser of an earlier git revision.

The revision's ``core`` and ``data`` are exported with ``git archive`` into a temporary
folder; this checkout's measuring module is copied beside them and its ``measure`` runs
there in a subprocess, so both parsers are measured by the same code, on the same files,
in the same run; its ``ROOT`` is this checkout, so word lists it reads from ``data/``
are this checkout's too.  The result travels back as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the baseline needs of its revision: the parser, its data, the benchmarks package.
EXPORTED = ("core", "data", "benchmarks/__init__.py")


def measure_at(rev: str, module: Path, corpus: Path, limit: int | None, *extra) -> dict:
    """``measure(corpus, limit, *extra)`` of ``module`` (a benchmark file of this
    checkout) run against the parser at git revision ``rev``; ``corpus`` is made absolute,
    since the baseline runs in its own folder; ``extra`` are plain values (their repr is
    the call's)."""
    with tempfile.TemporaryDirectory(prefix="baseline-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, *EXPORTED],
            check=True,
            capture_output=True,
        ).stdout
        tar_path = Path(tmp) / "tree.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        name = f"baseline_{module.stem}"
        (Path(tmp) / f"{name}.py").write_text(module.read_text(encoding="utf-8"), encoding="utf-8")
        code = (
            "import json, sys; from pathlib import Path; "
            f"sys.path.insert(0, {tmp!r}); sys.path.append({str(ROOT)!r}); "
            f"import {name} as b; b.ROOT = Path({str(ROOT)!r}); "
            f"print(json.dumps(b.measure(Path({str(corpus.resolve())!r}), {limit!r}, *{extra!r})))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=tmp
        )
        return json.loads(out.stdout.strip().splitlines()[-1])
