"""The registry of actors: one file per city, region, network or organisation,
found by any of its names in any language, with messages in the usual form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, TODAY

from catalog import load_catalog
from catalog.actors import folded, read_registry
from catalog.model import check_paths

SCHEMAS = ROOT / "catalog" / "schemas"
TEMPLATES = ROOT / "templates"


def actor(folder: Path, actor_id: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{actor_id}.md"
    path.write_text(f"---\n{text.strip()}\n---\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def registry():
    found, problems = read_registry(ROOT / "actors", ROOT)
    assert problems == []
    return found


@pytest.mark.parametrize(
    ("written", "actor_id"),
    [
        ("Région de Nouakchott", "nouakchott-region"),
        ("region de nouakchott", "nouakchott-region"),
        ("CUN", "urban-community-of-nouakchott"),
        ("Communauté urbaine de Nouakchott", "urban-community-of-nouakchott"),
        ("Ciudad de México", "mexico-city"),
        ("Ciudad de Mexico", "mexico-city"),
        ("CDMX", "mexico-city"),
        ("AIMF", "aimf"),
        ("Région Île-de-France", "ile-de-france-region"),
        ("nouakchott-region", "nouakchott-region"),
        ("Communauté urbaine de Nouakchott (CUN)", "urban-community-of-nouakchott"),
        ("Rabat-Salé-Kénitra", "rabat-sale-kenitra-region"),
    ],
)
def test_an_actor_is_found_by_any_name_in_any_language(registry, written, actor_id):
    assert registry.find(written).id == actor_id


def test_a_misspelt_actor_gets_a_suggestion(registry):
    assert registry.find("Nouakchot Region") is None
    assert registry.suggest("Nouakchot Region")[0] == "Nouakchott Region"
    assert registry.suggest("ile de france")[0] == "Île-de-France Region"


def test_an_ambiguous_name_is_not_guessed_but_both_actors_are_suggested(registry):
    # "Nouakchott" names the Region since 2018 and the Urban Community before it
    assert registry.find("Nouakchott") is None and registry.find("Région de Nouakchott (CUN)") is None
    assert registry.suggest("Nouakchott") == ["Nouakchott Region", "Urban Community of Nouakchott"]
    assert registry.suggest("UCLG Afrika") == ["UCLG Africa"]  # not UCLG, whose acronym it holds
    assert registry.suggest("Казань") == []


def test_the_region_remembers_its_predecessor(registry):
    region = registry.actors["nouakchott-region"]
    assert (region.predecessor, region.predecessor_year) == ("urban-community-of-nouakchott", 2018)
    assert [a.id for a in registry.predecessors(region)] == ["urban-community-of-nouakchott"]
    assert registry.successors(registry.actors["urban-community-of-nouakchott"]) == [region]


def test_names_are_compared_without_case_accents_or_punctuation():
    assert folded("Région  Île-de-France") == folded("region ile de france") == "region ile de france"


def test_a_name_two_actors_claim_is_refused_in_both_files_words(tmp_path):
    folder = tmp_path / "actors"
    actor(folder, "tunis", "name: Tunis\nkind: municipality\ncountry: TN\nnames:\n  es: Túnez")
    actor(folder, "tunisia", "name: Tunisia\nkind: national-government\ncountry: TN\nnames:\n  es: Tunez")
    _, problems = read_registry(folder, tmp_path)
    assert [(p.file, p.line, p.field) for p in problems] == [("actors/tunisia.md", 6, "names.es")]
    assert "also a name of actors/tunis.md" in problems[0].message


def test_a_predecessor_that_does_not_exist_or_leads_back_is_refused(tmp_path):
    folder = tmp_path / "actors"
    actor(folder, "a-city", "name: A City\nkind: municipality\ncountry: SN\npredecessor: {id: b-city, year: 2001}")
    actor(folder, "b-city", "name: B City\nkind: municipality\ncountry: SN\npredecessor: {id: a-city, year: 1990}")
    actor(folder, "c-city", "name: C City\nkind: municipality\ncountry: SN\npredecessor: {id: a-citi, year: 1990}")
    _, problems = read_registry(folder, tmp_path)
    messages = {p.file: str(p) for p in problems}
    assert "lead back to this actor" in messages["actors/a-city.md"] and 'Did you mean "a-city"?' in messages["actors/c-city.md"]
    assert all(p.field == "predecessor.id" and p.line == 5 for p in problems)


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("name: Dakar\nkind: municipality", "country", "belongs to one country"),
        ("name: Dakar\nkind: town\ncountry: SN", "kind", '"town" is not a known kind'),
        ("name: Dakar\nkind: municipality\ncountry: Senegal", "country", "Use SN for Senegal"),
        ("name: Dakar\nkind: municipality\ncountry: SN\nwikidata: 3733", "wikidata", "a Wikidata item id"),
        ("name: Dakar\nkind: municipality\ncountry: SN\nwebsite: http://dakar.sn", "website", "https://"),
        ("name: Dakar\nkind: municipality\ncountry: SN\nnames:\n  xx: Dakar", "names.xx", "not a language code"),
        ("name: Dakar <b>\nkind: municipality\ncountry: SN", "name", "< and > are not allowed"),
    ],
)
def test_a_mistake_in_an_actor_file_is_reported_with_line_field_and_fix(tmp_path, text, field, words):
    path = actor(tmp_path / "actors", "dakar", text)
    _, problems = check_paths([path], root=tmp_path, today=TODAY)
    assert any(p.field == field and words in str(p) and p.line > 1 for p in problems), [str(p) for p in problems]


def test_an_actor_file_name_is_its_permanent_id(tmp_path):
    path = actor(tmp_path / "actors", "Dakar City", "name: Dakar\nkind: municipality\ncountry: SN")
    _, problems = check_paths([path], root=tmp_path, today=TODAY)
    assert [(p.field, 'Rename it to "dakar-city.md"' in p.hint) for p in problems] == [("file name", True)]


def test_a_broken_actor_file_fails_the_build(tmp_path):
    (tmp_path / "practices").mkdir()
    actor(tmp_path / "actors", "dakar", "name: Dakar\nkind: municipality")
    with pytest.raises(Exception) as raised:
        load_catalog(tmp_path / "practices", today=TODAY)
    assert "actors/dakar.md" in str(raised.value)


@pytest.mark.parametrize("name", ["actor-template.md", "actor-template.fr.md", "actor-template.es.md"])
def test_the_actor_templates_are_valid_actors(tmp_path, name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert "$schema=../catalog/schemas/actor.schema.json" in text  # right from actors/, where it is copied
    path = tmp_path / "actors" / "nouakchott-region.md"
    path.parent.mkdir()
    path.write_text(text)
    assert check_paths([path], root=tmp_path, today=TODAY)[1] == []


def test_the_actor_schema_shares_the_practice_schemas_definitions():
    practice, actor_schema = (json.loads((SCHEMAS / f"{name}.schema.json").read_text()) for name in ("practice", "actor"))
    assert actor_schema["$defs"]["year"] == practice["$defs"]["year"]
    # a place's country and coordinates are facts about the actor, written once
    assert "country" not in practice["properties"] and "coordinates" not in practice["properties"]


# --- practices name actors, and the site follows ---------------------------------------

LAUSANNE = """---
title: "Lausanne and Nouakchott: water and sanitation"
summary: A practice written the way its sources name things, in French and by acronym, to see it land on the right pages.
city: Ville de Lausanne
themes: [decentralised-cooperation]
partners:
  - name: Région de Nouakchott
    relation: decentralised-cooperation
  - name: AIMF
    relation: funding
