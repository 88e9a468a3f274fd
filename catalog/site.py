"""Everything the site publishes from the catalog: the practice pages with their
panel of facts and related practices, the index pages (regions, countries,
cities, themes, SDGs, suggestions, cooperation), the format reference and the
open-data files. Pages are named by where they sit in the site (src_uri)."""

from __future__ import annotations

from . import places
from . import schema as practice_schema
from .cooperation import Link, Network, Place, build_network, place_slug
from .exports import data_files, open_data_page
from .model import Catalog, Practice
from .pages import (
    Links,
    Page,
    country_uri,
    escape,
    field_label,
    front_matter,
    label,
    period_text,
    place_uri,
    plural,
    region_uri,
    sdg_label,
    sdg_uri,
    suggestion_uri,
    theme_uri,
)
from .reference import SCHEMA_FILE, format_page, schema_json
from .related import related_practices
from .worldmap import map_page

SUGGESTIONS_INTRO = (
    "At the close of a Metropolis webinar on internationalisation (25 February 2021), Santiago Betancur "
    "of the AL-Las Project offered six suggestions for local governments that act internationally, "
    "starting from the interests and priorities of their own territory."
)


class Site:
    """The pages of one build. Each listing page records which practices it must
    list (`Page.lists`), so that the build can check nothing was lost."""

    def __init__(self, catalog: Catalog, directory_urls: bool = True):
        self.catalog = catalog
        self.network: Network = build_network(catalog)
        self.related = related_practices(catalog)
        self.links = Links(directory_urls)

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
        pages.append(map_page(catalog, network, self.links))
        pages.append(open_data_page(catalog, self.links))
        pages.append(format_page(self.links))
        return pages

    def broken_links(self, existing: set[str]) -> list[str]:
        """Pages that generated pages link to but that do not exist."""
        return sorted(self.links.targets - existing)

    def files(self) -> dict[str, str]:
        """Files published as they are: path in the site -> content."""
        return {SCHEMA_FILE: schema_json(), **data_files(self.catalog, self.network, self.links)}

    # --- a practice ----------------------------------------------------------

    def practice_page(self, practice: Practice) -> Page:
        page = Page(practice.src_uri, untrusted=practice.body)
        rows = "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in self.facts(practice, page.src_uri))
        place = f"{practice.city}, {places.country_name(practice.country)}"
        years = "".join(f'<span hidden data-pagefind-filter="year:{year}"></span>' for year in years_of(practice))
        panel = (
            f'<p class="practice-summary" data-pagefind-meta="summary">{escape(practice.summary)}</p>\n'
            f'<div class="practice-facts" data-pagefind-meta="place:{escape(place)}" data-pagefind-filter="type:Practice">'
            f"<dl>{rows}</dl>{years}</div>"
        )
        related = self.related[practice.slug]
        section = ""
        if related:
            section = (
                '<section class="related-practices" data-pagefind-ignore><h2 id="related-practices">Related practices</h2>'
                + self.practice_list(related, page.src_uri)
                + "</section>"
            )
        page.markdown = front_matter(practice.title, practice.summary) + page.fragment(panel) + practice.body.strip() + "\n\n" + (page.fragment(section) if section else "")
        return page

    def facts(self, practice: Practice, page: str) -> list[tuple[str, str]]:
        """The panel above a practice's story: (label, HTML value) pairs. Values
        that readers filter by carry Pagefind filter attributes."""
        a = self.links.a
        region = practice.region
        facts = [
            (field_label("city"), a(practice.city, page, place_uri(place_slug(practice.city, practice.country)), filter="city")),
            (field_label("country"), a(places.country_name(practice.country), page, country_uri(practice.country), filter="country")),
            ("Region", a(places.region_name(region), page, region_uri(region), filter="region")),
        ]
        if practice.level:
            facts.append((field_label("level"), f'<span data-pagefind-filter="level">{escape(label("level", practice.level))}</span>'))
        if period := period_text(practice):
            facts.append(("Period", escape(period)))
        if practice.status:
            facts.append((field_label("status"), f'<span data-pagefind-filter="status">{escape(label("status", practice.status))}</span>'))
        facts.append((field_label("themes"), ", ".join(a(label("theme", t), page, theme_uri(t), filter="theme") for t in practice.themes)))
        if practice.sdgs:
            facts.append((field_label("sdgs"), "; ".join(a(sdg_label(n), page, sdg_uri(n), filter="sdg") for n in practice.sdgs)))
        if practice.recommendations:
            suggestions = ", ".join(a(label("recommendation", r), page, suggestion_uri(r), filter="suggestion") for r in practice.recommendations)
            facts.append((field_label("recommendations"), suggestions))
        if practice.partners:
            items = "".join(f"<li>{self.partner_html(practice, p, page)}</li>" for p in practice.partners)
            facts.append((field_label("partners"), f"<ul>{items}</ul>"))
        if practice.networks:
            facts.append((field_label("networks"), escape(", ".join(practice.networks))))
        facts.append((field_label("sources"), "<ol>" + "".join(f"<li>{source_html(s)}</li>" for s in practice.sources) + "</ol>"))
        facts.append((field_label("last_reviewed"), f'<time datetime="{escape(practice.last_reviewed)}">{escape(practice.last_reviewed)}</time>'))
        return facts

    def partner_html(self, practice: Practice, partner, page: str) -> str:
        parts = [f"<strong>{self.links.a(partner.name, page, place_uri(place_slug(partner.name, partner.country)))}</strong>"]
        if partner.country:
            parts[0] += f" ({escape(places.country_name(partner.country))})"
        if partner.relation:
            parts.append(f'<span data-pagefind-filter="relation">{escape(label("relation", partner.relation))}</span>')
        if partner.note:
            parts.append(escape(partner.note))
        return " — ".join(parts)

    # --- lists of practices ----------------------------------------------------

    def practice_list(self, practices: list[Practice], page: str) -> str:
        items = "".join(
            f"<li>{self.links.a(p.title, page, p.src_uri)}<span class=\"practice-place\">{escape(p.city)}, "
            f'{escape(places.country_name(p.country))}</span><span class="practice-summary">{escape(p.summary)}</span></li>\n'
            for p in practices
        )
        # Lists repeat what practice pages say: search should find the practices, not the lists.
        return f'<div class="practice-list" data-pagefind-ignore><ul>\n{items}</ul></div>\n'

    def listing_page(self, src_uri: str, title: str, description: str, intro: str, practices: list[Practice], family: str, after: str = "") -> Page:
        page = Page(src_uri, lists=frozenset(p.slug for p in practices), family=family)
        listing = self.practice_list(practices, src_uri) if practices else "<p>No practice here yet.</p>"
        page.markdown = front_matter(title, description) + page.fragment(f"{intro}\n{listing}{after}")
        return page

    def practices_index(self) -> Page:
        page = Page("practices/index.md", lists=frozenset(p.slug for p in self.catalog.practices), family="all")
        countries = {p.country for p in self.catalog.practices}
        a = self.links.a
        parts = [
            front_matter("Practices", "Every practice in the catalog, by world region."),
            page.fragment(
                f"<p>{plural(len(self.catalog.practices), 'practice')} from {plural(len(countries), 'country', 'countries')}, "
                f"listed below by world region. To search and filter them, use {a('Explore', page.src_uri, 'explore.md')}.</p>"
                '<nav class="browse" aria-label="Browse the practices"><p>Browse them by '
                + ", ".join(
                    a(text, page.src_uri, target)
                    for text, target in (
                        ("theme", "themes/index.md"),
                        ("country", "countries/index.md"),
                        ("city", "cities/index.md"),
                        ("Sustainable Development Goal", "sdgs/index.md"),
                        ("suggestion", "suggestions/index.md"),
                    )
                )
                + f", or follow the {a('cooperation links', page.src_uri, 'cooperation.md')} between cities on a list or on the "
                f"{a('map', page.src_uri, 'map.md')}.</p></nav>"
            ),
        ]
        for region, practices in self.catalog.by_region().items():
            if practices:
                parts.append(f"## {escape(places.region_name(region))}\n\n")
                parts.append(page.fragment(f"<p>{a('All about ' + places.region_name(region), page.src_uri, region_uri(region))}</p>" + self.practice_list(practices, page.src_uri)))
        page.markdown = "".join(parts)
        return page

    def region_page(self, region: str, practices: list[Practice]) -> Page:
        name = places.region_name(region)
        counts = count_by(practices, lambda p: p.country)
        countries = sorted({p.country for p in self.network.places.values() if p.country and places.region_of(p.country) == region}, key=places.country_name)
        country_links = ", ".join(self.links.a(f"{places.country_name(c)} ({counts.get(c, 0)})", region_uri(region), country_uri(c)) for c in countries)
        intro = f"<p>{plural(len(practices), 'practice')} in {escape(name)}. Countries with practices or partners: {country_links}.</p>"
        return self.listing_page(region_uri(region), name, f"Practices of local governments in {name}.", intro, practices, "region")

    def countries_index(self, countries: list[str]) -> Page:
        page = Page("countries/index.md")
        parts = [
            front_matter("Places", "Countries and cities with practices or partners, by world region."),
            page.fragment(
                "<p>Every country with a practice or a partner, by world region, with its number of practices. "
                f"{self.links.a('All cities', page.src_uri, 'cities/index.md')} are listed on their own page.</p>"
            ),
        ]
        counts = count_by(self.catalog.practices, lambda p: p.country)
        for region in places.REGIONS:
            here = sorted((c for c in countries if places.region_of(c) == region), key=places.country_name)
            if not here:
                continue
            items = "".join(f"<li>{self.links.a(places.country_name(c), page.src_uri, country_uri(c))} ({counts.get(c, 0)})</li>" for c in here)
            parts.append(f"## {escape(places.region_name(region))}\n\n")
            parts.append(page.fragment(f"<ul>{items}</ul>"))
        page.markdown = "".join(parts)
        return page

    def country_page(self, country: str, practices: list[Practice]) -> Page:
        name = places.country_name(country)
        src = country_uri(country)
        cities = [p for p in self.network.places.values() if p.country == country]
        city_links = ", ".join(self.links.a(p.name, src, p.src_uri) for p in cities)
        region = places.region_of(country)
        intro = (
            f"<p>{plural(len(practices), 'practice')} in {escape(name)} "
            f"({self.links.a(places.region_name(region), src, region_uri(region))}). Places: {city_links}.</p>"
        )
        return self.listing_page(src, name, f"Practices of local governments in {name}.", intro, practices, "country")

    def cities_index(self) -> Page:
        page = Page("cities/index.md")
        rows = "".join(
            f"<li>{self.links.a(place.name, page.src_uri, place.src_uri)}"
            f"{' (' + escape(places.country_name(place.country)) + ')' if place.country else ''}: "
            f"{plural(len(place.practices), 'practice')}, {plural(len(place.outgoing) + len(place.incoming), 'cooperation link')}</li>\n"
            for place in sorted(self.network.places.values(), key=lambda p: (p.name.casefold(), p.slug))
        )
        page.markdown = front_matter("Cities", "Every city, region and partner named in the catalog.") + page.fragment(
            "<p>Every local government with a practice, and every partner a practice names, with its practices and "
            f"its cooperation links in both directions. See also {self.links.a('Cooperation', page.src_uri, 'cooperation.md')}.</p><ul>{rows}</ul>"
        )
        return page

    def city_page(self, place: Place) -> Page:
        src = place.src_uri
        a = self.links.a
        where = ""
        if place.country:
            region = places.region_of(place.country)
            where = f" in {a(places.country_name(place.country), src, country_uri(place.country))}, {a(places.region_name(region), src, region_uri(region))}"
        intro = f"<p>{escape(place.name)}{where}: {plural(len(place.practices), 'practice')} here.</p>"
        cooperation = ""
        if place.outgoing:
            cooperation += f'<h2 id="partners">Partners named by {escape(place.name)}</h2>' + self.link_list(place.outgoing, src, other="target")
        if place.incoming:
            cooperation += f'<h2 id="named-by">Cities that name {escape(place.name)} as a partner</h2>' + self.link_list(place.incoming, src, other="source")
        if not place.outgoing and not place.incoming:
            cooperation = "<p>No cooperation link recorded yet.</p>"
        return self.listing_page(src, place.name, f"Practices and cooperation links of {place.name}.", intro, place.practices, "city", after=cooperation)

    def link_list(self, links: list[Link], page: str, other: str) -> str:
        items = []
        for link in links:
            place = getattr(link, other)
            relation = escape(label("relation", link.relation)) if link.relation else "Partner"
            note = f" — {escape(link.note)}" if link.note else ""
            items.append(f"<li>{self.links.a(place.name, page, place.src_uri)}: {relation}{note} ({self.links.a(link.practice.title, page, link.practice.src_uri)})</li>")
        return f'<ul class="cooperation-links">{"".join(items)}</ul>'

    def themes_index(self) -> Page:
        page = Page("themes/index.md")
        vocabulary = practice_schema.vocabulary("theme")
        rows = "".join(
            f"<li>{self.links.a(vocabulary[t].label, page.src_uri, theme_uri(t))} ({len(ps)}): {escape(vocabulary[t].description)}</li>\n"
            for t, ps in self.catalog.by_theme().items()
        )
        page.markdown = front_matter("Themes", "Practices of local governments' international action, by theme.") + page.fragment(
            f"<p>Each practice is filed under one to six themes.</p>\n<ul>\n{rows}</ul>"
        )
        return page

    def theme_page(self, theme: str, practices: list[Practice]) -> Page:
        term = practice_schema.vocabulary("theme")[theme]
        intro = f"<p>{escape(term.description)} {self.links.a('All themes', theme_uri(theme), 'themes/index.md')}.</p>"
        return self.listing_page(theme_uri(theme), term.label, term.description, intro, practices, "theme")

    def sdgs_index(self) -> Page:
        page = Page("sdgs/index.md")
        rows = "".join(f"<li>{self.links.a(sdg_label(n), page.src_uri, sdg_uri(n))} ({len(ps)})</li>\n" for n, ps in self.catalog.by_sdg().items())
        page.markdown = front_matter("Sustainable Development Goals", "Practices by the UN Sustainable Development Goal they contribute to.") + page.fragment(
            f"<p>The practices by the UN Sustainable Development Goals they contribute to.</p>\n<ul>\n{rows}</ul>"
        )
        return page

    def sdg_page(self, number: int, practices: list[Practice]) -> Page:
        title = f"SDG {sdg_label(number)}"
        intro = f"<p>Practices that contribute to Sustainable Development Goal {number}. {self.links.a('All goals', sdg_uri(number), 'sdgs/index.md')}.</p>"
        return self.listing_page(sdg_uri(number), title, f"Practices contributing to {title}.", intro, practices, "sdg")

    def suggestions_index(self) -> Page:
        page = Page("suggestions/index.md")
        vocabulary = practice_schema.vocabulary("recommendation")
        rows = "".join(
            f"<li>{self.links.a(vocabulary[s].label, page.src_uri, suggestion_uri(s))} ({len(ps)}): {escape(vocabulary[s].description)}</li>\n"
            for s, ps in self.catalog.by_recommendation().items()
        )
        page.markdown = front_matter("Six suggestions", "Six suggestions for the internationalisation of local governments.") + page.fragment(
            f"<p>{escape(SUGGESTIONS_INTRO)} Each suggestion has a page with the practices that illustrate it.</p>\n<ol>\n{rows}</ol>"
        )
        return page

    def suggestion_page(self, slug: str, practices: list[Practice]) -> Page:
        term = practice_schema.vocabulary("recommendation")[slug]
        intro = f"<p>{escape(term.description)} {self.links.a('All six suggestions', suggestion_uri(slug), 'suggestions/index.md')}.</p>"
        return self.listing_page(suggestion_uri(slug), term.label, term.description, intro, practices, "suggestion")

    def cooperation_page(self) -> Page:
        page = Page("cooperation.md")
        parts = [
            front_matter("Cooperation", "Every cooperation link between cities recorded in the catalog, by kind of relation."),
            page.fragment(
                f"<p>{plural(len(self.network.links), 'cooperation link')} between the cities of the catalog and their partners, "
                "by kind of relation. Each link comes from a practice that names a partner.</p>"
            ),
        ]
        groups = self.network.by_relation()
        order = [*practice_schema.vocabulary("relation"), None]
        for relation in order:
            links = groups.get(relation)
            if not links:
                continue
            heading = label("relation", relation) if relation else "Relation not stated"
            rows = "".join(
                f"<li>{self.links.a(link.source.name, page.src_uri, link.source.src_uri)} → {self.links.a(link.target.name, page.src_uri, link.target.src_uri)}"
                f"{' — ' + escape(link.note) if link.note else ''} ({self.links.a(link.practice.title, page.src_uri, link.practice.src_uri)})</li>"
                for link in links
            )
            parts.append(f"## {escape(heading)}\n\n")
            parts.append(page.fragment(f'<ul class="cooperation-links">{rows}</ul>'))
        page.markdown = "".join(parts)
        return page


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


def site_pages(catalog: Catalog, directory_urls: bool = True) -> list[Page]:
    return Site(catalog, directory_urls).pages()
