"""App tests (Streamlit AppTest) for each page of the dashboard, on a temporary SQLite
store holding the seed article plus hand-made records with known countries and dates."""

from __future__ import annotations

import json
import re

import pytest
from app_fixtures import HAND_MADE, HOSTILE, ROOT, SEED, build_store, involves
from streamlit.testing.v1 import AppTest

from core.ingest import read_article
from ui import figures, fmt, legacy_pages, tables

APP = str(ROOT / "dashboard.py")
TIMEOUT = 60  # seconds per run: the first run imports plotly and parses the seed


@pytest.fixture(autouse=True)
def without_legacy_pages():
    """AppTest resets Streamlit's legacy "pages/ folder" flag before every run; keep it
    off, as in the server (see ui.legacy_pages)."""
    with legacy_pages.apptest_without_legacy_pages():
        yield


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = "sqlite:///" + str(tmp_path_factory.mktemp("appdb") / "timeline.sqlite")
    build_store(url, hostile=True)
    return url


@pytest.fixture
def app(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)

    def make(
        page: str | None = None, *, secrets: dict | None = None, user: dict | None = None, **params
    ) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update(params)
        at.secrets.update(secrets or {})
        if user is not None:
            at.user = user
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


@pytest.fixture
def records(db_url):
    from core.store import Store

    return Store(url=db_url).records_frame()


def count_line(at: AppTest) -> tuple[int, int]:
    for md in at.sidebar.markdown:
        found = re.search(r"Showing ([\d,]+) of ([\d,]+) records?", md.value)
        if found:
            return tuple(int(g.replace(",", "")) for g in found.groups())
    raise AssertionError("no count line in the sidebar")


def plotly_spec(at: AppTest, index: int = 0) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no plotly chart on the page"
    return json.loads(charts[index].proto.spec)


def share_link(at: AppTest) -> str:
    codes = [c.value for c in at.sidebar.code]
    assert codes, "no copy-link control"
    return codes[-1]


# --- Timeline (default page) ----------------------------------------------------------------


def test_timeline_shows_every_record_by_default(app, records):
    at = app()
    assert count_line(at) == (len(records), len(records))
    spec = plotly_spec(at)
    plotted, counted = set(), set()
    for trace in spec["data"]:
        for cd in trace.get("customdata") or ():
            if trace.get("mode") == "markers":
                plotted.add(cd[0])
            elif str(cd[0]).startswith("cell|"):  # several records of one lane and day, counted
                counted |= set(figures.cell_records(records, cd[0], "actor")["id"])
    dated = records[records["date_start"].notna()]
    assert plotted | counted == set(dated["id"])  # every dated record is a point, a range or counted
    assert not at.warning


def test_country_param_restores_filter_and_narrows(app, records):
    at = app(country="UKR")
    assert at.multiselect(key="country").value == ["UKR"]
    expected = involves(records, "UKR")
    assert count_line(at) == (len(expected), len(records))
    assert 0 < len(expected) < len(records)  # the French and Turkish test records drop out
    table = at.dataframe[0].value
    assert set(table["countries"].map(lambda s: "UKR" in s)) == {True}
    assert "country=UKR" in share_link(at)


def test_changing_a_filter_updates_url_and_count(app, records):
    at = app()
    at.multiselect(key="country").set_value(["FRA"]).run()
    # The browser rewrites the address bar itself (see test_browser); here the
    # copy-link control must carry the new filter.
    assert "country=FRA" in share_link(at)
    assert count_line(at)[0] == len(involves(records, "FRA")) == 1
    at.multiselect(key="kind").set_value(["event"]).run()
    assert count_line(at)[0] == 0  # the only French record is a statement
    assert any("No records match" in i.value for i in at.info)


def test_several_values_date_range_and_search(app, records):
    at = app(country=["FRA", "TUR"])
    assert sorted(at.multiselect(key="country").value) == ["FRA", "TUR"]
    either = set(involves(records, "FRA")["id"]) | set(involves(records, "TUR")["id"])
    assert count_line(at)[0] == len(either) >= 2
    at = app(**{"from": "2022-03-05", "to": "2022-03-15"})
    dates = records["date_start"]
    in_range = records[(records["date_end"].fillna(dates) >= "2022-03-05") & (dates <= "2022-03-15")]
    assert count_line(at)[0] == len(in_range) >= 1
    at = app(q="ceasefire")
    assert count_line(at)[0] == 1


def test_malformed_parameters_show_a_notice_not_a_crash(app, records):
    at = app(country=["UKR", "XXX"], **{"from": "2022-99-01"}, bogus="1", lane="diagonal")
    notices = " ".join(w.value for w in at.warning)
    assert "XXX" in notices and "2022" in notices and "bogus" in notices and "diagonal" in notices
    assert at.multiselect(key="country").value == ["UKR"]  # the valid value survives
    assert count_line(at)[0] == len(involves(records, "UKR"))


def test_a_date_outside_the_pickers_range_is_a_notice(app, records):
    at = app(**{"from": "1800-01-01", "to": "2022-03-15"})
    notices = " ".join(w.value for w in at.warning)
    assert "1800" in notices and "dates run from 1900-01-01" in notices, notices
    dates = records["date_start"]
    assert count_line(at)[0] == int((dates <= "2022-03-15").sum())  # "to" still applies


def test_many_unknown_parameters_make_one_notice_cleared_at_the_first_change(app):
    at = app(**{f"junk{i}": "1" for i in range(250)})
    notices = [w.value for w in at.warning]
    assert len(notices) == 1 and "250 parameters" in notices[0], notices
    at.multiselect(key="country").set_value(["FRA"]).run()
    assert not at.warning


