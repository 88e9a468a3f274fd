"""Where practices happen and who carries them out: the pages of world regions,
countries and actors (cities, regions, networks, organisations), the index of
actors by kind and by country, and the list of cooperation links."""

from __future__ import annotations

from . import places
from . import schema as practice_schema
from .actors import folded
from .cooperation import Link, Place
from .model import Practice
from .pair_pages import together_section
from .pages import Page, escape, front_matter
from .render import Context, count_by, lang_attribute
from .routes import ACTORS, COOPERATION, COUNTRIES, MAP, PROPOSE, country_uri, region_uri
from .safety import ACTOR_SECTION_IDS, FORMER_PRACTICES_PREFIX


def partnered_section(ctx: Context, src: str, heading: str, practices: list[Practice]) -> str:
    """The practices led from elsewhere that have a partner here, under their own
    heading: the Explore page's region and country filters count them too."""
    if not practices:
        return ""
    return f'<h2 id="with-partners-here">{escape(heading)}</h2>' + ctx.practice_list(practices, src)


def region_page(ctx: Context, region: str, practices: list[Practice], partnered: list[Practice] = ()) -> Page:
    w = ctx.words
    name = w.region(region)
    counts = count_by(practices, lambda p: p.country)
    countries = sorted({p.country for p in ctx.network.places.values() if p.country and places.region_of(p.country) == region}, key=w.country)
    country_links = ", ".join(ctx.links.a(f"{w.country(c)} ({counts.get(c, 0)})", region_uri(region), country_uri(c)) for c in countries)
    if region == places.WORLD:
        intro = "<p>" + escape(w("region.world.intro", practices=w.count("count.practices", len(practices)))) + "</p>"
    else:
        intro = "<p>" + w.html("region.intro", practices=escape(w.count("count.practices", len(practices))), region=escape(name), countries=country_links) + "</p>"
    after = partnered_section(ctx, region_uri(region), w("region.partnered", region=name), partnered)
    return ctx.listing_page(region_uri(region), name, w("region.description", region=name), intro, practices, "region", after, partnered)


def countries_index(ctx: Context, countries: list[str]) -> Page:
    w = ctx.words
    page = Page(COUNTRIES)
    parts = [
        front_matter(w("places.title"), w("places.description")),
        page.fragment("<p>" + w.html("places.intro", cities=ctx.links.a(w("places.cities"), page.src_uri, ACTORS)) + "</p>"),
    ]
    counts = count_by(ctx.catalog.practices, lambda p: p.country)
    for region in places.REGIONS:
        here = sorted((c for c in countries if places.region_of(c) == region), key=w.country)
        if not here:
            continue
        items = "".join(f"<li>{ctx.links.a(w.country(c), page.src_uri, country_uri(c))} ({counts.get(c, 0)})</li>" for c in here)
        parts.append(f"## {escape(w.region(region))}\n\n")
        parts.append(page.fragment(f"<ul>{items}</ul>"))
    page.markdown = "".join(parts)
    return page


def country_page(ctx: Context, country: str, practices: list[Practice], partnered: list[Practice] = ()) -> Page:
    w = ctx.words
    name = w.country(country)
    src = country_uri(country)
    actors = sorted((p for p in ctx.network.places.values() if p.country == country), key=lambda p: folded(ctx.name(p.actor)))
    region = places.region_of(country)
    intro = "<p>" + w.html(
        "country.intro",
        practices=escape(w.count("count.practices", len(practices))),
        country=escape(name),
        region=ctx.links.a(w.region(region), src, region_uri(region)),
        places=", ".join(ctx.actor_link(p.actor, src) for p in actors),
    ) + "</p>"
    after = partnered_section(ctx, src, w("country.partnered", country=name), partnered)
    return ctx.listing_page(src, name, w("country.description", country=name), intro, practices, "country", after, partnered)


