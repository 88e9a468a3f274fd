"""The header override stays Material's own header but for two marked changes."""

from __future__ import annotations

from pathlib import Path

import material
from conftest import ROOT


def body(template: str) -> str:
    """A template without its opening comment."""
    return template[template.index("-#}") + 4 :]


def test_the_header_override_is_materials_header_with_two_marked_changes():
    ours = body((ROOT / "overrides" / "partials" / "header.html").read_text())
    theirs = body((Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text())
    search_start = theirs.index('    {% if "material/search" in config.plugins %}')
    their_search = theirs[search_start : theirs.index("    {% if config.repo_url %}")]
    their_languages = '    {% if config.extra.alternate %}\n      {% include "partials/alternate.html" %}\n    {% endif %}\n'
    languages_end = '{% include "partials/languages.html" %}\n'
    search_end = '{% include "partials/pagefind-search.html" %}\n'
    our_languages = ours[ours.index("    {#- Changed from Material: a language switcher") : ours.index(languages_end) + len(languages_end)]
    our_search = ours[ours.index("    {#- Changed from Material: the search") : ours.index(search_end) + len(search_end)]
    assert ours.replace(our_languages, their_languages).replace(our_search, their_search) == theirs