def test_lanes_by_country_and_record_detail_from_link(app, records):
    target = records[records["summary"].eq(HAND_MADE[0]["summary"])]["id"].iloc[0]
    at = app(lane="country", record=target)
    spec = plotly_spec(at)
    lanes = set(spec["layout"]["yaxis2"]["ticktext"])  # the lanes, countries by name
    assert {"Russia (RUS)", "Ukraine (UKR)", "France (FRA)", "Türkiye (TUR)"} <= lanes
    text = " ".join(m.value for m in at.markdown)
    assert "TEST Russian forces shell Kharkiv" in text
    assert "record=" + target in share_link(at) and "lane=country" in share_link(at)


def test_hostile_text_is_escaped_in_the_detail(app, records):
    hostile = records[records["summary"].str.contains("TEST hostile", regex=False)]
    at = app(record=hostile["id"].iloc[0])
    shown = " ".join(m.value for m in at.markdown)
    assert "TEST hostile" in shown
    assert "<script>" not in shown and r"\<script\>" in shown
    assert not re.search(r"(?<!\\)<", shown)  # every < is escaped


# --- Map ----------------------------------------------------------------------------------


def test_map_places_sized_by_count_with_local_topojson(app):
    at = app("pages/map.py", country="TUR")
    spec = plotly_spec(at)
    names = {cd[0] for trace in spec["data"] for cd in trace.get("customdata") or ()}
    assert "Ankara" in names and "Paris" not in names
    assert all(t["type"] == "scattergeo" for t in spec["data"])
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["topojsonURL"] == "app/static/"
    assert (ROOT / "static" / "world_110m.json").stat().st_size > 50_000


def test_a_map_selection_lives_in_the_link(app, records):
    at = app("pages/map.py", place="Ankara")
    ankara = records[records["location_names"].map(lambda names: "Ankara" in names)]
    assert [h.value for h in at.subheader] == ["Records at Ankara"]
    listed = at.dataframe[0].value
    assert len(listed) == len(ankara) > 0 and set(listed["summary"]) == set(ankara["summary"])
    assert "place=Ankara" in share_link(at)
    at.button[0].click().run()  # "All places" clears the selection and the link
    assert [h.value for h in at.subheader] == ["Places"] and "place=" not in share_link(at)
    assert "place" not in at.query_params


def test_a_place_not_in_the_data_is_a_notice_and_lists_nothing(app):
    at = app("pages/map.py", place="Atlantis")
    assert any("Ignored place “Atlantis”" in w.value for w in at.warning)
    assert [h.value for h in at.subheader] == ["Places"]


def test_map_colour_by_kind(app):
    at = app("pages/map.py", color="kind")
    spec = plotly_spec(at)
    assert {t["name"] for t in spec["data"] if t["mode"] == "markers"} <= {"event", "statement"}


# --- Statements -----------------------------------------------------------------------------


def test_statements_grouped_by_speaker_and_side_by_side(app):
    at = app("pages/statements.py")
    table = at.dataframe[0].value
    assert "Test Spokesperson" in set(table["speaker"])
    assert table.loc[table["speaker"].eq("Test Spokesperson"), "country"].item() == "France (FRA)"
    at = app("pages/statements.py", side="FRA")
    assert at.multiselect(key="side").value == ["FRA"]
    shown = " ".join(m.value for m in at.markdown)
    assert "We call for a ceasefire" in shown


def test_statements_follow_the_filters(app):
    at = app("pages/statements.py", kind="event")
    assert any("No statements" in i.value for i in at.info)


# --- Articles -------------------------------------------------------------------------------


def test_articles_page_lists_and_rejects_bad_input(app, db_url):
    from core.store import Store

    before = len(Store(url=db_url).articles_frame())
    at = app("pages/articles.py")
    at.text_area(key="paste_text").set_value("   ")
    submit = [b for b in at.button if b.label == "Add article"][0]
    submit.click().run()
    assert any("empty" in e.value for e in at.error)
    assert len(Store(url=db_url).articles_frame()) == before  # nothing stored, nothing lost


def test_upload_reports_bad_files_and_keeps_good_ones(app, db_url):
    from core.store import Store

    store = Store(url=db_url)
    before = len(store.articles_frame())
    at = app("pages/articles.py")
    good = (
        b"SYNTHETIC TEST ARTICLE - not real news\n\nTest headline\n\nApril 3, 2022\n\n"
        b"Polish officials said on Sunday that aid convoys reached Lviv.\n"
    )
    uploader = at.file_uploader[0]
    uploader.upload("good.txt", good, "text/plain").upload("bad.txt", b"\x00\x01\xff" * 50, "text/plain")
    uploader.upload("empty.txt", b"", "text/plain").upload("huge.txt", b"word " * 2_400_000, "text/plain")
    [b for b in at.button if b.label == "Add uploaded files"][0].click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    named = [fmt.md_escape(name) for name in ("bad.txt", "empty.txt", "huge.txt")]  # 12 MB > 10 MB limit
    assert all(name in errors for name in named)
    assert "upload-" not in errors  # reasons name the file, not its temporary copy
    assert len(store.articles_frame()) == before + 1


def test_correct_a_record_through_the_store(app, db_url, records):
    from core.store import Store

    at = app("pages/articles.py")
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    record_id = at.selectbox(key="record_pick").value
    event_type = [s for s in at.selectbox if s.label == "Event type"][0]
    new_type = next(o for o in event_type.options if o != event_type.value)
    event_type.set_value(new_type)
    [b for b in at.button if b.label == "Save corrections"][0].click().run()
    assert not at.error, [e.value for e in at.error]
    history = Store(url=db_url).corrections(record_id)
    assert "event_type" in set(history["field"])
    # a local run has one user; nobody types a name
    assert history[history["field"] == "event_type"]["who"].iloc[-1] == "local"


