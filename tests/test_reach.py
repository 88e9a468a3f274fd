"""Reach: three languages, keyboard and screen-reader use, and no request to any
host but the site's own, in a real browser (see the `page` fixture)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ARTIFACTS, ROOT, screenshot

from catalog import load_catalog
from catalog.i18n import LANGUAGES
from catalog.languages import site_folder

PREFIX = {code: "/" + site_folder(code).rstrip("/") if site_folder(code) else "" for code in LANGUAGES}
DAKAR = next(p for p in load_catalog(ROOT / "practices").practices if p.slug == "dakar-city-diplomacy-and-twinning")
CATALOG_TITLES = {code: DAKAR.text_in(code)[0] for code in LANGUAGES}
PAGE_TYPES = [  # one page of each kind the site has
    "/", "/practices/dakar-city-diplomacy-and-twinning/", "/practices/", "/actors/guangzhou/", "/countries/sn/",
    "/regions/africa/", "/themes/twinning/", "/sdgs/11/", "/suggestions/alignment/", "/cooperation/", "/map/",
    "/explore/?region=Africa", "/open-data/", "/format/", "/contribute/", "/contribute/propose/", "/about/", "/404.html",
]


def test_every_page_says_its_language(site):
    for language in LANGUAGES:
        root = site / language if language != LANGUAGES[0] else site
        pages = [p for p in root.rglob("*.html") if language != LANGUAGES[0] or p.relative_to(site).parts[0] not in LANGUAGES]
        assert len(pages) > 60
        for page in pages:
            assert re.search(rf'<html lang="{language}"', page.read_text()), page


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_asks_another_host_for_anything(page, server, language):
    # One tab per page, all open together, so that their quiet half-seconds
    # (networkidle) overlap instead of adding up.
    requests, errors = [], []
    page.context.on("request", lambda request: requests.append(request.url))
    tabs = []
    for path in PAGE_TYPES:
        tab = page.context.new_page()
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(server + PREFIX[language] + path.replace("region=Africa", ""))
        tabs.append(tab)
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith((server, "data:", "blob:"))] == []
    assert errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violation(page, server, language):
    axe = Axe()
    region = "002"  # Africa: Explore addresses hold ids, the same in every language
    for path in ["/", "/practices/dakar-city-diplomacy-and-twinning/", "/themes/twinning/", f"/explore/?region={region}", "/map/"]:
        page.goto(server + PREFIX[language] + path)
        if "explore" in path:
            page.wait_for_selector(".explore--ready")
            assert page.is_checked(f"input[name=region][value='{region}']")
        violations = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == [], [(path, v["id"], v["nodes"][0]["target"]) for v in violations]
    screenshot(page, f"map-{language}")


def test_the_language_switcher_keeps_the_reader_on_the_same_page(page, server):
    page.goto(server + "/practices/dakar-city-diplomacy-and-twinning/")
    page.hover(".md-select")
    page.click(".md-select__link[hreflang=fr]")
    page.wait_for_url(re.compile(r"/fr/practices/dakar-city-diplomacy-and-twinning/$"))
    assert page.inner_text("h1") == CATALOG_TITLES["fr"]
    page.hover(".md-select")
    page.click(".md-select__link[hreflang=es]")
    page.wait_for_url(re.compile(r"/es/practices/dakar-city-diplomacy-and-twinning/$"))
    assert page.inner_text("h1") == CATALOG_TITLES["es"]
    assert page.locator(".practice-notice").count() == 0 and page.get_attribute(".practice-summary", "lang") is None
    screenshot(page, "practice-es")


@pytest.mark.parametrize(("language", "words", "title"), [
    ("fr", "jumelage", "Dakar : diplomatie des villes, jumelage et solidarité entre villes"),
    ("es", "redes", "Ciudad de México: el peso de la capital y las redes de ciudades para compartir buenas prácticas"),
])
def test_search_finds_a_practice_by_the_words_of_its_language(page, server, language, words, title):
    page.goto(server + PREFIX[language] + "/")
    page.click("#site-search-input")
    page.keyboard.type(words)
    page.wait_for_selector(".md-search-result__item")
    assert title in [t.inner_text() for t in page.query_selector_all(".md-search-result__item h1")]


def test_filters_work_with_the_keyboard_alone(page, server):
    page.goto(server + "/explore/")
    page.wait_for_selector(".explore--ready")
    page.focus("#explore-query")
    for _ in range(40):  # tab forward to the first region checkbox
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "region":
            break
    assert page.evaluate("document.activeElement.name") == "region"
    chosen = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    page.wait_for_function(f"new URLSearchParams(location.search).get('region') === {chosen!r}")
    assert re.fullmatch(r"\d+ practices?", page.inner_text(".explore__status"))


def test_the_map_works_with_the_keyboard_alone(page, server):
    page.goto(server + "/map/")
    page.focus("svg.world-map a.world-map__place")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/actors/[a-z0-9-]+/$"))
    assert label.split(",")[0].split(":")[0] in page.inner_text("h1")


def test_a_practice_prints_on_a4_without_navigation(page, server):
    page.goto(server + "/practices/nouakchott-decentralised-cooperation-and-climate-funding/")
    page.emulate_media(media="print")
    hidden = page.evaluate("['.md-header', '.md-sidebar--primary', '.md-footer', '.related-practices'].map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none"] * 4
    assert page.is_visible(".practice-facts") and page.is_visible("text=Île-de-France Region")
    pdf = page.pdf(format="A4", print_background=False)
    (ARTIFACTS / "practice-a4.pdf").write_bytes(pdf)
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4, in points
