"""The built site in a real browser (Debian's Chromium driven by Playwright), as a
practitioner uses it: searching, filtering, following cooperation links, reading
the map. Every test also checks that the page made no request off this machine
and logged no error (see the `page` fixture in conftest.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from conftest import ROOT, screenshot

from catalog import load_catalog
from catalog.fields import regions_of
from catalog.languages import site_folder

CATALOG = load_catalog(ROOT / "practices")


def header_search(page, words: str) -> list[str]:
    """The titles the header search lists for `words`, every batch of them."""
    page.click("#site-search-input")
    page.keyboard.type(words)
    # The answer to all the words is in once the link to Explore carries them.
    page.wait_for_function(
        """(words) => new URLSearchParams(document.querySelector(".search-explore").search).get("q") === words
        && document.querySelector(".md-search-result__item")""",
        arg=words,
    )
    while page.is_visible(".search-more"):
        listed = len(page.query_selector_all(".md-search-result__item"))
        page.click(".search-more")
        page.wait_for_function("(n) => document.querySelectorAll('.md-search-result__item').length > n", arg=listed)
    return [title.inner_text() for title in page.query_selector_all(".md-search-result__item h1")]


def test_typing_twinning_in_the_header_search_lists_the_dakar_practice(page, server):
    page.goto(server + "/")
    titles = header_search(page, "twinning")
    assert "Dakar: city diplomacy, twinning and solidarity between cities" in titles
    screenshot(page, "header-search-twinning")


def test_the_header_search_finds_a_practice_by_its_partner(page, server):
    page.goto(server + "/about/")
    assert "Dakar: city diplomacy, twinning and solidarity between cities" in header_search(page, "Guangzhou")


def test_other_names_and_acronyms_of_an_actor_find_its_practice_in_every_language(page, server):
    catalog = load_catalog(ROOT / "practices")
    mexico = next(p for p in catalog.practices if p.slug == "mexico-city-capital-status-and-city-networks")
    cases = [("en", "CDMX", mexico.text_in("en")[0]), ("en", "Ciudad de México", mexico.text_in("en")[0]), ("fr", "CDMX", mexico.text_in("fr")[0]), ("es", "Région de Nouakchott", "Nuakchot")]
    for language, words, expected in cases:
        page.goto(f"{server}/{site_folder(language)}")
        titles = header_search(page, words)
        assert any(expected in title for title in titles), (language, words, titles)
    screenshot(page, "header-search-alias")


def test_the_search_index_reads_the_page_text_only_with_facts_and_other_names_as_separate_words(page, server):
    # Pagefind reads the page's text: a label glued to its value ("CountrySenegal")
    # or a name to the hidden names after it would read so in the results' excerpts.
    page.goto(server + "/")
    content = page.evaluate("""async () => {
        const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
        const search = await pagefind.search("Senegal");
        for (const result of search.results) {
            const data = await result.data();
            if (data.url.endsWith("/practices/dakar-city-diplomacy-and-twinning/")) return data.content;
        }
        return "";
    }""")
    text = " ".join(content.split())
    assert text.startswith("Dakar: city diplomacy"), text[:100]  # not with "Skip to content", which every page would match
    assert "Country Senegal Region Africa Themes City diplomacy" in text, text[:600]
    assert "Level of government Municipal" in text, text[:600]
    assert "City Dakar City of Dakar, " in text


def filter_label(page, key: str, value: str) -> str:
    """The label of an Explore filter's value (the box holds its id), without its count."""
    box = page.query_selector(f"input[name={key}][value='{value}']")
    return page.text_content(f"label[for={box.get_attribute('id')}]").rsplit(" ", 1)[0]  # its group may be closed


def test_explore_filters_name_actors_in_the_pages_language(page, server):
    page.goto(server + "/es/explore/")
    page.wait_for_selector(".explore--ready")
    assert filter_label(page, "city", "mexico-city") == "Ciudad de México"
    assert filter_label(page, "partner", "ile-de-france-region") == "Región de Isla de Francia"
    assert "Red" in page.inner_text(".explore__filters")
    page.goto(server + "/explore/")
    page.wait_for_selector(".explore--ready")
    assert filter_label(page, "city", "mexico-city") == "Mexico City"


def test_filtering_by_region_shows_african_practices_and_survives_a_reload(page, server):
    page.goto(server + "/explore/")
    page.wait_for_selector(".explore--ready")
    african = sum("002" in regions_of(p) for p in CATALOG.practices)  # the city's region or a partner's
    page.check("input[name=region][value='002']")  # the address holds the region's code, the same in every language
    page.wait_for_function(f"document.querySelector('.explore__status').textContent === '{african} practices'")
    titles = [title.inner_text() for title in page.query_selector_all(".explore__title")]
    assert any(t.startswith("Dakar:") for t in titles) and any(t.startswith("Nouakchott:") for t in titles)
    assert not any(t.startswith("Mexico City:") for t in titles)
    assert parse_qs(urlparse(page.url).query) == {"region": ["002"]}
    assert filter_label(page, "region", "002") == "Africa"

    page.reload()
    page.wait_for_selector(".explore--ready")
    assert page.is_checked("input[name=region][value='002']")
    assert page.inner_text(".explore__status") == f"{african} practices"
    screenshot(page, "explore-africa")


def titles_listed(page) -> list[str]:
    while page.is_visible(".explore__more"):
        page.click(".explore__more")
    return [title.inner_text() for title in page.query_selector_all(".explore__title")]


