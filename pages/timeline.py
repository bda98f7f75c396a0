"""Timeline: records over time, one lane per actor, country or event type."""

import streamlit as st

from ui import detail, figures, state, tables

view = state.current_view()
st.header("Timeline", anchor=False)
if not detail.empty_state(view):
    lane_by = st.segmented_control(
        "Lanes by",
        state.LANE_OPTIONS,
        key=state.LANE_PARAM,
        bind="query-params",
        default=state.LANE_OPTIONS[0],
        required=True,
    )
    fig = figures.timeline_figure(view.records, lane_by or state.LANE_OPTIONS[0])
    event = st.plotly_chart(
        fig, key="timeline_chart", on_select="rerun", selection_mode="points", config=figures.PLOT_CONFIG
    )
    picked = state.take_new_selection("timeline_chart", tuple(state.chart_selection_ids(event)))
    bucket = None
    if picked:
        first = picked[0][0] if isinstance(picked[0], list | tuple) else picked[0]
        if str(first).startswith("bucket|"):
            bucket = first
        else:
            state.select_record(str(first))
    listed = figures.bucket_records(view.records, bucket, lane_by) if bucket else view.records
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader("Records", anchor=False)
        chosen = tables.records_table(listed, key="timeline_table")
        if chosen:
            state.select_record(chosen)
    with right:
        st.subheader("Detail", anchor=False)
        record_id = state.selected_record_id()
        if record_id:
            detail.record_detail(view, record_id)
        else:
            st.caption("Select a point on the timeline or a row in the table to read its source.")
