"""What two actors did together: one page per linked pair of actors, with the
practices that link them as a timeline, and the section of actor pages that
leads to these pages.

A pair is linked when a practice carried out by one of them names the other as a
partner: exactly the links of the network (catalog.cooperation), whichever of
the two carried the practice out. Two partners of the same practice are not a
pair: the practice says each worked with its lead, not with one another.

Each actor keeps its own pairs, as it keeps its own cooperation links on its
page: a link through a predecessor (the Urban Community of Nouakchott, which the
Nouakchott Region replaced) is on that predecessor's pair page, and the pair
pages of an actor and of its predecessor or successor link to each other."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .cooperation import Link, Place
from .model import Practice
from .pages import Page, escape, front_matter
from .practice_page import period_of
from .render import Context
from .routes import COOPERATION, pair_uri
from .safety import ACTOR_SECTION_IDS
from .text import folded


@dataclass(frozen=True, eq=False)
class Pair:
    """Two actors and the links between them, in the order of their ids. Pairs
    are told apart by their `key`: places refer to one another."""

    first: Place
    second: Place
    links: tuple[Link, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.first.slug, self.second.slug)

    @property
    def src_uri(self) -> str:
        return pair_uri(self.first.slug, self.second.slug)

    def other(self, place: Place) -> Place:
        return self.second if place.slug == self.first.slug else self.first

    @cached_property
    def practices(self) -> list[Practice]:
        """The practices that link them, each once, dated ones by year (the start
        year, else the end year), those without years last."""
        unique = {link.practice.slug: link.practice for link in self.links}.values()
        return sorted(unique, key=lambda p: (timeline_year(p) is None, timeline_year(p) or 0, p.slug))

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and the last year the practices' files give, if any."""
        found = [year for p in self.practices for year in (p.start_year, p.end_year) if year]
        return (min(found), max(found)) if found else None


def timeline_year(practice: Practice) -> int | None:
    return practice.start_year or practice.end_year


def pairs_among(links: Iterable[Link]) -> list[Pair]:
    """The pairs these links make, in the order of their addresses."""
    grouped: dict[tuple[str, str], list[Link]] = {}
    places: dict[str, Place] = {}
    for link in links:
        if link.source.slug == link.target.slug:
            continue  # an actor named as its own partner (the validator refuses it) makes no pair
        places[link.source.slug], places[link.target.slug] = link.source, link.target
        grouped.setdefault(tuple(sorted((link.source.slug, link.target.slug))), []).append(link)
    return [Pair(places[first], places[second], tuple(found)) for (first, second), found in sorted(grouped.items())]


def pairs_of(place: Place) -> list[Pair]:
    """An actor's pairs: its links in both directions, grouped by the other actor."""
    return pairs_among([*place.outgoing, *place.incoming])


# --- words --------------------------------------------------------------------------


def title_key(second: str) -> str:
    """The title's words for the second name: Spanish writes "e" for "and" before
    the sound i ("Dakar e Isla de Francia"), not before "hie-" or "hia-"."""
    return "pair.title.i" if re.match(r"h?i(?![aeiou])", folded(second)) else "pair.title"


def title(ctx: Context, pair: Pair) -> str:
    first, second = ctx.name(pair.first.actor), ctx.name(pair.second.actor)
    return ctx.words(title_key(second), first=first, second=second)


def summary(ctx: Context, pair: Pair) -> str:
    """How many practices, and the years their files give: "3 practices between 2009 and 2019"."""
    w = ctx.words
    practices = w.count("count.practices", len(pair.practices))
    if not pair.years:
        return w("pair.summary.undated", practices=practices)
    start, end = pair.years
    if start == end:
        return w("pair.summary.year", practices=practices, year=start)
    return w("pair.summary.span", practices=practices, start=start, end=end)


# --- the pair pages -----------------------------------------------------------------


def pair_pages(ctx: Context) -> list[Page]:
    pairs = pairs_among(ctx.network.links)
    known = {pair.key: pair for pair in pairs}
    return [pair_page(ctx, pair, related_pairs(pair, known)) for pair in pairs]


