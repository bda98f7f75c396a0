"""Load run (issue 15): 20 concurrent browser-like sessions against a real
``streamlit run dashboard.py`` on loopback, bounded to 60 s of wall-clock time.

    .venv/bin/python -m benchmarks.load [--sessions 20] [--reruns 5] [--limit 60]

Each session opens the app's websocket, as a browser tab does, and asks for ``--reruns``
script runs (page loads of the timeline), timing each from the request to the server's
"script finished" message.  Prints p50/p90 rerun time and the server's resident memory
before and after; the store is a throwaway SQLite file seeded with the sample articles.
Figures are printed, never asserted (not a unit test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
START_S = 90.0  # the server's first start imports plotly and pandas: not part of the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of the server process (Linux /proc; no extra package)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def one_session(url: str, reruns: int, deadline: float, times: list[float]) -> None:
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        for _ in range(reruns):
            if time.monotonic() > deadline:
                return
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_script_hash = ""
            started = time.monotonic()
            await ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(ws.recv(), timeout=max(deadline - time.monotonic(), 0.1))
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                if fwd.WhichOneof("type") == "script_finished":
                    break
            times.append(time.monotonic() - started)


async def run(url: str, sessions: int, reruns: int, limit: float) -> list[float]:
    times: list[float] = []
    deadline = time.monotonic() + limit
    results = await asyncio.gather(
        *(one_session(url, reruns, deadline, times) for _ in range(sessions)), return_exceptions=True
    )
    late = [r for r in results if isinstance(r, TimeoutError)]
    failed = [r for r in results if isinstance(r, BaseException) and not isinstance(r, TimeoutError)]
    if late:
        print(f"{len(late)} session(s) stopped at the {limit:g} s limit with a rerun unfinished")
    if failed:
        print(f"{len(failed)} session(s) failed: {type(failed[0]).__name__}: {failed[0]}")
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--reruns", type=int, default=5)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds for the whole run")
    args = ap.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        env = dict(os.environ, DATABASE_URL="sqlite:///" + str(Path(tmp) / "timeline.sqlite"))
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard.py"),
            "--server.headless",
            "true",
        ]
        cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
        server = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            started = time.monotonic()
            while time.monotonic() - started < START_S:  # wait until the server listens
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.5)
            warm = asyncio.run(run(url, 1, 1, START_S))  # seeds the store, fills the caches
            if not warm:
                print("the server did not answer within", START_S, "s")
                return 1
            before = rss_mb(server.pid)
            t0 = time.monotonic()
            times = asyncio.run(run(url, args.sessions, args.reruns, args.limit))
            wall = time.monotonic() - t0
            after = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if not times:
        print("no rerun finished")
        return 1
    q = statistics.quantiles(times, n=10) if len(times) > 1 else [times[0]] * 9
    print(f"{args.sessions} sessions x {args.reruns} reruns: {len(times)} finished in {wall:.1f} s")
    print(
        f"first (warm-up) run {warm[0]:.2f} s; rerun p50 {statistics.median(times):.2f} s, p90 {q[8]:.2f} s"
    )
    print(f"server RSS {before:.0f} MB before, {after:.0f} MB after ({after / before:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
