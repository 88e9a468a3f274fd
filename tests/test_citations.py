"""Citations: sources carry an id, the text cites them with [^id], the build writes
the notes in the page's language and links them to the panel's list of sources."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES, REGISTRY, TODAY

from catalog.languages import LANGUAGES
from catalog.citations import MESSAGES, cite, markers_in
from catalog.model import Source, check_paths, load_catalog
from catalog.problems import translation
from catalog.reading import read_document
from catalog.safety import VOID, shape
from catalog.site import Site
from catalog.story import render
from catalog.validation import document_version

MINIMAL = (FIXTURES / "valid" / "minimal-practice.md").read_text()
TWO_SOURCES = """sources:
  - id: metropolis-2021
    title: How the pandemic highlighted the need for international action
    publisher: Metropolis
    date: 2021-02-25
    url: https://example.org/metropolis
  - id: annual-report
    title: Annual report
"""


def practice(tmp_path, body_context: str = "Some context.", sources: str = TWO_SOURCES, name: str = "cited-practice.md"):
    text = MINIMAL.replace("sources:\n  - title: A source\n", sources).replace("Some context.", body_context)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path, tmp_path):
    return [(p.line, p.field, str(p)) for p in check_paths([path], root=tmp_path, today=TODAY, registry=REGISTRY)[1]]


def line_of(path, words: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if words in line)


def test_every_source_cited_is_valid(tmp_path):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021] It reports on it.[^annual-report]")
    assert problems(path, tmp_path) == []


def test_a_single_source_needs_no_marker(tmp_path):
    assert problems(practice(tmp_path, sources="sources:\n  - title: A source\n"), tmp_path) == []


def test_a_marker_naming_no_source_is_an_error_with_its_line_and_a_suggestion(tmp_path):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2012] It reports on it.[^annual-report]")
    [(line, field, text)] = [p for p in problems(path, tmp_path) if "names no source" in p[2]]
    assert (line, field) == (line_of(path, "[^metropolis-2012]"), "body")
    assert 'Did you mean "metropolis-2021"?' in text


def test_a_source_never_cited_is_an_error_on_its_id(tmp_path):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021]")
    assert [(line, field) for line, field, _ in problems(path, tmp_path)] == [(line_of(path, "id: annual-report"), "sources[2].id")]
    assert "never cited" in problems(path, tmp_path)[0][2] and "[^annual-report]" in problems(path, tmp_path)[0][2]


def test_with_several_sources_each_needs_an_id(tmp_path):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021]", sources=TWO_SOURCES.replace("  - id: annual-report\n    title", "  - title"))
    [(line, field, text)] = problems(path, tmp_path)
    assert field == "sources[2]" and line == line_of(path, "title: Annual report") and 'Add a line "id: ..."' in text


def test_a_note_written_by_hand_for_a_source_is_refused_and_ids_are_unique(tmp_path):
    body = "Dakar acts abroad.[^metropolis-2021][^annual-report]\n\n[^metropolis-2021]: Metropolis, 2021."
    path = practice(tmp_path, body, sources=TWO_SOURCES + "  - id: annual-report\n    title: The same id again\n")
    found = problems(path, tmp_path)
    assert (line_of(path, "[^metropolis-2021]: Metropolis"), "body") in [(line, field) for line, field, _ in found]
    assert ("sources[3].id") in [field for _, field, _ in found]


def test_a_marker_in_code_is_code_not_a_citation(tmp_path):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021][^annual-report] Write `[^id]` to cite.")
    assert problems(path, tmp_path) == []
    [cited] = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices
    page = Site(load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)).practice_page(cited)
    html = "".join(page.fragments.values())
    assert "<code>[^id]</code>" in html


def test_the_build_writes_numbered_notes_linked_to_the_panel(tmp_path):
    practice(tmp_path, "Dakar acts abroad.[^annual-report] It says so.[^metropolis-2021][^annual-report]")
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    page = Site(catalog).practice_page(catalog.practices[0])
    html = "".join(page.fragments.values())
    # markers are numbered as the panel numbers the sources
    assert html.count('<sup class="citation"><a href="#note-annual-report">[2]</a></sup>') == 2
    assert '<sup class="citation"><a href="#note-metropolis-2021">[1]</a></sup>' in html
    assert '<li id="source-metropolis-2021">' in html and '<li id="source-annual-report">' in html
    notes = html[html.index('class="citation-notes"') :]
    assert '<li id="note-metropolis-2021" value="1">Metropolis, <em>How the pandemic highlighted the need for international action</em>, 2021-02-25. <a href="https://example.org/metropolis">Read it online</a>.' in notes
    assert '<a class="citation-source" href="#source-annual-report">(source 2 in the panel above)</a>' in notes
    assert page.toc[-1].id == "notes"  # the only practice here: no related practices after the notes
    french = Site(catalog, language="fr").practice_page(catalog.practices[0])
    assert "Lire en ligne" in "".join(french.fragments.values())


def test_a_translation_cites_with_the_same_markers(tmp_path):
    original = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021][^annual-report]", name="cited.md")
    version = document_version(read_document(original, "cited.md"))
    french = f"---\ntitle: Pratique minimale d'une ville\nsummary: La plus petite pratique valide, avec seulement les champs et les sections obligatoires.\ntranslated_from: {version}\n---\n\n## Contexte\n\nDakar agit.[^metropolis-2012]\n\n## Ce qui a été fait\n\nQuelques actions.\n\n## Leçons pour d'autres villes\n\nQuelques leçons.\n"
    (tmp_path / "cited.fr.md").write_text(french)
    found = problems(tmp_path / "cited.fr.md", tmp_path)
    assert [(line, field) for line, field, _ in found] == [(9, "body")] and 'Did you mean "metropolis-2021"?' in found[0][2]
    (tmp_path / "cited.fr.md").write_text(french.replace("2012", "2021"))
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    html = "".join(Site(catalog, language="fr").practice_page(catalog.practices[0]).fragments.values())
    assert '<a href="#note-metropolis-2021">[1]</a>' in html and "<h2 id=\"notes\">Notes</h2>" in html


def test_a_heading_cannot_take_the_id_of_a_source_or_a_note(tmp_path):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021][^annual-report]\n\n### Source annual report\n\n### Notes\n\nText.")
    [cited] = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices
    ids = [child.id for heading in cited.story.toc for child in heading.children]
    assert ids == ["section-source-annual-report", "notes-1"] and problems(path, tmp_path) == []



# --- markers are read in the text only, the same way by the validator and the page ---------


class WellFormed(HTMLParser):
    """Fails on what a browser would build otherwise than written: an end tag that
    closes another element, a link inside a link, markup inside an attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert not (tag == "a" and "a" in self.open), "a link inside a link"
        assert all("<" not in (value or "") for _, value in attrs), attrs
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()


