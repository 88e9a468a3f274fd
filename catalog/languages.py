"""The site's languages, declared once. Everything else derives from this list:
the builds and their configuration files, the folders of hand-written pages and
of each language's site, the translated guides and templates, the tools' --lang
choices, the language switcher and the Open Graph locale.

Adding a language is one entry here plus its files, which tests/test_languages.py
lists when they are missing: catalog/locales/<code>.json and problems.<code>.json,
the x-translations of both schemas, mkdocs.<code>.yml, docs/<code>/,
CONTRIBUTING.<code>.md and templates/*-template.<code>.md.

This module needs nothing but Python: scripts/dev.py reads it before the project's
requirements are installed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1: its site's folder (fr/), its files' suffix (dakar.fr.md), its locale files
    locale: str  # with its region, as Open Graph names it (og:locale)


SITE_LANGUAGES = (  # the first is the default: its site is at the root
    Language("en", "en_GB"),
    Language("fr", "fr_FR"),
    Language("es", "es_ES"),
)
LANGUAGES = tuple(language.code for language in SITE_LANGUAGES)
DEFAULT = LANGUAGES[0]
LOCALES = {language.code: language.locale for language in SITE_LANGUAGES}


def config_file(code: str) -> str:
    """The MkDocs configuration that builds a language's site: mkdocs.yml for the
    default language, mkdocs.<code>.yml (which inherits it) for the others."""
    return "mkdocs.yml" if code == DEFAULT else f"mkdocs.{code}.yml"


def translated_name(name: str, code: str) -> str:
    """A file's name in a language: CONTRIBUTING.md, CONTRIBUTING.fr.md, ..."""
    if code == DEFAULT:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{code}.{suffix}" if dot else f"{name}.{code}"


def site_folder(code: str) -> str:
    """Where a language's site sits inside the whole site: "" for the default, "fr/" ..."""
    return "" if code == DEFAULT else f"{code}/"
