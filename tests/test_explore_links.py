"""Explore links in the reader's language. An Explore address holds ids (a theme's
slug, a region's M49 code, a country's ISO code, a year...), never a label, so a
link shared from the Spanish site opens the same practices on the French and
English ones, each in its own words; links shared when addresses held labels
still open; the language switcher leads to the same page in the other language,
with its filters and query. In a real browser, on a desktop and at 390 px."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from babel import Locale
from conftest import ROOT, screenshot

from catalog import load_catalog
from catalog.facets import FILTERS, value_id
from catalog.i18n import LANGUAGES, Words, messages
from catalog.safety import NOTES_ID

CATALOG = load_catalog(ROOT / "practices")
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def root(language: str) -> str:
    """Where a language's site starts: English at the root, the others in a folder."""
    return "/" if language == LANGUAGES[0] else f"/{language}/"


def ids_of(practice, key: str) -> set[str]:
    """A practice's values for a filter, as the address and the index hold them."""
    return {value_id(value) for value in FILTERS[key].values(practice)}


def matching(**chosen) -> set[str]:
    """The practices of the catalog an Explore page should list for these filters
    (one value each): those holding every value chosen."""
    return {p.slug for p in CATALOG.practices if all(str(id) in ids_of(p, key) for key, id in chosen.items() if id is not None)}


def explore(page, url: str) -> list[str]:
    """Open an Explore address and read the slugs of every practice it lists."""
    page.goto(url)
    page.wait_for_selector(".explore--ready")
    return listed(page)


def listed(page) -> list[str]:
    while page.is_visible(".explore__more"):
        page.click(".explore__more")
    hrefs = [link.get_attribute("href") for link in page.query_selector_all(".explore__title")]
    return [re.search(r"practices/([^/]+)/$", href).group(1) for href in hrefs]


def status_says(language: str, n: int) -> str:
    form = Locale(language).plural_form(n)
    return messages(language)[f"js.practices.{form}"].format(n=n)


def assert_in_the_pages_language(page, language: str, chosen: dict[str, list[str]], slugs: list[str]) -> None:
    """The page speaks its language: its ticked filters by their labels, the number
    found, and the titles of the practices (their translation, if there is one)."""
    words = Words(language)
    assert page.get_attribute("html", "lang") == language
    label_of = {"theme": lambda id: words.term("theme", id), "region": words.region, "country": words.country, "year": str}
    for key, ids in chosen.items():
        for id in ids:
            box = page.query_selector(f"input[name={key}][value='{id}']")
            assert box is not None and box.is_checked(), (language, key, id)
            label = page.text_content(f"label[for={box.get_attribute('id')}]")  # the panel may be closed, on a phone
            assert label.startswith(label_of[key](id) + " "), (language, label)
    assert page.inner_text(".explore__status") == status_says(language, len(slugs))
    by_slug = {p.slug: p for p in CATALOG.practices}
    titles = [t.inner_text() for t in page.query_selector_all(".explore__title")]
    assert titles == [by_slug[slug].text_in(language)[0] for slug in slugs]


def switch_language(page, language: str) -> None:
    """Open the header's language menu (a tap on a phone, as with a mouse) and pick a language."""
    page.click(".md-header__option .md-select > button")
    with page.expect_navigation():
        page.click(f".md-select__link[hreflang={language}]")


