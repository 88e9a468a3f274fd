"""What is left to translate: for each language of the site, the practices and
actors' texts that have no translation in it yet, and the translations made from
an earlier version of their original (their `translated_from` is not the
original's version any more). `scripts/translations.py` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .i18n import LANGUAGES
from .model import Catalog
from .problems import shown_path


@dataclass(frozen=True, order=True)
class Gap:
    language: str  # the language the text is missing in, or out of date in
    state: str  # "missing" or "outdated"
    original: str  # the original's file, as the project names it: practices/dakar.md
    translation: str  # the translation's file, there or to write: practices/dakar.fr.md
    version: str  # the original's version now: what translated_from should say


def gaps(catalog: Catalog, root: Path) -> list[Gap]:
    """Every missing and outdated translation of the catalog's practices and of
    its actors' texts, by language."""
    found = []

    def look(path: Path, written_in: str, translations: dict, version: str) -> None:
        for language in LANGUAGES:
            if language == written_in:
                continue
            translation = translations.get(language)
            target = translation.path if translation else path.with_name(f"{path.name.removesuffix('.md')}.{language}.md")
            if translation is None or not translation.current:
                found.append(Gap(language, "missing" if translation is None else "outdated", shown_path(path, root), shown_path(target, root), version))

    for practice in catalog.practices:
        look(practice.path, practice.language, practice.translations, practice.version)
    for actor in catalog.registry.actors.values():
        if actor.story.html:
            look(actor.path, actor.language, actor.translations, actor.version)
    return sorted(found)
