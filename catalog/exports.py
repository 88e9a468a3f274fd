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
from .cooperation import Network, place_slug
from .i18n import Words
from .model import Catalog, Practice
from .pages import Links, Page, escape, front_matter, place_uri

LIST_SEPARATOR = " | "  # how list fields are joined in the CSV files
FEED_NAMESPACE = uuid.UUID("6f1b1c1e-6a46-4c59-9f61-7d5c3b8f0a11")  # fixed: entry ids must never change

FILES = ("practices.json", "practices.csv", "partners.csv", "practices.geojson", "feed.xml", "practice.schema.json")  # for the open-data page


def practice_record(practice: Practice, links: Links) -> dict:
    """One practice as open data: every field, with stable keys, plus what the
    site derives (names, region, URLs)."""
    return {
        "slug": practice.slug,
        "url": links.url(practice.src_uri),
        "title": practice.title,
        "summary": " ".join(practice.summary.split()),
        "city": practice.city,
        "city_url": links.url(place_uri(place_slug(practice.city, practice.country))),
        "country": practice.country,
        "country_name": places.country_name(practice.country),
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
                "name": p.name,
                "country": p.country,
                "relation": p.relation,
                "note": p.note,
                "coordinates": list(p.coordinates) if p.coordinates else None,
                "city_url": links.url(place_uri(place_slug(p.name, p.country))),
            }
            for p in practice.partners
        ],
        "networks": list(practice.networks),
        "sources": [{"title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url} for s in practice.sources],
        "language": practice.language,
        "last_reviewed": practice.last_reviewed,
    }


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
        ("city", described("city")),
        ("country", described("country")),
        ("country_name", "The country's name in English (CLDR)."),
        ("region", "The UN M49 code of the country's world region."),
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
        ("partners", "Names of the partners, joined with \" | \"; partners.csv has one row per partner."),
        ("networks", described("networks") + " Joined with \" | \"."),
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
            "partners": LIST_SEPARATOR.join(p["name"] for p in record["partners"]),
            "networks": LIST_SEPARATOR.join(record["networks"]),
            "sources": LIST_SEPARATOR.join(s["title"] for s in record["sources"]),
        }
        rows.append({column: "" if flat[column] is None else flat[column] for column in columns})
    return write_csv(columns, rows)


def partners_csv(network: Network, links: Links) -> str:
    columns = ["practice", "practice_url", "city", "country", "partner", "partner_country", "relation", "note", "partner_url"]
    rows = [
        {
            "practice": link.practice.slug,
            "practice_url": links.url(link.practice.src_uri),
            "city": link.source.name,
            "country": link.source.country or "",
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
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")) + "\n"


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
    element(feed, "link", rel="self", href="feed.xml")
    element(feed, "link", rel="alternate", href=links.url("practices/index.md") or "./")
    for practice in practices:
        entry = element(feed, "entry")
        element(entry, "title", practice.title)
        element(entry, "id", f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, practice.slug)}")
        element(entry, "updated", f"{practice.last_reviewed}T00:00:00Z")
        element(entry, "link", rel="alternate", href=links.url(practice.src_uri))
        author = element(entry, "author")
        element(author, "name", practice.city)
        element(entry, "summary", " ".join(practice.summary.split()))
        for theme in practice.themes:
            element(entry, "category", term=theme, label=practice_schema.vocabulary("theme")[theme].label)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def data_files(catalog: Catalog, network: Network, links: Links, site_name: str = "City Diplomacy Exchange") -> dict[str, str]:
    """The open-data files: path in the site -> content."""
    records = [practice_record(p, links) for p in catalog.practices]
    return {
        "practices.json": json.dumps({"count": len(records), "practices": records}, ensure_ascii=False, separators=(",", ":")) + "\n",
        "practices.csv": practices_csv(records),
        "partners.csv": partners_csv(network, links),
        "practices.geojson": geojson(records),
        "feed.xml": atom_feed(catalog, links, site_name),
    }


def open_data_page(catalog: Catalog, links: Links, words: Words) -> Page:
    page = Page("open-data.md")
    files = "".join(
        f'<li><a href="{links.data_href(page.src_uri, name)}">{escape(name)}</a>: {escape(words("opendata.file." + name))}.</li>' for name in FILES
    )
    columns = "".join(f"<tr><td><code>{escape(name)}</code></td><td lang=\"en\">{escape(text)}</td></tr>" for name, text in codebook())
    intro = escape(words("opendata.intro", practices=words.count("count.practices", len(catalog.practices))))
    page.markdown = (
        front_matter(words("opendata.title"), words("opendata.description"))
        + page.fragment(f"<p>{intro}</p><ul>{files}</ul>")
        + f"## {escape(words('opendata.codebook'))} {{ #codebook }}\n\n"
        + page.fragment(
            f"<table><thead><tr><th>{escape(words('opendata.column'))}</th><th>{escape(words('opendata.holds'))}</th></tr></thead><tbody>{columns}</tbody></table>"
        )
    )
    return page