@pytest.fixture
def far_dated_app(tmp_path, monkeypatch):
    """A store holding one SYNTHETIC article (stored unparsed) and records added by hand
    dated in the years 1000 and 1700, as two corpus records are."""
    from core import pipeline
    from core.ingest import article_from_text
    from core.store import Store

    url = "sqlite:///" + str(tmp_path / "far.sqlite")
    store = Store(url=url)
    article = article_from_text("SYNTHETIC test article.\n\nTroops crossed the river.", source="synthetic")
    store.add_parsed(pipeline.Parsed(article, [], [], [], []))
    ids = [
        store.add_record(article.id, {"summary": f"TEST dated {day}", "date_start": day}, "setup")
        for day in ("1000-05-01", "1700-01-02")
    ]
    monkeypatch.setenv("DATABASE_URL", url)

    def open_record(record_id):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.run()
        at.switch_page("pages/articles.py").run()
        at.selectbox(key="article_pick").set_value(article.id).run()
        at.selectbox(key="record_pick").set_value(record_id).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return store, ids, open_record


def test_a_record_dated_outside_1900_2100_can_be_corrected_and_hidden(far_dated_app):
    """Issue 37, finding 11: the Articles page crashed (StreamlitValueAboveMaxError) on
    records dated 1000 or 1700, which therefore could be neither corrected nor hidden."""
    store, ids, open_record = far_dated_app
    for record_id, day in zip(ids, ("1000-05-01", "1700-01-02"), strict=True):
        at = open_record(record_id)
        assert at.text_input(key=None) is not None
        date_from = [t for t in at.text_input if t.label == "Date from"][0]
        assert date_from.value == day
        [t for t in at.text_input if t.label == "Summary"][0].set_value(f"TEST corrected {day}")
        [b for b in at.button if b.label == "Save corrections"][0].click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        [b for b in at.button if b.label == "Hide record"][0].click().run()
        assert not at.exception
    frame = store.records_frame(include_hidden=True).set_index("id")
    assert frame.loc[ids, "summary"].tolist() == ["TEST corrected 1000-05-01", "TEST corrected 1700-01-02"]
    assert frame.loc[ids, "hidden"].all()
    # a date typed in any year is taken; one that is no date is refused in one line
    at = open_record(ids[0])
    [t for t in at.text_input if t.label == "Date to"][0].set_value("2150-12-31")
    [b for b in at.button if b.label == "Save corrections"][0].click().run()
    assert store.records_frame(include_hidden=True).set_index("id").loc[ids[0], "date_end"].year == 2150
    [t for t in at.text_input if t.label == "Date from"][0].set_value("the first of May")
    [b for b in at.button if b.label == "Save corrections"][0].click().run()
    refused = [e.value for e in at.error if e.value.startswith("Correction refused: Date from")]
    assert refused and "not a date in the form" in refused[0] and "the first of May" in refused[0]


def test_the_correction_history_shows_without_an_arrow_traceback(far_dated_app, caplog):
    """Issue 37, finding 14: showing a history of text, dates and true/false values logged
    an Arrow conversion traceback."""
    store, ids, open_record = far_dated_app
    store.hide_record(ids[0], "Ana")
    store.correct(ids[0], "actors", [{"name": "Test Actor", "country": "UKR"}], "Ana")
    with caplog.at_level("DEBUG"):
        at = open_record(ids[0])
    table = [d for d in at.dataframe if list(d.value.columns) == list(tables.HISTORY_COLUMNS)]
    assert table and {"false", "[]"} <= set(table[0].value["previous"])  # hidden: false; actors: none
    assert "Arrow" not in caplog.text and "Traceback" not in caplog.text


def test_a_correction_on_a_form_someone_else_changed_meanwhile_is_refused(far_dated_app):
    """Issue 37, finding 1, in the dashboard: the form compares with what it showed."""
    store, ids, open_record = far_dated_app
    at = open_record(ids[0])  # the editor sees the record...
    store.correct(ids[0], "summary", "TEST changed by another editor", "other")  # ...someone else saves
    [t for t in at.text_input if t.label == "Summary"][0].set_value("TEST my summary")
    [b for b in at.button if b.label == "Save corrections"][0].click().run()
    assert any("changed by someone else" in e.value for e in at.error), [e.value for e in at.error]
    history = store.corrections(ids[0])
    assert history["who"].tolist() == ["setup", "other"]  # nothing of this editor's saved
    # another field than the one changed meanwhile saves, with the true previous value
    at = open_record(ids[0])
    store.correct(ids[0], "summary", "TEST changed again", "other")
    [t for t in at.text_input if t.label == "Date to"][0].set_value("1000-05-03")
    [b for b in at.button if b.label == "Save corrections"][0].click().run()
    assert not at.error, [e.value for e in at.error]
    last = store.corrections(ids[0]).iloc[-1]
    assert (last["field"], last["previous"], last["value"]) == ("date_end", "1000-05-01", "1000-05-03")


def test_readme_documents_every_query_parameter():
    from ui import state

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Dashboard") :]
    table = section[section.index("| parameter |") : section.index("Example:")]
    missing = [p for p in state.KNOWN_PARAMS if f"`{p}`" not in table]
    assert not missing, f"README's Dashboard section does not document {missing}"


def test_hide_then_delete_with_confirmation(app, db_url):
    from core.store import Store

    store = Store(url=db_url)
    at = app("pages/articles.py")
    hostile_id = read_article(HOSTILE).id
    at.selectbox(key="article_pick").set_value(hostile_id).run()
    total = count_line(at)[1]
    [b for b in at.button if b.label == "Hide record"][0].click().run()
    assert not at.exception
    assert count_line(at)[1] == total - 1  # hidden from every view
    [b for b in at.button if b.label == "Delete…"][0].click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    assert hostile_id in set(store.articles_frame()["id"])  # nothing deleted before the confirmation
    [b for b in at.button if b.label == "Yes, delete"][0].click().run()
    assert not at.exception
    assert hostile_id not in set(store.articles_frame()["id"])


