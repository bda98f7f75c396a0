"""A reader's walk through the dashboard, timed in Debian's Chromium (issue 35):
first load, filter change, page switch and a paste, against ``streamlit run`` on a copy
of a store (the paste must not change the store it was given).

    .venv/bin/python -m benchmarks.walk [--db sqlite:////tmp/h35.sqlite] [--rounds 3] [--shots DIR]

``--first-start`` instead times a newcomer's first start: the server on an empty store,
from its start to the first page showing the sample articles (``data/articles/``, read
through their manifest while the page shows a progress bar).

``--shots DIR`` also saves each page at 1440x900 and 390x844 (``corpus_<page>_<size>.png``,
the first screen) for reading, e.g. into the git-ignored ``artifacts/views/``.

Without ``--db`` the store is built first from ``../shared/corpus/ukraine-war-news``
(about a minute on two cores). Each step is timed from the user's action (navigation,
click) until the app's script has finished the run it caused and the page shows its
result (the count line, a drawn chart, the paste's message). Figures are printed, never
asserted; the first load of a fresh server process (empty caches) is reported apart from
warm loads, and the first paste (the parse worker starting) apart from warm pastes.
On a shared machine the browser's figures follow its load (printed with them); the
server's own CPU time per page run (AppTest in this process, caches warm, median of the
rounds) is printed too, as the figure the load moves least.
The pasted articles are the headline and first paragraph of real articles from
``../shared/corpus/world-news`` with their publication day as a dateline.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "ukraine-war-news"
PASTE_SOURCE = SHARED / "corpus" / "world-news"
CHROMIUM = "/usr/bin/chromium"
START_S = 120.0  # a first start imports plotly and pandas and may re-read outdated articles
WAIT_MS = 180_000
DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
# Each page's path and what shows that it has drawn.
PAGES = {
    "timeline": ("/", ".js-plotly-plot .main-svg"),
    "map": ("/map", ".js-plotly-plot .geolayer"),
    "statements": ("/statements", "text=What each side claims"),
    "articles": ("/articles", "text=Paste"),
}

# Counts the script runs the page has seen finish: the stApp element's
# data-test-script-state attribute turns to "notRunning" at the end of each run.
RUN_COUNTER = """() => {
  if (window.__runs !== undefined) return;
  window.__runs = 0;
  const watch = () => {
    const app = document.querySelector('[data-testid=stApp]');
    if (!app) { setTimeout(watch, 20); return; }
    let last = app.dataset.testScriptState;
    new MutationObserver(() => {
      const now = app.dataset.testScriptState;
      if (now === 'notRunning' && last !== 'notRunning') window.__runs += 1;
      last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  watch();
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sqlite_copy(url: str, folder: Path) -> str:
    """A copy of a SQLite store (its WAL's commits included) in ``folder``."""
    import sqlite3

    source = url.removeprefix("sqlite:///")
    target = folder / "walk.sqlite"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


def build_corpus_store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'corpus.sqlite'}"
    subprocess.run(
        [sys.executable, "-m", "core", "ingest", str(CORPUS), "--db", url, "--quiet"], cwd=ROOT, check=True
    )
    return url


def start_server(url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    cmd += ["--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"the server did not start within {START_S:.0f} s; see {log}")


def wait_run(page, before: int) -> None:
    """Until a script run that began after ``before`` finished runs has finished."""
    page.wait_for_function(f"() => window.__runs > {before}", timeout=WAIT_MS)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=WAIT_MS,
    )


def runs(page) -> int:
    return page.evaluate("() => window.__runs")


def new_page(browser, viewport=DESK):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(f"({RUN_COUNTER})()")
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "http://localhost"))
            else route.abort()
        ),
    )
    return page


def timed_load(browser, base: str, path: str = "/") -> float:
    page = new_page(browser)
    started = time.monotonic()
    page.goto(base + path)
    page.wait_for_selector("text=/Showing [\\d,]+ of [\\d,]+ records?/", timeout=WAIT_MS)
    wait_run(page, 0)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
    elapsed = time.monotonic() - started
    page.context.close()
    return elapsed


