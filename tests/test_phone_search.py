"""The header search as a practitioner uses it on a phone (390 px wide): the icon
opens the search with the keyboard up, the list grows by "More results" until it
holds every page the status counts, an actor's page comes first for any of its
names, in every language; and Explore's closed filters sit just above the results."""

from __future__ import annotations

import re

from babel import Locale
from conftest import ARTIFACTS, REGISTRY, ROOT

from catalog.i18n import messages
from catalog.languages import LANGUAGES, site_folder

PHONE = {"width": 390, "height": 844}
BATCH = int(re.search(r"const HEADER_BATCH = (\d+);", (ROOT / "docs" / "javascripts" / "search.js").read_text()).group(1))


def said(language: str, key: str, n: int = 0, **values) -> str:
    """A message of the search script as the page shows it, its plural form chosen by n."""
    words = messages(language)
    text = words.get(f"js.{key}") or words[f"js.{key}.{Locale(language).plural_form(n)}"]
    return text.format(n=n, **values)


def open_on_phone(page, server, language: str = "en") -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/{site_folder(language)}")
    page.click("label.md-header__button[for=__search]")  # the magnifier in the header


def search_for(page, words: str) -> None:
    page.fill("#site-search-input", words)
    # The answer to these words is in: the link to Explore carries them, the list its first results.
    page.wait_for_function(
        """(words) => new URLSearchParams(document.querySelector(".search-explore").search).get("q") === words
        && document.querySelector(".md-search-result__item")""",
        arg=words,
    )


