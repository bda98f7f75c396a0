"""Articles: add (paste or upload), browse with their records, re-parse, delete, correct."""

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.errors import CoreError, InputError
from core.worker import ParseTimeout
from ui import access, corrections, data, fmt, state, tables

view = state.current_view()
store = data.get_store(view.url)
# The signed-in editor ("who" of every correction), or None for a read-only visitor of a
# hosted instance: then no control below that changes the store is ever created.
editor = access.editor()
st.header("Articles", anchor=False)

for kind, message in st.session_state.pop("_articles_flash", []):
    getattr(st, kind)(message)


def flash(kind: str, message: str) -> None:
    """Show a message after the rerun that makes a change visible."""
    st.session_state.setdefault("_articles_flash", []).append((kind, message))


def show_upload_report(report, failed, undated) -> None:
    for name, reason in failed:
        flash("error", f"{fmt.md_escape(name)} was not added: {fmt.md_escape(reason)}")
    if undated:
        names = ", ".join(map(fmt.md_escape, undated))
        flash(
            "warning",
            f"Not added, no publication date found in {names}: enter the "
            "publication date above and upload them again (relative dates such as "
            "“on Tuesday” need it).",
        )
    for note in report.notes:
        flash("warning", fmt.md_escape(note))
    if report.added or report.unchanged:
        flash(
            "success",
            f"Added {fmt.plural(report.added, 'article')}; {report.unchanged} already stored.",
        )


def add_articles() -> None:
    upload_col, paste_col = st.columns(2, gap="large")
    with upload_col, st.form("upload_form", clear_on_submit=True):
        st.markdown(
            "**Upload** `.txt`, `.md` or `.html` articles, or collections with their metadata: "
            "`.csv` or `.jsonl` (one article a row), or a folder's `manifest.json` with its files"
        )
        files = st.file_uploader("Files", type=list(tables.UPLOAD_TYPES), accept_multiple_files=True)
        up_date = st.date_input(
            "Publication date (for text without a dateline)", value=None, key="upload_date"
        )
        with st.expander("Field names of a CSV, JSON Lines file or manifest"):
            fields = tables.field_inputs()
        if st.form_submit_button("Add uploaded files", type="primary"):
            if not files:
                st.error("Choose at least one file to upload.")
            else:
                with data.store_errors("add the files"):
                    bar = st.progress(0.0, text="Reading…")
                    report, failed, undated = data.ingest_uploads(
                        store,
                        files,
                        up_date,
                        fields,
                        on_progress=lambda done, total: bar.progress(done / total, text=f"{done} of {total}"),
                    )
                    show_upload_report(report, failed, undated)
                    st.rerun()  # shows the messages and the new articles
    with paste_col, st.form("paste_form"):
        st.markdown("**Paste** an article")
        text = st.text_area(
            "Article text",
            height=180,
            key="paste_text",
            placeholder="Headline\n\nMarch 29, 2022\n\nBody text…",
        )
        source = st.text_input("Source (outlet or URL)", key="paste_source")
        paste_date = st.date_input(
            "Publication date (if the text has no dateline)", value=None, key="paste_date"
        )
        is_html = st.checkbox("This is HTML", key="paste_html")
        if st.form_submit_button("Add article", type="primary"):
            if not text.strip():
                st.error("The text is empty: paste an article first.")
            elif paste_date is None and data.pasted_is_undated(text, source, is_html):
                st.warning(
                    "This article has no publication date (no dateline or page date was found). "
                    "Enter its **Publication date** above and add it again: relative dates such as "
                    "“on Tuesday” are resolved from it.",
                    icon=":material/event:",
                )
            else:
                try:
                    article_id, added, notes = data.ingest_pasted(store, text, source, paste_date, is_html)
                except (InputError, ParseTimeout) as error:
                    st.error(f"Could not read this text as an article: {fmt.md_escape(str(error))}")
                except data.STORE_FAILURES as error:
                    st.error(f"Could not add the article: {fmt.md_escape(data.failure_line(error))}")
                else:
                    flash(
                        "success" if added else "info",
                        f"Article {article_id} added."
                        if added
                        else f"Article {article_id} was already stored.",
                    )
                    for note in notes:  # text that could not be read (a sentence with no end)
                        flash("warning", fmt.md_escape(note))
                    st.rerun()