def assert_well_formed(html: str) -> None:
    checker = WellFormed()
    checker.feed(html)
    checker.close()
    assert checker.open == [], checker.open


def elements_without_citations(html: str) -> list:
    """The elements of some HTML, as catalog.safety.shape reads them, without
    the citations the build writes (<sup class="citation"><a>[n]</a></sup>)."""
    kept, skip = [], 0
    for part in shape(html):
        if part == ("sup", (("class", "citation"),)):
            skip = 4  # its <a>, the number, </a> and </sup>
        elif skip:
            skip -= 1
        elif not isinstance(part, str):
            kept.append(part)
    return kept


# Where the case's marker stands -> (what the contributor writes, does it cite?)
WHERE_A_MARKER_STANDS = {
    "a link's address": ("See [the report](https://example.org/report/[^annual-report]).", False),
    "a link's title": ('See [the report](https://example.org/report "Annual report [^annual-report]").', False),
    "an abbreviation": ("The UN helped.\n\n*[UN]: United Nations [^annual-report]", False),
    "an HTML title": ('An <abbr title="said in [^annual-report]">MoU</abbr> was signed.', False),
    "inline code": ("Write `[^annual-report]` to cite.", False),
    "a fenced block": ("Write this:\n\n```\nIt says so.[^annual-report]\n```", False),
    "a link's words": ("See [the report[^annual-report]](https://example.org/report) for more.", True),
    "a link's words, mid-way": ("See [the report[^annual-report] of 2022](https://example.org/report).", True),
    "a paragraph": ("It reports on it.[^annual-report]", True),
    "entities": ("It reports on it.&#91;^annual-report&#93;", True),
    "a list item": ("- It reports on it.[^annual-report]\n- Another item.", True),
    "a table cell": ("| Year | Fact |\n| --- | --- |\n| 2022 | It reports on it.[^annual-report] |", True),
}


