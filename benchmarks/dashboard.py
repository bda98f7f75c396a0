"""Dashboard benchmark: server-side render times over 100,000 records (Streamlit AppTest)
and the size of the timeline figure sent to the browser.

    .venv/bin/python -m benchmarks.dashboard [--records 100000] [--repeat 5]

The records come from ``benchmarks.generate.generate_records`` when the store's
generator is present, else from a generator here; either way they are put in the
shape ``Store.records_frame()`` returns and served by an in-memory stand-in for the
store, so the figures measure the dashboard (filters, figures, tables), not the
database: the store's own benchmark measures loading and filtering in the database.

It then fills a real SQLite store (in a temporary folder on the project's disk) with the
same number of records and prints the time to load the frame from it and a first render
served from that store, so the stand-in's figures can be compared with the real path.

Targets (issue 5): first render < 3 s, filter change < 1 s, timeline figure < 5 MB.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.model import Article, Block  # noqa: E402

TARGET_FIRST_RENDER_S = 3.0
TARGET_FILTER_CHANGE_S = 1.0
TARGET_FIGURE_MB = 5.0
SEED = 7  # fixed so that runs compare

COUNTRIES = [
    "UKR",
    "RUS",
    "USA",
    "TUR",
    "FRA",
    "DEU",
    "GBR",
    "POL",
    "BLR",
    "CHN",
    "ISR",
    "PSE",
    "SYR",
    "IRN",
    "LBN",
    "SDN",
    "ETH",
    "YEM",
    "MLI",
    "NER",
    "COD",
    "MMR",
    "AFG",
    "PAK",
    "IND",
    "ARM",
    "AZE",
    "GEO",
    "MDA",
    "KAZ",
]
EVENT_TYPES = [
    "attack",
    "armed_clash",
    "shelling",
    "air_strike",
    "advance",
    "retreat",
    "negotiation",
    "meeting",
    "announcement",
    "sanction",
    "aid",
    "statement",
    "claim",
    "denial",
    "warning",
]
PRECISIONS = np.array(["day", "article", "week", "month", "approximate"])
PRECISION_P = [0.6, 0.15, 0.1, 0.05, 0.1]
RANGE_DAYS = {"day": 0, "article": 0, "week": 6, "month": 29, "approximate": 7}


def _pools(rng):
    actors = [
        {"name": f"Official {i:03d} of {c}", "country": c, "role": "minister", "type": "person"}
        for i, c in enumerate(rng.choice(COUNTRIES, 300))
    ]
    places = [
        {"name": f"Town {i:03d}", "country": c, "lat": float(lat), "lon": float(lon), "kind": "city"}
        for i, (c, lat, lon) in enumerate(
            zip(
                rng.choice(COUNTRIES, 200), rng.uniform(-40, 65, 200), rng.uniform(-20, 120, 200), strict=True
            )
        )
    ]
    return actors, places


def own_records(n: int) -> list[dict]:
    """Record dicts (the core.model.Record schema) with varied actors, places, dates."""
    rng = np.random.default_rng(SEED)
    actors, places = _pools(rng)
    start = np.datetime64("2021-01-01")
    days = rng.integers(0, 3 * 365, n)
    precision = rng.choice(PRECISIONS, n, p=PRECISION_P)
    kinds = rng.choice(["event", "statement"], n, p=[0.6, 0.4])
    n_actors = rng.integers(1, 4, n)
    n_places = rng.integers(0, 3, n)
    records = []
    for i in range(n):
        who = [actors[j] for j in rng.integers(0, len(actors), n_actors[i])]
        where = [places[j] for j in rng.integers(0, len(places), n_places[i])]
        day = start + days[i]
        end = day + RANGE_DAYS[precision[i]]
        speaker = {"name": who[0]["name"], "country": who[0]["country"]} if kinds[i] == "statement" else None
        place = where[0]["name"] if where else "the front"
        records.append(
            {
                "id": f"{i:016x}",
                "article_id": f"a{i // 40:015x}",
                "kind": kinds[i],
                "event_type": EVENT_TYPES[i % len(EVENT_TYPES)],
                "summary": f"{who[0]['name']} {EVENT_TYPES[i % len(EVENT_TYPES)]} near {place}",
                "sentence": f"Generated benchmark sentence number {i}, long enough to look like news.",
                "char_start": 0,
                "char_end": 80,
                "date_start": str(day),
                "date_end": str(end),
                "date_precision": precision[i],
                "date_text": None if precision[i] == "article" else "on Tuesday",
                "actors": who,
                "locations": where,
                "speaker": speaker,
                "quote": "Generated quote" if speaker else None,
                "reported_by": "Reuters" if i % 3 else None,
                "confidence": 0.7,
            }
        )
    return records


def generated_records(n: int, generator: str) -> tuple[list[dict], str]:
    if generator == "own":
        return own_records(n), "benchmarks/dashboard.py own generator (300 actors, 200 places, 30 countries)"
    try:
        from benchmarks.generate import generate_records
    except ImportError:
        return own_records(n), "benchmarks/dashboard.py own generator (benchmarks.generate is absent)"
    out = [r.to_json() if hasattr(r, "to_json") else dict(r) for r in generate_records(n)]
    return out, "benchmarks.generate.generate_records"


def records_frame(records: list[dict]) -> pd.DataFrame:
    """The shape Store.records_frame() returns: Record fields plus the derived columns
    that core.query.finish_frame adds (the store calls the same function)."""
    from core.query import finish_frame

    frame = pd.DataFrame.from_records(records)
    frame["article_title"] = "Generated article " + frame["article_id"].str.slice(-6)
    frame["article_source"] = "generated.example"
    frame["article_published"] = frame["date_end"]
    frame["speaker_name"] = [s.get("name") if isinstance(s, dict) else None for s in frame["speaker"]]
    frame["speaker_country"] = [s.get("country") if isinstance(s, dict) else None for s in frame["speaker"]]
    frame["hidden"] = False
    frame["corrected"] = False
    frame["origin"] = "parser"
    return finish_frame(frame)


class FrameStore:
    """The few Store methods the read-only views call, over an in-memory frame."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        text = "Generated benchmark article.\n\n" + frame["sentence"].iloc[0]
        self._article = Article(
            id="bench",
            text=text,
            title="Generated article",
            published=datetime(2022, 1, 1),
            source="generated.example",
            blocks=(Block(0, 28, "title"), Block(30, len(text), "body")),
        )

    def is_empty(self) -> bool:
        return False

    reparse_failures: list = []

    def reparse(self, article_ids=None, outdated_only=False, progress=False, **options) -> int:
        return 0  # generated records come from no stored article: nothing is outdated

    def data_version(self) -> str:
        return f"bench-{len(self.frame)}"

    def records_frame(self, include_hidden: bool = False) -> pd.DataFrame:
        return self.frame

    def article(self, article_id):
        return self._article

    def articles_frame(self) -> pd.DataFrame:
        ids = self.frame["article_id"].unique()
        return pd.DataFrame(
            {
                "id": ids,
                "title": "Generated",
                "source": "generated.example",
                "url": None,
                "published": pd.Timestamp("2022-01-01"),
                "updated": None,
                "added_at": pd.Timestamp("2022-01-01"),
                "parser_version": "bench",
                "n_records": 40,
            }
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--generator",
        choices=("store", "own"),
        default="store",
        help="benchmarks.generate.generate_records (default) or this module's richer one",
    )
    args = parser.parse_args()

    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui import data, figures, legacy_pages

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime" notes from cache_data.clear()

    t0 = time.perf_counter()
    records, origin = generated_records(args.records, args.generator)
    frame = records_frame(records)
    print(f"{len(frame):,} records from {origin} in {time.perf_counter() - t0:.1f} s")

    store = FrameStore(frame)
    data.get_store = lambda url=None: store  # the cached loaders call this
    legacy_pages.keep_legacy_pages_off_in_apptest()  # for the whole run: see ui.legacy_pages
    app = str(ROOT / "dashboard.py")

    def first_render(page: str | None = None) -> float:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(app, default_timeout=120)
        start = time.perf_counter()
        at.run()
        if page:
            at.switch_page(page).run()
        elapsed = time.perf_counter() - start
        assert not at.exception, [e.value for e in at.exception]
        return elapsed

    firsts = [first_render() for _ in range(args.repeat)]
    at = AppTest.from_file(app, default_timeout=120)
    at.run()
    changes = []
    countries = ["UKR", "RUS", "USA", "TUR", "FRA"]
    for i in range(args.repeat):
        start = time.perf_counter()
        at.multiselect(key="country").set_value([countries[i % len(countries)]]).run()
        changes.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    warm = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)

    spec_all = figures.timeline_figure(frame, "actor").to_json()
    at_all = AppTest.from_file(app, default_timeout=120)
    at_all.run()
    sent = len(at_all.get("plotly_chart")[0].proto.spec.encode())
    # 1-3 actors each: just under the threshold in points
    below = frame.head(figures.AGGREGATE_THRESHOLD // 3)
    small = figures.timeline_figure(below, "actor").to_json()

    page_times = {
        page: statistics.median(first_render(page) for _ in range(2))
        for page in ("pages/map.py", "pages/statements.py")
    }

    from benchmarks.store import load_records
    from core.pipeline import PARSER_VERSION
    from core.store import Store

    with tempfile.TemporaryDirectory(prefix=".bench-dashboard-", dir=ROOT) as folder:
        real = Store(url=f"sqlite:///{Path(folder) / 'bench.db'}")
        t0 = time.perf_counter()
        load_records(real, args.records, parser_version=PARSER_VERSION)
        insert_s = time.perf_counter() - t0
        loads = []
        for _ in range(3):
            start = time.perf_counter()
            n_loaded = len(real.records_frame())
            loads.append(time.perf_counter() - start)
        data.get_store = lambda url=None: real
        real_firsts = [first_render() for _ in range(3)]
        real.close()

    def verdict(value, target):
        return "ok" if value < target else "OVER TARGET"

    med_first, med_change = statistics.median(firsts), statistics.median(changes)
    mb = sent / 1e6
    print(
        f"first render, timeline (cold caches), median of {args.repeat}: {med_first:.2f} s "
        f"(target < {TARGET_FIRST_RENDER_S} s: {verdict(med_first, TARGET_FIRST_RENDER_S)})"
    )
    print(
        f"filter change (country), median of {args.repeat}: {med_change:.2f} s "
        f"(target < {TARGET_FILTER_CHANGE_S} s: {verdict(med_change, TARGET_FILTER_CHANGE_S)})"
    )
    print(f"rerun with nothing changed (baseline), median of {args.repeat}: {statistics.median(warm):.2f} s")
    for page, seconds in page_times.items():
        print(f"first render, {page} (cold caches), median of 2: {seconds:.2f} s")
    med_load, med_real = statistics.median(loads), statistics.median(real_firsts)
    print(
        f"real SQLite store, {n_loaded:,} records (inserted in {insert_s:.1f} s): load the frame from the "
        f"store, median of 3: {med_load:.2f} s; first render served from the store (cold caches, frame "
        f"loaded inside), median of 3: {med_real:.2f} s ({med_real / med_first:.2f}x the stand-in's; "
        f"target < {TARGET_FIRST_RENDER_S} s: {verdict(med_real, TARGET_FIRST_RENDER_S)})"
    )
    print(
        f"timeline figure sent to the browser, all {len(frame):,} records: {mb:.2f} MB "
        f"(target < {TARGET_FIGURE_MB} MB: {verdict(mb, TARGET_FIGURE_MB)}); "
        f"to_json {len(spec_all) / 1e6:.2f} MB"
    )
    print(
        f"for comparison, {len(below):,} records drawn one by one (under the aggregation threshold "
        f"of {figures.AGGREGATE_THRESHOLD:,} points): {len(small) / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
