"""Safe spreadsheet exports: ``frame_to_csv`` is the one CSV writer of the project.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets ("CSV injection"); article
text is untrusted, so every CSV the project writes passes its cells through
``csv_safe``, which follows OWASP's rule: such a cell is prefixed with a single quote,
which spreadsheets show as text and never evaluate.  Then every cell holding a carriage
return, a line feed, a quote or the separator is quoted (RFC 4180), so that no cell can
end its row and start the next one with a formula of its own.
"""

from __future__ import annotations

import csv
from typing import Any

import pandas as pd

# The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a neutralised cell starts with instead.
NEUTRALISER = "'"
# RFC 4180's line end.  Python's csv writer quotes every field holding a character of
# its line terminator, the quote or the separator: with CRLF, a lone CR or LF inside a
# cell is quoted too (with pandas' default "\n" a cell's CR went out bare, and a
# spreadsheet started a new row there, with whatever formula followed it).
LINE_END = "\r\n"


def csv_safe(value: Any) -> Any:
    """The value as a CSV cell that no spreadsheet evaluates: text starting with a
    formula character gets a leading single quote; anything else is returned as is
    (numbers stay numbers: a negative number is no formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell passed through ``csv_safe``."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(csv_safe)
    return out


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV bytes, header first, no index: cells neutralised
    (``csv_safe``), then quoted wherever they hold CR, LF, a quote or a comma."""
    return (
        csv_safe_frame(frame)
        .to_csv(index=False, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
        .encode("utf-8")
    )
