"""The Propose-a-practice page: a form, in the page's language, that writes a
practice file (and the files of any new actors) in the browser, for people who
do not use Git. No server: the contributor downloads or copies the file, opens
it on GitHub as a proposal, or sends it by email.

Everything the form knows is derived here, at build time, from the schema and
the registry: one field per practice field, with its label, hint, vocabulary
and limits; the validator's own messages for each broken limit (validation.
RULE_MESSAGES, citations.MESSAGES), translated as the validator translates them;
the headings of the text in every language; every name of every actor. The
script (docs/javascripts/propose.js) restates none of it."""

from __future__ import annotations

import json
from functools import cache

import pycountry

from . import gazetteer
from . import schema as practice_schema
from .actors import NATIONAL_KINDS
from .citations import ATX
from .citations import MESSAGES as CITATION_MESSAGES
from .exports import LICENSE
from .i18n import LANGUAGES, Words
from .pages import Page, escape, front_matter
from .problems import translated
from .model import ACTORS_FOLDER, PRACTICES_FOLDER
from .reading import NULLS
from .render import Context
from .routes import PROPOSE
from .story import MAX_CHARACTERS
from .template import PLAIN, SCHEMA_COMMENT
from .validation import MAX_SLUG, RULE_MESSAGES

GITHUB_URL_LIMIT = 8000  # characters: GitHub refuses a longer "new file" address (about 8 KB, undocumented)
ACTOR_SCHEMA_COMMENT = SCHEMA_COMMENT.replace("practice.schema.json", "actor.schema.json")


def rules(node: dict, language: str) -> dict:
    """The limits a value must keep, as the schema states them, with the words
    that name what a pattern expects."""
    found = {key: node[key] for key in ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "uniqueItems") if key in node}
    if node.get("pattern") == practice_schema.PLAIN_TEXT:
        found["plain"] = True  # no < or >: the form says so in the validator's words
    elif "pattern" in node:
        found["pattern"] = node["pattern"]
        found["expected"] = practice_schema.translated(node, "x-expected", language) or translated("written as expected", language)
    if practice_schema.types(node) & {"integer", "number"}:
        found["integer"] = True
    return found


def field_spec(name: str, node: dict, required: bool, language: str, root: dict | None = None) -> dict:
    """What the form shows and checks for one field of the schema."""
    node = practice_schema.resolve(node, root) or {}
    array = "array" in practice_schema.types(node)
    item = practice_schema.resolve(node.get("items"), root) if array else None
    vocabulary = practice_schema.terms(item if array else node)
    spec = {
        "name": name,
        "label": practice_schema.translated(node, "title", language) or name,
        "hint": practice_schema.translated(node, "x-hint", language) or practice_schema.translated(node, "description", language),
        "required": required,
        "rules": rules(node, language),
    }
    if array or vocabulary:  # hints say how to write YAML lines or codes: the form says what the field is for
        spec["hint"] = practice_schema.translated(node, "description", language) or spec["hint"]
    if vocabulary:
        spec["input"] = "choices" if array else "choice"
        spec["options"] = [[value, term.label_in(language)] for value, term in vocabulary.items()]
    elif item and item.get("type") == "object":
        spec["input"] = "group"
        needed = item.get("required", [])
        spec["fields"] = [field_spec(key, sub, key in needed, language, root) for key, sub in item["properties"].items()]
    elif array:
        spec["input"] = "list"
        spec["item"] = field_spec(name, item, True, language, root)
    else:
        spec["input"] = "number" if spec["rules"].get("integer") else "text"
    return spec


def first_sentence(spec: dict) -> None:
    """An actor field's hint, without the sentence on writing a new actor's file:
    the form writes that file itself."""
    spec["hint"] = spec["hint"].split(". ")[0].rstrip(".") + "."


def practice_fields(language: str) -> list[dict]:
    schema = practice_schema.schema()
    required = schema["required"]
    found = []
    for name, node in schema["properties"].items():
        if name == "language":
            continue  # the form asks which language the practice is written in, first
        spec = field_spec(name, node, name in required, language)
        if name == "summary":
            spec["input"] = "textarea"
        found.append(spec)
    by_name = {spec["name"]: spec for spec in found}
    for spec in (by_name["city"], by_name["partners"]["fields"][0], by_name["networks"]["item"]):
        first_sentence(spec)
    return found


