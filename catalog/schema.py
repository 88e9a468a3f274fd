"""The practice schema and its vocabularies, read from schemas/practice.schema.json
(in this package, with the actor schema):
the one place where fields, allowed values, labels and body sections are written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "practice.schema.json"
PLAIN_TEXT = "^[^<>]*$"  # the schemas' pattern for plain text, which has a message of its own
ACTOR_SCHEMA_PATH = SCHEMA_PATH.with_name("actor.schema.json")


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: its slug (or number), label and description, and
    their translations (language -> {"title": ..., "description": ...})."""

    value: str | int
    label: str
    description: str = ""
    translations: dict = field(default_factory=dict, compare=False, hash=False)
    codes: tuple[str, ...] = ()  # the codes of a published classification it covers (x-dac: OECD DAC purpose codes)

    def label_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("title", self.label)

    def description_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("description", self.description)


@dataclass(frozen=True)
class Section:
    heading: str
    required: bool
    prompt: str
    translations: dict = field(default_factory=dict, compare=False, hash=False)

    def heading_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("heading", self.heading)

    def prompt_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("prompt", self.prompt)


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def actor_schema() -> dict:
    return json.loads(ACTOR_SCHEMA_PATH.read_text(encoding="utf-8"))


def resolve(subschema: dict | None, root: dict | None = None) -> dict | None:
    """Follow a local "$ref" ("#/$defs/theme") to the schema it names, in `root`
    (the practice schema unless another is named)."""
    while subschema and "$ref" in subschema:
        target = root or schema()
        for part in subschema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        subschema = {**target, **{k: v for k, v in subschema.items() if k != "$ref"}}
    return subschema


def child(subschema: dict | None, key: str | int, root: dict | None = None) -> dict | None:
    """The schema of a mapping's field or a list's item, or None if unknown; its
    references are read in `root` (the practice schema unless another is named)."""
    subschema = resolve(subschema, root)
    if not subschema:
        return None
    if isinstance(key, int):
        prefix = subschema.get("prefixItems", [])
        return resolve(prefix[key] if key < len(prefix) else subschema.get("items"), root)
    return resolve(subschema.get("properties", {}).get(key), root)


def types(subschema: dict | None) -> set[str]:
    kind = (resolve(subschema) or {}).get("type", ())
    return {kind} if isinstance(kind, str) else set(kind)


def terms(subschema: dict | None) -> dict[str | int, Term] | None:
    """The vocabulary a schema allows, if it is one (a "oneOf" of constants)."""
    options = (resolve(subschema) or {}).get("oneOf")
    if not options or not all("const" in o for o in options):
        return None
    return {o["const"]: Term(o["const"], o.get("title", str(o["const"])), o.get("description", ""), o.get("x-translations", {}), tuple(o.get("x-dac", ()))) for o in options}


@cache
def vocabulary(name: str) -> dict[str | int, Term]:
    """A vocabulary by its name under $defs: theme, sector, relation, level,
    status, recommendation, sdg."""
    found = terms(schema()["$defs"][name])
    if found is None:
        raise KeyError(f"$defs/{name} is not a vocabulary")
    return found


@cache
def actor_vocabulary(name: str) -> dict[str | int, Term]:
    """A vocabulary of the actor schema, by its name under $defs: kind."""
    found = terms(actor_schema()["$defs"][name])
    if found is None:
        raise KeyError(f"actor $defs/{name} is not a vocabulary")
    return found


@cache
def body_sections() -> tuple[Section, ...]:
    return tuple(Section(s["heading"], s["required"], s["prompt"], s.get("x-translations", {})) for s in schema()["x-body"]["sections"])


class Shape:
    """What the schema expects at one place of a practice: the value's types and,
    for groups and lists, the shapes inside. Computed once, for reading fast."""

    __slots__ = ("types", "numeric", "fields", "items", "prefix")

    def __init__(self, subschema: dict, root: dict | None = None):
        subschema = resolve(subschema, root)
        self.types = types(subschema)
        self.numeric = bool(self.types & {"integer", "number"})
        self.fields = {name: Shape(sub, root) for name, sub in subschema.get("properties", {}).items()}
        self.items = Shape(subschema["items"], root) if isinstance(subschema.get("items"), dict) else None
        self.prefix = [Shape(sub, root) for sub in subschema.get("prefixItems", [])]

    def item(self, index: int) -> Shape | None:
        return self.prefix[index] if index < len(self.prefix) else self.items


@cache
def practice_shape() -> Shape:
    return Shape(schema())


@cache
def actor_shape() -> Shape:
    return Shape(actor_schema(), actor_schema())


def fields() -> dict[str, dict]:
    """Top-level fields in the order the schema lists them, each resolved."""
    return {name: resolve(sub) for name, sub in schema()["properties"].items()}


@cache
def field_title(name: str, language: str = "en") -> str:
    """A field's label, in a language of the site."""
    field = schema()["properties"][name]
    return field.get("x-translations", {}).get(language, {}).get("title", field["title"])


def translated(node: dict, key: str, language: str) -> str:
    """A text of the schema (title, description, x-hint, x-expected) in a
    language: the node's own translation, else the same English text's
    translation elsewhere in the schemas (a field reached through $ref), else English."""
    english = node.get(key, "")
    return node.get("x-translations", {}).get(language, {}).get(key) or help_texts(language).get(english, english)


@cache
def help_texts(language: str) -> dict[str, str]:
    """English help text of the schemas (descriptions, hints) -> its translation,
    for the messages that quote them."""
    found: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            translation = node.get("x-translations", {}).get(language, {})
            for key in ("description", "x-hint", "x-expected"):
                if isinstance(node.get(key), str) and isinstance(translation.get(key), str):
                    found[node[key]] = translation[key]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema())
    walk(actor_schema())
    for section in body_sections():  # prompts are quoted mid-sentence, from a small letter
        english, text = section.prompt, section.prompt_in(language)
        if text != english:
            found[english[0].lower() + english[1:]] = text[0].lower() + text[1:]
    return found
