"""Timeline: records over time, one lane per actor, country or event type."""

import streamlit as st

import ui

view = ui.current_view()
st.header("Timeline", anchor=False)
if not ui.empty_state(view):
    lane_by = st.segmented_control(
        "Lanes by",
        ui.LANE_OPTIONS,
        key=ui.LANE_PARAM,
        bind="query-params",
        default=ui.LANE_OPTIONS[0],
        required=True,
    )
    fig = ui.timeline_figure(view.records, lane_by or ui.LANE_OPTIONS[0])
    event = st.plotly_chart(
        fig, key="timeline_chart", on_select="rerun", selection_mode="points", config=ui.PLOT_CONFIG
    )
    picked = ui.take_new_selection("timeline_chart", tuple(ui.chart_selection_ids(event)))
    bucket = None
    if picked:
        first = picked[0][0] if isinstance(picked[0], list | tuple) else picked[0]
        if str(first).startswith("bucket|"):
            bucket = first
        else:
            ui.select_record(str(first))
    listed = ui.bucket_records(view.records, bucket, lane_by) if bucket else view.records
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader("Records", anchor=False)
        chosen = ui.records_table(listed, key="timeline_table")
        if chosen:
            ui.select_record(chosen)
    with right:
        st.subheader("Detail", anchor=False)
        record_id = ui.selected_record_id()
        if record_id:
            ui.record_detail(view, record_id)
        else:
            st.caption("Select a point on the timeline or a row in the table to read its source.")
