"""Build data/gazetteer/given_names.tsv.gz from packaged name data (re-runnable, offline).

Source (pinned in requirements-dev.txt): nomquamgender 0.1.4 (MIT), whose name_data.json
gives, for 720,000 given names, how many people of each gender bore them in its sources
(Van Buskirk, Clauset, Larremore, "An open-source cultural consensus approach to name-based
gender classification", 2023).  Only names of many bearers with a clear majority are kept:
the record reader uses them for "he"/"she" agreement (core/attribution.py), where a name
that fits both must never rule a reading out.

Output: one gzip'd TSV, rows sorted, gzip mtime 0, so the same package version gives the
same bytes (tests/test_gazetteer_build.py checks it).  Columns: name (lower case), m | f.

Run: .venv/bin/python scripts/build_given_names.py [OUTPUT]
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "gazetteer" / "given_names.tsv.gz"
# A name is kept when at least this many bearers are counted: rarer names are noise
# (initials, typos, surnames entered as given names).
MIN_BEARERS = 500
# ... and when its share of women is at most this or at least 1 minus this: the package's
# own default bound for a classifiable name.
MAX_UNCERTAINTY = 0.1
# Plain Latin given names ("olena", "jean-pierre"), as news copy writes them.
_NAME = re.compile(r"[a-z]+(?:-[a-z]+)?")


def _name_data() -> dict:
    spec = importlib.util.find_spec("nomquamgender")  # the data only: no import of its code
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed (requirements-dev.txt)")
    path = Path(spec.submodule_search_locations[0]) / "name_data.json"
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def build_rows() -> list[tuple[str, str]]:
    rows = []
    for name, row in _name_data().items():
        bearers, share_women = row[1], row[2]
        if not _NAME.fullmatch(name) or bearers < MIN_BEARERS:
            continue
        if share_women <= MAX_UNCERTAINTY:
            rows.append((name, "m"))
        elif share_women >= 1 - MAX_UNCERTAINTY:
            rows.append((name, "f"))
    return sorted(rows)


def render(rows: list[tuple[str, str]]) -> bytes:
    text = "".join(f"{name}\t{gender}\n" for name, gender in rows)
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    rows = build_rows()
    target.write_bytes(render(rows))
    print(f"{len(rows)} names -> {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
