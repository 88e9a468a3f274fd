"""The "Practice format" page: every field, whether it is required, what it
accepts and an example, every vocabulary with its descriptions, and the body's
sections. Written from the JSON Schema alone, so it cannot drift from it."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import yaml

from . import schema as practice_schema
from .i18n import LANGUAGES, Words
from .languages import translated_name
from .pages import Links, Page, escape, front_matter, table
from .routes import PROPOSE
from .template import practice_text

QUOTED_DATE = re.compile(r"'([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)'")
SCHEMA_FILE = "practice.schema.json"  # where the schema is published in the site
# The $defs names of the vocabularies, in the schema's order; "kind" is the actor schema's.
VOCABULARY_OF = (*(name for name, sub in practice_schema.schema()["$defs"].items() if practice_schema.terms(sub) is not None), "kind")
ACTOR_SCHEMA_FILE = "actor.schema.json"


def code(text: object) -> str:
    return f"<code>{escape(text)}</code>"


def vocabulary_name(subschema: dict | None) -> str | None:
    """The $defs name of the vocabulary a field (or its items) takes values from."""
    for candidate in (subschema or {}, (subschema or {}).get("items") or {}):
        reference = candidate.get("$ref", "")
        if reference.removeprefix("#/$defs/") in VOCABULARY_OF:
            return reference.removeprefix("#/$defs/")
    return None


def accepts(raw: dict, words: Words, root: dict | None = None) -> str:
    """What a field accepts, in words of `words`' language, from its schema
    (`root`, the practice schema unless another is given)."""
    name = vocabulary_name(raw)
    subschema = practice_schema.resolve(raw, root)
    kind = subschema.get("type")
    w = words
    if name:
        values = f'<a href="#{name}">{escape(w(f"format.vocabulary.{name}").lower())}</a>'
        if kind == "array":
            return w.html("format.accepts.list_of", values=values) + items_range(subschema, w)
        return w.html("format.accepts.one_of", values=values)
    if kind == "string":
        text = escape(practice_schema.translated(subschema, "x-expected", w.language)) if subschema.get("x-expected") else escape(w("format.accepts.text"))
        if "minLength" in subschema and "maxLength" in subschema:
            text += escape(w("format.accepts.characters", low=subschema["minLength"], high=subschema["maxLength"]))
        if subschema.get("pattern") == practice_schema.PLAIN_TEXT:
            text += escape(w("format.accepts.plain"))
        return text
    if kind == "integer":
        return escape(w("format.accepts.integer", low=subschema.get("minimum"), high=subschema.get("maximum")))
    if kind == "array":
        item = subschema.get("items") or {}
        if "prefixItems" in subschema:
            return escape(w("format.accepts.coordinates"))
        item_name = practice_schema.resolve(item, root).get("title", "item")
        if practice_schema.resolve(item, root).get("type") == "object":
            group = escape(w(f"format.group.{item_name}"))
            below = f'<a href="#{item_name}-fields">{escape(w("format.fields_below"))}</a>'
            return w.html("format.accepts.groups", group=group, below=below) + items_range(subschema, w)
        return escape(w("format.accepts.texts")) + items_range(subschema, w)
    return escape(kind)


def items_range(subschema: dict, words: Words) -> str:
    low, high = subschema.get("minItems"), subschema.get("maxItems")
    if low and high:
        return escape(words("format.range", low=low, high=high))
    if low:
        return escape(words("format.at_least", low=low))
    return ""


def example(subschema: dict, name: str) -> str:
    examples = subschema.get("examples")
    if not examples:
        return ""
    text = yaml.safe_dump({name: examples[0]}, allow_unicode=True, sort_keys=False, width=60).strip()
    text = QUOTED_DATE.sub(r"\1", text)  # practices write dates unquoted: show them so
    return f"<pre><code>{escape_block(text)}</code></pre>"


def escape_block(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def field_table(properties: dict, required: list[str], words: Words, root: dict | None = None) -> str:
    rows = []
    yes, no = escape(words("format.yes")), escape(words("format.no"))
    for name, raw in properties.items():
        subschema = practice_schema.resolve(raw, root)
        title = raw.get("x-translations", {}).get(words.language, {}).get("title") or practice_schema.translated(subschema, "title", words.language)
        rows.append(
            f"<tr><td>{code(name)}</td><td>{yes if name in required else no}</td>"
            f"<td>{escape(words('format.entry', title=title, description=practice_schema.translated(subschema, 'description', words.language)))}"
            f"<br><small>{accepts(raw, words, root)}</small>{example(subschema, name)}</td></tr>"
        )
    return table([words(key) for key in ("format.field", "format.required", "format.holds")], "".join(rows))


def vocabulary_table(name: str, words: Words) -> str:
    """A vocabulary's values with their labels and meanings in the page's language,
    and, for a vocabulary mapped to a published classification (the sectors, to
    the OECD DAC purpose codes), the codes each value covers."""
    language = words.language
    terms = practice_schema.actor_vocabulary(name) if name == "kind" else practice_schema.vocabulary(name)
    mapped = any(term.codes for term in terms.values())
    rows = "".join(
        f"<tr><td>{code(term.value)}</td><td>{escape(term.label_in(language))}</td><td>{escape(term.description_in(language))}</td>"
        + (f"<td>{', '.join(code(c) for c in term.codes)}</td>" if mapped else "")
        + "</tr>"
        for term in terms.values()
    )
    intro = f"<p>{escape(words('format.codes.intro'))}</p>" if mapped else ""
    return intro + table([words(key) for key in ("format.value", "format.label", "format.meaning", *(("format.codes",) * mapped))], rows)


def format_page(links: Links, words: Words) -> Page:
    """The reference of the practice format, in the page's language: field names
    and values are the same in every language; their meanings, the vocabularies'
    labels and the section headings are given in it."""
    schema = practice_schema.schema()
    page = Page("format.md")
    w, language = words, words.language
    schema_link = f'<a href="{links.data_href(page.src_uri, SCHEMA_FILE)}">{escape(w("format.schema_link"))}</a>'
    parts = [
        front_matter(w("format.title"), w("format.description")),
        page.fragment(f"<p>{w.html('format.intro', schema=schema_link)}</p>"),
        f"## {w('format.fields')} {{ #fields }}\n\n",
        page.fragment(field_table(schema["properties"], schema["required"], w)),
    ]
    for name in ("source", "partner"):
        sub = schema["$defs"][name]
        parts += [f"## {w(f'format.fields_of.{name}')} {{ #{name}-fields }}\n\n", page.fragment(field_table(sub["properties"], sub.get("required", []), w))]
    actor = practice_schema.actor_schema()
    actor_link = f'<a href="{links.data_href(page.src_uri, ACTOR_SCHEMA_FILE)}">{escape(w("format.actor_schema_link"))}</a>'
    parts += [
        f"## {w('format.actors')} {{ #actor-fields }}\n\n",
        page.fragment(
            f"<p>{escape(practice_schema.translated(actor, 'description', language))} {w.html('format.actors.described', schema=actor_link)}</p>"
            + field_table(actor["properties"], actor["required"], w, actor)
        ),
    ]
    yes, no = escape(w("format.yes")), escape(w("format.no"))
    sections = "".join(
        f"<tr><td>{'<br>'.join(f'<code>## {escape(s.heading_in(code_))}</code>' for code_ in ordered(language))}</td>"
        f"<td>{yes if s.required else no}</td><td>{escape(s.prompt_in(language))}</td></tr>"
        for s in practice_schema.body_sections()
    )
    parts += [
        f"## {w('format.sections')} {{ #sections }}\n\n",
        page.fragment(f"<p>{escape(practice_schema.translated(schema['x-body'], 'description', language))} {escape(w('format.sections.languages'))}</p>" + table([w(key) for key in ("format.heading", "format.required", "format.what")], sections)),
    ]
    for name in VOCABULARY_OF:
        parts += [f"## {w(f'format.vocabulary.{name}')} {{ #{name} }}\n\n", page.fragment(vocabulary_table(name, w))]
    page.markdown = "".join(parts)
    return page


def ordered(language: str) -> list[str]:
    """The site's languages, `language` first."""
    return [language, *(code for code in LANGUAGES if code != language)]


