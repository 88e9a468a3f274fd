"""Everything the site publishes from the catalog, in one of its languages. Each
family of pages has its own module, sharing one render context (render.Context):
practice pages (practice_page), places and actors (place_pages), themes, sectors,
goals and suggestions (term_pages), search (explore), the map (worldmap), the format
reference (reference) and, in the default language, the open-data files
(exports). Page addresses are in routes."""

from __future__ import annotations

import datetime

from . import places
from .exports import SITE_NAME, atom_feed, data_files, open_data_page
from .explore import explore_page
from .fields import countries_of, regions_of
from .i18n import LANGUAGES
from .model import Catalog, Practice
from .pages import Page
from .pair_pages import pair_pages
from .place_pages import actor_page, actors_index, cooperation_page, countries_index, country_page, region_page
from .practice_page import practice_page
from .reference import format_page, schema_files
from .proposal import place_files, propose_page
from .render import Context, Contributions
from .term_pages import practices_index, sdg_pages, sector_pages, suggestion_pages, theme_pages
from .worldmap import map_page


def partnered(practices: list[Practice], where, lead: str) -> dict[str, list[Practice]]:
    """By region (or country): the practices with a partner there, led from elsewhere."""
    found: dict[str, list[Practice]] = {}
    for practice in practices:
        for place in where(practice):
            if place != getattr(practice, lead):
                found.setdefault(place, []).append(practice)
    return found


class Site:
    """The pages of one build. Each listing page records which practices it must
    list (`Page.lists`), so that the build can check nothing was lost."""

    def __init__(self, catalog: Catalog, directory_urls: bool = True, language: str = LANGUAGES[0], today: datetime.date | None = None, contributions: Contributions | None = None):
        self.context = Context(catalog, language, directory_urls, **({"today": today} if today else {}), **({"contributions": contributions} if contributions else {}))
        self.catalog, self.network, self.words, self.links = catalog, self.context.network, self.context.words, self.context.links

    def pages(self) -> list[Page]:
        ctx, catalog = self.context, self.catalog
        pages = [practice_page(ctx, p) for p in catalog.practices]
        pages.append(practices_index(ctx))
        # Every country of an actor gets a page, and every region of a country or a
        # practice: an actor's page links to its country and region.
        countries = sorted({place.country for place in self.network.places.values() if place.country})
        by_country, by_region = catalog.by_country(), catalog.by_region()
        regions = {places.region_of(c) for c in countries} | {region for region, practices in by_region.items() if practices}
        # Practices led from elsewhere with a partner in a region or country are listed
        # there too, apart, as the Explore page's filters find them.
        partnered_region, partnered_country = partnered(catalog.practices, regions_of, "region"), partnered(catalog.practices, countries_of, "country")
        pages += [region_page(ctx, r, by_region[r], partnered_region.get(r, [])) for r in places.REGIONS if r in regions]
        pages.append(countries_index(ctx, countries))
        pages += [country_page(ctx, c, by_country.get(c, []), partnered_country.get(c, [])) for c in countries]
        pages.append(actors_index(ctx))
        pages += [actor_page(ctx, place) for place in self.network.places.values()]
        pages += theme_pages(ctx) + sector_pages(ctx) + sdg_pages(ctx) + suggestion_pages(ctx)
        pages.append(cooperation_page(ctx))
        pages += pair_pages(ctx)  # out of the nav, like every generated page: reached from actor pages
        pages.append(explore_page(ctx))
        pages.append(map_page(self.network, self.links, self.words))
        pages.append(open_data_page(catalog, self.network, self.links, self.words))
        pages.append(format_page(self.links, self.words))
        pages.append(propose_page(ctx))
        return pages

    def practice_page(self, practice: Practice) -> Page:
        return practice_page(self.context, practice)

    def broken_links(self, existing: set[str]) -> list[str]:
        """Pages that generated pages link to but that do not exist."""
        return sorted(self.links.targets - existing)

    def files(self) -> dict[str, str]:
        """Files published as they are: path in the site -> content. The schemas,
        the open data and the places the Propose form offers new actors are
        published once, in the default language's site; each other language has
        its own feed of practices."""
        if not self.context.default_language:
            return {"feed.xml": atom_feed(self.catalog, self.links, SITE_NAME, self.context.language)}
        return {**schema_files(), **data_files(self.catalog, self.network, self.links), **place_files()}