def count_text(page) -> str:
    return page.locator("[data-testid=stSidebar]").get_by_text("Showing").first.inner_text()


def timed_filter_changes(browser, base: str, rounds: int) -> list[float]:
    """Kind = statement, then cleared again: each change timed until the new count shows."""
    page = new_page(browser)
    page.goto(base + "/")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
    wait_run(page, 0)
    times = []
    kind = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Kind")
    for i in range(rounds * 2):
        before_count, before_runs = count_text(page), runs(page)
        if i % 2 == 0:
            kind.click()
            option = page.get_by_role("option", name="statement")
            option.wait_for(timeout=WAIT_MS)
            started = time.monotonic()
            option.click()
        else:
            clear = kind.get_by_role("button", name="Clear all")
            if not clear.count():
                clear = kind.locator("[aria-label*='Clear'], [title*='Clear']").first
            started = time.monotonic()
            clear.click()
        wait_run(page, before_runs)
        page.wait_for_function(
            "old => !document.querySelector('[data-testid=stSidebar]').innerText.includes(old)",
            arg=before_count,
            timeout=WAIT_MS,
        )
        times.append(time.monotonic() - started)
        page.keyboard.press("Escape")
    page.context.close()
    return times


def timed_page_switches(browser, base: str, rounds: int) -> dict[str, list[float]]:
    page = new_page(browser)
    page.goto(base + "/")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
    wait_run(page, 0)
    times: dict[str, list[float]] = {}
    nav = page.locator("[data-testid=stSidebarNav]")
    for _ in range(rounds):
        for name, ready in (
            ("Map", ".js-plotly-plot .geolayer"),
            ("Statements", "text=What each side claims"),
            ("Timeline", ".js-plotly-plot .cartesianlayer"),
        ):
            before = runs(page)
            started = time.monotonic()
            nav.get_by_text(name, exact=True).click()
            wait_run(page, before)
            page.wait_for_selector(ready, timeout=WAIT_MS)
            times.setdefault(name, []).append(time.monotonic() - started)
    page.context.close()
    return times