def test_every_page_has_a_friendly_empty_state(tmp_path, monkeypatch):
    from ui import data

    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "empty.sqlite"))
    monkeypatch.setattr(data, "SAMPLE_ARTICLES", tmp_path / "no-articles")  # nothing to seed with
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    for page in ("pages/timeline.py", "pages/map.py", "pages/statements.py", "pages/articles.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert count_line(at) == (0, 0)
        assert any("No records yet" in i.value or "No articles" in i.value for i in at.info), page


def test_the_date_pickers_offer_the_datas_period_widened_to_the_links_dates(app, records):
    """The calendar opens on the records, not on today; a linked date outside them is kept."""
    first, last = fmt.to_day(records["date_start"].min()), fmt.to_day(records["date_end"].max())
    at = app()
    for key in ("from", "to"):
        assert (at.date_input(key=key).min, at.date_input(key=key).max) == (first, last)
    at = app(**{"from": "2014-03-01"})
    assert str(at.date_input(key="from").value) == "2014-03-01"
    assert at.date_input(key="from").min.isoformat() == "2014-03-01" < first.isoformat()
    assert at.date_input(key="to").max == last


def test_the_readme_example_link_on_the_seed(app, records):
    """?country=UKR&actor=Alexander+Fomin&from=2022-02-24&to=2022-03-29 on the seed article."""
    at = app(country="UKR", actor="Alexander Fomin", **{"from": "2022-02-24", "to": "2022-03-29"})
    assert not at.warning
    assert at.multiselect(key="actor").value == ["Alexander Fomin"]
    assert str(at.date_input(key="from").value) == "2022-02-24"
    fomin = records[records["actor_names"].map(lambda names: "Alexander Fomin" in names)]
    fomin = involves(fomin, "UKR")
    fomin = fomin[(fomin["date_end"] >= "2022-02-24") & (fomin["date_start"] <= "2022-03-29")]
    shown, total = count_line(at)
    assert shown == len(fomin) >= 1 and shown < total
    table = at.dataframe[0].value
    assert len(table) == shown
    link = share_link(at)
    assert "actor=Alexander+Fomin" in link and "from=2022-02-24" in link and "to=2022-03-29" in link


def test_record_link_opens_its_correction_form_and_statements_detail(app, records):
    target = records[records["summary"].eq(HAND_MADE[1]["summary"])]["id"].iloc[0]
    at = app("pages/articles.py", record=target)
    assert at.selectbox(key="record_pick").value == target
    at = app("pages/statements.py", record=target)
    assert any("TEST French spokesperson" in m.value for m in at.markdown)


def active_tab(at: AppTest) -> str:
    return at.session_state["articles_tab"]


def test_the_browse_tab_stays_open_after_an_action_and_a_new_link_opens_it(app, records):
    at = app("pages/articles.py")
    assert active_tab(at) == "Add articles"
    at.session_state["articles_tab"] = "Browse and correct"  # the user switches tab
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    for _ in range(2):  # hide, then unhide: each draws a message above the tabs
        [b for b in at.button if b.label in {"Hide record", "Unhide record"}][0].click().run()
        assert not at.exception
        assert any(m.value.startswith("Record") for m in at.success)
        assert active_tab(at) == "Browse and correct"
    at.session_state["articles_tab"] = "Add articles"
    at.run()
    assert active_tab(at) == "Add articles"  # a link already handled does not reopen Browse
    target = records[records["summary"].eq(HAND_MADE[1]["summary"])]["id"].iloc[0]
    at.query_params["record"] = target
    at.run()
    assert active_tab(at) == "Browse and correct"
    at.session_state["articles_tab"] = "Add articles"
    at.run()
    assert active_tab(at) == "Add articles"  # the user's choice of tab stands


def test_articles_left_by_an_older_parser_are_re_read_at_start(tmp_path, monkeypatch):
    import sqlalchemy as sa

    from core import pipeline, schema
    from core.store import Store

    url = "sqlite:///" + str(tmp_path / "old.sqlite")
    old = Store(url=url)
    old.ingest_paths([SEED])
    with old.engine.begin() as conn:  # as if stored by an earlier release
        conn.execute(sa.update(schema.articles).values(parser_version="0.0.1"))
    before = len(old.records_frame())
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert old.articles_frame()["parser_version"].tolist() == [pipeline.PARSER_VERSION]
    assert count_line(at) == (before, before)


# --- Access control on a hosted instance (issue 15) ----------------------------------------

EDITOR_PASSWORD = "correct horse battery"  # SYNTHETIC test password
EDIT_LABELS = {
    "Add article",
    "Add uploaded files",
    "Re-parse",
    "Delete…",
    "Save corrections",
    "Hide record",
    "Unhide record",
    "Add record",
}


@pytest.fixture(scope="module")
def password_secrets():
    from core.access import PASSWORD_HASH_KEY, hash_password

    return {PASSWORD_HASH_KEY: hash_password(EDITOR_PASSWORD)}


@pytest.fixture(autouse=True)
def fresh_attempt_counts(monkeypatch):
    """Wrong passwords are counted per server process; each test starts with none, on a
    clock that stands still (a slow test run must not outlast a back-off)."""
    from core.access import AttemptLimiter
    from ui import access

    monkeypatch.setattr(access, "ATTEMPTS", AttemptLimiter(clock=lambda: 0.0))


def edit_controls(at: AppTest) -> set[str]:
    return {b.label for b in at.button} & EDIT_LABELS


def test_a_visitor_of_a_password_instance_sees_no_edit_control(app, records, password_secrets):
    record_id = records["id"].iloc[0]
    for page in ("pages/timeline.py", "pages/map.py", "pages/statements.py", "pages/articles.py"):
        at = app(page, secrets=password_secrets)
        assert not edit_controls(at), page
        assert not at.text_area and not at.file_uploader, page
    # the detail's "Correct" link opens the article, never a correction form
    at = app("pages/articles.py", secrets=password_secrets, record=record_id)
    assert not edit_controls(at) and not [s for s in at.selectbox if s.label == "Event type"]
    assert any("Read-only" in i.value for i in at.info)


def test_a_wrong_password_keeps_the_instance_read_only(app, password_secrets):
    at = app("pages/articles.py", secrets=password_secrets)
    at.text_input(key="editor_password").set_value("guess")
    [b for b in at.button if b.label == "Sign in"][0].click().run()
    assert any("Wrong password" in e.value for e in at.error)
    assert not edit_controls(at)


def test_the_editor_password_opens_the_controls_and_signs_corrections(app, db_url, password_secrets):
    from core.access import PASSWORD_EDITOR
    from core.store import Store

    at = app("pages/articles.py", secrets=password_secrets)
    at.text_input(key="editor_password").set_value(EDITOR_PASSWORD)
    [b for b in at.button if b.label == "Sign in"][0].click().run()
    assert not at.exception
    assert {"Add article", "Add uploaded files"} <= edit_controls(at)
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    assert {"Re-parse", "Delete…", "Save corrections", "Add record"} <= edit_controls(at)
    record_id = at.selectbox(key="record_pick").value
    [b for b in at.button if b.label in {"Hide record", "Unhide record"}][0].click().run()
    assert not at.exception
    history = Store(url=db_url).corrections(record_id)
    assert PASSWORD_EDITOR in set(history["who"])
    [b for b in at.button if b.label == "Sign out"][0].click().run()
    assert not edit_controls(at)


OIDC_SECRETS = {  # SYNTHETIC provider settings: st.login is never called in these tests
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "synthetic-test-secret",
        "client_id": "dashboard",
        "client_secret": "synthetic",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    },
    "editor_emails": ["ed@example.org"],
}