@pytest.mark.parametrize("where", WHERE_A_MARKER_STANDS)
def test_a_marker_cites_from_the_text_only_and_the_validator_reads_it_as_the_page_does(tmp_path, where):
    written, cites = WHERE_A_MARKER_STANDS[where]
    # Alone, the marker is the only citation of its source: the validator says whether it counts.
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021]\n\n" + written)
    assert [text for _, _, text in problems(path, tmp_path)] == ([] if cites else [f"{path.name}:{line_of(path, 'id: annual-report')}: sources[2].id: " + MESSAGES["uncited"].format(id="annual-report") + " " + MESSAGES["uncited.hint"].format(id="annual-report")])
    # Beside a plain citation of the same source, the page is built: it cites the marker, or leaves it alone.
    path.unlink()
    practice(tmp_path, "Dakar acts abroad.[^metropolis-2021] It reports on it.[^annual-report]\n\n" + written)
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    [cited] = catalog.practices
    html = "".join(Site(catalog).practice_page(cited).fragments.values())
    assert html.count('<a href="#note-annual-report">[2]</a>') == 1 + cites
    assert [marker.id for marker in markers_in(cited.story.html)].count("annual-report") == 1 + cites
    assert_well_formed(html)
    assert not re.search(r'="[^"]*<sup', html), "a citation written into an attribute"
    story, _ = cite(cited.story.html, cited.sources)
    assert elements_without_citations(story) == elements_without_citations(cited.story.html)


def test_a_citation_in_a_links_words_follows_the_link(tmp_path):
    practice(tmp_path, "Dakar acts abroad.[^metropolis-2021] See [the report[^annual-report] of 2022](https://example.org/report).")
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    story, _ = cite(catalog.practices[0].story.html, catalog.practices[0].sources)
    assert '<a href="https://example.org/report">the report of 2022</a><sup class="citation"><a href="#note-annual-report">[2]</a></sup>.' in story


@pytest.mark.parametrize("heading", ["## What was done [^annual-report]", "### Results[^annual-report]", "Results [^annual-report]\n-------"])
def test_a_marker_in_a_heading_is_refused_with_its_line(tmp_path, heading):
    path = practice(tmp_path, "Dakar acts abroad.[^metropolis-2021] It reports on it.[^annual-report]\n\n" + heading + "\n\nText.")
    text = path.read_text()
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "[^annual-report]" in row and not row.startswith("Dakar"))
    found = problems(path, tmp_path)
    assert [(where, field) for where, field, _ in found if "heading" in _] == [(line, "body")], found
    [message] = [text for _, _, text in found if "is in a heading" in text]
    assert "table of contents shows headings as plain text" in message and "Move [^annual-report]" in message
    for language in LANGUAGES[1:]:  # in the contributor's language too
        assert translation(MESSAGES["heading"].format(marker="annual-report"), language) and translation(MESSAGES["heading.hint"].format(marker="annual-report"), language)
    story = render(text.split("---\n", 2)[2])[0]
    assert [(m.id, m.place) for m in markers_in(story.html)][-1] == ("annual-report", "heading")
    sources = (Source("A", id="metropolis-2021"), Source("B", id="annual-report"))
    cited_html, _ = cite(story.html, sources)
    [heading_html] = [h for h in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", cited_html, re.S) if "[^annual-report]" in h]
    assert "<sup" not in heading_html  # the page writes no citation into a heading either
