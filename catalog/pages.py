"""The site's generated pages: each practice with its panel of structured data
above the contributor's story, and the index pages that lead to practices (all
practices by region, one page per theme, the six suggestions).

Generated parts are written as HTML inside the Markdown, every value from a
practice file escaped here: that is both the safe way to print a contributor's
text and several times faster to build than the same lists in Markdown. Only the
practice's own body and the headings of index pages (for the table of contents)
go through Markdown.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache

from . import places
from . import schema as practice_schema
from .model import Catalog, Partner, Practice, Source


@dataclass
class Page:
    """A generated page: Markdown for the site generator, and HTML fragments to put
    in place of their markers once the Markdown is rendered. Fragments skip the
    Markdown parser, which would otherwise re-read every tag of every list."""

    src_uri: str  # where the page sits in the site, as a Markdown source path
    markdown: str = ""
    fragments: dict[str, str] = field(default_factory=dict)  # marker -> HTML

    def fragment(self, html_text: str) -> str:
        """A Markdown block standing for `html_text` until the page is rendered."""
        marker = f"<!-- generated fragment {len(self.fragments) + 1} -->"
        self.fragments[marker] = html_text
        return f"{marker}\n\n"

    def fill(self, rendered: str) -> str:
        """The rendered page with every fragment in place of its marker."""
        for marker, html_text in self.fragments.items():
            if marker not in rendered:
                raise ValueError(f"{self.src_uri}: the marker of a generated fragment was lost in rendering")
            rendered = rendered.replace(marker, html_text, 1)
        return rendered


def escape(value: object) -> str:
    """A contributor's text as HTML text, white space folded."""
    return html.escape(" ".join(str(value).split()))


def front_matter(title: str, description: str, searchable: bool = True) -> str:
    # MkDocs treats a page title as HTML (it takes it from a rendered heading) and
    # the theme prints it unescaped: hand it over escaped. JSON strings are valid
    # YAML, and json.dumps is much faster than PyYAML's emitter.
    lines = [f"title: {json.dumps(escape(title), ensure_ascii=False)}", f"description: {json.dumps(escape(description), ensure_ascii=False)}"]
    if not searchable:  # lists of practices would crowd out the practices themselves
        lines.append("search:\n  exclude: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


class Links:
    """Relative links between pages, following the site's URL style: with
    directory URLs, practices/dakar.md is served at practices/dakar/."""

    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls

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
        page_url = self.url(page)
        base = page_url.rstrip("/") if self.directory_urls else posixpath.dirname(page_url)
        return html.escape(self._relative(base, self.url(target)) + (f"#{anchor}" if anchor else ""))

    @staticmethod
    @cache  # every practice page links to the same few index pages
    def _relative(base: str, target_url: str) -> str:
        relative = posixpath.relpath(target_url.rstrip("/") or ".", base or ".")
        if target_url.endswith("/") or not target_url:
            relative = "./" if relative == "." else relative + "/"
        return relative

    def a(self, label: str, page: str, target: str, anchor: str = "") -> str:
        return f'<a href="{self.href(page, target, anchor)}">{escape(label)}</a>'


def label(vocabulary: str, value: str | int) -> str:
    return practice_schema.vocabulary(vocabulary)[value].label


@cache
def field_label(name: str) -> str:
    return practice_schema.fields()[name]["title"]


def region_anchor(region: str) -> str:
    return re.sub(r"[^a-z]+", "-", places.region_name(region).lower()).strip("-")


def theme_uri(theme: str) -> str:
    return f"themes/{theme}.md"


# --- a practice ---------------------------------------------------------------------


def practice_page(practice: Practice, links: Links) -> Page:
    page = Page(practice.src_uri)
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in practice_facts(practice, page.src_uri, links))
    panel = f'<p class="practice-summary">{escape(practice.summary)}</p>\n<div class="practice-facts"><dl>{rows}</dl></div>'
    page.markdown = front_matter(practice.title, practice.summary) + page.fragment(panel) + practice.body.strip() + "\n"
    return page


def practice_facts(practice: Practice, page: str, links: Links) -> list[tuple[str, str]]:
    """The panel above a practice's story: (label, HTML value) pairs."""
    region = practice.region
    facts = [
        (field_label("city"), escape(practice.city)),
        (field_label("country"), escape(places.country_name(practice.country))),
        ("Region", links.a(places.region_name(region), page, "practices/index.md", region_anchor(region))),
    ]
    if practice.level:
        facts.append((field_label("level"), escape(label("level", practice.level))))
    if period := period_text(practice):
        facts.append(("Period", escape(period)))
    if practice.status:
        facts.append((field_label("status"), escape(label("status", practice.status))))
    facts.append((field_label("themes"), ", ".join(links.a(label("theme", t), page, theme_uri(t)) for t in practice.themes)))
    if practice.sdgs:
        facts.append((field_label("sdgs"), "; ".join(escape(f"{n} {label('sdg', n)}") for n in practice.sdgs)))
    if practice.recommendations:
        facts.append((field_label("recommendations"), ", ".join(links.a(label("recommendation", r), page, "suggestions.md", r) for r in practice.recommendations)))
    if practice.partners:
        facts.append((field_label("partners"), "<ul>" + "".join(f"<li>{partner_html(p)}</li>" for p in practice.partners) + "</ul>"))
    if practice.networks:
        facts.append((field_label("networks"), escape(", ".join(practice.networks))))
    facts.append((field_label("sources"), "<ol>" + "".join(f"<li>{source_html(s)}</li>" for s in practice.sources) + "</ol>"))
    facts.append((field_label("last_reviewed"), f'<time datetime="{escape(practice.last_reviewed)}">{escape(practice.last_reviewed)}</time>'))
    return facts


