"""The dashboard's web server: Streamlit's own, with one ASGI middleware in front.

Streamlit answers every unknown path with its single-page ``index.html``, whose assets
are linked relative to the page (``./static/js/…``). One level deep (``/nonsense``) that
works, and Streamlit says "Page not found" and runs the main page; two levels deep
(``/map/extra``) the browser asks for ``/map/static/js/…``, gets HTML again, and the
reader sees a blank page. A deeper path is therefore redirected to its first segment,
query string kept: ``/map/extra?country=UKR`` opens ``/map?country=UKR``.

No Streamlit script code here: ``dashboard.py`` builds ``st.App`` with this middleware
when ``streamlit run`` imports it as the server (see there).
"""

from __future__ import annotations

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


MIDDLEWARE = [Middleware(DeepPathRedirect)]
