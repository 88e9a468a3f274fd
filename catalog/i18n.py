"""The site's languages and its own words in each: the labels of generated pages,
read from catalog/locales/<language>.json. Vocabulary labels live in the schema;
country and region names come from CLDR through Babel."""

from __future__ import annotations

import html
import json
import os
from functools import cache
from pathlib import Path

from babel import Locale

from . import places
from . import schema as practice_schema

LANGUAGES = ("en", "fr", "es")  # the site's languages; the first is the default
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
    up = "" if here == LANGUAGES[0] else "../"
    return up + ("" if there == LANGUAGES[0] else f"{there}/")


def environment_language(variables: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")) -> str:
    """The language of the contributor's system, as its locale says (fr_FR.UTF-8:
    fr), when the tools speak it; else the default language."""
    for variable in variables:
        code = os.environ.get(variable, "")[:2].lower()
        if code:
            return code if code in LANGUAGES else LANGUAGES[0]
    return LANGUAGES[0]