def period_text(practice: Practice) -> str:
    start, end = practice.start_year, practice.end_year
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return ""


def partner_html(partner: Partner) -> str:
    parts = [f"<strong>{escape(partner.name)}</strong>"]
    if partner.country:
        parts[0] += f" ({escape(places.country_name(partner.country))})"
    if partner.relation:
        parts.append(escape(label("relation", partner.relation)))
    if partner.note:
        parts.append(escape(partner.note))
    return " — ".join(parts)


def source_html(source: Source) -> str:
    # The schema allows only http(s) addresses; escaping keeps the attribute closed.
    title = f'<a href="{html.escape(source.url)}">{escape(source.title)}</a>' if source.url else f"<cite>{escape(source.title)}</cite>"
    parts = [escape(source.publisher)] * bool(source.publisher) + [title] + [escape(source.date)] * bool(source.date)
    return ", ".join(parts) + "."


# --- lists of practices -------------------------------------------------------------


def practice_list(practices: list[Practice], page: str, links: Links) -> str:
    items = "".join(
        f'<li>{links.a(p.title, page, p.src_uri)}<span class="practice-place">{escape(p.city)}, '
        f'{escape(places.country_name(p.country))}</span><span class="practice-summary">{escape(p.summary)}</span></li>\n'
        for p in practices
    )
    return f'<div class="practice-list"><ul>\n{items}</ul></div>\n'


def practices_index(catalog: Catalog, links: Links) -> Page:
    page = Page("practices/index.md")
    countries = {p.country for p in catalog.practices}
    parts = [
        front_matter("Practices", "Every practice in the catalog, by world region.", searchable=False),
        page.fragment(
            f"<p>{len(catalog.practices)} practices from {len(countries)} countries, by world region. You can also browse them "
            f"{links.a('by theme', page.src_uri, 'themes/index.md')} or {links.a('by suggestion', page.src_uri, 'suggestions.md')}.</p>"
        ),
    ]
    for region, practices in catalog.by_region().items():
        if practices:
            parts.append(f"## {escape(places.region_name(region))} {{ #{region_anchor(region)} }}\n\n")
            parts.append(page.fragment(practice_list(practices, page.src_uri, links)))
    page.markdown = "".join(parts)
    return page


def themes_index(catalog: Catalog, links: Links) -> Page:
    page = Page("themes/index.md")
    vocabulary = practice_schema.vocabulary("theme")
    rows = "".join(
        f"<li>{links.a(vocabulary[theme].label, page.src_uri, theme_uri(theme))} ({len(practices)}): {escape(vocabulary[theme].description)}</li>\n"
        for theme, practices in catalog.by_theme().items()
    )
    page.markdown = front_matter("Themes", "Practices of local governments' international action, by theme.", searchable=False) + page.fragment(
        f"<p>Each practice is filed under one to six themes.</p>\n<ul>\n{rows}</ul>"
    )
    return page


def theme_page(theme: str, practices: list[Practice], links: Links) -> Page:
    page = Page(theme_uri(theme))
    term = practice_schema.vocabulary("theme")[theme]
    if practices:
        listing = practice_list(practices, page.src_uri, links)
    else:
        listing = f"<p>No practice on this theme yet. {links.a('Share one', page.src_uri, 'contribute.md')}.</p>"
    page.markdown = front_matter(term.label, term.description, searchable=False) + page.fragment(
        f"<p>{escape(term.description)}</p>\n{listing}\n<p>{links.a('All themes', page.src_uri, 'themes/index.md')}</p>"
    )
    return page


SUGGESTIONS_INTRO = (
    "At the close of a Metropolis webinar on internationalisation (25 February 2021), Santiago Betancur "
    "of the AL-Las Project offered six suggestions for local governments that act internationally, "
    "starting from the interests and priorities of their own territory. Each is listed here with the "
    "practices that illustrate it."
)


def suggestions_page(catalog: Catalog, links: Links) -> Page:
    page = Page("suggestions.md")
    parts = [
        front_matter("Six suggestions", "Six suggestions for the internationalisation of local governments, with practices that illustrate them.", searchable=False),
        page.fragment(f"<p>{escape(SUGGESTIONS_INTRO)}</p>"),
    ]
    for slug, practices in catalog.by_recommendation().items():
        term = practice_schema.vocabulary("recommendation")[slug]
        listing = practice_list(practices, page.src_uri, links) if practices else "<p>No practice illustrates this suggestion yet.</p>"
        parts.append(f"## {escape(term.label)} {{ #{slug} }}\n\n")
        parts.append(page.fragment(f"<p>{escape(term.description)}</p>\n{listing}"))
    page.markdown = "".join(parts)
    return page