def actor_fields(language: str) -> list[dict]:
    """The few fields of a new actor: its name, kind, country, latitude and
    longitude, and its names in the site's other languages."""
    schema = practice_schema.actor_schema()
    properties = schema["properties"]
    words = Words(language)
    fields = [field_spec(key, properties[key], key in schema["required"], language, schema) for key in ("name", "kind", "country")]
    # A list of countries by name, instead of a code to write; the script sorts them
    # as the page's language does (Intl.Collator), which Python cannot without ICU.
    fields[2]["input"] = "choice"
    fields[2]["hint"] = words("propose.actor.country.hint")
    fields[2]["options"] = [[code, words.country(code)] for code in countries()]
    names = properties["names"]
    other_names = field_spec("names", names["additionalProperties"], False, language, schema)
    other_names["label"] = words("propose.actor.name_in", language="{language}")  # filled by the script
    other_names["hint"] = ""
    other_names["languages"] = [[code, words.language_name(code)] for code in LANGUAGES[1:]]
    return [*fields, *coordinate_fields(properties["coordinates"], schema, language), other_names]


def coordinate_fields(node: dict, schema: dict, language: str) -> list[dict]:
    """Latitude and longitude, two fields for the schema's pair, with its limits;
    the pair's description is the hint of the first."""
    coordinates = practice_schema.resolve(node, schema)
    words = Words(language)
    return [
        {
            "name": axis,
            "label": words(f"propose.actor.{axis}"),
            "hint": practice_schema.translated(node, "description", language) if axis == "latitude" else "",
            "required": False,
            "input": "decimal",
            "rules": {"minimum": item["minimum"], "maximum": item["maximum"]},
        }
        for axis, item in zip(("latitude", "longitude"), coordinates["prefixItems"])
    ]


# Who proposes: asked by the form, written only into the email and the GitHub
# proposal's description, for the maintainers; never into a file.
CONTRIBUTOR_LIMITS = {"name": 120, "contact": 200}


def contributor_fields(words: Words) -> list[dict]:
    return [
        {"name": name, "label": words(f"propose.contributor.{name}"), "hint": "", "required": False, "input": "text", "rules": {"maxLength": most}}
        for name, most in CONTRIBUTOR_LIMITS.items()
    ]


def licence_url(language: str) -> str:
    """The licence's own page (its deed) in the page's language."""
    return f"{LICENSE['license_url']}deed.{language}"


def messages(language: str) -> dict[str, str]:
    """The validator's messages, as templates with their {values}, in `language`."""
    # "a number": what validation.explain expects of a coordinate that is not one.
    templates = {**RULE_MESSAGES, **{f"citation.{key}": text for key, text in CITATION_MESSAGES.items()}, "number": "a number"}
    return {key: translated(text, language) for key, text in templates.items()}


def actors(ctx: Context) -> list[list]:
    """Every actor of the registry: [id, name in the page's language, kind,
    country, every other name it answers to]."""
    found = []
    for actor in ctx.catalog.registry.actors.values():
        name = ctx.name(actor)
        others = [n for n in dict.fromkeys([actor.id, *actor.all_names()]) if n != name]
        found.append([actor.id, name, actor.kind, actor.country or "", others])
    return found


# The places a new actor may be put at, one file per country, published once (in
# the default language's site) and fetched by the form when a new actor's country
# is chosen: the form's page stays light.
PLACES = "places/"
GEONAMES = "https://www.geonames.org/"  # credited where the form offers the places


def countries() -> list[str]:
    """The countries the form offers a new actor, by code: one place file each."""
    return sorted(country.alpha_2 for country in pycountry.countries)


def place_files() -> dict[str, str]:
    """Path in the site -> the places of one country, largest first: [name,
    latitude, longitude, population], coordinates rounded as actor files give
    them; a country without a town in the gazetteer has an empty list. The places'
    other names are left out: mostly transliterations into other languages, they
    would make the files a third larger."""
    return dict(_place_files())


