"""Everything the site generator publishes from the catalog: generated pages and
files, named by where they sit in the site."""

from __future__ import annotations

from .model import Catalog
from .pages import Links, Page, practice_page, practices_index, suggestions_page, theme_page, themes_index
from .reference import SCHEMA_FILE, format_page, schema_json


def site_pages(catalog: Catalog, directory_urls: bool = True) -> list[Page]:
    """Every page generated from the catalog and the schema."""
    links = Links(directory_urls)
    pages = [practice_page(p, links) for p in catalog.practices]
    pages += [practices_index(catalog, links), themes_index(catalog, links), suggestions_page(catalog, links)]
    pages += [theme_page(theme, practices, links) for theme, practices in catalog.by_theme().items()]
    pages.append(format_page(links))
    return pages


def site_files() -> dict[str, str]:
    """Files published as they are: path in the site -> content."""
    return {SCHEMA_FILE: schema_json()}
