"""Browser tests of the views as a reader sees them (issue 13), in Debian's Chromium at a
desk size (1440x900) and a phone size (390x844), on the seed article, the hand-made test
records and two real articles from ``../shared/corpus/`` (one with a 2014 date).

Screenshots of every page at both sizes go to ``artifacts/views/`` (git-ignored): the
first screen as the reader sees it, and the whole page (``*_full.png``).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import test_browser as tb
from app_fixtures import ROOT, build_store

CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine-war-news"
# Two real articles: the first reads "in 2014" (Crimea), years before its other records.
CORPUS_ARTICLES = ("20220204T123000Z_UA_en_1d3757904e.txt", "20220126T083000Z_PL_en_5be7729074.txt")
DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = tb.ARTIFACTS / "views"
PAGES = {"timeline": "/", "map": "/map", "statements": "/statements", "articles": "/articles"}

pytestmark = [
    *tb.pytestmark,
    pytest.mark.skipif(
        not all((CORPUS / name).exists() for name in CORPUS_ARTICLES), reason=f"{CORPUS} is absent"
    ),
]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = "sqlite:///" + str(tmp_path_factory.mktemp("viewsdb") / "timeline.sqlite")
    store = build_store(url)
    for name in CORPUS_ARTICLES:  # the file names carry the publication time
        report = store.ingest_paths([CORPUS / name], published=datetime.strptime(name[:15], "%Y%m%dT%H%M%S"))
        assert report.added == 1, report.failed
    return url


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory):
    with tb.running_server(db_url, tmp_path_factory.mktemp("server")) as base:
        yield base


browser = tb.browser  # the module-scoped Chromium fixture


@pytest.fixture(scope="module")
def records(db_url):
    from core.store import Store

    return Store(url=db_url).records_frame()


def open_page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.off_host = []

    def route(route):
        if route.request.url.startswith(("http://127.0.0.1", "http://localhost")):
            route.continue_()
        else:
            page.off_host.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return page


def goto(page, url: str, *, chart: bool = False) -> None:
    page.goto(url)
    page.wait_for_selector("text=/Showing [\\d,]+ of [\\d,]+ records?/", state="attached", timeout=tb.WAIT_MS)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=tb.WAIT_MS,
    )
    if chart:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=tb.WAIT_MS)
    # Widgets whose code is still loading show as grey skeletons (Suspense fallbacks):
    # a screenshot taken then shows no text area, no uploader.
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=tb.WAIT_MS)
    page.wait_for_timeout(800)


def screenshots(page, name: str) -> None:
    """The first screen, then the whole page (the viewport stretched to the content:
    Streamlit scrolls inside its main container, so a plain full-page shot is one screen)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    size = f"{viewport['width']}x{viewport['height']}"
    page.screenshot(path=str(SHOTS / f"{name}_{size}.png"))
    tall = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": viewport["width"], "height": min(int(tall) + 40, 8000)})
    page.wait_for_timeout(700)
    page.screenshot(path=str(SHOTS / f"{name}_{size}_full.png"))
    page.set_viewport_size(viewport)
    page.wait_for_timeout(300)


# Elements reaching past the viewport's right edge that no ancestor clips or scrolls
# (a wide table inside its own scrolling grid is fine; a page that scrolls sideways is not).
OVERFLOWING = """w => {
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible' && a.getBoundingClientRect().right <= w + 1) return true; }
    return false; };
  return [...document.querySelectorAll('[data-testid=stMain] *')]
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.width > 0 && r.height > 0 && r.right > w + 1; })
    .filter(e => !clipped(e))
    .slice(0, 5).map(e => `${e.tagName}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`);
}"""


def plot(page, index: int = 0) -> dict:
    """The data and layout Plotly drew (gd.data, gd.layout), from the page itself."""
    return page.evaluate(
        """i => { const gd = document.querySelectorAll('.js-plotly-plot')[i];
                  return {data: gd.data.map(t => ({type: t.type, mode: t.mode || null, text: t.text || null,
                                                   name: t.name || null})),
                          range: gd.layout.xaxis.range}; }""",
        index,
    )


