"""The "Practice format" page: every field, whether it is required, what it
accepts and an example, every vocabulary with its descriptions, and the body's
sections. Written from the JSON Schema alone, so it cannot drift from it."""

from __future__ import annotations

import json
import re

import yaml

from . import schema as practice_schema
from .i18n import Words
from .pages import Links, Page, escape, front_matter
from .template import practice_text

QUOTED_DATE = re.compile(r"'([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)'")
SCHEMA_FILE = "practice.schema.json"  # where the schema is published in the site
VOCABULARY_OF = {  # $defs name -> the heading its values are listed under
    "theme": "Themes",
    "relation": "Partner relations",
    "level": "Levels of government",
    "status": "Status",
    "recommendation": "Suggestions",
    "sdg": "Sustainable Development Goals",
    "kind": "Kinds of actor",  # the actor schema's
}
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


def accepts(raw: dict, root: dict | None = None) -> str:
    """What a field accepts, in words, from its schema (`root`, the practice
    schema unless another is given)."""
    name = vocabulary_name(raw)
    subschema = practice_schema.resolve(raw, root)
    kind = subschema.get("type")
    if name:
        anchor = name.replace("_", "-")
        values = f'<a href="#{anchor}">{escape(VOCABULARY_OF[name].lower())}</a>'
        if kind == "array":
            return f"a list of {values}" + items_range(subschema)
        return f"one of the {values}"
    if kind == "string":
        words = subschema.get("x-expected") or "text"
        if "minLength" in subschema and "maxLength" in subschema:
            words += f", {subschema['minLength']} to {subschema['maxLength']} characters"
        if subschema.get("pattern") == "^[^<>]*$":
            words += ", without &lt; or &gt;"
        return words
    if kind == "integer":
        return f"a whole number from {subschema.get('minimum')} to {subschema.get('maximum')}"
    if kind == "array":
        item = subschema.get("items") or {}
        if "prefixItems" in subschema:
            return "a pair of numbers: latitude (−90 to 90), longitude (−180 to 180)"
        item_name = practice_schema.resolve(item, root).get("title", "item")
        if practice_schema.resolve(item, root).get("type") == "object":
            return f'a list of {item_name}s, <a href="#{item_name}-fields">fields below</a>' + items_range(subschema)
        return "a list of text" + items_range(subschema)
    return escape(kind)


def items_range(subschema: dict) -> str:
    low, high = subschema.get("minItems"), subschema.get("maxItems")
    if low and high:
        return f" ({low} to {high})"
    if low:
        return f" (at least {low})"
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


def field_table(properties: dict, required: list[str], root: dict | None = None) -> str:
    rows = []
    for name, raw in properties.items():
        subschema = practice_schema.resolve(raw, root)
        rows.append(
            f"<tr><td>{code(name)}</td><td>{'yes' if name in required else 'no'}</td>"
            f"<td>{escape(subschema.get('title', ''))}: {escape(subschema.get('description', ''))}"
            f"<br><small>{accepts(raw, root)}</small>{example(subschema, name)}</td></tr>"
        )
    return '<table><thead><tr><th>Field</th><th>Required</th><th>What it holds</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"


def vocabulary_table(name: str, language: str) -> str:
    """A vocabulary's values with their labels and meanings in `language`."""
    rows = "".join(
        f"<tr><td>{code(term.value)}</td><td>{escape(term.label_in(language))}</td><td>{escape(term.description_in(language))}</td></tr>"
        for term in (practice_schema.actor_vocabulary(name) if name == "kind" else practice_schema.vocabulary(name)).values()
    )
    return f'<table lang="{language}"><thead><tr><th>Value</th><th>Label</th><th>Meaning</th></tr></thead><tbody>{rows}</tbody></table>'


