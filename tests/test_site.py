"""The real site, built as a maintainer builds it: strict, complete, and showing
on each page what the practice files say."""

from __future__ import annotations

import csv
import datetime
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_site_sources, run_mkdocs

from catalog import load_catalog, places
from catalog import schema as practice_schema
from catalog.audit import audit_site, linked_urls
from catalog.site import Site

CATALOG = load_catalog(ROOT / "practices")


def test_the_site_builds_strictly_without_a_warning(build):
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "ERROR" not in build.stderr, build.stderr
    assert f"{len(CATALOG.practices)} practices built in 3 languages, each on its page and in every index" in build.stderr


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def content(site: Path, url: str) -> str:
    """The article part of a page, without navigation and footer."""
    return re.search(r'<article class="md-content__inner.*?</article>', page(site, url), re.S).group(0)


def test_the_catalog_holds_the_case_studies_and_the_real_practices():
    assert {("Dakar", "SN"), ("Nouakchott Region", "MR"), ("Mexico City", "MX")} <= {(p.city, p.country) for p in CATALOG.practices}
    assert len(CATALOG.practices) >= 15
    # every practice with two or more sources cites each of them in its text
    for practice in CATALOG.practices:
        if len(practice.sources) > 1:
            assert all(f"[^{s.id}]" in practice.body for s in practice.sources), practice.slug


@pytest.mark.parametrize("practice", CATALOG.practices, ids=lambda p: p.slug)
def test_a_practice_page_shows_what_its_file_says(site, practice):
    article = content(site, f"practices/{practice.slug}")
    escaped = lambda value: html.escape(" ".join(value.split()))  # noqa: E731  (as the site escapes)
    assert f"<h1>{html.escape(practice.title)}</h1>" in article
    country = [places.country_name(practice.country)] if practice.country else []  # international bodies have none
    for value in [practice.city, places.region_name(practice.region), practice.last_reviewed, *country]:
        assert escaped(value) in article
    for theme in practice.themes:
        label = escaped(practice_schema.vocabulary("theme")[theme].label)
        assert re.search(f'<a href="../../themes/{theme}/"[^>]*>{re.escape(label)}</a>', article), theme
    for partner in practice.partners:
        assert escaped(partner.name) in article and escaped(partner.note) in article
    for source in practice.sources:
        assert escaped(source.title) in article
    for network in practice.networks:
        assert escaped(network.name) in article
    for heading in ("Context", "What was done", "Lessons for other cities"):
        assert f">{heading}<" in article
    assert f'<meta name="description" content="{html.escape(" ".join(practice.summary.split()))}">' in page(site, f"practices/{practice.slug}")


def test_practices_stay_out_of_the_navigation(site):
    about = page(site, "about")  # a page whose text links to no practice: only a nav could
    assert 'href="../practices/"' in about  # the nav leads to the list of practices
    for practice in CATALOG.practices:
        assert practice.slug not in about


def test_the_list_of_practices_groups_them_by_region(site):
    article = content(site, "practices")
    africa, latin_america = article.index('id="africa"'), article.index('id="latin-america"')
    dakar = article.index("Dakar: city diplomacy")
    mexico = article.index("Mexico City: capital-city status")
    assert africa < dakar < latin_america < mexico


def test_theme_and_suggestion_pages_list_their_practices(site):
    twinning = content(site, "themes/twinning")
    assert "dakar-city-diplomacy-and-twinning" in twinning and "mexico-city" not in twinning
    suggestions = content(site, "suggestions")
    for slug in practice_schema.vocabulary("recommendation"):
        assert f'href="../suggestions/{slug}/"' in suggestions
    assert "Betancur" in suggestions
    assert "dakar-city-diplomacy-and-twinning" in content(site, "suggestions/political-support")


def locate_in(site: Path):
    def locate(src_uri: str) -> tuple[Path, str]:
        url = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
        url = url + "/" if url else ""
        return site / url / "index.html", url

    return locate


PAGES = Site(CATALOG).pages()


def test_the_nothing_lost_check_passes_on_the_real_site(site):
    assert audit_site(CATALOG, PAGES, sorted((ROOT / "practices").iterdir()), site, locate_in(site)) == []