def test_overview_shows_the_records_per_day(server, browser, records):
    page = open_page(browser, DESK)
    goto(page, server + "/", chart=True)
    drawn = plot(page)
    totals = next(t for t in drawn["data"] if t["type"] == "scatter" and t["mode"] == "text")
    per_day = records["date_start"].dropna().dt.floor("D").value_counts()
    busiest = per_day.head(3)  # all inside the opening window (none is the 2014 record)
    shown = [
        int(n) for n in page.locator(".js-plotly-plot .textpoint text").all_text_contents() if n.isdigit()
    ]
    for count in busiest:
        assert str(count) in totals["text"] and count in shown, (count, shown)
    assert {t["type"] for t in drawn["data"]} >= {"bar", "scatter"}
    assert not page.off_host
    page.context.close()


def test_the_view_opens_without_the_2014_outlier_and_lists_it(server, browser, records):
    old = records[records["date_start"].dt.year.eq(2014)]
    assert len(old) >= 1  # the real article's "in 2014"
    page = open_page(browser, DESK)
    goto(page, server + "/", chart=True)
    start, end = (datetime.fromisoformat(v[:10]) for v in plot(page)["range"])
    assert start.year >= 2022 - 1 and end.year == 2022  # the axis is not stretched back to 2014
    main = page.locator("[data-testid=stMain]").inner_text()
    assert re.search(r"outside it.*2014", main, re.S), main[:600]
    assert "Russia nevertheless attacked Ukraine in 2014" in main
    page.context.close()


def test_clicking_a_point_shows_its_detail_in_the_first_viewport(server, browser):
    page = open_page(browser, DESK)
    goto(page, server + "/?country=FRA", chart=True)
    point = page.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path").first
    box = point.bounding_box()
    assert box["y"] + box["height"] < DESK["height"]  # the chart itself is in the first screen
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("text=When:", timeout=tb.WAIT_MS)
    tb.wait_for_app(page)
    when = page.get_by_text("When:").first.bounding_box()
    source = page.get_by_text("TEST A French spokesperson called for a ceasefire").first.bounding_box()
    for found in (when, source):
        assert 0 <= found["y"] and found["y"] + found["height"] <= DESK["height"], found
    assert "record=" in page.evaluate("location.href")
    screenshots(page, "timeline_detail")
    page.context.close()


