"""The building blocks of generated pages: the Page with its HTML fragments,
links between pages, escaping, and where each kind of page sits in the site.

Generated parts are written as HTML inside the Markdown, every value from a
practice file escaped here: that is both the safe way to print a contributor's
text and several times faster to build than the same lists in Markdown. Only the
practice's own body and the headings of index pages (for the table of contents)
go through Markdown.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from .story import Heading


@dataclass
class Page:
    """A generated page: Markdown for the site generator, and HTML fragments to put
    in place of their markers once the Markdown is rendered. Fragments skip the
    Markdown parser, which would otherwise re-read every tag of every list.

    No contributor's text reaches the site generator's Markdown: a practice's story
    arrives rendered and cleaned (catalog.story), as a fragment, with its own table
    of contents (`toc`), which the site shows instead of one of its own making."""

    src_uri: str  # where the page sits in the site, as a Markdown source path
    markdown: str = ""
    fragments: dict[str, str] = field(default_factory=dict)  # marker -> HTML
    lists: frozenset[str] | None = None  # slugs of the practices it must list, if it lists any
    family: str | None = None  # pages of a family together list every practice: "region", "theme", ...
    places: frozenset[str] | None = None  # slugs of the places it must mark (the map)
    toc: tuple[Heading, ...] | None = None  # the page's table of contents, where the site must not make one

    def fragment(self, html_text: str) -> str:
        """A Markdown block standing for `html_text` until the page is rendered."""
        marker = f"<!-- generated fragment {len(self.fragments) + 1} -->"
        self.fragments[marker] = html_text
        return f"{marker}\n\n"

    def fill(self, rendered: str) -> str:
        """The rendered page with every fragment in place of its marker."""
        parts, position = [], 0
        for marker, html_text in self.fragments.items():
            found = rendered.find(marker, position)
            if found < 0:
                raise ValueError(f"{self.src_uri}: the marker of a generated fragment was lost in rendering")
            parts += [rendered[position:found], html_text]
            position = found + len(marker)
        parts.append(rendered[position:])
        return "".join(parts)


def escape(value: object) -> str:
    """A contributor's text as HTML text, white space folded."""
    return html.escape(" ".join(str(value).split()))


def table(headings: list[str], rows: str) -> str:
    """A table with these column headings (text) above these rows (HTML). The
    headings are parted by a space: the search index reads a page's text, and
    Pagefind (1.5) glues <th> cells together ("ValueLabelMeaning")."""
    head = " ".join(f"<th>{escape(heading)}</th>" for heading in headings)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def front_matter(title: str, description: str, hide: tuple[str, ...] = ()) -> str:
    # MkDocs treats a page title as HTML (it takes it from a rendered heading) and
    # the theme prints it unescaped: hand it over escaped. JSON strings are valid
    # YAML, and json.dumps is much faster than PyYAML's emitter.
    lines = [f"title: {json.dumps(escape(title), ensure_ascii=False)}", f"description: {json.dumps(escape(description), ensure_ascii=False)}"]
    if hide:  # Material's way to give a page the full width
        lines.append(f"hide: {json.dumps(list(hide))}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


class Links:
    """Relative links between pages, following the site's URL style: with
    directory URLs, practices/dakar.md is served at practices/dakar/."""

    def __init__(self, directory_urls: bool = True, data_root: str = ""):
        self.directory_urls = directory_urls
        self.data_root = data_root  # from this site's root to where the open-data files are
        self.targets: set[str] = set()  # every page linked to, for the build to check

    def url(self, src_uri: str) -> str:
        if not src_uri.endswith(".md"):
            return src_uri  # a file published as it is, such as the schema
        stem = src_uri.removesuffix(".md")
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    def href(self, page: str, target: str, anchor: str = "") -> str:
        """The relative address of `target` from `page`: up to the site's root,
        then down to the target. Computed by counting, since a build writes
        hundreds of thousands of links."""
        self.targets.add(target)
        relative = "../" * self.url(page).count("/") + self.url(target)
        return html.escape((relative or "./") + (f"#{anchor}" if anchor else ""))

    def data_href(self, page: str, name: str) -> str:
        """The address of an open-data file, published once for all languages."""
        return html.escape("../" * self.url(page).count("/") + self.data_root + name)

    def a(self, label: str, page: str, target: str, anchor: str = "") -> str:
        return f'<a href="{self.href(page, target, anchor)}">{escape(label)}</a>'
