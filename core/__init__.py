"""Parsing core: conflict-news articles in, dated event and statement records out.

No Streamlit here; the dashboard and the CLI both call these entry points.
"""

from core.errors import CoreError, InputError
from core.model import Article, Record, Timex

__all__ = ["Article", "CoreError", "InputError", "Record", "Timex"]
