"""A path below a page is redirected to the page; Streamlit's own routes and files are not
touched (ui.server, issue 13)."""

import asyncio

import pytest

from ui.server import DeepPathRedirect, page_redirect


@pytest.mark.parametrize(
    ("path", "root", "target"),
    [
        ("/map/extra", "", "/map"),
        ("/map/extra/more", "", "/map"),
        ("/nonsense/deeper", "", "/nonsense"),  # then Streamlit's "Page not found"
        ("/app/map/extra", "/app", "/app/map"),  # under server.baseUrlPath
    ],
)
def test_a_path_below_a_page_goes_to_the_page(path, root, target):
    assert page_redirect(path, root) == target


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/map",
        "/statements",
        "/map/_stcore/health",  # the browser looks for the server at the page's level first
        "/_stcore/stream",
        "/static/js/index.DormvYxC.js",
        "/app/static/world_110m.json",
        "/media/abc.png",
        "/component/some.component/index.html",
        "/map/favicon.png",  # a file: Streamlit answers it
    ],
)
def test_pages_streamlit_routes_and_files_are_served_as_they_are(path):
    assert page_redirect(path) is None


def test_the_middleware_redirects_with_the_query_and_passes_the_rest():
    seen, sent = [], []

    async def inner(scope, receive, send):
        seen.append(scope["path"])

    async def send(message):
        sent.append(message)

    app = DeepPathRedirect(inner)
    get = {
        "type": "http",
        "method": "GET",
        "path": "/map/extra",
        "query_string": b"country=UKR",
        "headers": [],
    }
    asyncio.run(app(get, None, send))
    start = sent[0]
    assert start["status"] == 307 and (b"location", b"/map?country=UKR") in start["headers"]
    asyncio.run(app({**get, "method": "POST"}, None, send))  # only page loads are redirected
    asyncio.run(app({"type": "websocket", "path": "/map/_stcore/stream"}, None, send))
    assert seen == ["/map/extra", "/map/_stcore/stream"]


INDEX = b"<!doctype html><html><head><title>Streamlit</title></head><body></body></html>"


def served(path: str, root: str = "", content_type: bytes = b"text/html; charset=utf-8") -> tuple:
    """(headers, body, headers the app saw) of ServerLocation in front of a page server."""
    from ui.server import ServerLocation

    sent, seen = [], []

    async def inner(scope, receive, send):
        seen.append(dict(scope["headers"]))
        headers = [(b"content-type", content_type), (b"content-length", str(len(INDEX)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": INDEX})

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "root_path": root,
        "query_string": b"",
        "headers": [(b"accept-encoding", b"gzip")],
    }
    asyncio.run(ServerLocation(inner)(scope, None, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return dict(start["headers"]), body, seen[0]


@pytest.mark.parametrize(("path", "root"), [("/map", ""), ("/statements", ""), ("/app/map", "/app")])
def test_a_page_s_html_says_where_the_server_is(path, root):
    headers, body, asked = served(path, root)
    script = b"BACKEND_BASE_URL: window.location.origin + " + (f'"{root}/"').encode()
    assert body.startswith(b"<!doctype html><html><head><script>") and script in body
    assert int(headers[b"content-length"]) == len(body)
    assert b"accept-encoding" not in asked  # the HTML is edited uncompressed


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/static/js/index.js", "/map/favicon.png"])
def test_other_responses_pass_untouched(path):
    _, body, asked = served(path)
    assert body == INDEX and b"accept-encoding" in asked