def screen(page, name: str) -> None:
    """What the phone's screen shows, not the whole page as conftest's screenshot takes
    it: the open search is a layer fixed over the page, and the page runs long."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def first_result(page) -> str:
    return page.get_attribute(".md-search-result__item a", "href")


def actor_url(actor_id: str, language: str) -> str:
    return f"/{site_folder(language)}actors/{actor_id}/"


def test_on_a_phone_the_search_icon_opens_the_search_with_the_keyboard_up(page, server):
    open_on_phone(page, server)
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") == "site-search-input"  # focused: the phone's keyboard comes up
    page.keyboard.type("Lausanne")  # straight away, no second tap
    page.wait_for_selector(".md-search-result__item")
    screen(page, "phone-search-open")
    page.click(".md-search__form label.md-search__icon")  # the back arrow closes it
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") != "site-search-input"  # and puts the keyboard away


def test_on_a_desktop_the_search_field_in_the_header_still_opens_and_closes_as_before(page, server):
    page.goto(server + "/")
    assert not page.is_visible("label.md-header__button[for=__search]")  # no icon: the field is in the header
    page.click("#site-search-input")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("Dakar")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") != "site-search-input"


def test_more_results_grows_the_list_until_it_holds_every_page_counted(page, server):
    open_on_phone(page, server)
    search_for(page, "Nouakchott")
    total = page.evaluate("""async () => {
        const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
        return (await pagefind.search("Nouakchott")).results.length;
    }""")
    assert total > 2 * BATCH  # enough for two clicks
    items = page.query_selector_all(".md-search-result__item")
    assert len(items) == BATCH
    assert page.inner_text(".search-status") == said("en", "pages_shown", total, shown=BATCH)
    assert page.inner_text(".search-more") == said("en", "more_pages")
    assert page.get_attribute(".search-explore", "href").endswith("explore/?q=Nouakchott")  # every practice, with filters
    page.eval_on_selector(".search-more", "button => button.scrollIntoView({block: 'end'})")
    screen(page, "phone-search-first-batch")

    page.focus(".search-more")
    page.keyboard.press("Enter")  # by keyboard
    page.wait_for_function(f"document.querySelectorAll('.md-search-result__item').length === {2 * BATCH}")
    assert page.inner_text(".search-status") == said("en", "pages_shown", total, shown=2 * BATCH)
    # The keyboard goes on from the first new result.
    assert page.evaluate("(n) => document.activeElement.closest('li') === document.querySelectorAll('.md-search-result__item')[n]", BATCH)

    while page.is_visible(".search-more"):
        shown = len(page.query_selector_all(".md-search-result__item"))
        page.click(".search-more")
        page.wait_for_function(f"document.querySelectorAll('.md-search-result__item').length > {shown}")
    assert len(page.query_selector_all(".md-search-result__item")) == total
    assert page.inner_text(".search-status") == said("en", "pages", total)
    page.eval_on_selector(".md-search-result__item:last-child", "item => item.scrollIntoView()")
    screen(page, "phone-search-all-results")


def test_the_count_and_the_button_speak_the_pages_language(page, server):
    open_on_phone(page, server, "fr")
    search_for(page, "Nouakchott")
    status = page.inner_text(".search-status")
    total = int(re.search(r"(\d+) pages", status).group(1))
    assert status == said("fr", "pages_shown", total, shown=BATCH)  # "6 sur 52 pages trouvées"
    assert page.inner_text(".search-more") == said("fr", "more_pages")
    assert page.get_attribute(".search-status", "role") == "status"  # read out as it changes
    search_for(page, "CDMX")  # Mexico City and its practice: all listed, no button
    assert len(page.query_selector_all(".md-search-result__item")) == 2
    assert page.inner_text(".search-status") == said("fr", "pages", 2) and not page.is_visible(".search-more")
    page.fill("#site-search-input", "Okhmatdyt")  # a word no page holds
    page.wait_for_function("(words) => document.querySelector('.search-status').textContent === words", arg=said("fr", "no_pages"))
    assert page.query_selector_all(".md-search-result__item") == [] and not page.is_visible(".search-more")


def test_an_actors_page_comes_first_for_its_own_name_and_aliases(page, server):
    nouakchott = REGISTRY.actors["nouakchott-region"]
    cases = [
        ("en", "Lausanne", "lausanne"),
        ("en", "Nouakchott Region", "nouakchott-region"),
        ("en", "Dakar", "dakar"),  # not Dakar Region nor the Dakar Agglomeration Community
        ("en", "CUN", "urban-community-of-nouakchott"),  # an alias
        ("en", "CDMX", "mexico-city"),
        ("en", "Tunis", "tunis"),  # not Tunisia, whose name starts with it
        ("en", "UCLG", "uclg"),  # not UCLG Africa, also called UCLGA
        ("fr", nouakchott.name_in("fr"), "nouakchott-region"),
        ("fr", "region de nouakchott", "nouakchott-region"),  # typed without capitals or accents
        ("es", nouakchott.name_in("es"), "nouakchott-region"),
        ("es", "Lausana", "lausanne"),
        ("es", "ciudad de mexico", "mexico-city"),
    ]
    for language, words, actor in cases:
        open_on_phone(page, server, language)
        search_for(page, words)
        assert first_result(page) == actor_url(actor, language), (language, words)
    screen(page, "phone-search-actor-first")


def test_a_word_of_several_actors_names_brings_their_pages_before_the_practices(page, server):
    # No actor is named "Nouakchott": the weight of the names field brings both
    # actors whose names hold it above the practices that mention them.
    open_on_phone(page, server)
    search_for(page, "Nouakchott")
    top = [item.get_attribute("href") for item in page.query_selector_all(".md-search-result__item a")[:2]]
    assert sorted(top) == [actor_url("nouakchott-region", "en"), actor_url("urban-community-of-nouakchott", "en")]


def test_every_name_of_every_actor_brings_its_page_first_in_every_language(page, server):
    actors = REGISTRY.actors.values()
    wrong = []
    for language in LANGUAGES:
        cases = [[name, actor_url(actor.id, language)] for actor in actors for name in dict.fromkeys(actor.all_names())]
        page.goto(f"{server}/{site_folder(language)}")
        # The header search's own ranking, from the module the page loaded.
        answers = page.evaluate("""async (cases) => {
            const search = await import(document.querySelector('script[src$="javascripts/search.js"]').src);
            const firsts = [];
            for (const [name] of cases) {
                const found = await search.headerResults(name);
                firsts.push(found.length ? (await found[0].data()).url : null);
            }
            return firsts;
        }""", cases)
        wrong += [(language, name, url, first) for (name, url), first in zip(cases, answers) if first != url]
    assert wrong == []


def test_the_search_folds_names_as_the_registry_and_the_propose_form_do():
    # One rule, in javascripts/text.js, which tests/test_text.py checks against catalog/text.py.
    for script in ("search.js", "propose.js"):
        source = (ROOT / "docs" / "javascripts" / script).read_text(encoding="utf-8")
        assert 'import { folded } from "./text.js";' in source and "function folded(" not in source, script


def test_on_a_phone_the_closed_filters_sit_just_above_the_results(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server + "/explore/")
    page.wait_for_selector(".explore--ready")
    summary = page.query_selector(".explore__panel-summary").bounding_box()
    status = page.query_selector(".explore__status").bounding_box()
    gap = status["y"] - (summary["y"] + summary["height"])
    assert 0 < gap <= 20, gap  # one short gap (it was 56 px)
    screen(page, "phone-explore-filters-closed")
    page.click(".explore__panel-summary")
    assert page.is_visible("input[name=theme]")
    assert page.query_selector("input[name=theme]").bounding_box()["y"] > summary["y"] + summary["height"]  # below their line
    screen(page, "phone-explore-filters-open")
