"""Reading and parsing under a wall-clock and a memory budget, in a worker process that
can be killed.

A hosted dashboard reads whatever a visitor pastes or uploads; one article must not hold
the server nor exhaust its memory.  ``parse_within`` hands the article to a long-lived
worker process (which loads the language model once, before any clock starts) and waits
at most the budget for the result; ``read_within`` does the same for reading the text
(a web page's extraction, which grows faster than its input) and ``read_file_within``
for an uploaded file.  The worker runs under an address-space limit
(``WORKER_MEMORY_HEADROOM_BYTES`` above the loaded model): a paste whose reading or
parsing needs more stops there with a one-line error, the server's memory untouched.
On expiry or exhaustion the worker is
killed, a fresh one is started for the next call, and the error says so in one line.
The worker only reads and parses: storing is the caller's next step, so a stopped parse
stores nothing.  A worker whose parent dies exits too (``exit_with_parent``).

    article = worker.read_within(text, source="pasted", is_html=True)
    parsed = worker.parse_within(article)          # PARSE_BUDGET_S
    store.add_parsed(parsed)

The returned ``Parsed`` has no ``syntax`` (spaCy documents do not cross processes
cheaply, and nothing after parsing reads them).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
import time
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path

from core import ingest, pipeline
from core.errors import CoreError, InputError
from core.model import Article

# Seconds one article may take to parse: an ordinary article takes well under a
# second per 10 KB, so this admits articles of several hundred KB on a busy machine
# and stops a paste of megabytes from holding the server for minutes.
PARSE_BUDGET_S = 60.0
# Seconds a new worker may take to start and load the language model (not part of
# any article's budget: the clock starts when the article is handed over).
WORKER_START_S = 180.0
# "spawn": a fresh interpreter, safe in a threaded server (Streamlit), unlike fork.
START_METHOD = "spawn"
# Address space a worker may use beyond what it holds once ready (resource.RLIMIT_AS, set
# then): the model, gazetteer and word lists loaded, it holds about 0.6 GB (VmSize), so
# the limit comes to about 1.6 GB, a GB for one article (the seed article needs a few
# MB); what needs more (a 900 KB paste with no full stop reached 3 GB) stops with
# MemoryError in the worker, never in the server.
WORKER_MEMORY_HEADROOM_BYTES = 1024 * 1024 * 1024
# How often a worker looks whether its parent is still there (seconds).
PARENT_CHECK_S = 1.0


class ParseTimeout(CoreError):
    """Parsing an article took longer than its budget; nothing was stored."""


# A real article parsed once before the worker says it is ready: the first parse loads
# the gazetteer and the language data (seconds), which no visitor's paste should wait for,
# and what it loads is then counted in the memory the limit starts from.
WARM_UP_ARTICLE = Path(__file__).resolve().parent.parent / "data" / "articles" / "000_cde299979b26ee9c.txt"


def _warm_up() -> None:
    try:
        pipeline.parse(ingest.read_article(WARM_UP_ARTICLE))
    except CoreError:  # a missing sample only costs the first visitor's wait
        pass


def exit_with_parent(parent: int, check_s: float = PARENT_CHECK_S) -> None:
    """In a worker process: exit as soon as ``parent``, the process that started it (its
    pid, passed in: it may be gone before this runs), is no longer its parent (killed,
    crashed), instead of living on as an orphan holding its memory.  A daemon thread
    watches, as the worker may be busy parsing when the parent dies."""
    if os.getppid() != parent:  # gone already, while this process was starting
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(check_s)
            if os.getppid() != parent:  # re-parented: the parent has died
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _address_space_bytes() -> int | None:
    """This process's virtual memory size now (Linux), or None where it cannot be read."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def limit_memory(headroom_bytes: int | None) -> int | None:
    """Cap this process's address space at what it uses now plus ``headroom_bytes``
    (where the platform has RLIMIT_AS and says what it uses); the limit set, or None."""
    used = _address_space_bytes()
    if not headroom_bytes or used is None:
        return None
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = used + headroom_bytes
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return limit
    except (ImportError, ValueError, OSError):  # no such limit here: time still bounds the work
        return None


def _work(kind: str, payload):
    """One request in the worker: what it returns is sent back."""
    if kind == "parse":
        return dataclasses.replace(pipeline.parse(payload), syntax=None)
    if kind == "read":
        return ingest.article_from_text(**payload)
    if kind == "read_file":
        return ingest.read_article(**payload)
    raise CoreError(f"unknown request {kind!r}")


def _serve(conn: Connection, headroom_bytes: int | None, parent: int) -> None:
    """The worker's loop: load the model, limit its memory from there, say so, then read
    and parse until told to stop.  After a MemoryError it says so and exits (its heap may
    be in no state to go on); the parent starts a fresh one."""
    import signal

    from core import syntax

    exit_with_parent(parent)
    # The parent decides when the worker ends (Ctrl-C reaches the whole process group:
    # the server handles it, and this process ends when the server closes the pipe).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything an article needs once (the model, the gazetteer, the word lists) is loaded
    # by parsing the sample article before the limit is set, so the limit is headroom for
    # articles.
    syntax.load()
    _warm_up()
    conn.send(("ready", limit_memory(headroom_bytes)))
    while True:
        try:
            request = conn.recv()
        except EOFError:  # the parent is gone (a server shutting down): end quietly
            return
        if request is None:
            return
        kind, payload = request
        try:
            conn.send(("ok", _work(kind, payload)))
        except Exception as error:  # noqa: BLE001 - every failure goes back in one line
            if _out_of_memory(error):
                conn.send(("memory", None))
                return
            _send_failure(conn, error)


