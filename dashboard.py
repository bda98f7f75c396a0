"""Conflict-news timeline dashboard: entry point.

Runs on every page: opens the store (ingesting the sample articles into an empty one),
builds the navigation and the shared sidebar (filters synced with the URL, the count
line, downloads, the copy-link control), then runs the chosen page from ``pages/``.

    streamlit run dashboard.py

``streamlit run`` reads this file twice over: it imports it once as a module to find
its web server (``app``: Streamlit's own, with the middleware of :mod:`ui.server`), and
runs it as the page script (``__main__``) for every visitor and rerun.
"""

import streamlit as st

from ui import access, data, legacy_pages, server, state

PAGES = [
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page(
        "pages/statements.py", title="Statements", icon=":material/record_voice_over:", url_path="statements"
    ),
    st.Page("pages/articles.py", title="Articles", icon=":material/article:", url_path="articles"),
]


def main() -> None:
    st.set_page_config(
        page_title="Conflict timeline", page_icon=str(data.ROOT / "static" / "favicon.png"), layout="wide"
    )

    legacy_pages.mark_entry_running()  # pages check that they run inside this file
    url = data.database_url()
    page = st.navigation(PAGES)
    with data.store_errors("open the store", stop=True):  # one plain line, no traceback
        data.ensure_seeded(data.get_store(url))
        view = state.sidebar_filters(url)
    link_box = st.sidebar.container()
    access.sign_in_box()  # hosted instances: read-only until an editor signs in
    state.show_notices(view.notices)
    page.run()
    state.copy_link(link_box, page.url_path)
    legacy_pages.clear_entry_mark()


if __name__ == "__main__":  # the page script
    main()
else:  # imported by `streamlit run` to find the server
    app = st.App(__file__, middleware=server.MIDDLEWARE)