def test_europe_shows_the_nouakchott_practice_with_european_partners_and_says_what_region_means(page, server):
    page.goto(server + "/explore/")
    page.wait_for_selector(".explore--ready")
    page.check("input[name=region][value='150']")
    european = [p for p in CATALOG.practices if "150" in regions_of(p)]
    page.wait_for_function(f"document.querySelector('.explore__status').textContent === '{len(european)} practices'")
    titles = titles_listed(page)
    water = next(p for p in CATALOG.practices if p.slug == "nouakchott-region-water-sanitation-programme-european-partners")
    assert water.region == "002" and water.title in titles  # led from Africa, with European partners
    assert any(t.startswith("Lausanne") for t in titles)  # and the practices led from Europe
    assert page.text_content(".explore__group:has(input[name=region]) summary").startswith("Region (of the city or a partner)")
    screenshot(page, "explore-europe")


def test_filtering_by_sector_lists_the_water_practices_in_each_language(page, server):
    water = {p.title for p in CATALOG.practices if "water-sanitation-waste" in p.sectors}
    assert len(water) >= 2
    page.goto(server + "/explore/")
    page.wait_for_selector(".explore--ready")
    assert page.is_visible("input[name=sector][value='water-sanitation-waste']")  # the sector group starts open
    page.check("input[name=sector][value='water-sanitation-waste']")
    page.wait_for_function(f"document.querySelector('.explore__status').textContent === '{len(water)} practices'")
    assert set(titles_listed(page)) == water
    assert parse_qs(urlparse(page.url).query) == {"sector": ["water-sanitation-waste"]}
    page.goto(server + "/fr/explore/?sector=water-sanitation-waste")
    page.wait_for_selector(".explore--ready")
    assert filter_label(page, "sector", "water-sanitation-waste") == "Eau, assainissement et déchets"
    assert len(titles_listed(page)) == len(water)


def test_a_shared_link_with_a_query_and_filters_opens_the_same_results(page, server):
    page.goto(server + "/explore/?q=masks&theme=solidarity")
    page.wait_for_selector(".explore--ready")
    assert page.input_value("#explore-query") == "masks"
    assert page.is_checked("input[name=theme][value=solidarity]")
    titles = [title.inner_text() for title in page.query_selector_all(".explore__title")]
    by_title = {p.title: p for p in CATALOG.practices}
    assert titles and all("solidarity" in by_title[t].themes for t in titles)
    assert any(t.startswith("Dakar: city diplomacy") for t in titles) and not any(t.startswith("Mexico City:") for t in titles)


def test_the_guangzhou_page_reached_from_dakar_shows_the_link_back(page, server):
    page.goto(server + "/practices/dakar-city-diplomacy-and-twinning/")
    page.click(".practice-facts a:text('Guangzhou')")
    page.wait_for_url(re.compile(r"/actors/guangzhou/$"))
    named_by = page.inner_text("#named-by + .cooperation-links")
    assert "Dakar" in named_by and "Solidarity aid" in named_by and "thousands of masks" in named_by
    page.click("#named-by + .cooperation-links a:text('Dakar')")
    page.wait_for_url(re.compile(r"/actors/dakar/$"))


def test_the_map_shows_the_actors_with_practices_and_a_line_for_each_partner_link(page, server):
    page.goto(server + "/map/")
    cities = page.query_selector_all("svg.world-map a.world-map__place:not(.world-map__place--partner)")
    assert sorted(city.get_attribute("data-place") for city in cities) == sorted({p.actor.id for p in CATALOG.practices if p.coordinates})
    lines = page.query_selector_all("svg.world-map .world-map__link")
    drawn = {(line.get_attribute("data-source"), line.get_attribute("data-target")) for line in lines}
    assert drawn == {(p.actor.id, partner.actor.id) for p in CATALOG.practices for partner in p.partners if p.coordinates and partner.actor.coordinates}
    assert {("dakar", "guangzhou"), ("nouakchott-region", "ile-de-france-region")} <= drawn
    assert page.query_selector("svg.world-map .world-map__land").bounding_box()["width"] > 600
    page.keyboard.press("Tab")  # places are links: reachable by keyboard
    focused = page.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.textContent")
    assert focused
    screenshot(page, "map")


def test_the_home_page_renders(page, server):
    page.goto(server + "/")
    assert page.title().startswith("City Diplomacy Exchange")
    screenshot(page, "home")


def test_screenshots_of_the_real_catalog_on_a_phone_and_a_desktop(page, server):
    """For a person to look at: a practice page, the Explore page and the map, with
    every practice of the catalog, at 390 px and on a desktop."""
    for width, height, device in ((390, 844, "phone"), (1280, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(server + "/practices/lausanne-solidarity-water-fund-nouakchott/")
        assert page.query_selector_all("sup.citation a") and page.query_selector(".citation-notes")
        screenshot(page, f"real-practice-{device}")
        page.goto(server + "/explore/")
        page.wait_for_selector(".explore--ready")
        first_result = page.query_selector(".explore__result").bounding_box()
        if device == "phone":  # results first: the filters wait behind one line
            assert first_result["y"] < height and not page.is_visible("input[name=theme]")
            page.click(".explore__panel-summary")
            assert page.is_visible("input[name=theme]")
        screenshot(page, f"real-explore-{device}")
        page.goto(server + "/map/")
        assert len(page.query_selector_all("svg.world-map a.world-map__place")) >= 20
        screenshot(page, f"real-map-{device}")
        page.goto(server + "/fr/actors/nouakchott-region/")
        assert page.inner_text("h1") == "Région de Nouakchott"
        screenshot(page, f"real-actor-fr-{device}")
