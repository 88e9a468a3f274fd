"""Everything the site publishes from the catalog, in one of its languages: the
practice pages with their panel of facts and related practices, the index pages
(regions, countries, cities, themes, SDGs, suggestions, cooperation), the Explore
page, the map, the format reference and, in the default language, the open-data
files. Pages are named by where they sit in that language's site (src_uri)."""

from __future__ import annotations

import json

from . import places
from . import schema as practice_schema
from .cooperation import Link, Network, Place, build_network, place_slug
from .exports import data_files, open_data_page
from .i18n import LANGUAGES, Words
from .model import Catalog, Practice
from .pages import Links, Page, country_uri, escape, front_matter, place_uri, region_uri, sdg_uri, suggestion_uri, theme_uri
from .reference import SCHEMA_FILE, format_page, schema_json
from .related import related_practices
from .story import Heading
from .worldmap import map_page


class Site:
    """The pages of one build. Each listing page records which practices it must
    list (`Page.lists`), so that the build can check nothing was lost."""

    def __init__(self, catalog: Catalog, directory_urls: bool = True, language: str = LANGUAGES[0]):
        self.catalog = catalog
        self.network: Network = build_network(catalog)
        self.related = related_practices(catalog)
        self.language = language
        self.words = Words(language)
        # The open-data files are published once, at the root of the default language.
        self.links = Links(directory_urls, data_root="" if language == LANGUAGES[0] else "../")

    @property
    def default_language(self) -> bool:
        return self.language == LANGUAGES[0]

    def pages(self) -> list[Page]:
        catalog, network = self.catalog, self.network
        pages = [self.practice_page(p) for p in catalog.practices]
        pages.append(self.practices_index())
        # Every country and region of a place gets a page, practices or not: a
        # partner city's page links to its country and region.
        countries = sorted({place.country for place in network.places.values() if place.country})
        regions = {places.region_of(c) for c in countries}
        by_country, by_region = catalog.by_country(), catalog.by_region()
        pages += [self.region_page(r, by_region[r]) for r in places.REGIONS if r in regions]
        pages.append(self.countries_index(countries))
        pages += [self.country_page(c, by_country.get(c, [])) for c in countries]
        pages.append(self.cities_index())
        pages += [self.city_page(place) for place in network.places.values()]
        pages.append(self.themes_index())
        pages += [self.theme_page(t, ps) for t, ps in catalog.by_theme().items()]
        pages.append(self.sdgs_index())
        pages += [self.sdg_page(n, ps) for n, ps in catalog.by_sdg().items()]
        pages.append(self.suggestions_index())
        pages += [self.suggestion_page(s, ps) for s, ps in catalog.by_recommendation().items()]
        pages.append(self.cooperation_page())
        pages.append(self.explore_page())
        pages.append(map_page(network, self.links, self.words))
        pages.append(open_data_page(catalog, self.links, self.words))
        pages.append(format_page(self.links, self.words))
        return pages

    def broken_links(self, existing: set[str]) -> list[str]:
        """Pages that generated pages link to but that do not exist."""
        return sorted(self.links.targets - existing)

    def files(self) -> dict[str, str]:
        """Files published as they are: path in the site -> content."""
        if not self.default_language:
            return {}
        return {SCHEMA_FILE: schema_json(), **data_files(self.catalog, self.network, self.links)}

    # --- a practice ----------------------------------------------------------

    def practice_page(self, practice: Practice) -> Page:
        w = self.words
        title, summary, story, written_in = practice.text_in(self.language)
        related = self.related[practice.slug]
        toc = story.toc + ((Heading(2, "related-practices", w("related")),) if related else ())
        page = Page(practice.src_uri, toc=toc)
        rows = "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in self.facts(practice, page.src_uri))
        place = f"{practice.city}, {w.country(practice.country)}"
        years = "".join(f'<span hidden data-pagefind-filter="year:{year}"></span>' for year in years_of(practice))
        notice = ""
        if written_in != self.language:
            notice = f'<p class="practice-notice">{escape(w("untranslated.notice", language=w.language_name(written_in)))}</p>\n'
        panel = (
            f'{notice}<p class="practice-summary" data-pagefind-meta="summary"{lang_attribute(written_in, self.language)}>{escape(summary)}</p>\n'
            f'<div class="practice-facts" data-pagefind-meta="place:{escape(place)}" data-pagefind-filter="type:Practice">'
            f"<dl>{rows}</dl>{years}</div>\n"
        )
        # The story keeps the language it is written in, for screen readers and search.
        text = f'<div lang="{written_in}">{story.html}</div>' if written_in != self.language else story.html
        section = ""
        if related:
            section = (
                f'<section class="related-practices" data-pagefind-ignore><h2 id="related-practices">{escape(w("related"))}</h2>'
                + self.practice_list(related, page.src_uri)
                + "</section>"
            )
        page.markdown = front_matter(title, summary) + page.fragment(panel + text + section)
        return page

    def facts(self, practice: Practice, page: str) -> list[tuple[str, str]]:
        """The panel above a practice's story: (label, HTML value) pairs. Values
        that readers filter by carry Pagefind filter attributes."""
        a, w = self.links.a, self.words
        region = practice.region
        facts = [
            (w.field("city"), a(practice.city, page, place_uri(place_slug(practice.city, practice.country)), filter="city")),
            (w.field("country"), a(w.country(practice.country), page, country_uri(practice.country), filter="country")),
            (w("region"), a(w.region(region), page, region_uri(region), filter="region")),
        ]
        if practice.level:
            facts.append((w.field("level"), f'<span data-pagefind-filter="level">{escape(w.term("level", practice.level))}</span>'))
        if period := self.period(practice):
            facts.append((w("period"), escape(period)))
        if practice.status:
            facts.append((w.field("status"), f'<span data-pagefind-filter="status">{escape(w.term("status", practice.status))}</span>'))
        facts.append((w.field("themes"), ", ".join(a(w.term("theme", t), page, theme_uri(t), filter="theme") for t in practice.themes)))
        if practice.sdgs:
            facts.append((w.field("sdgs"), "; ".join(a(self.sdg_label(n), page, sdg_uri(n), filter="sdg") for n in practice.sdgs)))
        if practice.recommendations:
            suggestions = ", ".join(a(w.term("recommendation", r), page, suggestion_uri(r), filter="suggestion") for r in practice.recommendations)
            facts.append((w.field("recommendations"), suggestions))
        if practice.partners:
            items = "".join(f"<li>{self.partner_html(p, page, practice.language)}</li>" for p in practice.partners)
            facts.append((w.field("partners"), f"<ul>{items}</ul>"))
        if practice.networks:
            facts.append((w.field("networks"), escape(", ".join(practice.networks))))
        facts.append((w.field("sources"), "<ol>" + "".join(f"<li>{source_html(s)}</li>" for s in practice.sources) + "</ol>"))
        facts.append((w.field("last_reviewed"), f'<time datetime="{escape(practice.last_reviewed)}">{escape(practice.last_reviewed)}</time>'))
        return facts

    def period(self, practice: Practice) -> str:
        start, end = practice.start_year, practice.end_year
        if start and end:
            return f"{start}–{end}" if start != end else str(start)
        if start:
            return self.words("period.since", start=start)
        if end:
            return self.words("period.until", end=end)
        return ""

    def sdg_label(self, number: int) -> str:
        return f"{number} {self.words.term('sdg', number)}"

    def partner_html(self, partner, page: str, written_in: str) -> str:
        w = self.words
        parts = [f"<strong>{self.links.a(partner.name, page, place_uri(place_slug(partner.name, partner.country)))}</strong>"]
        if partner.country:
            parts[0] += f" ({escape(w.country(partner.country))})"
        if partner.relation:
            parts.append(f'<span data-pagefind-filter="relation">{escape(w.term("relation", partner.relation))}</span>')
        if partner.note:
            parts.append(f"<span{lang_attribute(written_in, self.language)}>{escape(partner.note)}</span>")  # notes stay in the original's language
        return " — ".join(parts)

    # --- lists of practices ----------------------------------------------------

    def practice_list(self, practices: list[Practice], page: str) -> str:
        w = self.words
        items = []
        for p in practices:
            title, summary, _, written_in = p.text_in(self.language)
            marker = f' <span class="practice-language">({escape(w("untranslated.marker", language=w.language_name(written_in)))})</span>' if written_in != self.language else ""
            items.append(
                f'<li><a href="{self.links.href(page, p.src_uri)}"{lang_attribute(written_in, self.language)}>{escape(title)}</a>{marker}'
                f'<span class="practice-place">{escape(p.city)}, {escape(w.country(p.country))}</span>'
                f'<span class="practice-summary"{lang_attribute(written_in, self.language)}>{escape(summary)}</span></li>\n'
            )
        # Lists repeat what practice pages say: search should find the practices, not the lists.
        return f'<div class="practice-list" data-pagefind-ignore><ul>\n{"".join(items)}</ul></div>\n'

    def listing_page(self, src_uri: str, title: str, description: str, intro: str, practices: list[Practice], family: str, after: str = "") -> Page:
        page = Page(src_uri, lists=frozenset(p.slug for p in practices), family=family)
        listing = self.practice_list(practices, src_uri) if practices else f"<p>{escape(self.words('listing.empty'))}</p>"
        page.markdown = front_matter(title, description) + page.fragment(f"{intro}\n{listing}{after}")
        return page

    def practices_index(self) -> Page:
        w, a = self.words, self.links.a
        page = Page("practices/index.md", lists=frozenset(p.slug for p in self.catalog.practices), family="all")
        here = page.src_uri
        countries = {p.country for p in self.catalog.practices}
        browse = {
            "theme": a(w("browse.theme"), here, "themes/index.md"),
            "country": a(w("browse.country"), here, "countries/index.md"),
            "city": a(w("browse.city"), here, "cities/index.md"),
            "sdg": a(w("browse.sdg"), here, "sdgs/index.md"),
            "suggestion": a(w("browse.suggestion"), here, "suggestions/index.md"),
            "cooperation": a(w("browse.cooperation"), here, "cooperation.md"),
            "map": a(w("browse.map"), here, "map.md"),
        }
        parts = [
            front_matter(w("practices.title"), w("practices.description")),
            page.fragment(
                "<p>"
                + w.html(
                    "practices.intro",
                    practices=escape(w.count("count.practices", len(self.catalog.practices))),
                    countries=escape(w.count("count.countries", len(countries))),
                    explore=a(w("browse.explore"), here, "explore.md"),
                )
                + f'</p><nav class="browse" aria-label="{escape(w("browse.aria"))}"><p>'
                + w.html("practices.browse", **browse)
                + "</p></nav>"
            ),
        ]
        for region, practices in self.catalog.by_region().items():
            if practices:
                parts.append(f"## {escape(w.region(region))}\n\n")
                parts.append(page.fragment(f"<p>{a(w('region.all', region=w.region(region)), here, region_uri(region))}</p>" + self.practice_list(practices, here)))
        page.markdown = "".join(parts)
        return page

    def region_page(self, region: str, practices: list[Practice]) -> Page:
        w = self.words
        name = w.region(region)
        counts = count_by(practices, lambda p: p.country)
        countries = sorted({p.country for p in self.network.places.values() if p.country and places.region_of(p.country) == region}, key=w.country)
        country_links = ", ".join(self.links.a(f"{w.country(c)} ({counts.get(c, 0)})", region_uri(region), country_uri(c)) for c in countries)
        intro = "<p>" + w.html("region.intro", practices=escape(w.count("count.practices", len(practices))), region=escape(name), countries=country_links) + "</p>"
        return self.listing_page(region_uri(region), name, w("region.description", region=name), intro, practices, "region")

    def countries_index(self, countries: list[str]) -> Page:
        w = self.words
        page = Page("countries/index.md")
        parts = [
            front_matter(w("places.title"), w("places.description")),
            page.fragment("<p>" + w.html("places.intro", cities=self.links.a(w("places.cities"), page.src_uri, "cities/index.md")) + "</p>"),
        ]
        counts = count_by(self.catalog.practices, lambda p: p.country)
        for region in places.REGIONS:
            here = sorted((c for c in countries if places.region_of(c) == region), key=w.country)
            if not here:
                continue
            items = "".join(f"<li>{self.links.a(w.country(c), page.src_uri, country_uri(c))} ({counts.get(c, 0)})</li>" for c in here)
            parts.append(f"## {escape(w.region(region))}\n\n")
            parts.append(page.fragment(f"<ul>{items}</ul>"))
        page.markdown = "".join(parts)
        return page

    def country_page(self, country: str, practices: list[Practice]) -> Page:
        w = self.words
        name = w.country(country)
        src = country_uri(country)
        city_links = ", ".join(self.links.a(p.name, src, p.src_uri) for p in self.network.places.values() if p.country == country)
        region = places.region_of(country)
        intro = "<p>" + w.html(
            "country.intro",
            practices=escape(w.count("count.practices", len(practices))),
            country=escape(name),
            region=self.links.a(w.region(region), src, region_uri(region)),
            places=city_links,
        ) + "</p>"
        return self.listing_page(src, name, w("country.description", country=name), intro, practices, "country")

    def cities_index(self) -> Page:
        w = self.words
        page = Page("cities/index.md")
        rows = "".join(
            f"<li>{self.links.a(place.name, page.src_uri, place.src_uri)}"
            f"{' (' + escape(w.country(place.country)) + ')' if place.country else ''}: "
            + escape(w("cities.item", practices=w.count("count.practices", len(place.practices)), links=w.count("count.links", len(place.outgoing) + len(place.incoming))))
            + "</li>\n"
            for place in sorted(self.network.places.values(), key=lambda p: (p.name.casefold(), p.slug))
        )
        intro = w.html("cities.intro", cooperation=self.links.a(w("cooperation.title"), page.src_uri, "cooperation.md"))
        page.markdown = front_matter(w("cities.title"), w("cities.description")) + page.fragment(f"<p>{intro}</p><ul>{rows}</ul>")
        return page

    def city_page(self, place: Place) -> Page:
        w, a = self.words, self.links.a
        src = place.src_uri
        practices = escape(w.count("count.practices", len(place.practices)))
        if place.country:
            region = places.region_of(place.country)
            intro = w.html(
                "city.intro.located",
                city=escape(place.name),
                country=a(w.country(place.country), src, country_uri(place.country)),
                region=a(w.region(region), src, region_uri(region)),
                practices=practices,
            )
        else:
            intro = w.html("city.intro", city=escape(place.name), practices=practices)
        cooperation = ""
        if place.outgoing:
            cooperation += f'<h2 id="partners">{escape(w("city.partners", city=place.name))}</h2>' + self.link_list(place.outgoing, src, other="target")
        if place.incoming:
            cooperation += f'<h2 id="named-by">{escape(w("city.named_by", city=place.name))}</h2>' + self.link_list(place.incoming, src, other="source")
        if not place.outgoing and not place.incoming:
            cooperation = f"<p>{escape(w('city.no_links'))}</p>"
        return self.listing_page(src, place.name, w("city.description", city=place.name), f"<p>{intro}</p>", place.practices, "city", after=cooperation)

    def link_list(self, links: list[Link], page: str, other: str) -> str:
        w = self.words
        items = []
        for link in links:
            place = getattr(link, other)
            relation = escape(w.term("relation", link.relation)) if link.relation else escape(w("partner"))
            note = f" — <span{lang_attribute(link.practice.language, self.language)}>{escape(link.note)}</span>" if link.note else ""
            title = link.practice.text_in(self.language)[0]
            items.append(f"<li>{self.links.a(place.name, page, place.src_uri)}: {relation}{note} ({self.links.a(title, page, link.practice.src_uri)})</li>")
        return f'<ul class="cooperation-links">{"".join(items)}</ul>'

    def term_index(self, src_uri: str, prefix: str, groups: dict, label, uri, describe=None, ordered: bool = False) -> Page:
        """The index of a vocabulary (themes, goals, suggestions): each term, its
        number of practices and what it means, linking to its page."""
        w = self.words
        page = Page(src_uri)
        rows = "".join(
            f"<li>{self.links.a(label(value), src_uri, uri(value))} ({len(practices)})"
            + (f": {escape(describe(value))}" if describe else "")
            + "</li>\n"
            for value, practices in groups.items()
        )
        tag = "ol" if ordered else "ul"
        page.markdown = front_matter(w(f"{prefix}.title"), w(f"{prefix}.description")) + page.fragment(f"<p>{escape(w(f'{prefix}.intro'))}</p>\n<{tag}>\n{rows}</{tag}>")
        return page

    def themes_index(self) -> Page:
        w = self.words
        return self.term_index("themes/index.md", "themes", self.catalog.by_theme(), lambda t: w.term("theme", t), theme_uri, lambda t: w.description("theme", t))

    def theme_page(self, theme: str, practices: list[Practice]) -> Page:
        w = self.words
        intro = f"<p>{escape(w.description('theme', theme))} {self.links.a(w('themes.all'), theme_uri(theme), 'themes/index.md')}.</p>"
        return self.listing_page(theme_uri(theme), w.term("theme", theme), w.description("theme", theme), intro, practices, "theme")

    def sdgs_index(self) -> Page:
        return self.term_index("sdgs/index.md", "sdgs", self.catalog.by_sdg(), self.sdg_label, sdg_uri)

    def sdg_page(self, number: int, practices: list[Practice]) -> Page:
        w = self.words
        title = w("sdg.title", label=self.sdg_label(number))
        intro = "<p>" + w.html("sdg.intro", number=str(number), all=self.links.a(w("sdgs.all"), sdg_uri(number), "sdgs/index.md")) + "</p>"
        return self.listing_page(sdg_uri(number), title, w("sdg.description", title=title), intro, practices, "sdg")

    def suggestions_index(self) -> Page:
        w = self.words
        return self.term_index(
            "suggestions/index.md", "suggestions", self.catalog.by_recommendation(), lambda s: w.term("recommendation", s), suggestion_uri,
            lambda s: w.description("recommendation", s), ordered=True,
        )

    def suggestion_page(self, slug: str, practices: list[Practice]) -> Page:
        w = self.words
        intro = f"<p>{escape(w.description('recommendation', slug))} {self.links.a(w('suggestions.all'), suggestion_uri(slug), 'suggestions/index.md')}.</p>"
        return self.listing_page(suggestion_uri(slug), w.term("recommendation", slug), w.description("recommendation", slug), intro, practices, "suggestion")

    def cooperation_page(self) -> Page:
        w = self.words
        page = Page("cooperation.md")
        parts = [
            front_matter(w("cooperation.title"), w("cooperation.description")),
            page.fragment(f"<p>{escape(w('cooperation.intro', links=w.count('count.links', len(self.network.links))))}</p>"),
        ]
        groups = self.network.by_relation()
        for relation in [*practice_schema.vocabulary("relation"), None]:
            links = groups.get(relation)
            if not links:
                continue
            heading = w.term("relation", relation) if relation else w("cooperation.unstated")
            rows = "".join(
                f"<li>{self.links.a(link.source.name, page.src_uri, link.source.src_uri)} → {self.links.a(link.target.name, page.src_uri, link.target.src_uri)}"
                f"{' — ' + escape(link.note) if link.note else ''} ({self.links.a(link.practice.text_in(self.language)[0], page.src_uri, link.practice.src_uri)})</li>"
                for link in links
            )
            parts.append(f"## {escape(heading)} {{ #{relation or 'unstated'} }}\n\n")
            parts.append(page.fragment(f'<ul class="cooperation-links">{rows}</ul>'))
        page.markdown = "".join(parts)
        return page

    def explore_page(self) -> Page:
        """The search page with filters: its behaviour is in javascripts/search.js,
        its words come from here, in the page's language."""
        w, a = self.words, self.links.a
        page = Page("explore.md")
        here = page.src_uri
        words = escape(json.dumps(w.for_script(), ensure_ascii=False))
        noscript = w.html(
            "explore.noscript",
            practices=a(w("explore.noscript.practices"), here, "practices/index.md"),
            themes=a(w("explore.noscript.themes"), here, "themes/index.md"),
            places=a(w("explore.noscript.places"), here, "countries/index.md"),
        )
        page.markdown = front_matter(w("explore.title"), w("explore.description"), hide=("navigation", "toc")) + page.fragment(
            f'<div id="explore" class="explore" data-pagefind-ignore="all" data-words="{words}">'
            f'<form class="explore__search" role="search"><label for="explore-query">{escape(w("explore.label"))}</label>'
            f'<input type="search" id="explore-query" name="q" placeholder="{escape(w("explore.placeholder"))}" autocomplete="off"></form>'
            f'<div class="explore__layout"><div class="explore__filters" role="group" aria-label="{escape(w("js.filters"))}"></div>'
            f'<section class="explore__results" aria-label="{escape(w("explore.label"))}">'
            f'<p class="explore__status" aria-live="polite">{escape(w("explore.loading"))}</p>'
            f'<button type="button" class="md-button explore__clear">{escape(w("explore.clear"))}</button>'
            '<ol class="explore__list"></ol>'
            f'<button type="button" class="md-button explore__more" hidden>{escape(w("explore.more"))}</button></section></div>'
            f"<noscript><p>{noscript}</p></noscript></div>"
            f"<p>{escape(w('explore.help'))}</p>"
        )
        return page


def lang_attribute(written_in: str, page_language: str) -> str:
    """A lang attribute where text is in another language than the page."""
    return f' lang="{written_in}"' if written_in != page_language else ""


def years_of(practice: Practice) -> list[int]:
    """The years a practice was active, for the year filter."""
    start, end = practice.start_year, practice.end_year
    if start and end:
        return list(range(start, end + 1))
    return [y for y in (start, end) if y]


def count_by(practices: list[Practice], key) -> dict:
    counts: dict = {}
    for practice in practices:
        counts[key(practice)] = counts.get(key(practice), 0) + 1
    return counts


def source_html(source) -> str:
    # The schema allows only http(s) addresses; escaping keeps the attribute closed.
    title = f'<a href="{escape(source.url)}">{escape(source.title)}</a>' if source.url else f"<cite>{escape(source.title)}</cite>"
    parts = [escape(source.publisher)] * bool(source.publisher) + [title] + [escape(source.date)] * bool(source.date)
    return ", ".join(parts) + "."
