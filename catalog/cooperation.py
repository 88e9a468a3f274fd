"""Cooperation as data: every partner named by a practice is a typed link between
two places, the practice's city and the partner. A place exists as soon as a
practice happens there or names it, so a partner city has a page of its own
even before it contributes a practice."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Catalog, Practice


def slugify(text: str) -> str:
    """Latin letters and digits of a name, accents dropped ("Île-de-France" ->
    "ile-de-france"). A name with too few of them ("Москва", "東京") is named by a
    digest of its folded form instead, so that two such names never share a page."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(re.sub("[^a-z]", "", slug)) < len(re.sub(r"\W", "", folded)) / 2:
        return (slug + "-" if slug else "place-") + hashlib.sha256(folded.encode()).hexdigest()[:8]
    return slug


def place_slug(name: str, country: str | None) -> str:
    """The identity of a place: its name and country ("Dakar", "SN" -> "dakar-sn");
    spellings that differ only in accents or case are the same place. No place
    takes the address of the index of places."""
    slug = slugify(name) + (f"-{country.lower()}" if country else "")
    return f"{slug}-place" if slug == "index" else slug


@dataclass
class Place:
    slug: str
    name: str
    country: str | None
    coordinates: tuple[float, float] | None = None
    practices: list[Practice] = field(default_factory=list)  # carried out here
    outgoing: list[Link] = field(default_factory=list)  # partners named by its practices
    incoming: list[Link] = field(default_factory=list)  # practices elsewhere naming it

    @property
    def src_uri(self) -> str:
        return f"cities/{self.slug}.md"


@dataclass(frozen=True)
class Link:
    practice: Practice  # the practice that names the partner
    source: Place  # where the practice happened
    target: Place  # the partner
    relation: str | None
    note: str | None


@dataclass
class Network:
    places: dict[str, Place]  # by slug, sorted
    links: list[Link]

    def by_relation(self) -> dict[str | None, list[Link]]:
        groups = defaultdict(list)
        for link in self.links:
            groups[link.relation].append(link)
        return dict(groups)


def build_network(catalog: Catalog) -> Network:
    places: dict[str, Place] = {}

    def place(name: str, country: str | None, coordinates) -> Place:
        slug = place_slug(name, country)
        found = places.get(slug)
        if found is None:
            found = places[slug] = Place(slug, name, country)
        if found.coordinates is None and coordinates:
            found.coordinates = tuple(coordinates)
        return found

    # Practices first, so that a city's own spelling and coordinates win over a partner's.
    for practice in catalog.practices:
        place(practice.city, practice.country, practice.coordinates).practices.append(practice)
    links = []
    for practice in catalog.practices:
        source = places[place_slug(practice.city, practice.country)]
        for partner in practice.partners:
            target = place(partner.name, partner.country, partner.coordinates)
            link = Link(practice, source, target, partner.relation, partner.note)
            source.outgoing.append(link)
            target.incoming.append(link)
            links.append(link)
    return Network(dict(sorted(places.items())), links)
