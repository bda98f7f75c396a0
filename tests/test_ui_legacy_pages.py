"""The legacy ``pages/`` workaround (ui.legacy_pages) against the installed Streamlit.

A tiny app of our own in a temporary folder (entry file + ``pages/``) shows the
behaviour the workaround relies on. If a Streamlit upgrade stops running a page
script alone, ``test_streamlit_still_runs_a_page_alone_in_apptest`` fails: then the
workaround can go (see the module's docstring).
"""

from __future__ import annotations

import textwrap

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ui import legacy_pages

ENTRY = """
import streamlit as st
from ui import legacy_pages

legacy_pages.mark_entry_running()
page = st.navigation([st.Page("pages/first.py", default=True), st.Page("pages/second.py")])
st.sidebar.markdown("entry sidebar")
page.run()
legacy_pages.clear_entry_mark()
"""

PAGE = """
import streamlit as st
from ui import legacy_pages

{guard}
st.markdown("through the entry file" if st.session_state.get(legacy_pages.ENTRY_MARK) else "alone")
"""


def make_app(folder, *, guarded: bool) -> str:
    (folder / "pages").mkdir()
    guard = "legacy_pages.require_entry_file()" if guarded else ""
    for name in ("first", "second"):
        (folder / "pages" / f"{name}.py").write_text(textwrap.dedent(PAGE.format(guard=guard)))
    entry = folder / "entry.py"
    entry.write_text(textwrap.dedent(ENTRY))
    return str(entry)


def run_second_page(entry: str) -> AppTest:
    at = AppTest.from_file(entry, default_timeout=30)
    at.run()
    at.switch_page("pages/second.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_flag_still_exists_and_detects_a_pages_folder(tmp_path):
    assert "uses_pages_directory" in vars(PagesManager), "Streamlit renamed the legacy-pages flag"
    entry = make_app(tmp_path, guarded=False)
    saved = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None
        PagesManager(entry, setup_watcher=False)
        assert PagesManager.uses_pages_directory is True
    finally:
        PagesManager.uses_pages_directory = saved


def test_streamlit_still_runs_a_page_alone_in_apptest(tmp_path):
    at = run_second_page(make_app(tmp_path, guarded=False))
    shown = [m.value for m in at.markdown]
    if "alone" not in shown:
        pytest.fail("Streamlit no longer runs a pages/ script alone: ui.legacy_pages may be removed")
    assert "entry sidebar" not in [m.value for m in at.sidebar.markdown]


def test_require_entry_file_reruns_the_page_through_the_entry_file(tmp_path):
    at = run_second_page(make_app(tmp_path, guarded=True))
    assert [m.value for m in at.main.markdown] == ["through the entry file"]
    assert "entry sidebar" in [m.value for m in at.sidebar.markdown]


def test_apptest_without_legacy_pages_runs_the_entry_file_at_once(tmp_path):
    entry = make_app(tmp_path, guarded=False)
    with legacy_pages.apptest_without_legacy_pages():
        at = run_second_page(entry)
    assert [m.value for m in at.main.markdown] == ["through the entry file"]
    original = PagesManager.__init__
    assert original.__name__ == "__init__"  # the patch is undone on leaving the block