def schema_files() -> dict[str, str]:
    """The schemas as published with the site, for editors and data users."""
    return {
        SCHEMA_FILE: json.dumps(practice_schema.schema(), indent=2, ensure_ascii=False) + "\n",
        ACTOR_SCHEMA_FILE: json.dumps(practice_schema.actor_schema(), indent=2, ensure_ascii=False) + "\n",
    }


# --- the Contribute page ----------------------------------------------------------

CONTRIBUTING_LINKS = {  # where CONTRIBUTING.md's links to repository files lead on the site
    "catalog/schemas/practice.schema.json": "format.md",
    "catalog/schemas/actor.schema.json": "format.md#actor-fields",
    **{f"templates/{translated_name('practice-template.md', code)}": "#the-practice-template" for code in LANGUAGES},
    **{f"templates/{translated_name('actor-template.md', code)}": "format.md#actor-fields" for code in LANGUAGES},
}


ABOUT_PAGE = "about.md"  # in each language's docs folder
# On the About pages, where the build writes where proposals go (where_to_propose).
WHERE_TO_PROPOSE = "<!-- where proposals go -->"


def where_to_propose(words: Words, repository: str | None, email: str | None) -> str:
    """Where proposals go, as HTML sentences, from the site's settings: its
    repository (`repo_url`) and the maintainers' address (`extra.proposals_email`);
    empty when it names neither."""
    sentences = []
    if repository:
        link = f'<a href="{escape(repository)}">{escape(repository)}</a>'
        folder = f'<a href="{escape(repository.rstrip("/"))}/tree/HEAD/practices">practices</a>'
        sentences.append(words.html("contribute.repository", repository=link, folder=folder))
    if email:
        address = f'<a href="mailto:{escape(quote(email, safe="@"))}">{escape(email)}</a>'
        sentences.append(words.html("contribute.email" if repository else "contribute.email_only", address=address))
    return " ".join(sentences)


