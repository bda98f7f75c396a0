"""Build data/articles/, the dashboard's default data, from real articles only (re-runnable,
offline): the project's original sample article and the 78 Wikinews conflict articles of
``../shared/corpus/wikinews`` (CC BY 2.5, Wikinews contributors; see its README).

Writes, next to the article files:
- ``manifest.json``: {file, title, url, published, outlet, licence} per article, the form
  ``python -m core ingest`` reads (core/collection.py). ``published`` is the date the
  article prints at its top (Wikinews' dateline), the day its "Saturday" and "today"
  mean; the corpus's own ``published`` is the page's creation, often a day earlier.
- ``README.md``: what the folder holds and the credit of every article, with its URL.

Run: .venv/bin/python scripts/build_sample_articles.py [SHARED_CORPUS_WIKINEWS]
tests/test_sample_articles.py checks that data/articles/ is what this script makes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "articles"
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews"
LICENCE = "CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/), Wikinews contributors"
OUTLET = "Wikinews"
# The project's first sample: a real article on the Istanbul talks of 29 March 2022,
# kept as it was saved (page furniture included); its outlet and URL were not recorded.
SEED = {
    "file": "000_cde299979b26ee9c.txt",
    "title": "Russia promises to 'drastically reduce' military operations around Kyiv "
    "following peace talks in Turkey",
    "published": "2022-03-29T12:50",
}


def manifest(wikinews: Path = WIKINEWS) -> dict:
    """The sample folder's manifest, from the corpus's."""
    corpus = json.loads((wikinews / "manifest.json").read_text(encoding="utf-8"))
    articles = [dict(SEED)]
    for entry in corpus["articles"]:
        articles.append(
            {
                "file": entry["file"],
                "title": entry["title"],
                "url": entry["url"],
                "published": entry["dateline"],
                "outlet": OUTLET,
                "licence": LICENCE,
            }
        )
    return {
        "about": "The dashboard's default data: real news articles only. The Wikinews articles are "
        "CC BY 2.5 (Wikinews contributors), taken via the AMALGUM corpus (gucorpling/amalgum, "
        "commit 49e8fadc) with link markup, captions and boxes removed; see README.md. "
        "Built by scripts/build_sample_articles.py.",
        "articles": articles,
    }


def readme(spec: dict) -> str:
    lines = [
        "# Sample articles (the dashboard's default data)",
        "",
        "Real, published news only. `make run` ingests this folder into an empty store through",
        "`manifest.json` (title, URL, publication date, outlet and licence of each article), so every",
        "record the dashboard shows cites its article. Built by `scripts/build_sample_articles.py`;",
        "do not edit by hand.",
        "",
        f"- `{SEED['file']}`: the project's original sample article, “{SEED['title']}” (29 March 2022),",
        "  as saved from the web with its page furniture; its outlet and URL were not recorded.",
        f"- {len(spec['articles']) - 1} articles from **Wikinews** (April 2005 to January 2018) about armed",
        "  conflict, war, insurgency, terrorism, coups, ceasefires and peace talks.",
        "",
        "## Credit and licence of the Wikinews articles",
        "",
        "Text by **Wikinews contributors**, licensed under",
        "[CC BY 2.5](https://creativecommons.org/licenses/by/2.5/). Taken via the AMALGUM corpus",
        "(Gessler et al. 2020, LREC; `gucorpling/amalgum`, commit",
        "`49e8fadc06485f75520544d8294713518ffc409b`), lightly converted: link markup, image captions,",
        "pull-quote and “Have your say” boxes and source lists removed, whitespace normalised; no",
        "change of meaning. The dashboard shows each article's credit and link in a record's detail.",
        "",
        "| file | headline | date | original |",
        "|---|---|---|---|",
    ]
    for entry in spec["articles"][1:]:
        title = entry["title"].replace("|", "\\|")
        lines.append(f"| `{entry['file']}` | {title} | {entry['published']} | <{entry['url']}> |")
    return "\n".join(lines) + "\n"


def build(wikinews: Path = WIKINEWS) -> dict[str, bytes]:
    """Every file of data/articles/ by name, as this script makes it."""
    spec = manifest(wikinews)
    files = {e["file"]: (wikinews / e["file"]).read_bytes() for e in spec["articles"][1:]}
    files[SEED["file"]] = (OUT / SEED["file"]).read_bytes()  # kept as committed
    files["manifest.json"] = (json.dumps(spec, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    files["README.md"] = readme(spec).encode("utf-8")
    return files


def main() -> int:
    wikinews = Path(sys.argv[1]) if len(sys.argv) > 1 else WIKINEWS
    files = build(wikinews)
    for stale in OUT.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"{OUT}: {len(files) - 2} articles, manifest.json, README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
