"""Plain-text formatting shared by the views: escaping untrusted text, dates as labels.

No Streamlit here: everything is a pure function, unit-testable on its own.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlparse

import pandas as pd

from core.model import INVISIBLE_CONTROLS

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=^])")
# GitHub-flavoured Markdown (Streamlit's renderer) turns bare "http://", "https://",
# "www." and e-mail addresses in plain text into live links, after escapes are read, so
# escaping alone cannot stop it.  A zero-width joiner inside the marker ("https:" ZWJ
# "//", "www" ZWJ ".", "@" ZWJ) leaves the text looking the same and matches no pattern.
ZERO_WIDTH_JOINER = "\u200d"
_AUTOLINK_MARKERS = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=[-\w])")


def visible(text: str | None) -> str:
    """``text`` without invisible controls (``core.model.INVISIBLE_CONTROLS``), for labels
    and option lists (text stored before ingest dropped them keeps them)."""
    if not text:
        return ""
    return INVISIBLE_CONTROLS.sub("", str(text))


def md_escape(text: str | None) -> str:
    """The one rendering rule for untrusted (article-derived) text in Markdown: drop the
    invisible controls (:func:`visible`), defuse the bare links GitHub-flavoured Markdown
    would make live (:data:`ZERO_WIDTH_JOINER`), and escape every Markdown/HTML-significant
    character so the text shows as typed.

    CommonMark allows a backslash before any ASCII punctuation; ``<`` and ``&`` escaped
    this way can never open an HTML tag or entity, and ``$``/``:`` cannot start LaTeX or
    Streamlit directives.
    """
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK_MARKERS.sub(ZERO_WIDTH_JOINER, visible(text)))


def clean_row(row: dict) -> dict:
    """A record row with pandas' missing markers (NaN, NaT, None) all turned into None."""

    def missing(value) -> bool:
        return value is None or (not isinstance(value, list | tuple | dict) and bool(pd.isna(value)))

    return {key: (None if missing(value) else value) for key, value in row.items()}


# Days are written one way on every page: "29 Mar 2022" (strftime), and the same for
# Streamlit's date columns (moment.js tokens).
DAY_FORMAT = "%-d %b %Y"
DAY_FORMAT_JS = "D MMM YYYY"
DATETIME_FORMAT_JS = "D MMM YYYY, HH:mm"


def fmt_day(value) -> str:
    if value is None or pd.isna(value):
        return "?"
    return pd.Timestamp(value).strftime(DAY_FORMAT)


def when_label(row) -> str:
    start, end, precision = row.get("date_start"), row.get("date_end"), row.get("date_precision")
    if row.get("date_basis") == "reported":
        # no date of its own: the day it was reported, never a deed of that day
        return f"reported on {fmt_day(row.get('reported_on'))}"
    if precision == "article":
        return f"{fmt_day(start)} (article date)"
    if start is None or pd.isna(start):
        return "undated"
    if end is not None and not pd.isna(end) and pd.Timestamp(end) != pd.Timestamp(start):
        return f"{fmt_day(start)} – {fmt_day(end)} ({precision})"
    return fmt_day(start)


def hover_escape(series: pd.Series, width: int = 90) -> pd.Series:
    """Plotly hover labels understand a few HTML tags: escape, and wrap long lines."""

    def one(value) -> str:
        value = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        lines = textwrap.wrap(value[:300], width, break_long_words=True, break_on_hyphens=False)
        return "<br>".join(html.escape(line) for line in lines) or "—"

    return series.map(one)


def as_list(value) -> list:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def to_day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None


# A stored source that is a file name ("000_cde299979b26ee9c.txt", "upload-3.html") or a
# bare hash names no outlet: never shown as one.
# A row of an imported collection is stored as "feed.csv:7".
_FILE_NAME = re.compile(
    r"\.(txt|md|markdown|html?|json|jsonl|ndjson|csv)(:\d+)?$|^[0-9a-f]{12,}$|^\d{8}T\d{6}Z_", re.IGNORECASE
)
# What the paste form stores when the user gives no source.
PASTED_SOURCE = "pasted text"


def outlet_of(outlet: str | None, source: str | None, url: str | None = None) -> str | None:
    """The outlet to show: the article's outlet, else its source when that is an outlet
    or a URL (shown as its host), else its URL's host; never a file name."""
    if isinstance(outlet, str) and outlet.strip():
        return outlet.strip()
    if (not isinstance(source, str) or not source.strip()) and safe_url(url):
        source = url
    if not isinstance(source, str) or not source.strip():
        return None
    source = source.strip()
    if source.startswith(("http://", "https://")):
        host = urlparse(source).hostname or ""
        return host.removeprefix("www.") or None
    if source == PASTED_SOURCE or _FILE_NAME.search(Path(source).name):
        return None
    return source


def source_label(
    outlet: str | None, source: str | None, title: str | None, published, url: str | None = None
) -> str:
    """ "Outlet · Headline · 29 Mar 2022" from what is known, never a file name."""
    day = None if published is None or pd.isna(published) else fmt_day(published)
    headline = title.strip() if isinstance(title, str) and title.strip() else None
    bits = [outlet_of(outlet, source, url), headline, day]
    return " · ".join(b for b in bits if b) or "unknown source"


# Characters a URL keeps as they are when it is written into a Markdown link; the rest
# (spaces, brackets, parentheses, quotes, backslashes) are percent-encoded, so an
# article's URL can neither end the link early nor open another.
_URL_SAFE = ":/?#@!$&*+,;=%-._~"


def safe_url(url) -> str | None:
    """An article's URL when it is an http(s) address (others, ``javascript:`` among
    them, are never shown as links), percent-encoded for Markdown; else None."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = visible(url).strip()
    parts = urlparse(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def citation(label: str, url) -> str:
    """The citation as plain text: outlet · headline · date · link."""
    link = safe_url(url)
    return f"{label} · {link}" if link else label


def md_citation(label: str, url) -> str:
    """The citation in Markdown: the label (escaped) linked to the article's URL."""
    link = safe_url(url)
    return f"[{md_escape(label)}]({link})" if link else md_escape(label)


def with_source_label(frame: pd.DataFrame) -> pd.DataFrame:
    """The records with a ``source_label`` column ("Outlet · Headline · 29 Mar 2022") and
    a ``citation`` column (the label and the article's link), computed once per article.

    Reads ``article_outlet`` and ``article_url`` when the store provides them, else works
    from the title and source alone.
    """
    if "source_label" in frame.columns and "citation" in frame.columns:
        return frame
    if frame.empty:
        return frame.assign(source_label=pd.Series(dtype=str), citation=pd.Series(dtype=str))
    article_cols = ["article_outlet", "article_source", "article_title", "article_published", "article_url"]
    key = "article_id" if "article_id" in frame.columns else "article_source"
    present = [c for c in dict.fromkeys([key, *article_cols]) if c in frame.columns]
    articles = frame[present].drop_duplicates(key)
    labels, citations = {}, {}
    for row in articles.to_dict("records"):
        label = source_label(
            row.get("article_outlet"),
            row.get("article_source"),
            row.get("article_title"),
            row.get("article_published"),
            row.get("article_url"),
        )
        labels[row[key]] = label
        citations[row[key]] = citation(label, row.get("article_url"))
    return frame.assign(source_label=frame[key].map(labels), citation=frame[key].map(citations))


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 record", "2 records", "1,234 records"."""
    return f"{n:,} {noun if n == 1 else (plural_form or noun + 's')}"
