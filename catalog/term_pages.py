"""The pages that sort practices by what they are about: the list of all
practices, and the themes, sectors, Sustainable Development Goals and
suggestions, each with its index."""

from __future__ import annotations

from .fields import sdg_label
from .pages import Page, escape, front_matter
from .render import Context
from .routes import ACTORS, COOPERATION, COUNTRIES, EXPLORE, MAP, PRACTICES, SDGS, SECTORS, SUGGESTIONS, THEMES, region_uri, sdg_uri, sector_uri, suggestion_uri, theme_uri


def practices_index(ctx: Context) -> Page:
    w, a = ctx.words, ctx.links.a
    page = Page(PRACTICES, lists=frozenset(p.slug for p in ctx.catalog.practices), family="all")
    here = page.src_uri
    countries = {p.country for p in ctx.catalog.practices if p.country}
    browse = {
        "theme": a(w("browse.theme"), here, THEMES),
        "sector": a(w("browse.sector"), here, SECTORS),
        "country": a(w("browse.country"), here, COUNTRIES),
        "city": a(w("browse.city"), here, ACTORS),
        "sdg": a(w("browse.sdg"), here, SDGS),
        "suggestion": a(w("browse.suggestion"), here, SUGGESTIONS),
        "cooperation": a(w("browse.cooperation"), here, COOPERATION),
        "map": a(w("browse.map"), here, MAP),
    }
    parts = [
        front_matter(w("practices.title"), w("practices.description")),
        page.fragment(
            "<p>"
            + w.html(
                "practices.intro",
                practices=escape(w.count("count.practices", len(ctx.catalog.practices))),
                countries=escape(w.count("count.countries", len(countries))),
                explore=a(w("browse.explore"), here, EXPLORE),
            )
            + f'</p><nav class="browse" aria-label="{escape(w("browse.aria"))}"><p>'
            + w.html("practices.browse", **browse)
            + "</p></nav>"
        ),
    ]
    for region, practices in ctx.catalog.by_region().items():
        if practices:
            parts.append(f"## {escape(w.region(region))}\n\n")
            parts.append(page.fragment(f"<p>{a(w('region.all', region=w.region(region)), here, region_uri(region))}</p>" + ctx.practice_list(practices, here)))
    page.markdown = "".join(parts)
    return page


def term_index(ctx: Context, src_uri: str, prefix: str, groups: dict, label, uri, describe=None, ordered: bool = False) -> Page:
    """The index of a vocabulary (themes, goals, suggestions): each term, its
    number of practices and what it means, linking to its page."""
    w = ctx.words
    page = Page(src_uri)
    rows = "".join(
        f"<li>{ctx.links.a(label(value), src_uri, uri(value))} ({len(practices)})" + (f": {escape(describe(value))}" if describe else "") + "</li>\n"
        for value, practices in groups.items()
    )
    tag = "ol" if ordered else "ul"
    page.markdown = front_matter(w(f"{prefix}.title"), w(f"{prefix}.description")) + page.fragment(f"<p>{escape(w(f'{prefix}.intro'))}</p>\n<{tag}>\n{rows}</{tag}>")
    return page


def described_pages(ctx: Context, vocabulary: str, groups: dict, index: str, prefix: str, uri, family: str, ordered: bool = False) -> list[Page]:
    """A described vocabulary's index and a page per value (themes, sectors,
    suggestions): each value's label and meaning, and its practices."""
    w = ctx.words
    label, describe = (lambda value: w.term(vocabulary, value)), (lambda value: w.description(vocabulary, value))
    pages = [term_index(ctx, index, prefix, groups, label, uri, describe, ordered=ordered)]
    for value, practices in groups.items():
        intro = f"<p>{escape(describe(value))} {ctx.links.a(w(f'{prefix}.all'), uri(value), index)}.</p>"
        pages.append(ctx.listing_page(uri(value), label(value), describe(value), intro, practices, family))
    return pages


def theme_pages(ctx: Context) -> list[Page]:
    return described_pages(ctx, "theme", ctx.catalog.by_theme(), THEMES, "themes", theme_uri, "theme")


def sector_pages(ctx: Context) -> list[Page]:
    return described_pages(ctx, "sector", ctx.catalog.by_sector(), SECTORS, "sectors", sector_uri, "sector")


def suggestion_pages(ctx: Context) -> list[Page]:
    return described_pages(ctx, "recommendation", ctx.catalog.by_recommendation(), SUGGESTIONS, "suggestions", suggestion_uri, "suggestion", ordered=True)


def sdg_pages(ctx: Context) -> list[Page]:
    w = ctx.words
    groups = ctx.catalog.by_sdg()
    pages = [term_index(ctx, SDGS, "sdgs", groups, lambda n: sdg_label(w, n), sdg_uri)]
    for number, practices in groups.items():
        title = w("sdg.title", label=sdg_label(w, number))
        intro = "<p>" + w.html("sdg.intro", number=str(number), all=ctx.links.a(w("sdgs.all"), sdg_uri(number), SDGS)) + "</p>"
        pages.append(ctx.listing_page(sdg_uri(number), title, w("sdg.description", title=title), intro, practices, "sdg"))
    return pages
