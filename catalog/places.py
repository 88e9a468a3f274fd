"""Countries and world regions. Country codes come from ISO 3166-1 (pycountry);
a country's region from the UN M49 classification as CLDR publishes it (the file
vendored under data/cldr); names from CLDR through Babel."""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale

from .languages import LANGUAGES

CONTAINMENT = Path(__file__).resolve().parent / "data" / "cldr" / "territoryContainment.json"

# The regions practitioners browse by, as M49 codes. The Americas are split as the
# UN's own statistics split them, because Latin America and Northern America are
# different worlds for local governments.
WORLD = "001"  # where international bodies, which belong to no one country, are listed
REGIONS = ("002", "419", "021", "142", "150", "009", WORLD)  # Africa, Latin America, Northern America, Asia, Europe, Oceania, World


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


@cache
def country_name(code: str, language: str = "en") -> str:
    return Locale(language).territories.get(code) or pycountry.countries.get(alpha_2=code).name


@cache
def region_name(region: str, language: str = "en") -> str:
    name = Locale(language).territories[region]
    return name[:1].upper() + name[1:]  # CLDR writes "world" in lowercase


@cache
def _region_of_country() -> dict[str, str]:
    containment = json.loads(CONTAINMENT.read_text(encoding="utf-8"))["supplemental"]["territoryContainment"]

    def members(code: str) -> set[str]:
        inside = containment.get(code, {}).get("_contains")
        if inside is None:
            return {code}
        return set().union(*(members(c) for c in inside))

    return {country: region for region in REGIONS if region != WORLD for country in members(region)}


def region_of(code: str) -> str:
    """The M49 region code (e.g. "002" for Africa) of an ISO country code."""
    return _region_of_country()[code]


def code_for(text: str) -> str | None:
    """The ISO code a contributor probably meant by a country name or a
    three-letter code ("Senegal", "senegal", "SEN" -> "SN"), or None."""
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        pass
    names = _country_names()
    wanted = text.strip().casefold()
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.8)
    return names[close[0]] if close else None


@cache
def _country_names() -> dict[str, str]:
    """Country names in English, French and Spanish (CLDR), casefolded -> code."""
    names = {}
    for language in LANGUAGES:
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and is_country(code):
                names.setdefault(name.casefold(), code)
    return names
