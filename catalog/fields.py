"""Every field of a practice, declared once: what a practice page's panel of facts
shows of it, the Explore filters it feeds (in the order offered, with their first
state), and what the open data hold of it (its entries in practices.json and its
columns in practices.csv, with the codebook's words). The schema says what a
field may hold; this module says where it goes. tests/test_fields.py checks that
each field of the schema is declared here, that the codebook, the records, the
page's filter marks and the Explore page's filters all follow from it.

Rendering HTML stays with the page (catalog/practice_page.py): a field's facts
are written through the small `FactWriter` interface, so this module needs no
knowledge of links or templates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any, Protocol

from . import places
from . import schema as practice_schema
from .actors import Actor
from .i18n import LANGUAGES, Words
from .model import Partner, Practice
from .pages import Links, escape
from .routes import country_uri, region_uri, sdg_uri, sector_uri, suggestion_uri, theme_uri
from .text import plain

LIST_SEPARATOR = " | "  # how list fields are joined in the CSV files and the spreadsheet


# --- the open data's columns ------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a table (a CSV file, and its sheet in practices.xlsx): its
    name, what it holds (the codebook's words), and its cell taken from a record."""

    name: str
    holds: str
    cell: Callable[[dict], object]


def column(name: str, holds: str, cell: Callable[[dict], object] | None = None) -> Column:
    """A column; its cell is the record's value of the same name unless said."""
    return Column(name, holds, cell or itemgetter(name))


def joined(key: str, part: Callable[[object], object] = str) -> Callable[[dict], str]:
    """A cell holding a list, its items joined with " | "."""
    return lambda record: LIST_SEPARATOR.join(str(part(item)) for item in record[key])


def coordinate(index: int) -> Callable[[dict], float | None]:
    return lambda record: record["coordinates"][index] if record["coordinates"] else None


@cache
def english(language: str) -> str:
    """A language's name in English, for the codebooks: "French" for fr."""
    return Words("en").language_name(language)


def per_language(name: str, holds: Callable[[str], str]) -> list[Column]:
    """One column for each language of the site: `name_en`, `name_fr`, ..."""
    return [column(f"{name}_{language}", holds(language)) for language in LANGUAGES]


def text_in(what: str, language: str) -> str:
    """What a column of a practice's text in one language holds, for the codebook."""
    name = english(language)
    return f"The {what} in {name}: the original's when the practice was written in {name}, else its translation's; empty when it has none in {name} (never the text of another language)."


def country_name_columns(prefix: str, whose: str) -> list[Column]:
    return per_language(prefix, lambda language: f"The name of {whose} country in {english(language)} (CLDR); empty for international bodies.")


def country_names(prefix: str, country: str | None) -> dict[str, str | None]:
    return {f"{prefix}_{language}": places.country_name(country, language) if country else None for language in LANGUAGES}


def described(name: str) -> str:
    """A field's description, as the schema gives it."""
    return practice_schema.fields()[name]["description"]


ALL_LANGUAGES = ", ".join(LANGUAGES)


