"""Practices in several languages: a translation carries only what language
changes; the facts come from the original, and contradictions are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REGISTRY, FIXTURES, ROOT, TODAY

from catalog.model import check_paths, load_catalog
from catalog.problems import InvalidPractices
from catalog.site import Site
from catalog.reading import read_document
from catalog.validation import document_version

ORIGINAL = (FIXTURES / "valid" / "minimal-practice.md").read_text()
VERSION = document_version(read_document(FIXTURES / "valid" / "minimal-practice.md", "minimal.md"))  # what a translation of it records
FRENCH = f"""---
title: Pratique minimale d'une ville
summary: La plus petite pratique valide, avec seulement les champs et les sections obligatoires.
translated_from: {VERSION}
---

## Contexte

Un peu de contexte.

## Ce qui a été fait

Quelques actions.

## Leçons pour d'autres villes

Quelques leçons.
"""


def problems(tmp_path: Path) -> dict[tuple[str, int, str], str]:
    with pytest.raises(InvalidPractices) as raised:
        load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    return {(p.file, p.line, p.field): str(p) for p in raised.value.problems}


def test_a_translation_is_attached_to_its_original(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.fr.md").write_text(FRENCH)
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    [practice] = catalog.practices
    assert practice.text_in("fr")[:1] == ("Pratique minimale d'une ville",) and practice.text_in("fr")[3] == "fr"
    assert practice.text_in("es")[3] == "en"  # no Spanish: the original, in its language


def test_a_translation_without_original_is_refused(tmp_path):
    (tmp_path / "lonely.fr.md").write_text(FRENCH)
    found = problems(tmp_path)
    assert list(found) == [("lonely.fr.md", 1, "file name")]
    assert "there is no original practice lonely.md" in found[("lonely.fr.md", 1, "file name")]


def test_a_translation_that_contradicts_its_original_is_refused(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace("title:", "city: Thiès\nthemes: [twinning]\ntitle:"))
    found = problems(tmp_path)
    assert list(found) == [("minimal.fr.md", 2, "city")]  # the same themes are no contradiction
    assert 'the original minimal.md says "Dakar"' in found[("minimal.fr.md", 2, "city")]


def test_a_translation_says_which_version_of_its_original_it_was_made_from(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace(f"translated_from: {VERSION}\n", ""))
    found = problems(tmp_path)
    assert list(found) == [("minimal.fr.md", 1, "translated_from")]
    assert f'write "translated_from: {VERSION}"' in found[("minimal.fr.md", 1, "translated_from")]
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace(VERSION, "v1"))
    assert "is not a version code of 12 characters" in problems(tmp_path)[("minimal.fr.md", 4, "translated_from")]


def test_a_translation_of_an_earlier_version_is_published_and_known_as_such(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.fr.md").write_text(FRENCH)
    assert not load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices[0].outdated_in("fr")
    (tmp_path / "minimal.md").write_text(ORIGINAL.replace("Some context.", "Some context, and more."))
    [practice] = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices
    assert practice.outdated_in("fr") and practice.version != VERSION
    assert not practice.outdated_in("es")  # no Spanish: not out of date, missing
    (tmp_path / "minimal.md").write_text(ORIGINAL.replace("Some context.", "Some   context."))  # white space is no change
    assert not load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices[0].outdated_in("fr")


PARTNERED = ORIGINAL.replace("themes: [twinning]", "themes: [twinning]\npartners:\n  - name: Guangzhou\n    relation: solidarity-aid\n    note: Sent masks.\n  - name: AIMF")


def test_a_translation_gives_its_partners_notes_in_its_language(tmp_path):
    (tmp_path / "minimal.md").write_text(PARTNERED)
    version = document_version(read_document(tmp_path / "minimal.md", "minimal.md"))
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace(VERSION, version).replace("translated_from:", "partners:\n  - name: guangzhou\n    note: A envoyé des masques.\ntranslated_from:"))
    [practice] = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices
    guangzhou, aimf = practice.partners
    assert practice.note_in(guangzhou.actor.id, "fr") == ("A envoyé des masques.", "fr")
    assert practice.note_in(guangzhou.actor.id, "es") == ("Sent masks.", "en")
    assert practice.note_in(aimf.actor.id, "fr") is None


@pytest.mark.parametrize(
    ("partners", "field", "said"),
    [
        ("  - name: Dakar\n    note: Dakar.", "partners[1].name", '"Dakar" is not a partner with a note in minimal.md'),
        ("  - name: AIMF\n    note: Rien.", "partners[1].name", '"AIMF" is not a partner with a note'),  # AIMF has no note to translate
        ("  - name: guangzhou\n    note: Des masques.\n  - name: Guangzhou\n    note: Encore.", "partners[2].name", "is already given on line"),
        ("  - name: guangzhou\n    relation: twinning\n    note: Des masques.", "partners[1].relation", "is not a field"),
        ("  - name: guangzhou", "partners[1].note", "this required field is missing"),
    ],
)
def test_a_translations_partners_are_the_originals(tmp_path, partners, field, said):
    (tmp_path / "minimal.md").write_text(PARTNERED)
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace("translated_from:", f"partners:\n{partners}\ntranslated_from:"))
    found = {key[2]: text for key, text in problems(tmp_path).items()}
    assert said in found[field], found


def test_a_translation_uses_the_headings_of_its_language(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace("## Contexte", "## Context"))
    found = problems(tmp_path)
    assert any('the section "## Contexte" is missing' in text for text in found.values())


def test_a_translation_needs_its_own_title_and_summary(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.es.md").write_text(f"---\ntitle: Práctica mínima de una ciudad\ntranslated_from: {VERSION}\n---\n\n## Contexto\n\nx\n\n## Qué se hizo\n\nx\n\n## Lecciones para otras ciudades\n\nx\n")
    found = problems(tmp_path)
    assert list(found) == [("minimal.es.md", 1, "summary")]


def test_a_translation_in_the_language_of_its_original_is_refused(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL.replace("city: Dakar", "city: Dakar\nlanguage: fr"))
    (tmp_path / "minimal.fr.md").write_text(FRENCH)
    found = problems(tmp_path)
    assert ("minimal.fr.md", 1, "file name") in found and "already written in this language" in found[("minimal.fr.md", 1, "file name")]


def test_a_translation_checked_on_its_own_is_compared_with_its_original():
    checked, found = check_paths([ROOT / "practices" / "dakar-city-diplomacy-and-twinning.fr.md"], root=ROOT)
    assert checked == 1 and found == []


def test_an_untranslated_practice_is_listed_in_every_language_with_its_language(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL)
    (tmp_path / "minimal.fr.md").write_text(FRENCH)
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    listing = {language: next(p for p in Site(catalog, language=language).pages() if p.src_uri == "practices/index.md") for language in ("fr", "es")}
    spanish, french = ("".join(listing[language].fragments.values()) for language in ("es", "fr"))
    assert 'lang="en">Minimal practice of a city</a> <span class="practice-language">(en inglés)</span>' in spanish
    assert '>Pratique minimale d&#x27;une ville</a><span' in french and "(en anglais)" not in french


def test_a_broken_original_gives_its_translations_one_line_each_not_an_echo_of_its_problems(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL.replace("themes: [twinning]", "themes\n  - twinning"))
    (tmp_path / "minimal.fr.md").write_text(FRENCH.replace("Un peu de contexte.", "Un peu de contexte.[^a-source] Encore.[^a-source]"))
    found = problems(tmp_path)
    assert list(found) == [("minimal.fr.md", 1, "file"), ("minimal.md", 5, "themes")]
    assert "this line is not a field: the colon (:) after the field name is missing" in found[("minimal.md", 5, "themes")]
    assert "its original minimal.md has problems" in found[("minimal.fr.md", 1, "file")]


def test_a_marker_naming_no_source_is_reported_once_where_it_is_first_written(tmp_path):
    (tmp_path / "minimal.md").write_text(ORIGINAL.replace("Some context.", "Some context.[^nowhere] More.[^nowhere]\n\nAgain.[^nowhere]"))
    found = problems(tmp_path)
    assert [key for key in found if "names no source" in found[key]] == [("minimal.md", 13, "body")]
