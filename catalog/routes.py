"""Where each kind of page sits in the site, as a source path (src_uri): one
place for every address, so that a page and the links to it always agree."""

from __future__ import annotations

import re

from . import places

PRACTICES = "practices/index.md"
ACTORS = "actors/index.md"
COUNTRIES = "countries/index.md"
THEMES = "themes/index.md"
SECTORS = "sectors/index.md"
SDGS = "sdgs/index.md"
SUGGESTIONS = "suggestions/index.md"
COOPERATION = "cooperation.md"
EXPLORE = "explore.md"
MAP = "map.md"
PROPOSE = "contribute/propose.md"
OPEN_DATA = "open-data.md"
FORMAT = "format.md"


def practice_uri(slug: str) -> str:
    return f"practices/{slug}.md"


def region_anchor(region: str) -> str:
    return re.sub(r"[^a-z]+", "-", places.region_name(region).lower()).strip("-")


def theme_uri(theme: str) -> str:
    return f"themes/{theme}.md"


def sector_uri(sector: str) -> str:
    return f"sectors/{sector}.md"


def actor_uri(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def country_uri(country: str) -> str:
    return f"countries/{country.lower()}.md"


def region_uri(region: str) -> str:
    return f"regions/{region_anchor(region)}.md"


def sdg_uri(number: int) -> str:
    return f"sdgs/{number}.md"


def suggestion_uri(slug: str) -> str:
    return f"suggestions/{slug}.md"


def pair_uri(actor_id: str, other_id: str) -> str:
    """The page of what two actors did together, the same whichever is named
    first: under the cooperation page, the two ids in alphabetical order. Actor
    ids hold no slash, so no two pairs, and no actor page, share an address."""
    first, second = sorted((actor_id, other_id))
    return f"cooperation/{first}/{second}.md"
