"""A hostile corpus: malicious or broken practice files, each with its expected
outcome. A file is either refused with a message naming its file, line and
field, or read as the contributor meant and published harmlessly; either way the
built site carries no script, event handler or URL we did not put there."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REGISTRY, FIXTURES, ROOT, TODAY, QuietHandler, copy_site_sources, run_mkdocs, screenshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.model import check_paths, read_practice
from catalog.validation import scheme_of

HOSTILE = FIXTURES / "hostile"

REFUSED = {  # file -> (line, field, words of the message) of its first problem
    "title-script.md": (2, "title", "< and > are not allowed"),
    "title-img-onerror.md": (2, "title", "< and > are not allowed"),
    "summary-html.md": (3, "summary", "< and > are not allowed"),
    "city-html.md": (4, "city", "< and > are not allowed"),
    "partner-note-html.md": (7, "partners[1].note", "< and > are not allowed"),
    "network-html.md": (5, "networks[1]", "< and > are not allowed"),
    "source-title-html.md": (7, "sources[1].title", "< and > are not allowed"),
    "source-url-javascript.md": (8, "sources[1].url", "Only web addresses starting with https://"),
    "source-url-data.md": (8, "sources[1].url", "Only web addresses starting with https://"),
    "source-url-entity.md": (8, "sources[1].url", "Only web addresses starting with https://"),
    "source-url-quote.md": (8, "sources[1].url", "is not a full web address"),
    "body-script.md": (15, "body", "<script> is not allowed"),
    "body-iframe.md": (15, "body", "<iframe> is not allowed"),
    "body-svg-onload.md": (15, "body", "<svg> is not allowed"),
    "body-style.md": (15, "body", "<style> is not allowed"),
    "body-form.md": (15, "body", "<form> is not allowed"),
    "body-img-onerror.md": (15, "body", "images are not supported"),
    "body-remote-image.md": (15, "body", "images are not supported"),
    "body-javascript-link.md": (15, "body", 'a link uses "javascript:"'),
    "body-entity-link.md": (15, "body", 'a link uses "javascript:"'),
    "body-data-link.md": (15, "body", 'a link uses "data:"'),
    "body-attr-list-onclick.md": (16, "body", "{ } attributes are not supported"),
    "body-attr-list-style.md": (16, "body", "{ } attributes are not supported"),
    "alias-bomb.md": (2, "a", "anchors and aliases"),
    "python-tag.md": (4, "city", "markers starting with !"),
    "deep-nesting.md": (4, "city", "nested too deeply"),
    "duplicate-keys.md": (9, "title", "written twice, on line 2 and on line 9"),
    "not-utf8.md": (4, "file", "not saved as UTF-8"),
    "control-character.md": (4, "city", "invisible control character (U+001F)"),
    "empty.md": (1, "file", "the file is empty"),
    "front-matter-only.md": (10, "body", 'the section "## Context" is missing'),
    "body-only.md": (1, "front matter", "must start with a line of three dashes"),
    "dakar twinning.md": (1, "file name", 'Rename it to "dakar-twinning.md"'),
    "dakar-été.md": (1, "file name", 'Rename it to "dakar-ete.md"'),
}
ACCEPTED = ["markup-as-text.md", "yaml-coercions.md", "title-entities.md", "fake-fragment-marker.md", "byte-order-mark.md", "windows-line-endings.md"]


def test_every_hostile_file_has_an_expected_outcome():
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted([*REFUSED, *ACCEPTED])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_file_is_refused_with_file_line_and_field(name):
    started = time.perf_counter()
    _, problems = check_paths([HOSTILE / name], root=ROOT, today=TODAY)
    assert time.perf_counter() - started < 5  # the alias bomb must not expand
    line, field, words = REFUSED[name]
    assert problems, name
    first = next((p for p in problems if (p.line, p.field) == (line, field)), None)
    assert first is not None, [str(p) for p in problems]
    assert first.file == f"tests/fixtures/hostile/{name}" and words in str(first)
    assert all(len(str(p)) < 400 for p in problems)  # values are never printed in full


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_file_read_as_its_contributor_meant_is_accepted(name, tmp_path):
    _, problems = check_paths([HOSTILE / name], root=ROOT, today=TODAY)
    assert problems == []


def test_yaml_surprises_are_read_as_meant():
    doc = read_practice(HOSTILE / "yaml-coercions.md", ROOT, TODAY, REGISTRY)
    assert (doc.meta["partners"][0]["note"], doc.meta["title"]) == ("0755", "Version 1.10 of the plan, at 1:20")
    assert doc.meta["sources"][0] == {"title": "yes", "date": "2024"}


def test_a_50_mb_body_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge-practice.md"
    with open(huge, "w") as stream:
        stream.write((FIXTURES / "valid" / "minimal-practice.md").read_text())
        stream.write(("x" * 1023 + "\n") * 50 * 1024)
    started = time.perf_counter()
    _, problems = check_paths([huge], root=tmp_path, today=TODAY, registry=REGISTRY)
    assert time.perf_counter() - started < 2
    assert [(p.line, p.field) for p in problems] == [(1, "file")] and "larger than 1 MB" in problems[0].message


def test_links_and_odd_names_in_the_practices_folder_are_refused(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text((FIXTURES / "valid" / "minimal-practice.md").read_text())
    folder = tmp_path / "practices"
    folder.mkdir()
    (folder / "escape.md").symlink_to(outside)
    (folder / ".hidden.md").write_text(outside.read_text())
    (folder / "Upper.MD").write_text(outside.read_text())
    _, problems = check_paths([folder], root=tmp_path, today=TODAY, registry=REGISTRY)
    assert {p.file: p.field for p in problems if p.field in ("file", "file name")} == {
        "practices/escape.md": "file",
        "practices/.hidden.md": "file name",
        "practices/Upper.MD": "file name",
    }


class Inventory(HTMLParser):
    """Every script, event handler and URL of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.urls = [], [], []
        self.in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.in_script = attributes
            self.scripts.append([attributes, ""])
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self.urls += [value for name, value in attrs if name in ("href", "src", "action", "formaction", "srcset", "poster") and value]

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script is not None:
            self.scripts[-1][1] += data