def test_oidc_visitor_is_read_only_and_a_signed_in_user_edits_as_their_email(app, db_url):
    from core.store import Store

    at = app("pages/articles.py", secrets=OIDC_SECRETS, user={"is_logged_in": False})
    assert not edit_controls(at)
    assert [b for b in at.button if b.label == "Sign in"]
    at = app(
        "pages/articles.py", secrets=OIDC_SECRETS, user={"is_logged_in": True, "email": "ed@example.org"}
    )
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    assert {"Re-parse", "Save corrections"} <= edit_controls(at)
    record_id = at.selectbox(key="record_pick").value
    [b for b in at.button if b.label in {"Hide record", "Unhide record"}][0].click().run()
    assert "ed@example.org" in set(Store(url=db_url).corrections(record_id)["who"])


def test_an_oidc_account_that_is_not_listed_is_a_visitor_and_told_so(app):
    """Issue 37, finding 5: a stranger's Gmail account got all 7 edit controls."""
    stranger = {"is_logged_in": True, "email": "stranger@gmail.com", "name": "**Str** [x](y)"}
    at = app("pages/articles.py", secrets=OIDC_SECRETS, user=stranger)
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    assert not edit_controls(at) and not at.text_area and not at.file_uploader
    captions = [c.value.replace(fmt.ZERO_WIDTH_JOINER, "") for c in at.sidebar.caption]
    assert any("Signed in as stranger@gmail\\.com" in c for c in captions)
    assert any("not one of this dashboard's editors" in c for c in captions)


def test_the_signed_in_caption_is_escaped(app, monkeypatch):
    """Issue 37, finding 8: the 'Signed in as' caption was not escaped."""
    secrets = {**OIDC_SECRETS, "editor_domains": ["example.org"]}
    user = {"is_logged_in": True, "email": "[click](javascript:alert(1))**x**@example.org"}
    at = app("pages/timeline.py", secrets=secrets, user=user)
    shown = [c.value for c in at.sidebar.caption if "Signed in as" in c.value]
    assert shown and not LIVE_MARKUP.search(shown[0]) and "\\[click\\]" in shown[0]


def test_wrong_passwords_back_off_per_session_and_per_address(app, password_secrets):
    """Issue 37, finding 8: no limit on password attempts (57 ms a try)."""
    from core.access import FREE_ATTEMPTS

    at = app("pages/articles.py", secrets=password_secrets)
    for _ in range(FREE_ATTEMPTS):
        at.text_input(key="editor_password").set_value("guess")
        [b for b in at.button if b.label == "Sign in"][0].click().run()
        assert any("Wrong password" in e.value for e in at.sidebar.error)
    at.text_input(key="editor_password").set_value(EDITOR_PASSWORD)  # even the right one waits
    [b for b in at.button if b.label == "Sign in"][0].click().run()
    assert any("Too many wrong passwords" in e.value for e in at.sidebar.error) and not edit_controls(at)
    other = app("pages/articles.py", secrets=password_secrets)  # a new session, the same address
    other.text_input(key="editor_password").set_value(EDITOR_PASSWORD)
    [b for b in other.button if b.label == "Sign in"][0].click().run()
    assert any("Too many wrong passwords" in e.value for e in other.sidebar.error)


def test_named_editors_sign_corrections_with_their_name(app, db_url):
    from core.access import hash_password
    from core.store import Store

    secrets = {"editor_passwords": {"Ana Editor": hash_password("ana's secret")}}
    at = app("pages/articles.py", secrets=secrets)
    at.text_input(key="editor_name").set_value("Ana Editor")
    at.text_input(key="editor_password").set_value("ana's secret")
    [b for b in at.button if b.label == "Sign in"][0].click().run()
    assert any("Signed in as Ana Editor" in c.value for c in at.sidebar.caption)
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    record_id = at.selectbox(key="record_pick").value
    [b for b in at.button if b.label in {"Hide record", "Unhide record"}][0].click().run()
    assert not at.exception
    assert "Ana Editor" in set(Store(url=db_url).corrections(record_id)["who"])


