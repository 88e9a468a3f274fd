"""Every page in the reader's language: each practice page of the French and Spanish
sites shows its story, its notes and its partners' notes in that language, with no
text marked as another language's and no notice; a practice whose original changes
says, in its translations, that they may be out of date, and that notice stays out
of search."""

from __future__ import annotations

from html import escape as html_escape
import re
import shutil

import pytest
from conftest import ROOT, TODAY, run_mkdocs, screenshot

from catalog import load_catalog
from catalog.i18n import Words
from catalog.languages import DEFAULT, LANGUAGES, site_folder
from catalog import schema as practice_schema

CATALOG = load_catalog(ROOT / "practices")


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_practice_page_is_in_the_readers_language(page, server, language):
    words = Words(language)
    headings = {section.heading_in(language) for section in practice_schema.body_sections()}
    for practice in CATALOG.practices:
        if practice.language == language:
            continue
        page.goto(f"{server}/{site_folder(language)}practices/{practice.slug}/")
        article = page.locator("article")
        assert page.locator(".practice-notice").count() == 0, practice.slug  # neither untranslated nor out of date
        foreign = article.locator(f"[lang]:not([lang='{language}'])")
        assert foreign.count() == 0, (practice.slug, foreign.first.inner_text()[:80])
        assert article.locator("h1").inner_text() == practice.text_in(language)[0]
        shown = {text.replace("¶", "").strip() for text in article.locator("h2").all_inner_texts()}
        assert {heading for heading in headings if f"## {heading}" in practice.translations[language].body} <= shown, practice.slug
        if article.locator("sup.citation").count():
            assert words("notes") in shown
        text = article.inner_text()
        for partner in practice.partners:
            if partner.note:
                note, written_in = practice.note_in(partner.actor.id, language)
                assert written_in == language and " ".join(note.split()) in " ".join(text.split()), (practice.slug, partner.actor.id)
    screenshot(page, f"practice-{language}")


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """The site built after an original's story changed, its translations left as they were."""
    project = tmp_path_factory.mktemp("changed") / "project"
    from catalog.testing import copy_site_sources

    copy_site_sources(ROOT, project)
    original = project / "practices" / "seine-saint-denis-covid-19-health-aid-to-ngazidja.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("## Lessons for other cities\n", "## Lessons for other cities\n\nA sentence added after the translations were made.\n", 1), encoding="utf-8")
    site = project.parent / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_a_translation_of_a_changed_original_says_it_may_be_out_of_date(changed_site, language):
    project, site = changed_site
    words = Words(language)
    html = (site / site_folder(language) / "practices" / "seine-saint-denis-covid-19-health-aid-to-ngazidja" / "index.html").read_text(encoding="utf-8")
    [notice] = re.findall(r'<p class="practice-notice practice-notice--outdated" data-pagefind-ignore>(.*?)</p>', html)
    assert html_escape(words("outdated.original")) in notice and 'href="../../../practices/seine-saint-denis-covid-19-health-aid-to-ngazidja/"' in notice
    other = (site / site_folder(language) / "practices" / "dakar-city-diplomacy-and-twinning" / "index.html").read_text(encoding="utf-8")
    assert "practice-notice" not in other  # only the changed one


def test_the_out_of_date_notice_is_not_found_by_search(changed_site, browser):
    """Pagefind's own index, read through its API in the French site: the notice's words find nothing."""
    import functools
    import http.server
    import threading

    from conftest import QuietHandler

    _, site = changed_site
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/fr/")
        found = tab.evaluate(
            """async () => { const pagefind = await import('/pagefind/pagefind.js');
                 const urls = async (query) => Promise.all((await pagefind.search(query)).results.map(async (r) => (await r.data()).url));
                 return { notice: await urls('antérieure'), story: await urls('Ngazidja') }; }"""
        )
        context.close()
    finally:
        httpd.shutdown()
    page = "/fr/practices/seine-saint-denis-covid-19-health-aid-to-ngazidja/"
    assert page in found["story"] and page not in found["notice"]


def test_the_translations_command_lists_the_out_of_date_translations(changed_site):
    import subprocess
    import sys

    project, _ = changed_site
    said = subprocess.run([sys.executable, str(ROOT / "scripts" / "translations.py"), "--lang", "fr", "--practices", str(project / "practices")], cwd=project, capture_output=True, text=True)
    assert said.returncode == 0
    outdated = [line for line in said.stdout.splitlines() if "pas à jour   practices/" in line]
    assert sorted(line.split()[3].rstrip(":") for line in outdated) == [f"practices/seine-saint-denis-covid-19-health-aid-to-ngazidja.{code}.md" for code in sorted(LANGUAGES[1:])]
