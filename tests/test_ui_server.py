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


# --- Issue 37: uploads only from editors' sessions, bounded; no clear_cache from visitors ---


def put(path: str, size: int) -> dict:
    return {
        "type": "http",
        "method": "PUT",
        "path": path,
        "query_string": b"",
        "headers": [(b"content-length", str(size).encode())],
    }


def run_gate(gate, scope) -> int:
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    asyncio.run(gate(scope, receive, send))
    return sent[0]["status"] if sent else 204


def test_only_an_editors_session_may_upload_and_uploads_held_are_bounded():
    """Finding 9: a visitor grew server memory without limit through Streamlit's upload
    endpoint, even on pages with no uploader (60 x 9.5 MB PUTs: RSS 393 -> 963 MB)."""
    from ui.server import MAX_UPLOAD_BYTES_HELD, Uploaders, UploadGate

    passed, held = [], [0]

    async def streamlit(scope, receive, send):  # stands for Streamlit's upload route
        passed.append(scope["path"])
        held[0] += int(dict(scope["headers"])[b"content-length"])

    uploaders = Uploaders()
    gate = UploadGate(streamlit, held=lambda: held[0], uploaders=uploaders)
    mb = 1024 * 1024
    assert run_gate(gate, put("/_stcore/upload_file/visitor/f1", mb)) == 403  # never read
    uploaders.allow("editor")
    statuses = [run_gate(gate, put(f"/_stcore/upload_file/editor/f{i}", 10 * mb)) for i in range(10)]
    assert statuses.count(204) == MAX_UPLOAD_BYTES_HELD // (10 * mb) and statuses[-1] == 413
    assert held[0] <= MAX_UPLOAD_BYTES_HELD and len(passed) == statuses.count(204)
    uploaders.revoke("editor")  # signed out
    assert run_gate(gate, put("/_stcore/upload_file/editor/again", 1)) == 403
    # everything else passes untouched (a DELETE frees memory; pages, the health check)
    for scope in ({**put("/_stcore/upload_file/visitor/f1", 0), "method": "DELETE"}, put("/articles", 5)):
        run_gate(gate, scope)
    assert passed[-2:] == ["/_stcore/upload_file/visitor/f1", "/articles"]


def websocket_messages(*back_msgs) -> list:
    """Frames as Streamlit's websocket receives them, one per BackMsg."""
    frames = []
    for msg in back_msgs:
        frames.append({"type": "websocket.receive", "bytes": msg.SerializeToString()})
    return [*frames, {"type": "websocket.disconnect"}]


def test_a_visitors_clear_cache_never_reaches_streamlit():
    """Finding 14: a visitor's clear_cache message emptied every session's caches (every
    session's rerun 0.25 -> 0.61 s)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    from ui.server import ClearCacheFilter

    clear, rerun = BackMsg(), BackMsg()
    clear.clear_cache = True
    rerun.rerun_script.query_string = "country=UKR"
    incoming = websocket_messages(clear, rerun, clear)
    incoming.insert(0, {"type": "websocket.connect"})
    incoming.insert(2, {"type": "websocket.receive", "bytes": b"\xff not a BackMsg"})
    seen = []

    async def streamlit(scope, receive, send):
        while True:
            message = await receive()
            seen.append(message)
            if message["type"] == "websocket.disconnect":
                return

    async def receive():
        return incoming.pop(0)

    asyncio.run(ClearCacheFilter(streamlit)({"type": "websocket", "path": "/_stcore/stream"}, receive, None))
    kinds = []
    for message in seen:
        back = BackMsg()
        if message.get("bytes") and message["bytes"][:1] != b"\xff":
            back.ParseFromString(message["bytes"])
            kinds.append(back.WhichOneof("type"))
        else:
            kinds.append(message["type"])
    assert kinds == ["websocket.connect", "websocket.receive", "rerun_script", "websocket.disconnect"]


def test_a_visitor_of_a_real_server_cannot_upload():
    """End to end: a visitor's session, with its own session id and XSRF cookie, PUTs
    files to Streamlit's upload route of `streamlit run dashboard.py`: all refused."""
    from benchmarks.upload_memory import dashboard_server, flood, hosted_secrets

    with dashboard_server(hosted_secrets()) as (base, server):
        accepted, statuses, _, _ = asyncio.run(flood(base, 3, 1024, server.pid))
    assert accepted == 0 and statuses == {403: 3}, statuses


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
