"""Generated pages: links that follow the site's URL style, and contributor text
that can never become markup."""

from __future__ import annotations

import pytest
from conftest import ROOT

from catalog import load_catalog
from catalog.citations import cite
from catalog.pages import Links, escape
from catalog.site import Site


@pytest.mark.parametrize(
    ("directory_urls", "page", "target", "expected"),
    [
        (True, "practices/dakar.md", "themes/twinning.md", "../../themes/twinning/"),
        (True, "practices/dakar.md", "practices/index.md", "../../practices/"),
        (True, "practices/index.md", "practices/dakar.md", "../practices/dakar/"),
        (True, "suggestions.md", "index.md", "../"),
        (True, "index.md", "suggestions.md", "suggestions/"),
        (True, "index.md", "index.md", "./"),
        (True, "practices/dakar.md", "index.md", "../../"),
        (False, "practices/dakar.md", "themes/twinning.md", "../themes/twinning.html"),
        (False, "practices/index.md", "practices/dakar.md", "../practices/dakar.html"),
        (False, "suggestions.md", "index.md", "index.html"),
    ],
)
def test_links_follow_the_url_style(directory_urls, page, target, expected):
    assert Links(directory_urls).href(page, target) == expected


def test_contributor_text_is_escaped_and_folded():
    assert escape('A <b>"bold"</b>\n  & more') == "A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more"


def test_a_practice_page_carries_its_title_and_summary_escaped_in_its_front_matter():
    catalog = load_catalog(ROOT / "practices")
    practice = catalog.practices[0]
    page = Site(catalog).practice_page(practice)
    front, _, body = page.markdown.removeprefix("---\n").partition("\n---\n")
    assert front.splitlines()[0].startswith('title: "') and "<" not in front
    # the story reaches the page rendered and cleaned, never as Markdown
    cited, _ = cite(practice.story.html, practice.sources)
    assert "## " not in body and any(cited in fragment for fragment in page.fragments.values())
    assert [h.title for h in page.toc][:2] == ["Context", "What was done"]
