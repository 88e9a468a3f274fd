"""Open data: the catalog as JSON, CSV (with a codebook), a spreadsheet (XLSX),
GeoJSON and an Atom feed, all written from the same records, one record per
practice (and, for partners.csv, one per cooperation link). Each column of the
tables is declared once (Column), with what it holds: the CSV files, the sheets
of practices.xlsx, the codebooks and the CSV metadata are all derived from it.
Output is sorted and carries no build time, so the same catalog always gives
the same bytes."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

import xlsxwriter
from babel.units import format_unit

from . import places
from . import schema as practice_schema
from .actors import Actor
from .cooperation import Network
from .i18n import LANGUAGES, Words
from .fields import (
    Column,
    column,
    coordinate,
    country_name_columns,
    country_names,
    english,
    joined,
    partner_notes,
    per_language,
    practice_columns,
    practice_record,
    text_in,
)
from .model import Catalog, Partner, Practice
from .pages import Links, Page, escape, front_matter, table
from .routes import OPEN_DATA
from .text import plain

FEED_NAMESPACE = uuid.UUID("6f1b1c1e-6a46-4c59-9f61-7d5c3b8f0a11")  # fixed: entry ids must never change
SPREADSHEET = "practices.xlsx"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: without it, Excel on Windows reads the accents wrongly
CELL_MOST = 32_767  # the most characters a spreadsheet cell holds (Excel's limit)
WIDEST_COLUMN = 60  # characters: long texts are cut on screen, not in the cell

FILES = (SPREADSHEET, "practices.json", "practices.csv", "partners.csv", "practices.geojson", "actors.json", "actors.csv", "csv-metadata.json", "feed.xml", "practice.schema.json", "actor.schema.json")  # for the open-data page


def partner_record(practice: Practice, partner: Partner, links: Links) -> dict:
    """One cooperation link: a practice and one partner it names."""
    return {
        "practice": practice.slug,
        "practice_url": links.url(practice.src_uri),
        "city_id": practice.actor.id,
        "city": practice.actor.name,
        "country": practice.country,
        **country_names("country_name", practice.country),
        "partner_id": partner.actor.id,
        "partner": partner.actor.name,
        "partner_country": partner.actor.country,
        **country_names("partner_country_name", partner.actor.country),
        "relation": partner.relation,
        "note": partner.note,
        **partner_notes(practice, partner),
        "language": practice.language,
        "partner_url": links.url(partner.actor.src_uri),
    }


def actor_record(actor: Actor, links: Links) -> dict:
    """One actor of the registry as open data."""
    return {
        "id": actor.id,
        "url": links.url(actor.src_uri),
        "name": actor.name,
        "kind": actor.kind,
        "names": {language: actor.names[language] for language in sorted(actor.names)},
        "aliases": list(actor.aliases),
        "country": actor.country,
        **country_names("country_name", actor.country),
        "coordinates": list(actor.coordinates) if actor.coordinates else None,
        "website": actor.website,
        "wikidata": actor.wikidata,
        "predecessor": actor.predecessor,
        "predecessor_year": actor.predecessor_year,
    }


def partner_columns() -> list[Column]:
    """The columns of partners.csv (and of the partners sheet), with what each holds."""
    return [
        column("practice", "The slug of the practice that names the partner (see practices.csv)."),
        column("practice_url", "That practice's page, relative to the site's address."),
        column("city_id", "The id of the actor that carried out the practice (see actors.csv)."),
        column("city", "That actor's usual name in English."),
        column("country", "That actor's country, as a two-letter ISO 3166-1 code; empty for international bodies."),
        *country_name_columns("country_name", "that actor's"),
        column("partner_id", "The id of the partner (see actors.csv)."),
        column("partner", "The partner's usual name in English."),
        column("partner_country", "The partner's country, as a two-letter ISO 3166-1 code; empty for international bodies."),
        *country_name_columns("partner_country_name", "the partner's"),
        column("relation", "What the partner did (see the kinds of relation on the practice format page); empty when not stated."),
        column("note", "The practice's note on this partner, as first written, in the language the language column gives; empty when it has none."),
        *per_language("note", lambda language: text_in("note", language)),
        column("language", "The language the practice, and so its note, was first written in, as a two-letter ISO 639-1 code."),
        column("partner_url", "The partner's page, relative to the site's address."),
    ]


def actor_columns() -> list[Column]:
    """The columns of actors.csv (and of the actors sheet), with what each holds."""
    return [
        column("id", "The actor's permanent identifier: its file name in actors/ without .md. Practices refer to actors by it."),
        column("url", "The actor's page, relative to the site's address."),
        column("name", "The actor's usual name in English."),
        column("kind", "What kind of actor it is (see the kinds of actor on the practice format page)."),
        *(column(f"name_{language}", f"Its name in {english(language)}; empty when the same as the usual name.", lambda record, language=language: record["names"].get(language)) for language in LANGUAGES[1:]),
        column("aliases", "Other names and acronyms it is known by, joined with \" | \".", joined("aliases")),
        column("country", "Its country, as a two-letter ISO 3166-1 code; empty for international bodies."),
        *country_name_columns("country_name", "its"),
        column("latitude", "Latitude, in decimal degrees; empty when unknown.", coordinate(0)),
        column("longitude", "Longitude, in decimal degrees; empty when unknown.", coordinate(1)),
        column("website", "Its website."),
        column("wikidata", "Its Wikidata item id."),
        column("predecessor", "The id of the actor it replaced, if any."),
        column("predecessor_year", "The year it replaced its predecessor."),
    ]


@dataclass(frozen=True)
class Table:
    """One table of the open data: a CSV file and a sheet of practices.xlsx."""

    name: str  # the sheet's name; the CSV file is <name>.csv
    title: str  # what it is, for the CSV metadata
    columns: list[Column]
    key: str | None  # the column that tells rows apart, if one does
    records: list[dict]

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def rows(self) -> list[list[object]]:
        """Each record's cells, in the columns' order; None for nothing."""
        return [[cell if cell != "" else None for cell in (c.cell(record) for c in self.columns)] for record in self.records]


def table_columns() -> dict[str, list[Column]]:
    """Each table's columns, by table name, in the order the tables are published."""
    return {"practices": practice_columns(), "partners": partner_columns(), "actors": actor_columns()}


