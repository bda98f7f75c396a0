"""The dashboard's web server: Streamlit's own, with one ASGI middleware in front.

Streamlit answers every unknown path with its single-page ``index.html``, whose assets
are linked relative to the page (``./static/js/…``). One level deep (``/nonsense``) that
works, and Streamlit says "Page not found" and runs the main page; two levels deep
(``/map/extra``) the browser asks for ``/map/static/js/…``, gets HTML again, and the
reader sees a blank page. A deeper path is therefore redirected to its first segment,
query string kept: ``/map/extra?country=UKR`` opens ``/map?country=UKR``.

A page opened directly (``/map``) makes the browser look for the server at the page's
own level first (``/map/_stcore/health``, ``/map/_stcore/host-config``): two 404s in
every such visit's log before it tries ``/``. The page's HTML therefore says where the
server is (``window.__streamlit.BACKEND_BASE_URL``, the one setting Streamlit's frontend
reads for it), so the browser asks there at once.

Two more guards for a server open to strangers (issue 37):

- ``UploadGate``: Streamlit keeps every file PUT to ``/_stcore/upload_file/<session>/<id>``
  in memory until the session ends, from any session, on any page, uploader or not (60 x
  9.5 MB took a server from 476 to 1,044 MB).  Only sessions ``ui.access`` marked as an
  editor's may upload (``UPLOADERS``, marked when a page asks ``ui.access.editor()``), and
  all sessions together hold at most ``MAX_UPLOAD_BYTES_HELD``; anything else is refused
  before its body is read.
- ``ClearCacheFilter``: a visitor's ``clear_cache`` websocket message would empty every
  session's caches (Streamlit's caches are global); it is dropped.  The dashboard's caches
  are keyed by the store's version, so clearing them is never needed.

No Streamlit script code here: ``dashboard.py`` builds ``st.App`` with this middleware
when ``streamlit run`` imports it as the server (see there).
"""

from __future__ import annotations

import json
import logging
import threading

from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_LOGGER = logging.getLogger(__name__)

# Path segments of Streamlit's own routes, anywhere in a path: the browser looks for
# the server at the page's own level first (``/map/_stcore/health``), which Streamlit
# answers itself, and the app's static files live under ``app/static``.
STREAMLIT_SEGMENTS = frozenset({"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"})


def page_redirect(path: str, root_path: str = "") -> str | None:
    """Where a browser asking for ``path`` should go instead, or None to serve it.

    ``root_path`` is the base URL path the app is mounted under (``server.baseUrlPath``).
    """
    inside = path[len(root_path) :] if root_path and path.startswith(root_path) else path
    segments = [s for s in inside.split("/") if s]
    if len(segments) < 2 or STREAMLIT_SEGMENTS.intersection(segments) or "." in segments[-1]:
        return None  # a page, one of Streamlit's routes, or a file
    return f"{root_path.rstrip('/')}/{segments[0]}"


class DeepPathRedirect:
    """Pure ASGI middleware: a GET or HEAD for ``/page/more/…`` is redirected to ``/page``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            target = page_redirect(scope["path"], scope.get("root_path", ""))
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                response = RedirectResponse(target + ("?" + query if query else ""), status_code=307)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def page_path(path: str, root_path: str = "") -> bool:
    """True for a page's own path one level below the app (``/map``, ``/nonsense``): the
    paths whose HTML makes the browser look for the server one level too deep."""
    inside = path[len(root_path) :] if root_path and path.startswith(root_path) else path
    segments = [s for s in inside.split("/") if s]
    return len(segments) == 1 and segments[0] not in STREAMLIT_SEGMENTS and "." not in segments[0]


def server_location_script(root_path: str) -> bytes:
    """The script that tells Streamlit's frontend where the server is: the page's origin
    and the app's base path (the browser fills in the origin, so proxies keep working)."""
    base = json.dumps(root_path.rstrip("/") + "/")
    return (
        "<script>window.__streamlit = window.__streamlit || "
        f"{{BACKEND_BASE_URL: window.location.origin + {base}}};</script>"
    ).encode()


