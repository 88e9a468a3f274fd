"""Each practice field is declared once (catalog/fields.py), and the panel of facts,
the Explore filters, the open data and the codebook follow from it. The parity
checks below compare two sides that could drift apart; each is run on the real
project (no difference) and on a copy with one side changed (the difference is
named), so that a check that could never fail would show."""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest
import yaml
from conftest import ROOT

from catalog import exports, fields, load_catalog
from catalog import schema as practice_schema
from catalog.facets import FILTERS, filter_marks, settings
from catalog.i18n import LANGUAGES, Words, messages
from catalog.pages import Links
from catalog.site import Site

CATALOG = load_catalog(ROOT / "practices")
SEARCH_JS = (ROOT / "docs" / "javascripts" / "search.js").read_text(encoding="utf-8")


# --- the checks ---------------------------------------------------------------------


def undeclared(schema_fields: list[str], declared: list[str]) -> list[str]:
    """The schema's fields against the declarations: each declared exactly once."""
    problems = [f"{name} is in the schema but not declared in catalog/fields.py" for name in schema_fields if name not in declared]
    problems += [f"{name} is declared but not in the schema" for name in declared if name not in schema_fields]
    problems += [f"{name} is declared twice" for name in sorted({n for n in declared if declared.count(n) > 1})]
    return problems


SPLIT = {"coordinates": ("latitude", "longitude")}  # a record's value that the CSV gives in columns of their own


def codebook_gaps(record: dict, columns: list[str]) -> list[str]:
    """The keys of a practice's record against the columns of practices.csv (each
    described in the codebook): every value of the record has its column(s), and
    every column its value."""
    expected = [name for key in record for name in SPLIT.get(key, (key,))]
    problems = [f"practices.json has {key!r}, which no column of practices.csv holds" for key in expected if key not in columns]
    problems += [f"practices.csv has the column {name!r}, which practices.json lacks" for name in columns if name not in expected]
    return problems


def nested_gaps(record: dict, schema: dict) -> list[str]:
    """Each part of a source and of a partner, as the schema defines it, is in the
    record's sources and partners (a partner's name is given as its actor's id)."""
    problems = []
    for group, definition, renamed in (("sources", "source", {}), ("partners", "partner", {"name": "id"})):
        wanted = {renamed.get(name, name) for name in schema["$defs"][definition]["properties"]}
        for entry in record[group]:
            problems += [f"{group}[].{name} is in the schema but not in practices.json" for name in sorted(wanted - set(entry))]
    return sorted(set(problems))


def mark_gaps(pages_html: str, offered: list[str]) -> list[str]:
    """The filters the practice pages mark (data-pagefind-filter) against the ones
    the Explore page offers: the same keys."""
    marked = set(re.findall(r'data-pagefind-filter="([a-z]+):', pages_html)) - {"type"}  # type: what kind of page it is, not a filter
    problems = [f"practice pages mark {key!r}, which Explore does not offer" for key in sorted(marked - set(offered))]
    problems += [f"Explore offers {key!r}, which no practice page marks" for key in offered if key not in marked]
    return problems


def explore_data(language: str = "en") -> dict:
    page = next(p for p in Site(CATALOG, language=language).pages() if p.src_uri == "explore.md")
    root = re.search(r'<div id="explore"[^>]*>', "".join(page.fragments.values())).group(0)
    return {name: json.loads(html.unescape(value)) for name, value in re.findall(r'data-(filters|settings)="([^"]*)"', root)}


def script_orders(script: str) -> list[str]:
    """The orders search.js knows how to sort a filter's values by."""
    block = re.search(r"const ORDERS = \{(.*?)\n\};", script, re.S).group(1)
    return re.findall(r"^\s*([a-z]+):", block, re.M)


# --- the schema and the declarations ----------------------------------------------------


def test_every_field_of_the_schema_is_declared_once():
    assert undeclared(list(practice_schema.fields()), fields.declared()) == []


def test_a_field_added_to_the_schema_without_its_declaration_is_named():
    with_new = [*practice_schema.fields(), "budget"]
    assert undeclared(with_new, fields.declared()) == ["budget is in the schema but not declared in catalog/fields.py"]
    assert undeclared(list(practice_schema.fields()), [*fields.declared(), "themes"]) == ["themes is declared twice"]


# --- the records and the codebook -------------------------------------------------------


def test_every_value_of_a_record_has_its_column_in_the_codebook_and_back():
    record = fields.practice_record(CATALOG.practices[0], Links())
    assert codebook_gaps(record, [c.name for c in exports.practice_columns()]) == []


def test_a_record_value_without_a_column_and_a_column_without_a_value_are_named():
    record = fields.practice_record(CATALOG.practices[0], Links())
    columns = [c.name for c in exports.practice_columns()]
    assert codebook_gaps({**record, "budget": 1}, columns) == ["practices.json has 'budget', which no column of practices.csv holds"]
    assert codebook_gaps(record, [c for c in columns if c != "sectors"]) == ["practices.json has 'sectors', which no column of practices.csv holds"]
    assert codebook_gaps({k: v for k, v in record.items() if k != "sectors"}, columns) == ["practices.csv has the column 'sectors', which practices.json lacks"]