OUR_SCRIPTS = (
    # 404.html links from the root; a language's 404 page ("/../") is never served, the root's is
    re.compile(r"(/|(\.\./)*|/\.\./)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"),
    re.compile(r"(/|(\.\./)*|/\.\./)javascripts/search\.js"),
    re.compile(r"(\.\./)+javascripts/propose\.js"),  # the Propose-a-practice page's own
    re.compile(r"(\.\./)+javascripts/map\.js"),  # the map page's own
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The real site plus the hostile files that are accepted."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    copy_site_sources(project)
    for name in ACCEPTED:
        shutil.copy(HOSTILE / name, project / "practices" / name)
    result = run_mkdocs(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def inventory(page: Path) -> Inventory:
    found = Inventory()
    found.feed(page.read_text(encoding="utf-8"))
    for script in found.scripts:  # the theme writes the path to the site's root into one script
        script[1] = re.sub(r'new URL\("[./]*",location\)', "new URL(ROOT,location)", script[1])
    return found


def test_the_built_site_has_no_script_handler_or_url_we_did_not_put_there(hostile_site):
    # The theme's own inline scripts, as a hand-written page carries them.
    theirs = {text for attributes, text in inventory(hostile_site / "about" / "index.html").scripts if "src" not in attributes}
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        found = inventory(page)
        for attributes, text in found.scripts:
            if "src" in attributes:
                assert any(pattern.fullmatch(attributes["src"]) for pattern in OUR_SCRIPTS), (page, attributes)
            elif attributes.get("type") != "application/json":  # Material's settings, data only
                assert text in theirs, (page, text[:80])
        inventory_ = found
        assert inventory_.handlers == [], page
        for url in inventory_.urls:
            assert scheme_of(url) in (None, "http", "https", "mailto"), (page, url)


def test_escaped_text_stays_text(hostile_site):
    page = (hostile_site / "practices" / "title-entities" / "index.html").read_text()
    assert "<script>alert(1)" not in page
    assert "<h1>Dakar &amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp; Co</h1>" in page


def test_a_fake_fragment_marker_in_a_body_injects_nothing(hostile_site):
    page = (hostile_site / "practices" / "fake-fragment-marker" / "index.html").read_text()
    assert page.count('class="practice-facts"') == 1
    assert "generated fragment" not in page


# --- generated front matter -------------------------------------------------------

FIELDS = ["title", "summary", "city", "country", "themes", "sources", "last_reviewed", "coordinates", "level", "status", "start_year", "end_year", "sdgs", "partners", "networks", "language", "unknown"]
scalars = st.one_of(st.text(max_size=80), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates().map(str))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(FIELDS + ["name", "url", "date"]), inner, max_size=5)), max_leaves=20)


@settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=st.dictionaries(st.sampled_from(FIELDS), values, max_size=12), body=st.text(max_size=300))
def test_generated_front_matter_never_breaks_the_validator(tmp_path, meta, body):
    path = tmp_path / "generated-practice.md"
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    doc = read_practice(path, tmp_path, TODAY, REGISTRY)
    for problem in doc.problems:
        assert problem.file == "generated-practice.md" and problem.line >= 1 and problem.field and problem.message


@settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.text(max_size=300))
def test_any_text_between_the_dashes_gets_an_answer_not_a_crash(tmp_path, front):
    path = tmp_path / "any-practice.md"
    path.write_text(f"---\n{front}\n---\n## Context\n\nx\n", encoding="utf-8")
    doc = read_practice(path, tmp_path, TODAY, REGISTRY)
    for problem in doc.problems:
        assert problem.line >= 1 and problem.field and problem.message


# --- in the browser: nothing runs on load, focus or hover ------------------------------


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(hostile_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("width", [1280, 390])
def test_markup_written_as_text_never_runs_on_load_focus_or_hover(browser, hostile_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    dialogs, requests = [], []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(hostile_server + "/practices/markup-as-text/")
    # the table of contents shows the headings as text
    toc = tab.inner_text(".md-sidebar--secondary") if width > 1000 else tab.content()
    assert "Lessons <img src=x onerror=alert(1)>" in toc or "Lessons &lt;img src=x onerror=alert(1)&gt;" in toc
    for link in tab.query_selector_all(".md-nav--secondary a"):
        link.focus()
    # every element with a title, and every element of the story, is hovered and focused
    for element in tab.query_selector_all("[title], .md-content a, .md-content abbr, .md-content h3, .md-content .admonition-title"):
        for event in ("mouseover", "mouseenter", "pointerenter", "focus"):
            element.dispatch_event(event)
        box = element.bounding_box() if element.is_visible() else None
        if box and box["width"] and box["x"] >= 0:  # on a phone the desktop's sidebars sit off screen
            element.scroll_into_view_if_needed(timeout=2000)
            tab.mouse.move(*(lambda b: (b["x"] + b["width"] / 2, b["y"] + b["height"] / 2))(element.bounding_box()))
    tab.wait_for_timeout(300)
    assert tab.query_selector(".md-tooltip, .md-tooltip2") is None  # the theme builds no tooltips from titles
    assert tab.query_selector("pre.mermaid, .mermaid") is None
    screenshot(tab, f"hostile-markup-as-text-{width}")
    context.close()
    assert dialogs == []
    assert [url for url in requests if not url.startswith(hostile_server)] == []
