"""The Propose-a-practice form (contribute/propose/), used as a contributor uses it,
in Chromium: filled in English, French and Spanish, its file downloaded and then
accepted by the validator; a draft kept across a reload; every limit of the
schema producing the validator's own message; the GitHub and email links, and
GitHub's size limit. No test follows a link off this machine."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import subprocess
import sys
import threading
import unicodedata
import zipfile
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ARTIFACTS, REGISTRY, ROOT, TODAY, QuietHandler, copy_site_sources, run_mkdocs, screenshot

from catalog import proposal, validation
from catalog.problems import translated

PREFIX = {"en": "/", "fr": "/fr/", "es": "/es/"}
ACTOR_IDS = sorted(REGISTRY.actors)
DRAFT_KEY = "city-diplomacy-exchange:propose-draft"
REPOSITORY = "https://github.com/example/city-diplomacy"
EMAIL = "proposals@example.org"

TEXTS = {
    "en": {
        "title": "Ziguinchor: a twinning that trains water technicians",
        "summary": "The town of Ziguinchor and its partner city Guangzhou trained water technicians together, a test practice written with the form.",
        "sections": ["The town looked abroad for skills it lacked.", "Technicians from both cities trained together.", "", "", "Start with one service and one partner."],
    },
    "fr": {
        "title": "Ziguinchor : un jumelage qui forme des techniciens de l'eau",
        "summary": "La commune de Ziguinchor et sa ville partenaire Guangzhou ont formé ensemble des techniciens de l'eau, pratique de test écrite avec le formulaire.",
        "sections": ["La commune a cherché à l'étranger des compétences qui lui manquaient.", "Des techniciens des deux villes se sont formés ensemble.", "", "", "Commencer par un service et un partenaire."],
    },
    "es": {
        "title": "Ziguinchor: un hermanamiento que forma técnicos del agua",
        "summary": "El municipio de Ziguinchor y su ciudad socia Guangzhou formaron juntos técnicos del agua, una práctica de prueba escrita con el formulario.",
        "sections": ["El municipio buscó en el extranjero competencias que le faltaban.", "Técnicos de ambas ciudades se formaron juntos.", "", "", "Empezar por un servicio y un socio."],
    },
}


def type_in(page, selector: str, value: str) -> None:
    """Fill a field and leave it, closing any list of suggestions it opened."""
    page.fill(selector, value)
    page.evaluate("document.activeElement.blur()")


def open_form(page, server: str, language: str = "en", query: str = ""):
    page.goto(f"{server}{PREFIX[language]}contribute/propose/{query}")
    page.wait_for_selector(".propose--ready")


def fill_practice(page, language: str) -> None:
    """A complete practice: a new actor as the city, one known partner, two
    sources, each cited in the text."""
    text = TEXTS[language]
    page.fill("#f-title", text["title"])
    page.fill("#f-summary", text["summary"])
    page.fill("#f-city", "Ziguinchor")
    page.select_option("#a-ziguinchor-kind", "municipality")
    page.select_option("#a-ziguinchor-country", "SN")
    page.fill(f"#a-ziguinchor-names-{'fr' if language != 'fr' else 'es'}", "Ziguinchor")
    page.check("#f-themes-twinning")
    page.check("#f-themes-capacity-building")
    page.check("#f-sdgs-6")
    page.fill("#f-start_year", "2019")
    page.click("#f-partners-add")
    page.fill("#f-partners-0-name", "Guangzhou")
    page.select_option("#f-partners-0-relation", "twinning")
    page.fill("#f-partners-0-note", "Sent trainers to Ziguinchor.")
    page.fill("#f-sources-0-title", "Water training between twinned cities")
    page.fill("#f-sources-0-publisher", "Ziguinchor town hall")
    page.fill("#f-sources-0-date", "2021-02")
    page.fill("#f-sources-0-url", "https://example.org/ziguinchor")
    page.click("#f-sources-add")
    page.fill("#f-sources-1-title", "Annual report of the partnership")
    page.fill("#f-sources-1-publisher", "Guangzhou Foreign Affairs Office")
    page.fill("#f-sources-1-date", "2022")
    cite = page.query_selector_all(".propose__cite-button")
    assert [b.inner_text() for b in cite] == ["[^ziguinchor-town-hall-2021]", "[^guangzhou-foreign-affairs-2022]"]
    for index, sentence in enumerate(text["sections"]):
        if not sentence:
            continue
        page.fill(f"#f-section-{index}", sentence)
        page.click(f"#f-section-{index}")
        page.keyboard.press("End")
        page.click(".propose__cite-button >> nth=%d" % (index % 2))


def agree(page) -> None:
    """Tick the box agreeing to the licence: the files may leave the page."""
    page.check("#f-consent")


def downloaded(page, folder) -> tuple[str, dict[str, str]]:
    """The form's one download, put into a project folder: its name, and the files
    it holds by their paths. A practice alone comes as its file; with new actors, as
    a ZIP archive of the files at their paths, which Python's zipfile opens."""
    with page.expect_download() as download:
        page.click("#propose-download")
    name = download.value.suggested_filename
    if name.endswith(".md"):
        download.value.save_as(folder / "practices" / name)
        return name, {f"practices/{name}": (folder / "practices" / name).read_text(encoding="utf-8")}
    archive = folder.parent / name
    download.value.save_as(archive)
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None  # every entry's CRC-32 is right
        assert all(entry.compress_type == zipfile.ZIP_STORED and entry.flag_bits & 0x800 for entry in opened.infolist())  # stored, UTF-8 names
        opened.extractall(folder)
        return name, {entry.filename: opened.read(entry).decode("utf-8") for entry in opened.infolist()}


def written_files(page, folder) -> dict[str, str]:
    """The files the form writes, downloaded into a project folder."""
    return downloaded(page, folder)[1]


