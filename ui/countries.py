"""Country codes as names: "Ukraine (UKR)" everywhere a code is shown or searched.

Records keep ISO 3166-1 alpha-3 codes (and the URL too: ``country=UKR``); only labels
change. Names come from pycountry, with the overrides in ``data/ui/country_names.yaml``.
No Streamlit here.
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


@cache
def country_name(code: str | None) -> str | None:
    """The name of an alpha-3 code, or None when the code is not a country."""
    if not code:
        return None
    code = str(code).upper()
    if code in _overrides():
        return _overrides()[code]
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if found is None:
        return None
    return getattr(found, "common_name", None) or found.name


def country_label(code: str | None) -> str:
    """ "Ukraine (UKR)"; the code alone when it is not a known country ("?", "XXX")."""
    if not code:
        return ""
    name = country_name(code)
    return f"{name} ({code})" if name else str(code)
