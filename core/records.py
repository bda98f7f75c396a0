"""Events and statements (placeholder until the record extractor lands)."""
from __future__ import annotations

from core.model import Article, Mention, Record, Sentence, Timex


def extract_records(
    article: Article, sentences: list[Sentence], times: list[Timex], mentions: list[Mention]
) -> list[Record]:
    return []
