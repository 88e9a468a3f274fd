"""Trust, second round: the sinks outside a practice's body (table of contents,
tooltips, theme classes), the validator reading the Markdown the build renders,
bodies built to hang the renderer, values built to crash the reader, and pages
that would silently merge. Each case is refused with file, line and field, or
accepted and published harmlessly."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import REGISTRY, FIXTURES, ROOT, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import load_catalog
from catalog.model import check_paths
from catalog.safety import CLASSES, clean_body, shape
from catalog.actors import read_registry
from catalog.site import Site
from catalog.story import MAX_CHARACTERS, render, to_html

MINIMAL = (FIXTURES / "valid" / "minimal-practice.md").read_text(encoding="utf-8")
FRONT, _, _ = MINIMAL.partition("\n## Context")
BODY_LINE = FRONT.count("\n") + 2  # the line "## Context" is on


def practice_file(folder: Path, body_extra: str = "", front_extra: str = "", name: str = "hostile-practice.md", front: str = FRONT) -> Path:
    """The minimal practice with more lines in its front matter and after its Context."""
    text = front.replace("\n---\n", f"\n{front_extra}---\n", 1) if front_extra else front
    path = folder / name
    path.write_text(f"{text}\n## Context\n\nSome context.\n{body_extra}\n\n## What was done\n\nSome actions.\n\n## Lessons for other cities\n\nSome lessons.\n", encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    started = time.perf_counter()
    _, problems = check_paths([path], root=path.parent, today=TODAY, registry=REGISTRY)
    assert time.perf_counter() - started < 10, "every file gets an answer in seconds"
    return problems


EXTRA_LINE = BODY_LINE + 3  # the first line of body_extra


# --- sinks outside the body: table of contents, tooltips, theme classes -----------

REFUSED_BODIES = {
    # the table of contents
    "heading with an attribute list breaking out of an id": ('### Partners {#p" tabindex=1 autofocus onfocus="alert(document.domain)}', "{ } attributes are not supported"),
    "heading with a comment hidden in an attribute": ('### Results <abbr title="a<!--">r</abbr> --><img src=x onerror=alert(1)>', "heading holds markup"),
    "heading with inline HTML": ("### The <em>second</em> phase", "heading holds markup"),
    "heading with a link": ("### See [the plan](https://example.org)", "heading holds markup"),
    # tooltips
    "link title with encoded markup": ('[the plan](https://example.org "&lt;img src=x onerror=alert(2)&gt;")', "title or abbreviation holds markup"),
    "abbreviation with encoded markup": ("The UN helped.\n\n*[UN]: &lt;svg onload=alert(3)&gt;", "title or abbreviation holds markup"),
    "raw title attribute with encoded markup": ("<abbr title='x&lt;img src=x onerror=alert(4)&gt;'>x</abbr>", "title or abbreviation holds markup"),
    # the theme's classes
    "admonition of a theme class": ('!!! md-consent "Sign in again"\n    Your session expired.', 'the class "md-consent" is not allowed'),
    "admonition asking for mermaid": ("!!! mermaid\n    graph TD; A-->B", 'the class "mermaid" is not allowed'),
    "raw div with a theme class": ('<div class="md-dialog md-dialog--active">Sign in</div>', 'the class "md-dialog" is not allowed'),
    "raw pre asking for mermaid": ('<pre class="mermaid">graph TD; A-->B</pre>', 'the class "mermaid" is not allowed'),
    "layout classes on a box": ("!!! note inline end\n    Aside.", 'the class "inline" is not allowed'),
    # ids the site's scripts use
    "raw element taking the search box's id": ('<span id="site-search-input">x</span>', "cannot be used as an anchor"),
    # links
    "relative link": ("[other practice](../other-practice/)", "is not a full web address"),
    "javascript link with a tab": ("[x](java\tscript:alert(5))", 'a link uses "javascript:"'),
    "stray closing tag": ("Text.\n\n</div>", "not well formed"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_BODIES))
def test_markup_the_page_would_not_carry_is_refused_with_its_line(tmp_path, case):
    body, words = REFUSED_BODIES[case]
    problems = problems_of(practice_file(tmp_path, "\n" + body))
    assert problems, case
    lines = range(EXTRA_LINE + 1, EXTRA_LINE + 2 + body.count("\n"))  # the line written, within the case's lines
    assert any(p.field == "body" and words in p.message and p.line in lines for p in problems), [str(p) for p in problems]


ACCEPTED_BODIES = {
    "entities in a heading stay text": "### Lessons &lt;img src=x onerror=alert(6)&gt;",
    "a plain abbreviation": "The UN helped.\n\n*[UN]: United Nations",
    "a plain link title": '[the plan](https://example.org "The plan of 2020")',
    "an abbreviation with an apostrophe": "L'AIMF aide.\n\n*[AIMF]: l'Association internationale des maires francophones",
    "a raw title with a quote stays one attribute": "<abbr title='x\" onmouseover=alert(4)'>x</abbr>",
    "a warning box": '!!! warning "Keep in mind"\n    The budget was cut.',
    "a collapsible box": "??? note\n    Details.",
    "a mermaid code fence is only code": "```mermaid\ngraph TD; A-->B\n```",
    "footnotes": "A claim.[^1]\n\n[^1]: A note.",
}


@pytest.mark.parametrize("case", sorted(ACCEPTED_BODIES))
def test_harmless_markup_is_accepted(tmp_path, case):
    assert problems_of(practice_file(tmp_path, "\n" + ACCEPTED_BODIES[case])) == []


def test_a_quote_in_a_title_stays_inside_the_attribute(tmp_path):
    practice_file(tmp_path, "\n<abbr title='x\" onmouseover=alert(4)'>x</abbr>")
    story = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices[0].story
    assert [part for part in shape(story.html) if part[0] == "abbr"] == [("abbr", (("title", 'x" onmouseover=alert(4)'),))]


def test_the_table_of_contents_is_text_with_safe_ids(tmp_path):
    practice_file(tmp_path, "\n### Lessons &lt;img src=x onerror=alert(6)&gt;\n\n### Context\n\nx")
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    page = Site(catalog).practice_page(catalog.practices[0])
    headings = [page.toc[0], *page.toc[0].children]
    assert headings[1].title == "Lessons <img src=x onerror=alert(6)>"  # text, escaped where it is printed
    assert all(re.fullmatch(r"[\w-]+", h.id) for h in headings)
    assert len({h.id for h in headings}) == len(headings)  # "Context" twice gets two ids


def test_the_theme_builds_no_tooltips():
    assert "content.tooltips" not in (ROOT / "mkdocs.yml").read_text()


# --- the validator reads what the build renders -------------------------------------


def test_markup_after_a_line_starting_with_inline_code_is_still_checked(tmp_path):
    body = "\n```x``` is inline code, not a fence.\n\n<script>alert(7)</script>\n\n[x](javascript:alert(8))\n\n```y``` again."
    problems = problems_of(practice_file(tmp_path, body))
    lines = {(p.line, p.message.split(" ")[3]) for p in problems}
    assert any("<script>" in p.message and p.line == EXTRA_LINE + 3 for p in problems), [str(p) for p in problems]
    assert any('"javascript:"' in p.message and p.line == EXTRA_LINE + 5 for p in problems), lines


def test_code_is_shown_and_never_refused(tmp_path):
    body = "\n```html\n<script>alert(9)</script>\n```\n\n`<img src=x onerror=alert(10)>` is how an attack looks."
    path = practice_file(tmp_path, body)
    assert problems_of(path) == []
    story = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices[0].story
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in story.html and "<script" not in story.html


# --- hangs and crashes ----------------------------------------------------------------


@pytest.mark.parametrize("piece", ["<a ", "<!--", "{", "[", "[^1]", "*[A]: x\n", "> ", "  - ", "![", "`", "*"])
def test_a_body_built_to_hang_the_renderer_gets_an_answer_in_seconds(tmp_path, piece):
    for size in (MAX_CHARACTERS - 1000, 900_000):
        path = practice_file(tmp_path, "\n" + piece * (size // len(piece)))
        problems = problems_of(path)  # asserts the answer came within seconds
        assert all(p.line >= 1 and p.field for p in problems)


def test_the_longest_allowed_body_renders_quickly():
    # Within the limits, the slowest constructs measured still render in well under a second.
    worst = [
        "[x] " * 240 + "\n\n" + "[^n] " * 290 + "\n\n",
        "*[A]: x\n" * 100 + "\n" + "A " * 5000,
        "\n".join("  " * depth + "- item" for depth in range(12)) * 60,
        "> " * 12 + "quote\n" * 2000,
        "| a | b |\n|---|---|\n" + "| x | y |\n" * 5000,
    ]
    for body in worst:
        body = body[:MAX_CHARACTERS]
        started = time.perf_counter()
        render(body)
        assert time.perf_counter() - started < 3, body[:40]


def test_a_year_of_five_thousand_digits_is_refused_not_a_crash(tmp_path):
    problems = problems_of(practice_file(tmp_path, front_extra="start_year: " + "9" * 5000 + "\n"))
    assert [(p.field, "far too many" in p.message) for p in problems] == [("start_year", True)]


def test_hundreds_of_long_source_titles_are_refused_not_a_crash(tmp_path):
    sources = "".join(f"  - title: {'Long title ' * 27}{n}\n" for n in range(450))
    front = FRONT.replace("sources:\n  - title: A source\n", "sources:\n" + sources)
    problems = problems_of(practice_file(tmp_path, front=front))
    assert [(p.field, p.line) for p in problems] == [("sources", 6)] and "the most is 30" in problems[0].message


# --- silent merges and misleading failures ---------------------------------------------


@pytest.mark.parametrize(
    ("where", "text", "field", "words"),
    [
        ("title", "Minimal practice\x01 of a city", "title", "control character (U+0001)"),
        ("city", "Da\x7fkar", "city", "control character (U+007F)"),
        ("summary", "The smallest valid practice, with only the required fields\x85 and sections.", "summary", "control character (U+0085)"),
        ("title", "Minimal practice \u202eytic a fo", "title", "direction mark (U+202E)"),
        ("title", '"Minimal practice \\ud800 of a city"', "title", "a character that does not exist"),
        ("title", '"Minimal practice \\x02 of a city"', "title", "control character (U+0002)"),
    ],
)
def test_invisible_characters_in_a_field_are_refused_with_line_and_field(tmp_path, where, text, field, words):
    front = re.sub(rf"^{where}: .*$", lambda _: f"{where}: {text}", FRONT, count=1, flags=re.M)
    problems = problems_of(practice_file(tmp_path, front=front))
    line = next(n for n, line in enumerate(front.split("\n"), 1) if line.startswith(f"{where}:"))
    assert [(p.field, p.line) for p in problems] == [(field, line)] and words in problems[0].message, [str(p) for p in problems]


def test_an_invisible_character_in_the_body_is_refused_with_its_line(tmp_path):
    problems = problems_of(practice_file(tmp_path, "\nA line with a \x1b escape."))
    assert [(p.field, p.line) for p in problems] == [("body", EXTRA_LINE + 1)]


def test_titles_differing_only_by_invisible_characters_are_duplicates(tmp_path):
    practice_file(tmp_path, name="first-practice.md")
    practice_file(tmp_path, name="second-practice.md", front=FRONT.replace("Minimal practice", "Mini\u200bmal\u2060 practice"))
    _, problems = check_paths([tmp_path], root=tmp_path, today=TODAY, registry=REGISTRY)
    assert [(p.file, p.field) for p in problems] == [("second-practice.md", "title")]


def test_actors_named_in_other_scripts_keep_pages_of_their_own(tmp_path):
    actors, practices = tmp_path / "actors", tmp_path / "practices"
    actors.mkdir(), practices.mkdir()
    for actor_id, city in (("moscow", "Москва"), ("kazan", "Казань"), ("tokyo", "東京")):
        (actors / f"{actor_id}.md").write_text(f"---\nname: {city}\nkind: municipality\ncountry: {'JP' if actor_id == 'tokyo' else 'RU'}\n---\n")
        practice_file(practices, name=f"{actor_id}-practice.md", front=FRONT.replace("city: Dakar", f"city: {city}").replace("Minimal practice", f"Practice of {actor_id}"))
    registry, found = read_registry(actors, tmp_path)
    assert found == []
    site = Site(load_catalog(practices, root=tmp_path, today=TODAY, registry=registry))
    pages = {p.src_uri: p for p in site.pages() if p.src_uri.startswith("actors/") and p.src_uri != "actors/index.md"}
    assert sorted(pages) == ["actors/kazan.md", "actors/moscow.md", "actors/tokyo.md"] and all(len(page.lists) == 1 for page in pages.values())
    assert '"東京"' in pages["actors/tokyo.md"].markdown


def test_an_actor_named_index_does_not_take_the_index_of_actors(tmp_path):
    actors, practices = tmp_path / "actors", tmp_path / "practices"
    actors.mkdir(), practices.mkdir()
    (actors / "index.md").write_text("---\nname: Index\nkind: municipality\ncountry: SN\n---\n")
    (actors / "index-town.md").write_text("---\nname: Index\nkind: municipality\ncountry: SN\n---\n")
    shutil.copy(ROOT / "actors" / "dakar.md", actors / "dakar.md")
    registry, found = read_registry(actors, tmp_path)
    assert [(p.file, p.field) for p in found] == [("actors/index.md", "file name")] and "reserved" in found[0].message
    practice_file(practices, front_extra="partners:\n  - name: Index\n")
    uris = [page.src_uri for page in Site(load_catalog(practices, root=tmp_path, today=TODAY, registry=registry)).pages()]
    assert len(uris) == len(set(uris)) and "actors/index-town.md" in uris and uris.count("actors/index.md") == 1


# --- a fuzz test over every vector at once ---------------------------------------------

VECTORS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "[x](jav&#x61;script:alert(1))",
    '{: onclick="alert(1)" }', '{#a" onfocus="alert(1)}', "<!--", "-->", "```", "~~~", "`", "<a ", "{", "[", "[^1]", "[^1]: n",
    "*[UN]: &lt;b&gt;", "*[UN]: United Nations", "UN", '"&lt;img&gt;"', "!!! md-consent", "!!! note", "!!! mermaid", "    ",
    '<div class="mermaid">', '<span title="a<!--">', "</div>", "## Heading", "### <em>x</em>", "&lt;script&gt;", "<abbr title='x'>",
    "[a](https://example.org \"t\")", "[a](../x/)", "\n", "\n\n", "- ", "> ", "| a |\n|---|\n| b |", "\u00a0", "é",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(st.sampled_from(VECTORS), st.text(max_size=12)), max_size=40))
def test_any_mix_of_vectors_is_refused_with_a_line_or_published_unchanged(tmp_path, pieces):
    path = practice_file(tmp_path, "\n" + "".join(pieces))
    problems = problems_of(path)
    for problem in problems:
        assert problem.file == path.name and problem.line >= 1 and problem.field and problem.message
    if problems:
        return
    story = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices[0].story
    # Accepted means the sanitiser had nothing to remove: the validator and the
    # build agree on the same rendering.
    raw, _ = to_html(path.read_text(encoding="utf-8").partition("\n---\n")[2])
    assert shape(clean_body(raw)) == shape(raw) == shape(story.html)
    for part in shape(story.html):
        if isinstance(part, tuple) and len(part) == 2:
            tag, attributes = part
            assert tag not in ("script", "img", "iframe", "style"), part
            for name, value in attributes:
                assert not name.startswith("on") and "javascript" not in value.lower(), part
                if name == "class":
                    assert all(c in CLASSES or (tag == "code" and c.startswith("language-")) for c in value.split()), part
                if name == "title":
                    assert "<" not in value and ">" not in value, part
