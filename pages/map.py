"""Map: records at their locations, sized by count, coloured by country or kind (offline)."""

import streamlit as st

from ui import browser, detail, figures, fmt, state, tables

view = state.current_view()
st.header("Map", anchor=False)
if not detail.empty_state(view):
    color_by = st.segmented_control(
        "Colour by",
        state.COLOR_OPTIONS,
        key=state.COLOR_PARAM,
        bind="query-params",
        default=state.COLOR_OPTIONS[0],
        required=True,
    )
    counts = figures.location_counts(view.records, color_by or state.COLOR_OPTIONS[0])
    if counts.empty:
        st.info("None of these records names a place with known coordinates.", icon=":material/location_off:")
    else:
        table = figures.places_table(counts)
        placed = int(counts["count"].sum())
        st.caption(
            f"{fmt.plural(len(table), 'place')} · {fmt.plural(placed, 'record-place pair')}. "
            "Select a place to list its records."
        )
        event = st.plotly_chart(
            figures.map_figure(counts, color_by or state.COLOR_OPTIONS[0]),
            key="map_chart",
            on_select="rerun",
            selection_mode="points",
            config=figures.PLOT_CONFIG,
        )
        browser.declutter_map_labels()
        chart_places = [p[0] for p in state.chart_selection_ids(event) if isinstance(p, list | tuple)]
        places = state.selected_places(chart_places, known=table["name"])
        if not places:
            st.subheader("Places", anchor=False)
            st.dataframe(table, hide_index=True, column_config=tables.place_columns(table), width=640)
        if places:
            here = view.records[
                view.records["location_names"].map(lambda names: bool(set(names or ()) & set(places)))
            ]
            st.subheader(f"Records at {', '.join(map(fmt.md_escape, places))}", anchor=False)
            st.button("All places", icon=":material/close:", on_click=state.set_places, args=((),))
            chosen = tables.records_table(here, key="map_table")
            if chosen:
                state.select_record(chosen)
        record_id = state.selected_record_id()
        if record_id:
            detail.record_detail(view, record_id)