class ServerLocation:
    """Pure ASGI middleware: the HTML of a page path names where the server is (see the
    module's docstring). Other responses pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root_path = scope.get("root_path", "")
        if not (scope["type"] == "http" and scope["method"] == "GET" and page_path(scope["path"], root_path)):
            await self.app(scope, receive, send)
            return
        # The body is edited: ask for it uncompressed (it is Streamlit's small index.html).
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start: dict | None = None
        chunks: list[bytes] = []

        async def edit(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            content_type = dict(start.get("headers", [])).get(b"content-type", b"")
            if content_type.startswith(b"text/html") and b"<head>" in body:
                body = body.replace(b"<head>", b"<head>" + server_location_script(root_path), 1)
            fixed = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            fixed.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": fixed})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, edit)


# Streamlit's upload route, below the base URL path: /_stcore/upload_file/<session>/<file>.
UPLOAD_ROUTE = "/_stcore/upload_file/"
# Bytes of uploaded files the server may hold at once, all sessions together (Streamlit
# keeps them in memory): six files at the 10 MB limit (server.maxUploadSize), a batch of
# hundreds of real articles (a few KB to a few hundred KB each).  Receiving a file costs
# the server about three times its size (measured: 13 x 9.5 MB held took RSS up 413 MB,
# benchmarks/upload_memory.py), so this keeps what uploads add to a few hundred MB.
MAX_UPLOAD_BYTES_HELD = 64 * 1024 * 1024
# What a PUT without a Content-Length may still bring (Streamlit caps it there).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024
# Sessions remembered as uploaders before the closed ones are forgotten.
MAX_UPLOADERS = 1000


def _runtime():
    """Streamlit's runtime (its sessions and upload store), or None outside a server."""
    from streamlit.runtime import Runtime

    return Runtime.instance() if Runtime.exists() else None


class Uploaders:
    """The sessions that may upload: those ``ui.access`` found an editor in.  Thread-safe
    (scripts run in threads, the server in its event loop); forgets closed sessions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: set[str] = set()

    def allow(self, session_id: str) -> None:
        with self._lock:
            self._sessions.add(session_id)
            if len(self._sessions) > MAX_UPLOADERS:
                runtime = _runtime()
                if runtime is not None:
                    self._sessions = {s for s in self._sessions if runtime.is_active_session(s)}

    def revoke(self, session_id: str) -> None:
        with self._lock:
            self._sessions.discard(session_id)

    def __contains__(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._sessions


UPLOADERS = Uploaders()


def _held_upload_bytes() -> int:
    """Bytes of uploaded files Streamlit holds now, every session's together."""
    runtime = _runtime()
    if runtime is None:
        return 0
    stats = runtime.uploaded_file_mgr.get_stats()
    return sum(stat.byte_length for family in stats.values() for stat in family)


class UploadGate:
    """Pure ASGI middleware: a PUT to Streamlit's upload route from a session that may
    not upload, or one that would take the uploads held past ``MAX_UPLOAD_BYTES_HELD``,
    is refused at once (403, 413), its body unread."""

    def __init__(self, app: ASGIApp, held=_held_upload_bytes, uploaders: Uploaders = UPLOADERS) -> None:
        self.app = app
        self._held = held
        self._uploaders = uploaders
        self._lock = threading.Lock()
        self._in_flight = 0  # bytes of PUTs let through and not yet answered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "PUT" or UPLOAD_ROUTE not in path:
            await self.app(scope, receive, send)
            return
        session_id = path.split(UPLOAD_ROUTE, 1)[1].split("/", 1)[0]
        if session_id not in self._uploaders:
            _LOGGER.info("upload refused: session %s may not upload", session_id[:8])
            await PlainTextResponse("Uploads are for signed-in editors.", status_code=403)(
                scope, receive, send
            )
            return
        headers = dict(scope.get("headers") or ())
        try:
            size = int(headers.get(b"content-length", b""))
        except ValueError:
            size = MAX_UPLOAD_BYTES
        with self._lock:
            refused = self._held() + self._in_flight + size > MAX_UPLOAD_BYTES_HELD
            if not refused:
                self._in_flight += size
        if refused:
            _LOGGER.warning("upload refused: the server holds its limit of uploaded files")
            response = PlainTextResponse("The server holds too many uploaded files; try again later.", 413)
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self._in_flight -= size


def _is_clear_cache(message: Message) -> bool:
    """Whether a websocket frame is Streamlit's ``clear_cache`` BackMsg."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    data = message.get("bytes")
    if message.get("type") != "websocket.receive" or not data:
        return False
    back = BackMsg()
    try:
        back.ParseFromString(data)
    except Exception:  # noqa: BLE001 - not ours to judge: Streamlit answers a bad frame itself
        return False
    return back.WhichOneof("type") == "clear_cache"


class ClearCacheFilter:
    """Pure ASGI middleware: drops the ``clear_cache`` messages of Streamlit's websocket,
    which would empty the caches of every session at a visitor's request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def filtered() -> Message:
            while True:
                message = await receive()
                if not _is_clear_cache(message):
                    return message
                _LOGGER.info("dropped a clear_cache message: the caches are every session's")

        await self.app(scope, filtered, send)


MIDDLEWARE = [
    Middleware(DeepPathRedirect),
    Middleware(ServerLocation),
    Middleware(UploadGate),
    Middleware(ClearCacheFilter),
]
