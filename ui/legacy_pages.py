"""The one workaround for Streamlit's legacy ``pages/`` folder mode (Streamlit 1.67).

The app keeps the design card's ``pages/`` folder next to ``dashboard.py`` and builds its
navigation with ``st.navigation``. Streamlit still treats a ``pages/`` folder as the
old multipage mode until the first ``st.navigation`` call switches it off for good
(``PagesManager.uses_pages_directory``): on the very first run of a server process, and
in every ``AppTest`` run (AppTest resets the flag before each run), a page script then
runs alone, without the entry file, so no sidebar or view exists.

Two halves, both here: pages call :func:`require_entry_file`, which switches the legacy
mode off and reruns the same page through the entry file (so a cold deep link such as
``/map?country=UKR`` works); tests and benchmarks wrap AppTest in
:func:`apptest_without_legacy_pages` (or call :func:`keep_legacy_pages_off_in_apptest`),
which keeps the flag off as the running server does. ``tests/test_ui_legacy_pages.py``
fails when a Streamlit upgrade changes the behaviour this relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

# Session-state key the entry file sets while it runs a page.
ENTRY_MARK = "_entry_running"


def mark_entry_running() -> None:
    """Called by the entry file before it runs the chosen page."""
    st.session_state[ENTRY_MARK] = True


def clear_entry_mark() -> None:
    """Called by the entry file after the page has run."""
    del st.session_state[ENTRY_MARK]


def require_entry_file() -> None:
    """Rerun through the entry file when this page script runs alone (legacy mode)."""
    if not st.session_state.get(ENTRY_MARK):
        PagesManager.uses_pages_directory = False
        st.rerun()


def keep_legacy_pages_off_in_apptest() -> Callable[[], None]:
    """From now on every PagesManager (one per AppTest run) starts with the legacy mode
    off, as in the server after its first run. Returns the function that undoes it."""
    original_init = PagesManager.__init__

    def init_without_legacy_pages(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init_without_legacy_pages

    def undo() -> None:
        PagesManager.__init__ = original_init

    return undo


@contextmanager
def apptest_without_legacy_pages() -> Iterator[None]:
    """:func:`keep_legacy_pages_off_in_apptest` within this block."""
    undo = keep_legacy_pages_off_in_apptest()
    try:
        yield
    finally:
        undo()