@cache
def _place_files() -> tuple[tuple[str, str], ...]:
    # The gazetteer does not change while a process runs: read (about two
    # seconds, in a process of its own) and written once, even when `dev.py serve` rebuilds.
    towns = gazetteer.towns_by_country()
    return tuple(
        (f"{PLACES}{country}.json", json.dumps({"attribution": gazetteer.ATTRIBUTION, "places": towns.get(country, [])}, ensure_ascii=False, separators=(",", ":")) + "\n")
        for country in countries()
    )


def places_data(ctx: Context) -> dict:
    """Where the form finds the place files, and whom it credits for them."""
    return {"root": ctx.links.data_href(PROPOSE, PLACES), "minimum": gazetteer.MIN_POPULATION, "credit": gazetteer.ATTRIBUTION, "credit_url": GEONAMES}


def draft_limits(fields: list[dict]) -> dict[str, int]:
    """What a draft restored from the browser may hold: what a person could have
    typed into the form, a little past the schema's limits (which the form points
    out), never more. No text longer than a practice's whole story may be, no
    list longer than twice the longest list the schema allows."""
    return {"characters": MAX_CHARACTERS, "items": 2 * max(field["rules"].get("maxItems", 0) for field in fields)}


def form_data(ctx: Context) -> dict:
    w, language, where = ctx.words, ctx.language, ctx.contributions
    sections = practice_schema.body_sections()
    fields = practice_fields(language)
    return {
        "language": language,
        "words": w.starting("propose."),
        "messages": messages(language),
        "fields": fields,
        "actor_fields": actor_fields(language),
        "contributor_fields": contributor_fields(w),
        "licence": licence_url(language),
        "places": places_data(ctx),
        "actor_kinds_with_country": sorted(NATIONAL_KINDS),
        "languages": [[code, w.language_name(code)] for code in LANGUAGES],
        "sections": [
            {"headings": {code: s.heading_in(code) for code in LANGUAGES}, "prompt": s.prompt_in(language), "required": s.required} for s in sections
        ],
        "actors": actors(ctx),
        "practices": sorted(p.slug for p in ctx.catalog.practices),
        "max_slug": MAX_SLUG,
        "draft_limits": draft_limits(fields),
        # Text the reader reads back as itself unquoted (catalog.template.scalar's rule).
        "plain": {"pattern": PLAIN.pattern, "nulls": sorted(NULLS)},
        "heading_line": ATX.pattern,  # a marker on such a line is in a heading (catalog.citations)
        "schema_comment": {"practice": SCHEMA_COMMENT, "actor": ACTOR_SCHEMA_COMMENT},
        "repository": {"url": where.repository.rstrip("/"), "branch": where.branch, "url_limit": GITHUB_URL_LIMIT} if where.repository else None,
        "folders": {"practice": PRACTICES_FOLDER, "actor": ACTORS_FOLDER},  # where the files go in the repository
        "email": where.email or None,
    }


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element: no "</" or "<!--" can close or open anything."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c").replace("&", "\\u0026")


def propose_page(ctx: Context) -> Page:
    """The form's page. Without JavaScript it says where the template is."""
    w, links = ctx.words, ctx.links
    page = Page(PROPOSE)
    data = script_json(form_data(ctx))
    script = links.data_href(PROPOSE, "javascripts/propose.js")  # shared by every language, at the root
    template = links.a(w("propose.noscript.template"), PROPOSE, "contribute.md", anchor="the-practice-template")
    body = (
        f'<div id="propose" class="propose" data-pagefind-ignore="all"><p class="propose__status">{escape(w("propose.loading"))}</p></div>'
        f'<noscript><p>{w.html("propose.noscript", template=template)}</p></noscript>'
        f'<script type="application/json" id="propose-data">{data}</script>'
        f'<script type="module" src="{script}"></script>'
    )
    page.markdown = front_matter(w("propose.title"), w("propose.description"), hide=("toc",)) + f"# {w('propose.title')}\n\n{w('propose.intro')}\n\n" + page.fragment(body)
    return page