TABLE_TITLES = {"practices": ("Practices", "slug"), "partners": ("Cooperation links", None), "actors": ("Actors", "id")}  # title, key
CODEBOOKS = {"practices": ("opendata.codebook", "codebook"), "partners": ("opendata.codebook.partners", "partners-codebook"), "actors": ("opendata.codebook.actors", "actors-codebook")}  # heading, anchor


def tables(catalog: Catalog, network: Network, links: Links, records: list[dict] | None = None) -> list[Table]:
    """The tables of the open data, filled from the catalog."""
    filled = {
        "practices": records if records is not None else [practice_record(p, links) for p in catalog.practices],
        "partners": [partner_record(practice, partner, links) for practice in catalog.practices for partner in practice.partners],
        "actors": [actor_record(place.actor, links) for place in network.places.values()],
    }
    return [Table(name, TABLE_TITLES[name][0], columns, TABLE_TITLES[name][1], filled[name]) for name, columns in table_columns().items()]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading
    apostrophe, the usual guard against CSV injection; numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def write_csv(columns: list[str], rows: list[list[object]]) -> bytes:
    """A CSV file as Excel on Windows and programs both read it: UTF-8 with a
    byte-order mark, lines ended by CRLF (RFC 4180)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(["" if value is None else spreadsheet_safe(value) for value in row] for row in rows)
    return out.getvalue().encode(CSV_ENCODING)


def table_csv(table: Table) -> bytes:
    return write_csv([c.name for c in table.columns], table.rows())


def content_date(catalog: Catalog) -> str:
    """The date of the catalog's content, YYYY-MM-DD: its newest review. The files
    carry it instead of the day they were built."""
    return max((p.last_reviewed for p in catalog.practices), default="2021-02-25")


# The last spreadsheet written, by everything it holds: the open-data page (in
# each language) gives its size and the default language also publishes it, and
# `dev.py serve` builds the three languages in one process. Keyed by content, so
# a changed catalog never gets an old file.
_written: dict[tuple, bytes] = {}


def spreadsheet(all_tables: list[Table], created: str, site_name: str) -> bytes:
    """practices.xlsx: one sheet per table, with the CSV files' columns under a
    header row that stays in view, filters, and columns wide enough to read.
    Every text is written as text (never run as a formula), numbers as numbers.
    The file's date is its content's and its parts carry a fixed time, so the
    same tables give the same bytes."""
    sheets = tuple((table.name, tuple(c.name for c in table.columns), tuple(map(tuple, table.rows()))) for table in all_tables)
    key = (created, site_name, sheets)
    if (written := _written.get(key)) is None:
        _written.clear()
        written = _written[key] = write_spreadsheet(sheets, datetime.datetime.fromisoformat(created), site_name)
    return written


def write_spreadsheet(sheets: tuple, created: datetime.datetime, site_name: str) -> bytes:
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(out, options)
    book.set_properties({"title": f"{site_name}: open data", "author": site_name, "created": created})
    bold = book.add_format({"bold": True})
    for name, columns, rows in sheets:
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, columns, bold)
        for number, row in enumerate(rows, start=1):
            for position, value in enumerate(row):
                if isinstance(value, str) and len(value) > CELL_MOST:  # the writer would cut it short without a word
                    raise ValueError(
                        f"{SPREADSHEET}: the {columns[position]} of row {number} of {name} ({row[0]}) holds {len(value):,} characters, "
                        f"more than the {CELL_MOST:,} a spreadsheet cell takes."
                    )
            sheet.write_row(number, 0, row)
        for position, column_name in enumerate(columns):
            longest = max((len(str(row[position])) for row in rows if row[position] is not None), default=0)
            sheet.set_column(position, position, min(max(len(column_name), longest) + 2, WIDEST_COLUMN))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()
    return out.getvalue()


def geojson(records: list[dict]) -> str:
    features = []
    for record in records:
        coordinates = record["coordinates"]
        geometry = {"type": "Point", "coordinates": [coordinates[1], coordinates[0]]} if coordinates else None  # GeoJSON: longitude first
        properties = {k: v for k, v in record.items() if k != "coordinates"}
        features.append({"type": "Feature", "id": record["slug"], "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", **LICENSE, "features": features}, ensure_ascii=False, separators=(",", ":")) + "\n"


def atom_feed(catalog: Catalog, links: Links, site_name: str, language: str = LANGUAGES[0]) -> str:
    """The feed of practices in one language of the site, newest review first:
    each practice's title and summary in that language where it has them (else
    as written, marked with its language), its themes and sectors as categories.
    Each language has a feed of its own, with ids of its own; the default
    language's ids are those it always had."""
    atom = "http://www.w3.org/2005/Atom"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    ElementTree.register_namespace("", atom)
    words = Words(language)

    def element(parent, tag, text=None, **attributes):
        node = ElementTree.SubElement(parent, f"{{{atom}}}{tag}", attributes)
        if text is not None:
            node.text = text
        return node

    def feed_id(name: str) -> str:
        return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, name if language == LANGUAGES[0] else f'{language}:{name}')}"

    practices = sorted(catalog.practices, key=lambda p: (p.last_reviewed, p.slug), reverse=True)
    feed = ElementTree.Element(f"{{{atom}}}feed", {lang: language})
    element(feed, "title", words("feed.title", site=site_name))
    element(feed, "id", feed_id("feed"))
    element(feed, "updated", f"{content_date(catalog)}T00:00:00Z")
    element(feed, "rights", f"{LICENSE['license']} {LICENSE['license_url']}")
    element(feed, "link", rel="self", href="feed.xml")
    element(feed, "link", rel="alternate", href=links.url("practices/index.md") or "./")
    for practice in practices:
        title, summary, _, written_in = practice.text_in(language)
        entry = element(feed, "entry", **({lang: written_in} if written_in != language else {}))
        element(entry, "title", title)
        element(entry, "id", feed_id(practice.slug))
        element(entry, "updated", f"{practice.last_reviewed}T00:00:00Z")
        element(entry, "link", rel="alternate", href=links.url(practice.src_uri))
        author = element(entry, "author")
        element(author, "name", practice.actor.name_in(language))
        element(entry, "summary", plain(summary))
        # Themes (how cities cooperate) and sectors (what about), each vocabulary named
        # by its table on the format page.
        for vocabulary, values in (("theme", practice.themes), ("sector", practice.sectors)):
            for value in values:
                element(entry, "category", term=value, label=practice_schema.vocabulary(vocabulary)[value].label_in(language), scheme=f"{links.url('format.md')}#{vocabulary}")
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


