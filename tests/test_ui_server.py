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
