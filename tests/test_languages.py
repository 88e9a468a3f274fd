"""One registry of languages (catalog/languages.py): every language it names has
all its words, messages, schema texts, build configuration, pages, guide and
templates, and the tools, builds and pages derive their languages from it. A gap
is a failing test, never English shown silently."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT

from catalog import i18n, schema
from catalog.i18n import language_gaps
from catalog.languages import DEFAULT, LANGUAGES, LOCALES, config_file, site_folder, translated_name

OTHERS = LANGUAGES[1:]


def test_every_language_is_complete():
    assert language_gaps(ROOT) == []


@pytest.fixture
def locales(tmp_path):
    copy = tmp_path / "locales"
    shutil.copytree(ROOT / "catalog" / "locales", copy)
    return copy


def without(path, key) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    del data[key]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("language", OTHERS)
def test_a_word_missing_in_one_language_is_a_gap(locales, language):
    key = next(iter(json.loads((locales / f"{DEFAULT}.json").read_text(encoding="utf-8"))))
    without(locales / f"{language}.json", key)
    assert language_gaps(ROOT, locales) == [f"catalog/locales/{language}.json lacks {key!r}."]


@pytest.mark.parametrize("language", OTHERS)
def test_a_problem_message_missing_in_one_language_is_a_gap(locales, language):
    english = sorted(json.loads((locales / f"problems.{language}.json").read_text(encoding="utf-8")))[7]
    without(locales / f"problems.{language}.json", english)
    assert language_gaps(ROOT, locales) == [f"catalog/locales/problems.{language}.json lacks the message {english!r}."]


@pytest.mark.parametrize("language", OTHERS)
def test_a_schema_text_missing_in_one_language_is_a_gap(language):
    practice = json.loads(json.dumps(schema.schema()))
    del practice["properties"]["themes"]["x-translations"][language]["x-hint"]
    del practice["$defs"]["theme"]["oneOf"][0]["x-translations"][language]
    gaps = language_gaps(ROOT, schemas={"practice.schema.json": practice})
    assert gaps == [
        f"catalog/schemas/practice.schema.json/properties/themes: no {language} 'x-hint'.",
        *[f"catalog/schemas/practice.schema.json/$defs/theme/oneOf/0: no {language} {key!r}." for key in ("title", "description") if key in practice["$defs"]["theme"]["oneOf"][0]],
    ]


@pytest.mark.parametrize("language", OTHERS)
def test_a_page_a_guide_or_a_configuration_missing_in_one_language_is_a_gap(tmp_path, language):
    project = tmp_path / "project"
    for name in ("docs", "templates"):
        shutil.copytree(ROOT / name, project / name)
    for code in LANGUAGES:
        for name in (config_file(code), translated_name("CONTRIBUTING.md", code)):
            shutil.copy(ROOT / name, project / name)
    assert i18n.file_gaps(project) == []
    (project / "docs" / language / "about.md").unlink()
    (project / translated_name("CONTRIBUTING.md", language)).unlink()
    config = project / config_file(language)
    config.write_text(config.read_text(encoding="utf-8").replace(f"language: {language}", "language: en").replace("about.md", "index.md"), encoding="utf-8")
    assert i18n.file_gaps(project) == [
        f"{config.name}: theme.language should be {language!r}.",
        f"{config.name}: its nav should list the pages of mkdocs.yml's, in the same order.",
        f"docs/{language}/about.md is missing.",
        f"{translated_name('CONTRIBUTING.md', language)} is missing.",
    ]


def test_a_new_language_is_one_entry_plus_the_files_it_lists(monkeypatch):
    """Adding German to the registry: the gaps say every file to write, and nothing else changes."""
    monkeypatch.setattr(i18n, "LANGUAGES", (*LANGUAGES, "de"))
    gaps = language_gaps(ROOT)
    assert "mkdocs.de.yml is missing: it builds the de site." in gaps
    assert "CONTRIBUTING.de.md is missing." not in gaps  # not looked for before its configuration exists
    assert any(gap.startswith("catalog/locales/de.json lacks") for gap in gaps)
    assert "catalog/locales/problems.de.json is missing." in gaps
    assert any(gap.endswith("no de 'x-hint'.") for gap in gaps)


def test_the_tools_and_pages_take_their_languages_from_the_registry(site):
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev", ROOT / "scripts" / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    assert dev.site_languages() == LANGUAGES  # read by plain Python, before the requirements are installed
    for code in LANGUAGES:
        home = (site / site_folder(code) / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in home
        assert f'<meta property="og:locale" content="{LOCALES[code]}">' in home
        switcher = [f'hreflang="{other}"' in home for other in LANGUAGES]
        assert all(switcher), code


def test_ci_reports_translations_without_failing():
    import yaml

    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    [report] = [step for step in steps if "dev.py translations" in step.get("run", "")]
    assert "--format github" in report["run"] and not report.get("continue-on-error")  # the command itself exits 0
