"""Parsing under a wall-clock budget, in a worker process that can be killed.

A hosted dashboard parses whatever a visitor pastes; one article must not hold the
server.  ``parse_within`` hands the article to a long-lived worker process (which
loads the language model once, before any clock starts) and waits at most the
budget for the result.  On expiry the worker is killed, a fresh one is started for
the next call, and ``ParseTimeout`` says so in one line.  The worker only parses:
storing is the caller's next step, so an expired parse stores nothing.

    parsed = worker.parse_within(article)          # PARSE_BUDGET_S
    store.add_parsed(parsed)

The returned ``Parsed`` has no ``syntax`` (spaCy documents do not cross processes
cheaply, and nothing after parsing reads them).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from core import pipeline
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


class ParseTimeout(CoreError):
    """Parsing an article took longer than its budget; nothing was stored."""


# A real article parsed once before the worker says it is ready: the first parse loads
# the gazetteer and the language data (seconds), which no visitor's paste should wait for.
WARM_UP_ARTICLE = Path(__file__).resolve().parent.parent / "data" / "articles" / "000_cde299979b26ee9c.txt"


def _warm_up() -> None:
    from core import ingest

    try:
        pipeline.parse(ingest.read_article(WARM_UP_ARTICLE))
    except CoreError:  # a missing sample only costs the first visitor's wait
        pass


def _serve(conn: Connection) -> None:
    """The worker's loop: load the model, say so, then parse articles until told to stop."""
    import signal

    from core import syntax

    # The parent decides when the worker ends (Ctrl-C reaches the whole process group:
    # the server handles it, and this process ends when the server closes the pipe).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    syntax.load()
    _warm_up()
    conn.send(("ready", None))
    while True:
        try:
            article = conn.recv()
        except EOFError:  # the parent is gone (a server shutting down): end quietly
            return
        if article is None:
            return
        try:
            parsed = pipeline.parse(article)
            conn.send(("ok", dataclasses.replace(parsed, syntax=None)))
        except CoreError as error:
            conn.send(("input" if isinstance(error, InputError) else "error", str(error)))
        except Exception as error:  # noqa: BLE001 - reported to the caller in one line
            conn.send(("error", f"parsing failed: {type(error).__name__}: {error}"))


class ParseWorker:
    """One worker process, started on first use and replaced after a timeout."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self.stop()
        ctx = multiprocessing.get_context(START_METHOD)
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="parse-worker")
        proc.start()
        child.close()
        if not parent.poll(WORKER_START_S):
            proc.kill()
            proc.join()
            raise CoreError(f"the parse worker did not start within {WORKER_START_S:.0f} s")
        try:
            parent.recv()
        except EOFError:
            proc.join()
            raise CoreError("the parse worker failed to start") from None
        self._proc, self._conn = proc, parent
        return parent

    def start(self) -> None:
        """Start the worker and load its model now (a parse waits for it meanwhile)."""
        with self._lock:
            self._start()

    def parse(self, article: Article, budget_s: float = PARSE_BUDGET_S) -> pipeline.Parsed:
        with self._lock:
            conn = self._start()
            name = article.source or article.id
            try:
                conn.send(article)
                ready = conn.poll(budget_s)
            except (BrokenPipeError, EOFError, OSError):
                self.stop()
                raise CoreError(f"{name}: the parse worker stopped unexpectedly") from None
            if not ready:
                self.stop()
                raise ParseTimeout(
                    f"{name}: parsing took longer than {budget_s:g} s and was stopped (nothing was stored)"
                )
            try:
                kind, value = conn.recv()
            except EOFError:
                self.stop()
                raise CoreError(f"{name}: the parse worker stopped unexpectedly") from None
        if kind == "ok":
            return value
        raise (InputError if kind == "input" else CoreError)(value)

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
    seconds of wall-clock time (``ParseTimeout``; the next call starts a new worker)."""
    return _default.parse(article, budget_s)
