"""Browser tests: Debian's Chromium (Playwright) against `streamlit run dashboard.py`
on a free loopback port, with a temporary SQLite store. Screenshots of each page go
to the git-ignored ``artifacts/`` folder. All requests that leave loopback are
aborted, so every page (the map included) is checked to work offline."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from app_fixtures import HAND_MADE, HOSTILE_DOMAIN, HOSTILE_MARKUP, ROOT, build_store, involves

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
START_TIMEOUT_S = 60
WAIT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (Debian package chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = "sqlite:///" + str(tmp_path_factory.mktemp("browserdb") / "timeline.sqlite")
    build_store(url, hostile=True)
    return url


@contextmanager
def running_server(db_url: str, log_dir: Path):
    """`streamlit run dashboard.py` on a free loopback port over ``db_url``; yields its base URL."""
    port = free_port()
    log = open(log_dir / "streamlit.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db_url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            proc.kill()
            pytest.fail("streamlit did not start:\n" + log.read()[-3000:])
        time.sleep(0.3)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory):
    with running_server(db_url, tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs and aborts every request leaving loopback."""
    context = browser.new_context(viewport={"width": 1400, "height": 1700})
    page = context.new_page()
    page.dialogs = []
    page.off_host = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    def route(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            page.off_host.append(route.request.url)
            route.abort()

    page.on("dialog", on_dialog)
    page.route("**/*", route)
    yield page
    context.close()


def wait_for_app(page) -> None:
    """Until the count line is shown and the script has finished running."""
    page.wait_for_selector("text=/Showing [\\d,]+ of [\\d,]+ records?/", timeout=WAIT_MS)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=WAIT_MS,
    )
    page.wait_for_timeout(600)  # let charts finish drawing


def count_line(page) -> tuple[int, int]:
    text = page.locator("[data-testid=stSidebar]").inner_text()
    found = re.search(r"Showing ([\d,]+) of ([\d,]+) records?", text)
    assert found, text
    return tuple(int(g.replace(",", "")) for g in found.groups())


def table_rows(page) -> list[dict[str, str]]:
    """Rows of the first records table, read from the data grid's accessible table."""
    page.wait_for_selector("[data-testid=stDataFrame] table tbody tr", state="attached", timeout=WAIT_MS)
    grid = page.locator("[data-testid=stDataFrame] table").first
    headers = [(h.text_content() or "").strip() for h in grid.locator("thead th").all()]
    rows = []
    for tr in grid.locator("tbody tr").all():
        cells = [(td.text_content() or "").strip() for td in tr.locator("td").all()]
        rows.append(dict(zip(headers[-len(cells) :], cells, strict=False)))
    return rows


