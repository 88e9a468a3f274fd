"""The nothing-lost check, run on the built site: every practice file became a
page, and every index that should list a practice does. It reads what was
written to disk, not what the build meant to write."""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from .model import Catalog
from .pages import theme_uri

# src_uri -> (file written, its URL relative to the site root, e.g. "practices/dakar/")
Locate = Callable[[str], tuple[Path, str]]


HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')  # pages written by MkDocs quote every attribute


def linked_urls(page_file: Path, page_url: str) -> set[str]:
    """Site-relative URLs of every link on a written page."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    urls = set()
    for href in HREF.findall(page_file.read_text(encoding="utf-8")):
        href = html.unescape(href)
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        path = href.split("#")[0].split("?")[0]
        if not path:
            continue
        # an absolute path (404.html has them) is taken from the site's root
        joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
        urls.add("" if joined == "." else joined + ("/" if path.endswith("/") else ""))
    return urls


def audit_site(catalog: Catalog, practices_dir: Path, site_dir: Path, locate: Locate) -> list[str]:
    """Problems, as sentences for a maintainer; an empty list means nothing was lost."""
    problems = []
    files = sorted(practices_dir.iterdir()) if practices_dir.is_dir() else []
    if len(files) != len(catalog.practices):
        problems.append(f"{len(files)} entries in {practices_dir.name}/ but {len(catalog.practices)} practices in the catalog.")

    url_of = {}
    for practice in catalog.practices:
        written, url = locate(practice.src_uri)
        url_of[practice.slug] = url.rstrip("/")
        if not written.is_file():
            problems.append(f"{practice.src_uri}: no page was written at {written}.")
        elif f">{html.escape(practice.title)}</h1>" not in written.read_text(encoding="utf-8"):
            problems.append(f"{practice.src_uri}: the page at {written} does not carry the practice's title.")
    slug_of = {url: slug for slug, url in url_of.items()}

    def listed_on(src_uri: str) -> set[str]:
        written, url = locate(src_uri)
        if not written.is_file():
            problems.append(f"{src_uri}: no page was written at {written}.")
            return set()
        return {slug_of[u.rstrip("/")] for u in linked_urls(written, url) if u.rstrip("/") in slug_of}

    def expect(index: str, listed: set[str], wanted: set[str]) -> None:
        if missing := wanted - listed:
            problems.append(f"{index} does not list {len(missing)} practice(s): {', '.join(sorted(missing)[:10])}.")
        if extra := listed - wanted:
            problems.append(f"{index} lists {len(extra)} practice(s) it should not: {', '.join(sorted(extra)[:10])}.")

    everyone = {p.slug for p in catalog.practices}
    expect("The list of practices", listed_on("practices/index.md"), everyone)
    on_theme_pages = set()
    for theme, practices in catalog.by_theme().items():
        listed = listed_on(theme_uri(theme))
        on_theme_pages |= listed
        expect(f"The theme page {theme}", listed, {p.slug for p in practices})
    expect("The theme pages together", on_theme_pages, everyone)
    expect("The suggestions page", listed_on("suggestions.md"), {p.slug for p in catalog.practices if p.recommendations})

    search_index = site_dir / "search" / "search_index.json"
    if search_index.is_file():
        documents = json.loads(search_index.read_text(encoding="utf-8"))["docs"]
        indexed = {slug_of[d["location"].rstrip("/")] for d in documents if "#" not in d["location"] and d["location"].rstrip("/") in slug_of}
        expect("The search index", indexed, everyone)
    return problems
