"""Timeline: an overview strip of records per day above one lane per actor, country or
event type; the selected record's detail beside the chart."""

import streamlit as st

from ui import data, detail, figures, fmt, state, tables

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
        window = figures.date_window(view.records)
        if window is not None and window.has_outliers:
            outside = window.outside
            listed = "; ".join(
                f"{fmt.md_escape(fmt.when_label(row))} “{fmt.md_escape(str(row['summary'])[:70])}”"
                for row in outside.head(3).to_dict("records")
            )
            more = f" and {len(outside) - 3:,} more" if len(outside) > 3 else ""
            st.caption(
                f"Opens on {fmt.fmt_day(window.start)} – {fmt.fmt_day(window.end)}, where most records are; "
                f"{fmt.plural(len(outside), 'record')} outside it (**all** shows every date): {listed}{more}."
            )
        fig = figures.timeline_figure(view.records, lane_by)
        event = st.plotly_chart(
            fig, key="timeline_chart", on_select="rerun", selection_mode="points", config=figures.PLOT_CONFIG
        )
    picked = state.take_new_selection("timeline_chart", tuple(state.chart_selection_ids(event)))
    group = None
    if picked:
        first = picked[0][0] if isinstance(picked[0], list | tuple) else picked[0]
        group = figures.selection_records(view.records, str(first), lane_by)
        if group is None:
            state.select_record(str(first))
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
    chosen = tables.records_table(
        listed[listed["date_start"].notna()], key="timeline_table", selected=state.selected_record_id()
    )
    chosen = detail.undated_group(listed, key="undated_table") or chosen
    if chosen:
        state.select_record(chosen)
        st.rerun()  # the detail beside the chart shows the new record