def shot(page, name: str) -> None:
    """Screenshot once lazily loaded parts (charts, code blocks) have drawn."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=WAIT_MS)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def records_frame(db_url):
    from core.store import Store

    return Store(url=db_url).records_frame()


def test_country_link_shows_only_records_involving_ukraine(server, page, db_url):
    page.goto(server + "/?country=UKR")
    wait_for_app(page)
    shown, total = count_line(page)
    frame = records_frame(db_url)
    assert (shown, total) == (len(involves(frame, "UKR")), len(frame))
    assert 0 < shown < total
    rows = table_rows(page)
    assert rows and all("UKR" in row["countries"] for row in rows), rows
    assert page.locator(".js-plotly-plot").count() >= 1
    shot(page, "timeline")
    assert not page.dialogs and not page.off_host


def test_filter_change_updates_url_and_link_restores_view(server, page, browser):
    page.goto(server + "/")
    wait_for_app(page)
    _, total = count_line(page)
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Kind").click()
    page.get_by_role("option", name="statement").click()
    page.wait_for_url(re.compile(r"kind=statement"), timeout=WAIT_MS)
    page.keyboard.press("Escape")
    wait_for_app(page)
    shown, _ = count_line(page)
    assert shown < total
    url = page.url
    assert parse_qs(urlparse(url).query)["kind"] == ["statement"]
    link = page.locator("[data-testid=stSidebar] [data-testid=stCode]").inner_text()
    assert "kind=statement" in link

    fresh = browser.new_context(viewport={"width": 1400, "height": 1700}).new_page()
    fresh.goto(url)
    wait_for_app(fresh)
    assert count_line(fresh) == (shown, total)
    # The chip in the restored filter; expect() waits for it (the widget can draw after the count line).
    from playwright.sync_api import expect

    kind_filter = fresh.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Kind")
    expect(kind_filter.get_by_text("statement", exact=True)).to_be_visible(timeout=WAIT_MS)
    fresh.context.close()


def test_selecting_a_point_opens_its_detail_and_link(server, page, browser):
    page.goto(server + "/?country=FRA")
    wait_for_app(page)
    point = page.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path").first
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # the detail pane, not the grid's hidden accessible copy of the same summary
    page.wait_for_selector(
        "text=TEST French spokesperson calls for a ceasefire >> visible=true", timeout=WAIT_MS
    )
    wait_for_app(page)
    # st.query_params changes the address with replaceState, which page.url does not follow.
    href = page.evaluate("location.href")
    assert "record=" in href and "country=FRA" in href
    shot(page, "timeline_detail")
    fresh = browser.new_context(viewport={"width": 1400, "height": 1700}).new_page()
    fresh.goto(href)
    wait_for_app(fresh)
    assert "When:" in fresh.locator("[data-testid=stMain]").inner_text()
    assert (
        "TEST A French spokesperson called for a ceasefire"
        in fresh.locator("[data-testid=stMain]").inner_text()
    )
    fresh.get_by_text("Correct or hide this record").click()
    fresh.wait_for_selector("text=Correct a record", timeout=WAIT_MS)
    wait_for_app(fresh)
    assert "/articles" in fresh.evaluate("location.href")
    assert fresh.get_by_text("TEST French spokesperson calls for a ceasefire").count() >= 1
    shot(fresh, "articles_correct")
    fresh.context.close()


def test_map_renders_offline(server, page):
    page.goto(server + "/map?country=UKR")
    wait_for_app(page)
    page.wait_for_selector(".geolayer g.layer.land path", state="attached", timeout=WAIT_MS)
    assert page.locator(".geolayer g.layer.land path").count() >= 1
    assert page.locator(".geolayer g.layer.countries path").count() >= 1
    assert page.locator(".scattergeo path.point, .scattergeo .point").count() >= 1
    assert not page.off_host, page.off_host  # nothing was asked of a CDN
    shot(page, "map")


def test_a_path_below_a_page_opens_that_page_not_a_blank_one(server, page):
    # Streamlit alone serves its HTML there with assets that do not load (see ui.server).
    page.goto(server + "/map/extra/more?country=UKR")
    wait_for_app(page)
    assert urlparse(page.url).path == "/map" and "country=UKR" in page.url
    page.wait_for_selector(".geolayer g.layer.land path", state="attached", timeout=WAIT_MS)
    link = page.locator("[data-testid=stSidebar] [data-testid=stCode]").inner_text()
    assert urlparse(link).path == "/map" and "extra" not in link
    page.goto(server + "/nonsense/deeper")
    wait_for_app(page)
    assert page.get_by_text("Page not found").count() == 1  # Streamlit's own notice
    link = page.locator("[data-testid=stSidebar] [data-testid=stCode]").inner_text()
    assert urlparse(link).path == "/" and "nonsense" not in link


def test_a_page_opened_directly_asks_nothing_that_is_not_there(server, page):
    """Streamlit's frontend looks for the server at the page's level first
    (``/map/_stcore/health``): two 404s per visit unless the page says where it is."""
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    for path in ("/map?country=UKR", "/statements", "/articles"):
        page.goto(server + path)
        wait_for_app(page)
    assert not failed, failed
    assert urlparse(page.evaluate("location.href")).path == "/articles"  # still the page asked for


def test_statements_and_articles_pages(server, page):
    page.goto(server + "/statements?side=FRA")
    wait_for_app(page)
    assert page.get_by_text("What each side claims").count() == 1
    # the French side's column quotes its spokesperson
    assert page.get_by_text("TEST We call for a ceasefire").count() >= 1
    shot(page, "statements")
    page.goto(server + "/articles")
    wait_for_app(page)
    assert page.get_by_role("tab", name="Browse and correct").count() == 1
    shot(page, "articles")
    page.get_by_role("tab", name="Browse and correct").click()
    page.wait_for_timeout(800)
    shot(page, "articles_browse")
    assert not page.dialogs and not page.off_host


def test_hostile_article_text_is_inert(server, page, db_url):
    frame = records_frame(db_url)
    hostile = frame[frame["summary"].str.contains("TEST hostile", regex=False)]["id"].iloc[0]
    page.goto(server + f"/?record={hostile}")
    wait_for_app(page)
    detail = page.locator("[data-testid=stMain]")
    page.wait_for_selector("text=TEST hostile markup", timeout=WAIT_MS)
    assert "<script>alert(1)</script>" in detail.inner_text()  # shown as text...
    assert page.locator("img[src=x]").count() == 0  # ...never as markup
    # Issue 37, finding 7: bare URLs became live links (12 in one record's detail).
    assert f"https://{HOSTILE_DOMAIN}/a" in detail.inner_text().replace("\u200d", "")
    assert page.locator(f"a[href*='{HOSTILE_DOMAIN}']").count() == 0
    shot(page, "hostile_detail")
    page.get_by_text("TEST hostile markup").last.scroll_into_view_if_needed()
    shot(page, "hostile_detail_panel")
    page.goto(server + "/statements?side=UKR")
    wait_for_app(page)
    assert "onerror=alert(2)" in page.locator("[data-testid=stMain]").inner_text()
    assert page.locator(f"a[href*='{HOSTILE_DOMAIN}']").count() == 0  # 18 links there before
    page.goto(server + "/articles")
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert page.dialogs == []
    assert page.locator("img[src=x]").count() == 0
    assert HOSTILE_MARKUP and HAND_MADE  # fixtures in use


def test_the_browse_tab_stays_open_after_hiding_a_record(server, page):
    page.goto(server + "/articles")
    wait_for_app(page)
    browse = page.get_by_role("tab", name="Browse and correct")
    browse.click()
    for label in ("Hide record", "Unhide record"):  # the store ends as it began
        page.get_by_role("button", name=label).click()
        page.wait_for_selector("text=Record", timeout=WAIT_MS)
        page.get_by_role(
            "button", name="Unhide record" if label == "Hide record" else "Hide record"
        ).wait_for(timeout=WAIT_MS)
        # the action's message is drawn above the tabs: the open tab must not change
        assert browse.get_attribute("aria-selected") == "true", label
    assert not page.dialogs and not page.off_host
