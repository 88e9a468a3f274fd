"""The site's generated pages, as Markdown: each practice with its panel of
structured data, and the index pages that lead to practices (all practices by
region, one page per theme, the six suggestions).

Every value from a practice file is escaped here before it reaches Markdown, and
links are written to source paths (../themes/twinning.md) so that the site
generator resolves and checks them.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

import yaml

from . import places
from . import schema as practice_schema
from .model import Catalog, Practice

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@dataclass(frozen=True)
class Page:
    src_uri: str  # where the page sits in the site, as a Markdown source path
    markdown: str


def text(value: str) -> str:
    """A contributor's text, safe inside Markdown: no HTML, no Markdown syntax."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(" ".join(str(value).split()), quote=False))


def link(label: str, target: str, page: str, anchor: str = "") -> str:
    """A Markdown link from page `page` to the source path `target`."""
    relative = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return f"[{text(label)}]({relative}{'#' + anchor if anchor else ''})"


def external_link(label: str, url: str) -> str:
    quoted = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text(label)}](<{quoted}>)"


def front_matter(title: str, description: str) -> str:
    # MkDocs treats a page title as HTML (it takes it from a rendered heading),
    # and the theme prints it unescaped: hand it over escaped.
    meta = {"title": html.escape(title), "description": html.escape(" ".join(description.split()))}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def label(vocabulary: str, value: str | int) -> str:
    return practice_schema.vocabulary(vocabulary)[value].label


def field_label(name: str) -> str:
    return practice_schema.fields()[name]["title"]


def region_anchor(region: str) -> str:
    return re.sub(r"[^a-z]+", "-", places.region_name(region).lower()).strip("-")


def theme_uri(theme: str) -> str:
    return f"themes/{theme}.md"


# --- a practice ---------------------------------------------------------------------


def practice_page(practice: Practice) -> Page:
    page = practice.src_uri
    facts = practice_facts(practice, page)
    panel = "\n\n".join(f"{name}\n:   {value}" for name, value in facts)
    markdown = (
        front_matter(practice.title, practice.summary)
        + f'<p class="practice-summary">{html.escape(" ".join(practice.summary.split()))}</p>\n\n'
        + f'<div class="practice-facts" markdown>\n\n{panel}\n\n</div>\n\n'
        + practice.body.strip()
        + "\n"
    )
    return Page(page, markdown)


def practice_facts(practice: Practice, page: str) -> list[tuple[str, str]]:
    """The panel above a practice's story: (label, Markdown value) pairs."""
    region = practice.region
    facts = [
        (field_label("city"), text(practice.city)),
        (field_label("country"), text(places.country_name(practice.country))),
        ("Region", link(places.region_name(region), "practices/index.md", page, anchor=region_anchor(region))),
    ]
    if practice.level:
        facts.append((field_label("level"), text(label("level", practice.level))))
    if period := period_text(practice):
        facts.append(("Period", text(period)))
    if practice.status:
        facts.append((field_label("status"), text(label("status", practice.status))))
    facts.append((field_label("themes"), ", ".join(link(label("theme", t), theme_uri(t), page) for t in practice.themes)))
    if practice.sdgs:
        facts.append((field_label("sdgs"), "; ".join(text(f"{n} {label('sdg', n)}") for n in practice.sdgs)))
    if practice.recommendations:
        facts.append(
            (
                field_label("recommendations"),
                ", ".join(link(label("recommendation", r), "suggestions.md", page, anchor=r) for r in practice.recommendations),
            )
        )
    if practice.partners:
        facts.append((field_label("partners"), "\n".join(f"\n    - {partner_text(p)}" for p in practice.partners).lstrip("\n ")))
    if practice.networks:
        facts.append((field_label("networks"), text(", ".join(practice.networks))))
    facts.append((field_label("sources"), "\n".join(f"\n    {i}. {source_text(s)}" for i, s in enumerate(practice.sources, 1)).lstrip("\n ")))
    facts.append((field_label("last_reviewed"), text(practice.last_reviewed)))
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