# The practices, the registry and the open data are published under this licence
# (the code, under MIT: see LICENSE).
LICENSE = {"license": "CC-BY-4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"}
SITE_NAME = "City Diplomacy Exchange"


def data_files(catalog: Catalog, network: Network, links: Links, site_name: str = SITE_NAME) -> dict[str, str | bytes]:
    """The open-data files: path in the site -> content."""
    records = [practice_record(p, links) for p in catalog.practices]
    all_tables = tables(catalog, network, links, records)
    actors = next(table for table in all_tables if table.name == "actors").records
    return {
        "practices.json": json.dumps({**LICENSE, "count": len(records), "practices": records}, ensure_ascii=False, separators=(",", ":")) + "\n",
        **{table.file: table_csv(table) for table in all_tables},
        SPREADSHEET: spreadsheet(all_tables, content_date(catalog), site_name),
        "practices.geojson": geojson(records),
        "actors.json": json.dumps({**LICENSE, "count": len(actors), "actors": actors}, ensure_ascii=False, separators=(",", ":")) + "\n",
        "feed.xml": atom_feed(catalog, links, site_name),
        "csv-metadata.json": csv_metadata(site_name),
    }


def csv_metadata(site_name: str) -> str:
    """The CSV files' metadata (W3C CSV on the Web): what each table is, its
    columns, and the licence, for tools that read CSV with its metadata."""
    described = []
    for name, columns in table_columns().items():
        title, key = TABLE_TITLES[name]
        schema = {"columns": [{"name": c.name, "titles": c.name, "dc:description": c.holds} for c in columns], **({"primaryKey": key} if key else {})}
        described.append({"url": f"{name}.csv", "dc:title": title, "tableSchema": schema})
    document = {"@context": "http://www.w3.org/ns/csvw", "dc:publisher": site_name, "dc:license": LICENSE["license_url"], "tables": described}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def file_size(size: int, language: str) -> str:
    """A file's size as a reader says it in their language: 48 kB, 1,2 Mo."""
    if size < 1_000_000:
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=language)
    return format_unit(size / 1_000_000, "digital-megabyte", length="short", format="#,##0.#", locale=language)


