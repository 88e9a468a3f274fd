"""The site's languages and its own words in each: the labels of generated pages,
read from catalog/locales/<language>.json. Vocabulary labels live in the schema;
country and region names come from CLDR through Babel."""

from __future__ import annotations

import html
import json
import os
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

from . import places
from . import schema as practice_schema

from .languages import DEFAULT, LANGUAGES, config_file, site_folder, translated_name  # the site's languages, declared once

LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def messages(language: str) -> dict:
    return json.loads((LOCALES / f"{language}.json").read_text(encoding="utf-8"))


class Words:
    """The site's words in one language."""

    def __init__(self, language: str = LANGUAGES[0]):
        if language not in LANGUAGES:
            raise ValueError(f"the site has no {language!r} version; its languages are {', '.join(LANGUAGES)}")
        self.language = language
        self._messages = messages(language)
        self._plural = Locale(language).plural_form

    def __call__(self, key: str, **values: object) -> str:
        """A message as plain text, with plain-text values."""
        return self._messages[key].format(**values)

    def html(self, key: str, **values: str) -> str:
        """A message as HTML: its own words escaped, its values already HTML."""
        return html.escape(self._messages[key]).format(**values)

    def count(self, key: str, n: int) -> str:
        forms = self._messages[key]
        return forms.get(self._plural(n), forms["other"]).format(n=n)

    def term(self, vocabulary: str, value: str | int) -> str:
        return practice_schema.vocabulary(vocabulary)[value].label_in(self.language)

    def description(self, vocabulary: str, value: str | int) -> str:
        return practice_schema.vocabulary(vocabulary)[value].description_in(self.language)

    def kind(self, value: str) -> str:
        """The name of a kind of actor (municipality, network, ...)."""
        return practice_schema.actor_vocabulary("kind")[value].label_in(self.language)

    def field(self, name: str) -> str:
        return practice_schema.field_title(name, self.language)

    def country(self, code: str) -> str:
        return places.country_name(code, self.language)

    def region(self, code: str) -> str:
        return places.region_name(code, self.language)

    def where(self, actor) -> str:
        """Who and where, as plain text: "Dakar, Senegal"; an international body, or
        an actor named as its country (Tunisia), alone."""
        name = actor.name_in(self.language)
        country = self.country(actor.country) if actor.country else None
        return f"{name}, {country}" if country and country.casefold() != name.casefold() else name

    def language_name(self, language: str) -> str:
        """A language's name in this language: "anglais" for en, in French."""
        return Locale(self.language).languages.get(language, language)

    def for_script(self) -> dict[str, str]:
        """The words the search script needs, for a data attribute."""
        return self.starting("js.")

    def starting(self, prefix: str) -> dict:
        """The messages whose keys start with `prefix`, by the rest of their key."""
        return {key.removeprefix(prefix): value for key, value in self._messages.items() if key.startswith(prefix)}


def language_root(here: str, there: str) -> str:
    """From the root of the `here` site to the root of the `there` site: the
    default language is at the root, the others in a folder each (fr/, es/)."""
    return "../" * site_folder(here).count("/") + site_folder(there)


