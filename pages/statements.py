"""Statements: who said what, grouped by speaker and country, and each side's claims."""

import streamlit as st

import ui

view = ui.current_view()
st.header("Statements", anchor=False)
if ui.selected_record_id():
    with st.expander("Selected record", expanded=True):
        ui.record_detail(view, ui.selected_record_id())
if not ui.empty_state(view):
    said = ui.statements(view.records)
    if said.empty:
        st.info("No statements among the filtered records.", icon=":material/voice_over_off:")
    else:
        st.subheader("By speaker", anchor=False)
        st.dataframe(ui.speaker_summary(said), hide_index=True, column_config=ui.SPEAKER_COLUMNS)
        st.subheader("What each side claims", anchor=False)
        countries = ui.side_options(said)
        sides = st.multiselect(
            "Sides (speaker's country)",
            countries,
            default=countries[:2],
            key=ui.SIDES_PARAM,
            bind="query-params",
            max_selections=4,
        )
        if sides:
            for column, country in zip(st.columns(len(sides)), sides, strict=True):
                with column:
                    ui.side_column(said, country)