def browse(articles) -> None:
    corrections.preselect_linked_record(view)
    st.dataframe(tables.articles_table(articles), hide_index=True, column_config=tables.ARTICLE_COLUMNS)
    ids = articles["id"].tolist()
    labels = dict(zip(ids, tables.article_labels(articles), strict=True))
    article_id = st.selectbox("Article", ids, format_func=labels.get, key="article_pick")
    if article_id:
        if editor is None:
            read_only(article_id)
            return
        a1, a2, a3 = st.columns([1, 1, 4])
        if a1.button("Re-parse", icon=":material/refresh:", key="reparse"):
            with data.store_errors("re-parse the article"):
                n = store.reparse([article_id], parse=data.parse_article)
                if store.reparse_failures:  # e.g. over the parse budget: its records stay
                    why = fmt.md_escape(store.reparse_failures[0][1])
                    st.error(f"Could not re-parse the article: {why}; its records are unchanged.")
                else:
                    flash("success", f"Re-parsed {n} article(s); corrections were re-applied.")
                    st.rerun()
        if a2.button("Delete…", icon=":material/delete:", key="delete"):
            st.session_state["_confirm_delete"] = article_id
        if st.session_state.get("_confirm_delete") == article_id:
            with st.container(border=True):
                st.warning(
                    f"Delete “{fmt.md_escape(labels[article_id])}” and all its records and corrections? "
                    "This cannot be undone."
                )
                y, n_ = st.columns([1, 6])
                if y.button("Yes, delete", type="primary", key="delete_yes"):
                    with data.store_errors("delete the article"):
                        store.delete_article(article_id)
                        st.session_state.pop("_confirm_delete", None)
                        flash("success", "Article deleted.")
                        st.rerun()
                if n_.button("Cancel", key="delete_no"):
                    st.session_state.pop("_confirm_delete", None)
                    st.rerun()

        records = data.article_records(view.url, view.version, article_id)
        st.markdown(f"**{len(records)} record(s)** from this article (hidden ones included)")
        if not records.empty:
            st.dataframe(tables.article_records_table(records), hide_index=True)
            st.subheader("Correct a record", anchor=False)
            rec_ids = records["id"].tolist()
            rec_labels = dict(zip(rec_ids, tables.record_labels(records), strict=True))
            record_id = st.selectbox(
                "Record to correct", rec_ids, format_func=rec_labels.get, key="record_pick"
            )
            row = fmt.clean_row(records[records["id"] == record_id].iloc[0].to_dict())
            with st.form("correct_form"):
                edited = corrections.correction_inputs(row, view.all_records)
                save = st.form_submit_button("Save corrections", type="primary")
            if save:
                try:
                    changes = corrections.save_corrections(store, row, edited, editor)
                except (CoreError, ValueError, KeyError, SQLAlchemyError) as error:
                    st.error(f"Correction refused: {fmt.md_escape(data.failure_line(error))}")
                else:
                    flash(
                        "success" if changes else "info",
                        f"Saved {len(changes)} correction(s)." if changes else "Nothing changed.",
                    )
                    st.rerun()
            hidden = bool(row.get("hidden"))
            if st.button(
                "Unhide record" if hidden else "Hide record",
                icon=":material/visibility_off:",
                key="hide_toggle",
            ):
                with data.store_errors("change the record"):
                    (store.unhide_record if hidden else store.hide_record)(record_id, editor, expected=hidden)
                    flash("success", "Record shown again." if hidden else "Record hidden from every view.")
                    st.rerun()
            history = store.corrections(record_id)
            if not history.empty:
                with st.expander(f"Correction history ({len(history)})"):
                    st.dataframe(
                        tables.correction_history(corrections.history_table(history)),
                        hide_index=True,
                        column_config=tables.HISTORY_COLUMNS,
                    )
        with st.expander("Add a record by hand"):
            with st.form("add_form"):
                new = corrections.new_record_inputs(view.all_records)
                add = st.form_submit_button("Add record", type="primary")
            if add:
                if not new["summary"].strip():
                    st.error("A record needs a summary.")
                else:
                    try:
                        store.add_record(article_id, new, editor)
                    except (CoreError, ValueError, KeyError, SQLAlchemyError) as error:
                        st.error(f"Record refused: {fmt.md_escape(data.failure_line(error))}")
                    else:
                        flash("success", "Record added.")
                        st.rerun()


def read_only(article_id: str) -> None:
    """A visitor sees the article's records, never a control that changes them."""
    st.info("Read-only: sign in (sidebar) to re-parse, delete or correct.", icon=":material/lock:")
    records = data.article_records(view.url, view.version, article_id)
    shown = records[~records["hidden"].astype(bool)]  # hidden records are an editor's business
    st.markdown(f"**{len(shown)} record(s)** from this article")
    if not shown.empty:
        st.dataframe(tables.article_records_table(shown), hide_index=True)


def browse_articles() -> None:
    stored = data.load_articles(view.url, view.version)
    if stored.empty:
        st.info("No articles stored yet.", icon=":material/inbox:")
    else:
        browse(stored)


if editor is None:
    browse_articles()
else:
    TABS = ["Add articles", "Browse and correct"]
    # The active tab lives in the session (key + on_change="rerun"), not in the browser:
    # a flash message drawn above the tabs after an action would otherwise remount them
    # on their first tab. A newly linked record (the detail's "Correct" link) opens the
    # correction tab once; after that the user's own choice of tab stands.
    linked = state.selected_record_id()
    if linked and st.session_state.get("_tab_opened_for") != linked:
        st.session_state["_tab_opened_for"] = linked
        st.session_state["articles_tab"] = TABS[1]
    add_tab, browse_tab = st.tabs(TABS, default=TABS[0], key="articles_tab", on_change="rerun")
    with add_tab:
        add_articles()
    with browse_tab:
        browse_articles()
