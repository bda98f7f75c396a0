"""Country codes as names and numbers: ISO 3166-1 alpha-3 -> "Ukraine", 804.

Records keep alpha-3 codes; names come from pycountry (its common name where it has one),
with the overrides in ``data/ui/country_names.yaml`` (the names news readers search for);
numbers are ISO 3166-1 numeric, as ACLED's ``iso`` column gives them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pycountry
import yaml

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "ui" / "country_names.yaml"


@cache
def _overrides() -> dict[str, str]:
    return {str(k).upper(): str(v) for k, v in (yaml.safe_load(NAMES_FILE.read_text("utf-8")) or {}).items()}


def _country(code: str | None):
    code = str(code or "").upper()
    return pycountry.countries.get(alpha_3=code) if len(code) == 3 else None


@cache
def country_name(code: str | None) -> str | None:
    """The name of an alpha-3 code, or None when the code is not a country."""
    if not code:
        return None
    code = str(code).upper()
    if code in _overrides():
        return _overrides()[code]
    found = _country(code)
    if found is None:
        return None
    return getattr(found, "common_name", None) or found.name


@cache
def country_number(code: str | None) -> int | None:
    """ISO 3166-1 numeric code of an alpha-3 code (804 for UKR), None when it has none
    (a code outside the standard, such as Kosovo's XKX)."""
    found = _country(code)
    return int(found.numeric) if found is not None else None
