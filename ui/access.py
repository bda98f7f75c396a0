"""Who may change the store in this session: core.access wired to st.secrets, st.user and
the sidebar's sign-in (issue 15).  Pages ask :func:`editor` and show their add, re-parse,
delete and correct controls only when it is not None, so a visitor of a hosted instance
cannot reach them by any URL either."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import access
from core.errors import CoreError
from ui import fmt

# Session-state key set once the editor password was checked; a session never keeps the
# password itself.
PASSWORD_OK_KEY = "_editor_password_ok"


def secret_settings() -> dict[str, Any]:
    """The operator's secrets as a plain mapping; {} when there is no secrets.toml."""
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets.toml at all is the normal local case
        return {}


def mode() -> str:
    return access.access_mode(secret_settings())


def _user() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - st.user is unavailable without an [auth] section
        return {}


def store_read_only() -> bool:
    """The store's file or folder cannot be written by this server: nobody edits."""
    from ui import data

    try:
        return data.store().read_only
    except data.STORE_FAILURES:  # no store at all: the page says so, and nobody edits
        return True


def editor() -> str | None:
    """The signed-in editor's identity (a correction's "who"), or None for a visitor."""
    if store_read_only():
        return None
    current = mode()
    return access.editor_identity(
        current, user=_user(), password_ok=bool(st.session_state.get(PASSWORD_OK_KEY))
    )


def sign_in_box() -> None:
    """Sidebar sign-in for a hosted instance; nothing on a local (open) one."""
    if store_read_only():
        st.sidebar.caption("Read-only: this server cannot write the store's file or folder.")
        return
    current = mode()
    if current == access.OPEN:
        return
    box = st.sidebar.container(border=True)
    who = editor()
    if who:
        box.caption(f"Signed in as {who}")
        if box.button("Sign out", key="sign_out"):
            st.session_state.pop(PASSWORD_OK_KEY, None)
            if current == access.OIDC:
                st.logout()
            st.rerun()
        return
    box.caption("Read-only: sign in to add, correct or delete.")
    if current == access.OIDC:
        if box.button("Sign in", key="sign_in"):
            st.login()
        return
    with box.form("sign_in_form", clear_on_submit=True):
        password = st.text_input("Editor password", type="password", key="editor_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            ok = access.verify_password(password, str(secret_settings()[access.PASSWORD_HASH_KEY]))
        except CoreError as error:
            box.error(fmt.md_escape(str(error)))
            return
        if ok:
            st.session_state[PASSWORD_OK_KEY] = True
            st.rerun()
        box.error("Wrong password.")