def test_the_nothing_lost_check_catches_a_missing_page_and_a_missing_entry(site, tmp_path):
    damaged = tmp_path / "site"
    shutil.copytree(site, damaged)
    (damaged / "practices" / "mexico-city-capital-status-and-city-networks" / "index.html").unlink()
    listing = damaged / "practices" / "index.html"
    listing.write_text(listing.read_text().replace('href="../practices/dakar-city-diplomacy-and-twinning/"', 'href="#"'))
    (damaged / "practices.csv").write_text((damaged / "practices.csv").read_text().rsplit("\n", 2)[0] + "\n")
    world = damaged / "map" / "index.html"
    world.write_text(world.read_text().replace('data-place="dakar"', 'data-place="elsewhere"'))
    problems = audit_site(CATALOG, PAGES, sorted((ROOT / "practices").iterdir()), damaged, locate_in(damaged))
    assert any("mexico-city-capital-status-and-city-networks.md: no page was written" in p for p in problems)
    assert "practices/index.md does not list 1 practice(s): dakar-city-diplomacy-and-twinning." in problems
    assert f"practices.csv has {len(CATALOG.practices) - 1} records for {len(CATALOG.practices)} practices." in problems
    assert "map.md does not mark exactly the places with coordinates; it differs on: dakar, elsewhere." in problems