def environment_language(variables: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")) -> str:
    """The language of the contributor's system, as its locale says (fr_FR.UTF-8:
    fr), when the tools speak it; else the default language."""
    for variable in variables:
        code = os.environ.get(variable, "")[:2].lower()
        if code:
            return code if code in LANGUAGES else LANGUAGES[0]
    return LANGUAGES[0]


# --- every language complete ----------------------------------------------------------

TRANSLATED_TEXTS = ("title", "description", "x-hint", "x-expected", "heading", "prompt")  # what a schema node says to people


def language_gaps(project: Path, locales: Path = LOCALES, schemas: dict[str, dict] | None = None) -> list[str]:
    """What a language of the site lacks, one sentence per gap: a word of the
    site, a translated problem message, a schema text, its build configuration,
    a hand-written page, its guide or its templates. Nothing falls back to the
    default language silently: tests/test_languages.py wants this list empty."""
    gaps: list[str] = []
    others = LANGUAGES[1:]

    def keys(path: Path) -> dict:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    words = {code: keys(locales / f"{code}.json") for code in LANGUAGES}
    for code in others:
        gaps += [f"catalog/locales/{code}.json lacks {key!r}." for key in words[DEFAULT] if key not in words[code]]
        gaps += [f"catalog/locales/{code}.json has {key!r}, which {DEFAULT}.json does not." for key in words[code] if key not in words[DEFAULT]]
        gaps += [
            f"catalog/locales/{code}.json: {key!r} lacks the plural form 'other'."
            for key, value in words[code].items()
            if isinstance(value, dict) and "other" not in value
        ]
    problems = {code: keys(locales / f"problems.{code}.json") for code in others}
    everyone = set().union(*problems.values()) if problems else set()
    for code in others:
        if not (locales / f"problems.{code}.json").is_file():
            gaps.append(f"catalog/locales/problems.{code}.json is missing.")
        gaps += [f"catalog/locales/problems.{code}.json lacks the message {english!r}." for english in sorted(everyone - set(problems[code]))]
    for name, schema in (schemas or {"practice.schema.json": practice_schema.schema(), "actor.schema.json": practice_schema.actor_schema()}).items():
        gaps += schema_gaps(schema, f"catalog/schemas/{name}")
    gaps += file_gaps(project)
    return gaps


def schema_gaps(node: object, where: str) -> list[str]:
    """Schema texts that some language lacks: every node that speaks to people
    (its hint, its section heading) or is translated into one language is
    translated into all, text for text."""
    gaps: list[str] = []
    if isinstance(node, dict):
        said = [key for key in TRANSLATED_TEXTS if isinstance(node.get(key), str)]
        translations = node.get("x-translations")
        if translations is not None or any(key in node for key in ("x-hint", "heading", "prompt")):
            for code in LANGUAGES[1:]:
                given = (translations or {}).get(code, {})
                gaps += [f"{where}: no {code} {key!r}." for key in said if key not in given]
        for key, value in node.items():
            if key != "x-translations":
                gaps += schema_gaps(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            gaps += schema_gaps(value, f"{where}/{index}")
    return gaps


def file_gaps(project: Path) -> list[str]:
    """The files each language needs: its build configuration (inheriting the
    default's, in its language, with the same pages in its navigation), its
    hand-written pages, its guide and its templates."""
    gaps: list[str] = []
    default = _config(project / config_file(DEFAULT))
    docs = project / default.get("docs_dir", "docs")
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.relative_to(docs).parts[0] not in LANGUAGES)
    for code in LANGUAGES[1:]:
        path = project / config_file(code)
        if not path.is_file():
            gaps.append(f"{path.name} is missing: it builds the {code} site.")
            continue
        config = _config(path)
        wanted = {"INHERIT": config_file(DEFAULT), "docs_dir": f"{docs.name}/{code}"}
        gaps += [f"{path.name}: {key} should be {value!r}." for key, value in wanted.items() if config.get(key) != value]
        if (config.get("theme") or {}).get("language") != code:
            gaps.append(f"{path.name}: theme.language should be {code!r}.")
        if _nav_pages(config.get("nav")) != _nav_pages(default.get("nav")):
            gaps.append(f"{path.name}: its nav should list the pages of {config_file(DEFAULT)}'s, in the same order.")
        gaps += [f"{docs.name}/{code}/{page} is missing." for page in pages if not (docs / code / page).is_file()]
        for name in ("CONTRIBUTING.md", "templates/practice-template.md", "templates/actor-template.md"):
            folder, _, file = name.rpartition("/")
            translated = (project / folder / translated_name(file, code)) if folder else project / translated_name(file, code)
            if not translated.is_file():
                gaps.append(f"{translated.relative_to(project).as_posix()} is missing.")
    return gaps


def _config(path: Path) -> dict:
    """A MkDocs configuration file as data; its tags (!ENV, ...) read as nothing."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}


def _nav_pages(nav: object) -> list[str]:
    """The pages a navigation lists, in order, without their (translated) titles."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []
