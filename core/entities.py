"""Actors and places (placeholder until the entity resolver lands)."""
from __future__ import annotations

from core.model import Article, Mention, Sentence


def find_mentions(article: Article, sentences: list[Sentence]) -> list[Mention]:
    return []