@pytest.fixture(params=list(VIEWPORTS))
def tab(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    page.device = request.param
    return page


# A Spanish reader filters by a theme, a region and a country, searches for a word,
# and shares the address.
SHARED = {"q": "Nouakchott", "theme": ["decentralised-cooperation"], "region": ["002"], "country": ["MR"]}
SHARED_RESULTS = matching(theme="decentralised-cooperation", region="002", country="MR")


def test_a_spanish_explore_link_opens_the_same_practices_in_french_and_english_each_in_its_language(tab, server):
    assert SHARED_RESULTS, "the catalog has no practice for this link any more: choose other filters"
    spanish = explore(tab, server + "/es/explore/?" + urlencode(SHARED, doseq=True))
    assert spanish and set(spanish) <= SHARED_RESULTS
    assert tab.input_value("#explore-query") == "Nouakchott"
    chosen = {key: value for key, value in SHARED.items() if key != "q"}
    assert_in_the_pages_language(tab, "es", chosen, spanish)
    assert parse_qs(urlparse(tab.url).query) == {key: [value] if isinstance(value, str) else value for key, value in SHARED.items()}
    screenshot(tab, f"explore-link-es-{tab.device}")

    query = urlparse(tab.url).query  # the address's query part, copied to the other languages
    for language in ("fr", "en"):
        found = explore(tab, f"{server}{root(language)}explore/?{query}")
        assert sorted(found) == sorted(spanish), language  # in the order of each language's own ranking
        assert tab.input_value("#explore-query") == "Nouakchott"
        assert_in_the_pages_language(tab, language, chosen, found)
        if language == "fr":
            screenshot(tab, f"explore-link-fr-{tab.device}")


@pytest.mark.parametrize("filters", [{"theme": "solidarity", "year": 2020}, {"theme": "twinning", "region": "002"}, {"region": "150", "country": "FR"}])
def test_without_words_a_link_lists_exactly_the_practices_holding_its_filters_in_every_language(page, server, filters):
    expected = matching(**filters)
    assert expected, f"the catalog has no practice for {filters} any more: choose other filters"
    for language in LANGUAGES:
        found = explore(page, f"{server}{root(language)}explore/?{urlencode(filters)}")
        assert set(found) == expected and len(found) == len(expected), language


def test_the_search_index_holds_the_same_ids_in_every_language(page, server):
    # The filters of the index are ids, counted over the catalog: never a label.
    expected = {key: Counter(id for p in CATALOG.practices for id in ids_of(p, key)) for key in ("theme", "sector", "region", "country", "city", "year")}
    for language in LANGUAGES:
        page.goto(f"{server}{root(language)}explore/")
        page.wait_for_selector(".explore--ready")
        index = page.evaluate("""async () => {
            const pagefind = await import(new URL("/pagefind/pagefind.js", location.href).href);
            return await pagefind.filters();
        }""")
        for key, counts in expected.items():
            assert index[key] == dict(counts), (language, key)


def test_links_shared_when_addresses_held_labels_still_open_the_same_practices(page, server):
    # Before addresses held ids, they held the labels of the language they were
    # shared from: ?theme=Hermanamiento&region=África on the Spanish site.
    mexico = next(p.actor for p in CATALOG.practices if p.actor.id == "mexico-city")
    cases = [
        ("es", "fr", {"theme": "twinning", "region": "002"}),
        ("fr", "en", {"theme": "decentralised-cooperation", "country": "FR"}),
        ("en", "es", {"theme": "solidarity", "region": "150"}),
        ("es", "en", {"city": mexico.id}),
    ]
    for shared_in, opened_in, ids in cases:
        words = Words(shared_in)
        label_of = {"theme": lambda id: words.term("theme", id), "region": words.region, "country": words.country, "city": lambda id: mexico.name_in(shared_in)}
        old = {key: label_of[key](id) for key, id in ids.items()}
        assert old != ids
        found = explore(page, f"{server}{root(opened_in)}explore/?{urlencode(old)}")
        assert set(found) == {p.slug for p in CATALOG.practices if all(practice_holds(p, key, id) for key, id in ids.items())}, (shared_in, opened_in, old)
        assert found, (shared_in, opened_in, old)
        assert parse_qs(urlparse(page.url).query) == {key: [id] for key, id in ids.items()}  # rewritten as ids


def practice_holds(practice, key: str, id: str) -> bool:
    return id in ids_of(practice, key)


def test_values_an_address_cannot_mean_are_left_out_without_an_error(page, server):
    odd = "theme=Nonexistent&region=Atlantis&year=1850&city=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&sdg=constructor&theme=twinning"
    for language in LANGUAGES:
        found = explore(page, f"{server}{root(language)}explore/?{odd}")
        assert set(found) == matching(theme="twinning"), language
        assert parse_qs(urlparse(page.url).query) == {"theme": ["twinning"]}
        assert page.query_selector("img[src=x]") is None
    # The `page` fixture fails the test on any console error.


def test_switching_language_on_a_filtered_explore_page_keeps_its_filters_words_and_results(tab, server):
    start = {"q": "Nouakchott", "theme": ["decentralised-cooperation"]}
    explore(tab, server + "/explore/?" + urlencode(start, doseq=True))
    if tab.device == "phone":  # the filters wait behind one tap
        tab.click(".explore__panel-summary")
    tab.check("input[name=region][value='002']")  # one more filter, ticked on the page
    tab.wait_for_function("new URLSearchParams(location.search).get('region') === '002'")
    before = listed(tab)
    query = parse_qs(urlparse(tab.url).query)
    assert query == {"q": ["Nouakchott"], "theme": ["decentralised-cooperation"], "region": ["002"]}
    assert before and set(before) <= matching(theme="decentralised-cooperation", region="002")

    for language in ("es", "fr", "en"):
        switch_language(tab, language)
        tab.wait_for_selector(".explore--ready")
        assert urlparse(tab.url).path == f"{root(language)}explore/"
        assert parse_qs(urlparse(tab.url).query) == query
        assert tab.input_value("#explore-query") == "Nouakchott"
        found = listed(tab)
        assert sorted(found) == sorted(before), language
        assert_in_the_pages_language(tab, language, {"theme": ["decentralised-cooperation"], "region": ["002"]}, found)


def test_switching_language_on_a_practice_page_lands_on_the_same_practice(tab, server):
    practice = next(p for p in CATALOG.practices if {"fr", "es"} <= p.translations.keys())
    tab.goto(f"{server}/practices/{practice.slug}/#{NOTES_ID}")
    assert tab.inner_text("h1") == practice.title
    for language in ("fr", "es", "en"):
        switch_language(tab, language)
        assert urlparse(tab.url).path == f"{root(language)}practices/{practice.slug}/"
        assert urlparse(tab.url).fragment == NOTES_ID
        assert tab.get_attribute("html", "lang") == language
        assert tab.inner_text("h1") == practice.text_in(language)[0]
