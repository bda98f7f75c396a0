"""The record types' names and ACLED mapping (data/lexicon/taxonomy.yaml, core/taxonomy.py)."""

import copy

import pytest
import yaml

from core import taxonomy

# ACLED Codebook (2024): six event types, 25 sub-event types.
ACLED_EVENT_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}
ACLED_SUB_EVENT_TYPES = {
    "Battles": {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


def test_acled_scheme_is_the_codebooks():
    tax = taxonomy.taxonomy()
    assert set(tax.acled_event_types) == ACLED_EVENT_TYPES
    got = {}
    for name, (event_type, definition) in tax.acled_sub_event_types.items():
        assert definition.strip(), name
        got.setdefault(event_type, set()).add(name)
    assert got == ACLED_SUB_EVENT_TYPES


@pytest.mark.parametrize(
    "key, label, event_type, sub_event_type",
    [
        ("air_strike", "Air/drone strike", "Explosions/Remote violence", "Air/drone strike"),
        (
            "shelling",
            "Shelling/artillery/missile attack",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ("interception", "Interception", "Strategic developments", "Disrupted weapons use"),
        ("negotiation", "Talks or visit", "Strategic developments", "Other"),
        ("sanction", "Sanctions", "Strategic developments", "Other"),
        ("attack_on_civilians", "Attack", "Violence against civilians", "Attack"),
        ("comment", "Comment", None, None),
    ],
)
def test_lookups(key, label, event_type, sub_event_type):
    assert taxonomy.label(key) == label
    assert taxonomy.acled_event_type(key) == event_type
    assert taxonomy.acled_sub_event_type(key) == sub_event_type


def test_retired_keys_read_as_their_successors_and_unknown_keys_as_themselves():
    assert taxonomy.label("attack") == "Armed clash" and taxonomy.acled_event_type("attack") == "Battles"
    assert taxonomy.acled_sub_event_type("casualties") == "Attack"
    assert taxonomy.current_key("attack") == "armed_clash"
    assert taxonomy.label("my own type") == "my own type" and taxonomy.acled_event_type("my own type") is None
    assert taxonomy.label(None) == "" and taxonomy.kind_of(None) is None
    assert taxonomy.labels()["attack"] == "Armed clash"


def test_every_event_type_has_an_acled_place_and_statements_none():
    for key, t in taxonomy.taxonomy().types.items():
        assert t.kind in taxonomy.KINDS
        assert (t.acled_event_type is None) == (t.kind == "statement"), key
        assert t.definition.strip() and t.label.strip(), key


def test_finer_types_fold_into_a_trained_class():
    classes = taxonomy.trained_event_classes()
    assert "suicide_bombing" not in classes and "explosion" in classes
    assert taxonomy.taxonomy().types["suicide_bombing"].trained_as == "explosion"


def _data():
    with taxonomy.TAXONOMY_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda d: d["types"]["air_strike"].update(acled_sub_event_type="Air strike"),
            "unknown ACLED sub-event",
        ),
        (lambda d: d["types"]["comment"].update(kind="speech"), "kind must be"),
        (lambda d: d["acled_sub_event_types"]["Grenade"].update(event_type="Bombs"), "unknown event type"),
        (lambda d: d["types"]["claim"].update(acled_sub_event_type="Other"), "no place in ACLED"),
        (lambda d: d["types"]["riot"].update(trained_as="claim"), "no trained type"),
        (lambda d: d["retired"].update(old="nothing"), "not a current type"),
    ],
)
def test_a_contradictory_file_is_refused_with_the_entry_named(edit, message):
    data = copy.deepcopy(_data())
    edit(data)
    with pytest.raises(taxonomy.TaxonomyError, match=message):
        taxonomy._build(data)