def test_every_part_of_a_source_and_a_partner_is_in_the_records():
    schema = practice_schema.schema()
    for practice in CATALOG.practices:
        assert nested_gaps(fields.practice_record(practice, Links()), schema) == [], practice.slug


def test_a_part_of_a_source_left_out_of_the_records_is_named():
    practice = next(p for p in CATALOG.practices if p.partners)
    record = fields.practice_record(practice, Links())
    record["sources"] = [{k: v for k, v in s.items() if k != "archived"} for s in record["sources"]]
    assert nested_gaps(record, practice_schema.schema()) == ["sources[].archived is in the schema but not in practices.json"]


def test_an_archived_copy_of_a_source_reaches_the_json():
    practice = CATALOG.practices[0]
    copy = "https://web.archive.org/web/2021/https://example.org/page"
    archived = dataclasses.replace(practice, sources=(dataclasses.replace(practice.sources[0], archived=copy), *practice.sources[1:]))
    catalog = dataclasses.replace(CATALOG, practices=[archived, *CATALOG.practices[1:]])
    data = json.loads(exports.data_files(catalog, Site(catalog).network, Links())["practices.json"])["practices"]
    assert data[0]["sources"][0]["archived"] == copy


# --- the filters, the pages and the script ----------------------------------------------


def test_the_practice_pages_mark_exactly_the_filters_explore_offers():
    marks = "".join(filter_marks(p) for p in CATALOG.practices) + '<div data-pagefind-filter="type:Practice">'
    assert mark_gaps(marks, list(FILTERS)) == []


