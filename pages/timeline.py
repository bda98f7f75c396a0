"""Timeline: an overview strip of records per day above one lane per actor, country or
event type; the selected record's detail beside the chart."""

import streamlit as st

from ui import data, detail, figures, state, tables

view = state.current_view()
detail.introduction(view, len(data.load_articles(view.url, view.version)))
if not detail.empty_state(view):
    lane_by = st.segmented_control(
        "Lanes by",
        state.LANE_OPTIONS,
        key=state.LANE_PARAM,
        bind="query-params",
        default=state.LANE_OPTIONS[0],
        required=True,
    )
    lane_by = lane_by or state.LANE_OPTIONS[0]
    chart_col, detail_col = st.columns([5, 2], gap="medium")
    with chart_col:
        period = (view.filters.date_from, view.filters.date_to)
        window = figures.date_window(view.records, period)
        if window is not None and window.has_outliers:
            st.caption(detail.window_caption(window, by_filter=any(period)))
        fig = figures.timeline_figure(view.records, lane_by, period)
        event = st.plotly_chart(
            fig, key="timeline_chart", on_select="rerun", selection_mode="points", config=figures.PLOT_CONFIG
        )
    token, group, is_new = state.chart_group(event, view.records, lane_by)
    if is_new and token and group is None:  # a single record: its detail
        state.select_record(token)
    with detail_col:
        record_id = state.selected_record_id()
        if record_id:
            detail.record_detail(view, record_id)
        else:
            st.caption("Select a point on the timeline or a row in the table to read its source here.")
    st.subheader(
        "Records" if group is None else f"Records selected on the chart ({len(group):,})", anchor=False
    )
    listed = view.records if group is None else group
    # One table key per list: a row picked in one list is never applied to another.
    chosen = tables.records_table(
        listed[listed["date_start"].notna()],
        key="timeline_table" if group is None else f"timeline_table|{token}",
        selected=state.selected_record_id(),
    )
    chosen = detail.undated_group(listed, key="undated_table") or chosen
    chosen = detail.reported_group(listed, key="reported_table") or chosen
    if chosen:
        state.select_record(chosen)
        st.rerun()  # the detail beside the chart shows the new record
