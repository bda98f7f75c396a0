"""The parsing pipeline: one article in, its sentences, times, mentions and records out.

Like spaCy's ``Language.__call__``: each stage takes plain data and returns
plain data, and a failing stage is named in the error together with the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core import entities, ingest, records, sentences, syntax, timex
from core.errors import CoreError, StageError
from core.frame import DocumentFrame
from core.model import Article, Mention, Record, Sentence, Timex

# Bumped whenever parsing changes what it produces: the dashboard re-reads articles
# stored by an older version when it starts (`python -m core reparse --outdated` does
# it from the command line), keeping users' corrections.
PARSER_VERSION = "0.4.39"


@dataclass(frozen=True)
class Parsed:
    article: Article
    sentences: list[Sentence]
    times: list[Timex]
    mentions: list[Mention]
    records: list[Record]
    syntax: syntax.Syntax | None = None
    parser_version: str = PARSER_VERSION  # the version that produced it; the store records it
    frame: DocumentFrame | None = None  # what the article is about (core.frame), read once
    notes: tuple[str, ...] = ()  # what parsing noticed and the user should know (skipped text)


def _stage(name: str, article: Article, fn, *args):
    try:
        return fn(*args)
    except CoreError:
        raise
    except Exception as error:  # noqa: BLE001 - re-raised with the stage named
        raise StageError(name, article.source or article.id, error) from error


def parse(article: Article, judge="installed") -> Parsed:
    """``judge``: the event judge the records stage uses (records.extract_records);
    None reads events with the rules alone."""
    overlong: list[tuple[int, int]] = []
    sents = _stage("sentences", article, sentences.split_sentences, article, overlong)
    parses = _stage("syntax", article, syntax.parse_article, article, sents)
    times = _stage("timex", article, timex.tag_article, article)
    frame, mentions = _stage("entities", article, entities.read_entities, article, sents, parses)
    recs = _stage(
        "records",
        article,
        records.extract_records,
        article,
        sents,
        times,
        mentions,
        parses,
        frame,
        None,  # no clause log
        judge,
    )
    notes = (sentences.overlong_note(article, overlong),) if overlong else ()
    return Parsed(article, sents, times, mentions, recs, parses, PARSER_VERSION, frame, notes)


def parse_file(path: str | Path, published: datetime | None = None) -> Parsed:
    return parse(ingest.read_article(path, published=published))
