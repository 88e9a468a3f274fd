"""Cooperation links and related practices, computed from the catalog."""

from __future__ import annotations

from pathlib import Path

from catalog.cooperation import build_network, place_slug
from catalog.model import Catalog, Partner, Practice, Source
from catalog.related import related_practices


def practice(slug: str, city: str = "Dakar", country: str = "SN", themes=("twinning",), partners=(), recommendations=()) -> Practice:
    return Practice(
        slug=slug, path=Path(f"{slug}.md"), title=f"Practice {slug}", summary="s" * 60, city=city, country=country,
        themes=tuple(themes), sources=(Source("A source"),), last_reviewed="2026-01-01", body="",
        partners=tuple(partners), recommendations=tuple(recommendations),
    )


def test_a_partner_is_a_place_with_links_in_both_directions():
    dakar = practice("dakar", partners=[Partner("Guangzhou", "CN", "solidarity-aid", "Masks", (23.13, 113.26))])
    lyon = practice("lyon", city="Lyon", country="FR", partners=[Partner("Dakar", "SN", "twinning")])
    network = build_network(Catalog([dakar, lyon]))
    assert sorted(network.places) == ["dakar-sn", "guangzhou-cn", "lyon-fr"]
    guangzhou = network.places["guangzhou-cn"]
    assert guangzhou.practices == [] and guangzhou.coordinates == (23.13, 113.26)
    assert [(link.source.slug, link.relation) for link in guangzhou.incoming] == [("dakar-sn", "solidarity-aid")]
    assert [link.source.slug for link in network.places["dakar-sn"].incoming] == ["lyon-fr"]
    assert [link.target.slug for link in network.places["dakar-sn"].outgoing] == ["guangzhou-cn"]


def test_spellings_that_differ_only_in_accents_are_one_place():
    assert place_slug("São Paulo", "BR") == place_slug("Sao Paulo", "BR") == "sao-paulo-br"
    assert place_slug("Île-de-France Region", "FR") == "ile-de-france-region-fr"


def test_a_shared_partner_counts_more_than_a_shared_region():
    first = practice("a-first", partners=[Partner("Guangzhou", "CN")])
    same_partner = practice("b-same-partner", city="Bamako", country="ML", themes=("urbanisation",), partners=[Partner("Guangzhou", "CN")])
    same_region = practice("c-same-region", city="Abidjan", country="CI", themes=("urbanisation",))
    related = related_practices(Catalog([first, same_partner, same_region]))
    assert [p.slug for p in related["a-first"]] == ["b-same-partner", "c-same-region"]


def test_related_practices_on_a_catalog_where_everything_is_related():
    # Every practice shares region and theme with every other, the worst case for
    # a pairwise comparison (25 million pairs); scripts/bench.py reports the time.
    practices = [practice(f"p{i:05}", city=f"City {i % 700}") for i in range(5000)]
    related = related_practices(Catalog(practices))
    assert all(len(items) == 5 and slug not in {p.slug for p in items} for slug, items in related.items())
    # practices of the same city come first: the rarest trait they share
    assert all(p.city == "City 3" for p in related["p00003"])
