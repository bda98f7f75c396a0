"""Statements: who said what, grouped by speaker and country, and each side's claims."""

import streamlit as st

from ui import detail, state, tables

view = state.current_view()
st.header("Statements", anchor=False)
if state.selected_record_id():
    with st.expander("Selected record", expanded=True):
        detail.record_detail(view, state.selected_record_id())
if not detail.empty_state(view):
    said = tables.statements(view.records)
    if said.empty:
        st.info("No statements among the filtered records.", icon=":material/voice_over_off:")
    else:
        st.subheader("By speaker", anchor=False)
        st.dataframe(tables.speaker_summary(said), hide_index=True, column_config=tables.SPEAKER_COLUMNS)
        st.subheader("What each side claims", anchor=False)
        countries = tables.side_options(said)
        sides = state.country_multiselect(
            "Sides (speaker's country)",
            countries,
            key=state.SIDES_PARAM,
            default=countries[:2],
            max_selections=4,
        )
        if sides:
            for column, country in zip(st.columns(len(sides)), sides, strict=True):
                with column:
                    tables.side_column(said, country)
