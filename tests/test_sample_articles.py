"""data/articles/, the default data: real articles only, each credited (issue 35)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.conftest import ROOT, SHARED

ARTICLES = ROOT / "data" / "articles"
SCRIPT = ROOT / "scripts" / "build_sample_articles.py"
MANIFEST = json.loads((ARTICLES / "manifest.json").read_text(encoding="utf-8"))


def _script():
    spec = importlib.util.spec_from_file_location("build_sample_articles", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_file_is_a_listed_article_and_every_listed_article_is_there():
    listed = [entry["file"] for entry in MANIFEST["articles"]]
    present = sorted(p.name for p in ARTICLES.iterdir() if p.name not in ("manifest.json", "README.md"))
    assert sorted(listed) == present and len(listed) == len(set(listed))


def test_each_wikinews_article_carries_its_credit_and_link():
    readme = (ARTICLES / "README.md").read_text(encoding="utf-8")
    wikinews = [e for e in MANIFEST["articles"] if e.get("outlet") == "Wikinews"]
    assert len(wikinews) == len(MANIFEST["articles"]) - 1 >= 70  # and the original sample
    for entry in wikinews:
        assert entry["url"].startswith("https://en.wikinews.org/wiki/"), entry
        assert "CC BY 2.5" in entry["licence"] and "Wikinews contributors" in entry["licence"]
        assert entry["url"] in readme and entry["title"] and entry["published"]
    assert "Wikinews contributors" in readme and "creativecommons.org/licenses/by/2.5" in readme


@pytest.mark.skipif(
    not (SHARED / "corpus" / "wikinews").exists(), reason="../shared/corpus/wikinews is absent"
)
def test_the_folder_is_what_the_script_makes():
    built = _script().build()
    for name, data in built.items():
        assert (ARTICLES / name).read_bytes() == data, (
            f"data/articles/{name} is stale: run .venv/bin/python scripts/build_sample_articles.py"
        )
    assert {p.name for p in ARTICLES.iterdir()} == set(built)
