"""The header search override stays Material's own header but for the search."""

from __future__ import annotations

from pathlib import Path

import material

from conftest import ROOT


def test_the_header_override_differs_from_material_only_in_the_search():
    ours = (ROOT / "overrides" / "partials" / "header.html").read_text()
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text()
    start = theirs.index('    {% if "material/search" in config.plugins %}')
    end = theirs.index("    {% if config.repo_url %}")
    assert ours.endswith(theirs[end:])
    ours_body = ours[ours.index('{% set class = "md-header" %}') :]
    theirs_body = theirs[theirs.index('{% set class = "md-header" %}') :]
    assert ours_body.startswith(theirs_body[: theirs_body.index('    {% if "material/search" in config.plugins %}')])
    assert 'include "partials/pagefind-search.html"' in ours and "material/search" not in ours
    assert start < end