def related_pairs(pair: Pair, known: dict[tuple[str, str], Pair]) -> list[Pair]:
    """The pairs of the same two actors before or after one of them was replaced:
    each actor, its predecessors and its successors, two by two."""
    found: dict[tuple[str, str], Pair] = {}
    for one in [pair.first, *pair.first.predecessors, *pair.first.successors]:
        for other in [pair.second, *pair.second.predecessors, *pair.second.successors]:
            key = tuple(sorted((one.slug, other.slug)))
            if key != pair.key and key in known:
                found.setdefault(key, known[key])
    return list(found.values())


def pair_page(ctx: Context, pair: Pair, related: list[Pair]) -> Page:
    """A pair's page: both names (linked to their pages), what the page holds,
    then the practices that link them, year by year."""
    w, src = ctx.words, pair.src_uri
    first, second = ctx.name(pair.first.actor), ctx.name(pair.second.actor)
    page = Page(src, lists=frozenset(p.slug for p in pair.practices), family="pair")
    # The heading is written here, with its links: the theme writes its own only where a page has none.
    heading = w.html(title_key(second), first=ctx.actor_link(pair.first.actor, src), second=ctx.actor_link(pair.second.actor, src))
    parts = [
        f"<h1>{heading}</h1>",
        f'<p class="pair-summary">{escape(summary(ctx, pair))}.</p>',
        "<p>" + w.html("pair.intro", cooperation=ctx.links.a(w("cooperation.title"), src, COOPERATION)) + "</p>",
    ]
    if related:
        parts.append("<p>" + w.html("pair.related", pairs=", ".join(ctx.links.a(title(ctx, other), src, other.src_uri) for other in related)) + "</p>")
    dated = [p for p in pair.practices if timeline_year(p) is not None]
    undated = [p for p in pair.practices if timeline_year(p) is None]
    if dated:
        parts.append(timeline(ctx, pair, dated, src))
    if undated:
        parts.append(f'<p class="pair-undated">{escape(w("pair.undated"))}</p>' + timeline(ctx, pair, undated, src))
    page.markdown = front_matter(title(ctx, pair), w("pair.description", first=first, second=second)) + page.fragment("\n".join(parts))
    return page


def timeline(ctx: Context, pair: Pair, practices: list[Practice], page: str) -> str:
    """The practices as the site lists practices (the build checks that every
    list holds what it should), each with its years, its title and who named
    whom as a partner, with the relation and the partner's note."""
    items = []
    for practice in practices:
        years = period_of(ctx, practice)
        links = "; ".join(link_text(ctx, link) for link in pair.links if link.practice is practice)
        items.append(
            "<li>"
            + (f'<span class="practice-place pair-years">{escape(years)}</span>' if years else "")
            + ctx.practice_link(practice, page)
            + f'<span class="practice-summary">{links}</span></li>\n'
        )
    # Like every list of practices, out of the search index: search finds the practices' own pages.
    return f'<div class="practice-list" data-pagefind-ignore><ul class="pair-timeline">\n{"".join(items)}</ul></div>\n'


def link_text(ctx: Context, link: Link) -> str:
    """"Lausanne → Nouakchott Region: Decentralised cooperation — the note", as
    the cooperation page writes a link: who carried the practice out, its partner."""
    w = ctx.words
    relation = w.term("relation", link.relation) if link.relation else w("partner")
    parts = [w.html("pair.link", lead=escape(ctx.name(link.source.actor)), partner=escape(ctx.name(link.target.actor)), relation=escape(relation))]
    if found := link.practice.note_in(link.target.slug, ctx.language):
        parts.append(ctx.in_language(escape(found[0]), found[1]))
    return " — ".join(parts)


# --- on actor pages -----------------------------------------------------------------


def together_section(ctx: Context, place: Place, page: str) -> str:
    """An actor page's list of its pairs, each linking to the pair's page."""
    pairs = sorted(pairs_of(place), key=lambda pair: (folded(ctx.name(pair.other(place).actor)), pair.other(place).slug))
    if not pairs:
        return ""
    w = ctx.words
    items = "".join(f"<li>{ctx.links.a(w('pair.with', name=ctx.name(pair.other(place).actor)), page, pair.src_uri)}: {escape(summary(ctx, pair))}</li>" for pair in pairs)
    return f'<h2 id="{ACTOR_SECTION_IDS["together"]}">{escape(w("pair.section"))}</h2><ul class="cooperation-links">{items}</ul>'
