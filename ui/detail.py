"""One record's detail, and the notice shown when there is nothing to show.

Article text is untrusted: it is only shown through ``st.markdown`` after
:func:`ui.fmt.md_escape`, never with ``unsafe_allow_html``.
"""

from __future__ import annotations

import streamlit as st

from core import taxonomy
from ui import access, browser, countries, data, fmt, state

# The detail's container (its CSS class is st-key-record_detail).
DETAIL_KEY = "record_detail"

# Shown under a record the learned event judge was unsure of (core/event_judge.py).
UNSURE_NOTE = (
    "The event judge was unsure that this is an event of this kind: the rules' reading is "
    "shown, with a low confidence."
)


def paragraph_around(article, char_start: int, char_end: int) -> tuple[str, str, str]:
    """(before, sentence, after) inside the paragraph(s) holding the sentence."""
    text = article.text
    blocks = [b for b in (article.blocks or ()) if b.end > char_start and b.start < char_end]
    if blocks:
        start, end = min(b.start for b in blocks), max(b.end for b in blocks)
    else:  # no block structure: a window of context
        start = max(0, text.rfind("\n\n", 0, char_start) + 1)
        nxt = text.find("\n\n", char_end)
        end = len(text) if nxt < 0 else nxt
    start, end = min(start, char_start), max(end, char_end)
    return text[start:char_start], text[char_start:char_end], text[char_end:end]


def _people(items, *, keys=("name", "country", "role")) -> str:
    out = []
    for item in items or ():
        if not isinstance(item, dict):
            continue
        extra = ", ".join(
            countries.country_label(item[k]) if k == "country" else str(item[k])
            for k in keys[1:]
            if item.get(k)
        )
        out.append(fmt.md_escape(item.get("name", "?")) + (f" ({fmt.md_escape(extra)})" if extra else ""))
    return "; ".join(out) or "—"


def record_detail(view: state.View, record_id: str) -> None:
    """Render one record: its sentence highlighted in its paragraph, and its fields."""
    rows = view.all_records[view.all_records["id"] == record_id]
    if rows.empty:
        st.info("That record is not in the data any more (deleted or hidden).")
        return
    row = fmt.clean_row(rows.iloc[0].to_dict())
    article = data.load_article(view.url, view.version, row["article_id"])
    scroll = state.take_scroll_request()
    with st.container(border=True, key=DETAIL_KEY):
        kind = row.get("kind") or "record"
        st.markdown(
            f":{'red' if kind == 'event' else 'blue'}-badge[{fmt.md_escape(kind)}] "
            + (
                f":gray-badge[{fmt.md_escape(taxonomy.label(row.get('event_type')))}] "
                if row.get("event_type") != kind
                else ""
            )
            + (
                f":gray-badge[ACLED: {fmt.md_escape(taxonomy.acled_event_type(row.get('event_type')))}] "
                if taxonomy.acled_event_type(row.get("event_type"))
                else ""
            )
            + f"{':orange-badge[corrected]' if row.get('corrected') else ''}"
        )
        st.markdown(f"#### {fmt.md_escape(row.get('summary')) or '(no summary)'}")
        if row.get("judgement") == "unsure":
            st.caption(UNSURE_NOTE)
        st.markdown(
            f"**When:** {fmt.md_escape(fmt.when_label(row))}"
            + (f" — “{fmt.md_escape(row.get('date_text'))}”" if row.get("date_text") else "")
        )
        start, end = int(row.get("char_start") or 0), int(row.get("char_end") or 0)
        # Offsets are trusted only where they give back the record's sentence: a record
        # added by hand may carry a sentence that is not located in the article.
        located = (
            article is not None
            and end > start
            and (not row.get("sentence") or article.text[start:end] == row["sentence"])
        )
        if located:
            before, sentence, after = paragraph_around(article, start, end)
            st.markdown(
                f"{fmt.md_escape(before)}:orange-background[{fmt.md_escape(sentence)}]{fmt.md_escape(after)}",
                help="The source sentence, highlighted in its paragraph.",
            )
        elif row.get("sentence"):  # added by hand: no offsets into the article
            st.markdown(
                f":orange-background[{fmt.md_escape(row['sentence'])}]",
                help="Added by hand; this sentence is not located in the article text.",
            )
        st.markdown(f"**Actors:** {_people(row.get('actors'))}")
        st.markdown(f"**Locations:** {_people(row.get('locations'), keys=('name', 'country'))}")
        speaker = row.get("speaker")
        if isinstance(speaker, dict) and speaker.get("name"):
            st.markdown(f"**Speaker:** {_people([speaker], keys=('name', 'country'))}")
        if row.get("quote"):
            st.markdown(f"> {fmt.md_escape(row['quote'])}")
        outlet = row.get("article_outlet") or (getattr(article, "outlet", None) if article else None)
        title = row.get("article_title") or (article.title if article else None)
        url = row.get("article_url") or (getattr(article, "url", None) if article else None)
        label = fmt.source_label(outlet, row.get("article_source"), title, row.get("article_published"), url)
        source_bits = [fmt.md_citation(label, url)]  # outlet · headline · date, linked
        licence = row.get("article_licence") or (getattr(article, "licence", None) if article else None)
        if licence:  # the credit the text's licence asks for
            source_bits.append("text under " + fmt.md_escape(licence))
        if row.get("reported_by"):
            source_bits.append("reported by " + fmt.md_escape(row["reported_by"]))
        st.caption(
            "Source: "
            + " · ".join(b for b in source_bits if b)
            + f" · confidence {float(row.get('confidence') or 0):.2f} · id `{fmt.md_escape(record_id)}`"
        )
        st.page_link(
            "pages/articles.py",
            label="Correct or hide this record" if access.editor() else "Show this record's article",
            icon=":material/edit:",
            query_params={state.RECORD_PARAM: record_id},
        )
    if scroll:  # just selected: bring it into view (it may be a screen away from the click)
        browser.scroll_to(DETAIL_KEY, f"{record_id}-{scroll}")