def test_a_store_the_server_cannot_write_is_shown_without_edit_controls(tmp_path, monkeypatch, db_url):
    """Issue 15 (3e): a store in a read-only folder is read, and offers nothing to change."""
    import sqlite3

    import core.store
    from core.store import Store

    copy = tmp_path / "read-only.sqlite"
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the -wal journal's commits too, which a file copy would miss
    url = f"sqlite:///{copy}"
    monkeypatch.setattr(core.store, "sqlite_read_only", lambda path: True)
    monkeypatch.setenv("DATABASE_URL", url)
    expected = len(Store(url=url).records_frame())
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert count_line(at)[1] == expected
    at.switch_page("pages/articles.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not edit_controls(at) and not at.text_area and not at.file_uploader
    assert any("Read-only" in c.value for c in at.sidebar.caption)


# --- One escape rule: hostile Markdown/HTML/JS in an article stays inert (issue 15) ---------

HOSTILE_MD = ROOT / "tests" / "resources" / "synthetic" / "hostile_markdown_article.txt"
INVISIBLE = ("\u202e", "\u202c", "\u200b")  # bidi override/pop and zero-width space in the title
# Raw markup that would render as a link, bold text or an HTML tag if it reached Markdown. The
# title's "**mayor**" is raw bold; the statements list bolds each speaker's name on purpose
# ("**mayor** · 1 Apr 2022" for the mayor the article quotes), which is not the title leaking.
LIVE_MARKUP = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)<\w|(?<!\\)\*\*mayor(?!\*\* · )")


def rendered_text(at: AppTest) -> list[str]:
    """Every Markdown-rendered string the page shows (markdown, captions, headers, alerts)."""
    kinds = ("markdown", "caption", "subheader", "header", "error", "warning", "info", "success")
    values = [e.value for kind in kinds for e in at.get(kind)]
    values += [e.value for kind in kinds for e in at.sidebar.get(kind)]
    return [str(v) for v in values]


# The bare-link patterns of GitHub-flavoured Markdown as Streamlit's bundle has them
# (mdast-util-gfm-autolink-literal; JavaScript's \w is ASCII), applied to the text
# Markdown reads once backslash escapes are undone.
GFM_AUTOLINKS = (
    re.compile(r"(?i)(https?://|www(?=\.))([-.A-Za-z0-9_]+)"),
    re.compile(r"([-.A-Za-z0-9_+]+)@([-A-Za-z0-9_]+(?:\.[-A-Za-z0-9_]+)+)"),
)


@pytest.mark.parametrize(
    "text",
    [
        "see https://evil.example/x now",
        "HTTP://EVIL.EXAMPLE",
        "visit www.evil.example today",
        "write to victim@evil.example",
        "(https://evil.example)",
    ],
)
def test_bare_links_in_article_text_are_never_made_live(text):
    """Issue 37, finding 7: Markdown made bare URLs live links (escaping alone cannot stop it)."""
    escaped = fmt.md_escape(text)
    as_read = re.sub(r"\\(.)", r"\1", escaped)  # what Markdown reads after the escapes
    assert as_read.replace(fmt.ZERO_WIDTH_JOINER, "") == text  # looks the same
    assert not any(pattern.search(as_read) for pattern in GFM_AUTOLINKS), as_read


@pytest.fixture
def hostile_app(tmp_path, monkeypatch):
    from core.store import Store

    url = "sqlite:///" + str(tmp_path / "hostile.sqlite")
    report = Store(url=url).ingest_paths([HOSTILE_MD])
    assert report.added == 1
    monkeypatch.setenv("DATABASE_URL", url)
    return Store(url=url)


def test_hostile_markdown_is_inert_on_every_page(hostile_app):
    records = hostile_app.records_frame()
    assert not records.empty
    article_id = read_article(HOSTILE_MD).id
    shown = []
    for page in ("pages/timeline.py", "pages/map.py", "pages/statements.py", "pages/articles.py"):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params["record"] = records["id"].iloc[0]
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        shown += rendered_text(at)
    # the delete confirmation names the article by its (hostile) title
    at.selectbox(key="article_pick").set_value(article_id).run()
    labels = list(at.selectbox(key="article_pick").options)  # as the browser lists them
    [b for b in at.button if b.label == "Delete…"][0].click().run()
    shown += rendered_text(at)
    # an upload whose file name is Markdown
    at.file_uploader[0].upload("[x](javascript:alert(1)).txt", b"\x00\x01\xff" * 50, "text/plain")
    [b for b in at.button if b.label == "Add uploaded files"][0].click().run()
    shown += rendered_text(at)
    # a paste that is not an article, under a source that is Markdown: the error names it
    at.text_area(key="paste_text").input("\u200b\u2060\u200b")  # only invisible characters
    at.text_input(key="paste_source").input("[x](javascript:alert(2)) **mayor")
    [b for b in at.button if b.label == "Add article"][0].click().run()
    shown += rendered_text(at)
    assert any("cannot be undone" in v and "click me" in v for v in shown)
    assert any("javascript" in v and "not added" in v for v in shown)
    assert any("alert\\(2\\)" in v and "Could not read this text" in v for v in shown)
    for value in shown:
        assert not LIVE_MARKUP.search(value), value
        assert not any(c in value for c in INVISIBLE), repr(value)
    assert labels and not any(c in label for label in labels for c in INVISIBLE)
    assert article_id in set(hostile_app.articles_frame()["id"])  # nothing deleted without "Yes"