def test_typing_ukraine_in_the_country_filter_selects_ukr(server, browser, records):
    page = open_page(browser, DESK)
    goto(page, server + "/")
    country = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Country")
    country.click()
    page.keyboard.type("Ukraine")
    option = page.get_by_role("option", name="Ukraine (UKR)")
    option.click()
    page.wait_for_function("() => location.href.includes('country=UKR')", timeout=tb.WAIT_MS)
    page.keyboard.press("Escape")
    tb.wait_for_app(page)
    shown, total = tb.count_line(page)
    from app_fixtures import involves

    assert shown == len(involves(records, "UKR")) < total
    assert "Ukraine (UKR)" in country.inner_text()
    page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_a_phone_and_both_sizes_are_captured(server, browser, name):
    for viewport in (DESK, PHONE):
        page = open_page(browser, viewport)
        goto(page, server + PAGES[name], chart=name in ("timeline", "map"))
        if viewport is PHONE:
            width = viewport["width"]
            wide = page.evaluate(OVERFLOWING, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert not wide, wide
        screenshots(page, name)
        assert not page.off_host, page.off_host
        page.context.close()


def test_sources_are_outlet_headline_and_date_never_a_file_name(server, browser, records):
    page = open_page(browser, DESK)
    goto(page, server + "/?country=UKR")
    from ui import fmt

    rows = tb.table_rows(page)
    sources = {row["source"] for row in rows}
    assert sources and not any(re.search(r"\.txt\b|[0-9a-f]{12}", s) for s in sources), sources
    # Each one is the label made from its article's outlet, headline and publication date
    # (the corpus files carry no headline, so theirs is the date alone).
    assert sources <= set(fmt.with_source_label(records)["source_label"]), sources
    assert "26 Jan 2022" in sources  # the corpus file named 20220126T083000Z_PL_en_…
    page.context.close()


# The map's own colours (ui/figures.py map_figure: land and ocean).
MAP_COLOURS = ((0xEE, 0xF0, 0xF2), (0xDC, 0xEC, 0xF7))


def map_extent(png: bytes) -> tuple[float, float]:
    """Width and height of the drawn map (land or ocean pixels) as shares of the chart's
    width, from a screenshot of the chart."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    is_map = np.zeros(pixels.shape[:2], dtype=bool)
    for colour in MAP_COLOURS:
        is_map |= np.abs(pixels - np.array(colour)).sum(axis=2) <= 12
    # Rows mostly map, then the columns mostly map within those rows: stray pixels of
    # anti-aliased text near the land's pale grey do not count.
    rows = is_map.mean(axis=1) > 0.5
    if not rows.any():
        return 0.0, 0.0
    columns = is_map[rows].mean(axis=0) > 0.5
    width = pixels.shape[1]
    return columns.sum() / width, rows.sum() / width


def test_the_map_takes_the_phones_full_width(server, browser):
    page = open_page(browser, PHONE)
    goto(page, server + "/map", chart=True)
    chart = page.locator(".js-plotly-plot").first
    box = chart.bounding_box()
    assert box["width"] >= 0.9 * PHONE["width"], box  # the sidebar is collapsed, no side legend
    across, down = map_extent(chart.screenshot())
    # The map spans the chart from edge to edge, in the landscape shape of its window
    # (a legend or colour bar beside it would leave it a third of the width).
    assert across >= 0.95, across
    assert down >= 0.4, down
    page.context.close()


# --- Issue 35: dates, selections, the detail in view, map labels, phone hover ---------------

ROW_PX = 35  # the data grid's row (and header) height, in pixels


def sidebar(page):
    """The sidebar, opened first on a phone (where it starts collapsed)."""
    bar = page.locator("[data-testid=stSidebar]")
    if bar.get_attribute("data-collapsed") == "true":
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_timeout(600)
    return bar


def wait_for_rerun(page) -> None:
    page.wait_for_timeout(400)  # the run the change starts
    tb.wait_for_app(page)


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_the_dates_take_a_typed_date_and_a_calendar_pick(server, browser, records, viewport):
    page = open_page(browser, viewport)
    goto(page, server + "/")
    total = tb.count_line(page)[0]
    dates = sidebar(page).locator("[data-testid=stDateInput]")
    dates.filter(has_text="From").get_by_role("spinbutton", name="year").click()
    page.keyboard.type("20220305")  # the segments advance by themselves
    page.mouse.click(viewport["width"] - 5, viewport["height"] - 5)  # leaving the field commits it
    page.wait_for_function("() => location.href.includes('from=2022-03-05')", timeout=tb.WAIT_MS)
    wait_for_rerun(page)
    typed = tb.count_line(page)[0]
    expected = records[records["date_end"].fillna(records["date_start"]) >= "2022-03-05"]
    assert typed == len(expected) < total
    sidebar(page).locator("[data-testid=stDateInput]").filter(has_text="To").get_by_test_id(
        "stDateInputCalendarButton"
    ).click()
    calendar = page.get_by_role("dialog")
    calendar.get_by_role("gridcell", name=re.compile(r"\b15\b")).first.click()
    page.wait_for_function("() => location.href.includes('to=2022-03-15')", timeout=tb.WAIT_MS)
    wait_for_rerun(page)
    picked = tb.count_line(page)[0]
    assert picked == int((expected["date_start"] <= "2022-03-15").sum()) < typed
    page.context.close()


def grid_click(page, grid, row: int) -> None:
    """Select a row (0 = first) of a data grid by its row marker."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)


def in_view(page, locator, viewport) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]