def validate(project, paths: list[str], language: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "--lang", language, *paths], cwd=project, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_practice_filled_in_the_form_is_accepted_by_the_validator(page, server, tmp_path, language):
    copy_site_sources(tmp_path / "project")
    open_form(page, server, language)
    fill_practice(page, language)
    page.click("#propose-check")
    shown = [(error.get_attribute("id"), error.inner_text()) for error in page.query_selector_all(".propose__error:not([hidden])")]
    assert shown == []
    assert page.inner_text(".propose__summary") == json.loads((ROOT / "catalog" / "locales" / f"{language}.json").read_text())["propose.ready"]
    agree(page)
    name, files = downloaded(page, tmp_path / "project")
    slug = validation.suggested_slug(TEXTS[language]["title"])
    assert name == f"proposal-{slug}.zip" and sorted(files) == ["actors/ziguinchor.md", f"practices/{slug}.md"]  # those files, nothing else
    assert page.inner_text("#propose-download") == locale(language)["propose.download.all"].format(n=2)
    practice = files[f"practices/{slug}.md"]
    assert practice == page.eval_on_selector(".propose__file code", "code => code.textContent")  # what the preview shows
    assert "city: ziguinchor\n" in practice and "  - name: guangzhou\n" in practice
    assert "[^ziguinchor-town-hall-2021]" in practice and "[^guangzhou-foreign-affairs-2022]" in practice
    assert ("language: " + language in practice) == (language != "en")
    assert files["actors/ziguinchor.md"].count("country: SN") == 1
    result = validate(tmp_path / "project", list(files), language)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    screenshot(page, f"propose-filled-{language}" if language != "en" else "propose-desktop")


def preview(page) -> list[str]:
    """The files the form shows, as it would write them."""
    return page.eval_on_selector_all(".propose__file code", "codes => codes.map(code => code.textContent)")


def markers_and_sources(practice: str) -> tuple[list[str], list[str]]:
    """The ids the story cites, and the ids of the sources a practice file lists."""
    front, story = practice.split("\n---\n", 1)
    return re.findall(r"\[\^([^\]\s]+)\]", story), re.findall(r"^  - id: (\S+)$", front, re.M)


