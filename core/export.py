"""Safe spreadsheet exports.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets ("CSV injection"); article
text is untrusted, so every CSV the project writes passes its cells through
``csv_safe``, which follows OWASP's rule: such a cell is prefixed with a single quote,
which spreadsheets show as text and never evaluate.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a neutralised cell starts with instead.
NEUTRALISER = "'"


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