# --- the Explore page's filters ------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One filter of the Explore page. Its key names it in the page's address
    (?theme=twinning), in the search index and in the "js.filter.<key>" words."""

    key: str
    values: Callable[[Practice], Iterable[Any]]  # a practice's values: codes, numbers or actors
    label: Callable[[Words, Any], str]  # how a value reads in a language
    open: bool = False  # its list of values is open when the page opens
    order: str = "count"  # how its values are listed: "count" (most practices first), "ascending", "descending"


ORDERS = ("count", "ascending", "descending")  # what search.js knows how to sort by


def sdg_label(words: Words, number: int) -> str:
    return f"{number} {words.term('sdg', number)}"


def years_of(practice: Practice) -> list[int]:
    """The years a practice was active, for the year filter."""
    start, end = practice.start_year, practice.end_year
    if start and end:
        return list(range(start, end + 1))
    return [y for y in (start, end) if y]


def involved(practice: Practice) -> list[Actor]:
    """Who carried the practice out and its partners: where a practice is, for the
    region and country filters (a Nouakchott practice with European partners is
    found under Europe too). Networks are not places."""
    return [practice.actor, *(partner.actor for partner in practice.partners)]


def regions_of(practice: Practice) -> list[str]:
    """The world regions of the practice's actor and of its partners; an
    international body's practice is the world's."""
    found = [practice.region]
    found += [places.region_of(actor.country) for actor in involved(practice)[1:] if actor.country]
    return list(dict.fromkeys(found))


def countries_of(practice: Practice) -> list[str]:
    return list(dict.fromkeys(actor.country for actor in involved(practice) if actor.country))


def actor_name(words: Words, actor: Actor) -> str:
    return actor.name_in(words.language)


def term_label(vocabulary: str) -> Callable[[Words, Any], str]:
    return lambda words, value: words.term(vocabulary, value)


def _one(value) -> tuple:
    return (value,) if value else ()


# --- the panel of facts ------------------------------------------------------------


class FactWriter(Protocol):
    """What a field needs to write its facts on a practice page (practice_page.py)."""

    words: Words

    def link(self, text: str, uri: str) -> str: ...  # a link to a page of the site

    def actor(self, actor: Actor) -> str: ...  # an actor's name linked to its page, with its other names for search

    def partners(self, practice: Practice) -> str: ...

    def sources(self, practice: Practice) -> str: ...

    def period(self, practice: Practice) -> str: ...


Fact = tuple[str, str]  # (label, HTML value)


def term_links(vocabulary: str, uri: Callable[[Any], str], label: Callable[[Words, Any], str] | None = None, separator: str = ", "):
    """The facts of a vocabulary field: its values, each linked to its page."""
    label = label or term_label(vocabulary)

    def facts(writer: FactWriter, name: str, values: Iterable) -> list[Fact]:
        values = list(values)
        return [(writer.words.field(name), separator.join(writer.link(label(writer.words, value), uri(value)) for value in values))] if values else []

    return facts


# --- the fields ---------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A field of a practice (or, for the period, the two fields that make it), and
    where it goes. `facts` writes its rows of the panel of facts; a field shown
    elsewhere on the page (the title as its heading) says where in `shown`."""

    names: tuple[str, ...]  # the schema's fields it declares
    facts: Callable[[FactWriter, Practice], list[Fact]] | None = None
    shown: str = ""  # where the page shows it when not in the panel of facts
    facets: tuple[Facet, ...] = ()
    record: Callable[[Practice, Links], dict] = lambda practice, links: {}  # its entries in practices.json
    columns: tuple[Column, ...] = ()  # its columns in practices.csv and the practices sheet


def _texts(practice: Practice, part: int) -> dict[str, str | None]:
    """The practice's title (0) or summary (1) in each language: the original's
    in its own language, a translation's, else nothing (never another language's)."""
    found = {}
    for language in LANGUAGES:
        texts = practice.text_in(language)
        found[language] = (texts[part] if part == 0 else plain(texts[part])) if texts[3] == language else None
    return found


def _city_facts(writer: FactWriter, practice: Practice) -> list[Fact]:
    w = writer.words
    facts = [(w.field("city"), writer.actor(practice.actor))]
    if practice.country:
        facts.append((w("country"), writer.link(w.country(practice.country), country_uri(practice.country))))
    facts.append((w("region"), writer.link(w.region(practice.region), region_uri(practice.region))))
    return facts


def _city_record(practice: Practice, links: Links) -> dict:
    return {
        "city_id": practice.actor.id,
        "city": practice.actor.name,
        "city_url": links.url(practice.actor.src_uri),
        "country": practice.country,
        "country_name": places.country_name(practice.country) if practice.country else None,
        **country_names("country_name", practice.country),
        "region": practice.region,
        "region_name": places.region_name(practice.region),
        "coordinates": list(practice.coordinates) if practice.coordinates else None,
    }


def partner_notes(practice: Practice, partner: Partner) -> dict[str, str | None]:
    """A partner's note in each language of the site: the original's in its own
    language, a translation's, else nothing."""
    found = {}
    for language in LANGUAGES:
        note = practice.note_in(partner.actor.id, language)
        found[f"note_{language}"] = note[0] if note and note[1] == language else None
    return found


def _partners_record(practice: Practice, links: Links) -> dict:
    return {
        "partners": [
            {
                "id": p.actor.id,
                "name": p.actor.name,
                "country": p.actor.country,
                "relation": p.relation,
                "note": p.note,
                **partner_notes(practice, p),
                "url": links.url(p.actor.src_uri),
            }
            for p in practice.partners
        ]
    }