def open_data_page(catalog: Catalog, network: Network, links: Links, words: Words) -> Page:
    page = Page(OPEN_DATA)
    workbook = spreadsheet(tables(catalog, network, links), content_date(catalog), SITE_NAME)
    sizes = {SPREADSHEET: file_size(len(workbook), words.language)}

    def listed(name: str) -> str:
        size = f" ({html.escape(sizes[name])})" if name in sizes else ""  # its no-break space kept: "1,2 Mo" on one line
        return f'<li><a href="{links.data_href(page.src_uri, name)}">{escape(name)}</a>{size}: {escape(words("opendata.file." + name))}.</li>'

    def columns(listed_columns: list[Column]) -> str:
        body = "".join(f'<tr><td><code>{escape(c.name)}</code></td><td lang="en">{escape(c.holds)}</td></tr>' for c in listed_columns)
        return table([words("opendata.column"), words("opendata.holds")], body)

    licence = f'<a href="{LICENSE["license_url"]}" rel="license">CC BY 4.0</a>'
    intro = escape(words("opendata.intro", practices=words.count("count.practices", len(catalog.practices))))
    encoding = escape(words("opendata.encoding", spreadsheet=SPREADSHEET))
    page.markdown = (
        front_matter(words("opendata.title"), words("opendata.description"))
        + page.fragment(f"<p>{intro}</p><ul>{''.join(listed(name) for name in FILES)}</ul><p>{encoding}</p><p>{words.html('opendata.license', licence=licence)}</p>")
    )
    for name, listed_columns in table_columns().items():
        heading, anchor = CODEBOOKS[name]
        page.markdown += f"## {escape(words(heading))} {{ #{anchor} }}\n\n" + page.fragment(columns(listed_columns))
    return page
