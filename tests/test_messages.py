"""The validator speaks the contributor's language: every problem the fixtures
raise (the mistakes contributors make, and hostile files) exists in English,
French and Spanish, in the same file:line: field: form."""

from __future__ import annotations

import pytest

from catalog.languages import LANGUAGES as SITE_LANGUAGES
from catalog.model import check_paths
from catalog.problems import Problem, translation
from conftest import FIXTURES, REGISTRY, ROOT, TODAY

LANGUAGES = SITE_LANGUAGES[1:]  # the messages are written in the first; translated into the others


def fixture_problems() -> list[Problem]:
    problems = []
    for folder in ("invalid", "hostile"):
        _, found = check_paths([FIXTURES / folder], root=ROOT, today=TODAY, registry=REGISTRY)
        problems += found
    return problems


PROBLEMS = fixture_problems()


def test_the_fixtures_raise_many_kinds_of_problem():
    assert len({p.message for p in PROBLEMS}) > 40


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_problem_of_the_fixtures_has_its_translation(language):
    missing = sorted({text for p in PROBLEMS for text in (p.message, p.hint) if text and translation(text, language) is None})
    assert missing == [], f"{len(missing)} message(s) without a {language} translation:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translated_problem_keeps_its_file_line_and_field_and_the_contributors_values(language):
    for problem in PROBLEMS:
        text = problem.text(language)
        assert text.startswith(f"{problem.file}:{problem.line}: {problem.field}: ")
        for quoted in __import__("re").findall(r'"[^"]{3,}"', problem.message):  # a contributor's value, as written
            if not quoted.strip('"').isascii() or quoted.strip('"').islower():
                assert quoted in text or quoted.strip('"') in text, (problem.message, text)