def _vocabulary_field(name: str, facet: Facet | None, uri: Callable[[Any], str], vocabulary: str, holds: str, label=None, separator: str = ", ") -> Field:
    """A field whose values come from a vocabulary, each with a page of its own."""
    facts = term_links(vocabulary, uri, label, separator)
    return Field(
        (name,),
        facts=lambda writer, practice: facts(writer, name, getattr(practice, name)),
        facets=(facet,) if facet else (),
        record=lambda practice, links: {name: list(getattr(practice, name))},
        columns=(column(name, holds, joined(name)),),
    )


def _one_term_field(name: str, key: str) -> Field:
    """A field holding at most one value of a vocabulary (level, status)."""
    return Field(
        (name,),
        facts=lambda writer, practice: [(writer.words.field(name), escape(writer.words.term(name, value)))] if (value := getattr(practice, name)) else [],
        facets=(Facet(key, lambda practice: _one(getattr(practice, name)), term_label(name)),),
        record=lambda practice, links: {name: getattr(practice, name)},
        columns=(column(name, described(name) + " Empty when not stated."),),
    )


# In the order of the panel of facts; the Explore page offers the filters in the
# same order. Each field of the schema is declared exactly once.
FIELDS: tuple[Field, ...] = (
    Field(
        ("title",),
        shown="the page's heading",
        record=lambda practice, links: {"title": practice.title, **{f"title_{language}": text for language, text in _texts(practice, 0).items()}},
        columns=(
            column("title", described("title") + " As first written, in the language the language column gives."),
            *per_language("title", lambda language: text_in("title", language)),
        ),
    ),
    Field(
        ("summary",),
        shown="the paragraph under the heading",
        record=lambda practice, links: {"summary": plain(practice.summary), **{f"summary_{language}": text for language, text in _texts(practice, 1).items()}},
        columns=(
            column("summary", described("summary") + " As first written, in the language the language column gives."),
            *per_language("summary", lambda language: text_in("summary", language)),
        ),
    ),
    Field(
        ("city",),
        facts=_city_facts,
        facets=(
            Facet("region", regions_of, Words.region, open=True),
            Facet("country", countries_of, Words.country),
            Facet("city", lambda practice: (practice.actor,), actor_name),
        ),
        record=_city_record,
        columns=(
            column("city_id", "The id of the actor that carried out the practice (see actors.csv)."),
            column("city", "That actor's usual name in English."),
            column("city_url", "That actor's page, relative to the site's address."),
            column("country", "The actor's country, as a two-letter ISO 3166-1 code; empty for international bodies."),
            column("country_name", "The country's name in English (CLDR)."),
            *country_name_columns("country_name", "the actor's"),
            column("region", "The UN M49 code of the country's world region; 001 (World) for international bodies."),
            column("region_name", "The region's name in English (CLDR)."),
            column("latitude", "Latitude of the city, in decimal degrees; empty when unknown.", coordinate(0)),
            column("longitude", "Longitude of the city, in decimal degrees; empty when unknown.", coordinate(1)),
        ),
    ),
    _vocabulary_field("themes", Facet("theme", lambda practice: practice.themes, term_label("theme"), open=True), theme_uri, "theme", "Theme identifiers (see the practice format page), joined with \" | \"."),
    _vocabulary_field(
        "sectors",
        Facet("sector", lambda practice: practice.sectors, term_label("sector"), open=True),
        sector_uri,
        "sector",
        "Sector identifiers (see the practice format page, which maps each to OECD DAC purpose codes), joined with \" | \"; empty when not stated.",
    ),
    Field(
        ("partners",),
        facts=lambda writer, practice: [(writer.words.field("partners"), writer.partners(practice))] if practice.partners else [],
        facets=(
            Facet("partner", lambda practice: [partner.actor for partner in practice.partners], actor_name),
            Facet("relation", lambda practice: [partner.relation for partner in practice.partners if partner.relation], term_label("relation")),
        ),
        record=_partners_record,
        columns=(column("partners", "Ids of the partners (see actors.csv), joined with \" | \"; partners.csv has one row per partner.", joined("partners", itemgetter("id"))),),
    ),
    Field(
        ("networks",),
        facts=lambda writer, practice: [(writer.words.field("networks"), ", ".join(writer.actor(n) for n in practice.networks))] if practice.networks else [],
        facets=(Facet("network", lambda practice: practice.networks, actor_name),),
        record=lambda practice, links: {"networks": [n.id for n in practice.networks]},
        columns=(column("networks", "Ids of the networks and associations involved (see actors.csv), joined with \" | \".", joined("networks")),),
    ),
    _one_term_field("level", "level"),
    Field(
        ("start_year", "end_year"),
        facts=lambda writer, practice: [(writer.words("period"), escape(period))] if (period := writer.period(practice)) else [],
        facets=(Facet("year", years_of, lambda words, year: str(year), order="descending"),),
        record=lambda practice, links: {"start_year": practice.start_year, "end_year": practice.end_year},
        columns=(column("start_year", described("start_year")), column("end_year", described("end_year"))),
    ),
    _one_term_field("status", "status"),
    _vocabulary_field("sdgs", Facet("sdg", lambda practice: practice.sdgs, sdg_label, order="ascending"), sdg_uri, "sdg", "Numbers of the Sustainable Development Goals, joined with \" | \".", label=sdg_label, separator="; "),
    _vocabulary_field(
        "recommendations",
        Facet("suggestion", lambda practice: practice.recommendations, term_label("recommendation")),
        suggestion_uri,
        "recommendation",
        "Identifiers of the suggestions the practice illustrates, joined with \" | \".",
    ),
    Field(
        ("sources",),
        facts=lambda writer, practice: [(writer.words.field("sources"), writer.sources(practice))],
        record=lambda practice, links: {
            "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url, "archived": s.archived} for s in practice.sources]
        },
        columns=(column("sources", "Titles of the sources, joined with \" | \"; practices.json has their full details.", joined("sources", itemgetter("title"))),),
    ),
    Field(
        ("language",),
        shown="the lang attribute of the text, and a notice when the page's language differs",
        record=lambda practice, links: {
            "language": practice.language,
            "translated_into": [language for language in LANGUAGES if language in practice.translations],
            "outdated_translations": [language for language in LANGUAGES if practice.outdated_in(language)],
        },
        columns=(
            column("language", described("language")),
            column("translated_into", f"The languages the practice is translated into, as codes ({ALL_LANGUAGES}) joined with \" | \"; empty when it has no translation.", joined("translated_into")),
            column("outdated_translations", "Those of its translations made from an earlier version of the practice, as language codes joined with \" | \"; their text may not say all the original says now.", joined("outdated_translations")),
        ),
    ),
    Field(
        ("last_reviewed",),
        facts=lambda writer, practice: [(writer.words.field("last_reviewed"), f'<time datetime="{escape(practice.last_reviewed)}">{escape(practice.last_reviewed)}</time>')],
        record=lambda practice, links: {"last_reviewed": practice.last_reviewed},
        columns=(column("last_reviewed", described("last_reviewed")),),
    ),
)