def _out_of_memory(error: BaseException) -> bool:
    """Whether a MemoryError is the error or its cause (a stage names itself around it)."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, MemoryError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _send_failure(conn: Connection, error: Exception) -> None:
    """An error back to the caller in one line: the core's own as it is worded."""
    if isinstance(error, CoreError):
        conn.send(("input" if isinstance(error, InputError) else "error", str(error)))
    else:
        conn.send(("error", f"parsing failed: {type(error).__name__}: {error}"))


class ParseWorker:
    """One worker process, started on first use and replaced after a timeout."""

    def __init__(self, headroom_bytes: int | None = WORKER_MEMORY_HEADROOM_BYTES) -> None:
        self._lock = threading.Lock()
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.headroom_bytes = headroom_bytes
        self.memory_limit: int | None = None  # the worker's address-space limit, once started

    def _start(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self.stop()
        ctx = multiprocessing.get_context(START_METHOD)
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_serve, args=(child, self.headroom_bytes, os.getpid()), daemon=True, name="parse-worker"
        )
        proc.start()
        child.close()
        if not parent.poll(WORKER_START_S):
            proc.kill()
            proc.join()
            raise CoreError(f"the parse worker did not start within {WORKER_START_S:.0f} s")
        try:
            _, self.memory_limit = parent.recv()
        except EOFError:
            proc.join()
            raise CoreError("the parse worker failed to start") from None
        self._proc, self._conn = proc, parent
        return parent

    def start(self) -> None:
        """Start the worker and load its model now (a request waits for it meanwhile)."""
        with self._lock:
            self._start()

    def _ask(self, kind: str, payload, name: str, budget_s: float, doing: str):
        with self._lock:
            conn = self._start()
            try:
                conn.send((kind, payload))
                ready = conn.poll(budget_s)
            except (BrokenPipeError, EOFError, OSError):
                self.stop()
                raise CoreError(f"{name}: the parse worker stopped unexpectedly") from None
            if not ready:
                self.stop()
                raise ParseTimeout(
                    f"{name}: {doing} took longer than {budget_s:g} s and was stopped (nothing was stored)"
                )
            try:
                status, value = conn.recv()
            except EOFError:  # died outright: memory a C library could not get, a crash, a kill
                self.stop()
                raise CoreError(f"{name}: the parse worker stopped unexpectedly while {doing}") from None
            if status == "memory":
                self.stop()
                limit = f"{self.memory_limit / 2**30:.1f} GB" if self.memory_limit else "its memory limit"
                raise InputError(
                    f"{name}: {doing} needed more than {limit} of memory and was stopped (nothing was stored)"
                )
        if status == "ok":
            return value
        raise (InputError if status == "input" else CoreError)(value)

    def parse(self, article: Article, budget_s: float = PARSE_BUDGET_S) -> pipeline.Parsed:
        return self._ask("parse", article, article.source or article.id, budget_s, "parsing")

    def read(self, budget_s: float = PARSE_BUDGET_S, **options) -> Article:
        """``ingest.article_from_text(**options)`` in the worker."""
        return self._ask("read", options, options.get("source") or "input", budget_s, "reading the text")

    def read_file(self, path: Path, budget_s: float = PARSE_BUDGET_S, **options) -> Article:
        """``ingest.read_article(path, **options)`` in the worker."""
        return self._ask(
            "read_file", {"path": path, **options}, Path(path).name, budget_s, "reading the file"
        )

    def stop(self) -> None:
        """Kill the worker (a parse in progress is lost)."""
        proc, self._proc = self._proc, None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.kill()
            proc.join()


_default = ParseWorker()


def warm_up_in_background() -> threading.Thread:
    """Start the shared worker in a thread, so that the first paste finds it ready."""

    def start() -> None:
        try:
            _default.start()
        except CoreError:  # the next parse tries again and reports it
            pass

    thread = threading.Thread(target=start, name="parse-worker-warm-up", daemon=True)
    thread.start()
    return thread


def parse_within(article: Article, budget_s: float = PARSE_BUDGET_S) -> pipeline.Parsed:
    """Parse ``article`` in the shared worker process, stopping it after ``budget_s``
    seconds of wall-clock time (``ParseTimeout``; the next call starts a new worker) or
    when it needs more than ``WORKER_MEMORY_HEADROOM_BYTES`` beyond the model (InputError)."""
    return _default.parse(article, budget_s)


def read_within(
    text: str,
    *,
    source: str | None = None,
    published: datetime | None = None,
    is_html: bool = False,
    outlet: str | None = None,
    budget_s: float = PARSE_BUDGET_S,
) -> Article:
    """``ingest.article_from_text`` in the shared worker, under the same budgets: a web
    page's extraction runs there, never in the caller (the server)."""
    return _default.read(
        budget_s, text=text, source=source, published=published, is_html=is_html, outlet=outlet
    )


def read_file_within(
    path: Path, *, published: datetime | None = None, budget_s: float = PARSE_BUDGET_S
) -> Article:
    """``ingest.read_article`` of an uploaded file in the shared worker (see ``read_within``)."""
    return _default.read_file(path, budget_s, published=published)