def test_a_broken_practice_fails_the_build_with_the_validators_message(project_copy, tmp_path):
    shutil.copy(FIXTURES / "invalid" / "misspelt-theme.md", project_copy / "practices" / "misspelt-theme.md")
    shutil.copy(FIXTURES / "invalid" / "colon-in-title.md", project_copy / "practices" / "colon-in-title.md")
    result = run_mkdocs(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert 'practices/misspelt-theme.md:5: themes[1]: "twining" is not a known theme. Did you mean "twinning"?' in result.stderr
    assert "practices/colon-in-title.md:2: title: this line has a colon (:)" in result.stderr
    assert "2 problem(s) in practice files" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_the_site_generator_would_skip_fails_the_build(project_copy, tmp_path):
    shutil.copy(FIXTURES / "valid" / "minimal-practice.md", project_copy / "practices" / "Upper.MD")
    result = run_mkdocs(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert 'practices/Upper.MD:1: file name: "Upper.MD" is not a valid practice file name' in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_link_in_a_practice_fails_the_strict_build(project_copy, tmp_path):
    practice = project_copy / "practices" / "dakar-city-diplomacy-and-twinning.md"
    practice.write_text(practice.read_text().replace("## Challenges", "See [the plan](no-such-page.md).\n\n## Challenges"))
    result = run_mkdocs(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr


@pytest.mark.parametrize(
    ("page", "verbosity"),
    # Each language and each verbosity once; English with -q is how the warnings were once lost.
    [("about.md", ["-q"]), ("fr/about.md", ["-v"]), ("es/about.md", [])],
    ids=["english-quiet", "french-verbose", "spanish-plain"],
)
def test_a_broken_link_in_a_hand_written_page_fails_the_strict_build_whatever_the_verbosity_and_language(project_copy, tmp_path, page, verbosity):
    about = project_copy / "docs" / page
    about.write_text(about.read_text() + "\nSee [nowhere](no-such-page.md).\n")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", *verbosity, "--config-file", str(project_copy / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600,
    )
    assert result.returncode != 0, result.stderr
    assert "no-such-page.md" in result.stderr  # said, even under -q


def test_every_internal_link_of_the_site_leads_to_a_page(site):
    broken = []
    for written in site.rglob("*.html"):
        url = written.parent.relative_to(site).as_posix() + "/" if written.name == "index.html" else written.relative_to(site).as_posix()
        url = "" if url == "./" else url
        for target in linked_urls(written.read_text(encoding="utf-8"), url):
            if not ((site / target / "index.html").is_file() or (site / target).is_file()):
                broken.append(f"{url} -> {target}")
    assert broken == []


def test_the_practice_format_page_shows_every_field_and_value_of_the_schema(site):
    article = content(site, "format")
    schema = practice_schema.schema()
    fields = list(schema["properties"]) + list(schema["$defs"]["source"]["properties"]) + list(schema["$defs"]["partner"]["properties"])
    for name in fields:
        assert f"<code>{name}</code>" in article, name
    for vocabulary in ("theme", "relation", "level", "status", "recommendation", "sdg"):
        for term in practice_schema.vocabulary(vocabulary).values():
            assert f"<code>{term.value}</code>" in article and html.escape(term.label) in article, term
    for section in practice_schema.body_sections():
        assert f"<code>## {section.heading}</code>" in article
    assert json.loads((site / "practice.schema.json").read_text()) == schema


def test_every_page_footer_links_to_the_open_data(site):
    for written in [site / "index.html", site / "practices" / "dakar-city-diplomacy-and-twinning" / "index.html", site / "map" / "index.html"]:
        assert re.search(r'<a href="(\.\./)*open-data/">Open data</a>', written.read_text())


def test_each_export_has_exactly_one_record_per_practice(site):
    slugs = sorted(p.slug for p in CATALOG.practices)
    records = json.loads((site / "practices.json").read_text())["practices"]
    assert sorted(r["slug"] for r in records) == slugs
    dakar = next(r for r in records if r["slug"] == "dakar-city-diplomacy-and-twinning")
    assert dakar["url"] == "practices/dakar-city-diplomacy-and-twinning/" and dakar["region_name"] == "Africa"
    named = next(p for p in CATALOG.practices if p.slug == dakar["slug"])
    assert dakar["city_id"] == "dakar" and dakar["city_url"] == "actors/dakar/" and dakar["networks"] == [n.id for n in named.networks] != []
    assert (dakar["partners"][0]["id"], dakar["partners"][0]["name"], dakar["partners"][0]["url"]) == ("guangzhou", "Guangzhou", "actors/guangzhou/")
    with open(site / "practices.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(row["slug"] for row in rows) == slugs
    assert next(r for r in rows if r["slug"] == dakar["slug"])["themes"] == " | ".join(dakar["themes"])
    with open(site / "partners.csv", encoding="utf-8-sig", newline="") as stream:
        links = list(csv.DictReader(stream))
    assert sorted((row["practice"], row["partner"]) for row in links) == sorted((p.slug, partner.name) for p in CATALOG.practices for partner in p.partners)
    features = json.loads((site / "practices.geojson").read_text())["features"]
    assert sorted(f["id"] for f in features) == slugs
    actors = json.loads((site / "actors.json").read_text())["actors"]
    mexico = next(a for a in actors if a["id"] == "mexico-city")
    assert mexico["names"]["es"] == "Ciudad de México" and "CDMX" in mexico["aliases"] and mexico["country"] == "MX"
    region = next(a for a in actors if a["id"] == "nouakchott-region")
    assert (region["predecessor"], region["predecessor_year"]) == ("urban-community-of-nouakchott", 2018)
    with open(site / "actors.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    assert set(rows) == {a["id"] for a in actors} and rows["mexico-city"]["name_es"] == "Ciudad de México"
    assert next(f for f in features if f["id"] == dakar["slug"])["geometry"] == {"type": "Point", "coordinates": [-17.45, 14.69]}
    feed = ElementTree.parse(site / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(slugs)
    assert len({entry.find("{http://www.w3.org/2005/Atom}id").text for entry in entries}) == len(slugs)


def test_the_open_data_page_lists_every_file_and_csv_column(site):
    article = content(site, "open-data")
    for name in ("practices.xlsx", "practices.json", "practices.csv", "partners.csv", "practices.geojson", "actors.json", "actors.csv", "feed.xml", "practice.schema.json", "actor.schema.json"):
        assert f'href="../{name}"' in article and (site / name).is_file()
    for data in ("practices.csv", "partners.csv", "actors.csv"):
        with open(site / data, encoding="utf-8-sig", newline="") as stream:
            for column in next(csv.reader(stream)):
                assert f"<code>{column}</code>" in article


def test_a_partner_has_a_page_that_shows_who_names_it(site):
    guangzhou = content(site, "actors/guangzhou")
    assert "Practices that name Guangzhou as a partner" in guangzhou
    assert 'href="../../actors/dakar/"' in guangzhou and "Solidarity aid" in guangzhou
    dakar = content(site, "actors/dakar")
    assert "Partners named by Dakar" in dakar and 'href="../../actors/guangzhou/"' in dakar
    assert "dakar-city-diplomacy-and-twinning" in dakar
    china = content(site, "countries/cn")
    guangzhou_practices = sum(p.actor.id == "guangzhou" for p in CATALOG.practices)
    assert 'href="../../actors/guangzhou/"' in china and f"{guangzhou_practices} practices" in china


def test_the_cooperation_page_groups_links_by_relation(site):
    cooperation = content(site, "cooperation")
    assert 'id="solidarity-aid"' in cooperation
    assert cooperation.count("→") == sum(len(p.partners) for p in CATALOG.practices)


def test_each_practice_page_ends_with_related_practices(site):
    dakar = content(site, "practices/dakar-city-diplomacy-and-twinning")
    related = dakar[dakar.index('class="related-practices"') :]
    # practices with the same city or partners come first
    assert "dakar-nouakchott-twinning-agreement" in related and "dakar-municipal-finance-programme-and-bond" in related


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory) -> Path:
    """The site as a maintainer would publish it (with a site_url, built with no
    SOURCE_DATE_EPOCH), from a registry where one region has no coordinates."""
    folder = tmp_path_factory.mktemp("variant")
    project = folder / "project"
    copy_site_sources(project)
    actor = project / "actors" / "ile-de-france-region.md"
    actor.write_text(re.sub(r"\ncoordinates: .*", "", actor.read_text()))
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://example.org/\n" + config.read_text())
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--config-file", str(config), "--site-dir", str(folder / "site")],
        capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"}, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_the_map_lists_places_without_coordinates_beside_it(variant_site):
    html_text = (variant_site / "map" / "index.html").read_text()
    unplaced = html_text[html_text.index('class="world-map__unplaced"') :]
    assert "actors/ile-de-france-region/" in unplaced[: unplaced.index("</ul>")]


def test_sitemap_dates_come_from_the_content_not_the_day_of_the_build(variant_site):
    sitemap = (variant_site / "sitemap.xml").read_text()
    entries = dict(re.findall(r"<loc>https://example.org/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    for practice in CATALOG.practices:
        assert entries[f"practices/{practice.slug}/"] == practice.last_reviewed
    assert entries["about/"] == max(p.last_reviewed for p in CATALOG.practices)
    with gzip.open(variant_site / "sitemap.xml.gz") as packed:
        assert packed.read().decode() == sitemap
    newest = datetime.datetime.fromisoformat(max(p.last_reviewed for p in CATALOG.practices)).replace(tzinfo=datetime.timezone.utc)
    assert int.from_bytes((variant_site / "sitemap.xml.gz").read_bytes()[4:8], "little") == newest.timestamp()  # gzip's mtime


def test_a_build_on_another_day_gives_the_same_bytes(site, tmp_path):
    # Without SOURCE_DATE_EPOCH, the build takes its dates from the content: a build
    # of the same tree months later is identical, but for Pagefind's filter and
    # metadata files, which it writes in a per-process order (Pagefind issue 638).
    faketime = shutil.which("faketime")
    if not faketime:
        message = "faketime is not installed: install Debian's package (apt-get install faketime) to run this test."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    later = tmp_path / "site"
    result = subprocess.run(
        [faketime, "2031-06-15 12:00:00", str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(later)],
        capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"}, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    unstable = re.compile(r"(^|/)pagefind/(filter/.*|pagefind\..*\.pf_meta|pagefind-entry\.json)$")

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and not unstable.search(p.relative_to(root).as_posix())}

    now, then = files(site), files(later)
    assert sorted(now) == sorted(then)
    assert [name for name in now if now[name] != then[name]] == []


@pytest.mark.parametrize("prefix", ["", "fr/", "es/"])
def test_the_licences_are_named_on_the_about_and_open_data_pages_and_in_the_data(site, prefix):
    about, data = content(site, f"{prefix}about"), content(site, f"{prefix}open-data")
    assert "CC BY 4.0" in about and "MIT" in about
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in data
    for name in ("practices.json", "actors.json", "practices.geojson"):
        assert json.loads((site / name).read_text())["license"] == "CC-BY-4.0"
    metadata = json.loads((site / "csv-metadata.json").read_text())
    assert metadata["dc:license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [table["url"] for table in metadata["tables"]] == ["practices.csv", "partners.csv", "actors.csv"]
    assert re.search(r"<(\w+:)?rights>CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/</", (site / "feed.xml").read_text())
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_contribute_page_leads_to_the_repository_when_its_address_is_configured():
    from catalog.i18n import Words
    from catalog.reference import contribute_page

    text = (ROOT / "CONTRIBUTING.fr.md").read_text(encoding="utf-8")
    configured = contribute_page(text, Words("fr"), "https://github.com/example/city-diplomacy")
    fragments = "".join(configured.fragments.values())
    assert '<a href="https://github.com/example/city-diplomacy/tree/HEAD/practices">practices</a>' in fragments
    unconfigured = "".join(contribute_page(text, Words("fr"), None).fragments.values())
    assert "repo_url" in unconfigured and "github.com" not in unconfigured
    assert "approuve" in text or "autorise" in text  # first-time contributors wait for a maintainer
    assert "py scripts\\dev.py new" in text  # the Windows line
