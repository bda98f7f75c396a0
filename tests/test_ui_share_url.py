"""Copy link names the page that runs, never the bad path the browser still shows (issue 13)."""

from ui.state import page_address


def test_unknown_path_is_not_carried_into_the_link():
    # Streamlit shows the default page (url_path "") for /nonsense; the link names that page.
    assert page_address("http://example.org:8501/nonsense", "", "") == "http://example.org:8501/"


def test_extra_segments_after_a_page_are_dropped():
    assert page_address("https://host.test/map/extra", "", "map") == "https://host.test/map"


def test_a_good_address_is_kept():
    assert page_address("https://host.test/statements", "", "statements") == "https://host.test/statements"


def test_the_server_base_path_is_kept():
    assert page_address("https://host.test/app/map/extra", "/app/", "map") == "https://host.test/app/map"


def test_without_a_browser_the_local_address_is_used():
    assert page_address(None, "", "articles") == "http://localhost:8501/articles"
