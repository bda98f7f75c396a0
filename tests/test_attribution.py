"""Who said it: offices, genders and the given-name data (core/attribution.py)."""

import importlib.util
from pathlib import Path

import pytest

from core import attribution

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_given_names.py"
# The file stays small enough to keep in git and load at start-up.
MAX_BYTES = 200_000


def _script():
    spec = importlib.util.spec_from_file_location("build_given_names", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_given_names_file_is_small():
    assert 0 < attribution.GIVEN_NAMES_FILE.stat().st_size <= MAX_BYTES


def test_the_given_names_file_is_what_the_script_makes():
    if importlib.util.find_spec("nomquamgender") is None:
        pytest.skip("nomquamgender (requirements-dev.txt) is absent")
    build = _script()
    assert build.render(build.build_rows()) == attribution.GIVEN_NAMES_FILE.read_bytes(), (
        "data/gazetteer/given_names.tsv.gz is stale: run .venv/bin/python scripts/build_given_names.py"
    )


@pytest.mark.parametrize(
    ("office", "role", "holds"),
    [
        ("head of state", "President", True),
        ("minister", "Minister of Foreign Affairs", True),
        ("foreign minister", "Minister of Foreign Affairs", True),
        ("top diplomat", "Secretary of State", True),
        ("defense minister", "Defence Minister", True),
        ("head of government", "Chancellor", True),
        ("foreign minister", "Defence Minister", False),
        ("former president", "President", False),
        ("president", None, False),
    ],
)
def test_an_office_named_another_way_is_the_same_post(office, role, holds):
    assert attribution.holds(role, attribution.office_words(office)) is holds


@pytest.mark.parametrize(
    ("pronoun", "name", "role", "text", "agrees"),
    [
        ("she", "Zbigniew Rau", "Foreign Minister", "", False),  # the given name says
        ("she", "Liz Truss", None, "", True),
        ("he", "Ursula von der Leyen", None, "", False),
        ("he", "Jo Smith", None, "Mrs Jo Smith", False),  # the title says
        ("she", "Kim Rowe", "spokeswoman", "", True),
        ("he", "Kim Rowe", "spokeswoman", "", False),
        ("they", "Zbigniew Rau", None, "", True),  # no gender asked
        ("she", "Budanov", None, "", True),  # a surname alone says nothing
    ],
)
def test_he_and_she_agree_with_what_the_name_and_title_say(pronoun, name, role, text, agrees):
    assert attribution.agrees(pronoun, name, role, text) is agrees