def test_a_filter_offered_but_never_marked_or_marked_but_not_offered_is_named():
    marks = "".join(filter_marks(p) for p in CATALOG.practices)
    without_sector = re.sub(r'<span hidden data-pagefind-filter="sector:[^"]*"></span>', "", marks)
    assert mark_gaps(without_sector, list(FILTERS)) == ["Explore offers 'sector', which no practice page marks"]
    assert mark_gaps(marks, [key for key in FILTERS if key != "year"]) == ["practice pages mark 'year', which Explore does not offer"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explore_page_sends_the_filters_in_their_declared_order_with_their_settings(language):
    data = explore_data(language)
    assert list(data["filters"]) == list(FILTERS) == [facet.key for field in fields.FIELDS for facet in field.facets]
    assert data["settings"] == settings()
    assert [key for key, facet in FILTERS.items() if facet.open] == ["region", "theme", "sector"]
    assert all(FILTERS[key].order in fields.ORDERS for key in FILTERS)


def test_every_filter_has_its_name_in_every_language():
    for language in LANGUAGES:
        missing = [key for key in FILTERS if f"js.filter.{key}" not in messages(language)]
        assert missing == [], language


def test_the_script_sorts_by_the_declared_orders_and_names_no_filter():
    assert sorted(script_orders(SEARCH_JS)) == sorted(fields.ORDERS)
    named = [key for key in FILTERS if re.search(rf"""["'`]{key}["'`]""", SEARCH_JS)]
    assert named == [], "search.js names a filter: its behaviour belongs in the declaration"


def test_a_script_order_the_declaration_lacks_is_seen():
    changed = SEARCH_JS.replace("  descending:", "  newest:")
    assert sorted(script_orders(changed)) != sorted(fields.ORDERS)


def test_the_explore_description_names_the_filters_offered():
    for language in LANGUAGES:
        data = explore_data(language)
        page = next(p for p in Site(CATALOG, language=language).pages() if p.src_uri == "explore.md")
        description = html.unescape(yaml.safe_load(page.markdown.split("---")[1])["description"])  # escaped for Material, which prints it as is
        words = Words(language)
        assert all(words(f"js.filter.{key}") in description for key in data["filters"]), language


# --- the panel of facts ---------------------------------------------------------------


def test_the_panel_of_facts_follows_the_declaration_and_links_the_sectors():
    practice = next(p for p in CATALOG.practices if p.slug == "lausanne-solidarity-water-fund-nouakchott")
    page = Site(CATALOG).practice_page(practice)
    panel = "".join(page.fragments.values())
    rows = re.findall(r"<dt>([^<]*)</dt>", panel)
    w = Words("en")
    assert rows[:4] == [w.field("city"), w("country"), w("region"), w.field("themes")]
    assert rows.index(w.field("sectors")) == rows.index(w.field("themes")) + 1
    assert '<a href="../../sectors/water-sanitation-waste/">Water, sanitation and waste</a>' in panel
    assert rows[-2:] == [w.field("sources"), w.field("last_reviewed")]


def test_every_practice_is_filed_under_one_to_three_sectors():
    sectors = practice_schema.vocabulary("sector")
    for practice in CATALOG.practices:
        assert 1 <= len(practice.sectors) <= 3 and set(practice.sectors) <= set(sectors), practice.slug


def test_every_sector_maps_to_oecd_dac_codes():
    for term in practice_schema.vocabulary("sector").values():
        assert term.codes and all(re.fullmatch(r"[0-9]{3}|[0-9]{5}", code) for code in term.codes), term.value
        assert all(term.label_in(language) and term.description_in(language) for language in LANGUAGES)


# --- where: the city and its partners ------------------------------------------------


def test_the_europe_and_switzerland_pages_list_the_nouakchott_practice_with_european_partners_apart():
    pages = {page.src_uri: page for page in Site(CATALOG).pages()}
    water = next(p for p in CATALOG.practices if p.slug == "nouakchott-region-water-sanitation-programme-european-partners")
    for src in ("regions/europe.md", "countries/ch.md", "countries/fr.md"):
        html_text = "".join(pages[src].fragments.values())
        led, _, partnered = html_text.partition('id="with-partners-here"')
        assert water.title not in led and water.title in partnered, src
        assert water.slug in pages[src].lists
    africa = "".join(pages["regions/africa.md"].fragments.values())
    assert water.title in africa.partition('id="with-partners-here"')[0]  # led from Africa: in the first list


def test_the_format_page_lists_the_sectors_with_their_dac_codes_in_each_language():
    for language in LANGUAGES:
        page = next(p for p in Site(CATALOG, language=language).pages() if p.src_uri == "format.md")
        words = Words(language)
        assert f"## {words('format.vocabulary.sector')} {{ #sector }}" in page.markdown
        text = "".join(page.fragments.values())
        assert f"<th>{html.escape(words('format.codes'))}</th>" in text
        for term in practice_schema.vocabulary("sector").values():
            codes = ", ".join(f"<code>{code}</code>" for code in term.codes)
            assert f"<td><code>{term.value}</code></td><td>{html.escape(term.label_in(language))}</td>" in text and f"<td>{codes}</td>" in text


def test_a_place_is_named_with_its_country_unless_it_is_named_as_the_country():
    words = Words("fr")
    dakar, tunisia = CATALOG.registry.actors["dakar"], CATALOG.registry.actors["tunisia"]
    assert words.where(dakar) == "Dakar, Sénégal"
    assert words.where(tunisia) == "Tunisie" and Words("en").where(tunisia) == "Tunisia"


def test_the_feed_files_each_practice_under_its_themes_and_its_sectors():
    feed = exports.atom_feed(CATALOG, Links(), "City Diplomacy Exchange")
    lausanne = next(p for p in CATALOG.practices if p.slug == "lausanne-solidarity-water-fund-nouakchott")
    entry = feed.split(f"<title>{html.escape(lausanne.title, quote=False)}</title>")[1].split("</entry>")[0]
    assert '<category term="water-sanitation-waste" label="Water, sanitation and waste" scheme="format/#sector" />' in entry
    assert entry.count('scheme="format/#theme"') == len(lausanne.themes)


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_each_language_has_its_feed_with_titles_summaries_and_labels_in_it(language):
    from xml.etree import ElementTree

    atom, lang = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"
    feed = ElementTree.fromstring(exports.atom_feed(CATALOG, Links(), "City Diplomacy Exchange", language).encode())
    english = ElementTree.fromstring(exports.atom_feed(CATALOG, Links(), "City Diplomacy Exchange").encode())
    assert feed.get(lang) == language and english.get(lang) == "en"
    entries = {entry.find(f"{atom}link").get("href"): entry for entry in feed.findall(f"{atom}entry")}
    assert len(entries) == len(CATALOG.practices)
    for practice in CATALOG.practices:
        entry = entries[f"practices/{practice.slug}/"]
        title, summary, _, written_in = practice.text_in(language)
        assert entry.find(f"{atom}title").text == title and entry.get(lang) == (None if written_in == language else written_in)
        labels = {c.get("term"): c.get("label") for c in entry.findall(f"{atom}category")}
        assert all(labels[s] == Words(language).term("sector", s) for s in practice.sectors)
    ids = {e.find(f"{atom}id").text for e in feed.iter(f"{atom}entry")} | {feed.find(f"{atom}id").text}
    english_ids = {e.find(f"{atom}id").text for e in english.iter(f"{atom}entry")} | {english.find(f"{atom}id").text}
    assert not ids & english_ids, "each feed has ids of its own"


def test_the_footer_links_each_language_to_its_own_feed(site):
    for language in LANGUAGES:
        folder = "" if language == LANGUAGES[0] else f"{language}/"
        page = (site / folder / "about" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<a href="\.\./feed\.xml" type="application/atom\+xml">', page), language
        assert f'xml:lang="{language}"' in (site / folder / "feed.xml").read_text(encoding="utf-8")