def paste_articles(n: int) -> list[str]:
    """Headline, dateline and first paragraph of ``n`` real articles."""
    manifest = json.loads((PASTE_SOURCE / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for item in manifest["articles"]:
        text = (PASTE_SOURCE / item["file"]).read_text(encoding="utf-8")
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        body = next((p for p in paragraphs[1:] if len(p) > 300), None)
        if body is None:
            continue
        day = time.strptime(item["published"], "%Y-%m-%d")
        out.append(f"{paragraphs[0]}\n\n{time.strftime('%B %-d, %Y', day)}\n\n{body}\n")
        if len(out) == n:
            break
    return out


def timed_pastes(browser, base: str, texts: list[str]) -> list[float]:
    page = new_page(browser)
    page.goto(base + "/articles")
    page.wait_for_selector("text=Paste", timeout=WAIT_MS)
    wait_run(page, 0)
    times = []
    for text in texts:
        page.get_by_label("Article text").fill(text)
        page.wait_for_timeout(300)
        before = runs(page)
        started = time.monotonic()
        page.get_by_role("button", name="Add article").click()
        page.wait_for_selector("text=/Article [0-9a-f]+ (added|was already stored)/", timeout=WAIT_MS)
        wait_run(page, before)
        times.append(time.monotonic() - started)
    page.context.close()
    return times


def save_screens(browser, base: str, folder: Path) -> list[str]:
    """Each page's first screen at both sizes, as a reader opens it."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for viewport in (DESK, PHONE):
        for name, (path, ready) in PAGES.items():
            page = new_page(browser, viewport)
            page.goto(base + path)
            page.wait_for_selector(ready, timeout=WAIT_MS)
            wait_run(page, 0)
            page.wait_for_timeout(1500)
            target = folder / f"corpus_{name}_{viewport['width']}x{viewport['height']}.png"
            page.screenshot(path=str(target))
            saved.append(target.name)
            page.context.close()
    return saved


def timed_first_start(folder: Path) -> tuple[float, str]:
    """(seconds from the server's start to the first page with data, its count line)."""
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    proc, base = start_server(f"sqlite:///{folder / 'empty.sqlite'}", folder / "server.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = new_page(browser)
            page.goto(base + "/")
            page.wait_for_selector("text=/Showing [\\d,]+ of [\\d,]+ records?/", timeout=WAIT_MS * 5)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
            elapsed = time.monotonic() - started
            line = count_text(page)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return elapsed, line


def server_cpu(url: str, rounds: int) -> dict[str, float]:
    """CPU seconds of one run of each page on the server side (AppTest), caches warm."""
    from streamlit.testing.v1 import AppTest

    from ui import legacy_pages

    os.environ["DATABASE_URL"] = url
    undo = legacy_pages.keep_legacy_pages_off_in_apptest()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=WAIT_MS / 1000).run()
        out = {}
        for name in PAGES:
            at.switch_page(f"pages/{name}.py").run()
            spent = []
            for _ in range(rounds):
                started = time.process_time()
                at.run()
                spent.append(time.process_time() - started)
            out[name] = statistics.median(spent)
    finally:
        undo()
    return out


def fmt_times(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (" + ", ".join(f"{v:.2f}" for v in values) + ")"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="URL of a SQLite store to copy (default: build one from the corpus)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--shots", type=Path, metavar="DIR", help="save each page's first screen here")
    ap.add_argument("--first-start", action="store_true", help="time a first start on an empty store")
    args = ap.parse_args()
    if args.first_start:
        with tempfile.TemporaryDirectory(prefix="walk-") as tmp:
            elapsed, line = timed_first_start(Path(tmp))
        print(f"first start on an empty store: {elapsed:.1f} s to the first page with data ({line})")
        return 0
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is absent (Debian package chromium)")
        return 1
    if not PASTE_SOURCE.exists() or (args.db is None and not CORPUS.exists()):
        print(f"{SHARED} is absent")
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="walk-") as tmp:
        folder = Path(tmp)
        url = sqlite_copy(args.db, folder) if args.db else build_corpus_store(folder)
        from core.store import Store

        store = Store(url=url)
        n_articles, n_records = len(store.articles_frame()), len(store.records_frame())
        store.close()
        proc, base = start_server(url, folder / "server.log")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                cold = timed_load(browser, base)
                warm = [timed_load(browser, base) for _ in range(args.rounds)]
                filters = timed_filter_changes(browser, base, args.rounds)
                switches = timed_page_switches(browser, base, args.rounds)
                pastes = timed_pastes(browser, base, paste_articles(args.rounds + 1))
                shots = save_screens(browser, base, args.shots) if args.shots else []
                browser.close()
            load = os.getloadavg()[0]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            errors = [line for line in (folder / "server.log").read_text().splitlines() if "Error" in line]
            if errors:
                print("server log errors:", *errors[:5], sep="\n  ")
        cpu = server_cpu(url, args.rounds)
    print(f"store: {n_articles:,} articles, {n_records:,} records; 1440x900 Chromium; {args.rounds} rounds")
    print(f"machine load average at the end of the walk: {load:.1f} ({os.cpu_count()} cores)")
    print(f"first load (fresh server, empty caches): {cold:.2f} s")
    print(f"load (warm server): {fmt_times(warm)}")
    print(f"filter change (kind = statement, then cleared): {fmt_times(filters)}")
    for name, values in switches.items():
        print(f"page switch to {name}: {fmt_times(values)}")
    print(f"first paste (parse worker starting): {pastes[0]:.2f} s")
    print(f"paste, warm worker (one paragraph): {fmt_times(pastes[1:])}")
    print("server CPU per page run, caches warm: " + ", ".join(f"{k} {v:.2f} s" for k, v in cpu.items()))
    if shots:
        print(f"screenshots in {args.shots}: {', '.join(shots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