def actors_index(ctx: Context) -> Page:
    """Every actor, by kind and then by country, with its number of practices and links."""
    w = ctx.words
    page = Page(ACTORS)
    here = page.src_uri

    def item(place: Place, with_country: bool) -> str:
        country = f" ({escape(w.country(place.country))})" if with_country and place.country else ""
        counts = w("actors.item", practices=w.count("count.practices", len(place.practices)), links=w.count("count.links", len(place.outgoing) + len(place.incoming)))
        return f"<li>{ctx.actor_link(place.actor, here)}{country}: {escape(counts)}</li>\n"

    everyone = sorted(ctx.network.places.values(), key=lambda p: (folded(ctx.name(p.actor)), p.slug))
    intro = w.html("actors.intro", cooperation=ctx.links.a(w("cooperation.title"), here, COOPERATION), countries=ctx.links.a(w("actors.countries"), here, COUNTRIES))
    parts = [front_matter(w("actors.title"), w("actors.description")), page.fragment(f"<p>{intro}</p>"), f"## {escape(w('actors.by_kind'))} {{ #by-kind }}\n\n"]
    for kind in practice_schema.actor_vocabulary("kind"):
        of_kind = [p for p in everyone if p.actor.kind == kind]
        if of_kind:
            parts.append(f"### {escape(w.kind(kind))} {{ #{kind} }}\n\n")
            parts.append(page.fragment("<ul>" + "".join(item(p, True) for p in of_kind) + "</ul>"))
    parts.append(f"## {escape(w('actors.by_country'))} {{ #by-country }}\n\n")
    for country in sorted({p.country for p in everyone if p.country}, key=w.country):
        parts.append(f"### {escape(w.country(country))} {{ #country-{country.lower()} }}\n\n")
        parts.append(page.fragment("<ul>" + "".join(item(p, False) for p in everyone if p.country == country) + "</ul>"))
    if international := [p for p in everyone if not p.country]:
        parts.append(f"### {escape(w('actors.international'))} {{ #international }}\n\n")
        parts.append(page.fragment("<ul>" + "".join(item(p, False) for p in international) + "</ul>"))
    page.markdown = "".join(parts)
    return page


def actor_page(ctx: Context, place: Place) -> Page:
    """An actor under its name in the page's language: what it is, where, its other
    names and its history, what it did, with whom, and through which networks."""
    w, a = ctx.words, ctx.links.a
    actor, src = place.actor, place.src_uri
    name = ctx.name(actor)
    kind = escape(w.kind(actor.kind))
    if actor.country:
        region = places.region_of(actor.country)
        about = w.html("actor.intro.located", kind=kind, country=a(w.country(actor.country), src, country_uri(actor.country)), region=a(w.region(region), src, region_uri(region)))
    else:
        about = w.html("actor.intro", kind=kind)
    lines = [about]
    if others := [n for n in dict.fromkeys(actor.all_names()) if n != name]:
        lines.append(escape(w("actor.names", names=", ".join(others))))
    if place.predecessors:  # the one it replaced; earlier ones are on that one's page
        key = "actor.formerly.year" if actor.predecessor_year else "actor.formerly"
        lines.append(w.html(key, predecessor=ctx.actor_link(place.predecessors[0].actor, src), year=str(actor.predecessor_year)))
    for successor in place.successors:
        year = successor.actor.predecessor_year
        lines.append(w.html("actor.replaced.year" if year else "actor.replaced", successor=ctx.actor_link(successor.actor, src), year=str(year)))
    if actor.coordinates:
        lines.append(a(w("actor.on_map"), src, MAP, anchor=f"place-{actor.id}"))
    external = [f'<a href="{escape(actor.website)}">{escape(w("actor.website"))}</a>'] * bool(actor.website)
    external += [f'<a href="https://www.wikidata.org/wiki/{escape(actor.wikidata)}">Wikidata</a>'] * bool(actor.wikidata)
    if external:
        lines.append(" · ".join(external))
    lines.append(f'<a href="{ctx.links.href(src, PROPOSE)}?city={escape(actor.id)}">{escape(w("propose.link.actor", name=name))}</a>')
    intro = "".join(f"<p>{line}</p>" for line in lines)
    # For the header search (javascripts/search.js): every name in a search field that
    # weighs more than a title (NAMES_WEIGHT), and each folded as a "named" filter value.
    names = list(dict.fromkeys([name, *actor.all_names()]))
    intro += f'<span hidden data-pagefind-meta="names:{escape(", ".join(names))}"></span>'
    intro += "".join(f'<span hidden data-pagefind-filter="named:{escape(value)}"></span>' for value in dict.fromkeys(map(folded, names)))
    story, written_in, outdated = actor.story_in(ctx.language)
    if story.html:
        if written_in != ctx.language:
            intro += ctx.notice(escape(w("actor.untranslated", language=w.language_name(written_in))))
        elif outdated:
            original = f'<a href="{ctx.href_in(src, src, actor.language)}" hreflang="{actor.language}">{escape(w("outdated.original"))}</a>'
            intro += ctx.notice(w.html("outdated.notice", language=escape(w.language_name(actor.language)), original=original), "outdated")
        intro += f'<div class="actor-story"{lang_attribute(written_in, ctx.language)}>{story.html}</div>'
    # The sections' ids are declared with the ids a story must not take (catalog.safety).
    section = ACTOR_SECTION_IDS
    intro += f'<h2 id="{section["practices"]}">{escape(w("actor.practices", name=name))}</h2>'
    after, former_practices = "", []
    for former in place.predecessors:
        if former.practices:
            former_practices += former.practices
            after += f'<h2 id="{FORMER_PRACTICES_PREFIX}{escape(former.slug)}">{escape(w("actor.former_practices", name=ctx.name(former.actor)))}</h2>' + ctx.practice_list(former.practices, src)
    after += together_section(ctx, place, src)  # what it did with each partner, on the pairs' pages
    if place.outgoing:
        after += f'<h2 id="{section["partners"]}">{escape(w("actor.partners", name=name))}</h2>' + link_list(ctx, place.outgoing, src, other="target")
    if place.incoming:
        after += f'<h2 id="{section["named_by"]}">{escape(w("actor.named_by", name=name))}</h2>' + link_list(ctx, place.incoming, src, other="source")
    if place.through:
        after += f'<h2 id="{section["through"]}">{escape(w("actor.through", name=name))}</h2>' + ctx.practice_list(place.through, src)
    if not (place.outgoing or place.incoming or place.through):
        after += f"<p>{escape(w('actor.no_links'))}</p>"
    return ctx.listing_page(src, name, w("actor.description", name=name), intro, place.practices, "actor", after=after, also=former_practices + place.through)


