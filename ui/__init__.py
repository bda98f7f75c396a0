"""Shared UI code for the Streamlit dashboard (``dashboard.py`` and ``pages/``).

Pages only arrange widgets; what they show is built here:

- :mod:`ui.state` -- URL query parameters, the sidebar filters, the selected record, the link
- :mod:`ui.data` -- store access and cached loaders, adding articles
- :mod:`ui.figures` -- timeline and map figures, plain Plotly (no Streamlit)
- :mod:`ui.tables` -- tables of records, places, speakers, articles
- :mod:`ui.detail` -- one record's detail
- :mod:`ui.corrections` -- correcting records and adding them by hand
- :mod:`ui.fmt` -- escaping untrusted text, date labels (no Streamlit)
- :mod:`ui.legacy_pages` -- the one workaround for Streamlit's legacy ``pages/`` mode

Article text is untrusted (it comes from the web or from a user's paste): it is only
ever shown through ``st.text``/``st.dataframe``/``st.code`` or through ``st.markdown``
after :func:`ui.fmt.md_escape`, never with ``unsafe_allow_html``.
"""
