"""Who may change the store in this session: core.access wired to st.secrets, st.user and
the sidebar's sign-in (issue 15).  Pages ask :func:`editor` and show their add, re-parse,
delete and correct controls only when it is not None, so a visitor of a hosted instance
cannot reach them by any URL either."""

from __future__ import annotations

import math
import secrets
from typing import Any

import streamlit as st

from core import access
from core.errors import CoreError
from ui import fmt, server

# Session-state key holding who signed in with a password (a named editor, or
# core.access.PASSWORD_EDITOR for the shared password); a session never keeps the password.
PASSWORD_OK_KEY = "_editor_password_ok"
# Session-state key of this session's own name for the attempt limits (a random token).
SESSION_KEY = "_sign_in_session"
# Wrong passwords per session and per address, for every session of this server process.
ATTEMPTS = access.AttemptLimiter()


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


def _may_upload(allowed: bool) -> None:
    """Tell the server's upload gate (ui.server.UploadGate) whether this session may upload."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        (server.UPLOADERS.allow if allowed else server.UPLOADERS.revoke)(ctx.session_id)


def editor() -> str | None:
    """The signed-in editor's identity (a correction's "who"), or None for a visitor.
    Only an editor's session may upload files to the server (ui.server.UploadGate)."""
    who = None
    if not store_read_only():
        signed_in = st.session_state.get(PASSWORD_OK_KEY)
        try:
            who = access.editor_identity(
                mode(),
                user=_user(),
                password_editor=signed_in if isinstance(signed_in, str) else None,
                secret_settings=secret_settings(),
            )
        except CoreError:  # malformed access settings: nobody edits (the sign-in box says why)
            who = None
    _may_upload(who is not None)
    return who


def _attempt_keys() -> list[str]:
    """This session and the visitor's address (None in tests and behind some proxies:
    then all such visitors share one count, which errs on the safe side)."""
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = secrets.token_hex(8)
    address = st.context.ip_address
    return [
        f"session:{st.session_state[SESSION_KEY]}",
        f"address:{address if isinstance(address, str) else '?'}",
    ]


def _password_form(box, settings: dict[str, Any]) -> None:
    named = bool(settings.get(access.NAMED_PASSWORDS_KEY))
    with box.form("sign_in_form", clear_on_submit=True):
        name = st.text_input("Editor name", key="editor_name") if named else ""
        password = st.text_input("Editor password", type="password", key="editor_password")
        submitted = st.form_submit_button("Sign in")
    if not submitted:
        return
    keys = _attempt_keys()
    wait = ATTEMPTS.wait(keys)
    if wait > 0:  # not even checked: the back-off is the point
        box.error(f"Too many wrong passwords: try again in {math.ceil(wait)} s.")
        return
    try:
        who = access.check_password(settings, password, name)
    except CoreError as error:
        box.error(fmt.md_escape(str(error)))
        return
    if who:
        ATTEMPTS.succeeded(keys)
        st.session_state[PASSWORD_OK_KEY] = who
        st.rerun()
    ATTEMPTS.failed(keys)
    box.error("Wrong name or password." if named else "Wrong password.")


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
    account = access.signed_in_account(_user()) if current == access.OIDC else None
    if who or account:
        box.caption(f"Signed in as {fmt.md_escape(who or account)}")  # a name the provider gave
        if not who:  # signed in at the provider, but not listed as an editor here
            box.caption("This account is not one of this dashboard's editors: read-only.")
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
    _password_form(box, secret_settings())
