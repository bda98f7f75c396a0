"""Server memory under a flood of uploads (issue 37, finding 9), against a real
``streamlit run dashboard.py`` on loopback.

    .venv/bin/python -m benchmarks.upload_memory [--puts 60] [--mb 9.5] [--open]

A visitor opens the app's websocket, as a browser tab does, takes the XSRF cookie from
the page, and PUTs ``--puts`` files of ``--mb`` MB to Streamlit's upload endpoint under
its own session id, on the Articles page: what the probe did (60 x 9.5 MB took the
server from 393 to 963 MB; on any page, uploader or not).  The server is hosted-like (an editor password in a
throwaway secrets file, so the visitor is read-only) unless ``--open``, where every
session may edit and upload (local ``make run``).  Prints the server's resident memory
before, after the PUTs, and 30 s after the session closed, and how many PUTs were
accepted; figures are printed, never asserted (not a unit test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load import START_S, free_port, rss_mb
from core.access import PASSWORD_HASH_KEY, hash_password

ROOT = Path(__file__).resolve().parent.parent
XSRF_COOKIE = "_streamlit_xsrf"
# The status counted for a PUT the server answered and closed before reading its body.
REFUSED_UNREAD = 0
# Sessions run before measuring: the first seeds the store; the second's memory is still
# the server's own growing (0 PUTs: 188 -> 662 MB after one; 475 -> 475 MB after three).
WARM_UP_SESSIONS = 3
# Seconds after the visitor's session closed before memory is read again.
SETTLE_S = 30.0


def xsrf_cookie(base: str) -> str:
    """The XSRF cookie the server sets with its health check, which the page asks for
    first (a browser sends the cookie back with every upload)."""
    with urllib.request.urlopen(base + "/_stcore/health", timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";", 1)[0]
    return ""


def put_file(base: str, session_id: str, cookie: str, payload: bytes) -> int:
    """One multipart PUT to the upload endpoint; the HTTP status."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + payload
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": cookie,
            "Cookie": f"{XSRF_COOKIE}={cookie}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:  # refused before its body was read: the server closed
        return REFUSED_UNREAD


async def flood(base: str, puts: int, size: int, pid: int) -> tuple[int, dict[int, int], float, float]:
    """Open a session and PUT ``puts`` files of ``size`` bytes while it is open; returns
    the accepted count, the statuses, the seconds taken and the server's RSS (MB) then."""
    ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
    cookie = xsrf_cookie(base)
    statuses: dict[int, int] = {}
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        msg.rerun_script.page_name = "articles"  # where the uploader is, for an editor
        await ws.send(msg.SerializeToString())
        session_id = ""
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=START_S))
            if fwd.WhichOneof("type") == "new_session":
                session_id = fwd.new_session.initialize.session_id
            if fwd.WhichOneof("type") == "script_finished":
                break
        payload = os.urandom(size)
        started = time.monotonic()
        for _ in range(puts):
            status = await asyncio.to_thread(put_file, base, session_id, cookie, payload)
            statuses[status] = statuses.get(status, 0) + 1
        seconds = time.monotonic() - started
        rss = rss_mb(pid)
    return statuses.get(204, 0), statuses, seconds, rss


@contextmanager
def dashboard_server(secrets_text: str):
    """``streamlit run dashboard.py`` on a free loopback port over a throwaway SQLite store
    with these secrets; yields (base URL, server process)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="upload-memory-") as tmp:
        secrets = Path(tmp) / "secrets.toml"
        secrets.write_text(secrets_text)
        env = dict(os.environ, DATABASE_URL="sqlite:///" + str(Path(tmp) / "timeline.sqlite"))
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py")]
        cmd += ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
        cmd += ["--secrets.files", str(secrets), "--server.fileWatcherType", "none"]
        server = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + START_S
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(base + "/_stcore/health", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.5)
            yield base, server
        finally:
            server.terminate()
            server.wait(timeout=10)


def hosted_secrets() -> str:
    """Secrets of a hosted instance: an editor password, so a visitor is read-only."""
    return f'{PASSWORD_HASH_KEY} = "{hash_password("bench only")}"\n'


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--puts", type=int, default=60)
    ap.add_argument("--mb", type=float, default=9.5, help="size of each file, MB")
    ap.add_argument("--open", action="store_true", help="no access settings: every session may upload")
    args = ap.parse_args()
    with dashboard_server("" if args.open else hosted_secrets()) as (base, server):
        for _ in range(WARM_UP_SESSIONS):  # seeds the store, imports and caches everything
            asyncio.run(flood(base, 0, 0, server.pid))
        before = rss_mb(server.pid)
        size = int(args.mb * 1024 * 1024)
        accepted, statuses, seconds, after = asyncio.run(flood(base, args.puts, size, server.pid))
        time.sleep(SETTLE_S)
        settled = rss_mb(server.pid)
    mode = "open (every session may upload)" if args.open else "hosted (the visitor is read-only)"
    shown = {("refused unread" if k == REFUSED_UNREAD else k): n for k, n in sorted(statuses.items())}
    print(f"{mode}: {args.puts} PUTs of {args.mb:g} MB in {seconds:.1f} s, statuses {shown}")
    print(
        f"server RSS {before:.0f} MB before, {after:.0f} MB after {accepted} accepted PUTs, "
        f"{settled:.0f} MB {SETTLE_S:.0f} s after the session closed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
