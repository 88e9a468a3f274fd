"""What two actors did together: a page per linked pair of actors (a practice of
one names the other as a partner), its practices year by year, linked from both
actor pages, in every language."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from conftest import REGISTRY, ROOT, copy_site_sources, run_mkdocs, screenshot

from catalog.audit import linked_urls
from catalog.i18n import LANGUAGES, Words
from catalog.languages import site_folder
from catalog.pair_pages import title_key
from catalog.testing import synthetic_practice


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def is_translation(path: Path) -> bool:
    return any(path.name.endswith(f".{code}.md") for code in LANGUAGES)


PRACTICES = {path.stem: front_matter(path) for path in sorted((ROOT / "practices").glob("*.md")) if not is_translation(path)}


def linked_pairs(practices: dict[str, dict]) -> dict[tuple[str, str], list[str]]:
    """Read from the practices' own files: who carried each out (city) and whom it
    names as partners; each lead and partner, two actor ids in order, with the
    practices that link them."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for slug, meta in practices.items():
        lead = REGISTRY.find(meta["city"]).id
        for partner in meta.get("partners", []):
            pairs.setdefault(tuple(sorted((lead, REGISTRY.find(partner["name"]).id))), []).append(slug)
    return pairs


PAIRS = linked_pairs(PRACTICES)


def article(site: Path, url: str) -> str:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    return re.search(r'<article class="md-content__inner.*?</article>', text, re.S).group(0)


