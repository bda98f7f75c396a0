"""Conflict-news timeline dashboard: entry point (placeholder until the views land)."""

from pathlib import Path

import streamlit as st

ARTICLES = Path(__file__).parent / "data" / "articles"

st.set_page_config(page_title="Conflict timeline", layout="wide")
st.title("Conflict-news timeline")
st.write("Sample articles:")
for path in sorted(ARTICLES.glob("*")):
    st.write(f"- {path.name}")
