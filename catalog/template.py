"""A practice file written from the schema: filled in with a contributor's answers
(scripts/new_practice.py), or empty, as the template to copy by hand. Either way
every field carries a comment that says what to write, taken from the schema, and
each section of the text a prompt, so the template cannot drift from the schema.

Empty fields and sections fail validation with a message that says what to write:
a file is not published before it is complete."""

from __future__ import annotations

import json
import re
import textwrap

from . import schema as practice_schema
from .i18n import Words
from .reading import NULLS

SCHEMA_COMMENT = "# yaml-language-server: $schema=../catalog/schemas/practice.schema.json"
# Text that reads back as itself without quotes: it starts with a letter or a
# digit (no YAML indicator), holds no ":" or "#", no tab, line break or control
# character, and ends with no space; and it is not a word the reader takes for an
# empty value (reading.NULLS). The Propose form writes files by the same rule
# (catalog.proposal hands both to its script).
PLAIN = re.compile(r"[A-Za-z0-9À-ÿ][^:#\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*(?<! )")


def scalar(value: object) -> str:
    """A value as the reader expects it: plain when it reads back as the same text, else quoted."""
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and text not in NULLS:
        return text
    return json.dumps(text, ensure_ascii=False)


def describe(name: str, language: str = "en") -> str:
    """The comment above a field, in `language`: what it is for and how to write it."""
    words = Words(language)
    field = practice_schema.fields()[name]
    required = words("template.required") if name in practice_schema.schema()["required"] else words("template.optional")
    vocabulary = practice_schema.terms(practice_schema.child(field, 0) if field.get("type") == "array" else field)
    if vocabulary:
        how = f"{practice_schema.translated(field, 'description', language)} {words('template.one_of')} {', '.join(str(v) for v in vocabulary)}."
    else:
        how = practice_schema.translated(field, "x-hint", language) or practice_schema.translated(field, "description", language)
    label = words("template.field", title=practice_schema.field_title(name, language), required=required)
    return "\n".join(textwrap.wrap(f"# {label} {how}", 88, subsequent_indent="#   ", break_on_hyphens=False))


def practice_text(answers: dict | None = None, language: str = "en", comments: str | None = None) -> str:
    """The practice file for `answers` (field -> value), written in `language`
    (its headings, and a `language:` line unless English), with comments in the
    `comments` language (the contributor's; by default the practice's). With no
    answers, the template. Fields not answered stay as commented lines, to fill
    in later or delete."""
    answers = dict(answers or {})
    comments = comments or language
    template = not answers
    if language != "en":
        answers["language"] = language
    lines = ["---", SCHEMA_COMMENT]
    required = practice_schema.schema()["required"]
    for name in practice_schema.fields():
        value = answers.get(name)
        lines.append(describe(name, comments))
        field_lines = field(name, value)
        if value is None and name not in required:
            field_lines = ["# " + line for line in field_lines]
        lines += field_lines
    lines.append("---")
    words = Words(comments)
    for section in practice_schema.body_sections():
        if not (section.required or template):
            continue  # an optional section is added by hand, from the template
        optional = "" if section.required else " " + words("template.optional_section")
        lines += ["", f"## {section.heading_in(language)}", "", f"<!-- {section.prompt_in(comments)}{optional} {words('template.write_here')} -->"]
    return "\n".join(lines) + "\n"


GROUP_FIRST = {"sources": "title", "partners": "name"}  # the part each group starts with, written even when empty


def field(name: str, value: object) -> list[str]:
    if name == "summary" and value:
        return ["summary: >-", *("  " + line for line in textwrap.wrap(str(value), 86))]
    if name in GROUP_FIRST:
        return groups(name, value or ([{GROUP_FIRST[name]: None}] if name == "sources" else []))
    if isinstance(value, list):
        return [f"{name}:", *(f"  - {scalar(item)}" for item in value)] if value else [f"{name}:"]
    return [f"{name}: {scalar(value)}" if value is not None else f"{name}:"]


def groups(name: str, items: list[dict]) -> list[str]:
    """A list of groups (sources, partners): each starts with its first part, the
    rest of what it gives follows in the schema's order."""
    first = GROUP_FIRST[name]
    parts = list((practice_schema.child(practice_schema.fields()[name], 0) or {}).get("properties", ()))
    lines = [f"{name}:"]
    for item in items:
        given = [first, *(key for key in parts if key != first and item.get(key) not in (None, ""))]
        for position, key in enumerate(given):
            text = scalar(item[key]) if item.get(key) is not None else ""
            lines.append(f"{'  - ' if position == 0 else '    '}{key}: {text}".rstrip())
    return lines if items else [f"{name}:"]