CORRECTED = {  # the first source's title, publisher and date, corrected after the story cites it
    "fr": ("Formation à l'eau entre villes jumelées", "Mairie de Ziguinchor", "2020-11"),
    "es": ("Formación en agua entre ciudades hermanadas", "Alcaldía de Ziguinchor", "2020-11"),
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_source_corrected_after_the_story_cites_it_keeps_its_id_and_every_marker_still_cites_a_source(page, server, tmp_path, language):
    copy_site_sources(tmp_path / "project")
    open_form(page, server, language)
    fill_practice(page, language)
    ids = ["ziguinchor-town-hall-2021", "guangzhou-foreign-affairs-2022"]
    # Cited, each automatic id became the source's own, shown in its field.
    assert [page.input_value(f"#f-sources-{index}-id") for index in (0, 1)] == ids
    title, publisher, date = CORRECTED[language]
    type_in(page, "#f-sources-0-title", title)
    type_in(page, "#f-sources-0-publisher", publisher)
    type_in(page, "#f-sources-0-date", date)
    cited, listed = markers_and_sources(preview(page)[0])
    assert listed == ids and set(cited) == set(ids)
    # A source the story does not cite yet still takes its id from its title and year.
    page.click("#f-sources-add")
    type_in(page, "#f-sources-2-title", "Compte rendu du conseil municipal")
    type_in(page, "#f-sources-2-date", "2023")
    assert page.get_attribute("#f-sources-2-id", "placeholder") == "compte-rendu-du-2023"
    type_in(page, "#f-sources-2-title", "Délibération du conseil municipal")
    assert page.get_attribute("#f-sources-2-id", "placeholder") == "deliberation-du-conseil-2023"
    # Cited by a marker typed by hand, it keeps that id too.
    type_in(page, "#f-section-2", "Le conseil a voté le budget.[^deliberation-du-conseil-2023]")
    type_in(page, "#f-sources-2-date", "2024")
    assert page.input_value("#f-sources-2-id") == "deliberation-du-conseil-2023"
    # An id the contributor changes in its field: the markers follow it.
    type_in(page, "#f-sources-1-id", "rapport-annuel")
    cited, listed = markers_and_sources(preview(page)[0])
    assert listed == [ids[0], "rapport-annuel", "deliberation-du-conseil-2023"]
    assert set(cited) == set(listed) and "[^rapport-annuel]" in page.input_value("#f-section-1")
    # Changed into another source's id, it is refused by the check and the markers stay.
    type_in(page, "#f-sources-1-id", ids[0])
    assert "[^rapport-annuel]" in page.input_value("#f-section-1")
    type_in(page, "#f-sources-1-id", "rapport-annuel")
    page.click("#propose-check")
    assert page.query_selector_all(".propose__error:not([hidden])") == []
    agree(page)
    files = written_files(page, tmp_path / "project")
    result = validate(tmp_path / "project", list(files), language)
    assert result.returncode == 0, result.stdout + result.stderr
    screenshot(page, f"propose-sources-kept-{language}")


def test_a_half_filled_draft_comes_back_after_a_reload_and_start_again_empties_it(page, server):
    open_form(page, server, "fr")
    page.fill("#f-title", "Un brouillon à moitié rempli")
    page.check("#f-themes-solidarity")
    page.click("#f-partners-add")
    page.fill("#f-partners-0-name", "Nouakchott")
    page.fill("#f-section-0", "Le contexte, déjà écrit.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    page.wait_for_selector(".propose--ready")
    assert dialogs == ["beforeunload"]  # leaving with changes not sent asks first
    assert page.is_visible(".propose__restored")
    assert page.input_value("#f-title") == "Un brouillon à moitié rempli"
    assert page.is_checked("#f-themes-solidarity")
    assert page.input_value("#f-partners-0-name") == "Nouakchott"
    assert page.input_value("#f-section-0") == "Le contexte, déjà écrit."
    assert "Nouakchott" in page.inner_text("#f-partners-0-name-actor")
    page.click("#propose-restart")  # asks first, then empties the form
    assert dialogs == ["beforeunload", "confirm"]
    assert page.input_value("#f-title") == "" and not page.is_checked("#f-themes-solidarity")
    page.reload()
    page.wait_for_selector(".propose--ready")
    assert page.input_value("#f-title") == "" and not page.is_visible(".propose__restored")


def test_the_download_lists_what_the_draft_still_lacks_and_still_works(page, server, tmp_path):
    """A practice naming only actors of the registry: one file, downloaded as itself."""
    copy_site_sources(tmp_path / "project")
    words = locale("fr")
    open_form(page, server, "fr")
    type_in(page, "#f-title", "Dakar : un jumelage qui forme des techniciens de l'eau")
    type_in(page, "#f-city", "Dakar")
    agree(page)
    count = len(page.query_selector_all("#propose-warning li"))
    assert page.is_visible("#propose-warning") and count >= 4
    assert page.inner_text("#propose-warning p") == words["propose.download.problems"]["other"].format(n=count)
    listed = page.inner_text("#propose-warning ul")
    assert "Résumé" in listed and "Thèmes" in listed and "## Contexte" in listed
    assert "Source 1 – Titre" in listed  # an item's field says which item
    page.locator(".propose__section:has(#propose-warning)").screenshot(path=str(ARTIFACTS / "propose-warning-fr.png"))
    page.click("#propose-warning a >> text=Thèmes")
    assert page.evaluate("document.activeElement.id") == "f-themes"
    name, files = downloaded(page, tmp_path / "project")  # the download still works
    slug = validation.suggested_slug("Dakar : un jumelage qui forme des techniciens de l'eau")
    assert name == f"{slug}.md" and list(files) == [f"practices/{slug}.md"]
    assert page.inner_text("#propose-download") == words["propose.download"]
    assert validate(tmp_path / "project", list(files), "fr").returncode == 1  # refused, as the warning said
    # Complete, the warning is gone.
    fill_practice(page, "fr")
    type_in(page, "#f-city", "Dakar")
    assert not page.is_visible("#propose-warning")


def test_the_forms_zip_writer_makes_archives_pythons_zipfile_reads(page, server, tmp_path):
    open_form(page, server)
    files = [["practices/são-tomé.md", "Ünïcode ✓ 東京\n"], ["actors/a.md", "x" * 70_000], ["actors/empty.md", ""]]
    written = page.evaluate(
        "async (files) => { const form = await import('/javascripts/propose.js'); return Array.from(new Uint8Array(await form.zip(files).arrayBuffer())); }", files
    )
    (tmp_path / "archive.zip").write_bytes(bytes(written))
    with zipfile.ZipFile(tmp_path / "archive.zip") as opened:
        assert opened.testzip() is None
        assert [[entry.filename, opened.read(entry).decode("utf-8")] for entry in opened.infolist()] == files


def first_letter(name: str) -> str:
    return unicodedata.normalize("NFKD", name)[0].upper()


@pytest.mark.parametrize(
    "language, in_order",
    [("fr", [("Sénégal", "Syrie"), ("Égypte", "Estonie"), ("Émirats arabes unis", "Équateur")]), ("es", [("Bélgica", "Belice"), ("Túnez", "Turquía")])],
)
def test_a_new_actors_countries_are_sorted_as_the_pages_language_sorts_them(page, server, language, in_order):
    open_form(page, server, language)
    type_in(page, "#f-city", "Ziguinchor")
    names = page.eval_on_selector_all("#a-ziguinchor-country option", "options => options.slice(1).map(option => option.textContent)")
    for before, after in in_order:
        assert names.index(before) < names.index(after), (before, after)
    # Each letter's countries together, accented or not (Égypte among the E, Îles among the I).
    letters = [first_letter(name) for name in names]
    assert letters == sorted(letters)
    # The hint speaks of the list, not of codes.
    assert page.inner_text("#a-ziguinchor-country-hint") == locale(language)["propose.actor.country.hint"]


VALID = {
    "title": "A practice that is valid",
    "summary": "A summary long enough to be valid for the schema of practices, in plain words.",
    "city": "dakar",
    "themes": ["twinning"],
    "sources": [{"title": "A source"}],
    "last_reviewed": "2026-01-01",
}


def validator_says(meta: dict, path: tuple, language: str) -> str:
    """The validator's message about `path` in a practice's fields, in `language`."""
    explained = [found for error in validation.schema_errors(meta) for found in validation.explain(error)] + validation.facts(meta, TODAY)
    messages = [message for where, message, _ in explained if where == path]
    assert messages, (path, explained)
    return translated(messages[0], language)


def validator_message(path: tuple, value: object, language: str) -> str:
    """What the validator says of `value` at `path` in an otherwise valid practice."""
    meta = json.loads(json.dumps(VALID))
    if len(path) == 1:
        meta[path[0]] = value
    elif len(path) == 2:
        meta[path[0]] = [value]
    else:
        meta[path[0]] = [{"sources": {"title": "A source"}, "partners": {"name": "dakar"}}[path[0]] | {path[2]: value}]
    return validator_says(meta, path, language)


def cases() -> list[tuple[tuple, object]]:
    """One wrong value for every limit the schema sets on a practice field."""
    found = []
    for field in proposal.practice_fields("en"):
        name, rules = field["name"], field["rules"]
        if field["input"] in ("text", "textarea", "number"):
            found += [((name,), value) for value in limit_breakers(rules)]
        elif field["input"] == "group":
            for sub in field["fields"]:
                found += [((name, 0, sub["name"]), value) for value in limit_breakers(sub["rules"])]
        elif field["input"] == "list":
            found += [((name, 0), value) for value in limit_breakers(field["item"]["rules"])]
        if "maxItems" in rules:
            found.append(((name,), rules["maxItems"] + 1))  # a count of items
    return found


def limit_breakers(rules: dict) -> list[object]:
    """Values that each break one rule only: of a web address, the length keeps it an address."""
    start = "https://example.org/" if rules.get("pattern", "").startswith("^https?") else ""
    values = []
    if "minLength" in rules:
        values.append(start + "a" * (rules["minLength"] - 1 - len(start)))
    if "maxLength" in rules:
        values.append(start + "a" * (rules["maxLength"] + 1 - len(start)))
    if rules.get("plain"):
        values.append(("a <b> tag" + "a" * rules.get("minLength", 0))[: rules.get("maxLength")])
    elif "pattern" in rules:
        values.append("not right")
    if "minimum" in rules:
        values += [rules["minimum"] - 1, rules["maximum"] + 1, "twenty"]
    return values


def test_every_limit_of_the_schema_gets_the_validators_message_as_it_is_typed(page, server):
    language = "fr"
    open_form(page, server, language)
    page.on("dialog", lambda dialog: dialog.accept())  # reloading asks first: yes
    fields = {field["name"]: field for field in proposal.practice_fields(language)}
    checked = 0
    too_many = []  # (field, items): put in the saved draft below, a reload each
    for path, value in cases():
        field = fields[path[0]]
        if isinstance(value, int) and len(path) == 1 and field["input"] != "number":  # too many items
            count = value
            if field["input"] == "choices":
                items = [option for option, _ in field["options"]][:count]
                if len(items) < count:
                    continue  # a vocabulary shorter than the limit cannot break it
            else:  # actors of the registry (a network is named once), titles for sources
                items = [f"Source {i:03d}" for i in range(count)] if path[0] == "sources" else [ACTOR_IDS[i % len(ACTOR_IDS)] for i in range(count)]
            too_many.append((path[0], items))
            continue
        selector = "#f-" + "-".join(str(part) for part in path)
        if len(path) > 1 and not page.query_selector(selector):
            page.click(f"#f-{path[0]}-add")
        type_in(page, selector, str(value))
        shown = page.inner_text(f"{selector}-error")
        expected = validator_message(path, value, language)
        assert shown.startswith(expected[0].upper() + expected[1:]), (path, value, shown, expected)
        type_in(page, selector, "")
        checked += 1
    # So many items are put in the draft the form keeps, which it restores on reload.
    for name, items in too_many:
        key = {"sources": "title", "partners": "name"}.get(name)
        draft = json.loads(page.evaluate(f"localStorage.getItem('{DRAFT_KEY}')"))
        draft["values"].update({other: [] for other, _ in too_many})
        draft["values"][name] = [{key: item} for item in items] if key else items
        page.evaluate(f"draft => localStorage.setItem('{DRAFT_KEY}', draft)", json.dumps(draft))
        page.reload()
        page.wait_for_selector(".propose--ready")
        page.click("#propose-check")
        expected = validator_says_too_many(name, items, language)
        shown = page.inner_text(f"#f-{name}-error")
        assert shown.startswith(expected[0].upper() + expected[1:]), (name, shown, expected)
        checked += 1
    draft["values"].update({other: [] for other, _ in too_many})
    page.evaluate(f"draft => localStorage.setItem('{DRAFT_KEY}', draft)", json.dumps(draft))
    page.reload()
    page.wait_for_selector(".propose--ready")
    assert checked >= 30
    # A value listed twice, and a required field left empty.
    while not page.query_selector("#f-networks-1"):
        page.click("#f-networks-add")
    type_in(page, "#f-networks-0", "UCLG Africa")
    type_in(page, "#f-networks-1", "UCLG Africa")
    expected = validator_says({**VALID, "networks": ["UCLG Africa", "UCLG Africa"]}, ("networks", 1), language)
    assert page.inner_text("#f-networks-1-error").startswith(expected[0].upper() + expected[1:])
    # Years the wrong way round: a check of the validator's own, beside the schema's.
    type_in(page, "#f-start_year", "2020")
    type_in(page, "#f-end_year", "2019")
    expected = validator_says({**VALID, "start_year": 2020, "end_year": 2019}, ("end_year",), language)
    assert page.inner_text("#f-end_year-error").startswith(expected[0].upper() + expected[1:])
    type_in(page, "#f-title", "")
    expected = validator_says({key: value for key, value in VALID.items() if key != "title"}, ("title",), language)
    assert page.inner_text("#f-title-error").startswith(expected[0].upper() + expected[1:])


def validator_says_too_many(name: str, items: list, language: str) -> str:
    key = {"sources": "title", "partners": "name"}.get(name)
    return validator_says({**VALID, name: [{key: item} for item in items] if key else items}, (name,), language)


# --- a copy of the site that names its repository and the maintainers' address ----------


def without_kauswagan(project) -> None:
    """A project whose registry does not know Kauswagan yet: its actor and practice removed."""
    (project / "actors" / "kauswagan.md").unlink()
    for path in (project / "practices").glob("kauswagan-*"):
        path.unlink()


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    """The site built with repo_url and proposals_email set, served on localhost;
    its registry does not know Kauswagan, for a contributor to propose it anew."""
    project = tmp_path_factory.mktemp("configured") / "project"
    copy_site_sources(project)
    without_kauswagan(project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("# repo_url: https://github.com/<owner>/<name>", f"repo_url: {REPOSITORY}")
    text = text.replace("# edit_uri: edit/main/docs/", "edit_uri: edit/main/docs/")
    config.write_text(text.replace('proposals_email: ""', f"proposals_email: {EMAIL}"), encoding="utf-8")
    site_dir = project.parent / "site"
    result = run_mkdocs(project, site_dir)
    assert result.returncode == 0, result.stderr
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def tab(browser, configured):
    """A tab on the configured site that fails the test on any request off this machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert [url for url in requests if not url.startswith((configured, "data:", "blob:"))] == []
    assert errors == []


def test_the_github_and_email_links_carry_the_files(tab, configured):
    open_form(tab, configured)
    fill_practice(tab, "en")
    tab.click("#propose-check")
    agree(tab)
    files = tab.eval_on_selector_all(".propose__file code", "codes => codes.map(code => code.textContent)")
    names = tab.eval_on_selector_all(".propose__file-name code", "codes => codes.map(code => code.textContent)")
    assert names == [f"practices/{validation.suggested_slug(TEXTS['en']['title'])}.md", "actors/ziguinchor.md"]
    # A practice and the new actor it names go together, in one pull request: GitHub's upload page, with the steps.
    links = tab.eval_on_selector_all(".propose__github a", "links => links.map(a => a.href)")
    assert links == ["https://github.com/example/city-diplomacy/upload/main"]
    assert tab.inner_text(".propose__steps li >> nth=2") == locale("en")["propose.step.upload.all"]
    email = urlparse(tab.get_attribute("#propose-email", "href"))
    assert email.scheme == "mailto" and unquote(email.path) == EMAIL
    query = parse_qs(email.query)
    assert query["subject"] == [f"Practice proposed: {TEXTS['en']['title']}"]
    assert all(text in query["body"][0] for text in files) and all(name in query["body"][0] for name in names)
    # A practice alone opens in GitHub's new-file page, its text and the notes for the maintainers in the address.
    type_in(tab, "#f-city", "Dakar")
    files = tab.eval_on_selector_all(".propose__file code", "codes => codes.map(code => code.textContent)")
    names = tab.eval_on_selector_all(".propose__file-name code", "codes => codes.map(code => code.textContent)")
    links = tab.eval_on_selector_all(".propose__github a", "links => links.map(a => a.href)")
    assert len(links) == len(files) == 1 and tab.query_selector(".propose__steps") is None
    for link, name, text in zip(links, names, files):
        address = urlparse(link)
        assert (address.scheme, address.netloc, address.path) == ("https", "github.com", "/example/city-diplomacy/new/main")
        query = parse_qs(address.query)
        assert {key: query[key] for key in ("filename", "value")} == {"filename": [name], "value": [text]}
        assert query["message"] == [f"Propose {name}"]  # the commit, and so the pull request GitHub opens
        assert query["description"] == [f"The contributor agreed to publication under CC BY 4.0 ({proposal.licence_url('en')}) and has the right to share this text."]
        assert "+" not in address.query  # spaces as %20: GitHub's editor shows a + as it is


CONTRIBUTOR = {"fr": ("Aminata Diallo", "a.diallo@ziguinchor.example"), "es": ("Lucía Ramírez", "+221 77 000 00 00")}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_on_a_phone_nothing_leaves_the_page_before_the_licence_is_agreed_and_the_contributor_stays_out_of_the_files(tab, configured, tmp_path, language):
    words = locale(language)
    tab.set_viewport_size({"width": 390, "height": 844})
    open_form(tab, configured, language)
    fill_practice(tab, language)
    tab.click("#propose-check")
    # Before the box is ticked: every way out is a disabled button, and the form says why.
    waiting = ["#propose-download", "#propose-copy", "#propose-email", ".propose__github button"]
    for selector in waiting:
        assert tab.is_disabled(selector) and "propose-why" in tab.get_attribute(selector, "aria-describedby").split(), selector
    assert tab.is_visible("#propose-why") and tab.inner_text("#propose-why") == words["propose.consent.why"]
    assert tab.query_selector(".propose__github a") is None and tab.query_selector("a#propose-email") is None
    # The consent, in the page's language, links to the licence in that language.
    assert words["propose.consent.licence"] in tab.inner_text(".propose__consent label")
    assert tab.get_attribute(".propose__consent a", "href") == f"https://creativecommons.org/licenses/by/4.0/deed.{language}"
    assert tab.get_attribute("#f-consent", "aria-required") == "true"
    tab.eval_on_selector("#f-consent", "box => box.scrollIntoView({block: 'center'})")
    tab.screenshot(path=str(ARTIFACTS / f"propose-consent-{language}-phone.png"))  # the screen as the contributor sees it
    # Name and contact: optional, said not to be published.
    name, contact = CONTRIBUTOR[language]
    for field, value in (("name", name), ("contact", contact)):
        assert f"({words['propose.optional']}, {words['propose.not_published']})" in tab.inner_text(f"label[for='f-contributor-{field}']")
        type_in(tab, f"#f-contributor-{field}", value)
    agree(tab)
    assert tab.is_enabled("#propose-download") and tab.is_enabled("#propose-copy") and not tab.is_visible("#propose-why")
    assert len(tab.query_selector_all(".propose__github a[href]")) == 1 and tab.query_selector("a#propose-email[href]")
    # They reach the maintainers in the email and the GitHub proposal's description, never a file.
    files = written_files(tab, tmp_path / "project")
    assert files and all(name not in text and contact not in text for text in [*files.values(), *preview(tab)])
    body = parse_qs(urlparse(tab.get_attribute("#propose-email", "href")).query)["body"][0]
    assert words["propose.note.name"].format(name=name) in body and words["propose.note.contact"].format(contact=contact) in body
    assert all(text in body for text in preview(tab))
    type_in(tab, "#f-city", "Dakar")  # a practice alone: GitHub's new-file page, the contributor in its description
    [link] = tab.eval_on_selector_all(".propose__github a", "links => links.map(a => a.href)")
    query = parse_qs(urlparse(link).query)
    assert name in query["description"][0] and contact in query["description"][0]
    assert name not in query["value"][0] and contact not in query["value"][0]
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(tab, f"propose-agreed-{language}-phone")
    # Kept with the draft, like the rest; unticked, the buttons wait again.
    tab.on("dialog", lambda dialog: dialog.accept())
    tab.reload()
    tab.wait_for_selector(".propose--ready")
    assert tab.is_checked("#f-consent") and tab.input_value("#f-contributor-name") == name
    tab.uncheck("#f-consent")
    assert tab.is_disabled("#propose-download") and tab.is_disabled("#propose-email")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_new_actor_is_put_on_the_map_from_the_towns_of_its_country(tab, configured, tmp_path, language):
    copy_site_sources(tmp_path / "project")
    without_kauswagan(tmp_path / "project")
    fetched = []
    tab.on("request", lambda request: fetched.append(urlparse(request.url).path))
    open_form(tab, configured, language)
    assert not [path for path in fetched if "/places/" in path]  # nothing of the gazetteer until a country is chosen
    fill_practice(tab, language)  # Ziguinchor, a new actor in Senegal
    tab.click("#f-partners-add")
    type_in(tab, "#f-partners-1-name", "Kauswagan")
    tab.fill("#f-partners-1-note", "Ziguinchor trained its technicians.")
    tab.select_option("#a-kauswagan-kind", "municipality")
    tab.select_option("#a-kauswagan-country", "PH")
    tab.wait_for_selector("#a-kauswagan-place")
    # The town of that name, chosen, fills in its coordinates; the others stay on offer.
    assert tab.input_value("#a-kauswagan-latitude") == "8.19" and tab.input_value("#a-kauswagan-longitude") == "124.08"
    offered = tab.eval_on_selector_all("#a-kauswagan-place option", "options => options.map(option => option.textContent)")
    assert offered[1].startswith("Kauswagan (") and offered[1].endswith(": 8.19, 124.08")
    assert tab.eval_on_selector("#a-kauswagan-place", "select => select.selectedOptions[0].textContent") == offered[1]
    assert tab.get_attribute("#a-kauswagan-place ~ .propose__hint a", "href") == proposal.GEONAMES  # credited where offered
    assert [path for path in fetched if "/places/" in path] == ["/places/SN.json", "/places/PH.json"]  # only the countries chosen
    # The contributor may type other coordinates (with a decimal comma), or none.
    type_in(tab, "#a-kauswagan-latitude", "8,25")
    assert tab.input_value("#a-kauswagan-place") == ""
    assert "coordinates: [8.25, 124.08]\n" in preview(tab)[2]
    type_in(tab, "#a-kauswagan-latitude", "8,19")
    type_in(tab, "#a-kauswagan-longitude", "124.08")
    assert tab.eval_on_selector("#a-kauswagan-place", "select => select.selectedOptions[0].textContent") == offered[1]
    files = dict(zip(tab.eval_on_selector_all(".propose__file-name code", "codes => codes.map(code => code.textContent)"), preview(tab)))
    assert "coordinates: [8.19, 124.08]\n" in files["actors/kauswagan.md"] and "country: PH\n" in files["actors/kauswagan.md"]
    assert "coordinates: [" in files["actors/ziguinchor.md"]  # Ziguinchor too, from the towns of Senegal
    tab.locator(".propose__new-actor >> nth=1").screenshot(path=str(ARTIFACTS / f"propose-places-{language}.png"))
    tab.click("#propose-check")
    assert tab.query_selector_all(".propose__error:not([hidden])") == []
    agree(tab)
    files = written_files(tab, tmp_path / "project")
    assert sorted(files) == ["actors/kauswagan.md", "actors/ziguinchor.md", f"practices/{validation.suggested_slug(TEXTS[language]['title'])}.md"]
    assert "coordinates: [8.19, 124.08]\n" in files["actors/kauswagan.md"]
    result = validate(tmp_path / "project", list(files), language)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("typed", [("nord", "124.08"), ("95", "124.08"), ("8.19", "-181"), ("8.19", "")])
def test_coordinates_typed_wrong_get_the_validators_message(page, server, tmp_path, typed):
    from catalog.actors import read_registry

    open_form(page, server, "fr")
    type_in(page, "#f-city", "Ziguinchor")
    page.select_option("#a-ziguinchor-kind", "municipality")
    for axis, value in zip(("latitude", "longitude"), typed):
        type_in(page, f"#a-ziguinchor-{axis}", value)
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "ziguinchor.md").write_text(preview(page)[1], encoding="utf-8")
    said = [problem for problem in read_registry(tmp_path / "actors", tmp_path)[1] if problem.field.startswith("coordinates")]
    assert len(said) == 1, said
    shown = [page.inner_text(f"#a-ziguinchor-{axis}-error") for axis in ("latitude", "longitude")]
    if typed[1]:
        expected = translated(said[0].message, "fr")
        assert shown[said[0].field != "coordinates[1]"].startswith(expected[0].upper() + expected[1:]), (shown, expected)
    else:  # one without the other: the form asks for the other, the validator for two numbers
        assert shown == ["", translated(validation.RULE_MESSAGES["required"], "fr").capitalize() + " " + proposal.actor_fields("fr")[3]["hint"]]


def test_a_file_too_long_for_a_github_address_falls_back_to_download_and_steps(tab, configured):
    open_form(tab, configured, "es")
    fill_practice(tab, "es")
    type_in(tab, "#f-city", "Dakar")  # a practice alone: with new actors, files go through the upload page anyway
    assert tab.is_visible(".propose__github") and not tab.is_visible(".propose__too-long")
    long_story = " ".join(["Los técnicos de ambas ciudades se formaron juntos durante varias semanas."] * 90)  # about 6,700 characters, 9 KB as an address
    tab.fill("#f-section-1", long_story + " [^guangzhou-foreign-affairs-2022]")
    assert tab.is_visible(".propose__too-long")
    limit = proposal.GITHUB_URL_LIMIT
    assert str(limit) in tab.inner_text(".propose__too-long") or f"{limit:,}".replace(",", ".") in tab.inner_text(".propose__too-long")
    agree(tab)
    assert tab.eval_on_selector_all(".propose__github a", "links => links.map(a => a.href)") == ["https://github.com/example/city-diplomacy/upload/main/practices"]
    assert len(tab.query_selector_all(".propose__steps li")) == 4
    assert tab.inner_text(".propose__steps li >> nth=2") == locale("es")["propose.step.upload"]
    assert tab.is_visible("#propose-download") and tab.is_visible("#propose-email")  # the other ways stay


def test_practice_pages_link_to_their_file_in_the_editor_when_the_repository_is_set(tab, configured, page, server):
    tab.goto(configured + "/practices/dakar-city-diplomacy-and-twinning/")
    assert tab.get_attribute(".practice-edit a", "href") == f"{REPOSITORY}/edit/main/practices/dakar-city-diplomacy-and-twinning.md"
    tab.goto(configured + "/fr/practices/dakar-city-diplomacy-and-twinning/")
    assert tab.get_attribute(".practice-edit a", "href") == f"{REPOSITORY}/edit/main/practices/dakar-city-diplomacy-and-twinning.fr.md"
    assert tab.get_attribute(".md-header a.md-source", "href") == REPOSITORY
    # Without a repository there is no edit link, and the form says where a file goes.
    page.goto(server + "/practices/dakar-city-diplomacy-and-twinning/")
    assert page.query_selector(".practice-edit") is None
    open_form(page, server)
    assert page.is_visible(".propose__nowhere")
    assert page.query_selector(".propose__github") is None and page.query_selector("#propose-email") is None


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_form_works_with_a_keyboard_and_a_screen_reader(page, server, language):
    open_form(page, server, language)
    page.click("#propose-check")
    assert page.evaluate("document.activeElement.id") == "f-title"  # focus on the first problem
    assert page.get_attribute("#f-title", "aria-invalid") == "true"
    assert "f-title-error" in page.get_attribute("#f-title", "aria-describedby").split()
    assert page.inner_text("#f-title-error")
    assert page.get_attribute("#f-themes", "aria-describedby").split()[-1] == "f-themes-error"
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-summary"


def test_a_link_from_an_actor_page_starts_a_practice_of_that_actor(page, server):
    page.goto(server + "/fr/actors/nouakchott-region/")
    page.click("a[href*='contribute/propose/?city=nouakchott-region']")
    page.wait_for_selector(".propose--ready")
    assert page.input_value("#f-city") == "Région de Nouakchott"
    assert "nouakchott-region" in page.inner_text("#f-city-actor")


def test_the_form_is_light_and_fits_a_phone(page, server, site):
    script = gzip.compress((site / "javascripts" / "propose.js").read_bytes())
    html = (site / "contribute" / "propose" / "index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="propose-data">(.*?)</script>', html, re.S)[1]
    assert len(script) + len(gzip.compress(data.encode())) < 60_000
    # The towns are fetched on demand, one country at a time, from the default language's site only.
    assert "Quezon City" not in html and (site / "places" / "PH.json").is_file() and not (site / "fr" / "places").exists()
    assert sorted(path.name for path in (site / "places").iterdir()) == [f"{code}.json" for code in proposal.countries()]
    # On a phone (the desktop screenshot is the English form filled, above).
    page.set_viewport_size({"width": 390, "height": 844})
    open_form(page, server)
    fill_practice(page, "en")
    page.click("#propose-check")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
    screenshot(page, "propose-phone")


def test_the_form_is_derived_from_the_schema_and_speaks_every_language():
    from catalog import schema
    from catalog.i18n import LANGUAGES
    from catalog.problems import translation

    for language in LANGUAGES:
        fields = {field["name"]: field for field in proposal.practice_fields(language)}
        assert list(fields) == [name for name in schema.schema()["properties"] if name != "language"]  # language is asked first
        assert [value for value, _ in fields["themes"]["options"]] == list(schema.vocabulary("theme"))
        assert fields["title"]["rules"] == {"minLength": 10, "maxLength": 120, "plain": True}
        assert fields["themes"]["label"] == schema.field_title("themes", language)
        for key, template in proposal.messages(language).items():
            assert "{" not in template or re.findall(r"\{(\w+)\}", template), key
        if language != "en":  # every message the form can show has the validator's translation
            english = proposal.messages("en")
            assert all(translation(english[key], language) is not None for key in english), [k for k in english if translation(english[k], language) is None]


# --- a draft kept in the browser is read as the form's own values, nothing more ----------


def locale(language: str) -> dict:
    return json.loads((ROOT / "catalog" / "locales" / f"{language}.json").read_text(encoding="utf-8"))


EVIL = "https://evil.example/"
# What storage may hold instead of a draft this form wrote -> what the form says of it.
HOSTILE_DRAFTS = {
    "invalid JSON": ('{"values": {"title": "A half', "unreadable"),
    "JSON that is not an object": (json.dumps(["values", {"title": "A title"}]), "unreadable"),
    "a number": ("42", "unreadable"),
    "null": ("null", "unreadable"),
    "a draft of another shape": (json.dumps({"version": 2, "practice": {"title": "Other shape", "website": EVIL}}), "unreadable"),
    "wrong types everywhere": (
        json.dumps({
            "language": 5,
            "values": {
                "title": ["Ziguinchor's twinning"], "summary": {"text": "x"}, "city": 12, "themes": "twinning",
                "sdgs": [99, "6", None, [6]], "start_year": 2019, "level": ["municipal"], "status": "sleeping",
                "sources": "https://example.org", "partners": [5, None, "Guangzhou", {"name": 7, "relation": "enemy", "note": ["x"]}],
                "networks": {"0": "UCLG"}, "last_reviewed": False,
            },
            "sections": "Context.",
            "actors": ["ziguinchor"],
        }),
        "unreadable",
    ),
    "extra keys": (
        json.dumps({
            "language": "fr\nwebsite: " + EVIL,
            "website": EVIL,
            "values": {"title": "A twinning that trains water technicians", "website": EVIL, "wikidata": "Q1", "__proto__": {"polluted": True}, "constructor": {"kind": "x"}},
            "sections": ["Context.", "", "", "", "", "wikidata: Q2"],
            "actors": {
                "ziguinchor": {"kind": "municipality\nwebsite: " + EVIL, "country": "SN\nwikidata: Q3", "names": {"fr": "Ziguinchor", "website": EVIL, "es\nwebsite: x": "y"}, "website": EVIL},
                "__proto__": {"kind": "municipality"}, "Not Folded": {"kind": "municipality"},
            },
            "__proto__": {"polluted": True},
        }),
        "partly",
    ),
    "huge strings": (json.dumps({"values": {"title": "A title that fits", "summary": "x" * 300_000}, "sections": ["y" * 300_000, "Done."], "actors": {}}), "partly"),
    "arrays where strings are expected": (
        json.dumps({"values": {"title": ["a", "b"], "city": ["Dakar"], "networks": [["UCLG Africa"], "UCLG Africa"], "sources": [{"title": ["x"], "url": "https://example.org/ok"}]}, "sections": [["x"], "Done."]}),
        "partly",
    ),
    "too many items": (json.dumps({"values": {"networks": ["UCLG Africa"] * 100_000, "title": "Many networks"}}), "partly"),
    "a contributor and a consent of other shapes": (
        json.dumps({"values": {"title": "A title that fits"}, "consent": "yes", "contributor": {"name": ["Aminata"], "contact": "x" * 300_000, "website": EVIL}}),
        "partly",
    ),
}


def front_matter_keys(text: str) -> list[str]:
    """The top-level fields a written file holds."""
    return re.findall(r"^([^\s#-][^:\n]*):", text.split("\n---\n", 1)[0], re.M)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_hostile_draft_in_storage_is_left_out_and_said_so_and_never_breaks_the_form(page, server, language):
    from catalog import schema

    practice_fields = set(schema.schema()["properties"])
    actor_fields = set(schema.actor_schema()["properties"])
    words = locale(language)
    open_form(page, server, language)
    page.on("dialog", lambda dialog: dialog.accept())  # reloading asks first: yes
    for name, (stored, said) in HOSTILE_DRAFTS.items():
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [DRAFT_KEY, stored])
        page.reload()
        page.wait_for_selector(".propose--ready")  # no exception stopped the script
        assert page.inner_text(".propose__restored") == words[f"propose.restored.{said}"], name
        files = page.eval_on_selector_all(".propose__file code", "codes => codes.map(code => code.textContent)")
        for text in files:
            assert "evil" not in text and "wikidata" not in text and "website" not in text and "Q2" not in text, (name, text)
            allowed = actor_fields if text.startswith("---\n" + proposal.ACTOR_SCHEMA_COMMENT) else practice_fields
            assert set(front_matter_keys(text)) <= allowed, (name, front_matter_keys(text))
        assert page.evaluate("() => ({}).polluted === undefined && Object.kind === undefined")
        # What fitted is back, and the form still writes what is typed.
        if name == "extra keys":
            assert page.input_value("#f-title") == "A twinning that trains water technicians"
            assert page.input_value("#f-section-0") == "Context."
        if name == "huge strings":
            assert page.input_value("#f-summary") == "" and page.input_value("#f-section-0") == "" and page.input_value("#f-section-1") == "Done."
        if name == "a contributor and a consent of other shapes":
            assert not page.is_checked("#f-consent") and page.input_value("#f-contributor-name") == page.input_value("#f-contributor-contact") == ""
        if name == "too many items":
            assert len(page.query_selector_all("[id^='f-networks-'][id$='-actor']")) == proposal.draft_limits(proposal.practice_fields(language))["items"]
        type_in(page, "#f-title", "Typed after the draft came back")
        assert "title: Typed after the draft came back\n" in page.eval_on_selector(".propose__file code", "code => code.textContent")
    # A draft this form wrote comes back whole, with the usual words.
    page.reload()
    page.wait_for_selector(".propose--ready")
    assert page.inner_text(".propose__restored") == words["propose.restored"]
    assert page.input_value("#f-title") == "Typed after the draft came back"


def test_a_new_actor_named_like_a_property_of_every_object_keeps_its_own_details(page, server):
    open_form(page, server)
    type_in(page, "#f-city", "Constructor")
    page.select_option("#a-constructor-kind", "municipality")
    page.select_option("#a-constructor-country", "SN")
    files = page.eval_on_selector_all(".propose__file code", "codes => codes.map(code => code.textContent)")
    assert "kind: municipality\n" in files[1] and "country: SN\n" in files[1]
    assert page.evaluate("() => Object.kind === undefined && ({}).kind === undefined")


# --- every value the form writes reads back as the same text ---------------------------

TRICKY_VALUES = [
    "~", "null", "Null", "NULL", "nULL", "", " leading space", "trailing space ", "  both  ", "-", "- item", "? question",
    ": colon", ", comma", "[bracket]", "]bracket", "{brace}", "}brace", "# hash", "& ampersand", "* star", "! bang",
    "| pipe", "> greater", "' quote", '" quote', "% percent", "@ at", "` backtick", "key: value", "word #comment",
    "word#hash", "a:b", "key:", "yes", "no", "on", "off", "Yes", "true", "false", "1", "2018", "0x1F", "1e3", ".5", "+1",
    "tab\tinside", "\ttab first", "tab last\t", "l'eau", 'say "hi"', "back\\slash", "Ciudad de México", "東京都", "---",
    "...", "no\u00a0break", "€ 5", "a - b", "a, b", "Ünïcode", "×", "x" * 120,
]


def read_back(tmp_path, line: str) -> object:
    """The title of a file holding this front-matter line, as the validator reads it."""
    from catalog.reading import read_document

    path = tmp_path / "read-back.md"
    path.write_text(f"---\n{line}\n---\n", encoding="utf-8")
    doc = read_document(path, "read-back.md")
    assert doc.problems == [], (line, [str(p) for p in doc.problems])
    return doc.meta["title"]


def test_the_template_quotes_every_value_the_reader_would_misread(tmp_path):
    from catalog.template import scalar
    from catalog.text import plain

    for value in TRICKY_VALUES:
        line = f"title: {scalar(value)}"
        assert read_back(tmp_path, line) == plain(value), (value, line)  # the text as the catalog reads any text
        assert read_back(tmp_path, line) == read_back(tmp_path, f"title: {json.dumps(value)}")  # as if quoted
    assert [scalar(value) for value in ("null", "Null", "NULL", "~", "")] == ['"null"', '"Null"', '"NULL"', '"~"', '""']


def test_the_form_writes_values_by_the_templates_rule(page, server):
    from catalog.template import scalar

    open_form(page, server)
    # The page's own module (the same instance: a module runs once per page), its writer called directly.
    written = page.evaluate("async (values) => { const form = await import('/javascripts/propose.js'); return values.map(form.scalar); }", TRICKY_VALUES)
    assert written == [scalar(value) for value in TRICKY_VALUES]


def test_tricky_values_typed_into_the_form_come_back_from_its_files_as_typed(page, server, tmp_path):
    """Each value typed into one of the places the form writes text (a field, a
    field of a group, a new actor's file), five at a time."""
    from catalog import schema
    from catalog.reading import read_document
    from catalog.text import plain

    open_form(page, server)
    page.click("#f-partners-add")
    type_in(page, "#f-city", "Ziguinchor")
    page.select_option("#a-ziguinchor-kind", "municipality")
    places = {  # selector -> where the written files hold it
        "#f-title": lambda practice, actor: practice.get("title"),
        "#f-sources-0-publisher": lambda practice, actor: (practice.get("sources") or [{}])[0].get("publisher"),
        "#f-sources-0-date": lambda practice, actor: (practice.get("sources") or [{}])[0].get("date"),
        "#f-partners-0-note": lambda practice, actor: (practice.get("partners") or [{}])[0].get("note"),
        "#a-ziguinchor-names-fr": lambda practice, actor: (actor.get("names") or {}).get("fr"),
    }
    for start in range(0, len(TRICKY_VALUES), len(places)):
        typed = dict(zip(places, TRICKY_VALUES[start : start + len(places)]))
        for selector, value in typed.items():
            type_in(page, selector, value)
        practice, actor = page.eval_on_selector_all(".propose__file code", "codes => codes.map(code => code.textContent)")
        (tmp_path / "practice.md").write_text(practice, encoding="utf-8")
        (tmp_path / "actor.md").write_text(actor, encoding="utf-8")
        practice_doc, actor_doc = read_document(tmp_path / "practice.md", "practice.md"), read_document(tmp_path / "actor.md", "actor.md", schema.actor_shape())
        assert practice_doc.problems == actor_doc.problems == [], (practice, actor)
        for selector, value in typed.items():
            expected = plain(value) or None  # the text as the catalog reads any text; an empty field is not written
            assert places[selector](practice_doc.meta, actor_doc.meta) == expected, (selector, value, practice, actor)


def test_a_marker_typed_in_a_heading_gets_the_validators_message(page, server):
    from catalog.citations import MESSAGES

    open_form(page, server, "es")
    type_in(page, "#f-sources-0-title", "Annual report of the partnership")
    type_in(page, "#f-sources-0-id", "annual-report")
    type_in(page, "#f-section-1", "Technicians trained together.[^annual-report]\n\n### Results [^annual-report]\n\nMore.")
    expected = translated(MESSAGES["heading"].format(marker="annual-report"), "es")
    assert page.inner_text("#f-section-1-error").startswith(expected[0].upper() + expected[1:])
    type_in(page, "#f-section-1", "Technicians trained together.[^annual-report]\n\n### Results\n\nMore.")
    assert page.inner_text("#f-section-1-error") == ""
