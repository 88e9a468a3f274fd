"""Open data: the catalog as JSON, CSV (with a codebook), GeoJSON and an Atom feed,
all written from the same records, one record per practice (and, for
partners.csv, one per cooperation link). Output is sorted and carries no build
time, so the same catalog always gives the same files."""

from __future__ import annotations

import csv
import io
import json
import uuid
import xml.etree.ElementTree as ElementTree

from . import places
from . import schema as practice_schema
from .actors import Actor
from .cooperation import Network
from .i18n import LANGUAGES, Words
from .model import Catalog, Practice
from .pages import Links, Page, escape, front_matter, table
from .routes import OPEN_DATA

LIST_SEPARATOR = " | "  # how list fields are joined in the CSV files
FEED_NAMESPACE = uuid.UUID("6f1b1c1e-6a46-4c59-9f61-7d5c3b8f0a11")  # fixed: entry ids must never change

FILES = ("practices.json", "practices.csv", "partners.csv", "practices.geojson", "actors.json", "actors.csv", "csv-metadata.json", "feed.xml", "practice.schema.json", "actor.schema.json")  # for the open-data page


def practice_record(practice: Practice, links: Links) -> dict:
    """One practice as open data: every field, with stable keys, plus what the
    site derives (names, region, URLs). Actors are named by their ids, which
    actors.json describes; their usual names are given beside for convenience."""
    return {
        "slug": practice.slug,
        "url": links.url(practice.src_uri),
        "title": practice.title,
        "summary": " ".join(practice.summary.split()),
        "city_id": practice.actor.id,
        "city": practice.actor.name,
        "city_url": links.url(practice.actor.src_uri),
        "country": practice.country,
        "country_name": places.country_name(practice.country) if practice.country else None,
        "region": practice.region,
        "region_name": places.region_name(practice.region),
        "coordinates": list(practice.coordinates) if practice.coordinates else None,
        "level": practice.level,
        "status": practice.status,
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "themes": list(practice.themes),
        "sdgs": list(practice.sdgs),
        "recommendations": list(practice.recommendations),
        "partners": [
            {
                "id": p.actor.id,
                "name": p.actor.name,
                "country": p.actor.country,
                "relation": p.relation,
                "note": p.note,
                "url": links.url(p.actor.src_uri),
            }
            for p in practice.partners
        ],
        "networks": [n.id for n in practice.networks],
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url} for s in practice.sources],
        "language": practice.language,
        "last_reviewed": practice.last_reviewed,
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
        "coordinates": list(actor.coordinates) if actor.coordinates else None,
        "website": actor.website,
        "wikidata": actor.wikidata,
        "predecessor": actor.predecessor,
        "predecessor_year": actor.predecessor_year,
    }


ACTOR_COLUMNS = [  # actors.csv, with what each column holds
    ("id", "The actor's permanent identifier: its file name in actors/ without .md. Practices refer to actors by it."),
    ("url", "The actor's page, relative to the site's address."),
    ("name", "The actor's usual name in English."),
    ("kind", "What kind of actor it is (see the kinds of actor on the practice format page)."),
    *((f"name_{language}", f"Its name in {Words('en').language_name(language)}; empty when the same as the usual name.") for language in LANGUAGES[1:]),
    ("aliases", "Other names and acronyms it is known by, joined with \" | \"."),
    ("country", "Its country, as a two-letter ISO 3166-1 code; empty for international bodies."),
    ("latitude", "Latitude, in decimal degrees; empty when unknown."),
    ("longitude", "Longitude, in decimal degrees; empty when unknown."),
    ("website", "Its website."),
    ("wikidata", "Its Wikidata item id."),
    ("predecessor", "The id of the actor it replaced, if any."),
    ("predecessor_year", "The year it replaced its predecessor."),
]


def actors_csv(records: list[dict]) -> str:
    columns = [name for name, _ in ACTOR_COLUMNS]
    rows = []
    for record in records:
        latitude, longitude = record["coordinates"] or ("", "")
        flat = {
            **record,
            **{f"name_{language}": record["names"].get(language) for language in LANGUAGES[1:]},
            "aliases": LIST_SEPARATOR.join(record["aliases"]),
            "latitude": latitude,
            "longitude": longitude,
        }
        rows.append({column: "" if flat[column] is None else flat[column] for column in columns})
    return write_csv(columns, rows)