def test_a_row_click_in_a_bars_table_opens_that_rows_record(server, browser):
    page = open_page(browser, DESK)
    goto(page, server + "/", chart=True)
    bars = page.locator(".js-plotly-plot .barlayer .point path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    busiest = max((b for b in boxes if b), key=lambda b: b["height"])
    page.mouse.click(busiest["x"] + busiest["width"] / 2, busiest["y"] + busiest["height"] / 2)
    page.wait_for_selector("text=/Records selected on the chart/", timeout=tb.WAIT_MS)
    tb.wait_for_app(page)
    rows = tb.table_rows(page)
    assert len(rows) > 3
    grid_click(page, page.locator("[data-testid=stDataFrame]").first, 2)
    page.wait_for_function("() => location.href.includes('record=')", timeout=tb.WAIT_MS)
    wait_for_rerun(page)
    assert page.get_by_text("Records selected on the chart").count() == 1  # the list stays
    heading = page.locator(".st-key-record_detail h4").inner_text()
    assert heading == rows[2]["summary"], (heading, rows[2]["summary"])
    assert in_view(page, page.get_by_text("When:").first, DESK)  # brought into view
    page.context.close()


def test_the_detail_comes_into_view_after_a_table_click(server, browser):
    page = open_page(browser, DESK)
    goto(page, server + "/", chart=True)
    rows = tb.table_rows(page)
    row = min(len(rows) - 1, 6)  # in the grid's first screen, far below the detail
    grid_click(page, page.locator("[data-testid=stDataFrame]").first, row)
    page.wait_for_function("() => location.href.includes('record=')", timeout=tb.WAIT_MS)
    wait_for_rerun(page)
    when = page.get_by_text("When:").first
    when.wait_for(timeout=tb.WAIT_MS)
    page.wait_for_timeout(500)
    assert in_view(page, when, DESK)
    assert page.locator(".st-key-record_detail h4").inner_text() == rows[row]["summary"]
    screenshots(page, "timeline_table_click")
    page.context.close()


def test_a_tap_on_the_phone_brings_the_detail_into_view(server, browser):
    page = open_page(browser, PHONE)
    goto(page, server + "/?country=FRA", chart=True)
    point = page.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("text=When:", timeout=tb.WAIT_MS)
    wait_for_rerun(page)
    assert in_view(page, page.get_by_text("When:").first, PHONE)
    screenshots(page, "timeline_tap")
    page.context.close()


def test_phone_hover_labels_stay_on_the_screen(server, browser):
    page = open_page(browser, PHONE)
    goto(page, server + "/", chart=True)
    points = page.locator(".js-plotly-plot .cartesianlayer .scatterlayer .points path")
    for i in range(min(points.count(), 6)):  # the points nearest the right edge are the hard ones
        point = points.nth(points.count() - 1 - i)
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        label = page.locator(".hoverlayer .hovertext").first
        label.wait_for(timeout=tb.WAIT_MS)
        shown = label.bounding_box()
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"], shown
    page.context.close()


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_map_labels_do_not_overlap(server, browser, viewport):
    page = open_page(browser, viewport)
    goto(page, server + "/map", chart=True)
    page.wait_for_timeout(1200)  # the labels are decluttered after Plotly draws
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.scattergeo text')]
                 .filter(t => t.textContent && getComputedStyle(t).display !== 'none')
                 .map(t => { const r = t.getBoundingClientRect();
                             return [t.textContent, r.left, r.top, r.right, r.bottom]; })"""
    )
    assert boxes, "no place is named on the map"
    for i, (name, left, top, right, bottom) in enumerate(boxes):
        for other, left2, top2, right2, bottom2 in boxes[i + 1 :]:
            apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
            assert apart, (name, other)
    screenshots(page, "map_labels")
    page.context.close()
