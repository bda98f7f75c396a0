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

No Streamlit script code here: ``dashboard.py`` builds ``st.App`` with this middleware
when ``streamlit run`` imports it as the server (see there).
"""

from __future__ import annotations

import json

from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

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


MIDDLEWARE = [Middleware(DeepPathRedirect), Middleware(ServerLocation)]