def codebook() -> list[tuple[str, str]]:
    """The columns of practices.csv and what each holds."""
    fields = practice_schema.fields()

    def described(name: str) -> str:
        return fields[name]["description"]

    return [
        ("slug", "The practice's permanent identifier: its file name without .md."),
        ("url", "The practice's page, relative to the site's address."),
        ("title", described("title")),
        ("summary", described("summary")),
        ("city_id", "The id of the actor that carried out the practice (see actors.csv)."),
        ("city", "That actor's usual name in English."),
        ("country", "The actor's country, as a two-letter ISO 3166-1 code; empty for international bodies."),
        ("country_name", "The country's name in English (CLDR)."),
        ("region", "The UN M49 code of the country's world region; 001 (World) for international bodies."),
        ("region_name", "The region's name in English (CLDR)."),
        ("latitude", "Latitude of the city, in decimal degrees; empty when unknown."),
        ("longitude", "Longitude of the city, in decimal degrees; empty when unknown."),
        ("level", described("level") + " Empty when not stated."),
        ("status", described("status") + " Empty when not stated."),
        ("start_year", described("start_year")),
        ("end_year", described("end_year")),
        ("themes", "Theme identifiers (see the practice format page), joined with \" | \"."),
        ("sdgs", "Numbers of the Sustainable Development Goals, joined with \" | \"."),
        ("recommendations", "Identifiers of the suggestions the practice illustrates, joined with \" | \"."),
        ("partners", "Ids of the partners (see actors.csv), joined with \" | \"; partners.csv has one row per partner."),
        ("networks", "Ids of the networks and associations involved (see actors.csv), joined with \" | \"."),
        ("sources", "Titles of the sources, joined with \" | \"; practices.json has their full details."),
        ("language", described("language")),
        ("last_reviewed", described("last_reviewed")),
    ]


def practices_csv(records: list[dict]) -> str:
    columns = [name for name, _ in codebook()]
    rows = []
    for record in records:
        latitude, longitude = record["coordinates"] or ("", "")
        flat = {
            **record,
            "latitude": latitude,
            "longitude": longitude,
            "themes": LIST_SEPARATOR.join(record["themes"]),
            "sdgs": LIST_SEPARATOR.join(str(n) for n in record["sdgs"]),
            "recommendations": LIST_SEPARATOR.join(record["recommendations"]),
            "partners": LIST_SEPARATOR.join(p["id"] for p in record["partners"]),
            "networks": LIST_SEPARATOR.join(record["networks"]),
            "sources": LIST_SEPARATOR.join(s["title"] for s in record["sources"]),
        }
        rows.append({column: "" if flat[column] is None else flat[column] for column in columns})
    return write_csv(columns, rows)