def declared() -> list[str]:
    """The schema's fields as declared here, in the declaration's order."""
    return [name for spec in FIELDS for name in spec.names]


def facets() -> dict[str, Facet]:
    """The Explore page's filters, by key, in the order it offers them."""
    return {facet.key: facet for spec in FIELDS for facet in spec.facets}


def facts(writer: FactWriter, practice: Practice) -> list[Fact]:
    """The panel of facts of a practice page, in the declaration's order."""
    return [fact for spec in FIELDS if spec.facts for fact in spec.facts(writer, practice)]


def practice_record(practice: Practice, links: Links) -> dict:
    """One practice as open data: every field, with stable keys, plus what the
    site derives (names, region, URLs). Actors are named by their ids, which
    actors.json describes; their usual names are given beside for convenience.
    Titles, summaries, notes and country names are also given in each language
    of the site (`title_fr`, ...), empty where the practice has no text in it."""
    record = {"slug": practice.slug, "url": links.url(practice.src_uri)}
    for spec in FIELDS:
        record.update(spec.record(practice, links))
    return record


def practice_columns() -> list[Column]:
    """The columns of practices.csv (and of the practices sheet), with what each holds."""
    return [
        column("slug", "The practice's permanent identifier: its file name without .md."),
        column("url", "The practice's page, relative to the site's address."),
        *(c for spec in FIELDS for c in spec.columns),
    ]
