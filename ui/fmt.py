"""Plain-text formatting shared by the views: escaping untrusted text, dates as labels.

No Streamlit here: everything is a pure function, unit-testable on its own.
"""

from __future__ import annotations

import html
import math
import re
from datetime import date

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=^])")


def md_escape(text: str | None) -> str:
    """Escape every Markdown/HTML-significant character so untrusted text shows as typed.

    CommonMark allows a backslash before any ASCII punctuation; ``<`` and ``&`` escaped
    this way can never open an HTML tag or entity, and ``$``/``:`` cannot start LaTeX or
    Streamlit directives.
    """
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def clean_row(row: dict) -> dict:
    """A record row with pandas' missing markers (NaN, NaT, None) all turned into None."""

    def missing(value) -> bool:
        return value is None or (not isinstance(value, list | tuple | dict) and bool(pd.isna(value)))

    return {key: (None if missing(value) else value) for key, value in row.items()}


def fmt_day(value) -> str:
    if value is None or pd.isna(value):
        return "?"
    return pd.Timestamp(value).strftime("%-d %b %Y")


def when_label(row) -> str:
    start, end, precision = row.get("date_start"), row.get("date_end"), row.get("date_precision")
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
        value = html.escape(value[:300])
        return "<br>".join(value[i : i + width] for i in range(0, len(value), width)) or "—"

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
