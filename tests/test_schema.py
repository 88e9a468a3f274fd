"""The schema is the one description of a practice: valid JSON Schema, complete
vocabularies, and a region for every country."""

from __future__ import annotations

import jsonschema_rs
import pycountry

from catalog import places
from catalog import schema as practice_schema

STARTING_THEMES = {
    "city-diplomacy", "twinning", "city-networks", "decentralised-cooperation", "international-funding", "climate-change",
    "urbanisation", "public-health", "solidarity", "capacity-building", "knowledge-exchange", "institutional-framework",
}


def test_schema_is_valid_json_schema():
    jsonschema_rs.meta.validate(practice_schema.schema())


def test_required_fields_are_those_of_a_practice():
    assert set(practice_schema.schema()["required"]) == {"title", "summary", "city", "themes", "sources", "last_reviewed"}


def test_every_field_has_a_label_and_a_description():
    for name, field in practice_schema.fields().items():
        assert field.get("title") and field.get("description"), name


def test_vocabularies_have_labels_and_descriptions():
    assert STARTING_THEMES <= set(practice_schema.vocabulary("theme"))
    for name in ("theme", "relation", "level", "status", "recommendation"):
        for term in practice_schema.vocabulary(name).values():
            assert term.label and term.description, (name, term.value)
    assert len(practice_schema.vocabulary("recommendation")) == 6
    assert list(practice_schema.vocabulary("sdg")) == list(range(1, 18))


def test_body_sections_required_and_optional():
    sections = {s.heading: s.required for s in practice_schema.body_sections()}
    assert sections == {"Context": True, "What was done": True, "Results": False, "Challenges": False, "Lessons for other cities": True}


def test_every_iso_country_has_exactly_one_region():
    for country in pycountry.countries:
        assert places.region_of(country.alpha_2) in places.REGIONS, country.alpha_2


def test_regions_follow_the_un_classification():
    names = {code: places.region_name(places.region_of(code)) for code in ("SN", "MR", "MX", "CN", "FR", "US", "BR", "AU")}
    assert names == {
        "SN": "Africa", "MR": "Africa", "MX": "Latin America", "CN": "Asia",
        "FR": "Europe", "US": "Northern America", "BR": "Latin America", "AU": "Oceania",
    }


def test_every_pattern_of_the_schemas_is_plain_text_or_says_what_it_expects():
    # The validator and the form give plain text its own message; any other pattern
    # needs its x-expected words, or their message would say nothing useful.
    from catalog import schema as practice_schema

    found = []

    def walk(node, where):
        if isinstance(node, dict):
            if "pattern" in node and node["pattern"] != practice_schema.PLAIN_TEXT and "x-expected" not in node and "propertyNames" not in where:
                found.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(practice_schema.schema(), "practice")
    walk(practice_schema.actor_schema(), "actor")
    assert found == []
    assert any(node.get("pattern") == practice_schema.PLAIN_TEXT for node in practice_schema.fields().values())