# --- Store failures are one plain line; a paste has a wall-clock budget (issue 15) ----------


def test_a_store_that_cannot_be_opened_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(blocker / "sub" / "timeline.sqlite"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1 and "Could not open the store" in at.error[0].value
    assert "\n" not in at.error[0].value and "Traceback" not in at.error[0].value


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg2://app:S3CRET-PW@127.0.0.1:1/timeline", "mysql://app:S3CRET-PW@127.0.0.1/db"]
)
def test_a_store_url_on_the_page_and_in_the_log_has_its_password_masked(url, monkeypatch, caplog):
    """Issue 37, finding 4: 'its driver is not installed' was shown with the full URL."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    with caplog.at_level("DEBUG"):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and "driver is not installed" in shown[0] and r"app\:\*\*\*@" in shown[0]
    assert "S3CRET-PW" not in repr(shown) + caplog.text


def test_a_failing_store_write_shows_one_line_without_sql(app, db_url, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from core.store import Store

    def refuse(self, article_id):  # fault injection: the database refuses the write
        raise OperationalError("DELETE FROM articles WHERE id = ?", ("x",), Exception("database is locked"))

    monkeypatch.setattr(Store, "delete_article", refuse)
    at = app("pages/articles.py")
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    [b for b in at.button if b.label == "Delete…"][0].click().run()
    [b for b in at.button if b.label == "Yes, delete"][0].click().run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert any("Could not delete the article" in m and "database is locked" in m for m in messages)
    assert not any("DELETE FROM" in m for m in messages)
    assert read_article(SEED).id in set(Store(url=db_url).articles_frame()["id"])


@pytest.fixture
def tiny_budget(monkeypatch):
    from core import worker

    monkeypatch.setattr(worker, "PARSE_BUDGET_S", 1e-6)  # no article parses in a microsecond
    yield
    worker._default.stop()  # the shared worker the dashboard started


def test_a_paste_over_the_parse_budget_is_refused_and_nothing_stored(app, db_url, tiny_budget):
    from core.store import Store

    before = set(Store(url=db_url).articles_frame()["id"])
    at = app("pages/articles.py")
    text = "SYNTHETIC TEST ARTICLE - not real news\n\nApril 3, 2022\n\n" + (
        "Polish officials said on Sunday that aid convoys reached Lviv. " * 200
    )
    at.text_area(key="paste_text").set_value(text)
    [b for b in at.button if b.label == "Add article"][0].click().run()
    assert not at.exception
    assert any("took longer than" in e.value for e in at.error), [e.value for e in at.error]
    assert set(Store(url=db_url).articles_frame()["id"]) == before


def test_a_reparse_over_the_parse_budget_keeps_the_records_and_says_so(app, db_url, tiny_budget):
    from core.store import Store

    seed_id = read_article(SEED).id
    before = Store(url=db_url).records_frame()
    before = sorted(before.loc[before["article_id"] == seed_id, "id"])
    at = app("pages/articles.py")
    at.selectbox(key="article_pick").set_value(seed_id).run()
    [b for b in at.button if b.label == "Re-parse"][0].click().run()
    assert not at.exception
    assert any("Could not re-parse the article" in e.value and "longer than" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    after = Store(url=db_url).records_frame()
    assert sorted(after.loc[after["article_id"] == seed_id, "id"]) == before


def test_the_export_area_offers_the_acled_profile_of_the_filtered_events(app):
    at = app(kind="statement")
    labels = {b.label: b for b in at.download_button}
    assert {"CSV", "JSON", "ACLED CSV (events)"} <= set(labels)
    assert labels["ACLED CSV (events)"].proto.disabled  # statements only: no ACLED event to give
    at = app()
    acled_button = next(b for b in at.download_button if b.label == "ACLED CSV (events)")
    assert not acled_button.proto.disabled


@pytest.fixture(scope="module")
def outlier_url(tmp_path_factory):
    """The seed, the hand-made records and two far-off readings: a record read as the year
    1000 ("1000 Ukrainians") and one in 2029 ("the following years")."""
    url = "sqlite:///" + str(tmp_path_factory.mktemp("outliers") / "timeline.sqlite")
    store = build_store(url)
    seed_id = read_article(SEED).id
    for day, summary in (("1000-01-01", "TEST a count read as a year"), ("2029-05-10", "TEST years ahead")):
        record = dict(HAND_MADE[0], summary=summary, date_start=day, date_end=day, date_precision="year")
        store.add_record(seed_id, record, "app-test")
    return url


def test_the_date_pickers_work_when_a_record_lies_centuries_off(outlier_url, monkeypatch):
    """Finding 1 of issue 35: a record before 1900 left the pickers one day wide (2029-05-10)."""
    from datetime import date

    monkeypatch.setenv("DATABASE_URL", outlier_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    low, high = at.date_input(key="from").min, at.date_input(key="from").max
    assert low <= date(2022, 3, 1) and high >= date(2029, 5, 10), (low, high)
    shown, total = count_line(at)
    at.date_input(key="from").set_value(date(2022, 3, 5)).run()
    at.date_input(key="to").set_value(date(2022, 3, 15)).run()
    narrowed, _ = count_line(at)
    assert 0 < narrowed < shown == total
    assert "from=2022-03-05" in share_link(at) and "to=2022-03-15" in share_link(at)


# --- Issue 35: statements' sides, reported records, citations, default data -----------------


def test_statements_open_on_the_two_countries_with_most_statements_newest_first(app, records):
    said = records[records["kind"].eq("statement") & records["speaker_country"].notna()]
    busiest = said["speaker_country"].value_counts()
    expected = [c for c in busiest.index if c != "?"][:2]
    at = app("pages/statements.py")
    assert at.multiselect(key="side").value == expected
    assert "side=" not in share_link(at)  # the default follows the filters; only a choice is shared
    at = app("pages/statements.py", country="FRA")
    assert at.multiselect(key="side").value[:1] == ["FRA"]  # follows the filtered records
    at = app("pages/statements.py", side=expected[0])
    side = said[said["speaker_country"].eq(expected[0])].sort_values("date_start", ascending=False)
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    first_date = fmt.fmt_day(side["date_start"].iloc[0])
    assert first_date in shown[0], (first_date, shown[:2])  # newest first
    assert f"side={expected[0]}" in share_link(at)


@pytest.fixture(scope="module")
def reported_url(tmp_path_factory):
    """The seed and one record with no date of its own, only the day it was reported."""
    url = "sqlite:///" + str(tmp_path_factory.mktemp("reported") / "timeline.sqlite")
    store = build_store(url)
    record = dict(
        HAND_MADE[0],
        summary="TEST reported, no date of its own",
        date_start=None,
        date_end=None,
        date_precision="article",
        date_text=None,
        date_basis="reported",
        reported_on="2022-03-29",
    )
    store.add_record(read_article(SEED).id, record, "app-test")
    return url


def test_records_with_no_date_of_their_own_are_shown_apart_as_reported(reported_url, monkeypatch):
    from core.store import Store

    monkeypatch.setenv("DATABASE_URL", reported_url)
    frame = Store(url=reported_url).records_frame()
    target = frame[frame["summary"].eq("TEST reported, no date of its own")]["id"].iloc[0]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    plotted = {cd[0] for trace in plotly_spec(at)["data"] for cd in trace.get("customdata") or ()}
    assert target not in plotted  # never drawn as a deed of its day
    (group,) = [e for e in at.expander if e.label.startswith("Reported, not dated")]
    table = group.dataframe[0].value
    assert list(table["summary"]) == ["TEST reported, no date of its own"]
    assert str(table["reported on"].iloc[0]) == "2022-03-29"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["record"] = target
    at.run()
    assert any("reported on 29 Mar 2022" in m.value for m in at.markdown)


def test_the_correction_history_shows_who_first(app, db_url):
    at = app("pages/articles.py")
    at.selectbox(key="article_pick").set_value(read_article(SEED).id).run()
    [b for b in at.button if b.label in {"Hide record", "Unhide record"}][0].click().run()
    history = [d for d in at.dataframe if "who" in d.value.columns]
    assert history and list(history[0].value.columns)[:2] == ["who", "at"]
    [b for b in at.button if b.label in {"Hide record", "Unhide record"}][0].click().run()  # as it was


def test_one_place_is_one_place(app):
    at = app("pages/map.py", q="Turkish mediators")  # one record, at Ankara
    captions = [c.value for c in at.caption]
    assert any(c.startswith("1 place · 1 record-place pair.") for c in captions), captions


WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews"
needs_wikinews = pytest.mark.skipif(not (WIKINEWS / "manifest.json").exists(), reason=f"{WIKINEWS} is absent")


@pytest.fixture
def sample_folder(tmp_path):
    """Two of data/articles' Wikinews articles with their manifest entries: the default
    data's form, small enough to ingest in a test."""
    spec = json.loads((ROOT / "data" / "articles" / "manifest.json").read_text(encoding="utf-8"))
    chosen = [e for e in spec["articles"] if e.get("outlet") == "Wikinews"][:2]
    folder = tmp_path / "articles"
    folder.mkdir()
    for entry in chosen:
        (folder / entry["file"]).write_bytes((ROOT / "data" / "articles" / entry["file"]).read_bytes())
    (folder / "manifest.json").write_text(json.dumps({"articles": chosen}), encoding="utf-8")
    return folder, chosen