sources:
  - title: A source
last_reviewed: 2024-01-31
---

## Context

Some context.

## What was done

Some actions.

## Lessons for other cities

Some lessons.
"""


@pytest.fixture(scope="module")
def contributed_site(tmp_path_factory) -> Path:
    """The site built with what three contributors added: a practice that names its
    actors in French, one that names a predecessor by its acronym, and a new actor
    (Thiès) with the practice that names it. One build for the tests below."""
    from conftest import copy_site_sources, run_mkdocs

    folder = tmp_path_factory.mktemp("contributed")
    project = folder / "project"
    copy_site_sources(project)
    (project / "practices" / "lausanne-water.md").write_text(LAUSANNE)
    earlier = LAUSANNE.replace("city: Ville de Lausanne", "city: CUN").replace("Région de Nouakchott", "City of Lausanne")
    (project / "practices" / "cun-water.md").write_text(earlier.replace("Lausanne and Nouakchott: water", "Nouakchott's urban community: water"))
    (project / "actors" / "thies.md").write_text("---\nname: Thiès\nkind: municipality\ncountry: SN\naliases: [Ville de Thiès]\n---\n")
    (project / "practices" / "thies-twinning.md").write_text(LAUSANNE.replace("city: Ville de Lausanne", "city: Ville de Thiès").replace("Lausanne and Nouakchott", "Thiès and Nouakchott"))
    result = run_mkdocs(project, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_names_in_french_acronyms_and_predecessors_land_on_the_right_actor_pages(contributed_site):
    site = contributed_site

    def article(url: str) -> str:
        text = (site / url / "index.html").read_text(encoding="utf-8")
        return text[text.index('<article class="md-content__inner') :]

    region = article("actors/nouakchott-region")
    # named in French by Lausanne: on the Region's page, linked back to Lausanne
    assert "Practices that name Nouakchott Region as a partner" in region and 'href="../../actors/lausanne/"' in region
    # the practice of its predecessor (named by its acronym), marked as such
    assert "Practices of Urban Community of Nouakchott, its predecessor" in region and "practices/cun-water/" in region
    assert "Since 2018, it has taken over from" in region
    lausanne = article("actors/lausanne")
    assert "Partners named by Lausanne" in lausanne and 'href="../../actors/nouakchott-region/"' in lausanne
    assert 'href="../../actors/aimf/"' in lausanne and "practices/lausanne-water/" in lausanne
    # an organisation is an actor of its kind, not a city
    assert "Association or network of local governments, international." in article("actors/aimf")
    # each language names the actor its way
    assert "<h1>Région de Nouakchott</h1>" in article("fr/actors/nouakchott-region")
    assert "<h1>Región de Nuakchot</h1>" in article("es/actors/nouakchott-region")
    index = article("actors")
    assert index.index('id="regional-government"') < index.index("Nouakchott Region") and 'id="by-country"' in index


def test_a_misspelt_actor_fails_the_build_with_a_suggestion(project_copy, tmp_path):
    from conftest import run_mkdocs

    (project_copy / "practices" / "lausanne-water.md").write_text(LAUSANNE.replace("Région de Nouakchott", "Region de Nouakchot"))
    result = run_mkdocs(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (
        'practices/lausanne-water.md:7: partners[1].name: "Region de Nouakchot" is not in the registry of actors (actors/). '
        "Did you mean Nouakchott Region (nouakchott-region)"
    ) in result.stderr


def test_a_practice_may_name_an_actor_its_own_change_adds(contributed_site):
    assert "Thiès and Nouakchott" in (contributed_site / "actors" / "thies" / "index.html").read_text(encoding="utf-8")


def test_an_actor_without_its_kind_is_told_the_kinds_there_are(tmp_path):
    path = actor(tmp_path / "actors", "somewhere", "name: Somewhere\ncountry: SN")
    _, problems = check_paths([path], root=tmp_path, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(1, "kind")]
    assert 'Add a line "kind: ...". Use one of: municipality, ' in problems[0].hint


@pytest.mark.parametrize("value", ["[municipality]", "{a: 1}", "5", "~"])
def test_an_actor_whose_kind_is_not_a_word_gets_a_message_not_a_traceback(tmp_path, value):
    path = actor(tmp_path / "actors", "somewhere", f"name: Somewhere\nkind: {value}")
    _, problems = check_paths([path], root=tmp_path, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(3, "kind")], problems