def partner_text(partner) -> str:
    parts = [f"**{text(partner.name)}**"]
    if partner.country:
        parts[0] += f" ({text(places.country_name(partner.country))})"
    if partner.relation:
        parts.append(text(label("relation", partner.relation)))
    if partner.note:
        parts.append(text(partner.note))
    return " — ".join(parts)


def source_text(source) -> str:
    title = external_link(source.title, source.url) if source.url else f"*{text(source.title)}*"
    return ", ".join([text(source.publisher)] * bool(source.publisher) + [title] + [text(source.date)] * bool(source.date)) + "."


# --- lists of practices -------------------------------------------------------------


def practice_list(practices: list[Practice], page: str) -> str:
    items = []
    for practice in practices:
        place = f"{practice.city}, {places.country_name(practice.country)}"
        items.append(f"- {link(practice.title, practice.src_uri, page)}  \n  *{text(place)}*  \n  {text(practice.summary)}")
    return '<div class="practice-list" markdown>\n\n' + "\n".join(items) + "\n\n</div>\n"


def practices_index(catalog: Catalog) -> Page:
    page = "practices/index.md"
    countries = {p.country for p in catalog.practices}
    parts = [
        front_matter("Practices", "Every practice in the catalog, by world region."),
        f"{len(catalog.practices)} practices from {len(countries)} countries, by world region. "
        f"You can also browse them {link('by theme', 'themes/index.md', page)} or {link('by suggestion', 'suggestions.md', page)}.\n",
    ]
    for region, practices in catalog.by_region().items():
        if practices:
            parts.append(f"## {text(places.region_name(region))} {{ #{region_anchor(region)} }}\n\n{practice_list(practices, page)}")
    return Page(page, "\n".join(parts))


def themes_index(catalog: Catalog) -> Page:
    page = "themes/index.md"
    rows = []
    for theme, practices in catalog.by_theme().items():
        term = practice_schema.vocabulary("theme")[theme]
        rows.append(f"- {link(term.label, theme_uri(theme), page)} ({len(practices)}): {text(term.description)}")
    body = "Each practice is filed under one to six themes.\n\n" + "\n".join(rows) + "\n"
    return Page(page, front_matter("Themes", "Practices of local governments' international action, by theme.") + body)


def theme_page(theme: str, practices: list[Practice]) -> Page:
    page = theme_uri(theme)
    term = practice_schema.vocabulary("theme")[theme]
    listing = practice_list(practices, page) if practices else f"No practice on this theme yet. {link('Share one', 'contribute.md', page)}.\n"
    body = f"{text(term.description)}\n\n{listing}\n{link('All themes', 'themes/index.md', page)}\n"
    return Page(page, front_matter(term.label, term.description) + body)


SUGGESTIONS_INTRO = (
    "At the close of a Metropolis webinar on internationalisation (25 February 2021), Santiago Betancur "
    "of the AL-Las Project offered six suggestions for local governments that act internationally, "
    "starting from the interests and priorities of their own territory. Each is listed here with the "
    "practices that illustrate it."
)


def suggestions_page(catalog: Catalog) -> Page:
    page = "suggestions.md"
    parts = [front_matter("Six suggestions", "Six suggestions for the internationalisation of local governments, with practices that illustrate them."), SUGGESTIONS_INTRO + "\n"]
    for slug, practices in catalog.by_recommendation().items():
        term = practice_schema.vocabulary("recommendation")[slug]
        listing = practice_list(practices, page) if practices else "No practice illustrates this suggestion yet.\n"
        parts.append(f"## {text(term.label)} {{ #{slug} }}\n\n{text(term.description)}\n\n{listing}")
    return Page(page, "\n".join(parts))


def site_pages(catalog: Catalog) -> list[Page]:
    """Every page generated from the catalog."""
    pages = [practice_page(p) for p in catalog.practices]
    pages += [practices_index(catalog), themes_index(catalog), suggestions_page(catalog)]
    pages += [theme_page(theme, practices) for theme, practices in catalog.by_theme().items()]
    return pages
