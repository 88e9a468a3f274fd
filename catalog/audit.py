"""The nothing-lost check, run on the built site: every practice file became a
page, every listing page lists exactly the practices it should, each family of
index pages (regions, actors, themes) together lists every practice,
the map marks every place with coordinates, and every open-data file (the
spreadsheet's sheets included) has one record per practice; every actor of the
registry has its page. It reads what was written to disk, not what the build
meant to write."""

from __future__ import annotations

import csv
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from .exports import CSV_ENCODING, SPREADSHEET
from .model import Catalog
from .pages import Page, escape
from .validation import translation_language

# src_uri -> (file written, its URL relative to the site root, e.g. "practices/dakar/")
Locate = Callable[[str], tuple[Path, str]]

HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')  # pages written by MkDocs quote every attribute
PRACTICE_LIST = re.compile(r'<div class="practice-list"[^>]*>(.*?)</div>', re.S)
FAMILIES_COVERING_ALL = ("all", "region", "actor", "theme")  # a practice of an international body has no country
MAP_PLACE = re.compile(r'<a class="world-map__place[^"]*"[^>]*data-place="([^"]+)"')


def linked_urls(text: str, page_url: str) -> set[str]:
    """Site-relative URLs of every link in a piece of a written page."""
    folder = posixpath.dirname(page_url)
    base = page_url if page_url.endswith("/") or not page_url else (folder + "/" if folder else "")
    urls = set()
    for href in HREF.findall(text):
        href = html.unescape(href)
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        path = href.split("#")[0].split("?")[0]
        if not path:
            continue
        # an absolute path (404.html has them) is taken from the site's root
        joined = posixpath.normpath(path).lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(base, path))
        urls.add("" if joined in ("", ".") else joined + ("/" if path.endswith("/") else ""))
    return urls


def audit_site(catalog: Catalog, pages: list[Page], practice_files: list[Path], site_dir: Path, locate: Locate, exports: bool = True, language: str = "en") -> list[str]:
    """Problems, as sentences for a maintainer; an empty list means nothing was lost.
    `practice_files` is what the practices folder holds, listed anew; `exports`,
    whether this site carries the open-data files."""
    problems = []
    translations = [path for path in practice_files if translation_language(path)]
    if len(practice_files) - len(translations) != len(catalog.practices):
        problems.append(f"{len(practice_files) - len(translations)} practice files but {len(catalog.practices)} practices in the catalog.")
    if len(translations) != sum(len(p.translations) for p in catalog.practices):
        problems.append(f"{len(translations)} translation files but {sum(len(p.translations) for p in catalog.practices)} translations in the catalog.")

    slug_of = {}
    for practice in catalog.practices:
        written, url = locate(practice.src_uri)
        slug_of[url.rstrip("/")] = practice.slug
        if not written.is_file():
            problems.append(f"{practice.src_uri}: no page was written at {written}.")
        elif f">{escape(practice.text_in(language)[0])}</h1>" not in written.read_text(encoding="utf-8"):
            problems.append(f"{practice.src_uri}: the page at {written} does not carry the practice's title.")

    for actor in catalog.registry.actors.values():  # every actor has its page, under its name in this language
        written, _ = locate(actor.src_uri)
        if not written.is_file():
            problems.append(f"{actor.src_uri}: no page was written at {written}.")
        elif f">{escape(actor.name_in(language))}</h1>" not in written.read_text(encoding="utf-8"):
            problems.append(f"{actor.src_uri}: the page at {written} does not carry the actor's name.")

    everyone = {p.slug for p in catalog.practices}
    covered: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        if page.lists is None:
            continue
        written, url = locate(page.src_uri)
        if not written.is_file():
            problems.append(f"{page.src_uri}: no page was written at {written}.")
            continue
        listed = {
            slug_of[u.rstrip("/")]
            for block in PRACTICE_LIST.findall(written.read_text(encoding="utf-8"))
            for u in linked_urls(block, url)
            if u.rstrip("/") in slug_of
        }
        expect(problems, page.src_uri, listed, set(page.lists))
        covered[page.family] |= listed
    for page in pages:
        if page.places is not None:
            written, _ = locate(page.src_uri)
            marked = set(MAP_PLACE.findall(written.read_text(encoding="utf-8"))) if written.is_file() else set()
            if marked != page.places:
                differing = ", ".join(sorted(marked ^ page.places)[:10])
                problems.append(f"{page.src_uri} does not mark exactly the places with coordinates; it differs on: {differing}.")
    for family in FAMILIES_COVERING_ALL:
        expect(problems, f"The {family} pages together", covered[family], everyone)
    if exports:
        problems += audit_exports(catalog, site_dir)
    return problems