def empty_state(view: state.View) -> bool:
    """Friendly notice when there is nothing to show; True if the caller should stop."""
    if view.all_records.empty:
        st.info(
            "No records yet. Add articles on the **Articles** page (paste text or upload "
            "`.txt`/`.html` files); their events and statements appear here.",
            icon=":material/inbox:",
        )
        return True
    if view.records.empty:
        st.info(
            "No records match these filters. Clear some filters in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        return True
    return False


def introduction(view: state.View, n_articles: int) -> None:
    """Two lines above the chart: what the app is and holds, how to add and share."""
    dated = view.all_records["date_start"].dropna()
    period = f", {fmt.fmt_day(dated.min())} – {fmt.fmt_day(dated.max())}" if len(dated) else ""
    st.markdown(
        "**Conflict-news timeline**: events and statements read from news articles, each with "
        f"its source sentence. Loaded: {fmt.plural(n_articles, 'article')}, "
        f"{fmt.plural(len(view.all_records), 'record')}{period}."
    )
    st.caption(
        "Add articles on the **Articles** page · filter in the sidebar · share this exact view "
        "with the **Copy link** box there."
    )


# Records listed by name in the caption about the records outside the opening window.
OUTSIDE_LISTED = 3


def window_caption(window, *, by_filter: bool) -> str:
    """What the timeline opens on and which dated records lie outside it, the first few
    named (``window``: ui.figures.DateWindow)."""
    outside = window.outside
    listed = "; ".join(
        f"{fmt.md_escape(fmt.when_label(row))} “{fmt.md_escape(str(row['summary'])[:70])}”"
        for row in outside.head(OUTSIDE_LISTED).to_dict("records")
    )
    more = f" and {len(outside) - OUTSIDE_LISTED:,} more" if len(outside) > OUTSIDE_LISTED else ""
    why = "the filter's dates" if by_filter else "where most records are"
    return (
        f"Opens on {fmt.fmt_day(window.start)} – {fmt.fmt_day(window.end)}, {why}; "
        f"{fmt.plural(len(outside), 'record')} outside it (**all** shows every date): {listed}{more}."
    )


def is_reported(records):
    """Records that have no date of their own, only the day they were reported
    (date_basis "reported"): never drawn as a deed of that day."""
    basis = records["date_basis"] if "date_basis" in records else None
    return records["date_start"].isna() & (basis.eq("reported") if basis is not None else False)


def reported_group(records, *, key: str) -> str | None:
    """The records known only to have been reported by a day, in a group of their own."""
    from ui import tables

    reported = records[is_reported(records)]
    if reported.empty:
        return None
    with st.expander(f"Reported, not dated: {fmt.plural(len(reported), 'record')}", expanded=True):
        st.caption(
            "Nothing in their text dates them: each is listed by the day its article reported it "
            "(“reported on”), which is not the day it happened."
        )
        return tables.records_table(reported, key=key, reported=True)


def undated_group(records, *, key: str) -> str | None:
    """The records without any date, in a visible group of their own."""
    from ui import tables

    undated = records[records["date_start"].isna() & ~is_reported(records)]
    if undated.empty:
        return None
    reported = undated["date_basis"].eq("reported")  # no date of its own (Record.date_basis)
    if reported.all():
        title = f"Reported only: {fmt.plural(len(undated), 'record')} with no date of its own"
    else:
        title = f"Undated: {fmt.plural(len(undated), 'record')} with no date"
    with st.expander(title, expanded=True):
        if reported.any():
            st.caption(
                "Nothing in the text dates what these records tell: each is listed by the day its "
                "article reported it, never as a deed of that day. Correct a record's dates on the "
                "Articles page."
            )
        if not reported.all():
            st.caption(
                "Their article has no publication date and the sentence names none: set the article's "
                "date when adding it, or correct a record's dates on the Articles page."
            )
        return tables.records_table(undated, key=key)