def partners_csv(network: Network, links: Links) -> str:
    columns = ["practice", "practice_url", "city_id", "city", "country", "partner_id", "partner", "partner_country", "relation", "note", "partner_url"]
    rows = [
        {
            "practice": link.practice.slug,
            "practice_url": links.url(link.practice.src_uri),
            "city_id": link.source.slug,
            "city": link.source.name,
            "country": link.source.country or "",
            "partner_id": link.target.slug,
            "partner": link.target.name,
            "partner_country": link.target.country or "",
            "relation": link.relation or "",
            "note": link.note or "",
            "partner_url": links.url(link.target.src_uri),
        }
        for link in network.links
    ]
    return write_csv(columns, rows)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading
    apostrophe, the usual guard against CSV injection; numbers stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def write_csv(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def geojson(records: list[dict]) -> str:
    features = []
    for record in records:
        coordinates = record["coordinates"]
        geometry = {"type": "Point", "coordinates": [coordinates[1], coordinates[0]]} if coordinates else None  # GeoJSON: longitude first
        properties = {k: v for k, v in record.items() if k != "coordinates"}
        features.append({"type": "Feature", "id": record["slug"], "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", **LICENSE, "features": features}, ensure_ascii=False, separators=(",", ":")) + "\n"


def atom_feed(catalog: Catalog, links: Links, site_name: str) -> str:
    atom = "http://www.w3.org/2005/Atom"
    ElementTree.register_namespace("", atom)

    def element(parent, tag, text=None, **attributes):
        node = ElementTree.SubElement(parent, f"{{{atom}}}{tag}", attributes)
        if text is not None:
            node.text = text
        return node

    practices = sorted(catalog.practices, key=lambda p: (p.last_reviewed, p.slug), reverse=True)
    feed = ElementTree.Element(f"{{{atom}}}feed")
    element(feed, "title", f"{site_name}: practices")
    element(feed, "id", f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed')}")
    element(feed, "updated", f"{practices[0].last_reviewed if practices else '2021-02-25'}T00:00:00Z")
    element(feed, "rights", f"{LICENSE['license']} {LICENSE['license_url']}")
    element(feed, "link", rel="self", href="feed.xml")
    element(feed, "link", rel="alternate", href=links.url("practices/index.md") or "./")
    for practice in practices:
        entry = element(feed, "entry")
        element(entry, "title", practice.title)
        element(entry, "id", f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, practice.slug)}")
        element(entry, "updated", f"{practice.last_reviewed}T00:00:00Z")
        element(entry, "link", rel="alternate", href=links.url(practice.src_uri))
        author = element(entry, "author")
        element(author, "name", practice.actor.name)
        element(entry, "summary", " ".join(practice.summary.split()))
        for theme in practice.themes:
            element(entry, "category", term=theme, label=practice_schema.vocabulary("theme")[theme].label)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


# The practices, the registry and the open data are published under this licence
# (the code, under MIT: see LICENSE).
LICENSE = {"license": "CC-BY-4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"}


def data_files(catalog: Catalog, network: Network, links: Links, site_name: str = "City Diplomacy Exchange") -> dict[str, str]:
    """The open-data files: path in the site -> content."""
    records = [practice_record(p, links) for p in catalog.practices]
    actors = [actor_record(place.actor, links) for place in network.places.values()]
    return {
        "practices.json": json.dumps({**LICENSE, "count": len(records), "practices": records}, ensure_ascii=False, separators=(",", ":")) + "\n",
        "practices.csv": practices_csv(records),
        "partners.csv": partners_csv(network, links),
        "practices.geojson": geojson(records),
        "actors.json": json.dumps({**LICENSE, "count": len(actors), "actors": actors}, ensure_ascii=False, separators=(",", ":")) + "\n",
        "actors.csv": actors_csv(actors),
        "feed.xml": atom_feed(catalog, links, site_name),
        "csv-metadata.json": csv_metadata(site_name),
    }


def csv_metadata(site_name: str) -> str:
    """The CSV files' metadata (W3C CSV on the Web): what each table is, its
    columns, and the licence, for tools that read CSV with its metadata."""
    def columns(rows):
        return [{"name": name, "titles": name, "dc:description": text} for name, text in rows]

    tables = [
        {"url": "practices.csv", "dc:title": "Practices", "tableSchema": {"columns": columns(codebook()), "primaryKey": "slug"}},
        {"url": "actors.csv", "dc:title": "Actors", "tableSchema": {"columns": columns(ACTOR_COLUMNS), "primaryKey": "id"}},
        {"url": "partners.csv", "dc:title": "Cooperation links"},
    ]
    document = {"@context": "http://www.w3.org/ns/csvw", "dc:publisher": site_name, "dc:license": LICENSE["license_url"], "tables": tables}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def open_data_page(catalog: Catalog, links: Links, words: Words) -> Page:
    page = Page(OPEN_DATA)
    files = "".join(
        f'<li><a href="{links.data_href(page.src_uri, name)}">{escape(name)}</a>: {escape(words("opendata.file." + name))}.</li>' for name in FILES
    )

    def columns(rows: list[tuple[str, str]]) -> str:
        body = "".join(f'<tr><td><code>{escape(name)}</code></td><td lang="en">{escape(text)}</td></tr>' for name, text in rows)
        return table([words("opendata.column"), words("opendata.holds")], body)

    licence = f'<a href="{LICENSE["license_url"]}" rel="license">CC BY 4.0</a>'
    intro = escape(words("opendata.intro", practices=words.count("count.practices", len(catalog.practices))))
    page.markdown = (
        front_matter(words("opendata.title"), words("opendata.description"))
        + page.fragment(f"<p>{intro}</p><ul>{files}</ul><p>{words.html('opendata.license', licence=licence)}</p>")
        + f"## {escape(words('opendata.codebook'))} {{ #codebook }}\n\n"
        + page.fragment(columns(codebook()))
        + f"## {escape(words('opendata.codebook.actors'))} {{ #actors-codebook }}\n\n"
        + page.fragment(columns(ACTOR_COLUMNS))
    )
    return page
