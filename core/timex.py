"""Temporal tagger (placeholder until the tagger lands)."""
from __future__ import annotations

from datetime import date, datetime

from core.model import Article, Timex


def tag(text: str, anchor: datetime | date | None = None) -> list[Timex]:
    return []


def tag_article(article: Article) -> list[Timex]:
    return tag(article.text, article.published)