def test_an_empty_store_opens_on_the_sample_articles_each_credited(sample_folder, tmp_path, monkeypatch):
    from core.store import Store
    from ui import data

    folder, chosen = sample_folder
    url = "sqlite:///" + str(tmp_path / "fresh.sqlite")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(data, "SAMPLE_ARTICLES", folder)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT * 3).run()
    assert not at.exception, [e.value for e in at.exception]
    shown, total = count_line(at)
    assert shown == total > 0
    frame = Store(url=url).records_frame()
    assert set(frame["article_url"]) == {e["url"] for e in chosen}  # every record cites its article
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["record"] = frame["id"].iloc[0]
    at.run()
    source = next(c.value for c in at.caption if c.value.startswith("Source:"))
    row = frame.iloc[0]
    assert f"]({row['article_url']})" in source  # the headline links to the article
    plain = source.replace("\\", "")  # as the page shows it (Markdown escapes undone)
    assert "Wikinews" in plain and "CC BY 2.5" in plain and "Wikinews contributors" in plain


@needs_wikinews
def test_the_articles_page_imports_a_csv_with_its_metadata(app, db_url):
    import csv
    import io

    from core.store import Store

    entry = json.loads((WIKINEWS / "manifest.json").read_text(encoding="utf-8"))["articles"][2]
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["body", "title", "url", "published", "outlet"])
    out.writerow(
        [
            (WIKINEWS / entry["file"]).read_text(encoding="utf-8"),
            entry["title"],
            entry["url"],
            entry["published"],
            "Wikinews",
        ]
    )
    out.writerow(["", "no text", "", "", ""])
    at = app("pages/articles.py")
    at.file_uploader[0].upload("feed.csv", buffer.getvalue().encode("utf-8"), "text/csv")
    at.text_input(key="field_text").set_value("body")
    [b for b in at.button if b.label == "Add uploaded files"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "feed.csv line" in errors and "no text" in errors
    stored = Store(url=db_url).articles_frame()
    row = stored[stored["url"].eq(entry["url"])].iloc[0]
    assert (row["title"], row["outlet"]) == (entry["title"], "Wikinews")
