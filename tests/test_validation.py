"""A contributor's mistakes, one fixture each: the message names the file, the line
and the field, and says how to fix it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import REGISTRY, FIXTURES, ROOT, TODAY

from catalog.model import check_paths, load_catalog
from catalog.problems import InvalidPractices

INVALID = FIXTURES / "invalid"

# fixture -> every problem expected in it: (line, field, words of the message or hint)
EXPECTED = {
    "misspelt-theme.md": [(5, "themes[1]", 'Did you mean "twinning"?')],
    "old-country-field.md": [(5, "country", "a practice no longer gives a country: where a city, region or partner is, is a fact about that actor")],
    "unknown-city.md": [(4, "city", 'Did you mean Dakar (dakar)?')],
    "unknown-network.md": [(7, "networks[1]", "Did you mean UCLG Africa (uclg-africa)")],
    "partner-named-twice.md": [(9, "partners[2].name", "is Guangzhou (guangzhou), already named in partners[1].name")],
    "partner-is-the-city.md": [(7, "partners[1].name", "A practice's own actor is not its partner")],
    "date-with-slashes.md": [(8, "last_reviewed", "Write it as 2021-02-25.")],
    "date-that-does-not-exist.md": [(8, "last_reviewed", "is not a real date")],
    "date-in-the-future.md": [(8, "last_reviewed", "is in the future")],
    "missing-sources.md": [(1, "sources", 'this required field is missing. Add a line "sources: ...".')],
    "empty-sources.md": [(6, "sources", "at least 1 item")],
    "source-without-title.md": [(7, "sources[1].title", 'Add a line "title: ...".')],
    "url-without-scheme.md": [(8, "sources[1].url", "Add https:// at the start")],
    "url-javascript.md": [(8, "sources[1].url", "Only web addresses starting with https:// or http:// are allowed.")],
    "tab-indentation.md": [(7, "sources", "Indent with spaces only, never tabs.")],
    "missing-closing-dashes.md": [(1, "front matter", "Add a line with just --- after the last field")],
    "unknown-field.md": [(5, "citty", 'Did you mean "city"?')],
    "field-written-twice.md": [(9, "city", "written twice, on line 4 and on line 9")],
    "misspelt-heading.md": [(11, "body", 'Did you mean "Context"?'), (10, "body", 'the section "## Context" is missing')],
    "missing-section.md": [(10, "body", 'Add a line "## Lessons for other cities"')],
    "empty-section.md": [(15, "body", 'the section "## What was done" is empty')],
    "single-hash-heading.md": [(11, "body", 'start sections with "## "'), (10, "body", 'the section "## Context" is missing')],
    "colon-in-title.md": [(2, "title", "put the whole value in double quotes")],
    "unclosed-quote.md": [(2, "title", "Close the quotes")],
    "title-too-short.md": [(2, "title", "5 characters long; it should be at least 10")],
    "html-in-summary.md": [(3, "summary", "the characters < and > are not allowed")],
    "themes-not-a-list.md": [(5, "themes", "should be a list")],
    "too-many-themes.md": [(5, "themes", "the most is 6")],
    "empty-required-field.md": [(4, "city", "this field is empty")],
    "years-reversed.md": [(6, "end_year", "before the start year 2020")],
    "year-not-a-number.md": [(5, "start_year", "Write the year as four digits")],
    "sdg-out-of-range.md": [(5, "sdgs[2]", "Use one of: 1, 2, 3")],
    "unknown-relation.md": [(7, "partners[1].relation", "Use one of: twinning, decentralised-cooperation")],
    "partner-without-name.md": [(6, "partners[1].name", 'Add a line "name: ...".')],
    "anchor-and-alias.md": [(4, "city", "anchors and aliases")],
    "no-front-matter.md": [(1, "front matter", "Put --- on the first line")],
    "not-utf8.md": [(4, "file", "Save it again choosing the UTF-8 encoding")],
    "Dakar_Twinning.md": [(1, "file name", 'Rename it to "dakar-twinning.md".')],
    "french-headings-without-language.md": [(10, "body", 'the section headings are in French (## Contexte, ...), but with no "language:" line, the text is taken to be in English. If the text is in French, write "language: fr" at the top')],
    "english-headings-under-language-fr.md": [(11, "body", 'write "language: en" instead of "language: fr" (or delete that line) at the top; if it is in French, use its headings: ## Contexte')],
    "dakar-twinning.markdown": [(1, "file name", 'Rename it to "dakar-twinning.md".')],
}


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_mistake_is_reported_with_file_line_field_and_fix(name):
    checked, problems = check_paths([INVALID / name], root=ROOT, today=TODAY)
    assert checked == 1
    found = {(p.line, p.field): str(p) for p in problems}
    assert set(found) == {(line, field) for line, field, _ in EXPECTED[name]}, "\n".join(found.values())
    for line, field, words in EXPECTED[name]:
        text = found[(line, field)]
        assert text.startswith(f"tests/fixtures/invalid/{name}:{line}: {field}: ")
        assert words in text
        assert "\n" not in text and "Traceback" not in text


def test_valid_fixtures_pass():
    checked, problems = check_paths([FIXTURES / "valid"], root=ROOT, today=TODAY)
    assert checked == 3 and problems == []


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    for name in ("misspelt-theme.md", "old-country-field.md", "unknown-field.md"):
        shutil.copy(INVALID / name, tmp_path / name)
    with pytest.raises(InvalidPractices) as raised:
        load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    assert [(p.file, p.field) for p in raised.value.problems] == [
        ("misspelt-theme.md", "themes[1]"),
        ("old-country-field.md", "country"),
        ("unknown-field.md", "citty"),
    ]


def test_two_practices_with_the_same_title_and_city_are_refused(tmp_path):
    text = (FIXTURES / "valid" / "minimal-practice.md").read_text()
    (tmp_path / "first.md").write_text(text)
    (tmp_path / "second.md").write_text(text.replace("Minimal practice of a city", "Minimal  PRACTICE of a city"))
    with pytest.raises(InvalidPractices) as raised:
        load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.field) == ("second.md", 2, "title")
    assert "first.md already describes a practice with this title in Dakar" in problem.message


def test_anything_else_in_the_practices_folder_is_reported_not_skipped(tmp_path):
    shutil.copy(FIXTURES / "valid" / "minimal-practice.md", tmp_path / "minimal-practice.md")
    (tmp_path / "notes.txt").write_text("draft")
    (tmp_path / "images").mkdir()
    (tmp_path / ".hidden.md").write_text("x")
    (tmp_path / "Upper.MD").write_text("x")
    (tmp_path / "index.md").write_text((FIXTURES / "valid" / "minimal-practice.md").read_text())
    (tmp_path / "link.md").symlink_to(tmp_path / "minimal-practice.md")
    with pytest.raises(InvalidPractices) as raised:
        load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    reported = {p.file: p.field for p in raised.value.problems if p.field in ("file", "file name")}
    assert reported == {
        ".hidden.md": "file name",
        "Upper.MD": "file name",
        "images": "file",
        "index.md": "file name",
        "link.md": "file",
        "notes.txt": "file",
    }


def run_validate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_script_passes_the_real_catalog():
    result = run_validate()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_validate_script_prints_one_line_per_problem_and_exits_1():
    result = run_validate("tests/fixtures/invalid/misspelt-theme.md", "tests/fixtures/invalid/unknown-city.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'tests/fixtures/invalid/misspelt-theme.md:5: themes[1]: "twining" is not a known theme. Did you mean "twinning"?',
        'tests/fixtures/invalid/unknown-city.md:4: city: "Dakkar" is not in the registry of actors (actors/). Did you mean Dakar (dakar)?'
        " Write its id or one of its names. If it is a new actor, add its file: copy templates/actor-template.md to actors/dakkar.md and fill it in.",
    ]
    assert "Traceback" not in result.stderr


def test_validate_script_writes_github_annotations():
    result = run_validate("--format", "github", "tests/fixtures/invalid/misspelt-theme.md")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=tests/fixtures/invalid/misspelt-theme.md,line=5,title=Practice format::"
        'themes[1]: "twining" is not a known theme. Did you mean "twinning"?'
    )


@pytest.mark.parametrize("args", [["no/such/file.md"], ["--format", "xml"]])
def test_validate_script_exits_2_on_bad_usage(args):
    result = run_validate(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_word_of_one_value_or_label_is_offered_that_value_not_a_look_alike():
    # "water" reads like "Santé" to difflib (a, t, e), but is a word of one sector only.
    from catalog import schema as practice_schema
    from catalog.languages import LANGUAGES
    from catalog.validation import did_you_mean

    def hint(word: str, vocabulary: str) -> str:
        terms = practice_schema.vocabulary(vocabulary)
        labels = {(language, term.label_in(language)): term.value for term in terms.values() for language in LANGUAGES}
        return did_you_mean(word, list(terms), vocabulary, labels)

    assert hint("water", "sector") == 'Did you mean "water-sanitation-waste"?'
    assert hint("Agua", "sector") == 'Did you mean "water-sanitation-waste"? It is the value of the Spanish label "Agua, saneamiento y residuos".'
    assert hint("diplomacy", "theme") == 'Did you mean "city-diplomacy"?'
    assert "city-diplomacy" not in hint("city", "theme") and "city-networks" not in hint("city", "theme")  # a word of two themes: no guess
    assert hint("twining", "theme") == 'Did you mean "twinning"?'  # a misspelling still goes by likeness
