"""The record types in the analysts' language: names, kinds and ACLED's scheme.

A record's ``event_type`` is the parser's own reading of its type, a key of
``data/lexicon/taxonomy.yaml``.  Everything a person or a tool reads about a type
(the name in a filter or a legend, the ACLED event type and sub-event type of an
export) comes from the lookups here, so no view or export spells a key itself.

A key older parsers wrote (``retired`` in the file) reads as the key that replaced
it; a key the taxonomy does not know (a type a user typed into a correction) shows
as itself and has no ACLED mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "taxonomy.yaml"
KINDS = ("event", "statement")


@dataclass(frozen=True)
class RecordType:
    key: str
    kind: str  # event | statement
    label: str
    definition: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover: str | None
    trained_as: str  # the event judge's class for this type (itself unless refined by triggers)


@dataclass(frozen=True)
class Taxonomy:
    types: dict[str, RecordType]
    retired: dict[str, str]
    acled_event_types: dict[str, str]  # name -> definition, in the codebook's order
    acled_sub_event_types: dict[str, tuple[str, str]]  # name -> (event type, definition)


class TaxonomyError(ValueError):
    """The taxonomy file contradicts itself (a name it does not define, a bad kind)."""


def _build(data: dict) -> Taxonomy:
    event_types = dict(data["acled_event_types"])
    subs: dict[str, tuple[str, str]] = {}
    for name, row in data["acled_sub_event_types"].items():
        if row["event_type"] not in event_types:
            raise TaxonomyError(f"sub-event type {name!r}: unknown event type {row['event_type']!r}")
        subs[name] = (row["event_type"], row["definition"])
    types: dict[str, RecordType] = {}
    for key, row in data["types"].items():
        kind = row["kind"]
        if kind not in KINDS:
            raise TaxonomyError(f"type {key!r}: kind must be one of {KINDS}, not {kind!r}")
        sub = row.get("acled_sub_event_type")
        if kind == "event" and sub not in subs:
            raise TaxonomyError(f"event type {key!r}: unknown ACLED sub-event type {sub!r}")
        if kind == "statement" and sub is not None:
            raise TaxonomyError(f"statement type {key!r} has no place in ACLED's event scheme")
        label = row.get("label") or sub
        if not label:
            raise TaxonomyError(f"type {key!r} needs a label")
        types[key] = RecordType(
            key,
            kind,
            label,
            row["definition"],
            subs[sub][0] if sub else None,
            sub,
            row.get("plover"),
            row.get("trained_as") or key,
        )
    for key, t in types.items():
        parent = types.get(t.trained_as)
        if parent is None or parent.kind != t.kind or parent.trained_as != parent.key:
            raise TaxonomyError(f"type {key!r}: trained_as {t.trained_as!r} is no trained type of its kind")
    retired = dict(data.get("retired") or {})
    for old, new in retired.items():
        if new not in types or old in types:
            raise TaxonomyError(f"retired type {old!r} -> {new!r}: not a current type, or still current")
    return Taxonomy(types, retired, event_types, subs)


@cache
def taxonomy() -> Taxonomy:
    with TAXONOMY_FILE.open(encoding="utf-8") as f:
        return _build(yaml.safe_load(f))


def record_type(key: str | None) -> RecordType | None:
    """The type a record's event_type names (a retired key reads as its successor)."""
    if not key:
        return None
    tax = taxonomy()
    return tax.types.get(tax.retired.get(key, key))


def current_key(key: str) -> str:
    """The current key for a key an older parser wrote; other keys unchanged."""
    return taxonomy().retired.get(key, key)


def label(key: str | None) -> str:
    """The name a person reads for a record's event_type ("Air/drone strike");
    an unknown key shows as itself, an empty one as an empty string."""
    t = record_type(key)
    return t.label if t else (key or "")


def acled_event_type(key: str | None) -> str | None:
    """ACLED's event type for a record's event_type ("Explosions/Remote violence"),
    None for a statement or a type ACLED has no place for."""
    t = record_type(key)
    return t.acled_event_type if t else None


def acled_sub_event_type(key: str | None) -> str | None:
    """ACLED's sub-event type for a record's event_type ("Air/drone strike")."""
    t = record_type(key)
    return t.acled_sub_event_type if t else None


def kind_of(key: str | None) -> str | None:
    t = record_type(key)
    return t.kind if t else None


def labels() -> dict[str, str]:
    """Every key (current and retired) -> its name: for mapping a whole column at once."""
    tax = taxonomy()
    out = {k: t.label for k, t in tax.types.items()}
    out.update({old: tax.types[new].label for old, new in tax.retired.items()})
    return out


def event_keys() -> list[str]:
    """The event types, in the file's order."""
    return [k for k, t in taxonomy().types.items() if t.kind == "event"]


def trained_event_classes() -> list[str]:
    """The event types the event judge tells apart (finer types fold into these)."""
    return [k for k in event_keys() if taxonomy().types[k].trained_as == k]