def text_of(fragment: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def pair_pages_written(site: Path) -> set[tuple[str, str]]:
    return {(page.parent.parent.name, page.parent.name) for page in (site / "cooperation").glob("*/*/index.html")}


def practices_in_order(page: str) -> list[str]:
    """The practices a pair page lists, in the order it lists them."""
    return re.findall(r'href="(?:\.\./)+practices/([a-z0-9-]+)/"', page)


def in_timeline_order(slugs: list[str], practices: dict[str, dict]) -> list[str]:
    year = lambda slug: practices[slug].get("start_year") or practices[slug].get("end_year")  # noqa: E731
    return sorted(slugs, key=lambda slug: (year(slug) is None, year(slug) or 0, slug))


# --- the real catalog ---------------------------------------------------------------


def test_every_lead_and_partner_of_a_practice_have_their_page_in_every_language_and_no_one_else(site):
    assert ("lausanne", "nouakchott-region") in PAIRS and len(PAIRS) > 20
    for code in LANGUAGES:
        assert pair_pages_written(site / site_folder(code)) == set(PAIRS), code


def test_both_actor_pages_link_to_their_pair_pages(site):
    for first, second in PAIRS:
        for actor, other in ((first, second), (second, first)):
            page = article(site, f"actors/{actor}")
            link = re.search(rf'<a href="\.\./\.\./cooperation/{first}/{second}/">([^<]*)</a>', page)
            assert link, f"actors/{actor} does not link to the page of {first} and {second}"
            assert html.unescape(link.group(1)) == f"With {REGISTRY.actors[other].name}"
    assert 'id="together"' in article(site, "actors/lausanne") and ">Together with each partner</h2>" in article(site, "actors/lausanne")


def test_the_lausanne_and_nouakchott_region_page_lists_its_practices_year_by_year(site):
    page = article(site, "cooperation/lausanne/nouakchott-region")
    expected = in_timeline_order(PAIRS[("lausanne", "nouakchott-region")], PRACTICES)
    assert practices_in_order(page) == expected
    # the one without years comes last, after a sentence that says so
    undated = [slug for slug in expected if not (PRACTICES[slug].get("start_year") or PRACTICES[slug].get("end_year"))]
    assert undated and expected[-len(undated):] == undated
    assert page.index("Without years") < page.index(f"practices/{undated[0]}/")
    dated = [PRACTICES[slug]["start_year"] for slug in expected if slug not in undated]
    assert f"{len(expected)} practices between {min(dated)} and {max(dated)}." in text_of(page)
    # each with its title, its years, who named whom as what, and the note on the partner
    lausanne = PRACTICES["lausanne-solidarity-water-fund-nouakchott"]
    note = next(p["note"] for p in lausanne["partners"] if p["name"] == "nouakchott-region")
    assert f"since {lausanne['start_year']}" in text_of(page)
    assert f"{lausanne['title']} Lausanne → Nouakchott Region: Decentralised cooperation — {' '.join(note.split())}" in text_of(page)
    # the heading names both and links to their pages
    heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert text_of(heading) == "Lausanne and Nouakchott Region"
    assert linked_urls(heading, "cooperation/lausanne/nouakchott-region/") == {"actors/lausanne/", "actors/nouakchott-region/"}


def test_the_pair_through_a_predecessor_is_its_own_and_both_link_to_each_other(site):
    # Lausanne named the Urban Community of Nouakchott, which the Region replaced: as on
    # the actor pages, that link stays the predecessor's, and each pair page leads to the other.
    assert ("lausanne", "urban-community-of-nouakchott") in PAIRS
    region = article(site, "cooperation/lausanne/nouakchott-region")
    community = article(site, "cooperation/lausanne/urban-community-of-nouakchott")
    assert 'href="../../../cooperation/lausanne/urban-community-of-nouakchott/"' in region
    assert 'href="../../../cooperation/lausanne/nouakchott-region/"' in community
    assert practices_in_order(community) == PAIRS[("lausanne", "urban-community-of-nouakchott")]


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_headings_use_the_actors_names_in_the_pages_language(site, code):
    names = {actor_id: front_matter(ROOT / "actors" / f"{actor_id}.md").get("names", {}) for actor_id in ("lausanne", "nouakchott-region")}
    lausanne = names["lausanne"].get(code, "Lausanne")
    region = names["nouakchott-region"][code]
    words = Words(code)
    page = article(site / site_folder(code), "cooperation/lausanne/nouakchott-region")
    assert text_of(re.search(r"<h1>(.*?)</h1>", page).group(1)) == words("pair.title", first=lausanne, second=region)
    assert f"<title>{html.escape(words('pair.title', first=lausanne, second=region))} - " in (site / site_folder(code) / "cooperation/lausanne/nouakchott-region/index.html").read_text(encoding="utf-8")
    assert region != "Nouakchott Region" and words("pair.section") in article(site / site_folder(code), "actors/lausanne")


def test_pair_pages_link_only_to_pages_that_exist_and_stay_out_of_the_navigation(site):
    for first, second in PAIRS:
        url = f"cooperation/{first}/{second}/"
        for target in linked_urls(article(site, url), url):
            assert (site / target / "index.html").is_file() or (site / target).is_file(), f"{url} links to {target}, which does not exist"
    about = (site / "about" / "index.html").read_text(encoding="utf-8")  # a page whose text links to no pair: only a nav could
    assert "cooperation/lausanne/" not in about


def test_spanish_writes_e_for_and_before_the_sound_i():
    words = Words("es")
    for second, joined in (("Ibagué", "Cali e Ibagué"), ("Hilo", "Cali e Hilo"), ("Hierápolis", "Cali y Hierápolis"), ("Yopal", "Cali y Yopal")):
        assert words(title_key(second), first="Cali", second=second) == joined
    assert Words("en")(title_key("Ibagué"), first="Cali", second="Ibagué") == "Cali and Ibagué"


def test_a_pair_page_is_found_by_search_and_reads_on_a_phone_and_a_desktop(page, server):
    url = "/cooperation/lausanne/nouakchott-region/"
    for width, height, device in ((390, 844, "phone"), (1280, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(server + url)
        assert page.locator("h1").inner_text().split() == "Lausanne and Nouakchott Region".split()
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
        screenshot(page, f"pair-page-{device}")
    found = page.evaluate(
        """async () => { const pagefind = await import('/pagefind/pagefind.js');
             const search = await pagefind.search('Lausanne Nouakchott');
             return Promise.all(search.results.map(async (r) => (await r.data()).url)); }"""
    )
    assert url in found


# --- a catalog of one's own ---------------------------------------------------------


def practice_file(index: int, title: str, city: str, partners: list[str], years: dict) -> str:
    """A valid practice (the benchmark's), carried out by `city`, naming `partners`, with these years."""
    _, front, body = synthetic_practice(index).split("---\n", 2)
    meta = yaml.safe_load(front)
    meta.pop("start_year", None)
    meta.pop("end_year", None)
    meta.update(title=title, city=city, partners=[{"name": name, "relation": "twinning", "note": f"{title}: {name}'s part."} for name in partners], **years)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


SYNTHETIC = {
    "thies-water": ("Thiès and Ziguinchor share water engineers", "Thiès", ["Ziguinchor"], {"start_year": 2015, "end_year": 2018}),
    "ziguinchor-health": ("Ziguinchor sends nurses to Thiès", "Ziguinchor", ["Thiès"], {}),
    "thies-archives": ("Thiès and Ziguinchor close their joint archive", "Thiès", ["Ziguinchor"], {"end_year": 2012}),
    "thies-festival": ("Thiès invites Ziguinchor and Dakar to its festival", "Thiès", ["Ziguinchor", "Dakar"], {"start_year": 2020}),
}


@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> Path:
    """The site with two new towns and four practices between them: one with both
    years, one with an end year only, one naming two partners, one without years."""
    folder = tmp_path_factory.mktemp("pairs")
    project = folder / "project"
    copy_site_sources(project)
    for actor_id, name in (("thies", "Thiès"), ("ziguinchor", "Ziguinchor")):
        (project / "actors" / f"{actor_id}.md").write_text(f"---\nname: {name}\nkind: municipality\ncountry: SN\n---\n", encoding="utf-8")
    for index, (slug, (title, city, partners, years)) in enumerate(SYNTHETIC.items()):
        (project / "practices" / f"{slug}.md").write_text(practice_file(index, title, city, partners, years), encoding="utf-8")
    result = run_mkdocs(project, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_a_practice_without_years_comes_last_and_is_said_to_have_none(own_site):
    page = article(own_site, "cooperation/thies/ziguinchor")
    # by start year, else end year; the one without years last, under its sentence
    assert practices_in_order(page) == ["thies-archives", "thies-water", "thies-festival", "ziguinchor-health"]
    assert page.index("until 2012") < page.index("2015–2018") < page.index("since 2020") < page.index("Without years") < page.index("practices/ziguinchor-health/")
    assert "4 practices between 2012 and 2020." in text_of(page)
    assert "Ziguinchor → Thiès: Twinning — Ziguinchor sends nurses to Thiès: Thiès's part." in text_of(page)
    # both towns' pages lead there, with what the pair page sums up
    for town, other in (("thies", "Ziguinchor"), ("ziguinchor", "Thiès")):
        assert f">With {other}</a>: 4 practices between 2012 and 2020</li>" in article(own_site, f"actors/{town}")


def test_two_partners_of_one_practice_are_not_a_pair_but_each_is_paired_with_its_lead(own_site):
    assert (own_site / "cooperation" / "dakar" / "thies" / "index.html").is_file()
    assert practices_in_order(article(own_site, "cooperation/dakar/thies")) == ["thies-festival"]
    assert not (own_site / "cooperation" / "dakar" / "ziguinchor").exists()
    assert "cooperation/dakar/ziguinchor/" not in article(own_site, "actors/dakar")
    # in every language
    for code in LANGUAGES[1:]:
        assert (own_site / site_folder(code) / "cooperation" / "thies" / "ziguinchor" / "index.html").is_file()