def expect(problems: list[str], where: str, listed: set[str], wanted: set[str]) -> None:
    if missing := wanted - listed:
        problems.append(f"{where} does not list {len(missing)} practice(s): {', '.join(sorted(missing)[:10])}.")
    if extra := listed - wanted:
        problems.append(f"{where} lists {len(extra)} practice(s) it should not: {', '.join(sorted(extra)[:10])}.")


def audit_exports(catalog: Catalog, site_dir: Path) -> list[str]:
    """Each open-data file, and each sheet of the spreadsheet, holds exactly one
    record per practice (per cooperation link, for the partners)."""
    everyone = sorted(p.slug for p in catalog.practices)
    links = sorted((p.slug, partner.name) for p in catalog.practices for partner in p.partners)
    found = {}
    try:
        found["practices.json"] = sorted(r["slug"] for r in json.loads((site_dir / "practices.json").read_text(encoding="utf-8"))["practices"])
        found["practices.geojson"] = sorted(f["id"] for f in json.loads((site_dir / "practices.geojson").read_text(encoding="utf-8"))["features"])
        with open(site_dir / "practices.csv", encoding=CSV_ENCODING, newline="") as stream:
            found["practices.csv"] = sorted(row["slug"] for row in csv.DictReader(stream))
        feed = ElementTree.parse(site_dir / "feed.xml").getroot()
        with open(site_dir / "partners.csv", encoding=CSV_ENCODING, newline="") as stream:
            partner_rows = sorted((row["practice"], row["partner"]) for row in csv.DictReader(stream))
        sheets = first_columns(site_dir / SPREADSHEET)
    except (OSError, ValueError, KeyError, IndexError, ElementTree.ParseError, zipfile.BadZipFile) as error:
        return [f"An open-data file is missing or unreadable: {error}."]
    found[f"The practices sheet of {SPREADSHEET}"] = sorted(sheets.get("practices", [])[1:])  # below the header
    partner_sheet = sorted(sheets.get("partners", [])[1:])
    problems = [f"{name} has {len(slugs)} records for {len(everyone)} practices." for name, slugs in found.items() if slugs != everyone]
    entries = len(list(feed.iter("{http://www.w3.org/2005/Atom}entry")))
    if entries != len(everyone):
        problems.append(f"feed.xml has {entries} entries for {len(everyone)} practices.")
    if partner_rows != links:
        problems.append(f"partners.csv has {len(partner_rows)} rows for {len(links)} cooperation links.")
    if partner_sheet != sorted(slug for slug, _ in links):
        problems.append(f"The partners sheet of {SPREADSHEET} has {len(partner_sheet)} rows for {len(links)} cooperation links.")
    return problems


SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def first_columns(path: Path) -> dict[str, list[str]]:
    """The first column of each sheet of a spreadsheet (.xlsx), header included,
    by sheet name. An .xlsx file is a zip of XML files, which the standard
    library reads: the build needs no spreadsheet reader, and only the first
    column is collected (about 0.3 s for 1,000 practices)."""
    with zipfile.ZipFile(path) as archive:

        def xml(name: str) -> ElementTree.Element:
            return ElementTree.fromstring(archive.read(name))

        strings = ["".join(item.itertext()) for item in xml("xl/sharedStrings.xml").iter(f"{SHEET}si")] if "xl/sharedStrings.xml" in archive.namelist() else []
        targets = {relation.get("Id"): relation.get("Target") for relation in xml("xl/_rels/workbook.xml.rels")}
        columns: dict[str, list[str]] = {}
        for sheet in xml("xl/workbook.xml").iter(f"{SHEET}sheet"):
            values = columns[sheet.get("name")] = []
            with archive.open(posixpath.join("xl", targets[sheet.get(RELATIONSHIP)])) as stream:
                for _, row in ElementTree.iterparse(stream):
                    if row.tag != f"{SHEET}row":
                        continue
                    cell = row.find(f"{SHEET}c")
                    if cell is not None and cell.get("r") == f"A{row.get('r')}":
                        value = cell.findtext(f"{SHEET}v")
                        values.append(strings[int(value)] if cell.get("t") == "s" else "".join(cell.itertext()))
                    row.clear()  # a sheet of thousands of rows is never held whole
    return columns