def format_page(links: Links, words: Words) -> Page:
    """The reference of the practice format, in English: field names and values
    are the same in every language. In French and Spanish a notice says so, and
    the vocabularies show their translated labels."""
    schema = practice_schema.schema()
    page = Page("format.md")
    notice = f'<p class="practice-notice">{escape(words("reference.notice"))}</p>' if words("reference.notice") else ""
    parts = [
        front_matter("Practice format", "Every field of a practice file, the values it accepts, and the sections of its text."),
        page.fragment(
            f'{notice}<p lang="en">A practice file starts with its fields between two lines of three dashes '
            "(<code>---</code>), then tells its story in sections. This page is generated from "
            f'<a href="{links.data_href(page.src_uri, SCHEMA_FILE)}">the practice schema</a>, '
            "which the site's build and the contributors' editors also read.</p>"
        ),
        "## Fields { #fields }\n\n",
        page.fragment(field_table(schema["properties"], schema["required"])),
    ]
    for name in ("source", "partner"):
        sub = schema["$defs"][name]
        parts += [f"## Fields of a {name} {{ #{name}-fields }}\n\n", page.fragment(field_table(sub["properties"], sub.get("required", [])))]
    actor = practice_schema.actor_schema()
    parts += [
        "## Actor files { #actor-fields }\n\n",
        page.fragment(
            f'<p lang="en">{escape(actor["description"])} Their fields are described by '
            f'<a href="{links.data_href(page.src_uri, ACTOR_SCHEMA_FILE)}">the actor schema</a>.</p>'
            + field_table(actor["properties"], actor["required"], actor)
        ),
    ]
    sections = "".join(
        f"<tr><td><code>## {escape(s.heading)}</code></td><td>{'yes' if s.required else 'no'}</td><td>{escape(s.prompt)}</td></tr>"
        for s in practice_schema.body_sections()
    )
    parts += [
        "## Sections of the text { #sections }\n\n",
        page.fragment(
            f"<p>{escape(schema['x-body']['description'])}</p>"
            f"<table><thead><tr><th>Heading</th><th>Required</th><th>What to write</th></tr></thead><tbody>{sections}</tbody></table>"
        ),
    ]
    for name, heading in VOCABULARY_OF.items():
        parts += [f"## {heading} {{ #{name.replace('_', '-')} }}\n\n", page.fragment(vocabulary_table(name, words.language))]
    page.markdown = "".join(parts)
    return page


def schema_files() -> dict[str, str]:
    """The schemas as published with the site, for editors and data users."""
    return {
        SCHEMA_FILE: json.dumps(practice_schema.schema(), indent=2, ensure_ascii=False) + "\n",
        ACTOR_SCHEMA_FILE: json.dumps(practice_schema.actor_schema(), indent=2, ensure_ascii=False) + "\n",
    }


# --- the Contribute page ----------------------------------------------------------

CONTRIBUTING_LINKS = {  # where CONTRIBUTING.md's links to repository files lead on the site
    "catalog/schemas/practice.schema.json": "format.md",
    "templates/practice-template.md": "#the-practice-template",
    "templates/practice-template.fr.md": "#the-practice-template",
    "templates/practice-template.es.md": "#the-practice-template",
    "catalog/schemas/actor.schema.json": "format.md#actor-fields",
    "templates/actor-template.md": "format.md#actor-fields",
}


def contribute_page(contributing: str, words: Words, repository: str | None = None) -> Page:
    """The site's Contribute page, from CONTRIBUTING.md (or its translation,
    CONTRIBUTING.<language>.md): one text for GitHub and the site, with the way
    to the repository (`repo_url` in mkdocs.yml) at its top, or word that this
    copy of the site names none, followed by the practice template, ready to copy."""
    heading, _, body = contributing.partition("\n")
    title = heading.removeprefix("# ").strip()
    for source, target in CONTRIBUTING_LINKS.items():
        body = body.replace(f"]({source})", f"]({target})")
    description = next(p for p in body.split("\n\n") if p.strip() and not p.startswith("#")).replace("\n", " ").strip()
    template = f"## {words('template.title')} {{ #the-practice-template }}\n\n{words('template.intro')}\n\n```md\n{practice_text(language=words.language)}```\n"
    page = Page("contribute.md")
    if repository:
        link = f'<a href="{escape(repository)}">{escape(repository)}</a>'
        folder = f'<a href="{escape(repository.rstrip("/"))}/tree/HEAD/practices">practices</a>'
        way_in = f'<div class="admonition info"><p>{words.html("contribute.repository", repository=link, folder=folder)}</p></div>'
    else:
        way_in = f'<div class="admonition warning"><p>{escape(words("contribute.no_repository"))}</p></div>'
    page.markdown = front_matter(title, description) + f"# {title}\n\n" + page.fragment(way_in) + f"{body.strip()}\n\n{template}"
    return page