def about_page(markdown: str, words: Words, repository: str | None, email: str | None) -> str:
    """A hand-written About page with where proposals go written in place of its
    WHERE_TO_PROPOSE line (nothing, when the site names no way). Raises
    ValueError when the page lacks that line: the address would go missing."""
    if markdown.count(WHERE_TO_PROPOSE) != 1:
        raise ValueError(f"the page should hold the line {WHERE_TO_PROPOSE} once, where the build writes the repository and the address for proposals.")
    where = where_to_propose(words, repository, email)
    return markdown.replace(WHERE_TO_PROPOSE, f'<p class="where-to-propose">{where}</p>' if where else "")


def contribute_page(contributing: str, words: Words, repository: str | None = None, links: Links | None = None, email: str | None = None) -> Page:
    """The site's Contribute page, from CONTRIBUTING.md (or its translation,
    CONTRIBUTING.<language>.md): one text for GitHub and the site, with where
    proposals go at its top (the repository, `repo_url` in mkdocs.yml, and the
    maintainers' address, `extra.proposals_email`), or word that this copy of
    the site names neither, followed by the practice template, ready to copy."""
    heading, _, body = contributing.partition("\n")
    title = heading.removeprefix("# ").strip()
    for source, target in CONTRIBUTING_LINKS.items():
        body = body.replace(f"]({source})", f"]({target})")
    description = next(p for p in body.split("\n\n") if p.strip() and not p.startswith("#")).replace("\n", " ").strip()
    template = f"## {words('template.title')} {{ #the-practice-template }}\n\n{words('template.intro')}\n\n```md\n{practice_text(language=words.language)}```\n"
    page = Page("contribute.md")
    if where := where_to_propose(words, repository, email):
        way_in = f'<div class="admonition info"><p>{where}</p></div>'
    else:
        way_in = f'<div class="admonition warning"><p>{escape(words("contribute.no_repository"))}</p></div>'
    form = (links or Links()).a(words("propose.link"), page.src_uri, PROPOSE)
    way_in = f'<p class="propose-link"><strong>{form}</strong>: {escape(words("propose.link.why"))}</p>' + way_in
    page.markdown = front_matter(title, description) + f"# {title}\n\n" + page.fragment(way_in) + f"{body.strip()}\n\n{template}"
    return page
