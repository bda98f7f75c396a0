"""Country codes as names: "Ukraine (UKR)" everywhere a code is shown or searched.

Records keep ISO 3166-1 alpha-3 codes (and the URL too: ``country=UKR``); only labels
change. Names come from ``core.countries`` (pycountry, with the overrides in
``data/ui/country_names.yaml``).
No Streamlit here.
"""

from __future__ import annotations

from core.countries import country_name

__all__ = ["country_label", "country_name"]


def country_label(code: str | None) -> str:
    """ "Ukraine (UKR)"; the code alone when it is not a known country ("?", "XXX")."""
    if not code:
        return ""
    name = country_name(code)
    return f"{name} ({code})" if name else str(code)