def note_of(ctx: Context, link: Link) -> str:
    """ — and the practice's note on the partner, in the page's language where translated."""
    found = link.practice.note_in(link.target.actor.id, ctx.language)
    return f" — {ctx.in_language(escape(found[0]), found[1])}" if found else ""


def link_list(ctx: Context, links: list[Link], page: str, other: str) -> str:
    w = ctx.words
    items = []
    for link in links:
        place = getattr(link, other)
        relation = escape(w.term("relation", link.relation)) if link.relation else escape(w("partner"))
        note = note_of(ctx, link)
        title = link.practice.text_in(ctx.language)[0]
        items.append(f"<li>{ctx.actor_link(place.actor, page)}: {relation}{note} ({ctx.links.a(title, page, link.practice.src_uri)})</li>")
    return f'<ul class="cooperation-links">{"".join(items)}</ul>'


def cooperation_page(ctx: Context) -> Page:
    w = ctx.words
    page = Page(COOPERATION)
    parts = [
        front_matter(w("cooperation.title"), w("cooperation.description")),
        page.fragment(f"<p>{escape(w('cooperation.intro', links=w.count('count.links', len(ctx.network.links))))}</p>"),
    ]
    groups = ctx.network.by_relation()
    for relation in [*practice_schema.vocabulary("relation"), None]:
        links = groups.get(relation)
        if not links:
            continue
        heading = w.term("relation", relation) if relation else w("cooperation.unstated")
        rows = "".join(
            f"<li>{ctx.actor_link(link.source.actor, page.src_uri)} → {ctx.actor_link(link.target.actor, page.src_uri)}"
            f"{note_of(ctx, link)} ({ctx.links.a(link.practice.text_in(ctx.language)[0], page.src_uri, link.practice.src_uri)})</li>"
            for link in links
        )
        parts.append(f"## {escape(heading)} {{ #{relation or 'unstated'} }}\n\n")
        parts.append(page.fragment(f'<ul class="cooperation-links">{rows}</ul>'))
    page.markdown = "".join(parts)
    return page
